"""Each site's published scores kept between `compare` runs, so that a portfolio compared again
scores only the sites whose files changed.

One entry per site (by its folder's or file's full path), holding the site's brief summary
and the fingerprint of everything it was made from: readiness's own code, the run's options,
every framework file, the site's own files and the evidence files its review checks, byte for
byte. An entry is used only when all of it matches, so a kept score is always the score the
site's files give today. An
entry holds what the portfolio itself publishes (scores the privacy rule lets the site show,
counts, the actions raised), never an answer or a comment. The cache is a shortcut: an entry
that is missing, damaged or from another version is worked out again, and a folder that
cannot be written is simply not used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import math
import os
import re
import tempfile
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.batch.inputs import add_files, add_frameworks, add_review_evidence, site_files
from readiness.caches import cache_folder
from readiness.errors import InputError
from readiness.framework.catalogue import Catalogue
from readiness.jsonio import parse_own_json
from readiness.paths import real_path
from readiness.report.portfolio.summary import DomainSummary, FrameworkSummary, SiteSummary
from readiness.version import __version__
from readiness.yamlio import read_input

ENTRY_FORMAT = "readiness-site-scores/2"
# A site's summary is a few kilobytes to a few tens; anything far larger is not ours.
MAX_ENTRY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ScoreCache:
    """The kept scores in `folder`; `shared` is the digest of what every site's scores share
    (the code, the options, the frameworks)."""

    folder: Path
    shared: str

    def fingerprint(self, site: Path) -> str:
        """The digest of everything this site's summary is made from."""
        digest = hashlib.sha256(self.shared.encode("ascii"))
        digest.update(os.fsencode(site) + b"\0")  # the summary names the site as given
        add_files(site_files(site), digest)
        add_review_evidence(site, digest)
        return digest.hexdigest()

    def entry(self, site: Path) -> Path:
        """The file that keeps this site's summary (one per site, replaced when it changes)."""
        name = hashlib.sha256(os.fsencode(real_path(site))).hexdigest()
        return self.folder / f"{name}.json"

    def get(self, site: Path, fingerprint: str) -> SiteSummary | None:
        """The kept summary of this site, if it was made from exactly these files (its own,
        and the evidence files its review checks, as they are now: `fingerprint`)."""
        entry = self.entry(site)
        try:
            record = parse_own_json(read_input(entry, MAX_ENTRY_BYTES))
        except InputError:
            return None
        if not (
            isinstance(record, dict)
            and record.get("format") == ENTRY_FORMAT
            and record.get("fingerprint") == fingerprint
        ):
            return None
        try:
            kept = _decoded(record.get("summary"))
        except ValueError:
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # used now: see UNUSED_AFTER_SECONDS
        return kept

    def put(self, site: Path, fingerprint: str, summary: SiteSummary) -> None:
        """Keep this site's summary, made from the files `fingerprint` was taken of (replacing
        what was kept for it); nothing when the folder cannot be written."""
        record = {"format": ENTRY_FORMAT, "fingerprint": fingerprint, "summary": _encoded(summary)}
        data = json.dumps(record, allow_nan=False, separators=(",", ":")).encode("utf-8")
        target = self.entry(site)
        temp = None
        try:
            handle, temp = tempfile.mkstemp(
                dir=self.folder, prefix=_TEMPORARY_PREFIX, suffix=_TEMPORARY_SUFFIX
            )
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, target)
            temp = None
        except (OSError, ValueError):
            pass
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def open_score_cache(
    catalogue: Catalogue, frameworks: tuple[str, ...], aggregate: str | None
) -> ScoreCache | None:
    """The score cache for a run with these frameworks and options, or None when no cache
    folder can be made."""
    folder = cache_folder("scores")
    if folder is None:
        return None
    _tidy(folder)
    shared = hashlib.sha256(
        json.dumps([ENTRY_FORMAT, _LAYOUT, __version__, list(frameworks), aggregate]).encode()
    )
    add_frameworks(catalogue, shared)
    # The code too, so that a change to it (unreleased, under the same version) is never
    # read through an entry it did not make.
    code = Path(__file__).resolve().parent.parent
    add_files(sorted(code.rglob("*.py")), shared, within=code)
    return ScoreCache(folder, shared.hexdigest())


# A temporary entry older than this was left by a worker that was stopped while writing it
# (a run writes each entry in milliseconds).
ABANDONED_AFTER_SECONDS = 24 * 3600
# An entry no run has read or written for this long is removed, so that sites compared once
# (a copy in a temporary folder, a site since moved) do not stay for ever. A site compared
# again after that is simply scored again.
UNUSED_AFTER_SECONDS = 180 * 24 * 3600
_TEMPORARY_PREFIX = "."
_TEMPORARY_SUFFIX = ".tmp"
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.json")


def _tidy(folder: Path) -> None:
    """Delete temporary entries a stopped run left behind, and entries unused for
    UNUSED_AFTER_SECONDS; nothing if the folder cannot be listed or a file cannot be deleted
    (they are harmless: a stale entry is never used, a temporary one never read)."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for entry in found:
            name = entry.name
            if name.startswith(_TEMPORARY_PREFIX) and name.endswith(_TEMPORARY_SUFFIX):
                oldest = now - ABANDONED_AFTER_SECONDS
            elif _ENTRY_NAME.fullmatch(name):
                oldest = now - UNUSED_AFTER_SECONDS
            else:
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)


# A summary is kept as lists of field values in the dataclasses' order (a third the size of
# keyed records, and quicker both ways). The field names are part of every fingerprint, so an
# entry written by code with other fields is never read by this code.
_LAYOUT = [
    [f.name for f in dataclasses.fields(kind)]
    for kind in (SiteSummary, FrameworkSummary, DomainSummary)
]
_FRAMEWORKS = _LAYOUT[0].index("frameworks")
_DOMAINS = _LAYOUT[1].index("domains")


def _encoded(summary: SiteSummary) -> list[Any]:
    site = [getattr(summary, name) for name in _LAYOUT[0]]
    frameworks = []
    for framework in summary.frameworks:
        values = [getattr(framework, name) for name in _LAYOUT[1]]
        values[_DOMAINS] = [[getattr(d, name) for name in _LAYOUT[2]] for d in framework.domains]
        frameworks.append(values)
    site[_FRAMEWORKS] = frameworks
    return site


def _decoded(values: Any) -> SiteSummary:
    """The summary from its kept values, each checked against its field's type (so that an
    entry damaged into other JSON is worked out again, never used); ValueError when they do
    not fit."""
    summary: SiteSummary = _reader(SiteSummary)(values)
    return summary


Reader = Callable[[Any], Any]


@functools.cache
def _reader(kind: Any) -> Reader:
    """What reads a value of the summary's type `kind` from JSON: one of its dataclasses (a
    list of field values), a tuple (a list), text, a whole number, a finite number, true or
    false, None, or a union of them; ValueError for anything else. It goes only as deep as
    the type, so a damaged entry however deeply nested is refused at once."""
    origin = typing.get_origin(kind)
    if origin is types.UnionType:
        return _either([_reader(option) for option in typing.get_args(kind)])
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = [_reader(hints[f.name]) for f in dataclasses.fields(kind)]
        return _record(kind, fields)
    if origin is tuple:
        parts = typing.get_args(kind)
        if len(parts) == 2 and parts[1] is Ellipsis:
            return _sequence(_reader(parts[0]))
        return _fixed([_reader(part) for part in parts])
    return _SCALARS[kind]


def _either(options: list[Reader]) -> Reader:
    def read(value: Any) -> Any:
        for option in options:
            with contextlib.suppress(ValueError):
                return option(value)
        raise ValueError("none of the types fits")

    return read


def _record(kind: Any, fields: list[Reader]) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not list or len(value) != len(fields):
            raise ValueError("not the layout this code writes")
        return kind(*[field(v) for field, v in zip(fields, value, strict=True)])

    return read


def _sequence(element: Reader) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not list:
            raise ValueError("not a list")
        return tuple([element(v) for v in value])

    return read


def _fixed(parts: list[Reader]) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not list or len(value) != len(parts):
            raise ValueError("not a list of this length")
        return tuple([part(v) for part, v in zip(parts, value, strict=True)])

    return read


def _scalar(*kinds: type, finite: bool = False) -> Reader:
    def read(value: Any) -> Any:
        # bool is an int to Python, not to JSON: `type` tells them apart.
        if type(value) not in kinds or (finite and not math.isfinite(value)):
            raise ValueError(f"not a {kinds[0].__name__}")
        return value

    return read


_SCALARS: dict[Any, Reader] = {
    str: _scalar(str),
    int: _scalar(int),
    float: _scalar(float, int, finite=True),
    bool: _scalar(bool),
    type(None): _scalar(type(None)),
}
