"""Answers and roles as people write them, matched exactly or not at all (collect/matching.py),
tested directly on the `facts` test framework (yes/partly/no, an agreement scale, a caseload
figure from 200 to 400)."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.collect.matching import match_answer, match_role
from readiness.framework.checks import load_framework
from readiness.framework.model import Item
from readiness.textmatch import normalise

from ..helpers import DATA

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
    ],
)
def test_anything_else_is_refused_with_the_reason(item: Item, given: object, why: str) -> None:
    answer, message = match_answer(item, given)
    assert answer is None
    assert why in message
