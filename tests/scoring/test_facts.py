"""Facts are reconciled, never averaged (rule 3), worked out by hand on the `facts` test
framework (tests/data/frameworks/facts): SAFE (a same-day safeguarding route, critical, asked
of link workers and their manager, decided by link workers), DESC (a written description,
asked of link workers, their manager and GPs, decided by all of them), LOAD (a caseload
figure: 200 or fewer scores 100, falling to 0 at 400) and VIEW (an opinion). yes/partly/no
score 100/50/0."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from readiness import api
from readiness.scoring.model import FactAnswer, FactStatus, FrameworkResult, ItemResult

from ..helpers import DATA

FRAMEWORKS = DATA / "frameworks" / "facts"


def score(tmp_path: Path, people: str) -> FrameworkResult:
    path = tmp_path / "site.yaml"
    path.write_text(
        "site: {name: Facts Practice, kind: practice, assessed_on: 2026-06-01}\nrespondents:\n"
        + textwrap.indent(textwrap.dedent(people), "  "),
        encoding="utf-8",
    )
    return api.score(path, frameworks_dirs=[FRAMEWORKS]).frameworks[0]


def item(result: FrameworkResult, item_id: str) -> ItemResult:
    return next(i for i in result.items if i.item.id == item_id)


THREE_SAY_NO = """\
- {id: l1, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
- {id: l2, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
- {id: l3, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
- {id: m1, role: lw_manager, answers: {facts: {SAFE: "yes", DESC: "yes", VIEW: sa}}}
- {id: g1, role: gp, answers: {facts: {DESC: "yes", VIEW: a}}}
"""


def test_three_link_workers_without_a_route_are_not_outvoted(tmp_path: Path) -> None:
    """The issue's case: three link workers say there is no safeguarding route, their manager
    says there is. Averaged by role it would be (0 + 100) / 2 = 50 and the gate would pass."""
    result = score(tmp_path, THREE_SAY_NO)
    safe = item(result, "SAFE")
    # Only link workers decide SAFE, and they agree: no (0). The manager's yes is listed.
    assert (safe.score, safe.fact_status, safe.respondents) == (0.0, FactStatus.AGREED, 3)
    assert safe.fact_answers == (
        FactAnswer("link_worker", "no", 3, True),
        FactAnswer("lw_manager", "yes", 1, False),
    )
    assert safe.gate_failed
    # The domain: SAFE 0, DESC 0 (contested, below), LOAD unanswered, VIEW by role
    # (75 + 100 + 75) / 3 = 83.33 -> (0 + 0 + 83.33) / 3 = 27.78: Low.
    assert result.score == pytest.approx(250 / 9)
    assert result.band is not None and result.band.id == "low"


def test_deciding_answers_that_differ_make_a_contested_fact_at_its_least_favourable(
    tmp_path: Path,
) -> None:
    result = score(tmp_path, THREE_SAY_NO)
    desc = item(result, "DESC")
    # DESC is decided by everyone asked: no x3 (link workers), yes (manager), yes (GP). A
    # role-balanced mean would be (0 + 100 + 100) / 3 = 66.7; the fact counts at "no": 0.
    assert (desc.score, desc.fact_status, desc.respondents) == (0.0, FactStatus.CONTESTED, 5)
    assert [(a.role, a.answer, a.count, a.decides) for a in desc.fact_answers] == [
        ("gp", "yes", 1, True),
        ("link_worker", "no", 3, True),
        ("lw_manager", "yes", 1, True),
    ]
    assert [a.action.id for a in result.actions][:1] == ["act-safe"]


def test_a_contested_fact_counts_at_the_lowest_answer_even_when_it_passes(tmp_path: Path) -> None:
    result = score(
        tmp_path,
        """\
        - {id: l1, role: link_worker, answers: {facts: {SAFE: "yes"}}}
        - {id: l2, role: link_worker, answers: {facts: {SAFE: "yes"}}}
        - {id: l3, role: link_worker, answers: {facts: {SAFE: partly}}}
        - {id: m1, role: lw_manager, answers: {facts: {SAFE: "no"}}}
        """,
    )
    safe = item(result, "SAFE")
    # Link workers: 100, 100, 50 -> contested, 50 (the manager's "no" does not decide).
    # 50 is not below the critical threshold of 50: the gate passes.
    assert (safe.score, safe.fact_status) == (50.0, FactStatus.CONTESTED)
    assert not safe.gate_failed


def test_figures_are_contested_when_they_score_differently(tmp_path: Path) -> None:
    result = score(
        tmp_path,
        """\
        - {id: l1, role: link_worker, answers: {facts: {LOAD: 180}}}
        - {id: l2, role: link_worker, answers: {facts: {LOAD: 190}}}
        - {id: m1, role: lw_manager, answers: {facts: {LOAD: 300}}}
        """,
    )
    load = item(result, "LOAD")
    # 180 and 190 both score 100; 300 scores 50: contested, at 50.
    assert (load.score, load.fact_status) == (50.0, FactStatus.CONTESTED)
    assert [(a.role, a.answer, a.count) for a in load.fact_answers] == [
        ("link_worker", "180", 1),
        ("link_worker", "190", 1),
        ("lw_manager", "300", 1),
    ]
    two = score(
        tmp_path,
        """\
        - {id: l1, role: link_worker, answers: {facts: {LOAD: 180}}}
        - {id: l2, role: link_worker, answers: {facts: {LOAD: 190}}}
        """,
    )
    # Different figures that score the same (100) agree for scoring; both are still listed.
    assert (item(two, "LOAD").score, item(two, "LOAD").fact_status) == (100.0, FactStatus.AGREED)


def test_a_fact_only_non_deciding_roles_answered_is_unknown(tmp_path: Path) -> None:
    result = score(
        tmp_path,
        """\
        - {id: m1, role: lw_manager, answers: {facts: {SAFE: "yes", VIEW: a}}}
        - {id: g1, role: gp, answers: {facts: {VIEW: a}}}
        """,
    )
    safe = item(result, "SAFE")
    assert (safe.score, safe.fact_status, safe.respondents) == (None, FactStatus.UNDECIDED, 0)
    assert [i.id for i in result.critical_unknown] == ["SAFE"]
    assert not safe.gate_failed


def test_facts_in_the_bootstrap_are_reconciled_too(tmp_path: Path) -> None:
    """Link workers answer SAFE yes, yes, no. A resample draws three link workers with
    replacement; it misses the "no" with probability (2/3)^3 = 0.30, and only then is SAFE
    100: the 5th percentile is 0 (the score) and the 95th 100. Averaging would never reach 0
    or 100 unless every draw were the same person."""
    result = score(
        tmp_path,
        """\
        - {id: l1, role: link_worker, answers: {facts: {SAFE: "yes", VIEW: a}}}
        - {id: l2, role: link_worker, answers: {facts: {SAFE: "yes", VIEW: a}}}
        - {id: l3, role: link_worker, answers: {facts: {SAFE: "no", VIEW: a}}}
        """,
    )
    safe = item(result, "SAFE")
    assert safe.score == 0.0
    assert safe.interval == pytest.approx((0.0, 100.0))


def test_the_json_lists_every_answer_to_a_fact(tmp_path: Path) -> None:
    import json

    score(tmp_path, THREE_SAY_NO)
    result = api.score(tmp_path / "site.yaml", frameworks_dirs=[FRAMEWORKS])
    data = json.loads(api.format_scores(result, "json"))
    safe = next(i for i in data["frameworks"][0]["items"] if i["id"] == "SAFE")
    assert safe["decided_by"] == ["link_worker"]
    assert safe["fact_status"] == "agreed"
    assert safe["answers"] == [
        {"role": "link_worker", "answer": "no", "count": 3, "decides": True},
        {"role": "lw_manager", "answer": "yes", "count": 1, "decides": False},
    ]
    view = next(i for i in data["frameworks"][0]["items"] if i["id"] == "VIEW")
    assert (view["fact_status"], view["answers"], view["decided_by"]) == (None, [], [])


def test_a_roles_view_of_a_domain_counts_everyone_behind_the_views_it_is_made_of(
    tmp_path: Path,
) -> None:
    """Rule 9: a role's view of a domain is the weighted mean of its shown item views, and a
    fact's view of each role is shown, deciding or not. The people behind it, and its
    r_wg(J), are those of the same views: here both managers, though m2's only fact answer
    (SAFE, which link workers decide) is not behind the fact's score."""
    result = score(
        tmp_path,
        """\
        - {id: l1, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
        - {id: l2, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
        - {id: l3, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
        - {id: m1, role: lw_manager, answers: {facts: {SAFE: "yes", DESC: "yes"}}}
        - {id: m2, role: lw_manager, answers: {facts: {SAFE: "yes", VIEW: sa}}}
        """,
    )
    (domain,) = result.domains
    (manager,) = [v for v in domain.by_role if v.role == "lw_manager"]
    # SAFE: the managers' view 100 (both yes); DESC: m1's yes, 100. VIEW's manager view (one
    # person) is hidden. Shown: SAFE and DESC, 2 of the 4 items asked of managers (0.5).
    assert manager.score == 100.0
    assert manager.respondents == 2
    # SAFE: two answers, both 100: S^2 / sigma^2 = 0, so r_wg(J) = 1 (DESC has one answer).
    assert manager.rwg == 1.0
