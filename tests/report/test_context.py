"""The report's template context: a documented contract."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from readiness import api
from readiness.assessment.plan import find_plan
from readiness.report import context as report_context
from readiness.report import progress_view, views
from readiness.report.portfolio import context as portfolio

from ..helpers import DATA, OAKFIELD, RIVERSIDE, RIVERSIDE_BASELINE


@pytest.mark.parametrize(
    ("module", "views"),
    [(report_context, 8), (portfolio, 6), (progress_view, 6), (views, 2)],
    ids=["report", "portfolio", "progress", "views"],
)
def test_every_context_field_is_documented(module: ModuleType, views: int) -> None:
    """Templates see only documented dataclasses (the template context is a contract)."""
    found = [
        c
        for c in vars(module).values()
        if isinstance(c, type)
        and dataclasses.is_dataclass(c)
        and c.__module__ == module.__name__
        and c.__name__.endswith(("View", "Context"))
    ]
    assert len(found) >= views
    for view in found:
        for field in dataclasses.fields(view):
            assert field.metadata.get("doc"), f"{view.__name__}.{field.name} has no doc"


def test_strongest_and_weakest_never_overlap() -> None:
    context = report_context.build_context(api.score(OAKFIELD))
    for fw in context.frameworks:
        strong = {d.id for d in fw.strongest}
        weak = {d.id for d in fw.weakest}
        assert not strong & weak
    delivery = context.frameworks[1]
    assert len(delivery.strongest) == 2  # six scored domains: two each way


def test_the_method_states_each_gate_s_own_threshold_and_unknown_cap() -> None:
    """Rule 8 as each bundled framework applies it: the band a failed gate caps at, every
    threshold with its items (DC23 and DC38 pass only at 100, not the framework's 50; IT1,
    asked once as DC7, is a gate of five mechanisms too), the band an unknown gate holds it
    at, and no cap rule where there are no gates."""
    context = report_context.build_context(api.score(RIVERSIDE))
    rules = {
        fw.id: (fw.cap_band, fw.gate_thresholds, fw.gate_unknown_caps) for fw in context.frameworks
    }
    assert rules == {
        "five-mechanisms": ("Emerging", (("50", ("IT1", "BI1")), ("75", ("FU1",))), ()),
        "npt": ("Emerging", (), ()),
        "rainbow": ("Fragmented", (), ()),
        "delivery-conditions": (
            "Fragile",
            (("50", ("DC1", "DC7")), ("100", ("DC23", "DC38"))),
            (("Sound", ("DC23", "DC38")),),
        ),
    }


def test_an_adopted_action_of_a_framework_left_out_is_neither_unknown_nor_unraised(
    tmp_path: Path,
) -> None:
    """A plan adopts secure-funding (raised by five-mechanisms); a report on NPT alone
    (--framework npt) neither warns that no framework raises it nor shows it as an adopted
    action "this assessment no longer raises": it is outside what this report assesses."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    api.write_plan(site)
    plan_file = site / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    start = text.index("- id: secure-funding")
    entry = text[start:].replace("adopted: false", "adopted: true", 1)
    entry = re.sub(r"owner:[^\n]*", "owner: Dr K", entry, count=1)
    entry = re.sub(r"due:[^\n]*", "due: 2027-04-01", entry, count=1)
    plan_file.write_text(text[:start] + entry, encoding="utf-8")

    everything = api.score(site)
    assert "secure-funding" in [a.action.id for a in everything.actions]
    npt_only = api.score(site, frameworks=["npt"])
    assert "secure-funding" in npt_only.assessment.left_out_actions
    plan = find_plan(npt_only.assessment)
    assert plan is not None and "secure-funding" in [s.id for s in plan.adopted]
    assert not [w for w in plan.warnings if "secure-funding" in str(w)]
    shown = report_context.build_context(npt_only, plan)
    assert "secure-funding" not in [a.id for a in shown.adopted_actions]
    full = report_context.build_context(everything, find_plan(everything.assessment))
    assert [a.id for a in full.adopted_actions] == ["secure-funding"]


def test_adopted_actions_of_frameworks_left_out_at_the_version_answered_are_left_out() -> None:
    """helper-47: the baseline example was answered on the 1.0.0 frameworks and its plan
    adopts actions only 1.0.0 raises (cap-caseload, of delivery conditions). On NPT alone,
    the left-out frameworks were looked up at their newest version, so cap-caseload was
    warned of as raised by no framework and listed as no longer raised, while
    clinical-system-access (in both versions) was left out: one plan, two treatments."""
    npt_only = api.score(RIVERSIDE_BASELINE, frameworks=["npt"])
    left_out = npt_only.assessment.left_out_actions
    assert {"cap-caseload", "clinical-system-access"} <= left_out
    plan = find_plan(npt_only.assessment)
    assert plan is not None
    adopted = {s.id for s in plan.adopted}
    assert {"cap-caseload", "clinical-system-access"} <= adopted
    assert not [w for w in plan.warnings if "no framework raises" in str(w)]
    shown = report_context.build_context(npt_only, plan)
    npt_actions = set(npt_only.assessment.frameworks[0].actions)
    assert {a.id for a in shown.adopted_actions} == adopted & npt_actions - left_out
    # Left out, and said so: the plan's other adopted actions are counted.
    assert shown.adopted_left_out == len(adopted & left_out) > 0
    assert report_context.build_context(api.score(RIVERSIDE_BASELINE), plan).adopted_left_out == 0


def test_the_charts_words_read_each_score_as_printed() -> None:
    """Rule 15 in the radar's text alternative too: Riverside's supportive context scores
    39.58, in the band below 40, and a screen reader must not hear "40"."""
    result = api.score(RIVERSIDE)
    shown = report_context.build_context(result)
    five = next(f for f in shown.frameworks if f.id == "five-mechanisms")
    domain = next(d for d in five.domains if d.title == "A supportive context")
    assert domain.score.value == pytest.approx(39.58, abs=0.005)
    assert "A supportive context: 39.6;" in five.chart.alt
    for d in five.domains:
        assert f"{d.title}: {d.score.text}" in five.chart.alt


PRIVACY = DATA / "assessments" / "privacy"
PRIVACY_FRAMEWORKS = DATA / "frameworks" / "privacy"


def _with_comments(
    folder: Path, comments: dict[str, dict[str, str]], drop: tuple[str, ...] = ()
) -> report_context.ReportContext:
    """The privacy test site (3 GPs, 3 link workers, and one each of reception, client and
    link-worker manager; min_role_group 3), with `comments` by respondent file and item
    ('general' for a general comment), less the respondents in `drop`."""
    shutil.copytree(PRIVACY, folder)
    for name in drop:
        (folder / "respondents" / f"{name}.yaml").unlink()
    for name, given in comments.items():
        path = folder / "respondents" / f"{name}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = {k: v for k, v in given.items() if k != "general"}
        if items:
            data["comments"] = {"privacy": items}
        if "general" in given:
            data["general_comment"] = given["general"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = api.score(folder, frameworks_dirs=[PRIVACY_FRAMEWORKS])
    return report_context.build_context(result)


def test_one_unnamed_comment_leaves_every_comment_on_its_question_unnamed(tmp_path: Path) -> None:
    """T1 is asked of GPs, link workers and reception (one person). Named GP and link-worker
    comments beside one "A respondent" would give that one away as the receptionist's, so
    on T1 nobody is named; on T2, where only GPs wrote, they are."""
    shown = _with_comments(
        tmp_path / "site",
        {
            "gp1": {"T1": "gp on T1", "T2": "gp on T2"},
            "lw1": {"T1": "lw on T1"},
            "rec1": {"T1": "reception on T1"},
        },
    )
    comments = [c for d in shown.frameworks[0].domains for c in d.comments]
    on_t1 = sorted((c.text, c.role) for c in comments if c.item_id == "T1")
    assert on_t1 == [("gp on T1", ""), ("lw on T1", ""), ("reception on T1", "")]
    assert [(c.text, c.role) for c in comments if c.item_id == "T2"] == [("gp on T2", "GP")]


def test_comments_only_a_lone_person_could_have_written_join_the_general_ones(
    tmp_path: Path,
) -> None:
    """C1 is asked only of clients: a comment on it could only be the one client's, whoever
    else took part (reception and the link-worker manager, small groups too, were never asked
    C1). A list of the framework's other comments would give it away, so it is among the
    general comments, all unnamed (the GP's too)."""
    comments = {
        "client1": {"C1": "client on C1"},
        "gp1": {"general": "gp in general"},
    }
    for folder, drop in (("three", ()), ("alone", ("rec1", "lwm1"))):
        shown = _with_comments(tmp_path / folder, comments, drop=drop)
        assert shown.frameworks[0].small_group_comments == ()
        assert [(c.text, c.role) for c in shown.general_comments] == [
            ("client on C1", ""),
            ("gp in general", ""),
        ]


def test_a_comments_control_characters_are_shown_and_its_bidi_controls_isolated(
    tmp_path: Path,
) -> None:
    shown = _with_comments(
        tmp_path / "site",
        {"gp1": {"T2": "esc \x1b[31m red\x85 end", "general": "a \u202eevil"}},
    )
    [comment] = [c for d in shown.frameworks[0].domains for c in d.comments if c.item_id == "T2"]
    assert comment.text == "esc \u241b[31m red\ufffd end"
    assert "\u2068a \u202eevil\u2069" in [c.text for c in shown.general_comments]
    # What was typed is kept as typed: the report shows it, the answers are unchanged.
    kept = api.load(tmp_path / "site", frameworks_dirs=[PRIVACY_FRAMEWORKS])
    gp = next(r for r in kept.respondents if r.id == "gp1")
    assert gp.comments["privacy"]["T2"] == "esc \x1b[31m red\x85 end"


def test_a_role_is_counted_in_each_framework_by_the_people_who_took_part_in_it(
    tmp_path: Path,
) -> None:
    """Three GPs and three link workers, of whom one GP also answered NPT: in NPT that GP is
    a group of one, so their comment there carries no role (as `status` says: "their
    comments carry no role: GP 1"); in five-mechanisms, where all three GPs answered, it
    does."""
    folder = tmp_path / "site"
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "site: {name: S, kind: practice, assessed_on: 2026-11-02, "
        "frameworks: [five-mechanisms, npt]}\n"
    )
    for n, role in enumerate(["gp", "gp", "gp", "link_worker", "link_worker", "link_worker"]):
        answers = {"five-mechanisms": {"SD1": "agree"}}
        comments = {"five-mechanisms": {"SD1": f"{role} {n} on SD1"}}
        if n == 0 or role == "link_worker":
            answers["npt"] = {"CO1": "agree"}
            comments["npt"] = {"CO1": f"{role} {n} on CO1"}
        person = {"id": f"r{n}", "role": role, "answers": answers, "comments": comments}
        (folder / "respondents" / f"r{n}.yaml").write_text(yaml.safe_dump(person))
    shown = report_context.build_context(api.score(folder))
    by_framework = {
        fw.id: {c.text: c.role for d in fw.domains for c in d.comments} for fw in shown.frameworks
    }
    assert by_framework["five-mechanisms"]["gp 0 on SD1"] == "GP"
    assert by_framework["npt"]["gp 0 on CO1"] == ""
    assert by_framework["npt"]["link_worker 3 on CO1"] == ""  # nobody on the item is named
