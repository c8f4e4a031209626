"""The action plan: weak items and domains raise their actions, ranked by what they would fix.

Only published scores raise actions: a withheld score must not show through the plan.
"""

from __future__ import annotations

from collections.abc import Sequence

from readiness.framework.catalogue import version_key
from readiness.framework.model import Action
from readiness.scoring.arithmetic import running_sum
from readiness.scoring.model import DomainResult, FrameworkResult, Level, PlannedAction, Raiser
from readiness.vocabulary import SIZE_WEIGHTS


def effective_weights(domains: Sequence[DomainResult]) -> dict[str, float]:
    """Each domain's share of the framework score: its weight over the summed weights of the
    domains counted in the total. A domain reported apart (`in_total: false`) gets its own
    weight over the same sum, as if it counted."""
    total = running_sum(d.domain.weight for d in domains if d.domain.in_total)
    return {d.domain.id: d.domain.weight / total for d in domains}


def _once(raised: Sequence[str], actions: dict[str, Action]) -> list[str]:
    """The ids raised, with two that name the same (merged) action kept once (the first)."""
    seen: set[str] = set()
    kept = []
    for ident in raised:
        if actions[ident].id not in seen:
            seen.add(actions[ident].id)
            kept.append(ident)
    return kept


def plan_framework(
    framework_id: str,
    domains: Sequence[DomainResult],
    threshold: float,
    actions: dict[str, Action],
) -> tuple[PlannedAction, ...]:
    """A framework's actions: raised by published item scores below `threshold` (or by a
    failed critical gate, whatever its score) and by domain scores below it, each adding
    max(threshold - score, 0) x its effective weight; ranked gates first, then by importance,
    then in the framework's declared order of actions."""
    shares = effective_weights(domains)
    planned: dict[str, tuple[float, bool, list[Raiser]]] = {}

    def raise_action(raised_id: str, importance: float, raiser: Raiser) -> None:
        # An id the library merged into another action raises that action, once.
        action_id = actions[raised_id].id
        total, critical, raisers = planned.get(action_id, (0.0, False, []))
        planned[action_id] = (total + importance, critical or raiser.critical, [*raisers, raiser])

    for domain in domains:
        share = shares[domain.domain.id]
        item_total = running_sum(i.item.weight for i in domain.items)
        for item in domain.items:
            if item.score is None or (item.score >= threshold and not item.gate_failed):
                continue
            importance = max(threshold - item.score, 0.0) * share * item.item.weight / item_total
            ref = item.item.ref
            home = f"{ref.framework_id}/{ref.item_id}" if ref is not None else ""
            for action_id in _once(item.item.actions, actions):
                raise_action(
                    action_id,
                    importance,
                    Raiser(
                        Level.ITEM,
                        item.item.id,
                        item.score,
                        item.gate_failed,
                        framework_id,
                        importance,
                        home,
                    ),
                )
        if domain.score is not None and domain.score < threshold:
            importance = (threshold - domain.score) * share
            for action_id in _once(domain.domain.actions, actions):
                raise_action(
                    action_id,
                    importance,
                    Raiser(
                        Level.DOMAIN,
                        domain.domain.id,
                        domain.score,
                        False,
                        framework_id,
                        importance,
                    ),
                )
    by_id: dict[str, Action] = {}
    for action in actions.values():
        by_id.setdefault(action.id, action)
    position = {action_id: n for n, action_id in enumerate(by_id)}
    ranked = sorted(
        planned.items(), key=lambda kv: (not kv[1][1], -round(kv[1][0], 9), position[kv[0]])
    )
    return tuple(
        PlannedAction(framework_id, by_id[action_id], critical, importance, tuple(raisers), n)
        for n, (action_id, (importance, critical, raisers)) in enumerate(ranked, 1)
    )


def _merged(
    plans: Sequence[PlannedAction], kept: dict[str, Raiser], action: Action
) -> PlannedAction:
    """One action raised by several frameworks (`plans`, in the assessment's order), with the
    raisers `kept`, in the words of `action`: its importance adds each framework's kept raises
    in the order it raised them, then the frameworks' sums in order (rule 14). It is placed as
    the first framework with a kept raise placed it: a framework whose only raises were a
    reused question's repeats, which add nothing, does not decide its place either."""
    importance = 0.0
    raisers: list[Raiser] = []
    first: PlannedAction | None = None
    for planned in plans:
        own = [r for r in planned.raised_by if kept.get(r.key) is r]
        importance += running_sum(r.importance for r in own)
        raisers.extend(own)
        if own and first is None:
            first = planned
    first = first or plans[0]
    return PlannedAction(
        first.framework_id,
        action,
        any(r.critical for r in raisers),
        importance,
        tuple(raisers),
        first.priority,
    )


def merge_plans(results: Sequence[FrameworkResult]) -> tuple[PlannedAction, ...]:
    """Every framework's actions in one plan. The same step (same action id) raised by several
    frameworks appears once, with every raiser and the summed importance, in the words of the
    newest framework version that raised it (a bundled 1.0.0 framework words some of the
    shared library's actions its own way; the plan holds one action of an id); a fact
    asked once and reused by another framework (`from:`) raises it once, by its home item's
    raise (or, when its home framework did not raise it, its first reuse), so reuse cannot
    inflate the ranking. The plan is ranked gates first, then by importance, then by framework
    order and rank."""
    position = {r.framework.id: n for n, r in enumerate(results)}
    plans: dict[str, list[PlannedAction]] = {}
    kept: dict[str, dict[str, Raiser]] = {}
    worded: dict[str, tuple[tuple[object, ...], Action]] = {}
    for result in results:
        newness = version_key(result.framework.version)
        for planned in result.actions:
            key = planned.action.id
            plans.setdefault(key, []).append(planned)
            if key not in worded or newness > worded[key][0]:
                worded[key] = (newness, planned.action)
            _keep_raisers(kept.setdefault(key, {}), planned)
    merged = {key: _merged(found, kept[key], worded[key][1]) for key, found in plans.items()}
    combined = sorted(
        merged.values(),
        key=lambda a: (
            not a.critical,
            -round(a.importance, 9),
            position[a.framework_id],
            a.priority,
        ),
    )
    return tuple(
        PlannedAction(a.framework_id, a.action, a.critical, a.importance, a.raised_by, n)
        for n, a in enumerate(combined, 1)
    )


def _keep_raisers(chosen: dict[str, Raiser], planned: PlannedAction) -> None:
    """Keep one raise per raiser key: a reused question's home item's raise over its
    repeats."""
    for raiser in planned.raised_by:
        earlier = chosen.get(raiser.key)
        if earlier is None or (earlier.home and not raiser.home):
            chosen[raiser.key] = raiser


FIRST_QUARTER = 5  # at most this many actions to start with
UNSIZED_EFFORT = SIZE_WEIGHTS["medium"]  # an action whose effort is not stated


def effort_weight(action: Action) -> int:
    """How much work an action takes, as a number: small 1, medium 2, large 3."""
    return SIZE_WEIGHTS[action.effort] if action.effort else UNSIZED_EFFORT


def first_quarter(
    plan: Sequence[PlannedAction], limit: int = FIRST_QUARTER
) -> tuple[PlannedAction, ...]:
    """Where to start (rule 14): the actions raised by a failed gate, in the plan's order
    (by importance), then the rest by importance per unit of effort, up to `limit`. Ties keep
    the plan's order."""
    gates = [a for a in plan if a.critical]
    others = sorted(
        (a for a in plan if not a.critical),
        key=lambda a: (-round(a.importance / effort_weight(a.action), 9), a.priority),
    )
    return tuple([*gates, *others][:limit])
