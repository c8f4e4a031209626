"""Invariants of scoring, checked on many generated assessments (hypothesis)."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from readiness.assessment.load import interpret
from readiness.assessment.model import Answer, Respondent
from readiness.framework.catalogue import load_catalogue
from readiness.scoring.engine import score_framework
from readiness.scoring.model import FrameworkResult

FRAMEWORKS = list(load_catalogue().frameworks.values())


ROLES = ["gp", "link_worker", "practice_manager", "lw_manager", "vcse", "client"]


@st.composite
def respondents(draw: st.DrawFn) -> tuple[int, list[Respondent]]:
    index = draw(st.integers(0, len(FRAMEWORKS) - 1))
    framework = FRAMEWORKS[index]
    people = []
    for n in range(draw(st.integers(1, 8))):
        answers: dict[str, Answer] = {}
        for item in framework.items.values():
            if not draw(st.booleans()):
                continue
            scale = item.scale
            if scale.type == "numeric":
                raw: str | float = draw(st.floats(scale.min or 0, scale.max or 1000))
            else:
                raw = draw(st.sampled_from([o.code for o in scale.options]))
            answer, _ = interpret(item, raw)
            assert answer is not None
            answers[item.id] = answer
        people.append(
            Respondent(
                f"r{n}", draw(st.sampled_from(ROLES)), {framework.id: answers}, {}, Path("x")
            )
        )
    return index, people


def all_scores(result: FrameworkResult) -> list[float | None]:
    scores = [result.score]
    for domain in result.domains:
        scores.append(domain.score)
        scores.extend(i.score for i in domain.items)
    return scores


@settings(max_examples=150, deadline=None)
@given(respondents())
def test_scores_stay_between_0_and_100(case: tuple[int, list[Respondent]]) -> None:
    index, people = case
    result = score_framework(FRAMEWORKS[index], people)
    for score in all_scores(result):
        assert score is None or 0 <= score <= 100
    assert 0 <= result.coverage <= 1


@settings(max_examples=100, deadline=None)
@given(respondents(), st.randoms())
def test_order_of_respondents_changes_nothing(
    case: tuple[int, list[Respondent]], rnd: random.Random
) -> None:
    index, people = case
    shuffled = people[:]
    rnd.shuffle(shuffled)
    first = score_framework(FRAMEWORKS[index], people)
    second = score_framework(FRAMEWORKS[index], shuffled)
    for a, b in zip(all_scores(first), all_scores(second), strict=True):
        assert (a is None and b is None) or abs(a - b) < 1e-9  # type: ignore[operator]
    assert [x.action.id for x in first.actions] == [x.action.id for x in second.actions]


@settings(max_examples=100, deadline=None)
@given(respondents(), st.data())
def test_adding_a_not_applicable_answer_changes_no_score(
    case: tuple[int, list[Respondent]], data: st.DataObject
) -> None:
    index, people = case
    framework = FRAMEWORKS[index]
    candidates = [
        (n, item)
        for n, person in enumerate(people)
        for item in framework.items.values()
        if item.id not in person.answers[framework.id]
        and any(o.kind == "not_applicable" for o in item.scale.options)
    ]
    assume(candidates)  # someone left out an item that has a not-applicable answer
    n, item = data.draw(st.sampled_from(candidates))
    na = next(o for o in item.scale.options if o.kind == "not_applicable")
    answer, _ = interpret(item, na.code)
    assert answer is not None
    changed = people[:]
    changed[n] = dataclasses.replace(
        people[n], answers={framework.id: {**people[n].answers[framework.id], item.id: answer}}
    )
    before, after = score_framework(framework, people), score_framework(framework, changed)
    assert all_scores(before) == all_scores(after)
