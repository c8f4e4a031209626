"""An openpyxl workbook as bytes: the same bytes every time for the same content.

openpyxl stamps the clock into the document's "modified" date and into every member of the
ZIP archive an .xlsx file is, so two runs a second apart differ. Both are fixed here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from openpyxl.writer.excel import ExcelWriter

from readiness.version import __version__

FIXED_TIME = dt.datetime(2000, 1, 1)


def workbook_bytes(workbook: Any) -> bytes:
    """`workbook` (an openpyxl Workbook) saved, with fixed dates and our name as creator."""
    workbook.properties.creator = f"readiness {__version__}"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # Workbook.save would stamp the clock into `modified`; its writer, used directly, does not.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_member_times(buffer.getvalue())


def _fixed_member_times(archive: bytes) -> bytes:
    """The ZIP archive with every member's modification time set to FIXED_TIME (members,
    their order, contents and compression unchanged)."""
    stamp = FIXED_TIME.timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for member in source.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=stamp)
            fixed.compress_type = member.compress_type
            fixed.external_attr = member.external_attr
            fixed.create_system = member.create_system
            target.writestr(fixed, source.read(member))
    return out.getvalue()


def text_only(workbook: Any) -> None:
    """Make every cell openpyxl took for a formula a text cell again: openpyxl turns any text
    starting with '=' into a formula, so a site named '=HYPERLINK(...)' would run in the
    reader's spreadsheet program. For workbooks that hold no formulas at all."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
