"""Questionnaires out: what each format holds, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from readiness.collect.importer import import_files
from readiness.collect.questionnaire import build_questionnaire, field_name
from readiness.errors import InputError
from readiness.framework.catalogue import load_catalogue

from ..helpers import RunCli

CATALOGUE = load_catalogue()


FRAMEWORKS = list(CATALOGUE.frameworks.values())


def test_questionnaire_pdf_has_no_buttons_and_names_every_field(tmp_path: Path) -> None:
    from readiness.collect.pdf_form import render_pdf_form

    questionnaire = build_questionnaire(FRAMEWORKS, "gp")
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    fields = pypdf.PdfReader(form).get_fields() or {}
    expected = {
        field_name(s.framework, i, part)
        for s in questionnaire.sections
        for i in s.items
        for part in ("answer", "comment")
    }
    assert expected <= set(fields)
    assert not any("." in name for name in fields)  # dots would nest PDF field names
    text = "".join(page.extract_text() for page in pypdf.PdfReader(form).pages)
    assert "How your answers are used" in text
    assert text.count("How your answers are used") == 1  # said once for all frameworks


def test_workbook_has_lists_locks_and_no_formulas(tmp_path: Path, run_cli: RunCli) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "q.xlsx"
    assert (
        run_cli(
            "questionnaire", "five-mechanisms", "npt", "--role", "gp", "--format", "xlsx", "-o", out
        ).exit_code
        == 0
    )
    wb = load_workbook(out)
    # The fact five-mechanisms reuses from delivery-conditions is asked once, under its home.
    assert wb.sheetnames[:4] == ["Instructions", "_lists", "delivery-conditions", "five-mechanisms"]
    assert wb["delivery-conditions"]["G2"].value == "rd~delivery-conditions~v2_0_0~DC27~answer"
    sheet = wb["five-mechanisms"]
    assert sheet.protection.sheet
    assert sheet.column_dimensions["G"].hidden and sheet.column_dimensions["H"].hidden
    assert sheet["C2"].protection.locked and not sheet["D2"].protection.locked
    assert sheet["G2"].value == "rd~five-mechanisms~v2_0_0~SD1~answer"
    assert sheet["H2"].value == "2.0.0"
    validations = sheet.data_validations.dataValidation
    assert validations and all(v.type == "list" for v in validations)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))
    assert wb["_lists"].sheet_state == "hidden"


def test_questionnaire_errors(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "questionnaire",
        "rainbow",
        "--role",
        "doctor",
        "--format",
        "yaml",
        "-o",
        tmp_path / "q.yaml",
    )
    assert result.exit_code == 1 and "unknown role 'doctor'" in result.err
    result = run_cli(
        "questionnaire", "npt", "--role", "client", "--format", "yaml", "-o", tmp_path / "q.yaml"
    )
    assert result.exit_code == 1
    assert result.err == "error: none of these frameworks asks anything of the role 'client'\n"
    assert not (tmp_path / "q.yaml").exists()
    result = run_cli("questionnaire", "nptt", "--format", "pdf", "-o", tmp_path / "q.pdf")
    assert result.exit_code == 1 and "did you mean 'npt'" in result.err


def test_pdf_for_another_framework_version_is_refused(tmp_path: Path) -> None:
    from readiness.collect.pdf_form import render_pdf_form

    npt = CATALOGUE.frameworks["npt"]
    older = npt.__class__(**{**npt.__dict__, "version": "0.9"})
    form = tmp_path / "old.pdf"
    form.write_bytes(render_pdf_form(build_questionnaire([older], "gp")))
    with pytest.raises(InputError) as info:
        import_files([form], tmp_path / "site", CATALOGUE, site="S")
    assert "these answers are for npt version 0.9, which is not installed (installed: 1.0.0, " in (
        str(info.value)
    )


def test_workbooks_are_parsed_with_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML, "install defusedxml: openpyxl then refuses XML entity bombs"
