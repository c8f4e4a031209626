"""Doing one job per site in worker processes: many sites at once, one failure never stopping
the others, results in the order given whatever order the workers finish in.

Workers are forked, so what the parent has loaded (the frameworks) is there for free, and
each is replaced after `tasks_per_worker` jobs so that a library that grows with use (the PDF
renderer) cannot grow without bound.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from readiness.errors import InputError, ReadinessError

In = TypeVar("In")
Out = TypeVar("Out")

TASKS_PER_WORKER = 25


@dataclass(frozen=True)
class Outcome(Generic[In, Out]):
    """What one job gave: its value, or why it failed (a user's problem, or our bug)."""

    job: In
    value: Out | None = None
    problem: str | None = None  # a problem with the input or environment, for the user
    bug: str | None = None  # a traceback: readiness failed

    @property
    def ok(self) -> bool:
        return self.problem is None and self.bug is None


def default_jobs() -> int:
    """As many workers as this process may use cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _Call(Generic[In, Out]):
    """A picklable wrapper that turns exceptions into outcomes."""

    def __init__(self, work: Callable[[In], Out]) -> None:
        self.work = work

    def __call__(self, job: In) -> Outcome[In, Out]:
        try:
            return Outcome(job, self.work(job))
        except InputError as exc:
            return Outcome(job, problem="\n".join(str(p) for p in exc.problems))
        except ReadinessError as exc:
            return Outcome(job, problem=str(exc))
        except Exception:
            return Outcome(job, bug=traceback.format_exc())


def run_each(
    work: Callable[[In], Out],
    jobs: Sequence[In],
    workers: int,
    tasks_per_worker: int | None = TASKS_PER_WORKER,
    chunk: int = 1,
) -> Iterator[Outcome[In, Out]]:
    """Run `work` on every job, `workers` at a time, yielding outcomes as they finish (in the
    order of `jobs`). With one worker, or one job, everything runs in this process.
    `tasks_per_worker` None keeps workers for the whole run (for work that does not grow);
    `chunk` jobs go to a worker at a time (for many small jobs)."""
    call = _Call(work)
    if workers <= 1 or len(jobs) <= 1:
        yield from (call(job) for job in jobs)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, len(jobs)), maxtasksperchild=tasks_per_worker) as pool:
        yield from pool.imap(call, jobs, chunksize=chunk)
