"""The bundled frameworks: valid, complete, faithful to their sources, within the time budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.framework.catalogue import framework_files, load_catalogue
from readiness.framework.checks import check_framework, load_framework
from readiness.resources import frameworks_dir
from readiness.vocabulary import ROLES

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
