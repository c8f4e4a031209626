"""The scores as data: JSON for scripts, CSV rows for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from readiness.assessment.model import Evidence
from readiness.framework.model import Framework
from readiness.report.spreadsheet import guard_formula
from readiness.report.wording import (
    VERDICT_LABELS,
    aggregate_warning,
    agreement_text,
    assurance_statement,
    coverage_boundaries,
    disagreement_reasons,
    evidence_text,
    fact_answers,
    fraction,
    half_up,
    score_boundaries,
    score_text,
    verdict_statement,
)
from readiness.scoring.actions import first_quarter
from readiness.scoring.engine import assessment_verification, holding_back, verification
from readiness.scoring.intervals import LEVEL, RESAMPLES
from readiness.scoring.model import (
    AssessmentResult,
    Counts,
    Disclosure,
    DomainResult,
    FrameworkResult,
    ItemResult,
    PlannedAction,
    RoleScore,
    Verification,
)
from readiness.scoring.verdict import LEVELS, site_verdict
from readiness.version import __version__
from readiness.vocabulary import ROLES

# Version 2 (readiness 0.2): role-balanced scores, the privacy rule, intervals and agreement.
# A framework's "respondents" became the number of people behind its score (the counts by
# role moved to "respondents_by_role"); every score object gained "respondents" and
# "disclosure"; withheld scores are null. See the README, "Scores as JSON".
# Version 3 (readiness 0.3): role gaps and spreads compare people only on the same opinion
# questions (facts are not compared as views); every by_role entry carries "disclosure";
# blank forms are not respondents. The keys of version 2 are all still there.
# Version 4 (readiness 0.3, issue 18): a reviewer's file. Top-level "assurance"; per
# framework "as_reported", "as_verified" and "verification"; per item "assurance",
# "reported_score", "verified", "verification_counts", "finding", "evidence", "review_note".
# A verified fact's "score" is the verified answer's. Every key of version 3 is still there.
# Versions 5 to 7: see docs/assessments.md. Version 7: items and domains gained "role_gap"
# (rule 11); domains and frameworks "interval_withheld" (rule 4), as items had.
# Version 8: frameworks gained "adapted" (scored on a user's file replacing the bundled one).
# Version 9: the verdict gained "capped_by" (unscored frameworks whose failed essential
# condition caps it); the CSV gained a last column, "review_note" (the docs promised the
# reviewer's note there, as in the JSON).
# Version 10: the verdict gained "capped_unknown"; "capped_by" also lists unscored
# frameworks held by an essential condition not known that caps its band (`unknown_caps`).
# Version 11: the CSV gained a last column, "verification_counts" (the docs said the CSV
# held what the JSON says of a review); the JSON is as version 10.
JSON_FORMAT = "readiness-score/11"


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "answered": counts.answered,
        "dont_know": counts.dont_know,
        "not_applicable": counts.not_applicable_total,
        "not_applicable_by_reason": dict(counts.not_applicable),
        "not_answered": counts.not_answered,
    }


def _roles(by_role: tuple[RoleScore, ...], agreement_key: str) -> list[dict[str, Any]]:
    return [
        {
            "role": r.role,
            "respondents": r.respondents,
            "score": r.score,
            "suppressed": r.suppressed,
            "suppressed_because": r.suppressed_because,
            "disclosure": r.disclosure,
            agreement_key: r.rwg,
        }
        for r in by_role
    ]


def _interval(interval: tuple[float, float] | None) -> list[float] | None:
    return list(interval) if interval is not None else None


def _interval_bands(framework: Framework, interval: tuple[float, float] | None) -> list[str]:
    return [b.id for b in framework.bands_between(*interval)] if interval else []


def _item(result: ItemResult, framework: Framework) -> dict[str, Any]:
    item = result.item
    return {
        "id": item.id,
        "domain": item.domain_id,
        "text": item.text,
        "fact": item.fact,
        "score": result.score,
        "interval": _interval(result.shown_interval),
        "band": result.band.id if result.band else None,
        "respondents": result.respondents,
        "disclosure": result.disclosure,
        **_counts(result.counts),
        "weight": item.weight,
        "reverse": item.reverse,
        "critical": item.critical,
        "gate_threshold": item.gate_threshold(framework.scoring) if item.critical else None,
        "unknown_caps": item.unknown_caps,
        "gate_failed": result.gate_failed,
        "flagged": result.flagged,
        "flag": item.flag.says if item.flag else None,
        "self_rated": item.self_rated,
        "cfir": item.cfir,
        "by_role": _roles(result.by_role, "rwg"),
        "role_gap": result.agreement.role_gap,
        "disagreement": result.agreement.flagged,
        "disagreement_reasons": disagreement_reasons(
            result.agreement.reasons, score_boundaries(framework)
        ),
        "spread": result.agreement.spread,
        "rwg": result.agreement.rwg,
        "low_agreement": result.agreement.low_agreement,
        "compared_roles": list(result.compared_roles)
        if result.compared_roles is not None
        else None,
        "interval_withheld": result.interval_withheld,
        **_fact(result),
        **_review(result),
    }


def _review(result: ItemResult) -> dict[str, Any]:
    """What a reviewer checked of an item (rule 17); null and empty when nothing was."""
    check = result.check
    verified = check.verified if check is not None else None
    return {
        "assurance": result.assurance,
        "reported_score": result.reported_score if result.item.fact else None,
        "verified": verified.raw if verified is not None else None,
        "verification_counts": check.current if verified is not None and check else None,
        "finding": check.finding if check is not None else None,
        "evidence": [_evidence(e) for e in check.evidence] if check is not None else [],
        "review_note": check.note if check is not None else None,
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "title": evidence.title,
        "reference": evidence.reference,
        "seen": evidence.seen.isoformat(),
        "expires": evidence.expires.isoformat() if evidence.expires else None,
        "file": evidence.file.as_posix() if evidence.file else None,
        "sha256": evidence.sha256,
    }


def _verification(verification: Verification) -> dict[str, int]:
    return {
        "facts": verification.facts,
        "verified": verification.verified,
        "contradicted": verification.contradicted,
        "contested": verification.contested,
        "expired": verification.expired,
        "critical": verification.critical,
        "critical_verified": verification.critical_verified,
    }


def _framework_assurance(result: FrameworkResult) -> dict[str, Any]:
    """The score as respondents reported it and, with a review, as verified."""
    own = {"score": result.score, "band": result.band.id if result.band else None}
    if result.assurance is None:
        return {
            "as_reported": own,
            "as_verified": None,
            "verification": _verification(verification(result.items)),
        }
    reported = result.assurance
    return {
        "as_reported": {
            "score": reported.reported_score,
            "band": reported.reported_band.id if reported.reported_band else None,
        },
        "as_verified": own,
        "verification": _verification(reported.verification),
    }


def _assurance(result: AssessmentResult) -> dict[str, Any]:
    """Who reviewed the assessment and what they verified; 'reviewed' false for a
    self-assessment (every figure as reported)."""
    assurance = result.assurance
    counts = _verification(
        assurance.verification if assurance else assessment_verification(result.frameworks)
    )
    if assurance is None:
        return {"reviewed": False, "statement": assurance_statement(None), **counts}
    attestation = assurance.attestation
    return {
        "reviewed": True,
        "statement": assurance_statement(assurance),
        "reviewer": assurance.reviewer,
        "organisation": assurance.organisation,
        "visits": [d.isoformat() for d in assurance.visits],
        "sample_seed": assurance.sample_seed,
        "attestation": {
            "name": attestation.name,
            "role": attestation.role,
            "date": attestation.signed_on.isoformat(),
            "statement": attestation.statement,
        }
        if attestation
        else None,
        **counts,
    }


def _fact(result: ItemResult) -> dict[str, Any]:
    """A fact's reconciliation (rule 3): whose answers decide it, whether they agree, and
    every answer given, by role; null and empty for opinions."""
    item = result.item
    return {
        "decided_by": list(item.known_by or item.roles or ROLES) if item.fact else [],
        "fact_status": result.fact_status,
        "answers": [
            {"role": a.role, "answer": a.answer, "count": a.count, "decides": a.decides}
            for a in result.fact_answers
        ],
    }


def _domain(result: DomainResult, framework: Framework) -> dict[str, Any]:
    return {
        "id": result.domain.id,
        "title": result.domain.title,
        "score": result.score,
        "interval": _interval(result.shown_interval),
        "band": result.band.id if result.band else None,
        "interval_bands": _interval_bands(framework, result.shown_interval),
        "interval_withheld": result.interval_withheld,
        "status": "scored" if result.sufficient else "insufficient_data",
        "coverage": result.coverage,
        "respondents": result.respondents,
        "disclosure": result.disclosure,
        **_counts(result.counts),
        "weight": result.domain.weight,
        "in_total": result.domain.in_total,
        "cfir": result.domain.cfir,
        "by_role": _roles(result.by_role, "rwg_j"),
        "role_gap": result.agreement.role_gap,
        "disagreement": result.agreement.flagged,
        "disagreement_reasons": disagreement_reasons(
            result.agreement.reasons, score_boundaries(framework), shared=True
        ),
        "spread": result.agreement.spread,
        "rwg_j": result.agreement.rwg,
        "low_agreement": result.agreement.low_agreement,
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
        "joint_owners": list(action.joint_owners),
        "effort": action.effort,
        "cost": action.cost,
        "evidence": {"grade": action.evidence.grade, "source": action.evidence.source}
        if action.evidence
        else None,
        "eric": list(action.eric),
        "critical": planned.critical,
        "importance": planned.importance,
        "raised_by": [
            {
                "framework": r.framework_id,
                "level": r.level,
                "id": r.id,
                "score": r.score,
                "critical": r.critical,
                "importance": r.importance,
                "asked_in": r.home or None,
            }
            for r in planned.raised_by
        ],
    }


def _settings(framework: Framework, aggregate: str) -> dict[str, Any]:
    s = framework.scoring
    return {
        "aggregate": aggregate,
        "min_coverage": s.min_coverage,
        "action_threshold": s.action_threshold,
        "critical_threshold": s.critical_threshold,
        "cap_band": s.cap_band,
        "min_role_group": s.min_role_group,
        "disagreement_gap": s.disagreement_gap,
        "disagreement_spread": s.disagreement_spread,
        "agreement_cutoff": s.agreement_cutoff,
        "bootstrap_resamples": RESAMPLES,
        "interval_level": LEVEL,
    }


def _verdict(result: AssessmentResult) -> dict[str, Any] | None:
    """The site's verdict (rule 18), or None when no framework could be scored."""
    verdict = site_verdict(result)
    if verdict is None:
        return None
    return {
        "level": verdict.id,
        "label": VERDICT_LABELS[verdict.id],
        "lowest": LEVELS[verdict.lowest],
        "highest": LEVELS[verdict.highest],
        "statement": verdict_statement(verdict),
        "set_by": [f.framework.id for f in verdict.set_by],
        "unscored": [f.id for f in verdict.unscored],
        "capped_by": [f.id for f in verdict.capped_by],
        "capped_unknown": [f.id for f in verdict.capped_unknown],
    }


def _framework(result: FrameworkResult, with_items: bool = True) -> dict[str, Any]:
    fw = result.framework
    data: dict[str, Any] = {
        "id": fw.id,
        "version": fw.version,
        "adapted": fw.adapted,
        "title": fw.title,
        "aggregate": result.aggregate,
        "score": result.score,
        "interval": _interval(result.shown_interval),
        "band": result.band.id if result.band else None,
        "band_label": result.band.label if result.band else None,
        "interval_bands": [b.id for b in result.shown_interval_bands],
        "interval_withheld": result.interval_withheld,
        "uncapped_band": result.uncapped_band.id if result.uncapped_band else None,
        "capped_by": [i.item.id for i in result.capped_by],
        "critical_failed": [i.item.id for i in result.items if i.gate_failed],
        "critical_unknown": [i.id for i in result.critical_unknown],
        "critical_withheld": [i.id for i in result.critical_withheld],
        "flags": [{"item": i.item.id, "says": says} for i, says in result.flags],
        "status": "scored" if result.score is not None else "insufficient_data",
        "coverage": result.coverage,
        "respondents": result.respondents,
        "respondents_by_role": dict(result.respondents_by_role),
        "disclosure": result.disclosure,
        "rwg_j": result.rwg,
        "confidence": result.confidence,
        "confidence_reasons": list(result.confidence_reasons),
        "held_back_by": held.domain.id if (held := holding_back(result)) else None,
        "settings": _settings(fw, result.aggregate),
        **_framework_assurance(result),
        "domains": [_domain(d, fw) for d in result.domains],
        "actions": [_action(a) for a in result.actions],
    }
    if with_items:
        data["items"] = [_item(i, fw) for i in result.items]
    return data


def _response_rate(result: AssessmentResult) -> dict[str, Any] | None:
    rate = result.response_rate
    if rate is None:
        return None
    return {
        "overall": rate.overall,
        "by_role": [
            {"role": r.role, "invited": r.invited, "responded": r.responded, "rate": r.rate}
            for r in rate.by_role
        ],
        "unstated_roles": list(rate.unstated_roles),
    }


def to_json_data(result: AssessmentResult) -> dict[str, Any]:
    """The whole result as plain data (scores unrounded; null when insufficient or withheld)."""
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
            "self_assessment": ({"by": site.self_assessment_by} if site.self_assessment else None),
        },
        "respondents": {
            "total": len(assessment.respondents),
            "by_role": assessment.respondents_by_role(),
        },
        "anonymous": not result.not_anonymous,
        "response_rate": _response_rate(result),
        "assurance": _assurance(result),
        "verdict": _verdict(result),
        "frameworks": [_framework(f) for f in result.frameworks],
        "actions": [_action(a) for a in result.actions],
        "first_quarter": [a.action.id for a in first_quarter(result.actions)],
        "warnings": [
            *(str(w) for w in assessment.warnings),
            *filter(None, [aggregate_warning(result)]),
        ],
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
    "respondents",
    "interval_low",
    "interval_high",
    "disclosure",
    "rwg",
    "confidence",
    # Version 3: a fact's reconciliation (rule 3), on item rows.
    "fact_status",
    "fact_answers",
    # Version 4: a reviewer's file (rule 17). Framework rows: "reviewed" or "self-reported"
    # and the score as reported; item rows: the fact's assurance and what was checked.
    "assurance",
    "reported_score",
    "reported_band",
    "verified",
    "finding",
    "evidence",
    # Version 5 (JSON version 8): "yes" on every row of a framework scored on a user's file
    # replacing the bundled one with its id and version, whose scores are not the bundled one's.
    "framework_adapted",
    # Version 6 (JSON version 9): the reviewer's note on an item, as the JSON's review_note.
    "review_note",
    # Version 7 (JSON version 11): whether an item's verified answer counts (its evidence
    # current), as the JSON's verification_counts: "yes", "no", or empty with none.
    "verification_counts",
)


class _SafeWriter:
    """A csv writer whose every text cell is formula-safe (numbers here are never negative)."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer, lineterminator="\r\n")

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([guard_formula(c) if isinstance(c, str) else c for c in row])


def to_csv(result: AssessmentResult, with_items: bool = False) -> str:
    """One row per framework (level 'framework', its figures in the same columns as a
    domain's), then one per domain (and per item with `with_items`), each with its score,
    interval, disclosure and agreement. Scores keep one decimal and never round up into
    the next band (rule 15). Text that a spreadsheet would run as a formula (a site named
    '=HYPERLINK(...)') is written as text."""
    site = result.assessment.site
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow(CSV_COLUMNS)
    for fr in result.frameworks:
        bounds = score_boundaries(fr.framework)
        common = [
            site.name,
            site.ods_code or "",
            site.assessed_on.isoformat(),
            fr.framework.id,
            fr.framework.version,
        ]
        adapted = "yes" if fr.framework.adapted else "no"
        writer.writerow([*common, *_framework_row(fr, bounds), adapted, "", ""])
        for domain in fr.domains:
            writer.writerow([*common, *_domain_row(fr, domain, bounds), adapted, "", ""])
            if with_items:
                for item in domain.items:
                    note = item.check.note if item.check is not None else None
                    row = _item_row(fr, domain, item, bounds)
                    counts = _verification_counts(item)
                    writer.writerow([*common, *row, adapted, note or "", counts])
    return buffer.getvalue()


def _verification_counts(item: ItemResult) -> str:
    """The CSV's verification_counts: whether the item's verified answer counts."""
    counts = _review(item)["verification_counts"]
    return "" if counts is None else ("yes" if counts else "no")


def _framework_row(fr: FrameworkResult, bounds: frozenset[float]) -> list[object]:
    counts = sum((d.counts for d in fr.domains if d.domain.in_total), Counts())
    return [
        "framework",
        "",
        "",
        fr.framework.title,
        _score(fr.score, bounds),
        fr.band.label if fr.band else "",
        "scored" if fr.score is not None else "insufficient data",
        fraction(fr.coverage, coverage_boundaries(fr.framework)),
        *_count_cells(counts),
        "",
        fr.respondents,
        *_interval_cells(fr.shown_interval, bounds),
        fr.disclosure or "",
        agreement_text(fr.rwg, fr.framework.scoring.agreement_cutoff),
        fr.confidence,
        "",
        "",
        *_framework_review_cells(fr, bounds),
    ]


def _framework_review_cells(fr: FrameworkResult, bounds: frozenset[float]) -> list[str]:
    if fr.assurance is None:
        return [
            "self-reported",
            _score(fr.score, bounds),
            fr.band.label if fr.band else "",
            "",
            "",
            "",
        ]
    band = fr.assurance.reported_band
    return [
        "reviewed",
        _score(fr.assurance.reported_score, bounds),
        band.label if band else "",
        "",
        "",
        "",
    ]


def _item_review_cells(item: ItemResult, bounds: frozenset[float]) -> list[str]:
    check = item.check
    verified = check.verified if check is not None else None
    return [
        item.assurance or "",
        _score(item.reported_score, bounds) if item.item.fact else "",
        "",
        str(verified.raw) if verified is not None else "",
        check.finding or "" if check is not None else "",
        "; ".join(evidence_text(e) for e in check.evidence) if check is not None else "",
    ]


def _domain_row(
    fr: FrameworkResult, domain: DomainResult, bounds: frozenset[float]
) -> list[object]:
    return [
        "domain",
        domain.domain.id,
        "",
        domain.domain.title,
        _score(domain.score, bounds),
        domain.band.label if domain.band else "",
        "scored" if domain.sufficient else "insufficient data",
        fraction(domain.coverage, coverage_boundaries(fr.framework)),
        *_count_cells(domain.counts),
        "yes" if domain.agreement.flagged else "no",
        domain.respondents,
        *_interval_cells(domain.shown_interval, bounds),
        domain.disclosure or "",
        agreement_text(domain.agreement.rwg, fr.framework.scoring.agreement_cutoff),
        fr.confidence,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]


def _item_row(
    fr: FrameworkResult, domain: DomainResult, item: ItemResult, bounds: frozenset[float]
) -> list[object]:
    return [
        "item",
        domain.domain.id,
        item.item.id,
        item.item.text,
        _score(item.score, bounds),
        item.band.label if item.band else "",
        _item_status(item),
        "",
        *_count_cells(item.counts),
        "yes" if item.agreement.flagged else "no",
        item.respondents,
        *_interval_cells(item.shown_interval, bounds),
        item.disclosure or "",
        agreement_text(item.agreement.rwg, fr.framework.scoring.agreement_cutoff),
        fr.confidence,
        item.fact_status or "",
        fact_answers(item.fact_answers),
        *_item_review_cells(item, bounds),
    ]


def _count_cells(counts: Counts) -> list[int]:
    return [counts.answered, counts.dont_know, counts.not_applicable_total, counts.not_answered]


def _interval_cells(
    interval: tuple[float, float] | None, boundaries: frozenset[float]
) -> list[str]:
    if interval is None:
        return ["", ""]
    return [_score(interval[0], boundaries), _score(interval[1], boundaries)]


def _item_status(item: ItemResult) -> str:
    if item.score is not None:
        return "scored"
    if item.disclosure == Disclosure.SUPPRESSED:
        return "withheld (too few people)"
    return "no scored answers"


def _score(value: float | None, boundaries: frozenset[float]) -> str:
    """A score with one decimal, never rounded up into the next band (59.96 -> '59.9')."""
    return "" if value is None else score_text(value, boundaries, 1)


def _num(value: float | None, places: int = 1) -> str:
    return "" if value is None else half_up(value, places)
