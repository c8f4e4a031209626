"""The action report: scores -> template context -> one HTML document -> a tagged, dated PDF.

The HTML is the document: the PDF is printed from it, and `--format html` writes it as it is
(CSS inline, charts as inline SVG, nothing fetched), so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from readiness.assessment.plan import Plan
from readiness.render import render_template, template_folders, write_pdf
from readiness.report.context import build_context
from readiness.report.progress_view import build_progress
from readiness.scoring.model import AssessmentResult
from readiness.scoring.progress import Progress
from readiness.vocabulary import ReportFormat

TEMPLATE = "report.html"
SUMMARY_TEMPLATE = "summary.html"  # the short report for commissioners (at most 4 pages)


@dataclass(frozen=True)
class RenderedReport:
    """A report rendered in memory, ready to be written: the HTML document, and the PDF
    printed from it when one was asked for (else empty)."""

    html: str
    pdf: bytes = b""

    def data(self, fmt: ReportFormat) -> bytes:
        """The bytes of the report in `fmt`."""
        return self.pdf if fmt == ReportFormat.PDF else self.html.encode("utf-8")


def render_report(
    result: AssessmentResult,
    template_dir: Path | None = None,
    plan: Plan | None = None,
    summary: bool = False,
    progress: Progress | None = None,
    pdf: bool = True,
) -> RenderedReport:
    """Render the report for a scored assessment (nothing is written); with `summary`, the
    short version for commissioners; with `progress`, its progress since a baseline; without
    `pdf`, the HTML alone (a fraction of the time: no page layout)."""
    folders = template_folders(template_dir)
    context = build_context(result, plan, build_progress(progress) if progress else None)
    html = render_template(SUMMARY_TEMPLATE if summary else TEMPLATE, folders, report=context)
    if not pdf:
        return RenderedReport(html)
    # Tagged for screen readers (PDF/UA-1), dated from the assessment, with a content-derived ID.
    data = write_pdf(
        html, folders, context.assessed_on_iso, pdf_variant="pdf/ua-1", pdf_identifier=True
    )
    return RenderedReport(html, data)
