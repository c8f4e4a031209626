"""Pages of each role's fillable PDF questionnaire, as `readiness questionnaire` makes them.

Every role's form is written with all four bundled frameworks, as the manual advises
(`readiness questionnaire five-mechanisms npt rainbow delivery-conditions --all-roles
--format pdf --out-dir DIR`), in a fresh process, and each PDF's pages are counted.

`--repo DIR` counts another checkout of readiness (for example the commit before a change,
from `git worktree add` or `git archive`), with this machine's installed libraries; give it
with `--compare` to print that checkout's pages beside this one's, with the share kept.

Usage: python benchmarks/bench_forms.py [--repo DIR] [--compare]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdf

HERE = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("five-mechanisms", "npt", "rainbow", "delivery-conditions")


def pages_per_role(repo: Path) -> dict[str, int]:
    """Each role's PDF questionnaire from the checkout at `repo`: role id -> pages."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "forms"
        command = [sys.executable, "-m", "readiness", "questionnaire", *FRAMEWORKS]
        subprocess.run(
            [*command, "--all-roles", "--format", "pdf", "--out-dir", str(out)],
            check=True,
            capture_output=True,
            cwd=repo,
            env={**os.environ, "PYTHONPATH": str(repo)},
        )
        return {pdf.stem: len(pypdf.PdfReader(pdf).pages) for pdf in sorted(out.glob("*.pdf"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE, help="the checkout to count")
    parser.add_argument(
        "--compare", action="store_true", help="print --repo's pages beside this checkout's"
    )
    args = parser.parse_args()
    other = pages_per_role(args.repo.resolve())
    if not args.compare:
        print(f"{args.repo.resolve()}\n{'role':<18}{'pages':>6}")
        for role, pages in other.items():
            print(f"{role:<18}{pages:>6}")
        return
    this = pages_per_role(HERE)
    print(f"before: {args.repo.resolve()}\nafter:  {HERE}")
    print(f"{'role':<18}{'before':>7}{'after':>7}{'share':>7}")
    for role, before in other.items():
        after = this.get(role)
        share = f"{after / before:.0%}" if after is not None else "-"
        print(f"{role:<18}{before:>7}{after if after is not None else '-':>7}{share:>7}")


if __name__ == "__main__":
    main()
