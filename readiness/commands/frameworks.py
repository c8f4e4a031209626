"""`readiness frameworks ...`: list, show, validate and describe frameworks."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from pathlib import Path

from readiness.catalogue import load_catalogue
from readiness.errors import errors_only
from readiness.framework import FRAMEWORK, Framework, Scale, check_framework, load_framework
from readiness.vocabulary import ROLES, TIMEFRAMES, role_label


def list_frameworks(extra_dirs: Iterable[Path] = ()) -> str:
    """One line per available framework."""
    catalogue = load_catalogue(extra_dirs)
    lines = []
    width = max((len(i) for i in catalogue.ids()), default=0)
    for framework in catalogue.frameworks.values():
        items = len(framework.items)
        lines.append(
            f"{framework.id:<{width}}  {framework.version:<7} {len(framework.domains)} domains, "
            f"{items:>2} items  {framework.title}"
        )
        if framework.id in catalogue.overridden:
            lines.append(f"{'':<{width}}  (from {framework.path}, replacing the bundled one)")
    return "\n".join(lines) + "\n"


def resolve_framework(name: str, extra_dirs: Iterable[Path] = ()) -> Framework:
    """A framework by id, or from a file path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_framework(path)
    return load_catalogue(extra_dirs).require(name)


def show_framework(name: str, extra_dirs: Iterable[Path] = ()) -> str:
    """A readable outline of a framework."""
    fw = resolve_framework(name, extra_dirs)
    out: list[str] = []
    wrap = textwrap.TextWrapper(
        width=96,
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    out.append(f"{fw.title} ({fw.id} {fw.version})")
    out.append("=" * len(out[0]))
    out.extend(wrap.wrap(fw.description))
    out.append("")
    out.append("Domains and items (weight; who is asked)")
    for domain in fw.domains:
        out.append(f"  {domain.id}: {domain.title}  [weight {domain.weight:g}]")
        out.extend(
            textwrap.wrap(domain.description, 96, initial_indent="    ", subsequent_indent="    ")
        )
        for item in domain.items:
            flags = []
            if item.critical:
                flags.append("critical")
            if item.reverse:
                flags.append("reverse-scored")
            if item.weight != 1:
                flags.append(f"weight {item.weight:g}")
            roles = ", ".join(item.roles) if item.roles else "all roles"
            out.append(f"    {item.id:<5} {item.text}")
            detail = f"scale {item.scale.id}; {roles}" + (f"; {', '.join(flags)}" if flags else "")
            out.append(f"          ({detail})")
    out.append("")
    out.append("Scales")
    for scale in fw.scales:
        out.append(f"  {scale.id}: {scale.label} — {_scale_summary(scale)}")
    out.append("")
    out.append("Bands (local conventions, not validated cut-offs)")
    for band in fw.bands:
        out.append(f"  {band.min:>5g}+  {band.label} ({band.colour})")
    out.append("")
    s = fw.scoring
    out.append(
        f"Scoring: a domain needs {s.min_coverage:.0%} of its item weight answered; actions "
        f"below {s.action_threshold:g}; a critical item below {s.critical_threshold:g} caps "
        f"the band at '{fw.band(s.cap_band).label}'."
    )
    out.append("")
    out.append("Items per role")
    for role in ROLES:
        count = len(fw.items_for_role(role))
        if count:
            out.append(f"  {role_label(role):<40} {count}")
    out.append("")
    out.append("Citations")
    for citation in fw.citations:
        out.extend(
            textwrap.wrap(
                citation.formatted(),
                96,
                initial_indent="  ",
                subsequent_indent="    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    out.append("")
    out.extend(textwrap.wrap(fw.attribution, 96))
    return "\n".join(out) + "\n"


def _scale_summary(scale: Scale) -> str:
    if scale.type == "numeric":
        points = ", ".join(f"{x:g} → {y:g}" for x, y in scale.points)
        text = f"a number ({scale.unit}); scores {points}"
    elif scale.type == "range":
        text = f"{scale.min:g} to {scale.max:g}"
    else:
        text = " / ".join(o.label for o in scale.scored)
    unscored = [o.label for o in scale.unscored]
    return text + (f"; or {' / '.join(unscored)}" if unscored else "")


def validate_frameworks(files: Iterable[Path]) -> tuple[str, bool]:
    """Check each file; the report to print and whether all were valid."""
    lines: list[str] = []
    all_ok = True
    for path in files:
        framework, problems = check_framework(path)
        lines.extend(str(p) for p in problems)
        errors = errors_only(problems)
        if errors or framework is None:
            all_ok = False
            lines.append(f"{path}: {len(errors)} problem{'s' if len(errors) != 1 else ''}")
        else:
            warnings = len(problems)
            note = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
            lines.append(
                f"{path}: valid ({framework.id} {framework.version}: {len(framework.domains)} "
                f"domains, {len(framework.items)} items{note})"
            )
    return "\n".join(lines) + "\n", all_ok


def framework_json_schema() -> str:
    """The JSON Schema of the framework format."""
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://readiness.invalid/schema/framework.json",
        **FRAMEWORK.json_schema(),
    }
    schema["description"] = (
        f"{FRAMEWORK.doc} Roles: {', '.join(ROLES)}. Timeframes: {', '.join(TIMEFRAMES)}."
    )
    return json.dumps(schema, indent=2, ensure_ascii=False)
