"""`readiness frameworks list | show | validate` as a user reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.resources import frameworks_dir

from ..helpers import DATA, RunCli, assert_golden


def test_list_shows_every_version_and_the_default(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "list")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.out.splitlines() if not line.startswith(" ")]
    assert [tuple(line.split()[:2]) for line in lines] == [
        (framework_id, version)
        for framework_id in ("delivery-conditions", "five-mechanisms", "npt", "rainbow")
        for version in ("1.0.0", "2.0.0", "3.0.0")
    ]
    assert "5 domains, 25 items" in lines[3] and "(use five-mechanisms@1.0.0)" in lines[3]
    assert "5 domains, 26 items" in lines[5] and lines[5].endswith("(default)")


def test_list_says_who_answers_how_long_it_takes_and_what_it_rests_on(run_cli: RunCli) -> None:
    """Worked by hand for the facts test framework: SAFE, DESC (yes/partly/no, 20 s each),
    LOAD (a figure, 60 s) and VIEW (agreement, 20 s, asked of everyone)."""
    result = run_cli("frameworks", "list", "--frameworks-dir", DATA / "frameworks" / "facts")
    assert result.exit_code == 0, result.output
    block = result.out.split("facts ", 1)[1]
    details = " ".join(line.strip() for line in block.splitlines()[1:5])
    # Link workers and their manager: all four, 120 s = 2 min; GPs DESC and VIEW, 40 s.
    assert "Link worker, Link-worker manager or supervisor: 4 items, 2 min" in details
    assert "GP: 2 items, 1 min" in details
    assert "Practice nurse, Practice manager" in details and ": 1 item, 1 min" in details
    assert "Evidence: 1 work cited (0 with a DOI), 2020;" in result.out
    assert "licence: not stated in the file (see its attribution)" in result.out


def test_show_outlines_a_framework(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "show", "five-mechanisms")
    assert result.exit_code == 0, result.output
    out = result.out
    assert out.startswith("Five mechanisms for social prescribing (five-mechanisms 3.0.0)")
    assert "FU1   How far ahead is funding for the link-worker posts agreed?" in out
    assert "asked once, as delivery-conditions@3.0.0/DC7" in out
    assert "critical" in out and "fact" in out
    assert "Runacres, J. (2021)" in out
    assert "http://www.open-access.bcu.ac.uk/12384/" in out  # URLs are never split
    assert "Changes from 2.0.0" in out and "replaced: IT1 -> IT1." in out
    assert "clinical-system-access: PCN clinical director or PCN manager; 3-6 months" in out


def test_show_says_which_file_a_users_framework_comes_from(tmp_path: Path, run_cli: RunCli) -> None:
    """helper-62 5: an adapted copy was shown under the bundled heading, with nothing to say
    it was the user's file (as `list`, `score` and `report` say)."""
    import shutil

    copy = tmp_path / "npt-3.0.0.yaml"
    shutil.copy(frameworks_dir() / "npt-3.0.0.yaml", copy)
    shown = run_cli("frameworks", "show", "npt", "--frameworks-dir", tmp_path)
    assert shown.exit_code == 0, shown.output
    lines = shown.out.splitlines()
    assert lines[0].endswith("(npt 3.0.0, adapted locally)")
    assert lines[2] == f"  (from {copy}, replacing the bundled one)"
    bundled = run_cli("frameworks", "show", "npt").out.splitlines()
    assert bundled[0].endswith("(npt 3.0.0)") and "from" not in bundled[2]
    # A bundled framework that asks questions kept in a user's file says which (helper-62 11).
    kept = tmp_path / "delivery-conditions-3.0.0.yaml"
    shutil.copy(frameworks_dir() / "delivery-conditions-3.0.0.yaml", kept)
    with kept.open("a", encoding="utf-8") as handle:
        handle.write("# our copy\n")
    asking = run_cli("frameworks", "show", "five-mechanisms", "--frameworks-dir", tmp_path)
    lines = asking.out.splitlines()
    assert lines[0].endswith("(five-mechanisms 3.0.0, adapted locally)")
    assert lines[2] == f"  (adapted locally: it asks questions kept in {kept})"


def test_show_a_pinned_version(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "show", "five-mechanisms@1.0.0")
    assert result.exit_code == 0, result.output
    assert result.out.startswith("Five mechanisms for social prescribing (five-mechanisms 1.0.0)")
    assert "FU1   Funding for the link-worker posts is agreed" in result.out
    result = run_cli("frameworks", "show", "npt@9.9")
    assert result.exit_code == 1
    assert "npt has no version '9.9'; available: 1.0.0, 2.0.0, 3.0.0" in result.err


def test_show_unknown_id_suggests(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "show", "five-mechanism")
    assert result.exit_code == 1
    assert "did you mean 'five-mechanisms'?" in result.err
    assert "Traceback" not in result.output


def test_validate_valid_files_exit_zero(run_cli: RunCli) -> None:
    files = sorted(frameworks_dir().glob("*.yaml"))
    result = run_cli("frameworks", "validate", *files)
    assert result.exit_code == 0, result.output
    assert result.out.count(": valid (") == 13
    assert "actions.yaml: valid (action library: " in result.out


def test_validate_reports_every_file_and_fails(run_cli: RunCli) -> None:
    good = frameworks_dir() / "npt-2.0.0.yaml"
    bad = DATA / "frameworks" / "broken" / "unknown-scale.yaml"
    result = run_cli("frameworks", "validate", good, bad, "no-such-file.yaml")
    assert result.exit_code == 1
    assert f"{good}: valid" in result.out
    assert f"{bad}:35: domains[alpha].items[A1].scale: unknown scale 'agree5'" in result.out
    assert "no-such-file.yaml: file not found" in result.out


def test_validate_needs_a_file(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.err


def test_whole_outline_of_a_framework(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "show", "delivery-conditions")
    assert result.exit_code == 0, result.output
    assert_golden("delivery-conditions-show.txt", result.out)


def test_validate_warns_about_a_citation_that_cannot_be_found(
    run_cli: RunCli, tmp_path: Path
) -> None:
    source = (DATA / "frameworks" / "minimal.yaml").read_text()
    path = tmp_path / "no-link.yaml"
    path.write_text(source.replace("    url: https://example.org/source\n", ""))
    result = run_cli("frameworks", "validate", path)
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "warning: has neither a doi nor a url" in result.out
    assert f"{path}: valid (mini 0.1: 1 domains, 1 items, 1 warning)" in result.out


def test_show_reads_a_name_as_an_id_when_a_folder_has_that_name(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A consultant keeping an adapted framework in a folder named after it (npt/) got "npt:
    is a folder, not a YAML file" from `frameworks show npt`. A name is a file only when it
    is one; a folder that names no framework is still told as a folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "npt").mkdir()
    (tmp_path / "drafts").mkdir()
    shown = run_cli("frameworks", "show", "npt")
    assert shown.exit_code == 0, shown.output
    assert "(npt 3.0.0)" in shown.out.splitlines()[0]
    folder = run_cli("frameworks", "show", "drafts")
    assert folder.exit_code == 1 and "drafts: is a folder, not a YAML file" in folder.err


def test_the_frameworks_help_names_its_commands_and_no_other(run_cli: RunCli) -> None:
    """The group's help said "List, show, validate and describe", and `describe` is no
    command: it names each of its commands, and that one no more."""
    shown = run_cli("frameworks", "--help").out
    summary = shown.split("\n\n")[1].strip().lower()
    commands = {line.split()[0] for line in shown.split("Commands:")[1].strip().splitlines()}
    assert commands == {"list", "show", "validate", "schema"}
    assert all(command in summary for command in commands), summary
    assert "describe" not in shown


def test_a_direction_control_in_a_framework_s_text_cannot_reverse_the_terminal(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A right-to-left override in a title would reverse the rest of the line on a terminal
    that reorders text. Each text from the file is fenced off (isolate ... pop) where it sits
    in its line, so what the line says after it stays outside (helper-59: a fence around the
    whole line kept "(default)" inside it, reversed), and the words are printed as written."""
    text = (frameworks_dir() / "npt-3.0.0.yaml").read_text(encoding="utf-8")
    start = text.index("\ntitle:") + 1
    end = text.index("\n", start)
    text = text[:start] + 'title: "NPT \\u202eevil text"' + text[end:]
    # A band's label, in the middle of the line that sets out the gate.
    assert "cap_band: emerging" in text
    text = text.replace("{id: emerging, label: Emerging,", '{id: emerging, label: "Lo\\u202ew",')
    (tmp_path / "npt-3.0.0.yaml").write_text(text, encoding="utf-8")
    fenced = "\u2068NPT \u202eevil text\u2069"
    shown = run_cli("frameworks", "show", "npt", "--frameworks-dir", tmp_path)
    assert shown.exit_code == 0, shown.output
    assert f"{fenced} (npt 3.0.0, adapted locally)" in shown.out
    # Fenced once, where it sits, and underlined as wide as it shows (helper-61).
    head, rule = shown.out.splitlines()[:2]
    assert head.count("\u2068") == 1 and rule == "=" * (len(head) - 3)
    assert "the band at '\u2068Lo\u202ew\u2069'." in shown.out
    listed = run_cli("frameworks", "list", "--frameworks-dir", tmp_path)
    assert listed.exit_code == 0, listed.output
    assert f"{fenced}  (default)" in listed.out
