"""Frameworks described for people: the list, a readable outline, and validation reports."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from readiness.errors import errors_only
from readiness.framework.burden import burden
from readiness.framework.catalogue import Catalogue
from readiness.framework.checks import CheckedFile
from readiness.framework.model import Framework, Scale
from readiness.resources import is_bundled_framework
from readiness.textmatch import FIRST_STRONG_ISOLATE, isolated, shown_width
from readiness.vocabulary import ROLES, ChangeKind, ScaleType, choices, role_label


def list_text(catalogue: Catalogue) -> str:
    """One line per available framework version; the newest of each id is the default."""
    lines = []
    width = max((len(i) for i in catalogue.ids()), default=0)
    for framework_id, default in catalogue.frameworks.items():
        for framework in catalogue.versions[framework_id].values():
            items = len(framework.items)
            mark = "default" if framework is default else f"use {framework.spec}"
            lines.append(
                f"{framework.id:<{width}}  {framework.version:<7} {len(framework.domains)} "
                f"domains, {items:>2} items  {isolated(framework.title)}  ({mark})"
            )
            if framework.spec in catalogue.overridden:
                lines.append(
                    f"{'':<{width}}  (from {isolated(str(framework.path))}, replacing the "
                    "bundled one)"
                )
            if framework is default:
                lines.extend(_choosing(framework))
    return _lines(lines)


def _choosing(framework: Framework) -> list[str]:
    """What a consultant needs to choose a framework: who answers it and how long it takes
    them, what it rests on, and its licence."""
    groups: dict[tuple[int, int], list[str]] = {}
    for b in burden(framework):
        groups.setdefault((b.items, b.minutes), []).append(role_label(b.role))
    # A role's name and its figures stay on one line: spaces inside them do not break.
    asks = "; ".join(
        f"{', '.join(roles)}: {items} item{'s' if items != 1 else ''}, {minutes} min".replace(
            " ", NBSP
        ).replace("," + NBSP, ", ")
        for (items, minutes), roles in groups.items()
    )
    years = sorted(c.year for c in framework.citations)
    with_doi = sum(1 for c in framework.citations if c.doi)
    evidence = (
        f"{len(years)} work{'s' if len(years) != 1 else ''} cited ({with_doi} with a DOI), "
        + (f"{years[0]}–{years[-1]}" if years[0] != years[-1] else f"{years[0]}")
        if years
        else "no works cited"
    )
    licence = isolated(framework.licence or "not stated in the file (see its attribution)")
    return [
        *(line.replace(NBSP, " ") for line in _WRAP_LIST.wrap(f"Asks: {asks}")),
        f"    Evidence: {evidence}; licence: {licence}",
    ]


NBSP = "\u00a0"
_WRAP_LIST = textwrap.TextWrapper(
    width=100, initial_indent="    ", subsequent_indent="      ", break_on_hyphens=False
)


# Paragraphs indented under their heading; change notes and citations with a hanging indent,
# so each entry stands out.
_WRAP = textwrap.TextWrapper(
    width=96,
    initial_indent="  ",
    subsequent_indent="  ",
    break_long_words=False,
    break_on_hyphens=False,
)
_HANGING = textwrap.TextWrapper(
    width=96,
    initial_indent="  ",
    subsequent_indent="    ",
    break_long_words=False,
    break_on_hyphens=False,
)


def outline_text(fw: Framework) -> str:
    """A readable outline of a framework: domains, items, scales, bands, roles, citations."""
    head = f"{isolated(fw.title)} ({fw.id} {fw.shown_version})"
    out = [head, "=" * shown_width(head)]
    if not is_bundled_framework(fw.path):
        # Which file: a user's, perhaps one in place of the bundled text (helper-62 5).
        replacing = ", replacing the bundled one" if fw.adapted else ""
        out += [f"  (from {isolated(str(fw.path))}{replacing})", ""]
    elif fw.adapted:  # bundled, but asking questions kept in a user's file
        homes = dict.fromkeys(
            str(i.ref.home.path)
            for i in fw.references
            if i.ref and i.ref.home and i.ref.home.adapted
        )
        where = ", ".join(isolated(h) for h in homes)
        out += [f"  (adapted locally: it asks questions kept in {where})", ""]
    out += [*_WRAP.wrap(fw.description), ""]
    out += _domains_text(fw)
    out += ["", "Scales"]
    out += [
        f"  {scale.id}: {isolated(scale.label)} — {isolated(_scale_summary(scale))}"
        for scale in fw.scales
    ]
    out += ["", "Bands (local conventions, not validated cut-offs)"]
    out += [f"  {band.min:>5g}+  {isolated(band.label)} ({band.colour})" for band in fw.bands]
    s = fw.scoring
    out += [
        "",
        f"Scoring: a domain needs {s.min_coverage:.0%} of its item weight answered; actions "
        f"below {s.action_threshold:g}; a critical item below {s.critical_threshold:g} caps "
        f"the band at '{isolated(fw.band(s.cap_band).label)}'.",
        "",
        "Items per role",
    ]
    for role in ROLES:
        count = len(fw.items_for_role(role))
        if count:
            out.append(f"  {role_label(role):<40} {count}")
    out += ["", "Actions (owner; time frame)"]
    out += [
        f"  {a.id}: {role_label(a.owner)}; {isolated(a.timeframe)}" for a in fw.actions.values()
    ]
    out += _changes_text(fw)
    out += ["", "Citations"]
    for citation in fw.citations:
        out.extend(_HANGING.wrap(citation.formatted()))
    out += ["", *textwrap.wrap(fw.attribution, 96)]
    return _lines(out)


def _lines(lines: list[str]) -> str:
    """Lines for a terminal. Each text from a framework's file is fenced off where it sits in
    its line (`isolated`), so that a direction control in it (a right-to-left override in a
    title) cannot reverse what the line says after it; a line made of one such text (a
    wrapped description, a citation) is fenced here."""
    return (
        "".join(f"{line if FIRST_STRONG_ISOLATE in line else isolated(line)}\n" for line in lines)
        or "\n"
    )


def _domains_text(fw: Framework) -> list[str]:
    out = ["Domains and items (weight; who is asked)"]
    for domain in fw.domains:
        out.append(f"  {domain.id}: {isolated(domain.title)}  [weight {domain.weight:g}]")
        if domain.cfir:
            out.append(f"    Nearest CFIR 2.0 construct: {isolated(domain.cfir)}")
        out.extend(
            textwrap.wrap(domain.description, 96, initial_indent="    ", subsequent_indent="    ")
        )
        for item in domain.items:
            flags = []
            if item.ref is not None:
                flags.append(f"asked once, as {item.ref.spec}")
            if item.fact:
                flags.append("fact")
            if item.known_by:
                flags.append("decided by " + ", ".join(item.known_by))
            if item.critical:
                flags.append(f"critical below {item.gate_threshold(fw.scoring):g}")
            if item.unknown_caps:
                flags.append(f"caps at {isolated(fw.band(item.unknown_caps).label)} when unknown")
            if item.flag is not None:
                when = (
                    f"score below {item.flag.below:g}"
                    if item.flag.below is not None
                    else f"an answer under {item.flag.under:g}"
                )
                flags.append(f"flagged at {when}")
            if item.self_rated:
                flags.append("self-reported")
            if item.reverse:
                flags.append("reverse-scored")
            if item.weight != 1:
                flags.append(f"weight {item.weight:g}")
            roles = ", ".join(item.roles) if item.roles else "all roles"
            out.append(f"    {item.id:<5} {isolated(item.text)}")
            detail = f"scale {item.scale.id}; {roles}" + (f"; {', '.join(flags)}" if flags else "")
            out.append(f"          ({detail})")
    return out


def _changes_text(fw: Framework) -> list[str]:
    if fw.changes is None:
        return []
    counts = {k: sum(c.kind == k for c in fw.changes.changes) for k in choices(ChangeKind)}
    summary = ", ".join(f"{kind} {n}" for kind, n in counts.items() if n)
    out = ["", f"Changes from {fw.changes.from_version} ({summary})"]
    if fw.changes.summary:
        out.extend(_WRAP.wrap(fw.changes.summary))
    for change in fw.changes.changes:
        if change.kind == ChangeKind.KEPT and not change.note:
            continue
        old, new = ", ".join(change.old), ", ".join(change.new)
        what = f"{change.kind}: {old} -> {new}." if old and new else f"{change.kind}: {old or new}."
        out.extend(_HANGING.wrap(f"{what} {change.note or ''}".rstrip()))
    return out


def _scale_summary(scale: Scale) -> str:
    text = scale.describe()
    if scale.type == ScaleType.NUMERIC:
        text += "; scores " + ", ".join(f"{x:g} → {y:g}" for x, y in scale.points)
    return text


def validation_text(checked: Iterable[CheckedFile]) -> str:
    """Every problem of each checked file, then a line per file: valid, or how many problems.
    Warnings (such as a citation with neither a DOI nor a URL) do not make a file invalid."""
    lines: list[str] = []
    for file in checked:
        lines.extend(str(p) for p in file.problems)
        if file.library is not None and file.valid:
            warnings = len(file.problems)
            note = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
            lines.append(
                f"{file.path}: valid (action library: {len(file.library.actions)} actions{note})"
            )
            continue
        if file.framework is None or not file.valid:
            errors = len(errors_only(file.problems))
            lines.append(f"{file.path}: {errors} problem{'s' if errors != 1 else ''}")
            continue
        framework = file.framework
        warnings = len(file.problems)
        note = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        lines.append(
            f"{file.path}: valid ({framework.id} {framework.version}: {len(framework.domains)} "
            f"domains, {len(framework.items)} items{note})"
        )
    return "\n".join(lines) + "\n"
