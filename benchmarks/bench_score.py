"""Time `readiness score` (with its bootstrap intervals) against starting readiness at all.

For each bundled example this runs, each in a fresh process and interleaved:
  1. the whole command: `python -m readiness score EXAMPLE --format json`;
  2. the floor: a Python process that imports readiness's API and does nothing else.
It prints the medians, the difference (the scoring itself: loading, rules, 1,000 resamples per
framework) and the ratio of the pairs.

Usage: python benchmarks/bench_score.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ratio, median_seconds, paired

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = [REPO / "examples" / "oakfield-practice.yaml", REPO / "examples" / "riverside-pcn"]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    python = sys.executable
    floor = [python, "-c", "import readiness.api"]
    print(f"{'example':<26}{'score':>9}{'import only':>13}{'scoring':>10}{'ratio':>8}{'RSS':>8}")
    for example in EXAMPLES:
        ours = [python, "-m", "readiness", "score", str(example), "--format", "json"]
        mine, base = paired(ours, floor, args.runs)
        ours_t, floor_t = median_seconds(mine), median_seconds(base)
        print(
            f"{example.name:<26}{ours_t:>8.3f}s{floor_t:>12.3f}s{ours_t - floor_t:>9.3f}s"
            f"{median_ratio(mine, base):>8.2f}{max(r.peak_mib for r in mine):>6.0f}MB"
        )
    print(
        f"\nmedian of {args.runs} interleaved runs each; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
