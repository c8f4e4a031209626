"""Doing one job per site in worker processes: many sites at once, one failure never stopping
the others, results in the order given whatever order the workers finish in.

Workers start the way the platform starts them (fork on Linux, spawn on macOS and Windows):
what every job shares (the run's options, with the frameworks) is handed to each worker once,
when it starts, never set in a module by the parent. Each worker is replaced after
`tasks_per_worker` jobs so that a library that grows with use (the PDF renderer) cannot grow
without bound.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from readiness.errors import InputError, Problem, ReadinessError, describe_os_error

In = TypeVar("In")
Out = TypeVar("Out")
Shared = TypeVar("Shared")

TASKS_PER_WORKER = 25

# glibc's mallopt parameters, and the values workers use (see `_hold_freed_memory`).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_FROM_BYTES = 32 * 1024 * 1024
_KEEP_FREE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Outcome(Generic[In, Out]):
    """What one job gave: its value, or why it failed (a user's problem, or our bug)."""

    job: In
    value: Out | None = None
    problem: str | None = None  # a problem with the input or environment, for the user
    bug: str | None = None  # a traceback: readiness failed
    # The problem as each of its lines, found in the job's files (warnings among them).
    problems: tuple[Problem, ...] = ()


def default_jobs() -> int:
    """As many workers as this process may use cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# What every job in this worker process shares: set once when the worker starts (by the pool's
# initializer, in the worker), never by the process that starts the pool.
_WORKER_SHARED: Any = None


def _start_worker(
    shared: object, hold_freed_memory: bool, setup: Callable[[], None] | None
) -> None:
    global _WORKER_SHARED
    _WORKER_SHARED = shared
    # A worker ends when the pool ends it (SIGTERM), not as the command does (cli.entry_point).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hold_freed_memory:
        _hold_freed_memory()
    if setup is not None:
        setup()


def _hold_freed_memory() -> None:
    """Let this worker keep memory it frees, up to a bound, for its next jobs. By default glibc
    gives a block of a few hundred KiB back to the system as soon as it is freed, and scoring
    frees arrays of that size many times a site: taking the memory back again cost page
    faults worth a sixth of `compare`'s time (benchmarks/bench_compare.py). A worker never
    holds more than _KEEP_FREE_BYTES unused; other C libraries are left as they are. Only
    for small jobs of many small arrays (scoring): a renderer's memory is left to glibc."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - a C library without mallopt
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mallopt(_M_MMAP_THRESHOLD, _MMAP_FROM_BYTES)
    mallopt(_M_TRIM_THRESHOLD, _KEEP_FREE_BYTES)


class _Call(Generic[Shared, In, Out]):
    """A picklable wrapper that gives each job the shared value and turns exceptions into
    outcomes."""

    def __init__(self, work: Callable[[Shared, In], Out], shared: Shared | None = None) -> None:
        self.work = work
        self.shared = shared  # in this process; a worker uses what it was started with

    def __call__(self, job: In) -> Outcome[In, Out]:
        shared = self.shared if self.shared is not None else _WORKER_SHARED
        try:
            return Outcome(job, self.work(shared, job))
        except InputError as exc:
            found = tuple(exc.problems)
            return Outcome(job, problem="\n".join(str(p) for p in found), problems=found)
        except ReadinessError as exc:
            return Outcome(job, problem=str(exc))
        except OSError as exc:  # the user's environment (a loop of links, a vanished file)
            where = f"{exc.filename}: " if exc.filename else f"{job}: "
            return Outcome(job, problem=where + describe_os_error(exc))
        except Exception:
            return Outcome(job, bug=traceback.format_exc())


def run_each(
    work: Callable[[Shared, In], Out],
    shared: Shared,
    jobs: Sequence[In],
    workers: int,
    tasks_per_worker: int | None = TASKS_PER_WORKER,
    chunk: int = 1,
    start_method: str | None = None,
    hold_freed_memory: bool = False,
    worker_setup: Callable[[], None] | None = None,
) -> Iterator[Outcome[In, Out]]:
    """Run `work(shared, job)` on every job, `workers` at a time, yielding outcomes as they
    finish (in the order of `jobs`). With one worker, or one job, everything runs in this
    process. `shared` (picklable) reaches each worker once, when it starts.
    `tasks_per_worker` None keeps workers for the whole run (for work that does not grow);
    `chunk` jobs go to a worker at a time (for many small jobs); `start_method` ('fork',
    'spawn', 'forkserver') overrides the platform's default, for tests; `hold_freed_memory`
    lets workers keep memory they free (`_hold_freed_memory`); `worker_setup` (a module's
    function) runs in each worker as it starts, never in this process."""
    if workers <= 1 or len(jobs) <= 1:
        here = _Call(work, shared)
        yield from (here(job) for job in jobs)
        return
    context = multiprocessing.get_context(start_method)
    pool = context.Pool(
        min(workers, len(jobs)),
        initializer=_start_worker,
        initargs=(shared, hold_freed_memory, worker_setup),
        maxtasksperchild=tasks_per_worker,
    )
    with pool:
        yield from pool.imap(_Call(work), jobs, chunksize=chunk)
