"""Each site's published scores in brief, small enough to pass between worker processes.

Only scores the privacy rule already lets each site publish ever reach a portfolio: a
withheld score is None here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from readiness.report.wording import score_boundaries
from readiness.scoring.engine import assessment_verification
from readiness.scoring.model import AssessmentResult, FrameworkResult
from readiness.vocabulary import SiteKind


@dataclass(frozen=True)
class DomainSummary:
    """One site's published score for one domain."""

    framework_id: str
    framework_version: str
    domain_id: str
    title: str
    in_total: bool
    score: float | None
    interval: tuple[float, float] | None
    band_id: str | None
    band_label: str | None
    band_colour: str | None
    coverage: float
    respondents: int
    disclosure: str | None
    answered: int
    dont_know: int
    not_applicable: int
    not_answered: int
    weak: bool  # scored below the framework's action threshold


@dataclass(frozen=True)
class FrameworkSummary:
    id: str
    version: str
    title: str
    score: float | None
    interval: tuple[float, float] | None
    band_id: str | None
    band_label: str | None
    band_colour: str | None
    confidence: str
    respondents: int
    coverage: float
    disclosure: str | None
    domains: tuple[DomainSummary, ...]
    bands: tuple[tuple[str, str, str, float], ...]  # (id, label, colour, min)
    action_threshold: float
    reported_score: float | None = None  # as respondents reported it (= score, unreviewed)
    reported_band_id: str | None = None
    # Some role's view of an item is hidden for privacy (rule 4), so scores combined otherwise
    # than the framework says could, beside the usual ones, be worked back to their answers.
    roles_hidden: bool = False
    adapted: bool = False  # scored on a user's file that replaces the bundled framework
    capped_by: tuple[str, ...] = ()  # the gates (item ids) that lowered the band (rule 8)
    # What its scores are shown against (rule 15), as in the site's own outputs.
    boundaries: tuple[float, ...] = ()


@dataclass(frozen=True)
class SiteSummary:
    """What a portfolio needs of one site (small enough to pass between processes)."""

    name: str
    source: str
    ods_code: str | None
    kind: str
    pcn: str | None
    icb: str | None
    assessed_on: str
    respondents: int
    respondents_by_role: tuple[tuple[str, int], ...]
    too_few: bool  # fewer people than the smallest group a score may rest on, or named
    frameworks: tuple[FrameworkSummary, ...]
    actions: tuple[tuple[str, str, str, str], ...]  # (id, text, owner role, timeframe) raised
    reviewer: str | None = None  # who reviewed the assessment; None: self-assessed
    facts: int = 0  # facts asked, each once
    facts_verified: int = 0  # with a verified answer that counts (contradicted included)
    pcn_name: str | None = None  # the PCN's name, when site.yaml gives it (or the site is one)
    icb_name: str | None = None  # the ICB's name, when site.yaml gives it
    facts_contradicted: int = 0
    facts_contested: int = 0  # answers differ and nobody verified it
    # What loading the site warned of (each naming its file), said where a portfolio is made.
    warnings: tuple[str, ...] = ()

    @property
    def reviewed(self) -> bool:
        return self.reviewer is not None


def summarise(result: AssessmentResult) -> SiteSummary:
    """A site's scores in brief: published scores only."""
    assessment = result.assessment
    site = assessment.site
    frameworks = []
    for fr in result.frameworks:
        fw = fr.framework
        threshold = fw.scoring.action_threshold
        domains = tuple(
            DomainSummary(
                framework_id=fw.id,
                framework_version=fw.version,
                domain_id=d.domain.id,
                title=d.domain.title,
                in_total=d.domain.in_total,
                score=d.score,
                interval=d.shown_interval,
                band_id=d.band.id if d.band else None,
                band_label=d.band.label if d.band else None,
                band_colour=d.band.colour if d.band else None,
                coverage=d.coverage,
                respondents=d.respondents,
                disclosure=_plain(d.disclosure),
                answered=d.counts.answered,
                dont_know=d.counts.dont_know,
                not_applicable=d.counts.not_applicable_total,
                not_answered=d.counts.not_answered,
                weak=d.score is not None and d.score < threshold,
            )
            for d in fr.domains
        )
        frameworks.append(
            FrameworkSummary(
                id=fw.id,
                version=fw.version,
                title=fw.title,
                score=fr.score,
                interval=fr.shown_interval,
                band_id=fr.band.id if fr.band else None,
                band_label=fr.band.label if fr.band else None,
                band_colour=fr.band.colour if fr.band else None,
                confidence=str(fr.confidence),
                respondents=fr.respondents,
                coverage=fr.coverage,
                disclosure=_plain(fr.disclosure),
                domains=domains,
                bands=tuple((b.id, b.label, b.colour, b.min) for b in fw.bands),
                action_threshold=threshold,
                reported_score=fr.assurance.reported_score if fr.assurance else fr.score,
                reported_band_id=_reported_band(fr),
                roles_hidden=any(i.compared_roles is not None for i in fr.items if i.used),
                adapted=fw.adapted,
                capped_by=tuple(i.item.id for i in fr.capped_by),
                boundaries=tuple(sorted(score_boundaries(fw))),
            )
        )
    verification = (
        result.assurance.verification
        if result.assurance
        else assessment_verification(result.frameworks)
    )
    smallest = min((f.scoring.min_role_group for f in assessment.frameworks), default=3)
    return SiteSummary(
        name=site.name,
        source=path_text(assessment.path),
        ods_code=site.ods_code,
        kind=str(site.kind),
        # A PCN's own ODS code is its PCN's code, whether or not site.yaml repeats it.
        pcn=site.pcn or (site.ods_code if site.kind == SiteKind.PCN else None),
        icb=site.icb,
        pcn_name=site.pcn_name or (site.name if site.kind == SiteKind.PCN else None),
        icb_name=site.icb_name,
        assessed_on=site.assessed_on.isoformat(),
        respondents=len(assessment.respondents),
        respondents_by_role=tuple(assessment.respondents_by_role().items()),
        too_few=len(assessment.respondents) < smallest or result.not_anonymous,
        frameworks=tuple(frameworks),
        actions=tuple(
            (a.action.id, a.action.text, a.action.owner, a.action.timeframe) for a in result.actions
        ),
        reviewer=result.assurance.reviewer if result.assurance else None,
        facts=verification.facts,
        facts_verified=verification.verified,
        facts_contradicted=verification.contradicted,
        facts_contested=verification.contested,
        warnings=tuple(str(w) for w in assessment.warnings),
    )


def _reported_band(fr: FrameworkResult) -> str | None:
    band = fr.assurance.reported_band if fr.assurance else fr.band
    return band.id if band else None


def sort_sites(sites: Sequence[SiteSummary]) -> list[SiteSummary]:
    """Alphabetically by name (then source), never by score unless asked."""
    return sorted(sites, key=lambda s: (s.name.casefold(), s.source))


def _plain(value: str | None) -> str | None:
    """A word of our vocabulary as plain text (a summary holds no enums, so that one kept as
    JSON reads back the same)."""
    return None if value is None else str(value)


def path_text(path: Path) -> str:
    """A path as text any output can hold: bytes of a file name that are not UTF-8 (which
    Python keeps as lone surrogates) become \\x escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
