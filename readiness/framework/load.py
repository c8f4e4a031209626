"""Reading frameworks from disk: the bundled folder and the folders a user names, into a
catalogue with every `from:` item resolved and every change record checked."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from readiness.errors import InputError, Problem, errors_only
from readiness.framework.catalogue import Catalogue, bundled_sha256, text_sha256
from readiness.framework.checks import load_framework
from readiness.framework.library import (
    LIBRARY_FILE,
    is_library_file,
    load_library,
    own_actions_apart,
)
from readiness.framework.references import resolve_catalogue
from readiness.resources import frameworks_dir, is_bundled_framework
from readiness.yamlio import line_in


def framework_files(folder: Path) -> list[Path]:
    """The framework files in a folder, sorted by name (the action library is not one): every
    name ending .yaml or .yml in any case, so that one that cannot be read (a folder, a link
    to nothing) is reported by the reading, not passed over."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in (".yaml", ".yml") and not is_library_file(p)
    )


def defined_twice(framework_id: str, version: str, other: Path) -> str:
    """Why a framework file is refused when another of the user's defines its version."""
    return (
        f"framework {framework_id!r} version {version} is also defined in {other}; each "
        "version is defined once: give one of them another version, or move it out of the "
        "frameworks folder"
    )


def _nothing_there(folder: Path) -> str:
    """Why a frameworks folder with no framework file in it is refused: a command would
    otherwise run on the bundled frameworks as if the user's had been read."""
    inside = sorted(p.name for p in folder.iterdir() if p.is_dir() and framework_files(p))
    hint = f"; {', '.join(inside)} inside it does: give that folder" if inside else ""
    return (
        "holds no framework file (FRAMEWORK.yaml, or an actions.yaml); files in its "
        f"sub-folders are not read{hint}"
    )


def load_catalogue(extra_dirs: Iterable[Path] = ()) -> Catalogue:
    """Load and validate every framework; a user folder's framework replaces a bundled one
    with the same id and version (another version is added beside it). Raises InputError
    listing the problems of every broken file."""
    bundled = frameworks_dir()
    extra = [Path(d) for d in extra_dirs]
    folders = [bundled]
    for folder in extra:  # each folder once, however often it is given
        if not any(folder.is_dir() and f.is_dir() and folder.samefile(f) for f in folders):
            folders.append(folder)
    library, problems = load_library(folders[1:])
    catalogue = Catalogue(library=library)
    origin: dict[tuple[str, str], tuple[int, Path]] = {}
    for position, folder in enumerate(folders):
        if not folder.is_dir():
            problems.append(Problem(folder, None, "", "frameworks folder not found"))
            continue
        if position and not framework_files(folder) and not (folder / LIBRARY_FILE).is_file():
            problems.append(Problem(folder, None, "", _nothing_there(folder)))
            continue
        for path in framework_files(folder):
            try:
                framework = load_framework(path, library)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            key = (framework.id, framework.version)
            if key in origin:
                # A user's file replaces a bundled one; two of the user's own would leave the
                # choice to the order the folders were given in.
                where, previous = origin[key]
                if where != 0 or position == 0:
                    problems.append(
                        Problem(
                            path,
                            line_in(path, ("version",)),
                            "version",
                            defined_twice(framework.id, framework.version, previous),
                        )
                    )
                    continue
                catalogue.overridden[framework.spec] = previous
                # Called adapted even unchanged: the data say "scored on a user's file".
                framework = dataclasses.replace(framework, adapted=True)
            if position:
                try:
                    digest = text_sha256(path)
                    same = key in origin and digest == bundled_sha256(origin[key][1])
                except OSError as exc:  # removed or locked since it was read, a moment ago
                    problems.append(Problem(path, None, "", f"cannot be read: {exc.strerror}"))
                    continue
                if not same:  # an unchanged copy of the bundled file is the bundled text
                    framework = dataclasses.replace(framework, local_sha256=digest)
            origin[key] = (position, path)
            catalogue.add(framework)
    problems.extend(resolve_catalogue(catalogue))
    problems.extend(
        own_actions_apart((f for f in catalogue.all() if not is_bundled_framework(f.path)), library)
    )
    errors = errors_only(problems)
    if errors:
        raise InputError(errors)
    return catalogue
