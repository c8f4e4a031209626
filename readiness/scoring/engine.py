"""Scoring: (framework, respondents) -> traceable scores, bands, agreement and an action plan.

Pure functions with no I/O and no wording. Every rule here is stated in README.md ("How
scores are worked out") and in the method section of every report; change them together.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from readiness.assessment.model import Answer, Assessment, ItemCheck, Respondent, Review
from readiness.framework.model import Band, Domain, Framework, Item
from readiness.scoring.actions import merge_plans, plan_framework
from readiness.scoring.agreement import (
    NO_AGREEMENT,
    agreement,
    largest_gap,
    population_spread,
    rwg,
    rwg_j,
    variance_ratio,
)
from readiness.scoring.arithmetic import running_sum
from readiness.scoring.confidence import confidence, response_rate
from readiness.scoring.disclosure import (
    combined_disclosure,
    hidden_roles,
    item_disclosure,
    published,
)
from readiness.scoring.intervals import Intervals, bootstrap_intervals, scored_answers
from readiness.scoring.model import (
    FACT_PLACES,
    Agreement,
    AssessmentAssurance,
    AssessmentResult,
    Assurance,
    Counts,
    Disagreement,
    Disclosure,
    DomainResult,
    FactAnswer,
    FactStatus,
    FrameworkAssurance,
    FrameworkResult,
    ItemResult,
    ResponseRate,
    RoleScore,
    Suppression,
    Verification,
)
from readiness.vocabulary import ROLES, Aggregate, AnswerKind

# Each role's place in the vocabulary's order.
_ROLE_ORDER = {role: n for n, role in enumerate(ROLES)}


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Sum(w * x) / sum(w) over (x, w) pairs; None for no pairs."""
    pairs = list(pairs)
    total = running_sum(w for _, w in pairs)
    if not pairs or total == 0:
        return None
    return running_sum(x * w for x, w in pairs) / total


def item_score(item: Item, answer: Answer) -> float | None:
    """One respondent's score for an item on 0-100; None for don't know / not applicable."""
    if answer.kind != AnswerKind.SCORED or answer.value is None:
        return None
    return item.scale.score(answer.value, reverse=item.reverse)


def combine(groups: dict[str, list[float]], aggregate: Aggregate) -> float | None:
    """A site's score from each role's scores.

    'roles' (the default): the plain mean of the role means, so each role that answered is
    one voice, however many of its people answered: a single link-worker manager speaks for
    managing the service as fully as three GPs speak for general practice, and adding people
    who answer like their colleagues cannot move the score. 'respondents': the plain mean of
    everyone's scores, so the role that turned up in numbers decides."""
    means = [statistics.fmean(scores) for scores in groups.values() if scores]
    if not means:
        return None
    if aggregate == Aggregate.RESPONDENTS:
        return statistics.fmean(v for scores in groups.values() for v in scores)
    return statistics.fmean(means)


def framework_respondents(
    framework: Framework, respondents: Sequence[Respondent]
) -> list[Respondent]:
    """The respondents who gave at least one answer (of any kind) in this framework, in a
    fixed order (by role, in the vocabulary's order, then by id): who answered nothing in a
    framework is not counted in it (they may have had a questionnaire without it)."""
    order = {role: n for n, role in enumerate(ROLES)}
    chosen = [r for r in respondents if r.answers.get(framework.id)]
    return sorted(chosen, key=lambda r: (order.get(r.role, len(order)), r.id))


@dataclass(frozen=True)
class _Context:
    """What every score in a framework needs to know."""

    framework: Framework
    people: tuple[Respondent, ...]
    aggregate: Aggregate
    not_anonymous: bool
    # Each person's answers in this framework, and their scores (`scored_answers`), worked
    # out once for every rule that needs them.
    answers: tuple[dict[str, Answer], ...]
    scores: tuple[dict[str, float], ...]
    review: Review | None = None
    # False for a brief result (a portfolio's): no role views, agreement or fact answer tallies.
    views: bool = True

    @property
    def min_group(self) -> int:
        return self.framework.scoring.min_role_group

    def check_of(self, item: Item) -> ItemCheck | None:
        """What the reviewer checked of an item (a reused item's check is its home item's)."""
        if self.review is None:
            return None
        if item.ref is not None:
            return self.review.check_of(item.ref.framework_id, item.ref.item_id)
        return self.review.check_of(self.framework.id, item.id)


def _groups(scores: Sequence[tuple[Respondent, float]]) -> dict[str, list[float]]:
    """Scores by role, in the role vocabulary's order."""
    grouped: dict[str, list[float]] = {}
    for respondent, value in scores:
        grouped.setdefault(respondent.role, []).append(value)
    return {role: grouped[role] for role in ROLES if role in grouped}


def _tally(context: _Context, item: Item) -> tuple[list[tuple[Respondent, float]], Counts]:
    """Every scored answer to an item, by respondent, and how everyone asked answered it."""
    scores: list[tuple[Respondent, float]] = []
    dont_know = 0
    not_applicable: Counter[str] = Counter()
    not_answered = 0
    item_id = item.id
    for respondent, answers, scored in zip(
        context.people, context.answers, context.scores, strict=True
    ):
        answer = answers.get(item_id)
        if answer is None:
            if item.asks(respondent.role):
                not_answered += 1
            continue
        value = scored.get(item_id)  # item_score(item, answer), worked out once
        if value is not None:
            scores.append((respondent, value))
        elif answer.kind == AnswerKind.DONT_KNOW:
            dont_know += 1
        else:
            not_applicable[answer.reason or "unspecified"] += 1
    counts = Counts(len(scores), dont_know, dict(sorted(not_applicable.items())), not_answered)
    return scores, counts


def score_item(context: _Context, item: Item) -> ItemResult:
    """Score one item across the framework's respondents (and its reviewer's check)."""
    scores, counts = _tally(context, item)
    groups = _groups(scores)
    check = context.check_of(item)
    if item.fact:
        return _score_fact(context, item, scores, counts, groups, check)
    result = _score_opinion(context, item, scores, counts, groups)
    # An opinion may carry evidence, a finding and a note, never a verified value (rule 17).
    return dataclasses.replace(result, check=check) if check is not None else result


def _score_opinion(
    context: _Context,
    item: Item,
    scores: Sequence[tuple[Respondent, float]],
    counts: Counts,
    groups: dict[str, list[float]],
) -> ItemResult:
    framework = context.framework
    settings = framework.scoring
    values = [v for _, v in scores]
    disclosure = item_disclosure(len(values), item.fact, context.min_group, context.not_anonymous)
    if not published(disclosure):
        return ItemResult(
            item=item,
            score=None,
            band=None,
            counts=counts,
            respondents=len(values),
            disclosure=disclosure,
            by_role=tuple(
                RoleScore(role, len(v), None, Suppression.SMALL_GROUP, None, Disclosure.SUPPRESSED)
                for role, v in groups.items()
                if context.views
            ),
            agreement=NO_AGREEMENT,
            gate_failed=False,
            answered_by=tuple(groups),
        )
    score = combine(groups, context.aggregate)
    assert score is not None and disclosure is not None  # published: at least one answer
    exempt = disclosure in (Disclosure.FACT, Disclosure.NOT_ANONYMOUS)
    hidden = hidden_roles({r: len(v) for r, v in groups.items()}, context.min_group, exempt)
    compared = tuple(r for r in groups if r not in hidden) if hidden else None
    if context.views:
        by_role, shared = _opinion_views(context, item, groups, disclosure, hidden, compared)
    else:
        by_role, shared = (), NO_AGREEMENT
    return ItemResult(
        item=item,
        score=score,
        band=framework.band_for(score),
        counts=counts,
        respondents=len(values),
        disclosure=disclosure,
        by_role=by_role,
        agreement=shared,
        gate_failed=item.critical and score < item.gate_threshold(settings),
        flagged=_flag_raised(item, score, ()),
        compared_roles=compared,
        interval_withheld=Suppression.SMALL_GROUP in hidden.values(),
        answered_by=tuple(groups),
    )


def _opinion_views(
    context: _Context,
    item: Item,
    groups: dict[str, list[float]],
    disclosure: Disclosure,
    hidden: dict[str, Suppression],
    compared: tuple[str, ...] | None,
) -> tuple[tuple[RoleScore, ...], Agreement]:
    """A published opinion's role views (the `hidden` ones without a score) and its
    agreement among the `compared` roles' people (None: everyone). Only opinions are
    compared between roles and respondents: roles that give a fact different answers are
    not a disagreement of opinion (rule 11)."""
    settings = context.framework.scoring
    values = [
        v for r, scores in groups.items() if compared is None or r in compared for v in scores
    ]
    by_role = tuple(
        RoleScore(role, len(v), None, hidden[role], None, Disclosure.SUPPRESSED)
        if role in hidden
        else RoleScore(
            role,
            len(v),
            statistics.fmean(v),
            None,
            rwg(variance_ratio(v, item.scale)),
            disclosure,
        )
        for role, v in groups.items()
    )
    views = {r.role: {item.id: (r.score, 1.0)} for r in by_role if r.score is not None}
    shared = agreement(
        largest_gap(views),
        population_spread(values),
        settings.disagreement_gap,
        settings.disagreement_spread,
        rwg(variance_ratio(values, item.scale)),
        settings.agreement_cutoff,
    )
    return by_role, shared


def reconcile(values: Sequence[float]) -> tuple[float, FactStatus] | None:
    """A fact from the scores of the answers that decide it (rule 3): never their mean. The
    same answer from everyone is the fact; different answers make it contested, and it
    counts at the least favourable one (the lowest score) until someone settles it."""
    if not values:
        return None
    same = len({round(v, FACT_PLACES) for v in values}) == 1
    return min(values), FactStatus.AGREED if same else FactStatus.CONTESTED


def verified_score(item: Item, check: ItemCheck | None) -> float | None:
    """The score of a fact's verified answer, when it counts on the assessment date."""
    if check is None or check.verified is None or not check.current:
        return None
    return item_score(item, check.verified)


def fact_assurance(
    status: FactStatus | None, deciding: Sequence[float], verified: float | None
) -> Assurance | None:
    """A fact's assurance (rule 17): verified, or contradicted when no deciding respondent gave
    the verified answer; unverified, contested or self-reported as its answers stand."""
    if verified is not None:
        given = {round(v, FACT_PLACES) for v in deciding}
        if given and round(verified, FACT_PLACES) not in given:
            return Assurance.CONTRADICTED
        return Assurance.VERIFIED
    if status == FactStatus.CONTESTED:
        return Assurance.CONTESTED
    return Assurance.SELF_REPORTED if status is not None else None


def _score_fact(
    context: _Context,
    item: Item,
    scores: Sequence[tuple[Respondent, float]],
    counts: Counts,
    groups: dict[str, list[float]],
    check: ItemCheck | None,
) -> ItemResult:
    """A fact: reconciled from the answers of the roles that decide it, unless a reviewer
    verified it; every role's answers are kept and listed, and each role's view is shown
    (facts are not private)."""
    settings = context.framework.scoring
    deciding = [v for r, v in scores if item.decides(r.role)]
    reconciled = reconcile(deciding)
    disclosure = item_disclosure(len(deciding), True, context.min_group, context.not_anonymous)
    reported, status = reconciled if reconciled else (None, None)
    if status is None and scores:
        status = FactStatus.UNDECIDED
    verified = verified_score(item, check)
    score = verified if verified is not None else reported
    if verified is not None and disclosure is None:
        disclosure = Disclosure.NOT_ANONYMOUS if context.not_anonymous else Disclosure.FACT
    shown_as = Disclosure.NOT_ANONYMOUS if context.not_anonymous else Disclosure.FACT
    by_role = tuple(
        RoleScore(
            role, len(v), statistics.fmean(v), None, rwg(variance_ratio(v, item.scale)), shown_as
        )
        for role, v in groups.items()
        if context.views
    )
    return ItemResult(
        item=item,
        score=score,
        band=context.framework.band_for(score) if score is not None else None,
        counts=counts,
        respondents=len(deciding),
        disclosure=disclosure,
        by_role=by_role,
        # Facts are not views: no role gap or spread (rule 11); r_wg over the deciding answers.
        agreement=agreement(
            None, None, 0, 0, rwg(variance_ratio(deciding, item.scale)), settings.agreement_cutoff
        )
        if context.views
        else NO_AGREEMENT,
        gate_failed=item.critical and score is not None and score < item.gate_threshold(settings),
        flagged=_flag_raised(item, score, _deciding_figures(context, item, check)),
        fact_status=status,
        fact_answers=_fact_answers(context, item) if context.views else (),
        check=check,
        assurance=fact_assurance(status, deciding, verified),
        reported_score=reported,
        answered_by=tuple(role for role in groups if item.decides(role)),
    )


def _deciding_figures(context: _Context, item: Item, check: ItemCheck | None) -> tuple[float, ...]:
    """The figures that decide a numeric fact: the verified one when it counts, else every
    deciding respondent's."""
    if verified_score(item, check) is not None:
        assert check is not None and check.verified is not None  # verified_score says so
        answers = [check.verified]
    else:
        answers = [
            answer
            for respondent, given in zip(context.people, context.answers, strict=True)
            if item.decides(respondent.role) and (answer := given.get(item.id))
        ]
    return tuple(
        float(a.value)
        for a in answers
        if a.kind == AnswerKind.SCORED and isinstance(a.value, int | float)
    )


def _flag_raised(item: Item, score: float | None, figures: Sequence[float]) -> bool:
    """Whether an item's flag is raised (rule 8): its shown score below the flag's `below`,
    or a deciding figure under its `under`."""
    flag = item.flag
    if flag is None:
        return False
    if flag.below is not None:
        return score is not None and score < flag.below
    return flag.under is not None and any(f < flag.under for f in figures)


def _fact_answers(context: _Context, item: Item) -> tuple[FactAnswer, ...]:
    """Every scored answer to a fact, counted by role (in the vocabulary's order) and answer
    (the option's code in the scale's order, or the figure given, smallest first)."""
    tally: Counter[tuple[str, float]] = Counter()
    for respondent, answers in zip(context.people, context.answers, strict=True):
        answer = answers.get(item.id)
        if answer is not None and answer.kind == AnswerKind.SCORED and answer.value is not None:
            tally[(respondent.role, answer.value)] += 1
    order = _ROLE_ORDER
    codes = {o.value: (n, o.code) for n, o in enumerate(item.scale.scored)}
    out = []
    for (role, value), count in sorted(
        tally.items(), key=lambda kv: (order[kv[0][0]], codes.get(kv[0][1], (0, ""))[0], kv[0][1])
    ):
        shown = codes[value][1] if value in codes else f"{value:g}"
        out.append(FactAnswer(role, shown, count, item.decides(role)))
    return tuple(out)


def _scored(
    context: _Context, items: Sequence[ItemResult], deciding_only: bool = True
) -> list[tuple[Respondent, Item, float]]:
    """Every scored answer to the given items, by respondent, in a fixed order: to a fact,
    only the answers that decide it (those behind its score), unless not `deciding_only`
    (every role's answers, as each role's own view of the fact shows them)."""
    out = []
    for respondent, scored in zip(context.people, context.scores, strict=True):
        for result in items:
            item = result.item
            if deciding_only and item.fact and not item.decides(respondent.role):
                continue  # kept and shown, but not behind the fact's score
            value = scored.get(item.id)  # item_score(item, answer), worked out once
            if value is not None:
                out.append((respondent, item, value))
    return out


def _compared(results: Sequence[ItemResult]) -> dict[str, tuple[str, ...]]:
    """The roles each item's agreement compares, for the items that compare only some."""
    return {i.item.id: i.compared_roles for i in results if i.compared_roles is not None}


def _ratios(
    answers: Sequence[tuple[Respondent, Item, float]],
    items: Sequence[Item],
    compared: dict[str, tuple[str, ...]] | None = None,
) -> list[float]:
    """S^2 / sigma^2_EU for each item with at least two scored answers among `answers` (for
    an item in `compared`, only its compared roles' answers)."""
    among = compared or {}
    by_item: dict[str, list[float]] = {}
    for respondent, answered, value in answers:
        roles = among.get(answered.id)
        if roles is None or respondent.role in roles:
            by_item.setdefault(answered.id, []).append(value)
    ratios = []
    for item in items:
        ratio = variance_ratio(by_item.get(item.id, []), item.scale)
        if ratio is not None:
            ratios.append(ratio)
    return ratios


def score_domain(context: _Context, domain: Domain, items: tuple[ItemResult, ...]) -> DomainResult:
    """Score a domain: the weighted mean of its published item scores, if coverage allows."""
    settings = context.framework.scoring
    total_weight = running_sum(i.item.weight for i in items)
    used = [i for i in items if i.used]
    coverage = running_sum(i.item.weight for i in used) / total_weight
    score = (
        weighted_mean((i.score, i.item.weight) for i in used if i.score is not None)
        if coverage >= settings.min_coverage
        else None
    )
    counts = Counts.total(i.counts for i in items)
    answers = _scored(context, used)
    people = {r.id for r, _, _ in answers}
    if score is None:
        withheld = any(i.disclosure == Disclosure.SUPPRESSED for i in items)
        return DomainResult(
            domain=domain,
            score=None,
            band=None,
            coverage=coverage,
            counts=counts,
            respondents=len(people),
            disclosure=Disclosure.SUPPRESSED if withheld else None,
            interval=None,
            by_role=(),
            agreement=NO_AGREEMENT,
            items=items,
        )
    if context.views:
        by_role = _domain_roles(context, domain, used, _scored(context, used, deciding_only=False))
        shared = agreement(
            _domain_gap(used),
            _domain_spread(used),
            settings.disagreement_gap,
            settings.disagreement_spread,
            rwg_j(_ratios(answers, [i.item for i in used], _compared(used))),
            settings.agreement_cutoff,
        )
    else:
        by_role, shared = (), NO_AGREEMENT
    return DomainResult(
        domain=domain,
        score=score,
        band=context.framework.band_for(score),
        coverage=coverage,
        counts=counts,
        respondents=len(people),
        disclosure=combined_disclosure(
            [i.disclosure for i in used if i.disclosure], context.not_anonymous
        ),
        interval=None,
        by_role=by_role,
        agreement=shared,
        items=items,
    )


def _domain_gap(used: Sequence[ItemResult]) -> Disagreement | None:
    """The largest gap between two roles' views of a domain, each pair compared only on the
    opinion items both roles have a shown view of (rule 11): a role's view of the whole
    domain may rest on other items than another role's, and comparing those would compare
    different questions."""
    views: dict[str, dict[str, tuple[float, float]]] = {}
    for result in used:
        if result.item.fact:
            continue
        for view in result.by_role:
            if view.score is not None:
                views.setdefault(view.role, {})[result.item.id] = (view.score, result.item.weight)
    ordered = {role: views[role] for role in ROLES if role in views}
    return largest_gap(ordered)


def _domain_spread(used: Sequence[ItemResult]) -> float | None:
    """How widely respondents' answers to the same questions are spread across a domain: the
    weight-weighted mean of its published opinion items' spreads (each the population
    standard deviation of three or more people's scores on that item), so people are
    compared only on questions they all answered."""
    return weighted_mean(
        (i.agreement.spread, i.item.weight)
        for i in used
        if not i.item.fact and i.agreement.spread is not None
    )


def _privacy_reason(reasons: Sequence[Suppression]) -> Suppression:
    """Why a role's view of a domain is hidden when its item views were: complementary
    suppression only when every one of them was hidden for that reason."""
    if reasons and all(r == Suppression.COMPLEMENTARY for r in reasons):
        return Suppression.COMPLEMENTARY
    return Suppression.SMALL_GROUP


def _domain_roles(
    context: _Context,
    domain: Domain,
    used: Sequence[ItemResult],
    answers: Sequence[tuple[Respondent, Item, float]],
) -> tuple[RoleScore, ...]:
    """Each role's view of a domain: the weighted mean of the role's shown item views, when
    those items carry at least `min_coverage` of the weight of the domain's items addressed to
    the role; built only from shown views, so it reveals nothing they do not."""
    settings = context.framework.scoring
    views: list[RoleScore] = []
    answers_by_role: dict[str, list[tuple[Respondent, Item, float]]] = {}
    for entry in answers:
        answers_by_role.setdefault(entry[0].role, []).append(entry)
    for role in ROLES:
        role_answers = answers_by_role.get(role)
        if not role_answers:
            continue
        people = len({r.id for r, _, _ in role_answers})
        shown = [
            (view.score, result.item, view.disclosure)
            for result in used
            for view in result.by_role
            if view.role == role and view.score is not None
        ]
        # The role's views hidden for privacy (rule 4), by item.
        hidden = {
            result.item.id: (result.item, view.suppressed_because)
            for result in used
            for view in result.by_role
            if view.role == role and view.score is None and view.suppressed_because
        }
        asked = running_sum(i.weight for i in domain.items if i.asks(role))
        coverage = running_sum(item.weight for _, item, _ in shown) / asked if asked else 0.0
        if not shown or coverage < settings.min_coverage:
            with_hidden = coverage + (
                running_sum(item.weight for item, _ in hidden.values()) / asked if asked else 0.0
            )
            # Too little shown because views were hidden, not because too little was answered:
            # the reason is the privacy rule's.
            private = not shown or (bool(hidden) and with_hidden >= settings.min_coverage)
            why = _privacy_reason([r for _, r in hidden.values()]) if private else None
            views.append(
                RoleScore(
                    role,
                    people,
                    None,
                    why or Suppression.INSUFFICIENT,
                    None,
                    Disclosure.SUPPRESSED,
                )
            )
            continue
        shown_items = {item.id for _, item, _ in shown}
        behind = [(r, i, v) for r, i, v in role_answers if i.id in shown_items]
        views.append(
            RoleScore(
                role,
                len({r.id for r, _, _ in behind}),
                weighted_mean((score, item.weight) for score, item, _ in shown),
                None,
                rwg_j(_ratios(behind, [item for _, item, _ in shown])),
                combined_disclosure([d for _, _, d in shown if d], context.not_anonymous),
            )
        )
    return tuple(views)


def score_framework(
    framework: Framework,
    all_respondents: Sequence[Respondent],
    aggregate: Aggregate | None = None,
    not_anonymous: bool | None = None,
    rate: ResponseRate | None = None,
    *,
    review: Review | None = None,
    with_intervals: bool = True,
    brief: bool = False,
) -> FrameworkResult:
    """Score a framework for a site's respondents.

    `aggregate` overrides the framework's `scoring.aggregate`; `not_anonymous` says whether
    the assessment is a named self-assessment (default: when there is one respondent).
    With a `review`, verified facts count as verified (rule 17), and the result also carries
    the score as reported by respondents alone. `brief` leaves out what a portfolio never
    shows: items' intervals, role views, agreement below the framework and the tallies of
    facts' answers; every other number is the same."""
    settings = framework.scoring
    people = tuple(framework_respondents(framework, all_respondents))
    context = _Context(
        framework,
        people,
        aggregate or settings.aggregate,
        len(all_respondents) == 1 if not_anonymous is None else not_anonymous,
        tuple(r.answers.get(framework.id, {}) for r in people),
        tuple(scored_answers(framework, people)),
        review,
        views=not brief,
    )
    drafts = []
    for domain in framework.domains:
        items = tuple(score_item(context, item) for item in domain.items)
        drafts.append(score_domain(context, domain, items))
    fixed = {
        i.item.id: i.score for d in drafts for i in d.items if i.verified and i.score is not None
    }
    intervals = (
        bootstrap_intervals(
            framework,
            people,
            drafts,
            context.aggregate,
            fixed=fixed,
            person_scores=context.scores,
            item_intervals=not brief,
        )
        if with_intervals
        else Intervals()
    )
    domains = tuple(_with_intervals(d, intervals) for d in drafts)
    counted = [d for d in domains if d.domain.in_total]
    scored = [d for d in counted if d.score is not None]
    coverage = running_sum(d.domain.weight for d in scored) / running_sum(
        d.domain.weight for d in counted
    )
    score = (
        weighted_mean((d.score, d.domain.weight) for d in scored if d.score is not None)
        if coverage >= settings.min_coverage
        else None
    )
    all_items = [i for d in domains for i in d.items]
    uncapped = framework.band_for(score) if score is not None else None
    band, capped_by = _gated_band(framework, uncapped, all_items)
    # Who and what stand behind the score: the published items of its scored, counted domains.
    counting = [i for d in scored for i in d.items if i.used] if score is not None else []
    behind = _scored(context, counting)
    interval = intervals.framework if score is not None else None
    agreement_all = (
        rwg_j(_ratios(behind, [i.item for i in counting], _compared(counting)))
        if counting
        else None
    )
    level, reasons = confidence(
        len({r.id for r, _, _ in behind}),
        len({r.role for r, _, _ in behind}),
        coverage,
        interval,
        agreement_all,
        rate.overall if rate is not None else None,
        settings.agreement_cutoff,
    )
    by_role = Counter(r.role for r in people)
    return FrameworkResult(
        framework=framework,
        aggregate=context.aggregate,
        score=score,
        band=band,
        uncapped_band=uncapped,
        capped_by=capped_by,
        critical_unknown=tuple(i.item for i in all_items if _unknown_gate(i)),
        critical_withheld=tuple(
            i.item for i in all_items if i.item.critical and i.disclosure == Disclosure.SUPPRESSED
        ),
        coverage=coverage,
        respondents=len({r.id for r, _, _ in behind}),
        respondents_by_role={role: by_role[role] for role in ROLES if by_role[role]},
        disclosure=_framework_disclosure(score, counted, context.not_anonymous),
        interval=interval,
        rwg=agreement_all,
        confidence=level,
        confidence_reasons=reasons,
        domains=domains,
        actions=plan_framework(framework.id, domains, settings.action_threshold, framework.actions),
        interval_withheld=interval is not None and any(d.interval_withheld for d in scored),
        interval_bands=_bands_after_gates(framework, interval, all_items),
        assurance=_as_reported(framework, all_respondents, context, rate, all_items, brief)
        if review is not None
        else None,
    )


def _as_reported(
    framework: Framework,
    all_respondents: Sequence[Respondent],
    context: _Context,
    rate: ResponseRate | None,
    items: Sequence[ItemResult],
    brief: bool,
) -> FrameworkAssurance:
    """The framework scored from respondents' answers alone, beside what was verified."""
    reported = score_framework(
        framework,
        all_respondents,
        context.aggregate,
        context.not_anonymous,
        rate,
        with_intervals=False,
        brief=brief,
    )
    return FrameworkAssurance(reported.score, reported.band, verification(items))


def verification(items: Sequence[ItemResult]) -> Verification:
    """How many of these items' facts (and critical items) a review verified."""
    facts = [i for i in items if i.item.fact]
    critical = [i for i in items if i.item.critical]
    return Verification(
        facts=len(facts),
        verified=sum(i.verified for i in facts),
        contradicted=sum(i.assurance == Assurance.CONTRADICTED for i in facts),
        contested=sum(i.assurance == Assurance.CONTESTED for i in facts),
        expired=sum(
            i.check is not None and i.check.verified is not None and not i.check.current
            for i in facts
        ),
        critical=len(critical),
        critical_verified=sum(i.verified for i in critical),
    )


def _home(framework_id: str, item: Item) -> tuple[str, str]:
    return (item.ref.framework_id, item.ref.item_id) if item.ref else (framework_id, item.id)


def assessment_assurance(review: Review, results: Sequence[FrameworkResult]) -> AssessmentAssurance:
    """What a review verified across an assessment, each fact counted once (where it is
    asked: an item reused from another framework is that framework's)."""
    return AssessmentAssurance(
        reviewer=review.reviewer,
        organisation=review.organisation,
        visits=review.visits,
        attestation=review.attestation,
        verification=assessment_verification(results),
        sample_seed=review.sample_seed,
    )


# R = MC^2 (Scaccia et al. 2015) treats readiness as multiplicative: a part far weaker than the
# rest holds the whole back. Far: this many points below the mean of the other parts (our
# convention, stated in the README's rule 14).
HOLD_BACK_GAP = 20.0


def holding_back(result: FrameworkResult) -> DomainResult | None:
    """The domain that holds a framework back: its weakest scored domain counted in the total
    (the first in order on a tie), when it lies at least HOLD_BACK_GAP points below the mean
    of the other scored, counted domains; None with fewer than three such domains."""
    scored = [d for d in result.domains if d.domain.in_total and d.score is not None]
    if len(scored) < 3:
        return None
    weakest = min(scored, key=lambda d: d.score if d.score is not None else 0.0)
    others = [d.score for d in scored if d is not weakest and d.score is not None]
    assert weakest.score is not None
    return weakest if statistics.fmean(others) - weakest.score >= HOLD_BACK_GAP else None


def home_items(results: Sequence[FrameworkResult]) -> list[tuple[FrameworkResult, ItemResult]]:
    """Every item of an assessment once: a question asked once and reused by another framework
    (`from:`) under its home framework when that is scored, else where it is first asked; in
    the frameworks' order."""
    chosen: dict[tuple[str, str], tuple[FrameworkResult, ItemResult]] = {}
    for result in results:
        for item in result.items:
            home = _home(result.framework.id, item.item)
            if home not in chosen or item.item.ref is None:
                chosen[home] = (result, item)
    return list(chosen.values())


def assessment_verification(results: Sequence[FrameworkResult]) -> Verification:
    """How many of an assessment's facts were verified, each counted once (`home_items`)."""
    return verification([item for _, item in home_items(results)])


def _gated_band(
    framework: Framework, band: Band | None, items: Sequence[ItemResult]
) -> tuple[Band | None, tuple[ItemResult, ...]]:
    """The band after the gates (rule 8): a failed critical item lowers it to `cap_band`,
    never raises it; with the items that capped it."""
    failed = tuple(i for i in items if i.gate_failed)
    cap = framework.band(framework.scoring.cap_band)
    capped_by: tuple[ItemResult, ...] = ()
    if band is not None and failed and band.min > cap.min:
        band, capped_by = cap, failed
    for unknown in (i for i in items if _unknown_gate(i) and i.item.unknown_caps):
        limit = framework.band(unknown.item.unknown_caps or "")
        if band is not None and band.min > limit.min:
            band = limit
            capped_by = (*capped_by, unknown)
    return band, capped_by


def _bands_after_gates(
    framework: Framework, interval: tuple[float, float] | None, items: Sequence[ItemResult]
) -> tuple[Band, ...]:
    """The bands an interval reaches, each lowered by the gates as the score's band is, lowest
    first and each once (rule 8)."""
    if interval is None:
        return ()
    gated = (_gated_band(framework, band, items)[0] for band in framework.bands_between(*interval))
    return tuple(dict.fromkeys(band for band in gated if band is not None))


def _unknown_gate(result: ItemResult) -> bool:
    """A critical item nobody who decides it gave a scored answer, and no reviewer verified."""
    return result.item.critical and result.respondents == 0 and not result.verified


def _framework_disclosure(
    score: float | None, counted: Sequence[DomainResult], not_anonymous: bool
) -> Disclosure | None:
    """A framework's disclosure: from its scored domains when it has a score; without one,
    'suppressed' when a counted domain was withheld for privacy, else None."""
    if score is not None:
        return combined_disclosure(
            [d.disclosure for d in counted if d.score is not None and d.disclosure],
            not_anonymous,
        )
    if any(d.disclosure == Disclosure.SUPPRESSED for d in counted):
        return Disclosure.SUPPRESSED
    return None


def _with_intervals(domain: DomainResult, intervals: Intervals) -> DomainResult:
    # A draft item has no interval, so an item without one is kept as it is.
    found = intervals.items
    items = tuple(
        dataclasses.replace(i, interval=found[i.item.id]) if i.used and i.item.id in found else i
        for i in domain.items
    )
    interval = intervals.domains.get(domain.domain.id) if domain.score is not None else None
    withheld = interval is not None and any(i.interval_withheld for i in items if i.used)
    return dataclasses.replace(domain, interval=interval, items=items, interval_withheld=withheld)


def score_assessment(
    assessment: Assessment, aggregate: Aggregate | None = None, *, brief: bool = False
) -> AssessmentResult:
    """Score every framework of an assessment and rank all their actions together.

    `aggregate` overrides each framework's own setting (the --aggregate option);
    `brief` leaves out what a portfolio never shows (`score_framework`); every other number
    is the same."""
    not_anonymous = assessment.not_anonymous
    rate = response_rate(assessment)
    review = assessment.review
    results = tuple(
        score_framework(
            f,
            assessment.respondents,
            aggregate,
            not_anonymous,
            rate,
            review=review,
            brief=brief,
        )
        for f in assessment.frameworks
    )
    return AssessmentResult(
        assessment,
        results,
        merge_plans(results),
        rate,
        not_anonymous,
        assessment_assurance(review, results) if review is not None else None,
    )
