"""The confidence label: people, coverage, interval width, agreement and response rate."""

from __future__ import annotations

import pytest

from readiness import api
from readiness.scoring.confidence import confidence
from readiness.scoring.model import ConfidenceReason as Why
from readiness.vocabulary import Confidence

from ..helpers import DATA


@pytest.mark.parametrize(
    ("args", "label", "reasons"),
    [
        # people, roles, coverage, interval, r_wg(J), response rate
        ((5, 3, 0.8, (40.0, 55.0), 0.7, None), Confidence.HIGH, ()),
        ((5, 3, 0.8, (40.0, 55.0), 0.7, 0.5), Confidence.HIGH, ()),
        ((5, 3, 0.8, (40.0, 55.0), None, None), Confidence.HIGH, ()),
        ((4, 3, 0.8, (40.0, 55.0), 0.9, None), Confidence.MEDIUM, (Why.FEW_RESPONDENTS,)),
        ((6, 2, 0.9, (40.0, 50.0), 0.9, None), Confidence.MEDIUM, (Why.FEW_ROLES,)),
        ((6, 3, 0.79, (40.0, 50.0), 0.9, None), Confidence.MEDIUM, (Why.LOW_COVERAGE,)),
        ((6, 3, 0.9, (40.0, 55.5), 0.9, None), Confidence.MEDIUM, (Why.WIDE_INTERVAL,)),
        ((6, 3, 0.9, (40.0, 50.0), 0.69, None), Confidence.MEDIUM, (Why.LOW_AGREEMENT,)),
        ((6, 3, 0.9, (40.0, 50.0), 0.9, 0.49), Confidence.MEDIUM, (Why.LOW_RESPONSE_RATE,)),
        ((2, 1, 1.0, (50.0, 50.0), None, None), Confidence.LOW, (Why.FEW_RESPONDENTS,)),
        ((9, 4, 0.59, (40.0, 50.0), 0.9, None), Confidence.LOW, (Why.LOW_COVERAGE,)),
        ((9, 4, 0.9, None, 0.9, None), Confidence.LOW, (Why.NO_INTERVAL,)),
        ((9, 4, 0.9, (40.0, 70.5), 0.9, None), Confidence.LOW, (Why.WIDE_INTERVAL,)),
        ((9, 4, 0.9, (40.0, 50.0), 0.9, 0.29), Confidence.LOW, (Why.LOW_RESPONSE_RATE,)),
    ],
)
def test_confidence_rules(
    args: tuple[int, int, float, tuple[float, float] | None, float | None, float | None],
    label: Confidence,
    reasons: tuple[Why, ...],
) -> None:
    assert confidence(*args, cutoff=0.7) == (label, reasons)


def test_response_rate_from_the_invitations() -> None:
    result = api.score(
        DATA / "assessments" / "privacy", frameworks_dirs=[DATA / "frameworks" / "privacy"]
    )
    rate = result.response_rate
    assert rate is not None
    # 9 answered of 6 + 4 + 3 + 10 + 1 = 24 invited.
    assert rate.overall == pytest.approx(9 / 24)
    assert [(r.role, r.invited, r.responded) for r in rate.by_role] == [
        ("gp", 6, 3),
        ("reception", 4, 1),
        ("link_worker", 3, 3),
        ("lw_manager", 1, 1),
        ("client", 10, 1),
    ]
    fw = result.frameworks[0]
    assert fw.confidence == Confidence.MEDIUM
    assert Why.LOW_RESPONSE_RATE in fw.confidence_reasons
