"""A portfolio of sites (PDF and page): heat tables, weak domains and the commonest actions.

Only scores the privacy rule already lets each site publish ever reach a portfolio, and the
portfolio adds nothing worked out from hidden ones: a cell is a site's published score, a
column's figures are counts and medians of published cells. So no cell, total or difference
can reveal a role group that a site's own report would not.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from readiness.assessment.identity import shared_codes, shared_names
from readiness.framework.catalogue import version_key
from readiness.framework.model import version_as_shown
from readiness.report.portfolio.summary import FrameworkSummary, SiteSummary, sort_sites
from readiness.report.views import doc, format_date
from readiness.report.wording import (
    WITHHELD,
    band_range_text,
    lowered_by,
    score_text,
    site_assurance,
)
from readiness.scoring.model import Disclosure
from readiness.vocabulary import SITE_KINDS, TIMEFRAMES, GroupBy, role_label


def group_of(
    site: SiteSummary, group_by: GroupBy | None, names: Mapping[str, str] | None = None
) -> str:
    """The group a site belongs to, as a label: a PCN or ICB by its name and code when any
    site names it (`names`: code -> name), else by its code."""
    if group_by is None:
        return ""
    if group_by == GroupBy.KIND:
        return SITE_KINDS.get(site.kind, site.kind)
    code = site.pcn if group_by == GroupBy.PCN else site.icb
    if not code:
        return f"No {group_by.upper()} given"
    name = (names or {}).get(code)
    return f"{name} ({code})" if name else code


def group_names(sites: Sequence[SiteSummary], group_by: GroupBy | None) -> dict[str, str]:
    """The names sites give their PCN or ICB (code -> the first name given, by site order)."""
    names: dict[str, str] = {}
    for site in sites:
        if group_by == GroupBy.PCN and site.pcn and site.pcn_name:
            names.setdefault(site.pcn, site.pcn_name)
        elif group_by == GroupBy.ICB and site.icb and site.icb_name:
            names.setdefault(site.icb, site.icb_name)
    return names


# -- what the template sees ------------------------------------------------------------------


@dataclass(frozen=True)
class CellView:
    text: str = doc("the score for reading (rounded half up), or '–'")
    band: str = doc("the band label, or why there is none ('too few people to show', 'no data')")
    colour: str = doc("the band's RAG colour name, or 'none'")
    interval_text: str = doc("the 90% interval, e.g. '44–58', or ''")
    weak: bool = doc("below the framework's action threshold")
    lowered_by: str = doc(
        "for a framework's band lowered by failed essential conditions (rule 8): 'band "
        "lowered by DC1, DC7'; else ''"
    )


@dataclass(frozen=True)
class SiteRowView:
    name: str = doc("the site's name")
    ods_code: str = doc("its ODS code, or ''")
    kind: str = doc("e.g. 'GP practice'")
    assessed_on: str = doc("the assessment date, YYYY-MM-DD")
    respondents: int = doc("how many people the site's score for this framework rests on")
    confidence: str = doc("the framework score's confidence: 'high', 'medium' or 'low'")
    overall: CellView = doc("the framework score")
    cells: tuple[CellView, ...] = doc("one per domain, in the framework's order")
    flag: str = doc("why to read this site with care (e.g. 'few respondents'), or ''")
    assurance: str = doc(
        "what the site's scores rest on: 'Self-assessed', or 'Reviewed: 5 of 34 facts "
        "verified, 1 of them contradicted'"
    )
    rank: int = doc("its place when ranked by framework score (0 when not ranked)")
    report: str = doc("the file name of the site's own report beside the portfolio, or ''")
    dated: str = doc(
        "the assessment date for reading ('1 October 2025') when the portfolio holds the site "
        "at another date too (by its ODS code), so the two rows can be told apart; else ''"
    )


@dataclass(frozen=True)
class GroupView:
    label: str = doc("the group (a PCN or ICB code, or a kind of site), or '' when ungrouped")
    rows: tuple[SiteRowView, ...] = doc("the group's sites")


@dataclass(frozen=True)
class WeakDomainView:
    title: str = doc("the domain")
    weak_sites: int = doc("sites where it scored below the action threshold")
    scored_sites: int = doc("sites where it could be scored")
    median: str = doc("the median of the sites' published scores, e.g. '48'")
    id: str = doc("the domain's id")
    median_score: float = doc("that median, unrounded")


@dataclass(frozen=True)
class FrameworkTableView:
    id: str = doc("framework id")
    version: str = doc("framework version")
    title: str = doc("framework title")
    domains: tuple[tuple[int, str], ...] = doc("(number, title) of each domain, in order")
    groups: tuple[GroupView, ...] = doc("the sites, grouped (one group when ungrouped)")
    weak_domains: tuple[WeakDomainView, ...] = doc("domains weak at more than half the sites")
    action_threshold: str = doc("the score under which a domain counts as weak")
    bands: tuple[tuple[str, str, str], ...] = doc("(label, colour, range) of each band")
    shown_version: str = doc(
        "the version as readers see it: '3.0.0', or '3.0.0, adapted locally' when a user's "
        "file replaced the bundled framework"
    )


@dataclass(frozen=True)
class CommonActionView:
    text: str = doc("the action")
    owner: str = doc("the owner role's name")
    timeframe: str = doc("when, e.g. '0–3 months'")
    sites: int = doc("how many sites raise it")


@dataclass(frozen=True)
class PortfolioContext:
    title: str = doc("the report's title")
    date: str = doc("the latest assessment date among the sites, YYYY-MM-DD (also the PDF's)")
    sites: int = doc("how many sites")
    flagged: int = doc("sites flagged as having few respondents")
    grouped_by: str = doc("what sites are grouped by ('PCN', 'ICB', 'kind of site'), or ''")
    ranked: bool = doc("whether sites are ordered by score rather than alphabetically")
    frameworks: tuple[FrameworkTableView, ...] = doc("one heat table per framework (and version)")
    common_actions: tuple[CommonActionView, ...] = doc("the actions raised at the most sites")
    tool_version: str = doc("readiness's version")


GROUP_LABEL = {GroupBy.PCN: "PCN", GroupBy.ICB: "ICB", GroupBy.KIND: "kind of site"}


def _cell(
    boundaries: frozenset[float],
    score: float | None,
    interval: tuple[float, float] | None,
    band: str | None,
    colour: str | None,
    disclosure: str | None,
    weak: bool,
    lowered: str = "",
) -> CellView:
    if score is None:
        why = WITHHELD.lower() if disclosure == Disclosure.SUPPRESSED else "no data"
        return CellView("–", why, "none", "", False, lowered)
    interval_text = (
        "{}–{}".format(*(score_text(end, boundaries) for end in interval)) if interval else ""
    )
    return CellView(
        score_text(score, boundaries), band or "", colour or "none", interval_text, weak, lowered
    )


def framework_keys(sites: Sequence[SiteSummary]) -> list[tuple[str, str]]:
    """Every (framework id, version) the sites were scored on: the frameworks in first-seen
    order, each one's versions together, the newest first."""
    versions: dict[str, set[str]] = {}
    for site in sites:
        for fw in site.frameworks:
            versions.setdefault(fw.id, set()).add(fw.version)
    return [
        (framework_id, version)
        for framework_id, seen in versions.items()
        for version in sorted(seen, key=version_key, reverse=True)
    ]


# How many of the actions raised at the most sites the portfolio lists.
COMMON_ACTIONS = 10


DEFAULT_TITLE = "Social prescribing readiness across sites"


def build_portfolio(
    sites: Sequence[SiteSummary],
    group_by: GroupBy | None = None,
    rank: bool = False,
    tool_version: str = "",
    title: str | None = None,
    reports: Mapping[str, str] | None = None,
) -> PortfolioContext:
    """The portfolio for the PDF and the page: heat tables, weak domains and the commonest
    actions, under `title` (the area's name, say); `reports` maps a site's source to its own
    report's file name, linked from its row."""
    ordered = sort_sites(sites)
    names = group_names(ordered, group_by)
    links = reports or {}
    return PortfolioContext(
        title=title or DEFAULT_TITLE,
        date=max((s.assessed_on for s in ordered), default="2000-01-01"),
        sites=len(ordered),
        flagged=sum(1 for s in ordered if s.too_few),
        grouped_by=GROUP_LABEL[group_by] if group_by else "",
        ranked=rank,
        frameworks=tuple(
            _table(ordered, key, group_by, rank, names, links, _repeated(ordered))
            for key in framework_keys(ordered)
        ),
        common_actions=_common_actions(ordered),
        tool_version=tool_version,
    )


def _table(
    ordered: Sequence[SiteSummary],
    key: tuple[str, str],
    group_by: GroupBy | None,
    rank: bool,
    names: Mapping[str, str],
    links: Mapping[str, str],
    repeated: frozenset[int] = frozenset(),
) -> FrameworkTableView:
    """One framework's heat table: a row per site that scored it, in groups (`repeated`: the
    `id` of each site given at another date too, whose row says its date)."""
    having = [
        (site, fw) for site in ordered for fw in site.frameworks if (fw.id, fw.version) == key
    ]
    first = having[0][1]
    bounds = frozenset(first.boundaries)
    if rank:
        having.sort(key=lambda pair: (pair[1].score is None, -(pair[1].score or 0.0)))
    ranks = {id(site): n for n, (site, _) in enumerate(having, 1)} if rank else {}
    groups: dict[str, list[SiteRowView]] = {}
    for site, fw in having:
        rank_of = ranks.get(id(site), 0) if fw.score is not None else 0
        row = _row(site, fw, bounds, rank_of, links.get(site.source, ""), id(site) in repeated)
        groups.setdefault(group_of(site, group_by, names), []).append(row)
    uppers = [b[3] for b in first.bands[1:]] + [None]
    return FrameworkTableView(
        id=key[0],
        version=key[1],
        shown_version=version_as_shown(key[1], any(fw.adapted for _, fw in having)),
        title=first.title,
        domains=tuple((n, d.title) for n, d in enumerate(first.domains, 1)),
        groups=tuple(GroupView(label, tuple(rows)) for label, rows in sorted(groups.items())),
        weak_domains=_weak_domains([fw for _, fw in having], bounds),
        action_threshold=f"{first.action_threshold:g}",
        bands=tuple(
            (label, colour, band_range_text(low, upper))
            for (_, label, colour, low), upper in zip(first.bands, uppers, strict=True)
        ),
    )


def _repeated(sites: Sequence[SiteSummary]) -> frozenset[int]:
    """The `id` of each site the portfolio holds at another date too: by its ODS code or,
    without codes to tell, by its name."""
    pairs = [*shared_codes(sites), *shared_names(sites)]
    return frozenset(id(sites[n]) for pair in pairs for n in pair)


def _row(
    site: SiteSummary,
    fw: FrameworkSummary,
    bounds: frozenset[float],
    rank: int,
    report: str,
    dated: bool = False,
) -> SiteRowView:
    """A site's row in a heat table: its overall score, then a cell per domain (`dated`: with
    its assessment date, the site being in the portfolio at another date too)."""
    return SiteRowView(
        name=site.name,
        ods_code=site.ods_code or "",
        kind=SITE_KINDS.get(site.kind, site.kind),
        assessed_on=site.assessed_on,
        respondents=fw.respondents,
        confidence=fw.confidence,
        overall=_cell(
            bounds,
            fw.score,
            fw.interval,
            fw.band_label,
            fw.band_colour,
            fw.disclosure,
            False,
            lowered_by(fw.capped_by),
        ),
        cells=tuple(
            _cell(bounds, d.score, d.interval, d.band_label, d.band_colour, d.disclosure, d.weak)
            for d in fw.domains
        ),
        flag="few respondents" if site.too_few else "",
        assurance=site_assurance(
            site.reviewed,
            site.facts,
            site.facts_verified,
            site.facts_contradicted,
            site.facts_contested,
        ),
        rank=rank,
        report=report,
        dated=format_date(dt.date.fromisoformat(site.assessed_on)) if dated else "",
    )


def _weak_domains(
    frameworks: Sequence[FrameworkSummary], bounds: frozenset[float]
) -> tuple[WeakDomainView, ...]:
    """Domains weak (under the action threshold) at more than half of the sites with a
    published score there, and at least two such sites: where an area could invest once."""
    weak = []
    for n, domain in enumerate(frameworks[0].domains):
        there = [fw.domains[n] for fw in frameworks if n < len(fw.domains)]
        published = [d.score for d in there if d.score is not None]
        weak_count = sum(1 for d in there if d.weak)
        if len(published) >= 2 and weak_count > len(published) / 2:
            median = statistics.median(published)
            weak.append(
                WeakDomainView(
                    domain.title,
                    weak_count,
                    len(published),
                    score_text(median, bounds),
                    domain.domain_id,
                    median,
                )
            )
    return tuple(weak)


def _common_actions(ordered: Sequence[SiteSummary]) -> tuple[CommonActionView, ...]:
    """The actions raised at the most sites (each site counts an action once), each in the
    words most of those sites were given (sites on a bundled 1.0.0 framework may have an
    action of the same id in older words); on a tie, the latest assessment's."""
    counts: Counter[str] = Counter()
    wordings: dict[str, Counter[tuple[str, str, str]]] = {}
    latest: dict[tuple[str, str, str], str] = {}
    for site in ordered:
        for action_id, text, owner, timeframe in dict.fromkeys(site.actions):
            counts[action_id] += 1
            details = (text, owner, timeframe)
            wordings.setdefault(action_id, Counter())[details] += 1
            latest[details] = max(latest.get(details, ""), site.assessed_on)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:COMMON_ACTIONS]
    views = []
    for action_id, sites in ranked:
        text, owner, timeframe = max(
            wordings[action_id], key=lambda w: (wordings[action_id][w], latest[w])
        )
        views.append(CommonActionView(text, role_label(owner), TIMEFRAMES[timeframe], sites))
    return tuple(views)
