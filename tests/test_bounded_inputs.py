"""Every JSON and YAML file readiness reads is bounded in size and nesting before it is parsed:
a file nested 100,000 deep, one too big, or one cut short is the user's to fix, told plainly
(exit 1, the file and line), or, for our own manifest, a reason to rebuild it (a note)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.batch.sites import MANIFEST, MAX_MANIFEST_BYTES, read_manifest
from readiness.errors import InputError
from readiness.jsonio import load_json, parse_json
from readiness.yamlio import MAX_DEPTH, MAX_FILE_BYTES, parse_yaml, read_input

from .helpers import DATA, OAKFIELD, REPO, RIVERSIDE, RunCli

DEEP_FLOW = b"[" * 100_000
DEEP_BLOCK = b"- " * 500 + b"x\n"  # within libyaml's own limit; beyond Python's recursion
HUGE = b"# padding\n" * (MAX_FILE_BYTES // 10 + 1)
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def _truncated(source: Path) -> bytes:
    """The file cut off inside a flow list, as a copy interrupted half-way would leave it."""
    text = source.read_bytes()
    return text[: len(text) // 2] + b"\nbroken: [1, 2"


# Each kind of YAML input: (where the hostile bytes go, the command that reads them).
Case = Callable[[Path, bytes], tuple[Path, list[str | Path]]]


def _framework(tmp: Path, data: bytes) -> tuple[Path, list[str | Path]]:
    path = tmp / "npt.yaml"
    path.write_bytes(data)
    return path, ["frameworks", "validate", path]


def _one_file_assessment(tmp: Path, data: bytes) -> tuple[Path, list[str | Path]]:
    path = tmp / "site.yaml"
    path.write_bytes(data)
    return path, ["score", path]


def _site_yaml(tmp: Path, data: bytes) -> tuple[Path, list[str | Path]]:
    site = tmp / "site"
    shutil.copytree(RIVERSIDE, site)
    (site / "site.yaml").write_bytes(data)
    return site / "site.yaml", ["score", site]


def _respondent(tmp: Path, data: bytes) -> tuple[Path, list[str | Path]]:
    site = tmp / "site"
    shutil.copytree(RIVERSIDE, site)
    path = site / "respondents" / "r01-gp.yaml"
    path.write_bytes(data)
    return path, ["score", site]


def _plan(tmp: Path, data: bytes) -> tuple[Path, list[str | Path]]:
    site = tmp / "site"
    shutil.copytree(RIVERSIDE, site)
    (site / "plan.yaml").write_bytes(data)
    return site / "plan.yaml", ["plan", site, "--framework", "five-mechanisms"]


def _import_source(tmp: Path, data: bytes) -> tuple[Path, list[str | Path]]:
    path = tmp / "answers.yaml"
    path.write_bytes(data)
    return path, ["import", path, "--into", tmp / "new", "--site", "S"]


def _mapping(tmp: Path, data: bytes) -> tuple[Path, list[str | Path]]:
    export = tmp / "export.csv"
    export.write_text("Your role,SD1. x\nGP,Agree\n")
    path = tmp / "mapping.yaml"
    path.write_bytes(data)
    return path, ["import", export, "--mapping", path, "--into", tmp / "new", "--site", "S"]


CASES: dict[str, tuple[Case, Path]] = {
    "framework": (_framework, REPO / "frameworks" / "npt-2.0.0.yaml"),
    "one-file assessment": (_one_file_assessment, OAKFIELD),
    "site.yaml": (_site_yaml, RIVERSIDE / "site.yaml"),
    "respondent": (_respondent, RIVERSIDE / "respondents" / "r01-gp.yaml"),
    "plan": (_plan, RIVERSIDE / "site.yaml"),  # any YAML cut short will do
    "import source": (_import_source, RIVERSIDE / "respondents" / "r01-gp.yaml"),
    "survey mapping": (_mapping, RIVERSIDE / "site.yaml"),
}


@pytest.mark.parametrize("kind", list(CASES))
@pytest.mark.parametrize("damage", ["deep flow", "deep block", "huge", "truncated"])
def test_a_damaged_yaml_input_is_exit_1_naming_the_file(
    run_cli: RunCli, tmp_path: Path, kind: str, damage: str
) -> None:
    case, sample = CASES[kind]
    data = {
        "deep flow": DEEP_FLOW,
        "deep block": DEEP_BLOCK,
        "huge": HUGE,
        "truncated": _truncated(sample) if damage == "truncated" else b"",
    }[damage]
    path, args = case(tmp_path, data)
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert f"{path}:" in result.output, result.output
    expected = {
        "deep flow": "exceeded maximum nesting depth",
        "deep block": TOO_DEEP,
        "huge": "the limit is 2 MiB",
        "truncated": "",
    }[damage]
    assert expected in result.output, result.output
    assert "survey export" not in result.output  # one person's file, not an export in parts
    if damage.startswith("deep"):  # the line where it goes too deep
        assert f"{path}:1:" in result.output, result.output


def test_yaml_nesting_at_the_limit_is_read_and_beyond_it_is_refused_with_its_line() -> None:
    assert parse_yaml(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, Path("a.yaml")).data is not None
    with pytest.raises(InputError) as caught:
        parse_yaml(b"a: 1\nb:\n" + b"  " + b"- " * (MAX_DEPTH + 5) + b"x\n", Path("a.yaml"))
    assert str(caught.value) == f"a.yaml:3: is {TOO_DEEP}; no readiness file needs that many, " + (
        "so it is probably damaged: check it, or make it again"
    )


def test_json_is_refused_beyond_the_depth_limit_before_parsing_with_its_line() -> None:
    at_limit = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert parse_json(at_limit, Path("m.json")) is not None
    with pytest.raises(InputError) as caught:
        parse_json(b'{"a":\n' + DEEP_FLOW, Path("m.json"))
    assert str(caught.value).startswith(f"m.json:2: is {TOO_DEEP}")
    # Brackets inside strings, escaped quotes included, are text, not levels.
    text = json.dumps(["[" * 5000, '\\"' + "{" * 500]).encode()
    assert parse_json(text, Path("m.json")) == ["[" * 5000, '\\"' + "{" * 500]


def test_json_errors_name_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b'{\n  "a": [1, 2\n')
    with pytest.raises(InputError) as caught:
        load_json(path, 1024)
    assert str(caught.value).startswith(f"{path}:3: JSON syntax error, column 1:")
    path.write_bytes(b"[]" * 600)
    with pytest.raises(InputError, match="the limit is"):
        load_json(path, 1024)


def test_a_json_number_too_long_to_read_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    """Python refuses whole numbers of more than 4,300 digits with a plain ValueError, not a
    JSON syntax error: a damaged PDF form's metadata, a checklist's marker or a manifest."""
    path = tmp_path / "m.json"
    path.write_bytes(b'{"reports": {"x": ' + b"9" * 5000 + b"}}")
    with pytest.raises(InputError) as caught:
        load_json(path, 1024 * 1024)
    assert str(caught.value) == (
        f"{path}: holds a number of more than 4,300 digits, which is not JSON readiness reads"
    )
    (tmp_path / MANIFEST).write_bytes(path.read_bytes())
    note = read_manifest(tmp_path).note
    assert note is not None and "more than 4,300 digits" in note


@pytest.mark.parametrize(
    "damage",
    [
        DEEP_FLOW,
        b'{"format": "readiness-reports/1", "reports": {"a.pdf": "x"',
        b" " * (MAX_MANIFEST_BYTES + 1),
        b'{"format": "readiness-reports/9", "reports": {}}',
        b'{"format": "readiness-reports/1", "reports": {"a.pdf": ' + b"9" * 5000 + b"}}",
    ],
    ids=["deep", "truncated", "huge", "another format", "a number too long"],
)
def test_a_damaged_manifest_is_rebuilt_with_a_note(tmp_path: Path, damage: bytes) -> None:
    (tmp_path / MANIFEST).write_bytes(damage)
    manifest = read_manifest(tmp_path)
    assert manifest.reports == {}
    assert manifest.note is not None and manifest.note.startswith(f"note: {tmp_path / MANIFEST}")
    assert manifest.note.endswith("every report is written again and the manifest rebuilt")
    assert "\n" not in manifest.note


def test_a_missing_manifest_is_no_news(tmp_path: Path) -> None:
    assert read_manifest(tmp_path).note is None


def test_a_deeply_nested_manifest_is_rebuilt_not_a_crash(run_cli: RunCli, tmp_path: Path) -> None:
    site = tmp_path / "north"
    shutil.copytree(DATA / "assessments" / "privacy", site)
    out = tmp_path / "reports"
    out.mkdir()
    (out / MANIFEST).write_bytes(DEEP_FLOW)
    frameworks = DATA / "frameworks" / "privacy"
    result = run_cli("report", site, "--out-dir", out, "--frameworks-dir", frameworks)
    assert result.exit_code == 0, result.output
    # Our own cache: what is wrong, and that it is rebuilt; no advice to check it by hand.
    assert result.err == (
        f"note: {out / MANIFEST}:1: is {TOO_DEEP}; every report is written again and the "
        f"manifest rebuilt\nWrote 1 report to {out}.\n"
    )
    assert json.loads((out / MANIFEST).read_text())["reports"].keys() == {"north.pdf"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize("command", ["score", "compare", "report-out-dir"])
def test_a_named_pipe_among_the_inputs_is_refused_not_waited_on(
    tmp_path: Path, command: str
) -> None:
    """A pipe nobody writes to would block the open itself; it is refused as not a regular
    file (in a fresh process with a time limit, so a regression fails instead of hanging)."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    os.mkfifo(site / "respondents" / "r99.yaml")
    args = {
        "score": ["score", str(site)],
        "compare": ["compare", str(site), "-o", str(tmp_path / "p.csv")],
        "report-out-dir": ["report", str(site), "--out-dir", str(tmp_path / "out")],
    }[command]
    done = subprocess.run(
        [sys.executable, "-m", "readiness", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "READINESS_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "r99.yaml: is not a regular YAML file" in done.stderr


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc")
def test_a_file_that_grows_past_its_stated_size_is_read_whole_and_still_bounded() -> None:
    """read_input reads the size a file states and a byte more; a file with more than it
    stated (a /proc file states 0 bytes) is read on, up to the limit, and refused beyond it."""
    stated_empty = Path("/proc/self/cmdline")
    assert stated_empty.stat().st_size == 0
    whole = read_input(stated_empty, 1024 * 1024)
    assert whole == stated_empty.read_bytes() and len(whole) > 8
    with pytest.raises(InputError, match="the limit is"):
        read_input(stated_empty, 8)
