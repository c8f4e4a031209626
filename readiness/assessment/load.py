"""Reading an assessment (one YAML file, or a folder of site.yaml and respondent files) and
checking every answer against the frameworks, with every problem reported at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.assessment.model import Answer, Assessment, Respondent, Site
from readiness.errors import InputError, Problem, Severity, errors_only
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework, Item
from readiness.numerals import number_problem, read_number
from readiness.schema import (
    INVALID,
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
    did_you_mean,
    unknown,
)
from readiness.vocabulary import ROLES, SITE_KINDS, AnswerKind, ScaleType
from readiness.yamlio import Document, PathKey, load_yaml

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


# The one limit on a comment's length: scoring refuses longer ones, and imports check it too.
MAX_COMMENT = 2000


class _CommentText(Kind):
    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return Text(max_length=MAX_COMMENT).check(value, at, name, checker)

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "null"], "maxLength": MAX_COMMENT}


SITE = Record(
    "site",
    (
        Field("name", Text(max_length=200), "the practice, PCN or service", required=True),
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
            ListOf(Text(identifier=True), min_items=1, unique=True),
            "frameworks to score (default: every framework answered)",
        ),
        Field("pcn", _OdsCode(), "the ODS code of the site's Primary Care Network, e.g. U12345"),
        Field("icb", _OdsCode(), "the ODS code of the site's Integrated Care Board, e.g. QWE"),
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
            "file", Text(max_length=500), "the file the answers were imported from", required=True
        ),
        Field("sha256", Text(identifier=True), "the file's content hash", required=True),
        Field("row", Number(minimum=1, integer=True), "the row, for a spreadsheet export"),
        Field(
            "row_key",
            Text(identifier=True),
            "what identifies the export row across downloads (a hash), so it is imported once",
        ),
        Field("imported_on", Text(max_length=40), "when it was imported"),
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


ASSESSMENT_FILE = Record(
    "assessment",
    (
        Field("site", SITE, "the site assessed", required=True),
        Field(
            "respondents", ListOf(RESPONDENT, min_items=1), "who answered, and what", required=True
        ),
    ),
)


SITE_FILE = Record(
    "site file",
    (Field("site", SITE, "the site assessed", required=True),),
)


@dataclass
class _RawRespondent:
    data: dict[str, Any]
    doc: Document
    at: PathKey  # where the respondent's mapping is in its document
    name: str  # how messages name it


def load_assessment(path: Path, catalogue: Catalogue, only: Sequence[str] = ()) -> Assessment:
    """Read an assessment file or folder and check it against the frameworks.

    `only` restricts scoring to these framework ids (the --framework option). Raises
    InputError listing every problem; warnings are kept on the result.
    """
    path = Path(path)
    problems: list[Problem] = []
    if path.is_dir():
        site_data, raw_respondents, site_doc = _read_folder(path, problems)
    else:
        site_data, raw_respondents, site_doc = _read_file(path, problems)
    if site_data is None or site_doc is None:
        raise InputError(problems)
    # Go on past structural errors so every problem in every respondent is reported at once.
    site = _site(site_data)
    frameworks = _choose_frameworks(path, site, raw_respondents, catalogue, only, problems)
    respondents = _respondents(raw_respondents, catalogue, frameworks, problems)
    _check_invited(site, respondents, site_doc, problems)
    if errors_only(problems):
        raise InputError(problems)
    if not respondents:
        raise InputError([Problem(path, None, "", "no respondents: there is nothing to score")])
    return Assessment(site, tuple(respondents), tuple(frameworks), path, tuple(problems))


def _check_invited(
    site: Site, respondents: list[Respondent], doc: Document, problems: list[Problem]
) -> None:
    """A role cannot have more respondents than people invited."""
    answered: dict[str, int] = {}
    for respondent in respondents:
        answered[respondent.role] = answered.get(respondent.role, 0) + 1
    for role, invited in site.invited.items():
        if answered.get(role, 0) > invited:
            problems.append(
                Problem(
                    doc.path,
                    doc.line(("site", "invited", role)),
                    f"site.invited.{role}",
                    f"{answered[role]} {role} respondents answered but only {invited} "
                    "were invited; correct the number invited",
                )
            )


def _read_file(
    path: Path, problems: list[Problem]
) -> tuple[Any, list[_RawRespondent], Document | None]:
    doc = _load(path, problems)
    if doc is None:
        return None, [], None
    checker = Checker(doc)
    data = checker.check(ASSESSMENT_FILE)
    problems.extend(checker.problems)
    if data is INVALID or data["site"] is INVALID:
        return None, [], None
    raw = []
    source = doc.data.get("respondents") if isinstance(doc.data, dict) else None
    # Walk the original list so each respondent keeps its own position (and so its lines);
    # problems were already reported above, so this second check is silent.
    silent = Checker(doc)
    for index, original in enumerate(source if isinstance(source, list) else []):
        respondent = RESPONDENT.check(original, ("respondents", index), "", silent)
        if respondent is INVALID:
            continue
        label = original.get("id", f"#{index + 1}") if isinstance(original, dict) else index
        raw.append(_RawRespondent(respondent, doc, ("respondents", index), f"respondents[{label}]"))
    return data["site"], raw, doc


def _read_folder(
    path: Path, problems: list[Problem]
) -> tuple[Any, list[_RawRespondent], Document | None]:
    site_path = path / "site.yaml"
    if not site_path.is_file():
        problems.append(
            Problem(
                path,
                None,
                "",
                "an assessment folder needs a site.yaml file "
                "(and respondent files in respondents/)",
            )
        )
        return None, [], None
    doc = _load(site_path, problems)
    if doc is None:
        return None, [], None
    if isinstance(doc.data, dict) and "respondents" in doc.data:
        problems.append(
            Problem(
                site_path,
                doc.line(("respondents",)),
                "respondents",
                "in a folder, each respondent goes in its own file under "
                "respondents/, not in site.yaml",
            )
        )
        return None, [], None
    checker = Checker(doc)
    data = checker.check(SITE_FILE)
    problems.extend(checker.problems)
    if data is INVALID or data["site"] is INVALID:
        return None, [], None
    folder = path / "respondents"
    raw: list[_RawRespondent] = []
    if not folder.is_dir():
        problems.append(
            Problem(folder, None, "", "folder not found: put one YAML file per respondent in it")
        )
        return data["site"], raw, doc
    for file in sorted(folder.iterdir()):
        if file.name.startswith(".") or file.is_dir():
            continue
        if file.suffix not in (".yaml", ".yml"):
            problems.append(
                Problem(file, None, "", "not a .yaml file, so it was skipped", Severity.WARNING)
            )
            continue
        respondent_doc = _load(file, problems)
        if respondent_doc is None:
            continue
        if isinstance(respondent_doc.data, dict) and respondent_doc.data.get("id", "") is None:
            del respondent_doc.data["id"]  # a blank id (as in the YAML questionnaire)
        checker = Checker(respondent_doc)
        respondent = checker.check(RESPONDENT_FILE)
        problems.extend(checker.problems)
        if respondent is INVALID:
            continue
        if respondent.get("id") in (None, INVALID):
            respondent["id"] = file.stem
        raw.append(_RawRespondent(respondent, respondent_doc, (), f"{file.name}"))
    return data["site"], raw, doc


def _load(path: Path, problems: list[Problem]) -> Document | None:
    try:
        return load_yaml(path)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _site(data: dict[str, Any]) -> Site:
    ods = data.get("ods_code")
    return Site(
        name=data["name"],
        ods_code=ods.upper() if isinstance(ods, str) else None,
        kind=data["kind"],
        assessed_on=data["assessed_on"],
        frameworks=tuple(f for f in data["frameworks"] if isinstance(f, str))
        if data.get("frameworks")
        else None,
        pcn=data.get("pcn"),
        icb=data.get("icb"),
        invited=dict(data.get("invited") or {}),
        self_assessment_by=(data.get("self_assessment") or {}).get("by"),
        self_assessment=data.get("self_assessment") is not None,
    )


def _choose_frameworks(
    path: Path,
    site: Site,
    raw: list[_RawRespondent],
    catalogue: Catalogue,
    only: Sequence[str],
    problems: list[Problem],
) -> list[Framework]:
    known = catalogue.ids()
    for framework_id in only:
        if framework_id not in known:
            problems.append(
                Problem(
                    None,
                    None,
                    "--framework",
                    unknown("framework", framework_id, known),
                )
            )
    if site.frameworks:
        for framework_id in site.frameworks:
            if framework_id not in known:
                problems.append(
                    Problem(
                        path if not path.is_dir() else path / "site.yaml",
                        None,
                        "site.frameworks",
                        unknown("framework", framework_id, known),
                    )
                )
    if only:
        chosen = [f for f in only if f in known]
    elif site.frameworks:
        chosen = [f for f in site.frameworks if f in known]
    else:
        # A framework someone only commented on counts too: their comment must not vanish.
        answered = {
            fid
            for r in raw
            for section in ("answers", "comments")
            for fid in (r.data.get(section) or {})
        }
        chosen = [f for f in known if f in answered]
    return [catalogue.frameworks[f] for f in chosen]


def _respondents(
    raw: list[_RawRespondent],
    catalogue: Catalogue,
    frameworks: list[Framework],
    problems: list[Problem],
) -> list[Respondent]:
    chosen = {f.id for f in frameworks}
    seen: dict[str, str] = {}
    result = []
    for entry in raw:
        data, doc = entry.data, entry.doc
        ident, role = data.get("id"), data.get("role")
        if ident in (None, INVALID) or role in (None, INVALID):
            continue
        if ident in seen:
            problems.append(
                Problem(
                    doc.path,
                    doc.line((*entry.at, "id")),
                    f"{entry.name}.id",
                    f"respondent id {ident!r} is used twice (also in "
                    f"{seen[ident]}); give each person their own pseudonym",
                )
            )
            continue
        seen[ident] = f"{doc.path.name}:{doc.line((*entry.at, 'id'))}"
        for framework_id, version in (data.get("versions") or {}).items():
            framework = catalogue.get(framework_id)
            if framework is not None and str(version) != framework.version:
                at_v: PathKey = (*entry.at, "versions", framework_id)
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(at_v),
                        f"{entry.name}.versions.{framework_id}",
                        version_mismatch(framework_id, str(version), framework.version),
                    )
                )
        answers: dict[str, dict[str, Answer]] = {}
        for framework_id, items in (data.get("answers") or {}).items():
            at: PathKey = (*entry.at, "answers", framework_id)
            framework = catalogue.get(framework_id)
            if framework is None:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(at),
                        f"{entry.name}.answers.{framework_id}",
                        unknown("framework", framework_id, catalogue.ids()),
                    )
                )
                continue
            if framework_id not in chosen:
                continue  # answered, but not asked for in this run
            answers[framework_id] = _answers(
                framework, items, role, doc, at, f"{entry.name}.answers.{framework_id}", problems
            )
        comments: dict[str, dict[str, str]] = {}
        for framework_id, items in (data.get("comments") or {}).items():
            at = (*entry.at, "comments", framework_id)
            framework = catalogue.get(framework_id)
            name = f"{entry.name}.comments.{framework_id}"
            if framework is None:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(at),
                        name,
                        unknown("framework", framework_id, catalogue.ids()),
                    )
                )
                continue
            kept = {}
            for item_id, text in items.items():
                if item_id not in framework.items:
                    problems.append(_unknown_item(doc, (*at, item_id), name, item_id, framework))
                elif text:
                    kept[item_id] = text
            if kept and framework_id in chosen:
                comments[framework_id] = kept
        general = data.get("general_comment")
        result.append(
            Respondent(
                ident,
                role,
                answers,
                comments,
                doc.path,
                general if isinstance(general, str) and general.strip() else None,
            )
        )
    return result


def version_mismatch(framework_id: str, questionnaire: str, installed: str) -> str:
    """The message for answers given to another version of a framework."""
    return (
        f"these answers are for {framework_id} version {questionnaire}, but the installed "
        f"{framework_id} is version {installed}; score them with the matching framework "
        "file (--frameworks-dir) or send respondents a new questionnaire"
    )


def _unknown_item(
    doc: Document, at: PathKey, name: str, item_id: str, framework: Framework
) -> Problem:
    return Problem(
        doc.path,
        doc.line(at),
        f"{name}.{item_id}",
        f"{framework.id} has no item {item_id!r}{did_you_mean(item_id, list(framework.items))}",
    )


def _answers(
    framework: Framework,
    items: dict[str, Any],
    role: str,
    doc: Document,
    at: PathKey,
    name: str,
    problems: list[Problem],
) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    for item_id, raw in items.items():
        item = framework.items.get(item_id)
        item_at: PathKey = (*at, item_id)
        if item is None:
            problems.append(_unknown_item(doc, item_at, name, item_id, framework))
            continue
        if raw is None:
            continue  # left blank: not answered
        answer, message = interpret(item, raw)
        if answer is None:
            problems.append(Problem(doc.path, doc.line(item_at), f"{name}.{item_id}", message))
            continue
        if not item.asks(role):
            problems.append(
                Problem(
                    doc.path,
                    doc.line(item_at),
                    f"{name}.{item_id}",
                    f"{item_id} is not addressed to the role {role!r} "
                    f"(it asks: {', '.join(item.roles)}); the answer is "
                    "still scored",
                    Severity.WARNING,
                )
            )
        out[item_id] = answer
    return out


def interpret(item: Item, raw: str | float | int) -> tuple[Answer | None, str]:
    """Turn a written answer into an Answer, or (None, why not) when it is not on the scale.

    Numbers are read by `read_number`, the one reader every import path uses, so an answer
    means the same whether it came from YAML, a survey export, a PDF field or a workbook."""
    scale = item.scale
    unit = scale.unit if scale.type == ScaleType.NUMERIC else None
    number: float | None
    if isinstance(raw, str):
        text = raw.strip()
        option = scale.option(text)
        if option is not None:
            return Answer(item.id, raw, option.kind, option.value, option.reason), ""
        read = read_number(text, unit)
        if read.problem is not None:
            return None, read.problem
        number = None if read.value is None else float(read.value)
    else:
        problem = number_problem(raw)
        if problem is not None:
            return None, problem
        number = float(raw)
    if number is not None:
        if scale.type == ScaleType.NUMERIC:
            low = scale.min if scale.min is not None else float("-inf")
            high = scale.max if scale.max is not None else float("inf")
            if low <= number <= high:
                return Answer(item.id, raw, AnswerKind.SCORED, number), ""
            return None, (
                f"{raw} is outside the accepted range for {item.id} "
                f"({_fmt(scale.min)} to {_fmt(scale.max)} {scale.unit})"
            )
        option = scale.option_for_value(number)
        if option is not None:
            return Answer(item.id, raw, AnswerKind.SCORED, option.value), ""
    codes = [o.code for o in scale.options]
    label_match = next(
        (o for o in scale.options if isinstance(raw, str) and o.label.lower() == raw.lower()), None
    )
    if label_match:
        hint = f" (did you mean {label_match.code!r}, the code for {label_match.label!r}?)"
    else:  # numbers get no spelling suggestion: 11 is not a typo for 1
        hint = did_you_mean(raw, codes) if isinstance(raw, str) and number is None else ""
    allowed = scale.describe(codes=True, joiner=", ")
    return None, f"{raw!r} is not an answer on the {scale.id} scale{hint}; use {allowed}"


def _fmt(number: float | None) -> str:
    if number is None:
        return "any"
    return str(int(number)) if number == int(number) else str(number)
