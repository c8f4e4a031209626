"""The one place JSON is read: bounded in size and nesting depth before it is parsed.

Python's json module parses recursively, so a file of 100,000 `[` ends in RecursionError, a
crash rather than a message. The nesting is measured first, by a scan that steps over strings,
and parsing starts only when it is within MAX_DEPTH (the same bound as YAML's); every failure
is an InputError naming the file, line and column.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from readiness.errors import InputError, Problem
from readiness.yamlio import MAX_DEPTH, read_input, too_deep

# What the depth scan stops at: quotes and backslashes (strings) and brackets (levels).
_MARKS = re.compile(rb'["\\\[\]{}]')


def load_json(path: Path, limit: int) -> Any:
    """The JSON value in the file at `path` of at most `limit` bytes; InputError otherwise."""
    return parse_json(read_input(Path(path), limit, "JSON file"), Path(path))


def parse_json(raw: bytes, path: Path) -> Any:
    """The JSON value in `raw` (which came from `path`, named in messages)."""
    _check_depth(raw, path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(path, line, "", "is not UTF-8 text; save it as UTF-8 and try again")]
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"JSON syntax error, column {exc.colno}: {exc.msg}"
        raise InputError([Problem(path, exc.lineno, "", msg)]) from None
    except ValueError:
        # Python refuses to read a whole number of more digits than sys.get_int_max_str_digits.
        digits = sys.get_int_max_str_digits()
        msg = f"holds a number of more than {digits:,} digits, which is not JSON readiness reads"
        raise InputError([Problem(path, None, "", msg)]) from None


def parse_own_json(raw: bytes) -> Any | None:
    """The JSON value in a file readiness wrote for itself (a cache entry, size-checked by the
    caller), or None when it cannot be parsed: a reason to work it out again, not an error.
    Depth is not scanned first (the scan costs as much as the parse): a nesting too deep for
    the parser, never one of ours, is caught instead."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _check_depth(raw: bytes, path: Path) -> None:
    """Raise InputError, at the line where it happens, when `raw` nests deeper than
    MAX_DEPTH. Brackets inside strings do not count; unbalanced ones are json's to report.
    One pass, linear in the size (no backtracking on an unterminated string)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return  # cannot nest deeper: most files stop here
    depth = 0
    in_string = False
    skip = -1  # the position of a character escaped by a backslash
    for match in _MARKS.finditer(raw):
        at = match.start()
        if at == skip:
            continue
        mark = raw[at]
        if in_string:
            if mark == 0x5C:  # backslash
                skip = at + 1
            elif mark == 0x22:  # quote
                in_string = False
        elif mark == 0x22:
            in_string = True
        elif mark in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_DEPTH:
                line = raw.count(b"\n", 0, at) + 1
                raise InputError([Problem(path, line, "", too_deep(MAX_DEPTH))])
        elif mark in (0x5D, 0x7D):  # ] }
            depth = max(depth - 1, 0)
