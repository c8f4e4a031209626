"""readiness: how ready a social prescribing site is to implement and sustain the service.

The public Python API (see `readiness.api` and the README's "Python API" section).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readiness.version import __version__

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    # The API loads on first use, so the command line (which imports this package first)
    # starts without numpy and the scoring code for `--help` or `frameworks list`.
    if name in __all__:
        from readiness import api

        return getattr(api, name)
    raise AttributeError(f"module 'readiness' has no attribute {name!r}")
