"""Declarative schemas: one declaration checks a YAML document and prints its JSON Schema.

A schema is a tree of kinds (Text, Number, Record, ListOf, ...). `Checker.check` walks a
`Document` against it, reporting every problem with its line and a readable path that names
list elements by their id (`domains[coherence].items[C2].scale`), and returns the cleaned
value with defaults filled in. `json_schema` turns the same tree into a JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from readiness.errors import Problem, ReadinessError, Severity
from readiness.numerals import number_problem
from readiness.textmatch import shows_nothing
from readiness.yamlio import Document, PathKey

INVALID: Any = object()  # returned for a value that failed its check

# The one rule for ids (frameworks, items, codes, respondents): ASCII letters and digits, '_'
# and '-', starting with a letter or digit. No dots or '~': ids go into PDF field names, where
# a dot nests fields and '~' separates the parts.
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
IDENTIFIER_MAX = 100
IDENTIFIER_RULE = "use ASCII letters, digits, '_' and '-' only, starting with a letter or digit"


def is_identifier(value: str) -> bool:
    """Whether `value` follows the id rule."""
    return len(value) <= IDENTIFIER_MAX and IDENTIFIER.fullmatch(value) is not None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """A ' (did you mean ...?)' hint, or '' when nothing is close: the choice written in
    other capitals (DONE -> 'done'), else one spelt nearly the same, else one with something
    added or cut off (gp_partner -> 'gp'). Choices are shown as the text they are (an
    enum's value, never its Python form)."""
    word = str(word)
    named = {str(c): str(c) for c in choices}
    folded = {c.casefold(): c for c in named}
    if word.casefold() in folded and word not in named:
        return f" (did you mean {folded[word.casefold()]!r}?)"
    # A choice that is the word negated ('started' and 'not_started') is its opposite, never
    # its spelling.
    plausible = [c for c in named if not _negation_of(word.casefold(), c.casefold())]
    close = difflib.get_close_matches(word, plausible, n=1, cutoff=0.6)
    if not close:
        close = [c for c in plausible if len(c) >= 2 and (word.startswith(c) or c.startswith(word))]
    return f" (did you mean {close[0]!r}?)" if close else ""


_NEGATIONS = ("not_", "not-", "not ", "no_", "no-", "no ", "non_", "non-", "non", "un", "in")


def _negation_of(word: str, choice: str) -> bool:
    """Whether one of two words is the other with a negation put before it."""
    return any(
        longer == prefix + shorter
        for longer, shorter in ((word, choice), (choice, word))
        for prefix in _NEGATIONS
    )


def unknown(what: str, value: str, choices: Sequence[str]) -> str:
    """'unknown role 'gp_partner' (did you mean 'gp'?); use one of: ...'."""
    return (
        f"unknown {what} {value!r}{did_you_mean(value, choices)}; use one of: {known_list(choices)}"
    )


Word = TypeVar("Word", bound=StrEnum)


def member(vocabulary: type[Word], value: str, what: str) -> Word:
    """`value` as a member of `vocabulary` (a role, a site kind, a format...); ReadinessError
    naming the choices, with a "did you mean", otherwise. The one check of a word a command
    or a function is given (a file's words are checked by the records, with their lines)."""
    try:
        return vocabulary(value)
    except ValueError:
        words = [str(w.value) for w in vocabulary]
        raise ReadinessError(unknown(what, str(value), words)) from None


def known_list(choices: Sequence[str], limit: int = 12) -> str:
    """`a, b, c` (or the first few and a count) for messages."""
    shown = ", ".join(choices[:limit])
    return shown + (f" and {len(choices) - limit} more" if len(choices) > limit else "")


class Kind:
    """A kind of value in a schema."""

    description = "a value"

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


# Characters a name or note may not hold: control characters other than tab, line feed and
# carriage return (XML, and so every workbook and PDF form, cannot hold them), C1 controls
# but NEL (U+0092 is a Windows apostrophe decoded as Latin-1; a YAML file cannot hold one as
# it is, so the plan, which writes the site's name, could not be written) and the two
# non-characters U+FFFE and U+FFFF.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


# Line breaks, as YAML, XML and Unicode count them (a name is one line).
LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")


def check_plain_text(value: str | None, what: str, max_length: int) -> None:
    """Refuse `value` (given as `what`, such as --site) when it is longer than `max_length`,
    holds a control character or is more than one line: the checks `Text` makes of a name in
    a file."""
    if value is None:
        return
    if len(value) > max_length:
        raise ReadinessError(f"{what} has {len(value):,} characters; keep it to {max_length}")
    if control := CONTROL_CHARACTER.search(value):
        raise ReadinessError(f"{what} {control_character_problem(control.group())}")
    if LINE_BREAK.search(value.strip()):
        raise ReadinessError(f"{what} {one_line_problem()}")


def one_not_a_list(name: str, value: object) -> str:
    """Why one string or path is refused where a list of them is wanted (the Python API)."""
    return f"{name}: give a list, such as [{str(value)!r}], not one {type(value).__name__}"


def jobs_not_a_count(jobs: object) -> str:
    return f"jobs: give a whole number of worker processes, 1 or more, not {jobs!r}"


def one_line_problem() -> str:
    """Why a name with a line break in it is refused."""
    return "must be one line (a name or a heading): remove the line break"


def control_character_problem(character: str) -> str:
    """Why text holding `character` (a control character) is refused, and what to do."""
    code = f"U+{ord(character):04X}"
    pasted = (
        " (a line break pasted from Word)"
        if character == "\x0b"
        else " (a character of Windows text read wrongly, such as an apostrophe: retype it)"
        if "\x80" <= character <= "\x9f"
        else ""
    )
    return (
        f"holds a control character, {code}{pasted}, that reports and spreadsheets cannot "
        "show; remove it (or write a line break)"
    )


@dataclass(frozen=True)
class Text(Kind):
    """A non-empty string (optionally one of a set of identifiers)."""

    identifier: bool = False
    max_length: int = 4000
    # False: no control character but tab and line breaks (names, titles, notes: what reports
    # and workbooks show, and an XML document cannot hold); True for what respondents typed,
    # which is kept exactly as it came.
    any_character: bool = False
    # True for a name (of a site, a person, a post): one line wherever it is shown.
    one_line: bool = False
    # True for what someone wrote in their own words and is promised back as typed (a
    # reviewer's note): the spaces around it are kept, not trimmed.
    exact: bool = False
    description = "text"

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and self.identifier:
            value = str(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            checker.report(
                at, name, f'must be text, not the number {value}; put it in quotes: "{value}"'
            )
            return INVALID
        if not isinstance(value, str):
            return checker.wrong_type(at, name, value, "text")
        if shows_nothing(value):
            checker.report(at, name, "must not be empty")
            return INVALID
        if len(value) > self.max_length:
            checker.report(
                at,
                name,
                f"is longer than {self.max_length} characters ({len(value):,}); shorten it",
            )
            return INVALID
        if not self.any_character and (control := CONTROL_CHARACTER.search(value)):
            checker.report(at, name, control_character_problem(control.group()))
            return INVALID
        if self.one_line and LINE_BREAK.search(value.strip()):
            checker.report(at, name, one_line_problem())
            return INVALID
        if self.identifier and not is_identifier(value):
            checker.report(at, name, f"{value!r} is not a valid id: {IDENTIFIER_RULE}")
            return INVALID
        return value if self.identifier or self.exact else value.strip()

    def json_schema(self) -> dict[str, Any]:
        if self.identifier:
            return {
                "type": "string",
                "pattern": f"^{IDENTIFIER.pattern}$",
                "maxLength": IDENTIFIER_MAX,
            }
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


@dataclass(frozen=True)
class Number(Kind):
    """A finite number, optionally whole and bounded."""

    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    exclusive_minimum: bool = False

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        expected = "a whole number" if self.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return checker.wrong_type(at, name, value, expected)
        problem = number_problem(value)
        if problem is not None:
            checker.report(at, name, problem)
            return INVALID
        if self.integer and value != int(value):
            checker.report(at, name, f"must be a whole number, not {value}")
            return INVALID
        if self.minimum is not None and (
            value < self.minimum or (self.exclusive_minimum and value == self.minimum)
        ):
            relation = "greater than" if self.exclusive_minimum else "at least"
            checker.report(at, name, f"must be {relation} {_fmt(self.minimum)}, not {value}")
            return INVALID
        if self.maximum is not None and value > self.maximum:
            checker.report(at, name, f"must be at most {_fmt(self.maximum)}, not {value}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            key = "exclusiveMinimum" if self.exclusive_minimum else "minimum"
            out[key] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


def _fmt(number: float) -> str:
    """A bound as people write it: 1000000, 0.5, 0.000001 (never 1e-06)."""
    return str(int(number)) if number == int(number) else f"{number:.15f}".rstrip("0")


@dataclass(frozen=True)
class Boolean(Kind):
    """true or false."""

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if not isinstance(value, bool):
            return checker.wrong_type(at, name, value, "true or false")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


# Python reads other ISO 8601 forms too (20260501, 2026-W18-5); the files promise this one.
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# The years a date readiness reads may fall in: a slip such as 0226 or 9999 is refused, and
# date arithmetic (a plan's due dates, months after an assessment) stays within Python's dates.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def iso_day(text: str) -> dt.date | None:
    """The calendar date `text` writes as YYYY-MM-DD (spaces around it aside), in a year from
    FIRST_YEAR to LAST_YEAR; None otherwise."""
    day = _written_day(text)
    return day if day is not None and plausible_day(day) else None


def _written_day(text: str) -> dt.date | None:
    """The calendar date `text` writes as YYYY-MM-DD (spaces around it aside), in any year."""
    text = text.strip()
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _impossible_day(text: str) -> str | None:
    """Why `text`, written as YYYY-MM-DD, is no day ("month must be in 1..12"); None when it
    is not written so, or is a day."""
    if not _ISO_DAY.fullmatch(text.strip()):
        return None
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        return str(exc)
    return None


def plausible_day(day: dt.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def implausible_day(day: dt.date) -> str:
    """Why a date outside the years readiness reads is refused."""
    return (
        f"must be a date in the years {FIRST_YEAR} to {LAST_YEAR}, not {day.isoformat()}; "
        "check the year"
    )


@dataclass(frozen=True)
class Date(Kind):
    """A calendar date written YYYY-MM-DD."""

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if isinstance(value, dt.datetime):
            # Keeping only the day would drop what was written after it.
            checker.report(at, name, f"must be a date written YYYY-MM-DD, without a time: {value}")
            return INVALID
        if isinstance(value, str):
            value = _written_day(value) or value
        if isinstance(value, dt.date):
            if plausible_day(value):
                return value
            checker.report(at, name, implausible_day(value))
            return INVALID
        if isinstance(value, str) and (reason := _impossible_day(value)):
            checker.report(at, name, f"{_describe(value)} is not a valid date ({reason})")
            return INVALID
        checker.report(at, name, f"must be a date written YYYY-MM-DD, not {_describe(value)}")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class Choice(Kind):
    """One of a fixed set of words."""

    choices: tuple[str, ...]
    what: str = "value"

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if not isinstance(value, str):
            return checker.wrong_type(at, name, value, f"one of: {known_list(self.choices)}")
        if value not in self.choices:
            checker.report(
                at,
                name,
                unknown(self.what, value, self.choices),
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class ListOf(Kind):
    """A list of values of one kind."""

    of: Kind
    min_items: int = 0
    unique: bool = False

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if not isinstance(value, list):
            return checker.wrong_type(at, name, value, "a list")
        if len(value) < self.min_items:
            checker.report(
                at,
                name,
                f"needs at least {self.min_items} entr{'y' if self.min_items == 1 else 'ies'}",
            )
        out = []
        seen: dict[Any, int] = {}
        for index, element in enumerate(value):
            element_name = checker.element_name(name, index, element, self.of)
            cleaned = self.of.check(element, (*at, index), element_name, checker)
            if self.unique and isinstance(cleaned, str | dt.date):
                if cleaned in seen:
                    checker.report((*at, index), element_name, f"{_shown(cleaned)} is listed twice")
                    cleaned = INVALID
                else:
                    seen[cleaned] = index
            # An invalid element keeps its place (as INVALID), so positions, and with them
            # line numbers, always match the document. Consumers skip INVALID elements.
            out.append(cleaned)
        return out

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.of.json_schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.unique:
            out["uniqueItems"] = True
        return out


@dataclass(frozen=True)
class MapOf(Kind):
    """A mapping from free keys (ids) to values of one kind."""

    of: Kind

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if not isinstance(value, dict):
            return checker.wrong_type(at, name, value, "a mapping of id: value")
        out = {}
        for key, element in value.items():
            key_name = f"{name}.{key}" if name else str(key)
            cleaned = self.of.check(element, (*at, key), key_name, checker)
            if cleaned is not INVALID:
                out[key] = cleaned
        return out

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.of.json_schema()}


@dataclass(frozen=True)
class Blankable(Kind):
    """A value that may also be left blank (`key:` with nothing after it): blank is None."""

    of: Kind

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if value is None or (isinstance(value, str) and shows_nothing(value)):
            return None
        return self.of.check(value, at, name, checker)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [self.of.json_schema(), {"type": "null"}]}


@dataclass(frozen=True)
class Field:
    """One key of a Record."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class Record(Kind):
    """A mapping with declared keys; unknown keys are errors with a 'did you mean'."""

    title: str
    fields: tuple[Field, ...]
    id_key: str | None = None
    doc: str = ""

    def text_limit(self, key: str) -> int | None:
        """The most characters the text field `key` takes (None for no such text field):
        what a form's box for it may hold."""
        kind = next((f.kind for f in self.fields if f.name == key), None)
        kind = kind.of if isinstance(kind, Blankable) else kind
        return kind.max_length if isinstance(kind, Text) else None

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        out = self.fields_of(value, at, name, checker)
        # Every field was checked (so every problem is reported); a record with an invalid
        # field is itself invalid, so later checks never meet a half-valid record.
        if out is INVALID or any(v is INVALID for v in out.values()):
            return INVALID
        return out

    def fields_of(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        """Each field checked, INVALID where it is wrong (every problem reported): for
        rules between fields that can still be checked on the rest. INVALID when `value`
        is no mapping at all, or holds a merge key."""
        if not isinstance(value, dict):
            return checker.wrong_type(at, name, value, f"a mapping ({self.title})")
        known = [f.name for f in self.fields]
        out: dict[str, Any] = {}
        if "<<" in value:
            # A YAML merge key: its keys are not read, so every key it would bring is missing.
            checker.report(
                (*at, "<<"),
                _join(name, "<<"),
                "a YAML merge key (<<: *name) is not read here; write its keys out in full",
            )
            return INVALID
        for key in value:
            if key not in known:
                hint = did_you_mean(key, known)
                if " " in key.strip() and not hint:
                    hint = (
                        " (text with a comma inside { } is split at the comma; "
                        "put the whole text in quotes)"
                    )
                checker.report(
                    (*at, key),
                    _join(name, key),
                    f"unknown key{hint}; {self.title} takes: {known_list(known, 20)}",
                )
        for spec in self.fields:
            if spec.name not in value:
                if spec.required:
                    # Keyed at the missing value (its line is its record's): a form read
                    # as data tells the box or cell to fill in.
                    checker.report(
                        (*at, spec.name),
                        name,
                        f"missing required key {spec.name!r}"
                        + (f" ({spec.doc})" if spec.doc != spec.name else ""),
                    )
                    out[spec.name] = INVALID
                elif isinstance(spec.kind, Record) and not any(
                    f.required for f in spec.kind.fields
                ):
                    # A settings block left out entirely still gets its defaults.
                    out[spec.name] = spec.kind.check({}, at, _join(name, spec.name), checker)
                else:
                    out[spec.name] = spec.default
                continue
            out[spec.name] = spec.kind.check(
                value[spec.name], (*at, spec.name), _join(name, spec.name), checker
            )
        return out

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "title": self.title,
            "properties": {
                f.name: {**f.kind.json_schema(), "description": f.doc} for f in self.fields
            },
            "required": [f.name for f in self.fields if f.required],
            "additionalProperties": False,
        }
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass(frozen=True)
class Variant(Kind):
    """One of two record shapes, chosen by whether a key is present: for example an item that
    is asked once in another framework (`from:`) instead of being written out in full."""

    key: str
    with_key: Record
    without_key: Record

    @property
    def id_key(self) -> str | None:
        return self.without_key.id_key

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if isinstance(value, dict) and self.key in value:
            return self.with_key.check(value, at, name, checker)
        return self.without_key.check(value, at, name, checker)

    def json_schema(self) -> dict[str, Any]:
        return {"oneOf": [self.without_key.json_schema(), self.with_key.json_schema()]}


@dataclass(frozen=True)
class OneOrMany(Kind):
    """A single value, or a list of at least one (returned as a list)."""

    of: Kind

    def check(self, value: Any, at: PathKey, name: str, checker: Checker) -> Any:
        if isinstance(value, list):
            return ListOf(self.of, min_items=1, unique=True).check(value, at, name, checker)
        cleaned = self.of.check(value, at, name, checker)
        return INVALID if cleaned is INVALID else [cleaned]

    def json_schema(self) -> dict[str, Any]:
        single = self.of.json_schema()
        return {"oneOf": [single, {"type": "array", "items": single, "minItems": 1}]}


def _join(name: str, key: str) -> str:
    return f"{name}.{key}" if name else key


class Checker:
    """Walks a Document against a schema and collects every problem."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def check(self, kind: Kind) -> Any:
        return kind.check(self.doc.data, (), "", self)

    def report(
        self, at: PathKey, name: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line(at), name, message, severity, at))

    def warn(self, at: PathKey, name: str, message: str) -> None:
        self.report(at, name, message, Severity.WARNING)

    def wrong_type(self, at: PathKey, name: str, value: Any, expected: str) -> Any:
        self.report(at, name, f"must be {expected}, not {_describe(value)}")
        return INVALID

    @staticmethod
    def element_name(name: str, index: int, element: Any, kind: Kind) -> str:
        id_key = getattr(kind, "id_key", None)
        if isinstance(id_key, str) and isinstance(element, dict):
            ident = element.get(id_key)
            if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                return f"{name}[{ident}]"
        return f"{name}[#{index + 1}]"


def _shown(value: str | dt.date) -> str:
    return value.isoformat() if isinstance(value, dt.date) else repr(value)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    shown = repr(value)
    # A whole file read as one string (a text file where YAML was expected) is not echoed.
    if len(shown) > MAX_VALUE_SHOWN:
        return f"{shown[: MAX_VALUE_SHOWN - 20]}… ({len(str(value)):,} characters)"
    return shown


MAX_VALUE_SHOWN = 100
