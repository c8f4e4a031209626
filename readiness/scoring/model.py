"""Score results as structured data: numbers, bands, counts and codes, never sentences.

Words for people are made where results are shown (`readiness.report.wording`), so a second
language changes text, not scoring. Every score object says how many people are behind it
(`respondents`) and on what terms it may be shown (`disclosure`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from readiness.assessment.model import Assessment, Attestation, ItemCheck
from readiness.framework.model import Action, Band, Domain, Framework, Item
from readiness.vocabulary import Aggregate, Confidence


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

    @staticmethod
    def total(parts: Iterable[Counts]) -> Counts:
        """`sum(parts, Counts())` in one pass: the same counts, reasons in the same (sorted)
        order (counts are never negative, so none is dropped along the way)."""
        answered = dont_know = not_answered = 0
        reasons: Counter[str] = Counter()
        for part in parts:
            answered += part.answered
            dont_know += part.dont_know
            reasons.update(part.not_applicable)
            not_answered += part.not_answered
        kept = sorted((reason, n) for reason, n in reasons.items() if n > 0)
        return Counts(answered, dont_know, dict(kept), not_answered)

    def __add__(self, other: Counts) -> Counts:
        reasons = Counter(self.not_applicable) + Counter(other.not_applicable)
        return Counts(
            self.answered + other.answered,
            self.dont_know + other.dont_know,
            dict(sorted(reasons.items())),
            self.not_answered + other.not_answered,
        )


class Disclosure(StrEnum):
    """On what terms a score may be published (the privacy rule in the README)."""

    ANONYMOUS = "anonymous"  # opinions of at least min_role_group people
    FACT = "fact"  # rests only on facts about the service, which may come from fewer people
    NOT_ANONYMOUS = "not_anonymous"  # a named self-assessment, or a single respondent
    SUPPRESSED = "suppressed"  # withheld: it would rest on too few people's opinions


class Suppression(StrEnum):
    """Why a role's view is not shown."""

    SMALL_GROUP = "small_group"  # fewer than min_role_group people of the role
    COMPLEMENTARY = "complementary"  # shown, it would let a reader subtract a small group
    INSUFFICIENT = "insufficient"  # too little of the domain scored for this role


@dataclass(frozen=True)
class RoleScore:
    """A role's view of an item or domain; `score` is None when it is not shown."""

    role: str
    respondents: int  # people of the role behind the view (or who answered, when hidden)
    score: float | None
    suppressed_because: Suppression | None = None
    rwg: float | None = None  # within-role agreement (r_wg, or r_wg(J) for a domain)
    # On what terms the view is shown: as its item's (a fact's view may rest on fewer than
    # min_role_group people), or 'suppressed' when it is not shown.
    disclosure: Disclosure | None = None

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
    """Whether respondents or roles disagree, and how far the group agrees (r_wg)."""

    flagged: bool
    role_gap: float | None  # largest gap between shown roles' means
    spread: float | None  # population standard deviation of respondents' scores
    reasons: tuple[Disagreement, ...] = ()
    rwg: float | None = None  # within-group agreement: r_wg (item) or r_wg(J) (domain)
    low_agreement: bool = False  # rwg below the framework's agreement cut-off


# Two scores of a fact are the same answer when they agree to this many decimals (float noise).
FACT_PLACES = 9


class FactStatus(StrEnum):
    """How a fact stands after its answers are reconciled (never averaged)."""

    AGREED = "agreed"  # everyone whose answer decides it gave the same answer
    CONTESTED = "contested"  # they differ: it counts at its least favourable answer
    UNDECIDED = "undecided"  # answered only by roles whose answers do not decide it


class Assurance(StrEnum):
    """How far a fact rests on more than what respondents said (rule 17)."""

    VERIFIED = "verified"  # a reviewer verified it, and respondents had said the same
    SELF_REPORTED = "self_reported"  # only respondents' answers, which agree
    CONTESTED = "contested"  # respondents' answers differ and nobody has settled it
    CONTRADICTED = "contradicted"  # a reviewer verified an answer no deciding respondent gave


@dataclass(frozen=True)
class FactAnswer:
    """How many people of a role gave one answer to a fact."""

    role: str
    answer: str  # the option's code, or the figure given
    count: int
    decides: bool  # whether this role's answer decides the fact (known_by)


@dataclass(frozen=True)
class ItemResult:
    item: Item
    score: float | None  # the site's score; None when nobody scored it or it is withheld
    band: Band | None
    counts: Counts
    respondents: int  # people with a scored answer
    disclosure: Disclosure | None  # None: nobody scored it
    by_role: tuple[RoleScore, ...]
    agreement: Agreement
    gate_failed: bool  # a critical item whose shown score is below its gate threshold
    flagged: bool = False  # its flag is raised (item.flag.says is the finding)
    interval: tuple[float, float] | None = None  # 90% bootstrap interval of a shown score
    # Whose answers its spread and r_wg compare (rule 10): the roles whose view of it is shown,
    # so that neither can be worked back, with the score, to a hidden role's answers; None:
    # everyone's (every view is shown: a fact, or no role too small to show).
    compared_roles: tuple[str, ...] | None = None
    # A role too small to show answered it: its interval, whose ends can be scores of those
    # few drawn people, is not published (rule 4; `shown_interval`). It is still worked out,
    # so that a change since a baseline can be called from it.
    interval_withheld: bool = False
    fact_status: FactStatus | None = None  # facts only: agreed, contested or undecided
    fact_answers: tuple[FactAnswer, ...] = ()  # facts only: every answer given, by role
    # What a reviewer checked (facts and opinions); for a verified fact, `score` is the
    # verified answer's and `reported_score` the respondents' reconciled one.
    check: ItemCheck | None = None
    assurance: Assurance | None = None  # facts only; None when nobody answered or verified it
    reported_score: float | None = None
    # The roles whose answers make its score, in the vocabulary's order: for an opinion every
    # role with a scored answer, for a fact the deciding roles that answered. A change since a
    # baseline is called only when they are the same on both sides (rule 16).
    answered_by: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        """Whether a verified answer decides the score (verified or contradicted)."""
        return self.assurance in (Assurance.VERIFIED, Assurance.CONTRADICTED)

    @property
    def contested(self) -> bool:
        """A fact whose deciding answers differ and that no verified answer has settled."""
        return self.assurance == Assurance.CONTESTED

    @property
    def settled(self) -> bool:
        """A contested fact that a reviewer's verified answer settled."""
        return self.verified and self.fact_status == FactStatus.CONTESTED

    @property
    def used(self) -> bool:
        """Whether the score counts in the domain (it has one and it may be shown)."""
        return self.score is not None

    @property
    def shown_interval(self) -> tuple[float, float] | None:
        """The interval every output publishes: none when it is withheld (rule 4)."""
        return None if self.interval_withheld else self.interval


@dataclass(frozen=True)
class DomainResult:
    domain: Domain
    score: float | None  # None: insufficient data
    band: Band | None
    coverage: float  # share of the domain's item weight with a score that may be shown
    counts: Counts
    respondents: int  # people with a scored answer to an item that counts
    disclosure: Disclosure | None
    interval: tuple[float, float] | None  # 90% bootstrap interval of the score
    by_role: tuple[RoleScore, ...]
    agreement: Agreement
    items: tuple[ItemResult, ...]
    # Some published item's interval is withheld (rule 4): so is the domain's, whose ends
    # could otherwise be worked back to the same few people's answers. Still worked out.
    interval_withheld: bool = False

    @property
    def sufficient(self) -> bool:
        return self.score is not None

    @property
    def shown_interval(self) -> tuple[float, float] | None:
        """The interval every output publishes: none when it is withheld (rule 4)."""
        return None if self.interval_withheld else self.interval


class Level(StrEnum):
    """Where in a framework a score sits."""

    ITEM = "item"
    DOMAIN = "domain"
    FRAMEWORK = "framework"


@dataclass(frozen=True)
class Raiser:
    """What raised an action: an item or a domain, with its score."""

    level: Level
    id: str
    score: float
    critical: bool = False
    framework_id: str = ""
    importance: float = 0.0  # what this raise adds to the action's importance
    # For an item asked once in another framework (`from:`): its home, 'framework/item'.
    home: str = ""

    @property
    def key(self) -> str:
        """What raised it, once however often it is asked: the level and 'framework/id' (a
        reused item's home item)."""
        return f"{self.level}:{self.home or f'{self.framework_id}/{self.id}'}"


@dataclass(frozen=True)
class PlannedAction:
    framework_id: str
    action: Action
    critical: bool  # raised by a failed critical gate
    importance: float  # sum over raisers of max(threshold - score, 0) x effective weight
    raised_by: tuple[Raiser, ...]
    priority: int = 0  # 1 = do first (set when the plan is ranked)


class ConfidenceReason(StrEnum):
    """What keeps a framework's confidence from being higher."""

    FEW_RESPONDENTS = "few_respondents"
    FEW_ROLES = "few_roles"
    LOW_COVERAGE = "low_coverage"
    NO_INTERVAL = "no_interval"
    WIDE_INTERVAL = "wide_interval"
    LOW_AGREEMENT = "low_agreement"
    LOW_RESPONSE_RATE = "low_response_rate"


@dataclass(frozen=True)
class RoleResponse:
    """How many of a role were invited and how many answered."""

    role: str
    invited: int
    responded: int

    @property
    def rate(self) -> float:
        return self.responded / self.invited


@dataclass(frozen=True)
class ResponseRate:
    """The response rate by role (for the roles whose invitations the site stated)."""

    by_role: tuple[RoleResponse, ...]
    overall: float  # responded / invited over the roles stated
    unstated_roles: tuple[str, ...]  # roles that answered but whose invitations are unknown


@dataclass(frozen=True)
class Verification:
    """How many of a set of facts (and critical items) a review verified."""

    facts: int  # facts asked
    verified: int  # with a verified answer that counts (contradicted ones included)
    contradicted: int
    contested: int  # still contested: respondents differ and nobody verified it
    expired: int  # verified, but every piece of evidence had expired by the assessment date
    critical: int  # critical items
    critical_verified: int


@dataclass(frozen=True)
class FrameworkAssurance:
    """A reviewed framework's score both ways, and how much of it was verified."""

    reported_score: float | None  # from respondents' answers alone
    reported_band: Band | None  # after the gates, as for the score
    verification: Verification


@dataclass(frozen=True)
class AssessmentAssurance:
    """Who reviewed an assessment, and what they verified across its frameworks (each fact
    counted once, where it is asked)."""

    reviewer: str
    organisation: str | None
    visits: tuple[date, ...]
    attestation: Attestation | None
    verification: Verification
    sample_seed: int | None


@dataclass(frozen=True)
class FrameworkResult:
    framework: Framework
    aggregate: Aggregate  # how respondents were combined into site scores
    score: float | None
    band: Band | None  # after any cap
    uncapped_band: Band | None
    # failed critical gates that lowered the band, then unknown gates that capped it further
    capped_by: tuple[ItemResult, ...]
    critical_unknown: tuple[Item, ...]  # critical items nobody gave a scored answer to
    critical_withheld: tuple[Item, ...]  # critical items answered by too few to show
    coverage: float  # share of in-total domain weight that is scored
    respondents: int  # people with a scored answer behind the score
    respondents_by_role: dict[str, int]  # who answered the framework at all, by role
    disclosure: Disclosure | None
    interval: tuple[float, float] | None  # 90% bootstrap interval of the score
    rwg: float | None  # r_wg(J) over every item that counts: how far everyone agrees
    confidence: Confidence
    confidence_reasons: tuple[ConfidenceReason, ...]
    domains: tuple[DomainResult, ...]
    actions: tuple[PlannedAction, ...]
    assurance: FrameworkAssurance | None = None  # set when the assessment was reviewed
    # A counted domain's interval is withheld (rule 4): so is the framework's. Still worked
    # out, for its confidence, the verdict and a change since a baseline.
    interval_withheld: bool = False
    # The bands the interval reaches, lowest first, each as the gates leave it (rule 8): a
    # failed gate caps every one, so a capped framework's interval never names a band above
    # the cap. Empty without an interval.
    interval_bands: tuple[Band, ...] = ()

    @property
    def shown_interval(self) -> tuple[float, float] | None:
        """The interval every output publishes: none when it is withheld (rule 4)."""
        return None if self.interval_withheld else self.interval

    @property
    def shown_interval_bands(self) -> tuple[Band, ...]:
        """`interval_bands` as every output publishes them: none when the interval is
        withheld."""
        return () if self.interval_withheld else self.interval_bands

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return tuple(i for d in self.domains for i in d.items)

    @property
    def flags(self) -> tuple[tuple[ItemResult, str], ...]:
        """Each item whose flag is raised, with its finding (beside the score, never a cap)."""
        return tuple((i, i.item.flag.says) for i in self.items if i.flagged and i.item.flag)

    @property
    def capped_unknown(self) -> tuple[ItemResult, ...]:
        """The unanswered gates among those that capped the band."""
        return tuple(i for i in self.capped_by if not i.gate_failed)


@dataclass(frozen=True)
class AssessmentResult:
    assessment: Assessment
    frameworks: tuple[FrameworkResult, ...]
    actions: tuple[PlannedAction, ...]  # every framework's, ranked together
    response_rate: ResponseRate | None  # None when the site did not say who was invited
    not_anonymous: bool  # a named self-assessment, or a single respondent
    assurance: AssessmentAssurance | None = None  # None: a self-assessment, not reviewed
