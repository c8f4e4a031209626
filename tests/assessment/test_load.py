"""Assessments: both input shapes, interpretation of answers, and clear errors for bad files."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.errors import InputError
from readiness.framework.catalogue import load_catalogue

from ..helpers import DATA, REPO

BROKEN = sorted((DATA / "assessments" / "broken").glob("*.yaml"))


CATALOGUE = load_catalogue()


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_assessment_reports_message_and_line(path: Path) -> None:
    text = path.read_text()
    expected = re.findall(r"^# expect: (.+)$", text, flags=re.M)
    marked = [n for n, line in enumerate(text.splitlines(), 1) if "# <- error here" in line]
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    errors = [p for p in info.value.problems if p.severity == "error"]
    for fragment in expected:
        matching = [p for p in errors if fragment in str(p)]
        assert matching, f"{fragment!r} not in {[str(p) for p in errors]}"
        if marked:
            assert matching[0].line == marked[0], str(matching[0])


def test_bundled_examples_load() -> None:
    folder = load_assessment(REPO / "examples" / "riverside-pcn", CATALOGUE)
    assert len(folder.respondents) == 13
    assert folder.site.ods_code == "U12345"
    assert folder.site.service_name == "Community Connectors"
    assert [f.spec for f in folder.frameworks] == [
        "five-mechanisms@2.0.0",
        "npt@2.0.0",
        "rainbow@2.0.0",
        "delivery-conditions@2.0.0",
    ]
    baseline = load_assessment(REPO / "examples" / "riverside-pcn-baseline", CATALOGUE)
    assert len(baseline.respondents) == 12
    assert {f.version for f in baseline.frameworks} == {"1.0.0"}
    single = load_assessment(REPO / "examples" / "oakfield-practice.yaml", CATALOGUE)
    assert [r.role for r in single.respondents] == ["practice_manager", "link_worker"]
    assert folder.warnings == () and single.warnings == () and baseline.warnings == ()


def test_answers_by_code_value_and_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: lw_manager
            answers:
              five-mechanisms: {FU4: 4, BI6: agree, IT4: "2", SC3: dont_know, FU1: L3}
              delivery-conditions: {DC1: "300", DC6: "yes", DC20: "no", DC5: na_new}
              npt: {G1: 7}
        """,
    )
    answers = load_assessment(path, CATALOGUE).respondents[0].answers
    fm = answers["five-mechanisms"]
    assert (fm["FU4"].kind, fm["FU4"].value) == ("scored", 4.0)
    assert (fm["BI6"].kind, fm["BI6"].value) == ("scored", 4.0)
    assert fm["IT4"].value == 2.0
    assert fm["SC3"].kind == "dont_know"
    assert fm["FU1"].value == 3.0
    dc = answers["delivery-conditions"]
    assert dc["DC1"].value == 300.0
    assert (dc["DC6"].value, dc["DC20"].value) == (2.0, 0.0)  # 'yes' and 'no' stay codes
    assert (dc["DC5"].kind, dc["DC5"].reason) == ("not_applicable", "stage")
    assert answers["npt"]["G1"].value == 7.0


def test_blank_answers_are_not_answered(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: gp
            answers:
              five-mechanisms:
                SD1: agree
                SD2:
        """,
    )
    answers = load_assessment(path, CATALOGUE).respondents[0].answers["five-mechanisms"]
    assert list(answers) == ["SD1"]


def test_item_not_for_the_role_is_a_warning_and_still_scored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: client
            answers: {five-mechanisms: {SD1: agree, SD5: agree}}
        """,
    )
    loaded = load_assessment(path, CATALOGUE)
    assert "SD1" in loaded.respondents[0].answers["five-mechanisms"]
    assert len(loaded.warnings) == 1
    warning = loaded.warnings[0]
    assert warning.severity == "warning" and warning.line == 5
    assert "SD1 is not addressed to the role 'client'" in warning.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: gp
            answers: {five-mechanisms: {SD1: agreed, SD9: agree}, npt: {CO1: maybe}}
          - id: r2
            role: nurse
        """,
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    assert len([p for p in info.value.problems if p.severity == "error"]) == 4


def test_folder_assessment_uses_file_names_as_default_ids(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text("site: {name: S, kind: pcn, assessed_on: 2026-10-01}\n")
    (folder / "respondents" / "gp-a.yaml").write_text(
        "role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n"
    )
    (folder / "respondents" / "notes.txt").write_text("not a respondent")
    loaded = load_assessment(folder, CATALOGUE)
    assert [r.id for r in loaded.respondents] == ["gp-a"]
    assert any("not a .yaml file" in str(w) for w in loaded.warnings)


def test_folder_duplicate_ids_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(REPO / "examples" / "riverside-pcn", folder)
    source = folder / "respondents" / "r01-gp.yaml"
    (folder / "respondents" / "r14-gp.yaml").write_text(source.read_text())
    with pytest.raises(InputError) as info:
        load_assessment(folder, CATALOGUE)
    message = str(info.value)
    assert "r14-gp.yaml:3: r14-gp.yaml.id: respondent id 'r01' is used twice (also in " in message
    assert "r01-gp.yaml:3)" in message


def test_folder_without_site_file(tmp_path: Path) -> None:
    (tmp_path / "respondents").mkdir()
    with pytest.raises(InputError, match=r"needs a site\.yaml file"):
        load_assessment(tmp_path, CATALOGUE)


def test_folder_site_file_must_not_list_respondents(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "site: {name: S, kind: pcn, assessed_on: 2026-10-01}\nrespondents: []\n"
    )
    with pytest.raises(InputError, match="each respondent goes in its own file"):
        load_assessment(tmp_path, CATALOGUE)


def test_framework_choice(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: gp
            answers: {rainbow: {NO1: agree}, five-mechanisms: {SD1: agree}}
        """,
    )
    # default: every framework answered, in catalogue order
    assert [f.id for f in load_assessment(path, CATALOGUE).frameworks] == [
        "five-mechanisms",
        "rainbow",
    ]
    only = load_assessment(path, CATALOGUE, ["rainbow"])
    assert [f.id for f in only.frameworks] == ["rainbow"]
    assert list(only.respondents[0].answers) == ["rainbow"]
    with pytest.raises(InputError, match="did you mean 'npt'"):
        load_assessment(path, CATALOGUE, ["nptt"])
