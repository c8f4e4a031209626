"""Framework validation: bundled frameworks are sound; broken files say what and where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.catalogue import framework_files, load_catalogue
from readiness.errors import InputError
from readiness.framework import check_framework, load_framework
from readiness.resources import frameworks_dir
from readiness.vocabulary import ROLES

from .conftest import DATA

BROKEN = sorted((DATA / "frameworks" / "broken").glob("*.yaml"))
BUNDLED = framework_files(frameworks_dir())


def test_four_frameworks_are_bundled() -> None:
    ids = load_catalogue().ids()
    assert ids == ["delivery-conditions", "five-mechanisms", "npt", "rainbow"]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_framework_is_valid_without_warnings(path: Path) -> None:
    framework, problems = check_framework(path)
    assert framework is not None, "\n".join(map(str, problems))
    assert problems == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_items_are_complete(path: Path) -> None:
    framework = load_framework(path)
    for item in framework.items.values():
        assert item.actions, f"{item.id} has no action"
        assert item.construct and item.cite, f"{item.id} cites no construct"
        assert item.roles, f"{item.id} should name the roles that can answer it"
        assert len(item.text) <= 140, f"{item.id} is too long to read easily"
        assert " and/or " not in item.text
    assert "local convention" in framework.bands_note


def test_no_role_faces_more_than_60_items() -> None:
    frameworks = load_catalogue().frameworks.values()
    for role in ROLES:
        total = sum(len(f.items_for_role(role)) for f in frameworks)
        assert total <= 60, f"{role} would answer {total} items"


def test_every_respondent_role_is_asked_something() -> None:
    frameworks = load_catalogue().frameworks.values()
    for role in ROLES:
        assert any(f.items_for_role(role) for f in frameworks), role


def test_npt_follows_the_nomad_structure() -> None:
    npt = load_catalogue().get("npt")
    assert npt is not None
    construct_domains = [d for d in npt.domains if d.in_total]
    assert [len(d.items) for d in construct_domains] == [4, 4, 7, 5]
    constructs = {
        item.construct.split(" (")[0]
        for d in construct_domains
        for item in d.items
        if item.construct
    }
    assert len(constructs) == 16, sorted(constructs)
    reversed_items = [i.id for i in npt.items.values() if i.reverse]
    assert reversed_items == ["CA2"]
    agree = next(s for s in npt.scales if s.id == "nomad_agree")
    assert [o.reason for o in agree.unscored] == ["role", "stage", "service"]
    assert len(agree.scored) == 5
    general = next(d for d in npt.domains if not d.in_total)
    assert [(i.scale.min, i.scale.max) for i in general.items] == [(0, 10)] * 3


def test_five_mechanisms_has_four_to_six_items_per_mechanism() -> None:
    fm = load_catalogue().get("five-mechanisms")
    assert fm is not None
    assert len(fm.domains) == 5
    assert all(4 <= len(d.items) <= 6 for d in fm.domains)


def test_rainbow_covers_all_eight_dimensions() -> None:
    rainbow = load_catalogue().get("rainbow")
    assert rainbow is not None
    assert [d.id for d in rainbow.domains] == [
        "clinical",
        "professional",
        "organisational",
        "system",
        "functional",
        "normative",
        "person_focused",
        "population_based",
    ]


def test_delivery_conditions_scores_caseload_through_its_points() -> None:
    dc = load_catalogue().get("delivery-conditions")
    assert dc is not None
    caseload = dc.items["DC1"].scale
    assert caseload.type == "numeric"
    assert caseload.score(200) == 100
    assert caseload.score(250) == 100
    assert caseload.score(350) == 50  # halfway between 250 (100) and 450 (0)
    assert caseload.score(450) == 0
    assert caseload.score(900) == 0


def _expectations(path: Path) -> tuple[list[str], int | None]:
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    expected = re.findall(r"^# expect: (.+)$", text, flags=re.M)
    marked = [n for n, line in enumerate(raw.split(b"\n"), 1) if b"# <- error here" in line]
    return expected, marked[0] if marked else None


def test_broken_corpus_covers_every_kind_of_error() -> None:
    assert len(BROKEN) >= 25


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_framework_reports_message_and_line(path: Path) -> None:
    expected, line = _expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    framework, problems = check_framework(path)
    assert framework is None
    errors = [p for p in problems if p.severity == "error"]
    rendered = [str(p) for p in errors]
    for fragment in expected:
        matching = [p for p in errors if fragment in str(p)]
        assert matching, f"{fragment!r} not in {rendered}"
        if line is not None:
            assert matching[0].line == line, rendered
        assert str(matching[0]).startswith(str(path))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    source = (DATA / "frameworks" / "minimal.yaml").read_text()
    broken = source.replace("scale: agree3", "scale: agree9\n        wieght: 2").replace(
        "owner: practice_manager", "owner: boss"
    )
    path = tmp_path / "many.yaml"
    path.write_text(broken)
    with pytest.raises(InputError) as info:
        load_framework(path)
    messages = [p.message for p in info.value.problems if p.severity == "error"]
    assert len(messages) == 3, messages


def test_user_framework_replaces_bundled_one_with_same_id(tmp_path: Path) -> None:
    adapted = (
        (frameworks_dir() / "npt.yaml")
        .read_text()
        .replace('version: "1.0.0"', 'version: "1.0.0-local"')
    )
    (tmp_path / "npt-local.yaml").write_text(adapted)
    catalogue = load_catalogue([tmp_path])
    npt = catalogue.get("npt")
    assert npt is not None and npt.version == "1.0.0-local"
    assert catalogue.overridden["npt"].name == "npt.yaml"
