"""`frameworks validate`: files checked on their own, then against the catalogue they would join
(items asked in another framework, change records), every problem at once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from readiness.errors import InputError, Problem, errors_only
from readiness.framework.catalogue import Catalogue
from readiness.framework.checks import CheckedFile, check_file
from readiness.framework.library import (
    ActionLibrary,
    check_library,
    is_library_file,
    load_library,
    own_actions_apart,
)
from readiness.framework.load import defined_twice, framework_files, load_catalogue
from readiness.framework.model import Framework
from readiness.framework.references import resolve_catalogue
from readiness.paths import real_path
from readiness.resources import frameworks_dir, is_bundled_framework
from readiness.yamlio import line_in

_ALONE: dict[tuple[Path, int, int], Framework | None] = {}


def resolve_framework(name: str, extra_dirs: Iterable[Path] = ()) -> Framework:
    """A framework by id (`npt`, `npt@1.0.0`), or from a file path; an item it asks in another
    framework (`from:`) is resolved against the catalogue and the file's own folder."""
    path = Path(name)
    # A folder named like a framework (my-fw/, beside my-fw's files) is not its file.
    if path.suffix in (".yaml", ".yml") or path.is_file():
        checked = check_in_context([path], extra_dirs)[0]
        if not checked.valid or checked.framework is None:
            raise InputError(checked.problems)
        return checked.framework
    catalogue = load_catalogue(extra_dirs)
    if path.is_dir() and catalogue.problem_with(name) is not None:
        checked = check_in_context([path], extra_dirs)[0]  # says it is a folder, not a file
        raise InputError(checked.problems)
    return catalogue.require(name)


def check_in_context(files: Iterable[Path], extra_dirs: Iterable[Path] = ()) -> list[CheckedFile]:
    """Check framework files (and action libraries) on their own, then against each other and
    the catalogue: items asked in another framework must resolve, and a change record must
    match the version it starts from (`frameworks validate`). The bundled frameworks, those in
    `extra_dirs` and, when a file needs them, those beside it make up the catalogue."""
    files = [Path(f) for f in files]
    beside = list(dict.fromkeys(f.parent for f in files if f.parent.is_dir()))
    library, library_problems = load_library([*extra_dirs, *beside])
    checked: list[CheckedFile] = []
    # A broken action library the files would be used with is reported (as loading them
    # would refuse it), unless it is among the files and reported as one of them.
    given = {real_path(f) for f in files if f.exists()}
    for path in dict.fromkeys(p.file for p in errors_only(library_problems) if p.file):
        if real_path(path) not in given:
            checked.append(CheckedFile(path, None, [p for p in library_problems if p.file == path]))
    for path in files:
        if is_library_file(path):
            bundled = is_bundled_framework(path)
            found, problems = check_library(path, None if bundled else load_library()[0])
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
    problems += _defined_twice(valid, [*extra_dirs, *beside], library)
    yours = [f for f in catalogue.all() if not is_bundled_framework(f.path)]
    problems += own_actions_apart(yours, library)
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


def _defined_twice(
    frameworks: list[Framework], folders: list[Path], library: ActionLibrary
) -> list[Problem]:
    """A problem for each of these frameworks whose id and version another file of its own
    folder also defines (given too, or beside it): loading the folder would refuse it."""
    # By id, version and folder: two folders may each hold a version (a draft beside the
    # live copy); loading refuses two in the folders one command is given.
    defined: dict[tuple[str, str, Path], list[Path]] = {}
    for framework in frameworks:
        key = (framework.id, framework.version, real_path(framework.path.parent))
        defined.setdefault(key, []).append(framework.path)
    for folder in dict.fromkeys(f for f in folders if f.is_dir()):
        if is_bundled_framework(folder / "x.yaml"):
            continue  # the bundled folder: a user's file of the same version replaces its own
        for path in framework_files(folder):
            if not path.is_file():
                continue
            found = _valid_alone(path, path.stat().st_mtime_ns, library)
            if found is None:
                continue
            known = defined.setdefault((found.id, found.version, real_path(folder)), [])
            if all(real_path(p) != real_path(path) for p in known):
                known.append(path)
    problems = []
    for framework in frameworks:
        here = real_path(framework.path)
        key = (framework.id, framework.version, here.parent)
        others = [p for p in defined[key] if real_path(p) != here]
        if others:
            problems.append(
                Problem(
                    framework.path,
                    line_in(framework.path, ("version",)),
                    "version",
                    defined_twice(framework.id, framework.version, others[0]),
                )
            )
    return problems


def _missing(frameworks: list[Framework], catalogue: Catalogue) -> bool:
    """Whether these frameworks need a framework (or version) the catalogue lacks."""
    for framework in frameworks:
        for item in framework.references:
            assert item.ref is not None
            if catalogue.get(item.ref.framework_id, item.ref.version) is None:
                return True
        record = framework.changes
        if record is None:
            return True  # whether a version before it, beside it, lacks a record to it
        if catalogue.get(framework.id, record.from_version) is None:
            return True
    return False


def _lenient_catalogue(folders: list[Path], library: ActionLibrary) -> Catalogue:
    """The bundled frameworks and those in `folders` that are valid on their own (broken ones
    are left out: they are reported when they are validated themselves)."""
    catalogue = Catalogue(library=library)
    seen: set[Path] = set()
    for folder in [frameworks_dir(), *folders]:
        if not folder.is_dir() or real_path(folder) in seen:
            continue
        seen.add(real_path(folder))
        for path in framework_files(folder):
            if not path.is_file():
                continue  # reported when it is validated or loaded itself
            framework = _valid_alone(path, path.stat().st_mtime_ns, library)
            if framework is not None:
                catalogue.add(framework)
    return catalogue


def _valid_alone(path: Path, mtime: int, library: ActionLibrary) -> Framework | None:
    """A file's framework if it is valid on its own (remembered while the file is unchanged,
    so validating many files does not re-read the catalogue for each)."""
    key = (real_path(path), mtime, hash(tuple(library.actions.items())))
    if key not in _ALONE:
        file = check_file(path, library)
        _ALONE[key] = file.framework if file.valid else None
    return _ALONE[key]
