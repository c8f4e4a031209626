"""Generate synthetic assessments for benchmarks: many sites, plausible people, seeded.

Each site is a folder (site.yaml and one file per respondent, as `readiness import` makes
them): GP practices (most) and PCNs, grouped five practices to a PCN and PCNs into ICBs.
Each site has a hidden readiness level; each respondent answers the items their role is
asked, around that level with a role tilt and personal noise, sometimes "don't know", and
gives facts (caseloads, counts) from plausible ranges. The same seed gives the same sites.

Usage: python benchmarks/make_sites.py --sites N --out DIR [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from readiness.framework.load import load_catalogue
from readiness.framework.model import Framework, Item
from readiness.vocabulary import ScaleType

# Role mixes: (role, fewest, most) people per site.
PRACTICE = [
    ("gp", 2, 5),
    ("practice_nurse", 0, 2),
    ("practice_manager", 1, 1),
    ("reception", 1, 3),
    ("link_worker", 1, 2),
    ("client", 0, 5),
]
PCN = [
    ("gp", 2, 5),
    ("practice_nurse", 1, 2),
    ("practice_manager", 1, 3),
    ("reception", 1, 3),
    ("link_worker", 2, 4),
    ("pcn_lead", 0, 1),
    ("lw_manager", 1, 1),
    ("vcse", 1, 3),
    ("commissioner", 0, 1),
    ("client", 1, 4),
]
# Roles see things a little differently (a tilt on the 0-1 readiness level).
TILT = {"gp": 0.08, "practice_manager": 0.05, "link_worker": -0.1, "client": 0.05, "vcse": -0.05}


def answer(item: Item, level: float, rng: random.Random) -> str | int | float | None:
    """One person's answer to an item, around the site's readiness level (0-1)."""
    scale = item.scale
    if rng.random() < 0.08:
        return None  # left blank
    unscored = [o for o in scale.unscored if o.kind == "dont_know"]
    if unscored and rng.random() < 0.07:
        return unscored[0].code
    if scale.type == ScaleType.NUMERIC:
        low = scale.points[0][0]
        high = scale.points[-1][0]
        # A fact: better sites sit nearer the end their points reward.
        best_first = scale.points[0][1] > scale.points[-1][1]
        position = 1 - level if best_first else level
        value = low + (high - low) * min(1.0, max(0.0, rng.gauss(position, 0.2)))
        return round(value) if high - low > 10 else round(value, 1)
    options = sorted((o for o in scale.scored if o.value is not None), key=lambda o: o.value or 0)
    target = level if not item.reverse else 1 - level
    index = round(min(1.0, max(0.0, rng.gauss(target, 0.22))) * (len(options) - 1))
    chosen = options[index]
    if scale.type == ScaleType.RANGE and chosen.value is not None:
        return int(chosen.value)
    return chosen.code


def respondent_yaml(
    ident: str, role: str, frameworks: list[Framework], level: float, rng: random.Random
) -> str:
    lines = [f"id: {ident}", f"role: {role}", "versions:"]
    lines += [f'  {f.id}: "{f.version}"' for f in frameworks]
    lines.append("answers:")
    personal = min(1.0, max(0.0, rng.gauss(level + TILT.get(role, 0.0), 0.1)))
    for framework in frameworks:
        # An item asked once elsewhere (`from:`) is answered under its home framework.
        items = [i for i in framework.items_for_role(role) if i.ref is None]
        given = [(i, answer(i, personal, rng)) for i in items]
        given = [(i, a) for i, a in given if a is not None]
        if not given:
            continue
        lines.append(f"  {framework.id}:")
        lines += [f"    {item.id}: {value}" for item, value in given]
    return "\n".join(lines) + "\n"


def make_site(n: int, out: Path, frameworks: list[Framework], rng: random.Random) -> None:
    pcn_site = n % 6 == 5
    kind = "pcn" if pcn_site else "practice"
    mix = PCN if pcn_site else PRACTICE
    folder = out / f"site-{n:05d}"
    (folder / "respondents").mkdir(parents=True, exist_ok=True)
    level = min(0.95, max(0.05, rng.gauss(0.55, 0.15)))
    pcn = f"U{(n // 6) + 10000:05d}"
    icb = f"Q{chr(65 + (n // 180) % 26)}{(n // 4680) % 10}"
    name = f"Synthetic {'PCN' if pcn_site else 'Practice'} {n:05d}"
    ods = pcn if pcn_site else f"Y{n + 10000:05d}"
    people = [(role, k) for role, low, high in mix for k in range(rng.randint(low, high))]
    invited = {}
    for role, _, _ in mix:
        count = sum(1 for r, _ in people if r == role)
        if count:
            invited[role] = count + rng.randint(0, 3)
    (folder / "site.yaml").write_text(
        "site:\n"
        f"  name: {name}\n"
        f"  ods_code: {ods}\n"
        f"  kind: {kind}\n" + ("" if pcn_site else f"  pcn: {pcn}\n") + f"  icb: {icb}\n"
        f"  assessed_on: 2026-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
        f"  frameworks: [{', '.join(f.id for f in frameworks)}]\n"
        f"  invited: {{{', '.join(f'{r}: {c}' for r, c in invited.items())}}}\n",
        encoding="utf-8",
    )
    for number, (role, _) in enumerate(people, 1):
        ident = f"r{number:02d}"
        text = respondent_yaml(ident, role, frameworks, level, rng)
        (folder / "respondents" / f"{ident}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sites", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        sys.exit(f"{args.out} is not empty; choose a new folder")
    catalogue = load_catalogue()
    frameworks = list(catalogue.frameworks.values())  # the newest version of each
    rng = random.Random(args.seed)
    for n in range(args.sites):
        make_site(n, args.out, frameworks, rng)
    print(f"Wrote {args.sites} sites to {args.out}")


if __name__ == "__main__":
    main()
