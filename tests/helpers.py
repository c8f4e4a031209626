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


def fill_pdf(form: Path, values: dict[str, str], out: Path) -> Path:
    """`form` with its fields filled as a PDF viewer would store `values`, written to `out`."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with out.open("wb") as handle:
        writer.write(handle)
    return out


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


def small_framework(ident: str, domains: str) -> str:
    """A framework file's text for a test: `ident`, min_role_group 3, min_coverage 0.5, an
    agreement scale (sa 5, a 4, d 2, sd 1) and a yes-or-no one (y 1, n 0), bands Low and
    High (from 60), one action `act`, and `domains` (the `domains:` list's YAML lines)."""
    return f"""\
id: {ident}
title: {ident.title()}
version: "1"
description: A framework for a test.
attribution: Test data.
citations:
  - {{id: src, authors: "Tester, A.", year: 2020, title: A source, url: "https://example.org"}}
scoring:
  min_role_group: 3
  min_coverage: 0.5
scales:
  - id: agree5
    label: Agreement
    options:
      - {{code: sa, label: Strongly agree, value: 5}}
      - {{code: a, label: Agree, value: 4}}
      - {{code: d, label: Disagree, value: 2}}
      - {{code: sd, label: Strongly disagree, value: 1}}
  - id: yn
    label: Yes or no
    options:
      - {{code: "y", label: "Yes", value: 1}}
      - {{code: "n", label: "No", value: 0}}
bands:
  - {{id: low, label: Low, min: 0, colour: red}}
  - {{id: high, label: High, min: 60, colour: green}}
actions:
  - {{id: act, text: Act, owner: practice_manager, timeframe: 0-3 months}}
domains:
{domains}"""


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
