"""The PDF action report: scores -> template context -> HTML -> a tagged, dated PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from readiness.assessment.plan import Plan
from readiness.render import render_template, template_folders, write_pdf
from readiness.report.context import build_context
from readiness.report.progress_view import build_progress
from readiness.scoring.model import AssessmentResult
from readiness.scoring.progress import Progress

TEMPLATE = "report.html"
SUMMARY_TEMPLATE = "summary.html"  # the short report for commissioners (at most 4 pages)


@dataclass(frozen=True)
class RenderedReport:
    """A report rendered in memory, ready to be written."""

    html: str
    pdf: bytes


def render_report(
    result: AssessmentResult,
    template_dir: Path | None = None,
    plan: Plan | None = None,
    summary: bool = False,
    progress: Progress | None = None,
) -> RenderedReport:
    """Render the report for a scored assessment (nothing is written); with `summary`, the
    short version for commissioners; with `progress`, its progress since a baseline."""
    folders = template_folders(template_dir)
    context = build_context(result, plan, build_progress(progress) if progress else None)
    html = render_template(SUMMARY_TEMPLATE if summary else TEMPLATE, folders, report=context)
    # Tagged for screen readers (PDF/UA-1), dated from the assessment, with a content-derived ID.
    pdf = write_pdf(
        html, folders, context.assessed_on_iso, pdf_variant="pdf/ua-1", pdf_identifier=True
    )
    return RenderedReport(html, pdf)
