"""`readiness compare SITES -o out.csv`: wall and CPU time (user + sys, the process and its
workers), this code against an unchanged copy, in alternating runs.

CPU time is the figure to compare on a shared machine: wall time also counts the waits for
cores other people are using. Make the copy with `git archive REV | tar -x -C DIR`; each
command runs from a neutral folder with PYTHONPATH set, so that each imports its own readiness.

Against a base, every run starts with an empty score cache (a first comparison, for code
that keeps scores). With `--kept` there is no base: each run times this code three ways in
turn, with the score cache off (`--no-cache`), with an empty cache (the first run, which
fills it) and with the cache that run filled (a portfolio compared again, nothing changed).
With `--floor` there is no base either: each run times this code with the cache off, as it
is and with the bootstrap replaced by no intervals at all, in turn: the second is the floor
that loading and the rest of the scoring set, whatever the bootstrap is made to cost.

Usage: python benchmarks/bench_compare.py --base DIR [--sites-dir /tmp/sites1000] [--runs 3]
       [--jobs N]
       python benchmarks/bench_compare.py --kept [--sites-dir /tmp/sites1000] [--runs 3]
       python benchmarks/bench_compare.py --floor [--sites-dir /tmp/sites1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# `readiness` with every interval left out: the cost of everything but the bootstrap.
WITHOUT_BOOTSTRAP = (
    "import sys\n"
    "from readiness.scoring import engine, intervals\n"
    "engine.bootstrap_intervals = lambda *args, **kwargs: intervals.Intervals()\n"
    "from readiness.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def timed(
    code: Path,
    sites: list[str],
    jobs: int | None,
    folder: str,
    cache: str | None = None,
    bootstrap: bool = True,
) -> tuple[float, float]:
    """(wall, CPU) seconds of one `compare` run of the readiness in `code`, with the score
    cache in the folder `cache` (None: without the cache, or code that has none); without
    `bootstrap`, every interval is left out."""
    runner = ["-m", "readiness"] if bootstrap else ["-c", WITHOUT_BOOTSTRAP]
    command = [sys.executable, *runner, "compare", *sites, "-o", f"{folder}/out.csv"]
    command += ["--jobs", str(jobs)] if jobs else []
    if cache is None and code == REPO:
        command += ["--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(code), "READINESS_CACHE_DIR": cache or folder}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=folder, env=env, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", type=Path, help="an unchanged copy of the code")
    parser.add_argument("--kept", action="store_true", help="time the score cache")
    parser.add_argument("--floor", action="store_true", help="time it without the bootstrap")
    parser.add_argument("--sites-dir", type=Path, default=Path("/tmp/sites1000"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args()
    sites = sorted(str(p) for p in args.sites_dir.iterdir() if p.is_dir())
    if args.kept:
        kept(sites, args.runs, args.jobs)
        return
    if args.floor:
        floor(sites, args.runs, args.jobs)
        return
    if args.base is None:
        parser.error("give --base DIR (or --kept)")
    codes = {"base": args.base.resolve(), "this": REPO}
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            for name, code in codes.items():
                # Each run a first comparison, whichever code keeps scores: an empty cache.
                cache = tempfile.mkdtemp(dir=folder)
                wall, cpu = timed(code, sites, args.jobs, folder, cache)
                results[name].append((wall, cpu))
                print(f"run {run + 1} {name}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    print_medians(results, len(sites))
    pairs = zip(results["this"], results["base"], strict=True)
    ratio = statistics.median(this[1] / base[1] for this, base in pairs)
    print(f"CPU this/base (median of pairs): {ratio:.3f}")


def kept(sites: list[str], runs: int, jobs: int | None) -> None:
    """Time this code without the score cache, filling an empty one, and reading it."""
    results: dict[str, list[tuple[float, float]]] = {"no cache": [], "empty": [], "filled": []}
    for run in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            cache = f"{folder}/cache"
            for name, where in (("no cache", None), ("empty", cache), ("filled", cache)):
                wall, cpu = timed(REPO, sites, jobs, folder, where)
                results[name].append((wall, cpu))
                print(f"run {run + 1} {name}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    print_medians(results, len(sites))


def floor(sites: list[str], runs: int, jobs: int | None) -> None:
    """Time this code with the cache off, as it is and without the bootstrap, in turn."""
    results: dict[str, list[tuple[float, float]]] = {"as it is": [], "no bootstrap": []}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            for name in results:
                wall, cpu = timed(REPO, sites, jobs, folder, bootstrap=name == "as it is")
                results[name].append((wall, cpu))
                print(f"run {run + 1} {name}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    print_medians(results, len(sites))
    pairs = zip(results["no bootstrap"], results["as it is"], strict=True)
    ratio = statistics.median(bare[0] / whole[0] for bare, whole in pairs)
    print(f"wall without the bootstrap / as it is (median of pairs): {ratio:.3f}")


def print_medians(results: dict[str, list[tuple[float, float]]], sites: int) -> None:
    for name, times in results.items():
        wall = statistics.median(w for w, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(f"{name}: median wall {wall:.2f} s, CPU {cpu:.2f} s ({sites} sites)")


if __name__ == "__main__":
    main()
