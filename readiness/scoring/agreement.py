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
from readiness.scoring.model import Agreement, Disagreement, DisagreementKind, RoleScore


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


def agreement(
    values: Sequence[float],
    by_role: Sequence[RoleScore],
    gap_limit: float,
    spread_limit: float,
    group_rwg: float | None,
    cutoff: float,
) -> Agreement:
    """Disagreement flags and agreement for one published score.

    A gap is flagged when two shown roles' scores are `gap_limit` or more apart; a spread
    when three or more respondents' scores have a population standard deviation of
    `spread_limit` or more; agreement is low when r_wg is below `cutoff`."""
    shown = [r for r in by_role if r.score is not None]
    gap = None
    reasons = []
    if len(shown) >= 2:
        high = max(shown, key=lambda r: r.score or 0.0)
        low = min(shown, key=lambda r: r.score or 0.0)
        gap = (high.score or 0.0) - (low.score or 0.0)
        if gap >= gap_limit:
            reasons.append(
                Disagreement(
                    DisagreementKind.ROLE_GAP, gap, high.role, high.score, low.role, low.score
                )
            )
    spread = math.sqrt(_sum_of_squares(values) / len(values)) if len(values) >= 3 else None
    if spread is not None and spread >= spread_limit:
        reasons.append(Disagreement(DisagreementKind.SPREAD, spread))
    low_agreement = group_rwg is not None and group_rwg < cutoff
    return Agreement(bool(reasons), gap, spread, tuple(reasons), group_rwg, low_agreement)


NO_AGREEMENT = Agreement(False, None, None)
