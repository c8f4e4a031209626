"""The site's plan: written once, then only added to; checked like every other input; its
adopted actions lead the report."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from readiness import api
from readiness.assessment.plan import Status, find_plan, load_plan, plan_path
from readiness.errors import InputError
from readiness.report.context import build_context

from ..helpers import DATA, RIVERSIDE, RIVERSIDE_BASELINE, RunCli, flat, pdf_text

CALC_DIR = DATA / "frameworks"
# One GP and one link worker (min_role_group 2 in the calc framework: items both answered
# are shown). A1 and A2 score (75 + 25) / 2 = 50 and raise act-common; A3 (25 + 0) / 2 = 12.5
# fails its gate (act-gate, act-common); domain B, 25, raises act-domain-b and act-common.
# Ranked: act-common (critical, importance 24.6), act-gate (critical, 7.9), act-domain-b.
ASSESSMENT = """\
site: {name: Plan Test Surgery, kind: practice, assessed_on: 2026-05-01}
respondents:
  - {id: r1, role: gp, answers: {calc: {A1: a, A2: d, A3: d, B1: d, B2: d}}}
  - {id: r2, role: link_worker, answers: {calc: {A1: d, A2: a, A3: sd, B1: d, B2: d}}}
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "surgery.yaml"
    path.write_text(ASSESSMENT)
    return path


def test_a_new_plan_lists_the_raised_actions(site: Path, run_cli: RunCli) -> None:
    result = run_cli("plan", site, "--frameworks-dir", CALC_DIR, "--framework", "calc")
    assert result.exit_code == 0, result.output
    path = site.with_name("surgery.plan.yaml")
    assert plan_path(site) == path
    assert result.err == (
        f"Wrote {path} with 3 actions. Mark those the site adopts with adopted: true, an "
        "owner, a due date and a status.\n"
    )
    plan = load_plan(path)
    assert [s.id for s in plan.steps] == ["act-common", "act-gate", "act-domain-b"]
    first = plan.steps[1]
    assert (first.adopted, first.status, first.owner, first.due) == (
        False,
        Status.NOT_STARTED,
        None,
        None,
    )
    assert first.raised_by == ("calc/A3",)
    assert str(first.raised_on) == "2026-05-01"


def test_each_new_action_carries_its_triage_as_comments(site: Path, run_cli: RunCli) -> None:
    """Issue 20: the site triages in the file. Rank, importance, first quarter, size and time
    frame above each action; the suggested owner (the action's role) and due date (the end
    of its time frame after the assessment date, 2026-05-01) beside the blanks, which stay
    blank: the site decides."""
    result = run_cli("plan", site, "--frameworks-dir", CALC_DIR, "--framework", "calc")
    assert result.exit_code == 0, result.output
    text = site.with_name("surgery.plan.yaml").read_text()
    assert (
        "  - id: act-common\n"
        "    # Priority 1 of 3 (importance 24.6, first because an essential condition is not "
        "met), in the first quarter (where to start); 3-6 months\n"
    ) in text
    assert "    owner:  # suggested: Link-worker manager or supervisor\n" in text
    assert "    due:  # suggested: by 2026-11-01 (3-6 months)\n" in text
    assert "    owner:  # suggested: GP\n    due:  # suggested: by 2027-05-01 (6-12 months)\n" in (
        text
    )
    plan = load_plan(site.with_name("surgery.plan.yaml"))
    assert all(s.owner is None and s.due is None and not s.adopted for s in plan.steps)


def test_what_people_wrote_is_never_changed(site: Path, run_cli: RunCli) -> None:
    args = ("plan", site, "--frameworks-dir", CALC_DIR, "--framework", "calc")
    run_cli(*args)
    path = plan_path(site)
    edited = path.read_text().replace(
        "  - id: act-gate\n", "  - id: act-gate   # agreed at the practice meeting\n"
    )
    # The site adopts act-common and deletes act-domain-b (they will not do it).
    text, _, _ = edited.partition("  - id: act-domain-b")
    text = re.sub(
        r"    adopted: false\n    owner:  # suggested: [^\n]*\n    due:  # suggested: [^\n]*\n"
        r"    status: not_started\n",
        "    adopted: true\n    owner: Sam Patel (practice manager)\n    due: 2026-09-30\n"
        "    status: in_progress\n",
        text,
        count=1,
    )
    path.write_text(text)
    again = run_cli(*args)
    assert again.exit_code == 0, again.output
    assert "Added 1 action newly raised" in again.err
    after = path.read_text()
    assert after.startswith(text)  # every byte people wrote, as they wrote it
    assert after[len(text) :].startswith("  - id: act-domain-b\n")
    plan = load_plan(path)
    assert [(s.id, s.adopted, s.status) for s in plan.steps] == [
        ("act-common", True, Status.IN_PROGRESS),
        ("act-gate", False, Status.NOT_STARTED),
        ("act-domain-b", False, Status.NOT_STARTED),
    ]
    unchanged = run_cli(*args)
    assert "already lists every action" in unchanged.err
    assert path.read_text() == after


def test_an_empty_plan_opens_up(site: Path) -> None:
    path = plan_path(site)
    path.write_text("format: readiness-plan/1\nsite: Plan Test Surgery\nactions: []  # none yet\n")
    update = api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    assert [a.id for a in update.added] == ["act-common", "act-gate", "act-domain-b"]
    text = path.read_text()
    assert text.startswith(
        "format: readiness-plan/1\nsite: Plan Test Surgery\nactions:  # none yet\n  - id:"
    )


@pytest.mark.parametrize("indent", ["", "    "])
def test_new_actions_follow_the_files_own_indentation(site: Path, indent: str) -> None:
    path = plan_path(site)
    written = (
        "format: readiness-plan/1\nsite: Plan Test Surgery\nactions:\n"
        f"{indent}- id: act-gate\n{indent}  adopted: false\n"
    )
    path.write_text(written)
    update = api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    assert [a.id for a in update.added] == ["act-common", "act-domain-b"]
    text = path.read_text()
    assert text.startswith(written)
    assert f"\n{indent}- id: act-common\n{indent}  # Priority 1 of 3" in text
    assert f" (where to start); 3-6 months\n{indent}  text: " in text
    assert [s.id for s in load_plan(path).steps] == ["act-gate", "act-common", "act-domain-b"]
    again = api.write_plan(
        site, frameworks=["calc"], frameworks_dirs=[CALC_DIR]
    )  # and it reads back, run after run
    assert again.added == () and path.read_text() == text


def test_windows_line_endings_are_kept(site: Path) -> None:
    path = plan_path(site)
    written = b"format: readiness-plan/1\r\nsite: Plan Test Surgery\r\nactions: []\r\n"
    path.write_bytes(written)
    api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    raw = path.read_bytes()
    assert raw.startswith(b"format: readiness-plan/1\r\nsite: Plan Test Surgery\r\nactions:\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")  # no bare line feeds added
    assert len(load_plan(path).steps) == 3


def test_old_mac_line_endings_are_kept(site: Path) -> None:
    """A plan saved with carriage returns alone (old Mac) gained entries ending in line feeds,
    a file of mixed endings."""
    path = plan_path(site)
    written = b"format: readiness-plan/1\rsite: Plan Test Surgery\ractions: []\r"
    path.write_bytes(written)
    api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    raw = path.read_bytes()
    assert raw.startswith(b"format: readiness-plan/1\rsite: Plan Test Surgery\ractions:\r")
    assert b"\n" not in raw and raw.endswith(b"\r")
    assert len(load_plan(path).steps) == 3


def test_a_layout_that_cannot_be_added_to_is_left_alone(site: Path) -> None:
    path = plan_path(site)
    # A flow-style list: entries added as '- id:' lines after it would not be YAML.
    written = "format: readiness-plan/1\nsite: Plan Test Surgery\nactions: [{id: act-gate}]\n"
    path.write_text(written)
    with pytest.raises(InputError, match=r"written as a list of '- id: \.\.\.' entries"):
        api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    assert path.read_text() == written


@pytest.mark.parametrize(
    ("ending", "added"),
    [
        ("    notes: called the council", True),  # a plain value ends where it ends
        ("    notes: |\n      agreed on\n      Monday", False),  # would gain a line break
        ("    notes: >-\n      agreed on\n      Monday", True),  # strips its line break
    ],
)
def test_a_plan_without_a_last_line_break_keeps_its_last_value(
    site: Path, run_cli: RunCli, ending: str, added: bool
) -> None:
    path = plan_path(site)
    written = f"format: readiness-plan/1\nactions:\n  - id: act-gate\n{ending}"
    path.write_text(written)
    notes_before = [s.notes for s in load_plan(path).steps]
    folder_before = sorted(p.name for p in site.parent.iterdir())
    result = run_cli("plan", site, "--frameworks-dir", CALC_DIR, "--framework", "calc")
    if added:
        assert result.exit_code == 0, result.err
        assert path.read_text().startswith(written + "\n")
        assert [s.notes for s in load_plan(path).steps][:1] == notes_before
    else:
        assert result.exit_code == 1
        assert "its last line has no line break" in result.err
        assert path.read_text() == written
    assert sorted(p.name for p in site.parent.iterdir()) == folder_before


@pytest.mark.parametrize(
    "actions_line",
    [
        "actions: [ ]",
        "actions: ~",
        "actions: null",
        '"actions": []',
        "actions: []  # adopt none yet",
    ],
)
def test_every_empty_actions_line_opens_up(site: Path, actions_line: str) -> None:
    path = plan_path(site)
    path.write_text(f"format: readiness-plan/1\n{actions_line}\n")
    api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    comment = actions_line.partition("#")[2]
    opened = "actions:" + (f"  #{comment}" if comment else "")
    assert path.read_text().startswith(f"format: readiness-plan/1\n{opened}\n  - id: act-")
    assert len(load_plan(path).steps) == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("actions: [{id: act-gate}]\n", 2, "not in [...] or {...} style on its own line"),
        ("actions: none\n", 2, "must be a list, not 'none'"),
        ("actions:\n  - id: act-gate\n...\n", 4, "'...' ends the YAML document here"),
        ("actions:\n  - id: act-gate\nsite: S\n", 4, "must be the last key, written as a list"),
        ("site: S\n", None, "'actions:' must be the last key, written as a list of '- id: ...' "),
    ],
)
def test_a_plan_that_cannot_be_added_to_is_refused_at_the_line_in_the_way(
    site: Path, text: str, line: int | None, message: str
) -> None:
    path = plan_path(site)
    path.write_text("format: readiness-plan/1\n" + text)
    with pytest.raises(InputError) as info:
        api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    [problem] = info.value.problems
    assert (problem.line, problem.path) == (line, "actions")
    assert message in problem.message
    assert path.read_text() == "format: readiness-plan/1\n" + text


def test_actions_must_come_last_to_be_added_to(site: Path) -> None:
    path = plan_path(site)
    path.write_text("format: readiness-plan/1\nactions: []\nsite: Plan Test Surgery\n")
    with pytest.raises(InputError) as info:
        api.write_plan(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    assert str(info.value).startswith(f"{path}:3: actions: readiness adds new actions at the end")
    assert path.read_text().endswith("site: Plan Test Surgery\n")


BAD_PLAN = """\
format: readiness-plan/1
actions:
  - id: act-gate
    adopted: true
    status: in_progress
  - id: act-common
    status: finished
  - id: act-domain-b
    adopted: true
    owner: Sam
    due: next week
    status: dropped
  - id: act-gate
  - id: act-unknown
  - {id: act-comon, adopted: true, owner: Sam, due: 2026-09-30}
  - id: act-late
    adopted: true
    owner: Sam
    due:
"""


def test_a_wrong_plan_is_refused_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BAD_PLAN)
    with pytest.raises(InputError) as info:
        load_plan(path, ["act-gate", "act-common", "act-domain-b", "act-late"])
    problems = [str(p) for p in info.value.problems]
    assert problems == [
        f"{path}:7: actions[act-common].status: unknown status 'finished'; use one of: "
        "not_started, in_progress, done, dropped",
        f"{path}:11: actions[act-domain-b].due: must be a date written YYYY-MM-DD, not 'next week'",
        f"{path}:3: actions[act-gate]: an adopted action needs an owner (a person or a post) "
        "and a due date (due: YYYY-MM-DD)",
        # act-domain-b's date is wrong, and it is told its other problem in the same run.
        f"{path}:8: actions[act-domain-b]: a dropped action needs a reason: add reason: ...",
        f"{path}:13: actions[act-gate]: action 'act-gate' is listed twice (first on line 3); "
        "keep one",
        f"{path}:15: actions[act-comon].id: warning: adopted, but no framework raises an action "
        "with this id (did you mean 'act-common'?)",
        f"{path}:19: actions[act-late].due: an adopted action needs a due date (due: YYYY-MM-DD)",
    ]


def test_an_entry_with_a_wrong_value_is_told_its_other_problems_too(tmp_path: Path) -> None:
    """A wrong status hid the missing owner and due date of the same adopted entry until the
    next run; a wrong `adopted` leaves the rules about adoption until it is right."""
    path = tmp_path / "plan.yaml"
    path.write_text(
        "format: readiness-plan/1\nactions:\n"
        "  - id: act-gate\n    adopted: true\n    status: finished\n"
        "  - id: act-late\n    adopted: maybe\n    status: done\n"
    )
    with pytest.raises(InputError) as info:
        load_plan(path, ["act-gate", "act-late"])
    assert [str(p) for p in info.value.problems] == [
        f"{path}:5: actions[act-gate].status: unknown status 'finished'; use one of: "
        "not_started, in_progress, done, dropped",
        f"{path}:7: actions[act-late].adopted: must be true or false, not 'maybe'",
        f"{path}:3: actions[act-gate]: an adopted action needs an owner (a person or a post) "
        "and a due date (due: YYYY-MM-DD)",
    ]


def test_a_wrong_site_name_hides_no_entry_problem_but_a_wrong_format_stops(
    tmp_path: Path,
) -> None:
    """A site name over the limit made the whole plan invalid before its entries were read,
    so an adopted entry's missing owner was told only on the next run. A plan of another
    format is not read further: its entries are not this format's."""
    path = tmp_path / "plan.yaml"
    entries = "actions:\n  - id: act-gate\n    adopted: true\n"
    path.write_text(f"format: readiness-plan/1\nsite: {'S' * 201}\n{entries}")
    with pytest.raises(InputError) as info:
        load_plan(path, ["act-gate"])
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{path}:2: site: ")
    assert problems[1] == (
        f"{path}:4: actions[act-gate]: an adopted action needs an owner (a person or a post) "
        "and a due date (due: YYYY-MM-DD)"
    )
    path.write_text(f"format: readiness-plan/9\n{entries}")
    with pytest.raises(InputError) as info:
        load_plan(path, ["act-gate"])
    [problem] = info.value.problems
    assert "readiness-plan/9" in str(problem)


def test_a_dropped_action_needs_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "format: readiness-plan/1\nactions:\n  - {id: a1, adopted: true, owner: Sam, "
        "due: 2026-06-01, status: dropped}\n  - {id: a2, status: done}\n"
    )
    with pytest.raises(InputError) as info:
        load_plan(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:3: actions[a1]: a dropped action needs a reason: add reason: ...",
        f"{path}:4: actions[a2].status: only adopted actions have a status; set adopted: true "
        "(with an owner and a due date) or leave the status as not_started",
    ]


def test_the_report_puts_adopted_actions_first(tmp_path: Path) -> None:
    folder = tmp_path / "privacy"
    shutil.copytree(DATA / "assessments" / "privacy", folder)
    frameworks = DATA / "frameworks" / "privacy"
    (folder / "plan.yaml").write_text(
        textwrap.dedent(
            """\
            format: readiness-plan/1
            actions:
              - id: act-team
                adopted: true
                owner: Practice manager
                due: 2026-06-30
                status: done
              - id: act-facts
                adopted: false
            """
        )
    )
    out = tmp_path / "report.pdf"
    written = api.write_report(folder, out, frameworks_dirs=[frameworks])
    assert written.plan is not None and written.warnings == ()
    text = flat(" ".join(pdf_text(out)))
    assert "The actions the site has adopted Fix the team Done · owner Practice manager · due " in (
        text
    )
    plan = text.split("Adopted by the site", 1)[1]
    assert plan.index("Fix the team") < plan.index("Also raised") < plan.index("Count again")
    assert "not raised by this assessment" in plan  # act-team: the team scores well enough


def test_a_plan_carried_to_new_versions_keeps_adopted_actions_their_successors(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The plan made after Riverside's 1.0.0 baseline, carried into the 3.0.0 follow-up. The
    action library says local-description took over roles-agreement (`replaces:`), which the
    site adopted and did: it carries on, and is not added again as a new, unadopted action.
    resource-review has no successor the library names; the question that raised it (NPT's
    CA6) now raises capacity-review, which the warning names, with what to do while the work
    is open. A finished action is told only what its questions raise now."""
    folder = tmp_path / "follow-up"
    shutil.copytree(RIVERSIDE, folder)
    plan_file = folder / "plan.yaml"
    shutil.copy(RIVERSIDE_BASELINE / "plan.yaml", plan_file)
    before = plan_file.read_bytes()
    result = run_cli("plan", folder)
    assert result.exit_code == 0, result.err
    after = plan_file.read_bytes()
    assert after.startswith(before)
    added = after[len(before) :].decode("utf-8")
    assert "- id: local-description" not in added
    assert "- id: capacity-review" in added
    warned = {
        line.split(": actions[", 1)[1].split("]", 1)[0]: line
        for line in result.err.splitlines()
        if "actions[" in line
    }
    assert "roles-agreement" not in warned
    assert warned["resource-review"].endswith(
        "adopted, but no framework raises an action with this id; the questions that raised it "
        "now raise 'capacity-review': to carry the work on, adopt that action (listed in this "
        "plan once `readiness plan` has run) and close this one (status: done, or dropped with "
        "a reason)"
    )
    # Done: nothing to carry on, and no guess by spelling ("did you mean").
    assert warned["report-results"].endswith(
        "the questions that raised it now raise 'share-results'"
    )
    assert "did you mean" not in result.err
    # The report shows the adopted entry as the action raised now, with the site's record.
    scored = api.score(folder)
    plan = find_plan(scored.assessment)
    shown = build_context(scored, plan)
    carried = next(a for a in shown.adopted_actions if a.id == "local-description")
    assert (carried.owner_name, carried.status, carried.raised_now) == ("PCN manager", "Done", True)
    assert "local-description" not in [a.id for a in shown.actions]


def _entry(action_id: str, adopted: bool, owner: str = "PCN manager") -> str:
    fields = f"adopted: true\n    owner: {owner}\n    due: 2027-03-31\n    status: in_progress\n"
    return f"  - id: {action_id}\n    text: Old words.\n    raised_on: 2025-10-01\n    " + (
        fields if adopted else "adopted: false\n    status: not_started\n"
    )


def _plan(*entries: str) -> str:
    return 'format: readiness-plan/1\nsite: "Riverside Primary Care Network"\nactions:\n' + "".join(
        entries
    )


def test_an_unadopted_entry_under_an_old_id_does_not_hold_back_its_successor(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """local-description took over roles-agreement. An entry under the old id the site did
    not adopt kept the new action out of the plan for good: only an adopted entry carries
    on as its successor."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    (folder / "plan.yaml").write_text(_plan(_entry("roles-agreement", adopted=False)))
    assert run_cli("plan", folder).exit_code == 0
    assert "- id: local-description\n" in (folder / "plan.yaml").read_text()
    (folder / "plan.yaml").write_text(_plan(_entry("roles-agreement", adopted=True)))
    assert run_cli("plan", folder).exit_code == 0
    assert "- id: local-description\n" not in (folder / "plan.yaml").read_text()


def test_two_adopted_entries_one_action_took_over_are_warned_of_and_shown_once(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """roles-agreement and role-guides, both adopted, were both taken over by
    local-description: the report listed it twice, with two owners and statuses, and nothing
    warned. The second is warned of at its line, and the report shows the action once, as
    the first entry records it."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    text = _plan(
        _entry("roles-agreement", adopted=True),
        _entry("role-guides", adopted=True, owner="Practice manager"),
    )
    (folder / "plan.yaml").write_text(text)
    line = text.splitlines().index("  - id: role-guides") + 1
    result = run_cli("plan", folder)
    assert result.exit_code == 0, result.output
    assert (
        f"plan.yaml:{line}: actions[role-guides].id: warning: adopted, as 'roles-agreement' is, "
        "and both are now 'local-description'"
    ) in result.err
    scored = api.score(folder)
    shown = build_context(scored, find_plan(scored.assessment))
    carried = [a for a in shown.adopted_actions if a.id == "local-description"]
    assert [a.owner_name for a in carried] == ["PCN manager"]


def test_a_report_on_some_frameworks_leaves_out_what_earlier_versions_of_the_others_raised(
    tmp_path: Path,
) -> None:
    """The baseline's plan adopted cap-caseload and team-meetings, which only earlier
    versions of delivery-conditions and five-mechanisms raised. A report on NPT alone listed
    them (one as overdue), and `plan --framework npt` warned of them with unrelated
    suggestions: they belong to frameworks the report leaves out, at any version."""
    folder = tmp_path / "follow-up"
    shutil.copytree(RIVERSIDE, folder)
    shutil.copy(RIVERSIDE_BASELINE / "plan.yaml", folder / "plan.yaml")
    scored = api.score(folder, frameworks=["npt"])
    plan = find_plan(scored.assessment)
    assert plan is not None
    warned = " ".join(p.message for p in plan.warnings)
    assert "team-friction" not in warned and "caseload-limit" not in warned
    shown = build_context(scored, plan)
    ids = {a.id for a in shown.adopted_actions}
    assert not {"cap-caseload", "team-meetings"} & ids
    assert {"cap-caseload", "team-meetings"} <= scored.assessment.left_out_actions


def test_a_plan_naming_another_site_is_a_warning(site: Path) -> None:
    path = plan_path(site)
    path.write_text("format: readiness-plan/1\nsite: Hillside Surgery\nactions: []\n")
    result = api.score(site, frameworks=["calc"], frameworks_dirs=[CALC_DIR])
    plan = api.load_site_plan(result)
    assert plan is not None
    assert [str(w) for w in plan.warnings] == [
        f"{path}:2: site: warning: the plan is for 'Hillside Surgery', but the assessment is of "
        "'Plan Test Surgery'; is this the right site's plan?"
    ]


def test_adding_to_a_plan_naming_another_site_says_so(site: Path, run_cli: RunCli) -> None:
    """`plan` adds to a plan as the report reads it, with the same warning."""
    path = plan_path(site)
    path.write_text("format: readiness-plan/1\nsite: Hillside Surgery\nactions: []\n")
    result = run_cli("plan", site, "--frameworks-dir", CALC_DIR)
    assert result.exit_code == 0, result.err
    assert result.err.startswith(
        f"{path}:2: site: warning: the plan is for 'Hillside Surgery', but the assessment is "
        "of 'Plan Test Surgery'; is this the right site's plan?\nAdded 3 actions newly raised"
    )


@pytest.mark.parametrize("text", ["one\u2028two", "one\x85two", "one\u2029two", 'say "hi"\n\tok'])
def test_an_actions_text_is_written_to_read_back_the_same(text: str) -> None:
    """A framework's action text goes into the plan in double quotes; YAML reads U+0085,
    U+2028 and U+2029 there as line breaks (and folds them), so they are written escaped."""
    from readiness.assessment.plan import _quote

    assert yaml.safe_load(f"text: {_quote(text)}\n") == {"text": text}


def test_a_key_made_of_a_very_long_id_is_shortened_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(f"format: readiness-plan/1\nactions:\n  - id: {'a' * 10_000}\n")
    with pytest.raises(InputError) as info:
        load_plan(path)
    [message] = str(info.value).splitlines()
    assert message == (
        f"{path}:3: actions[{'a' * 52}…{'a' * 56}].id: is longer than 4000 characters "
        "(10,000); shorten it"
    )


def test_a_plan_that_links_to_nothing_is_refused_not_passed_over(
    site: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """A plan.yaml link whose file has moved is not "no plan": the report would leave out
    every adopted action."""
    plan = plan_path(site)
    plan.symlink_to(tmp_path / "moved.yaml")
    result = run_cli("report", site, "--frameworks-dir", CALC_DIR, "-o", tmp_path / "r.pdf")
    assert result.exit_code == 1
    assert f"{plan}: is a link to {tmp_path / 'moved.yaml'}, which is not there" in result.err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("day", ["9999-12-31", "3000-01-01", "1899-12-31"])
def test_an_assessment_date_beyond_the_years_read_is_refused_not_a_crash(
    site: Path, run_cli: RunCli, day: str
) -> None:
    """A slip of the year (9999 for 2026) once reached the plan's due dates, months past the
    last day Python counts, and crashed; such a date is refused where it is written, and an
    import is refused to write it."""
    site.write_text(ASSESSMENT.replace("assessed_on: 2026-05-01", f"assessed_on: {day}"))
    result = run_cli("plan", site)
    assert result.exit_code == 1, result.output
    assert (
        f"{site}:1: site.assessed_on: must be a date in the years 1900 to 2999, not {day}; "
        "check the year" in result.err
    )
    assert not plan_path(site).exists()
    export = site.parent / "one.csv"
    export.write_text("Role,SD1. x\ngp,agree\n")
    folder = site.parent / "new"
    result = run_cli("import", export, "--into", folder, "--site", "X", "--assessed-on", day)
    assert result.exit_code == 1, result.output
    assert "must be a date in the years 1900 to 2999" in result.err
    assert not folder.exists()


def _riverside_adopting(
    tmp_path: Path, run_cli: RunCli, action: str, due: str, written_as: str | None = None
) -> Path:
    """Riverside with the plan `readiness plan` writes, in which the site adopted `action`
    (its id typed as `written_as`), owned by Dr A. Khan and due on `due`."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    assert run_cli("plan", folder).exit_code == 0
    plan_file = folder / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    entry = text.index(f"  - id: {action}\n")
    end = text.index("\n  - id: ", entry + 1)
    adopted = (
        text[entry:end]
        .replace(f"id: {action}", f"id: {written_as or action}", 1)
        .replace("adopted: false", "adopted: true", 1)
    )
    adopted = re.sub(r"(?m)^    owner:.*$", "    owner: Dr A. Khan", adopted, count=1)
    adopted = re.sub(r"(?m)^    due:.*$", f"    due: {due}", adopted, count=1)
    plan_file.write_text(text[:entry] + adopted + text[end:], encoding="utf-8")
    return folder


def test_an_adopted_id_misspelt_is_told_as_a_misspelling_not_a_retired_action(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """`secure-fundng` adopted, one letter short of the `secure-funding` its questions raise:
    the warning asks whether that was meant, rather than saying the action was retired and
    to adopt its successor and close this one."""
    folder = _riverside_adopting(
        tmp_path, run_cli, "secure-funding", "2027-03-31", written_as="secure-fundng"
    )
    result = run_cli("plan", folder)
    assert result.exit_code == 0, result.err
    assert (
        "actions[secure-fundng].id: warning: adopted, but no framework raises an action with "
        "this id (did you mean 'secure-funding'?)\n"
    ) in result.err
    assert "to carry the work on" not in result.err
    # Nor is secure-funding added beside it: corrected, the plan would list it twice.
    plan_file = folder / "plan.yaml"
    assert "  - id: secure-funding\n" not in plan_file.read_text(encoding="utf-8")
    assert "Not added: 'secure-funding', which the adopted 'secure-fundng' seems to name" in (
        result.err
    )
    plan_file.write_text(
        plan_file.read_text(encoding="utf-8").replace("id: secure-fundng", "id: secure-funding")
    )
    result = run_cli("plan", folder)
    assert result.exit_code == 0, result.err
    assert "already lists every action this assessment raises" in result.err


def test_an_adopted_action_due_before_it_was_raised_is_warned_about(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Due 2026-06-30 for an action raised on 2026-10-01: most likely the year mistyped. The
    plan is still read (the site's own words), with a warning at the due date's line."""
    folder = _riverside_adopting(tmp_path, run_cli, "secure-funding", "2026-06-30")
    result = run_cli("plan", folder)
    assert result.exit_code == 0, result.err
    assert (
        ".due: warning: due 2026-06-30, before the action was raised (2026-10-01): a year mistyped?"
    ) in result.err


def test_an_adopted_action_due_before_the_assessment_is_marked_overdue_in_the_report(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A plain report (no baseline) marks an open adopted action due before the assessment
    date as overdue, where its due date is shown, as a follow-up's report lists it."""
    folder = _riverside_adopting(tmp_path, run_cli, "secure-funding", "2026-06-30")
    out = tmp_path / "report.pdf"
    result = run_cli("report", folder, "-o", out)
    assert result.exit_code == 0, result.err
    text = flat(" ".join(pdf_text(out)))
    assert "Not started · owner Dr A. Khan · due 30 June 2026, overdue ·" in text


def test_a_plan_the_new_actions_would_make_too_big_is_refused_saying_so(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A plan just under the 2 MB every YAML file is held to was refused, when the raised
    actions were added, with advice about its layout: it is the size that stands in the way."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    entries: list[str] = []
    size = 0
    while size < 2 * 1024 * 1024 - 5000:
        entry = f"  - id: old-{len(entries)}\n    adopted: false\n    notes: {'x' * 1900}\n"
        entries.append(entry)
        size += len(entry)
    text = _plan(*entries[:-1])
    (folder / "plan.yaml").write_text(text)
    result = run_cli("plan", folder)
    assert result.exit_code == 1
    assert "newly raised actions would make the plan" in result.err
    assert "more than the 2,097,152 (2 MB) a plan may be" in result.err
    assert (folder / "plan.yaml").read_text() == text
