"""`readiness report`: score an assessment and write the PDF action report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from readiness.commands.score import score
from readiness.errors import Problem
from readiness.output import check_output_path, write_atomic
from readiness.report import render_html, template_folders, write_pdf
from readiness.report_context import build_context


def make_report(
    assessment: Path,
    output: Path,
    frameworks: Sequence[str] = (),
    extra_dirs: Sequence[Path] = (),
    template_dir: Path | None = None,
    html_output: Path | None = None,
) -> tuple[Problem, ...]:
    """Render the report for `assessment` to `output` (and the HTML to `html_output`).

    Nothing is written unless everything succeeds; returns the assessment's warnings.
    """
    inputs = [assessment, *extra_dirs, *([template_dir] if template_dir else [])]
    check_output_path(output, inputs)
    if html_output is not None:
        check_output_path(html_output, [*inputs, output])
    result = score(assessment, frameworks, extra_dirs)
    folders = template_folders(template_dir)
    context = build_context(result)
    html = render_html(context, folders)
    # Tagged for screen readers (PDF/UA-1), dated from the assessment, with a content-derived ID.
    pdf = write_pdf(
        html, folders, context.assessed_on_iso, pdf_variant="pdf/ua-1", pdf_identifier=True
    )
    if html_output is not None:
        write_atomic(html_output, html.encode("utf-8"))
    write_atomic(output, pdf)
    return result.assessment.warnings
