"""Portfolio rows for analysts, built directly from site summaries (no CLI, no files)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from openpyxl import load_workbook

from readiness.report.portfolio.context import build_portfolio, group_of
from readiness.report.portfolio.data import (
    COLUMNS,
    PORTFOLIO_FORMAT,
    rows,
    to_csv,
    to_json,
    to_xlsx,
)
from readiness.report.portfolio.summary import DomainSummary, FrameworkSummary, SiteSummary
from readiness.vocabulary import GroupBy

BANDS = (
    ("low", "Low", "red", 0.0),
    ("mid", "Middling", "amber", 40.0),
    ("high", "High", "green", 70.0),
)


def domain(ident: str, score: float | None, weak: bool) -> DomainSummary:
    return DomainSummary(
        framework_id="fw",
        framework_version="1.0.0",
        domain_id=ident,
        title=f"Domain {ident}",
        in_total=True,
        score=score,
        interval=(score - 5, score + 5) if score is not None else None,
        band_id="mid" if score is not None else None,
        band_label="Middling" if score is not None else None,
        band_colour="amber" if score is not None else None,
        coverage=1.0 if score is not None else 0.0,
        respondents=4 if score is not None else 1,
        disclosure="anonymous" if score is not None else "suppressed",
        answered=8,
        dont_know=1,
        not_applicable=0,
        not_answered=2,
        weak=weak,
    )


def site(
    name: str, kind: str, pcn: str | None, icb: str | None, a: float, b: float | None
) -> SiteSummary:
    domains = (domain("a", a, a < 60), domain("b", b, b is not None and b < 60))
    framework = FrameworkSummary(
        id="fw",
        version="1.0.0",
        title="A framework",
        score=a,
        interval=(a - 4, a + 4),
        band_id="mid",
        band_label="Middling",
        band_colour="amber",
        confidence="medium",
        respondents=4,
        coverage=1.0,
        disclosure="anonymous",
        domains=domains,
        bands=BANDS,
        action_threshold=60.0,
        boundaries=(40.0, 60.0, 70.0),  # the bands' starts and the action threshold
    )
    return SiteSummary(
        name=name,
        source=f"sites/{name}",
        ods_code=None,
        kind=kind,
        pcn=pcn,
        icb=icb,
        assessed_on="2026-10-01",
        respondents=4,
        respondents_by_role=(("gp", 4),),
        too_few=False,
        frameworks=(framework,),
        actions=(("act", "Do the thing.", "gp", "0-3 months"),),
    )


SITES = [
    site("zeta", "practice", "U1", "QWE", 50.0, 45.0),
    site("Alpha", "pcn", None, "QWE", 65.0, None),
    site("=cmd", "practice", "U1", None, 59.96, 30.0),
]


def test_one_row_per_site_framework_and_domain_alphabetically() -> None:
    got = rows(SITES)
    assert [(r["site"], r["domain"]) for r in got] == [
        ("=cmd", "a"),
        ("=cmd", "b"),
        ("Alpha", "a"),
        ("Alpha", "b"),
        ("zeta", "a"),
        ("zeta", "b"),
    ]
    alpha_b = got[3]
    # A withheld domain: no score, no interval, its disclosure says why.
    assert (alpha_b["score"], alpha_b["interval_low"], alpha_b["disclosure"]) == (
        None,
        None,
        "suppressed",
    )
    assert got[0]["score"] == 59.96  # unrounded in the data
    assert list(got[0]) == list(COLUMNS)


def test_csv_keeps_numbers_as_numbers_and_text_as_text() -> None:
    data = to_csv(SITES)
    assert data.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0]["site"] == "'=cmd"
    assert table[0]["score"] == "59.96" and table[0]["interval_low"] == "54.96"
    # The framework score's interval too (59.96 +/- 4), unrounded, on every row of it.
    assert (table[0]["framework_interval_low"], table[0]["framework_interval_high"]) == (
        "55.96",
        "63.96",
    )
    assert table[3]["score"] == "" and table[3]["few_respondents"] == "false"


def test_xlsx_writes_names_as_text_cells_never_formulas() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(SITES, "=a note")))
    sheet = book["scores"]
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS)
    first = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert first["site"].value == "=cmd" and first["site"].data_type == "s"
    assert first["score"].value == 59.96 and first["score"].data_type == "n"
    assert book["read me"]["A1"].value == "'=a note"


def test_json_carries_the_rows_and_what_is_weak_across_sites() -> None:
    portfolio = build_portfolio(SITES)
    data = json.loads(to_json(SITES, portfolio))
    assert data["format"] == PORTFOLIO_FORMAT and data["sites"] == 3
    assert data["rows"] == json.loads(json.dumps(rows(SITES)))
    # Domain a is weak (under 60) at zeta (50) and =cmd (59.96): 2 of 3 published scores.
    # Domain b at zeta (45) and =cmd (30): 2 of 2 published (Alpha's is withheld).
    # Medians, unrounded: a of 50, 65 and 59.96; b of 45 and 30.
    assert [
        (w["domain"], w["domain_id"], w["weak_sites"], w["scored_sites"], w["median"])
        for w in data["weak_domains"]
    ] == [
        ("Domain a", "a", 2, 3, 59.96),
        ("Domain b", "b", 2, 2, 37.5),
    ]


def test_a_portfolio_shows_a_score_against_every_boundary_of_its_framework() -> None:
    """helper-67: a domain at 74.96 of a framework with an essential condition's gate at 75
    read 74.9 in the site's table, CSV and report, and 75 in the portfolio, which took only
    the bands and the action threshold. The portfolio takes the boundaries the site's
    summary carries (`score_boundaries`, as every other output)."""
    one = site("one", "practice", None, None, 74.96, 41.0)
    gated = dataclasses.replace(one.frameworks[0], boundaries=(40.0, 60.0, 70.0, 75.0))
    (table,) = build_portfolio([dataclasses.replace(one, frameworks=(gated,))]).frameworks
    (row,) = [row for g in table.groups for row in g.rows]
    assert [c.text for c in row.cells] == ["74.9", "41"]
    (table,) = build_portfolio([one]).frameworks  # no gate at 75: rounded as usual
    assert [c.text for g in table.groups for row in g.rows for c in row.cells] == ["75", "41"]


def test_a_score_just_under_a_band_is_not_shown_in_it() -> None:
    # The bands begin at 40 and 70: 69.96 would round to 70 (High), so it reads 69.9.
    # 59.96 is under the action threshold (60), a weak domain: it reads 59.9, not 60.
    # 54.96 is no boundary's neighbour and reads 55, as usual.
    sites = [
        site("one", "practice", None, None, 69.96, 39.7),
        site("two", "practice", None, None, 59.96, 41.0),
        site("three", "practice", None, None, 54.96, 41.0),
    ]
    (table,) = build_portfolio(sites).frameworks
    cells = {row.name: [c.text for c in row.cells] for g in table.groups for row in g.rows}
    assert cells == {"one": ["69.9", "39.7"], "two": ["59.9", "41"], "three": ["55", "41"]}
    overall = {row.name: row.overall for g in table.groups for row in g.rows}
    # Its interval, 65.96 to 73.96, reads 66–74: an interval's ends sit on either side.
    assert overall["one"].text == "69.9"
    assert overall["one"].interval_text == "66–74"


@pytest.mark.parametrize(
    ("group_by", "groups"),
    [
        (GroupBy.PCN, {"zeta": "U1", "Alpha": "No PCN given", "=cmd": "U1"}),
        (GroupBy.ICB, {"zeta": "QWE", "Alpha": "QWE", "=cmd": "No ICB given"}),
        (
            GroupBy.KIND,
            {"zeta": "GP practice", "Alpha": "Primary Care Network", "=cmd": "GP practice"},
        ),
        (None, {"zeta": "", "Alpha": "", "=cmd": ""}),
    ],
)
def test_sites_group_by_pcn_icb_or_kind(group_by: GroupBy | None, groups: dict[str, str]) -> None:
    assert {s.name: group_of(s, group_by) for s in SITES} == groups
    portfolio = build_portfolio(SITES, group_by=group_by)
    (table,) = portfolio.frameworks
    placed = {row.name: group.label for group in table.groups for row in group.rows}
    assert placed == groups


def test_an_action_worded_two_ways_is_shown_as_most_sites_were_given_it() -> None:
    """An action id a bundled 1.0.0 framework words its own way: one row, counting every site,
    in the words most sites were given, whichever site sorts first; on a tie, the latest
    assessment's words."""
    from dataclasses import replace

    old = ("act", "Older words.", "gp", "0-3 months")
    new = ("act", "Newer words.", "gp", "0-3 months")
    sites = [
        replace(site("Aardvark", "practice", None, None, 50.0, 40.0), actions=(old,)),
        replace(site("Badger", "practice", None, None, 50.0, 40.0), actions=(new,)),
        replace(site("Coot", "practice", None, None, 50.0, 40.0), actions=(new,)),
    ]
    ((row),) = build_portfolio(sites).common_actions
    assert (row.text, row.sites) == ("Newer words.", 3)
    tied = [sites[0], replace(sites[1], assessed_on="2025-10-01")]
    ((row),) = build_portfolio(tied).common_actions
    assert (row.text, row.sites) == ("Older words.", 2)
