"""readiness: how ready a social prescribing site is to implement and sustain the service.

The public Python API (see `readiness.api` and the README's "Python API" section).
"""

from __future__ import annotations

from readiness.api import (
    compare,
    format_scores,
    framework_schema,
    import_answers,
    list_frameworks,
    load,
    load_frameworks,
    progress,
    score,
    show_framework,
    validate_frameworks,
    validation_report,
    write_plan,
    write_questionnaire,
    write_report,
    write_reports,
    write_scores,
)
from readiness.version import __version__

__all__ = [
    "__version__",
    "compare",
    "format_scores",
    "framework_schema",
    "import_answers",
    "list_frameworks",
    "load",
    "load_frameworks",
    "progress",
    "score",
    "show_framework",
    "validate_frameworks",
    "validation_report",
    "write_plan",
    "write_questionnaire",
    "write_report",
    "write_reports",
    "write_scores",
]
