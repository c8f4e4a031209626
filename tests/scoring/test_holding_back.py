"""R = MC²: the domain that holds a framework back (rule 14), worked by hand on the bundled
follow-up's five mechanisms (five domains, all counted in the total) with scores set here."""

from __future__ import annotations

import dataclasses

import pytest

from readiness import api
from readiness.scoring.engine import holding_back
from readiness.scoring.model import FrameworkResult

from ..helpers import RIVERSIDE


@pytest.fixture(scope="module")
def five() -> FrameworkResult:
    return api.score(RIVERSIDE).frameworks[0]


def with_scores(result: FrameworkResult, scores: list[float | None]) -> FrameworkResult:
    domains = tuple(
        dataclasses.replace(d, score=s) for d, s in zip(result.domains, scores, strict=True)
    )
    return dataclasses.replace(result, domains=domains)


@pytest.mark.parametrize(
    ("scores", "held"),
    [
        ([60, 60, 60, 40, 60], 3),  # the others' mean is 60: 20 below holds the rest back
        ([60, 60, 60, 41, 60], None),  # 19 below does not
        ([30, 60, 60, 30, 60], 0),  # a tie: the first in order; the others' mean is 52.5
        ([30, 60, 60, 35, 60], 0),  # 53.75 - 30 = 23.75
        ([10, None, None, 60, None], None),  # fewer than three scored domains
    ],
)
def test_the_weakest_domain_holds_the_rest_back_when_far_below(
    five: FrameworkResult, scores: list[float | None], held: int | None
) -> None:
    found = holding_back(with_scores(five, scores))
    assert (found.domain.id if found else None) == (
        five.domains[held].domain.id if held is not None else None
    )
