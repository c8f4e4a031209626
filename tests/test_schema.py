"""Numbers in framework files: plain decimals only, refused with file:line otherwise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from readiness.framework.checks import check_framework
from readiness.schema import did_you_mean
from readiness.vocabulary import AnswerKind

from .helpers import DATA, OAKFIELD, RIVERSIDE, RunCli

MINIMAL = (DATA / "frameworks" / "minimal.yaml").read_text(encoding="utf-8")
TOO_LONG = " has more than 15 digits, more than readiness can keep exactly; check the number"
NOT_FINITE = " is not a finite number; write a plain number, e.g. 12 or 37.5"
NUMERIC_SCALE = """
  - id: count
    label: Count
    type: numeric
    unit: people
    min: 0
    max: MAX
    points: [{at: 0, score: 0}, {at: AT, score: 100}]
"""


def _framework(
    tmp_path: Path, *, weight: str = "1", value: str = "3", at: str = "10", maximum: str = "100"
) -> Path:
    text = MINIMAL.replace(
        "{code: agree, label: Agree, value: 3}", f"{{code: agree, label: Agree, value: {value}}}"
    )
    text = text.replace(
        "bands:", NUMERIC_SCALE.replace("MAX", maximum).replace("AT", at).lstrip("\n") + "bands:", 1
    )
    text = text.replace(
        "        actions: [fix]\n", f"        actions: [fix]\n        weight: {weight}\n"
    )
    path = tmp_path / "fw.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_fixture_framework_is_valid(tmp_path: Path) -> None:
    framework, problems = check_framework(_framework(tmp_path))
    assert framework is not None, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("field", "typed", "needle", "message"),
    [
        (
            "weight",
            "0400",
            "weight:",
            "domains[alpha].items[A1].weight: must be a number, not '0400'",
        ),
        (
            "weight",
            "1_000",
            "weight:",
            "domains[alpha].items[A1].weight: must be a number, not '1_000'",
        ),
        (
            "weight",
            "6:40",
            "weight:",
            "domains[alpha].items[A1].weight: must be a number, not '6:40'",
        ),
        (
            "weight",
            "9" * 400,
            "weight:",
            "domains[alpha].items[A1].weight: 99999999999999999999…9999999999" + TOO_LONG,
        ),
        (
            "value",
            "0x1F",
            "code: agree",
            "scales[agree3].options[agree].value: must be a number, not '0x1F'",
        ),
        (
            "value",
            ".nan",
            "code: agree",
            "scales[agree3].options[agree].value: .nan" + NOT_FINITE,
        ),
        (
            "at",
            "1" * 30,
            "points:",
            "scales[count].points[#2].at: " + "1" * 30 + TOO_LONG,
        ),
        (
            "maximum",
            ".inf",
            "max:",
            "scales[count].max: .inf" + NOT_FINITE,
        ),
    ],
)
def test_numbers_a_float_cannot_hold_or_yaml_1_1_forms_are_refused_with_file_and_line(
    tmp_path: Path, field: str, typed: str, needle: str, message: str
) -> None:
    path = _framework(tmp_path, **{field: typed})
    framework, problems = check_framework(path)
    assert framework is None
    errors = [str(p) for p in problems if p.severity == "error"]
    assert f"{path}:{_line(path, needle)}: {message}" in errors, errors


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"])
def test_a_name_is_one_line(tmp_path: Path, run_cli: RunCli, brk: str) -> None:
    """A name goes on one line into comments, headers and table cells (a site's name into the
    plan's first comment): a line break in it, as YAML, XML or Unicode counts one, is refused
    at its line; one at its end is not a second line."""
    site = tmp_path / "site.yaml"
    for name, refused in ((f"River{brk}side", True), (f"Riverside{brk}", False)):
        text = OAKFIELD.read_text(encoding="utf-8")
        line = next(n for n in text.splitlines() if n.startswith("  name: "))
        site.write_text(text.replace(line, f"  name: {json.dumps(name)}"), encoding="utf-8")
        result = run_cli("score", site)
        if refused:
            assert result.exit_code == 1
            number = text.splitlines().index(line) + 1
            assert result.err.startswith(
                f"{site}:{number}: site.name: must be one line (a name or a heading): remove "
                "the line break\n"
            )
        else:
            assert result.exit_code == 0, result.err


def test_a_text_file_where_yaml_was_expected_is_not_echoed_whole(
    tmp_path: Path, run_cli: RunCli
) -> None:
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    (folder / "respondents" / "notes.yaml").write_text("word " * 600)
    result = run_cli("score", folder)
    assert result.exit_code == 1
    [problem, _] = result.err.splitlines()
    assert problem.startswith(f"{folder}/respondents/notes.yaml:1: must be a mapping")
    assert problem.endswith("… (2,999 characters)") and len(problem) < 300


@pytest.mark.parametrize(
    ("word", "choices", "hint"),
    [
        ("DONE", ["not_started", "in_progress", "done", "dropped"], " (did you mean 'done'?)"),
        ("dontknow", list(AnswerKind), " (did you mean 'dont_know'?)"),  # not <AnswerKind...>
        ("gp_partner", ["gp", "practice_nurse"], " (did you mean 'gp'?)"),
        ("zzz", ["gp"], ""),
        # The opposite is never offered as a spelling: 'started' is not 'not_started'.
        ("started", ["not_started", "in_progress", "done", "dropped"], ""),
        ("applicable", ["not_applicable", "dont_know"], ""),
        ("not_startd", ["not_started", "in_progress"], " (did you mean 'not_started'?)"),
    ],
)
def test_did_you_mean_names_a_choice_as_it_is_written(
    word: str, choices: list[str], hint: str
) -> None:
    """`status: DONE` got no suggestion, and a typo among an enum's members was answered
    with its Python form: "did you mean <AnswerKind.DONT_KNOW: 'dont_know'>?"."""
    assert did_you_mean(word, choices) == hint
