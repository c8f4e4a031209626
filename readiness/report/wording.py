"""Words and numbers for readers: every sentence about scores, and how numbers are rounded."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from readiness.assessment.model import Evidence
from readiness.framework.model import Framework
from readiness.scoring.confidence import (
    HIGH_COVERAGE,
    HIGH_RESPONSE_RATE,
    LOW_COVERAGE,
    LOW_RESPONSE_RATE,
)
from readiness.scoring.model import (
    AssessmentAssurance,
    AssessmentResult,
    Assurance,
    ConfidenceReason,
    Disagreement,
    DisagreementKind,
    FactAnswer,
    Suppression,
    Verification,
)
from readiness.scoring.progress import Change, FactCheckChange, GateChange, Uncalled
from readiness.scoring.verdict import LEVELS, Verdict, level_of
from readiness.textmatch import apart, isolated, single_spaced
from readiness.vocabulary import ChangeKind, role_label


def half_up(value: float, places: int = 0) -> str:
    """`value` rounded half up, as readers expect (62.5 -> '63'), never half to even."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return str(rounded + 0)  # + 0 turns -0 into 0


# What readers see where a score exists but too few people are behind it to show (rule 4).
WITHHELD = "Too few people to show"
# Where a score's interval is worked out but not shown, since a role too small to show
# answered the questions behind it (rule 4).
INTERVAL_WITHHELD = "interval not shown: a small group answered"


def intervals_withheld(withheld: int, domains: int) -> str:
    """Why some domains' intervals are missing from a table."""
    if withheld == domains:
        which = "No domain's interval is shown"
    elif withheld == 1:
        which = "1 domain's interval is not shown"
    else:
        which = f"{withheld} domains' intervals are not shown"
    return (
        f"{which}: a role too small to show answered the questions behind it, and its ends "
        "could show what those few people said (rule 4)"
    )


def band_range_text(low: float, upper: float | None) -> str:
    """A band's range for reading: '60 to under 80', or '80 to 100' for the top band."""
    return f"{low:g} to 100" if upper is None else f"{low:g} to under {upper:g}"


def score_boundaries(framework: Framework) -> frozenset[float]:
    """The scores a framework's scores are judged against (rule 15): where its bands begin
    (above the lowest band's 0), its action threshold, its critical items' gate thresholds
    and its flags' `below`."""
    settings = framework.scoring
    items = framework.items.values()
    return frozenset(
        [
            *(band.min for band in framework.bands[1:]),
            settings.action_threshold,
            *(item.gate_threshold(settings) for item in items if item.critical),
            *(item.flag.below for item in items if item.flag and item.flag.below is not None),
        ]
    )


def score_text(value: float, boundaries: Collection[float] = (), places: int = 0) -> str:
    """A 0-100 score for reading (rule 15): rounded half up to `places` decimals, unless that
    would carry it up to a boundary it lies below (`score_boundaries`: a band's start, a
    threshold). Then it keeps one decimal (59.72 reads '59.7', not '60'), and when one
    decimal also reaches the boundary it is cut, not rounded, to one decimal (59.96 reads
    '59.9'), so a printed score always sits in its own band and on its own side of every
    threshold it is judged against."""
    text = half_up(value, places)
    if not _reaches_boundary(value, text, boundaries):
        return text
    finer = max(places, 1)
    text = half_up(value, finer)
    if not _reaches_boundary(value, text, boundaries):
        return text
    quantum = Decimal(1).scaleb(-finer)
    return str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_FLOOR) + 0)


# Facts are the same when their scores agree to this many decimals (rule 16).
FACT_PLACES_SHOWN = 9


def places_apart(
    before: float,
    after: float,
    before_boundaries: Collection[float] = (),
    after_boundaries: Collection[float] = (),
) -> int:
    """How many decimals two scores that differ need for them not to read alike
    (`score_text`): a fact changed (rule 16) from a first meeting of 25 minutes to one of
    25.01 is scored 33.3 then and 33.4 now, and "33 then, 33 now, changed" would tell the
    reader nothing. Their intervals are printed with as many (rule 15)."""
    places = 0
    while places < FACT_PLACES_SHOWN and score_text(
        before, before_boundaries, places
    ) == score_text(after, after_boundaries, places):
        places += 1
    return places


def agreement_text(value: float | None, cutoff: float) -> str:
    """An r_wg for reading: two decimals, never rounded up to the cut-off it lies below
    (rule 15's way with scores: 0.696 below 0.7 reads '0.69', not '0.70'); '' for none."""
    return "" if value is None else score_text(value, (cutoff,), 2)


def _reaches_boundary(value: float, text: str, boundaries: Collection[float]) -> bool:
    shown = float(text)
    return any(value < boundary <= shown for boundary in boundaries)


def fact_answers(answers: Sequence[FactAnswer], labels: dict[str, str] | None = None) -> str:
    """Every answer to a fact, by role, as counts: 'Link worker: no ×3; Link-worker manager:
    yes ×1', with '(does not decide)' after a role whose answers do not decide the fact.
    `labels` turns answer codes into the scale's words."""
    parts: dict[str, list[str]] = {}
    deciding: dict[str, bool] = {}
    for a in answers:
        shown = (labels or {}).get(a.answer, a.answer)
        parts.setdefault(a.role, []).append(f"{shown} ×{a.count}")
        deciding[a.role] = a.decides
    return "; ".join(
        f"{role_label(role)}{'' if deciding[role] else ' (does not decide)'}: {', '.join(given)}"
        for role, given in parts.items()
    )


def counted(number: int, noun: str) -> str:
    """'1 respondent', '12 respondents' (nouns whose plural adds an s)."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


# Characters a respondent may type that a page cannot show as text (C0 and C1 controls but
# tab and line breaks).
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def shown_text(text: str) -> str:
    """A respondent's text as a report shows it: a control character as its visible symbol
    (ESC as U+241B, a C1 control as U+FFFD), and text with bidirectional controls isolated,
    so that what they reorder ends where the text ends. What is kept is unchanged."""
    return isolated(_UNSHOWABLE.sub(_symbol, text))


def _symbol(control: re.Match[str]) -> str:
    code = ord(control.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def people(number: int) -> str:
    """'1 person', '12 people'."""
    return f"{number:,} {'person' if number == 1 else 'people'}"


# What respondents said of an item, in a line of its own (the audit checklist's).
NOBODY_ANSWERED = "Nobody answered"
NO_SCORE = "No score to show"


def site_score(shown: str, band_label: str) -> str:
    """'Site score 72, Developing': an opinion's score for the site, in words."""
    return f"Site score {shown}, {band_label}"


def percent(share: float, boundaries: Collection[float] = ()) -> str:
    """A share as a whole percentage, rounded half up: 0.625 -> '63%'. A share that is
    neither none nor all never reads as either: 199 of 200 is '99%', 1 of 1,000 is '1%'; nor
    at or above a boundary it lies below (`boundaries`, shares: a coverage needed, a
    confidence threshold), where it keeps a decimal as a score does (74.96% of a needed 75%
    reads '74.9%')."""
    text = half_up(share * 100)
    if text == "100" and share < 1:
        return "99%"
    if text == "0" and share > 0:
        return "1%"
    above = [b * 100 for b in boundaries if share < b]
    return f"{score_text(share * 100, above) if above else text}%"


def coverage_boundaries(framework: Framework) -> tuple[float, ...]:
    """The shares a coverage is judged against: the framework's `min_coverage` and the
    confidence's thresholds."""
    return (framework.scoring.min_coverage, HIGH_COVERAGE, LOW_COVERAGE)


# The shares a response rate is judged against (the confidence's thresholds).
RESPONSE_BOUNDARIES = (HIGH_RESPONSE_RATE, LOW_RESPONSE_RATE)


def fraction(share: float, boundaries: Collection[float] = (), places: int = 3) -> str:
    """A share as a fraction rounded half up to `places` decimals, as `percent` shows one:
    never 0 or 1 when it is neither (0.9996 is '0.999'), nor at or above a boundary it lies
    below (cut to `places` decimals: 0.74996 of a needed 0.75 is '0.749')."""
    text = half_up(share, places)
    step = Decimal(1).scaleb(-places)
    if Decimal(text) >= 1 and share < 1:
        return str(1 - step)
    if Decimal(text) <= 0 and share > 0:
        return str(step)
    if _reaches_boundary(share, text, boundaries):
        return str(Decimal(repr(share)).quantize(step, rounding=ROUND_FLOOR))
    return text


def disagreement_reason(
    reason: Disagreement, boundaries: Collection[float] = (), shared: bool = False
) -> str:
    """Why a score is flagged: 'GP 88 vs Link worker 25' or 'wide spread of answers (SD 31)'.

    `shared`: the roles' views are of a domain, compared on the questions both answered
    (rule 11), which the words then say, since each role's view of the whole domain may
    differ from those figures."""
    if reason.kind == DisagreementKind.ROLE_GAP:
        high = score_text(reason.high_score or 0.0, boundaries)
        low = score_text(reason.low_score or 0.0, boundaries)
        text = (
            f"{role_label(reason.high_role or '')} {high} vs "
            f"{role_label(reason.low_role or '')} {low}"
        )
        return f"{text} on the questions both answered" if shared else text
    return f"wide spread of answers (SD {half_up(reason.value)})"


def disagreement_reasons(
    reasons: tuple[Disagreement, ...], boundaries: Collection[float] = (), shared: bool = False
) -> list[str]:
    """Each reason in words, in order."""
    return [disagreement_reason(r, boundaries, shared) for r in reasons]


SUPPRESSION = {
    Suppression.SMALL_GROUP: "fewer than {n} people",
    Suppression.COMPLEMENTARY: "hidden so that a smaller group cannot be worked out",
    Suppression.INSUFFICIENT: "too little of it answered by this role",
}

CONFIDENCE_REASONS = {
    ConfidenceReason.FEW_RESPONDENTS: "few people behind the score",
    ConfidenceReason.FEW_ROLES: "answers from fewer than three roles",
    ConfidenceReason.LOW_COVERAGE: "parts of the framework could not be scored",
    ConfidenceReason.NO_INTERVAL: "no uncertainty interval could be worked out",
    ConfidenceReason.WIDE_INTERVAL: "a wide uncertainty interval",
    ConfidenceReason.LOW_AGREEMENT: "low agreement between respondents",
    ConfidenceReason.LOW_RESPONSE_RATE: "a low response rate",
}


def suppression(reason: str | None, min_group: int, people: int) -> str:
    """Why a role's view is not shown (`people`: how many of the role answered)."""
    if reason is None:
        return ""
    if reason == Suppression.SMALL_GROUP and people >= min_group:
        return f"fewer than {min_group} of them answered each question"
    return SUPPRESSION[Suppression(reason)].format(n=min_group)


def shown_small(small: bool, not_anonymous: bool, min_group: int) -> str:
    """Why a role's view resting on fewer than `min_group` people is shown ('' if not small)."""
    if not small:
        return ""
    if not_anonymous:
        return "shown because the assessment is not anonymous, as the cover says"
    return (
        f"shown because these are facts about the service, which may rest on fewer than {min_group}"
    )


def confidence_reasons(reasons: tuple[ConfidenceReason, ...]) -> str:
    """'a wide uncertainty interval; low agreement between respondents' (or '')."""
    return "; ".join(CONFIDENCE_REASONS[r] for r in reasons)


CHANGES = {
    Change.IMPROVED: "Improved",
    Change.WORSE: "Worse",
    Change.NO_CLEAR_CHANGE: "No clear change",
    Change.CANNOT_TELL: "Cannot tell",
    Change.SAME: "Same",
    Change.CHANGED: "Changed",
}

UNCALLED = {
    Uncalled.NO_BASELINE_SCORE: "no score to show at the baseline",
    Uncalled.NO_CURRENT_SCORE: "no score to show now",
    Uncalled.NO_INTERVAL: "too few people for an uncertainty interval",
    Uncalled.FEW_PEOPLE: "too few people on one side to call a change",
    Uncalled.ROLES_DIFFER: "answered by other roles then",
    Uncalled.ITEMS_DIFFER: "scored from other questions then",
    Uncalled.ASSURANCE_DIFFERS: "verified by a reviewer at one assessment only",
}
# Where a baseline score is not set beside the follow-up's: other roles or other questions
# are behind it (rule 16).
NOT_LIKE_WITH_LIKE = "Not comparable"

GATE_CHANGES = {
    GateChange.NEWLY_PASSED: "Newly passed",
    GateChange.NEWLY_FAILED: "Newly failed",
    GateChange.STILL_FAILING: "Still below the threshold",
    GateChange.STILL_PASSING: "Still passed",
    GateChange.NOT_COMPARABLE: "Cannot tell (answered by other roles then)",
    GateChange.UNKNOWN: "Cannot tell (no score to show on one side)",
}


def gate_change_text(change: GateChange, uncalled: Uncalled | None = None) -> str:
    """What happened to an essential condition, in words; with why it cannot be told when
    its two scores are not like with like."""
    if change == GateChange.NOT_COMPARABLE and uncalled is not None:
        return f"Cannot tell ({UNCALLED[uncalled]})"
    return GATE_CHANGES[change]


CHANGE_KINDS = {
    ChangeKind.KEPT: "kept",
    ChangeKind.REWORDED: "reworded",
    ChangeKind.RESCORED: "scored differently",
    ChangeKind.SPLIT: "split into several questions",
    ChangeKind.MERGED: "merged with another question",
    ChangeKind.REPLACED: "replaced by a different question",
    ChangeKind.REMOVED: "no longer asked",
    ChangeKind.ADDED: "new in this version",
}
CHANGED_UNSAID = "changed between the versions"  # a change the record gives no kind for


# How the summary says a clear change happened ("Funding improved: 40 then, 75 now").
CHANGE_VERBS = {Change.IMPROVED: "improved", Change.WORSE: "got worse", Change.CHANGED: "changed"}


RANKING_NOTE = (
    "Ranking by these scores can show which sites most need support on a framework's "
    "conditions as their own staff see them. It cannot show which site is better run: "
    "scores rest on different people at each site, sites whose intervals overlap cannot be "
    "told apart, and nothing here adjusts for population, deprivation or the service model."
)


def too_many_for_a_pdf(given: int, limit: int) -> str:
    """Why a portfolio PDF of `given` sites is refused, and what to do instead."""
    return (
        f"a portfolio PDF holds at most {limit:,} sites ({given:,} given): its layout is held "
        "in memory whole (about 1.5 GB per 1,000 sites). Compare one ICB or PCN at a time, or "
        "write CSV, XLSX or JSON, which take any number"
    )


def another_site(baseline_site: str, site: str) -> str:
    """Why a reader should check the baseline belongs to this site."""
    return (
        f"The baseline is recorded for {baseline_site}, not {site}, and no ODS codes show "
        "they are one site: check that it is this site's before reading any change."
    )


def nothing_changed_clearly(
    since: str, overlapping: bool, few_people: bool, missing: bool, same_facts: bool
) -> str:
    """The summary's word when no framework or domain score changed clearly, with why: each
    reason that holds for one of the scores set against the baseline."""
    reasons = []
    if overlapping:
        reasons.append("where the uncertainty intervals overlap, a difference may be chance")
    if few_people:
        reasons.append("where too few people answered on one side, no change can be called")
    if missing:
        reasons.append("where one side has no score or no interval, no change can be told")
    if same_facts:
        reasons.append("scores made only of facts are the same")
    why = "; ".join(reasons)
    return f"No framework or domain score changed clearly since {since}" + (
        f": {why}." if why else "."
    )


def unlike_scores(unlike: int, compared: int) -> str:
    """The summary's word on framework and domain scores not set against the baseline."""
    if compared == 1:
        which = "The one framework or domain score with a baseline cannot"
    elif unlike == compared == 2:
        which = "Neither of the two framework and domain scores with a baseline can"
    elif unlike == compared:
        which = f"None of the {compared} framework and domain scores with a baseline can"
    else:
        which = f"{unlike} of the {compared} framework and domain scores with a baseline cannot"
    return (
        f"{which} be set against it: other roles answered their questions, or other "
        "questions are behind them, so a difference would measure who answered, not what "
        "changed."
    )


def contested_change(then: bool, now: bool) -> str:
    """What a changed fact adds when its deciding answers differ (`then`: at the baseline,
    `now`: in the follow-up): that side counts at its least favourable answer, so one
    person's answer can be the whole change."""
    differ = (
        "answers differ at both dates, where it counts"
        if then and now
        else "answers differed at the baseline, where it counted"
        if then
        else "answers differ now, where it counts"
    )
    return (
        f"; {differ} at the least favourable one, so one person's answer can make the "
        "change: check before relying on it"
    )


def contested_label(then: bool, now: bool) -> str:
    """The table's mark beside 'Changed' for such a fact."""
    return " (answers differ)" if now else " (answers differed at the baseline)"


def change_label(change: Change, uncalled: Uncalled | None) -> str:
    """'Improved', or 'Cannot tell: too few people for an uncertainty interval'."""
    label = CHANGES[change]
    return f"{label}: {UNCALLED[uncalled]}" if uncalled is not None else label


def printed_difference(before: str, after: str) -> str:
    """The difference between two scores as printed ('58' and '59.7' give '+1.7'), so a
    reader's own subtraction agrees with it; '' when either is not a number."""
    try:
        change = Decimal(after) - Decimal(before)
    except ArithmeticError:
        return ""
    if change == 0:
        return "0"
    return ("+" if change > 0 else "−") + str(abs(change))


def is_large_difference(before: str, after: str) -> bool:
    """Whether two printed scores differ by LARGE_DIFFERENCE points or more."""
    try:
        return abs(Decimal(after) - Decimal(before)) >= LARGE_DIFFERENCE
    except ArithmeticError:
        return False


SELF_ASSESSED = "Self-assessment, not independently verified"
EXPIRED = "not counted: every piece of its evidence had expired by the assessment date"

ASSURANCE_LABELS = {
    Assurance.VERIFIED: "Verified",
    Assurance.SELF_REPORTED: "Self-reported",
    Assurance.CONTESTED: "Contested",
    Assurance.CONTRADICTED: "Contradicted",
}

FINDING_LABELS = {
    "supports": "Evidence supports it",
    "partly_supports": "Evidence partly supports it",
    "does_not_support": "Evidence does not support it",
    "not_seen": "No evidence seen",
}


def verification_text(verification: Verification) -> str:
    """'12 of 31 facts verified, 2 of them contradicted, 3 still contested' (a contradicted
    fact is a verified one: the verified answer is one no deciding respondent gave); 'no
    facts to verify' where the questions are all opinions."""
    if not verification.facts:
        return "no facts to verify"
    parts = [f"{verification.verified} of {counted(verification.facts, 'fact')} verified"]
    if verification.contradicted:
        parts.append(f"{verification.contradicted} of them contradicted")
    if verification.contested:
        parts.append(f"{verification.contested} still contested")
    if verification.expired:
        parts.append(f"{verification.expired} with expired evidence")
    return ", ".join(parts)


def evidence_text(evidence: Evidence) -> str:
    """'Induction records (training log), seen 2026-10-14, expires 2027-10-14'."""
    text = evidence.title + (f" ({evidence.reference})" if evidence.reference else "")
    text += f", seen {evidence.seen.isoformat()}"
    if evidence.expires is not None:
        text += f", expires {evidence.expires.isoformat()}"
    return text


def dates_text(days: Sequence[date]) -> str:
    """Visit dates: '2026-10-13', '2026-10-13 and 2026-10-14', or for more than two
    '5 visits, 2026-10-13 to 2026-11-20'."""
    shown = sorted(days)
    if len(shown) == 1:
        return shown[0].isoformat()
    if len(shown) == 2:
        return f"{shown[0].isoformat()} and {shown[1].isoformat()}"
    return f"{len(shown)} visits, {shown[0].isoformat()} to {shown[-1].isoformat()}"


ITEM_NAME_LIMIT = 70  # an item named in running text: long enough to recognise


def item_name(text: str, limit: int = ITEM_NAME_LIMIT) -> str:
    """An item named for a reader in running text: its words in quotation marks, cut at a
    word when long, never its code."""
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"“{text}”"


# A framework author's reference to the expert review behind a change ("review D11"): it
# points to a document a report's reader does not have, so the report leaves it out.
REVIEW_REFERENCE = re.compile(
    r"\s*\((?:see )?(?:review )?D\d+(?:,\s*D\d+)*\)|;\s*review D\d+(?:,\s*D\d+)*"
)
THIS_QUESTION = "this question"
REPEATED_NAME_LIMIT = 32  # an item named again in one note: enough words to recognise it
CODE_WORD = re.compile(r"\b(?:([a-z][a-z0-9-]*[a-z0-9]) )?([A-Z][A-Za-z]{0,5}\d{1,3}[a-z]?)\b")


def short_title(title: str) -> str:
    """A framework's title without its bracketed gloss, for running text: "Joined-up care
    around social prescribing (Rainbow Model of Integrated Care)" -> "Joined-up care around
    social prescribing"."""
    return title.split(" (", 1)[0] if not title.startswith("(") else title


def in_words(
    text: str,
    framework_id: str,
    names: dict[str, tuple[str, dict[str, str]]],
    own_id: str | None = None,
) -> str:
    """A framework author's note (a change record's reason) for a reader: each item code
    it names, bare ("SD4", an item of `framework_id`) or with its framework ("rainbow PR2"),
    becomes the item's words (and its framework's title, when another; "this question" for
    `own_id`, the item the note is about; shorter when named again); framework ids become
    titles; references to the expert review are left out. `names`: framework id -> (title,
    item id -> text), for the frameworks the report knows; other codes stay as written."""
    text = REVIEW_REFERENCE.sub("", text)
    named: list[str] = []  # items' words, put in last so no title replaces inside them
    seen: set[tuple[str, str]] = set()

    def item(match: re.Match[str]) -> str:
        home, code = match.group(1), match.group(2)
        before = ""
        if home is not None and home not in names:  # a word before a bare code ("as SD4")
            before, home = f"{home} ", None
        where = home or framework_id
        if home is None and code not in names.get(where, ("", {}))[1]:
            # A bare code of another framework ("DC16" in a five-mechanisms note): the one
            # framework that has it, when only one does.
            holders = [f for f, (_, items) in names.items() if code in items]
            where = holders[0] if len(holders) == 1 else where
        known = names.get(where)
        if known is None or code not in known[1]:
            return match.group(0)
        if where == framework_id and code == own_id:
            words = THIS_QUESTION
        else:
            again = (where, code) in seen
            seen.add((where, code))
            words = item_name(known[1][code], REPEATED_NAME_LIMIT if again else ITEM_NAME_LIMIT)
            if where != framework_id:
                words += f" in {short_title(known[0])}"
        named.append(words)
        return f"{before}\0{len(named) - 1}\0"

    text = CODE_WORD.sub(item, text)
    for ident, (title, _) in sorted(names.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", short_title(title), text)
    return re.sub("\0(\\d+)\0", lambda m: named[int(m.group(1))], text)


LARGE_DIFFERENCE = 10  # points: a difference a reader expects to be called a change
OVERLAPPING = "the 90% intervals overlap: a difference this size can come from who answered"


def shortened(text: str, limit: int | None) -> str:
    """`text` cut to `limit` characters with an ellipsis (None: whole)."""
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


def assurance_statement(assurance: AssessmentAssurance | None, names: int | None = None) -> str:
    """What the assessment's numbers rest on, in plain words (never more than the files hold);
    with `names`, each name is cut to that many characters (for a cover that must fit)."""
    if assurance is None:
        return SELF_ASSESSED
    by = shortened(assurance.reviewer, names) + (
        f" ({shortened(assurance.organisation, names)})" if assurance.organisation else ""
    )
    return (
        f"Reviewed by {by} on {dates_text(assurance.visits)}: "
        f"{verification_text(assurance.verification)}"
    )


def attested_by(assurance: AssessmentAssurance | None, names: int | None = None) -> str | None:
    """'Signed off by NAME, ROLE, on DATE', when there is an attestation."""
    if assurance is None or assurance.attestation is None:
        return None
    a = assurance.attestation
    return (
        f"Signed off by {shortened(a.name, names)}, {shortened(a.role, names)}, "
        f"on {a.signed_on.isoformat()}"
    )


def attestation_statement(assurance: AssessmentAssurance | None) -> str | None:
    """'Signed off by NAME, ROLE, on DATE: "statement"', when there is an attestation."""
    if assurance is None or assurance.attestation is None:
        return None
    a = assurance.attestation
    return f'Signed off by {a.name}, {a.role}, on {a.signed_on.isoformat()}: "{a.statement}"'


FACT_CHECK_LABELS = {
    FactCheckChange.NEWLY_CONTRADICTED: "newly contradicted by the review",
    FactCheckChange.SETTLED: "settled (contested at the baseline)",
    FactCheckChange.NEWLY_VERIFIED: "newly verified",
    FactCheckChange.NO_LONGER_VERIFIED: "no longer verified (verified at the baseline)",
}


def fact_check_text(framework_title: str, item_text: str, change: FactCheckChange) -> str:
    """'“Link workers know who to call…” (Conditions for good delivery): newly verified'."""
    return f"{item_name(item_text)} ({framework_title}): {FACT_CHECK_LABELS[change]}"


def site_assurance(
    reviewed: bool, facts: int, verified: int, contradicted: int, contested: int = 0
) -> str:
    """A portfolio's mark of what a site's scores rest on."""
    if not reviewed:
        return "Self-assessed"
    if not facts:
        return "Reviewed: no facts to verify"
    text = f"Reviewed: {verified} of {counted(facts, 'fact')} verified"
    text += f", {contradicted} of them contradicted" if contradicted else ""
    return text + (f", {contested} still contested" if contested else "")


VERDICT_LABELS = {
    "not_ready": "Not ready",
    "emerging": "Emerging",
    "developing": "Developing",
    "ready": "Ready",
}
VERDICT_MEANINGS = {
    "not_ready": "key conditions are missing: fix the gaps below before expanding the service",
    "emerging": "some conditions are in place, but the service is fragile and depends on a "
    "few people",
    "developing": "most conditions are in place: close the remaining gaps to make it last",
    "ready": "the conditions for a sustainable service are in place: keep checking they stay so",
}


def verdict_statement(verdict: Verdict) -> str:
    """The verdict in words, its uncertainty said once: 'Developing', or 'Probably
    Developing; could be Emerging'."""
    label = VERDICT_LABELS[verdict.id]
    if verdict.certain:
        return label
    others = [
        VERDICT_LABELS[LEVELS[n]]
        for n in range(verdict.lowest, verdict.highest + 1)
        if n != verdict.level
    ]
    return f"Probably {label}; could be {' or '.join(others)}"


def _ceiling_cause(verdict: Verdict) -> tuple[str, bool]:
    """What holds the verdict's ceiling, as a sentence's subject: the essential conditions
    of frameworks with no score that fail or are not known (rule 8); and whether it is one
    cause (for the verb)."""
    failed = [apart(f.title) for f in verdict.capped_by if f not in verdict.capped_unknown]
    unknown = [apart(f.title) for f in verdict.capped_unknown]
    causes = []
    if failed:
        causes.append(f"an essential condition that fails in {' and '.join(failed)}")
    if unknown:
        causes.append(f"an essential condition still unknown in {' and '.join(unknown)}")
    text = " and ".join(causes)
    return text[:1].upper() + text[1:], len(causes) == 1


def verdict_reason(verdict: Verdict) -> str:
    """Why: which framework sets it, by the rule; what the frameworks with no score leave
    open, and the ceiling an essential condition of theirs sets (failed, or unknown with a
    cap)."""
    titles = [apart(f.framework.title) for f in verdict.set_by]
    cause, single_cause = _ceiling_cause(verdict)
    ceiling = VERDICT_LABELS[LEVELS[verdict.highest]]
    one = len(verdict.capped_by) == 1
    whatever = f"whatever {'its score' if one else 'their scores'}"
    if verdict.capped_unknown:
        whatever += ", until that condition is known"
    if not titles:  # an essential condition of a framework with no score sets it
        text = (
            f"{cause} {'sets' if single_cause else 'set'} it: "
            f"{'that framework' if one else 'those frameworks'} can be no higher than "
            f"{ceiling}, {whatever}, and readiness needs every part."
        )
    else:
        banded = [
            f"{title}, {apart(f.band.label)}" if f.band else title
            for title, f in zip(titles, verdict.set_by, strict=True)
        ]
        which = banded[0] if len(banded) == 1 else "; ".join(banded[:-1]) + "; and " + banded[-1]
        scale = ", ".join(VERDICT_LABELS[level] for level in LEVELS)
        bands = "its band counts" if len(titles) == 1 else "each of their bands counts"
        # The weakest share one step: theirs, not the verdict's, which a cap may hold lower.
        weakest = verdict.set_by[0]
        step = level_of(weakest.framework, weakest.band) if weakest.band else verdict.level
        read = (
            f"every framework's bands are read on one scale ({scale}), where {bands} as "
            f"{VERDICT_LABELS[LEVELS[step]]}"
        )
        if verdict.unscored and len(titles) == 1 and verdict.scored == 1:
            text = f"The only framework with a score sets it ({which}): {read}."
        else:
            subject = "framework sets" if len(titles) == 1 else "frameworks set"
            text = (
                f"The weakest {subject} it ({which}): {read}. Readiness needs every part, so "
                "strong parts cannot make up for a weak one."
            )
    if verdict.unscored:
        text += (
            " Not counted, having no score to show (too few answers, or too few people to "
            "show one without exposing them): "
            f"{', '.join(apart(f.title) for f in verdict.unscored)}; "
            "the verdict could be lower once they are scored."
        )
    if verdict.capped_by and titles:
        text += (
            f" {cause} {'holds' if single_cause else 'hold'} the verdict at {ceiling} "
            f"at most, {whatever}."
        )
    return text


def first_sentence(text: str) -> str:
    """A step's first sentence, without its full stop: what to do, for a one-line list."""
    sentence = single_spaced(text).split(". ", 1)[0]
    return sentence.rstrip(".")


def lowered_by(gates: Sequence[str]) -> str:
    """Why a framework's band sits below its score's range in a heat table (rule 8): the
    essential conditions, by item id, that lowered it; '' when none did."""
    return f"band lowered by {', '.join(gates)}" if gates else ""


def aggregate_warning(result: AssessmentResult) -> str | None:
    """A warning for scores combined otherwise than their frameworks say (--aggregate) when
    some role's view is hidden: read beside the usual output, two means of the same answers
    can be solved for a hidden role's answer (rule 4)."""
    for fr in result.frameworks:
        if fr.aggregate == fr.framework.scoring.aggregate:
            continue
        if any(i.compared_roles is not None for i in fr.items if i.used):
            return combined_otherwise(fr.aggregate, fr.framework.scoring.aggregate, fr.framework.id)
    return None


def combined_otherwise(chosen: str, usual: str, framework_id: str, where: str = "") -> str:
    """The warning of `aggregate_warning` (`where`: at which sites, for a portfolio)."""
    return (
        f"warning: these scores combine answers by {chosen}, not by {usual} as {framework_id} "
        f"does, and {where or 'some'} roles are too few to show: read beside an output made the "
        "usual way, the two could be worked back to those people's answers. Publish one of "
        "them, not both."
    )
