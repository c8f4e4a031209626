"""Where readiness keeps what it can always work out again: READINESS_CACHE_DIR when set, else
the user's cache folder ($XDG_CACHE_HOME or ~/.cache) under readiness/VERSION.

A cache is only ever a shortcut: one that cannot be made, read or written is not used, and
deleting it is always safe.
"""

from __future__ import annotations

import os
from pathlib import Path

from readiness.version import __version__


def cache_folder(kind: str) -> Path | None:
    """The folder for one kind of cache (made, private to the user), or None when it cannot be
    made."""
    given = os.environ.get("READINESS_CACHE_DIR")
    if given:
        root = Path(given)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = Path(base) / "readiness"
    folder = root / __version__ / kind
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder
