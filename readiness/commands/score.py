"""`readiness score`: score an assessment and print (or write) the result."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from readiness.catalogue import load_catalogue
from readiness.exports import to_csv, to_json_data, to_table
from readiness.responses import load_assessment
from readiness.scoring import AssessmentResult, score_assessment


def score(
    assessment_path: Path, frameworks: Sequence[str] = (), extra_dirs: Sequence[Path] = ()
) -> AssessmentResult:
    """Load, validate and score an assessment."""
    catalogue = load_catalogue(extra_dirs)
    assessment = load_assessment(assessment_path, catalogue, frameworks)
    return score_assessment(assessment)


def render(result: AssessmentResult, fmt: str, with_items: bool = False) -> str:
    """The result in the requested format."""
    if fmt == "json":
        return json.dumps(to_json_data(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return to_csv(result, with_items)
    return to_table(result)
