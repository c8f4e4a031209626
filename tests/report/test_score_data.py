"""`readiness score --format json | csv`: the contracts scripts rely on."""

from __future__ import annotations

import csv
import io
import json

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
    assert (fm["id"], fm["version"], fm["band"]) == ("five-mechanisms", "2.0.0", "emerging")
    # SD1 agree (75); SD2 neutral (50) and disagree (25), mean 37.5; SD3 "no" (0) -> 37.5
    shared = fm["domains"][0]
    assert shared["id"] == "shared_definition" and shared["score"] == 37.5
    assert {"coverage", "answered", "dont_know", "not_applicable", "not_answered"} <= set(shared)
    assert shared["coverage"] == pytest.approx(0.6)
    capacity = next(d for d in dc["domains"] if d["id"] == "vcse_capacity")
    assert capacity["score"] is None and capacity["status"] == "insufficient_data"
    assert (dc["version"], dc["band"]) == ("2.0.0", "sound")
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
    assert len(rows) == 5 + 9  # five-mechanisms domains + delivery-conditions domains
    assert rows[0]["framework"] == "five-mechanisms" and rows[0]["score"] == "37.5"
    capacity = next(r for r in rows if r["domain"] == "vcse_capacity")
    assert capacity["status"] == "insufficient data" and capacity["score"] == ""
    with_items = run_cli("score", OAKFIELD, "--format", "csv", "--items")
    rows = list(csv.DictReader(io.StringIO(with_items.out)))
    item_rows = [r for r in rows if r["level"] == "item"]
    assert len(item_rows) == 26 + 32
    assert item_rows[0]["item"] == "SD1" and item_rows[0]["score"] == "75.0"
