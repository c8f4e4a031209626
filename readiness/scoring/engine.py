"""Scoring: (framework, respondents) -> traceable scores, bands, agreement and an action plan.

Pure functions with no I/O and no wording. Every rule here is stated in README.md ("How
scores are worked out") and in the method section of every report; change them together.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from readiness.assessment.model import Answer, Assessment, Respondent
from readiness.framework.model import Domain, Framework, Item
from readiness.scoring.model import (
    Agreement,
    AssessmentResult,
    Counts,
    Disagreement,
    DisagreementKind,
    DomainResult,
    FrameworkResult,
    ItemResult,
    Level,
    PlannedAction,
    Raiser,
    RoleScore,
)
from readiness.vocabulary import ROLES, AnswerKind, Confidence


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Sum(w * x) / sum(w) over (x, w) pairs; None for no pairs."""
    pairs = list(pairs)
    total = sum(w for _, w in pairs)
    if not pairs or total == 0:
        return None
    return sum(x * w for x, w in pairs) / total


def item_score(item: Item, answer: Answer) -> float | None:
    """One respondent's score for an item on 0-100; None for don't know / not applicable."""
    if answer.kind != AnswerKind.SCORED or answer.value is None:
        return None
    return item.scale.score(answer.value, reverse=item.reverse)


def framework_respondents(
    framework: Framework, respondents: Sequence[Respondent]
) -> list[Respondent]:
    """The respondents who gave at least one answer (of any kind) in this framework."""
    return [r for r in respondents if r.answers.get(framework.id)]


def score_item(framework: Framework, item: Item, respondents: Sequence[Respondent]) -> ItemResult:
    """Score one item across the framework's respondents."""
    settings = framework.scoring
    scores: list[tuple[str, float]] = []
    dont_know = 0
    not_applicable: Counter[str] = Counter()
    not_answered = 0
    for respondent in respondents:
        answer = respondent.answers.get(framework.id, {}).get(item.id)
        if answer is None:
            if item.asks(respondent.role):
                not_answered += 1
            continue
        value = item_score(item, answer)
        if value is not None:
            scores.append((respondent.role, value))
        elif answer.kind == AnswerKind.DONT_KNOW:
            dont_know += 1
        else:
            not_applicable[answer.reason or "unspecified"] += 1
    values = [v for _, v in scores]
    mean = statistics.fmean(values) if values else None
    by_role = _role_means(scores, settings.min_role_group)
    agreement = _agreement(values, by_role, settings.disagreement_gap, settings.disagreement_spread)
    return ItemResult(
        item=item,
        score=mean,
        band=framework.band_for(mean) if mean is not None else None,
        counts=Counts(len(values), dont_know, dict(sorted(not_applicable.items())), not_answered),
        respondent_scores=tuple(values),
        by_role=by_role,
        agreement=agreement,
        gate_failed=item.critical and mean is not None and mean < settings.critical_threshold,
    )


def _role_means(scores: Sequence[tuple[str, float]], min_group: int) -> tuple[RoleScore, ...]:
    grouped: dict[str, list[float]] = {}
    for role, value in scores:
        grouped.setdefault(role, []).append(value)
    return tuple(
        RoleScore(
            role,
            len(grouped[role]),
            statistics.fmean(grouped[role]) if len(grouped[role]) >= min_group else None,
        )
        for role in ROLES
        if role in grouped
    )


def _agreement(
    values: Sequence[float], by_role: Sequence[RoleScore], gap_limit: float, spread_limit: float
) -> Agreement:
    shown = [r for r in by_role if r.score is not None]
    gap = None
    reasons = []
    if len(shown) >= 2:
        high = max(shown, key=lambda r: r.score or 0)
        low = min(shown, key=lambda r: r.score or 0)
        gap = (high.score or 0) - (low.score or 0)
        if gap >= gap_limit:
            reasons.append(
                Disagreement(
                    DisagreementKind.ROLE_GAP, gap, high.role, high.score, low.role, low.score
                )
            )
    spread = statistics.pstdev(values) if len(values) >= 3 else None
    if spread is not None and spread >= spread_limit:
        reasons.append(Disagreement(DisagreementKind.SPREAD, spread))
    return Agreement(bool(reasons), gap, spread, tuple(reasons))


def score_domain(
    framework: Framework, domain: Domain, respondents: Sequence[Respondent]
) -> DomainResult:
    """Score a domain: the weighted mean of its items' site scores, if coverage allows."""
    settings = framework.scoring
    items = tuple(score_item(framework, item, respondents) for item in domain.items)
    total_weight = sum(i.item.weight for i in items)
    scored = [(i.score, i.item.weight) for i in items if i.score is not None]
    coverage = sum(w for _, w in scored) / total_weight
    score = weighted_mean(scored) if coverage >= settings.min_coverage else None
    counts = sum((i.counts for i in items), Counts())
    per_respondent = _respondent_domain_scores(framework, domain, respondents)
    by_role = _role_means(per_respondent, settings.min_role_group)
    agreement = _agreement(
        [v for _, v in per_respondent],
        by_role,
        settings.disagreement_gap,
        settings.disagreement_spread,
    )
    return DomainResult(
        domain=domain,
        score=score,
        band=framework.band_for(score) if score is not None else None,
        coverage=coverage,
        counts=counts,
        by_role=by_role,
        agreement=agreement,
        items=items,
    )


def _respondent_domain_scores(
    framework: Framework, domain: Domain, respondents: Sequence[Respondent]
) -> list[tuple[str, float]]:
    """Each respondent's own domain score: the weighted mean of the items they scored."""
    out = []
    for respondent in respondents:
        answers = respondent.answers.get(framework.id, {})
        pairs = []
        for item in domain.items:
            answer = answers.get(item.id)
            value = item_score(item, answer) if answer is not None else None
            if value is not None:
                pairs.append((value, item.weight))
        mean = weighted_mean(pairs)
        if mean is not None:
            out.append((respondent.role, mean))
    return out


def score_framework(framework: Framework, all_respondents: Sequence[Respondent]) -> FrameworkResult:
    """Score a framework for a site's respondents."""
    settings = framework.scoring
    respondents = framework_respondents(framework, all_respondents)
    domains = tuple(score_domain(framework, d, respondents) for d in framework.domains)
    counted = [d for d in domains if d.domain.in_total]
    total_weight = sum(d.domain.weight for d in counted)
    scored = [(d.score, d.domain.weight) for d in counted if d.score is not None]
    coverage = sum(w for _, w in scored) / total_weight
    score = weighted_mean(scored) if coverage >= settings.min_coverage else None
    uncapped = framework.band_for(score) if score is not None else None
    items = [i for d in domains for i in d.items]
    failed = tuple(i for i in items if i.gate_failed)
    band = uncapped
    cap = framework.band(settings.cap_band)
    capped_by: tuple[ItemResult, ...] = ()
    if band is not None and failed and band.min > cap.min:
        band, capped_by = cap, failed
    by_role = Counter(r.role for r in respondents)
    roles = {role: by_role[role] for role in ROLES if by_role[role]}
    result = FrameworkResult(
        framework=framework,
        score=score,
        band=band,
        uncapped_band=uncapped,
        capped_by=capped_by,
        critical_unknown=tuple(i.item for i in items if i.item.critical and i.score is None),
        coverage=coverage,
        respondents=roles,
        confidence=confidence(len(respondents), len(roles), coverage),
        domains=domains,
        actions=(),
    )
    return _with_actions(result)


def confidence(respondents: int, roles: int, coverage: float) -> Confidence:
    """A plain label for how far to trust a framework's score (rule stated in the README)."""
    if respondents >= 5 and roles >= 3 and coverage >= 0.8:
        return Confidence.HIGH
    if respondents >= 3 and coverage >= 0.6:
        return Confidence.MEDIUM
    return Confidence.LOW


def _with_actions(result: FrameworkResult) -> FrameworkResult:
    framework = result.framework
    threshold = framework.scoring.action_threshold
    # Shares follow each item's weight in the framework score; a domain reported apart
    # (in_total: false) is weighed as if it were one more domain.
    domain_total = sum(d.domain.weight for d in result.domains if d.domain.in_total)
    planned: dict[str, tuple[float, bool, list[Raiser]]] = {}

    def raise_action(action_id: str, importance: float, raiser: Raiser) -> None:
        total, critical, raisers = planned.get(action_id, (0.0, False, []))
        planned[action_id] = (total + importance, critical or raiser.critical, [*raisers, raiser])

    for domain in result.domains:
        domain_share = domain.domain.weight / domain_total
        item_total = sum(i.item.weight for i in domain.items)
        for item in domain.items:
            if item.score is None or (item.score >= threshold and not item.gate_failed):
                continue
            share = domain_share * item.item.weight / item_total
            importance = max(threshold - item.score, 0.0) * share
            for action_id in item.item.actions:
                raise_action(
                    action_id,
                    importance,
                    Raiser(Level.ITEM, item.item.id, item.score, item.gate_failed, framework.id),
                )
        if domain.score is not None and domain.score < threshold:
            importance = (threshold - domain.score) * domain_share
            for action_id in domain.domain.actions:
                raise_action(
                    action_id,
                    importance,
                    Raiser(Level.DOMAIN, domain.domain.id, domain.score, False, framework.id),
                )
    order = list(framework.actions)
    actions = tuple(
        PlannedAction(
            framework.id, framework.actions[action_id], critical, importance, tuple(raisers)
        )
        for action_id, (importance, critical, raisers) in sorted(
            planned.items(),
            key=lambda kv: (not kv[1][1], -round(kv[1][0], 9), order.index(kv[0])),
        )
    )
    ranked = tuple(_ranked(actions))
    return FrameworkResult(**{**result.__dict__, "actions": ranked})


def _ranked(actions: Sequence[PlannedAction]) -> list[PlannedAction]:
    return [
        PlannedAction(a.framework_id, a.action, a.critical, a.importance, a.raised_by, n)
        for n, a in enumerate(actions, 1)
    ]


def score_assessment(assessment: Assessment) -> AssessmentResult:
    """Score every framework of an assessment and rank all their actions together.

    The same step raised by several frameworks (same action id and text) appears once in the
    combined plan, with every item that raised it and the summed importance.
    """
    results = tuple(score_framework(f, assessment.respondents) for f in assessment.frameworks)
    position = {r.framework.id: n for n, r in enumerate(results)}
    merged: dict[tuple[str, str], PlannedAction] = {}
    for planned in (a for r in results for a in r.actions):
        key = (planned.action.id, planned.action.text)
        earlier = merged.get(key)
        merged[key] = (
            planned
            if earlier is None
            else PlannedAction(
                earlier.framework_id,
                earlier.action,
                earlier.critical or planned.critical,
                earlier.importance + planned.importance,
                earlier.raised_by + planned.raised_by,
                earlier.priority,
            )
        )
    combined = sorted(
        merged.values(),
        key=lambda a: (
            not a.critical,
            -round(a.importance, 9),
            position[a.framework_id],
            a.priority,
        ),
    )
    return AssessmentResult(assessment, results, tuple(_ranked(combined)))
