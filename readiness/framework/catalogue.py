"""The frameworks available to a run: the bundled ones plus any from folders the user names.

The catalogue holds every version of each framework side by side (the newest is the default,
and `npt@1.0.0` pins another), the shared action library, and the rules between files: an item
asked once in another framework (`from:`) is resolved to its home item, and a change record is
checked against the version it describes the change from.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from readiness.errors import InputError, Problem, ReadinessError, Severity, errors_only
from readiness.framework.checks import VERSION, load_framework
from readiness.framework.library import ActionLibrary, is_library_file, load_library
from readiness.framework.model import Framework, Item, Scale
from readiness.resources import frameworks_dir
from readiness.schema import IDENTIFIER, did_you_mean, known_list, unknown
from readiness.vocabulary import ChangeKind, ScaleType

SPEC = re.compile(rf"(?P<id>{IDENTIFIER.pattern})(?:@(?P<version>{VERSION.pattern}))?")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders versions as people expect: 1.10.0 after 1.9.0."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.+_-]", version)
    )


def parse_spec(spec: str) -> tuple[str, str | None]:
    """`npt@1.0.0` -> ("npt", "1.0.0"); `npt` -> ("npt", None)."""
    match = SPEC.fullmatch(spec.strip())
    if match is None:
        return spec, None
    return match["id"], match["version"]


@dataclass
class Catalogue:
    """Frameworks by id (the default, newest version of each) in a stable order (bundled first,
    then user folders, by file name), every version of each, and the action library."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    overridden: dict[str, Path] = field(default_factory=dict)
    versions: dict[str, dict[str, Framework]] = field(default_factory=dict)
    library: ActionLibrary = field(default_factory=ActionLibrary)

    def __post_init__(self) -> None:
        for framework in self.frameworks.values():
            self.versions.setdefault(framework.id, {})[framework.version] = framework

    def add(self, framework: Framework) -> None:
        """Add (or replace) one version of a framework; the newest becomes the default."""
        by_version = self.versions.setdefault(framework.id, {})
        by_version[framework.version] = framework
        self.versions[framework.id] = dict(
            sorted(by_version.items(), key=lambda kv: version_key(kv[0]))
        )
        self.frameworks[framework.id] = list(self.versions[framework.id].values())[-1]

    def get(self, framework_id: str, version: str | None = None) -> Framework | None:
        """The framework with this id (and version; default: the newest), or None."""
        if version is None:
            return self.frameworks.get(framework_id)
        return self.versions.get(framework_id, {}).get(version)

    def ids(self) -> list[str]:
        return list(self.frameworks)

    def all(self) -> list[Framework]:
        """Every version of every framework, by id, oldest version first."""
        return [f for fid in self.frameworks for f in self.versions[fid].values()]

    def versions_of(self, framework_id: str) -> list[str]:
        return list(self.versions.get(framework_id, {}))

    def problem_with(self, spec: str) -> str | None:
        """Why `spec` (an id, or id@version) names no framework here; None when it does."""
        framework_id, version = parse_spec(spec)
        if framework_id not in self.frameworks:
            return unknown("framework", framework_id, self.ids())
        if version is not None and version not in self.versions[framework_id]:
            versions = self.versions_of(framework_id)
            return (
                f"{framework_id} has no version {version!r}{did_you_mean(version, versions)}"
                f"; available: {', '.join(versions)} (leave the version out for the newest)"
            )
        return None

    def require(self, spec: str) -> Framework:
        """The framework an id (default version) or `id@version` names; ReadinessError
        (with a suggestion) when there is none."""
        problem = self.problem_with(spec)
        if problem:
            raise ReadinessError(problem)
        framework = self.get(*parse_spec(spec))
        assert framework is not None
        return framework

    def with_defaults(self, versions: dict[str, str]) -> Catalogue:
        """The same catalogue with other default versions (id -> version), for example the
        versions an assessment already uses."""
        defaults = dict(self.frameworks)
        for framework_id, version in versions.items():
            pinned = self.get(framework_id, version)
            if pinned is not None:
                defaults[framework_id] = pinned
        return Catalogue(defaults, dict(self.overridden), dict(self.versions), self.library)


def framework_files(folder: Path) -> list[Path]:
    """The framework files in a folder, sorted by name (the action library is not one)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and p.is_file() and not is_library_file(p)
    )


def load_catalogue(extra_dirs: Iterable[Path] = ()) -> Catalogue:
    """Load and validate every framework; a user folder's framework replaces a bundled one
    with the same id and version (another version is added beside it). Raises InputError
    listing the problems of every broken file."""
    bundled = frameworks_dir()
    extra = [Path(d) for d in extra_dirs]
    folders = [bundled, *(d for d in extra if not (d.is_dir() and d.samefile(bundled)))]
    library, problems = load_library(folders[1:])
    catalogue = Catalogue(library=library)
    origin: dict[tuple[str, str], Path] = {}
    for position, folder in enumerate(folders):
        if not folder.is_dir():
            problems.append(Problem(folder, None, "", "frameworks folder not found"))
            continue
        for path in framework_files(folder):
            try:
                framework = load_framework(path, library)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            key = (framework.id, framework.version)
            previous = origin.get(key)
            if previous is not None:
                if position == 0 or previous.parent == folder:
                    problems.append(
                        Problem(
                            path,
                            None,
                            "id",
                            f"framework {framework.id!r} version {framework.version} is also "
                            f"defined in {previous}",
                        )
                    )
                    continue
                catalogue.overridden[framework.spec] = previous
            origin[key] = path
            catalogue.add(framework)
    problems.extend(resolve_catalogue(catalogue))
    errors = errors_only(problems)
    if errors:
        raise InputError(errors)
    return catalogue


def resolve_catalogue(
    catalogue: Catalogue, only: Iterable[Framework] | None = None
) -> list[Problem]:
    """Resolve every item asked once elsewhere (`from:`) and check every change record against
    the version it starts from; the problems found (the catalogue keeps only what resolves).

    `only` limits the problems reported to these frameworks (`frameworks validate FILE`)."""
    problems: list[Problem] = []
    reported = {id(f) for f in only} if only is not None else None
    # Frameworks that reuse nothing first, so each `from:` links to a resolved home.
    for framework in sorted(catalogue.all(), key=lambda f: bool(f.references)):
        found: list[Problem] = []
        resolved = _resolve(framework, catalogue, found)
        if resolved is not framework:
            catalogue.add(resolved)
        found.extend(check_changes(resolved, catalogue))
        if reported is None or id(framework) in reported:
            problems.extend(found)
    return problems


def _resolve(framework: Framework, catalogue: Catalogue, problems: list[Problem]) -> Framework:
    """The framework with each `from:` item carrying its home item's text, help, scale, roles
    and fact flag (and a link to its home framework)."""
    if not framework.references:
        return framework
    domains = []
    for domain in framework.domains:
        items = []
        for item in domain.items:
            if item.ref is None:
                items.append(item)
                continue
            home = _home(framework, item, catalogue, problems)
            if home is None:
                items.append(item)
                continue
            target = home.items[item.ref.item_id]
            ref = dataclasses.replace(item.ref, version=home.version, home=home)
            items.append(
                dataclasses.replace(
                    item,
                    text=target.text,
                    help=target.help,
                    scale=target.scale,
                    reverse=target.reverse,
                    roles=target.roles,
                    fact=target.fact,
                    ref=ref,
                    text_template=target.text_template,
                    help_template=target.help_template,
                )
            )
        domains.append(dataclasses.replace(domain, items=tuple(items)))
    return dataclasses.replace(framework, domains=tuple(domains))


def _home(
    framework: Framework, item: Item, catalogue: Catalogue, problems: list[Problem]
) -> Framework | None:
    ref = item.ref
    assert ref is not None
    where = f"domains[{item.domain_id}].items[{item.id}].from"

    def report(message: str) -> None:
        problems.append(Problem(framework.path, ref.line, where, message))

    home = catalogue.get(ref.framework_id, ref.version)
    if ref.framework_id not in catalogue.frameworks:
        report(
            f"refers to framework {ref.framework_id!r}, which is not in the catalogue"
            f"{did_you_mean(ref.framework_id, catalogue.ids())} (available: "
            f"{known_list(catalogue.ids())}); add its file to the frameworks folder"
        )
        return None
    if home is None:
        available = ", ".join(catalogue.versions_of(ref.framework_id))
        report(
            f"refers to {ref.framework_id} version {ref.version}, which is not available "
            f"(available: {available})"
        )
        return None
    target = home.items.get(ref.item_id)
    if target is None:
        report(
            f"{home.spec} has no item {ref.item_id!r}{did_you_mean(ref.item_id, list(home.items))}"
        )
        return None
    if target.ref is not None:
        report(
            f"{home.spec} {ref.item_id} is itself asked as {target.ref.spec}; refer to that "
            "item directly"
        )
        return None
    return home


def check_changes(framework: Framework, catalogue: Catalogue) -> list[Problem]:
    """A change record checked against the version it describes the change from: every old
    item accounted for once, and answers that carry across fit the new item's scale."""
    record = framework.changes
    if record is None:
        return []
    previous = catalogue.get(framework.id, record.from_version)
    if previous is None:
        return [
            Problem(
                framework.path,
                record.line,
                "changes.from",
                f"{framework.id} version {record.from_version} is not available, so this change "
                "record cannot be checked against it",
                Severity.WARNING,
            )
        ]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, change in enumerate(record.changes):
        name = f"changes.items[#{index + 1}]"

        def report(message: str, line: int | None = change.line, name: str = name) -> None:
            problems.append(Problem(framework.path, line, name, message))

        for old_id in change.old:
            seen.add(old_id)
            if old_id not in previous.items:
                report(
                    f"{previous.spec} has no item {old_id!r}"
                    f"{did_you_mean(old_id, list(previous.items))}"
                )
        if not change.carried or len(change.old) != 1 or len(change.new) != 1:
            continue
        old, new = previous.items.get(change.old[0]), framework.items.get(change.new[0])
        if old is None or new is None:
            continue
        if new.ref is not None:
            report(
                f"{new.id} is asked as {new.ref.spec}, so answers cannot carry to it; "
                "record it as replaced"
            )
            continue
        problem = _carry_problem(old.scale, new.scale)
        if problem:
            report(f"{change.kind}: answers to {old.id} cannot carry to {new.id}: {problem}")
        elif change.kind == ChangeKind.KEPT:
            if _template(old) != _template(new) or old.reverse != new.reverse:
                report(f"kept: {new.id} is not worded as {old.id} was; record it as reworded")
            elif not _same_scoring(old.scale, new.scale):
                report(f"kept: {new.id} is scored differently from {old.id}; record it as rescored")
    for old_id in previous.items:
        if old_id not in seen:
            problems.append(
                Problem(
                    framework.path,
                    record.line,
                    "changes.items",
                    f"item {old_id!r} of {previous.spec} is not accounted for; add an entry "
                    f"such as {{change: removed, old: {old_id}, note: ...}}",
                )
            )
    return problems


def _template(item: Item) -> str:
    return " ".join((item.text_template or item.text).split())


def _carry_problem(old: Scale, new: Scale) -> str | None:
    """Why an answer on `old` could not be read on `new`; None when every answer can."""
    if old.type != new.type:
        return f"the scale changed from {old.type} to {new.type}"
    missing = [o.code for o in old.options if new.option(o.code) is None]
    if old.type == ScaleType.OPTIONS and missing:
        return f"answer codes {', '.join(missing)} are not on the new scale {new.id}"
    if old.type == ScaleType.RANGE and (
        (new.min or 0) > (old.min or 0) or (new.max or 0) < (old.max or 0)
    ):
        return "the new range does not hold every old answer"
    return None


def _same_scoring(old: Scale, new: Scale) -> bool:
    """Whether every answer on `old` scores the same on `new` (new unscored answers, such as
    another 'not applicable' reason, may be added)."""

    def options(scale: Scale, scored: bool) -> list[tuple[str, float | None, str, str | None]]:
        return [
            (o.code, o.value, o.kind, o.reason)
            for o in (scale.scored if scored else scale.unscored)
        ]

    return (
        options(old, True) == options(new, True)
        and set(options(old, False)) <= set(options(new, False))
        and old.points == new.points
        and (old.min, old.max) == (new.min, new.max)
    )
