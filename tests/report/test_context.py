"""The report's template context: a documented contract."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from readiness import api
from readiness.assessment.plan import find_plan
from readiness.report import context as report_context
from readiness.report import progress_view, views
from readiness.report.portfolio import context as portfolio

from ..helpers import OAKFIELD, RIVERSIDE


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
