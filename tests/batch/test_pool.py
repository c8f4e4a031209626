"""The worker pool on its own: outcomes in order, the shared value handed to each worker when
it starts (no fork needed), failures kept apart, workers replaced after their share of jobs."""

from __future__ import annotations

import os

import pytest

from readiness.batch.pool import run_each
from readiness.errors import InputError, Problem, ReadinessError


def _work(shared: dict[str, int], job: int) -> tuple[int, int, int]:
    """The job times the shared factor, and which process did it."""
    if job == 3:
        raise InputError([Problem(None, None, "", "job 3 is bad input")])
    if job == 4:
        raise ReadinessError("job 4 cannot be written")
    if job == 5:
        raise ZeroDivisionError("job 5 is a bug")
    return job, job * shared["factor"], os.getpid()


def test_in_this_process_with_one_worker() -> None:
    outcomes = list(run_each(_work, {"factor": 10}, [1, 2, 3, 4, 5], workers=1))
    assert [o.job for o in outcomes] == [1, 2, 3, 4, 5]
    assert [o.value[:2] if o.value else None for o in outcomes] == [
        (1, 10),
        (2, 20),
        None,
        None,
        None,
    ]
    assert {o.value[2] for o in outcomes if o.value} == {os.getpid()}
    assert outcomes[2].problem == "<input>: job 3 is bad input" and outcomes[2].bug is None
    assert outcomes[3].problem == "job 4 cannot be written"
    assert outcomes[4].problem is None and "ZeroDivisionError: job 5 is a bug" in (
        outcomes[4].bug or ""
    )


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_workers_get_the_shared_value_when_they_start(method: str) -> None:
    """Under spawn nothing the parent set in a module reaches the workers: the shared value
    must come with the pool, as it does."""
    jobs = [1, 2, 6, 7, 8, 9]
    outcomes = list(run_each(_work, {"factor": 3}, jobs, workers=2, start_method=method))
    assert [o.job for o in outcomes] == jobs  # in order, whatever order workers finish in
    assert [o.value[1] for o in outcomes if o.value] == [3, 6, 18, 21, 24, 27]
    assert os.getpid() not in {o.value[2] for o in outcomes if o.value}


def test_failures_in_workers_are_kept_apart() -> None:
    outcomes = list(
        run_each(_work, {"factor": 1}, [1, 3, 4, 5, 2], workers=2, start_method="spawn")
    )
    assert [o.value is not None for o in outcomes] == [True, False, False, False, True]
    assert outcomes[1].problem == "<input>: job 3 is bad input"
    assert outcomes[2].problem == "job 4 cannot be written"
    assert "ZeroDivisionError" in (outcomes[3].bug or "")


def test_a_worker_is_replaced_after_its_share_of_jobs() -> None:
    jobs = list(range(6, 16))
    outcomes = list(
        run_each(_work, {"factor": 1}, jobs, workers=2, tasks_per_worker=2, start_method="spawn")
    )
    pids = {o.value[2] for o in outcomes if o.value}
    # Ten jobs, two at most per worker: at least five workers did them.
    assert len(pids) >= 5


_SET_UP_IN: list[int] = []


def _note_setup() -> None:
    _SET_UP_IN.append(os.getpid())


def _setups_seen(shared: None, job: int) -> list[int]:
    return list(_SET_UP_IN)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_worker_setup_runs_in_each_worker_and_never_here(method: str) -> None:
    outcomes = list(
        run_each(
            _setups_seen, None, [1, 2, 3, 4], 2, None, start_method=method, worker_setup=_note_setup
        )
    )
    seen = [o.value for o in outcomes]
    assert all(s is not None and len(s) == 1 and s[0] != os.getpid() for s in seen), seen
    assert _SET_UP_IN == []
    # With one worker everything runs here, and nothing is set up for good in this process.
    assert [o.value for o in run_each(_setups_seen, None, [1, 2], 1, worker_setup=_note_setup)] == [
        [],
        [],
    ]
