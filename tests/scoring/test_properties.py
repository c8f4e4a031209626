"""Invariants of scoring, checked on many generated assessments (hypothesis)."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from readiness.assessment.answers import interpret
from readiness.assessment.model import Answer, Respondent
from readiness.framework.load import load_catalogue
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


def _published(result: FrameworkResult) -> dict[str, float]:
    return {i.item.id: i.score for i in result.items if i.score is not None}


@settings(max_examples=60, deadline=None)
@given(respondents(), st.data())
def test_a_like_minded_colleague_changes_no_role_balanced_score(
    case: tuple[int, list[Respondent]], data: st.DataObject
) -> None:
    """Adding a second person to a one-person role, answering exactly as the first did, leaves
    the role's mean and so every item score published before and after unchanged: numbers
    alone do not move a role-balanced score."""
    index, people = case
    framework = FRAMEWORKS[index]
    alone = [p for p in people if sum(q.role == p.role for q in people) == 1]
    assume(alone)
    colleague = data.draw(st.sampled_from(alone))
    twin = dataclasses.replace(colleague, id=f"{colleague.id}-twin")
    before = score_framework(framework, people, not_anonymous=False)
    after = score_framework(framework, [*people, twin], not_anonymous=False)
    shared = _published(before).keys() & _published(after).keys()
    for item_id in shared:
        assert abs(_published(before)[item_id] - _published(after)[item_id]) < 1e-9, item_id


@settings(max_examples=60, deadline=None)
@given(respondents(), st.data())
def test_one_more_person_moves_an_item_at_most_by_their_roles_share(
    case: tuple[int, list[Respondent]], data: st.DataObject
) -> None:
    """A new respondent in a role already represented moves a role-balanced opinion score by
    at most 100 / (the number of roles that answered it); a fact is never averaged, and is
    the lowest of its deciding answers (rule 3), so one more answer can only lower it."""
    index, people = case
    framework = FRAMEWORKS[index]
    role = data.draw(st.sampled_from(sorted({p.role for p in people})))
    answers: dict[str, Answer] = {}
    for item in framework.items.values():
        option = data.draw(st.sampled_from(item.scale.scored or item.scale.options))
        raw: str | float = option.code if item.scale.type != "numeric" else 300.0
        answer, _ = interpret(item, raw)
        if answer is not None:
            answers[item.id] = answer
    newcomer = Respondent("new", role, {framework.id: answers}, {}, Path("x"))
    before = score_framework(framework, people, not_anonymous=True)
    after = score_framework(framework, [*people, newcomer], not_anonymous=True)
    for now in after.items:
        old = next(i for i in before.items if i.item.id == now.item.id)
        if old.score is None or now.score is None:
            continue
        if now.item.fact:
            assert now.score <= old.score + 1e-9, now.item.id
            continue
        roles = len(now.by_role)
        assert abs(now.score - old.score) <= 100 / roles + 1e-9, now.item.id


@settings(max_examples=60, deadline=None)
@given(respondents())
def test_intervals_hold_their_scores_and_stay_within_0_and_100(
    case: tuple[int, list[Respondent]],
) -> None:
    index, people = case
    result = score_framework(FRAMEWORKS[index], people)
    for score, interval in [
        (result.score, result.interval),
        *((d.score, d.interval) for d in result.domains),
    ]:
        if interval is None:
            continue
        assert 0 <= interval[0] <= interval[1] <= 100
        assert score is not None
