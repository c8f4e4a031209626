"""The report's progress section (`report --baseline`) as display-ready values: each score then
and now with the change called from the intervals, the gates, and the adopted actions next to
the scores they were meant to move. Part of the template contract, like report/context.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

from readiness.assessment.identity import Sameness, same_site
from readiness.assessment.plan import Status
from readiness.framework.model import Framework
from readiness.report.views import STATUS, ScoreView, ScoreViews, doc, format_date
from readiness.report.wording import (
    CHANGE_KINDS,
    CHANGE_VERBS,
    CHANGED_UNSAID,
    NOT_LIKE_WITH_LIKE,
    OVERLAPPING,
    another_site,
    change_label,
    contested_change,
    contested_label,
    fact_check_text,
    gate_change_text,
    in_words,
    is_large_difference,
    item_name,
    nothing_changed_clearly,
    places_apart,
    printed_difference,
    score_boundaries,
    score_text,
    unlike_scores,
)
from readiness.scoring.model import Level
from readiness.scoring.progress import (
    CLEAR,
    Change,
    FrameworkProgress,
    GateChange,
    Progress,
    ScoreChange,
    StepProgress,
    Uncalled,
)
from readiness.textmatch import apart
from readiness.vocabulary import ChangeKind

# Scores of other people or other questions: the baseline's is not set beside the follow-up's.
UNLIKE = (Uncalled.ROLES_DIFFER, Uncalled.ITEMS_DIFFER)
MISSING_ON_ONE_SIDE = (Uncalled.NO_BASELINE_SCORE, Uncalled.NO_CURRENT_SCORE, Uncalled.NO_INTERVAL)
# How many of the biggest clear changes the summary names.
HEADLINE_CHANGES = 3


@dataclass(frozen=True)
class ChangeView:
    level: str = doc("'framework', 'domain' or 'item'")
    id: str = doc("the follow-up's id")
    baseline_id: str = doc("the baseline's id, when a change record renamed it, else ''")
    title: str = doc("the domain's title, the item's text or the framework's title")
    baseline: ScoreView = doc("the baseline score, interval and band")
    current: ScoreView = doc("the follow-up's score, interval and band")
    change: str = doc("improved, worse, no_clear_change or cannot_tell")
    label: str = doc("the change for reading, e.g. 'Improved' or 'Cannot tell: ...'")
    why: str = doc("why a large difference is no clear change (the intervals overlap), else ''")
    difference: str = doc(
        "follow-up minus baseline, from the scores as printed (so a reader's subtraction "
        "agrees), e.g. '+12', or ''"
    )


@dataclass(frozen=True)
class GateView:
    id: str = doc("the critical item's id")
    text: str = doc("its text")
    baseline: str = doc("its baseline score for reading, or '–'")
    current: str = doc("its follow-up score for reading, or '–'")
    change: str = doc(
        "newly_passed, newly_failed, still_failing, still_passing, not_comparable or unknown"
    )
    label: str = doc("the change for reading, e.g. 'Newly passed'")


@dataclass(frozen=True)
class NotComparableView:
    level: str = doc("'framework', 'domain' or 'item'")
    id: str = doc("its id")
    title: str = doc("the item's text or the domain's title (as at the baseline)")
    why: str = doc("how it changed, in words ('reworded'), from the change record")
    note: str = doc(
        "the change record's reasons, version by version, items named in words where the "
        "report knows them ('' when the record gives none); for consultants, in small print"
    )


@dataclass(frozen=True)
class FrameworkProgressView:
    id: str = doc("framework id")
    title: str = doc("framework title")
    versions: str = doc("the versions compared, e.g. '1.0.0 → 2.0.0', or '2.0.0' when the same")
    same_version: bool = doc("whether both assessments used the same version")
    current_version: str = doc("the follow-up's version, e.g. '2.0.0'")
    overall: ChangeView | None = doc("the framework score then and now, or None if not comparable")
    domains: tuple[ChangeView, ...] = doc("comparable domains, in order")
    clear_items: tuple[ChangeView, ...] = doc("items that improved or got worse")
    items_compared: int = doc("how many items could be compared")
    items_unclear: int = doc("compared items with no clear change")
    items_cannot_tell: int = doc("compared items whose change cannot be called")
    items_other_roles: int = doc(
        "of those, how many cannot be called because other roles answered them then"
    )
    gates: tuple[GateView, ...] = doc("critical items then and now (those that changed first)")
    not_comparable: tuple[NotComparableView, ...] = doc(
        "questions the versions do not let us compare, with the change record's reason"
    )
    domains_not_compared: str = doc("titles of domains not compared (their questions changed)")
    new_items: str = doc("ids of questions new in the follow-up's version, e.g. 'DC20, DC21'")
    new_item_count: int = doc("how many questions are new in the follow-up's version")


@dataclass(frozen=True)
class StepView:
    id: str = doc("the action's id")
    text: str = doc("the action")
    owner: str = doc("who owns it in the plan, or ''")
    due: str = doc("when it is due, or ''")
    status: str = doc("'Not started', 'In progress', 'Done' or 'Dropped'")
    status_id: str = doc("not_started, in_progress, done or dropped")
    reason: str = doc("why it was dropped, or ''")
    targets: tuple[ChangeView, ...] = doc("the items and domains that raised it, then and now")
    untracked: str = doc("what raised it that cannot be compared, e.g. 'CA6 (reworded)', or ''")


@dataclass(frozen=True)
class ProgressView:
    baseline_on: str = doc("the baseline's date for reading, e.g. '1 October 2025'")
    baseline_respondents: int = doc("how many people answered the baseline")
    baseline_doubt: str = doc(
        "a sentence naming the baseline's site when nothing confirms it is this site (the "
        "names differ and no ODS codes settle it), else ''"
    )
    frameworks: tuple[FrameworkProgressView, ...] = doc("each framework in both assessments")
    only_in_baseline: str = doc("titles of the frameworks only the baseline scored, or ''")
    only_in_current: str = doc("titles of the frameworks only the follow-up scored, or ''")
    steps: tuple[StepView, ...] = doc("actions adopted after the baseline, in the plan's order")
    steps_summary: str = doc("e.g. '4 actions: 1 done, 2 in progress, 1 not started'")
    plan_file: str = doc("the plan file the actions come from, or ''")
    headline: tuple[str, ...] = doc("sentences naming the biggest clear changes, for the summary")
    more_changes: int = doc("how many clear changes the headline leaves out")
    fact_checks: tuple[str, ...] = doc(
        "facts newly verified, newly contradicted or settled since the baseline, a sentence "
        "each (e.g. 'DC23 (delivery-conditions): newly verified'); empty when none"
    )
    newly_weak: tuple[str, ...] = doc(
        "'framework/id' of the items and domains that now raise actions but did not at the "
        "baseline (comparable, at or above the action threshold then, below it now), and of "
        "gates newly failed: what makes an action a new priority"
    )


def _title(fp: FrameworkProgress, change: ScoreChange) -> str:
    framework = fp.current_framework
    if change.level == Level.FRAMEWORK:
        return framework.title
    if change.level == Level.DOMAIN:
        return next(d.title for d in framework.domains if d.id == change.id)
    return framework.items[change.id].text


def _change_view(
    fp: FrameworkProgress, change: ScoreChange, before: ScoreViews, after: ScoreViews
) -> ChangeView:
    # Two scores of other people or other questions are not set side by side: their
    # difference measures who answered, and when one more person of a hidden role answered,
    # it could be worked back to that person's answers (rule 4).
    if change.uncalled in UNLIKE:
        baseline = before.view(None, missing=NOT_LIKE_WITH_LIKE)
    else:
        baseline = before.view(
            change.baseline,
            change.baseline_band,
            change.baseline_interval,
            withheld=change.baseline_withheld,
            spanned=change.baseline_spanned,
        )
    current = after.view(
        change.current,
        change.current_band,
        change.current_interval,
        withheld=change.current_withheld,
        spanned=change.current_spanned,
    )
    places = _places(change, baseline.text, current.text, before.boundaries, after.boundaries)
    if places:
        baseline = _finer(baseline, change.baseline_interval, before.boundaries, places)
        current = _finer(current, change.current_interval, after.boundaries, places)
    difference = printed_difference(baseline.text, current.text)
    large = is_large_difference(baseline.text, current.text)
    return ChangeView(
        level=change.level.value,
        id=change.id,
        baseline_id=change.baseline_id if change.baseline_id != change.id else "",
        title=_title(fp, change),
        baseline=baseline,
        current=current,
        change=change.change.value,
        label=change_label(change.change, change.uncalled)
        + (
            contested_label(change.contested_then, change.contested_now)
            if change.contested and change.change == Change.CHANGED
            else ""
        ),
        difference=difference,
        why=OVERLAPPING if change.change == Change.NO_CLEAR_CHANGE and large else "",
    )


def _places(
    change: ScoreChange,
    then: str,
    now: str,
    before: Collection[float],
    after: Collection[float],
) -> int:
    """The decimals a change's two scores are printed with (`then` and `now` as usual): more
    than none when a changed fact's would read alike (rule 16); `before` and `after`: each
    side's boundaries (rule 15)."""
    if change.change != Change.CHANGED or then != now:
        return 0
    assert change.baseline is not None and change.current is not None
    return places_apart(change.baseline, change.current, before, after)


def _finer(
    view: ScoreView,
    interval: tuple[float, float] | None,
    boundaries: Collection[float],
    places: int,
) -> ScoreView:
    """A score and its interval printed with `places` decimals, so that the score never
    reads outside its interval ("5.30 (5–5)")."""
    assert view.value is not None  # a changed fact has a score on both sides
    ends = (
        "{}–{}".format(*(score_text(end, boundaries, places) for end in interval))
        if interval is not None and view.interval_text
        else view.interval_text
    )
    return dataclasses.replace(
        view, text=score_text(view.value, boundaries, places), interval_text=ends
    )


def _old_title(fp: FrameworkProgress, level: Level, ident: str) -> str:
    """An item's text or a domain's title, from whichever version has it (baseline first)."""
    for framework in (fp.baseline_framework, fp.current_framework):
        if level == Level.DOMAIN:
            found = next((d.title for d in framework.domains if d.id == ident), None)
        else:
            item = framework.items.get(ident)
            found = item.text if item else None
        if found:
            return found
    return ident


def _untracked(
    raiser: str, frameworks: dict[str, FrameworkProgress], uncompared: dict[str, Framework]
) -> str:
    """A raiser ('framework/id') that cannot be compared, for reading; `uncompared`: the
    frameworks only one side scored, by id."""
    framework_id, _, ident = raiser.partition("/")
    fp = frameworks.get(framework_id)
    if fp is None:
        alone = uncompared.get(framework_id)
        if alone is None:
            return f"{ident} (its framework was not scored in both)"
        domain = next((d.title for d in alone.domains if d.id == ident), None)
        item = alone.items.get(ident)
        name = (
            f"the domain '{apart(domain)}'"
            if domain
            else (apart(item_name(item.text)) if item else ident)
        )
        return f"{name} ({apart(alone.title)} was not scored in both)"
    record = next((n for n in fp.not_comparable if n.id == ident), None)
    if record is not None and record.level == Level.DOMAIN:
        return f"the domain '{apart(_old_title(fp, Level.DOMAIN, ident))}' (its questions changed)"
    name = apart(item_name(_old_title(fp, Level.ITEM, ident)))
    if record is not None and record.kind is not None:
        return f"{name} ({CHANGE_KINDS[record.kind]})"
    return name


def _score(value: float | None, framework: Framework) -> str:
    return score_text(value, score_boundaries(framework)) if value is not None else "–"


def _names(progress: Progress) -> dict[str, tuple[str, dict[str, str]]]:
    """Each compared framework's title and its items' words (the follow-up's, then the
    baseline's for items that have gone), for notes written with codes."""
    names: dict[str, tuple[str, dict[str, str]]] = {}
    for fp in progress.frameworks:
        current, baseline = fp.current_framework, fp.baseline_framework
        words = {i.id: i.text for i in baseline.items.values()}
        words.update({i.id: i.text for i in current.items.values()})
        names[fp.framework_id] = (current.title, words)
    return names


def _framework(
    fp: FrameworkProgress, names: dict[str, tuple[str, dict[str, str]]]
) -> FrameworkProgressView:
    before, after = ScoreViews(fp.baseline_framework), ScoreViews(fp.current_framework)
    items = [_change_view(fp, c, before, after) for c in fp.items]
    clear = tuple(c.value for c in CLEAR)
    gate_order = list(GateChange)
    gates = sorted(fp.gates, key=lambda g: gate_order.index(g.change))
    old, new = fp.baseline_framework.version, fp.current_framework.version
    added = [
        n.id for n in fp.not_comparable if n.level == Level.ITEM and n.kind == ChangeKind.ADDED
    ]
    return FrameworkProgressView(
        id=fp.framework_id,
        title=fp.current_framework.title,
        versions=new if old == new else f"{old} → {new}",
        same_version=old == new,
        current_version=new,
        overall=_change_view(fp, fp.overall, before, after) if fp.overall else None,
        domains=tuple(_change_view(fp, d, before, after) for d in fp.domains),
        clear_items=tuple(i for i in items if i.change in clear),
        items_compared=len(items),
        items_unclear=sum(
            1 for i in items if i.change in (Change.NO_CLEAR_CHANGE.value, Change.SAME.value)
        ),
        items_cannot_tell=sum(1 for i in items if i.change == Change.CANNOT_TELL.value),
        items_other_roles=sum(1 for c in fp.items if c.uncalled == Uncalled.ROLES_DIFFER),
        gates=tuple(
            GateView(
                g.item_id,
                fp.current_framework.items[g.item_id].text,
                _score(g.baseline, fp.baseline_framework),
                _score(g.current, fp.current_framework),
                g.change.value,
                gate_change_text(g.change, g.uncalled),
            )
            for g in gates
        ),
        not_comparable=tuple(
            NotComparableView(
                n.level.value,
                n.id,
                _old_title(fp, n.level, n.id),
                (CHANGE_KINDS[n.kind] if n.kind else CHANGED_UNSAID).capitalize(),
                in_words(n.note, fp.framework_id, names, n.id),
            )
            for n in fp.not_comparable
            if n.level == Level.ITEM and n.kind != ChangeKind.ADDED
        ),
        new_items=", ".join(added),
        new_item_count=len(added),
        domains_not_compared="; ".join(
            _old_title(fp, Level.DOMAIN, n.id) for n in fp.not_comparable if n.level == Level.DOMAIN
        ),
    )


def _step(
    step: StepProgress,
    frameworks: dict[str, FrameworkProgress],
    uncompared: dict[str, Framework],
) -> StepView:
    planned = step.step
    targets = []
    for target in step.targets:
        fp = next(
            fp
            for fp in frameworks.values()
            if target in (*fp.items, *fp.domains, *([fp.overall] if fp.overall else []))
        )
        targets.append(
            _change_view(
                fp, target, ScoreViews(fp.baseline_framework), ScoreViews(fp.current_framework)
            )
        )
    return StepView(
        id=planned.id,
        text=planned.text or planned.id,
        owner=planned.owner or "",
        due=format_date(planned.due) if planned.due else "",
        status=STATUS[planned.status],
        status_id=planned.status.value,
        reason=planned.reason or "",
        targets=tuple(targets),
        untracked="; ".join(_untracked(r, frameworks, uncompared) for r in step.untracked),
    )


# Statuses in the order a reader follows them: what is finished first.
STATUS_ORDER = (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.DROPPED)


def _steps_summary(steps: tuple[StepProgress, ...]) -> str:
    """'7 actions: 3 done, 2 in progress, 1 not started, 1 dropped' (or '')."""
    if not steps:
        return ""
    parts = []
    for status in STATUS_ORDER:
        n = sum(1 for step in steps if step.step.status == status)
        if n:
            parts.append(f"{n} {STATUS[status].lower()}")
    noun = "action" if len(steps) == 1 else "actions"
    return f"{len(steps)} {noun}: {', '.join(parts)}"


def _where(fp: FrameworkProgress, change: ScoreChange) -> str:
    if change.level == Level.FRAMEWORK:
        return fp.current_framework.title
    if change.level == Level.DOMAIN:
        return f"{apart(_title(fp, change))} ({apart(fp.current_framework.title)})"
    return item_name(_title(fp, change))


def _headline(progress: Progress, baseline_on: str) -> tuple[str, ...]:
    """The biggest clear changes (frameworks and domains, then questions to make up the
    number), then gates newly passed or failed, then the plan."""
    lines = []
    broad = progress.clear_changes()
    narrow = progress.clear_changes((Level.ITEM,))
    broad_compared = [
        change
        for fp in progress.frameworks
        for change in (*([fp.overall] if fp.overall else []), *fp.domains)
    ]
    unlike = sum(1 for change in broad_compared if change.uncalled in UNLIKE)
    if not broad and unlike < len(broad_compared):
        why = {change.uncalled or change.change for change in broad_compared}
        lines.append(
            nothing_changed_clearly(
                baseline_on,
                overlapping=Change.NO_CLEAR_CHANGE in why,
                few_people=Uncalled.FEW_PEOPLE in why,
                missing=bool(why & set(MISSING_ON_ONE_SIDE)),
                same_facts=Change.SAME in why,
            )
        )
    chosen = (broad + narrow)[:HEADLINE_CHANGES]
    for fp, change in chosen:
        word = CHANGE_VERBS[change.change]
        before = score_boundaries(fp.baseline_framework)
        after = score_boundaries(fp.current_framework)
        then = _score(change.baseline, fp.baseline_framework)
        now = _score(change.current, fp.current_framework)
        places = _places(change, then, now, before, after)
        if places:
            assert change.baseline is not None and change.current is not None
            then = score_text(change.baseline, before, places)
            now = score_text(change.current, after, places)
        # A question's line gives its scores, never to be read as its answers (a first
        # meeting's length in minutes, scored 33 of 100).
        scored = "scored " if change.level == Level.ITEM else ""
        disputed = (
            contested_change(change.contested_then, change.contested_now)
            if change.contested and change.change == Change.CHANGED
            else ""
        )
        lines.append(
            f"{_where(fp, change)} {word}: {scored}{then} then, {now} now "
            f"({printed_difference(then, now)}){disputed}."
        )
    if unlike:
        lines.append(unlike_scores(unlike, len(broad_compared)))
    for kind, verb in (
        (GateChange.NEWLY_PASSED, "now passed"),
        (GateChange.NEWLY_FAILED, "now failed"),
    ):
        # A fact asked once and reused guards each framework's gate: named once.
        names = list(
            dict.fromkeys(
                item_name(fp.current_framework.items[g.item_id].text)
                for fp in progress.frameworks
                for g in fp.gates
                if g.change == kind
            )
        )
        if names:
            lines.append(f"Essential conditions {verb}: {'; '.join(names)}.")
    if progress.steps:
        lines.append(f"Adopted after the baseline, {_steps_summary(progress.steps)}.")
    return tuple(lines)


def build_progress(progress: Progress) -> ProgressView:
    """Everything the progress section may show."""
    baseline = progress.baseline.assessment
    baseline_on = format_date(baseline.site.assessed_on)
    by_id = {fp.framework_id: fp for fp in progress.frameworks}
    names = _names(progress)
    plan = progress.plan
    current = progress.current.assessment.site
    doubtful = same_site(baseline.site, current).sameness == Sameness.DOUBTFUL
    # Frameworks scored on one side only, by id.
    uncompared = {
        fr.framework.id: fr.framework
        for fr in (*progress.current.frameworks, *progress.baseline.frameworks)
        if fr.framework.id not in by_id
    }
    return ProgressView(
        baseline_on=baseline_on,
        baseline_respondents=len(baseline.respondents),
        baseline_doubt=another_site(baseline.site.name, current.name) if doubtful else "",
        frameworks=tuple(_framework(fp, names) for fp in progress.frameworks),
        only_in_baseline=", ".join(uncompared[f].title for f in progress.only_in_baseline),
        only_in_current=", ".join(uncompared[f].title for f in progress.only_in_current),
        steps=tuple(_step(s, by_id, uncompared) for s in progress.steps),
        steps_summary=_steps_summary(progress.steps),
        plan_file=str(plan.path.parent.name + "/" + plan.path.name) if plan else "",
        headline=_headline(progress, baseline_on),
        more_changes=max(0, len(progress.clear_changes(_EVERY_LEVEL)) - HEADLINE_CHANGES),
        fact_checks=tuple(
            fact_check_text(
                fp.current_framework.title,
                fp.current_framework.items[check.item_id].text,
                check.change,
            )
            for fp in progress.frameworks
            for check in fp.fact_checks
        ),
        newly_weak=_newly_weak(progress),
    )


def _newly_weak(progress: Progress) -> tuple[str, ...]:
    """Items and domains that raise actions now and did not at the baseline, and gates that
    newly failed, as 'framework/id'. A score that other roles or questions are behind than
    at the baseline is not newly weak: what moved it may be who answered."""
    found: list[str] = []
    for fp in progress.frameworks:
        threshold = fp.current_framework.scoring.action_threshold
        for change in (*fp.domains, *fp.items):
            if (
                change.uncalled not in (*UNLIKE, Uncalled.ASSURANCE_DIFFERS)
                and change.baseline is not None
                and change.current is not None
                and change.baseline >= threshold > change.current
            ):
                found.append(f"{fp.framework_id}/{change.id}")
        found.extend(
            f"{fp.framework_id}/{g.item_id}"
            for g in fp.gates
            if g.change == GateChange.NEWLY_FAILED
        )
    return tuple(dict.fromkeys(found))


_EVERY_LEVEL = (Level.FRAMEWORK, Level.DOMAIN, Level.ITEM)
