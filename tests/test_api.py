"""The public Python API: what the CLI does, callable from Python, with our errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import readiness
from readiness import api
from readiness.errors import InputError, ReadinessError

from .helpers import OAKFIELD, RIVERSIDE


def test_the_package_exposes_the_api() -> None:
    for name in readiness.__all__:
        assert getattr(readiness, name) is not None, name
    assert readiness.score is api.score


def test_score_and_format_in_each_format() -> None:
    result = readiness.score(OAKFIELD)
    assert [f.framework.id for f in result.frameworks] == [
        "five-mechanisms",
        "delivery-conditions",
    ]
    data = json.loads(readiness.format_scores(result, "json"))
    assert data["format"] == "readiness-score/11"
    assert readiness.format_scores(result, "csv").startswith("site,ods_code,assessed_on,")
    assert readiness.format_scores(result).startswith("Oakfield Surgery (Z99001)\n")


def test_an_unknown_format_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    result = readiness.score(OAKFIELD)
    with pytest.raises(ReadinessError, match=r"unknown format 'xml'.*use one of: table, json, csv"):
        readiness.format_scores(result, "xml")
    with pytest.raises(ReadinessError, match="unknown questionnaire format 'docx'"):
        readiness.write_questionnaire(["npt"], tmp_path / "q.docx", "docx")
    assert not (tmp_path / "q.docx").exists()
    with pytest.raises(ReadinessError, match="unknown site kind 'hospital'"):
        readiness.import_answers([OAKFIELD], tmp_path / "site", site="S", site_kind="hospital")
    assert not (tmp_path / "site").exists()


def test_write_scores_protects_the_inputs(tmp_path: Path) -> None:
    result = readiness.score(RIVERSIDE)
    target = tmp_path / "scores.csv"
    readiness.write_scores(result, target, "csv", with_items=True)
    assert target.read_text(encoding="utf-8-sig").count("\n") > 100
    inside = RIVERSIDE / "scores.csv"
    with pytest.raises(ReadinessError, match="it is \\(or is inside\\) an input"):
        readiness.write_scores(result, inside, "csv")
    assert not inside.exists()
    framework_file = result.frameworks[0].framework.path
    before = framework_file.read_bytes()
    with pytest.raises(ReadinessError, match="refusing to write"):
        readiness.write_scores(result, framework_file, "json")
    assert framework_file.read_bytes() == before


def test_questionnaire_and_import_round_trip(tmp_path: Path) -> None:
    form = tmp_path / "gp.yaml"
    questionnaire = readiness.write_questionnaire(["npt"], form, "yaml", role="gp")
    assert questionnaire.item_count == 23
    filled = form.read_text(encoding="utf-8").replace("    CO1:\n", "    CO1: agree\n", 1)
    form.write_text(filled.replace("id:       #", "id: g1 #", 1), encoding="utf-8")
    records = readiness.import_answers([form], tmp_path / "site", site="Test", site_kind="pcn")
    assert [(r.respondent_id, r.role, r.answers) for r in records] == [("g1", "gp", 1)]
    loaded = readiness.load(tmp_path / "site")
    assert loaded.site.kind == "pcn"
    assert loaded.respondents[0].answers["npt"]["CO1"].value == 4


def test_validate_frameworks_reports_each_file() -> None:
    from readiness.resources import frameworks_dir

    checked = readiness.validate_frameworks([frameworks_dir() / "npt-2.0.0.yaml", "missing.yaml"])
    assert [c.valid for c in checked] == [True, False]
    assert "missing.yaml: file not found" in readiness.validation_report(checked)


def test_input_problems_carry_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: {name: S, kind: practice, assessed_on: 2026-01-01}\nrespondents: []\n")
    with pytest.raises(InputError) as info:
        readiness.score(bad)
    assert [(p.file, p.line) for p in info.value.problems] == [(bad, 2)]


def test_the_public_api_names_its_functions_and_types() -> None:
    """Everything in `readiness.__all__` resolves, result types included, without importing
    a private module; the package itself stays light until one is used."""
    import readiness
    from readiness import api

    for name in readiness.__all__:
        assert getattr(readiness, name) is not None, name
    assert readiness.AssessmentResult is type(readiness.score(OAKFIELD))
    assert set(api.__all__) <= set(readiness.__all__) | {"raised_actions"}
    assert issubclass(readiness.InputError, readiness.ReadinessError)


def test_an_import_result_is_a_proper_type(tmp_path: Path) -> None:
    """What an import did, as a frozen value: the files written (also readable as a sequence),
    the rows skipped and the responses set aside; not a list with attributes bolted on."""
    import dataclasses

    import readiness

    form = tmp_path / "gp.yaml"
    readiness.write_questionnaire(["npt"], form, "yaml", role="gp", site="S")
    text = form.read_text(encoding="utf-8").replace("    CO1:\n", "    CO1: agree\n", 1)
    form.write_text(text.replace("id:       #", "id: g1 #", 1), encoding="utf-8")
    result = readiness.import_answers([form], tmp_path / "site", site="S")
    assert isinstance(result, readiness.ImportResult)
    assert not isinstance(result, list) and dataclasses.is_dataclass(result)
    assert len(result) == 1 and result[0] is result.written[0]
    assert result.written[0].respondent_id == "g1"
    assert (result.skipped, result.set_aside) == ((), ())


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (
            lambda: readiness.score(RIVERSIDE, frameworks="npt"),
            "frameworks: give a list, such as ['npt'], not one str",
        ),
        (lambda: readiness.write_plan(RIVERSIDE, frameworks="npt"), "frameworks: give a list"),
        (
            lambda: readiness.import_answers(str(RIVERSIDE / "respondents" / "r01-gp.yaml"), "x"),
            "files: give a list",
        ),
        (
            lambda: readiness.load_frameworks(Path("/tmp")),  # type: ignore[arg-type]
            "frameworks_dirs: give a list, such as ['/tmp'], not one PosixPath",
        ),
        (lambda: readiness.compare(str(RIVERSIDE), "p.csv"), "assessments: give a list"),
        (
            lambda: readiness.write_reports([RIVERSIDE], "out", jobs="2"),  # type: ignore[arg-type]
            "jobs: give a whole number of worker processes, 1 or more, not '2'",
        ),
        (lambda: readiness.compare([RIVERSIDE], "p.csv", jobs=0), "jobs: give a whole number"),
    ],
)
def test_one_string_where_a_list_is_wanted_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: object, said: str
) -> None:
    """score(S, frameworks="npt") read 'n', 'p' and 't' as three framework ids, a path
    given as `files` became one file per character, and jobs="2" ended in a TypeError from
    inside the worker pool: each is refused saying what to give, and nothing is written."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReadinessError) as raised:
        call()  # type: ignore[operator]
    assert said in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_write_scores_takes_its_format_from_the_file_name_unless_told(tmp_path: Path) -> None:
    """write_scores(result, "scores.json") refused, saying the table cannot be written to a
    .json file: without `fmt`, the extension names the format, as `readiness score -o` does."""
    result = readiness.score(OAKFIELD)
    readiness.write_scores(result, tmp_path / "s.json")
    assert json.loads((tmp_path / "s.json").read_text())["format"].startswith("readiness-score/")
    readiness.write_scores(result, tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    readiness.write_scores(result, tmp_path / "s.txt")
    assert (tmp_path / "s.txt").read_text() == readiness.format_scores(result, "table")
    readiness.write_scores(result, tmp_path / "t.json", "json")
    assert (tmp_path / "t.json").read_bytes() == (tmp_path / "s.json").read_bytes()
