"""`readiness questionnaire` and `readiness import`: collecting answers from respondents."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from readiness.catalogue import load_catalogue
from readiness.errors import ReadinessError
from readiness.importer import Imported, import_files
from readiness.output import check_output_path, write_atomic
from readiness.questionnaire import build_questionnaire
from readiness.schema import unknown
from readiness.vocabulary import ROLES


def make_questionnaire(
    framework_ids: Sequence[str],
    role: str | None,
    site: str | None,
    fmt: str,
    output: Path,
    extra_dirs: Sequence[Path] = (),
) -> int:
    """Write a questionnaire; returns the number of questions in it."""
    catalogue = load_catalogue(extra_dirs)
    frameworks = [catalogue.require(framework_id) for framework_id in framework_ids]
    if role is not None and role not in ROLES:
        raise ReadinessError(unknown("role", role, list(ROLES)))
    questionnaire = build_questionnaire(frameworks, role, site)
    if not questionnaire.item_count:
        raise ReadinessError(f"none of these frameworks asks anything of the role {role!r}")
    check_output_path(output, list(extra_dirs))
    if fmt == "yaml":
        from readiness.questionnaire_yaml import render_yaml

        data = render_yaml(questionnaire).encode("utf-8")
    elif fmt == "xlsx":
        from readiness.workbook import render_workbook

        data = render_workbook(questionnaire)
    else:
        from readiness.pdfform import render_pdf_form

        data = render_pdf_form(questionnaire)
    write_atomic(output, data)
    return questionnaire.item_count


def import_answers(
    files: Sequence[Path],
    into: Path,
    role: str | None,
    respondent: str | None,
    site: str | None,
    site_kind: str,
    mapping: Path | None,
    extra_dirs: Sequence[Path] = (),
) -> list[Imported]:
    """Import filled questionnaires and exports into an assessment folder."""
    return import_files(
        files,
        into,
        load_catalogue(extra_dirs),
        role=role,
        respondent=respondent,
        site=site,
        site_kind=site_kind,
        mapping=mapping,
    )
