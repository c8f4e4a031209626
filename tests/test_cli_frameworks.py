"""`readiness frameworks ...` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from readiness.commands.frameworks import framework_json_schema
from readiness.resources import frameworks_dir
from readiness.yamlio import load_yaml

from .conftest import DATA, REPO


def test_list_shows_each_framework(run_cli) -> None:  # type: ignore[no-untyped-def]
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


def test_show_outlines_a_framework(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("frameworks", "show", "five-mechanisms")
    assert result.exit_code == 0, result.output
    out = result.out
    assert out.startswith("Five mechanisms for social prescribing (five-mechanisms 1.0.0)")
    assert "FU1   Funding for the link-worker posts is agreed" in out
    assert "critical" in out
    assert "Runacres, J. (2021)" in out
    assert "http://www.open-access.bcu.ac.uk/12384/" in out  # URLs are never split


def test_show_unknown_id_suggests(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("frameworks", "show", "five-mechanism")
    assert result.exit_code == 1
    assert "did you mean 'five-mechanisms'?" in result.err
    assert "Traceback" not in result.output


def test_validate_valid_files_exit_zero(run_cli) -> None:  # type: ignore[no-untyped-def]
    files = sorted(frameworks_dir().glob("*.yaml"))
    result = run_cli("frameworks", "validate", *files)
    assert result.exit_code == 0, result.output
    assert result.out.count(": valid (") == 4


def test_validate_reports_every_file_and_fails(run_cli) -> None:  # type: ignore[no-untyped-def]
    good = frameworks_dir() / "npt.yaml"
    bad = DATA / "frameworks" / "broken" / "unknown-scale.yaml"
    result = run_cli("frameworks", "validate", good, bad, "no-such-file.yaml")
    assert result.exit_code == 1
    assert f"{good}: valid" in result.out
    assert f"{bad}:35: domains[alpha].items[A1].scale: unknown scale 'agree5'" in result.out
    assert "no-such-file.yaml: file not found" in result.out


def test_validate_needs_a_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("frameworks", "validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.err


def test_schema_is_json_and_accepts_the_bundled_frameworks(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("frameworks", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.out)
    jsonschema.Draft7Validator.check_schema(schema)
    for path in sorted(frameworks_dir().glob("*.yaml")):
        jsonschema.validate(load_yaml(path).data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            load_yaml(DATA / "frameworks" / "broken" / "unknown-key-typo.yaml").data, schema
        )


def test_committed_schema_file_is_current() -> None:
    committed = (REPO / "frameworks" / "framework.schema.json").read_text(encoding="utf-8")
    assert committed.strip() == framework_json_schema().strip(), (
        "regenerate with: readiness frameworks schema > frameworks/framework.schema.json"
    )


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


def test_version(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.out.startswith("readiness, version ")


def test_internal_error_is_not_a_traceback(run_cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import readiness.commands.frameworks as commands

    def explode(*_: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(commands, "list_frameworks", explode)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = run_cli("frameworks", "list")
    assert result.exit_code == 3
    assert "internal error" in result.err
    assert "Traceback" not in result.err
    assert "RuntimeError: boom" in (tmp_path / "readiness-crash.log").read_text()


def test_readme_shows_the_current_help(run_cli) -> None:  # type: ignore[no-untyped-def]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- readiness --help")[1].split("```text\n")[1].split("\n```")[0]
    assert shown == run_cli("--help").out.rstrip("\n"), "update the Commands section of README"
