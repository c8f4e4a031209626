"""Questionnaires: the items a role is asked, grouped by framework and domain, as data.

The three questionnaire formats (YAML, Excel, fillable PDF) are all built from this model, and
every answer field is named by `field_name` so it reads back unambiguously.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from readiness.assessment.format import MAX_SERVICE_NAME, MAX_SITE_NAME
from readiness.collect import wording
from readiness.collect.raw import RawResponse
from readiness.errors import Problem, ReadinessError
from readiness.framework.burden import INTRO_SECONDS, seconds_to_answer
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import DEFAULT_SERVICE_NAME, Domain, Framework, Item
from readiness.schema import check_plain_text, member
from readiness.textmatch import apart, isolated
from readiness.vocabulary import Role, role_label

FIELD_PREFIX = "rd"
# A form's record of the text a framework's questions come from: this, or a SHA-256.
BUNDLED_TEXT = "bundled"
_DIGEST = re.compile("[0-9a-f]{64}")


@dataclass(frozen=True)
class QuestionnaireDomain:
    domain: Domain
    items: tuple[Item, ...]


@dataclass(frozen=True)
class QuestionnaireSection:
    framework: Framework
    domains: tuple[QuestionnaireDomain, ...]

    @property
    def items(self) -> list[Item]:
        return [item for d in self.domains for item in d.items]


@dataclass(frozen=True)
class Questionnaire:
    sections: tuple[QuestionnaireSection, ...]
    role: str | None  # None: every role (each item says who it is for)
    site: str | None
    service_name: str | None = None  # what people locally call the service

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def minutes(self) -> int:
        """About how long it takes, rounded up to 5 minutes (see framework/burden.py)."""
        seconds = INTRO_SECONDS + sum(
            seconds_to_answer(item) for s in self.sections for item in s.items
        )
        return max(5, math.ceil(seconds / 60 / 5) * 5)

    @property
    def texts(self) -> dict[str, str]:
        """Which text of each framework the questions are written from, as every form records
        it: framework id -> `bundled`, or the SHA-256 of a framework file of the user's
        (`Framework.local_sha256`). An import with another text refuses the form
        (`written_from_other_text`)."""
        return {s.framework.id: s.framework.local_sha256 or BUNDLED_TEXT for s in self.sections}

    @property
    def min_group_words(self) -> str:
        """`min_group` as a reader expects it: 'three', or '12' beyond ten."""
        return wording.number_words(self.min_group)

    @property
    def min_group(self) -> int:
        """The fewest people an opinion is shown for: the smallest of the frameworks'
        settings, so that what the introduction promises holds for every framework in it."""
        return min((s.framework.scoring.min_role_group for s in self.sections), default=3)

    @property
    def role_label(self) -> str:
        if self.for_clients:
            return wording.clients_of(self.service)
        return role_label(self.role) if self.role else wording.ANY_ROLE

    @property
    def id_label(self) -> str:
        """The label of the pseudonym field, in the reader's words."""
        return wording.CLIENT_ID_LABEL if self.for_clients else wording.STAFF_ID_LABEL

    @property
    def comment_label(self) -> str:
        """The label printed beside a domain's comment box in the PDF form (the domain's
        title is just above it)."""
        return wording.DOMAIN_COMMENT_LABEL

    def domain_comment_label(self, domain_title: str) -> str:
        """A domain's comment box described in full: its tooltip."""
        # The title fenced where it sits: an override in it would reverse " (optional)".
        return wording.DOMAIN_COMMENT_TOOLTIP.format(domain=apart(domain_title))

    @property
    def general_comment_label(self) -> str:
        """The label of the box for comments not about one domain (for clients, every
        comment: their form shows no domains)."""
        if self.for_clients:
            return wording.CLIENT_COMMENT_LABEL
        return wording.STAFF_GENERAL_COMMENT_LABEL

    @property
    def for_clients(self) -> bool:
        """Whether this is the questionnaire for people who use the service."""
        return self.role == Role.CLIENT

    @property
    def service(self) -> str:
        """The service as respondents know it (the site's name for it, or a neutral default)."""
        return self.service_name or DEFAULT_SERVICE_NAME

    @property
    def title(self) -> str:
        return wording.client_title(self.service) if self.for_clients else wording.STAFF_TITLE

    def intro(self, comments: wording.CommentRoom = "item") -> list[str]:
        """The introduction, shared by all formats (said once, however many frameworks);
        `comments` says where the form has room for them: "item" (beside every question),
        "domain" (the PDF form's box per domain) or "end" (one box at the end)."""
        if self.for_clients:
            return wording.client_intro(
                self.service,
                self.site,
                self.item_count,
                self.minutes,
                self.min_group_words,
                comments,
            )
        return wording.staff_intro(
            self.site,
            self.item_count,
            self.role_label,
            self.minutes,
            self.min_group_words,
            comments,
        )


def build_questionnaire(
    frameworks: Sequence[Framework],
    role: str | None = None,
    site: str | None = None,
    service_name: str | None = None,
) -> Questionnaire:
    """The questionnaire for `role` (or every role) across `frameworks`, in order.

    A fact that a framework takes from another (`from:`) is asked once, under its home
    framework and version: in the home framework's section when that is in the questionnaire
    too, otherwise in a section of the home framework holding just those items, placed before
    the first framework that needs it. `service_name` fills {service} in every item, and
    `site` (the site's name) fills {site}."""
    if role is not None:
        member(Role, role, "role")  # ReadinessError naming the roles, with a "did you mean"
    check_plain_text(site, "the site's name (--site)", MAX_SITE_NAME)
    check_plain_text(service_name, "the service's name (--service-name)", MAX_SERVICE_NAME)
    # A name with a right-to-left override would reverse the sentence around it in every
    # form: fenced off where it is said, it reverses only itself.
    site = isolated(site) if site else site
    service_name = isolated(service_name) if service_name else service_name
    present = {(f.id, f.version) for f in frameworks}

    def asked(item: Item) -> bool:
        return role is None or item.asks(role)

    extra: dict[tuple[str, str], tuple[Framework, set[str]]] = {}
    first_use: dict[tuple[str, str], int] = {}
    sections: list[QuestionnaireSection] = []
    for framework in frameworks:
        domains = []
        for domain in framework.domains:
            items = []
            for item in domain.items:
                if not asked(item):
                    continue
                if item.ref is None or item.ref.home is None:
                    items.append(item.worded(service_name, site))
                    continue
                home = item.ref.home
                key = (home.id, home.version)
                if key not in present:
                    extra.setdefault(key, (home, set()))[1].add(item.ref.item_id)
                    first_use.setdefault(key, len(sections))
            if items:
                domains.append(QuestionnaireDomain(domain, tuple(items)))
        if domains:
            sections.append(QuestionnaireSection(framework, tuple(domains)))
    for key in sorted(extra, key=lambda k: first_use[k], reverse=True):
        home, wanted = extra[key]
        domains = [
            QuestionnaireDomain(
                domain,
                tuple(i.worded(service_name, site) for i in domain.items if i.id in wanted),
            )
            for domain in home.domains
        ]
        kept = tuple(d for d in domains if d.items)
        sections.insert(first_use[key], QuestionnaireSection(home, kept))
    _one_version_each([*present, *extra])
    return Questionnaire(tuple(sections), role, site, service_name)


def _one_version_each(asked: Sequence[tuple[str, str]]) -> None:
    """A respondent's file holds one version of each framework: refuse two."""
    versions: dict[str, list[str]] = {}
    for framework_id, version in asked:
        versions.setdefault(framework_id, []).append(version)
    for framework_id, found in versions.items():
        if len(set(found)) > 1:
            raise ReadinessError(
                f"the questionnaire would ask {framework_id} at two versions "
                f"({' and '.join(sorted(set(found)))}, counting facts other frameworks take "
                "from it), but a respondent's answers hold one version of each framework; pin the "
                "frameworks to matching versions (for example both @1.0.0) or leave one out"
            )


def recorded_text(value: object) -> str | None:
    """One framework's text as a form records it (`Questionnaire.texts`): None for the
    bundled text, else the SHA-256 of the user's file. ValueError for anything else."""
    if value == BUNDLED_TEXT:
        return None
    if isinstance(value, str) and _DIGEST.fullmatch(value):
        return value
    raise ValueError(value)


def record_text(
    response: RawResponse,
    framework_id: object,
    value: object,
    at: str = "",
    line: int | None = None,
) -> None:
    """One entry of a form's record of its texts (`Questionnaire.texts`), into `response`;
    anything but `bundled` or a SHA-256 marks the record damaged, there (`at`, `line`: the
    entry's key or cell, for the message)."""
    if response.written_from is None:
        response.written_from = {}
    try:
        response.written_from[str(framework_id)] = recorded_text(value)
    except ValueError:
        if not response.texts_damaged:
            response.texts_at = at or response.texts_at
            response.texts_line = line if line is not None else response.texts_line
        response.texts_damaged = True


def written_from_other_text(response: RawResponse, catalogue: Catalogue) -> list[Problem]:
    """A problem for each framework a filled questionnaire was written from another text of
    than the one this import has (a file of the user's in place of the bundled one, or the
    other way round, or another file): its words and answers may not be the ones the
    import checks. A record changed by hand (damaged, or silent on a framework the form
    asks) cannot be trusted either. Nothing for a form with no record (written by an older
    readiness)."""
    line, key = response.texts_line, response.texts_at
    if response.texts_damaged:
        return [Problem(response.source, line, key, wording.TEXT_RECORD_CHANGED)]
    if response.written_from is None:
        return []
    problems = []
    for framework_id, version in response.versions.items():
        framework = catalogue.get(framework_id, version)
        if framework is None:
            continue  # a version this catalogue lacks: the import says so
        if framework_id not in response.written_from:
            problems.append(
                Problem(response.source, line, key, wording.text_record_silent(framework_id))
            )
            continue
        # An earlier readiness recorded an unchanged copy's hash: the bundled text.
        written = catalogue.text_named(framework_id, version, response.written_from[framework_id])
        if written != framework.local_sha256:
            problems.append(
                Problem(
                    response.source,
                    line,
                    key,
                    wording.form_from_other_text(
                        f"{framework_id} {version}",
                        written,
                        framework.local_sha256,
                        framework.path,
                    ),
                )
            )
    return problems


def field_name(framework: Framework, item: Item, part: str = "answer") -> str:
    """A form field name that carries the framework, its version and the item id.

    Dots separate levels in PDF field names, so the version's dots become underscores;
    `parse_field_name` reverses it. Example: rd~five-mechanisms~v1_0_0~SD1~answer.
    """
    return "~".join(
        (FIELD_PREFIX, framework.id, "v" + encode_version(framework.version), item.id, part)
    )


def encode_version(version: str) -> str:
    return version.replace(".", "_")


@dataclass(frozen=True)
class FieldRef:
    framework_id: str
    version: str  # encoded (dots as underscores)
    item_id: str
    part: str


def parse_field_name(name: str) -> FieldRef | None:
    """The parts of a field name made by `field_name`, or None for any other name."""
    parts = name.split("~")
    if len(parts) != 5 or parts[0] != FIELD_PREFIX or not parts[2].startswith("v"):
        return None
    return FieldRef(parts[1], parts[2][1:], parts[3], parts[4])
