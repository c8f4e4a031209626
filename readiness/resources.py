"""Where the bundled frameworks and templates are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

from readiness.paths import real_path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_bundled" / name  # inside a built wheel (see pyproject.toml)
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name  # a source checkout or an editable install


def frameworks_dir() -> Path:
    """The folder of bundled framework YAML files."""
    return _data_dir("frameworks")


def is_bundled_framework(path: Path) -> bool:
    """Whether a file is one of the frameworks (or the action library) readiness comes with."""
    return real_path(Path(path)).parent == real_path(frameworks_dir())


def templates_dir() -> Path:
    """The folder of bundled report templates and their assets."""
    return _data_dir("templates")
