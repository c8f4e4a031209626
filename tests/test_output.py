"""Writing under real faults: a full disk, a read-only folder, a name too long, and races.

This machine and CI run as root, so chmod cannot make a folder read-only: the faults come from
small tmpfs mounts. Mounting needs root; without it the tests skip on a developer's machine and
fail in CI (CI=true), where they must run."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.framework.load import load_catalogue

from .helpers import IN_CI, OAKFIELD, REPO, RunCli

CATALOGUE = load_catalogue()


@contextlib.contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _untouched(folder: Path, before: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == before  # nothing new, no temporaries


def test_a_full_disk_is_exit_1_and_leaves_what_was_there(tmp_path: Path, run_cli: RunCli) -> None:
    with tmpfs(tmp_path / "small", "size=64k") as disk:
        (disk / "report.pdf").write_bytes(b"last week's report")
        report = run_cli("report", OAKFIELD, "-o", disk / "report.pdf", "--html", disk / "r.html")
        assert report.exit_code == 1, report.output
        assert (
            report.err
            == (
                f"error: cannot write {disk}/report.pdf: the disk is full; free some space and "
                "try again\n"
            )
            or "the disk is full; free some space and try again" in report.err
        )
        assert (disk / "report.pdf").read_bytes() == b"last week's report"
        _untouched(disk, {"report.pdf"})
        q = run_cli("questionnaire", "npt", "--format", "pdf", "-o", disk / "q.pdf")
        assert q.exit_code == 1 and "the disk is full" in q.err, q.output
        _untouched(disk, {"report.pdf"})


def test_a_full_disk_during_an_import_writes_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    rows = ["Your role,SD1. x,Comment on SD1"] + [f"GP,Agree,{'x' * 1900}"] * 60
    export = tmp_path / "big.csv"
    export.write_text("\n".join(rows) + "\n")
    with tmpfs(tmp_path / "small", "size=64k") as disk:
        result = run_cli("import", export, "--into", disk / "site", "--site", "S")
        assert result.exit_code == 1, result.output
        assert "the disk is full; free some space and try again" in result.err
        assert "Traceback" not in result.err and "internal error" not in result.err
        _untouched(disk, set())  # no site folder, no site.yaml, no temporaries


def test_a_read_only_folder_is_exit_1_for_every_command(tmp_path: Path, run_cli: RunCli) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    with tmpfs(tmp_path / "ro", "size=64k,ro") as folder:
        reason = "the folder is on a read-only file system"
        for args in (
            ("score", OAKFIELD, "--format", "csv", "-o", folder / "s.csv"),
            ("report", OAKFIELD, "-o", folder / "r.pdf"),
            ("questionnaire", "npt", "--format", "xlsx", "-o", folder / "q.xlsx"),
            ("import", source, "--into", folder / "site", "--site", "S"),
        ):
            result = run_cli(*args)
            assert result.exit_code == 1, (args, result.output)
            assert reason in result.err, (args, result.err)
            assert str(folder) in result.err
        _untouched(folder, set())


def test_a_name_too_long_is_exit_1_for_every_command(tmp_path: Path, run_cli: RunCli) -> None:
    long = tmp_path / ("x" * 300)
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    for args in (
        ("score", OAKFIELD, "--format", "json", "-o", f"{long}.json"),
        ("report", OAKFIELD, "-o", f"{long}.pdf"),
        ("questionnaire", "npt", "--format", "yaml", "-o", f"{long}.yaml"),
        ("import", source, "--into", long, "--site", "S"),
        ("score", f"{long}.yaml"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "internal error" not in result.err
        assert "too long" in result.err.lower(), (args, result.err)
    assert {p.name for p in tmp_path.iterdir()} == {"a.yaml"}


@pytest.mark.slow
def test_parallel_imports_into_one_folder_lose_and_duplicate_nobody(tmp_path: Path) -> None:
    """Many real processes import at once; every respondent is there exactly once."""
    site = tmp_path / "site"
    (site / "respondents").mkdir(parents=True)
    (site / "site.yaml").write_text("site: {name: S, kind: pcn, assessed_on: 2026-10-01}\n")
    code = "import sys; from readiness.cli import main; sys.exit(main(sys.argv[1:]))"
    for round_number in range(4):
        sources = []
        for n in range(6):
            source = tmp_path / f"p{round_number}-{n}.yaml"
            answer = ["agree", "disagree", "neutral"][n % 3]
            source.write_text(
                f"role: gp\nanswers: {{five-mechanisms: {{SD1: {answer}}}}}\n"
                f"comments: {{five-mechanisms: {{SD1: 'person {round_number}-{n}'}}}}\n"
            )
            sources.append(source)
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", code, "import", str(s), "--into", str(site)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=REPO,
                env={**os.environ},
            )
            for s in sources
        ]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
    people = load_assessment(site, CATALOGUE).respondents
    notes = sorted(p.comments["five-mechanisms"]["SD1"] for p in people)
    assert notes == sorted(f"person {r}-{n}" for r in range(4) for n in range(6))
    assert len({p.id for p in people}) == 24
    assert not [p for p in (site / "respondents").iterdir() if p.name.startswith(".")]
