"""A questionnaire returned blank is not a respondent: it is set aside, listed, never written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.collect.importer import SetAside, import_files
from readiness.collect.pdf_form import render_pdf_form
from readiness.collect.questionnaire import build_questionnaire
from readiness.collect.workbook import render_workbook
from readiness.collect.yaml_form import render_yaml
from readiness.errors import InputError
from readiness.framework.load import load_catalogue

from ..helpers import RunCli

CATALOGUE = load_catalogue()


def _blank(kind: str, folder: Path) -> Path:
    """Our own questionnaire for a GP, exactly as sent out: nothing filled in."""
    questionnaire = build_questionnaire([CATALOGUE.require("five-mechanisms")], "gp")
    path = folder / f"blank.{kind}"
    if kind == "yaml":
        path.write_text(render_yaml(questionnaire))
    elif kind == "xlsx":
        path.write_bytes(render_workbook(questionnaire))
    else:
        path.write_bytes(render_pdf_form(questionnaire))
    return path


def _export(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["ID", "Start time", "Completion time", "Your role", "SD1. x", "Comment on SD2"],
                *rows,
            ]
        )
    return path


@pytest.mark.parametrize("kind", ["yaml", "xlsx", "pdf"])
def test_a_blank_questionnaire_alone_is_an_error_and_writes_nothing(
    kind: str, tmp_path: Path, run_cli: RunCli
) -> None:
    blank = _blank(kind, tmp_path)
    folder = tmp_path / "site"
    result = run_cli("import", blank, "--into", folder, "--site", "S")
    assert result.exit_code == 1, result.output
    assert f"{blank}: no answers and no comments; nothing was imported" in result.err
    assert "Traceback" not in result.output
    assert not folder.exists()


def test_blank_questionnaires_are_set_aside_and_the_rest_imported(
    tmp_path: Path, run_cli: RunCli
) -> None:
    blanks = [_blank(kind, tmp_path) for kind in ("yaml", "xlsx", "pdf")]
    answered = tmp_path / "answered.yaml"
    answered.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    result = run_cli("import", *blanks, answered, "--into", folder, "--site", "S")
    assert result.exit_code == 0, result.output
    for blank in blanks:
        assert f"not imported: {blank}: no answers and no comments\n" in result.err
    assert result.err.endswith(
        f"Imported 1 respondent into {folder}; 3 not imported (listed above)\n"
    )
    assert [p.name for p in (folder / "respondents").iterdir()] == ["r01.yaml"]
    assert [r.id for r in load_assessment(folder, CATALOGUE).respondents] == ["r01"]


def test_export_rows_with_no_answers_are_set_aside_with_their_row(tmp_path: Path) -> None:
    rows = [
        ["1", "10/1/26 9:00", "10/1/26 9:05", "GP", "Agree", ""],
        ["2", "10/1/26 9:10", "10/1/26 9:15", "GP", "", ""],  # opened and submitted blank
        ["3", "10/1/26 9:20", "10/1/26 9:25", "Practice nurse", "", "Only a comment"],
    ]
    export = _export(tmp_path / "forms.csv", rows)
    folder = tmp_path / "site"
    result = import_files([export], folder, CATALOGUE, site="S")
    assert [(r.row, r.respondent_id) for r in result] == [(2, "r01"), (4, "r02")]
    assert result.set_aside == (SetAside(export, 3, "no answers and no comments"),)
    assert result.set_aside[0].describe() == f"{export} (row 3): no answers and no comments"
    assert len(load_assessment(folder, CATALOGUE).respondents) == 2
    # A later download with only the old rows and another blank one imports nothing new,
    # and is not an error: there was something to import, and it is already there.
    later = _export(
        tmp_path / "later.csv", [*rows, ["4", "10/2/26 9:00", "10/2/26 9:05", "GP", "", ""]]
    )
    again = import_files([later], folder, CATALOGUE)
    assert list(again) == [] and [s.row for s in again.skipped] == [2, 4]
    assert [s.row for s in again.set_aside] == [3, 5]
    assert len(load_assessment(folder, CATALOGUE).respondents) == 2


def test_a_cell_holding_only_invisible_characters_is_blank(tmp_path: Path) -> None:
    """A zero-width space or byte-order mark pasted into a cell shows nothing: no answer and no
    comment, so its row is set aside; beside visible text it is kept exactly as typed."""
    rows = [
        ["1", "10/1/26 9:00", "10/1/26 9:05", "GP", "Agree", "\u200bFine\u200b"],
        ["2", "10/1/26 9:10", "10/1/26 9:15", "GP", "\ufeff", "\u200b \u200e"],
    ]
    export = _export(tmp_path / "forms.csv", rows)
    folder = tmp_path / "site"
    result = import_files([export], folder, CATALOGUE, site="S")
    assert [r.row for r in result] == [2]
    assert result.set_aside == (SetAside(export, 3, "no answers and no comments"),)
    (respondent,) = load_assessment(folder, CATALOGUE).respondents
    assert respondent.comments == {"five-mechanisms": {"SD2": "\u200bFine\u200b"}}


def test_a_blank_row_with_no_role_is_set_aside_not_refused(tmp_path: Path) -> None:
    """A submission that says nothing is nobody's view, whatever its role cell holds: left
    empty or holding no known role, it is set aside with the other blank rows, and the rest
    import (it once stopped the whole import for want of a role)."""
    rows = [
        ["1", "10/1/26 9:00", "10/1/26 9:05", "GP", "Agree", ""],
        ["2", "10/1/26 9:10", "10/1/26 9:15", "", "", ""],  # the role left empty too
        ["3", "10/1/26 9:20", "10/1/26 9:25", "Locum", "", " "],  # no such role
        ["4", "10/1/26 9:30", "10/1/26 9:35", "", "Agree", ""],  # an answer: a role is needed
    ]
    export = _export(tmp_path / "forms.csv", rows)
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert [p.message for p in info.value.problems] == [
        "row 5: no role given; answer the role question, or import with --role ROLE"
    ]
    assert not (tmp_path / "site").exists()
    export = _export(tmp_path / "forms.csv", rows[:3])
    result = import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert [r.row for r in result] == [2]
    assert result.set_aside == (
        SetAside(export, 3, "no answers and no comments"),
        SetAside(export, 4, "no answers and no comments"),
    )


def test_an_export_of_blank_rows_only_names_the_rows(tmp_path: Path) -> None:
    export = _export(
        tmp_path / "forms.csv",
        [[str(n), "10/1/26 9:00", "10/1/26 9:05", "GP", "", ""] for n in range(1, 9)],
    )
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert str(info.value) == (
        f"{export}: rows 2, 3, 4, 5, 6 and 3 more: no answers and no comments; nothing was imported"
    )
    assert not (tmp_path / "site").exists()


def test_answers_of_which_nothing_carries_are_set_aside_with_the_reason(
    tmp_path: Path, run_cli: RunCli
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text("role: gp\nversions: {npt: '1.0.0'}\nanswers: {npt: {CO4: agree}}\n")
    answered = tmp_path / "answered.yaml"
    answered.write_text("role: gp\nanswers: {npt: {CO1: agree}}\n")
    folder = tmp_path / "site"
    result = run_cli("import", old, answered, "--into", folder, "--site", "S")
    assert result.exit_code == 0, result.output
    assert (
        f"not imported: {old}: none of its answers or comments carries to the framework "
        "versions this assessment uses\n"
        "  npt: answered on 1.0.0; 0 answers carried to 3.0.0 by its change record\n"
        "    not carried: CO4 (replaced by CO4): " in result.err
    )
    assert [p.name for p in (folder / "respondents").iterdir()] == ["r01.yaml"]


def test_a_yaml_form_holding_only_spaces_is_blank(tmp_path: Path, run_cli: RunCli) -> None:
    """Spaces or a tab typed in a comment, or as an answer, are no more than an empty field,
    as in the PDF and workbook forms: a form holding only those is blank, and one with an
    answer beside them is imported without them (a comment of spaces was written, and then
    the folder could not be scored at all)."""
    text = (
        'role: gp\nanswers:\n  five-mechanisms: {SD1: " "}\n'
        'comments:\n  five-mechanisms: {SD1: "\\t"}\ngeneral_comment: "   "\n'
    )
    spaces = tmp_path / "spaces.yaml"
    spaces.write_text(text)
    folder = tmp_path / "site"
    result = run_cli("import", spaces, "--into", folder, "--site", "S")
    assert result.exit_code == 1 and "no answers and no comments" in result.err
    answered = tmp_path / "answered.yaml"
    answered.write_text(text.replace('{SD1: " "}', "{SD1: agree}"))
    assert run_cli("import", answered, "--into", folder, "--site", "S").exit_code == 0
    assert run_cli("score", folder).exit_code == 0
    (written,) = (folder / "respondents").iterdir()
    assert "comments" not in written.read_text() and "general_comment" not in written.read_text()
