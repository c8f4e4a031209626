"""A fact asked once and reused by another framework (`from:`) raises its actions once
(rule 14), worked by hand on the `facts` and `reuse` test frameworks: reuse's R1 is facts'
SAFE (critical, decided by link workers, yes/partly/no scoring 100/50/0)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from readiness import api

from ..helpers import DATA

FRAMEWORKS = [DATA / "frameworks" / "facts", DATA / "frameworks" / "reuse"]

# Link workers all say "no" to SAFE: 0, a failed gate, in both frameworks.
PEOPLE = """\
- {id: l1, role: link_worker, answers: {facts: {SAFE: "no", VIEW: a}, reuse: {OK: a}}}
- {id: l2, role: link_worker, answers: {facts: {SAFE: "no", VIEW: a}, reuse: {OK: a}}}
- {id: l3, role: link_worker, answers: {facts: {SAFE: "no", VIEW: a}, reuse: {OK: a}}}
"""


@pytest.mark.parametrize("order", ["facts, reuse", "reuse, facts"])
def test_a_reused_fact_raises_its_action_once(tmp_path: Path, order: str) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(
        "site: {name: Reuse Practice, kind: practice, assessed_on: 2026-06-01,"
        f" frameworks: [{order}]}}\nrespondents:\n" + textwrap.indent(PEOPLE, "  ")
    )
    result = api.score(path, frameworks_dirs=FRAMEWORKS)
    by_id = {f.framework.id: f for f in result.frameworks}
    facts, reuse = by_id["facts"], by_id["reuse"]
    # Each framework's own plan: SAFE adds (60 - 0) x 1 x 1/4 = 15 in facts (four items of
    # weight 1 in one domain), R1 adds (60 - 0) x 1 x 1/2 = 30 in reuse (two items).
    (own_facts,) = [a for a in facts.actions if a.action.id == "act-safe"]
    (own_reuse,) = [a for a in reuse.actions if a.action.id == "act-safe"]
    assert own_facts.importance == pytest.approx(15.0)
    assert own_reuse.importance == pytest.approx(30.0)
    # Merged, the question is asked once: raised once, by its home item, 15 (not 45),
    # whichever framework comes first.
    (merged,) = [a for a in result.actions if a.action.id == "act-safe"]
    assert merged.importance == pytest.approx(15.0)
    assert [(r.framework_id, r.id) for r in merged.raised_by] == [("facts", "SAFE")]
    assert merged.critical
    # It is placed, and named, as the framework whose raise counts: facts, even when reuse
    # comes first (reuse's raise was the repeat, which adds nothing).
    assert merged.framework_id == "facts"


def test_a_reused_fact_appears_once_among_the_changes(tmp_path: Path) -> None:
    """Progress lists the question under its home framework (facts' SAFE), not again as
    reuse's R1."""
    sites = {}
    for name, day, answer in (("before", "2025-06-01", "no"), ("after", "2026-06-01", "yes")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(
            f"site: {{name: Reuse Practice, kind: practice, assessed_on: {day},"
            " frameworks: [facts, reuse]}\nrespondents:\n"
            + textwrap.indent(PEOPLE.replace('SAFE: "no"', f'SAFE: "{answer}"'), "  ")
        )
        sites[name] = path
    since = api.progress(sites["after"], sites["before"], frameworks_dirs=FRAMEWORKS)
    by_id = {fp.framework_id: fp for fp in since.frameworks}
    assert [c.id for c in by_id["facts"].items if c.id == "SAFE"] == ["SAFE"]
    assert "R1" not in [c.id for c in by_id["reuse"].items]
    assert [c.id for c in by_id["reuse"].items] == ["OK"]
