"""Time `readiness report` against WeasyPrint alone rendering the same HTML.

For each bundled example this runs, each in a fresh process and several times:
  1. the whole command: `python -m readiness report EXAMPLE -o out.pdf`;
  2. the floor: a bare Python process that imports WeasyPrint and renders the HTML that
     readiness wrote (same PDF options, same shared font configuration), nothing else.
It prints median wall time, the overhead of (1) over (2), and each process's peak RSS.

Usage: python benchmarks/bench_report.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = [REPO / "examples" / "oakfield-practice.yaml", REPO / "examples" / "riverside-pcn"]

FLOOR = """
import sys, weasyprint
from weasyprint.text.fonts import FontConfiguration
html, base, out = sys.argv[1:4]
weasyprint.HTML(filename=html, base_url=base).write_pdf(
    out, font_config=FontConfiguration(), pdf_variant="pdf/ua-1", pdf_identifier=True)
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        errors = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command)}\n{errors}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    templates = str(REPO / "templates") + "/"
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'example':<26}{'pages':>6}{'readiness':>11}{'WeasyPrint':>12}{'overhead':>10}"
            f"{'RSS ours':>10}{'RSS floor':>10}"
        )
        for example in EXAMPLES:
            pdf, html = Path(tmp) / "out.pdf", Path(tmp) / "out.html"
            ours_cmd = [
                python,
                "-m",
                "readiness",
                "report",
                str(example),
                "-o",
                str(pdf),
                "--html",
                str(html),
            ]
            timed(ours_cmd)  # warm the file cache and write the HTML used by the floor
            floor_cmd = [python, "-c", FLOOR, str(html), templates, str(Path(tmp) / "floor.pdf")]
            ours, floor = [], []
            for _ in range(args.runs):  # interleaved, so drift on the machine hits both
                ours.append(timed(ours_cmd))
                floor.append(timed(floor_cmd))
            pages = int(
                subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
                .stdout.split("Pages:")[1]
                .split()[0]
            )
            ours_t = statistics.median(t for t, _ in ours)
            floor_t = statistics.median(t for t, _ in floor)
            print(
                f"{example.name:<26}{pages:>6}{ours_t:>10.2f}s"
                f"{floor_t:>11.2f}s{(ours_t / floor_t - 1):>10.1%}"
                f"{max(m for _, m in ours):>8.0f}MB{max(m for _, m in floor):>8.0f}MB"
            )
    print(
        f"\nmedian of {args.runs} runs each; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
