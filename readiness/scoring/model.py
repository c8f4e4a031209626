"""Score results as structured data: numbers, bands, counts and codes, never sentences.

Words for people are made where results are shown (`readiness.report.wording`), so a second
language changes text, not scoring.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from readiness.assessment.model import Assessment
from readiness.framework.model import Action, Band, Domain, Framework, Item
from readiness.vocabulary import Confidence


@dataclass(frozen=True)
class Counts:
    """How the respondents asked about something answered it."""

    answered: int = 0  # scored answers
    dont_know: int = 0
    not_applicable: dict[str, int] = field(default_factory=dict)  # by reason
    not_answered: int = 0

    @property
    def not_applicable_total(self) -> int:
        return sum(self.not_applicable.values())

    def __add__(self, other: Counts) -> Counts:
        reasons = Counter(self.not_applicable) + Counter(other.not_applicable)
        return Counts(
            self.answered + other.answered,
            self.dont_know + other.dont_know,
            dict(sorted(reasons.items())),
            self.not_answered + other.not_answered,
        )


@dataclass(frozen=True)
class RoleScore:
    """A role's mean score; `score` is None when the group is too small to show."""

    role: str
    respondents: int
    score: float | None

    @property
    def suppressed(self) -> bool:
        return self.score is None


class DisagreementKind(StrEnum):
    """Why a score is flagged as disagreed on."""

    ROLE_GAP = "role_gap"  # two shown roles' means are far apart
    SPREAD = "spread"  # respondents' scores are widely spread


@dataclass(frozen=True)
class Disagreement:
    """One reason for a disagreement flag, with the numbers behind it."""

    kind: DisagreementKind
    value: float  # the gap between the two roles, or the standard deviation
    high_role: str | None = None  # ROLE_GAP: the role with the higher mean, and that mean
    high_score: float | None = None
    low_role: str | None = None
    low_score: float | None = None


@dataclass(frozen=True)
class Agreement:
    """Whether respondents or roles disagree, and why."""

    flagged: bool
    role_gap: float | None  # largest gap between shown roles' means
    spread: float | None  # population standard deviation of respondents' scores
    reasons: tuple[Disagreement, ...] = ()


@dataclass(frozen=True)
class ItemResult:
    item: Item
    score: float | None  # mean of respondents' item scores; None when nobody scored it
    band: Band | None
    counts: Counts
    respondent_scores: tuple[float, ...]
    by_role: tuple[RoleScore, ...]
    agreement: Agreement
    gate_failed: bool  # a critical item below the critical threshold


@dataclass(frozen=True)
class DomainResult:
    domain: Domain
    score: float | None  # None: insufficient data
    band: Band | None
    coverage: float  # share of the domain's item weight that has a score
    counts: Counts
    by_role: tuple[RoleScore, ...]
    agreement: Agreement
    items: tuple[ItemResult, ...]

    @property
    def sufficient(self) -> bool:
        return self.score is not None


class Level(StrEnum):
    """Where in a framework a score sits."""

    ITEM = "item"
    DOMAIN = "domain"


@dataclass(frozen=True)
class Raiser:
    """What raised an action: an item or a domain, with its score."""

    level: Level
    id: str
    score: float
    critical: bool = False
    framework_id: str = ""


@dataclass(frozen=True)
class PlannedAction:
    framework_id: str
    action: Action
    critical: bool  # raised by a failed critical gate
    importance: float  # sum over raisers of (threshold - score) x effective weight share
    raised_by: tuple[Raiser, ...]
    priority: int = 0  # 1 = do first (set when the plan is ranked)


@dataclass(frozen=True)
class FrameworkResult:
    framework: Framework
    score: float | None
    band: Band | None  # after any cap
    uncapped_band: Band | None
    capped_by: tuple[ItemResult, ...]  # failed critical gates that lowered the band
    critical_unknown: tuple[Item, ...]  # critical items nobody could score
    coverage: float  # share of in-total domain weight that is scored
    respondents: dict[str, int]  # by role, in vocabulary order
    confidence: Confidence
    domains: tuple[DomainResult, ...]
    actions: tuple[PlannedAction, ...]

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return tuple(i for d in self.domains for i in d.items)


@dataclass(frozen=True)
class AssessmentResult:
    assessment: Assessment
    frameworks: tuple[FrameworkResult, ...]
    actions: tuple[PlannedAction, ...]  # every framework's, ranked together
