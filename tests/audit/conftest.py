"""What the audit tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..helpers import RIVERSIDE


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The bundled follow-up without its review: a site before the visit."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    (folder / "review.yaml").unlink()
    return folder
