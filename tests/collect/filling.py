"""Filling questionnaires as respondents would, and checking what an import made of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.assessment.load import load_assessment
from readiness.collect.questionnaire import Questionnaire, build_questionnaire, field_name
from readiness.framework.load import load_catalogue
from readiness.framework.model import Item
from readiness.scoring.engine import score_assessment
from readiness.vocabulary import ROLES, ScaleType

CATALOGUE = load_catalogue()
FRAMEWORKS = list(CATALOGUE.frameworks.values())
ROLES_ASKED = list(ROLES)


def chosen(item: Item, n: int) -> tuple[Any, str]:
    """A deterministic answer for an item: (what the assessment must hold, label shown)."""
    scale = item.scale
    if scale.type == ScaleType.NUMERIC:
        low = scale.points[0][0]
        high = scale.points[-1][0]
        value = int(low + (high - low) * ((n % 5) / 4))
        return value, str(value)
    option = scale.options[n % len(scale.options)]
    if scale.type == ScaleType.RANGE and option.value is not None:
        return int(option.value), option.label
    return option.code, option.label


def expected_answers(role: str | None) -> dict[str, dict[str, Any]]:
    """What the assessment must hold after importing a questionnaire filled with `chosen`:
    each answer under the framework that asked it, and again under every framework that
    reuses that item (`from:`), which loading resolves."""
    questionnaire = build_questionnaire(FRAMEWORKS, role)
    expected = {
        s.framework.id: {item.id: chosen(item, n)[0] for n, item in enumerate(s.items)}
        for s in questionnaire.sections
    }
    for framework in FRAMEWORKS:
        for item in framework.references:
            assert item.ref is not None
            home = expected.get(item.ref.framework_id, {})
            if item.ref.item_id in home:
                expected.setdefault(framework.id, {})[item.id] = home[item.ref.item_id]
    return expected


def assert_imported(
    folder: Path, respondent: str, role: str, expected: dict[str, dict[str, Any]]
) -> None:
    """The respondent's answers in `folder` are exactly `expected`, and they score."""
    assessment = load_assessment(folder, CATALOGUE)
    person = next(r for r in assessment.respondents if r.id == respondent)
    assert person.role == role
    for framework_id, items in expected.items():
        got = person.answers[framework_id]
        assert set(got) == set(items), framework_id
        for item_id, value in items.items():
            answer = got[item_id]
            if isinstance(value, (int, float)):
                assert answer.value == value, (framework_id, item_id, answer)
            else:
                option = CATALOGUE.frameworks[framework_id].items[item_id].scale.option(value)
                assert option is not None
                assert (answer.kind, answer.value, answer.reason) == (
                    option.kind,
                    option.value,
                    option.reason,
                ), (framework_id, item_id)
    result = score_assessment(assessment)
    assert result.frameworks


def domain_boxes(questionnaire: Questionnaire) -> dict[str, tuple[str, str, str]]:
    """Each domain comment box of the PDF form: field name -> (framework id, the item it is
    stored under, a comment to write in it, with characters a filler might mangle). Clients'
    forms have none: their comments go in the one box at the end."""
    boxes: dict[str, tuple[str, str, str]] = {}
    if questionnaire.for_clients:
        return boxes
    for section in questionnaire.sections:
        for qd in section.domains:
            item = qd.items[0]
            text = f"On {qd.domain.title}: café & “quotes” <b>\nsecond line"
            boxes[field_name(section.framework, item, "comment")] = (
                section.framework.id,
                item.id,
                text,
            )
    return boxes


def expected_comments(questionnaire: Questionnaire) -> dict[str, dict[str, str]]:
    """What the assessment must hold after importing every domain box filled as in
    `domain_boxes`: each under the item the box is stored with. (A comment on a fact another
    framework reuses is shown once, at home, where the questionnaire asked it.)"""
    expected: dict[str, dict[str, str]] = {}
    for framework_id, item_id, text in domain_boxes(questionnaire).values():
        expected.setdefault(framework_id, {})[item_id] = text
    return expected
