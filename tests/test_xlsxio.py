"""Workbooks are the same bytes whenever they are written."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from readiness.xlsxio import workbook_bytes


def _workbook() -> Workbook:
    wb = Workbook()
    wb.active.append(["site", "score"])
    wb.active.append(["Oakfield Surgery", 62.5])
    return wb


def test_the_clock_leaves_no_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)  # 2027
    first = workbook_bytes(_workbook())
    monkeypatch.setattr(time, "time", lambda: 1_900_000_000.0)  # 2030
    second = workbook_bytes(_workbook())
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {m.date_time for m in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    properties = archive.read("docProps/core.xml").decode("utf-8")
    for field in ("created", "modified"):
        assert re.search(
            rf"<dcterms:{field}[^>]*>2000-01-01T00:00:00Z</dcterms:{field}>", properties
        )


def test_the_workbook_reads_back_unchanged() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(workbook_bytes(_workbook()))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["site", "score"],
        ["Oakfield Surgery", 62.5],
    ]
