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
import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.batch.inputs import add_files, add_review_evidence, framework_files, site_files
from readiness.caches import cache_folder
from readiness.errors import InputError
from readiness.framework.catalogue import Catalogue
from readiness.jsonio import parse_own_json
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
        name = hashlib.sha256(os.fsencode(site.resolve())).hexdigest()
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
            kept = _decoded(record["summary"])
        except (TypeError, KeyError, ValueError):
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
    add_files(framework_files(catalogue), shared)
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


def _decoded(values: list[Any]) -> SiteSummary:
    """The summary from its kept values; TypeError or ValueError when they do not fit."""
    site = [_tuples(v) for v in _fields(values, _LAYOUT[0])]
    frameworks = []
    for framework_values in _fields(values[_FRAMEWORKS], None):
        framework = [_tuples(v) for v in _fields(framework_values, _LAYOUT[1])]
        domains = _fields(framework_values[_DOMAINS], None)
        framework[_DOMAINS] = tuple(
            DomainSummary(*(_tuples(v) for v in _fields(d, _LAYOUT[2]))) for d in domains
        )
        frameworks.append(FrameworkSummary(*framework))
    site[_FRAMEWORKS] = tuple(frameworks)
    return SiteSummary(*site)


def _fields(values: Any, names: list[str] | None) -> list[Any]:
    if not isinstance(values, list) or (names is not None and len(values) != len(names)):
        raise ValueError("not the layout this code writes")
    return values


def _tuples(value: Any) -> Any:
    """JSON's lists back as the summary's tuples, all the way down."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value
