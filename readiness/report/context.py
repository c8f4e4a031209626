"""The report's template context: a documented contract of display-ready values.

Templates see only these dataclasses (never the scoring internals), so a consultant's own
template keeps working when the engine changes. Every field carries a `doc`; a test checks it.
Scores arrive here already filtered by the privacy rule: a withheld score is None, and a
comment from a small role group carries no role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from readiness.assessment.model import Assessment, taking_part
from readiness.assessment.plan import CLOSED, Plan, PlannedStep, carried_on
from readiness.framework.model import Action, Framework
from readiness.report.assurance_view import (
    AssuranceView,
    build_assurance,
    framework_verification,
    reported_view,
)
from readiness.report.charts import Radar, radar
from readiness.report.progress_view import ProgressView
from readiness.report.views import (
    STATUS,
    BandView,
    ScoreView,
    ScoreViews,
    doc,
    format_date,
)
from readiness.report.wording import (
    ASSURANCE_LABELS,
    RESPONSE_BOUNDARIES,
    VERDICT_LABELS,
    VERDICT_MEANINGS,
    confidence_reasons,
    coverage_boundaries,
    disagreement_reasons,
    fact_answers,
    first_sentence,
    item_name,
    percent,
    score_boundaries,
    score_text,
    shown_small,
    shown_text,
    suppression,
    verdict_reason,
    verdict_statement,
)
from readiness.scoring.actions import first_quarter
from readiness.scoring.engine import holding_back
from readiness.scoring.intervals import RESAMPLES
from readiness.scoring.model import (
    AssessmentResult,
    Counts,
    Disclosure,
    DomainResult,
    FrameworkResult,
    ItemResult,
    Level,
    PlannedAction,
    Raiser,
    RoleScore,
)
from readiness.scoring.verdict import site_verdict
from readiness.textmatch import apart
from readiness.version import __version__
from readiness.vocabulary import EVIDENCE_LABELS, ROLES, SITE_KINDS, SIZES, TIMEFRAMES, role_label


@dataclass(frozen=True)
class RoleView:
    role: str = doc("role id")
    label: str = doc("role name")
    respondents: int = doc("how many of this role are behind the view (or answered, if hidden)")
    score: ScoreView = doc("the role's view; value None when not shown")
    suppressed: bool = doc("true when the view is not shown")
    why_hidden: str = doc("why it is not shown, e.g. 'fewer than 3 people', or ''")
    why_shown: str = doc(
        "why a view resting on fewer people than the smallest group is shown (facts, or a "
        "named assessment), or ''"
    )
    agreement: str = doc("within-role agreement r_wg (or r_wg(J)), e.g. '0.82', or ''")


@dataclass(frozen=True)
class ItemView:
    id: str = doc("item id")
    text: str = doc("the statement or question")
    score: ScoreView = doc("the site's item score")
    respondents: int = doc("people with a scored answer")
    fact: bool = doc("a fact about the service rather than an opinion")
    answered: int = doc("scored answers")
    dont_know: int = doc("don't-know answers")
    not_applicable: int = doc("not-applicable answers, all reasons")
    not_applicable_detail: str = doc("not-applicable reasons, e.g. '(role)' or '(role 2, stage 1)'")
    not_answered: int = doc("people asked who left it blank")
    critical: bool = doc("a critical item (a gate)")
    gate_failed: bool = doc("a critical item scoring below the framework's threshold")
    reverse: bool = doc("scored in reverse (agreeing is the weak answer)")
    disagreement: str = doc("why respondents disagree, or '' when they do not")
    agreement: str = doc("r_wg for everyone who answered, e.g. '0.64', or ''")
    low_agreement: bool = doc("r_wg below the cut-off: the mean hides real disagreement")
    roles: tuple[RoleView, ...] = doc("the item by role")
    asked_roles: str = doc("the roles the item is for, e.g. 'Link worker, VCSE partner'")
    fact_status: str = doc(
        "for a fact: 'agreed', 'contested' (answers differ; it counts at the least favourable) "
        "or 'undecided' (answered only by roles that do not decide it); '' for an opinion"
    )
    fact_answers: str = doc(
        "for a fact, every answer by role as counts, e.g. 'Link worker: No ×3; "
        "Link-worker manager or supervisor: Yes ×1'; '' for an opinion"
    )
    others_answered: bool = doc(
        "a fact some roles that do not decide it answered too (their answers are listed, and "
        "do not count)"
    )
    assurance: str = doc(
        "for a fact: 'Verified', 'Self-reported', 'Contested' or 'Contradicted'; '' otherwise"
    )
    assurance_id: str = doc("the same as a code (verified, self_reported, contested...)")
    gate_threshold: str = doc("for a critical item, the score it passes its gate at, e.g. '100'")
    unknown_caps: str = doc("for a gate, the band it caps at while unknown, e.g. 'Sound', or ''")
    flag: str = doc("the item's finding when its flag is raised (never a cap), or ''")
    self_rated: bool = doc("answered by people rating their own practice (self-reported)")


@dataclass(frozen=True)
class ItemName:
    id: str = doc("the item's code, for consultants (printed small, after its words)")
    text: str = doc("the statement or question")


@dataclass(frozen=True)
class CommentView:
    item_id: str = doc("the item commented on, or '' when naming it would identify the writer")
    item_text: str = doc("that item's text, or ''")
    role: str = doc("the writer's role name, or '' when their role group is too small to name")
    text: str = doc("the comment as written (escaped by the template engine)")


@dataclass(frozen=True)
class DomainView:
    number: int = doc("the domain's number in its framework, as on the chart")
    anchor: str = doc("an HTML id for links")
    id: str = doc("domain id")
    title: str = doc("plain-English title")
    description: str = doc("what the domain means")
    cfir: str = doc("the nearest CFIR 2.0 construct, a cross-reference, or ''")
    score: ScoreView = doc("the domain score, with its interval")
    respondents: int = doc("people behind the score")
    coverage_text: str = doc("share of item weight with a score that may be shown, e.g. '83%'")
    in_total: bool = doc("whether the domain counts in the framework score")
    answered: int = doc("scored answers across its items")
    dont_know: int = doc("don't-know answers")
    not_applicable: int = doc("not-applicable answers")
    not_answered: int = doc("blank answers from people asked")
    disagreement: str = doc("why respondents or roles disagree, or ''")
    agreement: str = doc("r_wg(J) for everyone behind the score, e.g. '0.71', or ''")
    low_agreement: bool = doc("r_wg(J) below the cut-off")
    items: tuple[ItemView, ...] = doc("the items someone who answered was asked")
    unasked: tuple[ItemView, ...] = doc("items nobody who answered was asked (no counts at all)")
    withheld_items: int = doc("items answered by too few people to show")
    roles: tuple[RoleView, ...] = doc("the domain by role (hidden groups included)")
    roles_shown: bool = doc("whether any role's view is shown")
    comments: tuple[CommentView, ...] = doc("respondents' comments on its items")


@dataclass(frozen=True)
class ActionView:
    priority: int = doc("1 = do first (0 for an adopted action this assessment no longer raises)")
    id: str = doc("the action's id")
    text: str = doc("the step to take")
    owner: str = doc("the owner role's name")
    timeframe: str = doc("e.g. '0–3 months'")
    raised_by: str = doc(
        'what raised it, in words: e.g. "“Link workers can book a private room” (20), the '
        "domain 'IT infrastructure' (26)\""
    )
    raised_by_codes: str = doc("the codes of the items that raised it, e.g. 'IT1, DC8', or ''")
    frameworks: str = doc("the framework ids that raised it")
    critical: bool = doc("raised by a failed critical item")
    guidance: str = doc("where to find guidance, or ''")
    adopted: bool = doc("the site adopted it in its plan")
    owner_name: str = doc("who owns it in the site's plan (a person or post), or ''")
    due: str = doc("when it is due in the site's plan, e.g. '31 March 2027', or ''")
    status: str = doc("its status in the site's plan: 'Not started', 'In progress', 'Done'...")
    reason: str = doc("why it was dropped, or ''")
    raised_now: bool = doc("whether this assessment raises it")
    joint_owners: str = doc("roles sharing the authority it needs, e.g. 'Practice manager', or ''")
    effort: str = doc("'Small', 'Medium' or 'Large' (the work), or '' when not stated")
    cost: str = doc("'Small', 'Medium' or 'Large' (the money), or '' when not stated")
    evidence: str = doc("what supports it, e.g. 'National guidance: NHS England ...', or ''")
    eric: str = doc("ERIC strategies it applies, '; '-separated (a cross-reference), or ''")
    overdue: bool = doc("adopted, due before the assessment date and neither done nor dropped")
    closed: bool = doc("adopted and done or dropped")


@dataclass(frozen=True)
class FrameworkView:
    anchor: str = doc("an HTML id for links")
    id: str = doc("framework id")
    title: str = doc("framework title")
    version: str = doc("framework version")
    description: str = doc("what it assesses")
    score: ScoreView = doc("the framework score, interval and (capped) band")
    uncapped_label: str = doc("the band before any cap")
    capped: bool = doc("whether a failed critical item lowered the band")
    critical_failed: tuple[ItemView, ...] = doc("critical items below the threshold")
    critical_unknown: tuple[str, ...] = doc("ids of critical items nobody gave a scored answer")
    capped_unknown: tuple[ItemView, ...] = doc(
        "unanswered gates that capped the band (each says its cap in unknown_caps)"
    )
    flags: tuple[ItemView, ...] = doc("items whose flag is raised (item.flag is the finding)")
    critical_withheld: tuple[str, ...] = doc("ids of critical items too few people answered")
    contested: tuple[str, ...] = doc(
        "ids of facts whose deciding answers differ (each counts at its least favourable)"
    )
    contested_named: tuple[ItemName, ...] = doc("the same facts, named in words")
    critical_unknown_named: tuple[ItemName, ...] = doc("critical_unknown, named in words")
    critical_withheld_named: tuple[ItemName, ...] = doc("critical_withheld, named in words")
    reported: ScoreView | None = doc(
        "for a reviewed assessment, the score and band as respondents reported them (before "
        "verified answers replaced theirs); None without a review"
    )
    verification: str = doc("for a reviewed assessment, e.g. '3 of 27 facts verified', or ''")
    critical_threshold: str = doc("the critical threshold, e.g. '50'")
    coverage_text: str = doc("share of domain weight scored")
    confidence: str = doc("'high', 'medium' or 'low'")
    confidence_why: str = doc("what keeps confidence from being higher, or ''")
    agreement: str = doc("r_wg(J) over every item that counts, e.g. '0.74', or ''")
    respondents_text: str = doc("who answered, e.g. 'GP 3, Link worker 3'")
    respondents: int = doc("how many people answered this framework")
    behind_score: int = doc("how many people's answers are behind the score")
    aggregate: str = doc("'roles' (each role one voice) or 'respondents' (each person counts)")
    strongest: tuple[DomainView, ...] = doc("up to two highest-scoring domains")
    weakest: tuple[DomainView, ...] = doc("up to two lowest-scoring domains")
    held_back_by: DomainView | None = doc(
        "the domain far below the others that holds the framework back (R = MC², rule 14), or None"
    )
    chart: Radar = doc("radar chart geometry and alt text")
    domains: tuple[DomainView, ...] = doc("every domain, in order")
    small_group_comments: tuple[CommentView, ...] = doc(
        "comments whose question would identify a small group, shown apart without it"
    )
    bands: tuple[BandView, ...] = doc("the framework's bands")
    bands_note: str = doc("how the band thresholds were chosen")
    citations: tuple[str, ...] = doc("formatted citations")
    attribution: str = doc("attribution and licence")
    min_coverage: str = doc("coverage needed, e.g. '50%'")
    action_threshold: str = doc("score below which actions are raised")
    cap_band: str = doc("the band a failed critical item caps at")
    gate_thresholds: tuple[tuple[str, tuple[str, ...]], ...] = doc(
        "each threshold below which an essential item caps the band, with its items' ids"
    )
    gate_unknown_caps: tuple[tuple[str, tuple[str, ...]], ...] = doc(
        "each band an essential item holds the framework at while unknown, with its items' ids"
    )
    min_role_group: int = doc("fewest people behind an opinion score or a role's view")
    disagreement_gap: str = doc("role gap that flags disagreement")
    disagreement_spread: str = doc("standard deviation that flags disagreement")
    agreement_cutoff: str = doc("r_wg below this marks low agreement, e.g. '0.7'")


@dataclass(frozen=True)
class ResponseView:
    role: str = doc("role name")
    invited: int = doc("people of the role invited")
    responded: int = doc("people of the role who answered")
    rate: str = doc("the response rate, e.g. '38%'")


@dataclass(frozen=True)
class VerdictView:
    label: str = doc("the site's readiness: 'Not ready', 'Emerging', 'Developing' or 'Ready'")
    statement: str = doc("with its confidence, e.g. 'Probably Developing; could be Emerging'")
    meaning: str = doc("what the level means for the site, in a clause")
    reason: str = doc("which framework sets it, and the rule (rule 18)")
    next_steps: tuple[str, ...] = doc(
        "the three things to do next (the first quarter's first three), each its first "
        "sentence and owner, e.g. 'Confirm the link-worker posts ... (PCN clinical director or "
        "PCN manager)'"
    )


@dataclass(frozen=True)
class ReportContext:
    title: str = doc("the report title")
    verdict: VerdictView | None = doc("one verdict for the site, or None when nothing scored")
    site_name: str = doc("the site's name")
    ods_code: str = doc("the NHS ODS code, or ''")
    site_kind: str = doc("e.g. 'Primary Care Network'")
    assessed_on: str = doc("the assessment date for reading, e.g. '1 October 2026'")
    assessed_on_iso: str = doc("the assessment date as YYYY-MM-DD (also the PDF's date)")
    tool_version: str = doc("readiness's version")
    respondents: int = doc("how many people answered")
    respondents_by_role: tuple[tuple[str, int], ...] = doc("(role name, count) in role order")
    anonymity_note: str = doc("why the answers are not anonymous, or '' when they are")
    response_rates: tuple[ResponseView, ...] = doc("response rate by role (when invitations given)")
    response_rate: str = doc("overall response rate, e.g. '42%', or '' when not known")
    frameworks: tuple[FrameworkView, ...] = doc("each framework's results")
    top_actions: tuple[ActionView, ...] = doc(
        "the actions the summary leads with: the site's adopted ones (the first six, in the "
        "plan's order), else the first quarter"
    )
    first_quarter: tuple[ActionView, ...] = doc(
        "where to start, at most five of the raised actions not adopted: gate-failing ones "
        "first, then by importance per effort (rule 14)"
    )
    later: tuple[ActionView, ...] = doc("the other raised actions not adopted, by importance")
    overdue: tuple[ActionView, ...] = doc(
        "adopted actions past their due date on the assessment date and not done or dropped"
    )
    new_priorities: tuple[ActionView, ...] = doc(
        "with a baseline: raised actions not adopted that something newly weak raised (an item "
        "or domain that did not raise actions at the baseline, or a gate newly failed), at "
        "most NEW_PRIORITIES, by importance"
    )
    still_open: tuple[ActionView, ...] = doc("adopted actions neither overdue, done nor dropped")
    closed: tuple[ActionView, ...] = doc("adopted actions done or dropped: the short record")
    more_closed: int = doc("done or dropped actions the short record leaves out")
    more_open: int = doc("overdue or open adopted actions the summary leaves out (for room)")
    more_adopted: int = doc("how many adopted actions the summary leaves out")
    adopted_actions: tuple[ActionView, ...] = doc("the actions the site adopted, in its order")
    adopted_left_out: int = doc(
        "adopted actions of frameworks this report leaves out (--framework), not listed"
    )
    actions: tuple[ActionView, ...] = doc("every raised action the site has not adopted, ranked")
    plan_file: str = doc("the site's plan file's name, or '' when it has none")
    general_comments: tuple[CommentView, ...] = doc(
        "comments not about one question ('Any other comments?'), by role as item comments are"
    )
    scale_note: str = doc("how answers become 0–100 scores")
    interval_note: str = doc("how the 90% intervals were worked out, e.g. '1,000 resamples'")
    progress: ProgressView | None = doc(
        "progress since a baseline (report/progress_view.py), or None without one"
    )
    assurance: AssuranceView = doc(
        "what the numbers rest on, and the facts and evidence (report/assurance_view.py)"
    )


def _counts_detail(counts: Counts) -> str:
    """Why answers were not applicable, by the frameworks' reason ids in words: '(team
    size)', '(role 2, stage 1)'."""
    reasons = {reason.replace("_", " "): n for reason, n in counts.not_applicable.items()}
    if len(reasons) == 1:
        return f"({next(iter(reasons))})"
    return (
        "(" + ", ".join(f"{reason} {n}" for reason, n in reasons.items()) + ")" if reasons else ""
    )


def _roles(
    roles: tuple[RoleScore, ...], scores: ScoreViews, min_group: int, not_anonymous: bool
) -> tuple[RoleView, ...]:
    return tuple(
        RoleView(
            r.role,
            role_label(r.role),
            r.respondents,
            scores.view(r.score),
            r.suppressed,
            suppression(r.suppressed_because, min_group, r.respondents),
            shown_small(not r.suppressed and r.respondents < min_group, not_anonymous, min_group),
            scores.agreement(r.rwg),
        )
        for r in roles
    )


def _item(
    result: ItemResult, scores: ScoreViews, framework: Framework, not_anonymous: bool
) -> ItemView:
    counts = result.counts
    settings = framework.scoring
    min_group = settings.min_role_group
    cap = result.item.unknown_caps
    unknown_caps = framework.band(cap).label if cap else ""
    return ItemView(
        id=result.item.id,
        text=result.item.text,
        score=scores.view(
            result.score,
            result.band,
            missing="Not scored",
            withheld=result.disclosure == Disclosure.SUPPRESSED,
        ),
        respondents=result.respondents,
        fact=result.item.fact,
        answered=counts.answered,
        dont_know=counts.dont_know,
        not_applicable=counts.not_applicable_total,
        not_applicable_detail=_counts_detail(counts),
        not_answered=counts.not_answered,
        critical=result.item.critical,
        gate_failed=result.gate_failed,
        reverse=result.item.reverse,
        disagreement="; ".join(disagreement_reasons(result.agreement.reasons, scores.boundaries)),
        agreement=scores.agreement(result.agreement.rwg),
        low_agreement=result.agreement.low_agreement,
        roles=_roles(result.by_role, scores, min_group, not_anonymous),
        asked_roles=", ".join(role_label(r) for r in result.item.roles) or "every role",
        fact_status=result.fact_status or "",
        fact_answers=fact_answers(
            result.fact_answers, {o.code: o.label for o in result.item.scale.options}
        ),
        others_answered=any(not a.decides for a in result.fact_answers),
        assurance=ASSURANCE_LABELS[result.assurance] if result.assurance else "",
        assurance_id=result.assurance or "",
        gate_threshold=f"{result.item.gate_threshold(settings):g}" if result.item.critical else "",
        unknown_caps=unknown_caps,
        flag=result.item.flag.says if result.flagged and result.item.flag else "",
        self_rated=result.item.self_rated,
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
    scores: ScoreViews,
    comments: tuple[CommentView, ...],
    not_anonymous: bool,
) -> DomainView:
    min_group = fr.framework.scoring.min_role_group
    roles = _roles(d.by_role, scores, min_group, not_anonymous)
    item_ids = {i.item.id for i in d.items}
    return DomainView(
        number=number,
        anchor=f"{fr.framework.id}-{d.domain.id}",
        id=d.domain.id,
        title=d.domain.title,
        description=d.domain.description,
        score=scores.view(
            d.score, d.band, d.shown_interval, withheld=d.disclosure == Disclosure.SUPPRESSED
        ),
        respondents=d.respondents,
        coverage_text=percent(d.coverage, coverage_boundaries(fr.framework)),
        in_total=d.domain.in_total,
        answered=d.counts.answered,
        dont_know=d.counts.dont_know,
        not_applicable=d.counts.not_applicable_total,
        not_answered=d.counts.not_answered,
        disagreement="; ".join(
            disagreement_reasons(d.agreement.reasons, scores.boundaries, shared=True)
        ),
        agreement=scores.agreement(d.agreement.rwg),
        low_agreement=d.agreement.low_agreement,
        items=tuple(_item(i, scores, fr.framework, not_anonymous) for i in d.items if _asked(i)),
        unasked=tuple(
            _item(i, scores, fr.framework, not_anonymous) for i in d.items if not _asked(i)
        ),
        cfir=d.domain.cfir or "",
        withheld_items=sum(1 for i in d.items if i.disclosure == Disclosure.SUPPRESSED),
        roles=roles,
        roles_shown=any(not r.suppressed for r in roles),
        comments=tuple(c for c in comments if c.item_id in item_ids),
    )


# The summary leads with the site's adopted actions, or else the most important raised ones;
# more than eight would push the short report past its four pages.
SUMMARY_ADOPTED = 6


def _action(
    planned: PlannedAction,
    names: _Names,
    step: PlannedStep | None = None,
    today: dt.date | None = None,
) -> ActionView:
    def shown(r: Raiser) -> str:
        return score_text(r.score, names.boundaries[r.framework_id])

    raisers = ", ".join(
        f"{apart(item_name(names.item_texts[(r.framework_id, r.id)], RAISER_NAME_LIMIT))} "
        f"({shown(r)})"
        if r.level == Level.ITEM
        else f"the domain '{apart(names.domain_titles[(r.framework_id, r.id)])}' ({shown(r)})"
        for r in planned.raised_by
    )
    codes = ", ".join(r.id for r in planned.raised_by if r.level == Level.ITEM)
    frameworks = ", ".join(dict.fromkeys(r.framework_id for r in planned.raised_by))
    return ActionView(
        priority=planned.priority,
        id=planned.action.id,
        text=planned.action.text,
        owner=role_label(planned.action.owner),
        timeframe=TIMEFRAMES[planned.action.timeframe],
        raised_by=raisers,
        raised_by_codes=codes,
        frameworks=frameworks,
        critical=planned.critical,
        guidance=planned.action.guidance or "",
        **_step_fields(step, today),
        raised_now=True,
        **_sizing(planned.action),
    )


def _sizing(action: Action | None) -> dict[str, Any]:
    """An action's joint owners, size, evidence and ERIC cross-reference, in words."""
    if action is None:
        return {"joint_owners": "", "effort": "", "cost": "", "evidence": "", "eric": ""}
    evidence = action.evidence
    return {
        "joint_owners": ", ".join(role_label(r) for r in action.joint_owners),
        "effort": SIZES.get(action.effort or "", ""),
        "cost": SIZES.get(action.cost or "", ""),
        "evidence": (
            EVIDENCE_LABELS[evidence.grade] + (f": {evidence.source}" if evidence.source else "")
            if evidence
            else ""
        ),
        "eric": "; ".join(action.eric),
    }


def _step_fields(step: PlannedStep | None, today: dt.date | None = None) -> dict[str, Any]:
    if step is None or not step.adopted:
        return {
            "adopted": False,
            "owner_name": "",
            "due": "",
            "status": "",
            "reason": "",
            "overdue": False,
            "closed": False,
        }
    closed = step.status in CLOSED
    return {
        "adopted": True,
        "owner_name": step.owner or "",
        "due": format_date(step.due) if step.due else "",
        "status": STATUS[step.status],
        "reason": step.reason or "",
        "overdue": bool(today and step.due and step.due < today and not closed),
        "closed": closed,
    }


def _unraised(
    step: PlannedStep, actions: dict[str, Action], today: dt.date | None = None
) -> ActionView:
    """An adopted action this assessment no longer raises (perhaps because it worked)."""
    action = actions.get(step.id)
    return ActionView(
        priority=0,
        id=step.id,
        text=action.text if action else (step.text or step.id),
        owner=role_label(action.owner) if action else "",
        timeframe=TIMEFRAMES[action.timeframe] if action else "",
        raised_by="not raised by this assessment",
        raised_by_codes="",
        frameworks="",
        critical=False,
        guidance=(action.guidance or "") if action else "",
        **_step_fields(step, today),
        raised_now=False,
        **_sizing(action),
    )


@dataclass(frozen=True)
class _Names:
    """What an action's raisers need to be read: domain titles and each framework's band
    boundaries (so a raiser's score is printed inside its own band)."""

    domain_titles: dict[tuple[str, str], str]
    boundaries: dict[str, frozenset[float]]
    item_texts: dict[tuple[str, str], str]


RAISER_NAME_LIMIT = 60  # an item named among an action's raisers, in a narrow column
NEXT_STEPS = 3  # the summary's verdict names this many things to do next
NEW_PRIORITIES = 3  # a follow-up's summary lists at most this many new priorities
CLOSED_SHOWN = 3  # and at most this many done or dropped actions in its short record
DO_NOW = 3  # overdue, new and open actions a follow-up's summary lists, together


def _do_now(
    result: AssessmentResult,
    adopted: tuple[ActionView, ...],
    raised: tuple[ActionView, ...],
    progress: ProgressView | None,
) -> dict[str, Any]:
    """What a follow-up's summary leads with, within the summary's room: overdue adopted
    actions, new priorities and adopted actions still open (at most DO_NOW in all, in that
    order; a new priority keeps one place however many are overdue, so that what newly
    went wrong is never crowded out), and a short record of those done or dropped."""
    priorities = _new_priorities(result, raised, progress)
    overdue = tuple(a for a in adopted if a.overdue)[: DO_NOW - (1 if priorities else 0)]
    new = priorities[: DO_NOW - len(overdue)]
    room = DO_NOW - len(overdue) - len(new)
    still_open = tuple(a for a in adopted if not a.overdue and not a.closed)[:room]
    closed = tuple(a for a in adopted if a.closed)
    return {
        "overdue": overdue,
        "new_priorities": new,
        "still_open": still_open,
        "closed": closed[:CLOSED_SHOWN],
        "more_closed": max(0, len(closed) - CLOSED_SHOWN),
        "more_open": len(adopted) - len(overdue) - len(still_open) - len(closed),
    }


def _new_priorities(
    result: AssessmentResult, raised: tuple[ActionView, ...], progress: ProgressView | None
) -> tuple[ActionView, ...]:
    """Raised actions (not adopted) that something newly weak since the baseline raised."""
    if progress is None:
        return ()
    newly = set(progress.newly_weak)
    new_ids = {
        a.action.id
        for a in result.actions
        if any(f"{r.framework_id}/{r.id}" in newly for r in a.raised_by)
    }
    return tuple(v for v in raised if v.id in new_ids)[:NEW_PRIORITIES]


def _verdict(result: AssessmentResult, starting: tuple[ActionView, ...]) -> VerdictView | None:
    verdict = site_verdict(result)
    if verdict is None:
        return None
    return VerdictView(
        label=VERDICT_LABELS[verdict.id],
        statement=verdict_statement(verdict),
        meaning=VERDICT_MEANINGS[verdict.id],
        reason=verdict_reason(verdict),
        next_steps=tuple(f"{first_sentence(a.text)} ({a.owner})" for a in starting[:NEXT_STEPS]),
    )


def _first_quarter(
    result: AssessmentResult, raised: tuple[ActionView, ...]
) -> tuple[tuple[ActionView, ...], tuple[ActionView, ...]]:
    """The raised actions the site has not adopted, split into where to start (rule 14) and
    the rest, by importance."""
    shown = {v.id: v for v in raised}
    starting = [
        a.action.id for a in first_quarter([a for a in result.actions if a.action.id in shown])
    ]
    return tuple(shown[i] for i in starting), tuple(v for v in raised if v.id not in starting)


def _plan_views(
    result: AssessmentResult, plan: Plan | None, names: _Names
) -> tuple[tuple[ActionView, ...], tuple[ActionView, ...]]:
    """(adopted actions in the plan's order, the other raised actions ranked)."""
    raised = {a.action.id: a for a in result.actions}
    if plan is None:
        return (), tuple(_action(a, names) for a in result.actions)
    library = {a.id: a for f in result.assessment.frameworks for a in f.actions.values()}
    today = result.assessment.site.assessed_on
    # An adopted action of a framework this report leaves out (--framework) is not reported on.
    left_out = result.assessment.left_out_actions
    # An entry adopted under an id that an action raised now took over carries on as it.
    successors = carried_on(result.assessment.frameworks)
    now_as = {step.id: plan.now_as(step, successors) for step in plan.adopted}
    # Two entries one action took over are that action once, as the first (the plan warns).
    once: dict[str, PlannedStep] = {}
    for step in plan.adopted:
        once.setdefault(now_as[step.id], step)
    adopted = tuple(
        _action(raised[now_as[step.id]], names, step, today)
        if now_as[step.id] in raised
        else _unraised(step, library, today)
        for step in plan.adopted
        if step.id not in left_out and once[now_as[step.id]] is step
    )
    chosen = set(now_as.values())
    rest = tuple(_action(a, names) for a in result.actions if a.action.id not in chosen)
    return adopted, rest


def _too_small(role: str, sizes: dict[str, int], min_group: int, not_anonymous: bool) -> bool:
    """Whether naming a writer's role would point to a group smaller than `min_group`."""
    return not not_anonymous and sizes.get(role, 0) < min_group


def _in_safe_order(written: list[tuple[str, CommentView]]) -> list[CommentView]:
    """Comments (each with its writer's role) named by role first, roles in the vocabulary's
    order, then those not named, each group by its text. The order people are listed in
    (often by role) would place an unnamed comment among its own role's neighbours."""
    rank = {role: n for n, role in enumerate(ROLES)}
    named = sorted(
        (c for c in written if c[1].role), key=lambda c: (rank.get(c[0], len(rank)), c[1].text)
    )
    unnamed = sorted((c[1] for c in written if not c[1].role), key=lambda v: v.text)
    return [view for _, view in named] + unnamed


@dataclass(frozen=True)
class _Comments:
    """A framework's item comments as they may be shown (see `_sorted_comments`)."""

    placed: tuple[CommentView, ...]  # under their items, named by role or not
    unplaced: tuple[CommentView, ...]  # without their items, by their text
    apart: bool  # whether the unplaced ones may be listed as the framework's own


def _sorted_comments(fr: FrameworkResult, assessment: Assessment, not_anonymous: bool) -> _Comments:
    """A framework's item comments, in item order (see `_in_safe_order` within an item).

    A writer whose role group is smaller than `min_role_group` is never named by role, and on
    an item where one of them wrote, nobody is: an unnamed comment among named ones would be
    known as the small group's. A role's group is the people of it who took part in this
    framework (answered or commented on it), not in the assessment: three GPs of whom one
    answered this framework are one here. When every role the item is addressed to is such a
    small group, the item is not named either: those comments are listed apart, by their text,
    as long as the small groups those items were asked of hold `min_role_group` people
    together (otherwise they are the general comments' to show, see `_general_comments`)."""
    framework = fr.framework
    min_group = framework.scoring.min_role_group
    sizes = taking_part(assessment.respondents, framework.id)

    def small(role: str) -> bool:
        return _too_small(role, sizes, min_group, not_anonymous)

    placed: list[CommentView] = []
    unplaced: list[CommentView] = []
    pool: set[str] = set()  # the small roles the comments listed apart could be from
    for item in framework.items.values():
        asked = item.roles or tuple(sizes)
        written = [
            (respondent.role, shown_text(text))
            for respondent in assessment.respondents
            if (text := respondent.comments.get(framework.id, {}).get(item.id))
        ]
        if not any(small(role) for role, _ in written):
            views = [(r, CommentView(item.id, item.text, role_label(r), t)) for r, t in written]
            placed += _in_safe_order(views)
        elif all(small(role) for role in asked):
            unplaced += [CommentView("", "", "", text) for _, text in written]
            pool.update(role for role in asked if sizes.get(role))
        else:
            views = [(r, CommentView(item.id, item.text, "", t)) for r, t in written]
            placed += _in_safe_order(views)
    apart = sum(sizes[role] for role in pool) >= min_group
    return _Comments(tuple(placed), tuple(sorted(unplaced, key=lambda v: v.text)), apart)


def _comments(
    fr: FrameworkResult, assessment: Assessment, not_anonymous: bool
) -> tuple[CommentView, ...]:
    """The comments a framework's section shows: under their items, then those listed apart."""
    sorted_comments = _sorted_comments(fr, assessment, not_anonymous)
    apart = sorted_comments.unplaced if sorted_comments.apart else ()
    return sorted_comments.placed + apart


def _unplaced_too_few(result: AssessmentResult) -> list[CommentView]:
    """The comments no framework's section can list apart (`_sorted_comments`): shown among
    the general comments instead, where anyone could have written them."""
    moved: list[CommentView] = []
    for fr in result.frameworks:
        found = _sorted_comments(fr, result.assessment, result.not_anonymous)
        if not found.apart:
            moved += found.unplaced
    return moved


def _general_comments(result: AssessmentResult) -> tuple[CommentView, ...]:
    """Respondents' general comments, named by role only when no writer's role group is
    smaller than the largest `min_role_group` of the report's frameworks (the item comments'
    rule, at its strictest), in the order of `_in_safe_order`, with the comments on items only
    very few were asked that a framework could not show (`_unplaced_too_few`)."""
    assessment = result.assessment
    sizes = assessment.respondents_by_role()
    strictest = max((f.scoring.min_role_group for f in assessment.frameworks), default=3)
    written = [
        (respondent.role, shown_text(respondent.general_comment))
        for respondent in assessment.respondents
        if respondent.general_comment
    ]
    moved = _unplaced_too_few(result)
    named = not moved and not any(
        _too_small(role, sizes, strictest, result.not_anonymous) for role, _ in written
    )
    if named:
        return tuple(
            _in_safe_order([(r, CommentView("", "", role_label(r), t)) for r, t in written])
        )
    unnamed = [CommentView("", "", "", text) for _, text in written] + moved
    return tuple(sorted(unnamed, key=lambda v: v.text))


def _gate_thresholds(framework: Framework) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Rule 8 as this framework applies it: each threshold its essential items fail below,
    lowest first, with their ids (an item's own threshold, else the framework's)."""
    settings = framework.scoring
    by_threshold: dict[float, list[str]] = {}
    for item in framework.items.values():
        if item.critical:
            by_threshold.setdefault(item.gate_threshold(settings), []).append(item.id)
    return tuple((f"{t:g}", tuple(ids)) for t, ids in sorted(by_threshold.items()))


def _gate_unknown_caps(framework: Framework) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each band an essential item holds the framework at while nobody can answer it, lowest
    first, with the items' ids."""
    by_cap: dict[str, list[str]] = {}
    for item in framework.items.values():
        if item.critical and item.unknown_caps:
            by_cap.setdefault(item.unknown_caps, []).append(item.id)
    caps = sorted(by_cap.items(), key=lambda kv: framework.band(kv[0]).min)
    return tuple((framework.band(band).label, tuple(ids)) for band, ids in caps)


def _framework(fr: FrameworkResult, assessment: Assessment, not_anonymous: bool) -> FrameworkView:
    fw = fr.framework
    scores = ScoreViews(fw)
    comments = _comments(fr, assessment, not_anonymous)
    domains = tuple(
        _domain(n, fr, d, scores, comments, not_anonymous) for n, d in enumerate(fr.domains, 1)
    )
    scored = sorted(
        (d for d in domains if d.score.value is not None and d.in_total),
        key=lambda d: d.score.value or 0.0,
    )
    shown = min(2, len(scored) // 2)  # never list a domain as both strongest and weakest
    strongest = tuple(reversed(scored[len(scored) - shown :]))
    weakest = tuple(scored[:shown])
    # Every item, asked of someone or not: an essential item nobody was asked can cap the band.
    items = {i.id: i for d in domains for i in (*d.items, *d.unasked)}
    held = holding_back(fr)
    s = fw.scoring
    return FrameworkView(
        anchor=f"fw-{fw.id}",
        id=fw.id,
        title=fw.title,
        version=fw.shown_version,
        description=fw.description,
        score=scores.view(
            fr.score,
            fr.band,
            fr.shown_interval,
            withheld=fr.disclosure == Disclosure.SUPPRESSED,
            spanned=fr.shown_interval_bands,
        ),
        uncapped_label=fr.uncapped_band.label if fr.uncapped_band else "",
        capped=any(i.gate_failed for i in fr.capped_by),
        critical_failed=tuple(items[i.item.id] for i in fr.items if i.gate_failed),
        critical_unknown=tuple(i.id for i in fr.critical_unknown),
        capped_unknown=tuple(items[i.item.id] for i in fr.capped_unknown),
        flags=tuple(items[i.item.id] for i, _ in fr.flags),
        critical_withheld=tuple(i.id for i in fr.critical_withheld),
        contested=tuple(i.item.id for i in fr.items if i.contested),
        contested_named=tuple(ItemName(i.item.id, i.item.text) for i in fr.items if i.contested),
        critical_unknown_named=tuple(ItemName(i.id, i.text) for i in fr.critical_unknown),
        critical_withheld_named=tuple(ItemName(i.id, i.text) for i in fr.critical_withheld),
        reported=reported_view(fr, scores),
        verification=framework_verification(fr),
        critical_threshold=f"{s.critical_threshold:g}",
        coverage_text=percent(fr.coverage, coverage_boundaries(fw)),
        confidence=fr.confidence,
        confidence_why=confidence_reasons(fr.confidence_reasons),
        agreement=scores.agreement(fr.rwg),
        respondents_text=", ".join(
            f"{role_label(r)} {n}" for r, n in fr.respondents_by_role.items()
        ),
        respondents=sum(fr.respondents_by_role.values()),
        behind_score=fr.respondents,
        aggregate=fr.aggregate,
        strongest=strongest,
        weakest=weakest,
        held_back_by=next(
            (d for d in domains if held is not None and d.id == held.domain.id), None
        ),
        chart=radar([(d.title, d.score.value, d.score.text) for d in domains]),
        domains=domains,
        small_group_comments=tuple(c for c in comments if not c.item_id),
        bands=tuple(scores.bands.values()),
        bands_note=fw.bands_note,
        citations=tuple(c.formatted() for c in fw.citations),
        attribution=fw.attribution,
        min_coverage=percent(s.min_coverage),
        action_threshold=f"{s.action_threshold:g}",
        cap_band=fw.band(s.cap_band).label,
        gate_thresholds=_gate_thresholds(fw),
        gate_unknown_caps=_gate_unknown_caps(fw),
        min_role_group=s.min_role_group,
        disagreement_gap=f"{s.disagreement_gap:g}",
        disagreement_spread=f"{s.disagreement_spread:g}",
        agreement_cutoff=f"{s.agreement_cutoff:g}",
    )


def _anonymity(result: AssessmentResult) -> str:
    site = result.assessment.site
    if site.self_assessment:
        by = f" by {site.self_assessment_by}" if site.self_assessment_by else ""
        return f"A named self-assessment{by}: the answers are not anonymous."
    if result.not_anonymous:
        return "One person answered, so every score here is that person's answers."
    return ""


def build_context(
    result: AssessmentResult, plan: Plan | None = None, progress: ProgressView | None = None
) -> ReportContext:
    """Everything the report template may show, ready to display (with the site's plan, when
    it has one: adopted actions lead; and `progress`, a ProgressView, with a baseline)."""
    assessment = result.assessment
    site = assessment.site
    frameworks = tuple(_framework(fr, assessment, result.not_anonymous) for fr in result.frameworks)
    domain_titles = {
        (fr.framework.id, d.domain.id): d.domain.title
        for fr in result.frameworks
        for d in fr.domains
    }
    names = _Names(
        domain_titles,
        {fr.framework.id: score_boundaries(fr.framework) for fr in result.frameworks},
        {
            (fr.framework.id, i): item.text
            for fr in result.frameworks
            for i, item in fr.framework.items.items()
        },
    )
    adopted, actions = _plan_views(result, plan, names)
    first, later = _first_quarter(result, actions)
    rate = result.response_rate
    return ReportContext(
        title="Social prescribing readiness report",
        verdict=_verdict(result, first),
        site_name=site.name,
        ods_code=site.ods_code or "",
        site_kind=SITE_KINDS[site.kind],
        assessed_on=format_date(site.assessed_on),
        assessed_on_iso=site.assessed_on.isoformat(),
        tool_version=__version__,
        respondents=len(assessment.respondents),
        respondents_by_role=tuple(
            (role_label(role), n) for role, n in assessment.respondents_by_role().items()
        ),
        anonymity_note=_anonymity(result),
        response_rates=tuple(
            ResponseView(
                role_label(r.role), r.invited, r.responded, percent(r.rate, RESPONSE_BOUNDARIES)
            )
            for r in (rate.by_role if rate else ())
        ),
        response_rate=percent(rate.overall, RESPONSE_BOUNDARIES) if rate else "",
        frameworks=frameworks,
        top_actions=adopted[:SUMMARY_ADOPTED] or first,
        first_quarter=first,
        later=later,
        **_do_now(result, adopted, actions, progress),
        more_adopted=max(0, len(adopted) - SUMMARY_ADOPTED),
        adopted_actions=adopted,
        adopted_left_out=sum(
            1 for step in (plan.adopted if plan else ()) if step.id in assessment.left_out_actions
        ),
        actions=actions,
        plan_file=plan.path.name if plan else "",
        general_comments=_general_comments(result),
        scale_note=(
            "Each answer becomes a score from 0 (weakest) to 100 (strongest): "
            "(value − lowest) ÷ (highest − lowest) × 100 on its scale."
        ),
        interval_note=f"{RESAMPLES:,} resamples",
        progress=progress,
        assurance=build_assurance(result),
    )
