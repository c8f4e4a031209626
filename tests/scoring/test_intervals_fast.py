"""The bootstrap's faster arithmetic gives the same numbers, to the last bit, as the
straightforward numpy it replaced (kept here as the reference), on hand-made draws."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import threadpoolctl

from readiness import api
from readiness.assessment.load import load_assessment
from readiness.assessment.model import Respondent
from readiness.framework.model import Item
from readiness.report.portfolio.summary import summarise
from readiness.scoring import intervals
from readiness.scoring.agreement import NO_AGREEMENT
from readiness.scoring.engine import framework_respondents, score_assessment
from readiness.scoring.model import Counts
from readiness.vocabulary import ROLES, Aggregate

from ..helpers import OAKFIELD, RIVERSIDE, RIVERSIDE_BASELINE


def _reference_item_scores(
    items: Sequence[Item],
    people: Sequence[Respondent],
    person_scores: Sequence[dict[str, float]],
    counts: np.ndarray,
    aggregate: Aggregate,
) -> np.ndarray:
    """The item scores as first written: a sum over people of a 3-D array per role, from each
    person's scores by item id."""
    resamples = counts.shape[1]
    column = {item.id: n for n, item in enumerate(items)}
    by_role: dict[str, list[tuple[int, dict[int, float]]]] = {}
    for p, respondent in enumerate(people):
        scored = {column[i]: v for i, v in person_scores[p].items() if i in column}
        if scored:
            by_role.setdefault(respondent.role, []).append((p, scored))
    total = np.zeros((resamples, len(items)))
    weights = np.zeros((resamples, len(items)))
    for role in (r for r in ROLES if r in by_role):
        members = by_role[role]
        columns = sorted({n for _, scored in members for n in scored})
        local = {n: k for k, n in enumerate(columns)}
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
        else:
            voiced = drawn_answers > 0
            role_mean = np.zeros_like(numerator)
            np.divide(numerator, drawn_answers, out=role_mean, where=voiced)
            total[:, columns] += role_mean
            weights[:, columns] += voiced
    result = np.full((resamples, len(items)), np.nan)
    np.divide(total, weights, out=result, where=weights > 0)
    return result


def _reference_weighted(
    values: Sequence[tuple[np.ndarray, float]], all_weight: float, min_coverage: float
) -> np.ndarray:
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


def _reference_percentiles(values: np.ndarray) -> tuple[float, float] | None:
    ordered = np.sort(values[~np.isnan(values)])
    if len(ordered) == 0 or len(ordered) < 0.5 * len(values):
        return None

    def at(q: float) -> float:
        position = (len(ordered) - 1) * q
        below = int(np.floor(position))
        above = min(below + 1, len(ordered) - 1)
        return float(ordered[below] + (position - below) * (ordered[above] - ordered[below]))

    tail = (1 - intervals.LEVEL) / 2
    return at(tail), at(1 - tail)


CASES = [
    (path, aggregate, seed)
    for path in (RIVERSIDE, RIVERSIDE_BASELINE, OAKFIELD)
    for aggregate in Aggregate
    for seed in (1, 2)
]


def _in_thirds(person_scores: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """Scores as a scale of four points gives them (0, 33.33..., 66.66..., 100): products and
    sums of these round, so the order of the additions shows in the last bits."""
    return [{i: round(v / 25) * 100 / 3 for i, v in scores.items()} for scores in person_scores]


@pytest.mark.parametrize("thirds", [False, True])
@pytest.mark.parametrize(("path", "aggregate", "seed"), CASES)
def test_item_scores_equal_the_straightforward_sum(
    path: object, aggregate: Aggregate, seed: int, thirds: bool
) -> None:
    """Whole-number scores take the matrix product, scores in thirds the sums person by
    person: both give the straightforward sum's bits."""
    catalogue = api.load_frameworks(())
    assessment = load_assessment(path, catalogue, ())  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    for framework in assessment.frameworks:
        people = framework_respondents(framework, assessment.respondents)
        items = list(framework.items.values())
        scored = intervals.scored_answers(framework, people)
        if thirds:
            scored = _in_thirds(scored)
        # Draws as the bootstrap makes them, and harsher ones: many repeats, many absences.
        for high in (2, 4, 9):
            counts = rng.integers(0, high, size=(len(people), 300)).astype(np.float64)
            fast = intervals._item_scores(items, people, scored, counts, aggregate)
            slow = _reference_item_scores(items, people, scored, counts, aggregate)
            assert fast.T.tobytes() == slow.tobytes()  # (items, resamples)


@pytest.mark.parametrize(("path", "aggregate", "seed"), CASES)
def test_whole_scores_give_the_same_bits_either_way(
    path: object, aggregate: Aggregate, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the bundled examples, the items with whole-number scores give the same bits by the
    matrix product as person by person (and most items take the product)."""
    catalogue = api.load_frameworks(())
    assessment = load_assessment(path, catalogue, ())  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    taken: list[bool] = []
    exact_columns = intervals._exact_columns

    def recorded(values: np.ndarray, people: int) -> np.ndarray:
        exact = exact_columns(values, people)
        taken.extend(exact.tolist())
        return exact

    for framework in assessment.frameworks:
        people = framework_respondents(framework, assessment.respondents)
        items = list(framework.items.values())
        scored = intervals.scored_answers(framework, people)
        counts = rng.integers(0, 4, size=(len(people), 300)).astype(np.float64)
        monkeypatch.setattr(intervals, "_exact_columns", recorded)
        product = intervals._item_scores(items, people, scored, counts, aggregate)
        monkeypatch.setattr(
            intervals, "_exact_columns", lambda values, people: np.zeros(values.shape[1], bool)
        )
        in_order = intervals._item_scores(items, people, scored, counts, aggregate)
        assert product.tobytes() == in_order.tobytes()
    assert sum(taken) > 0.8 * len(taken)


@pytest.mark.parametrize(
    ("scores", "people", "exact"),
    [
        ([0.0, 25.0, 50.0, 75.0, 100.0], 10, True),
        ([12.5, 0.125, 99.0 + 1 / 1024], 10, True),  # whole multiples of 1/1024
        ([100 / 3, 50.0], 10, False),
        ([0.1, 50.0], 10, False),
        ([1 / 2048], 10, False),
        ([-0.0, 50.0], 10, False),  # a negative zero's sign could survive a sum
        ([-25.0, 50.0], 10, False),
        ([2.0**40], 7, True),  # the largest sum, 7 x 2^40, stays under 2^53 / 1024
        ([2.0**40], 8, False),
        ([], 10, True),
    ],
)
def test_sums_are_taken_as_exact_only_when_they_are(
    scores: list[float], people: int, exact: bool
) -> None:
    """Each item (a column) is judged on its own scores: a column beside it changes nothing."""
    column = np.array(scores).reshape(len(scores), 1)
    assert intervals._exact_columns(column, people).tolist() == [exact]
    beside = np.hstack([column, np.full((len(scores), 1), 100 / 3)])
    assert intervals._exact_columns(beside, people).tolist() == [exact, not scores]


@pytest.mark.parametrize("seed", range(6))
def test_weighted_means_and_percentiles_equal_one_at_a_time(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.random((400, 9)) * 100
    values[rng.random(values.shape) < 0.3 * (seed % 3)] = np.nan
    parts = [[(0, 1.0), (3, 2.0), (5, 0.5)], [(1, 1.5)], [(2, 1.0), (4, 1.0), (6, 3.0), (8, 1.0)]]
    all_weights = [4.0, 3.0, 6.0]
    together = intervals._weighted_all(values.T, parts, all_weights, 0.5).T  # rows: groups
    for g, part in enumerate(parts):
        alone = _reference_weighted([(values[:, c], w) for c, w in part], all_weights[g], 0.5)
        assert together[:, g].tobytes() == alone.tobytes()
    found = intervals.percentile_intervals(np.hstack([values, together]))
    expected = [_reference_percentiles(column) for column in np.hstack([values, together]).T]
    assert found == expected


@pytest.mark.parametrize("path", [RIVERSIDE, RIVERSIDE_BASELINE, OAKFIELD])
def test_a_brief_result_changes_nothing_a_portfolio_shows(path: object) -> None:
    """A portfolio scores briefly (no item intervals, role views, agreement below the
    framework or tallies of facts' answers): every other number is the same, to the bit, and
    so is the site's summary."""
    catalogue = api.load_frameworks(())
    assessment = load_assessment(path, catalogue, ())  # type: ignore[arg-type]
    full = score_assessment(assessment)
    brief = score_assessment(assessment, brief=True)
    for whole, part in zip(full.frameworks, brief.frameworks, strict=True):
        assert repr(part.interval) == repr(whole.interval)
        for d_whole, d_part in zip(whole.domains, part.domains, strict=True):
            assert repr(d_part.interval) == repr(d_whole.interval)
            assert all(i.interval is None and not i.by_role for i in d_part.items)
            stripped = [
                dataclasses.replace(
                    i, interval=None, by_role=(), agreement=NO_AGREEMENT, fact_answers=()
                )
                for i in d_whole.items
            ]
            assert repr(stripped) == repr(list(d_part.items))
            assert repr(
                dataclasses.replace(d_whole, by_role=(), agreement=NO_AGREEMENT, items=())
            ) == repr(dataclasses.replace(d_part, items=()))
        assert repr(dataclasses.replace(part, domains=())) == repr(
            dataclasses.replace(whole, domains=())
        )
    assert summarise(brief) == summarise(full)
    assert any(i.interval for f in full.frameworks for i in f.items)
    assert any(d.by_role for f in full.frameworks for d in f.domains)
    assert any(i.fact_answers for f in full.frameworks for i in f.items)


def test_counts_total_is_the_chained_sum() -> None:
    parts = [
        Counts(3, 1, {"not_my_role": 2}, 0),
        Counts(),
        Counts(0, 2, {"b": 1, "a": 4}, 5),
        Counts(7, 0, {"not_my_role": 1, "a": 1}, 1),
    ]
    for n in range(len(parts) + 1):
        chained = sum(parts[:n], Counts())
        total = Counts.total(parts[:n])
        assert total == chained
        assert list(total.not_applicable) == list(chained.not_applicable)


def _reference_counts(people: Sequence[Respondent], seed: bytes, resamples: int) -> np.ndarray:
    """The README's draws, one at a time: in resample b, each group's places in turn, the next
    number u of the stream draws member u mod n."""
    groups = intervals.resampling_groups(people)
    stream = iter(intervals.draw_stream(seed, resamples * len(people)).tolist())
    counts = np.zeros((len(people), resamples))
    for b in range(resamples):
        for group in groups:
            for _ in group:
                counts[group[next(stream) % len(group)], b] += 1
    return counts


@pytest.mark.parametrize(
    "roles",
    [
        ["gp", "gp", "gp", "practice_manager", "link_worker", "link_worker"],
        ["gp", "gp", "reception", "link_worker", "link_worker"],
        ["gp", "client", "reception"],
        ["gp", "gp"],
        ["gp"] * 5 + ["practice_nurse"] * 4 + ["client"] * 7 + ["link_worker"],
    ],
)
def test_resample_counts_equal_the_draws_one_at_a_time(roles: list[str]) -> None:
    people = [Respondent(f"p{n}", role, {}, {}, Path(f"p{n}")) for n, role in enumerate(roles)]
    for seed in (b"one", b"two"):
        found = intervals.resample_counts(people, seed, 200)
        assert found.tobytes() == _reference_counts(people, seed, 200).tobytes()
        assert found.sum(axis=0).tolist() == [len(people)] * 200


def _blas_threads() -> list[int]:
    return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]


def test_the_products_run_on_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads cost more than they save on products this small, and fought a batch command's
    workers for the cores: the bootstrap keeps BLAS to one thread while it multiplies, and
    gives the process its own setting back."""
    catalogue = api.load_frameworks(())
    assessment = load_assessment(RIVERSIDE, catalogue, ())
    seen: list[list[int]] = []
    item_scores = intervals._item_scores

    def recorded(*args: object) -> np.ndarray:
        seen.append(_blas_threads())
        return item_scores(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(intervals, "_item_scores", recorded)
    with threadpoolctl.threadpool_limits(2, user_api="blas"):  # as on a machine of 2+ cores
        score_assessment(assessment)
        after = _blas_threads()
    assert seen and all(threads == [1] for threads in seen), seen
    assert after == [2]


@pytest.mark.parametrize("path", [RIVERSIDE, RIVERSIDE_BASELINE, OAKFIELD])
def test_facts_in_each_resample_equal_the_people_one_at_a_time(path: Path) -> None:
    """A fact in a resample is the least score among the drawn people whose role decides it,
    NaN where none is drawn: the same bits as taking each person in turn."""
    catalogue = api.load_frameworks(())
    assessment = load_assessment(path, catalogue, ())
    checked = 0
    for framework in assessment.frameworks:
        people = framework_respondents(framework, assessment.respondents)
        scored = intervals.scored_answers(framework, people)
        # Few resamples, so that some draw none of a fact's deciders.
        counts = intervals.resample_counts(people, b"facts", 40)
        facts = [item for item in framework.items.values() if item.fact]
        found = intervals._fact_scores(facts, people, scored, counts)
        for row, item in enumerate(facts):
            expected = np.full(40, np.nan)
            for p, (person, scores) in enumerate(zip(people, scored, strict=True)):
                if item.id in scores and item.decides(person.role):
                    for b in range(40):
                        if counts[p, b] > 0 and not expected[b] <= scores[item.id]:
                            expected[b] = scores[item.id]
            assert found[row].tobytes() == expected.tobytes(), item.id
            checked += 1
    assert checked


def test_a_scoring_worker_keeps_blas_on_one_thread_for_good(tmp_path: Path) -> None:
    """A worker that only scores sets BLAS to one thread once, when it starts, and the
    bootstrap then leaves the setting alone; any other process has it given back."""
    import subprocess
    import sys

    script = (
        "import threadpoolctl\n"
        "from readiness.scoring import intervals\n"
        "def threads():\n"
        "    return [p['num_threads'] for p in threadpoolctl.threadpool_info()"
        " if p['user_api'] == 'blas']\n"
        "with threadpoolctl.threadpool_limits(2, user_api='blas'):\n"
        "    with intervals._one_blas_thread():\n"
        "        inside = threads()\n"
        "    print(inside, threads())\n"
        "    intervals.one_blas_thread_for_good()\n"
        "    print(threads(), type(intervals._one_blas_thread()).__name__)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert shown == ["[1] [2]", "[1] nullcontext"]
