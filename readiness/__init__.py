"""readiness: how ready a social prescribing site is to implement and sustain the service.

The public Python API (see `readiness.api` and the README's "Python API" section).
"""

from __future__ import annotations

from readiness.api import (
    format_scores,
    framework_schema,
    import_answers,
    list_frameworks,
    load,
    load_frameworks,
    score,
    show_framework,
    validate_frameworks,
    validation_report,
    write_questionnaire,
    write_report,
    write_scores,
)
from readiness.version import __version__

__all__ = [
    "__version__",
    "format_scores",
    "framework_schema",
    "import_answers",
    "list_frameworks",
    "load",
    "load_frameworks",
    "score",
    "show_framework",
    "validate_frameworks",
    "validation_report",
    "write_questionnaire",
    "write_report",
    "write_scores",
]
