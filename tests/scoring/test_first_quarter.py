"""Where to start (rule 14): the first quarter of the plan, worked by hand on plans built
here, and the action library's sizing, evidence and merged actions (issue 19)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from readiness import api
from readiness.framework.library import check_library
from readiness.framework.load import load_catalogue
from readiness.framework.model import Action
from readiness.scoring.actions import first_quarter
from readiness.scoring.model import PlannedAction
from readiness.vocabulary import ROLES

from ..helpers import RIVERSIDE, RunCli

CATALOGUE = load_catalogue()


def planned(
    ident: str, importance: float, effort: str | None, critical: bool = False, n: int = 0
) -> PlannedAction:
    action = Action(ident, f"Do {ident}.", "gp", "0-3 months", None, effort=effort)
    return PlannedAction("fw", action, critical, importance, (), n)


def test_gates_first_then_importance_per_effort_at_most_five() -> None:
    # Importance per effort: a 30/1 = 30, b 50/3 = 16.7, c 40/2 = 20, d 12/1 = 12,
    # e 20/2 = 10, f 9/1 = 9; the gate g (importance 5) leads whatever its size.
    plan = [
        planned("g", 5, "large", critical=True, n=1),
        planned("b", 50, "large", n=2),
        planned("c", 40, "medium", n=3),
        planned("a", 30, "small", n=4),
        planned("e", 20, "medium", n=5),
        planned("d", 12, "small", n=6),
        planned("f", 9, "small", n=7),
    ]
    assert [p.action.id for p in first_quarter(plan)] == ["g", "a", "c", "b", "d"]


def test_an_unsized_action_counts_as_medium_and_ties_keep_the_plan_order() -> None:
    plan = [
        planned("x", 20, None, n=1),
        planned("y", 10, "small", n=2),
        planned("z", 10, "small", n=3),
    ]
    # x: 20 / 2 = 10, y and z: 10 / 1 = 10: a three-way tie, kept in the plan's order.
    assert [p.action.id for p in first_quarter(plan)] == ["x", "y", "z"]
    assert first_quarter([]) == ()


def test_every_bundled_action_is_sized_graded_and_owned_within_authority() -> None:
    library = CATALOGUE.library.actions
    assert library
    for action in library.values():
        assert action.effort in ("small", "medium", "large"), action.id
        assert action.cost in ("small", "medium", "large"), action.id
        assert action.evidence is not None, action.id
        if action.evidence.grade != "convention":
            assert action.evidence.source, action.id
        assert action.owner not in action.joint_owners, action.id
        assert set(action.joint_owners) <= set(ROLES)
    owners = [a.owner for a in library.values()]
    # The review found the link-worker manager owning half the steps, some beyond a hosted
    # manager's authority: data-sharing agreements, opening referral routes, paying partners.
    assert owners.count("lw_manager") < len(owners) / 2
    assert library["consent-sharing"].owner == "practice_manager"
    assert library["open-referral-routes"].owner == "commissioner"
    assert "lawful basis" in library["consent-sharing"].text


def test_a_merged_action_is_raised_once_by_a_framework_naming_its_old_ids() -> None:
    library = CATALOGUE.library
    assert library.action("case-examples-session").id == "mdt-slot"
    assert library.action("roles-agreement").id == "local-description"
    # 2.0.0's BI3 names both case-examples-session and mdt-slot: one action, one raise.
    five = CATALOGUE.require("five-mechanisms@2.0.0")
    assert five.items["BI3"].actions == ("case-examples-session", "mdt-slot")
    assert five.actions["case-examples-session"] is five.actions["mdt-slot"]


def test_the_json_plan_carries_sizing_and_the_first_quarter() -> None:
    data = json.loads(api.format_scores(api.score(RIVERSIDE), "json"))
    ids = [a["id"] for a in data["actions"]]
    assert len(ids) == len(set(ids))
    quarter = data["first_quarter"]
    assert 0 < len(quarter) <= 5 and set(quarter) <= set(ids)
    by_id = {a["id"]: a for a in data["actions"]}
    gates = [a["id"] for a in data["actions"] if a["critical"]]
    assert quarter[: len(gates)] == gates[:5]
    first = by_id[quarter[0]]
    assert first["effort"] in ("small", "medium", "large")
    assert first["evidence"]["grade"] in ("study", "guidance", "convention")
    assert isinstance(first["eric"], list) and isinstance(first["joint_owners"], list)


BAD_LIBRARY = """\
actions:
  - id: one
    text: Do one thing.
    owner: gp
    timeframe: 0-3 months
    effort: huge
    cost: small
    evidence: {grade: hunch}
    joint_owners: [mayor]
  - id: two
    text: Do two things.
    owner: gp
    timeframe: 0-3 months
    replaces: [one]
"""


def test_a_bad_library_is_refused_with_lines(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(BAD_LIBRARY)
    library, problems = check_library(path)
    assert library is None
    text = "\n".join(str(p) for p in problems)
    assert f"{path}:6: actions[one].effort:" in text and "'huge'" in text
    assert f"{path}:8: actions[one].evidence.grade:" in text and "'hunch'" in text
    assert f"{path}:9: actions[one].joint_owners[#1]:" in text
    result = run_cli("frameworks", "validate", path)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_library_may_not_replace_an_action_it_keeps(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            actions:
              - {id: one, text: Do one thing., owner: gp, timeframe: 0-3 months}
              - {id: two, text: Do two things., owner: gp, timeframe: 0-3 months,
                 replaces: [one]}
            """
        )
    )
    library, problems = check_library(path)
    assert library is None
    assert any("'one' is still an action in this library (line 2)" in str(p) for p in problems)


@pytest.mark.parametrize("grade", ["study", "guidance", "convention"])
def test_a_consultant_s_own_action_may_leave_sizing_out(tmp_path: Path, grade: str) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(
        "actions:\n"
        "  - {id: mine, text: My step., owner: gp, timeframe: 0-3 months}\n"
        f"  - {{id: graded, text: Graded., owner: gp, timeframe: 0-3 months,\n"
        f"     evidence: {{grade: {grade}}}}}\n"
    )
    library, problems = check_library(path)
    assert library is not None, problems
    assert library.actions["mine"].effort is None and library.actions["mine"].evidence is None
    assert library.actions["graded"].evidence is not None
