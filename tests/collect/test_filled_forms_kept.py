"""A blank questionnaire is never written over a file that holds people's answers: a form
filled and saved where it was written, or a respondent file, stays exactly as it was."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from readiness.collect.importer import import_files
from readiness.collect.pdf_form import may_hold_fields
from readiness.collect.questionnaire import field_name

from ..helpers import OAKFIELD, RunCli, fill_pdf
from .filling import CATALOGUE


def _write(run_cli: RunCli, target: Path, fmt: str, *extra: str) -> tuple[int, str]:
    result = run_cli("questionnaire", "npt", "--role", "gp", "--format", fmt, "-o", target, *extra)
    return result.exit_code, result.err


def _refused(run_cli: RunCli, target: Path, fmt: str, reason: str) -> None:
    before = target.read_bytes()
    code, err = _write(run_cli, target, fmt)
    assert code == 1
    assert f"refusing to write {target}: {reason}" in err
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_a_blank_form_is_written_again_but_a_filled_yaml_form_is_kept(
    tmp_path: Path, run_cli: RunCli
) -> None:
    form = tmp_path / "gp.yaml"
    assert _write(run_cli, form, "yaml", "--site", "Oak Surgery")[0] == 0
    assert _write(run_cli, form, "yaml", "--site", "Oak Surgery")[0] == 0  # blank: rewritten
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("    G1:\n", "    G1: 7\n", 1), encoding="utf-8")
    _refused(
        run_cli,
        form,
        "yaml",
        "it holds 1 answer or comment someone gave (imported or not, the form is kept as it "
        "came back). Move it, or choose another name",
    )


def test_a_note_typed_after_a_hash_is_something_given(tmp_path: Path, run_cli: RunCli) -> None:
    form = tmp_path / "gp.yaml"
    assert _write(run_cli, form, "yaml")[0] == 0
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("    G1:\n", "    G1:   # ask me later\n", 1), encoding="utf-8")
    _refused(run_cli, form, "yaml", "it holds 1 answer or comment someone gave")


def test_a_filled_form_an_import_cannot_read_is_kept(tmp_path: Path, run_cli: RunCli) -> None:
    """Its answers cannot be counted, so it is not known to be blank."""
    form = tmp_path / "gp.yaml"
    assert _write(run_cli, form, "yaml")[0] == 0
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("general_comment:", "general_comment: [", 1), encoding="utf-8")
    _refused(run_cli, form, "yaml", "it is a filled form, and what it holds cannot be told")


def test_a_filled_pdf_form_is_kept(tmp_path: Path, run_cli: RunCli) -> None:
    form = tmp_path / "gp.pdf"
    assert _write(run_cli, form, "pdf")[0] == 0
    assert _write(run_cli, form, "pdf")[0] == 0
    npt = CATALOGUE.frameworks["npt"]
    fill_pdf(form, {field_name(npt, npt.items["G1"], "comment"): "Only on Tuesdays"}, form)
    _refused(run_cli, form, "pdf", "it holds 1 answer or comment someone gave")


def test_a_filled_workbook_is_kept_and_no_role_is_written(tmp_path: Path, run_cli: RunCli) -> None:
    """With --all-roles, one filled workbook stops the whole run: nothing is written."""
    folder = tmp_path / "forms"
    folder.mkdir()
    gp = folder / "gp.xlsx"
    assert _write(run_cli, gp, "xlsx")[0] == 0
    wb = load_workbook(gp)
    questions = wb.worksheets[2]
    questions["D2"] = "Agree"
    questions["D3"] = "Disagree"
    wb.save(gp)
    before = gp.read_bytes()
    result = run_cli("questionnaire", "npt", "--all-roles", "--format", "xlsx", "--out-dir", folder)
    assert result.exit_code == 1
    assert f"refusing to write {gp}: it holds 2 answers and comments someone gave" in result.err
    assert gp.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["gp.xlsx"]


def test_a_respondent_file_an_import_wrote_is_kept(tmp_path: Path, run_cli: RunCli) -> None:
    form = tmp_path / "gp.yaml"
    assert _write(run_cli, form, "yaml")[0] == 0
    text = form.read_text(encoding="utf-8")
    form.write_text(
        text.replace("id: ", "id: r07 ", 1).replace("    G1:\n", "    G1: 4\n", 1),
        encoding="utf-8",
    )
    import_files([form], tmp_path / "site", CATALOGUE, site="Oak Surgery")
    kept = tmp_path / "site" / "respondents" / "r07.yaml"
    _refused(run_cli, kept, "yaml", "it holds 1 answer or comment someone gave")


def test_a_file_that_is_not_a_form_is_written_over_as_before(
    tmp_path: Path, run_cli: RunCli
) -> None:
    notes = tmp_path / "gp.yaml"
    notes.write_text("title: my notes\n", encoding="utf-8")
    assert _write(run_cli, notes, "yaml")[0] == 0
    assert "answers:" in notes.read_text(encoding="utf-8")


def test_no_report_scores_or_portfolio_is_written_over_what_people_gave(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A file named like an output can be an input: a filled form saved as report.pdf, a
    survey export downloaded as scores.csv. Every command that writes refuses to replace
    one, before any slow work, and leaves it as it was."""
    form = tmp_path / "gp.pdf"
    assert _write(run_cli, form, "pdf")[0] == 0
    npt = CATALOGUE.frameworks["npt"]
    fill_pdf(form, {field_name(npt, npt.items["G1"], "comment"): "Only on Tuesdays"}, form)
    export = tmp_path / "export.csv"
    export.write_text("Role,SD1. x\ngp,agree\ngp,disagree\n")
    reports = tmp_path / "reports"
    reports.mkdir()
    in_reports = reports / "oakfield-practice.pdf"
    in_reports.write_bytes(form.read_bytes())
    cases: list[tuple[list[str | Path], Path | None, str]] = [
        (["report", OAKFIELD, "-o", form], form, "1 answer or comment"),
        (["report", OAKFIELD, "--format", "html", "-o", tmp_path / "r.html"], None, ""),
        (["compare", OAKFIELD, "-o", form, "--no-cache"], form, "1 answer or comment"),
        (["score", OAKFIELD, "-o", export], export, "2 answers and comments"),
        (["report", OAKFIELD, "--out-dir", reports], in_reports, "1 answer or comment"),
    ]
    for command, target, given in cases:
        if target is None:  # a file of ours is written again as usual
            assert run_cli(*command).exit_code == 0
            assert run_cli(*command).exit_code == 0
            continue
        before = target.read_bytes()
        result = run_cli(*command)
        assert result.exit_code == 1, command
        assert f"refusing to write {target}: it holds {given} someone gave" in result.err
        assert target.read_bytes() == before
    assert sorted(p.name for p in reports.iterdir()) == ["oakfield-practice.pdf"]
    # A report written before is written again.
    report = tmp_path / "report.pdf"
    assert run_cli("report", OAKFIELD, "-o", report).exit_code == 0
    assert run_cli("report", OAKFIELD, "-o", report).exit_code == 0


def test_a_form_is_told_from_a_report_without_parsing_either(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Our forms keep their /AcroForm inside a compressed object stream, so a search of the
    bytes alone would miss it; unpacking the object streams finds it, and finds none in a
    report."""
    form, report = tmp_path / "gp.pdf", tmp_path / "report.pdf"
    assert _write(run_cli, form, "pdf")[0] == 0
    assert run_cli("report", OAKFIELD, "-o", report).exit_code == 0
    assert b"/AcroForm" not in form.read_bytes()
    assert may_hold_fields(form.read_bytes())
    assert not may_hold_fields(report.read_bytes())
    assert may_hold_fields(report.read_bytes().replace(b"/ObjStm", b"/ObjStm /DecodeParms 1"))
