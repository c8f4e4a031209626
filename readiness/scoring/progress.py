"""Progress since a baseline: a follow-up assessment's scores set against an earlier one's.

A change of opinion is called only when each side rests on at least `min_role_group` people
and the two 90% intervals do not overlap: improved when the follow-up's whole interval lies
above the baseline's, worse when it lies below, otherwise no clear change. A score resting on
fewer people, without an interval, or with no score on one side, cannot be called. Facts are
compared as facts: the same, or changed. Frameworks answered on different versions are
compared through the change records: kept items by id; a domain or framework only when every
item in it is kept with the same weights (and, for a framework, the same bands and settings);
the rest are listed as not comparable. Pure: no files, no wording.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from readiness.assessment.plan import Plan, PlannedStep
from readiness.framework.catalogue import Catalogue
from readiness.framework.changes import comparisons, fates
from readiness.framework.model import Band, Framework
from readiness.scoring.model import (
    FACT_PLACES,
    AssessmentResult,
    Assurance,
    Disclosure,
    FrameworkResult,
    ItemResult,
    Level,
)
from readiness.vocabulary import ChangeKind


class Change(StrEnum):
    """What happened to a score between the baseline and the follow-up."""

    IMPROVED = "improved"
    WORSE = "worse"
    NO_CLEAR_CHANGE = "no_clear_change"
    CANNOT_TELL = "cannot_tell"  # a score, an interval or enough people is missing on one side
    SAME = "same"  # a fact (or a score made only of facts) with the same value on both sides
    CHANGED = "changed"  # a fact whose value differs


class Uncalled(StrEnum):
    """Why a change could not be called."""

    NO_BASELINE_SCORE = "no_baseline_score"
    NO_CURRENT_SCORE = "no_current_score"
    NO_INTERVAL = "no_interval"
    FEW_PEOPLE = "few_people"  # fewer than min_role_group people behind the score on one side
    # Not like with like (the baseline's score is then not shown beside the follow-up's):
    ROLES_DIFFER = "roles_differ"  # other roles answered it (or a question in it) then and now
    ITEMS_DIFFER = "items_differ"  # a domain or framework made of other published questions
    # A fact a reviewer verified (or found contradicted) at one assessment only: its value
    # rests on other evidence then and now, so a difference may be the review's, not the site's.
    ASSURANCE_DIFFERS = "assurance_differs"


class GateChange(StrEnum):
    """What happened to a critical item (a gate) between the two assessments."""

    NEWLY_PASSED = "newly_passed"
    NEWLY_FAILED = "newly_failed"
    STILL_FAILING = "still_failing"
    STILL_PASSING = "still_passing"
    NOT_COMPARABLE = "not_comparable"  # other roles (or questions) then: rule 16's like with like
    UNKNOWN = "unknown"  # no shown score on one side


@dataclass(frozen=True)
class ScoreChange:
    """One score then and now."""

    level: Level
    id: str  # the follow-up's id
    baseline_id: str  # the baseline's id (differs only when a change record renamed it)
    baseline: float | None
    baseline_interval: tuple[float, float] | None
    current: float | None
    current_interval: tuple[float, float] | None
    change: Change
    uncalled: Uncalled | None = None  # why, when the change is CANNOT_TELL
    baseline_withheld: bool = False  # no baseline score because too few people were behind it
    current_withheld: bool = False  # the same, now
    fact: bool = False  # made only of facts on both sides: compared as same or changed
    # Each side's published band: a framework's after any gate lowered it (rule 8).
    baseline_band: Band | None = None
    current_band: Band | None = None
    # A framework's: the bands each side's interval reaches, after its gates (None: the bands
    # its interval's ends fall in, as for a domain or an item).
    baseline_spanned: tuple[Band, ...] | None = None
    current_spanned: tuple[Band, ...] | None = None
    # A fact whose deciding answers differ, at the baseline and now: that side counts at its
    # least favourable answer, so one person's answer can make the change (rule 16).
    contested_then: bool = False
    contested_now: bool = False

    @property
    def contested(self) -> bool:
        return self.contested_then or self.contested_now

    @property
    def difference(self) -> float | None:
        """Follow-up minus baseline, for ordering and reading; never the basis of a call."""
        if self.baseline is None or self.current is None:
            return None
        return self.current - self.baseline


@dataclass(frozen=True)
class NotComparable:
    """An item, domain or framework that the two versions do not let us compare."""

    level: Level
    id: str  # the baseline's id (or the follow-up's, for an item new in its version)
    kind: ChangeKind | None  # the change record's word for it (None: a domain or framework)
    note: str  # the change record's reason, or what differs


@dataclass(frozen=True)
class GateProgress:
    item_id: str
    baseline: float | None  # None, too, when the baseline's score is not like with like
    current: float | None
    change: GateChange
    uncalled: Uncalled | None = None  # why NOT_COMPARABLE


class FactCheckChange(StrEnum):
    """What a review changed about a fact since the baseline (one, in this order of priority)."""

    NEWLY_CONTRADICTED = "newly_contradicted"  # a verified answer no respondent gave
    SETTLED = "settled"  # contested at the baseline, not now (verified, or answers agree)
    NEWLY_VERIFIED = "newly_verified"  # verified now, not at the baseline
    NO_LONGER_VERIFIED = "no_longer_verified"  # verified at the baseline, not now


@dataclass(frozen=True)
class FactCheck:
    """A fact the follow-up's review (or its answers) newly verified, contradicted or settled,
    or that was verified at the baseline and is not now."""

    item_id: str
    change: FactCheckChange


@dataclass(frozen=True)
class FrameworkProgress:
    """One framework, baseline against follow-up."""

    framework_id: str
    baseline_framework: Framework
    current_framework: Framework
    overall: ScoreChange | None  # None when the framework scores are not comparable
    domains: tuple[ScoreChange, ...]  # comparable domains, in the follow-up's order
    items: tuple[ScoreChange, ...]  # comparable items, in the follow-up's order
    gates: tuple[GateProgress, ...]  # comparable critical items
    not_comparable: tuple[NotComparable, ...]
    fact_checks: tuple[FactCheck, ...] = ()  # in the follow-up's order

    @property
    def same_version(self) -> bool:
        return self.baseline_framework.version == self.current_framework.version


@dataclass(frozen=True)
class StepProgress:
    """An action the site adopted after the baseline, and the scores it was meant to move."""

    step: PlannedStep
    targets: tuple[ScoreChange, ...]  # the items and domains that raised it, then and now
    untracked: tuple[str, ...]  # raisers ('framework/id') that cannot be compared


@dataclass(frozen=True)
class Progress:
    baseline: AssessmentResult
    current: AssessmentResult
    frameworks: tuple[FrameworkProgress, ...]
    only_in_baseline: tuple[str, ...]  # framework ids the follow-up did not score
    only_in_current: tuple[str, ...]
    steps: tuple[StepProgress, ...]  # adopted actions, in the plan's order
    plan: Plan | None

    def clear_changes(
        self, levels: tuple[Level, ...] = (Level.FRAMEWORK, Level.DOMAIN)
    ) -> list[tuple[FrameworkProgress, ScoreChange]]:
        """Improved or worse scores at these levels, biggest difference first (ties by order)."""
        found = []
        for fp in self.frameworks:
            candidates = [
                *([fp.overall] if fp.overall else []),
                *fp.domains,
                *fp.items,
            ]
            for change in candidates:
                if change.level in levels and change.change in CLEAR:
                    found.append((fp, change))
        return sorted(found, key=lambda pair: -abs(pair[1].difference or 0.0))


CLEAR = (Change.IMPROVED, Change.WORSE, Change.CHANGED)  # what counts as a clear change
# A difference of less than a point is not called, however narrow the intervals: scores are
# shown as whole numbers, and "45 -> 45, improved" (44.97 and 45.03, each from people who
# all gave the same answers, with intervals of no width) would tell the reader nothing.
SMALLEST_CLEAR_CHANGE = 1.0


def call_change(
    baseline: float | None,
    baseline_interval: tuple[float, float] | None,
    current: float | None,
    current_interval: tuple[float, float] | None,
    *,
    people: tuple[int, int] | None = None,
    min_people: int = 0,
    fact: bool = False,
    unlike: Uncalled | None = None,
) -> tuple[Change, Uncalled | None]:
    """The change between two scores (rule 16).

    Nothing is called when the two scores are not like with like (`unlike`: other roles or
    other questions behind them). A fact (or a score made only of facts) is the same or
    changed, by its value. An opinion
    is improved, worse or no clear change, decided by the intervals, and only when each
    side rests on at least `min_people` people (`people` is (baseline, current)): an interval
    from one person, or from two who agree, has no width to speak of, so "100 then 0" from
    one person each year is not a change anyone can call. Nor is a difference of less than
    SMALLEST_CLEAR_CHANGE, whatever the intervals."""
    if baseline is None:
        return Change.CANNOT_TELL, Uncalled.NO_BASELINE_SCORE
    if current is None:
        return Change.CANNOT_TELL, Uncalled.NO_CURRENT_SCORE
    if unlike is not None:
        return Change.CANNOT_TELL, unlike
    if fact:
        same = round(baseline, FACT_PLACES) == round(current, FACT_PLACES)
        return (Change.SAME if same else Change.CHANGED), None
    if people is not None and min(people) < min_people:
        return Change.CANNOT_TELL, Uncalled.FEW_PEOPLE
    if baseline_interval is None or current_interval is None:
        return Change.CANNOT_TELL, Uncalled.NO_INTERVAL
    if abs(current - baseline) < SMALLEST_CLEAR_CHANGE:
        return Change.NO_CLEAR_CHANGE, None
    if current_interval[0] > baseline_interval[1]:
        return Change.IMPROVED, None
    if current_interval[1] < baseline_interval[0]:
        return Change.WORSE, None
    return Change.NO_CLEAR_CHANGE, None


class _Scored(Protocol):
    """An item, domain or framework result: its published score, interval and disclosure."""

    @property
    def score(self) -> float | None: ...
    @property
    def interval(self) -> tuple[float, float] | None: ...
    @property
    def shown_interval(self) -> tuple[float, float] | None: ...
    @property
    def disclosure(self) -> Disclosure | None: ...
    @property
    def respondents(self) -> int: ...
    @property
    def band(self) -> Band | None: ...


def _score_change(
    level: Level,
    new_id: str,
    old_id: str,
    old: _Scored,
    new: _Scored,
    *,
    min_people: int,
    fact: bool,
    unlike: Uncalled | None = None,
    spanned: tuple[tuple[Band, ...], tuple[Band, ...]] | None = None,
    contested: tuple[bool, bool] = (False, False),
) -> ScoreChange:
    change, why = call_change(
        old.score,
        old.interval,
        new.score,
        new.interval,
        people=(old.respondents, new.respondents),
        min_people=min_people,
        fact=fact,
        unlike=unlike,
    )
    # The change is called from the intervals as worked out; only those that may be
    # published are shown beside it (an item's may be withheld: rule 4).
    return ScoreChange(
        level,
        new_id,
        old_id,
        old.score,
        old.shown_interval,
        new.score,
        new.shown_interval,
        change,
        why,
        old.disclosure == Disclosure.SUPPRESSED,
        new.disclosure == Disclosure.SUPPRESSED,
        fact,
        old.band,
        new.band,
        baseline_spanned=spanned[0] if spanned else None,
        current_spanned=spanned[1] if spanned else None,
        contested_then=contested[0],
        contested_now=contested[1],
    )


def _makeup(
    items: Sequence[ItemResult], item_map: dict[str, str] | None = None
) -> dict[str, frozenset[str]]:
    """What a score rests on: each of its published items, by the follow-up's id (through
    `item_map` for the baseline's; an item with none stays apart), and the roles whose
    answers make that item's score."""
    return {
        (i.item.id if item_map is None else item_map.get(i.item.id, f"then:{i.item.id}")): (
            frozenset(i.answered_by)
        )
        for i in items
        if i.used
    }


def _unlike(
    old: Sequence[ItemResult], new: Sequence[ItemResult], item_map: dict[str, str]
) -> Uncalled | None:
    """Why two scores made of these items are not like with like, or None when they rest on
    the same published questions, each answered by the same roles."""
    then, now = _makeup(old, item_map), _makeup(new)
    if then.keys() != now.keys():
        return Uncalled.ITEMS_DIFFER
    if then != now:
        return Uncalled.ROLES_DIFFER
    return None


def _checked_otherwise(
    old: Sequence[ItemResult], new: Sequence[ItemResult], item_map: dict[str, str]
) -> Uncalled | None:
    """For a score made only of facts on both sides (compared as same or changed):
    ASSURANCE_DIFFERS when a fact behind it was verified (or found contradicted) at one
    assessment and not at the other. A score with opinions in it is called from its
    intervals, and the facts-checked list says which facts were checked."""
    if not (_only_facts(old) and _only_facts(new)):
        return None
    then = {item_map.get(i.item.id): i.verified for i in old if i.used}
    now = {i.item.id: i.verified for i in new if i.used}
    differs = any(then.get(item_id, verified) != verified for item_id, verified in now.items())
    return Uncalled.ASSURANCE_DIFFERS if differs else None


def _only_facts(items: Sequence[ItemResult]) -> bool:
    """Whether the published items behind a score are all facts (and there are some)."""
    used = [i for i in items if i.used]
    return bool(used) and all(i.item.fact for i in used)


def _item_map(
    catalogue: Catalogue, old: Framework, new: Framework
) -> tuple[dict[str, str], list[NotComparable]]:
    """Baseline item id -> follow-up item id for the comparable items, and the rest."""
    if old.version == new.version:
        return {i: i for i in old.items}, []
    mapping: dict[str, str] = {}
    rest: list[NotComparable] = []
    item_fates = fates(catalogue, old.id, old.version, new.version)
    for comparison in comparisons(item_fates):
        if comparison.comparable and comparison.new_id is not None:
            mapping[comparison.old_id] = comparison.new_id
        else:
            rest.append(
                NotComparable(Level.ITEM, comparison.old_id, comparison.kind, comparison.note)
            )
    # An item that replaced, or was split or merged from, a baseline item is listed under
    # that item; only items with no baseline item behind them are new.
    reached = {new_id for fate in item_fates.values() for new_id in fate.new_ids}
    for item_id in new.items:
        if item_id not in reached and not any(item_id == n.id for n in rest):
            rest.append(NotComparable(Level.ITEM, item_id, ChangeKind.ADDED, ""))
    return mapping, rest


def comparable_domains(old: Framework, new: Framework, items: dict[str, str]) -> dict[str, str]:
    """Baseline domain id -> follow-up domain id, for domains made of the same kept items
    weighted the same."""
    if old.version == new.version:
        return {d.id: d.id for d in old.domains}
    new_domains = {d.id: d for d in new.domains}
    mapping = {}
    for domain in old.domains:
        twin = new_domains.get(domain.id)
        if twin is None or (twin.weight, twin.in_total) != (domain.weight, domain.in_total):
            continue
        old_items = {items.get(i.id): i.weight for i in domain.items}
        new_items = {i.id: i.weight for i in twin.items}
        if None not in old_items and old_items == new_items:
            mapping[domain.id] = twin.id
    return mapping


def _framework_comparable(old: Framework, new: Framework, domains: dict[str, str]) -> bool:
    if old.version == new.version:
        return True
    same_bands = [(b.id, b.min) for b in old.bands] == [(b.id, b.min) for b in new.bands]
    return (
        same_bands
        and old.scoring == new.scoring
        and len(domains) == len(old.domains) == len(new.domains)
    )


def _framework_progress(
    catalogue: Catalogue, old: FrameworkResult, new: FrameworkResult
) -> FrameworkProgress:
    old_fw, new_fw = old.framework, new.framework
    item_map, not_comparable = _item_map(catalogue, old_fw, new_fw)
    domain_map = comparable_domains(old_fw, new_fw, item_map)
    comparable = _framework_comparable(old_fw, new_fw, domain_map)
    # A change of opinion needs enough people on each side: the stricter framework's group size.
    min_people = max(old_fw.scoring.min_role_group, new_fw.scoring.min_role_group)
    items, gates = _item_changes(old, new, item_map, min_people)
    domains = _domain_changes(old, new, domain_map, item_map, min_people)
    for domain in old_fw.domains:
        if domain.id not in domain_map:
            not_comparable.append(
                NotComparable(Level.DOMAIN, domain.id, None, "its items or weights changed")
            )
    overall = None
    if comparable:
        overall = _score_change(
            Level.FRAMEWORK,
            new_fw.id,
            old_fw.id,
            old,
            new,
            min_people=min_people,
            fact=_only_facts(old.items) and _only_facts(new.items),
            unlike=_unlike(_in_total(old), _in_total(new), item_map)
            or _checked_otherwise(_in_total(old), _in_total(new), item_map),
            spanned=(old.shown_interval_bands, new.shown_interval_bands),
        )
    else:
        not_comparable.append(
            NotComparable(
                Level.FRAMEWORK, old_fw.id, None, "its domains, bands or settings changed"
            )
        )
    return FrameworkProgress(
        new_fw.id,
        old_fw,
        new_fw,
        overall,
        tuple(domains),
        tuple(items),
        tuple(gates),
        tuple(not_comparable),
        _fact_checks(old, new, item_map),
    )


def _in_total(result: FrameworkResult) -> list[ItemResult]:
    """The items behind a framework's score: those of its scored domains that count in it."""
    return [i for d in result.domains if d.domain.in_total and d.sufficient for i in d.items]


def _fact_checks(
    old: FrameworkResult, new: FrameworkResult, item_map: dict[str, str]
) -> tuple[FactCheck, ...]:
    """Facts newly contradicted, settled, newly verified or no longer verified since the
    baseline. A fact with no
    comparable baseline item (new, or asked differently) was not verified then; a fact asked
    once in another framework (`from:`) is listed there, not again here."""
    old_items = {r.item.id: r for r in old.items}
    back = {n: o for o, n in item_map.items()}
    found = []
    for current in new.items:
        if not current.item.fact or current.item.ref is not None:
            continue
        before = old_items.get(back.get(current.item.id, ""))
        change = _fact_check(before, current)
        if change is not None:
            found.append(FactCheck(current.item.id, change))
    return tuple(found)


def _fact_check(before: ItemResult | None, current: ItemResult) -> FactCheckChange | None:
    if current.assurance == Assurance.CONTRADICTED and (
        before is None or before.assurance != Assurance.CONTRADICTED
    ):
        return FactCheckChange.NEWLY_CONTRADICTED
    if before is not None and before.contested and not current.contested:
        return FactCheckChange.SETTLED
    if current.verified and (before is None or not before.verified):
        return FactCheckChange.NEWLY_VERIFIED
    if before is not None and before.verified and not current.verified:
        return FactCheckChange.NO_LONGER_VERIFIED
    return None


def _item_changes(
    old: FrameworkResult, new: FrameworkResult, item_map: dict[str, str], min_people: int
) -> tuple[list[ScoreChange], list[GateProgress]]:
    """Each comparable item then and now, in the follow-up's order, and its critical items."""
    old_items = {r.item.id: r for r in old.items}
    back = {n: o for o, n in item_map.items()}
    items = []
    gates = []
    for current in new.items:
        old_id = back.get(current.item.id)
        if old_id is None or old_id not in old_items:
            continue
        before = old_items[old_id]
        unlike = _unlike([before], [current], item_map) or _checked_otherwise(
            [before], [current], item_map
        )
        items.append(
            _score_change(
                Level.ITEM,
                current.item.id,
                old_id,
                before,
                current,
                min_people=min_people,
                fact=before.item.fact and current.item.fact,
                unlike=unlike,
                contested=(before.contested, current.contested),
            )
        )
        if current.item.critical and before.item.critical:
            if unlike is not None:
                # Not called. Other evidence is shown beside the follow-up's score; other
                # people's or questions' score is not, as for the item's score.
                shown = before.score if unlike == Uncalled.ASSURANCE_DIFFERS else None
                gate = GateProgress(
                    current.item.id, shown, current.score, GateChange.NOT_COMPARABLE, unlike
                )
            else:
                gate = _gate(before.score, before.gate_failed, current)
            gates.append(gate)
    return items, gates


def _domain_changes(
    old: FrameworkResult,
    new: FrameworkResult,
    domain_map: dict[str, str],
    item_map: dict[str, str],
    min_people: int,
) -> list[ScoreChange]:
    """Each comparable domain then and now, in the follow-up's order."""
    old_domains = {d.domain.id: d for d in old.domains}
    back = {n: o for o, n in domain_map.items()}
    changes = []
    for domain in new.domains:
        if domain.domain.id not in back:
            continue
        before = old_domains[back[domain.domain.id]]
        changes.append(
            _score_change(
                Level.DOMAIN,
                domain.domain.id,
                before.domain.id,
                before,
                domain,
                min_people=min_people,
                fact=_only_facts(before.items) and _only_facts(domain.items),
                unlike=_unlike(before.items, domain.items, item_map)
                or _checked_otherwise(before.items, domain.items, item_map),
            )
        )
    return changes


def _gate(before: float | None, failed_before: bool, current: ItemResult) -> GateProgress:
    if before is None or current.score is None:
        change = GateChange.UNKNOWN
    elif failed_before and current.gate_failed:
        change = GateChange.STILL_FAILING
    elif failed_before:
        change = GateChange.NEWLY_PASSED
    elif current.gate_failed:
        change = GateChange.NEWLY_FAILED
    else:
        change = GateChange.STILL_PASSING
    return GateProgress(current.item.id, before, current.score, change)


def _targets(
    step: PlannedStep, frameworks: dict[str, FrameworkProgress]
) -> tuple[tuple[ScoreChange, ...], tuple[str, ...]]:
    """The scores an adopted action was meant to move ('framework/id' as the plan records
    them, by the baseline's ids), then and now."""
    targets: list[ScoreChange] = []
    untracked: list[str] = []
    for raiser in step.raised_by:
        framework_id, _, raiser_id = raiser.partition("/")
        fp = frameworks.get(framework_id)
        found = None
        if fp is not None:
            candidates = [*fp.items, *fp.domains, *([fp.overall] if fp.overall else [])]
            found = next((c for c in candidates if c.baseline_id == raiser_id), None)
        if found is None:
            untracked.append(raiser)
        elif found not in targets:
            targets.append(found)
    return tuple(targets), tuple(untracked)


def _once(frameworks: tuple[FrameworkProgress, ...]) -> tuple[FrameworkProgress, ...]:
    """Each question's change once: a question asked once and reused by another framework
    (`from:`) is listed under its home framework when that is compared too (its gate stays
    with every framework it guards)."""
    compared = {fp.framework_id for fp in frameworks}

    def reused(fp: FrameworkProgress, change: ScoreChange) -> bool:
        item = fp.current_framework.items.get(change.id)
        return item is not None and item.ref is not None and item.ref.framework_id in compared

    return tuple(
        dataclasses.replace(fp, items=tuple(c for c in fp.items if not reused(fp, c)))
        for fp in frameworks
    )


def compare_results(
    baseline: AssessmentResult,
    current: AssessmentResult,
    catalogue: Catalogue,
    plan: Plan | None = None,
) -> Progress:
    """The follow-up `current` set against `baseline`, framework by framework, with the
    adopted actions of `plan` (the plan made after the baseline)."""
    old = {fr.framework.id: fr for fr in baseline.frameworks}
    frameworks = _once(
        tuple(
            _framework_progress(catalogue, old[fr.framework.id], fr)
            for fr in current.frameworks
            if fr.framework.id in old
        )
    )
    current_ids = [fr.framework.id for fr in current.frameworks]
    by_id = {fp.framework_id: fp for fp in frameworks}
    # Actions of frameworks left out of this comparison (--framework) are not followed here.
    left_out = current.assessment.left_out_actions
    adopted = [step for step in plan.adopted if step.id not in left_out] if plan else []
    steps = tuple(StepProgress(step, *_targets(step, by_id)) for step in adopted)
    return Progress(
        baseline,
        current,
        frameworks,
        tuple(f for f in old if f not in current_ids),
        tuple(f for f in current_ids if f not in old),
        steps,
        plan,
    )
