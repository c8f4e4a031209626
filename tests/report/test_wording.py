"""The words readers see for structured results."""

from __future__ import annotations

from readiness.report.wording import disagreement_reason
from readiness.scoring.model import Disagreement, DisagreementKind


def test_disagreement_reasons_in_words() -> None:
    gap = Disagreement(DisagreementKind.ROLE_GAP, 62.5, "gp", 87.5, "link_worker", 25.0)
    assert disagreement_reason(gap) == "GP 88 vs Link worker 25"
    spread = Disagreement(DisagreementKind.SPREAD, 31.18)
    assert disagreement_reason(spread) == "wide spread of answers (SD 31)"
