"""Scoring rules, checked against values worked out by hand (the arithmetic is in comments).

`base` scores with `aggregate: respondents` and `min_role_group: 1`, so that the arithmetic of
items, domains, frameworks, gates and actions is checked without the role balancing and the
privacy rule, which have tests of their own below and in test_disclosure.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import textwrap
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.assessment.model import Assessment
from readiness.framework.catalogue import Catalogue
from readiness.framework.checks import load_framework
from readiness.framework.model import Band, Framework
from readiness.scoring.engine import item_score, score_assessment, score_framework
from readiness.scoring.model import (
    Disagreement,
    DisagreementKind,
    FrameworkResult,
    Suppression,
)
from readiness.vocabulary import Aggregate

from ..helpers import DATA

CALC = DATA / "frameworks" / "scoring-test.yaml"


def band_id(band: Band | None) -> str | None:
    return band.id if band is not None else None


def calc(**scoring: object) -> Framework:
    framework = load_framework(CALC)
    if scoring:
        settings = dataclasses.replace(framework.scoring, **scoring)  # type: ignore[arg-type]
        framework = dataclasses.replace(framework, scoring=settings)
    return framework


def assessment(tmp_path: Path, respondents: str, framework: Framework | None = None) -> Assessment:
    framework = framework or calc()
    text = textwrap.dedent(
        """\
        site: {name: Test site, kind: practice, assessed_on: 2026-01-01}
        respondents:
        """
    ) + textwrap.indent(textwrap.dedent(respondents), "  ")
    path = tmp_path / "assessment.yaml"
    path.write_text(text)
    return load_assessment(path, Catalogue({framework.id: framework}))


# Three respondents; agree5 scores as (v - 1) / 4 * 100 and a reverse item uses 6 - v first.
BASE = """\
- id: r1
  role: gp
  answers: {calc: {A1: sa, A2: d, A3: a, B1: dk, B2: n, C1: 300}}
- id: r2
  role: gp
  answers: {calc: {A1: a, A2: sd, A3: n, B1: na_role}}
- id: r3
  role: link_worker
  answers: {calc: {A1: d, A2: a, A3: sd, B1: sa, B2: na_stage, C1: 350}}
"""


def plain() -> Framework:
    """The calculation framework scored as plain means with no privacy rule."""
    return calc(min_role_group=1, aggregate=Aggregate.RESPONDENTS)


@pytest.fixture
def base(tmp_path: Path) -> FrameworkResult:
    return score_framework(plain(), assessment(tmp_path, BASE, plain()).respondents)


def test_item_scores(base: FrameworkResult) -> None:
    items = {i.item.id: i for i in base.items}
    # A1: 5->100, 4->75, 2->25; mean 200/3
    assert items["A1"].score == pytest.approx(200 / 3)
    # A2 reversed: 2->4->75, 1->5->100, 4->2->25; mean 200/3
    assert items["A2"].score == pytest.approx(200 / 3)
    a2 = calc().items["A2"]
    people = assessment(Path(tempfile.mkdtemp()), BASE).respondents
    assert [item_score(a2, p.answers["calc"]["A2"]) for p in people] == [75.0, 100.0, 25.0]
    # A3: 4->75, 3->50, 1->0; mean 125/3 = 41.67, below the critical threshold 50
    assert items["A3"].score == pytest.approx(125 / 3)
    assert items["A3"].gate_failed
    # B1: only r3 scored (5->100); r1 don't know, r2 not applicable (role)
    assert items["B1"].score == 100
    # B2: r1 3->50; r2 left it blank (not answered); r3 not applicable (stage)
    assert items["B2"].score == 50
    # C1: numeric, 300 -> 75 and 350 -> 50 on the 250->100, 450->0 line; mean 62.5
    assert items["C1"].score == pytest.approx(62.5)


def test_counts_keep_each_not_applicable_reason(base: FrameworkResult) -> None:
    items = {i.item.id: i for i in base.items}
    b1, b2 = items["B1"].counts, items["B2"].counts
    assert (b1.answered, b1.dont_know, b1.not_applicable, b1.not_answered) == (1, 1, {"role": 1}, 0)
    assert (b2.answered, b2.dont_know, b2.not_applicable, b2.not_answered) == (
        1,
        0,
        {"stage": 1},
        1,
    )
    domain_b = base.domains[1].counts
    assert domain_b.not_applicable == {"role": 1, "stage": 1}
    assert domain_b.not_applicable_total == 2


def test_domain_and_framework_scores(base: FrameworkResult) -> None:
    a, b, c = base.domains
    # A: (200/3 * 1 + 200/3 * 2 + 125/3 * 1) / 4 = 725/12 = 60.42
    assert a.score == pytest.approx(725 / 12)
    assert band_id(a.band) == "high"
    # B: (100 + 50) / 2
    assert b.score == 75
    # C is reported (62.5) but not in the total
    assert c.score == pytest.approx(62.5)
    # Framework: (725/12 * 2 + 75 * 1) / 3 = 65.28 -> band high (60+)
    assert base.score == pytest.approx((725 / 12 * 2 + 75) / 3)
    assert band_id(base.uncapped_band) == "high"
    assert base.coverage == 1.0


def test_failed_critical_gate_caps_the_band(base: FrameworkResult) -> None:
    assert band_id(base.band) == "mid"
    assert [i.item.id for i in base.capped_by] == ["A3"]


def test_gate_does_not_raise_a_lower_band(tmp_path: Path) -> None:
    # Everyone strongly disagrees except on A3, which fails too: the score is already low,
    # so the cap (mid) must not lift it.
    respondents = """\
    - id: r1
      role: gp
      answers: {calc: {A1: sd, A2: sa, A3: sd, B1: sd, B2: sd}}
    """
    result = score_framework(plain(), assessment(tmp_path, respondents, plain()).respondents)
    assert result.score == 0
    assert band_id(result.band) == "low"
    assert result.capped_by == ()


def test_coverage_below_the_threshold_is_insufficient_not_zero(tmp_path: Path) -> None:
    # Domain A: only A1 (weight 1 of 4) answered -> coverage 0.25 < 0.5 -> insufficient.
    # Domain B: both answered -> 75. Framework: weight 1 of 3 scored -> 1/3 < 0.5 -> none.
    respondents = """\
    - id: r1
      role: gp
      answers: {calc: {A1: a, A2: dk, A3: na_role, B1: sa, B2: n}}
    """
    result = score_framework(plain(), assessment(tmp_path, respondents, plain()).respondents)
    a, b, _ = result.domains
    assert a.coverage == 0.25 and a.score is None and a.band is None
    assert b.score == 75
    assert result.coverage == pytest.approx(1 / 3)
    assert result.score is None and result.band is None
    assert [i.id for i in result.critical_unknown] == ["A3"]


def test_coverage_threshold_comes_from_the_framework(tmp_path: Path) -> None:
    respondents = """\
    - id: r1
      role: gp
      answers: {calc: {A1: a, B1: sa, B2: n}}
    """
    lenient = calc(min_coverage=0.25)
    result = score_framework(lenient, assessment(tmp_path, respondents, lenient).respondents)
    # A: only A1 (75) at coverage 0.25; framework (75 * 2 + 75) / 3 = 75
    assert result.domains[0].score == 75
    assert result.score == 75


def test_spread_flags_disagreement(base: FrameworkResult) -> None:
    items = {i.item.id: i for i in base.items}
    # A1: 100, 75, 25 -> population SD sqrt(((100-66.7)^2 + (75-66.7)^2 + (25-66.7)^2)/3) = 31.2
    assert items["A1"].agreement.spread == pytest.approx(31.18, abs=0.01)
    assert items["A1"].agreement.flagged
    # A2 (reverse) scores 75, 100, 25 and A3 75, 50, 0: each the same SD, 31.18.
    # Domain A's spread is the weighted mean of its items' spreads (rule 11: people compared
    # on the same questions): (1 x 31.18 + 2 x 31.18 + 1 x 31.18) / 4 = 31.18 >= 30: flagged.
    # (Each person's own domain score, 81.25, 81.25 and 18.75, would give 29.46 and no flag.)
    assert base.domains[0].agreement.spread == pytest.approx(31.18, abs=0.01)
    kinds = [r.kind for r in base.domains[0].agreement.reasons]
    assert DisagreementKind.SPREAD in kinds


def test_domain_spread_compares_people_on_the_same_questions(tmp_path: Path) -> None:
    # Three GPs: r1 and r2 answer only A1 (100 and 100), r3 only A3 (0). Per person the
    # domain scores would be 100, 100, 0 (SD 47.1, flagged) though no two of them answered
    # the same question differently. A1 has two answers and A3 one: no item has the three
    # answers a spread needs, so the domain has no spread and no flag.
    respondents = """\
    - id: r1
      role: gp
      answers: {calc: {A1: sa}}
    - id: r2
      role: gp
      answers: {calc: {A1: sa}}
    - id: r3
      role: gp
      answers: {calc: {A3: sd}}
    """
    result = score_framework(plain(), assessment(tmp_path, respondents, plain()).respondents)
    domain = result.domains[0]
    assert domain.score is not None
    assert domain.agreement.spread is None
    assert not domain.agreement.flagged


def test_role_gap_of_a_domain_uses_only_items_both_roles_answered(tmp_path: Path) -> None:
    # GPs answer A1 (sa, sa: 100) and A2 (reverse; sd, sd: 100); link workers answer A1
    # (sa, a: 100, 75 -> 87.5) and A3 (sd, sd: 0). Each role's view of domain A is the
    # weighted mean of its own items: GP (100 x 1 + 100 x 2) / 3 = 100, link worker
    # (87.5 x 1 + 0 x 1) / 2 = 43.75, which looks like a 56.25-point gap; but the only item
    # both answered is A1, where the views are 100 and 87.5: a 12.5-point gap, under 25.
    respondents = """\
    - id: g1
      role: gp
      answers: {calc: {A1: sa, A2: sd}}
    - id: g2
      role: gp
      answers: {calc: {A1: sa, A2: sd}}
    - id: l1
      role: link_worker
      answers: {calc: {A1: sa, A3: sd}}
    - id: l2
      role: link_worker
      answers: {calc: {A1: a, A3: sd}}
    """
    framework = calc(min_role_group=2, aggregate=Aggregate.RESPONDENTS)
    result = score_framework(framework, assessment(tmp_path, respondents, framework).respondents)
    domain = result.domains[0]
    views = {v.role: v.score for v in domain.by_role}
    assert views["gp"] == pytest.approx(100)
    assert views["link_worker"] == pytest.approx(43.75)
    assert domain.agreement.role_gap == pytest.approx(12.5)
    assert not any(r.kind == DisagreementKind.ROLE_GAP for r in domain.agreement.reasons)


def test_roles_with_no_common_item_are_not_compared(tmp_path: Path) -> None:
    # GPs answer only A2 (reverse, sd: 100; weight 2 of 4, enough coverage for a view),
    # link workers A1 and A3 (sd: 0 each). Views 100 and 0, but no item in common: no gap.
    respondents = """\
    - id: g1
      role: gp
      answers: {calc: {A2: sd}}
    - id: g2
      role: gp
      answers: {calc: {A2: sd}}
    - id: l1
      role: link_worker
      answers: {calc: {A1: sd, A3: sd}}
    - id: l2
      role: link_worker
      answers: {calc: {A1: sd, A3: sd}}
    """
    framework = calc(min_role_group=2, aggregate=Aggregate.RESPONDENTS)
    result = score_framework(framework, assessment(tmp_path, respondents, framework).respondents)
    domain = result.domains[0]
    assert {v.role: v.score for v in domain.by_role} == {"gp": 100, "link_worker": 0}
    assert domain.agreement.role_gap is None
    assert not domain.agreement.flagged


def test_role_gap_flags_disagreement(tmp_path: Path) -> None:
    result = score_framework(plain(), assessment(tmp_path, BASE, plain()).respondents)
    a1 = next(i for i in result.items if i.item.id == "A1")
    # GP mean 87.5, link worker 25: 62.5 apart >= 25
    assert a1.agreement.role_gap == pytest.approx(62.5)
    gap = Disagreement(DisagreementKind.ROLE_GAP, 62.5, "gp", 87.5, "link_worker", 25.0)
    assert gap in a1.agreement.reasons


def test_action_plan_ranks_gates_then_gap_times_weight(base: FrameworkResult) -> None:
    # Below 60: A3 (41.67, failed gate) and B2 (50). Domains A (60.4) and B (75) are not.
    # Effective weights: A3 = 2/3 * 1/4 = 1/6; B2 = 1/3 * 1/2 = 1/6.
    # act-common: (60 - 41.67)/6 + (60 - 50)/6 = 4.72, critical (raised by A3)
    # act-gate: (60 - 41.67)/6 = 3.06, critical
    plan = [(a.action.id, a.priority, a.critical) for a in base.actions]
    assert plan == [("act-common", 1, True), ("act-gate", 2, True)]
    common = base.actions[0]
    assert common.importance == pytest.approx((60 - 125 / 3) / 6 + 10 / 6)
    assert [(r.level, r.id) for r in common.raised_by] == [("item", "A3"), ("item", "B2")]


def test_domain_actions_are_raised_when_the_domain_is_weak(tmp_path: Path) -> None:
    respondents = """\
    - id: r1
      role: gp
      answers: {calc: {A1: sa, A2: sd, A3: sa, B1: d, B2: d}}
    """
    result = score_framework(plain(), assessment(tmp_path, respondents, plain()).respondents)
    # B: 25 and 25 -> 25 < 60; domain share 1/3: (60 - 25) / 3 = 11.67
    domain_action = next(a for a in result.actions if a.action.id == "act-domain-b")
    assert domain_action.importance == pytest.approx(35 / 3)
    assert domain_action.raised_by[0].level == "domain"
    # act-common from B1 and B2: 2 x (60 - 25) / 6 = 11.67 as well; ties keep declared order
    assert [a.action.id for a in result.actions] == ["act-common", "act-domain-b"]


def test_same_action_from_two_frameworks_is_merged(tmp_path: Path) -> None:
    first = plain()
    second = dataclasses.replace(first, id="calc2")
    respondents = """\
    - id: r1
      role: gp
      answers:
        calc: {A1: sa, A2: sd, A3: sa, B1: d, B2: d}
        calc2: {A1: sa, A2: sd, A3: sa, B1: d, B2: d}
    """
    path = tmp_path / "a.yaml"
    path.write_text(
        "site: {name: S, kind: pcn, assessed_on: 2026-01-01}\nrespondents:\n"
        + textwrap.indent(textwrap.dedent(respondents), "  ")
    )
    loaded = load_assessment(path, Catalogue({"calc": first, "calc2": second}))
    result = score_assessment(loaded)
    common = [a for a in result.actions if a.action.id == "act-common"]
    assert len(common) == 1
    assert {r.framework_id for r in common[0].raised_by} == {"calc", "calc2"}
    assert common[0].importance == pytest.approx(2 * 35 / 3)
    assert [a.priority for a in result.actions] == list(range(1, len(result.actions) + 1))


def test_assessment_date_and_site_are_kept(tmp_path: Path) -> None:
    loaded = assessment(tmp_path, BASE)
    assert loaded.site.assessed_on == dt.date(2026, 1, 1)
    assert [f.id for f in loaded.frameworks] == ["calc"]


# -- role balancing ------------------------------------------------------------------------

LINK_WORKERS = """\
- {id: lw1, role: link_worker, answers: {calc: {A1: sd, A2: sa, A3: sd, B1: sd, B2: sd}}}
- {id: lw2, role: link_worker, answers: {calc: {A1: sd, A2: sa, A3: sd, B1: sd, B2: sd}}}
"""


def receptionists(count: int) -> str:
    # Every receptionist agrees: 4 -> 75 (A2 is reversed: disagree 2 -> 4 -> 75).
    return "".join(
        f"- {{id: rec{n}, role: reception, answers: {{calc: {{A1: a, A2: d, A3: a, "
        f"B1: a, B2: a}}}}}}\n"
        for n in range(1, count + 1)
    )


@pytest.mark.parametrize("count", [1, 2, 7])
def test_more_people_of_a_role_cannot_pass_a_gate_by_numbers(tmp_path: Path, count: int) -> None:
    # Role-balanced: every item is the mean of the link workers' mean (0) and the
    # receptionists' mean (75) = 37.5, however many receptionists answer. The critical item A3
    # (37.5 < 50) fails and the framework (37.5) stays in the lowest band.
    framework = calc(min_role_group=3)
    people = assessment(tmp_path, LINK_WORKERS + receptionists(count), framework).respondents
    result = score_framework(framework, people)
    assert result.aggregate == Aggregate.ROLES
    assert [i.score for i in result.items if i.item.id != "C1"] == [37.5] * 5
    assert result.score == 37.5
    assert band_id(result.band) == "low"
    assert [i.item.id for i in result.items if i.gate_failed] == ["A3"]


def test_the_same_people_as_respondent_means_pass_the_gate_by_numbers(tmp_path: Path) -> None:
    # aggregate: respondents. One receptionist: (0 + 0 + 75) / 3 = 25 on every item, framework
    # 25 (low), A3 fails. Eight receptionists: (0 + 0 + 8 x 75) / 10 = 60: framework 60 (high),
    # and A3 (60) passes the gate.
    framework = calc(min_role_group=3, aggregate=Aggregate.RESPONDENTS)
    few = score_framework(
        framework, assessment(tmp_path, LINK_WORKERS + receptionists(1), framework).respondents
    )
    assert (few.score, band_id(few.band)) == (25.0, "low")
    assert [i.item.id for i in few.items if i.gate_failed] == ["A3"]
    many = score_framework(
        framework, assessment(tmp_path, LINK_WORKERS + receptionists(8), framework).respondents
    )
    assert many.score == pytest.approx(60.0)
    assert band_id(many.band) == "high"
    assert not any(i.gate_failed for i in many.items)


def test_aggregate_can_be_chosen_per_run(tmp_path: Path) -> None:
    framework = calc(min_role_group=3)
    people = assessment(tmp_path, LINK_WORKERS + receptionists(8), framework).respondents
    assert score_framework(framework, people).score == 37.5
    assert score_framework(framework, people, Aggregate.RESPONDENTS).score == pytest.approx(60)


def test_role_views_of_a_domain(tmp_path: Path) -> None:
    # With min_role_group 1 every role is shown. Domain A, GP: item views A1 87.5, A2 87.5,
    # A3 62.5 with weights 1, 2, 1 -> (87.5 + 175 + 62.5) / 4 = 81.25; link worker: A1 25,
    # A2 25, A3 0 -> (25 + 50 + 0) / 4 = 18.75.
    framework = calc(min_role_group=1)
    result = score_framework(framework, assessment(tmp_path, BASE, framework).respondents)
    views = {r.role: r for r in result.domains[0].by_role}
    assert views["gp"].score == pytest.approx(81.25)
    assert views["link_worker"].score == pytest.approx(18.75)
    assert (views["gp"].respondents, views["link_worker"].respondents) == (2, 1)
    # Role-balanced site scores: A1 = (87.5 + 25) / 2 = 56.25.
    assert result.items[0].score == pytest.approx(56.25)


def test_a_role_view_needs_the_coverage_of_the_items_it_was_asked(tmp_path: Path) -> None:
    # Domain B for the link worker: B1 answered (100), B2 not applicable -> B1 carries 1 of
    # the 2 weights addressed to link workers = 0.5 -> shown (100). The GP answered B2 only
    # (r1: 50): also 0.5 -> shown. With min_coverage 0.75 the site's domain is still scored
    # (both items have a score: coverage 1) but neither role covers enough of it to be shown.
    framework = calc(min_role_group=1)
    result = score_framework(framework, assessment(tmp_path, BASE, framework).respondents)
    views = {r.role: r.score for r in result.domains[1].by_role}
    assert views == {"gp": 50.0, "link_worker": 100.0}
    strict = calc(min_role_group=1, min_coverage=0.75)
    result = score_framework(strict, assessment(tmp_path, BASE, strict).respondents)
    assert result.domains[1].score == 75
    assert {r.role: r.suppressed_because for r in result.domains[1].by_role} == {
        "gp": Suppression.INSUFFICIENT,
        "link_worker": Suppression.INSUFFICIENT,
    }


def test_no_role_views_for_a_domain_the_site_cannot_score(tmp_path: Path) -> None:
    respondents = """    - {id: r1, role: gp, answers: {calc: {A1: a, B1: sa, B2: n}}}
    - {id: r2, role: gp, answers: {calc: {A1: sd, B1: sa, B2: n}}}
    """
    framework = calc(min_role_group=1)
    result = score_framework(framework, assessment(tmp_path, respondents, framework).respondents)
    assert result.domains[0].score is None  # only A1: coverage 0.25
    assert result.domains[0].by_role == ()
    assert not result.domains[0].agreement.flagged


def test_someone_who_answered_nothing_in_a_framework_is_not_counted(tmp_path: Path) -> None:
    other = dataclasses.replace(plain(), id="calc2")
    text = textwrap.dedent(
        """\
        site: {name: S, kind: pcn, assessed_on: 2026-01-01}
        respondents:
          - {id: r1, role: gp, answers: {calc: {A1: a}}}
          - {id: r2, role: gp, answers: {calc2: {A1: sa}}}
        """
    )
    path = tmp_path / "a.yaml"
    path.write_text(text)
    loaded = load_assessment(path, Catalogue({"calc": plain(), "calc2": other}))
    result = score_assessment(loaded)
    a2 = next(i for i in result.frameworks[0].items if i.item.id == "A2")
    assert a2.counts.not_answered == 1  # r1 only; r2 answered nothing in calc
    assert result.frameworks[0].respondents_by_role == {"gp": 1}


def test_a_domain_reported_apart_raises_actions_with_its_own_share(tmp_path: Path) -> None:
    # C (in_total: false, weight 1) beside A (2) and B (1): share 1 / 3. C1 = 400 scores 25
    # (250 -> 100, 450 -> 0), so act-common gains (60 - 25) x 1/3 = 11.67.
    respondents = """\
    - id: r1
      role: gp
      answers: {calc: {A1: sa, A2: sd, A3: sa, B1: sa, B2: sa, C1: 400}}
    """
    result = score_framework(plain(), assessment(tmp_path, respondents, plain()).respondents)
    common = next(a for a in result.actions if a.action.id == "act-common")
    assert [(r.id, r.score) for r in common.raised_by] == [("C1", 25.0)]
    assert common.importance == pytest.approx(35 / 3)


def test_a_failed_gate_above_the_action_threshold_adds_no_importance(tmp_path: Path) -> None:
    # critical_threshold 70 > action_threshold 60: A3 at 62.5 fails the gate, so its actions
    # are raised and come first, but max(60 - 62.5, 0) = 0 adds no importance.
    framework = calc(min_role_group=1, aggregate=Aggregate.RESPONDENTS, critical_threshold=70)
    respondents = """\
    - id: r1
      role: gp
      answers: {calc: {A1: sa, A2: sd, A3: a, B1: sa, B2: sa}}
    - id: r2
      role: gp
      answers: {calc: {A1: sa, A2: sd, A3: n, B1: sa, B2: sa}}
    """
    result = score_framework(framework, assessment(tmp_path, respondents, framework).respondents)
    a3 = next(i for i in result.items if i.item.id == "A3")
    assert a3.score == 62.5 and a3.gate_failed
    assert [(a.action.id, a.critical, a.importance) for a in result.actions] == [
        ("act-gate", True, 0.0),
        ("act-common", True, 0.0),
    ]
