"""Check that a change leaves every number the same, to the last bit.

`--write REF` records, with whichever readiness this Python imports, what `readiness score SITE`
prints (JSON, and CSV with item rows) for the bundled examples and the first `--sites` synthetic
sites, and what `readiness compare` writes (CSV and JSON) for all the synthetic sites. `--check
REF` does the same again and compares byte for byte. To record the code as it was before a
change, point PYTHONPATH at an unchanged copy (`git archive HEAD | tar -x -C /tmp/base`) and run
with `--write`; the script prints which readiness it used.

Usage: python benchmarks/check_identical.py (--write REF | --check REF) [--sites-dir DIR]
       [--sites N] [--jobs N]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = [
    REPO / "examples" / "riverside-pcn",
    REPO / "examples" / "riverside-pcn-baseline",
    REPO / "examples" / "oakfield-practice.yaml",
]
SCORE_FORMATS = {"json": ["--format", "json"], "items.csv": ["--format", "csv", "--items"]}


def score_outputs(sites: list[Path]) -> dict[str, bytes]:
    """`readiness score` for each site and format, run in this process through the CLI."""
    from click.testing import CliRunner

    from readiness.cli import cli

    runner = CliRunner()
    out: dict[str, bytes] = {}
    for site in sites:
        for suffix, options in SCORE_FORMATS.items():
            result = runner.invoke(cli, ["score", str(site), *options], catch_exceptions=False)
            if result.exit_code != 0:
                raise SystemExit(f"score {site} failed ({result.exit_code}):\n{result.output}")
            out[f"score/{site.name}.{suffix}"] = result.stdout_bytes
    return out


def compare_outputs(sites: list[Path], jobs: int | None) -> dict[str, bytes]:
    """`readiness compare` of every site, as CSV and JSON, in a fresh process. With a fresh
    score cache: the CSV run scores every site and keeps the scores, the JSON run reads them
    (code without the cache scores both times), so both ways are checked."""
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "READINESS_CACHE_DIR": f"{tmp}/cache"}
        for fmt in ("csv", "json"):
            target = Path(tmp) / f"compare.{fmt}"
            command = [sys.executable, "-m", "readiness", "compare", *map(str, sites)]
            command += ["-o", str(target)] + (["--jobs", str(jobs)] if jobs else [])
            # From a neutral folder, so that `-m` finds the readiness on sys.path (PYTHONPATH).
            subprocess.run(command, check=True, cwd=tmp, env=env, stderr=subprocess.DEVNULL)
            out[f"compare.{fmt}"] = target.read_bytes()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, help="record the outputs in this folder")
    action.add_argument("--check", type=Path, help="compare the outputs with this folder's")
    parser.add_argument("--sites-dir", type=Path, default=Path("/tmp/sites1000"))
    parser.add_argument("--sites", type=int, default=200, help="synthetic sites scored singly")
    parser.add_argument("--jobs", type=int, help="workers for compare (default: all cores)")
    args = parser.parse_args()

    import readiness

    print(f"readiness from {Path(readiness.__file__).parent}", file=sys.stderr)
    synthetic = sorted(p for p in args.sites_dir.iterdir() if p.is_dir())
    outputs = score_outputs(EXAMPLES + synthetic[: args.sites])
    outputs.update(compare_outputs(synthetic, args.jobs))
    if args.write:
        for name, data in outputs.items():
            path = args.write / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        print(f"wrote {len(outputs)} outputs into {args.write}", file=sys.stderr)
        return
    differ = []
    for name, data in outputs.items():
        recorded = args.check / name
        if not recorded.is_file() or recorded.read_bytes() != data:
            differ.append(name)
    expected = {str(p.relative_to(args.check)) for p in args.check.rglob("*") if p.is_file()}
    missing = sorted(expected - set(outputs))
    digest = hashlib.sha256(b"".join(outputs[k] for k in sorted(outputs))).hexdigest()[:16]
    for name in differ + missing:
        print(f"DIFFERS: {name}", file=sys.stderr)
    if differ or missing:
        raise SystemExit(f"{len(differ) + len(missing)} of {len(expected)} outputs differ")
    print(f"all {len(outputs)} outputs identical (sha256 {digest})", file=sys.stderr)


if __name__ == "__main__":
    main()
