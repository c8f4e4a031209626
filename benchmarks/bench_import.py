"""How long `readiness import` takes on a large survey export, and how much memory it uses.

    python benchmarks/bench_import.py [--rows 10000 100000] [--runs 5] [--sites 300]

Generates a Microsoft Forms-shaped CSV export (an ID and times, a role column and one column
for each of 10 questions: 8 five-mechanisms statements and 2 delivery-conditions numbers,
answered with labels and numbers as people answer; 100,000 rows stay under the 20 MiB limit),
then imports it into a fresh folder in a fresh process, several times; prints the median wall
time and the peak RSS of the importing process.

With --sites N the export is one survey run across N practices: it gains a "Which practice do
you work in?" column (each row names one of N practices, most by ODS code and one in ten by
name, as people answer), and the import splits it with --by-site into N assessment folders.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readiness.framework.load import load_catalogue
from readiness.vocabulary import ROLES, ScaleType

SITE_QUESTION = "Which practice do you work in?"


def practices(count: int) -> list[tuple[str, str]]:
    """(ODS code, name) of `count` made-up practices."""
    return [(f"Y{n:05d}", f"Practice number {n}") for n in range(1, count + 1)]


def write_sites(folder: Path, count: int) -> None:
    """An assessment folder per practice, each with its site.yaml."""
    for code, name in practices(count):
        site = folder / code.lower()
        site.mkdir(parents=True)
        (site / "site.yaml").write_text(
            f"site:\n  name: {name}\n  ods_code: {code}\n  kind: practice\n"
            "  assessed_on: 2026-12-01\n",
            encoding="utf-8",
        )


def write_export(path: Path, rows: int, seed: int = 7, sites: int = 0) -> None:
    """A CSV export of `rows` respondents with realistic answers (and, with `sites`, the
    practice each works in)."""
    catalogue = load_catalogue()
    five = list(catalogue.frameworks["five-mechanisms"].items.values())[:8]
    numbers = [catalogue.frameworks["delivery-conditions"].items[i] for i in ("DC1", "DC2")]
    items = [*five, *numbers]
    rng = random.Random(seed)
    roles = list(ROLES.values())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        header = ["ID", "Start time", "Completion time", "Email", "Name", "What is your role?"]
        header += [SITE_QUESTION] if sites else []
        writer.writerow(header + [f"{item.id}. {item.text}" for item in items])
        named = practices(sites)
        for n in range(1, rows + 1):
            row = [str(n), "10/1/26 9:00:00", "10/1/26 9:12:00", "anonymous", "", rng.choice(roles)]
            if sites:
                code, name = rng.choice(named)
                row.append(name if rng.random() < 0.1 else code)
            for item in items:
                if item.scale.type == ScaleType.NUMERIC:
                    low, high = item.scale.points[0][0], item.scale.points[-1][0]
                    row.append(str(rng.randint(int(low), int(high))))
                else:
                    row.append(rng.choice(item.scale.options).label)
            writer.writerow(row)


def import_once(export: Path, sites: int = 0) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `readiness import` in a fresh process."""
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        command = [
            sys.executable,
            "-c",
            "import sys; from readiness.cli import main; sys.exit(main(sys.argv[1:]))",
            "import",
            str(export),
        ]
        if sites:
            write_sites(folder / "sites", sites)
            command += ["--into", str(folder / "sites"), "--by-site", SITE_QUESTION]
        else:
            command += ["--into", str(folder / "site"), "--site", "Benchmark PCN"]
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode != 0:
            raise SystemExit(f"import failed ({done.returncode}): {done.stderr[-2000:]}")
        # ru_maxrss of children is the largest child so far: runs are ordered by size, so
        # the figure for each size is its own.
        return wall, max(peak, before) / 1024
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sites", type=int, default=0, help="split across this many sites")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        print(
            f"{'rows':>8} {'file MB':>8} {'median s':>9} {'min s':>7} {'max s':>7} "
            f"{'peak RSS MB':>12}"
        )
        for rows in sorted(args.rows):
            export = Path(tmp) / f"export-{rows}.csv"
            write_export(export, rows, sites=args.sites)
            results = [import_once(export, args.sites) for _ in range(args.runs)]
            walls = [w for w, _ in results]
            size = export.stat().st_size / 1e6
            print(
                f"{rows:>8,} {size:>8.1f} {statistics.median(walls):>9.2f} {min(walls):>7.2f} "
                f"{max(walls):>7.2f} {max(r for _, r in results):>12.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
