"""Spreadsheets as rows of cells, read exactly or refused: CSV text, Excel workbooks (.xlsx)
and OpenDocument spreadsheets (.ods), whatever program saved them.

- CSV: the delimiter (comma, semicolon or tab) is taken from the header line; quoting is always
  RFC 4180's (a quote inside a quoted cell is doubled). UTF-8 (with or without a byte order
  mark) and UTF-16 with a byte order mark (Excel's "Unicode Text") are read; a file that is not
  UTF-8 is read as Windows-1252 only when all of it is, and a file mixing encodings is refused
  naming the first row that does not fit, so text never turns into mojibake.
- Workbooks are zip files: the number of members and the size each member and all of them
  declare are checked before anything is decompressed (zipfile never inflates a member past its
  declared size), and reading stops at a fixed number of cells, so a hostile file is refused in
  seconds and bounded memory. A formula cell is refused, naming the cell: what was typed there
  is the formula, and its saved result may drop part of it (a link's address).
- A percentage cell (25% typed into Excel, stored as 0.25) reads as the text "25%", so it is
  accepted only where the question asks for a percentage.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import posixpath
import re
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from readiness.errors import InputError, Problem

MAX_ZIP_MEMBERS = 1_000
MAX_MEMBER_BYTES = 32 * 1024 * 1024  # one decompressed part (a sheet's XML)
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # all parts together
MAX_CELLS = 1_000_000  # cells read from a workbook, counting the blanks between them
MAX_COLUMNS = 16_384  # Excel's own limit (column XFD)
MAX_ROWS = 1_048_576  # Excel's own limit

Cell = Any  # str, int, float, bool, datetime, date, time, or None for a blank


@dataclass
class Sheet:
    """One sheet of a workbook (a CSV file is one sheet), as rows of cell values."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    # The cells holding a note (an Excel comment, an OpenDocument annotation), as A1: not a
    # cell's value, so a reader for which every typed word counts refuses them.
    notes: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _refuse(path: Path, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(path, line, "", message)])


# -- CSV ------------------------------------------------------------------------------------

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
SAVE_AS_UTF8 = "open it in your spreadsheet program and save it again as 'CSV UTF-8'"


def decode_csv(path: Path, raw: bytes) -> str:
    """The text of a CSV file, decoded exactly, or an InputError saying why it cannot be."""
    if raw.startswith(codecs.BOM_UTF8):
        return _decode(path, raw[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(path, raw, "utf-16", "UTF-16")
    if b"\x00" in raw[:4096]:
        raise _refuse(
            path,
            "contains NUL bytes: it is not CSV text (or it is UTF-16 without a byte order "
            f"mark); {SAVE_AS_UTF8}",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(raw):
            row = _row_of(raw, exc.start, "utf-8")
            raise _refuse(
                path,
                f"row {row} is not UTF-8 text, but other rows are: the file mixes encodings "
                f"and cannot be read without changing some text; {SAVE_AS_UTF8}",
            ) from None
    try:
        return raw.decode("cp1252")  # Excel's plain 'CSV' on Windows
    except UnicodeDecodeError as exc:
        row = _row_of(raw, exc.start, "cp1252")
        raise _refuse(
            path,
            f"row {row} has bytes that are neither UTF-8 nor Windows-1252 text; {SAVE_AS_UTF8}",
        ) from None


def _decode(path: Path, raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        row = _row_of(raw, exc.start, codec)
        raise _refuse(
            path, f"says it is {name} text, but row {row} is not; {SAVE_AS_UTF8}"
        ) from None


def _row_of(raw: bytes, offset: int, codec: str) -> int:
    """The CSV row (1-based, the header being row 1) holding the byte at `offset`."""
    prefix = raw[:offset].decode(codec, errors="replace")
    delimiter = detect_delimiter(prefix)
    try:
        return sum(
            1 for _ in csv.reader(io.StringIO(prefix + "x", newline=""), delimiter=delimiter)
        )
    except csv.Error:
        return prefix.count("\n") + 1


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line (outside quotes) uses most."""
    counts = {"\t": 0, ";": 0, ",": 0}
    quoted = False
    for char in text[: 1024 * 1024]:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char in "\r\n":
                break
            if char in counts:
                counts[char] += 1
    best = max(counts.values())
    if best == 0:
        return ","
    return next(d for d in ("\t", ";", ",") if counts[d] == best)


def read_csv(path: Path, raw: bytes) -> Sheet:
    """A CSV file as one sheet of text cells."""
    text = decode_csv(path, raw)
    delimiter = detect_delimiter(text)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        strict=True,
    )
    rows: list[list[Cell]] = []
    short: list[Problem] = []
    try:
        starts = reader.line_num + 1
        for row in reader:
            rows.append(list(row))
            if len(rows) > 1 and len(row) < len(rows[0]) and any(cell.strip() for cell in row):
                short.append(_short_row(path, len(rows), starts, len(row), len(rows[0])))
            starts = reader.line_num + 1
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = _oversized_cell(text, delimiter)
        elif "unexpected end of data" in reason:
            reason = "a quoted cell is never closed (a '\"' is missing)"
        raise _refuse(path, f"cannot be read as CSV at line {reader.line_num}: {reason}") from None
    if short:
        raise InputError(short[:MAX_SHORT_ROWS_SHOWN])
    return Sheet(path.stem, rows)


def _oversized_cell(text: str, delimiter: str) -> str:
    """Which cell of a CSV is longer than the csv module's limit, read again without it (the
    file's size is already bounded), and what to do."""
    limit = csv.field_size_limit()
    found = f"a cell holds more than {limit:,} characters"
    csv.field_size_limit(len(text) + 1)
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        header: list[str] = []
        for number, row in enumerate(rows, 1):
            header = header or row
            long = next((n for n, cell in enumerate(row) if len(cell) > limit), None)
            if long is not None:
                title = f" ({header[long][:60]!r})" if long < len(header) and number > 1 else ""
                found = (
                    f"the cell of row {number} in column {column_letter(long)}{title} holds "
                    f"{len(row[long]):,} characters, more than {limit:,}"
                )
                break
    except csv.Error:
        pass  # told as first found
    finally:
        csv.field_size_limit(limit)
    return (
        f"{found}; check that cell (a missing closing quote can run the rest of a file into "
        "one), or download the export again from the survey tool"
    )


# A broken export has its short rows throughout: the first few say what is wrong.
MAX_SHORT_ROWS_SHOWN = 5


def _short_row(path: Path, number: int, line: int, cells: int, width: int) -> Problem:
    """A row with fewer cells than the header: its answers would sit under the wrong titles,
    or be lost. Most often a cell holds a line break or a delimiter and is not in quotes, so
    the row was cut in two."""
    return Problem(
        path,
        line,
        "",
        f"row {number} has {cells} cell{'s' if cells != 1 else ''} where the header row has "
        f"{width}: a cell holding a line break or the separator, not in double quotes, cuts "
        "a row in two; download the export again from the survey tool, or put that cell in "
        "double quotes",
    )


# -- zip containers -------------------------------------------------------------------------


def open_zip(path: Path, raw: bytes, what: str) -> zipfile.ZipFile:
    """A workbook's zip container, after checking what it says it holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _refuse(path, f"cannot be read as {what} (a damaged zip file: {exc})") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise _refuse(
            path, f"holds {len(members):,} parts, more than any {what} needs; it is refused"
        )
    total = 0
    for member in members:
        if member.file_size > MAX_MEMBER_BYTES:
            raise _refuse(
                path,
                f"its part {member.filename[:80]!r} unpacks to {member.file_size:,} bytes, "
                f"more than the {MAX_MEMBER_BYTES // 2**20} MiB readiness reads; save the "
                "answers as CSV instead",
            )
        total += member.file_size
    if total > MAX_UNZIPPED_BYTES:
        raise _refuse(
            path,
            f"unpacks to {total:,} bytes, more than the {MAX_UNZIPPED_BYTES // 2**20} MiB "
            "readiness reads; save the answers as CSV instead",
        )
    return archive


class _Budget:
    """Stops reading a workbook once it has produced too many cells."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cells = 0

    def spend(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise _refuse(
                self.path,
                f"has more than {MAX_CELLS:,} cells, more than readiness reads from a "
                "workbook; save the answers as CSV instead",
            )


def _place(
    rows: list[list[Cell]], row: int, column: int, value: Cell, budget: _Budget, path: Path
) -> None:
    """Put `value` at 1-based (row, column), padding with blanks, within the budget."""
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise _refuse(
            path, f"has a cell beyond the last row or column a spreadsheet has ({row}, {column})"
        )
    if len(rows) < row:
        budget.spend(row - len(rows))
        rows.extend([] for _ in range(row - len(rows)))
    cells = rows[row - 1]
    if len(cells) < column:
        budget.spend(column - len(cells))
        cells.extend([None] * (column - len(cells)))
    cells[column - 1] = value


# -- XLSX -----------------------------------------------------------------------------------


def read_xlsx(path: Path, raw: bytes) -> list[Sheet]:
    """Every worksheet of an .xlsx workbook, as cached cell values."""
    from openpyxl import load_workbook

    with open_zip(path, raw, "an Excel workbook") as archive:
        names = archive.namelist()
    if "xl/workbook.xml" not in names:
        raise _refuse(path, _zip_not_a_workbook(names))
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise _refuse(path, _DAMAGED_WORKBOOK) from None
    try:
        return _xlsx_sheets(path, wb)
    except InputError:
        raise
    except Exception:  # a damaged sheet inside a readable container
        raise _refuse(path, _DAMAGED_WORKBOOK) from None
    finally:
        wb.close()


_DAMAGED_WORKBOOK = (
    "cannot be read as an Excel workbook: it is damaged, or another kind of file; open it in "
    "a spreadsheet program and save it again as .xlsx, or export the answers as CSV"
)


def _zip_not_a_workbook(names: list[str]) -> str:
    """Why a zip archive that holds no workbook is refused, and which file inside to import
    (ODK Central's "download all" is a .zip holding the CSV export)."""
    tables = [n for n in names if n.lower().endswith((".csv", ".xlsx", ".ods"))]
    inside = ", ".join(repr(n[:80]) for n in tables[:3]) + (", ..." if len(tables) > 3 else "")
    return "is a zip archive, not an Excel workbook; " + (
        f"unzip it and import the file inside it ({inside})"
        if tables
        else "unzip it and import the CSV or spreadsheet export it should hold"
    )


# How many notes a sheet's message names, at most (a sheet may hold thousands).
_NOTES_NAMED = 10
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _xlsx_notes(archive: zipfile.ZipFile, sheet_part: str) -> list[str]:
    """The cells of a worksheet that carry a note (an Excel comment, threaded or not): its
    relationships name the part that holds them, whose entries name their cells."""
    from defusedxml.ElementTree import fromstring

    folder, name = posixpath.split(sheet_part)
    relationships = posixpath.join(folder, "_rels", name + ".rels")
    if relationships not in archive.namelist():
        return []
    cells: dict[str, None] = {}  # in order, each once
    for link in fromstring(archive.read(relationships)).iter(_RELATIONSHIPS):
        if not link.get("Type", "").lower().endswith(("/comments", "/threadedcomment")):
            continue
        # A URI relative to the sheet's folder, or to the package's root.
        target = urllib.parse.unquote(link.get("Target", ""))
        part = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        if part not in archive.namelist():
            continue
        for element in fromstring(archive.read(part)).iter():
            ref = element.get("ref")
            if ref:
                cells[ref] = None
                if len(cells) >= _NOTES_NAMED:
                    return list(cells)
    return list(cells)


def _xlsx_sheets(path: Path, wb: Any) -> list[Sheet]:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):  # type: ignore[misc]
        """openpyxl's sheet parser, also noting formula cells (what was typed there is the
        formula, not the result a spreadsheet saved beside it)."""

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None:
                cell["formula"] = True
            return cell

    percent_styles = _percent_styles(wb)
    budget = _Budget(path)
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    for ws in wb.worksheets:
        sheet = Sheet(ws.title, notes=_xlsx_notes(wb._archive, ws._worksheet_path))
        # openpyxl's private parts: pinned to openpyxl 3.1 (pyproject.toml); the tests read
        # real workbooks through here.
        with wb._archive.open(ws._worksheet_path) as source:
            parser = _Parser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            for _, cells in parser.parse():
                for cell in cells:
                    value = cell["value"]
                    where = (
                        f"sheet {ws.title!r}, cell {column_letter(cell['column'] - 1)}{cell['row']}"
                    )
                    if cell.get("formula"):
                        problems.append(Problem(path, None, "", formula_cell(where)))
                        continue
                    if value is None:
                        continue
                    # `#N/A` typed into a cell is stored as an error value (a formula's error
                    # is refused above): it is what was typed, so it is kept as its text.
                    if cell["style_id"] in percent_styles and isinstance(value, int | float):
                        value = percent_text(value)
                    elif isinstance(value, str) and "_x" in value:
                        value = _OOXML_ESCAPE.sub(_unescaped, value)
                    _place(sheet.rows, cell["row"], cell["column"], value, budget, path)
        sheets.append(sheet)
    if problems:
        raise InputError(problems)
    return sheets


# How an .xlsx file writes a character XML cannot hold (a carriage return is _x000D_), and a
# literal "_x" that would read as one (_x005F_ is the underscore): read back in one pass.
_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def _unescaped(escape: re.Match[str]) -> str:
    return chr(int(escape.group(1), 16))


def formula_cell(where: str) -> str:
    """Why a formula cell is refused: its result is not what anyone typed, and a comment's
    link or words could be lost in it (=HYPERLINK(url, "see link") shows only the words)."""
    return (
        f"{where} holds a formula, not what was typed; type the answer or comment itself into "
        "the cell (start text with an apostrophe, as '=, if it begins with =)"
    )


def _percent_styles(wb: Any) -> set[int]:
    """The style ids whose number format shows a percentage."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    found = set()
    custom = getattr(wb, "_number_formats", [])
    for index, style in enumerate(getattr(wb, "_cell_styles", [])):
        number = style.numFmtId
        if number < BUILTIN_FORMATS_MAX_SIZE:
            fmt = BUILTIN_FORMATS.get(number, "General")
        else:
            position = number - 164
            fmt = custom[position] if 0 <= position < len(custom) else "General"
        if "%" in re.sub(r'"[^"]*"|\\.', "", str(fmt)):
            found.add(index)
    return found


def percent_text(value: float) -> str:
    """A percentage cell's value as the person typed it: 0.25 -> '25%'."""
    shown = Decimal(repr(value)) * 100
    text = format(shown.normalize(), "f")
    return f"{text}%"


# -- ODS ------------------------------------------------------------------------------------

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def read_ods(path: Path, raw: bytes) -> list[Sheet]:
    """Every sheet of an OpenDocument spreadsheet (.ods), read from its content.xml."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    archive = open_zip(path, raw, "an OpenDocument spreadsheet")
    with archive:
        try:
            source = archive.open("content.xml")
        except KeyError:
            raise _refuse(
                path,
                "is a zip file but not a spreadsheet (it has no content.xml); save it as .xlsx "
                "or CSV",
            ) from None
        with source:
            try:
                return _ods_sheets(path, iterparse(source, events=("start", "end")))
            except (ParseError, DefusedXmlException, zipfile.BadZipFile, EOFError) as exc:
                raise _refuse(
                    path,
                    f"cannot be read as an OpenDocument spreadsheet ({exc.__class__.__name__}); "
                    "save it as .xlsx or CSV",
                ) from None


def _ods_sheets(path: Path, events: Any) -> list[Sheet]:
    table, row_tag = _q(_TABLE, "table"), _q(_TABLE, "table-row")
    cell_tags = (_q(_TABLE, "table-cell"), _q(_TABLE, "covered-table-cell"))
    annotation = _q(_OFFICE, "annotation")
    budget = _Budget(path)
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    sheet: Sheet | None = None
    row_number = 0
    for event, element in events:
        if event == "start":
            if element.tag == table:
                sheet = Sheet(element.get(_q(_TABLE, "name"), f"Sheet{len(sheets) + 1}"))
                row_number = 0
            continue
        if element.tag == table and sheet is not None:
            sheets.append(sheet)
            sheet = None
            element.clear()
        elif element.tag == row_tag and sheet is not None:
            repeat = _repeat(element, "number-rows-repeated")
            cells: list[tuple[int, Cell]] = []  # a None value: a formula
            column = 0
            for cell in element:
                if cell.tag not in cell_tags:
                    continue
                span = _repeat(cell, "number-columns-repeated")
                if cell.find(annotation) is not None and len(sheet.notes) < _NOTES_NAMED:
                    sheet.notes.append(f"{column_letter(column)}{row_number + 1}")
                value, formula = _ods_value(cell)
                if cell.get(_q(_TABLE, "formula")) is not None:
                    value = None  # a formula is not what was typed, whatever its result
                    formula = ""
                if value is not None or formula is not None:
                    if span > MAX_COLUMNS:
                        raise _refuse(path, "has a row longer than any spreadsheet allows")
                    for offset in range(span):
                        cells.append((column + offset, value))
                column += span
            if cells:
                if repeat > 1:
                    budget.spend(repeat * len(cells))
                for copy in range(repeat):
                    number = row_number + copy + 1
                    for index, value in cells:
                        where = f"sheet {sheet.name!r}, cell {column_letter(index)}{number}"
                        if value is None:
                            problems.append(Problem(path, None, "", formula_cell(where)))
                            continue
                        _place(sheet.rows, number, index + 1, value, budget, path)
            row_number += repeat
            element.clear()
    if problems:
        raise InputError(problems)
    return sheets


def _repeat(element: Any, name: str) -> int:
    try:
        return max(1, int(element.get(_q(_TABLE, name), "1")))
    except ValueError:
        return 1


def _ods_value(cell: Any) -> tuple[Cell, str | None]:
    """A cell's value as the person typed it, and its formula (if any)."""
    formula = cell.get(_q(_TABLE, "formula"))
    kind = cell.get(_q(_OFFICE, "value-type"))
    if kind is None:
        text = _ods_text(cell)
        return (text or None), (formula if not text else None)
    try:
        if kind in ("float", "currency"):
            number = Decimal(cell.get(_q(_OFFICE, "value"), ""))
            return (int(number) if number == number.to_integral_value() else float(number)), None
        if kind == "percentage":
            return percent_text(float(cell.get(_q(_OFFICE, "value"), ""))), None
        if kind == "date":
            return dt.datetime.fromisoformat(cell.get(_q(_OFFICE, "date-value"), "")), None
        if kind == "time":
            return _ods_time(cell.get(_q(_OFFICE, "time-value"), "")), None
        if kind == "boolean":
            return cell.get(_q(_OFFICE, "boolean-value")) == "true", None
    except (ArithmeticError, ValueError):
        pass
    return (_ods_text(cell) or None), None


def _ods_time(value: str) -> dt.time:
    match = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S", value)
    if match is None:
        raise ValueError(value)
    hours, minutes, seconds = (int(g) for g in match.groups())
    return dt.time(hours % 24, minutes, seconds)


def _ods_text(cell: Any) -> str:
    paragraphs = [_ods_inline(p) for p in cell if p.tag in (_q(_TEXT, "p"), _q(_TEXT, "h"))]
    return "\n".join(paragraphs)


def _ods_inline(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == _q(_TEXT, "s"):
            parts.append(" " * _count(child.get(_q(_TEXT, "c"), "1")))
        elif child.tag == _q(_TEXT, "tab"):
            parts.append("\t")
        elif child.tag == _q(_TEXT, "line-break"):
            parts.append("\n")
        elif child.tag != _q(_OFFICE, "annotation"):
            parts.append(_ods_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _count(text: str) -> int:
    try:
        return min(max(1, int(text)), 10_000)
    except ValueError:
        return 1
