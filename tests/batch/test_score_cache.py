"""Scores kept between `compare` runs: used only while every file they were made from is
unchanged, never holding what a respondent wrote, and a shortcut that can fail without harm."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import readiness.batch.sites as sites_module
from readiness.batch.score_cache import ABANDONED_AFTER_SECONDS, UNUSED_AFTER_SECONDS
from readiness.batch.sites import score_site
from readiness.report.portfolio.summary import DomainSummary, FrameworkSummary, SiteSummary

from ..helpers import OAKFIELD, RIVERSIDE, RunCli

ScoreSite = Callable[..., object]


@pytest.fixture
def portfolio(tmp_path: Path) -> list[Path]:
    """Two sites: a folder with a review that checks an evidence file's hash, and one file."""
    folder = tmp_path / "sites" / "riverside"
    shutil.copytree(RIVERSIDE, folder)
    single = tmp_path / "sites" / "oakfield.yaml"
    shutil.copy(OAKFIELD, single)
    return [folder, single]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("READINESS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sites scored (rather than read from the cache), by name, in this process."""
    names: list[str] = []

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        names.append(path.name)
        return score_site(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sites_module, "score_site", counting)
    return names


def compare(run_cli: RunCli, sites: list[Path], out: Path, *extra: str) -> bytes:
    result = run_cli("compare", *sites, "-o", out, "--jobs", "1", *extra)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/scores/*.json"))


def test_a_site_is_scored_again_only_when_a_file_it_is_made_from_changes(
    run_cli: RunCli, portfolio: list[Path], cache: Path, scored: list[str], tmp_path: Path
) -> None:
    fresh = compare(run_cli, portfolio, tmp_path / "fresh.csv", "--no-cache")
    assert entries(cache) == []
    assert compare(run_cli, portfolio, tmp_path / "first.csv") == fresh
    assert len(entries(cache)) == 2
    scored.clear()
    result = run_cli("compare", *portfolio, "-o", tmp_path / "kept.csv", "--jobs", "1")
    assert (tmp_path / "kept.csv").read_bytes() == fresh
    assert scored == []
    assert result.err == (
        f"Wrote {tmp_path / 'kept.csv'} (2 sites; 1 flagged as having few respondents; "
        "2 unchanged since last compared, "
        "not scored again)\n"
    )
    riverside, oakfield = portfolio
    answers = riverside / "respondents" / "r07-link-worker.yaml"
    leaver = answers.with_name("r09-link-worker.yaml")
    review = riverside / "review.yaml"
    changes: list[tuple[Path, Callable[[], object]]] = [
        # a respondent's file, one respondent fewer, the reviewer's file, the one-file site
        (answers, lambda: answers.write_text(answers.read_text() + "\n")),
        (riverside, lambda: leaver.unlink()),
        (riverside, lambda: review.write_text(review.read_text() + "\n# checked again\n")),
        (oakfield, lambda: oakfield.write_text(oakfield.read_text() + "\n# a note\n")),
    ]
    for changed, change in changes:
        change()
        scored.clear()
        again = compare(run_cli, portfolio, tmp_path / "again.csv")
        site = oakfield if changed == oakfield else riverside
        assert scored == [site.name], changed
        assert again == compare(run_cli, portfolio, tmp_path / "check.csv", "--no-cache")


def test_the_evidence_a_review_checks_is_part_of_what_a_score_is_made_from(
    run_cli: RunCli, portfolio: list[Path], cache: Path, scored: list[str], tmp_path: Path
) -> None:
    compare(run_cli, portfolio, tmp_path / "first.csv")
    # The evidence file changes after its hash was recorded: the review no longer holds, and
    # the kept score must not hide that.
    evidence = portfolio[0] / "evidence" / "safeguarding-route-summary.txt"
    evidence.write_text(evidence.read_text() + "edited\n")
    result = run_cli("compare", *portfolio, "-o", tmp_path / "again.csv", "--jobs", "1")
    assert result.exit_code == 1
    assert "the file has changed since it was recorded" in result.err


def test_options_and_frameworks_are_part_of_what_a_score_is_made_from(
    run_cli: RunCli, portfolio: list[Path], cache: Path, scored: list[str], tmp_path: Path
) -> None:
    compare(run_cli, portfolio, tmp_path / "first.csv")
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    bundled = Path(sites_module.__file__).parents[2] / "frameworks"
    shutil.copy(bundled / "npt-3.0.0.yaml", frameworks / "npt-3.0.0.yaml")
    scored.clear()
    compare(run_cli, portfolio, tmp_path / "own.csv", "--frameworks-dir", str(frameworks))
    # The same framework file, byte for byte, but the user's: it is named adapted locally.
    assert sorted(scored) == sorted(p.name for p in portfolio)
    assert "npt,3.0.0," in (tmp_path / "own.csv").read_text()
    assert (tmp_path / "own.csv").read_text() != (tmp_path / "first.csv").read_text()
    scored.clear()
    compare(run_cli, portfolio, tmp_path / "own.csv", "--frameworks-dir", str(frameworks))
    assert scored == []
    adapted = frameworks / "npt-3.0.0.yaml"
    adapted.write_text(adapted.read_text() + "\n# adapted\n")
    compare(run_cli, portfolio, tmp_path / "own.csv", "--frameworks-dir", str(frameworks))
    assert sorted(scored) == sorted(p.name for p in portfolio)
    scored.clear()
    compare(run_cli, portfolio, tmp_path / "people.csv", "--aggregate", "respondents")
    assert sorted(scored) == sorted(p.name for p in portfolio)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[" * 100_000,
        b'{"format": "readiness-site-scores/1"}',
        b"\xff\xfe not text",
    ],
    ids=["empty", "not-json", "too-deep", "no-summary", "not-utf8"],
)
def test_a_damaged_entry_is_worked_out_again(
    run_cli: RunCli,
    portfolio: list[Path],
    cache: Path,
    scored: list[str],
    tmp_path: Path,
    damage: bytes,
) -> None:
    fresh = compare(run_cli, portfolio, tmp_path / "first.csv")
    for entry in entries(cache):
        entry.write_bytes(damage)
    scored.clear()
    assert compare(run_cli, portfolio, tmp_path / "again.csv") == fresh
    assert sorted(scored) == sorted(p.name for p in portfolio)
    scored.clear()
    assert compare(run_cli, portfolio, tmp_path / "kept.csv") == fresh
    assert scored == []


def _domain_field(summary: list[Any], name: str) -> tuple[list[Any], int]:
    """The first domain's kept values, and where its field `name` is among them."""
    frameworks = summary[_names(SiteSummary).index("frameworks")]
    domains = frameworks[0][_names(FrameworkSummary).index("domains")]
    return domains[0], _names(DomainSummary).index(name)


def _names(kind: type) -> list[str]:
    return [f.name for f in dataclasses.fields(kind)]


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("field", "damaged"),
    [
        ("score", lambda v: str(v)),
        ("score", lambda v: float("nan")),
        ("respondents", lambda v: True),
        ("interval", lambda v: [1.0, 2.0, 3.0]),
        ("title", lambda v: _nested(600)),
    ],
    ids=["text-for-a-number", "nan", "true-for-a-count", "three-ends", "deeply-nested"],
)
def test_an_entry_damaged_into_other_values_is_worked_out_again(
    run_cli: RunCli,
    portfolio: list[Path],
    cache: Path,
    scored: list[str],
    tmp_path: Path,
    field: str,
    damaged: Callable[[Any], Any],
) -> None:
    """Valid JSON that is not what this code writes (each field is checked against its type)
    is never used, and never stops the run."""
    fresh = compare(run_cli, portfolio, tmp_path / "first.csv")
    for entry in entries(cache):
        record = json.loads(entry.read_text())
        values, at = _domain_field(record["summary"], field)
        values[at] = damaged(values[at])
        entry.write_text(json.dumps(record))
    scored.clear()
    assert compare(run_cli, portfolio, tmp_path / "again.csv") == fresh
    assert sorted(scored) == sorted(p.name for p in portfolio)


def test_an_entry_with_another_layout_is_not_read(
    run_cli: RunCli, portfolio: list[Path], cache: Path, scored: list[str], tmp_path: Path
) -> None:
    fresh = compare(run_cli, portfolio, tmp_path / "first.csv")
    for entry in entries(cache):
        # One value too few: as kept by code whose summaries had other fields.
        record = json.loads(entry.read_text())
        record["summary"] = record["summary"][:-1]
        entry.write_text(json.dumps(record))
    scored.clear()
    assert compare(run_cli, portfolio, tmp_path / "again.csv") == fresh
    assert len(scored) == 2


def test_a_cache_that_cannot_be_written_is_not_used(
    run_cli: RunCli,
    portfolio: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scored: list[str],
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("READINESS_CACHE_DIR", str(blocked))
    fresh = compare(run_cli, portfolio, tmp_path / "first.csv")
    assert compare(run_cli, portfolio, tmp_path / "again.csv") == fresh
    assert len(scored) == 4


def test_the_cache_holds_no_answer_or_comment_and_is_private(
    run_cli: RunCli, portfolio: list[Path], cache: Path, tmp_path: Path
) -> None:
    answers = portfolio[0] / "respondents" / "r07-link-worker.yaml"
    text = answers.read_text().replace("We're asked for", "Zebra-Quokka says we are asked for")
    answers.write_text(text)
    compare(run_cli, portfolio, tmp_path / "first.csv")
    kept = b"".join(e.read_bytes() for e in entries(cache))
    assert b"Zebra-Quokka" not in kept
    assert b"r07-link-worker" not in kept
    folder = entries(cache)[0].parent
    assert folder.stat().st_mode & 0o777 == 0o700


def test_temporary_entries_a_stopped_run_left_behind_are_removed(
    run_cli: RunCli, portfolio: list[Path], cache: Path, tmp_path: Path
) -> None:
    """A worker stopped while writing an entry leaves its temporary file; the next run
    removes it once it is a day old, and leaves a newer one (another run may be writing it)."""
    compare(run_cli, portfolio, tmp_path / "first.csv")
    folder = entries(cache)[0].parent
    abandoned, writing = folder / ".abandoned.tmp", folder / ".writing.tmp"
    for temporary in (abandoned, writing):
        temporary.write_text("{")
    day_and_a_minute_ago = time.time() - ABANDONED_AFTER_SECONDS - 60
    os.utime(abandoned, (day_and_a_minute_ago, day_and_a_minute_ago))
    kept = entries(cache)
    compare(run_cli, portfolio, tmp_path / "again.csv")
    assert not abandoned.exists()
    assert writing.exists()
    assert entries(cache) == kept and len(kept) == 2


def test_an_entry_unused_for_half_a_year_is_removed_and_a_used_one_stays(
    run_cli: RunCli, portfolio: list[Path], cache: Path, scored: list[str], tmp_path: Path
) -> None:
    """Entries of sites nobody compares any more do not stay for ever; reading an entry counts
    as using it, so a site compared often but never changed keeps its entry."""
    compare(run_cli, portfolio, tmp_path / "first.csv")
    riverside, oakfield = sorted(entries(cache), key=lambda e: b"oakfield" in e.read_bytes())
    nearly = time.time() - UNUSED_AFTER_SECONDS + 3600  # an hour short of being removed
    for entry in (riverside, oakfield):
        os.utime(entry, (nearly, nearly))
    # Only the file site is compared, so only its entry is read, and so used.
    scored.clear()
    compare(run_cli, portfolio[1:], tmp_path / "oakfield.csv")
    assert scored == []
    assert oakfield.stat().st_mtime > nearly + 3600
    assert riverside.stat().st_mtime == pytest.approx(nearly)
    # The folder site's entry goes unused past the limit: the next run removes it before
    # scoring that site again, and keeps the other.
    long_ago = time.time() - UNUSED_AFTER_SECONDS - 60
    os.utime(riverside, (long_ago, long_ago))
    other = riverside.parent / "notes.txt"  # not an entry: left alone, whatever its age
    other.write_text("mine")
    os.utime(other, (long_ago, long_ago))
    compare(run_cli, portfolio, tmp_path / "again.csv")
    assert scored == ["riverside"]
    assert riverside.stat().st_mtime > long_ago + 60
    assert other.exists()
