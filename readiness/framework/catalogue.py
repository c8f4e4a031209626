"""The frameworks available to a run: the bundled ones plus any from folders the user names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from readiness.errors import InputError, Problem, ReadinessError, errors_only
from readiness.framework.checks import load_framework
from readiness.framework.model import Framework
from readiness.resources import frameworks_dir
from readiness.schema import unknown


@dataclass
class Catalogue:
    """Frameworks by id, in a stable order (bundled first, then user folders, by file name)."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    overridden: dict[str, Path] = field(default_factory=dict)

    def get(self, framework_id: str) -> Framework | None:
        return self.frameworks.get(framework_id)

    def ids(self) -> list[str]:
        return list(self.frameworks)

    def require(self, framework_id: str) -> Framework:
        """The framework with this id; ReadinessError (with a suggestion) when there is none."""
        framework = self.frameworks.get(framework_id)
        if framework is None:
            raise ReadinessError(unknown("framework", framework_id, self.ids()))
        return framework


def framework_files(folder: Path) -> list[Path]:
    """The framework files in a folder, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_catalogue(extra_dirs: Iterable[Path] = ()) -> Catalogue:
    """Load and validate every framework; a user folder's framework replaces a bundled one
    with the same id. Raises InputError listing the problems of every broken file."""
    catalogue = Catalogue()
    problems: list[Problem] = []
    folders = [frameworks_dir(), *(Path(d) for d in extra_dirs)]
    for position, folder in enumerate(folders):
        if not folder.is_dir():
            problems.append(Problem(folder, None, "", "frameworks folder not found"))
            continue
        for path in framework_files(folder):
            try:
                framework = load_framework(path)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            previous = catalogue.frameworks.get(framework.id)
            if previous is not None:
                if position == 0 or previous.path.parent == folder:
                    problems.append(
                        Problem(
                            path,
                            None,
                            "id",
                            f"framework id {framework.id!r} is also defined in {previous.path}",
                        )
                    )
                    continue
                catalogue.overridden[framework.id] = previous.path
            catalogue.frameworks[framework.id] = framework
    errors = errors_only(problems)
    if errors:
        raise InputError(errors)
    return catalogue
