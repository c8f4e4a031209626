"""One action id is one step in a site's plan (rule 14), also when a bundled 1.0.0 framework
words a shared library action its own way: rainbow 1.0.0 owns `mdt-slot` ("Hold a regular
multidisciplinary meeting ..."), which five-mechanisms 3.0.0 raises from the library in
longer words. An assessment pinning rainbow at 1.0.0 beside five-mechanisms 3.0.0 used to
write a plan.yaml listing `mdt-slot` twice, which `plan` and `report` then refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from readiness import api
from readiness.framework.model import Framework
from readiness.vocabulary import AnswerKind

from ..helpers import RunCli

ROLES = ["link_worker", "link_worker", "practice_manager", "gp", "gp"]


def _lowest_answers(framework: Framework, role: str) -> dict[str, str]:
    """The lowest-scoring option of every option item the role is asked, in its own framework."""
    answers = {}
    for item in framework.items.values():
        if item.ref is not None or not item.asks(role) or not item.scale.options:
            continue
        scored = [
            (item.scale.score(o.value, reverse=item.reverse), o.code)
            for o in item.scale.options
            if o.kind == AnswerKind.SCORED and o.value is not None
        ]
        if scored:
            answers[item.id] = min(scored)[1]
    return answers


@pytest.fixture
def mixed_site(tmp_path: Path) -> Path:
    catalogue = api.load_frameworks()
    frameworks = {
        "rainbow": catalogue.require("rainbow@1.0.0"),
        "five-mechanisms": catalogue.require("five-mechanisms@3.0.0"),
    }
    site = tmp_path / "mixed"
    (site / "respondents").mkdir(parents=True)
    (site / "site.yaml").write_text(
        "site: {name: Mixed Practice, kind: practice, assessed_on: 2026-10-01,"
        " frameworks: [rainbow, five-mechanisms]}\n"
    )
    for n, role in enumerate(ROLES):
        person = {
            "id": f"r{n}",
            "role": role,
            "versions": {key: f.version for key, f in frameworks.items()},
            "answers": {key: _lowest_answers(f, role) for key, f in frameworks.items()},
        }
        (site / "respondents" / f"r{n}.yaml").write_text(yaml.safe_dump(person))
    return site


def test_an_action_both_frameworks_raise_in_other_words_is_one_step(mixed_site: Path) -> None:
    result = api.score(mixed_site)
    by_id = {f.framework.id: f for f in result.frameworks}
    (old,) = [a for a in by_id["rainbow"].actions if a.action.id == "mdt-slot"]
    (new,) = [a for a in by_id["five-mechanisms"].actions if a.action.id == "mdt-slot"]
    assert old.action.text != new.action.text  # the case this is about
    (merged,) = [a for a in result.actions if a.action.id == "mdt-slot"]
    # Rule 14: the frameworks' sums added in the assessment's order, rainbow's first.
    assert merged.importance == old.importance + new.importance
    assert merged.raised_by == old.raised_by + new.raised_by
    # In the newest version's words (the library's), placed as the first framework placed it.
    assert merged.action == new.action
    assert merged.framework_id == "rainbow"
    ids = [a.action.id for a in result.actions]
    assert len(ids) == len(set(ids))


def test_the_plan_of_a_mixed_site_is_one_its_report_reads(
    mixed_site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    assert run_cli("plan", mixed_site).exit_code == 0
    plan = yaml.safe_load((mixed_site / "plan.yaml").read_text())
    ids = [entry["id"] for entry in plan["actions"]]
    assert ids.count("mdt-slot") == 1 and len(ids) == len(set(ids))
    assert run_cli("plan", mixed_site).exit_code == 0  # and it updates what it wrote
    done = run_cli("report", mixed_site, "-o", tmp_path / "report.pdf")
    assert done.exit_code == 0, done.err
