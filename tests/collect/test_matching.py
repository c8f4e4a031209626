"""Answers and roles as people write them, matched exactly or not at all (collect/matching.py),
tested directly on the `facts` test framework (yes/partly/no, an agreement scale, a caseload
figure from 200 to 400)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from readiness.assessment.answers import interpret
from readiness.collect.matching import match_answer, match_role
from readiness.framework.checks import load_framework
from readiness.framework.model import Item
from readiness.textmatch import normalise
from readiness.vocabulary import AnswerKind

from ..helpers import DATA, RunCli

FRAMEWORK = load_framework(DATA / "frameworks" / "facts" / "facts.yaml")
SAFE, LOAD, VIEW = (FRAMEWORK.items[i] for i in ("SAFE", "LOAD", "VIEW"))


@pytest.mark.parametrize(
    ("written", "compared"),
    [
        ("  Strongly   AGREE ", "strongly agree"),
        ("I don\u2019t know", "i don't know"),
        ("\u201cYes\u201d", '"yes"'),
        ("0\u201310", "0-10"),
        ("no\u00a0answer", "no answer"),
    ],
)
def test_text_is_compared_as_a_person_reads_it(written: str, compared: str) -> None:
    assert normalise(written) == compared


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("gp", "gp"),
        ("GP", "gp"),
        ("Link worker", "link_worker"),
        ("link_worker", "link_worker"),
        ("Practice  manager", "practice_manager"),
        ("Service user (client)", "client"),
        ("Receptionist", None),  # near, but not a role's id or name: never guessed
        ("", None),
    ],
)
def test_roles_by_id_or_name(written: str, role: str | None) -> None:
    assert match_role(written) == role


@pytest.mark.parametrize(
    ("item", "given", "answer"),
    [
        (SAFE, "yes", "yes"),  # a code
        (SAFE, "  PARTLY ", "partly"),  # a code, as typed
        (SAFE, "No", "no"),  # a label
        (SAFE, 2, "yes"),  # a scored value
        (VIEW, "Strongly agree", "sa"),
        (VIEW, 4, "a"),
        (VIEW, 4.0, "a"),
        (LOAD, 250, 250),  # a figure
        (LOAD, "37,5", 37.5),  # a decimal comma
        (LOAD, "250 clients", 250),  # the scale's own unit word
    ],
)
def test_answers_match_by_code_value_label_or_figure(
    item: Item, given: object, answer: object
) -> None:
    assert match_answer(item, given) == (answer, "")


@pytest.mark.parametrize(
    ("item", "given", "why"),
    [
        (SAFE, "yeah", "is not one of the answers for SAFE"),
        (SAFE, 7, "is not an answer on the ypn scale"),
        (VIEW, True, "True is not an answer"),
        (LOAD, "1,200", "1,200"),  # thousands, or 1.2? refused with the reason
        (LOAD, "about 300", "about 300"),
        (LOAD, dt.date(2026, 3, 4), "Excel turned this answer into a date (2026-03-04)"),
        (LOAD, dt.time(0, 45), "Excel turned this answer into a time (00:45:00); type the"),
        (LOAD, dt.time(0, 0, 45), "Excel turned this answer into a time (00:00:45)"),
        (
            LOAD,
            dt.datetime(1900, 2, 14),
            "a time or a date (1900-02-14 00:00:00, which is how it shows the number 45 in a cell",
        ),
        # 90 minutes typed into a time-formatted cell: day 90 (helper-59: called a date, with
        # neither the number nor the advice, from day 60 on).
        (
            LOAD,
            dt.datetime(1900, 3, 30),
            "(1900-03-30 00:00:00, which is how it shows the number 90 in a cell formatted as "
            "one); type the answer again as text, as a number of",
        ),
        # 60 minutes: Excel's day 60 is a 29 February 1900 that never was, read as the 28th.
        (LOAD, dt.datetime(1900, 2, 28), "which is how it shows the number 59 or 60 in a cell"),
        # A duration ([h]:mm) as Excel shows it, never as Python writes it ("1 day, 1:00:00").
        (LOAD, dt.timedelta(hours=1, minutes=5), "into a duration (1:05:00); type the answer"),
        (LOAD, dt.timedelta(hours=25), "Excel turned this answer into a duration (25:00:00);"),
        (
            LOAD,
            dt.timedelta(days=90),
            "a duration (2160:00:00, which is how it shows the number 90",
        ),
        # A date someone meant is a date, with the same advice.
        (LOAD, dt.datetime(2026, 3, 4, 9, 30), "into a date (2026-03-04); type the answer again"),
    ],
)
def test_anything_else_is_refused_with_the_reason(item: Item, given: object, why: str) -> None:
    answer, message = match_answer(item, given)
    assert answer is None
    assert why in message


NUMBERED = DATA / "frameworks" / "numeric-codes"
CLEAR = load_framework(NUMBERED / "numbered.yaml").items["CLEAR"]


@pytest.mark.parametrize(
    ("given", "code", "value"),
    [
        (1, "1", 0),  # the code 1, not the option whose value is 1 (code "2")
        (4, "4", 3),
        (5, "5", 4),  # no option is worth 5: before, refused as off the scale
        (1.0, "1", 0),
        ("1", "1", 0),
        ("1.0", "1", 0),  # a number written out names the same option, however written
        (" 3 ", "3", 2),
        (0, "0", None),  # the code of "don't know", never a score of 0
    ],
)
def test_a_number_given_as_an_answer_is_the_option_with_that_code(
    given: object, code: str, value: float | None
) -> None:
    """A questionnaire asks for codes. Where the codes are numbers and differ from their
    values (1 to 5, worth 0 to 4), a number is the option with that code, in every import
    (`match_answer`) and in a respondent file (`interpret`): 1 is Strongly disagree."""
    assert match_answer(CLEAR, given) == (code, "")
    answer, message = interpret(CLEAR, given)  # type: ignore[arg-type]
    assert answer is not None, message
    assert answer.value == value
    assert answer.kind == (AnswerKind.DONT_KNOW if code == "0" else AnswerKind.SCORED)


def test_a_yaml_form_with_number_codes_imports_and_scores_as_the_codes_say(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """End to end: a YAML form answered 1 (Strongly disagree, worth 0) and 5 (Strongly
    agree, worth 4) stores those codes and scores 0 and 100 (before: 25, then refused)."""
    form = tmp_path / "gp.yaml"
    written = run_cli(
        "questionnaire",
        "numbered",
        "--role",
        "gp",
        "--format",
        "yaml",
        "-o",
        form,
        "--frameworks-dir",
        NUMBERED,
    )
    assert written.exit_code == 0, written.output
    filled = form.read_text().replace("id:       #", "id: g1 #", 1)
    filled = filled.replace("    CLEAR:\n", "    CLEAR: 1\n", 1).replace(
        "    USED:\n", "    USED: 5\n"
    )
    form.write_text(filled)
    site = tmp_path / "site"
    imported = run_cli(
        "import", form, "--into", site, "--site", "Hill", "--frameworks-dir", NUMBERED
    )
    assert imported.exit_code == 0, imported.output
    stored = yaml.safe_load((site / "respondents" / "g1.yaml").read_text())
    assert stored["answers"]["numbered"] == {"CLEAR": "1", "USED": "5"}
    scored = run_cli("score", site, "--format", "json", "--frameworks-dir", NUMBERED)
    assert scored.exit_code == 0, scored.output
    [framework] = json.loads(scored.out)["frameworks"]
    items = {i["id"]: i["score"] for i in framework["items"]}
    assert items == {"CLEAR": 0, "USED": 100}
