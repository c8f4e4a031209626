"""`readiness compare`: many sites side by side, alphabetical unless ranked, private, and safe
to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from ..helpers import (
    DATA,
    OAKFIELD,
    RIVERSIDE,
    RIVERSIDE_BASELINE,
    RunCli,
    flat,
    pdf_catalog,
    pdf_text,
)

PRIVACY = DATA / "assessments" / "privacy"
FRAMEWORKS = DATA / "frameworks" / "privacy"


def make_site(folder: Path, name: str, pcn: str, keep: int = 9, shift: bool = False) -> Path:
    """A copy of the privacy test site under another name, PCN, and number of respondents."""
    shutil.copytree(PRIVACY, folder)
    site = folder / "site.yaml"
    text = site.read_text().replace("Privacy Test Practice", name)
    text = text.replace("  frameworks: [privacy]\n", f"  frameworks: [privacy]\n  pcn: {pcn}\n")
    text = text.split("  invited:")[0]
    site.write_text(text)
    for path in sorted((folder / "respondents").iterdir())[keep:]:
        path.unlink()
    if shift:  # the link workers agree more at this site
        for path in (folder / "respondents").glob("lw*.yaml"):
            path.write_text(path.read_text().replace("T1: sd", "T1: a").replace("T1: d", "T1: a"))
    return folder


@pytest.fixture
def sites(tmp_path: Path) -> list[Path]:
    return [
        make_site(tmp_path / "zeta", "Zeta Surgery", "U00002"),
        make_site(tmp_path / "alpha", '=HYPERLINK("http://x")', "U00001", shift=True),
        make_site(tmp_path / "solo", "Mid Practice", "U00001", keep=1),
    ]


def compare(run_cli: RunCli, sites: list[Path], out: Path, *extra: str) -> str:
    result = run_cli("compare", *sites, "-o", out, "--frameworks-dir", FRAMEWORKS, *extra)
    assert result.exit_code == 0, result.output
    return result.err


def test_csv_has_a_row_per_site_framework_and_domain(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "portfolio.csv"
    message = compare(run_cli, sites, out)
    # The site one service user answered alone is warned of, as its own report warns.
    warning, wrote = message.splitlines()
    assert warning.startswith(f"{sites[2] / 'respondents'}/client1.yaml: role: warning: the only")
    assert wrote == f"Wrote {out} (3 sites; 1 flagged as having few respondents)"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3 * 3
    # Alphabetical by name: the formula-looking name sorts first ("=" before letters) and is
    # written with the apostrophe guard.
    assert [r["site"] for r in rows[::3]] == [
        '\'=HYPERLINK("http://x")',
        "Mid Practice",
        "Zeta Surgery",
    ]
    zeta_team = rows[6]
    assert (zeta_team["domain"], zeta_team["respondents"], zeta_team["disclosure"]) == (
        "team",
        "7",
        "anonymous",
    )
    assert float(zeta_team["score"]) == pytest.approx(200 / 3)
    # A lone receptionist answered the team's items: the interval is withheld (rule 4).
    assert (zeta_team["interval_low"], zeta_team["interval_high"]) == ("", "")
    # The one client's answers never leave their site.
    zeta_clients = rows[7]
    assert (zeta_clients["score"], zeta_clients["disclosure"]) == ("", "suppressed")
    # The single-respondent site is flagged, not hidden.
    solo = [r for r in rows if r["site"] == "Mid Practice"]
    assert solo and all(r["few_respondents"] == "true" for r in solo)


def test_json_and_xlsx_carry_the_same_rows(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    compare(run_cli, sites, tmp_path / "p.json")
    data = json.loads((tmp_path / "p.json").read_text())
    assert data["format"] == "readiness-portfolio/6"
    assert data["sites"] == 3 and len(data["rows"]) == 9
    compare(run_cli, sites, tmp_path / "p.xlsx")
    sheet = load_workbook(tmp_path / "p.xlsx")["scores"]
    first = sheet["A2"]
    assert first.value == '=HYPERLINK("http://x")' and first.data_type == "s"  # text, not a formula
    assert sheet.max_row == 10
    again = tmp_path / "again.xlsx"
    compare(run_cli, sites, again)
    assert again.read_bytes() == (tmp_path / "p.xlsx").read_bytes()


def test_the_pdf_lists_sites_alphabetically_and_ranks_only_when_asked(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "portfolio.pdf"
    compare(run_cli, sites, out, "--group-by", "pcn")
    text = flat(" ".join(pdf_text(out)))
    assert "alphabetically: this is not a league table" in text
    assert text.index("U00001") < text.index("=HYPERLINK") < text.index("Mid Practice")
    assert text.index("Mid Practice") < text.index("U00002") < text.index("Zeta Surgery")
    assert "few respondents" in text
    assert "About ranking" not in text
    # Each cell reads score then band: Zeta's team scores 200/3 (see the CSV test), and its
    # one client's view is withheld. "People" counts the 8 of its 9 respondents the
    # framework's score rests on, as its own report does (the client's view is withheld).
    assert "67 High – too few people to show" in text.split("Zeta Surgery Self-assessed 8", 1)[1]
    ranked = tmp_path / "ranked.pdf"
    compare(run_cli, sites, ranked, "--rank")
    text = flat(" ".join(pdf_text(ranked)))
    assert "by their framework score, highest first" in text
    assert "About ranking. Ranking by these scores can show" in text
    # Alpha (link workers agree more) scores above Zeta; the single-respondent site, which
    # shows every score because it is not anonymous, is ranked too.
    assert text.index("=HYPERLINK") < text.index("Zeta Surgery")
    again = tmp_path / "again.pdf"
    compare(run_cli, sites, again, "--rank")
    assert again.read_bytes() == ranked.read_bytes()
    root = pdf_catalog(pypdf.PdfReader(ranked))
    assert "/StructTreeRoot" in root and root["/Lang"] == "en-GB"  # tagged for screen readers


def test_a_pcn_groups_under_its_own_code(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    pcn = make_site(tmp_path / "network", "Riverbank PCN", "U00009")
    site = pcn / "site.yaml"
    text = site.read_text().replace("  pcn: U00009\n", "").replace("kind: practice", "kind: pcn")
    site.write_text(text.replace("  kind: pcn\n", "  kind: pcn\n  ods_code: U00002\n"))
    out = tmp_path / "grouped.csv"
    message = compare(run_cli, [*sites, pcn], out, "--group-by", "pcn")
    assert (
        "Note: --group-by and --rank arrange the PDF and the HTML page." in message
    )  # rows are for your tools
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["pcn"] for r in rows if r["site"] == "Riverbank PCN"} == {"U00002"}
    pdf = tmp_path / "grouped.pdf"
    assert "Note:" not in compare(run_cli, [*sites, pcn], pdf, "--group-by", "pcn")
    text = flat(" ".join(pdf_text(pdf)))
    group = text.split("U00002", 1)[1].split("Confidence", 1)[0]
    assert "Riverbank PCN" in group and "Zeta Surgery" in group and "No PCN given" not in text


def test_format_comes_from_the_extension_or_is_asked_for(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    result = run_cli("compare", *sites, "-o", tmp_path / "p.txt", "--frameworks-dir", FRAMEWORKS)
    assert result.exit_code == 1
    expected = "cannot tell the format from 'p.txt'; give --format (pdf, html, csv, xlsx, json)"
    assert expected in result.err
    assert not (tmp_path / "p.txt").exists()
    result = run_cli(
        "compare",
        *sites,
        "-o",
        tmp_path / "p.txt",
        "--format",
        "csv",
        "--frameworks-dir",
        FRAMEWORKS,
    )
    assert result.exit_code == 0, result.output


def test_every_site_problem_is_reported_and_nothing_written(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    broken = sites[0] / "respondents" / "gp1.yaml"
    broken.write_text("role: doctor\n")
    out = tmp_path / "p.csv"
    result = run_cli("compare", *sites, "-o", out, "--frameworks-dir", FRAMEWORKS, "--jobs", "2")
    assert result.exit_code == 1
    assert f"{broken}:1: role: unknown role 'doctor'" in result.err
    assert not out.exists()


def test_a_pdf_too_large_to_hold_is_refused_before_any_scoring(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness import api

    monkeypatch.setattr(api, "MAX_PDF_SITES", 2)
    sites = [make_site(tmp_path / f"s{n}", f"Site {n}", "U00001") for n in range(3)]
    out = tmp_path / "portfolio.pdf"
    result = run_cli("compare", *sites, "-o", out, "--frameworks-dir", FRAMEWORKS)
    assert result.exit_code == 1
    assert "a portfolio PDF holds at most 2 sites (3 given)" in result.err
    assert "write CSV, XLSX or JSON, which take any number" in result.err
    assert not out.exists()
    assert compare(run_cli, sites, tmp_path / "portfolio.csv")  # no limit on data


def test_each_site_says_whether_it_was_reviewed(run_cli: RunCli, tmp_path: Path) -> None:
    """A commissioner can tell audited sites from self-assessed ones, in every format."""
    from ..assessment.test_review import FRAMEWORKS as FACTS
    from ..assessment.test_review import VERIFIED, write_site

    reviewed = write_site(tmp_path / "reviewed", VERIFIED)
    self_assessed = write_site(tmp_path / "self", None)
    site = self_assessed / "site.yaml"
    site.write_text(site.read_text().replace("Facts Practice", "Elm Practice"))
    out = tmp_path / "p.csv"
    result = run_cli("compare", reviewed, self_assessed, "-o", out, "--frameworks-dir", FACTS)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    by_site = {r["site"]: r for r in rows}
    elm, facts = by_site["Elm Practice"], by_site["Facts Practice"]
    assert (elm["assurance"], elm["reviewer"], elm["facts_verified"]) == ("self-assessed", "", "0")
    # Reviewed (test_review.py): SAFE contradicted, DESC verified; as reported 27.78, Low.
    assert (facts["assurance"], facts["reviewer"]) == ("reviewed", "Sam Patel")
    assert (facts["facts"], facts["facts_verified"], facts["facts_contradicted"]) == ("3", "2", "1")
    assert facts["framework_reported_band"] == "low" and facts["framework_band"] == "high"
    assert float(facts["framework_reported_score"]) == pytest.approx(250 / 9)
    assert elm["framework_reported_score"] == elm["framework_score"]
    pdf = tmp_path / "p.pdf"
    result = run_cli("compare", reviewed, self_assessed, "-o", pdf, "--frameworks-dir", FACTS)
    assert result.exit_code == 0, result.output
    text = flat(" ".join(pdf_text(pdf)))
    assert "Reviewed: 2 of 3 facts verified, 1 of them contradicted" in text
    assert "Self-assessed" in text


def test_a_site_given_at_two_dates_has_each_row_dated(run_cli: RunCli, tmp_path: Path) -> None:
    """Riverside with its baseline a year before: the portfolio counts it twice (the terminal
    warns), and each of its rows says its date, so a reader can tell the baseline's row; a
    site given once is not dated."""
    out = tmp_path / "portfolio.html"
    result = run_cli("compare", RIVERSIDE, RIVERSIDE_BASELINE, OAKFIELD, "-o", out)
    assert result.exit_code == 0, result.output
    assert "the portfolio counts the site twice" in result.err
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        out.read_text(encoding="utf-8")
    )
    text = flat(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")))
    assert "assessed 1 October 2026" in text and "assessed 1 October 2025" in text
    oakfield = text[text.index("Oakfield") :][:200]
    assert not re.search(r"assessed \d+ [A-Z][a-z]+ \d{4}", oakfield)


def test_a_framework_s_versions_sit_together_newest_first() -> None:
    """Sites scored on 2.0.0, 10.0.0 and 1.0.0 of one framework, and on another framework:
    each framework's tables in the order the frameworks were first met, its versions side by
    side, the newest first (10.0.0 after 2.0.0 as numbers, not text)."""
    from readiness.report.portfolio.context import framework_keys
    from readiness.report.portfolio.summary import FrameworkSummary, SiteSummary

    def framework(ident: str, version: str) -> FrameworkSummary:
        return FrameworkSummary(
            ident, version, ident, None, None, None, None, None, "low", 0, 0.0, None, (), (), 60
        )

    def site(*frameworks: FrameworkSummary) -> SiteSummary:
        return SiteSummary(
            "S", "s", None, "practice", None, None, "2026-01-01", 5, (), False, frameworks, ()
        )

    sites = [
        site(framework("npt", "2.0.0"), framework("rainbow", "3.0.0")),
        site(framework("npt", "10.0.0")),
        site(framework("npt", "1.0.0"), framework("rainbow", "3.0.0")),
    ]
    assert framework_keys(sites) == [
        ("npt", "10.0.0"),
        ("npt", "2.0.0"),
        ("npt", "1.0.0"),
        ("rainbow", "3.0.0"),
    ]
