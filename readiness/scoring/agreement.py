"""Agreement within a group: r_wg for one item, r_wg(J) across a domain's items, and the
disagreement flags (a gap between roles, a wide spread of answers).

r_wg and r_wg(J) follow James, Demaree & Wolf (1984), with the uniform ("rectangular") null
distribution for each item's scale, truncated to 0..1 as LeBreton & Senter (2008) advise.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from readiness.framework.model import Scale
from readiness.scoring.model import Agreement, Disagreement, DisagreementKind


def null_variance(scale: Scale) -> float | None:
    """The variance of answers chosen uniformly at random among the scale's scored options,
    on the 0-100 score scale (sigma^2_EU); None for a numeric fact, which has no options.
    Worked out once per scale (`Scale.uniform_variance`)."""
    return scale.uniform_variance


def _sum_of_squares(values: Sequence[float]) -> float:
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values)


def variance_ratio(scores: Sequence[float], scale: Scale) -> float | None:
    """S^2 / sigma^2_EU: the observed (sample) variance of a group's item scores over the
    uniform null's; None with fewer than two scores or a scale without options."""
    expected = null_variance(scale)
    if expected is None or len(scores) < 2:
        return None
    return _sum_of_squares(scores) / (len(scores) - 1) / expected


def rwg(ratio: float | None) -> float | None:
    """r_wg = 1 - S^2 / sigma^2_EU, truncated to 0..1."""
    if ratio is None:
        return None
    return min(1.0, max(0.0, 1.0 - ratio))


def rwg_j(ratios: Sequence[float]) -> float | None:
    """r_wg(J) over J items: J(1 - r) / (J(1 - r) + r), where r is the mean of the items'
    S^2 / sigma^2_EU (for items on one scale this is James, Demaree & Wolf's formula with the
    mean observed variance); truncated to 0..1. None when no item has a ratio."""
    if not ratios:
        return None
    mean_ratio = statistics.fmean(ratios)
    if mean_ratio >= 1:
        return 0.0
    items = len(ratios)
    return items * (1 - mean_ratio) / (items * (1 - mean_ratio) + mean_ratio)


def population_spread(values: Sequence[float]) -> float | None:
    """The population standard deviation of three or more scores (None for fewer)."""
    if len(values) < 3:
        return None
    return math.sqrt(_sum_of_squares(values) / len(values))


def largest_gap(views: dict[str, dict[str, tuple[float, float]]]) -> Disagreement | None:
    """The largest gap between two roles' views, each pair compared on the items both of
    them have a shown view of.

    `views` maps each role (in the vocabulary's order) to {item id: (its view, item weight)}.
    A pair's gap is the difference between the weight-weighted means of the two roles' views
    over their common items, so two roles are never compared on different questions; pairs
    with no common item are not compared. On equal gaps the first pair in role order wins."""
    roles = list(views)
    best: Disagreement | None = None
    for n, first in enumerate(roles):
        for second in roles[n + 1 :]:
            common = [i for i in views[first] if i in views[second]]
            if not common:
                continue
            weight = math.fsum(views[first][i][1] for i in common)
            if weight <= 0:
                continue
            mean_a = math.fsum(views[first][i][0] * views[first][i][1] for i in common) / weight
            mean_b = math.fsum(views[second][i][0] * views[second][i][1] for i in common) / weight
            gap = abs(mean_a - mean_b)
            if best is not None and gap <= best.value:
                continue
            (high, high_score), (low, low_score) = sorted(
                ((first, mean_a), (second, mean_b)), key=lambda pair: -pair[1]
            )
            best = Disagreement(DisagreementKind.ROLE_GAP, gap, high, high_score, low, low_score)
    return best


def agreement(
    gap: Disagreement | None,
    spread: float | None,
    gap_limit: float,
    spread_limit: float,
    group_rwg: float | None,
    cutoff: float,
) -> Agreement:
    """Disagreement flags and agreement for one published score.

    A gap is flagged when two shown roles' views of the same items are `gap_limit` or more
    apart; a spread when it is `spread_limit` or more; agreement is low when r_wg is below
    `cutoff`."""
    reasons = []
    if gap is not None and gap.value >= gap_limit:
        reasons.append(gap)
    if spread is not None and spread >= spread_limit:
        reasons.append(Disagreement(DisagreementKind.SPREAD, spread))
    low_agreement = group_rwg is not None and group_rwg < cutoff
    return Agreement(
        bool(reasons),
        gap.value if gap is not None else None,
        spread,
        tuple(reasons),
        group_rwg,
        low_agreement,
    )


NO_AGREEMENT = Agreement(False, None, None)
