"""A portfolio as data for analysts' own dashboards (Power BI, Excel): one row per site ×
framework × domain, as CSV, an Excel workbook or JSON. Text is written so that no
spreadsheet program can take it for a formula."""

from __future__ import annotations

import csv
import io
import json
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from readiness.report.portfolio.context import PortfolioContext
from readiness.report.portfolio.summary import (
    DomainSummary,
    FrameworkSummary,
    SiteSummary,
    sort_sites,
)
from readiness.report.spreadsheet import csv_text, guard_formula
from readiness.version import __version__

# Version 2 (readiness 0.3, issue 18): each row gains the site's assurance (reviewed or
# self-assessed, who reviewed, facts verified and contradicted) and the framework's score and
# band as reported by respondents alone. Every column of version 1 is still there, in place.
# Version 3 (issue 16): each row gains the framework score's 90% interval
# (`framework_interval_low`, `framework_interval_high`), at the end; the rest is as in 2.
# Version 4: each row gains `framework_adapted` (true when the framework was scored on a
# user's file replacing the bundled one with its id and version), at the end.
# Version 5: each row gains `framework_capped_by` (the essential conditions, by item id, that
# lowered the framework's band below its score's, separated by "; "), at the end.
PORTFOLIO_FORMAT = "readiness-portfolio/6"

COLUMNS = (
    "site",
    "source",
    "ods_code",
    "kind",
    "pcn",
    "icb",
    "assessed_on",
    "site_respondents",
    "few_respondents",
    "framework",
    "framework_version",
    "framework_score",
    "framework_band",
    "confidence",
    "domain",
    "domain_title",
    "in_total",
    "score",
    "interval_low",
    "interval_high",
    "band",
    "coverage",
    "respondents",
    "disclosure",
    "answered",
    "dont_know",
    "not_applicable",
    "not_answered",
    "assurance",
    "reviewer",
    "facts",
    "facts_verified",
    "facts_contradicted",
    "framework_reported_score",
    "framework_reported_band",
    "framework_interval_low",
    "framework_interval_high",
    "framework_adapted",
    "framework_capped_by",
)

# Columns written as text even when they look like numbers (codes, dates, names).
TEXT_COLUMNS = {
    "site",
    "source",
    "ods_code",
    "kind",
    "pcn",
    "icb",
    "assessed_on",
    "framework",
    "framework_version",
    "framework_band",
    "confidence",
    "domain",
    "domain_title",
    "band",
    "disclosure",
    "assurance",
    "reviewer",
    "framework_reported_band",
    "framework_capped_by",
}


def rows(sites: Sequence[SiteSummary]) -> list[dict[str, Any]]:
    """One row per site × framework × domain, sites in alphabetical order."""
    return [dict(zip(COLUMNS, cells, strict=True)) for cells in _cell_rows(sites, _as_it_is)]


def _as_it_is(value: Any) -> Any:
    return value


def _site_fields(site: SiteSummary) -> dict[str, Any]:
    return {
        "site": site.name,
        "source": site.source,
        "ods_code": site.ods_code,
        "kind": site.kind,
        "pcn": site.pcn,
        "icb": site.icb,
        "assessed_on": site.assessed_on,
        "site_respondents": site.respondents,
        "few_respondents": site.too_few,
        "assurance": "reviewed" if site.reviewed else "self-assessed",
        "reviewer": site.reviewer,
        "facts": site.facts,
        "facts_verified": site.facts_verified,
        "facts_contradicted": site.facts_contradicted,
    }


def _framework_fields(fw: FrameworkSummary) -> dict[str, Any]:
    return {
        "framework": fw.id,
        "framework_version": fw.version,
        "framework_score": fw.score,
        "framework_band": fw.band_id,
        "confidence": fw.confidence,
        "framework_reported_score": fw.reported_score,
        "framework_reported_band": fw.reported_band_id,
        "framework_interval_low": fw.interval[0] if fw.interval else None,
        "framework_interval_high": fw.interval[1] if fw.interval else None,
        "framework_adapted": fw.adapted,
        "framework_capped_by": "; ".join(fw.capped_by) or None,
    }


def _domain_fields(d: DomainSummary) -> dict[str, Any]:
    return {
        "domain": d.domain_id,
        "domain_title": d.title,
        "in_total": d.in_total,
        "score": d.score,
        "interval_low": d.interval[0] if d.interval else None,
        "interval_high": d.interval[1] if d.interval else None,
        "band": d.band_id,
        "coverage": d.coverage,
        "respondents": d.respondents,
        "disclosure": d.disclosure,
        "answered": d.answered,
        "dont_know": d.dont_know,
        "not_applicable": d.not_applicable,
        "not_answered": d.not_answered,
    }


def to_csv(sites: Sequence[SiteSummary]) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark, so Excel reads names correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_cell_rows(sites, csv_text))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell_rows(sites: Sequence[SiteSummary], cell: Callable[[Any], Any]) -> Iterator[Any]:
    """Each row's cells in the order of COLUMNS, made by `cell` from the values: a site's
    and a framework's cells once for all their rows, and no dictionary per row (a portfolio
    of 1,000 sites has some 27,000 rows, written after all the scoring)."""
    in_order: Callable[[tuple[Any, ...]], Any] | None = None
    for site in sort_sites(sites):
        site_fields = _site_fields(site)
        site_cells = tuple(map(cell, site_fields.values()))
        for fw in site.frameworks:
            framework_fields = _framework_fields(fw)
            head = site_cells + tuple(map(cell, framework_fields.values()))
            for d in fw.domains:
                domain_fields = _domain_fields(d)
                if in_order is None:
                    names = [*site_fields, *framework_fields, *domain_fields]
                    in_order = operator.itemgetter(*(names.index(c) for c in COLUMNS))
                yield in_order(head + tuple(map(cell, domain_fields.values())))


def to_json(
    sites: Sequence[SiteSummary], portfolio: PortfolioContext, warnings: Sequence[str] = ()
) -> bytes:
    """The rows, with the domains weak across most sites and the commonest actions, and the
    run's warnings (the portfolio's, then each site's, as the command prints them)."""
    data = {
        "format": PORTFOLIO_FORMAT,
        "tool": {"name": "readiness", "version": __version__},
        "sites": len(sites),
        "rows": rows(sites),
        "weak_domains": [
            {
                "framework": table.id,
                "version": table.version,
                "domain": weak.title,
                "domain_id": weak.id,
                "weak_sites": weak.weak_sites,
                "scored_sites": weak.scored_sites,
                "median": weak.median_score,
            }
            for table in portfolio.frameworks
            for weak in table.weak_domains
        ],
        "common_actions": [
            {"text": a.text, "owner": a.owner, "timeframe": a.timeframe, "sites": a.sites}
            for a in portfolio.common_actions
        ],
        "warnings": [*warnings, *(w for site in sites for w in site.warnings)],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def to_xlsx(sites: Sequence[SiteSummary], note: str) -> bytes:
    """The rows as an Excel workbook: a 'scores' sheet and a 'read me' sheet."""
    from openpyxl import Workbook

    from readiness.xlsxio import workbook_bytes  # openpyxl loads only for XLSX

    wb = Workbook()
    sheet = wb.active
    sheet.title = "scores"
    sheet.append(list(COLUMNS))
    # Rows numbered here: openpyxl's max_row looks at every cell, once per call.
    for number, row in enumerate(rows(sites), 2):
        for n, column in enumerate(COLUMNS, 1):
            value = row[column]
            cell = sheet.cell(number, n)
            if value is None:
                continue
            if column in TEXT_COLUMNS:
                cell.value = str(value)
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    readme = wb.create_sheet("read me")
    for number, line in enumerate(note.splitlines(), 1):
        readme.cell(number, 1, guard_formula(line)).data_type = "s"
    return workbook_bytes(wb)
