"""Questionnaires out, answers in: the round trip a real respondent makes.

Every bundled framework and every role: questionnaire -> filled by a program we did not
write (LibreOffice for the workbook, pdftk for the PDF form) -> import -> the assessment
holds exactly the answers that were filled in, and scores.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest

from readiness.catalogue import load_catalogue
from readiness.errors import InputError
from readiness.framework import Item
from readiness.importer import import_files
from readiness.questionnaire import build_questionnaire, field_name
from readiness.responses import load_assessment
from readiness.scoring import score_assessment

from .conftest import REPO

CATALOGUE = load_catalogue()
FRAMEWORKS = list(CATALOGUE.frameworks.values())
ROLES_ASKED = [
    "gp",
    "practice_nurse",
    "practice_manager",
    "reception",
    "link_worker",
    "lw_manager",
    "vcse",
    "commissioner",
    "client",
    "other",
]
IN_CI = os.environ.get("CI") == "true"


def needs(tool: str) -> Any:
    """Skip without the tool on a developer's machine; in CI its absence is a failure."""
    present = shutil.which(tool) is not None
    if IN_CI and not present:
        pytest.fail(f"{tool} is not installed; scripts/setup.sh --test installs it")
    return pytest.mark.skipif(not present, reason=f"{tool} is not installed")


def chosen(item: Item, n: int) -> tuple[Any, str]:
    """A deterministic answer for an item: (what the assessment must hold, label shown)."""
    scale = item.scale
    if scale.type == "numeric":
        low = scale.points[0][0]
        high = scale.points[-1][0]
        value = int(low + (high - low) * ((n % 5) / 4))
        return value, str(value)
    option = scale.options[n % len(scale.options)]
    if scale.type == "range" and option.kind == "scored":
        return int(option.value or 0), option.label
    return option.code, option.label


def expected_answers(role: str | None) -> dict[str, dict[str, Any]]:
    questionnaire = build_questionnaire(FRAMEWORKS, role)
    return {
        s.framework.id: {item.id: chosen(item, n)[0] for n, item in enumerate(s.items)}
        for s in questionnaire.sections
    }


def assert_imported(
    folder: Path, respondent: str, role: str, expected: dict[str, dict[str, Any]]
) -> None:
    assessment = load_assessment(folder, CATALOGUE)
    person = next(r for r in assessment.respondents if r.id == respondent)
    assert person.role == role
    for framework_id, items in expected.items():
        got = person.answers[framework_id]
        assert set(got) == set(items), framework_id
        for item_id, value in items.items():
            answer = got[item_id]
            if isinstance(value, (int, float)):
                assert answer.value == value, (framework_id, item_id, answer)
            else:
                option = CATALOGUE.frameworks[framework_id].items[item_id].scale.option(value)
                assert option is not None
                assert (answer.kind, answer.value, answer.reason) == (
                    option.kind,
                    option.value,
                    option.reason,
                ), (framework_id, item_id)
    result = score_assessment(assessment)
    assert result.frameworks


@pytest.mark.parametrize("role", ROLES_ASKED)
def test_yaml_questionnaire_round_trip(role: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "q.yaml"
    ids = [f.id for f in FRAMEWORKS]
    result = run_cli("questionnaire", *ids, "--role", role, "--format", "yaml", "-o", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    section = None
    counters: dict[str, int] = {}
    filled = []
    for line in lines:
        if line.startswith("  ") and not line.startswith("   ") and line.strip().endswith(":"):
            section = line.strip()[:-1]
        stripped = line.strip()
        if (
            line.startswith("    ")
            and stripped.endswith(":")
            and not stripped.startswith("#")
            and section in CATALOGUE.frameworks
            and "answers:" in "\n".join(filled)
        ):
            item_id = stripped[:-1]
            framework = CATALOGUE.frameworks[section]
            if item_id in framework.items and "comments:" not in "\n".join(filled):
                n = counters.get(section, 0)
                counters[section] = n + 1
                value, _ = chosen(framework.items[item_id], n)
                line = f"{line} {json.dumps(value)}"
        filled.append(line)
    text = "\n".join(filled).replace("id:       #", f"id: y-{role} #", 1)
    source = tmp_path / "filled.yaml"
    source.write_text(text)
    folder = tmp_path / "site"
    result = run_cli("import", source, "--into", folder, "--site", "Test PCN", "--site-kind", "pcn")
    assert result.exit_code == 0, result.output
    assert_imported(folder, f"y-{role}", role, expected_answers(role))


def _fill_with_libreoffice(
    workbook: Path, target: Path, answers: dict[str, Any], respondent: str, role_label: str | None
) -> None:
    spec = target.with_suffix(".json")
    spec.write_text(
        json.dumps(
            {"respondent": respondent, "role": role_label, "answers": answers, "comments": {}}
        )
    )
    subprocess.run(
        [
            "/usr/bin/python3",
            str(REPO / "tests" / "lo_fill.py"),
            str(workbook),
            str(target),
            str(spec),
        ],
        check=True,
        timeout=300,
    )


@needs("soffice")
@pytest.mark.parametrize("role", ROLES_ASKED)
def test_workbook_filled_by_libreoffice(role: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from readiness.vocabulary import ROLES

    workbook = tmp_path / "q.xlsx"
    result = run_cli(
        "questionnaire",
        *[f.id for f in FRAMEWORKS],
        "--role",
        role,
        "--format",
        "xlsx",
        "-o",
        workbook,
    )
    assert result.exit_code == 0, result.output
    questionnaire = build_questionnaire(FRAMEWORKS, role)
    answers: dict[str, Any] = {}
    for section in questionnaire.sections:
        for n, item in enumerate(section.items):
            value, label = chosen(item, n)
            answers[field_name(section.framework, item)] = (
                value if isinstance(value, int) else label
            )
    filled = tmp_path / "filled.xlsx"
    _fill_with_libreoffice(workbook, filled, answers, f"x-{role}", ROLES[role])
    folder = tmp_path / "site"
    result = run_cli("import", filled, "--into", folder, "--site", "Test PCN")
    assert result.exit_code == 0, result.output
    assert_imported(folder, f"x-{role}", role, expected_answers(role))


def _radio_state(item: Item, code: str) -> str:
    return str([o.code for o in item.scale.options].index(code))


@needs("pdftk")
@pytest.mark.parametrize("role", ROLES_ASKED)
def test_pdf_form_filled_by_pdftk(role: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    form = tmp_path / "q.pdf"
    result = run_cli(
        "questionnaire", *[f.id for f in FRAMEWORKS], "--role", role, "--format", "pdf", "-o", form
    )
    assert result.exit_code == 0, result.output
    questionnaire = build_questionnaire(FRAMEWORKS, role)
    fields = [("rd~respondent~id", f"p-{role}")]
    for section in questionnaire.sections:
        for n, item in enumerate(section.items):
            value, _ = chosen(item, n)
            name = field_name(section.framework, item)
            if item.scale.type == "numeric":
                fields.append((name, str(value)))
            else:
                code = value if isinstance(value, str) else str(value)
                fields.append((name, _radio_state(item, code)))
            fields.append(
                (
                    field_name(section.framework, item, "comment"),
                    f"Note on {item.id}: café & “quotes” <b>",
                )
            )
    xfdf = tmp_path / "data.xfdf"
    body = "".join(
        f'<field name="{name}"><value>{value.replace("&", "&amp;").replace("<", "&lt;")}'
        "</value></field>"
        for name, value in fields
    )
    xfdf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/'
        f'xfdf/" xml:space="preserve"><fields>{body}</fields></xfdf>',
        encoding="utf-8",
    )
    filled = tmp_path / "filled.pdf"
    subprocess.run(
        ["pdftk", str(form), "fill_form", str(xfdf), "output", str(filled)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    folder = tmp_path / "site"
    result = run_cli("import", filled, "--into", folder, "--site", "Test PCN")
    assert result.exit_code == 0, result.output
    assert_imported(folder, f"p-{role}", role, expected_answers(role))
    person = next(r for r in load_assessment(folder, CATALOGUE).respondents)
    comment = next(iter(next(iter(person.comments.values())).values()))
    assert comment.endswith(": café & “quotes” <b>")


def test_pdf_form_filled_by_pypdf_without_a_role_set(tmp_path: Path) -> None:
    from readiness.pdfform import render_pdf_form

    questionnaire = build_questionnaire(FRAMEWORKS[:2], None, "Test site")
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    reader = pypdf.PdfReader(form)
    assert reader.get_fields()["rd~respondent~role"].get("/V") in (None, "/Off")
    writer = pypdf.PdfWriter(clone_from=reader)
    dc1 = CATALOGUE.frameworks["delivery-conditions"].items["DC1"]
    values = {
        "rd~respondent~id": "anon7",
        "rd~respondent~role": "/4",  # link_worker
        field_name(FRAMEWORKS[0], dc1): "380",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as handle:
        writer.write(handle)
    records = import_files([filled], tmp_path / "site", CATALOGUE, site="S")
    assert (records[0].respondent_id, records[0].role, records[0].answers) == (
        "anon7",
        "link_worker",
        1,
    )


def test_questionnaire_pdf_has_no_buttons_and_names_every_field(tmp_path: Path) -> None:
    from readiness.pdfform import render_pdf_form

    questionnaire = build_questionnaire(FRAMEWORKS, "gp")
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    fields = pypdf.PdfReader(form).get_fields()
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


def test_workbook_has_lists_locks_and_no_formulas(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    out = tmp_path / "q.xlsx"
    assert (
        run_cli(
            "questionnaire", "five-mechanisms", "npt", "--role", "gp", "--format", "xlsx", "-o", out
        ).exit_code
        == 0
    )
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Instructions", "_lists", "five-mechanisms"]
    sheet = wb["five-mechanisms"]
    assert sheet.protection.sheet
    assert sheet.column_dimensions["G"].hidden and sheet.column_dimensions["H"].hidden
    assert sheet["C2"].protection.locked and not sheet["D2"].protection.locked
    assert sheet["G2"].value == "rd~five-mechanisms~v1_0_0~SD1~answer"
    assert sheet["H2"].value == "1.0.0"
    validations = sheet.data_validations.dataValidation
    assert validations and all(v.type == "list" for v in validations)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))
    assert wb["_lists"].sheet_state == "hidden"


def test_csv_export_with_labels_curly_quotes_and_metadata(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    fm = CATALOGUE.frameworks["five-mechanisms"]
    sd1, sd4 = fm.items["SD1"].text, fm.items["SD4"].text
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "What is your role?",
        sd1.upper().replace("'", "\u2019"),
        "  " + sd4.replace(" ", "  ") + " *",
        "SD2. (any wording)",
        "Comment on SD1",
    ]
    rows = [
        [
            "1",
            "01/10/2026 09:00",
            "01/10/2026 09:10",
            "a@x.nhs.uk",
            "Dr A",
            "GP",
            "Strongly agree",
            "agree",
            "Don\u2019t know",
            "Helpful \u201cscheme\u201d",
        ],
        ["2", "", "", "b@x.nhs.uk", "Nurse B", "Practice nurse", "Disagree", "", "na", ""],
    ]
    import csv

    export = tmp_path / "forms.csv"
    with export.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    folder = tmp_path / "site"
    result = run_cli("import", export, "--into", folder, "--site", "Test")
    assert result.exit_code == 0, result.output
    assessment = load_assessment(folder, CATALOGUE)
    first, second = assessment.respondents
    assert (first.role, second.role) == ("gp", "practice_nurse")
    answers = first.answers["five-mechanisms"]
    assert (answers["SD1"].value, answers["SD4"].value, answers["SD2"].kind) == (
        5.0,
        4.0,
        "dont_know",
    )
    assert first.comments["five-mechanisms"]["SD1"] == "Helpful \u201cscheme\u201d"
    assert second.answers["five-mechanisms"]["SD2"].kind == "not_applicable"
    text = "".join(p.read_text() for p in (folder / "respondents").iterdir())
    assert "a@x.nhs.uk" not in text and "Dr A" not in text  # personal data stays out


def test_unmatched_columns_and_answers_are_reported_with_row_and_column(tmp_path: Path) -> None:
    export = tmp_path / "forms.csv"
    export.write_text(
        "Role,SD1. Explain it,How is the weather?,SD3. Written\nGP,Very much,Sunny,agree\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert "column C ('How is the weather?'): not matched to any question" in str(info.value)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  How is the weather?: ignore\n")
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    assert (
        "row 2: column B (SD1. Explain it): 'Very much' is not one of the answers for SD1"
        in str(info.value)
    )
    mapping.write_text(
        "columns:\n  How is the weather?: ignore\nanswers:\n  Very much: strongly_agree\n"
    )
    records = import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    assert records[0].answers == 2
    assert not (tmp_path / "unused").exists()


def test_excel_export_with_date_cells(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Timestamp", "Role", "[DC1] caseload", "DC9. share"])
    ws.append(
        [
            dt.datetime(2026, 10, 1, 9, 30),
            "Link-worker manager or supervisor",
            240,
            dt.datetime(2026, 3, 6),
        ]
    )
    export = tmp_path / "export.xlsx"
    wb.save(export)
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert "Excel turned this answer into a date (2026-03-06)" in str(info.value)
    assert not (tmp_path / "site").exists()  # a failed import writes nothing


def test_import_never_overwrites_and_refuses_duplicates(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    first = import_files([source], folder, CATALOGUE, site="S")
    assert first[0].respondent_id == "r01"
    before = (folder / "respondents" / "r01.yaml").read_bytes()
    with pytest.raises(InputError, match="already imported"):
        import_files([source], folder, CATALOGUE)
    other = tmp_path / "b.yaml"
    other.write_text("id: r01\nrole: gp\nanswers: {five-mechanisms: {SD1: disagree}}\n")
    second = import_files([other], folder, CATALOGUE)
    assert second[0].respondent_id == "r02"  # r01 is taken: a new id, not an overwrite
    assert (folder / "respondents" / "r01.yaml").read_bytes() == before
    third = tmp_path / "c.yaml"
    third.write_text("role: gp\nanswers: {five-mechanisms: {SD1: neutral}}\n")
    with pytest.raises(InputError, match="respondent 'r01' already exists"):
        import_files([third], folder, CATALOGUE, respondent="r01")


def test_a_failed_import_writes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agreed}}\n")
    with pytest.raises(InputError) as info:
        import_files([good, bad], tmp_path / "site", CATALOGUE, site="S")
    assert "'agreed' is not one of the answers for SD1 (did you mean 'Agree'?)" in str(info.value)
    assert not (tmp_path / "site").exists()


def test_version_mismatch_names_both_versions(tmp_path: Path) -> None:
    source = tmp_path / "old.yaml"
    source.write_text("role: gp\nversions: {npt: '0.9'}\nanswers: {npt: {CO1: agree}}\n")
    with pytest.raises(InputError) as info:
        import_files([source], tmp_path / "site", CATALOGUE, site="S")
    assert "these answers are for npt version 0.9, but the installed npt is version 1.0.0" in str(
        info.value
    )


def test_questionnaire_errors(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
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
    assert result.exit_code == 1 and "asks nothing" not in result.err
    assert "none of these frameworks asks anything of the role 'client'" in result.err
    result = run_cli("questionnaire", "nptt", "--format", "pdf", "-o", tmp_path / "q.pdf")
    assert result.exit_code == 1 and "did you mean 'npt'" in result.err


def test_utf8_csv_with_byte_order_mark(tmp_path: Path) -> None:
    export = tmp_path / "google.csv"
    text = "Timestamp,Your role,[SD1] explain,Comment on SD1\n2026/10/01,gp,Agree,Café ✓\n"
    export.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    records = import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert records[0].role == "gp" and records[0].row == 2
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    assert person.comments["five-mechanisms"]["SD1"] == "Café ✓"


def test_pdf_for_another_framework_version_is_refused(tmp_path: Path) -> None:
    from readiness.pdfform import render_pdf_form

    npt = CATALOGUE.frameworks["npt"]
    older = npt.__class__(**{**npt.__dict__, "version": "0.9"})
    form = tmp_path / "old.pdf"
    form.write_bytes(render_pdf_form(build_questionnaire([older], "gp")))
    with pytest.raises(InputError) as info:
        import_files([form], tmp_path / "site", CATALOGUE, site="S")
    assert "these answers are for npt version 0.9, but the installed npt is version 1.0.0" in str(
        info.value
    )


def test_workbooks_are_parsed_with_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML, "install defusedxml: openpyxl then refuses XML entity bombs"


def test_malformed_csv_is_an_input_error(tmp_path: Path) -> None:
    export = tmp_path / "broken.csv"
    export.write_text('Role,"SD1. Explain\n' + "x" * 200_000 + "\n")
    with pytest.raises(InputError, match="cannot be read as CSV"):
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
