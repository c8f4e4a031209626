"""`readiness score --format json | csv`: the contracts scripts rely on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ..helpers import OAKFIELD, RunCli


def test_json_contract(run_cli: RunCli) -> None:
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


def test_csv_rows_per_domain_and_item(run_cli: RunCli) -> None:
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


def test_csv_text_that_a_spreadsheet_would_run_is_guarded(tmp_path: Path, run_cli: RunCli) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(
        OAKFIELD.read_text(encoding="utf-8").replace(
            "name: Oakfield Surgery", 'name: "=HYPERLINK(\\"http://x\\",\\"St Mary\'s\\")"'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "scores.csv"
    result = run_cli("score", source, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsite,")  # a BOM, so Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["site"] for r in rows} == {'\'=HYPERLINK("http://x","St Mary\'s")'}
    terminal = run_cli("score", source, "--format", "csv")
    assert terminal.out.startswith("site,")  # no BOM on the terminal
