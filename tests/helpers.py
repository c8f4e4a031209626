"""What many tests share: the repository's paths, the CLI runner's type, PDF text, tool checks."""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pypdf
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
OAKFIELD = REPO / "examples" / "oakfield-practice.yaml"
RIVERSIDE = REPO / "examples" / "riverside-pcn"  # the 2026 follow-up, on 2.0.0
RIVERSIDE_BASELINE = REPO / "examples" / "riverside-pcn-baseline"  # 2025, answered on 1.0.0
IN_CI = os.environ.get("CI") == "true"


@dataclass
class CliResult:
    """What a `readiness` run printed, and its exit code."""

    exit_code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


class RunCli(Protocol):
    """The `run_cli` fixture: run `readiness ARGS...` in-process through the real entry point."""

    def __call__(self, *args: str | Path) -> CliResult: ...


def needs(tool: str) -> pytest.MarkDecorator:
    """Skip without the tool on a developer's machine; in CI its absence is a failure."""
    present = shutil.which(tool) is not None
    if IN_CI and not present:
        pytest.fail(f"{tool} is not installed; scripts/setup.sh --test installs it")
    return pytest.mark.skipif(not present, reason=f"{tool} is not installed")


def pdf_text(path: Path) -> list[str]:
    """The text of each page, as a reader's copy-and-paste would get it."""
    return list(_pdf_text(path, path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=16)
def _pdf_text(path: Path, _modified: int) -> tuple[str, ...]:
    # Extracting text is slow; tests read the same report again and again.
    return tuple(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def pdf_catalog(reader: pypdf.PdfReader) -> Any:
    """The PDF's document catalog (untyped in pypdf: indexing it yields further objects)."""
    return reader.trailer["/Root"]


def writer_field(writer: pypdf.PdfWriter, name: str) -> Any:
    """The form field called `name` in a PDF being written (untyped in pypdf)."""
    form: Any = writer._root_object["/AcroForm"]
    return next(f.get_object() for f in form["/Fields"] if f.get_object().get("/T") == name)


def pdf_info(reader: pypdf.PdfReader) -> Any:
    """The PDF's document information dictionary."""
    info = reader.metadata
    assert info is not None, "the PDF has no document information"
    return info


def assert_golden(name: str, text: str) -> None:
    """`text` must equal tests/data/golden/NAME exactly. After checking a deliberate change,
    regenerate the file with READINESS_UPDATE_GOLDEN=1."""
    golden = DATA / "golden" / name
    if os.environ.get("READINESS_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{name} changed"


def one_respondent(folder: Path) -> Path:
    """Oakfield as answered by its practice manager alone, and not named as a self-assessment:
    an assessment of one person, written to FOLDER."""
    data = yaml.safe_load(OAKFIELD.read_text(encoding="utf-8"))
    del data["site"]["self_assessment"]
    data["respondents"] = [r for r in data["respondents"] if r["id"] == "pm1"]
    path = folder / "one-respondent.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def flat(text: str) -> str:
    """Text as a reader takes it in, whatever the line breaks."""
    return " ".join(text.split())
