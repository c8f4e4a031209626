"""The error hierarchy: what went wrong, where, in words a user can act on."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from readiness.textmatch import BIDI_CONTROLS


class Severity(StrEnum):
    """Whether a problem stops a run."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an input file."""

    file: Path | None
    line: int | None
    path: str
    message: str
    severity: Severity = Severity.ERROR
    # The value's place in the document that was checked, key by key (list entries by their
    # index): lets a problem found in data read from a form be told at the form's own cell.
    key: tuple[str | int, ...] | None = None

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == Severity.WARNING else ""
        if self.file is None and self.path.startswith("--"):  # an option, not a file's key
            return _escaped(f"{self.path}: {prefix}{self.message}")
        where = str(self.file) if self.file is not None else "<input>"
        if self.line is not None:
            where += f":{self.line}"
        location = f" {shortened(self.path)}:" if self.path else ""
        return _escaped(f"{where}:{location} {prefix}{self.message}")


# What a loop of links is told as, after the path it is.
LOOP_OF_LINKS = "is a loop of links (a link that leads back to itself); correct the link"

_REASONS = {
    errno.EACCES: "permission denied (is the folder read-only, or someone else's?)",
    errno.EPERM: "permission denied (is the folder read-only, or someone else's?)",
    errno.EROFS: "the folder is on a read-only file system",
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "the disk quota is used up; free some space and try again",
    errno.ENAMETOOLONG: "the file name is too long; choose a shorter one",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: f"it {LOOP_OF_LINKS}",
}


def describe_os_error(exc: OSError) -> str:
    """Why an operating-system call failed (a file or folder the user gave or named), in
    words a user can act on."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or exc.__class__.__name__


def _escaped(text: str) -> str:
    """A message with each direction control (a right-to-left override someone typed) written
    as its escape, \\u202e: raw, it would reorder the rest of the line on a terminal, so
    that the message said something else than it does."""
    return BIDI_CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


# A key is named to find the place; the line gives it exactly, so a key made of something
# very long that someone typed (an id of thousands of characters) is shortened.
MAX_KEY_SHOWN = 120


def shortened(key: str) -> str:
    """A key as shown in a message: its middle left out when it is long (a list entry named
    by a long title)."""
    if len(key) <= MAX_KEY_SHOWN:
        return key
    keep = MAX_KEY_SHOWN // 2
    return f"{key[:keep]}…{key[-keep:]}"


UNEXPLAINED_REFUSAL = (
    "an input was refused without a reason given; this is a fault in readiness: please "
    "report it, with the command and the files it read"
)


class ReadinessError(Exception):
    """Raised when readiness cannot go on because of its input or environment (not a bug)."""


class InputError(ReadinessError):
    """Raised when an input file has problems; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        if not errors_only(problems):
            # A caller that collects problems file by file would otherwise pass over the file
            # in silence: a refusal always says it is one.
            problems = [*problems, Problem(None, None, "", UNEXPLAINED_REFUSAL)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in errors_only(problems) or problems))


class RenderError(ReadinessError):
    """Raised when a report or questionnaire cannot be rendered."""


class OutputError(ReadinessError):
    """Raised when an output file cannot be written (a read-only folder, a full disk...)."""


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a run (warnings excluded)."""
    return [p for p in problems if p.severity == Severity.ERROR]
