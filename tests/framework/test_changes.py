"""Change records: complete, consistent with both versions, and what carrying answers and
comparing a baseline with a follow-up follow."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from readiness.errors import InputError, ReadinessError
from readiness.framework.changes import (
    chain,
    check_changes,
    comparable_items,
    fates,
    migrate_answers,
)
from readiness.framework.load import load_catalogue
from readiness.framework.validate import check_in_context
from readiness.vocabulary import ChangeKind

CATALOGUE = load_catalogue()
IDS = ["delivery-conditions", "five-mechanisms", "npt", "rainbow"]


@pytest.mark.parametrize("framework_id", IDS)
def test_every_item_of_1_0_0_is_accounted_for_in_2_0_0(framework_id: str) -> None:
    new = CATALOGUE.require(f"{framework_id}@2.0.0")
    old = CATALOGUE.require(f"{framework_id}@1.0.0")
    record = new.changes
    assert record is not None and record.from_version == "1.0.0"
    assert check_changes(new, CATALOGUE) == []
    olds = [i for c in record.changes for i in c.old]
    news = [i for c in record.changes for i in c.new]
    assert sorted(olds) == sorted(old.items)  # every old item exactly once
    assert sorted(news) == sorted(new.items)  # every new item exactly once
    for change in record.changes:
        assert change.kind == ChangeKind.KEPT or change.note, change
        if change.cite is not None:
            assert change.cite in {c.id for c in new.citations}
    item_fates = fates(CATALOGUE, framework_id, "1.0.0", "2.0.0")
    assert set(item_fates) == set(old.items)


@pytest.mark.parametrize(("before", "after"), [("1.0.0", "2.0.0"), ("2.0.0", "3.0.0")])
def test_kept_items_are_word_for_word_the_same(before: str, after: str) -> None:
    for framework_id in IDS:
        new = CATALOGUE.require(f"{framework_id}@{after}")
        old = CATALOGUE.require(f"{framework_id}@{before}")
        assert new.changes is not None and new.changes.from_version == before
        for change in new.changes.changes:
            if change.kind == ChangeKind.KEPT:
                assert old.items[change.old[0]].text == new.items[change.new[0]].text


def test_answers_carry_across_by_the_record() -> None:
    given = {"CO1": "agree", "CO4": "agree", "CA6": "disagree", "G1": 7, "XX9": "agree"}
    moved = migrate_answers(CATALOGUE, "npt", "1.0.0", "2.0.0", given)
    assert moved.answers == {"CO1": "agree", "CA6": "disagree", "G1": 7}  # kept, reworded, kept
    assert moved.carried == {"CO1": "CO1", "CA6": "CA6", "G1": "G1"}
    reasons = {n.old_id: n for n in moved.not_carried}
    assert set(reasons) == {"CO4", "XX9"}
    assert reasons["CO4"].kind == ChangeKind.REPLACED
    assert "value for the respondent's own work" in reasons["CO4"].reason
    assert reasons["CO4"].describe().startswith("CO4 (replaced by CO4): ")
    assert reasons["XX9"].kind is None


def test_an_answer_the_new_version_no_longer_asks_of_the_role_does_not_carry() -> None:
    """1.0.0 let GPs, who are the partners, rate the leaders' support (BI1); 2.0.0 does not."""
    moved = migrate_answers(
        CATALOGUE, "five-mechanisms", "1.0.0", "2.0.0", {"BI1": "agree", "SD1": "agree"}, "gp"
    )
    assert moved.answers == {"SD1": "agree"}
    assert "no longer asks this of a gp" in moved.not_carried[0].reason


def test_split_merged_removed_and_replaced_items_do_not_carry() -> None:
    given = {"DC4": "monthly", "DC13": "agree", "DC9": 40, "DC1": 300}
    moved = migrate_answers(CATALOGUE, "delivery-conditions", "1.0.0", "2.0.0", given)
    assert moved.answers == {"DC1": 300}  # rescored: the answer carries, the score changes
    kinds = {n.old_id: n.kind for n in moved.not_carried}
    assert kinds == {
        "DC4": ChangeKind.SPLIT,
        "DC13": ChangeKind.REMOVED,
        "DC9": ChangeKind.REPLACED,
    }


def test_comparable_items_are_the_kept_ones() -> None:
    comparisons = {c.old_id: c for c in comparable_items(CATALOGUE, "npt", "1.0.0", "2.0.0")}
    assert len(comparisons) == 23
    assert comparisons["CO1"].comparable and comparisons["CO1"].new_id == "CO1"
    assert not comparisons["CO4"].comparable and comparisons["CO4"].new_id is None
    assert not comparisons["CA6"].comparable  # reworded: carried, but not comparable
    assert comparisons["CA6"].kind == ChangeKind.REWORDED
    rainbow = {c.old_id: c for c in comparable_items(CATALOGUE, "rainbow", "1.0.0", "2.0.0")}
    assert rainbow["NO2"].new_id == "OR4"  # kept under a new id
    dc = {c.old_id: c for c in comparable_items(CATALOGUE, "delivery-conditions", "1.0.0", "2.0.0")}
    assert not dc["DC1"].comparable and dc["DC1"].kind == ChangeKind.RESCORED
    same = comparable_items(CATALOGUE, "npt", "2.0.0", "2.0.0")
    assert all(c.comparable and c.new_id == c.old_id for c in same)


def test_answers_are_never_carried_backwards() -> None:
    with pytest.raises(ReadinessError, match="only be carried forward"):
        chain(CATALOGUE, "npt", "2.0.0", "1.0.0")
    with pytest.raises(ReadinessError, match=r"version 4\.0\.0 is not available"):
        migrate_answers(CATALOGUE, "npt", "1.0.0", "4.0.0", {})


FRAMEWORK = """\
id: demo
title: Demo
version: "{version}"
description: A framework to test change records.
attribution: Test data.
citations:
  - {{id: src, authors: "Tester, A.", year: 2020, title: A source, url: https://example.org}}
scales:
  - id: agree3
    label: Agreement
    options:
      - {{code: agree, label: Agree, value: 3}}
      - {{code: neutral, label: Neutral, value: 2}}
      - {{code: disagree, label: Disagree, value: 1}}
  - id: yes_no
    label: Yes or no
    options:
      - {{code: "yes", label: "Yes", value: 1}}
      - {{code: "no", label: "No", value: 0}}
bands:
  - {{id: low, label: Low, min: 0, colour: red}}
  - {{id: high, label: High, min: 50, colour: green}}
domains:
  - id: d
    title: D
    description: The domain.
    actions: [local-description]
    items:
{items}
{changes}"""


def _item(item_id: str, text: str, scale: str = "agree3") -> str:
    return (
        f"      - {{id: {item_id}, text: {text}, scale: {scale}, "
        "source: {construct: C, cite: src}, actions: [local-description]}"
    )


def _write(folder: Path, version: str, items: list[str], changes: str = "") -> Path:
    path = folder / f"demo-{version}.yaml"
    body = FRAMEWORK.format(version=version, items="\n".join(items), changes=changes)
    path.write_text(body)
    return path


def test_a_change_record_is_checked_against_the_previous_version(tmp_path: Path) -> None:
    _write(tmp_path, "1.0.0", [_item("A1", "One."), _item("A2", "Two."), _item("A3", "Three.")])
    changes = textwrap.dedent(
        """\
        changes:
          from: "1.0.0"
          items:
            - {change: kept, old: A1, new: A1}
            - {change: kept, old: A2, new: B2}
            - {change: reworded, old: A9, new: B3, note: Clearer.}
        """
    )
    new = _write(
        tmp_path,
        "2.0.0",
        [_item("A1", "One."), _item("B2", "Two again."), _item("B3", "Three?", "yes_no")],
        changes,
    )
    [checked] = check_in_context([new])
    assert not checked.valid
    messages = sorted(str(p) for p in checked.problems)
    lines = new.read_text().splitlines()
    kept_line = next(n for n, line in enumerate(lines, 1) if "old: A2" in line)
    assert any(
        f"{new}:{kept_line}: changes.items[#2]: kept: B2 is not worded as A2 was; record it as "
        "reworded" in m
        for m in messages
    ), messages
    assert any("changes.items[#3]: demo@1.0.0 has no item 'A9'" in m for m in messages)
    assert any("item 'A3' of demo@1.0.0 is not accounted for" in m for m in messages)
    with pytest.raises(InputError):
        load_catalogue([tmp_path])


def test_a_kept_item_must_be_scored_as_before(tmp_path: Path) -> None:
    """The same words scored the other way round, or as a fact where it was an opinion
    (reconciled rather than averaged), are not kept: progress would call a change that is
    only the new rule. Each is refused, saying how the scoring differs."""
    _write(tmp_path, "1.0.0", [_item("A1", "One."), _item("A2", "Two.")])
    changes = (
        'changes:\n  from: "1.0.0"\n  items:\n'
        "    - {change: kept, old: A1, new: A1}\n    - {change: kept, old: A2, new: A2}\n"
    )
    reversed_item = _item("A1", "One.").replace("scale: agree3,", "scale: agree3, reverse: true,")
    fact_item = _item("A2", "Two.").replace("scale: agree3,", "scale: agree3, fact: true,")
    new = _write(tmp_path, "2.0.0", [reversed_item, fact_item], changes)
    [checked] = check_in_context([new])
    messages = [p.message for p in checked.problems]
    assert (
        "kept: A1 is scored differently from A1 (reverse-scored in one version only); record "
        "it as rescored" in messages
    ), messages
    assert (
        "kept: A2 is scored differently from A2 (a fact in one version, an opinion in the "
        "other); record it as rescored" in messages
    ), messages


def test_answers_that_could_not_be_read_on_the_new_scale_cannot_be_carried(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "1.0.0", [_item("A1", "One.")])
    changes = (
        'changes:\n  from: "1.0.0"\n  items:\n'
        "    - {change: reworded, old: A1, new: A1, note: X.}\n"
    )
    new = _write(tmp_path, "2.0.0", [_item("A1", "One?", "yes_no")], changes)
    [checked] = check_in_context([new])
    assert any(
        "reworded: answers to A1 cannot carry to A1: answer codes agree, neutral, disagree are "
        "not on the new scale yes_no" in str(p)
        for p in checked.problems
    ), checked.problems


def test_merged_items_do_not_carry_and_chains_compose(tmp_path: Path) -> None:
    _write(tmp_path, "1.0.0", [_item("A1", "One."), _item("A2", "Two.")])
    _write(
        tmp_path,
        "2.0.0",
        [_item("M1", "One and two.")],
        'changes:\n  from: "1.0.0"\n  items:\n'
        "    - {change: merged, old: [A1, A2], new: M1, note: Together.}\n",
    )
    catalogue = load_catalogue([tmp_path])
    moved = migrate_answers(catalogue, "demo", "1.0.0", "2.0.0", {"A1": "agree", "A2": "agree"})
    assert moved.answers == {}
    assert {n.kind for n in moved.not_carried} == {ChangeKind.MERGED}
    _write(
        tmp_path,
        "3.0.0",
        [_item("M1", "One and two.")],
        'changes:\n  from: "2.0.0"\n  items:\n    - {change: kept, old: M1, new: M1}\n',
    )
    catalogue = load_catalogue([tmp_path])
    assert [f.version for f in chain(catalogue, "demo", "1.0.0", "3.0.0")] == ["2.0.0", "3.0.0"]
    moved = migrate_answers(catalogue, "demo", "2.0.0", "3.0.0", {"M1": "agree"})
    assert moved.answers == {"M1": "agree"}


def test_a_record_whose_previous_version_is_missing_is_a_warning(tmp_path: Path) -> None:
    new = _write(
        tmp_path,
        "2.0.0",
        [_item("A1", "One.")],
        'changes:\n  from: "1.0.0"\n  items:\n    - {change: added, new: A1, note: New.}\n',
    )
    [checked] = check_in_context([new])
    assert checked.valid
    # Warnings only: the missing version, and the demo's yes/no scale, unused here.
    assert [(p.severity, p.path) for p in checked.problems] == [
        ("warning", "scales[yes_no]"),
        ("warning", "changes.from"),
    ]
    assert "demo version 1.0.0 is not available" in str(checked.problems[1])


def test_a_loop_of_change_records_is_refused_not_followed_for_ever() -> None:
    """Two versions each recording changes from the other (which validation refuses in a
    file) would send the chain round for ever: it stops at the first step that does not go
    back to an earlier version."""
    import dataclasses

    from readiness.framework.catalogue import Catalogue

    base = CATALOGUE.require("npt@3.0.0")
    assert base.changes is not None
    four = dataclasses.replace(
        base, version="4.0.0", changes=dataclasses.replace(base.changes, from_version="5.0.0")
    )
    five = dataclasses.replace(
        base, version="5.0.0", changes=dataclasses.replace(base.changes, from_version="4.0.0")
    )
    catalogue = Catalogue()
    for framework in (base, four, five):
        catalogue.add(framework)
    refused = r"records changes from 5\.0\.0, which is not an earlier"
    with pytest.raises(ReadinessError, match=refused):
        chain(catalogue, "npt", "3.0.0", "5.0.0")


@pytest.mark.parametrize(
    "ordered",
    [
        ["1.0.0", "1.9.0", "1.10.0", "2.0.0"],
        ["4.0.0-alpha", "4.0.0-alpha.2", "4.0.0-rc1", "4.0.0", "4.0.1"],
        ["2.0", "2.0.0", "2.0.1-draft", "2.0.1"],
        ["3.0.0", "3.0.0+local", "3.0.0+local.2"],
    ],
)
def test_versions_sort_as_people_expect(ordered: list[str]) -> None:
    """A pre-release comes before its release (so a release is the default once it exists)."""
    from readiness.framework.catalogue import version_key

    assert sorted(reversed(ordered), key=version_key) == ordered


def test_a_version_no_change_record_leads_to_is_warned_of(tmp_path: Path) -> None:
    """A 3.0.0 copied from 2.0.0 with its record left starting from 1.0.0, or with no record,
    validated without a word, and then no answer given on 2.0.0 could be carried to it: a
    warning names the version in between, at the record's `from:` or at the version."""
    items = [_item("A1", "One."), _item("A2", "Two?", "yes_no")]
    kept = 'changes:\n  from: "{start}"\n  items:\n    - {{change: kept, old: A1, new: A1}}\n'
    kept += "    - {{change: kept, old: A2, new: A2}}\n"
    _write(tmp_path, "1.0.0", items)
    second = _write(tmp_path, "2.0.0", items, kept.format(start="1.0.0"))
    skipping = _write(tmp_path, "3.0.0", items, kept.format(start="1.0.0"))
    [checked] = check_in_context([skipping])
    assert checked.valid
    [warning] = [str(p) for p in checked.problems]
    from_line = skipping.read_text().splitlines().index('  from: "1.0.0"') + 1
    assert warning.startswith(
        f"{skipping}:{from_line}: changes.from: warning: demo 3.0.0 records its changes from "
        "1.0.0, but 2.0.0 comes between: answers given on 2.0.0 will not carry to 3.0.0"
    ), warning
    # The warning never stands in for the record's own checks against the version it names.
    skipping.write_text(skipping.read_text().replace("old: A2, new: A2", "old: NOPE, new: A2"))
    [checked] = check_in_context([skipping])
    assert not checked.valid
    assert any("demo@1.0.0 has no item 'NOPE'" in str(p) for p in checked.problems)
    skipping.write_text(skipping.read_text().split("changes:")[0])
    [checked] = check_in_context([skipping])
    [warning] = [str(p) for p in checked.problems]
    version_line = skipping.read_text().splitlines().index('version: "3.0.0"') + 1
    assert warning.startswith(
        f"{skipping}:{version_line}: version: warning: demo 3.0.0 has no change record "
        "(changes:) from 2.0.0"
    ), warning
    [checked] = check_in_context([second])  # each step recorded: nothing to say
    assert checked.valid and not checked.problems
