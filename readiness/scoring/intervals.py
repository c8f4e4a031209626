"""Uncertainty: a 90% percentile bootstrap interval for every domain and framework score.

Respondents are resampled with replacement within their role groups (so every resample keeps
the site's role mix; roles with a single respondent are resampled together), the scores are
worked out again by the same rules from the items that count in the published score, and the
interval runs from the 5th to the 95th percentile of the resampled scores. The draws come
from SHAKE-256 of a digest of the framework's answers, so the same input always gives the
same interval, on any machine, and anyone can repeat them from the README's description.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import threadpoolctl

from readiness.assessment.model import Respondent
from readiness.framework.model import Framework, Item
from readiness.scoring.arithmetic import running_sum
from readiness.scoring.model import DomainResult
from readiness.vocabulary import ROLES, Aggregate, AnswerKind

RESAMPLES = 1000
LEVEL = 0.90
# A score undefined in more than half the resamples (too little of it scored) gets no interval.
MIN_DEFINED = 0.5

Vector = npt.NDArray[np.float64]
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Intervals:
    """The intervals of a framework's domains (by id) and of the framework itself."""

    domains: dict[str, tuple[float, float]] = field(default_factory=dict)
    framework: tuple[float, float] | None = None
    items: dict[str, tuple[float, float]] = field(default_factory=dict)


def scored_answers(framework: Framework, people: Sequence[Respondent]) -> list[dict[str, float]]:
    """Each respondent's scores, by item id in the framework's order, for scored answers only
    (worked out once per framework: the scoring rules and the bootstrap share them)."""
    out = []
    for respondent in people:
        answers = respondent.answers.get(framework.id, {})
        scores: dict[str, float] = {}
        for item in framework.items.values():
            answer = answers.get(item.id)
            if answer is None or answer.kind != AnswerKind.SCORED or answer.value is None:
                continue
            scores[item.id] = item.scale.score(answer.value, reverse=item.reverse)
        out.append(scores)
    return out


def bootstrap_seed(
    framework: Framework,
    people: Sequence[Respondent],
    aggregate: Aggregate,
    scored: Sequence[dict[str, float]] | None = None,
) -> bytes:
    """SHA-256 of the framework's scored answers written out in a fixed order (`scored`:
    `scored_answers` of the same people, when already worked out)."""
    if scored is None:
        scored = scored_answers(framework, people)
    lines = [f"readiness-bootstrap/1\t{framework.id}\t{framework.version}\t{aggregate}"]
    for respondent, scores in zip(people, scored, strict=True):
        prefix = f"{respondent.role}\t{respondent.id}\t"
        lines.extend(f"{prefix}{item_id}\t{score:.6f}" for item_id, score in scores.items())
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).digest()


def draw_stream(seed: bytes, count: int) -> npt.NDArray[np.uint32]:
    """`count` unsigned 32-bit numbers: the SHAKE-256 output of the seed, read as big-endian
    4-byte numbers."""
    return np.frombuffer(hashlib.shake_256(seed).digest(4 * count), dtype=">u4").astype(np.uint32)


def resampling_groups(people: Sequence[Respondent]) -> list[list[int]]:
    """The groups respondents are resampled within: their role groups, in the vocabulary's
    order, except that roles with a single respondent are pooled into one group placed after
    the others (a group of one has no variation to resample: "collapsed strata"); if only
    one such person exists, they join the smallest other group (the first in order on a tie)."""
    members: dict[str, list[int]] = {}
    for n, person in enumerate(people):
        members.setdefault(person.role, []).append(n)
    by_role = [members[role] for role in ROLES if role in members]
    groups = [g for g in by_role if len(g) > 1]
    singles = [g[0] for g in by_role if len(g) == 1]
    if len(singles) > 1 or (singles and not groups):
        groups.append(singles)
    elif singles:
        smallest = min(range(len(groups)), key=lambda n: len(groups[n]))
        groups[smallest] = sorted([*groups[smallest], singles[0]])
    return groups


def resample_counts(people: Sequence[Respondent], seed: bytes, resamples: int) -> Vector:
    """How often each respondent is drawn in each resample: shape (people, resamples).

    In resample b, for each resampling group (members in the order given, i.e. by role and
    id) and each of its n places, the next number u of the stream draws member u mod n."""
    groups = resampling_groups(people)
    members = [m for group in groups for m in group]
    # Each place of a resample: its group's size, and where its group starts among them all.
    sizes = np.array([len(group) for group in groups for _ in group], dtype=np.uint32)
    firsts = np.cumsum([0, *(len(group) for group in groups)], dtype=np.uint32)
    starts = np.repeat(firsts[:-1], [len(group) for group in groups])
    draws = draw_stream(seed, resamples * len(members)).reshape(resamples, len(members))
    places = draws % sizes
    places += starts
    # Each draw lands on (place, resample); counting them is exact whole-number arithmetic.
    cells = places.astype(np.intp)
    cells *= resamples
    cells += np.arange(resamples, dtype=np.intp)[:, None]
    tally = np.bincount(cells.ravel(), minlength=len(members) * resamples)
    counts = np.empty((len(people), resamples))
    counts[members] = tally.reshape(len(members), resamples)
    return counts


def _item_scores(
    items: Sequence[Item],
    people: Sequence[Respondent],
    scored: Sequence[dict[str, float]],
    counts: Vector,
    aggregate: Aggregate,
) -> Matrix:
    """Every item's site score in each resample: shape (items, resamples), NaN where nobody
    drawn scored the item. Each role's sums cover only the items its people scored. The
    result is the same to the last bit on every machine: items whose sums are exact
    (`_exact_columns`) are worked out by one matrix product, the others person by person."""
    resamples = counts.shape[1]
    ids = [item.id for item in items]
    nan = float("nan")
    # Everyone's scores side by side, NaN where a person gave none (a score is never NaN).
    grid = np.array([[scores.get(i, nan) for i in ids] for scores in scored]).reshape(
        len(people), len(ids)
    )
    answered = ~np.isnan(grid)
    values = np.where(answered, grid, 0.0)
    anything = answered.any(axis=1).tolist()
    by_role: dict[str, list[int]] = {}
    for p, respondent in enumerate(people):
        if anything[p]:
            by_role.setdefault(respondent.role, []).append(p)
    roles = [by_role[role] for role in ROLES if role in by_role]
    result = np.full((len(items), resamples), np.nan)
    if not roles or not items:
        return result
    exact = _exact_columns(values, len(people))
    if exact.all():
        total, weights = _role_sums_exactly(values, answered, counts, roles, aggregate)
    else:
        total = np.zeros((len(items), resamples))
        weights = np.zeros((len(items), resamples))
        for columns, role_sums in (
            (np.flatnonzero(exact), _role_sums_exactly),
            (np.flatnonzero(~exact), _role_sums_in_order),
        ):
            if len(columns):
                total[columns], weights[columns] = role_sums(
                    values[:, columns], answered[:, columns], counts, roles, aggregate
                )
    np.divide(total, weights, out=result, where=weights > 0)
    return result


# Scores that are whole multiples of 1/1024 (most bundled scales' scores are whole numbers).
_EXACT_STEP = 1024.0
_EXACT_LIMIT = 2.0**53


def _exact_columns(values: Matrix, people: int) -> npt.NDArray[np.bool_]:
    """For each column (item) of `values` (people x items), whether every product of a score
    and a number of draws, and every sum of them, is an exact double, so that adding them in
    any order (a matrix product) gives the same bits as adding them person by person: when
    every score is a non-negative whole multiple of 1/1024 and no sum can reach 2^53 / 1024
    (a resample draws `people` people in all)."""
    steps = values * _EXACT_STEP
    whole = (steps == np.floor(steps)).all(axis=0) & ~np.signbit(values).any(axis=0)
    small = steps.max(axis=0, initial=0.0) * max(people, 1) < _EXACT_LIMIT
    exact: npt.NDArray[np.bool_] = whole & small
    return exact


def _role_sums_exactly(
    values: Matrix,
    answered: npt.NDArray[np.bool_],
    counts: Vector,
    roles: Sequence[Sequence[int]],
    aggregate: Aggregate,
) -> tuple[Matrix, Matrix]:
    """Each item's total and weight in each resample (shape (items, resamples) each), from
    scores whose sums are exact (`_exact_columns`). With `aggregate: respondents`, every drawn
    score and every drawn answer added up; otherwise each role drawn with an answer adds its
    mean, role by role in the vocabulary's order, and one voice. The roles' sums, exact in
    any order, all come from one matrix product: a row per (role, item the role answered)."""
    if aggregate == Aggregate.RESPONDENTS:
        return values.T @ counts, answered.T.astype(np.float64) @ counts
    total = np.zeros((values.shape[1], counts.shape[1]))
    weights = np.zeros((values.shape[1], counts.shape[1]))
    membership = np.zeros((len(roles), values.shape[0]))
    for r, members in enumerate(roles):
        membership[r, members] = 1.0
    role_of_row, item_of_row = np.nonzero(membership @ answered.astype(np.float64))
    pairs = len(role_of_row)
    # Rows: each pair's scores from the role's people, then its answered marks; zeros elsewhere.
    matrix = np.empty((2 * pairs, values.shape[0]))
    np.multiply(values.T[item_of_row], membership[role_of_row], out=matrix[:pairs])
    np.multiply(answered.T[item_of_row], membership[role_of_row], out=matrix[pairs:])
    sums = matrix @ counts
    numerator, drawn_answers = sums[:pairs], sums[pairs:]
    voiced = drawn_answers > 0
    # Where the role is not voiced its numerator is a zero: 0 / 1 keeps it 0.
    np.maximum(drawn_answers, 1.0, out=drawn_answers)
    share = np.divide(numerator, drawn_answers, out=numerator)
    bounds = np.searchsorted(role_of_row, np.arange(len(roles) + 1)).tolist()
    for first, last in itertools.pairwise(bounds):
        columns = item_of_row[first:last]
        total[columns] += share[first:last]
        weights[columns] += voiced[first:last]
    return total, weights


def _role_sums_in_order(
    values: Matrix,
    answered: npt.NDArray[np.bool_],
    counts: Vector,
    roles: Sequence[Sequence[int]],
    aggregate: Aggregate,
) -> tuple[Matrix, Matrix]:
    """As `_role_sums_exactly`, for scores whose sums may round: each role's sums run person
    by person in a fixed order, element by element."""
    items = values.shape[1]
    total = np.zeros((items, counts.shape[1]))
    weights = np.zeros((items, counts.shape[1]))
    product = np.empty((items, counts.shape[1]))
    for members in roles:
        mine = answered[members]
        columns = np.flatnonzero(mine.any(axis=0))
        every = len(columns) == items
        if not every:
            mine = mine[:, columns]
        mine_values = values[members][:, columns]
        drawn = counts[members]
        # Each person's (score x times drawn), each the same single product, added up person
        # by person, in place, element by element. The zeros where a person gave no score
        # add nothing, exactly.
        numerator = mine_values[0][:, None] * drawn[0]
        term = product[: len(columns)]
        for row in range(1, len(members)):
            np.multiply(mine_values[row][:, None], drawn[row], out=term)
            numerator += term
        # How many drawn answers: sums of whole numbers, exact in any order.
        drawn_answers = mine.T.astype(np.float64) @ drawn
        weight: npt.NDArray[np.float64] | npt.NDArray[np.bool_]
        if aggregate == Aggregate.RESPONDENTS:
            share, weight = numerator, drawn_answers
        else:  # each role drawn at least once (with an answer) is one voice
            weight = drawn_answers > 0
            # Where the role is not voiced every term was a zero: 0 / 1 keeps it 0.
            np.maximum(drawn_answers, 1.0, out=drawn_answers)
            share = np.divide(numerator, drawn_answers, out=numerator)
        if every:
            total += share
            weights += weight
        else:
            total[columns] += share
            weights[columns] += weight
    return total, weights


def _fact_scores(
    items: Sequence[Item],
    people: Sequence[Respondent],
    scored: Sequence[dict[str, float]],
    counts: Vector,
) -> Matrix:
    """Each fact in each resample (shape (facts, resamples)), reconciled as in the published
    score (rule 3): the lowest score among the drawn people whose role decides it (the same
    answer from all of them is that answer); NaN where none of them is drawn."""
    # Each person's score on each fact where their role decides it; +inf elsewhere, above
    # every score, so that it never is the least.
    grid = np.full((len(items), len(people)), np.inf)
    for p, (respondent, scores) in enumerate(zip(people, scored, strict=True)):
        for f, item in enumerate(items):
            score = scores.get(item.id)
            if score is not None and item.decides(respondent.role):
                grid[f, p] = score
    # Only the people who decide a fact can be its least; a minimum is exact in any order.
    deciding = np.flatnonzero((grid != np.inf).any(axis=0))
    drawn = counts[deciding] > 0
    value: Matrix = np.where(drawn, grid[:, deciding, None], np.inf).min(axis=1, initial=np.inf)
    value[value == np.inf] = np.nan
    return value


def _weighted_all(
    values: Matrix,
    parts: Sequence[Sequence[tuple[int, float]]],
    all_weights: Sequence[float],
    min_coverage: float,
) -> Matrix:
    """For each group of rows of `values` (shape (rows, resamples)) given as (row, weight)
    pairs, per resample: the weighted mean of the defined values when they carry at least
    `min_coverage` of the group's `all_weights`; NaN otherwise. Shape (groups, resamples).
    Each group adds its rows in the order given, one after another, element by element (the
    groups side by side)."""
    groups = len(parts)
    depth = max((len(p) for p in parts), default=0)
    defined = ~np.isnan(values)
    known = np.where(defined, values, 0.0)
    # Term k of every group side by side; a group with fewer terms is padded with terms of
    # weight 0, which are exactly zero and add nothing (a sum that starts at +0.0 is never
    # -0.0).
    index = np.zeros((groups, depth), dtype=np.intp)
    w = np.zeros((groups, depth, 1))
    for g, part in enumerate(parts):
        for k, (row, weight_k) in enumerate(part):
            index[g, k] = row
            w[g, k, 0] = weight_k
    terms = known[index]
    terms *= w
    counted = defined[index] * w
    total = np.zeros((groups, values.shape[1]))
    weight = np.zeros((groups, values.shape[1]))
    for k in range(depth):
        total += terms[:, k]
        weight += counted[:, k]
    enough = weight / np.array(all_weights)[:, None] >= min_coverage
    mean = np.full_like(total, np.nan)
    np.divide(total, weight, out=mean, where=enough & (weight > 0))
    return mean


def percentile_interval(values: Vector) -> tuple[float, float] | None:
    """The 5th and 95th percentiles of the defined values (linear interpolation between order
    statistics), or None when more than half are undefined."""
    return percentile_intervals(values[:, None])[0]


def percentile_intervals(matrix: Matrix) -> list[tuple[float, float] | None]:
    """`percentile_interval` of each column, sorted all at once (NaN sorts last)."""
    # Each column sorted as a contiguous row: the same order, found faster.
    return _percentile_rows(np.ascontiguousarray(matrix.T))


def _percentile_rows(values: Matrix) -> list[tuple[float, float] | None]:
    """`percentile_interval` of each row."""
    resamples = values.shape[1]
    ordered = np.sort(values, axis=1)
    defined = resamples - np.isnan(ordered).sum(axis=1)
    tail = (1 - LEVEL) / 2
    enough = (defined >= MIN_DEFINED * resamples) & (defined > 0)
    rows = np.flatnonzero(enough)
    low = _quantiles(ordered[rows], defined[rows], tail).tolist()
    high = _quantiles(ordered[rows], defined[rows], 1 - tail).tolist()
    out: list[tuple[float, float] | None] = [None] * values.shape[0]
    for row, lo, hi in zip(rows.tolist(), low, high, strict=True):
        out[row] = (lo, hi)
    return out


def _quantiles(ordered: Matrix, count: npt.NDArray[np.int64], q: float) -> Vector:
    """The q-quantile of the first `count` values of each row of `ordered`, by linear
    interpolation at position (count - 1) x q: element by element, the same arithmetic as
    one number at a time (numpy's float64 is the same IEEE double as Python's float)."""
    position = (count - 1) * q
    below = np.floor(position).astype(np.int64)
    above = np.minimum(below + 1, count - 1)
    fraction = position - below
    rows = np.arange(len(count))
    result: Vector = ordered[rows, below] + fraction * (ordered[rows, above] - ordered[rows, below])
    return result


@functools.cache
def _blas() -> threadpoolctl.ThreadpoolController:
    """The BLAS libraries numpy loaded (finding them takes a millisecond: once a process)."""
    return threadpoolctl.ThreadpoolController().select(user_api="blas")


_one_thread_for_good = False


def one_blas_thread_for_good() -> None:
    """Keep BLAS to one thread for the rest of this process, for a worker process that only
    scores: setting the limit and giving it back at every bootstrap costs a tenth of a
    millisecond, a few percent of scoring a site."""
    global _one_thread_for_good
    _blas().limit(limits=1)
    _one_thread_for_good = True


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """BLAS on one thread while the bootstrap multiplies, then as it was."""
    if _one_thread_for_good:
        return contextlib.nullcontext()
    limited: contextlib.AbstractContextManager[object] = _blas().limit(limits=1)
    return limited


def bootstrap_intervals(
    framework: Framework,
    people: Sequence[Respondent],
    domains: Sequence[DomainResult],
    aggregate: Aggregate,
    resamples: int = RESAMPLES,
    fixed: Mapping[str, float] | None = None,
    person_scores: Sequence[dict[str, float]] | None = None,
    item_intervals: bool = True,
) -> Intervals:
    """Intervals for every published item, every scored domain and the framework (none
    from a single respondent, who offers nothing to resample). `fixed` gives the scores of
    facts a reviewer verified: the same in every resample, whoever is drawn. `person_scores`:
    `scored_answers` of the same people, when already worked out. With `item_intervals`
    False the items' intervals are left out (their resampled scores are still worked out,
    for the domains'; each row is sorted on its own, so the others are the same)."""
    used = [i.item for d in domains for i in d.items if i.used]
    if len(people) < 2 or not used:
        return Intervals()
    settings = framework.scoring
    answers = person_scores if person_scores is not None else scored_answers(framework, people)
    seed = bootstrap_seed(framework, people, aggregate, answers)
    counts = resample_counts(people, seed, resamples)
    # Opinions are averaged by role; facts are reconciled (rule 3). Each column is worked out
    # on its own, so the facts' columns are simply filled in after the opinions'.
    opinions = [n for n, item in enumerate(used) if not item.fact]
    # One row per item, domain and the framework, a column per resample.
    rows = np.empty((len(used) + len(domains) + 1, resamples))
    item_values = rows[: len(used)]
    # On one thread: threads cost more than they save on products this small, and a batch
    # command already runs a worker per core (BLAS would start as many threads again in each).
    with _one_blas_thread():
        item_values[opinions] = _item_scores(
            [used[n] for n in opinions], people, answers, counts, aggregate
        )
    fixed = fixed or {}
    facts = [n for n, item in enumerate(used) if item.fact and item.id not in fixed]
    if facts:
        drawn = _fact_scores([used[n] for n in facts], people, answers, counts)
        # A fact is the service's, not a sample of views: a resample that draws none of the
        # people who decide it still has it, as they gave it (rule 12). Left out, it would
        # score its domain and the framework on other questions than the published score.
        published = {i.item.id: i.score for d in domains for i in d.items if i.used}
        given = np.array([published[used[n].id] for n in facts], dtype=np.float64)
        np.copyto(drawn, given[:, None], where=np.isnan(drawn))
        item_values[facts] = drawn
    for n, item in enumerate(used):
        if item.id in fixed:
            item_values[n] = fixed[item.id]
    position = {item.id: n for n, item in enumerate(used)}
    scored = [d for d in domains if d.score is not None]
    domain_values = rows[len(used) : len(used) + len(scored)]
    domain_values[:] = _weighted_all(
        item_values,
        [[(position[i.item.id], i.item.weight) for i in d.items if i.used] for d in scored],
        [running_sum(i.item.weight for i in d.items) for d in scored],
        settings.min_coverage,
    )
    domain_ids = [d.domain.id for d in scored]
    column = {d: n for n, d in enumerate(domain_ids)}
    counted = [d for d in domains if d.domain.in_total]
    rows[len(used) + len(scored)] = _weighted_all(
        domain_values,
        [[(column[d.domain.id], d.domain.weight) for d in counted if d.domain.id in column]],
        [running_sum(d.domain.weight for d in counted)],
        settings.min_coverage,
    )
    # One sort for everything: items, then domains, then the framework.
    if not item_intervals:
        found = [None] * len(used) + _percentile_rows(rows[len(used) : len(used) + len(scored) + 1])
    else:
        found = _percentile_rows(rows[: len(used) + len(scored) + 1])
    items = {
        item.id: interval
        for item, interval in zip(used, found[: len(used)], strict=True)
        if interval is not None
    }
    intervals = {
        d: interval
        for d, interval in zip(domain_ids, found[len(used) : -1], strict=True)
        if interval is not None
    }
    return Intervals(intervals, found[-1], items)
