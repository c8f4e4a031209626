"""Timing whole commands in fresh processes, shared by the benchmark scripts."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """One finished child process: wall seconds and peak resident memory (MiB)."""

    seconds: float
    peak_mib: float


def timed(
    command: Sequence[str],
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run `command` once; its wall time and peak RSS (SystemExit with its errors if it fails)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        errors = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command)}\n{errors}")
    if process.stderr:
        process.stderr.close()
    return Run(elapsed, usage.ru_maxrss / 1024)


def paired(
    ours: Sequence[str],
    floor: Sequence[str],
    runs: int,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> tuple[list[Run], list[Run]]:
    """Both commands `runs` times, interleaved (after one warm-up each), so that drift on a
    shared machine hits both alike."""
    timed(ours, cwd, env)
    timed(floor, cwd, env)
    mine, base = [], []
    for _ in range(runs):
        mine.append(timed(ours, cwd, env))
        base.append(timed(floor, cwd, env))
    return mine, base


def median_seconds(runs: Sequence[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_ratio(ours: Sequence[Run], floor: Sequence[Run]) -> float:
    """The median of the pairwise ratios ours / floor."""
    return statistics.median(a.seconds / b.seconds for a, b in zip(ours, floor, strict=True))
