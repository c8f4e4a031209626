"""Frameworks described for people: the list, a readable outline, and validation reports."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path

from readiness.errors import InputError, errors_only
from readiness.framework.catalogue import (
    Catalogue,
    framework_files,
    load_catalogue,
    resolve_catalogue,
)
from readiness.framework.checks import CheckedFile, check_file
from readiness.framework.library import (
    ActionLibrary,
    check_library,
    is_library_file,
    load_library,
)
from readiness.framework.model import Framework, Scale
from readiness.resources import frameworks_dir
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
                f"domains, {items:>2} items  {framework.title}  ({mark})"
            )
            if framework.spec in catalogue.overridden:
                lines.append(f"{'':<{width}}  (from {framework.path}, replacing the bundled one)")
    return "\n".join(lines) + "\n"


def resolve_framework(name: str, extra_dirs: Iterable[Path] = ()) -> Framework:
    """A framework by id (`npt`, `npt@1.0.0`), or from a file path; an item it asks in another
    framework (`from:`) is resolved against the catalogue and the file's own folder."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        checked = check_in_context([path], extra_dirs)[0]
        if not checked.valid or checked.framework is None:
            raise InputError(checked.problems)
        return checked.framework
    return load_catalogue(extra_dirs).require(name)


def check_in_context(files: Iterable[Path], extra_dirs: Iterable[Path] = ()) -> list[CheckedFile]:
    """Check framework files (and action libraries) on their own, then against each other and
    the catalogue: items asked in another framework must resolve, and a change record must
    match the version it starts from (`frameworks validate`). The bundled frameworks, those in
    `extra_dirs` and, when a file needs them, those beside it make up the catalogue."""
    files = [Path(f) for f in files]
    beside = list(dict.fromkeys(f.parent for f in files if f.parent.is_dir()))
    library, _ = load_library([*extra_dirs, *beside])
    checked: list[CheckedFile] = []
    for path in files:
        if is_library_file(path):
            found, problems = check_library(path)
            checked.append(CheckedFile(path, None, problems, library=found))
        else:
            checked.append(check_file(path, library))
    valid = [c.framework for c in checked if c.valid and c.framework is not None]
    catalogue = _lenient_catalogue([*extra_dirs], library)
    for framework in valid:
        catalogue.add(framework)
    if _missing(valid, catalogue):  # only then read the other files beside them
        catalogue = _lenient_catalogue([*extra_dirs, *beside], library)
        for framework in valid:
            catalogue.add(framework)
    problems = resolve_catalogue(catalogue, only=valid)
    resolved: dict[Path, Framework] = {}
    for framework in valid:
        current = catalogue.get(framework.id, framework.version)
        if current is not None and current.path == framework.path:
            resolved[framework.path] = current
    out = []
    for file in checked:
        extra = [p for p in problems if p.file == file.path]
        shown = file.framework if errors_only(extra) else resolved.get(file.path, file.framework)
        out.append(CheckedFile(file.path, shown, [*file.problems, *extra], file.library))
    return out


def _missing(frameworks: list[Framework], catalogue: Catalogue) -> bool:
    """Whether these frameworks need a framework (or version) the catalogue lacks."""
    for framework in frameworks:
        for item in framework.references:
            assert item.ref is not None
            if catalogue.get(item.ref.framework_id, item.ref.version) is None:
                return True
        record = framework.changes
        if record is not None and catalogue.get(framework.id, record.from_version) is None:
            return True
    return False


def _lenient_catalogue(folders: list[Path], library: ActionLibrary) -> Catalogue:
    """The bundled frameworks and those in `folders` that are valid on their own (broken ones
    are left out: they are reported when they are validated themselves)."""
    catalogue = Catalogue(library=library)
    seen: set[Path] = set()
    for folder in [frameworks_dir(), *folders]:
        if not folder.is_dir() or folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        for path in framework_files(folder):
            framework = _valid_alone(path, path.stat().st_mtime_ns, library)
            if framework is not None:
                catalogue.add(framework)
    return catalogue


_ALONE: dict[tuple[Path, int, int], Framework | None] = {}


def _valid_alone(path: Path, mtime: int, library: ActionLibrary) -> Framework | None:
    """A file's framework if it is valid on its own (remembered while the file is unchanged,
    so validating many files does not re-read the catalogue for each)."""
    key = (path.resolve(), mtime, hash(tuple(library.actions.items())))
    if key not in _ALONE:
        file = check_file(path, library)
        _ALONE[key] = file.framework if file.valid else None
    return _ALONE[key]


def outline_text(fw: Framework) -> str:
    """A readable outline of a framework: domains, items, scales, bands, roles, citations."""
    out: list[str] = []
    wrap = textwrap.TextWrapper(
        width=96,
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    # Change notes and citations: a hanging indent, so each entry stands out.
    hanging = textwrap.TextWrapper(
        width=96,
        initial_indent="  ",
        subsequent_indent="    ",
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
            if item.ref is not None:
                flags.append(f"asked once, as {item.ref.spec}")
            if item.fact:
                flags.append("fact")
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
    out.append("Actions (owner; time frame)")
    for action in fw.actions.values():
        out.append(f"  {action.id}: {role_label(action.owner)}; {action.timeframe}")
    if fw.changes is not None:
        out.append("")
        counts = {k: sum(c.kind == k for c in fw.changes.changes) for k in choices(ChangeKind)}
        summary = ", ".join(f"{kind} {n}" for kind, n in counts.items() if n)
        out.append(f"Changes from {fw.changes.from_version} ({summary})")
        if fw.changes.summary:
            out.extend(wrap.wrap(fw.changes.summary))
        for change in fw.changes.changes:
            if change.kind == ChangeKind.KEPT and not change.note:
                continue
            old, new = ", ".join(change.old), ", ".join(change.new)
            if old and new:
                what = f"{change.kind}: {old} -> {new}."
            else:
                what = f"{change.kind}: {old or new}."
            out.extend(hanging.wrap(f"{what} {change.note or ''}".rstrip()))
    out.append("")
    out.append("Citations")
    for citation in fw.citations:
        out.extend(hanging.wrap(citation.formatted()))
    out.append("")
    out.extend(textwrap.wrap(fw.attribution, 96))
    return "\n".join(out) + "\n"


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
