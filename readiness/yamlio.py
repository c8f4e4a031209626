"""The one place YAML is read: a safe loader that keeps the line of every value.

Frameworks and assessments are written by hand, so every error must point at a line. We compose
PyYAML's node tree (which keeps marks) and build plain Python values from it ourselves, recording
the line of each value by its path. Booleans and numbers follow YAML 1.2's core schema, so what
a person typed is never converted behind their back: only true/false are booleans (an answer
code such as `yes`, `no` or `on` stays text), and numbers are plain decimals (`0400`, `6:40`,
`0x1F` and `1_000`, which YAML 1.1 reads as 256, 400, 31 and 1000, stay the text typed, for the
checks to refuse or read as written). A number that cannot be used exactly (`.inf`, `.nan`, or
more digits than a float keeps) is refused here, with its line.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml
import yaml.cyaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from readiness.errors import LOOP_OF_LINKS, InputError, Problem
from readiness.numerals import number_problem
from readiness.textmatch import single_spaced

MAX_FILE_BYTES = 2 * 1024 * 1024
# A hand-written framework has a few thousand values; this bounds alias expansion
# ("billion laughs").
MAX_VALUES = 100_000
# Nesting deeper than this is refused before values are built (recursively): hand-written
# files nest under ten levels, libyaml stops at 1,000, and Python's stack at about as many.
MAX_DEPTH = 100

PathKey = tuple[str | int, ...]

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# YAML 1.2 core schema numbers, except that a leading zero (`0400`) stays text rather than
# being read as 400: YAML 1.1 readers take it as octal, so its meaning is in doubt.
_INT_12 = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)


class _Yaml12BoolResolver(Resolver):
    """PyYAML's resolver with YAML 1.2 core booleans and numbers (see the module docstring)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # A plain scalar's tag depends on its text alone (there are no path resolvers), and
        # files repeat the same few texts (answer codes, item ids), so each is worked out once.
        if (
            kind is not ScalarNode
            or not implicit[0]
            or len(value) > _MAX_REMEMBERED_TEXT
            or self.yaml_path_resolvers
        ):
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        tag = _PLAIN_SCALAR_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(_PLAIN_SCALAR_TAGS) >= _MAX_REMEMBERED:
                _PLAIN_SCALAR_TAGS.clear()
            _PLAIN_SCALAR_TAGS[value] = tag
        return tag


_PLAIN_SCALAR_TAGS: dict[str, str] = {}
_MAX_REMEMBERED = 10_000
_MAX_REMEMBERED_TEXT = 64


_Yaml12BoolResolver.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG)
    ]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_Yaml12BoolResolver.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12BoolResolver.add_implicit_resolver(_INT_TAG, _INT_12, list("-+0123456789"))
_Yaml12BoolResolver.add_implicit_resolver(_FLOAT_TAG, _FLOAT_12, list("-+0123456789."))


class _ExactDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every text that either YAML 1.1 or our YAML 1.2 reading
    would take for something else: PyYAML alone writes `1E10` or `1e-5` bare (in YAML 1.1 a
    float needs a dot), which this module reads back as a number."""


_ExactDumper.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ExactDumper.add_implicit_resolver(_INT_TAG, _INT_12, list("-+0123456789"))
_ExactDumper.add_implicit_resolver(_FLOAT_TAG, _FLOAT_12, list("-+0123456789."))


def dump_yaml(data: Any, **options: Any) -> str:
    """`data` as YAML text that this module reads back as the same values (`options` as for
    yaml.dump: sort_keys, width, default_flow_style ...)."""
    text: str = yaml.dump(data, Dumper=_ExactDumper, allow_unicode=True, **options)
    return text


_CParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
if _CParser is not None:

    class _NodeLoader(_CParser, SafeConstructor, _Yaml12BoolResolver):  # type: ignore[misc]
        """Composes nodes with libyaml (fast), resolving tags the YAML 1.2 way."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _Yaml12BoolResolver.__init__(self)

else:  # pragma: no cover - libyaml ships in PyYAML's wheels

    class _NodeLoader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        SafeConstructor,
        _Yaml12BoolResolver,
    ):
        """Composes nodes in pure Python, resolving tags the YAML 1.2 way."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            SafeConstructor.__init__(self)
            _Yaml12BoolResolver.__init__(self)


@dataclass
class Document:
    """A YAML file as plain Python values, with the line of every value and mapping key."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    # The text of a file built the quick way, until a line is asked for (see `parse_yaml`).
    _text: str | None = field(default=None, repr=False, compare=False)

    def line(self, at: PathKey) -> int | None:
        """The line of the value at `at`, or of its nearest ancestor that has one."""
        if self._text is not None:
            self.lines = _careful(self._text, self.path).lines
            self._text = None
        key = tuple(at)
        while True:
            if key in self.lines:
                return self.lines[key]
            if not key:
                return None
            key = key[:-1]


class _TooManyValues(Exception):
    pass


class _NeedsCare(Exception):
    """Raised when the quick build meets anything but plain, valid values: the careful build
    then goes over the same nodes and says what is wrong, with lines."""


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


@dataclass(frozen=True)
class Comment:
    """A comment in a YAML text: what follows a `#` outside every value, to the line's end."""

    line: int
    text: str  # without the `#`, its spaces run together
    before: str | None  # on a line with a value: what precedes the `#`; None on a line alone


# The line breaks YAML reads (PyYAML counts "\r\n" as one).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """A YAML text's lines as YAML counts them (`Comment.line` is an index into them, from 1)."""
    return _LINE_BREAK.split(text)


def first_content_line(lines: list[str], after: int = 0) -> int | None:
    """The number (from 1) of the first line after line `after` that is neither blank nor
    a comment (the first key of a file, after its opening comments); None when none is."""
    for number, line in enumerate(lines[after:], after + 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def comments(text: str) -> list[Comment]:
    """Every comment in a YAML text that parses, in order. Between the parser's tokens lie
    only spaces, line breaks and comments, so each `#` found there starts one."""
    found: list[Comment] = []
    position = 0
    line = 0
    line_start = 0
    ends = [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text, Loader=_scan_loader())]
    for start, end in [*ends, (len(text), len(text))]:
        if start > position:
            gap = text[position:start]
            offset = 0
            for piece in [*_LINE_BREAK.finditer(gap), None]:
                stop = piece.start() if piece else len(gap)
                hash_at = gap.find("#", offset, stop)
                if hash_at >= 0:
                    at = position + hash_at
                    before = text[line_start:at].strip()
                    said = single_spaced(gap[hash_at + 1 : stop])
                    found.append(Comment(line + 1, said, before or None))
                if piece is not None:
                    line += 1
                    offset = piece.end()
                    line_start = position + offset
        if end > position:
            # A value may run over several lines (quoted or block text).
            for piece in _LINE_BREAK.finditer(text, max(start, position), end):
                line += 1
                line_start = piece.end()
            position = end
    return found


def _scan_loader() -> Any:
    return yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def read_input(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of an input file, checked before reading: it must be a regular file (not a
    folder, a device or a pipe that never ends) of at most `limit` bytes."""
    path = as_path(path)
    try:
        with open_input(path) as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError([Problem(path, None, "", f"is a folder, not a {what}")])
            if not stat.S_ISREG(info.st_mode):
                raise InputError([Problem(path, None, "", f"is not a regular {what}")])
            if info.st_size > limit:
                raise InputError([Problem(path, None, "", _too_big(info.st_size, limit, path))])
            # Read what the file holds and a byte more, to see whether it grew meanwhile (a
            # buffer of the whole limit would be allocated, and freed, for every small file).
            raw = handle.read(info.st_size + 1)
            if len(raw) > info.st_size:
                raw += handle.read(limit + 1 - len(raw))
    except FileNotFoundError:
        raise InputError([file_not_found(path)]) from None
    except IsADirectoryError:
        raise InputError([Problem(path, None, "", f"is a folder, not a {what}")]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError([Problem(path, None, "", LOOP_OF_LINKS)]) from None
        reason = exc.strerror or exc.__class__.__name__
        raise InputError([Problem(path, None, "", f"cannot be read: {reason}")]) from None
    if len(raw) > limit:
        raise InputError([Problem(path, None, "", _too_big(len(raw), limit, path))])
    return raw


def file_not_found(path: Path) -> Problem:
    """The problem of a file given that is not there (or a link to nothing)."""
    return Problem(path, None, "", _not_found(path))


def _not_found(path: Path) -> str:
    with contextlib.suppress(OSError):
        return f"is a link to {os.readlink(path)}, which is not there"
    return "file not found"


def as_path(path: Path | str) -> Path:
    """`path` as a Path (making a Path of a Path parses it again: a cost paid per file read)."""
    return path if isinstance(path, Path) else Path(path)


def open_input(path: Path) -> BinaryIO:
    """A file opened for reading without waiting: a named pipe with nobody writing to it
    would otherwise block the open itself, before its kind can be checked (reading a regular
    file is unchanged)."""
    return os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb")


# Files a survey tool exports, which can be downloaded in parts.
_EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods")


def _too_big(size: int, limit: int, path: Path | None = None) -> str:
    export = path is None or path.suffix.lower() in _EXPORT_SUFFIXES
    hint = (
        " (a survey export this large can be downloaded in parts, by date, and each part "
        "imported in turn)"
        if export
        else ""
    )
    return (
        f"file is {size:,} bytes; the limit is {limit // (1024 * 1024)} MiB: check it is the "
        f"file you meant{hint}"
    )


def line_in(path: Path | None, at: PathKey | None) -> int | None:
    """The line of the value at `at` in the YAML file `path`, read again for a message (a
    model keeps where its parts came from, not their lines: finding lines costs a second,
    careful reading, which only a message needs). None when the file cannot be read."""
    if path is None or at is None:
        return None
    try:
        info = os.stat(path)
        return _document_for_lines(str(path), info.st_mtime_ns, info.st_size).line(at)
    except (InputError, OSError):
        return None


@functools.lru_cache(maxsize=4)
def _document_for_lines(path: str, mtime_ns: int, size: int) -> Document:
    """A file read for `line_in`, kept while it is unchanged: a file with many problems is
    read once for all their lines, not once per problem (which grew with the square of its
    size)."""
    return load_yaml(Path(path))


def load_yaml(path: Path) -> Document:
    """Read a YAML file safely; raise InputError (with the line) when it cannot be read."""
    path = as_path(path)
    return parse_yaml(read_input(path, MAX_FILE_BYTES, "YAML file"), path)


def parse_yaml(raw: bytes, path: Path) -> Document:
    """Parse YAML bytes that came from `path` (used for messages only)."""
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Problem(path, None, "", _too_big(len(raw), MAX_FILE_BYTES, path))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(path, bad_line, "", "is not UTF-8 text; save it as UTF-8 and try again")]
        ) from None
    if "\x00" in text:
        raise InputError([Problem(path, None, "", "is not a text file (it contains NUL bytes)")])
    simple = _simple_mapping(text)
    if simple is not None:
        return Document(path, simple, _text=text)
    return _careful(text, path, quick=True)


# The shape our own files take (respondent files, as the importer writes them): block mappings
# indented with spaces, keys of letters, digits, `_` and `-`, and values that are words, whole
# or decimal numbers, simple quoted text or {}. Anything else is left to the YAML parser.
_SIMPLE_ENTRY = re.compile(
    r"( *)([A-Za-z0-9_][A-Za-z0-9_-]{0,127}):"
    r"(?: +(?:([A-Za-z_][A-Za-z0-9_]{0,127})|(0|[1-9][0-9]{0,14})"
    r"|((?:0|[1-9][0-9]{0,14})\.[0-9]{1,15})"
    r"|\"([ !#-\[\]-~]{0,200})\"|'([ -&(-~]{0,200})'|(\{\})))? *"
)
_SIMPLE_SKIP = re.compile(r" *(?:#[ -~]*)?")
# Words the YAML 1.2 resolver reads as something other than text.
_NOT_TEXT = frozenset(("true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"))


def _simple_mapping(text: str) -> dict[str, Any] | None:
    """The values of a file in the simple shape above, exactly as the YAML parser gives them;
    None for anything else (then the parser reads it, and says what is wrong)."""
    # Other line breaks (\r, \x85, \u2028), tabs and characters YAML refuses go to the parser.
    if not text.isascii() or "\t" in text or "\r" in text:
        return None
    root: dict[str, Any] = {}
    stack: list[tuple[int, dict[str, Any]]] = [(0, root)]
    pending: tuple[int, dict[str, Any], str] | None = None  # a key with no value on its line
    entries = 0
    for line in text.split("\n"):
        match = _SIMPLE_ENTRY.fullmatch(line)
        if match is None:
            if _SIMPLE_SKIP.fullmatch(line):
                continue  # blank, or a comment
            return None
        indent, key, word, whole, decimal, quoted, single, empty = match.groups()
        depth = len(indent)
        if pending is not None:
            owner_depth, owner, owner_key = pending
            pending = None
            if depth > owner_depth:
                if len(stack) >= MAX_DEPTH:  # deep nesting: the parser says what it says
                    return None
                child: dict[str, Any] = {}
                owner[owner_key] = child
                stack.append((depth, child))
            else:
                owner[owner_key] = None
        while stack[-1][0] > depth:
            stack.pop()
        mapping_depth, mapping = stack[-1]
        if mapping_depth != depth or key in mapping:
            return None
        entries += 1
        if entries > MAX_VALUES:
            return None
        if word is not None:
            if word in _NOT_TEXT:
                return None
            mapping[key] = word
        elif whole is not None:
            mapping[key] = int(whole)
        elif decimal is not None:
            mapping[key] = float(decimal)
        elif quoted is not None:
            mapping[key] = quoted
        elif single is not None:
            mapping[key] = single
        elif empty is not None:
            mapping[key] = {}
        else:
            mapping[key] = None
            pending = (depth, mapping, key)
    return root if entries else None


def _careful(text: str, path: Path, quick: bool = False) -> Document:
    """Compose `text` into nodes and build its values. `quick`: without recording lines or
    naming paths (most files are valid, and most of the building is that bookkeeping); the
    lines are found when first asked for, by reading the text again carefully, and a file
    with anything unusual is read again carefully at once, so errors read the same."""
    loader = _NodeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = f", column {mark.column + 1}" if mark is not None else ""
        what = exc.problem or exc.context or "invalid YAML"
        msg = f"YAML syntax error{column}: {what}"
        if exc.context and exc.problem:
            msg += f" ({exc.context})"
        if "tab character" in what or _tab_at(text, mark):
            msg += "; indent with spaces, never tabs"
        elif what.startswith("mapping values are not allowed"):
            msg += _COLON_IN_TEXT
        raise InputError([Problem(path, line, "", msg)]) from None
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses
        raise InputError([Problem(path, None, "", too_deep(MAX_DEPTH))]) from None
    except yaml.reader.ReaderError as exc:
        raise InputError([_unreadable_character(text, path, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, None, "", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError([Problem(path, None, "", "file is empty")])
    if quick:
        try:
            return Document(path, _quick(node, loader, [0]), _text=text)
        except _NeedsCare:
            # From the start, with a fresh loader: the quick build may have left it midway.
            return _careful(text, path)
    doc = Document(path=path, data=None)
    problems: list[Problem] = []
    counter = [0]
    try:
        doc.data = _build(node, (), doc, loader, problems, counter)
    except _TooManyValues:
        raise InputError(
            [
                Problem(
                    path,
                    node.start_mark.line + 1,
                    "",
                    f"expands to more than {MAX_VALUES:,} values (are anchors and aliases "
                    "repeating each other?); write the values out instead",
                )
            ]
        ) from None
    except _TooDeep as deep:
        raise InputError([Problem(path, deep.line, "", too_deep(MAX_DEPTH))]) from None
    if problems:
        raise InputError(problems)
    return doc


_STR_TAG = "tag:yaml.org,2002:str"
_VALUE_TAG = "tag:yaml.org,2002:value"
_LONE_EQUALS = 'YAML reads a lone = as a sign of its own, not as text; put it in quotes ("=")'


def _quick(node: Node, loader: SafeConstructor, counter: list[int], depth: int = 0) -> Any:
    """The values `_build` gives for nodes it finds no problem with, built the same way but
    without lines or names; raises _NeedsCare wherever `_build` would record a problem."""
    counter[0] += 1
    if counter[0] > MAX_VALUES or depth > MAX_DEPTH:
        raise _NeedsCare
    tag = node.tag
    if tag == _STR_TAG and isinstance(node, ScalarNode):
        return node.value
    if tag not in _PLAIN_TAGS:
        raise _NeedsCare
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _NeedsCare
            key = str(key_node.value)
            if key in result:
                raise _NeedsCare
            result[key] = _quick(value_node, loader, counter, depth + 1)
        return result
    if isinstance(node, SequenceNode):
        return [_quick(child, loader, counter, depth + 1) for child in node.value]
    if tag in (_INT_TAG, _FLOAT_TAG) and not (_INT_12 if tag == _INT_TAG else _FLOAT_12).match(
        str(node.value)
    ):
        raise _NeedsCare
    try:
        value = loader.construct_object(node, deep=True)
    except _UNCONSTRUCTABLE:
        raise _NeedsCare from None
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and number_problem(value, str(node.value)) is not None
    ):
        raise _NeedsCare
    return value


def _unreadable_character(text: str, path: Path, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML cannot hold (a control character, say), at its line and column."""
    # libyaml counts the position in bytes of the UTF-8 text; the pure-Python reader in
    # characters.
    position = exc.position
    if _CParser is not None:
        position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    before = list(_LINE_BREAK.finditer(text, 0, position))
    start = before[-1].end() if before else 0
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return Problem(
        path,
        len(before) + 1,
        "",
        f"column {position - start + 1}: holds a character YAML cannot read, U+{code:04X} "
        "(a control character); remove it, or write it as an escape in double quotes",
    )


def too_deep(limit: int) -> str:
    """The message for a file nested deeper than `limit` levels."""
    return (
        f"is nested more than {limit} levels deep; no readiness file needs that many, so it is "
        "probably damaged: check it, or make it again"
    )


# The usual cause of "mapping values are not allowed": a comment or answer that holds a colon
# and a space, which YAML reads as starting a key.
_COLON_IN_TEXT = (
    '; text holding a colon followed by a space must be in double quotes: "Mostly fine: '
    'funding is short"'
)


def _tab_at(text: str, mark: Any) -> bool:
    """Whether the line a parser error points at starts with, or has at its column, a tab."""
    if mark is None:
        return False
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return False
    line = lines[mark.line]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indent or line[mark.column : mark.column + 1] == "\t"


# What building a scalar can raise on text its tag does not fit: PyYAML raises AttributeError
# or TypeError, not a YAMLError, for an explicit tag on the wrong text (!!timestamp nope).
_UNCONSTRUCTABLE = (ValueError, OverflowError, AttributeError, TypeError, yaml.YAMLError)


def _build(
    node: Node,
    at: PathKey,
    doc: Document,
    loader: SafeConstructor,
    problems: list[Problem],
    counter: list[int],
    name: str = "",
) -> Any:
    counter[0] += 1
    if counter[0] > MAX_VALUES:
        raise _TooManyValues
    if len(at) > MAX_DEPTH:
        raise _TooDeep(node.start_mark.line + 1)
    doc.lines.setdefault(at, node.start_mark.line + 1)
    if node.tag not in _PLAIN_TAGS:
        # A lone "=" is read as YAML's own sign for a default value, not as text typed.
        message = (
            _LONE_EQUALS
            if node.tag == _VALUE_TAG
            else f"the YAML tag {node.tag!r} is not allowed; write plain values"
        )
        problems.append(Problem(doc.path, node.start_mark.line + 1, name, message))
        return None
    if isinstance(node, MappingNode):
        return _build_mapping(node, at, doc, loader, problems, counter, name)
    if isinstance(node, SequenceNode):
        return [
            _build(
                child,
                (*at, index),
                doc,
                loader,
                problems,
                counter,
                f"{name}[{_element_label(child, index)}]",
            )
            for index, child in enumerate(node.value)
        ]
    if node.tag in (_INT_TAG, _FLOAT_TAG) and not (
        _INT_12 if node.tag == _INT_TAG else _FLOAT_12
    ).match(str(node.value)):
        # An explicit !!int or !!float on a YAML 1.1 form (0x1F, 6:40, 1_000).
        problems.append(
            Problem(
                doc.path,
                node.start_mark.line + 1,
                name,
                f"{_shown(node.value)} is not a plain decimal number; write it as digits "
                "with an optional decimal point, e.g. 1200 or 37.5",
            )
        )
        return None
    try:
        value = loader.construct_object(node, deep=True)
    except _UNCONSTRUCTABLE as exc:
        if node.tag.endswith(":timestamp") and isinstance(exc, ValueError | OverflowError):
            # 2026-13-45 looks like a date to YAML but is not one: kept as the text typed, for
            # the field's own check to refuse (a date) or keep (a comment), so that it hides
            # none of the file's other problems.
            return str(node.value)
        what = "date" if node.tag.endswith(":timestamp") else "value"
        problems.append(
            Problem(
                doc.path,
                node.start_mark.line + 1,
                name,
                f"{_shown(node.value)} is not a valid {what}"
                # The reason only when it is one a person can use ("month must be in 1..12").
                + (f" ({exc})" if isinstance(exc, ValueError | OverflowError) else ""),
            )
        )
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        problem = number_problem(value, str(node.value))
        if problem is not None:
            problems.append(Problem(doc.path, node.start_mark.line + 1, name, problem))
            return None
    return value


def _build_mapping(
    node: MappingNode,
    at: PathKey,
    doc: Document,
    loader: SafeConstructor,
    problems: list[Problem],
    counter: list[int],
    name: str,
) -> dict[str, Any]:
    """A mapping's values by key, each key's line recorded; a duplicate key is a problem."""
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            problems.append(Problem(doc.path, line, name, "keys must be plain text"))
            continue
        # Keys stay the text as typed: an item id `1` or `no` must not become a number or bool.
        key = str(key_node.value)
        if key in result:
            first = doc.lines.get((*at, key))
            problems.append(
                Problem(
                    doc.path,
                    line,
                    f"{name}.{key}" if name else key,
                    f"duplicate key {key!r} (first given on line {first}); keep one",
                )
            )
            continue
        doc.lines[(*at, key)] = line
        child_name = f"{name}.{key}" if name else key
        result[key] = _build(value_node, (*at, key), doc, loader, problems, counter, child_name)
    return result


def _shown(value: object) -> str:
    """A value for a message: quoted, and cut short when long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:40] + "…" + text[-10:]


def _element_label(node: Node, index: int) -> str:
    """How messages name a list element: by its id (or code) when it has one."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value in ("id", "code")
                and isinstance(value_node, ScalarNode)
            ):
                return str(value_node.value)
    return f"#{index + 1}"
