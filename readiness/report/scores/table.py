"""The scores as a readable terminal summary (`readiness score`'s default)."""

from __future__ import annotations

import textwrap

from readiness.framework.model import Framework
from readiness.report.wording import (
    INTERVAL_WITHHELD,
    RESPONSE_BOUNDARIES,
    WITHHELD,
    agreement_text,
    assurance_statement,
    attestation_statement,
    confidence_reasons,
    counted,
    coverage_boundaries,
    disagreement_reasons,
    fact_answers,
    intervals_withheld,
    people,
    percent,
    score_boundaries,
    score_text,
    verification_text,
)
from readiness.scoring.actions import first_quarter
from readiness.scoring.model import AssessmentResult, Assurance, Disclosure, FrameworkResult
from readiness.textmatch import isolated, shown_width
from readiness.vocabulary import SITE_KINDS, TIMEFRAMES, role_label


def _score(value: float, interval: tuple[float, float] | None, boundaries: frozenset[float]) -> str:
    """'51 (44–58)' or '51'; never rounded up into the next band (rule 15)."""
    if interval is None:
        return score_text(value, boundaries)
    low, high = (score_text(end, boundaries) for end in interval)
    return f"{score_text(value, boundaries)} ({low}–{high})"


def _bands(framework: Framework, value: float, interval: tuple[float, float] | None) -> str:
    """The band, or 'Emerging or Developing' when the interval reaches into another band."""
    if interval is None:
        return isolated(framework.band_for(value).label)
    return " or ".join(isolated(b.label) for b in framework.bands_between(*interval))


def _framework_lines(fr: FrameworkResult) -> list[str]:
    fw = fr.framework
    bounds = score_boundaries(fw)
    head = f"{isolated(fw.title)} [{fw.id} {fw.shown_version}]"
    lines = [head, "-" * min(len(head), 100)]
    trust = f"confidence {fr.confidence}"
    covered = coverage_boundaries(fw)
    if fr.confidence_reasons:
        trust += f" ({confidence_reasons(fr.confidence_reasons)})"
    if fr.score is None:
        lines.append(
            f"Overall: insufficient data (coverage {percent(fr.coverage, covered)}, needs "
            f"{percent(fw.scoring.min_coverage)}); {trust}"
        )
    else:
        band = isolated(fr.band.label) if fr.band else ""
        if len(fr.shown_interval_bands) > 1:  # as each domain's: the bands it could be in
            band = " or ".join(isolated(b.label) for b in fr.shown_interval_bands)
        interval = (
            " (90% interval {}–{})".format(*(score_text(end, bounds) for end in fr.shown_interval))
            if fr.shown_interval
            else f" ({INTERVAL_WITHHELD})"
            if fr.interval_withheld
            else ""
        )
        lines.append(
            f"Overall: {score_text(fr.score, bounds)}/100{interval}, {band}; coverage "
            f"{percent(fr.coverage, covered)}; {people(fr.respondents)}; {trust}"
        )
    lines += _as_reported(fr, bounds)
    lines += _conditions(fr, bounds)
    lines += _domain_lines(fr, bounds)
    return lines


def _as_reported(fr: FrameworkResult, bounds: frozenset[float]) -> list[str]:
    """For a reviewed assessment: the score from respondents' answers alone, and what the
    review verified."""
    if fr.assurance is None:
        return []
    reported = fr.assurance.reported_score
    shown = (
        f"{score_text(reported, bounds)}/100, "
        + (isolated(fr.assurance.reported_band.label) if fr.assurance.reported_band else "")
        if reported is not None
        else "insufficient data"
    )
    return [f"As reported by respondents: {shown}; {verification_text(fr.assurance.verification)}"]


def _conditions(fr: FrameworkResult, bounds: frozenset[float]) -> list[str]:
    """Gates that capped or failed, essential conditions unknown or withheld, and contested
    facts with every answer by role."""
    fw = fr.framework
    lines: list[str] = []
    failed = [i for i in fr.items if i.gate_failed]
    if failed:
        ids = ", ".join(
            f"{i.item.id} ({score_text(i.score or 0.0, bounds)}, passes at "
            f"{i.item.gate_threshold(fw.scoring):g})"
            for i in failed
        )
        if any(i.gate_failed for i in fr.capped_by):
            uncapped = isolated(fr.uncapped_band.label) if fr.uncapped_band else ""
            lines.append(f"  Band capped from {uncapped} because critical items failed: {ids}")
        else:
            lines.append(f"  Critical items failed: {ids}")
    if fr.critical_unknown:
        lines.append(
            "  Essential conditions unknown (no scored answer from who knows): "
            + ", ".join(i.id for i in fr.critical_unknown)
        )
    for unknown in fr.capped_unknown:
        lines.append(
            f"  Band capped at {isolated(fw.band(unknown.item.unknown_caps or '').label)} while "
            f"{unknown.item.id} is unknown"
        )
    for flagged, says in fr.flags:
        lines.append(f"  Flag, {flagged.item.id}: {isolated(says)}")
    contradicted = [i for i in fr.items if i.assurance == Assurance.CONTRADICTED]
    if contradicted:
        lines.append("  Contradicted facts (the verified answer counts; what respondents said):")
        for i in contradicted:
            assert i.check is not None and i.check.verified is not None
            text = (
                f"{i.item.id} {score_text(i.score or 0.0, bounds)}: verified "
                f"{isolated(str(i.check.verified.raw))}; reported {fact_answers(i.fact_answers)}"
            )
            lines.extend(
                textwrap.wrap(text, 100, initial_indent="    ", subsequent_indent="      ")
            )
    contested = [i for i in fr.items if i.contested]
    if contested:
        lines.append(
            "  Contested facts (each counts at its least favourable answer until settled):"
        )
        for i in contested:
            text = (
                f"{i.item.id} {score_text(i.score or 0.0, bounds)}: {fact_answers(i.fact_answers)}"
            )
            lines.extend(
                textwrap.wrap(text, 100, initial_indent="    ", subsequent_indent="      ")
            )
    if fr.critical_withheld:
        lines.append(
            "  Essential conditions not shown (too few people answered): "
            + ", ".join(i.id for i in fr.critical_withheld)
        )
    return lines


def _domain_lines(fr: FrameworkResult, bounds: frozenset[float]) -> list[str]:
    """The domains as a table: score and interval, band, coverage and flags."""
    fw = fr.framework
    lines: list[str] = []
    width = min(max(len(d.domain.title) for d in fr.domains), 50)
    lines.append(
        f"  {'Domain':<{width}}  {'Score (90% interval)':<20}  {'Band':<28} Coverage  Flags"
    )
    for d in fr.domains:
        shortened = textwrap.shorten(d.domain.title, width, placeholder="…")
        # Padded as it shows: direction controls, and the fence around them, take no room.
        name = isolated(shortened) + " " * (width - shown_width(shortened))
        if d.score is None:
            score, band = (
                "–",
                (
                    WITHHELD.lower()
                    if d.disclosure == Disclosure.SUPPRESSED
                    else "insufficient data"
                ),
            )
        else:
            published = d.shown_interval
            score, band = _score(d.score, published, bounds), _bands(fw, d.score, published)
        flags = []
        if d.agreement.flagged:
            flags.append(
                "disagreement: "
                + "; ".join(disagreement_reasons(d.agreement.reasons, bounds, shared=True))
            )
        if d.agreement.low_agreement and d.agreement.rwg is not None:
            shown = agreement_text(d.agreement.rwg, fw.scoring.agreement_cutoff)
            flags.append(f"low agreement (r_wg(J) {shown})")
        if not d.domain.in_total:
            flags.append("not in total")
        lines.append(
            f"  {name:<{width}}  {score:<20}  {band}{' ' * (28 - shown_width(band))} "
            f"{percent(d.coverage, coverage_boundaries(fw)):>8}  "
            f"{'; '.join(flags)}".rstrip()
        )
    hidden = sum(1 for d in fr.domains if d.interval_withheld and d.score is not None)
    if hidden:
        lines.append(f"  {intervals_withheld(hidden, len(fr.domains))}")
    return lines


def to_table(result: AssessmentResult, top_actions: int = 5) -> str:
    """A readable terminal summary."""
    site = result.assessment.site
    lines = [isolated(site.name) + (f" ({site.ods_code})" if site.ods_code else "")]
    people = ", ".join(
        f"{role_label(role)} {n}" for role, n in result.assessment.respondents_by_role().items()
    )
    lines.append(
        f"{SITE_KINDS[site.kind]}, assessed {site.assessed_on.isoformat()}; "
        f"{counted(len(result.assessment.respondents), 'respondent')} ({people})"
    )
    if result.not_anonymous:
        by = f" by {isolated(site.self_assessment_by)}" if site.self_assessment_by else ""
        lines.append(
            f"Not anonymous: a named self-assessment{by}."
            if site.self_assessment
            else "Not anonymous: one respondent, so every score is that person's answers."
        )
    lines.extend(textwrap.wrap(assurance_statement(result.assurance), 100))
    attested = attestation_statement(result.assurance)
    if attested:
        lines.extend(textwrap.wrap(attested, 100))
    if result.response_rate is not None:
        rates = ", ".join(
            f"{role_label(r.role)} {r.responded}/{r.invited}" for r in result.response_rate.by_role
        )
        overall = percent(result.response_rate.overall, RESPONSE_BOUNDARIES)
        lines.append(f"Response rate {overall} ({rates})")
    for fr in result.frameworks:
        lines.append("")
        lines.extend(_framework_lines(fr))
    if result.actions:
        lines.append("")
        lines.append(
            f"Top actions ({min(top_actions, len(result.actions))} of {len(result.actions)})"
        )
        for planned in result.actions[:top_actions]:
            marker = " [critical]" if planned.critical else ""
            raised = ", ".join(f"{r.framework_id} {r.id}" for r in planned.raised_by)
            lines.append(f"  {planned.priority}. {isolated(planned.action.text)}{marker}")
            lines.append(
                f"     Owner: {role_label(planned.action.owner)}; "
                f"{TIMEFRAMES[planned.action.timeframe]}; raised by {raised}"
            )
        starting = first_quarter(result.actions)
        lines.append(
            "Where to start, the first quarter (rule 14): "
            + ", ".join(f"{a.priority}. {a.action.id}" for a in starting)
        )
    return "\n".join(lines) + "\n"
