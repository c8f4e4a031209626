"""The site's action plan (plan.yaml): which raised actions the site adopts, who owns them, by
when, and how far they have got. `readiness plan` writes it; people edit it; reports read it.

The file is the site's own: `readiness plan` only ever adds newly raised actions at its end,
so every byte people wrote stays as they wrote it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from readiness.assessment.files import PLAN_FILE_NAME
from readiness.assessment.identity import same_name
from readiness.assessment.model import Assessment
from readiness.errors import InputError, Problem, ReadinessError, Severity, errors_only
from readiness.framework.model import Framework
from readiness.output import folder_lock, write_output
from readiness.schema import (
    INVALID,
    Blankable,
    Boolean,
    Checker,
    Choice,
    Date,
    Field,
    ListOf,
    Record,
    Text,
    did_you_mean,
)
from readiness.textmatch import single_spaced
from readiness.vocabulary import choices
from readiness.yamlio import MAX_FILE_BYTES, Document, PathKey, load_yaml, parse_yaml, read_input

PLAN_FORMAT = "readiness-plan/1"
PLAN_FILE = PLAN_FILE_NAME
# How alike an adopted id and one raised now must be to be read as a misspelling of it (a
# letter or two in a dozen: 'secure-fundng'), not a retired action ('report-results' for
# 'share-results').
MISSPELT = 0.85


class Status(StrEnum):
    """How far an adopted action has got."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


# An adopted action that is finished with, one way or the other.
CLOSED = (Status.DONE, Status.DROPPED)


PLANNED = Record(
    "planned action",
    (
        Field("id", Text(identifier=True), "the action's id, as raised", required=True),
        Field("text", Blankable(Text()), "the action, for reading (readiness writes it)"),
        Field("raised_on", Blankable(Date()), "the assessment date it was first raised"),
        Field("raised_by", ListOf(Text(max_length=200)), "framework/item ids that raised it"),
        Field("adopted", Boolean(), "true when the site commits to doing it", default=False),
        Field(
            "owner",
            Blankable(Text(max_length=200, one_line=True)),
            "who owns it: a person or a post",
        ),
        Field("due", Blankable(Date()), "when it is due, YYYY-MM-DD"),
        Field(
            "status",
            Choice(tuple(choices(Status)), what="status"),
            "not_started, in_progress, done or dropped",
            default=Status.NOT_STARTED,
        ),
        Field("reason", Blankable(Text(max_length=2000)), "why it was dropped"),
        Field(
            "notes",
            Blankable(Text(max_length=2000)),
            "anything else the site wants to keep with it",
        ),
    ),
    id_key="id",
)

PLAN = Record(
    "plan",
    (
        Field(
            "format", Choice((PLAN_FORMAT,), what="plan format"), "the file's format", required=True
        ),
        Field(
            "site", Blankable(Text(max_length=200, one_line=True)), "the site the plan belongs to"
        ),
        Field("actions", Blankable(ListOf(PLANNED)), "the raised actions", default=[]),
    ),
)


@dataclass(frozen=True)
class PlannedStep:
    """One action in the site's plan."""

    id: str
    text: str | None
    raised_on: dt.date | None
    raised_by: tuple[str, ...]
    adopted: bool
    owner: str | None
    due: dt.date | None
    status: Status
    reason: str | None
    notes: str | None


@dataclass(frozen=True)
class Plan:
    """A site's plan file."""

    path: Path
    steps: tuple[PlannedStep, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def adopted(self) -> tuple[PlannedStep, ...]:
        return tuple(s for s in self.steps if s.adopted)

    def step(self, action_id: str) -> PlannedStep | None:
        return next((s for s in self.steps if s.id == action_id), None)

    def now_as(self, step: PlannedStep, carried_on: Mapping[str, str]) -> str:
        """The action an entry is now: an id that another action took over (`carried_on`, old
        id -> new) is that action, unless the plan lists it under its own id too."""
        successor = carried_on.get(step.id)
        return successor if successor is not None and self.step(successor) is None else step.id


def carried_on(frameworks: Iterable[Framework]) -> dict[str, str]:
    """Each id that an action these frameworks raise took over (`replaces:` in the action
    library) -> that action's id: a plan entry adopted under the old id carries on as it."""
    return {old: a.id for f in frameworks for a in f.actions.values() for old in a.replaces}


def raised_by_now(frameworks: Iterable[Framework]) -> dict[str, tuple[str, ...]]:
    """What each question and domain ('framework/id', as a plan records it) raises now."""
    found: dict[str, tuple[str, ...]] = {}
    for f in frameworks:
        for ident, raises in (
            *((d.id, d.actions) for d in f.domains),
            *((i.id, i.actions) for i in f.items.values()),
        ):
            found[f"{f.id}/{ident}"] = tuple(f.actions[a].id for a in raises)
    return found


def plan_path(assessment: Path) -> Path:
    """Where an assessment's plan lives: plan.yaml in its folder, or NAME.plan.yaml beside a
    one-file assessment NAME.yaml."""
    assessment = Path(assessment)
    if assessment.is_dir():
        return assessment / PLAN_FILE
    return assessment.with_name(f"{assessment.stem}.plan.yaml")


def find_plan(assessment: Assessment, path: Path | None = None) -> Plan | None:
    """The site's plan (plan.yaml beside the assessment, or `path`), checked against the
    actions its frameworks can raise and its site's name; None when there is none."""
    where = path if path is not None else plan_path(assessment.path)
    # A plan.yaml that is there but no file (a link to nothing, say) is an error, not "no plan".
    if path is None and not os.path.lexists(where):
        return None
    frameworks = assessment.frameworks
    known = [*(a for f in frameworks for a in f.actions), *carried_on(frameworks)]
    return load_plan(
        where,
        [*known, *sorted(assessment.left_out_actions)],
        assessment.site.name,
        raised_by_now(frameworks),
        carried_on(frameworks),
    )


def load_plan(
    path: Path,
    known_actions: Sequence[str] = (),
    site: str | None = None,
    raised_now: Mapping[str, Sequence[str]] | None = None,
    successors: Mapping[str, str] | None = None,
) -> Plan:
    """Read and check a plan file; InputError (file:line) when it is wrong. Adopted actions
    that no framework raises (each with what the questions that raised it raise now, from
    `raised_now`), two adopted under ids one action took over (`successors`, old id -> new),
    and a plan naming another site than `site`, are warnings."""
    doc = load_yaml(path)
    checker = Checker(doc)
    data = checker.check(PLAN)
    if data is INVALID:
        # A wrong site name (reported) hides no entry's problem; a wrong format stops here,
        # since the entries of another format are not ours to read.
        data = PLAN.fields_of(doc.data, (), "", Checker(doc))
        if data is INVALID or data["format"] is INVALID or data["actions"] is INVALID:
            raise InputError(checker.problems)
        data["site"] = None
    if site and data["site"] and not same_name(data["site"], site):
        checker.warn(
            ("site",),
            "site",
            f"the plan is for {data['site']!r}, but the assessment is of {site!r}; "
            "is this the right site's plan?",
        )
    steps = []
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(data["actions"] or []):
        at = ("actions", index)
        if entry is INVALID:
            _check_invalid_entry(doc, index, known_actions, raised_now or {}, checker)
            continue
        name = f"actions[{entry['id']}]"
        if entry["id"] in seen:
            checker.report(
                (*at, "id"),
                name,
                f"action {entry['id']!r} is listed twice (first on line {seen[entry['id']]}); "
                "keep one",
            )
            continue
        seen[entry["id"]] = doc.line((*at, "id"))
        _check_entry(checker, entry, at, name, known_actions, raised_now or {})
        steps.append(_step(entry))
    if errors_only(checker.problems):
        raise InputError(checker.problems)
    plan = Plan(Path(path), tuple(steps))
    merged = _adopted_as_one(plan, successors or {}, seen)
    warnings = [p for p in checker.problems if p.severity == Severity.WARNING]
    return dataclasses.replace(plan, warnings=(*warnings, *merged))


def _adopted_as_one(
    plan: Plan, successors: Mapping[str, str], lines: Mapping[str, int | None]
) -> list[Problem]:
    """A warning for each adopted entry that is now the same action as one adopted before
    it: both ids were taken over by one action (`successors`), which the report shows once."""
    first: dict[str, str] = {}
    problems = []
    for step in plan.adopted:
        now = plan.now_as(step, successors)
        if now not in first:
            first[now] = step.id
            continue
        problems.append(
            Problem(
                plan.path,
                lines.get(step.id),
                f"actions[{step.id}].id",
                f"adopted, as {first[now]!r} is, and both are now {now!r} (the action that "
                f"took them over): the report shows it once, as {first[now]!r}; keep one "
                "adopted (adopted: false, or status: dropped with a reason, for the other)",
                Severity.WARNING,
            )
        )
    return problems


def _check_invalid_entry(
    doc: Document,
    index: int,
    known_actions: Sequence[str],
    raised_now: Mapping[str, Sequence[str]],
    checker: Checker,
) -> None:
    """The rules between an entry's fields, for an entry with a field already reported wrong:
    those whose fields are right, so that every problem is told at once."""
    at = ("actions", index)
    raw = doc.data["actions"][index]
    fields = PLANNED.fields_of(raw, at, "", Checker(doc))  # its problems are reported already
    if fields is INVALID:
        return
    ident = fields["id"]
    name = f"actions[{ident}]" if ident is not INVALID else f"actions[#{index + 1}]"
    _check_entry(checker, fields, at, name, known_actions, raised_now)


def _check_entry(
    checker: Checker,
    entry: dict[str, Any],
    at: PathKey,
    name: str,
    known_actions: Sequence[str],
    raised_now: Mapping[str, Sequence[str]],
) -> None:
    """The rules between an action's fields: a dropped action has a reason, an adopted one an
    owner and a due date, only an adopted one a status; an adopted id nobody raises warns.
    A field already reported wrong (INVALID) counts as given, and the rules about what it
    says are left until it is right."""
    if entry["status"] == Status.DROPPED and not entry["reason"]:
        checker.report(at, name, "a dropped action needs a reason: add reason: ...")
    if entry["adopted"] is INVALID:
        return
    if entry["adopted"] and not entry["owner"] and entry["due"] is None:
        checker.report(
            at,
            name,
            "an adopted action needs an owner (a person or a post) and a due date "
            "(due: YYYY-MM-DD)",
        )
    elif entry["adopted"] and not entry["owner"]:
        checker.report(
            (*at, "owner"),
            f"{name}.owner",
            "an adopted action needs an owner (a person or a post)",
        )
    elif entry["adopted"] and entry["due"] is None:
        checker.report(
            (*at, "due"), f"{name}.due", "an adopted action needs a due date (due: YYYY-MM-DD)"
        )
    due, raised_on = entry["due"], entry["raised_on"]
    if isinstance(due, dt.date) and isinstance(raised_on, dt.date) and due < raised_on:
        checker.warn(
            (*at, "due"),
            f"{name}.due",
            f"due {due.isoformat()}, before the action was raised ({raised_on.isoformat()}): "
            "a year mistyped? A follow-up report (--baseline) lists it as overdue",
        )
    if entry["status"] not in (Status.NOT_STARTED, INVALID) and not entry["adopted"]:
        checker.report(
            (*at, "status"),
            f"{name}.status",
            "only adopted actions have a status; set adopted: true (with an owner and a "
            "due date) or leave the status as not_started",
        )
    # Only an adopted action is reported on; one no longer raised is shown as such.
    raisers = () if entry["raised_by"] is INVALID else entry["raised_by"] or ()
    if known_actions and entry["adopted"] and entry["id"] not in (*known_actions, INVALID):
        successors = list(dict.fromkeys(a for r in raisers for a in raised_now.get(r, ())))
        # An id a letter or two from one raised now is a slip of the keyboard, told as such;
        # otherwise the action was retired, and what its questions raise now is said.
        close = difflib.get_close_matches(str(entry["id"]), known_actions, n=1, cutoff=MISSPELT)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
        elif successors:
            hint = no_longer_raised(successors, still_open=entry["status"] not in CLOSED)
        else:
            hint = did_you_mean(str(entry["id"]), known_actions)
        unraised = "adopted, but no framework raises an action with this id"
        checker.warn((*at, "id"), f"{name}.id", unraised + hint)


def no_longer_raised(successors: Sequence[str], still_open: bool) -> str:
    """What the questions that raised an adopted action raise now, and, while it is open,
    how to carry the work on."""
    named = ", ".join(repr(a) for a in successors)
    said = f"; the questions that raised it now raise {named}"
    if not still_open:
        return said
    those = "that action" if len(successors) == 1 else "one of those actions"
    return (
        f"{said}: to carry the work on, adopt {those} (listed in this plan once "
        "`readiness plan` has run) and close this one (status: done, or dropped with a reason)"
    )


def _step(entry: dict[str, Any]) -> PlannedStep:
    return PlannedStep(
        id=entry["id"],
        text=entry["text"],
        raised_on=entry["raised_on"],
        raised_by=tuple(entry["raised_by"] or ()),
        adopted=entry["adopted"],
        owner=entry["owner"],
        due=entry["due"],
        status=Status(entry["status"]),
        reason=entry["reason"],
        notes=entry["notes"],
    )


@dataclass(frozen=True)
class Suggestion:
    """What the assessment suggests for triaging a raised action, written as comments beside
    the plan's blanks (the site decides; readiness never fills them in)."""

    priority: int  # the action's rank in the plan (1 = most important)
    of: int  # how many actions were raised
    importance: float
    first_quarter: bool
    owner: str  # the suggested owner role, in words, with any joint owners
    timeframe: str  # e.g. "0-3 months"
    effort: str | None = None
    cost: str | None = None
    essential: bool = False  # raised by an essential condition not met (ranked first)


@dataclass(frozen=True)
class RaisedAction:
    """An action an assessment raises, as the plan file records it."""

    id: str
    text: str
    raised_by: tuple[str, ...]
    suggestion: Suggestion | None = None


HEADER = """\
# The action plan for {site}, kept by the site.
# `readiness plan` adds actions raised by a new assessment at the end of this file and never
# changes anything written here. For each action the site adopts, set adopted: true and give
# an owner (a person or post), a due date (YYYY-MM-DD) and a status: not_started,
# in_progress, done, or dropped (with a reason). Reports list adopted actions first.
# Above each action: its rank, whether it is in the first quarter (where to start), its size
# and time frame; beside owner and due, the owner and date the assessment suggests. They are
# suggestions in comments: fill in the values the site decides.
format: {format}
site: {site_value}
actions:
"""


def _quote(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as the same text."""
    # A JSON string is a valid YAML scalar, but YAML takes these as line breaks, not text.
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.translate({0x85: "\\x85", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def entry_text(
    action: RaisedAction, raised_on: dt.date, indent: str = "  ", newline: str = "\n"
) -> str:
    """The YAML for one newly raised action, its '- ' at `indent`."""
    raised_by = ", ".join(_quote(r) for r in action.raised_by)
    inner = indent + "  "
    hint = action.suggestion
    lines = [
        f"{indent}- id: {action.id}",
        *([f"{inner}# {_one_line(_triage(hint))}"] if hint else []),
        f"{inner}text: {_quote(action.text)}",
        f"{inner}raised_on: {raised_on.isoformat()}",
        f"{inner}raised_by: [{raised_by}]",
        f"{inner}adopted: false",
        f"{inner}owner:" + (f"  # suggested: {_one_line(hint.owner)}" if hint else ""),
        f"{inner}due:" + (f"  # suggested: {_suggested_due(hint, raised_on)}" if hint else ""),
        f"{inner}status: not_started",
        f"{inner}reason:",
        f"{inner}notes:",
    ]
    return "".join(line + newline for line in lines)


def _one_line(text: str) -> str:
    """Text safe inside a one-line YAML comment."""
    return single_spaced(text)  # str.split() splits at every line break YAML knows too


def _triage(hint: Suggestion) -> str:
    """The comment above a raised action: where it ranks and what it takes."""
    where = "in the first quarter (where to start)" if hint.first_quarter else "later"
    size = f"; effort {hint.effort}, cost {hint.cost}" if hint.effort and hint.cost else ""
    why = ", first because an essential condition is not met" if hint.essential else ""
    return (
        f"Priority {hint.priority} of {hint.of} (importance {hint.importance:.1f}{why}), "
        f"{where}{size}; {hint.timeframe}"
    )


# The latest a time frame suggests, in months after the assessment ("12+" gets 18).
_TIMEFRAME_MONTHS = {"0-3 months": 3, "3-6 months": 6, "6-12 months": 12, "12+ months": 18}


def _suggested_due(hint: Suggestion, raised_on: dt.date) -> str:
    months = _TIMEFRAME_MONTHS.get(hint.timeframe)
    if months is None:
        return f"within {hint.timeframe}"
    return f"by {add_months(raised_on, months).isoformat()} ({hint.timeframe})"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved on `months` calendar months, kept within the month's length."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def new_plan_text(site: str, actions: Sequence[RaisedAction], raised_on: dt.date) -> str:
    """A plan file for a site that has none yet."""
    header = HEADER.format(site=_one_line(site), format=PLAN_FORMAT, site_value=_quote(site))
    if not actions:
        return header.replace("actions:\n", "actions: []\n")
    return header + "".join(entry_text(a, raised_on) for a in actions)


# The `actions:` key at the start of a line (quoted or not), what follows it, and a comment.
_ACTIONS_LINE = re.compile(r"""^(["']?)actions\1:(?:[ \t]+|$)(.*?)[ \t]*(#.*)?$""")
# An empty list, or nothing: opened up into a list of entries.
_EMPTY_VALUES = re.compile(r"\[[ \t]*\]|~|null|Null|NULL")
_DOCUMENT_MARKERS = ("...", "---")


def appended_text(
    existing: str, path: Path, actions: Sequence[RaisedAction], raised_on: dt.date
) -> str:
    """`existing` with `actions` added at the end, every existing line left as it was (except
    that an empty `actions: []` opens up into a list, its comment kept), in the file's own
    indentation and line endings. Refused, rather than written, if the result would not read
    back as the same actions followed by the new ones."""
    lines = existing.splitlines(keepends=True)
    newline = _line_ending(lines[0]) if lines else "\n"
    at, value, comment = _actions_line(lines, path)
    if _EMPTY_VALUES.fullmatch(value):
        lines[at] = "actions:" + (f"  {comment}" if comment else "") + newline
    items = (_LIST_ITEM.match(line) for line in lines[at + 1 :])
    indent = next((m.group(1) for m in items if m), "  ")
    text = "".join(lines)
    if text and not text.endswith(("\n", "\r")):
        text += newline
    text += "".join(entry_text(a, raised_on, indent, newline) for a in actions)
    grown = len(text.encode("utf-8"))
    if grown > MAX_FILE_BYTES:
        raise InputError([Problem(path, None, "", plan_too_big(len(actions), grown))])
    _check_appended(existing, text, path, [a.id for a in actions])
    return text


def plan_too_big(added: int, size: int) -> str:
    """Why adding the newly raised actions to a plan is refused: it would pass the size every
    YAML file readiness reads is held to."""
    return (
        f"adding the {added:,} newly raised actions would make the plan {size:,} bytes, more "
        f"than the {MAX_FILE_BYTES:,} ({MAX_FILE_BYTES // 1024**2} MB) a plan may be; move "
        "closed entries (done or dropped) to another file, then run `readiness plan` again"
    )


def _line_ending(line: str) -> str:
    """How a line ends (Windows, old Mac or Unix), so new lines end the same way."""
    for ending in ("\r\n", "\r", "\n"):
        if line.endswith(ending):
            return ending
    return "\n"


def _actions_line(lines: list[str], path: Path) -> tuple[int, str, str]:
    """Where the plan's `actions:` key is (0-based), its value and its comment; refused, at
    the line in the way, if new entries added at the end of the file would not join it."""
    found = [(n, m) for n, line in enumerate(lines) if (m := _ACTIONS_LINE.match(line.rstrip()))]
    if not found:
        raise InputError([Problem(path, None, "actions", _LAYOUT_HELP + "; add it at the end")])
    at, match = found[-1]
    value, comment = match.group(2), match.group(3) or ""
    if value and not _EMPTY_VALUES.fullmatch(value):
        style = "in [...] or {...} style" if value[:1] in "[{" else f"as {value!r}"
        problem = f"{_LAYOUT_HELP}, not {style} on its own line"
        raise InputError([Problem(path, at + 1, "actions", problem)])
    for n, line in enumerate(lines[at + 1 :], at + 2):
        if line.rstrip() in _DOCUMENT_MARKERS:
            problem = (
                f"{line.rstrip()!r} ends the YAML document here, so actions added after it "
                "would not be part of the plan; remove this line"
            )
            raise InputError([Problem(path, n, "actions", problem)])
        if line[:1] not in ("", " ", "\t", "#", "\r", "\n", "-"):
            raise InputError([Problem(path, n, "actions", _LAYOUT_HELP + "; move it last")])
    return at, value, comment


_LIST_ITEM = re.compile(r"^([ ]*)- ")
_WOULD_CHANGE = (
    "adding the new actions at the end would change what the plan already says, so it was "
    "left as it was"
)
_NO_LAST_LINE_BREAK = (
    ": its last line has no line break, and the text it ends would gain one; end the file "
    "with a line break (and check that text), then run plan again"
)
_LAYOUT_HELP = (
    "readiness adds new actions at the end of the file, so 'actions:' must be the last key, "
    "written as a list of '- id: ...' entries"
)
_SAME_INDENTATION = ", each at the same indentation"


def _check_appended(before: str, after: str, path: Path, added: list[str]) -> None:
    """Raise InputError unless `after` reads as `before`, every value the same, with `added`
    at the end of its actions."""
    old, new = _read_plan(before, path), _read_plan(after, path)
    old_actions, new_actions = _actions_of(old), _actions_of(new)
    if old_actions is None or new_actions is None:
        raise InputError([Problem(path, None, "actions", _LAYOUT_HELP + _SAME_INDENTATION)])
    if _ids(new_actions) != [*_ids(old_actions), *added]:
        raise InputError([Problem(path, None, "actions", _LAYOUT_HELP + _SAME_INDENTATION)])
    kept = new_actions[: len(old_actions)] == old_actions
    if not kept or _without_actions(old) != _without_actions(new):
        ending = "" if before.endswith("\n") else _NO_LAST_LINE_BREAK
        raise InputError([Problem(path, None, "actions", _WOULD_CHANGE + ending)])


def _check_new(text: str, path: Path, site: str, ids: list[str]) -> None:
    """Make sure a new plan reads back as written: it holds the site's name and actions as
    text that people may have typed in any way."""
    data = _read_plan(text, path)
    actions = _actions_of(data)
    if data is None or actions is None or data.get("site") != site or _ids(actions) != ids:
        raise RuntimeError(f"the new plan for {site!r} would not read back as written")


def _read_plan(text: str, path: Path) -> dict[str, object] | None:
    """A plan's text read as YAML (None when it is not a mapping, or not YAML)."""
    try:
        data = parse_yaml(text.encode("utf-8"), path).data
    except InputError:
        return None
    return data if isinstance(data, dict) else None


def _actions_of(data: dict[str, object] | None) -> list[object] | None:
    """A plan's actions (none listed: empty), or None when they are not a list."""
    listed = data.get("actions") if data is not None else None
    if isinstance(listed, list):
        return listed
    return [] if data is not None and listed is None else None


def _without_actions(data: dict[str, object] | None) -> dict[str, object]:
    return {key: value for key, value in (data or {}).items() if key != "actions"}


def _ids(actions: list[object]) -> list[object]:
    return [a.get("id") if isinstance(a, dict) else a for a in actions]


@dataclass(frozen=True)
class PlanUpdate:
    """What `update_plan` did: the plan file, the actions it added, how many it kept, and
    the warnings reading the assessment and the plan gave (a plan naming another site)."""

    path: Path
    added: tuple[RaisedAction, ...]
    kept: int
    created: bool
    warnings: tuple[Problem, ...] = ()
    # Raised actions not added because an adopted entry seems to name them misspelt:
    # (the raised id, the adopted entry's id). Added once the entry's id is corrected.
    held_back: tuple[tuple[str, str], ...] = ()


def update_plan(assessment: Assessment, raised: Sequence[RaisedAction]) -> PlanUpdate:
    """Write the site's plan.yaml listing `raised`, or add the newly raised ones to the end of
    an existing plan: what people wrote there is never changed. The plan is read under the
    folder's lock, so two runs at once each add to what the other wrote."""
    site = assessment.site
    path = plan_path(assessment.path)
    inputs = _assessment_files(assessment)
    read = assessment.warnings
    with folder_lock(path.parent):
        # A plan.yaml that is there but no file (a link to nothing) is refused by find_plan.
        if os.path.lexists(path):
            plan = find_plan(assessment)
            assert plan is not None
            said = (*read, *plan.warnings)
            # An entry under an id that a raised action took over already lists that action.
            successors = carried_on(assessment.frameworks)
            # An entry under an old id lists its successor only when adopted: one the site
            # chose not to adopt must not keep the action that replaced it out of the plan.
            listed = {s.id for s in plan.steps} | {plan.now_as(s, successors) for s in plan.adopted}
            new = [a for a in raised if a.id not in listed]
            open_unraised = [
                s.id
                for s in plan.steps
                if s.adopted and s.status not in CLOSED and s.id not in {a.id for a in raised}
            ]
            held = _misspelt_as(new, open_unraised)
            new = [a for a in new if a.id not in held]
            kept = len(plan.steps)
            if not new:
                return PlanUpdate(path, (), kept, False, said, tuple(held.items()))
            text = appended_text(_read_text(path), path, new, site.assessed_on)
            write_output(path, text.encode("utf-8"), inputs)
            return PlanUpdate(path, tuple(new), kept, False, said, tuple(held.items()))
        text = new_plan_text(site.name, raised, site.assessed_on)
        _check_new(text, path, site.name, [a.id for a in raised])
        write_output(path, text.encode("utf-8"), inputs)
        return PlanUpdate(path, tuple(raised), 0, True, read)


def _misspelt_as(new: Sequence[RaisedAction], unraised: Sequence[str]) -> dict[str, str]:
    """Each newly raised action whose id an adopted entry no framework raises seems to spell
    wrong (`secure-fundng`), with that entry's id: adding the action too would list the site's
    one action twice once the typo is put right."""
    held = {}
    for action in new:
        close = difflib.get_close_matches(action.id, unraised, n=1, cutoff=MISSPELT)
        if close:
            held[action.id] = close[0]
    return held


def tracked_plan(
    baseline: Assessment, current: Assessment, plan_file: Path | None = None
) -> Plan | None:
    """The plan a follow-up reports on: its own when it adopts anything (a plan carried
    forward into the follow-up's folder), else the one made after the baseline, else its own."""
    own = find_plan(current, plan_file)
    if own is not None and own.adopted:
        return own
    return find_plan(baseline) or own


def _assessment_files(assessment: Assessment) -> list[Path]:
    """The files an assessment was read from (so a plan may sit in its folder)."""
    folder = assessment.path
    frameworks = [f.path for f in assessment.frameworks]
    if folder.is_dir():
        return [folder / "site.yaml", folder / "respondents", *frameworks]
    return [folder, *frameworks]


def _read_text(path: Path) -> str:
    """The file's text exactly as stored (line endings included)."""
    try:
        return read_input(path, MAX_FILE_BYTES, "plan").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadinessError(f"cannot read {path}: {exc}") from exc
