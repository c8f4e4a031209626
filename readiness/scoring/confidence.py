"""How far to trust a framework's score: a label from the people behind it, the coverage, the
width of its interval, how far people agree, and (when known) the response rate."""

from __future__ import annotations

from readiness.assessment.model import Assessment
from readiness.scoring.model import ConfidenceReason, ResponseRate, RoleResponse
from readiness.vocabulary import ROLES, Confidence

# The thresholds, stated in the README ("Confidence"): local conventions, like the bands.
HIGH_RESPONDENTS = 5
HIGH_ROLES = 3
HIGH_COVERAGE = 0.8
HIGH_WIDTH = 15.0
HIGH_RESPONSE_RATE = 0.5
LOW_RESPONDENTS = 3
LOW_COVERAGE = 0.6
LOW_WIDTH = 30.0
LOW_RESPONSE_RATE = 0.3


def confidence(
    respondents: int,
    roles: int,
    coverage: float,
    interval: tuple[float, float] | None,
    agreement: float | None,
    rate: float | None,
    cutoff: float,
) -> tuple[Confidence, tuple[ConfidenceReason, ...]]:
    """The label, and what keeps it from being higher.

    Low: fewer than 3 people behind the score, under 60% coverage, no interval, an interval
    wider than 30 points, or a known response rate under 30%. High: at least 5 people from 3
    or more roles, 80% coverage, an interval at most 15 points wide, r_wg(J) at or above the
    agreement cut-off (when it can be worked out), and a response rate of 50% or more (when
    known). Medium otherwise."""
    width = interval[1] - interval[0] if interval is not None else None
    low = []
    if respondents < LOW_RESPONDENTS:
        low.append(ConfidenceReason.FEW_RESPONDENTS)
    if coverage < LOW_COVERAGE:
        low.append(ConfidenceReason.LOW_COVERAGE)
    if width is None:
        low.append(ConfidenceReason.NO_INTERVAL)
    elif width > LOW_WIDTH:
        low.append(ConfidenceReason.WIDE_INTERVAL)
    if rate is not None and rate < LOW_RESPONSE_RATE:
        low.append(ConfidenceReason.LOW_RESPONSE_RATE)
    if low:
        return Confidence.LOW, tuple(low)
    short = []
    if respondents < HIGH_RESPONDENTS:
        short.append(ConfidenceReason.FEW_RESPONDENTS)
    if roles < HIGH_ROLES:
        short.append(ConfidenceReason.FEW_ROLES)
    if coverage < HIGH_COVERAGE:
        short.append(ConfidenceReason.LOW_COVERAGE)
    if width is not None and width > HIGH_WIDTH:
        short.append(ConfidenceReason.WIDE_INTERVAL)
    if agreement is not None and agreement < cutoff:
        short.append(ConfidenceReason.LOW_AGREEMENT)
    if rate is not None and rate < HIGH_RESPONSE_RATE:
        short.append(ConfidenceReason.LOW_RESPONSE_RATE)
    return (Confidence.MEDIUM, tuple(short)) if short else (Confidence.HIGH, ())


def response_rate(assessment: Assessment) -> ResponseRate | None:
    """The response rate by role, from the site's `invited` counts (None when not given)."""
    invited = assessment.site.invited
    if not invited:
        return None
    responded = assessment.respondents_by_role()
    by_role = tuple(
        RoleResponse(role, invited[role], responded.get(role, 0))
        for role in ROLES
        if role in invited
    )
    total_invited = sum(r.invited for r in by_role)
    return ResponseRate(
        by_role=by_role,
        overall=sum(r.responded for r in by_role) / total_invited,
        unstated_roles=tuple(role for role in responded if role not in invited),
    )
