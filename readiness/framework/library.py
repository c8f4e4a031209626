"""The shared action library (frameworks/actions.yaml): one step, one id, wherever it is raised.

Frameworks raise library actions by id, so the same step raised by several items or several
frameworks is the same action and the plan merges it. A frameworks folder of the user's may
hold its own actions.yaml; its actions replace library actions with the same id.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.errors import InputError, Problem, errors_only
from readiness.framework.format import ACTION_LIBRARY
from readiness.framework.model import Action, Evidence, Framework
from readiness.paths import real_path
from readiness.resources import frameworks_dir
from readiness.schema import INVALID, Checker, did_you_mean
from readiness.yamlio import load_yaml

LIBRARY_FILE = "actions.yaml"


@dataclass(frozen=True)
class ActionLibrary:
    """Library actions by id, in declared order, and the file each came from."""

    actions: dict[str, Action] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    @functools.cached_property
    def aliases(self) -> dict[str, str]:
        """The id of each merged action (`replaces`) -> the id of the action that replaced it."""
        return {old: a.id for a in self.actions.values() for old in a.replaces}

    def ids(self) -> list[str]:
        """Every id a framework may raise: the actions' own, then the ids they replace."""
        return [*self.actions, *(a for a in self.aliases if a not in self.actions)]

    def action(self, ident: str) -> Action:
        """The action raised by `ident`: its own, or the one that replaced it."""
        return self.actions.get(ident) or self.actions[self.aliases[ident]]

    def merged(self, other: ActionLibrary) -> ActionLibrary:
        """This library with `other`'s actions added: replacing any with the same id, and
        any an action of `other` says it replaces (`replaces:`), which are then raised as it.
        An action replacing one with the same id keeps the ids that one replaced: adapting its
        wording must not leave older frameworks raising ids nothing answers to."""
        gone = set(other.aliases)
        kept = {ident: a for ident, a in self.actions.items() if ident not in gone}
        sources = {ident: path for ident, path in self.sources.items() if ident not in gone}
        added = {
            ident: _keeping_aliases(action, self.actions.get(ident))
            for ident, action in other.actions.items()
        }
        return ActionLibrary({**kept, **added}, {**sources, **other.sources})


def _keeping_aliases(action: Action, replaced: Action | None) -> Action:
    """`action`, also replacing what the action of the same id it replaces did."""
    if replaced is None or set(replaced.replaces) <= set(action.replaces):
        return action
    replaces = tuple(dict.fromkeys((*action.replaces, *replaced.replaces)))
    return dataclasses.replace(action, replaces=replaces)


def build_action(a: dict[str, Any]) -> Action:
    """An action from its checked record (a library's or a framework's own)."""
    evidence = a.get("evidence")
    return Action(
        a["id"],
        a["text"],
        a["owner"],
        a["timeframe"],
        a["guidance"],
        joint_owners=tuple(a.get("joint_owners") or ()),
        effort=a.get("effort"),
        cost=a.get("cost"),
        evidence=Evidence(evidence["grade"], evidence.get("source")) if evidence else None,
        eric=tuple(a.get("eric") or ()),
        replaces=tuple(a.get("replaces") or ()),
    )


def is_library_file(path: Path) -> bool:
    """Whether a file in a frameworks folder is an action library rather than a framework."""
    return Path(path).name == LIBRARY_FILE


def check_library(
    path: Path, extends: ActionLibrary | None = None
) -> tuple[ActionLibrary | None, list[Problem]]:
    """Validate an action library file: the library (None when it has errors) and every
    problem, each with its file and line. `extends`: the library this one is added to, whose
    actions its `replaces:` must name (None: the bundled library, whose `replaces:` name
    actions of frameworks' earlier versions)."""
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
    # Read from the file as written, so that an action wrong elsewhere hides none of these.
    for index, element in enumerate(raw if isinstance(raw, list) else []):
        replaced = element.get("replaces") if isinstance(element, dict) else None
        for r_index, old in enumerate(replaced if isinstance(replaced, list) else []):
            if isinstance(old, str) and old in seen:
                checker.report(
                    ("actions", index, "replaces", r_index),
                    f"actions[{element.get('id')}].replaces[#{r_index + 1}]",
                    f"{old!r} is still an action in this library (line "
                    f"{doc.line(('actions', seen[old]))}); remove it, or do not replace it",
                )
            elif isinstance(old, str) and extends is not None and old not in extends.ids():
                checker.report(
                    ("actions", index, "replaces", r_index),
                    f"actions[{element.get('id')}].replaces[#{r_index + 1}]",
                    f"{old!r} is no action of the library this one adds to"
                    f"{did_you_mean(old, extends.ids())}, so nothing would be replaced; name "
                    "the action this one takes the place of",
                )
    if errors_only(checker.problems):
        return None, checker.problems
    actions = {a["id"]: build_action(a) for a in data["actions"]}
    return ActionLibrary(actions, dict.fromkeys(actions, Path(path))), checker.problems


def load_library(folders: Iterable[Path] = ()) -> tuple[ActionLibrary, list[Problem]]:
    """The bundled library plus the actions.yaml of each folder given (later ones replace
    earlier actions with the same id), and the problems found in any of them."""
    library = ActionLibrary()
    problems: list[Problem] = []
    seen: set[Path] = set()
    for folder in [frameworks_dir(), *(Path(f) for f in folders)]:
        path = folder / LIBRARY_FILE
        if not path.is_file() or real_path(path) in seen:
            continue
        bundled = not seen
        seen.add(real_path(path))
        found, found_problems = check_library(path, None if bundled else library)
        problems.extend(found_problems)
        if found is not None:
            library = library.merged(found)
    return library, problems


@functools.cache
def published_actions() -> dict[tuple[str, str], object]:
    """The actions the bundled frameworks define in their own words: (framework id, action
    id) -> its text. The 1.0.0 ones predate the library and keep their published ids, in
    other words than the library's; a copy of one keeps them too."""
    found: dict[tuple[str, str], object] = {}
    for path in sorted(frameworks_dir().glob("*.yaml")):
        data = load_yaml(path).data
        actions = data.get("actions") if isinstance(data, dict) else None
        for action in actions if isinstance(actions, list) else []:
            if isinstance(action, dict) and isinstance(action.get("id"), str):
                found[(str(data.get("id")), action["id"])] = action.get("text")
    return found


def own_actions_apart(frameworks: Iterable[Framework], library: ActionLibrary) -> list[Problem]:
    """A problem for each action id two frameworks of different ids each define in their own
    words: one site's plan holds one action of an id (`frameworks`: the user's own; the
    bundled ones' ids are published)."""
    first: dict[str, tuple[Framework, str]] = {}
    problems = []
    for framework in frameworks:
        for ident, action in framework.actions.items():
            if ident in library.actions:
                continue  # the library's (an own action of its id must say the same)
            earlier = first.setdefault(ident, (framework, action.text))
            if earlier[0].id != framework.id and earlier[1] != action.text:
                problems.append(
                    Problem(
                        framework.path,
                        None,
                        f"actions[{ident}]",
                        f"{ident!r} is also an action of {earlier[0].path} in other words; a "
                        "site's plan holds one action of an id, so give one of them an id of "
                        "its own",
                    )
                )
    return problems
