"""readiness: how ready a social prescribing site is to implement and sustain the service.

The public Python API: the functions of `readiness.api` and the types they take and return,
all importable from here (see docs/api.md).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from readiness.version import __version__

if TYPE_CHECKING:
    from readiness.api import (
        WrittenPortfolio,
        WrittenReport,
        compare,
        format_scores,
        framework_schema,
        import_answers,
        import_by_site,
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
    from readiness.assessment.model import Assessment
    from readiness.assessment.plan import Plan, PlanUpdate
    from readiness.batch.sites import WrittenReports
    from readiness.collect.by_site import BySiteResult
    from readiness.collect.importer import ImportResult
    from readiness.collect.questionnaire import Questionnaire
    from readiness.errors import InputError, OutputError, Problem, ReadinessError, RenderError
    from readiness.framework.catalogue import Catalogue
    from readiness.framework.checks import CheckedFile
    from readiness.scoring.model import AssessmentResult
    from readiness.scoring.progress import Progress

# The module that defines each public type; every other public name is a function (or result)
# of `readiness.api`. All load on first use, so the command line (which imports this package
# first) starts without numpy and the scoring code for `--help`.
_TYPE_HOMES = {
    "WrittenReports": "readiness.batch.sites",
    "Assessment": "readiness.assessment.model",
    "AssessmentResult": "readiness.scoring.model",
    "BySiteResult": "readiness.collect.by_site",
    "Catalogue": "readiness.framework.catalogue",
    "Checklist": "readiness.audit.checklist",
    "CheckedFile": "readiness.framework.checks",
    "ImportResult": "readiness.collect.importer",
    "InputError": "readiness.errors",
    "OutputError": "readiness.errors",
    "Plan": "readiness.assessment.plan",
    "PlanUpdate": "readiness.assessment.plan",
    "Problem": "readiness.errors",
    "Progress": "readiness.scoring.progress",
    "Questionnaire": "readiness.collect.questionnaire",
    "ReadinessError": "readiness.errors",
    "RenderError": "readiness.errors",
    "Review": "readiness.assessment.model",
}

__all__ = [
    "Assessment",
    "AssessmentResult",
    "BySiteResult",
    "Catalogue",
    "CheckedFile",
    "Checklist",
    "ImportResult",
    "InputError",
    "OutputError",
    "Plan",
    "PlanUpdate",
    "Problem",
    "Progress",
    "Questionnaire",
    "ReadinessError",
    "RenderError",
    "Review",
    "WrittenPortfolio",
    "WrittenReport",
    "WrittenReports",
    "__version__",
    "compare",
    "format_scores",
    "framework_schema",
    "import_answers",
    "import_by_site",
    "import_checklist",
    "is_checklist",
    "list_frameworks",
    "load",
    "load_frameworks",
    "progress",
    "score",
    "show_framework",
    "validate_frameworks",
    "validation_report",
    "write_checklist",
    "write_plan",
    "write_questionnaire",
    "write_report",
    "write_reports",
    "write_scores",
]


def __getattr__(name: str) -> Any:
    if name not in __all__ or name == "__version__":
        raise AttributeError(f"module 'readiness' has no attribute {name!r}")
    return getattr(importlib.import_module(_TYPE_HOMES.get(name, "readiness.api")), name)
