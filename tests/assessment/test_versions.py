"""Which version of each framework an assessment is scored on, and what happens to answers
given to another version."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from readiness.api import format_scores, load, score
from readiness.assessment.load import load_assessment
from readiness.errors import InputError
from readiness.framework.load import load_catalogue

from ..helpers import DATA, REPO, RIVERSIDE, RIVERSIDE_BASELINE

CATALOGUE = load_catalogue()


def test_an_assessment_answered_on_1_0_0_scores_exactly_as_before() -> None:
    """The baseline example is the Riverside audit as it was before 2.0.0 shipped; its scores,
    bands and plan must equal those computed then (tests/data/golden, made on main with the
    1.0.0 files). If the scoring rules themselves change, regenerate that file from main's
    scoring of the same answers, after checking the 1.0.0 files are unchanged
    (test_bundled.py::test_version_1_scores_as_it_always_did)."""
    expected = json.loads((DATA / "golden" / "riverside-baseline-scores.json").read_text())
    got = json.loads(format_scores(score(RIVERSIDE_BASELINE), "json"))
    assert [f["version"] for f in got["frameworks"]] == ["1.0.0"] * 4
    for key in ("respondents", "frameworks", "actions"):
        assert got[key] == expected[key], key


def test_the_version_respondents_answered_is_the_version_scored() -> None:
    assert {f.version for f in load(RIVERSIDE_BASELINE).frameworks} == {"1.0.0"}
    assert {f.version for f in load(RIVERSIDE).frameworks} == {"3.0.0"}


def test_a_pinned_version_in_site_yaml_is_used(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "site: {name: S, kind: practice, assessed_on: 2026-10-01, frameworks: [npt@1.0.0]}\n"
        "respondents:\n  - {id: r1, role: gp, answers: {npt: {CO4: agree}}}\n"
    )
    assessment = load_assessment(path, CATALOGUE)
    assert [f.spec for f in assessment.frameworks] == ["npt@1.0.0"]
    path.write_text(path.read_text().replace("npt@1.0.0", "npt@7.0"))
    with pytest.raises(
        InputError, match=r"npt has no version '7.0'; available: 1.0.0, 2.0.0, 3.0.0"
    ):
        load_assessment(path, CATALOGUE)


def test_respondents_on_different_versions_are_an_error_naming_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    (folder / "site.yaml").write_text("site: {name: Mixed, kind: pcn, assessed_on: 2026-10-01}\n")
    for name in ("r01-gp.yaml", "r02-gp.yaml"):
        shutil.copy(
            RIVERSIDE_BASELINE / "respondents" / name, folder / "respondents" / f"old-{name}"
        )
        text = (folder / "respondents" / f"old-{name}").read_text()
        (folder / "respondents" / f"old-{name}").write_text(text.replace("id: r0", "id: old"))
    with pytest.raises(InputError) as info:
        load_assessment(folder, CATALOGUE)
    message = str(info.value)
    assert f"{folder / 'site.yaml'}: versions: respondents answered npt on different versions" in (
        message
    )
    assert "1.0.0 in old-r01-gp.yaml, old-r02-gp.yaml; 3.0.0 in r01-gp.yaml" in message
    assert "pin the newer one in site.yaml (frameworks: [npt@3.0.0])" in message
    assert "move the older respondent files into an assessment of their own" in message


def test_pinning_the_newer_version_carries_older_answers_across(tmp_path: Path) -> None:
    assessment = load_assessment(RIVERSIDE_BASELINE, CATALOGUE, ["npt@2.0.0"])
    assert [f.spec for f in assessment.frameworks] == ["npt@2.0.0"]
    gp = next(r for r in assessment.respondents if r.id == "r01")
    assert gp.answers["npt"]["CO1"].value == 5.0  # kept: carried
    assert gp.answers["npt"]["CA6"].value == 1.0  # reworded: carried
    assert "CO4" not in gp.answers["npt"]  # replaced: not carried
    warning = next(w for w in assessment.warnings if w.file and w.file.name == "r01-gp.yaml")
    assert warning.severity == "warning" and warning.line == 6
    assert warning.message == (
        "answered on npt 1.0.0; 20 answers carried to 2.0.0 by its change record; not "
        "carried: CO4 (why: readiness frameworks show npt@2.0.0)"
    )


def test_answers_are_not_carried_back_to_an_older_version() -> None:
    with pytest.raises(InputError) as info:
        load_assessment(RIVERSIDE, CATALOGUE, ["npt@1.0.0"])
    assert (
        "these answers are for npt version 3.0.0, but this assessment is scored on version 1.0.0"
        in str(info.value)
    )
    assert "only be carried forward" in str(info.value)


def test_a_version_that_is_not_installed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            site: {name: S, kind: practice, assessed_on: 2026-10-01}
            respondents:
              - id: r1
                role: gp
                versions: {npt: "0.9"}
                answers: {npt: {CO1: agree}}
            """
        )
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    assert (
        f"{path}:5: respondents[r1].versions.npt: these answers are for npt version 0.9, which "
        "is not installed (installed: 1.0.0, 2.0.0, 3.0.0)" in str(info.value)
    )


def test_the_local_name_for_the_service_is_what_reports_show() -> None:
    assessment = load(RIVERSIDE)
    rainbow = next(f for f in assessment.frameworks if f.id == "rainbow")
    assert rainbow.items["PF2"].text == (
        "The person I saw at Community Connectors focused on what mattered to me, not only on "
        "my health."
    )
    baseline = load(RIVERSIDE_BASELINE)  # no service_name, and 1.0.0 has no placeholder
    assert (
        "link worker" in next(f for f in baseline.frameworks if f.id == "rainbow").items["PF2"].text
    )
    unnamed = CATALOGUE.require("rainbow").items["PF2"]
    assert unnamed.text.startswith("The person I saw at the social prescribing service")


def test_comments_on_unanswered_items_carry_when_a_newer_version_is_pinned(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            site: {name: S, kind: practice, assessed_on: 2026-10-01, frameworks: [npt@2.0.0]}
            respondents:
              - id: r1
                role: gp
                versions: {npt: "1.0.0"}
                answers: {npt: {CO1: agree}}
                comments: {npt: {CO2: "Not sure yet", CO4: "A different question now"}}
            """
        )
    )
    assessment = load_assessment(path, CATALOGUE)
    assert assessment.respondents[0].comments == {"npt": {"CO2": "Not sure yet"}}
    [warning] = assessment.warnings
    assert "1 answers carried to 2.0.0" in warning.message
    assert "comments left out: CO4 (why:" in warning.message


def test_a_reused_item_asked_as_an_earlier_version_takes_answers_only_where_it_was_kept(
    tmp_path: Path,
) -> None:
    """A framework asking delivery-conditions items as they were in 2.0.0, of people who
    answered 3.0.0: DC8 was kept word for word, so its answers are used for SC1; DC4 was
    reworded, so its answers are not used for SC4, and each such person is warned."""
    folder = tmp_path / "frameworks"
    folder.mkdir()
    text = (REPO / "frameworks" / "five-mechanisms-3.0.0.yaml").read_text(encoding="utf-8")
    for item in ("DC8", "DC4"):
        text = text.replace(
            f"delivery-conditions@3.0.0/{item}", f"delivery-conditions@2.0.0/{item}"
        )
    (folder / "five-mechanisms-3.0.0.yaml").write_text(text, encoding="utf-8")
    catalogue = load_catalogue([folder])
    pinned = load_assessment(RIVERSIDE, catalogue, ("five-mechanisms",))
    usual = load_assessment(RIVERSIDE, load_catalogue(), ("five-mechanisms",))
    for before, after in zip(usual.respondents, pinned.respondents, strict=True):
        assert after.answers.get("five-mechanisms", {}).get("SC1") == before.answers.get(
            "five-mechanisms", {}
        ).get("SC1")
        assert "SC4" not in after.answers.get("five-mechanisms", {})
    sc4 = [
        p
        for p in pinned.warnings
        if "five-mechanisms SC4 asks delivery-conditions DC4" in p.message
    ]
    asked = [r for r in usual.respondents if "SC4" in r.answers.get("five-mechanisms", {})]
    assert asked and len(sc4) == len(asked)
    assert "as it was in version 2.0.0, which changed by version 3.0.0" in sc4[0].message
    assert not [p for p in pinned.warnings if "SC1" in p.message]
