"""Between versions of a framework, by its change records: which answers carry across, and
which items a baseline and a follow-up can be compared on.

Each version's file records what changed from the one before (`changes:`), item by item.
Answers to kept, reworded and rescored items carry across; everything else is listed as not
carried, with the reason from the record. Only kept items (same words, same scoring) are
comparable between a baseline and a follow-up; the rest are "not comparable". Records chain:
1.0.0 -> 2.0.0 -> 3.0.0 is followed step by step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from readiness.errors import Problem, ReadinessError, Severity
from readiness.framework.catalogue import Catalogue, version_key
from readiness.framework.model import ChangeRecord, Framework, Item, Scale
from readiness.schema import did_you_mean
from readiness.textmatch import single_spaced
from readiness.vocabulary import ChangeKind, ScaleType, role_label
from readiness.yamlio import PathKey, line_in

T = TypeVar("T")


@dataclass(frozen=True)
class ItemFate:
    """What became of one item of the old version in the new one."""

    old_id: str
    new_ids: tuple[str, ...]  # where it went (empty when removed)
    kinds: tuple[ChangeKind, ...]  # one per step, oldest first
    note: str  # the record's reasons, step by step

    @property
    def kind(self) -> ChangeKind:
        """The change in one word: kept only if kept at every step; otherwise the first
        change that was not 'kept'."""
        return next((k for k in self.kinds if k != ChangeKind.KEPT), ChangeKind.KEPT)

    @property
    def carried(self) -> bool:
        """Whether an answer to the old item carries to the new one."""
        return len(self.new_ids) == 1 and all(
            k in (ChangeKind.KEPT, ChangeKind.REWORDED, ChangeKind.RESCORED) for k in self.kinds
        )

    @property
    def comparable(self) -> bool:
        """Whether old and new scores may be compared (the same question, scored the same)."""
        return len(self.new_ids) == 1 and all(k == ChangeKind.KEPT for k in self.kinds)


@dataclass(frozen=True)
class NotCarried:
    """An answer that did not carry across, and why."""

    old_id: str
    kind: ChangeKind | None  # None: the item is not in the old version at all
    new_ids: tuple[str, ...]
    reason: str

    def describe(self) -> str:
        """One line for people: 'CO4 (replaced by CO4): the 1.0.0 wording asked ...'."""
        where = ""
        if self.kind is not None:
            target = f" by {', '.join(self.new_ids)}" if self.new_ids else ""
            where = f" ({self.kind}{target})"
        return f"{self.old_id}{where}: {self.reason}"


@dataclass(frozen=True)
class Migration(Generic[T]):
    """Answers given to one version, mapped onto another by the change records."""

    framework_id: str
    from_version: str
    answers: dict[str, T]  # new item id -> the answer, as given
    carried: dict[str, str]  # new item id -> old item id
    not_carried: tuple[NotCarried, ...]


@dataclass(frozen=True)
class Comparison:
    """One item of the baseline version, and whether a follow-up can be compared on it."""

    old_id: str
    new_id: str | None  # the item it is compared with (None when not comparable)
    kind: ChangeKind
    comparable: bool
    note: str


def chain(catalogue: Catalogue, framework_id: str, old: str, new: str) -> list[Framework]:
    """The versions from `old` (exclusive) to `new` (inclusive) whose change records lead from
    one to the next. ReadinessError when no chain of records leads there."""
    target = catalogue.get(framework_id, new)
    if catalogue.get(framework_id, old) is None or target is None:
        missing = old if catalogue.get(framework_id, old) is None else new
        raise ReadinessError(f"{framework_id} version {missing} is not available")
    steps: list[Framework] = []
    current = target
    while current.version != old:
        record = current.changes
        if record is None or version_key(record.from_version) < version_key(old):
            direction = "an older version" if version_key(new) < version_key(old) else f"{new}"
            raise ReadinessError(
                f"no change record leads from {framework_id} {old} to {direction}; answers "
                "can only be carried forward, along the versions' change records"
            )
        if version_key(record.from_version) >= version_key(current.version):
            raise ReadinessError(
                f"{framework_id} {current.version} records changes from {record.from_version}, "
                "which is not an earlier version; a change record leads from an earlier version"
            )
        steps.append(current)
        previous = catalogue.get(framework_id, record.from_version)
        if previous is None:
            raise ReadinessError(
                f"{framework_id} {current.version} records changes from "
                f"{record.from_version}, which is not available"
            )
        current = previous
    return list(reversed(steps))


def fates(catalogue: Catalogue, framework_id: str, old: str, new: str) -> dict[str, ItemFate]:
    """What became of every item of version `old` in version `new`, by old item id."""
    start = catalogue.get(framework_id, old)
    if start is None:
        raise ReadinessError(f"{framework_id} version {old} is not available")
    result = {item_id: ItemFate(item_id, (item_id,), (), "") for item_id in start.items}
    version = old
    for framework in chain(catalogue, framework_id, old, new):
        record = framework.changes
        assert record is not None
        updated = {}
        for item_id, fate in result.items():
            new_ids: list[str] = []
            kinds = list(fate.kinds)
            notes = [fate.note] if fate.note else []
            for current in fate.new_ids:
                change = record.for_old(current)
                if change is None:  # cannot happen in a checked catalogue
                    continue
                new_ids.extend(change.new)
                kinds.append(change.kind)
                if change.note:
                    notes.append(f"{version} to {framework.version}: {change.note}")
            if not fate.new_ids:
                kinds.append(ChangeKind.REMOVED)
            updated[item_id] = ItemFate(
                item_id, tuple(dict.fromkeys(new_ids)), tuple(kinds), " ".join(notes)
            )
        result = updated
        version = framework.version
    return result


def migrate_answers(
    catalogue: Catalogue,
    framework_id: str,
    old: str,
    new: str,
    answers: Mapping[str, T],
    role: str | None = None,
) -> Migration[T]:
    """Map answers given to version `old` onto version `new`.

    Kept, reworded and rescored items carry across by the change records; the rest are
    listed as not carried, with the record's reason. With `role`, an answer to an item the
    new version no longer asks of that role is not carried either."""
    target = catalogue.get(framework_id, new)
    if target is None:
        raise ReadinessError(f"{framework_id} version {new} is not available")
    item_fates = fates(catalogue, framework_id, old, new)
    carried: dict[str, T] = {}
    sources: dict[str, str] = {}
    not_carried: list[NotCarried] = []
    for old_id, answer in answers.items():
        fate = item_fates.get(old_id)
        if fate is None:
            not_carried.append(
                NotCarried(old_id, None, (), f"{framework_id} {old} has no such item")
            )
            continue
        if not fate.carried:
            reason = fate.note or f"{fate.kind} in {new}"
            not_carried.append(NotCarried(old_id, fate.kind, fate.new_ids, reason))
            continue
        new_id = fate.new_ids[0]
        if role is not None and not target.items[new_id].asks(role):
            not_carried.append(
                NotCarried(
                    old_id,
                    fate.kind,
                    fate.new_ids,
                    f"{framework_id} {new} no longer asks this of a {role_label(role).lower()}",
                )
            )
            continue
        carried[new_id] = answer
        sources[new_id] = old_id
    return Migration(framework_id, old, carried, sources, tuple(not_carried))


def comparable_items(
    catalogue: Catalogue, framework_id: str, old: str, new: str
) -> list[Comparison]:
    """Every item of the baseline version `old`, and whether a follow-up on `new` can be
    compared on it: kept items (same words, same scoring) by id; the rest not comparable."""
    return comparisons(fates(catalogue, framework_id, old, new))


def comparisons(item_fates: dict[str, ItemFate]) -> list[Comparison]:
    """Each baseline item's fate (from `fates`) as a comparison."""
    result = []
    for old_id, fate in item_fates.items():
        result.append(
            Comparison(
                old_id,
                fate.new_ids[0] if fate.comparable else None,
                fate.kind,
                fate.comparable,
                fate.note if not fate.comparable else "",
            )
        )
    return result


# -- checking a change record against the version it describes the change from ------------


def _chain_broken(framework: Framework, catalogue: Catalogue) -> Problem | None:
    """A warning when answers given on the version before this one could not be carried to
    it: it has no change record, or its record starts from an older version than that."""
    newest_older = max(
        (
            v
            for v in catalogue.versions_of(framework.id)
            if version_key(v) < version_key(framework.version)
        ),
        key=version_key,
        default=None,
    )
    record = framework.changes
    if newest_older is None or (record is not None and record.from_version == newest_older):
        return None
    if record is None:
        where, name = line_in(framework.path, ("version",)), "version"
        said = f"has no change record (changes:) from {newest_older}"
    elif version_key(record.from_version) > version_key(newest_older):
        return None  # a version the catalogue lacks: said by the check that follows
    else:
        where = line_in(framework.path, (*record.at, "from") if record.at else None)
        name = "changes.from"
        said = f"records its changes from {record.from_version}, but {newest_older} comes between"
    return Problem(
        framework.path,
        where,
        name,
        f"{framework.id} {framework.version} {said}: answers given on {newest_older} will "
        f"not carry to {framework.version}; describe each item's change from {newest_older} "
        f'(changes: {{from: "{newest_older}", ...}})',
        Severity.WARNING,
    )


def check_changes(framework: Framework, catalogue: Catalogue) -> list[Problem]:
    """A change record checked against the version it describes the change from: every old
    item accounted for once, and answers that carry across fit the new item's scale."""
    record = framework.changes
    chain = [broken] if (broken := _chain_broken(framework, catalogue)) else []
    if record is None:
        return chain
    return [*chain, *_checked_record(framework, record, catalogue)]


def _checked_record(
    framework: Framework, record: ChangeRecord, catalogue: Catalogue
) -> list[Problem]:
    """A change record's own problems, against the version it names."""
    previous = catalogue.get(framework.id, record.from_version)
    if previous is None:
        return [
            Problem(
                framework.path,
                line_in(framework.path, record.at),
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

        def report(message: str, at: PathKey | None = change.at, name: str = name) -> None:
            problems.append(Problem(framework.path, line_in(framework.path, at), name, message))

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
            if _template(old) != _template(new):
                report(f"kept: {new.id} is not worded as {old.id} was; record it as reworded")
            elif (why := _scored_otherwise(old, new)) is not None:
                report(
                    f"kept: {new.id} is scored differently from {old.id} ({why}); record it "
                    "as rescored"
                )
    for old_id in previous.items:
        if old_id not in seen:
            problems.append(
                Problem(
                    framework.path,
                    line_in(framework.path, record.at),
                    "changes.items",
                    f"item {old_id!r} of {previous.spec} is not accounted for; add an entry "
                    f"such as {{change: removed, old: {old_id}, note: ...}}",
                )
            )
    return problems


def _template(item: Item) -> str:
    """The item's words as a site with no local names reads them: a placeholder that stands
    for the words it replaced ("Staff at {site}" for "Staff at this site") rewords nothing."""
    return single_spaced(item.text)


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


def _scored_otherwise(old: Item, new: Item) -> str | None:
    """How an item that reads the same is scored otherwise, if it is: the other way round, as
    a fact rather than an opinion (reconciled rather than averaged, or back), or on another
    scale."""
    if old.reverse != new.reverse:
        return "reverse-scored in one version only"
    if old.fact != new.fact:
        return "a fact in one version, an opinion in the other"
    if not _same_scoring(old.scale, new.scale):
        return "its answers score differently"
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
