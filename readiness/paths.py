"""A path as the system finds it, with a loop of links told as the user's problem.

Python 3.11's `Path.resolve()` raises RuntimeError for a loop of symbolic links (3.13 raises
OSError): every command meets it through a path the user gave, so it is turned into the
OSError that the commands already report plainly (errors.LOOP_OF_LINKS).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def real_path(path: Path | str) -> Path:
    """`path` with every link followed (`Path.resolve()`); OSError (ELOOP) for a loop."""
    try:
        return Path(path).resolve()
    except RuntimeError as exc:  # "Symlink loop from ..." (Python before 3.13)
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from exc


def is_loop(path: Path | str) -> bool:
    """Whether `path` is (or passes through) a loop of links."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False
