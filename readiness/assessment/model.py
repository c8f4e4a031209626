"""The assessment model: a site and its respondents' answers, checked against frameworks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from readiness.errors import Problem
from readiness.framework.model import Framework
from readiness.vocabulary import ROLES, AnswerKind


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
    invited: dict[str, int] = field(default_factory=dict)  # role -> people invited to answer
    self_assessment_by: str | None = None  # who filled in a named self-assessment
    self_assessment: bool = False  # a named self-assessment: the answers are not anonymous


@dataclass(frozen=True)
class Assessment:
    """A validated assessment and the frameworks it is scored against."""

    site: Site
    respondents: tuple[Respondent, ...]
    frameworks: tuple[Framework, ...]
    path: Path
    warnings: tuple[Problem, ...] = field(default=())

    def respondents_by_role(self) -> dict[str, int]:
        """How many respondents each role has, in the role vocabulary's order."""
        counts = {role: 0 for role in ROLES}
        for respondent in self.respondents:
            counts[respondent.role] += 1
        return {role: n for role, n in counts.items() if n}
