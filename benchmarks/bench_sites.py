"""Many sites: rendering one report per site, and comparing a thousand sites.

Generates synthetic sites (benchmarks/make_sites.py, seeded) and measures, in fresh
processes:
  1. `readiness report SITES --out-dir DIR --jobs 1` and `--jobs 2` on the same sites:
     sites per minute, and how much faster two workers are (the same run, so the ratio holds
     however fast the machine is today);
  2. each worker's peak memory (its VmHWM, sampled from /proc while it runs) when rendering
     10 sites and when rendering many (copies of the same 10, so the largest report is the
     same in both runs and only growth with use could make a difference);
  3. `readiness compare` on all the sites, to CSV and to PDF.

Usage: python benchmarks/bench_sites.py [--sites 1000] [--render 20] [--many-render 1000]
       [--only render|memory|compare ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ("render", "memory", "compare")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _peak_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, the main process's peak MiB, the largest worker's peak MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: dict[int, int] = {}
    main_peak = 0
    while process.poll() is None:
        main_peak = max(main_peak, _peak_kib(process.pid))
        for child in _children(process.pid):
            workers[child] = max(workers.get(child, 0), _peak_kib(child))
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        errors = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command[:6])} ...\n{errors}")
    if process.stderr:
        process.stderr.close()
    return elapsed, main_peak / 1024, max(workers.values(), default=0) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sites", type=int, default=1000, help="sites to compare")
    parser.add_argument("--render", type=int, default=20, help="sites to render, timed")
    parser.add_argument(
        "--many-render", type=int, default=1000, help="sites to render for memory (copies of 10)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only",
        action="append",
        choices=PARTS,
        help="run only these parts (repeatable); all three by default",
    )
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    python = sys.executable
    readiness = [python, "-m", "readiness"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sites_dir = root / "sites"
        subprocess.run(
            [
                python,
                str(REPO / "benchmarks" / "make_sites.py"),
                "--sites",
                str(args.sites),
                "--out",
                str(sites_dir),
                "--seed",
                str(args.seed),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sites = sorted(str(p) for p in sites_dir.iterdir())
        if "render" in parts:
            render_rates(readiness, root, sites[: args.render])
        if "memory" in parts:
            worker_memory(readiness, root, sites[:10], args.many_render)
        if "compare" in parts:
            compare_times(readiness, root, sites)
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs")


def render_rates(readiness: list[str], root: Path, few: list[str]) -> None:
    print(f"Rendering {len(few)} full reports:")
    rates = {}
    for jobs in (1, 2):
        out = root / f"reports-{jobs}"
        seconds, _, worker = run(
            [*readiness, "report", *few, "--out-dir", str(out), "--jobs", str(jobs), "--force"]
        )
        rates[jobs] = len(few) / seconds * 60
        print(
            f"  --jobs {jobs}: {seconds:7.1f} s, {rates[jobs]:5.1f} sites a minute"
            + (f", largest worker {worker:.0f} MiB" if worker else "")
        )
    print(f"  two workers are {rates[2] / rates[1]:.2f}x as fast as one")


def worker_memory(readiness: list[str], root: Path, ten: list[str], how_many: int) -> None:
    print("Worker memory, --jobs 2:")
    copies = root / "copies"
    many = []
    for n in range(how_many):
        target = copies / f"copy-{n:05d}"
        shutil.copytree(ten[n % len(ten)], target)
        many.append(str(target))
    for label, chosen in (("10", ten), (str(how_many), many)):
        out = root / f"memory-{label}"
        seconds, main_peak, worker = run(
            [*readiness, "report", *chosen, "--out-dir", str(out), "--jobs", "2"]
        )
        print(
            f"  {label:>5} sites: largest worker {worker:6.0f} MiB, parent {main_peak:4.0f} "
            f"MiB ({seconds:.0f} s, {len(chosen) / seconds * 60:.1f} sites a minute)"
        )


def compare_times(readiness: list[str], root: Path, sites: list[str]) -> None:
    # Every site is scored in each run (--no-cache): the kept scores are timed by
    # bench_compare.py --kept.
    print(f"Comparing {len(sites)} sites (scored by 2 workers):")
    for suffix in ("csv", "pdf"):
        seconds, main_peak, _ = run(
            [*readiness, "compare", *sites, "-o", str(root / f"portfolio.{suffix}"), "--no-cache"]
        )
        print(f"  to {suffix.upper()}: {seconds:6.1f} s, parent {main_peak:.0f} MiB")


if __name__ == "__main__":
    main()
