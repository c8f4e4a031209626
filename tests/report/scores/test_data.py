"""`readiness score --format json | csv`: the contracts scripts rely on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ...helpers import DATA, OAKFIELD, RIVERSIDE, RunCli, one_respondent

PRIVACY = DATA / "assessments" / "privacy"
FRAMEWORKS = DATA / "frameworks" / "privacy"


def _json(run_cli: RunCli, *args: str | Path) -> dict[str, Any]:
    result = run_cli("score", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_json_contract(run_cli: RunCli) -> None:
    data = _json(run_cli, PRIVACY, "--frameworks-dir", FRAMEWORKS)
    assert data["format"] == "readiness-score/11"
    assert data["site"] == {
        "name": "Privacy Test Practice",
        "ods_code": None,
        "kind": "practice",
        "assessed_on": "2026-03-01",
        "self_assessment": None,
    }
    assert data["anonymous"] is True
    assert data["respondents"]["total"] == 9
    rate = data["response_rate"]
    assert rate["overall"] == pytest.approx(9 / 24)
    assert rate["by_role"][0] == {"role": "gp", "invited": 6, "responded": 3, "rate": 0.5}
    (fw,) = data["frameworks"]
    assert fw["aggregate"] == "roles"
    assert fw["settings"]["aggregate"] == "roles"
    assert fw["settings"]["min_role_group"] == 3
    assert fw["settings"]["bootstrap_resamples"] == 1000
    assert fw["score"] == pytest.approx((200 / 3 + 40) / 2)
    # The lone receptionist answered the team's items: their intervals, the domain's and the
    # framework's are withheld (rule 4).
    assert (fw["interval"], fw["interval_bands"], fw["interval_withheld"]) == (None, [], True)
    assert fw["respondents"] == 8
    assert fw["respondents_by_role"] == {
        "gp": 3,
        "reception": 1,
        "link_worker": 3,
        "lw_manager": 1,
        "client": 1,
    }
    assert fw["disclosure"] == "anonymous"
    assert fw["confidence"] == "medium"
    assert "low_response_rate" in fw["confidence_reasons"]
    team, clients, facts = fw["domains"]
    assert team["respondents"] == 7 and team["disclosure"] == "anonymous"
    assert team["interval"] is None and team["interval_withheld"] and team["rwg_j"] is not None
    assert clients["score"] is None and clients["disclosure"] == "suppressed"
    assert clients["interval"] is None
    assert (facts["score"], facts["disclosure"], facts["respondents"]) == (40.0, "fact", 1)
    items = {i["id"]: i for i in fw["items"]}
    for item_id in ("C1", "C2"):
        assert items[item_id]["score"] is None
        assert items[item_id]["disclosure"] == "suppressed"
        assert items[item_id]["respondents"] == 1
        assert items[item_id]["rwg"] is None
        assert items[item_id]["by_role"] == [
            {
                "role": "client",
                "respondents": 1,
                "score": None,
                "suppressed": True,
                "suppressed_because": "small_group",
                "disclosure": "suppressed",
                "rwg": None,
            }
        ]
    t1_roles = {r["role"]: r for r in items["T1"]["by_role"]}
    assert t1_roles["gp"]["suppressed_because"] == "complementary"
    assert t1_roles["link_worker"]["score"] == pytest.approx(50 / 3)
    # Every score object says how many people are behind it.
    for obj in [fw, *fw["domains"], *fw["items"]]:
        assert isinstance(obj["respondents"], int)
        for view in obj.get("by_role", []):
            assert isinstance(view["respondents"], int)


def test_nothing_from_the_one_client_is_published(run_cli: RunCli) -> None:
    data = _json(run_cli, PRIVACY, "--frameworks-dir", FRAMEWORKS)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("role") == "client":
                assert node.get("score") is None, node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    raisers = [r["id"] for a in data["actions"] for r in a["raised_by"]]
    assert "C1" not in raisers and "C2" not in raisers and "clients" not in raisers


def test_respondent_means_on_request(run_cli: RunCli) -> None:
    data = _json(run_cli, PRIVACY, "--frameworks-dir", FRAMEWORKS, "--aggregate", "respondents")
    (fw,) = data["frameworks"]
    assert fw["aggregate"] == "respondents"
    # T1 as a plain mean: (100 + 75 + 75 + 25 + 0 + 25 + 100) / 7 = 57.14
    t1 = next(i for i in fw["items"] if i["id"] == "T1")
    assert t1["score"] == pytest.approx(400 / 7)


def test_a_single_respondent_is_not_anonymous(run_cli: RunCli, tmp_path: Path) -> None:
    data = _json(run_cli, one_respondent(tmp_path))
    assert data["anonymous"] is False
    assert data["site"]["self_assessment"] is None
    fm = data["frameworks"][0]
    # One practice manager: SD1 agree (75), SD2 neutral (50), SD3 "no" (0) -> 41.67
    shared = fm["domains"][0]
    assert shared["id"] == "shared_definition" and shared["score"] == pytest.approx(125 / 3)
    assert shared["disclosure"] == "not_anonymous"
    assert shared["interval"] is None  # one person: nothing to resample
    assert fm["confidence"] == "low"


def test_a_named_self_assessment_is_not_anonymous(run_cli: RunCli) -> None:
    data = _json(run_cli, OAKFIELD)
    assert data["anonymous"] is False
    assert data["site"]["self_assessment"] == {
        "by": "Priya Shah (practice manager) with the practice's link worker"
    }
    fm = data["frameworks"][0]
    assert (fm["id"], fm["version"]) == ("five-mechanisms", "2.0.0")
    assert fm["disclosure"] == "not_anonymous"
    # Two people, each role one voice: SD1 PM agree (75); SD2 PM neutral (50) and LW
    # disagree (25), role mean 37.5; SD3 PM "no" (0) -> (75 + 37.5 + 0) / 3 = 37.5
    shared = fm["domains"][0]
    assert shared["id"] == "shared_definition" and shared["score"] == 37.5
    sd2 = next(i for i in fm["items"] if i["id"] == "SD2")
    assert {r["role"]: r["score"] for r in sd2["by_role"]} == {
        "practice_manager": 50.0,
        "link_worker": 25.0,
    }


def test_csv_rows_per_domain_and_item(run_cli: RunCli) -> None:
    result = run_cli("score", PRIVACY, "--frameworks-dir", FRAMEWORKS, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"))))
    assert [(r["level"], r["domain"]) for r in rows] == [
        ("framework", ""),
        ("domain", "team"),
        ("domain", "clients"),
        ("domain", "facts"),
    ]
    overall, team, clients, facts = rows
    # The framework's own figures: (66.67 + 40) / 2 = 53.33 from 8 people, coverage 2/3.
    assert (overall["framework"], overall["score"], overall["respondents"]) == (
        "privacy",
        "53.3",
        "8",
    )
    assert (overall["coverage"], overall["disclosure"], overall["confidence"]) == (
        "0.667",
        "anonymous",
        "medium",
    )
    # Withheld: the lone receptionist answered the team's items (rule 4).
    assert (overall["interval_low"], overall["interval_high"]) == ("", "")
    assert team["score"] == "66.7" and team["respondents"] == "7"
    assert (team["interval_low"], team["interval_high"]) == ("", "")
    assert (clients["score"], clients["disclosure"], clients["interval_low"]) == (
        "",
        "suppressed",
        "",
    )
    assert (facts["score"], facts["disclosure"]) == ("40.0", "fact")
    assert team["confidence"] == "medium"
    # Every item with an interval in the JSON has it in the CSV too, to one decimal (here the
    # privacy site's items have none: a lone receptionist's and manager's answers are not
    # resampled, rule 12; the Riverside example's have).
    shown = 0
    for site, options in ((RIVERSIDE, ()), (PRIVACY, ("--frameworks-dir", FRAMEWORKS))):
        with_items = run_cli("score", site, *options, "--format", "csv", "--items")
        rows = list(csv.DictReader(io.StringIO(with_items.out.lstrip("\ufeff"))))
        data = _json(run_cli, site, *options)
        for framework in data["frameworks"]:
            intervals = {i["id"]: i["interval"] for i in framework["items"]}
            items = [r for r in rows if r["level"] == "item" and r["framework"] == framework["id"]]
            assert [r["item"] for r in items] == list(intervals)
            for row in items:
                interval = intervals[row["item"]]
                if interval is None:
                    assert (row["interval_low"], row["interval_high"]) == ("", "")
                else:
                    shown += 1
                    assert float(row["interval_low"]) == pytest.approx(interval[0], abs=0.05)
                    assert float(row["interval_high"]) == pytest.approx(interval[1], abs=0.05)
    assert shown > 0
    c1 = next(r for r in rows if r["item"] == "C1")
    assert (c1["score"], c1["status"], c1["respondents"]) == (
        "",
        "withheld (too few people)",
        "1",
    )
    assert len([r for r in rows if r["level"] == "item"]) == 5


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


def test_the_csv_says_whether_a_verified_answer_counts(run_cli: RunCli) -> None:
    """A fact verified on evidence that had expired by the assessment date does not count;
    the CSV says so, as the JSON does (helper-66 8)."""
    result = run_cli("score", RIVERSIDE, "--format", "csv", "--items")
    assert result.exit_code == 0, result.output
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(result.out)) if r["level"] == "item"}
    assert (rows["DC34"]["verified"], rows["DC34"]["verification_counts"]) == ("yes", "no")
    assert rows["DC23"]["verification_counts"] == "yes"
    assert rows["SD1"]["verification_counts"] == ""  # an opinion: nothing verified
