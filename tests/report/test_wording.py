"""The words readers see for structured results."""

from __future__ import annotations

import pytest

from readiness.report.wording import disagreement_reason, score_text
from readiness.scoring.model import Disagreement, DisagreementKind


def test_disagreement_reasons_in_words() -> None:
    gap = Disagreement(DisagreementKind.ROLE_GAP, 62.5, "gp", 87.5, "link_worker", 25.0)
    assert disagreement_reason(gap) == "GP 88 vs Link worker 25"
    spread = Disagreement(DisagreementKind.SPREAD, 31.18)
    assert disagreement_reason(spread) == "wide spread of answers (SD 31)"


@pytest.mark.parametrize(
    ("value", "whole", "one_decimal"),
    [
        (62.5, "63", "62.5"),  # half up, never half to even
        (59.4, "59", "59.4"),
        (59.72, "59.7", "59.7"),  # "60" would read as the next band
        (39.8, "39.8", "39.8"),
        (59.96, "59.9", "59.9"),  # one decimal reaches 60.0 too: cut, not rounded
        (59.94, "59.9", "59.9"),
        (79.999, "79.9", "79.9"),
        (60.0, "60", "60.0"),  # at the boundary: its own band
        (60.4, "60", "60.4"),
        (99.6, "100", "99.6"),  # 100 is no boundary
    ],
)
def test_a_score_is_never_shown_in_the_next_band(
    value: float, whole: str, one_decimal: str
) -> None:
    boundaries = {40.0, 60.0, 80.0}
    assert score_text(value, boundaries) == whole
    assert score_text(value, boundaries, 1) == one_decimal
