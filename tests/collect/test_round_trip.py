"""Questionnaires out, answers in, filled the way respondents fill them: by programs we did
not write (LibreOffice for the workbook, pdftk for the PDF form) and by hand (YAML). Every
bundled framework and role; the assessment must hold exactly the answers filled in."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest

from readiness.assessment.load import load_assessment
from readiness.collect.importer import import_files
from readiness.collect.questionnaire import build_questionnaire, field_name
from readiness.errors import InputError
from readiness.framework.model import Item
from readiness.vocabulary import ROLES

from ..helpers import DATA, REPO, RunCli, needs
from .filling import (
    CATALOGUE,
    FRAMEWORKS,
    ROLES_ASKED,
    assert_imported,
    chosen,
    domain_boxes,
    expected_answers,
    expected_comments,
)


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


def _radio_state(item: Item, code: str) -> str:
    return str([o.code for o in item.scale.options].index(code))


@pytest.mark.parametrize("role", ROLES_ASKED)
def test_yaml_questionnaire_round_trip(role: str, tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "q.yaml"
    ids = [f.id for f in FRAMEWORKS]
    result = run_cli("questionnaire", *ids, "--role", role, "--format", "yaml", "-o", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    section = None
    counters: dict[str, int] = {}
    filled: list[str] = []
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


@pytest.mark.slow
@needs("soffice")
@pytest.mark.parametrize("role", ROLES_ASKED)
def test_workbook_filled_by_libreoffice(role: str, tmp_path: Path, run_cli: RunCli) -> None:

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


@pytest.mark.slow
@needs("pdftk")
@pytest.mark.parametrize("role", ROLES_ASKED)
def test_pdf_form_filled_by_pdftk(role: str, tmp_path: Path, run_cli: RunCli) -> None:
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
    # Every domain's comment box (issue 21: one per domain, not per item).
    fields += [(name, text) for name, (_, _, text) in domain_boxes(questionnaire).items()]
    fields.append(("rd~respondent~comment", "Anything else: café\nand a second line"))
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
    assert person.comments == expected_comments(questionnaire)
    assert person.general_comment == "Anything else: café\nand a second line"


def test_pdf_form_filled_by_pypdf_without_a_role_set(tmp_path: Path) -> None:
    from readiness.collect.pdf_form import render_pdf_form

    questionnaire = build_questionnaire(FRAMEWORKS[:2], None, "Test site")
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    reader = pypdf.PdfReader(form)
    assert (reader.get_fields() or {})["rd~respondent~role"].get("/V") in (None, "/Off")
    writer = pypdf.PdfWriter(clone_from=reader)
    dc1 = CATALOGUE.frameworks["delivery-conditions"].items["DC1"]
    values = {
        "rd~respondent~id": "anon7",
        "rd~respondent~role": f"/{list(ROLES).index('link_worker')}",
        field_name(FRAMEWORKS[0], dc1): "380",
        field_name(FRAMEWORKS[0], dc1, "comment"): "  as typed, spaces and all  ",
        "rd~respondent~comment": "  =1+1  ",
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
    # Comments are kept exactly as typed, as from every other form.
    written = _yaml(tmp_path / "site" / "respondents" / "anon7.yaml")
    assert written["comments"]["delivery-conditions"]["DC1"] == "  as typed, spaces and all  "
    assert written["general_comment"] == "  =1+1  "


def _yaml(path: Path) -> Any:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _npt_workbook(tmp_path: Path, run_cli: RunCli) -> Any:
    """A GP's NPT questionnaire workbook as written, opened with openpyxl."""
    from openpyxl import load_workbook

    form = tmp_path / "gp.xlsx"
    args = ("questionnaire", "npt", "--role", "gp", "--format", "xlsx", "-o", form)
    assert run_cli(*args).exit_code == 0
    return load_workbook(form)


def test_the_workbooks_text_cells_keep_what_is_typed(tmp_path: Path, run_cli: RunCli) -> None:
    """The pseudonym, comment and general comment cells are Text cells: a spreadsheet keeps
    007, 1/2 and =x as typed there instead of a number, a date or a formula."""
    wb = _npt_workbook(tmp_path, run_cli)
    intro, questions = wb.worksheets[0], wb.worksheets[2]
    typed = [c for row in intro.iter_rows() for c in row if c.protection.locked is False]
    header = [c.value for c in questions[1]]
    comments = [row[header.index("Comment (optional)")] for row in questions.iter_rows(min_row=2)]
    assert len(typed) == 3 and len(comments) > 10
    text_cells = [c for c in typed if c.row != typed[1].row] + comments  # the role: a list
    assert {c.number_format for c in text_cells} == {"@"}


def test_text_typed_outside_the_answer_and_comment_cells_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Such text would not be read, so it would be lost: refused, naming each cell."""
    wb = _npt_workbook(tmp_path, run_cli)
    intro, questions = wb.worksheets[0], wb.worksheets[2]
    questions["D2"] = "Agree"
    questions["I3"] = "typed far right"
    questions.cell(questions.max_row + 2, 3, "typed below")
    intro["C10"] = "more general comment"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    result = run_cli("import", filled, "--into", tmp_path / "site", "--site", "S")
    assert result.exit_code == 1
    below = f"C{questions.max_row}"
    for cell in ("Instructions!C10", f"{questions.title}!I3", f"{questions.title}!{below}"):
        assert (
            f"{filled}: {cell}: holds text outside the cells for answers and comments" in result.err
        )
    assert not (tmp_path / "site").exists()


def test_a_note_added_to_a_pdf_forms_page_is_refused(tmp_path: Path) -> None:
    """A sticky note or text typed onto the page is not a field, and would not be read."""
    from pypdf.annotations import FreeText, Text

    from readiness.collect.pdf_form import render_pdf_form

    questionnaire = build_questionnaire(FRAMEWORKS[:1], "link_worker", "Test site")
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    dc1 = CATALOGUE.frameworks["delivery-conditions"].items["DC1"]
    writer.update_page_form_field_values(
        writer.pages[0], {field_name(FRAMEWORKS[0], dc1): "380"}, auto_regenerate=False
    )
    writer.add_annotation(1, Text(text="Room shared with physio", rect=(50, 550, 200, 650)))
    writer.add_annotation(0, FreeText(text="Typed onto the page", rect=(50, 400, 300, 450)))
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError) as refused:
        import_files([filled], tmp_path / "site", CATALOGUE, site="S")
    assert [str(p) for p in refused.value.problems] == [
        f"{filled}: page 1 has a note added to it ('Typed onto the page'), which is not read; "
        "copy what it says into a comment box and import again",
        f"{filled}: page 2 has a note added to it ('Room shared with physio'), which is not "
        "read; copy what it says into a comment box and import again",
    ]
    assert not (tmp_path / "site").exists()


FORMS = DATA / "forms"


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_note_typed_after_a_hash_in_a_yaml_form_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """YAML skips comments, so a note typed after a # would be lost: each is refused at its
    line and nothing is written. The questionnaire's own comments, kept, moved or deleted,
    are never a problem, nor a note above the form's first key."""
    form = tmp_path / "q.yaml"
    written = run_cli("questionnaire", "npt", "--role", "gp", "--format", "yaml", "-o", form)
    assert written.exit_code == 0, written.err
    text = form.read_text().replace("id:       #", "id: r01 #", 1)
    notes = {
        "    CO1:\n": "    CO1: agree   # mostly, for GPs\n",
        "    CO2:\n": "    # I would say agree only for GPs\n    CO2:\n",
        "general_comment:": "  # npt:\n  #   CO3: see my email\ngeneral_comment:",
    }
    filled = text
    for blank_line, noted in notes.items():
        filled = filled.replace(blank_line, noted, 1)
    filled += "# P.S. thank you\n"
    source = tmp_path / "filled.yaml"
    source.write_text(filled)
    folder = tmp_path / "site"
    result = run_cli("import", source, "--into", folder, "--site", "S")
    assert result.exit_code == 1
    for said in ("mostly, for GPs", "I would say agree only for GPs", "CO3: see my email"):
        line = _line_of(filled, said)
        assert f'{source}:{line}: "{said}": text after # is a YAML comment' in result.err
    heading = _line_of(filled, "  # npt:")
    assert f'{source}:{heading}: "npt:": text after #' in result.err
    assert '"P.S. thank you": text after #' in result.err
    assert result.err.count("text after #") == 5
    assert not folder.exists()

    # The notes as comments; the form's answer lines deleted, a domain heading moved, and a
    # line above the first key: imported, every answer and comment as typed.
    kept = "# Filled in on paper by the practice manager\n" + text
    kept = kept.replace("    CO1:\n", "    CO1: agree\n", 1)
    kept = "\n".join(line for line in kept.splitlines() if "# answer:" not in line) + "\n"
    kept = kept.replace("    # Making sense of it (coherence)\n", "", 1)
    kept = kept.replace("    G1:\n", "    # Making sense of it (coherence)\n    G1:\n", 1)
    answered, commented = kept.rsplit("    G1:\n", 1)  # the comments: section's example
    kept = answered + '    CO1: "mostly, for GPs"\n' + commented
    source.write_text(kept)
    result = run_cli("import", source, "--into", folder, "--site", "S")
    assert result.exit_code == 0, result.err
    (respondent,) = (folder / "respondents").iterdir()
    assert _yaml(respondent)["comments"] == {"npt": {"CO1": "mostly, for GPs"}}


def test_yaml_forms_of_every_version_and_naming_import_without_a_note(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Forms written by earlier versions of readiness (their comments worded as then), and
    forms naming the service otherwise than the site does, have no note in them to refuse."""
    old = (FORMS / "gp-readiness-0.1.0.yaml").read_text()
    source = tmp_path / "old.yaml"
    filled = old.replace("id:       #", "id: r01 #", 1).replace("    SD1:\n", "    SD1: agree\n")
    source.write_text(filled)
    result = run_cli("import", source, "--into", tmp_path / "old", "--site", "S")
    assert result.exit_code == 0, result.err
    form = tmp_path / "q.yaml"
    named = ("--service-name", "Community Connectors", "--site", "Riverside PCN")
    ids = [f.id for f in FRAMEWORKS]
    written = run_cli(
        "questionnaire", *ids, "--role", "client", "--format", "yaml", "-o", form, *named
    )
    assert written.exit_code == 0, written.err
    text = form.read_text().replace("id:       #", "id: c01 #", 1)
    source.write_text(text.replace("general_comment:", 'general_comment: "thanks"', 1))
    result = run_cli(
        "import", source, "--into", tmp_path / "new", "--site", "Other", "--service-name", "Link Up"
    )
    assert result.exit_code == 0, result.err


def test_each_yaml_form_in_one_import_is_checked_against_its_own_questionnaire(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """An import of many YAML forms works out each questionnaire's comments once, but each
    file is still checked against the questionnaire for its own frameworks: a comment line
    only another file's questionnaire writes is a note typed after a # in this one."""
    rainbow, npt = tmp_path / "rainbow.yaml", tmp_path / "npt.yaml"
    for framework, form in (("rainbow", rainbow), ("npt", npt)):
        written = run_cli(
            "questionnaire", framework, "--role", "gp", "--format", "yaml", "-o", form
        )
        assert written.exit_code == 0, written.err
    rainbow_text = rainbow.read_text().replace("id:       #", "id: r01 #", 1)
    # The first domain heading of the Rainbow form, which the NPT form does not write.
    heading = next(
        line for line in rainbow_text.splitlines() if line.startswith("    # ") and "──" not in line
    )
    assert heading not in npt.read_text()
    rainbow.write_text(rainbow_text)
    npt_text = npt.read_text().replace("id:       #", "id: r02 #", 1)
    noted = npt_text.replace("    CO1:\n", f"{heading}\n    CO1: agree\n", 1)
    npt.write_text(noted)
    folder = tmp_path / "site"
    result = run_cli("import", rainbow, npt, "--into", folder, "--site", "S")
    assert result.exit_code == 1
    line = _line_of(noted, heading + "\n    CO1: agree")
    said = heading.strip().removeprefix("# ")
    assert f'{npt}:{line}: "{said}": text after #' in result.err
    assert result.err.count("text after #") == 1
    assert not folder.exists()


def _client_workbook(tmp_path: Path, run_cli: RunCli) -> Any:
    """A client's workbook written with the site's name for the service, opened with
    openpyxl, with one answer given."""
    from openpyxl import load_workbook

    form = tmp_path / "client.xlsx"
    frameworks = ("five-mechanisms", "delivery-conditions")
    args = ("questionnaire", *frameworks, "--role", "client", "--format", "xlsx")
    assert run_cli(*args, "--service-name", "Community Connectors", "-o", form).exit_code == 0
    wb = load_workbook(form)
    questions = wb.worksheets[2]
    questions["D2"] = questions["D2"].value or "Agree"
    return wb


def _import_workbook(wb: Any, tmp_path: Path, run_cli: RunCli) -> Any:
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    return run_cli("import", filled, "--into", tmp_path / "site", "--site", "S"), filled


def test_words_typed_over_a_question_are_refused(tmp_path: Path, run_cli: RunCli) -> None:
    """Sheet protection has no password: someone can type over a question, its topic, its
    help or a heading. What they typed would not be read (and their answer would be read as
    an answer to the question as written), so the import refuses, naming each cell."""
    wb = _client_workbook(tmp_path, run_cli)
    questions = wb.worksheets[2]
    assert "Community Connectors" in questions["C2"].value + questions["F2"].value
    questions["C2"] = questions["C2"].value + " (only by phone)"
    questions["F2"] = questions["F2"].value + " I never got a letter."
    questions["B3"] = "My own topic"
    questions["D1"] = "My answer"
    questions["H5"] = "9.9.9"
    result, filled = _import_workbook(wb, tmp_path, run_cli)
    assert result.exit_code == 1
    sheet = questions.title
    for cell in ("C2", "F2", "B3", "D1", "H5"):
        assert (
            f"{filled}: {sheet}!{cell}: no longer says what the questionnaire wrote there"
            in result.err
        )
    assert result.err.count("no longer says") == 5
    assert not (tmp_path / "site").exists()


def test_a_question_left_as_written_imports_whatever_its_spacing(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A spreadsheet may wrap or re-space text, and a cell emptied loses nothing typed: the
    names the form was written with stand in for {service}, and such a workbook imports."""
    wb = _client_workbook(tmp_path, run_cli)
    questions = wb.worksheets[2]
    assert "Community Connectors" in questions["C2"].value
    for cell in ("C2", "F2", "C3"):
        questions[cell] = "  " + "\n".join(questions[cell].value.split(" ")) + " "
    questions["B4"] = None
    result, _ = _import_workbook(wb, tmp_path, run_cli)
    assert result.exit_code == 0, result.err


@pytest.mark.parametrize("site_cell", [None, "Riverside PCN"])
def test_a_workbook_written_for_a_named_site_imports(
    site_cell: str | None, tmp_path: Path, run_cli: RunCli
) -> None:
    """The site's name is written on the instructions sheet: it is the questionnaire's own
    words, not text typed outside the answer cells. Left as written, or emptied, it imports."""
    from openpyxl import load_workbook

    form = tmp_path / "gp.xlsx"
    args = ("questionnaire", "npt", "--role", "gp", "--format", "xlsx", "-o", form)
    assert run_cli(*args, "--site", "Riverside  PCN").exit_code == 0
    wb = load_workbook(form)
    intro, questions = wb.worksheets[0], wb.worksheets[2]
    labels = {row[0].value: row[1] for row in intro.iter_rows(max_col=2)}
    assert labels["Site"].value == "Riverside  PCN"
    labels["Site"].value = site_cell
    labels["Your pseudonym (for example r01; never your name)"].value = "r01"
    questions["D2"] = 7
    result, _ = _import_workbook(wb, tmp_path, run_cli)
    assert result.exit_code == 0, result.err
    answers = load_assessment(tmp_path / "site", CATALOGUE).respondents
    given = [(r.id, {k: a.raw for k, a in r.answers["npt"].items()}) for r in answers]
    assert given == [("r01", {"G1": 7})]


def test_a_site_name_typed_over_in_a_workbook_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    """The name the workbook was written for, changed, would not be read: refused, naming
    the cell, as for any of the questionnaire's words typed over."""
    from openpyxl import load_workbook

    form = tmp_path / "gp.xlsx"
    args = ("questionnaire", "npt", "--role", "gp", "--format", "xlsx", "-o", form)
    assert run_cli(*args, "--site", "Riverside PCN").exit_code == 0
    wb = load_workbook(form)
    intro, questions = wb.worksheets[0], wb.worksheets[2]
    site_row = next(row for row in intro.iter_rows(max_col=2) if row[0].value == "Site")
    site_row[1].value = "Riverside PCN (north)"
    questions["D2"] = 7
    result, filled = _import_workbook(wb, tmp_path, run_cli)
    assert result.exit_code == 1
    cell = f"Instructions!B{site_row[1].row}"
    assert f"{filled}: {cell}: no longer says what the questionnaire wrote there" in result.err
    assert not (tmp_path / "site").exists()


def test_a_note_on_a_questionnaire_workbook_cell_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """An Excel comment on an answer is not its comment cell: it would not be read."""
    from openpyxl.comments import Comment

    wb = _client_workbook(tmp_path, run_cli)
    questions = wb.worksheets[2]
    questions["D2"].comment = Comment("only by phone", "me")
    result, filled = _import_workbook(wb, tmp_path, run_cli)
    assert result.exit_code == 1
    assert f"{filled}: {questions.title}!D2: has a note attached to the cell" in result.err
    assert not (tmp_path / "site").exists()


def test_text_typed_below_a_workbooks_instructions_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Column A under the instructions was not read, so text typed there (the sheet
    unprotected) was lost with exit 0 (helper-36): the workbook says where its instructions
    end, and text below them is refused at its cell."""
    wb = _client_workbook(tmp_path, run_cli)
    intro = wb.worksheets[0]
    below = intro.max_row + 2
    intro.cell(below, 1, "I only use the service by phone")
    result, filled = _import_workbook(wb, tmp_path, run_cli)
    assert result.exit_code == 1
    assert f"{filled}: Instructions!A{below}: holds text outside the cells" in result.err
    assert not (tmp_path / "site").exists()
