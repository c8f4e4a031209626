"""What an assessment folder's respondent files already hold, as an import needs it: the ids
in use, what earlier imports came from, and the framework versions stated.

An import looks twice (before reading its inputs, for the versions to write; under the
folder's lock, for ids and earlier imports); each file is parsed once, and the second look
parses only files that are new or changed since the first.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from readiness.errors import InputError
from readiness.output import TEMP_PREFIX
from readiness.yamlio import load_yaml


@dataclass(frozen=True)
class _FileSummary:
    """What one respondent file says that an import needs."""

    id: str | None
    sha256: str | None  # of the file an import made it from
    row_key: str | None  # of the export row it came from
    versions: tuple[tuple[str, str], ...]
    role: str | None = None
    content_sha256: str | None = None


@dataclass
class Held:
    """What the respondents folder holds: ids in use, what earlier imports read, versions."""

    ids: set[str] = field(default_factory=set)
    files: dict[str, str] = field(default_factory=dict)  # sha256 of a source -> file name
    rows: dict[str, str] = field(default_factory=dict)  # row key -> file name
    versions: dict[str, set[str]] = field(default_factory=dict)  # framework id -> versions
    roles: dict[str, int] = field(default_factory=dict)  # role -> respondent files
    contents: dict[str, str] = field(default_factory=dict)  # row key -> its content_sha256


class RespondentFolder:
    """A respondents folder, read as often as needed, each file parsed once while unchanged."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen: dict[str, tuple[tuple[int, int, int], _FileSummary | None]] = {}

    def read(self) -> Held:
        """What the folder holds now."""
        held = Held()
        try:
            entries = sorted(
                (e for e in os.scandir(self.folder) if _respondent_file(e.name)),
                key=lambda e: e.name,
            )
        except (FileNotFoundError, NotADirectoryError):
            return held
        for entry in entries:
            stem = entry.name.rsplit(".", 1)[0]
            held.ids.add(stem)
            try:
                stat = entry.stat()
            except OSError:
                continue
            signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            known = self._seen.get(entry.name)
            if known is not None and known[0] == signature:
                summary = known[1]
            else:
                summary = _summary(Path(entry.path))
                self._seen[entry.name] = (signature, summary)
            if summary is None:
                continue
            if summary.id:
                held.ids.add(summary.id)
            if summary.sha256:
                held.files.setdefault(summary.sha256, entry.name)
            if summary.row_key:
                held.rows.setdefault(summary.row_key, entry.name)
                if summary.content_sha256:
                    held.contents.setdefault(summary.row_key, summary.content_sha256)
            for framework_id, version in summary.versions:
                held.versions.setdefault(framework_id, set()).add(version)
            if summary.role:
                held.roles[summary.role] = held.roles.get(summary.role, 0) + 1
        return held


def _respondent_file(name: str) -> bool:
    # A file being written by a run (ours, or one that was killed) is not a respondent yet.
    return fnmatch.fnmatchcase(name, "*.y*ml") and not name.startswith(TEMP_PREFIX)


def _summary(path: Path) -> _FileSummary | None:
    try:
        data = load_yaml(path).data
    except InputError:
        return None  # reported when the assessment itself is loaded
    if not isinstance(data, dict):
        return None
    source = data.get("imported_from")
    source = source if isinstance(source, dict) else {}
    versions = data.get("versions")
    return _FileSummary(
        str(data["id"]) if data.get("id") else None,
        str(source["sha256"]) if source.get("sha256") else None,
        str(source["row_key"]) if source.get("row_key") else None,
        tuple((str(k), str(v)) for k, v in versions.items()) if isinstance(versions, dict) else (),
        str(data["role"]) if isinstance(data.get("role"), str) else None,
        str(source["content_sha256"]) if source.get("content_sha256") else None,
    )
