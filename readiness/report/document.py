"""The action report: scores -> template context -> one HTML document -> a tagged, dated PDF.

The HTML is the document: the PDF is printed from it, and `--format html` writes it as it is
(CSS inline, charts as inline SVG, a template's pictures inside it, nothing fetched), so the
two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from readiness.assessment.plan import Plan
from readiness.render import render_template, template_folders, write_pdf
from readiness.report.context import FrameworkView, ReportContext, build_context
from readiness.report.progress_view import build_progress
from readiness.scoring.model import AssessmentResult
from readiness.scoring.progress import Progress
from readiness.standalone import self_contained
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
    if not summary:
        html = self_contained(render_template(TEMPLATE, folders, report=context), folders)
        return RenderedReport(html, _pdf(html, folders, context) if pdf else b"")
    html = _summary_html(folders, context, context.frameworks, len(context.frameworks))
    if not pdf:
        return RenderedReport(html)
    data = _pdf(html, folders, context)
    if _pages(data) <= SUMMARY_PAGES:
        return RenderedReport(html, data)
    # The least left out that fits, found by halving: each step shows less than the one
    # before, so the pages never grow along them (the last step is used if none fits).
    steps = list(_fewer(len(context.frameworks)))
    low, high = 0, len(steps) - 1
    best: tuple[str, bytes] | None = None
    while low <= high:
        middle = (low + high) // 2
        frameworks, in_strip = steps[middle]
        html = _summary_html(folders, context, context.frameworks[:frameworks], in_strip)
        data = _pdf(html, folders, context)
        if _pages(data) <= SUMMARY_PAGES:
            best, high = (html, data), middle - 1
        else:
            low = middle + 1
    if best is None and steps:
        frameworks, in_strip = steps[-1]
        html = _summary_html(folders, context, context.frameworks[:frameworks], in_strip)
        best = (html, _pdf(html, folders, context))
    html, data = best or (html, data)
    return RenderedReport(html, data)


# The most pages the short report may run to, whatever the site and its frameworks.
SUMMARY_PAGES = 4


def _fewer(count: int) -> Iterator[tuple[int, int]]:
    """What the short report shows when it does not fit, each step less than the one before:
    (frameworks in its tables, of them those in the heat strip). The heat strip of every
    domain grows fastest (frameworks of a site's own can have dozens of domains), so it
    gives way first, the last framework first; then the tables do."""
    for in_strip in range(count - 1, -1, -1):
        yield count, in_strip
    for frameworks in range(count - 1, 0, -1):
        yield frameworks, 0


def _summary_html(
    folders: list[Path], context: ReportContext, frameworks: Sequence[FrameworkView], in_strip: int
) -> str:
    """The short report showing `frameworks` (the first of the site's) in its tables and the
    first `in_strip` of them in the heat strip; the template says what it leaves out."""
    shown = dataclasses.replace(context, frameworks=tuple(frameworks))
    html = render_template(
        SUMMARY_TEMPLATE,
        folders,
        report=shown,
        left_out=context.frameworks[len(frameworks) :],
        strip=shown.frameworks[:in_strip],
        strip_left_out=shown.frameworks[in_strip:],
    )
    return self_contained(html, folders)


def _pdf(html: str, folders: list[Path], context: ReportContext) -> bytes:
    # Tagged for screen readers (PDF/UA-1), dated from the assessment, with a content-derived ID.
    return write_pdf(
        html, folders, context.assessed_on_iso, pdf_variant="pdf/ua-1", pdf_identifier=True
    )


def _pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
