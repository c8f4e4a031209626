"""Writing output files atomically: never a half-written file, never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from readiness.errors import ReadinessError


def check_output_path(target: Path, inputs: Iterable[Path]) -> None:
    """Refuse to write over an input file (or into a missing folder)."""
    resolved = target.resolve()
    for source in inputs:
        source = Path(source).resolve()
        if resolved == source or (source.is_dir() and source in resolved.parents):
            raise ReadinessError(f"refusing to write {target}: it is (or is inside) an input")
    if not resolved.parent.is_dir():
        raise ReadinessError(f"cannot write {target}: folder {target.parent} does not exist")
    if resolved.is_dir():
        raise ReadinessError(f"cannot write {target}: it is a folder")


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` via a temporary file in the same folder and a rename."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
