"""Spreadsheets read exactly or refused: CSV dialects and encodings, workbooks, hostile zips."""

from __future__ import annotations

import codecs
import io
import time
import zipfile
from pathlib import Path

import pytest

from readiness.collect.tables import (
    MAX_CELLS,
    MAX_MEMBER_BYTES,
    read_csv,
    read_ods,
    read_xlsx,
)
from readiness.errors import InputError

P = Path("export.csv")


def _rows(raw: bytes) -> list[list[object]]:
    return read_csv(P, raw).rows


def _refusal(raw: bytes, reader: object = read_csv) -> str:
    with pytest.raises(InputError) as info:
        reader(P, raw)  # type: ignore[operator]
    return str(info.value)


def test_doubled_quotes_in_a_crlf_csv_are_read_as_one_quote() -> None:
    # The sniffer guessed doublequote=False for this ordinary file and added quotes.
    raw = b'Role,Comment on SD1\r\nGP,"She said ""it works"", then left"\r\nGP,plain\r\n'
    assert _rows(raw) == [
        ["Role", "Comment on SD1"],
        ["GP", 'She said "it works", then left'],
        ["GP", "plain"],
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_comes_from_the_header_line(delimiter: str) -> None:
    header = delimiter.join(["Role", '"SD1, SD2 and more"', "Comment"])
    body = delimiter.join(["GP", "Agree", '"a, b; c\ttabs"'])
    rows = _rows(f"{header}\n{body}\n".encode())
    assert rows == [["Role", "SD1, SD2 and more", "Comment"], ["GP", "Agree", "a, b; c\ttabs"]]


def test_a_quoted_newline_stays_inside_its_cell() -> None:
    assert _rows(b'Role,Comment\nGP,"line one\nline two"\n') == [
        ["Role", "Comment"],
        ["GP", "line one\nline two"],
    ]


def test_broken_quoting_is_refused_not_repaired() -> None:
    message = _refusal(b'Role,Comment\nGP,"never closed\n')
    assert message == (
        "export.csv: cannot be read as CSV at line 2: a quoted cell is never closed "
        "(a '\"' is missing)"
    )
    assert "cannot be read as CSV at line 2" in _refusal(b'Role,Comment\nGP,"closed"junk\n')


def test_a_cell_too_long_is_named_by_its_row_and_column() -> None:
    raw = b"Role,SD1. x,Comment\ngp,agree,ok\ngp,agree," + b"x" * 200_000 + b"\n"
    assert (
        "at line 3: the cell of row 3 in column C ('Comment') holds 200,000 characters, "
        "more than 131,072; check that cell" in _refusal(raw)
    )


def test_utf8_with_and_without_bom_and_windows_1252() -> None:
    text = "Role,Comment\nGP,Café – “quoted” £5\n"
    assert _rows(text.encode("utf-8"))[1] == ["GP", "Café – “quoted” £5"]
    assert _rows(codecs.BOM_UTF8 + text.encode("utf-8"))[1] == ["GP", "Café – “quoted” £5"]
    assert _rows(text.encode("cp1252"))[1] == ["GP", "Café – “quoted” £5"]


def test_excel_unicode_text_is_utf16_with_tabs() -> None:
    text = "Role\tComment\r\nGP\tZażółć gęślą jaźń 😀 اردو\r\n"
    assert _rows(text.encode("utf-16"))[1] == ["GP", "Zażółć gęślą jaźń 😀 اردو"]
    assert _rows(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))[1] == [
        "GP",
        "Zażółć gęślą jaźń 😀 اردو",
    ]


def test_a_file_mixing_encodings_is_refused_naming_the_first_bad_row() -> None:
    raw = (
        "Role,Comment\nGP,Zażółć\n".encode()
        + "Nurse,Café\n".encode("cp1252")
        + "GP,Łódź\n".encode()
    )
    assert _refusal(raw) == (
        "export.csv: row 3 is not UTF-8 text, but other rows are: the file mixes encodings "
        "and cannot be read without changing some text; open it in your spreadsheet "
        "program and save it again as 'CSV UTF-8'"
    )


def test_damaged_utf16_and_nul_bytes_are_refused() -> None:
    raw = "Role\tComment\r\nGP\tok\r\n".encode("utf-16") + b"\x00\xd8"  # a lone surrogate
    assert "says it is UTF-16 text, but row 3 is not" in _refusal(raw)
    assert "contains NUL bytes" in _refusal("Role,Comment".encode("utf-16-le"))


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("reader", [read_xlsx, read_ods])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(reader: object) -> None:
    bomb = _zip({"xl/worksheets/sheet1.xml": b"\0" * (MAX_MEMBER_BYTES + 1)})
    assert len(bomb) < 100_000
    start = time.monotonic()
    message = _refusal(bomb, reader)
    assert time.monotonic() - start < 10
    assert "unpacks to" in message and "save the answers as CSV instead" in message


def test_a_zip_of_many_parts_is_refused() -> None:
    assert "holds 1,001 parts" in _refusal(_zip({f"p{i}": b"" for i in range(1001)}), read_xlsx)


def test_a_damaged_workbook_is_an_input_error() -> None:
    assert "cannot be read as an Excel workbook" in _refusal(b"PK\x03\x04 not really", read_xlsx)
    damaged = _refusal(_zip({"xl/workbook.xml": b"<not a workbook"}), read_xlsx)
    assert damaged.startswith("export.csv: cannot be read as an Excel workbook: it is damaged")
    assert "Error" not in damaged  # no exception's name, which tells a user nothing


def test_a_zip_archive_holding_an_export_names_the_file_to_import() -> None:
    """ODK Central's "download all" is a .zip holding the CSV export (and media)."""
    central = _zip({"Readiness.csv": b"a,b\n", "media/photo.jpg": b"x"})
    assert _refusal(central, read_xlsx) == (
        "export.csv: is a zip archive, not an Excel workbook; unzip it and import the file "
        "inside it ('Readiness.csv')"
    )
    assert _refusal(_zip({"a.txt": b"x"}), read_xlsx).endswith(
        "is a zip archive, not an Excel workbook; unzip it and import the CSV or spreadsheet "
        "export it should hold"
    )


def _sheet_xml(cells: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{cells}</sheetData></worksheet>"
    ).encode()


def _workbook_with_sheet(sheet: bytes) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Form1"
    wb.active["A1"] = "placeholder"
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    members = {n: source.read(n) for n in source.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet
    return _zip(members)


FORMULA_REFUSED = (
    "holds a formula, not what was typed; type the answer or comment itself into the cell "
    "(start text with an apostrophe, as '=, if it begins with =)"
)


def test_a_formula_without_a_saved_result_is_refused_naming_the_cell() -> None:
    sheet = _sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Role</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>SD1</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>GP</t></is></c>'
        '<c r="B2"><f>IF(1,"agree","x")</f></c></row>'
    )
    assert _refusal(_workbook_with_sheet(sheet), read_xlsx) == (
        f"export.csv: sheet 'Form1', cell B2 {FORMULA_REFUSED}"
    )


def test_a_formula_with_a_saved_result_is_refused_too() -> None:
    """Its result is not what was typed: =HYPERLINK("https://x", "see link") saves only
    "see link", and the address would be lost."""
    sheet = _sheet_xml(
        '<row r="1"><c r="A1" t="str"><f>HYPERLINK("https://x","see link")</f>'
        "<v>see link</v></c></row>"
    )
    assert _refusal(_workbook_with_sheet(sheet), read_xlsx) == (
        f"export.csv: sheet 'Form1', cell A1 {FORMULA_REFUSED}"
    )
    rows = (
        '<table:table-row><table:table-cell table:formula="of:=1+1" office:value-type="float"'
        ' office:value="2"/></table:table-row>'
    )
    assert _refusal(ods(rows), read_ods) == f"export.csv: sheet 'Form1', cell A1 {FORMULA_REFUSED}"


def test_a_sheet_of_far_flung_cells_stops_at_the_cell_budget() -> None:
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 200))
    start = time.monotonic()
    message = _refusal(_workbook_with_sheet(_sheet_xml(rows)), read_xlsx)
    assert time.monotonic() - start < 10
    assert f"has more than {MAX_CELLS:,} cells" in message


def test_percentage_cells_read_as_typed() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Role", "DC9"])
    wb.active.append(["GP", 0.25])
    wb.active["B2"].number_format = "0%"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert read_xlsx(P, buffer.getvalue())[0].rows == [["Role", "DC9"], ["GP", "25%"]]


def ods(rows_xml: str, name: str = "Form1") -> bytes:
    """A minimal OpenDocument spreadsheet as LibreOffice writes one."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_ods_cells_read_as_typed() -> None:
    rows = (
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>Role</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell office:value-type="string"><text:p>Comment</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="16380"/>'
        "</table:table-row>"
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>GP</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="37.5"><text:p>37,5</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%'
        "</text:p></table:table-cell>"
        '<table:table-cell office:value-type="string"><text:p>two<text:s text:c="2"/>spaces'
        "</text:p><text:p>and a line</text:p></table:table-cell>"
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570">'
        "<table:table-cell/></table:table-row>"
    )
    assert read_ods(P, ods(rows))[0].rows == [
        ["Role", None, None, "Comment"],
        ["GP", 37.5, "25%", "two  spaces\nand a line"],
    ]


def test_ods_formula_without_a_result_and_a_zip_without_content_are_refused() -> None:
    rows = '<table:table-row><table:table-cell table:formula="of:=1+1"/></table:table-row>'
    assert _refusal(ods(rows), read_ods) == f"export.csv: sheet 'Form1', cell A1 {FORMULA_REFUSED}"
    assert "it has no content.xml" in _refusal(_zip({"mimetype": b"x"}), read_ods)


def test_an_ods_entity_bomb_is_refused() -> None:
    content = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    )
    bomb = _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content}
    )
    assert "cannot be read as an OpenDocument spreadsheet" in _refusal(bomb, read_ods)


def test_excel_s_escapes_of_characters_xml_cannot_hold_are_read_back() -> None:
    """Excel writes a carriage return as _x000D_ and a literal "_x000D_" as _x005F_x000D_:
    both read back as typed, in one pass (the second is not read twice)."""
    sheet = _sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>line1_x000D_\nline2</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>a _x005F_x000D_ and _x0001_</t></is></c></row>'
    )
    assert read_xlsx(P, _workbook_with_sheet(sheet))[0].rows == [
        ["line1\r\nline2", "a _x000D_ and \x01"]
    ]


def test_an_error_value_typed_in_a_cell_is_kept_as_its_text() -> None:
    """Excel stores `#N/A` typed into a cell (someone's "not applicable") as an error value:
    it was dropped as if the cell were empty, losing a reviewer's note without a word. It is
    what was typed, so it is read as its text (and refused where text is no answer)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "Note", "Other"
    ws["A2"] = "#N/A"
    ws["A2"].data_type = "e"
    ws["B2"] = "kept"
    buffer = io.BytesIO()
    wb.save(buffer)
    (sheet,) = read_xlsx(P, buffer.getvalue())
    assert sheet.rows == [["Note", "Other"], ["#N/A", "kept"]]


def test_the_cells_holding_a_note_are_named() -> None:
    """A note on a cell (an Excel comment, an OpenDocument annotation) is no cell value: a
    reader that must keep every typed word is told where they are, to refuse them."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B2"] = "Note", "kept"
    ws["B2"].comment = Comment("see the rota", "Jo")
    ws["C5"].comment = Comment("an empty cell's note", "Jo")
    buffer = io.BytesIO()
    wb.save(buffer)
    (sheet,) = read_xlsx(P, buffer.getvalue())
    assert sheet.notes == ["B2", "C5"] and sheet.rows[1][1] == "kept"
    row = (
        "<table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>"
        '<table:table-cell office:value-type="string"><office:annotation><text:p>see</text:p>'
        "</office:annotation><text:p>b</text:p></table:table-cell></table:table-row>"
    )
    (sheet,) = read_ods(P, ods(row))
    assert sheet.notes == ["B1"] and sheet.rows == [["a", "b"]]


def test_notes_are_named_up_to_ten_however_many_and_wherever_their_part_is() -> None:
    """Notes are named up to ten (a sheet of many thousands took seconds each, growing with
    their square); a part whose name the link percent-encodes is found too."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    for row in range(1, 31):
        ws.cell(row, 1, "x").comment = Comment(f"note {row}", "Jo")
    buffer = io.BytesIO()
    wb.save(buffer)
    (sheet,) = read_xlsx(P, buffer.getvalue())
    assert sheet.notes == [f"A{row}" for row in range(1, 11)]
    # The same workbook with its notes' part renamed "my comments.xml", linked as a URI.
    renamed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    (old,) = [name for name in parts if name.startswith("xl/comments")]
    rels = "xl/worksheets/_rels/sheet1.xml.rels"
    target = "/" + old
    assert target.encode() in parts[rels]
    parts[rels] = parts[rels].replace(target.encode(), b"/xl/my%20comments.xml")
    parts["xl/my comments.xml"] = parts.pop(old)
    with zipfile.ZipFile(renamed, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (sheet,) = read_xlsx(P, renamed.getvalue())
    assert len(sheet.notes) == 10
