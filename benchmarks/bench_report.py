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
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ratio, median_seconds, paired, timed

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = [REPO / "examples" / "oakfield-practice.yaml", REPO / "examples" / "riverside-pcn"]

FLOOR = """
import sys, weasyprint
from weasyprint.text.fonts import FontConfiguration
html, base, out = sys.argv[1:4]
weasyprint.HTML(filename=html, base_url=base).write_pdf(
    out, font_config=FontConfiguration(), pdf_variant="pdf/ua-1", pdf_identifier=True)
"""


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
            timed(ours_cmd)  # writes the HTML the floor renders
            floor_cmd = [python, "-c", FLOOR, str(html), templates, str(Path(tmp) / "floor.pdf")]
            ours, floor = paired(ours_cmd, floor_cmd, args.runs)
            pages = int(
                subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
                .stdout.split("Pages:")[1]
                .split()[0]
            )
            ours_t, floor_t = median_seconds(ours), median_seconds(floor)
            print(
                f"{example.name:<26}{pages:>6}{ours_t:>10.2f}s"
                f"{floor_t:>11.2f}s{(median_ratio(ours, floor) - 1):>10.1%}"
                f"{max(r.peak_mib for r in ours):>8.0f}MB{max(r.peak_mib for r in floor):>8.0f}MB"
            )
    print(
        f"\nmedian of {args.runs} runs each; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
