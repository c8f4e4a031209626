"""Uncertainty: a 90% percentile bootstrap interval for every domain and framework score.

Respondents are resampled with replacement within their role groups (so every resample keeps
the site's role mix; roles with a single respondent are resampled together), the scores are
worked out again by the same rules from the items that count in the published score, and the
interval runs from the 5th to the 95th percentile of the resampled scores. The draws come
from SHAKE-256 of a digest of the framework's answers, so the same input always gives the
same interval, on any machine, and anyone can repeat them from the README's description.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from readiness.assessment.model import Respondent
from readiness.framework.model import Framework, Item
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


def bootstrap_seed(
    framework: Framework, people: Sequence[Respondent], aggregate: Aggregate
) -> bytes:
    """SHA-256 of the framework's scored answers written out in a fixed order."""
    lines = [f"readiness-bootstrap/1\t{framework.id}\t{framework.version}\t{aggregate}"]
    for respondent in people:
        answers = respondent.answers.get(framework.id, {})
        for item in framework.items.values():
            answer = answers.get(item.id)
            if answer is None or answer.kind != AnswerKind.SCORED or answer.value is None:
                continue
            score = item.scale.score(answer.value, reverse=item.reverse)
            lines.append(f"{respondent.role}\t{respondent.id}\t{item.id}\t{score:.6f}")
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
    by_role = [[n for n, p in enumerate(people) if p.role == role] for role in ROLES]
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
    places = sum(len(g) for g in groups)
    draws = draw_stream(seed, resamples * places).reshape(resamples, places)
    # Each draw lands on (member, resample); counting them is exact whole-number arithmetic.
    cells = np.empty((resamples, places), dtype=np.int64)
    column = np.arange(resamples)[:, None]
    offset = 0
    for group in groups:
        members = np.array(group)
        size = len(group)
        chosen = members[draws[:, offset : offset + size] % size]
        cells[:, offset : offset + size] = chosen * resamples + column
        offset += size
    tally = np.bincount(cells.ravel(), minlength=len(people) * resamples)
    return tally.reshape(len(people), resamples).astype(np.float64)


def _item_scores(
    items: Sequence[Item],
    people: Sequence[Respondent],
    framework_id: str,
    counts: Vector,
    aggregate: Aggregate,
) -> Matrix:
    """Every item's site score in each resample: shape (resamples, items), NaN where nobody
    drawn scored the item. Sums run person by person in a fixed order, element by element,
    so the result is the same to the last bit on every machine. Each role's sums cover only
    the items its people scored (elsewhere they would add exact zeros)."""
    resamples = counts.shape[1]
    column = {item.id: n for n, item in enumerate(items)}
    by_role: dict[str, list[tuple[int, dict[int, float]]]] = {}
    for p, respondent in enumerate(people):
        scored: dict[int, float] = {}
        for item_id, answer in respondent.answers.get(framework_id, {}).items():
            n = column.get(item_id)
            if n is None or answer.kind != AnswerKind.SCORED or answer.value is None:
                continue
            item = items[n]
            scored[n] = item.scale.score(answer.value, reverse=item.reverse)
        if scored:
            by_role.setdefault(respondent.role, []).append((p, scored))
    total = np.zeros((resamples, len(items)))
    weights = np.zeros((resamples, len(items)))
    for role in (r for r in ROLES if r in by_role):
        members = by_role[role]
        columns = sorted({n for _, scored in members for n in scored})
        local = {n: k for k, n in enumerate(columns)}
        # Per person, their scores over the role's items, and 1 where they gave one (zeros
        # elsewhere add nothing, exactly); summed over people in order, element by element
        # (a reduction over the first axis adds whole rows one after another).
        values = np.zeros((len(members), len(columns)))
        answered = np.zeros((len(members), len(columns)))
        for row, (_, scored) in enumerate(members):
            for n, value in scored.items():
                values[row, local[n]] = value
                answered[row, local[n]] = 1.0
        drawn = counts[[p for p, _ in members]][:, :, None]
        numerator = (drawn * values[:, None, :]).sum(axis=0)
        drawn_answers = (drawn * answered[:, None, :]).sum(axis=0)
        if aggregate == Aggregate.RESPONDENTS:
            total[:, columns] += numerator
            weights[:, columns] += drawn_answers
        else:  # each role drawn at least once (with an answer) is one voice
            voiced = drawn_answers > 0
            role_mean = np.zeros_like(numerator)
            np.divide(numerator, drawn_answers, out=role_mean, where=voiced)
            total[:, columns] += role_mean
            weights[:, columns] += voiced
    result = np.full((resamples, len(items)), np.nan)
    np.divide(total, weights, out=result, where=weights > 0)
    return result


def _weighted(
    values: Sequence[tuple[Vector, float]], all_weight: float, min_coverage: float
) -> Vector:
    """Per resample: the weighted mean of the defined values when they carry at least
    `min_coverage` of `all_weight`; NaN otherwise."""
    resamples = len(values[0][0]) if values else 0
    total = np.zeros(resamples)
    weight = np.zeros(resamples)
    for vector, w in values:
        defined = ~np.isnan(vector)
        total = total + np.where(defined, vector, 0.0) * w
        weight = weight + defined * w
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(weight > 0, total / np.where(weight > 0, weight, 1), np.nan)
    return np.where(weight / all_weight >= min_coverage, mean, np.nan)


def percentile_interval(values: Vector) -> tuple[float, float] | None:
    """The 5th and 95th percentiles of the defined values (linear interpolation between order
    statistics), or None when more than half are undefined."""
    return percentile_intervals(values[:, None])[0]


def percentile_intervals(matrix: Matrix) -> list[tuple[float, float] | None]:
    """`percentile_interval` of each column, sorted all at once (NaN sorts last)."""
    resamples = matrix.shape[0]
    ordered = np.sort(matrix, axis=0)
    defined = resamples - np.isnan(matrix).sum(axis=0)
    tail = (1 - LEVEL) / 2
    out: list[tuple[float, float] | None] = []
    for column, count in enumerate(defined.tolist()):
        if resamples == 0 or count < MIN_DEFINED * resamples:
            out.append(None)
            continue
        values = ordered[:count, column]
        out.append((_quantile(values, tail), _quantile(values, 1 - tail)))
    return out


def _quantile(ordered: Vector, q: float) -> float:
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    fraction = position - below
    return float(ordered[below] + fraction * (ordered[above] - ordered[below]))


def bootstrap_intervals(
    framework: Framework,
    people: Sequence[Respondent],
    domains: Sequence[DomainResult],
    aggregate: Aggregate,
    resamples: int = RESAMPLES,
) -> Intervals:
    """Intervals for every published item, every scored domain and the framework (none
    from a single respondent, who offers nothing to resample)."""
    used = [i.item for d in domains for i in d.items if i.used]
    if len(people) < 2 or not used:
        return Intervals()
    settings = framework.scoring
    counts = resample_counts(people, bootstrap_seed(framework, people, aggregate), resamples)
    scored = [d for d in domains if d.score is not None]
    item_values = _item_scores(used, people, framework.id, counts, aggregate)
    position = {item.id: n for n, item in enumerate(used)}
    domain_values: dict[str, Vector] = {}
    for domain in scored:
        vectors = [
            (item_values[:, position[i.item.id]], i.item.weight) for i in domain.items if i.used
        ]
        all_weight = sum(i.item.weight for i in domain.items)
        domain_values[domain.domain.id] = _weighted(vectors, all_weight, settings.min_coverage)
    counted = [d for d in domains if d.domain.in_total]
    framework_values = _weighted(
        [
            (domain_values[d.domain.id], d.domain.weight)
            for d in counted
            if d.domain.id in domain_values
        ],
        sum(d.domain.weight for d in counted),
        settings.min_coverage,
    )
    domain_ids = list(domain_values)
    found = (
        percentile_intervals(np.stack([domain_values[d] for d in domain_ids], axis=1))
        if domain_ids
        else []
    )
    intervals = {d: i for d, i in zip(domain_ids, found, strict=True) if i is not None}
    item_found = percentile_intervals(item_values)
    items = {
        item.id: interval
        for item, interval in zip(used, item_found, strict=True)
        if interval is not None
    }
    return Intervals(
        intervals,
        percentile_interval(framework_values) if len(framework_values) else None,
        items,
    )
