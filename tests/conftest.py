"""Shared fixtures: a way to run the CLI as a user would, and an isolated HOME."""

from __future__ import annotations

import pytest

from readiness.cli import main

from .helpers import CliResult, RunCli


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run `readiness ARGS...` in-process through the real entry point; returns CliResult."""

    def run(*args: object) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    # Caches go under that HOME too: one test never finds what another kept.
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("READINESS_CACHE_DIR", raising=False)
