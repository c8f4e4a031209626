"""`readiness frameworks list | show | validate` as a user reads them."""

from __future__ import annotations

from readiness.resources import frameworks_dir

from ..helpers import DATA, RunCli, assert_golden


def test_list_shows_each_framework(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "list")
    assert result.exit_code == 0, result.output
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "delivery-conditions",
        "five-mechanisms",
        "npt",
        "rainbow",
    ]
    assert "5 domains, 25 items" in lines[1]


def test_show_outlines_a_framework(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "show", "five-mechanisms")
    assert result.exit_code == 0, result.output
    out = result.out
    assert out.startswith("Five mechanisms for social prescribing (five-mechanisms 1.0.0)")
    assert "FU1   Funding for the link-worker posts is agreed" in out
    assert "critical" in out
    assert "Runacres, J. (2021)" in out
    assert "http://www.open-access.bcu.ac.uk/12384/" in out  # URLs are never split


def test_show_unknown_id_suggests(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "show", "five-mechanism")
    assert result.exit_code == 1
    assert "did you mean 'five-mechanisms'?" in result.err
    assert "Traceback" not in result.output


def test_validate_valid_files_exit_zero(run_cli: RunCli) -> None:
    files = sorted(frameworks_dir().glob("*.yaml"))
    result = run_cli("frameworks", "validate", *files)
    assert result.exit_code == 0, result.output
    assert result.out.count(": valid (") == 4


def test_validate_reports_every_file_and_fails(run_cli: RunCli) -> None:
    good = frameworks_dir() / "npt.yaml"
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
