"""`readiness score` as a user and a script run it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import DATA, REPO

RIVERSIDE = REPO / "examples" / "riverside-pcn"
OAKFIELD = REPO / "examples" / "oakfield-practice.yaml"


def test_table_summarises_each_framework(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("score", RIVERSIDE)
    assert result.exit_code == 0, result.output
    out = result.out
    assert out.startswith("Riverside Primary Care Network (U12345)\n")
    assert "12 respondents (GP 3," in out
    for title in (
        "Five mechanisms for social prescribing [five-mechanisms 1.0.0]",
        "[npt 1.0.0]",
        "[rainbow 1.0.0]",
        "[delivery-conditions 1.0.0]",
    ):
        assert title in out
    assert "disagreement: GP 86 vs Link worker 33" in out
    assert "Critical items below 50: IT1" in out
    assert "Top actions (5 of " in out


def test_table_says_insufficient_data(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("score", OAKFIELD)
    assert result.exit_code == 0, result.output
    assert "insufficient data" in result.out
    assert "confidence low" in result.out


def test_json_contract(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("score", OAKFIELD, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.out)
    assert data["format"] == "readiness-score/1"
    assert data["site"] == {
        "name": "Oakfield Surgery",
        "ods_code": "Z99001",
        "kind": "practice",
        "assessed_on": "2026-11-02",
    }
    fm, dc = data["frameworks"]
    assert (fm["id"], fm["version"], fm["band"]) == ("five-mechanisms", "1.0.0", "emerging")
    # One practice manager: SD1 agree (75), SD2 neutral (50), SD3 disagree (25) -> 50
    shared = fm["domains"][0]
    assert shared["id"] == "shared_definition" and shared["score"] == 50.0
    assert {"coverage", "answered", "dont_know", "not_applicable", "not_answered"} <= set(shared)
    assert shared["coverage"] == pytest.approx(0.6)
    context = fm["domains"][1]
    assert context["score"] is None and context["status"] == "insufficient_data"
    assert dc["score"] is None and dc["status"] == "insufficient_data"
    items = {i["id"]: i for i in fm["items"]}
    assert items["SD1"]["score"] == 75.0
    assert isinstance(fm["actions"], list) and fm["actions"][0]["priority"] == 1
    assert data["actions"][0]["raised_by"][0]["framework"] in (
        "five-mechanisms",
        "delivery-conditions",
    )


def test_csv_rows_per_domain_and_item(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("score", OAKFIELD, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 5 + 8  # five-mechanisms domains + delivery-conditions domains
    assert rows[0]["framework"] == "five-mechanisms" and rows[0]["score"] == "50.0"
    assert rows[1]["status"] == "insufficient data" and rows[1]["score"] == ""
    with_items = run_cli("score", OAKFIELD, "--format", "csv", "--items")
    rows = list(csv.DictReader(io.StringIO(with_items.out)))
    item_rows = [r for r in rows if r["level"] == "item"]
    assert len(item_rows) == 25 + 19
    assert item_rows[0]["item"] == "SD1" and item_rows[0]["score"] == "75.0"


def test_framework_option_restricts_scoring(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("score", RIVERSIDE, "--framework", "npt", "--format", "json")
    assert [f["id"] for f in json.loads(result.out)["frameworks"]] == ["npt"]


def test_output_file_is_written_and_inputs_are_protected(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "scores.json"
    result = run_cli("score", OAKFIELD, "--format", "json", "-o", target)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["site"]["name"] == "Oakfield Surgery"
    copy = tmp_path / "input.yaml"
    copy.write_bytes(OAKFIELD.read_bytes())
    refused = run_cli("score", copy, "-o", copy)
    assert refused.exit_code == 1
    assert "refusing to write" in refused.err
    assert copy.read_bytes() == OAKFIELD.read_bytes()


def test_bad_assessment_exits_1_with_located_messages(run_cli) -> None:  # type: ignore[no-untyped-def]
    bad = DATA / "assessments" / "broken" / "answer-off-scale.yaml"
    result = run_cli("score", bad)
    assert result.exit_code == 1
    assert f"{bad}:8: respondents[r1].answers.five-mechanisms.SD1: 'agreed'" in result.err
    assert "1 problem found; nothing was written." in result.err
    assert "Traceback" not in result.output
    assert result.out == ""


def test_missing_assessment(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("score", "no-such-site.yaml")
    assert result.exit_code == 1
    assert "no-such-site.yaml: file not found" in result.err


def test_warnings_go_to_stderr(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.yaml"
    path.write_text(
        "site: {name: S, kind: practice, assessed_on: 2026-10-01}\n"
        "respondents:\n  - {id: c1, role: client, answers: {five-mechanisms: "
        "{FU1: agree}}}\n"
    )
    result = run_cli("score", path, "--format", "json")
    assert result.exit_code == 0
    assert "warning: FU1 is not addressed to the role 'client'" in result.err
    assert json.loads(result.out)["warnings"]
