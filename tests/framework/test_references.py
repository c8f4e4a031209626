"""Facts asked once: an item reused from another framework (`from:`) resolves to its home
item, is asked once in questionnaires, and carries the home item's answers when loaded."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.collect.questionnaire import build_questionnaire, field_name
from readiness.errors import InputError
from readiness.framework.load import load_catalogue
from readiness.resources import frameworks_dir
from readiness.scoring.engine import score_assessment

from ..helpers import DATA

CATALOGUE = load_catalogue()
NEWEST = list(CATALOGUE.frameworks.values())


def test_every_reused_item_resolves_to_a_fact_at_home() -> None:
    reused = [(f, i) for f in NEWEST for i in f.references]
    assert len(reused) >= 10
    for _framework, item in reused:
        assert item.ref is not None and item.ref.home is not None, item.id
        home = item.ref.home.items[item.ref.item_id]
        assert home.ref is None
        assert (item.text, item.scale, item.roles, item.fact) == (
            home.text,
            home.scale,
            home.roles,
            home.fact,
        )
        assert item.ref.version == "3.0.0"
    facts = [i for _, i in reused if i.fact]
    # All but time with clients (DC3) and role clarity (rainbow PR2), opinions asked once too.
    assert len(facts) >= len(reused) - 2


def test_a_reused_fact_is_asked_once_under_its_home_framework() -> None:
    questionnaire = build_questionnaire(NEWEST, "practice_manager")
    names = [field_name(s.framework, i) for s in questionnaire.sections for i in s.items]
    assert len(names) == len(set(names))
    rooms = "rd~delivery-conditions~v3_0_0~DC8~answer"
    assert names.count(rooms) == 1
    assert not any("five-mechanisms~v3_0_0~SC1" in n for n in names)  # reused from DC8


def test_a_reused_fact_is_asked_even_without_its_home_framework() -> None:
    five = CATALOGUE.require("five-mechanisms")
    questionnaire = build_questionnaire([five], "practice_manager")
    first = questionnaire.sections[0]
    assert first.framework.spec == "delivery-conditions@3.0.0"  # stored under its home
    assert [i.id for i in first.items] == ["DC8", "DC27", "DC11"]
    assert [s.framework.id for s in questionnaire.sections] == [
        "delivery-conditions",
        "rainbow",  # role clarity, asked once as rainbow PR2
        "five-mechanisms",
    ]


def test_loading_gives_the_reusing_framework_the_home_answer(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            site: {name: S, kind: practice, assessed_on: 2026-10-01}
            respondents:
              - id: r1
                role: link_worker
                answers:
                  delivery-conditions: {DC8: partly, DC7: L3}
                comments:
                  delivery-conditions: {DC8: One room at two practices.}
            """
        )
    )
    only_five = load_assessment(path, CATALOGUE, ["five-mechanisms"])
    answers = only_five.respondents[0].answers["five-mechanisms"]
    assert (answers["SC1"].item_id, answers["SC1"].value) == ("SC1", 1.0)
    assert answers["IT1"].value == 3.0
    # Shown once: with delivery-conditions out of the run, the comment goes with SC1.
    assert (
        only_five.respondents[0].comments["five-mechanisms"]["SC1"] == "One room at two practices."
    )
    both = load_assessment(path, CATALOGUE)
    assert [f.id for f in both.frameworks] == ["delivery-conditions"]  # only it was answered
    both = load_assessment(path, CATALOGUE, ["five-mechanisms", "delivery-conditions"])
    assert "SC1" not in both.respondents[0].comments.get("five-mechanisms", {})
    result = score_assessment(both)
    five = next(r for r in result.frameworks if r.framework.id == "five-mechanisms")
    sc1 = next(i for d in five.domains for i in d.items if i.item.id == "SC1")
    assert sc1.score == 50.0


def test_answering_a_reused_item_directly_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "site: {name: S, kind: practice, assessed_on: 2026-10-01}\n"
        "respondents:\n"
        "  - id: r1\n"
        "    role: practice_manager\n"
        "    answers: {five-mechanisms: {SC1: 'yes'}}\n"
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    assert (
        f"{path}:5: respondents[r1].answers.five-mechanisms.SC1: five-mechanisms SC1 is asked "
        "once, as delivery-conditions DC8; write the answer under delivery-conditions: "
        "{DC8: ...} instead" in str(info.value)
    )


def test_a_user_framework_may_reuse_a_bundled_fact(tmp_path: Path) -> None:
    source = (DATA / "frameworks" / "minimal.yaml").read_text()
    source = source.replace(
        "        actions: [fix]\n",
        "        actions: [fix]\n"
        "      - id: A2\n"
        "        from: delivery-conditions/DC1\n"
        "        critical: true\n"
        "        actions: [caseload-limit]\n",
    )
    (tmp_path / "mini.yaml").write_text(source)
    catalogue = load_catalogue([tmp_path])
    mini = catalogue.require("mini")
    a2 = mini.items["A2"]
    assert a2.ref is not None and a2.ref.version == "3.0.0"  # unpinned: the newest
    assert a2.scale.unit == "new clients per full-time link worker per year"
    assert a2.critical and not a2.reverse
    assert mini.actions["caseload-limit"].owner == "lw_manager"  # a library action


def test_reusing_a_framework_that_is_not_there_is_an_error_with_its_line(tmp_path: Path) -> None:
    source = (DATA / "frameworks" / "minimal.yaml").read_text()
    source = source.replace(
        "        actions: [fix]\n",
        "        actions: [fix]\n      - id: A2\n        from: nosuch/X1\n        actions: [fix]\n",
    )
    path = tmp_path / "mini.yaml"
    path.write_text(source)
    with pytest.raises(InputError) as info:
        load_catalogue([tmp_path])
    assert (
        f"{path}:38: domains[alpha].items[A2].from: refers to framework 'nosuch', which is not "
        "in the catalogue" in str(info.value)
    )


def test_a_framework_asking_questions_of_an_adapted_one_is_adapted_too(tmp_path: Path) -> None:
    """five-mechanisms asks DC8 and others of delivery-conditions (`from:`). With
    delivery-conditions adapted, those questions may be scored on other scales and gates, so
    five-mechanisms' scores are no longer the published framework's: it reads "adapted
    locally" too (it read as published). npt, which asks nothing of it, does not."""
    source = frameworks_dir() / "delivery-conditions-3.0.0.yaml"
    (tmp_path / source.name).write_bytes(source.read_bytes())
    catalogue = load_catalogue([tmp_path])
    assert catalogue.require("delivery-conditions").adapted
    assert catalogue.require("five-mechanisms").adapted
    assert catalogue.require("five-mechanisms").shown_version == "3.0.0, adapted locally"
    assert not catalogue.require("npt").adapted
    assert not load_catalogue().require("five-mechanisms").adapted
