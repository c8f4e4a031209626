"""The assessment model: a site and its respondents' answers, checked against frameworks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from readiness.errors import Problem
from readiness.framework.model import Framework
from readiness.vocabulary import ROLES, AnswerKind, Finding


@dataclass(frozen=True)
class Answer:
    """One respondent's answer to one item, interpreted against the item's scale."""

    item_id: str
    raw: str | float | int
    kind: AnswerKind
    value: float | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Respondent:
    """A person who answered (by pseudonym and role)."""

    id: str
    role: str
    answers: dict[str, dict[str, Answer]]  # framework id -> item id -> answer
    comments: dict[str, dict[str, str]]  # framework id -> item id -> text
    source: Path
    general_comment: str | None = None  # free text not about one item ("Any other comments?")


def alone(respondents: Sequence[Respondent], answered_elsewhere: int) -> bool:
    """One respondent who is the only person to have said anything in the assessment (people
    who answered only frameworks this run leaves out took part in the same survey): they
    cannot be anonymous (rule 4)."""
    return len(respondents) == 1 and not answered_elsewhere


def taking_part(respondents: Iterable[Respondent], framework_id: str) -> Counter[str]:
    """The people of each role who took part in a framework (answered or commented on it):
    the groups a role's view or comment is named from (rule 4)."""
    return Counter(
        r.role for r in respondents if r.answers.get(framework_id) or r.comments.get(framework_id)
    )


@dataclass(frozen=True)
class Site:
    """The unit assessed."""

    name: str
    ods_code: str | None
    kind: str
    assessed_on: date
    frameworks: tuple[str, ...] | None  # as written: ids, or ids pinned to a version (npt@1.0.0)
    service_name: str | None = None  # what people locally call the service
    pcn: str | None = None  # the ODS code of the site's PCN (for grouping sites)
    icb: str | None = None  # the ODS code of its ICB
    pcn_name: str | None = None  # the PCN's name, for grouping sites by PCN
    icb_name: str | None = None  # the ICB's name
    invited: dict[str, int] = field(default_factory=dict)  # role -> people invited to answer
    self_assessment_by: str | None = None  # who filled in a named self-assessment
    self_assessment: bool = False  # a named self-assessment: the answers are not anonymous


@dataclass(frozen=True)
class Evidence:
    """A document or record a reviewer saw."""

    title: str
    reference: str | None  # the document's name and section, or a URL
    seen: date
    expires: date | None = None
    file: Path | None = None  # a local copy, as the review names it (from the review's folder)
    sha256: str | None = None  # the local copy's content hash, checked when the file is there

    def expired_on(self, day: date) -> bool:
        return self.expires is not None and self.expires < day


@dataclass(frozen=True)
class ItemCheck:
    """What a reviewer checked of one item: never a respondent's answer, always beside them."""

    framework_id: str
    item_id: str
    verified: Answer | None  # facts only: the answer the evidence shows
    finding: Finding | None
    evidence: tuple[Evidence, ...]
    note: str | None
    # Whether the verification counts on the assessment date: every piece of evidence behind
    # it has expired by then (evidence given, none current) makes it not verified.
    current: bool = True


@dataclass(frozen=True)
class Attestation:
    """The accountable person at the site who signed the assessment off."""

    name: str
    role: str
    signed_on: date
    statement: str


@dataclass(frozen=True)
class Review:
    """A reviewer's file beside the respondents' (review.yaml, or a one-file assessment's
    `review:` section): who checked what, when, and against which evidence."""

    reviewer: str
    organisation: str | None
    visits: tuple[date, ...]
    checks: dict[tuple[str, str], ItemCheck]  # (framework id, item id) -> check
    attestation: Attestation | None
    source: Path
    sample_seed: int | None = None  # when the checklist was a sample (--sample, --seed)
    sample_size: int | None = None
    # What an import of the checklist warned of (a score warns of them with the assessment's).
    warnings: tuple[Problem, ...] = ()

    def check_of(self, framework_id: str, item_id: str) -> ItemCheck | None:
        return self.checks.get((framework_id, item_id))


@dataclass(frozen=True)
class Assessment:
    """A validated assessment and the frameworks it is scored against."""

    site: Site
    respondents: tuple[Respondent, ...]
    frameworks: tuple[Framework, ...]
    path: Path
    warnings: tuple[Problem, ...] = field(default=())
    review: Review | None = None  # what a reviewer verified, if anyone did
    # The actions only the site's frameworks this run leaves out raise (`--framework`).
    left_out_actions: frozenset[str] = frozenset()
    # People who answered only frameworks this run does not score: in no score or count, but
    # a respondent is never alone (named) while they were surveyed beside others.
    answered_elsewhere: int = 0

    @property
    def not_anonymous(self) -> bool:
        """Whether every score is shown (rule 4): a named self-assessment, or one respondent
        who is the only person to have said anything in the assessment. Leaving a framework
        out (`--framework`) never turns an anonymous survey into a named one."""
        return self.site.self_assessment or alone(self.respondents, self.answered_elsewhere)

    def respondents_by_role(self) -> dict[str, int]:
        """How many respondents each role has, in the role vocabulary's order."""
        counts = {role: 0 for role in ROLES}
        for respondent in self.respondents:
            counts[respondent.role] += 1
        return {role: n for role, n in counts.items() if n}
