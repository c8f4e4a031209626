"""The assessment file format, declared once: site.yaml, respondent files and one-file
assessments (the records `schema.py` checks), with the kinds of value they hold."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from readiness.framework.catalogue import SPEC
from readiness.schema import (
    INVALID,
    Blankable,
    Checker,
    Choice,
    Date,
    Field,
    Kind,
    ListOf,
    MapOf,
    Number,
    Record,
    Text,
    unknown,
)
from readiness.vocabulary import ROLES, SITE_KINDS, Finding, choices
from readiness.yamlio import PathKey

ODS_CODE = re.compile(r"^[A-Za-z0-9]{3,8}$")


class _OdsCode(Kind):
    """An NHS Organisation Data Service code: 3 to 8 letters and digits."""

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        text = Text(max_length=40).check(value, at, name, checker)
        if text is INVALID:
            return INVALID
        if not ODS_CODE.fullmatch(text):
            checker.report(
                at,
                name,
                f"{text!r} is not an NHS ODS code (3 to 8 letters and "
                "digits, such as A81001 for a practice or U12345 for a PCN)",
            )
            return INVALID
        return text.upper()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ODS_CODE.pattern}


class _RoleCounts(Kind):
    """A mapping of role id -> a whole number of people (at least 1)."""

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if not isinstance(value, dict):
            return checker.wrong_type(at, name, value, "a mapping of role: number of people")
        out: dict[str, int] = {}
        count = Number(minimum=1, integer=True)
        for role, number in value.items():
            if role not in ROLES:
                checker.report((*at, role), f"{name}.{role}", unknown("role", role, list(ROLES)))
                continue
            checked = count.check(number, (*at, role), f"{name}.{role}", checker)
            if checked is not INVALID:
                out[role] = int(checked)
        return out

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"enum": list(ROLES)},
            "additionalProperties": {"type": "integer", "minimum": 1},
        }


SELF_ASSESSMENT = Record(
    "self-assessment",
    (
        Field(
            "by",
            Text(max_length=200),
            "who filled it in, as the report should name them (e.g. Jane Smith, practice manager)",
            required=True,
        ),
    ),
)


class _AnswerValue(Kind):
    """An answer as written: an option code, a number, or empty (not answered)."""

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool)):
            return value
        if isinstance(value, bool):
            checker.report(
                at,
                name,
                f"{str(value).lower()} is not an answer; write the answer "
                "code from the scale (quote it if it is 'true' or 'false')",
            )
        else:
            checker.report(at, name, "must be a single answer (an option code or a number)")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "number", "null"]}


# A site's name and its local name for the service, wherever they are given (site.yaml, an
# import record, --site and --service-name).
MAX_SITE_NAME = 200
MAX_SERVICE_NAME = 100

# The one limit on a comment's length: scoring refuses longer ones, and imports check it too.
MAX_COMMENT = 2000


class _CommentText(Kind):
    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return Text(max_length=MAX_COMMENT, any_character=True).check(value, at, name, checker)

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "null"], "maxLength": MAX_COMMENT}


class _FrameworkSpec(Kind):
    """A framework id, optionally pinned to a version: npt or npt@1.0.0."""

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        text = Text(max_length=120).check(value, at, name, checker)
        if text is INVALID:
            return INVALID
        if not SPEC.fullmatch(text):
            checker.report(
                at,
                name,
                f"{text!r} is not a framework id: write an id such as npt, or pin a version "
                "with npt@1.0.0",
            )
            return INVALID
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^{SPEC.pattern}$"}


SITE = Record(
    "site",
    (
        Field(
            "name",
            Text(max_length=MAX_SITE_NAME, one_line=True),
            "the practice, PCN or service",
            required=True,
        ),
        Field("ods_code", _OdsCode(), "NHS organisation code, e.g. A81001 or U12345"),
        Field(
            "kind",
            Choice(tuple(SITE_KINDS), what="site kind"),
            "practice, pcn or service",
            required=True,
        ),
        Field("assessed_on", Date(), "the date of the assessment, YYYY-MM-DD", required=True),
        Field(
            "frameworks",
            ListOf(_FrameworkSpec(), min_items=1, unique=True),
            "frameworks to score, each an id (the version respondents answered, or the newest) "
            "or pinned to a version as npt@1.0.0 (default: every framework answered)",
        ),
        Field(
            "service_name",
            Text(max_length=MAX_SERVICE_NAME, one_line=True),
            "what people locally call the service (e.g. Community Connectors); it replaces "
            "{service} wherever clients read about it (default: the social prescribing service)",
        ),
        Field("pcn", _OdsCode(), "the ODS code of the site's Primary Care Network, e.g. U12345"),
        Field("icb", _OdsCode(), "the ODS code of the site's Integrated Care Board, e.g. QWE"),
        Field(
            "pcn_name",
            Text(max_length=200, one_line=True),
            "the PCN's name, shown beside its code when sites are grouped by PCN",
        ),
        Field(
            "icb_name",
            Text(max_length=200, one_line=True),
            "the ICB's name, shown beside its code when sites are grouped by ICB",
        ),
        Field(
            "invited",
            _RoleCounts(),
            "how many people of each role were asked to answer, e.g. {gp: 8, link_worker: 3}",
        ),
        Field(
            "self_assessment",
            SELF_ASSESSMENT,
            "a named self-assessment (e.g. a practice manager filling it in for the "
            "practice): the answers are not anonymous, and reports say so",
        ),
    ),
)


IMPORTED_FROM = Record(
    "import record",
    (
        Field(
            "file",
            Text(max_length=500, any_character=True),
            "the file the answers were imported from",
            required=True,
        ),
        Field("sha256", Text(identifier=True), "the file's content hash", required=True),
        Field("row", Number(minimum=1, integer=True), "the row, for a spreadsheet export"),
        Field(
            "row_key",
            Text(identifier=True),
            "what identifies the export row across downloads (a hash), so it is imported once",
        ),
        Field(
            "content_sha256",
            Text(identifier=True),
            "for a submission keyed by its survey's own id: a hash of what it said, so that a "
            "later download holding it edited says so when it skips it",
        ),
        Field("imported_on", Text(max_length=40), "when it was imported"),
        Field(
            "review_state",
            Text(max_length=100, any_character=True),
            "the survey's own reviewer verdict on the submission, as exported (ODK Central's "
            "ReviewState, KoboToolbox's _validation_status)",
        ),
        Field(
            "service_name",
            Text(max_length=MAX_SERVICE_NAME, one_line=True),
            "the site's name for the service when these answers were imported (site.yaml or "
            "--service-name), kept because a question answered says {service}",
        ),
        Field(
            "site_name",
            Text(max_length=MAX_SITE_NAME, one_line=True),
            "the site's name when these answers were imported (site.yaml or --site), kept "
            "because a question answered says {site}",
        ),
        Field(
            "adapted",
            MapOf(Text(identifier=True)),
            "framework id -> the SHA-256 of the framework file of the user's (--frameworks-dir) "
            "the answers were checked against, {} when every one was as bundled, so that "
            "scoring them on another text of it warns",
        ),
    ),
)


RESPONDENT_FIELDS = (
    Field("id", Text(identifier=True), "a pseudonym such as r01; never a real name", required=True),
    Field("role", Choice(tuple(ROLES), what="role"), f"one of: {', '.join(ROLES)}", required=True),
    Field("versions", MapOf(Text()), "framework id -> the version the questions came from"),
    Field("answers", MapOf(MapOf(_AnswerValue())), "framework id -> item id -> answer", default={}),
    Field(
        "comments", MapOf(MapOf(_CommentText())), "framework id -> item id -> free text", default={}
    ),
    Field(
        "general_comment",
        _CommentText(),
        'free text not about one item ("Any other comments?")',
    ),
    Field("imported_from", IMPORTED_FROM, "where imported answers came from"),
    Field(
        "texts",
        MapOf(Text(identifier=True)),
        "in a YAML questionnaire: framework id -> the text its questions were written from, "
        "`bundled` or the SHA-256 of a framework file of the user's, so that an import with "
        "another text of it refuses the form",
    ),
)


RESPONDENT = Record("respondent", RESPONDENT_FIELDS, id_key="id")


# In a folder, each respondent file may leave out `id`: the file name is used.
RESPONDENT_FILE = Record(
    "respondent file",
    (
        Field("id", Text(identifier=True), "a pseudonym (default: the file name)"),
        *RESPONDENT_FIELDS[1:],
    ),
)


# The reviewer's file (review.yaml) and a one-file assessment's `review:` section: what a
# consultant verified, never mixed with respondents' answers.
REVIEW_FILE_NAME = "review.yaml"
REVIEW_FORMAT = "readiness-review/1"

# A review names the site it is of by the fields that identify a site (assessment/identity.py).
SITE_IDENTITY = Record(
    "site reviewed",
    (
        *(f for f in SITE.fields if f.name in ("name", "ods_code", "kind")),
        # Optional, so reviews written before it still load; a checklist states it.
        Field("assessed_on", Date(), "the date of the assessment reviewed, YYYY-MM-DD"),
    ),
)

EVIDENCE = Record(
    "evidence",
    (
        Field(
            "title",
            Text(max_length=300, one_line=True, exact=True),
            "what the document or record is",
            required=True,
        ),
        Field(
            "reference",
            Text(max_length=1000, exact=True),
            "where it is: the document's name and section, or a URL",
        ),
        Field("seen", Date(), "the date the reviewer saw it, YYYY-MM-DD", required=True),
        Field("expires", Date(), "when it stops being good evidence (a policy's review date)"),
        Field("file", Text(max_length=1000), "a local copy, relative to the review file"),
        Field("sha256", Text(max_length=64), "the local copy's SHA-256, checked when it is there"),
    ),
    id_key="title",
)

CHECK = Record(
    "reviewed item",
    (
        Field(
            "verified",
            _AnswerValue(),
            "facts only: the answer the evidence shows (an option code, or a figure)",
        ),
        Field(
            "finding",
            Blankable(Choice(tuple(choices(Finding)), what="finding")),
            f"what the evidence says: {', '.join(Finding)}",
        ),
        Field("evidence", Blankable(ListOf(EVIDENCE)), "what was seen", default=[]),
        Field("note", Blankable(Text(max_length=2000, exact=True)), "the reviewer's note"),
    ),
)

REVIEWER = Record(
    "reviewer",
    (
        Field("name", Text(max_length=100, one_line=True), "who reviewed", required=True),
        Field("organisation", Blankable(Text(max_length=100, one_line=True)), "their organisation"),
    ),
)

ATTESTATION = Record(
    "attestation",
    (
        Field(
            "name",
            Text(max_length=100, one_line=True),
            "the accountable person at the site",
            required=True,
        ),
        Field("role", Text(max_length=100, one_line=True), "their role", required=True),
        Field("date", Date(), "the date they signed, YYYY-MM-DD", required=True),
        Field("statement", Text(max_length=2000), "the statement they signed", required=True),
    ),
)

SAMPLE = Record(
    "sample",
    (
        Field("size", Number(minimum=0, integer=True), "how many other facts were sampled"),
        Field("seed", Number(minimum=0, integer=True), "the seed that drew them", required=True),
    ),
)


def _review_fields(site_required: bool) -> tuple[Field, ...]:
    return (
        Field("format", Choice((REVIEW_FORMAT,), what="format"), "the file's format version"),
        Field(
            "site",
            SITE_IDENTITY,
            "the site reviewed (name, kind, ods_code), checked against site.yaml",
            required=site_required,
        ),
        Field("reviewer", REVIEWER, "who reviewed", required=True),
        Field("visits", ListOf(Date(), min_items=1, unique=True), "the visit dates", required=True),
        Field("attestation", ATTESTATION, "the site's sign-off"),
        Field("sample", SAMPLE, "how the checklist's sample of facts was drawn"),
        Field("versions", MapOf(Text()), "framework id -> the version reviewed"),
        Field("items", MapOf(MapOf(CHECK)), "framework id -> item id -> what was checked"),
    )


REVIEW_FILE = Record("review", _review_fields(site_required=True))
REVIEW_SECTION = Record("review", _review_fields(site_required=False))


ASSESSMENT_FILE = Record(
    "assessment",
    (
        Field("site", SITE, "the site assessed", required=True),
        Field(
            "respondents", ListOf(RESPONDENT, min_items=1), "who answered, and what", required=True
        ),
        Field("review", REVIEW_SECTION, "what a reviewer verified, and the evidence"),
    ),
)


SITE_FILE = Record(
    "site file",
    (Field("site", SITE, "the site assessed", required=True),),
)


def _digests(recorded: object) -> dict[str, str] | None:
    if not isinstance(recorded, Mapping):
        return None
    return {str(framework_id): str(digest) for framework_id, digest in recorded.items()}


def import_record(respondent: Mapping[str, Any]) -> dict[str, str] | None:
    """A respondent file's `imported_from.adapted`: framework id -> the SHA-256 of the file of
    the user's (`Framework.local_sha256`) its answers were checked against; a framework it
    answered and does not list was checked against the bundled text. None when the file
    records nothing (written by hand, or imported by a readiness that did not record it)."""
    source = respondent.get("imported_from")
    return _digests(source.get("adapted") if isinstance(source, Mapping) else None)
