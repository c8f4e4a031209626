"""The report's template context: a documented contract of display-ready values.

Templates see only these dataclasses (never the scoring internals), so a consultant's own
template keeps working when the engine changes. Every field carries a `doc`; a test checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from readiness.framework.model import Band
from readiness.report.charts import Radar, radar
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
from readiness.vocabulary import SITE_KINDS, TIMEFRAMES, role_label


def doc(text: str) -> Any:
    """A dataclass field with documentation (shown in the README's template reference)."""
    return field(metadata={"doc": text})


@dataclass(frozen=True)
class BandView:
    id: str = doc("band id from the framework")
    label: str = doc("band name, e.g. 'Developing'")
    colour: str = doc("RAG colour name: red, amber, yellow, light_green or green")
    range_text: str = doc("the score range, e.g. '60 to under 80'")
    lower: float = doc("the lowest score in the band, e.g. 60")
    meaning: str = doc("what a site in this band should do (may be empty)")


@dataclass(frozen=True)
class ScoreView:
    value: float | None = doc("the score on 0–100, or None when there is not enough data")
    text: str = doc("the score rounded for reading, or '–'")
    band: BandView | None = doc("the band holding the score, or None")
    label: str = doc("the band label, or 'Insufficient data' ('Not scored' for an item)")


@dataclass(frozen=True)
class RoleView:
    role: str = doc("role id")
    label: str = doc("role name")
    respondents: int = doc("how many of this role gave a scored answer")
    score: ScoreView = doc("the role's mean; value None when suppressed")
    suppressed: bool = doc("true when the group is too small to show")


@dataclass(frozen=True)
class ItemView:
    id: str = doc("item id")
    text: str = doc("the statement or question")
    score: ScoreView = doc("the site's item score")
    answered: int = doc("scored answers")
    dont_know: int = doc("don't-know answers")
    not_applicable: int = doc("not-applicable answers, all reasons")
    not_applicable_detail: str = doc("not-applicable reasons, e.g. '(role)' or '(role 2, stage 1)'")
    not_answered: int = doc("people asked who left it blank")
    critical: bool = doc("a critical item (a gate)")
    gate_failed: bool = doc("a critical item scoring below the framework's threshold")
    reverse: bool = doc("scored in reverse (agreeing is the weak answer)")
    disagreement: str = doc("why respondents disagree, or '' when they do not")
    roles: tuple[RoleView, ...] = doc("the item by role")
    asked_roles: str = doc("the roles the item is for, e.g. 'Link worker, VCSE partner'")


@dataclass(frozen=True)
class CommentView:
    item_id: str = doc("the item commented on")
    item_text: str = doc("that item's text")
    role: str = doc("the commenter's role name (never their id)")
    text: str = doc("the comment as written (escaped by the template engine)")


@dataclass(frozen=True)
class DomainView:
    number: int = doc("the domain's number in its framework, as on the chart")
    anchor: str = doc("an HTML id for links")
    id: str = doc("domain id")
    title: str = doc("plain-English title")
    description: str = doc("what the domain means")
    score: ScoreView = doc("the domain score")
    coverage_text: str = doc("share of item weight with a score, e.g. '83%'")
    in_total: bool = doc("whether the domain counts in the framework score")
    answered: int = doc("scored answers across its items")
    dont_know: int = doc("don't-know answers")
    not_applicable: int = doc("not-applicable answers")
    not_answered: int = doc("blank answers from people asked")
    disagreement: str = doc("why respondents or roles disagree, or ''")
    items: tuple[ItemView, ...] = doc("the items someone who answered was asked")
    unasked: tuple[ItemView, ...] = doc("items nobody who answered was asked (no counts at all)")
    roles: tuple[RoleView, ...] = doc("the domain by role (suppressed groups included)")
    roles_shown: bool = doc("whether any role group is large enough to show")
    comments: tuple[CommentView, ...] = doc("respondents' comments on its items")


@dataclass(frozen=True)
class ActionView:
    priority: int = doc("1 = do first")
    text: str = doc("the step to take")
    owner: str = doc("the owner role's name")
    timeframe: str = doc("e.g. '0–3 months'")
    raised_by: str = doc("what raised it, e.g. \"IT1 (20), the domain 'IT infrastructure' (26)\"")
    frameworks: str = doc("the framework ids that raised it")
    critical: bool = doc("raised by a failed critical item")
    guidance: str = doc("where to find guidance, or ''")


@dataclass(frozen=True)
class FrameworkView:
    anchor: str = doc("an HTML id for links")
    id: str = doc("framework id")
    title: str = doc("framework title")
    version: str = doc("framework version")
    description: str = doc("what it assesses")
    score: ScoreView = doc("the framework score and (capped) band")
    uncapped_label: str = doc("the band before any cap")
    capped: bool = doc("whether a failed critical item lowered the band")
    critical_failed: tuple[ItemView, ...] = doc("critical items below the threshold")
    critical_unknown: tuple[str, ...] = doc("ids of critical items nobody could score")
    critical_threshold: str = doc("the critical threshold, e.g. '50'")
    coverage_text: str = doc("share of domain weight scored")
    confidence: str = doc("'high', 'medium' or 'low'")
    respondents_text: str = doc("who answered, e.g. 'GP 3, Link worker 3'")
    respondents: int = doc("how many people answered this framework")
    strongest: tuple[DomainView, ...] = doc("up to two highest-scoring domains")
    weakest: tuple[DomainView, ...] = doc("up to two lowest-scoring domains")
    chart: Radar = doc("radar chart geometry and alt text")
    domains: tuple[DomainView, ...] = doc("every domain, in order")
    bands: tuple[BandView, ...] = doc("the framework's bands")
    bands_note: str = doc("how the band thresholds were chosen")
    citations: tuple[str, ...] = doc("formatted citations")
    attribution: str = doc("attribution and licence")
    min_coverage: str = doc("coverage needed, e.g. '50%'")
    action_threshold: str = doc("score below which actions are raised")
    cap_band: str = doc("the band a failed critical item caps at")
    min_role_group: int = doc("smallest role group shown")
    disagreement_gap: str = doc("role gap that flags disagreement")
    disagreement_spread: str = doc("standard deviation that flags disagreement")


@dataclass(frozen=True)
class ReportContext:
    title: str = doc("the report title")
    site_name: str = doc("the site's name")
    ods_code: str = doc("the NHS ODS code, or ''")
    site_kind: str = doc("e.g. 'Primary Care Network'")
    assessed_on: str = doc("the assessment date for reading, e.g. '1 October 2026'")
    assessed_on_iso: str = doc("the assessment date as YYYY-MM-DD (also the PDF's date)")
    tool_version: str = doc("readiness's version")
    respondents: int = doc("how many people answered")
    respondents_by_role: tuple[tuple[str, int], ...] = doc("(role name, count) in role order")
    frameworks: tuple[FrameworkView, ...] = doc("each framework's results")
    top_actions: tuple[ActionView, ...] = doc("the five most important actions")
    actions: tuple[ActionView, ...] = doc("the whole prioritised plan")
    scale_note: str = doc("how answers become 0–100 scores")


def _band(band: Band, upper: float | None) -> BandView:
    text = f"{band.min:g} to 100" if upper is None else f"{band.min:g} to under {upper:g}"
    return BandView(band.id, band.label, band.colour, text, band.min, band.meaning or "")


def score_text(value: float, boundaries: set[float]) -> str:
    """A score for reading: whole numbers, unless rounding up would cross into another band."""
    rounded = round(value)
    if rounded in boundaries and value < rounded:
        return f"{value:.1f}"
    return f"{value:.0f}"


def _score(
    value: float | None,
    band: Band | None,
    bands: dict[str, BandView],
    missing: str = "Insufficient data",
) -> ScoreView:
    if value is None:
        return ScoreView(None, "–", None, missing)
    view = bands[band.id] if band else None
    boundaries = {b.lower for b in bands.values()}
    return ScoreView(value, score_text(value, boundaries), view, view.label if view else "")


def _counts_detail(counts: Counts) -> str:
    reasons = counts.not_applicable
    if len(reasons) == 1:
        return f"({next(iter(reasons))})"
    return (
        "(" + ", ".join(f"{reason} {n}" for reason, n in reasons.items()) + ")" if reasons else ""
    )


def _roles(
    roles: tuple[RoleScore, ...], framework_bands: dict[str, BandView], result: FrameworkResult
) -> tuple[RoleView, ...]:
    out = []
    for r in roles:
        band = result.framework.band_for(r.score) if r.score is not None else None
        out.append(
            RoleView(
                r.role,
                role_label(r.role),
                r.respondents,
                _score(r.score, band, framework_bands),
                r.suppressed,
            )
        )
    return tuple(out)


def _item(result: ItemResult, bands: dict[str, BandView], fr: FrameworkResult) -> ItemView:
    counts = result.counts
    return ItemView(
        id=result.item.id,
        text=result.item.text,
        score=_score(result.score, result.band, bands, missing="Not scored"),
        answered=counts.answered,
        dont_know=counts.dont_know,
        not_applicable=counts.not_applicable_total,
        not_applicable_detail=_counts_detail(counts),
        not_answered=counts.not_answered,
        critical=result.item.critical,
        gate_failed=result.gate_failed,
        reverse=result.item.reverse,
        disagreement="; ".join(disagreement_reasons(result.agreement.reasons)),
        roles=_roles(result.by_role, bands, fr),
        asked_roles=", ".join(role_label(r) for r in result.item.roles) or "every role",
    )


def _asked(item: ItemResult) -> bool:
    counts = item.counts
    return bool(
        counts.answered or counts.dont_know or counts.not_applicable_total or counts.not_answered
    )


def _domain(
    number: int,
    fr: FrameworkResult,
    d: DomainResult,
    bands: dict[str, BandView],
    comments: tuple[CommentView, ...],
) -> DomainView:
    roles = _roles(d.by_role, bands, fr)
    return DomainView(
        number=number,
        anchor=f"{fr.framework.id}-{d.domain.id}",
        id=d.domain.id,
        title=d.domain.title,
        description=d.domain.description,
        score=_score(d.score, d.band, bands),
        coverage_text=f"{d.coverage:.0%}",
        in_total=d.domain.in_total,
        answered=d.counts.answered,
        dont_know=d.counts.dont_know,
        not_applicable=d.counts.not_applicable_total,
        not_answered=d.counts.not_answered,
        disagreement="; ".join(disagreement_reasons(d.agreement.reasons)),
        items=tuple(_item(i, bands, fr) for i in d.items if _asked(i)),
        unasked=tuple(_item(i, bands, fr) for i in d.items if not _asked(i)),
        roles=roles,
        roles_shown=any(not r.suppressed for r in roles),
        comments=tuple(c for c in comments if c.item_id in {i.item.id for i in d.items}),
    )


def _action(planned: PlannedAction, domain_titles: dict[tuple[str, str], str]) -> ActionView:
    raisers = ", ".join(
        f"{r.id} ({r.score:.0f})"
        if r.level == "item"
        else f"the domain '{domain_titles[(r.framework_id, r.id)]}' ({r.score:.0f})"
        for r in planned.raised_by
    )
    frameworks = ", ".join(dict.fromkeys(r.framework_id for r in planned.raised_by))
    return ActionView(
        priority=planned.priority,
        text=planned.action.text,
        owner=role_label(planned.action.owner),
        timeframe=TIMEFRAMES[planned.action.timeframe],
        raised_by=raisers,
        frameworks=frameworks,
        critical=planned.critical,
        guidance=planned.action.guidance or "",
    )


def _framework(fr: FrameworkResult, comments: tuple[CommentView, ...]) -> FrameworkView:
    fw = fr.framework
    uppers: list[float | None] = [b.min for b in fw.bands[1:]]
    uppers.append(None)
    bands = {b.id: _band(b, upper) for b, upper in zip(fw.bands, uppers, strict=True)}
    domains = tuple(_domain(n, fr, d, bands, comments) for n, d in enumerate(fr.domains, 1))
    scored = sorted(
        (d for d in domains if d.score.value is not None and d.in_total),
        key=lambda d: d.score.value or 0.0,
    )
    shown = min(2, len(scored) // 2)  # never list a domain as both strongest and weakest
    strongest = tuple(reversed(scored[len(scored) - shown :]))
    weakest = tuple(scored[:shown])
    items = {i.id: i for d in domains for i in d.items}
    s = fw.scoring
    return FrameworkView(
        anchor=f"fw-{fw.id}",
        id=fw.id,
        title=fw.title,
        version=fw.version,
        description=fw.description,
        score=_score(fr.score, fr.band, bands),
        uncapped_label=fr.uncapped_band.label if fr.uncapped_band else "",
        capped=bool(fr.capped_by),
        critical_failed=tuple(items[i.item.id] for i in fr.items if i.gate_failed),
        critical_unknown=tuple(i.id for i in fr.critical_unknown),
        critical_threshold=f"{s.critical_threshold:g}",
        coverage_text=f"{fr.coverage:.0%}",
        confidence=fr.confidence,
        respondents_text=", ".join(f"{role_label(r)} {n}" for r, n in fr.respondents.items()),
        respondents=sum(fr.respondents.values()),
        strongest=strongest,
        weakest=weakest,
        chart=radar([(d.title, d.score.value) for d in domains]),
        domains=domains,
        bands=tuple(bands.values()),
        bands_note=fw.bands_note,
        citations=tuple(c.formatted() for c in fw.citations),
        attribution=fw.attribution,
        min_coverage=f"{s.min_coverage:.0%}",
        action_threshold=f"{s.action_threshold:g}",
        cap_band=fw.band(s.cap_band).label,
        min_role_group=s.min_role_group,
        disagreement_gap=f"{s.disagreement_gap:g}",
        disagreement_spread=f"{s.disagreement_spread:g}",
    )


def _date(value: Any) -> str:
    return f"{value.day} {value:%B %Y}"


def build_context(result: AssessmentResult) -> ReportContext:
    """Everything the report template may show, ready to display."""
    assessment = result.assessment
    site = assessment.site
    frameworks = []
    for fr in result.frameworks:
        comments = tuple(
            CommentView(item_id, fr.framework.items[item_id].text, role_label(r.role), text)
            for item in fr.framework.items.values()
            for r in assessment.respondents
            for item_id, text in r.comments.get(fr.framework.id, {}).items()
            if item_id == item.id
        )
        frameworks.append(_framework(fr, comments))
    domain_titles = {
        (fr.framework.id, d.domain.id): d.domain.title
        for fr in result.frameworks
        for d in fr.domains
    }
    actions = tuple(_action(a, domain_titles) for a in result.actions)
    return ReportContext(
        title="Social prescribing readiness report",
        site_name=site.name,
        ods_code=site.ods_code or "",
        site_kind=SITE_KINDS[site.kind],
        assessed_on=_date(site.assessed_on),
        assessed_on_iso=site.assessed_on.isoformat(),
        tool_version=__version__,
        respondents=len(assessment.respondents),
        respondents_by_role=tuple(
            (role_label(role), n) for role, n in assessment.respondents_by_role().items()
        ),
        frameworks=tuple(frameworks),
        top_actions=actions[:5],
        actions=actions,
        scale_note=(
            "Each answer becomes a score from 0 (weakest) to 100 (strongest): "
            "(value − lowest) ÷ (highest − lowest) × 100 on its scale."
        ),
    )
