"""Reading frameworks from disk: the bundled folder and the folders a user names, into a
catalogue with every `from:` item resolved and every change record checked."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from readiness.errors import InputError, Problem, errors_only
from readiness.framework.catalogue import Catalogue
from readiness.framework.checks import load_framework
from readiness.framework.library import is_library_file, load_library
from readiness.framework.references import resolve_catalogue
from readiness.resources import frameworks_dir


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
