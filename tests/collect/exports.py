"""ODK Central and KoboToolbox exports built the way those tools build them (peers-3 §3.2,
§3.3: central-backend's briefcase.js, formpack and kpi), from an XLSForm's structure: a
column per field in form order, group paths joined by `-` (Central) or `/` (Kobo)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook

# ODK Central's root-table trailer, in its order.
CENTRAL_TRAILER = (
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
)
# KoboToolbox's metadata columns after the form's fields, in kpi's newest order.
KOBO_METADATA = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "_tags",
    "_index",
    "__version__",
)

Field = tuple[tuple[str, ...], str]  # (group path and name, XLSForm type)


def form_fields(xlsform: bytes) -> list[Field]:
    """Every field of an XLSForm in form order (groups opened and closed, not fields)."""
    ws = load_workbook(io.BytesIO(xlsform))["survey"]
    rows = list(ws.iter_rows(values_only=True))
    columns = list(rows[0])
    kind_at, name_at = columns.index("type"), columns.index("name")
    path: list[str] = []
    fields: list[Field] = []
    for row in rows[1:]:
        kind, name = str(row[kind_at]), str(row[name_at])
        if kind == "begin_group":
            path.append(name)
        elif kind == "end_group":
            path.pop()
        else:
            fields.append(((*path, name), kind))
    return fields


def kobo_labels(xlsform: bytes, groups_in_headers: bool = True) -> dict[str, str]:
    """The column titles KoboToolbox's 'Labels' export gives each field, by field path: its
    label (or its name when it has none), after its groups' labels joined with `/`."""
    ws = load_workbook(io.BytesIO(xlsform))["survey"]
    rows = list(ws.iter_rows(values_only=True))
    columns = list(rows[0])
    kind_at, name_at, label_at = (columns.index(c) for c in ("type", "name", "label"))
    path: list[tuple[str, str]] = []
    titles: dict[str, str] = {}
    for row in rows[1:]:
        kind, name = str(row[kind_at]), str(row[name_at])
        label = str(row[label_at] or name)
        if kind == "begin_group":
            path.append((name, label))
        elif kind == "end_group":
            path.pop()
        else:
            shown = [*(g[1] for g in path), label] if groups_in_headers else [label]
            titles["/".join([*(g[0] for g in path), name])] = "/".join(shown)
    return titles


def path_of(field: Field) -> str:
    """A field's key in a submission: its path joined with `/`."""
    return "/".join(field[0])


def central_rows(
    fields: Sequence[Field],
    submissions: Sequence[dict[str, Any]],
    group_paths: bool = True,
) -> list[list[Any]]:
    """ODK Central's CSV rows: SubmissionDate, the fields (notes and calculations too),
    meta-instanceID, then the trailer. A submission maps field paths and trailer names to
    values; anything missing is an empty cell."""
    names = [
        "-".join(path) if group_paths else path[-1]
        for path, _ in (*fields, (("meta", "instanceID"), ""))
    ]
    header = ["SubmissionDate", *names, *CENTRAL_TRAILER]
    keys = ["SubmissionDate", *(path_of(f) for f in fields), "meta/instanceID", *CENTRAL_TRAILER]
    out: list[list[Any]] = [header]
    for n, submission in enumerate(submissions, 1):
        values = {
            "SubmissionDate": f"2026-11-{n % 28 + 1:02d}T10:15:0{n % 10}.123Z",
            "meta/instanceID": f"uuid:0000-{n:08d}",
            "KEY": f"uuid:0000-{n:08d}",
            "SubmitterID": "5",
            "SubmitterName": "Practice tablet",
            "AttachmentsPresent": "0",
            "AttachmentsExpected": "0",
            "DeviceID": f"collect:{n:016d}",
            "Edits": "0",
            "FormVersion": "1",
            **submission,
        }
        out.append(["" if values.get(k) is None else values[k] for k in keys])
    return out


def kobo_rows(
    fields: Sequence[Field],
    submissions: Sequence[dict[str, Any]],
    groups_in_headers: bool = True,
) -> list[list[Any]]:
    """KoboToolbox's rows (XML values and headers): the fields (not notes), then its
    metadata. A submission maps field paths and metadata names to values."""
    kept = [f for f in fields if f[1] != "note"]
    header = [("/".join(path) if groups_in_headers else path[-1]) for path, _ in kept]
    header += KOBO_METADATA
    keys = [*(path_of(f) for f in kept), *KOBO_METADATA]
    out: list[list[Any]] = [header]
    for n, submission in enumerate(submissions, 1):
        values = {
            "_id": str(1000 + n),
            "_uuid": f"7f3c-{n:08d}",
            "_submission_time": f"2026-11-{n % 28 + 1:02d}T10:15:0{n % 10}",
            "_notes": "",
            "_status": "submitted_via_web",
            "_submitted_by": "consultant",
            "_tags": "",
            "_index": str(n),
            "__version__": "vGx9aYx3kQ",
            **submission,
        }
        out.append(["" if values.get(k) is None else values[k] for k in keys])
    return out


def csv_bytes(rows: list[list[Any]], delimiter: str = ",") -> bytes:
    """Rows as CSV: Central writes commas; Kobo semicolons, every cell quoted."""
    buffer = io.StringIO()
    if delimiter == ";":
        writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    else:
        writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """Rows as Kobo's XLSX export: one sheet, text as text (never a formula), numbers as
    numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = "readiness_gp"
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows():
        for cell in line:
            if cell.data_type == "f":
                cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
