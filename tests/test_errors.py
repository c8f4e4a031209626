"""A refusal always says it is one: an input error carrying no error of its own (a fault in
readiness) must not let a caller that gathers problems file by file pass a file over."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.errors import UNEXPLAINED_REFUSAL, InputError, Problem, Severity, errors_only

from .helpers import RunCli


@pytest.mark.parametrize(
    "given", [[], [Problem(Path("a.csv"), 3, "", "looks odd", Severity.WARNING)]]
)
def test_an_input_error_without_an_error_still_stops(given: list[Problem]) -> None:
    error = InputError(given)
    assert [p.message for p in errors_only(error.problems)] == [UNEXPLAINED_REFUSAL]
    assert error.problems[: len(given)] == given  # the warnings are kept
    assert UNEXPLAINED_REFUSAL in str(error)


def test_an_import_refused_without_a_reason_writes_nothing(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, such a file was left out and the import said "Imported 0 respondents"."""
    import readiness.collect.importer as importer

    def refuse_in_silence(*args: object, **kwargs: object) -> None:
        raise InputError([])

    monkeypatch.setattr(importer, "read_source", refuse_in_silence)
    export = tmp_path / "export.csv"
    export.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_cli("import", export, "--into", tmp_path / "site", "--site", "S")
    assert result.exit_code == 1
    assert UNEXPLAINED_REFUSAL in result.err
    assert "Imported" not in result.output
    assert not (tmp_path / "site").exists()


def test_a_direction_control_in_a_message_is_shown_as_its_escape() -> None:
    """A right-to-left override typed into an input (an evidence title, a file name) and
    quoted by a message would reorder the rest of the terminal line (helper-60): it is
    written as its escape, and nothing else in the message changes."""
    problem = Problem(
        Path("notes\u202e.yaml"), 4, "evidence.title", "'=1+1 \u202eroom' is too long; café"
    )
    assert (
        str(problem) == "notes\\u202e.yaml:4: evidence.title: '=1+1 \\u202eroom' is too long; café"
    )
    assert "\u202e" not in str(problem)
