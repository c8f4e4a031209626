"""Progress since a baseline: changes called from the intervals, versions compared through
their change records, gates, and the adopted actions next to the scores they aimed at."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from readiness import api
from readiness.errors import ReadinessError
from readiness.framework.changes import fates
from readiness.framework.load import load_catalogue
from readiness.report.progress_view import build_progress
from readiness.scoring.model import Level
from readiness.scoring.progress import (
    Change,
    GateChange,
    Uncalled,
    call_change,
    comparable_domains,
)
from readiness.vocabulary import ChangeKind

from ..helpers import DATA, RIVERSIDE, RIVERSIDE_BASELINE

FRAMEWORKS = DATA / "frameworks" / "privacy"


@pytest.mark.parametrize(
    ("baseline", "current", "expected"),
    [
        ((50, (45, 55)), (70, (56, 80)), Change.IMPROVED),  # 56 > 55
        ((50, (45, 55)), (70, (55, 80)), Change.NO_CLEAR_CHANGE),  # touching is overlapping
        ((50, (45, 55)), (30, (20, 44)), Change.WORSE),  # 44 < 45
        ((50, (40, 60)), (58, (50, 66)), Change.NO_CLEAR_CHANGE),
        ((50, (50, 50)), (50, (50, 50)), Change.NO_CLEAR_CHANGE),
    ],
)
def test_a_change_is_called_from_the_intervals_alone(
    baseline: tuple[float, tuple[float, float]],
    current: tuple[float, tuple[float, float]],
    expected: Change,
) -> None:
    assert call_change(baseline[0], baseline[1], current[0], current[1]) == (expected, None)


def test_a_difference_of_less_than_a_point_is_never_a_clear_change() -> None:
    # Three people each year, each year all of one mind: intervals of no width, 44.97 then
    # 45.03. Printed, that is "45 -> 45": calling it improved would tell the reader nothing.
    assert call_change(
        44.97, (44.97, 44.97), 45.03, (45.03, 45.03), people=(3, 3), min_people=3
    ) == (
        Change.NO_CLEAR_CHANGE,
        None,
    )
    assert call_change(45.03, (45.03, 45.03), 44.1, (44.1, 44.1)) == (Change.NO_CLEAR_CHANGE, None)
    # A point or more, with intervals apart, is called as before.
    assert call_change(44.0, (44.0, 44.0), 45.0, (45.0, 45.0)) == (Change.IMPROVED, None)


def test_a_big_difference_without_intervals_is_not_called() -> None:
    assert call_change(20, None, 90, (85, 95)) == (Change.CANNOT_TELL, Uncalled.NO_INTERVAL)
    assert call_change(None, None, 90, (85, 95)) == (
        Change.CANNOT_TELL,
        Uncalled.NO_BASELINE_SCORE,
    )
    assert call_change(20, (10, 30), None, None) == (
        Change.CANNOT_TELL,
        Uncalled.NO_CURRENT_SCORE,
    )


def test_an_opinion_change_needs_enough_people_on_each_side() -> None:
    # One person each year: [100, 100] then [0, 0] do not overlap, but one person's changed
    # answer is not a change anyone can call (rule 16: at least min_role_group each side).
    assert call_change(100, (100, 100), 0, (0, 0), people=(1, 1), min_people=3) == (
        Change.CANNOT_TELL,
        Uncalled.FEW_PEOPLE,
    )
    assert call_change(100, (100, 100), 0, (0, 0), people=(3, 2), min_people=3) == (
        Change.CANNOT_TELL,
        Uncalled.FEW_PEOPLE,
    )
    assert call_change(100, (100, 100), 0, (0, 0), people=(3, 3), min_people=3) == (
        Change.WORSE,
        None,
    )


def test_facts_are_compared_as_facts() -> None:
    # A fact is the same or changed, whatever its interval and however few people gave it.
    assert call_change(40, (40, 40), 40, None, people=(2, 1), min_people=3, fact=True) == (
        Change.SAME,
        None,
    )
    assert call_change(40, (40, 40), 100, (100, 100), people=(2, 1), fact=True) == (
        Change.CHANGED,
        None,
    )
    assert call_change(None, None, 100, None, fact=True) == (
        Change.CANNOT_TELL,
        Uncalled.NO_BASELINE_SCORE,
    )


def test_a_fact_in_a_follow_up_is_same_or_changed(tmp_path: Path) -> None:
    """F1 (a count only the link-worker manager gives) then 2, now 3: 'changed', called
    from one person's fact; the facts domain, made of it alone, changes as a fact too."""

    def with_fact(path: Path, on: str, count: int) -> Path:
        _assessment(path, on, {"gp": {"T1": "a"}, "link_worker": {"T1": "a"}})
        text = path.read_text(encoding="utf-8")
        text += (
            f"  - id: m1\n    role: lw_manager\n    answers:\n      privacy:\n        F1: {count}\n"
        )
        path.write_text(text, encoding="utf-8")
        return path

    baseline = with_fact(tmp_path / "2025.yaml", "2025-03-01", 2)
    follow_up = with_fact(tmp_path / "2026.yaml", "2026-03-01", 3)
    (fp,) = api.progress(follow_up, baseline, frameworks_dirs=[FRAMEWORKS]).frameworks
    items = {c.id: c for c in fp.items}
    assert items["F1"].fact and items["F1"].change == Change.CHANGED
    assert items["T1"].change == Change.NO_CLEAR_CHANGE  # 75 from six people both years
    domains = {c.id: c for c in fp.domains}
    assert domains["facts"].fact and domains["facts"].change == Change.CHANGED
    same = api.progress(
        with_fact(tmp_path / "2027.yaml", "2027-03-01", 3), follow_up, frameworks_dirs=[FRAMEWORKS]
    ).frameworks[0]
    assert {c.id: c.change for c in same.items}["F1"] == Change.SAME


def _assessment(path: Path, on: str, answers: dict[str, dict[str, str]]) -> Path:
    """A one-file assessment on the privacy test framework: role -> item -> answer, for
    three people of each role (everyone in a role answers alike)."""
    lines = [
        "site:",
        "  name: Progress Test Practice",
        "  ods_code: Z99002",
        "  kind: practice",
        f"  assessed_on: {on}",
        "respondents:",
    ]
    for role, items in answers.items():
        for n in range(1, 4):
            lines += [f"  - id: {role}{n}", f"    role: {role}", "    answers:", "      privacy:"]
            lines += [f"        {item}: {answer}" for item, answer in items.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_same_version_changes_by_hand(tmp_path: Path) -> None:
    """Everyone in a role answers alike, so every resample gives the same score and each
    interval is a single point; the calls can be worked out by hand."""
    baseline = _assessment(
        tmp_path / "2025.yaml",
        "2025-03-01",
        {
            "gp": {"T1": "a", "T2": "n"},
            "link_worker": {"T1": "a", "T2": "n"},
            "client": {"C1": "a", "C2": "a"},
        },
    )
    follow_up = _assessment(
        tmp_path / "2026.yaml",
        "2026-03-01",
        {
            "gp": {"T1": "sa", "T2": "n"},
            "link_worker": {"T1": "sa", "T2": "d"},
            "client": {"C1": "a", "C2": "a"},
        },
    )
    since = api.progress(follow_up, baseline, frameworks_dirs=[FRAMEWORKS])
    (fp,) = since.frameworks
    assert fp.same_version and fp.not_comparable == ()
    items = {c.id: c for c in fp.items}
    # T1: agree (75) for both roles, now strongly agree (100) for both: 75 -> 100.
    assert (items["T1"].baseline, items["T1"].current) == (75, 100)
    assert items["T1"].baseline_interval == (75, 75) and items["T1"].change == Change.IMPROVED
    # T2: neutral (50); now GP neutral (50) and link workers disagree (25): 37.5.
    assert (items["T2"].baseline, items["T2"].current) == (50, 37.5)
    assert items["T2"].change == Change.WORSE
    assert items["C1"].change == Change.NO_CLEAR_CHANGE  # 75 then, 75 now
    # F1 (a fact nobody answered) has no score on either side.
    assert items["F1"].change == Change.CANNOT_TELL
    assert items["F1"].uncalled == Uncalled.NO_BASELINE_SCORE
    domains = {c.id: c for c in fp.domains}
    # The team: (75 + 50) / 2 = 62.5, now (100 + 37.5) / 2 = 68.75.
    assert (domains["team"].baseline, domains["team"].current) == (62.5, 68.75)
    assert domains["team"].change == Change.IMPROVED
    assert domains["clients"].change == Change.NO_CLEAR_CHANGE
    assert domains["facts"].change == Change.CANNOT_TELL
    # The framework: the team and the clients (facts unscored; two thirds covered):
    # (62.5 + 75) / 2 = 68.75, now (68.75 + 75) / 2 = 71.875.
    assert fp.overall is not None
    assert (fp.overall.baseline, fp.overall.current) == (68.75, 71.875)
    assert fp.overall.change == Change.IMPROVED
    assert fp.overall.difference == pytest.approx(3.125)
    clear = since.clear_changes()
    assert [c.id for _, c in clear] == ["team", "privacy"]  # 6.25 before 3.125


def test_a_change_needs_the_same_roles_behind_it(tmp_path: Path) -> None:
    """Nobody who answered the baseline changed an answer; three receptionists joined and
    strongly disagreed. T1 moves from 75 to (75 + 75 + 0) / 3 = 50 with intervals of no width,
    which the intervals alone would call worse: it measures who answered, so nothing is called
    (rule 16), for the question, its domain or the framework. The clients' questions, answered
    by the same role both times, are compared as before."""
    staff = {"T1": "a", "T2": "n"}
    before = {"gp": staff, "link_worker": staff, "client": {"C1": "a", "C2": "a"}}
    baseline = _assessment(tmp_path / "2025.yaml", "2025-03-01", before)
    follow_up = _assessment(
        tmp_path / "2026.yaml",
        "2026-03-01",
        {**before, "reception": {"T1": "sd", "T2": "sd"}},
    )
    since = api.progress(follow_up, baseline, frameworks_dirs=[FRAMEWORKS])
    (fp,) = since.frameworks
    items = {c.id: c for c in fp.items}
    assert (items["T1"].baseline, items["T1"].current) == (75, 50)
    assert items["T1"].baseline_interval == (75, 75) and items["T1"].current_interval == (50, 50)
    for change in (items["T1"], items["T2"], fp.domains[0], fp.overall):
        assert change is not None
        assert (change.change, change.uncalled) == (Change.CANNOT_TELL, Uncalled.ROLES_DIFFER)
    assert fp.domains[0].id == "team"
    assert items["C1"].change == Change.NO_CLEAR_CHANGE and items["C1"].uncalled is None
    assert {c.id: c.change for c in fp.domains}["clients"] == Change.NO_CLEAR_CHANGE
    # T1 and the team fell below the action threshold (60) only because other roles
    # answered: their actions are not new priorities since the baseline.
    assert build_progress(since).newly_weak == ()
    # The same make-up the other way round: a role that answered then is missing now.
    (back,) = api.progress(
        _assessment(tmp_path / "2027.yaml", "2027-03-01", before),
        follow_up,
        frameworks_dirs=[FRAMEWORKS],
    ).frameworks
    assert {c.id: c.uncalled for c in back.items}["T1"] == Uncalled.ROLES_DIFFER
    # The same roles with changed answers are called as before.
    changed = {**before, "link_worker": {"T1": "sd", "T2": "n"}}
    (moved,) = api.progress(
        _assessment(tmp_path / "2028.yaml", "2028-03-01", changed),
        _assessment(tmp_path / "2027b.yaml", "2027-03-01", before),
        frameworks_dirs=[FRAMEWORKS],
    ).frameworks
    # T1: 75 then; GPs 75 and link workers 0 now: 37.5, intervals of no width: worse.
    t1 = {c.id: c for c in moved.items}["T1"]
    assert (t1.baseline, t1.current, t1.change) == (75, 37.5, Change.WORSE)


def test_a_change_needs_the_same_questions_behind_it(tmp_path: Path) -> None:
    """Every answer the same both times; the follow-up adds a count only the link-worker
    manager gives (F1: 5 of 10, a score of 50), so the framework's score now includes the
    facts domain: (62.5 + 75) / 2 = 68.75 then, (62.5 + 75 + 50) / 3 = 62.5 now. Its
    intervals, each of no width, lie apart, but the two scores are made of other questions,
    so the framework's change is not called; its domains, each the same, are."""
    staff = {"T1": "a", "T2": "n"}
    answers = {"gp": staff, "link_worker": staff, "client": {"C1": "a", "C2": "a"}}
    baseline = _assessment(tmp_path / "2025.yaml", "2025-03-01", answers)
    follow_up = _assessment(tmp_path / "2026.yaml", "2026-03-01", answers)
    text = follow_up.read_text(encoding="utf-8")
    text += "  - id: m1\n    role: lw_manager\n    answers:\n      privacy:\n        F1: 5\n"
    follow_up.write_text(text, encoding="utf-8")
    (fp,) = api.progress(follow_up, baseline, frameworks_dirs=[FRAMEWORKS]).frameworks
    assert fp.overall is not None
    assert (fp.overall.baseline, fp.overall.current) == (68.75, 62.5)
    assert (fp.overall.change, fp.overall.uncalled) == (Change.CANNOT_TELL, Uncalled.ITEMS_DIFFER)
    domains = {c.id: c for c in fp.domains}
    assert domains["team"].change == domains["clients"].change == Change.NO_CLEAR_CHANGE
    assert domains["facts"].uncalled == Uncalled.NO_BASELINE_SCORE


def test_a_baseline_must_be_earlier_and_of_the_same_site(tmp_path: Path) -> None:
    answers = {"gp": {"T1": "a"}}
    earlier = _assessment(tmp_path / "a.yaml", "2025-03-01", answers)
    later = _assessment(tmp_path / "b.yaml", "2026-03-01", answers)
    with pytest.raises(ReadinessError, match="not before the follow-up"):
        api.progress(earlier, later, frameworks_dirs=[FRAMEWORKS])
    with pytest.raises(ReadinessError, match="the baseline is the assessment itself"):
        api.progress(later, later, frameworks_dirs=[FRAMEWORKS])
    other = tmp_path / "other.yaml"
    other.write_text(
        earlier.read_text(encoding="utf-8").replace("Z99002", "Z99003"), encoding="utf-8"
    )
    with pytest.raises(ReadinessError, match="not Progress Test Practice"):
        api.progress(later, other, frameworks_dirs=[FRAMEWORKS])


def test_a_baseline_on_a_newer_version_is_refused_saying_how_to_compare(tmp_path: Path) -> None:
    """The bundled baseline (answered on 1.0.0) assessed after the follow-up (3.0.0) that is
    given as its baseline: answers are carried forward only, so each framework is refused,
    naming the baseline and the pin that scores the follow-up on its version; with the pins
    the comparison is made."""
    follow_up = tmp_path / "follow-up"
    shutil.copytree(RIVERSIDE_BASELINE, follow_up)
    site = follow_up / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace(
            "assessed_on: 2025-10-01", "assessed_on: 2027-10-01"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ReadinessError) as refused:
        api.progress(follow_up, RIVERSIDE)
    message = str(refused.value)
    for framework in ("five-mechanisms", "npt", "rainbow", "delivery-conditions"):
        assert (
            f"--baseline: {RIVERSIDE} was scored on {framework} 3.0.0, a newer version than the "
            f"follow-up's 1.0.0" in message
        )
        assert f"(--framework {framework}@3.0.0, or pin it" in message
    pins = ["five-mechanisms@3.0.0", "npt@3.0.0", "rainbow@3.0.0", "delivery-conditions@3.0.0"]
    since = api.progress(follow_up, RIVERSIDE, frameworks=pins)
    assert len(since.frameworks) == 4


def test_versions_are_compared_through_the_change_record() -> None:
    since = api.progress(RIVERSIDE, RIVERSIDE_BASELINE)
    catalogue = load_catalogue()
    for fp in since.frameworks:
        assert (fp.baseline_framework.version, fp.current_framework.version) == ("1.0.0", "3.0.0")
        record = fates(catalogue, fp.framework_id, "1.0.0", "3.0.0")
        kept = {old for old, fate in record.items() if fate.comparable}
        # Exactly the items kept at every step are compared, under the id the record gives
        # them (rainbow NO2 is kept as OR4).
        assert {c.baseline_id for c in fp.items} == kept
        assert all((c.id,) == record[c.baseline_id].new_ids for c in fp.items)
        listed = {n.id for n in fp.not_comparable if n.level == Level.ITEM}
        assert set(record) - kept <= listed
        # New: items with no baseline item behind them (a replacement or a split part is
        # listed under the baseline item it came from).
        new_items = {n.id for n in fp.not_comparable if n.kind == ChangeKind.ADDED}
        assert new_items == set(fp.current_framework.items) - {
            new_id for fate in record.values() for new_id in fate.new_ids
        } - {c.id for c in fp.items}
        # Each comparison holds the two assessments' own published scores.
        old_items = {
            r.item.id: r for fr in since.baseline.frameworks for d in fr.domains for r in d.items
        }
        for change in fp.items:
            assert change.baseline == old_items[change.baseline_id].score
    rainbow = next(fp for fp in since.frameworks if fp.framework_id == "rainbow")
    assert any((c.baseline_id, c.id) == ("NO2", "OR4") for c in rainbow.items)
    npt = next(fp for fp in since.frameworks if fp.framework_id == "npt")
    # Since 1.0.0: CO4 (coherence) was replaced, CA6 (collective action) reworded then
    # rescored, RM4 (reflexive monitoring) reworded back to NoMAD's meaning; the other NPT
    # domains are made of kept items only.
    assert [d.id for d in npt.domains] == ["general", "cognitive_participation"]
    assert npt.overall is None  # three of its domains changed


def test_a_domain_whose_weights_changed_is_not_compared() -> None:
    catalogue = load_catalogue()
    old = catalogue.get("npt", "1.0.0")
    assert old is not None
    same = {i: i for i in old.items}
    assert "general" in comparable_domains(old, old, same)
    general = next(d for d in old.domains if d.id == "general")
    heavier = dataclasses.replace(general, weight=general.weight * 2)
    changed = dataclasses.replace(
        old,
        version="9.9.9",
        domains=tuple(heavier if d.id == "general" else d for d in old.domains),
    )
    assert "general" not in comparable_domains(old, changed, same)
    assert "coherence" in comparable_domains(old, changed, same)
    # A domain that lost one of its items is not comparable either.
    fewer = dict(same)
    del fewer[general.items[0].id]
    assert "general" not in comparable_domains(old, changed, fewer)


def test_gates_and_adopted_actions() -> None:
    since = api.progress(RIVERSIDE, RIVERSIDE_BASELINE)
    dc = next(fp for fp in since.frameworks if fp.framework_id == "delivery-conditions")
    gates = {g.item_id: g for g in dc.gates}
    before = {r.item.id: r for fr in since.baseline.frameworks for d in fr.domains for r in d.items}
    after = {r.item.id: r for fr in since.current.frameworks for d in fr.domains for r in d.items}
    # Record access (DC7), a fact: two link workers say they read and write at some practices
    # (L4, 80) but one only views (L2, 40). Contested, respondents' answers alone count it at
    # L2 (rule 3), a failing gate where averaging them called it passed. The consultant's
    # review verified L4 (rule 17), settling it: the gate is passed now. Other roles decided
    # it at the baseline, so the change is not called (rule 16's like with like).
    assert after["DC7"].fact_status == "contested" and after["DC7"].reported_score == 40
    assert after["DC7"].settled and after["DC7"].score == 80
    assert before["DC7"].gate_failed and not after["DC7"].gate_failed
    assert gates["DC7"].change == GateChange.NOT_COMPARABLE
    assert since.plan is not None and since.plan.path.parent == RIVERSIDE_BASELINE
    steps = {s.step.id: s for s in since.steps}
    assert set(steps) == {s.id for s in since.plan.adopted}
    access = steps["clinical-system-access"]
    # Raised by five-mechanisms IT1 (replaced in 2.0.0) and delivery-conditions DC7 (kept).
    assert [t.id for t in access.targets] == ["DC7"]
    assert access.untracked == ("five-mechanisms/IT1",)


def test_a_score_withheld_for_privacy_is_told_apart_from_one_never_given(tmp_path: Path) -> None:
    answers = {"gp": {"T1": "a"}, "link_worker": {"T1": "a"}, "client": {"C1": "a"}}
    baseline = _assessment(tmp_path / "2025.yaml", "2025-03-01", answers)
    # At the baseline only one client answered: their view is withheld, not missing.
    text = baseline.read_text(encoding="utf-8")
    for n in (2, 3):
        block = (
            f"  - id: client{n}\n    role: client\n    answers:\n      privacy:\n        C1: a\n"
        )
        assert block in text
        text = text.replace(block, "")
    baseline.write_text(text, encoding="utf-8")
    follow_up = _assessment(tmp_path / "2026.yaml", "2026-03-01", answers)
    (fp,) = api.progress(follow_up, baseline, frameworks_dirs=[FRAMEWORKS]).frameworks
    c1 = next(c for c in fp.items if c.id == "C1")
    assert (c1.baseline, c1.baseline_withheld, c1.current, c1.current_withheld) == (
        None,
        True,
        75,
        False,
    )
    assert c1.uncalled == Uncalled.NO_BASELINE_SCORE
    f1 = next(c for c in fp.items if c.id == "F1")  # a fact nobody answered: not withheld
    assert (f1.baseline, f1.baseline_withheld) == (None, False)


def test_an_essential_condition_answered_by_other_roles_then_is_not_called() -> None:
    """Rule 16's like with like holds for gates as for scores: DC7 was decided by the
    practice and link-worker managers at the baseline (1.0.0) and by link workers now
    (3.0.0). Its item change was "cannot tell", but its gate was "newly passed", 40 → 80,
    and the summary said the essential condition was now passed (helper-42)."""
    since = api.progress(RIVERSIDE, RIVERSIDE_BASELINE)
    conditions = next(fp for fp in since.frameworks if fp.framework_id == "delivery-conditions")
    (item,) = [c for c in conditions.items if c.id == "DC7"]
    assert item.uncalled == Uncalled.ROLES_DIFFER
    (gate,) = [g for g in conditions.gates if g.item_id == "DC7"]
    assert (gate.change, gate.uncalled, gate.baseline) == (
        GateChange.NOT_COMPARABLE,
        Uncalled.ROLES_DIFFER,
        None,
    )
    assert gate.current == item.current
    view = build_progress(since)
    assert "clinical record" not in " ".join(view.headline)


def test_a_fact_verified_at_one_assessment_only_is_not_called_changed(tmp_path: Path) -> None:
    """A reviewer's verified answer is other evidence than what respondents said: the same
    answers a year apart, verified only now, are no change of the site's, and a gate they
    decide is neither newly passed nor newly failed (helper-60: the summary called the
    review's findings progress). The facts-checked list says what the review did."""
    baseline = tmp_path / "then"
    shutil.copytree(RIVERSIDE, baseline)
    (baseline / "review.yaml").unlink()
    config = baseline / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("assessed_on: 2026-", "assessed_on: 2025-"),
        encoding="utf-8",
    )
    since = api.progress(RIVERSIDE, baseline)
    checked_otherwise = 0
    current = {fr.framework.id: fr for fr in since.current.frameworks}
    for fp in since.frameworks:
        verified_now = {i.item.id for i in current[fp.framework_id].items if i.verified}
        for change in fp.items:
            if change.id in verified_now and change.fact:
                assert (change.change, change.uncalled) == (
                    Change.CANNOT_TELL,
                    Uncalled.ASSURANCE_DIFFERS,
                ), change
                checked_otherwise += 1
            elif change.fact and None not in (change.baseline, change.current):
                # Self-reported both times, from the same answers.
                assert change.change == Change.SAME, change
        for gate in fp.gates:
            assert gate.change not in (GateChange.NEWLY_PASSED, GateChange.NEWLY_FAILED), gate
            if gate.item_id in verified_now:
                assert gate.uncalled == Uncalled.ASSURANCE_DIFFERS
                assert gate.baseline is not None  # both sides shown: other evidence, not people
    assert checked_otherwise > 0
    view = build_progress(since)
    assert not any(line.startswith("Essential conditions now") for line in view.headline)
    assert any("verified" in check for check in view.fact_checks)
