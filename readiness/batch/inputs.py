"""The files a site's scores are made from, and a digest of them: what tells a batch run that a
report or a kept score is still up to date.

Everything the loader reads counts: site.yaml, the reviewer's review.yaml and every file in
respondents/ (a folder), or the one file; the evidence files whose SHA-256 the review gives;
and every framework file of every version, with the action libraries, since a site may pin an
older version.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from readiness.assessment.format import REVIEW_FILE_NAME
from readiness.assessment.review import MAX_EVIDENCE_FILE
from readiness.errors import InputError
from readiness.framework.catalogue import Catalogue
from readiness.paths import real_path
from readiness.yamlio import MAX_FILE_BYTES, load_yaml, open_input


def site_files(assessment: Path) -> list[Path]:
    """The files of one assessment its scores and loading warnings are made from (a folder's,
    whether or not they exist yet, or the one file): every entry of `respondents/`, a folder
    in it too, since loading warns that its files were not read."""
    if not assessment.is_dir():
        return [assessment]
    files = [assessment / "site.yaml", assessment / REVIEW_FILE_NAME]
    respondents = assessment / "respondents"
    if respondents.is_dir():
        files += sorted(respondents.iterdir())
    return files


def folder_files(assessment: Path) -> list[Path]:
    """Every file of an assessment folder but hidden ones, in a stable order: what the loader
    reads, and the evidence a review checks kept beside it (the one file of a one-file
    assessment). Links to folders are not followed (a link to a shared drive would be read
    whole), except `respondents/` itself, which the loader reads through a link."""
    if not assessment.is_dir():
        return [assessment]
    found = []
    for folder, subfolders, files in os.walk(assessment):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found += [Path(folder) / name for name in sorted(files) if not name.startswith(".")]
    respondents = assessment / "respondents"
    if respondents.is_symlink() and respondents.is_dir():
        found += sorted(
            p for p in respondents.iterdir() if not p.name.startswith(".") and not p.is_dir()
        )
    return found


def review_evidence(assessment: Path) -> list[Path]:
    """The local evidence files whose SHA-256 an assessment's review gives, wherever they are
    (loading checks each, so a changed one changes what the scores are made from): from a
    folder's review.yaml, or a one-file assessment's `review:` section, each path taken from
    the review's folder. None when there is no review or it cannot be read (loading says why,
    and the review's own bytes are already in the fingerprint)."""
    source = assessment / REVIEW_FILE_NAME if assessment.is_dir() else assessment
    if not source.is_file():
        return []
    try:
        data = load_yaml(source).data
    except InputError:
        return []
    if not assessment.is_dir():
        data = data.get("review") if isinstance(data, dict) else None
    found: set[Path] = set()
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            file, digest = value.get("file"), value.get("sha256")
            if isinstance(file, str) and file and isinstance(digest, str) and digest:
                found.add(source.parent / file)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return sorted(found, key=str)


def add_review_evidence(
    assessment: Path, into: hashlib._Hash, already: Iterable[Path] = ()
) -> None:
    """Add to a digest the evidence files an assessment's review hashes (`review_evidence`),
    each under its full path and read as far as loading checks it; those `already` added (a
    folder's own files) are skipped."""
    added = set(already)
    into.update(b"\0evidence\0")
    for evidence in review_evidence(assessment):
        if evidence not in added:
            try:
                named = real_path(evidence)
            except OSError:  # a loop of links: the loader warns of it; counted as named
                named = evidence
            into.update(os.fsencode(named) + b"\0")
            add_files([evidence], into, MAX_EVIDENCE_FILE)


def framework_files(catalogue: Catalogue) -> list[Path]:
    """Every framework file of every version in the catalogue, and the action libraries."""
    frameworks = {f.path for versions in catalogue.versions.values() for f in versions.values()}
    libraries = set(catalogue.library.sources.values())
    # By name first: a user's copy of a bundled file, byte for byte, changes no score.
    return sorted(frameworks | libraries, key=lambda p: (p.name, str(p)))


def add_frameworks(catalogue: Catalogue, into: hashlib._Hash) -> None:
    """Add to a digest every framework file and action library (`framework_files`, by name),
    and which frameworks are adapted locally: a user's copy of a bundled file scores the
    same, byte for byte, but outputs name its version "adapted locally"."""
    add_files(framework_files(catalogue), into)
    adapted = sorted(
        f"{f.id}@{f.version}"
        for versions in catalogue.versions.values()
        for f in versions.values()
        if f.adapted
    )
    into.update(b"\0adapted\0" + "\n".join(adapted).encode("utf-8") + b"\0")


def add_files(
    files: Iterable[Path],
    into: hashlib._Hash,
    limit: int = MAX_FILE_BYTES,
    within: Path | None = None,
) -> None:
    """Add each file's name (its path `within` a folder) and bytes to a digest. A missing or
    unreadable file counts as such, so that it appearing later changes the digest; a file
    larger than `limit` (larger than the loader reads) is not read, only its size and time."""
    for path in files:
        name = str(path.relative_to(within)) if within is not None else path.name
        into.update(os.fsencode(name) + b"\0")
        try:
            with open_input(path) as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    into.update(b"<not a file>")  # a folder or a pipe: the loader refuses it
                elif info.st_size > limit:
                    into.update(f"<too big {info.st_size} {info.st_mtime_ns}>".encode())
                else:
                    # What the file holds and a byte more, then on up to the limit if it grew
                    # meanwhile (a buffer of the whole limit would be allocated per file).
                    left = limit + 1
                    size = info.st_size + 1
                    while left > 0 and (block := handle.read(min(left, size))):
                        into.update(block)
                        left -= len(block)
                        size = 1 << 20
        except OSError:
            into.update(b"<missing>")
        into.update(b"\0")
