"""Gates and flags (rule 8), worked by hand on a small framework written here: a gate's own
threshold ("partly" fails a yes/partly/no gate at 100), the band an unanswered gate caps at,
and flags that are findings beside the score, never caps."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from readiness import api
from readiness.scoring.model import FrameworkResult, ItemResult
from readiness.scoring.verdict import site_verdict

FRAMEWORK = """\
id: mini
title: Gates test
version: "1.0.0"
description: A small framework for gate tests.
attribution: Test data.
bands_note: Test bands.
citations:
  - {id: src, authors: "Tester, A.", year: 2020, title: A source, url: "https://example.org"}
scoring: {min_coverage: 0.5, action_threshold: 60, critical_threshold: 50, cap_band: low,
          min_role_group: 2}
scales:
  - id: ypn
    label: Yes, partly or no
    options:
      - {code: "yes", label: "Yes", value: 2}
      - {code: partly, label: Partly, value: 1}
      - {code: "no", label: "No", value: 0}
      - {code: dont_know, label: Don't know, kind: dont_know}
  - id: agree5
    label: Agreement
    options:
      - {code: strongly_agree, label: Strongly agree, value: 5}
      - {code: agree, label: Agree, value: 4}
      - {code: neutral, label: Neutral, value: 3}
      - {code: disagree, label: Disagree, value: 2}
      - {code: strongly_disagree, label: Strongly disagree, value: 1}
  - id: count
    label: New clients a year
    type: numeric
    unit: new clients a year
    min: 0
    max: 1000
    points: [{at: 100, score: 100}, {at: 300, score: 0}]
bands:
  - {id: low, label: Low, min: 0, colour: red}
  - {id: mid, label: Middle, min: 40, colour: amber}
  - {id: good, label: Good, min: 60, colour: yellow}
  - {id: top, label: Top, min: 80, colour: green}
domains:
  - id: alpha
    title: Alpha
    description: The only domain.
    items:
      - id: SAFE
        text: There is a safeguarding route.
        scale: ypn
        roles: [link_worker, lw_manager]
        known_by: [link_worker]
        fact: true
        critical: true
        critical_threshold: 100
        unknown_caps: good
        source: {construct: Safety, cite: src}
      - id: OPEN
        text: There are enough resources.
        scale: agree5
        roles: [link_worker, lw_manager]
        flag: {below: 50, says: Resources are short.}
        source: {construct: Resources, cite: src}
      - id: LOAD
        text: New clients a year per link worker?
        scale: count
        roles: [lw_manager]
        fact: true
        flag: {under: 60, says: Possibly under-used.}
        source: {construct: Caseload, cite: src}
"""


def site(tmp_path: Path, answers: dict[str, dict[str, object]]) -> Path:
    """A one-file assessment: respondent id 'role-n' -> the mini framework's answers."""
    (tmp_path / "fw").mkdir(exist_ok=True)
    (tmp_path / "fw" / "mini-1.0.0.yaml").write_text(FRAMEWORK)
    respondents = [
        {"id": rid, "role": rid.rsplit("-", 1)[0], "answers": {"mini": given}}
        for rid, given in answers.items()
    ]
    head = "site: {name: S, kind: pcn, assessed_on: 2026-10-01, frameworks: [mini]}\n"
    path = tmp_path / "site.yaml"
    path.write_text(head + "respondents: " + json.dumps(respondents) + "\n")
    return path


def score(tmp_path: Path, answers: dict[str, dict[str, object]]) -> FrameworkResult:
    return api.score(site(tmp_path, answers), frameworks_dirs=[tmp_path / "fw"]).frameworks[0]


def item(result: FrameworkResult, ident: str) -> ItemResult:
    return next(i for i in result.items if i.item.id == ident)


def test_partly_fails_a_gate_whose_threshold_is_100(tmp_path: Path) -> None:
    # SAFE: partly = 50 < 100 fails; OPEN: agree = 75; LOAD: 100 new clients = 100.
    # Mean (50 + 75 + 100) / 3 = 75, Good, but the failed gate caps at Low.
    result = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "partly", "OPEN": "agree"},
            "lw_manager-1": {"SAFE": "yes", "OPEN": "agree", "LOAD": 100},
        },
    )
    assert item(result, "SAFE").score == 50
    assert item(result, "SAFE").gate_failed
    assert result.score == pytest.approx(75)
    assert result.uncapped_band is not None and result.uncapped_band.id == "good"
    assert result.band is not None and result.band.id == "low"
    assert [i.item.id for i in result.capped_by] == ["SAFE"]


def test_a_manager_cannot_pass_the_gate_for_the_people_it_is_about(tmp_path: Path) -> None:
    # The manager's "yes" does not decide SAFE (known_by: link workers): the two link
    # workers say yes, so it passes; had one said no it would count at 0.
    passed = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "yes", "OPEN": "agree"},
            "link_worker-2": {"SAFE": "yes", "OPEN": "agree"},
            "lw_manager-1": {"SAFE": "no", "OPEN": "agree", "LOAD": 100},
        },
    )
    assert item(passed, "SAFE").score == 100 and not item(passed, "SAFE").gate_failed
    failed = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "yes", "OPEN": "agree"},
            "link_worker-2": {"SAFE": "no", "OPEN": "agree"},
            "lw_manager-1": {"SAFE": "yes", "OPEN": "agree", "LOAD": 100},
        },
    )
    assert item(failed, "SAFE").score == 0 and item(failed, "SAFE").gate_failed


def test_an_unknown_gate_caps_at_its_band(tmp_path: Path) -> None:
    # Only the manager answered SAFE, and the manager does not decide it: unknown. OPEN
    # strongly agree = 100, LOAD 100 = 100: mean 100, Top, capped at Good while SAFE is unknown.
    result = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "dont_know", "OPEN": "strongly_agree"},
            "lw_manager-1": {"SAFE": "yes", "OPEN": "strongly_agree", "LOAD": 100},
        },
    )
    assert [i.id for i in result.critical_unknown] == ["SAFE"]
    assert result.score == pytest.approx(100)
    assert result.uncapped_band is not None and result.uncapped_band.id == "top"
    assert result.band is not None and result.band.id == "good"
    assert [i.item.id for i in result.capped_unknown] == ["SAFE"]
    text = api.format_scores(api.score(tmp_path / "site.yaml", frameworks_dirs=[tmp_path / "fw"]))
    assert "Band capped at Good while SAFE is unknown" in text


def test_an_unknown_cap_never_raises_a_band(tmp_path: Path) -> None:
    # OPEN disagree = 25, LOAD 300 = 0: mean 12.5, Low; the cap at Good changes nothing.
    result = score(
        tmp_path,
        {
            "link_worker-1": {"OPEN": "disagree"},
            "lw_manager-1": {"OPEN": "disagree", "LOAD": 300},
        },
    )
    assert result.band is not None and result.band.id == "low"
    assert result.capped_by == ()


def test_flags_are_findings_beside_the_score_not_caps(tmp_path: Path) -> None:
    # OPEN: disagree 25 and neutral 50, role-balanced (25 + 50) / 2 = 37.5 < 50: flagged.
    # LOAD: 50 new clients (score 100) is under 60: flagged. SAFE yes = 100.
    # Mean (100 + 37.5 + 100) / 3 = 79.17: Good, and no cap.
    result = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "yes", "OPEN": "disagree"},
            "lw_manager-1": {"OPEN": "neutral", "LOAD": 50},
        },
    )
    assert item(result, "OPEN").score == pytest.approx(37.5)
    assert [(i.item.id, says) for i, says in result.flags] == [
        ("OPEN", "Resources are short."),
        ("LOAD", "Possibly under-used."),
    ]
    assert result.score == pytest.approx((100 + 37.5 + 100) / 3)
    assert result.band is not None and result.band.id == "good"
    assert result.capped_by == ()
    data = json.loads(
        api.format_scores(
            api.score(tmp_path / "site.yaml", frameworks_dirs=[tmp_path / "fw"]), "json"
        )
    )
    framework = data["frameworks"][0]
    assert framework["flags"] == [
        {"item": "OPEN", "says": "Resources are short."},
        {"item": "LOAD", "says": "Possibly under-used."},
    ]
    items = {i["id"]: i for i in framework["items"]}
    assert items["SAFE"]["gate_threshold"] == 100 and items["SAFE"]["unknown_caps"] == "good"
    assert items["OPEN"]["gate_threshold"] is None and items["OPEN"]["flagged"]


def test_flags_stay_down_when_the_condition_does_not_hold(tmp_path: Path) -> None:
    # OPEN agree 75 is not below 50; LOAD 60 is not under 60.
    result = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "yes", "OPEN": "agree"},
            "lw_manager-1": {"OPEN": "agree", "LOAD": 60},
        },
    )
    assert result.flags == ()


@pytest.mark.parametrize(("answer", "fails"), [("L2", True), ("L3", False), ("L4", False)])
def test_funding_passes_its_gate_only_at_twelve_months(
    tmp_path: Path, answer: str, fails: bool
) -> None:
    """five-mechanisms 3.0.0: FU1 level 2 ('to the end of this financial year') scores 50 and
    fails; level 3 (12 months or more) scores 75 and passes."""
    path = tmp_path / "a.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            site: {{name: S, kind: pcn, assessed_on: 2026-10-01,
                    frameworks: [five-mechanisms@3.0.0]}}
            respondents:
              - {{id: r1, role: pcn_lead, answers: {{five-mechanisms: {{FU1: {answer}}}}}}}
            """
        )
    )
    result = api.score(path).frameworks[0]
    assert item(result, "FU1").gate_failed is fails


def test_an_interval_never_reaches_above_the_band_a_gate_allows(tmp_path: Path) -> None:
    # OPEN: link workers neutral and agree (50, 75: 62.5), managers strongly agree and agree
    # (100, 75: 87.5), role-balanced 75; LOAD 140 clients = (300 - 140) / 200 = 80. Mean
    # 77.5, Good, its interval reaching into Top. SAFE is unknown (a link worker's "don't
    # know"), which holds the band at Good: the score is already there, so nothing is
    # capped, but no resample can be Top either. The interval's bands, and the verdict
    # built from them, stop at Good.
    result = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "dont_know", "OPEN": "neutral"},
            "link_worker-2": {"OPEN": "agree"},
            "lw_manager-1": {"OPEN": "strongly_agree", "LOAD": 140},
            "lw_manager-2": {"OPEN": "agree", "LOAD": 140},
        },
    )
    assert result.score == pytest.approx(77.5)
    assert result.band is not None and result.band.id == "good" and result.capped_by == ()
    assert result.interval is not None
    assert [b.id for b in result.framework.bands_between(*result.interval)] == ["good", "top"]
    assert [b.id for b in result.interval_bands] == ["good"]
    assessment = api.score(tmp_path / "site.yaml", frameworks_dirs=[tmp_path / "fw"])
    verdict = site_verdict(assessment)
    assert verdict is not None and verdict.certain
    data = json.loads(api.format_scores(assessment, "json"))
    assert data["frameworks"][0]["interval_bands"] == ["good"]
    assert "Overall: 78/100 (90% interval 71–84), Good;" in api.format_scores(assessment)


def test_a_capped_band_s_interval_names_the_bands_below_the_cap(tmp_path: Path) -> None:
    # SAFE partly = 50 fails its gate at 100 and caps at Low. OPEN: link workers strongly
    # disagree and agree (0, 75: 37.5), managers agree (75, 75: 75), role-balanced 56.25;
    # LOAD 100 = 100. Mean (50 + 56.25 + 100) / 3 = 68.75, Good, capped at Low. Every band
    # the interval reaches is capped at Low too: it names Low alone, never Good.
    result = score(
        tmp_path,
        {
            "link_worker-1": {"SAFE": "partly", "OPEN": "strongly_disagree"},
            "link_worker-2": {"SAFE": "partly", "OPEN": "agree"},
            "lw_manager-1": {"OPEN": "agree", "LOAD": 100},
            "lw_manager-2": {"OPEN": "agree", "LOAD": 100},
        },
    )
    assert result.score == pytest.approx(68.75)
    assert result.band is not None and result.band.id == "low"
    assert result.interval is not None
    assert {b.id for b in result.framework.bands_between(*result.interval)} >= {"good"}
    assert [b.id for b in result.interval_bands] == ["low"]


def test_a_portfolio_names_the_gate_that_lowered_a_band(tmp_path: Path) -> None:
    """The score of 75 reads Good, yet its band is Low: every portfolio format says why, by
    the gate's id (rule 8); a site whose gate passed says nothing."""
    import csv

    (tmp_path / "capped").mkdir()
    (tmp_path / "passed").mkdir()
    capped = site(
        tmp_path / "capped",
        {
            "link_worker-1": {"SAFE": "partly", "OPEN": "agree"},
            "lw_manager-1": {"SAFE": "yes", "OPEN": "agree", "LOAD": 100},
        },
    )
    passed = site(
        tmp_path / "passed",
        {
            "link_worker-1": {"SAFE": "yes", "OPEN": "agree"},
            "lw_manager-1": {"OPEN": "agree", "LOAD": 100},
        },
    )
    for path in (capped, passed):
        path.write_text(path.read_text().replace("name: S,", f"name: {path.parent.name},"))
    found = {}
    for kind in ("csv", "json", "html"):
        out = tmp_path / f"portfolio.{kind}"
        api.compare([capped, passed], out, frameworks_dirs=[tmp_path / "capped" / "fw"], jobs=1)
        found[kind] = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(found["csv"].splitlines()))
    assert [(r["site"], r["framework_band"], r["framework_capped_by"]) for r in rows] == [
        ("capped", "low", "SAFE"),
        ("passed", "top", ""),
    ]
    data = json.loads(found["json"])
    assert data["format"] == "readiness-portfolio/6"
    assert [r["framework_capped_by"] for r in data["rows"]] == ["SAFE", None]
    assert found["html"].count("band lowered by SAFE") == 1
