"""The shared action library (frameworks/actions.yaml): one step, one id, wherever it is raised.

Frameworks raise library actions by id, so the same step raised by several items or several
frameworks is the same action and the plan merges it. A frameworks folder of the user's may
hold its own actions.yaml; its actions replace library actions with the same id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from readiness.errors import InputError, Problem, errors_only
from readiness.framework.format import ACTION_LIBRARY
from readiness.framework.model import Action
from readiness.resources import frameworks_dir
from readiness.schema import INVALID, Checker
from readiness.yamlio import load_yaml

LIBRARY_FILE = "actions.yaml"


@dataclass(frozen=True)
class ActionLibrary:
    """Library actions by id, in declared order, and the file each came from."""

    actions: dict[str, Action] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def ids(self) -> list[str]:
        return list(self.actions)

    def merged(self, other: ActionLibrary) -> ActionLibrary:
        """This library with `other`'s actions added (replacing any with the same id)."""
        return ActionLibrary({**self.actions, **other.actions}, {**self.sources, **other.sources})


def is_library_file(path: Path) -> bool:
    """Whether a file in a frameworks folder is an action library rather than a framework."""
    return Path(path).name == LIBRARY_FILE


def check_library(path: Path) -> tuple[ActionLibrary | None, list[Problem]]:
    """Validate an action library file: the library (None when it has errors) and every
    problem, each with its file and line."""
    try:
        doc = load_yaml(path)
    except InputError as exc:
        return None, exc.problems
    checker = Checker(doc)
    data = checker.check(ACTION_LIBRARY)
    if data is INVALID:
        return None, checker.problems
    seen: dict[str, int] = {}
    raw = doc.data.get("actions") if isinstance(doc.data, dict) else None
    for index, element in enumerate(raw if isinstance(raw, list) else []):
        ident = element.get("id") if isinstance(element, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            first = doc.line(("actions", seen[ident]))
            checker.report(
                ("actions", index, "id"),
                f"actions[{ident}]",
                f"action id {ident!r} is used twice (first on line {first})",
            )
        else:
            seen[ident] = index
    if errors_only(checker.problems):
        return None, checker.problems
    actions = {
        a["id"]: Action(a["id"], a["text"], a["owner"], a["timeframe"], a["guidance"])
        for a in data["actions"]
    }
    return ActionLibrary(actions, dict.fromkeys(actions, Path(path))), checker.problems


def load_library(folders: Iterable[Path] = ()) -> tuple[ActionLibrary, list[Problem]]:
    """The bundled library plus the actions.yaml of each folder given (later ones replace
    earlier actions with the same id), and the problems found in any of them."""
    library = ActionLibrary()
    problems: list[Problem] = []
    seen: set[Path] = set()
    for folder in [frameworks_dir(), *(Path(f) for f in folders)]:
        path = folder / LIBRARY_FILE
        if not path.is_file() or path.resolve() in seen:
            continue
        seen.add(path.resolve())
        found, found_problems = check_library(path)
        problems.extend(found_problems)
        if found is not None:
            library = library.merged(found)
    return library, problems
