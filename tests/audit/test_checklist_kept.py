"""A checklist is never written over one holding what a reviewer entered and has not yet
imported: the filled checklist stays exactly as it was."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from ..helpers import RunCli


def _refused(run_cli: RunCli, site: Path, form: Path, *entries: str) -> None:
    before = form.read_bytes()
    result = run_cli("review", site, "-o", form)
    assert result.exit_code == 1
    assert (
        f"refusing to write {form}: it is a checklist holding what a reviewer entered" in result.err
    )
    for entry in entries:
        assert entry in result.err
    assert f"readiness import {form} --into {site})" in result.err
    assert form.read_bytes() == before
    assert not (site / "review.yaml").exists()


def test_a_yaml_checklist_with_an_entry_is_kept_until_imported(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    form = tmp_path / "visit.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    assert run_cli("review", site, "-o", form).exit_code == 0  # nothing entered: rewritten
    text = form.read_text(encoding="utf-8")
    text = text.replace("reviewer:\n  name:", "reviewer:\n  name: Sam Patel", 1)
    form.write_text(text.replace("visits: []", "visits: [2026-10-13]", 1), encoding="utf-8")
    _refused(run_cli, site, form, "reviewer name: Sam Patel")
    # Once imported, the review holds it, and the new checklist is filled from the review.
    assert run_cli("import", form, "--into", site).exit_code == 0
    again = run_cli("review", site, "-o", form)
    assert again.exit_code == 0, again.err
    assert "name: Sam Patel" in form.read_text(encoding="utf-8")


def test_a_workbook_checklist_with_a_note_is_kept(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    form = tmp_path / "visit.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    sheet = wb["Checklist"]
    header = next(row for row in sheet.iter_rows(values_only=True) if "Note" in row)
    note = header.index("Note") + 1
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "DC7")
    sheet.cell(row, note, "Three of four practices have access")
    wb.save(form)
    _refused(run_cli, site, form, "delivery-conditions DC7 note: Three of four practices")


def test_no_form_is_written_over_a_form_of_the_other_kind(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A questionnaire over a filled checklist, a checklist over a filled questionnaire."""
    checklist = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", checklist).exit_code == 0
    text = checklist.read_text(encoding="utf-8")
    text = text.replace("reviewer:\n  name:", "reviewer:\n  name: Sam Patel", 1)
    checklist.write_text(text, encoding="utf-8")
    before = checklist.read_bytes()
    args = ("--role", "gp", "--format", "yaml", "-o", checklist)
    result = run_cli("questionnaire", "npt", *args)
    assert result.exit_code == 1
    assert "reviewer name: Sam Patel" in result.err
    assert checklist.read_bytes() == before
    form = tmp_path / "gp.yaml"
    assert run_cli("questionnaire", "npt", *args[:-1], form).exit_code == 0
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("    G1:\n", "    G1: 7\n", 1), encoding="utf-8")
    before = form.read_bytes()
    result = run_cli("review", site, "-o", form)
    assert result.exit_code == 1
    assert f"refusing to write {form}: it holds 1 answer or comment someone gave" in result.err
    assert form.read_bytes() == before


def _kept_unreadable(run_cli: RunCli, form: Path, *command: str | Path) -> None:
    before = form.read_bytes()
    result = run_cli(*command)
    assert result.exit_code == 1
    assert f"refusing to write {form}: it is a checklist that cannot be read" in result.err
    assert form.read_bytes() == before


def test_a_checklist_that_cannot_be_read_is_never_written_over(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """What a hand-edited checklist with a syntax error, or a workbook whose sheet was
    renamed, holds cannot be told: it is kept, whichever command would write over it."""
    form = tmp_path / "visit.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    text = form.read_text(encoding="utf-8")
    # An unquoted ": " in a note: a YAML syntax error the reviewer typed by hand.
    form.write_text(
        text.replace("visits: []", "visits: [2026-10-13]\nnote: Booked: only Tuesdays", 1)
    )
    _kept_unreadable(run_cli, form, "review", site, "-o", form)
    _kept_unreadable(
        run_cli, form, "questionnaire", "npt", "--role", "gp", "--format", "yaml", "-o", form
    )
    book = tmp_path / "visit.xlsx"
    assert run_cli("review", site, "-o", book).exit_code == 0
    wb = load_workbook(book)
    wb["Checklist"].title = "Checklist (visit 1)"
    wb.save(book)
    _kept_unreadable(run_cli, book, "review", site, "-o", book)
    assert not (site / "review.yaml").exists()
