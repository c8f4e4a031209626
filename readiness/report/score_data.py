"""The scores as data: JSON for scripts, CSV rows for spreadsheets."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from readiness.report.wording import disagreement_reasons
from readiness.scoring.model import (
    AssessmentResult,
    Counts,
    DomainResult,
    FrameworkResult,
    ItemResult,
    PlannedAction,
    RoleScore,
)
from readiness.version import __version__

JSON_FORMAT = "readiness-score/1"


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "answered": counts.answered,
        "dont_know": counts.dont_know,
        "not_applicable": counts.not_applicable_total,
        "not_applicable_by_reason": dict(counts.not_applicable),
        "not_answered": counts.not_answered,
    }


def _roles(by_role: tuple[RoleScore, ...]) -> list[dict[str, Any]]:
    return [
        {"role": r.role, "respondents": r.respondents, "score": r.score, "suppressed": r.suppressed}
        for r in by_role
    ]


def _item(result: ItemResult) -> dict[str, Any]:
    item = result.item
    return {
        "id": item.id,
        "domain": item.domain_id,
        "text": item.text,
        "score": result.score,
        "band": result.band.id if result.band else None,
        **_counts(result.counts),
        "weight": item.weight,
        "reverse": item.reverse,
        "critical": item.critical,
        "gate_failed": result.gate_failed,
        "by_role": _roles(result.by_role),
        "disagreement": result.agreement.flagged,
        "disagreement_reasons": disagreement_reasons(result.agreement.reasons),
        "spread": result.agreement.spread,
    }


def _domain(result: DomainResult) -> dict[str, Any]:
    return {
        "id": result.domain.id,
        "title": result.domain.title,
        "score": result.score,
        "band": result.band.id if result.band else None,
        "status": "scored" if result.sufficient else "insufficient_data",
        "coverage": result.coverage,
        **_counts(result.counts),
        "weight": result.domain.weight,
        "in_total": result.domain.in_total,
        "by_role": _roles(result.by_role),
        "disagreement": result.agreement.flagged,
        "disagreement_reasons": disagreement_reasons(result.agreement.reasons),
    }


def _action(planned: PlannedAction) -> dict[str, Any]:
    action = planned.action
    return {
        "priority": planned.priority,
        "framework": planned.framework_id,
        "id": action.id,
        "text": action.text,
        "owner": action.owner,
        "timeframe": action.timeframe,
        "guidance": action.guidance,
        "critical": planned.critical,
        "importance": planned.importance,
        "raised_by": [
            {
                "framework": r.framework_id,
                "level": r.level,
                "id": r.id,
                "score": r.score,
                "critical": r.critical,
            }
            for r in planned.raised_by
        ],
    }


def _framework(result: FrameworkResult, with_items: bool = True) -> dict[str, Any]:
    fw = result.framework
    data: dict[str, Any] = {
        "id": fw.id,
        "version": fw.version,
        "title": fw.title,
        "score": result.score,
        "band": result.band.id if result.band else None,
        "band_label": result.band.label if result.band else None,
        "uncapped_band": result.uncapped_band.id if result.uncapped_band else None,
        "capped_by": [i.item.id for i in result.capped_by],
        "critical_failed": [i.item.id for i in result.items if i.gate_failed],
        "critical_unknown": [i.id for i in result.critical_unknown],
        "status": "scored" if result.score is not None else "insufficient_data",
        "coverage": result.coverage,
        "respondents": dict(result.respondents),
        "confidence": result.confidence,
        "domains": [_domain(d) for d in result.domains],
        "actions": [_action(a) for a in result.actions],
    }
    if with_items:
        data["items"] = [_item(i) for i in result.items]
    return data


def to_json_data(result: AssessmentResult) -> dict[str, Any]:
    """The whole result as plain data (scores unrounded; null when insufficient)."""
    assessment = result.assessment
    site = assessment.site
    return {
        "format": JSON_FORMAT,
        "tool": {"name": "readiness", "version": __version__},
        "site": {
            "name": site.name,
            "ods_code": site.ods_code,
            "kind": site.kind,
            "assessed_on": site.assessed_on.isoformat(),
        },
        "respondents": {
            "total": len(assessment.respondents),
            "by_role": assessment.respondents_by_role(),
        },
        "frameworks": [_framework(f) for f in result.frameworks],
        "actions": [_action(a) for a in result.actions],
        "warnings": [str(w) for w in assessment.warnings],
    }


CSV_COLUMNS = (
    "site",
    "ods_code",
    "assessed_on",
    "framework",
    "framework_version",
    "level",
    "domain",
    "item",
    "title",
    "score",
    "band",
    "status",
    "coverage",
    "answered",
    "dont_know",
    "not_applicable",
    "not_answered",
    "disagreement",
)


# A spreadsheet program runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


def formula_safe(value: object) -> object:
    """Text a spreadsheet would take for a formula, guarded with a leading apostrophe (the
    importer removes it again); numbers and other text unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class _SafeWriter:
    """A csv writer whose every text cell is formula-safe."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer, lineterminator="\r\n")

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([formula_safe(cell) for cell in row])


def to_csv(result: AssessmentResult, with_items: bool = False) -> str:
    """One row per framework x domain (and per item with `with_items`). Text that a
    spreadsheet would run as a formula (a site named '=HYPERLINK(...)') is written as text."""
    site = result.assessment.site
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow(CSV_COLUMNS)
    for fr in result.frameworks:
        common = [
            site.name,
            site.ods_code or "",
            site.assessed_on.isoformat(),
            fr.framework.id,
            fr.framework.version,
        ]
        for domain in fr.domains:
            writer.writerow(
                [
                    *common,
                    "domain",
                    domain.domain.id,
                    "",
                    domain.domain.title,
                    _num(domain.score),
                    domain.band.label if domain.band else "",
                    "scored" if domain.sufficient else "insufficient data",
                    _num(domain.coverage, 3),
                    domain.counts.answered,
                    domain.counts.dont_know,
                    domain.counts.not_applicable_total,
                    domain.counts.not_answered,
                    "yes" if domain.agreement.flagged else "no",
                ]
            )
            if with_items:
                for item in domain.items:
                    writer.writerow(
                        [
                            *common,
                            "item",
                            domain.domain.id,
                            item.item.id,
                            item.item.text,
                            _num(item.score),
                            item.band.label if item.band else "",
                            "scored" if item.score is not None else "no scored answers",
                            "",
                            item.counts.answered,
                            item.counts.dont_know,
                            item.counts.not_applicable_total,
                            item.counts.not_answered,
                            "yes" if item.agreement.flagged else "no",
                        ]
                    )
    return buffer.getvalue()


def _num(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"
