"""Fixed vocabularies shared by frameworks, assessments, scores and outputs.

Each is a StrEnum: a member is the very string written in files and JSON (`Role.GP == "gp"`),
so code compares against names a type checker knows, and files keep their plain words.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Respondent roles (domain.md). The ids are a contract: assessments and frameworks use them."""

    GP = "gp"
    PRACTICE_NURSE = "practice_nurse"
    PRACTICE_MANAGER = "practice_manager"
    PCN_LEAD = "pcn_lead"
    RECEPTION = "reception"
    LINK_WORKER = "link_worker"
    LW_MANAGER = "lw_manager"
    VCSE = "vcse"
    COMMISSIONER = "commissioner"
    CLIENT = "client"
    OTHER = "other"


# Role id -> the name people read, in the vocabulary's order (also the order of every table).
ROLES: dict[str, str] = {
    Role.GP.value: "GP",
    Role.PRACTICE_NURSE.value: "Practice nurse",
    Role.PRACTICE_MANAGER.value: "Practice manager",
    Role.PCN_LEAD.value: "PCN clinical director or PCN manager",
    Role.RECEPTION.value: "Reception or care-navigation staff",
    Role.LINK_WORKER.value: "Link worker",
    Role.LW_MANAGER.value: "Link-worker manager or supervisor",
    Role.VCSE.value: "VCSE partner organisation",
    Role.COMMISSIONER.value: "Commissioner (ICB or local authority)",
    Role.CLIENT.value: "Service user (client)",
    Role.OTHER.value: "Other",
}


class ChangeKind(StrEnum):
    """What happened to an item between two versions of a framework (its change record).

    Answers carry across for kept, reworded and rescored items; scores are comparable only
    for kept items (same question, same scoring)."""

    KEPT = "kept"  # same text and scoring
    REWORDED = "reworded"  # same idea and answers, clearer words
    RESCORED = "rescored"  # same question and answers, scored differently
    SPLIT = "split"  # one old item became several new ones
    MERGED = "merged"  # several old items became one
    REPLACED = "replaced"  # a different question (often a fact scale) in its place
    REMOVED = "removed"  # no longer asked
    ADDED = "added"  # new in this version


CARRIED_CHANGES = (ChangeKind.KEPT, ChangeKind.REWORDED, ChangeKind.RESCORED)


class Timeframe(StrEnum):
    """When an action should be done."""

    SHORT = "0-3 months"
    MEDIUM = "3-6 months"
    LONG = "6-12 months"
    LONGER = "12+ months"


TIMEFRAMES: dict[str, str] = {
    Timeframe.SHORT.value: "0–3 months",
    Timeframe.MEDIUM.value: "3–6 months",
    Timeframe.LONG.value: "6–12 months",
    Timeframe.LONGER.value: "12 months or more",
}


# How big a step is, for effort (the work) and cost (the money), as the README defines them.
SIZES: dict[str, str] = {"small": "Small", "medium": "Medium", "large": "Large"}
SIZE_WEIGHTS: dict[str, int] = {"small": 1, "medium": 2, "large": 3}
SIZE_MEANINGS: dict[str, str] = {
    "effort": "small (a few hours of one person's time, within their own authority), medium "
    "(days of work or several people to agree), large (weeks of work, or decisions by boards "
    "or contracts)",
    "cost": "small (no new money: existing time and budgets), medium (a modest one-off or "
    "recurring spend a practice or service can approve), large (new posts, contracts or "
    "funding decisions)",
}

# What supports an action, from strongest to weakest in kind.
EVIDENCE_LABELS: dict[str, str] = {
    "study": "Study",
    "guidance": "National guidance",
    "convention": "Local convention",
}
EVIDENCE_GRADES: dict[str, str] = {
    "study": "a published study the frameworks cite",
    "guidance": "national guidance",
    "convention": "local convention: our judgement, from practice",
}


class Colour(StrEnum):
    """RAG colours a band may use; reports pair each with a label and a border too."""

    RED = "red"
    AMBER = "amber"
    YELLOW = "yellow"
    LIGHT_GREEN = "light_green"
    GREEN = "green"


class SiteKind(StrEnum):
    """The kind of unit assessed."""

    PRACTICE = "practice"
    PCN = "pcn"
    SERVICE = "service"


SITE_KINDS: dict[str, str] = {
    SiteKind.PRACTICE.value: "GP practice",
    SiteKind.PCN.value: "Primary Care Network",
    SiteKind.SERVICE.value: "Social prescribing service",
}


class Finding(StrEnum):
    """What a reviewer found the evidence says of an item that cannot be verified as a value
    (an opinion, or a fact the evidence speaks to only in part)."""

    SUPPORTS = "supports"
    PARTLY_SUPPORTS = "partly_supports"
    DOES_NOT_SUPPORT = "does_not_support"
    NOT_SEEN = "not_seen"  # no evidence was seen on the visit


class ScaleType(StrEnum):
    """How a scale's answers are given: listed options, whole numbers in a range, or a number."""

    OPTIONS = "options"
    RANGE = "range"
    NUMERIC = "numeric"


class AnswerKind(StrEnum):
    """What an answer means for scoring."""

    SCORED = "scored"
    DONT_KNOW = "dont_know"
    NOT_APPLICABLE = "not_applicable"


class Confidence(StrEnum):
    """How far to trust a framework's score (the rule is in the README)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Aggregate(StrEnum):
    """How respondents' answers are combined into a site's item score."""

    ROLES = "roles"  # each role group is one voice (see the README)
    RESPONDENTS = "respondents"  # each respondent counts the same


class ScoreFormat(StrEnum):
    """What `readiness score` writes."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class QuestionnaireFormat(StrEnum):
    """What `readiness questionnaire` writes."""

    PDF = "pdf"
    XLSX = "xlsx"
    YAML = "yaml"
    TEXT = "txt"  # a paste-ready list for Microsoft Forms and Google Forms
    XLSFORM = "xlsform"  # a web form for KoboToolbox, ODK Central and Enketo


class ChecklistFormat(StrEnum):
    """What `readiness review` writes."""

    XLSX = "xlsx"
    PDF = "pdf"
    YAML = "yaml"


class RoundFormat(StrEnum):
    """What `readiness status` writes."""

    TEXT = "text"
    JSON = "json"


class ReportFormat(StrEnum):
    """What `readiness report` writes: the PDF to print and file, or the same document as
    accessible HTML to read in a browser."""

    PDF = "pdf"
    HTML = "html"


class CompareFormat(StrEnum):
    """What `readiness compare` writes."""

    PDF = "pdf"
    HTML = "html"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class GroupBy(StrEnum):
    """How `readiness compare` groups sites."""

    PCN = "pcn"
    ICB = "icb"
    KIND = "kind"


def role_label(role: str) -> str:
    """The plain-English name of a role id."""
    return ROLES.get(role, role)


def choices(vocabulary: type[StrEnum]) -> list[str]:
    """A vocabulary's words, in declared order (for option lists and messages)."""
    return [member.value for member in vocabulary]
