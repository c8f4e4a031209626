"""The command line as a user runs it: help, version, exit codes, warnings and crashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.version import __version__

from .helpers import DATA, OAKFIELD, REPO, RIVERSIDE, RunCli


def _fresh_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=False
    )


def test_fast_paths_do_not_import_weasyprint() -> None:
    code = (
        "import sys\n"
        "from readiness.cli import main\n"
        "main(['--help']); main(['frameworks', 'list'])\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
        "print('ok')\n"
    )
    result = _fresh_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.out.startswith("readiness, version ")


def test_internal_error_is_not_a_traceback(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    from readiness import api

    def explode(*_: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "list_frameworks", explode)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first = run_cli("frameworks", "list")
    second = run_cli("frameworks", "list", "--frameworks-dir", tmp_path)
    for result in (first, second):
        assert result.exit_code == 3
        assert result.err.startswith(
            f"readiness {__version__} hit an internal error. The details are in "
        )
        assert "Traceback" not in result.err
    logs = sorted(tmp_path.glob("readiness-crash-*.log"))
    assert len(logs) == 2  # one log per crash; the second does not overwrite the first
    texts = sorted(log.read_text() for log in logs)
    assert all(t.startswith(f"readiness {__version__}, Python ") for t in texts)
    assert "command: readiness frameworks list\n" in texts[0] + texts[1]
    assert f"command: readiness frameworks list --frameworks-dir {tmp_path}\n" in "".join(texts)
    assert all("RuntimeError: boom" in t for t in texts)
    assert str(logs[0]) in first.err + second.err


def test_the_manual_shows_the_current_help(run_cli: RunCli) -> None:
    page = (REPO / "docs" / "setup.md").read_text(encoding="utf-8")
    shown = page.split("<!-- readiness --help")[1].split("```text\n")[1].split("\n```")[0]
    assert shown == run_cli("--help").out.rstrip("\n"), "update the Commands in docs/setup.md"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["report", str(OAKFIELD), "--out-dir", "{file}"], "is a file, not a folder: --out-dir"),
        (["score", str(OAKFIELD), "--frameworks-dir", "{file}"], "is a file, not a folder"),
        (["score", str(OAKFIELD), "-o", "{folder}"], "is a folder, not a file: --output"),
        (["review", "{missing}"], "not found"),
    ],
    ids=["report --out-dir", "--frameworks-dir", "score -o", "review"],
)
def test_a_path_of_the_wrong_kind_is_an_input_problem(
    run_cli: RunCli, tmp_path: Path, arguments: list[str], expected: str
) -> None:
    """A file where a folder is wanted (or a folder where a file is, or a name that is not
    there) is the user's input to fix: exit 1 naming the path, as `-o` on a folder always was,
    not click's usage error (exit 2)."""
    (tmp_path / "file").write_text("kept", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    names = {"file": tmp_path / "file", "folder": tmp_path / "folder", "missing": tmp_path / "x"}
    given = [a.format(**names) for a in arguments]
    result = run_cli(*given)
    shown = next(str(path) for key, path in names.items() if f"{{{key}}}" in "".join(arguments))
    assert result.exit_code == 1, result.err
    assert result.err.startswith(f"{shown}: {expected}"), result.err
    assert "nothing was written" in result.err and "Usage:" not in result.err
    assert (tmp_path / "file").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["import", "x.csv", "--into", ""],
        ["report", str(OAKFIELD), "--out-dir", " "],
        ["questionnaire", "npt", "--all-roles", "--out-dir", ""],
        ["score", ""],
        ["compare", str(OAKFIELD), "-o", ""],
    ],
    ids=["import --into", "report --out-dir", "questionnaire --out-dir", "score", "compare -o"],
)
def test_an_empty_file_or_folder_name_is_refused_not_read_as_here(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str]
) -> None:
    """The system reads an empty path as the current folder: `--into ""` wrote an assessment
    into it. Every file or folder option and argument refuses empty text, writing nothing."""
    monkeypatch.chdir(tmp_path)
    result = run_cli(*arguments)
    assert result.exit_code == 2, result.output
    assert "is empty: give the name of a file or folder" in result.err
    assert list(tmp_path.iterdir()) == []


def test_framework_option_restricts_scoring(run_cli: RunCli) -> None:
    result = run_cli("score", RIVERSIDE, "--framework", "npt", "--format", "json")
    assert [f["id"] for f in json.loads(result.out)["frameworks"]] == ["npt"]


def test_output_file_is_written_and_inputs_are_protected(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "scores.json"
    result = run_cli("score", OAKFIELD, "--format", "json", "-o", target)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["site"]["name"] == "Oakfield Surgery"
    copy = tmp_path / "input.yaml"
    copy.write_bytes(OAKFIELD.read_bytes())
    refused = run_cli("score", copy, "-o", copy)
    assert refused.exit_code == 1
    assert "refusing to write" in refused.err
    assert copy.read_bytes() == OAKFIELD.read_bytes()


@pytest.mark.parametrize("command", [["status"], ["frameworks", "show"]])
def test_a_command_that_only_reads_does_not_say_nothing_was_written(
    command: list[str], run_cli: RunCli, tmp_path: Path
) -> None:
    """Said after `status` or `frameworks show` refuses, "nothing was written" suggests it
    would have written something."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: [unclosed\n", encoding="utf-8")
    result = run_cli(*command, bad)
    assert result.exit_code == 1
    assert result.err.endswith("1 problem found.\n"), result.err


def test_bad_assessment_exits_1_with_located_messages(run_cli: RunCli) -> None:
    bad = DATA / "assessments" / "broken" / "answer-off-scale.yaml"
    result = run_cli("score", bad)
    assert result.exit_code == 1
    assert f"{bad}:8: respondents[r1].answers.five-mechanisms.SD1: 'agreed'" in result.err
    assert "1 problem found; nothing was written." in result.err
    assert "Traceback" not in result.output
    assert result.out == ""


def test_missing_assessment(run_cli: RunCli) -> None:
    result = run_cli("score", "no-such-site.yaml")
    assert result.exit_code == 1
    assert "no-such-site.yaml: file not found" in result.err


def test_warnings_go_to_stderr(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "site: {name: S, kind: practice, assessed_on: 2026-10-01}\n"
        "respondents:\n  - {id: c1, role: client, answers: {five-mechanisms: "
        "{SD1: agree}}}\n"
    )
    result = run_cli("score", path, "--format", "json")
    assert result.exit_code == 0
    assert "warning: SD1 is not addressed to the role 'client'" in result.err
    assert json.loads(result.out)["warnings"]


def test_failed_render_leaves_no_pdf(tmp_path: Path, run_cli: RunCli) -> None:
    templates = tmp_path / "broken-templates"
    templates.mkdir()
    (templates / "report.html").write_text("<html>{{ report.no_such_field }}</html>")
    out = tmp_path / "report.pdf"
    result = run_cli("report", OAKFIELD, "-o", out, "--template-dir", templates)
    assert result.exit_code == 1
    assert "template error in report.html" in result.err and "no_such_field" in result.err
    assert not out.exists()
    assert list(tmp_path.glob(".report.pdf.*")) == []
    out.write_bytes(b"previous report")
    run_cli("report", OAKFIELD, "-o", out, "--template-dir", templates)
    assert out.read_bytes() == b"previous report"


def test_report_refuses_to_overwrite_its_input(tmp_path: Path, run_cli: RunCli) -> None:
    copy = tmp_path / "site.yaml"
    copy.write_bytes(OAKFIELD.read_bytes())
    result = run_cli("report", copy, "-o", copy)
    assert result.exit_code == 1
    assert copy.read_bytes() == OAKFIELD.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "r.pdf", "--format", "html"],
            "r.pdf names a PDF, but --format html writes a web page; give it a name ending in "
            ".html or .htm",
        ),
        (["-o", "r.html", "--format", "pdf"], "r.html names a web page, but --format pdf writes"),
        (["-o", "r.html", "--html", "copy.html"], "this report is already HTML; give -o alone"),
        (["-o", "r.htm", "--format", "html", "--html", "c.html"], "already HTML"),
        (["-o", "r.docx"], "cannot tell the format from 'r.docx'; name the report .pdf or .html"),
        (["-o", "scores.csv"], "cannot tell the format from 'scores.csv'"),
    ],
)
def test_a_report_is_never_written_under_a_name_that_says_another_format(
    run_cli: RunCli, tmp_path: Path, args: list[str], message: str
) -> None:
    """HTML in a file named .pdf (or a PDF in .html), or an HTML copy of an HTML report, is
    refused before anything is rendered; nothing is written."""
    here = [str(tmp_path / a) if "." in a else a for a in args]
    result = run_cli("report", OAKFIELD, *here)
    assert result.exit_code == 1, result.output
    assert message in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "name", "message"),
    [
        (["questionnaire", "npt", "--format", "pdf"], "q.xlsx", "names an Excel workbook, but"),
        (["questionnaire", "npt", "--format", "yaml"], "q.pdf", "ending in .yaml or .yml"),
        (["review", RIVERSIDE, "--format", "xlsx"], "c.pdf", "--format xlsx writes an Excel"),
        (["score", RIVERSIDE, "--format", "json"], "s.csv", "names a CSV table, but"),
        (["score", RIVERSIDE, "--format", "table"], "s.json", "names JSON, but --format table"),
        (["compare", RIVERSIDE, "--format", "json"], "p.csv", "--format json writes JSON"),
    ],
)
def test_no_file_is_written_under_a_name_that_says_another_format(
    run_cli: RunCli, tmp_path: Path, command: list[str | Path], name: str, message: str
) -> None:
    """A form, checklist, table or portfolio of one kind under a name saying another would
    not open as its name says: refused, naming the extensions that fit; nothing written."""
    result = run_cli(*command, "-o", tmp_path / name)
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / name} names " in result.err and message in result.err
    assert list(tmp_path.iterdir()) == []


def test_score_writes_the_format_its_output_is_named_for(run_cli: RunCli, tmp_path: Path) -> None:
    """Without --format, -o scores.json writes JSON and scores.csv CSV (a table before)."""
    assert run_cli("score", OAKFIELD, "-o", tmp_path / "s.json").exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text())["format"].startswith("readiness-score/")
    assert run_cli("score", OAKFIELD, "-o", tmp_path / "s.csv").exit_code == 0
    assert (tmp_path / "s.csv").read_text(encoding="utf-8-sig").startswith("site,ods_code,")
    assert run_cli("score", OAKFIELD, "-o", tmp_path / "s.txt").exit_code == 0
    assert "[five-mechanisms" in (tmp_path / "s.txt").read_text()


def test_a_pdf_report_may_be_named_without_an_extension(run_cli: RunCli, tmp_path: Path) -> None:
    """No extension, or a dot that is not one (a date, a site's "St. Mary's"), is a PDF as
    before; .PDF in capitals too."""
    for name in ("report", "report 2026.12", "St. Mary's report", "R.PDF"):
        assert run_cli("report", OAKFIELD, "-o", tmp_path / name).exit_code == 0
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_an_unknown_framework_is_one_error_not_a_warning_per_respondent(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Said once, at the option it came from (not at a file called "<input>")."""
    result = run_cli("score", RIVERSIDE, "--framework", "nosuch")
    assert result.exit_code == 1
    said = "--framework: unknown framework 'nosuch'; use one of: delivery-conditions,"
    assert result.err.startswith(said)
    assert "warning" not in result.err and "<input>" not in result.err
    compared = run_cli("compare", RIVERSIDE, "-f", "nosuch", "-o", tmp_path / "sites.csv")
    assert compared.exit_code == 1
    assert compared.err.startswith(said)  # as `score` says it


def test_a_one_file_sites_plan_and_evidence_are_never_written_over(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Beside a one-file assessment, its plan (NAME.plan.yaml) and the evidence its review
    hashes are inputs too: score, report and compare refuse to write over them."""
    import hashlib

    evidence = tmp_path / "ev.txt"
    evidence.write_text("Room booking policy\n")
    digest = hashlib.sha256(evidence.read_bytes()).hexdigest()
    site = tmp_path / "o.yaml"
    site.write_text(
        OAKFIELD.read_text()
        + "review:\n  reviewer: {name: Sam Patel}\n  visits: [2026-11-03]\n  items:\n"
        "    delivery-conditions:\n      DC8:\n        verified: 'yes'\n        evidence:\n"
        f"          - {{title: Rooms, seen: 2026-11-03, file: ev.txt, sha256: {digest}}}\n"
    )
    assert run_cli("plan", site).exit_code == 0
    plan = tmp_path / "o.plan.yaml"
    kept = {path: path.read_bytes() for path in (plan, evidence)}
    for target in kept:
        commands: list[list[str | Path]] = [
            ["score", site, "--format", "json", "-o", target],
            ["report", site, "-o", target, "--format", "html"],
            ["compare", site, "-o", target, "--format", "json"],
        ]
        for command in commands:
            result = run_cli(*command)
            assert result.exit_code == 1, (command, result.output)
            assert "it is (or is inside) an input" in result.err
    assert {path: path.read_bytes() for path in kept} == kept


def test_no_command_writes_a_document_over_another_assessments_files(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """A report, table or blank form written over a site file, a review, a plan or a one-file
    assessment (not the command's own input: another site's) would destroy it: refused, each
    file kept byte for byte. A file of another name in the folder is written as asked."""
    import shutil

    folder = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, folder)
    (folder / "plan.yaml").write_text("format: readiness-plan/1\n")
    one = tmp_path / "oakfield.yaml"
    shutil.copy(OAKFIELD, one)
    (tmp_path / "oakfield.plan.yaml").write_text("format: readiness-plan/1\n")
    other = REPO / "examples" / "riverside-pcn-baseline"
    kept = [
        folder / "site.yaml",
        folder / "review.yaml",
        folder / "plan.yaml",
        one,
        tmp_path / "oakfield.plan.yaml",
    ]
    before = {path: path.read_bytes() for path in kept}
    for target in kept:
        commands: list[list[str | Path]] = [
            ["questionnaire", "npt", "--format", "yaml", "-o", target],
            ["report", other, "-o", target, "--format", "html"],
            ["score", other, "--format", "json", "-o", target],
            ["compare", other, "-o", target, "--format", "json"],
            ["review", other, "-o", target],
        ]
        for command in commands:
            result = run_cli(*command)
            assert result.exit_code == 1, (command, result.output)
            assert f"refusing to write {target}: it is " in result.err
            assert "which would be lost; choose another file name" in result.err
    assert {path: path.read_bytes() for path in kept} == before
    assert (
        "the site file of the assessment in"
        in run_cli("questionnaire", "npt", "--format", "yaml", "-o", folder / "site.yaml").err
    )
    elsewhere = folder / "npt-form.yaml"
    assert run_cli("questionnaire", "npt", "--format", "yaml", "-o", elsewhere).exit_code == 0
    assert elsewhere.is_file()
    # Through links too, and a respondent's file: by -o, or a batch's report name.
    answers = next((folder / "respondents").iterdir())
    kept_answers = answers.read_bytes()
    links = tmp_path / "links"
    links.mkdir()
    (links / "c.xlsx").symlink_to(answers)
    (links / "oakfield.html").symlink_to(folder / "site.yaml")
    result = run_cli("compare", one, "-o", links / "c.xlsx")
    assert result.exit_code == 1 and "it is a respondent's file of the assessment" in result.err
    result = run_cli("report", one, "--out-dir", links, "--format", "html")
    assert result.exit_code == 1 and "it is the site file of the assessment" in result.err
    assert answers.read_bytes() == kept_answers
    assert {path: path.read_bytes() for path in kept} == before


def test_scores_combined_the_other_way_warn_when_roles_are_hidden(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Three GPs and one VCSE person: 41.67 by roles and 62.5 by respondents solve, together,
    for the VCSE person's answer. Scoring the other way than the framework says warns that
    the two should not both be published; the framework's own way does not."""
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {name: P, kind: practice, assessed_on: 2026-11-02}\nrespondents:\n"
        + "".join(
            f"  - {{id: {i}, role: {role}, answers: {{five-mechanisms: {{SD1: {a}}}}}}}\n"
            for i, role, a in [
                ("g1", "gp", "agree"),
                ("g2", "gp", "agree"),
                ("g3", "gp", "strongly_agree"),
                ("v1", "vcse", "strongly_disagree"),
            ]
        )
    )
    other = run_cli("score", site, "--aggregate", "respondents")
    assert other.exit_code == 0 and "Publish one of them, not both." in other.err
    usual = run_cli("score", site)
    assert usual.exit_code == 0 and "Publish one of them" not in usual.err
    single = run_cli("score", OAKFIELD, "--aggregate", "respondents")
    assert "Publish one of them" not in single.err  # one named respondent: nothing hidden
    # A portfolio is an output too: `compare` warns the same way, naming the sites.
    portfolio = tmp_path / "portfolio.csv"
    for how, warned in (["--aggregate", "respondents"], True), ([], False):
        compared = run_cli("compare", site, OAKFIELD, "-o", portfolio, "--no-cache", *how)
        assert compared.exit_code == 0, compared.err
        assert ("at P some roles are too few to show" in compared.err) is warned, compared.err
        assert "Oakfield" not in compared.err
    # A script reading only the JSON is told too: the score's and the portfolio's warnings.
    for how, warned in (["--aggregate", "respondents"], True), ([], False):
        scored = json.loads(run_cli("score", site, "--format", "json", *how).out)
        assert any("Publish one of them" in w for w in scored["warnings"]) is warned
        as_json = tmp_path / "portfolio.json"
        assert run_cli("compare", site, OAKFIELD, "-o", as_json, "--no-cache", *how).exit_code == 0
        listed = json.loads(as_json.read_text())["warnings"]
        assert any("at P some roles are too few to show" in w for w in listed) is warned


def test_messages_say_what_is_wrong_with_a_path_a_pdf_or_a_framework_choice(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """A file where a folder is expected is named as a file; a damaged PDF gets one message
    saying what to do (not the PDF library's own lines too); and --framework that nobody
    answered says so, with each person's reason."""
    result = run_cli("score", OAKFIELD, "-o", OAKFIELD / "x.csv")
    assert result.exit_code == 1
    assert f"{OAKFIELD} is a file, not a folder" in result.err
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nbroken")
    # In a process of its own: pytest's log capture would hide the library's lines here.
    command = [
        sys.executable,
        "-m",
        "readiness",
        "import",
        str(broken),
        "--into",
        str(tmp_path / "s"),
    ]
    ran = subprocess.run([*command, "--site", "S"], capture_output=True, text=True, check=False)
    assert ran.returncode == 1
    assert "cannot be read as a PDF form (PdfStreamError): it is damaged or cut short" in ran.stderr
    assert "EOF marker" not in ran.stderr
    nobody = tmp_path / "nobody.yaml"
    nobody.write_text(
        "site: {name: N, kind: practice, assessed_on: 2026-11-02}\nrespondents:\n"
        "  - {id: r1, role: gp, answers: {five-mechanisms: {SD1: agree}}}\n"
    )
    result = run_cli("score", nobody, "--framework", "npt")
    assert result.exit_code == 1
    assert "respondent 'r1' answered none of the frameworks scored here (npt)" in result.err
    assert "no respondents: nobody answered the frameworks scored here (npt)" in result.err


def test_respondents_beyond_those_listed_are_counted_by_what_they_warn_of() -> None:
    """Past the first files listed one by one, a warning about a file is counted as what it
    is: a pseudonym taken, answers a role is not asked, answers carried from an older
    version (a role warning was once counted as carried answers)."""
    from readiness.cli import _unlisted_import_notes
    from readiness.collect.importer import Imported

    def imported(**given: object) -> Imported:
        return Imported(Path("r.yaml"), "r01", "gp", 3, Path("e.csv"), 2, **given)  # type: ignore[arg-type]

    records = [
        imported(),
        imported(renamed_from="g1"),
        imported(warnings=("warning: ...",)),
        imported(warnings=("warning: ...",), notes=("carried ...",)),
    ]
    said = _unlisted_import_notes(records)
    assert said == [
        "warning: 1 more respondent had a pseudonym already taken and took the next free one: "
        "two people may have chosen the same pseudonym, or one person's corrected form is now "
        "counted twice (each file says, at the top, the pseudonym it gave)",
        "warning: 2 more respondents answered questions their role is not asked; the answers "
        "are kept and scored as that role's (each file says which, at the top)",
        "note: 1 more respondent answered an older framework version; what was carried across "
        "is noted at the top of each file",
    ]
    assert _unlisted_import_notes([imported()]) == []
    assert _unlisted_import_notes([imported(other_text=("warning: ...",))]) == [
        "warning: 1 more respondent had answers first imported against another text of a "
        "framework than this import's (each file says which, at the top)"
    ]
    assert _unlisted_import_notes(records[1:2], more=False)[0].startswith(
        "warning: 1 respondent had"
    )
