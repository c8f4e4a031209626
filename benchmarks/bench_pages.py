"""Pages and time of each kind of report, as a PDF and as an HTML page.

For the bundled examples (the one-practice example, the PCN follow-up alone, with its
baseline, and its summary) and a synthetic PCN of about 20 respondents (made by
make_sites.py, seeded), this runs `readiness report ... -o out.pdf` and `... -o out.html`,
each in a fresh process, interleaved, several times. It prints the PDF's pages, the median
wall time of each, and the median of the pairwise ratios HTML / PDF.

`--repo DIR` times another checkout of readiness (for example the commit before a change,
from `git worktree add`), with this machine's installed libraries, to compare before and
after in one sitting; a checkout without `--format html` gets no HTML column.

Usage: python benchmarks/bench_pages.py [--runs N] [--repo DIR]
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

HERE = Path(__file__).resolve().parent.parent
EXAMPLES = HERE / "examples"
SYNTHETIC_PEOPLE = 20


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(info.stdout.split("Pages:")[1].split()[0])


def synthetic_site(folder: Path) -> Path:
    """The generated PCN whose respondents are nearest SYNTHETIC_PEOPLE (same seed, same site)."""
    script = HERE / "benchmarks" / "make_sites.py"
    subprocess.run(
        [sys.executable, str(script), "--sites", "30", "--out", str(folder), "--seed", "7"],
        check=True,
        capture_output=True,
    )
    pcns = [
        site
        for site in sorted(folder.iterdir())
        if "kind: pcn" in (site / "site.yaml").read_text(encoding="utf-8")
    ]
    return min(pcns, key=lambda s: abs(len(list((s / "respondents").iterdir())) - SYNTHETIC_PEOPLE))


RENDER_ALONE = """
import statistics, sys, time
from pathlib import Path
from readiness.api import score
from readiness.report.document import render_report
result = score(Path(sys.argv[1]))
render_report(result, pdf=False)  # warm: templates compiled, fonts configured
render_report(result)
def median(pdf):
    times = []
    for _ in range(int(sys.argv[2])):
        start = time.perf_counter()
        render_report(result, pdf=pdf)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
html, pdf = median(False), median(True)
print(f"{pdf:.2f} {html:.3f} {html / pdf:.3f}")
"""


def render_alone(site: Path, runs: int, env: dict[str, str], repo: Path) -> str:
    """Rendering alone, after scoring, in one process: median PDF and HTML seconds, ratio."""
    done = subprocess.run(
        [sys.executable, "-c", RENDER_ALONE, str(site), str(runs)],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo,
        check=True,
    )
    pdf, html, ratio = done.stdout.split()
    return f"{pdf:>8}s{html:>8}s{ratio:>10}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=HERE, help="the checkout to time")
    args = parser.parse_args()
    repo = args.repo.resolve()
    env = {**os.environ, "PYTHONPATH": str(repo)}
    readiness = [sys.executable, "-m", "readiness", "report"]
    has_html = (
        "--format"
        in subprocess.run(
            [*readiness, "--help"], capture_output=True, text=True, env=env, cwd=repo, check=True
        ).stdout
    )
    with tempfile.TemporaryDirectory() as tmp:
        site = synthetic_site(Path(tmp) / "sites")
        people = len(list((site / "respondents").iterdir()))
        riverside, baseline = EXAMPLES / "riverside-pcn", EXAMPLES / "riverside-pcn-baseline"
        variants = {
            "oakfield-practice": [str(EXAMPLES / "oakfield-practice.yaml")],
            "riverside-pcn": [str(riverside)],
            "riverside-pcn + baseline": [str(riverside), "--baseline", str(baseline)],
            "riverside-pcn --summary": [str(riverside), "--summary"],
            f"synthetic PCN, {people} people": [str(site)],
        }
        print(f"{repo}\n{'report':<30}{'pages':>6}{'PDF':>9}{'HTML':>9}{'HTML/PDF':>10}")
        for name, arguments in variants.items():
            pdf, html = Path(tmp) / "out.pdf", Path(tmp) / "out.html"
            pdf_command = [*readiness, *arguments, "-o", str(pdf)]
            html_command = [*readiness, *arguments, "-o", str(html)]
            if has_html:
                pdf_runs, html_runs = paired(pdf_command, html_command, args.runs, env, repo)
                html_text = f"{median_seconds(html_runs):>8.2f}s"
                ratio = f"{median_ratio(html_runs, pdf_runs):>10.3f}"
            else:
                timed(pdf_command, env=env, cwd=repo)
                pdf_runs = [timed(pdf_command, env=env, cwd=repo) for _ in range(args.runs)]
                html_text, ratio = f"{'-':>9}", f"{'-':>10}"
            print(
                f"{name:<30}{pages_of(pdf):>6}{median_seconds(pdf_runs):>8.2f}s{html_text}{ratio}"
            )
        if has_html:
            print("\nrendering alone, after scoring, in one process")
            print(f"{'report':<30}{'PDF':>9}{'HTML':>9}{'HTML/PDF':>10}")
            for name, arguments in variants.items():
                if len(arguments) == 1:
                    print(f"{name:<30}{render_alone(Path(arguments[0]), args.runs, env, repo)}")
    print(
        f"\nmedian of {args.runs} runs each; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
