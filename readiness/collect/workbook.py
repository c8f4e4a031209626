"""The questionnaire as an Excel workbook, and reading a filled one back.

One sheet per framework with a drop-down of answer labels per item, question columns locked,
hidden columns holding each item's field name (framework, version, item id), an instructions
sheet, and no formulas, so it behaves the same in Excel, LibreOffice and Google Sheets.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from readiness.collect.questionnaire import Questionnaire, field_name, parse_field_name
from readiness.collect.raw import RawResponse
from readiness.collect.tables import Sheet
from readiness.version import __version__
from readiness.vocabulary import ROLES, ScaleType
from readiness.xlsxio import workbook_bytes

META_SHEET = "_readiness"
LISTS_SHEET = "_lists"
INSTRUCTIONS = "Instructions"
ID_LABEL = "Your pseudonym (for example r01; never your name)"
ROLE_LABEL = "Your role"
GENERAL_LABEL = "Any other comments (optional)"
FORMAT = "readiness-questionnaire/1"
COLUMNS = (
    "Item",
    "Topic",
    "Question",
    "Your answer",
    "Comment (optional)",
    "Help",
    "field",
    "version",
)


def render_workbook(questionnaire: Questionnaire) -> bytes:
    """The workbook as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    q = questionnaire
    wb = Workbook()
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    answer_fill = PatternFill("solid", fgColor="FFF6D5")
    unlocked = Protection(locked=False)

    intro = wb.active
    intro.title = INSTRUCTIONS
    intro.column_dimensions["A"].width = 46
    intro.column_dimensions["B"].width = 70
    intro["A1"] = q.title
    intro["A1"].font = Font(bold=True, size=14)
    row = 3
    for paragraph in q.intro():
        intro.cell(row, 1, paragraph).alignment = wrap
        intro.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        intro.row_dimensions[row].height = 62
        row += 1
    steps = (
        "How to fill it: go to each framework's sheet (tabs at the bottom), choose an "
        "answer in the yellow 'Your answer' column from its drop-down list, and add a "
        "comment if you wish. Save the file and send it back."
    )
    intro.cell(row, 1, steps).alignment = wrap
    intro.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    intro.row_dimensions[row].height = 48
    row += 2
    intro.cell(row, 1, ID_LABEL).font = bold
    id_cell = intro.cell(row, 2)
    id_cell.protection, id_cell.fill = unlocked, answer_fill
    row += 1
    intro.cell(row, 1, ROLE_LABEL).font = bold
    role_cell = intro.cell(row, 2, ROLES[q.role] if q.role else None)
    role_cell.protection, role_cell.fill = unlocked, answer_fill
    row += 1
    intro.cell(row, 1, GENERAL_LABEL).font = bold
    general_cell = intro.cell(row, 2)
    general_cell.protection, general_cell.fill = unlocked, answer_fill
    general_cell.alignment = wrap
    intro.row_dimensions[row].height = 60
    if q.site:
        row += 1
        intro.cell(row, 1, "Site").font = bold
        intro.cell(row, 2, q.site)

    lists = wb.create_sheet(LISTS_SHEET)
    list_refs: dict[str, str] = {}
    column = 1
    for index, label in enumerate(ROLES.values(), 1):
        lists.cell(index, column, label)
    list_refs["_roles"] = f"'{LISTS_SHEET}'!$A$1:$A${len(ROLES)}"
    role_validation = DataValidation(type="list", formula1=list_refs["_roles"], allow_blank=True)
    role_validation.error = "Choose your role from the list."
    intro.add_data_validation(role_validation)
    role_validation.add(role_cell)

    for section in q.sections:
        fw = section.framework
        ws = wb.create_sheet(fw.id[:31])
        ws.append(COLUMNS)
        for cell in ws[1]:
            cell.font = bold
        for letter, width in zip("ABCDEF", (7, 24, 60, 26, 40, 40), strict=True):
            ws.column_dimensions[letter].width = width
        ws.column_dimensions["G"].hidden = True
        ws.column_dimensions["H"].hidden = True
        ws.freeze_panes = "A2"
        validations: dict[str, Any] = {}
        for qd in section.domains:
            for item in qd.items:
                scale = item.scale
                help_text = item.help or ""
                if scale.type == ScaleType.NUMERIC:
                    help_text = (help_text + " " if help_text else "") + (
                        f"Enter {scale.describe()}."
                    )
                ws.append(
                    [
                        item.id,
                        qd.domain.title,
                        item.text,
                        None,
                        None,
                        help_text,
                        field_name(fw, item),
                        fw.version,
                    ]
                )
                row_number = ws.max_row
                for cell in ws[row_number]:
                    cell.alignment = wrap
                answer = ws.cell(row_number, 4)
                comment = ws.cell(row_number, 5)
                for cell in (answer, comment):
                    cell.protection = unlocked
                answer.fill = answer_fill
                if scale.type == ScaleType.NUMERIC:
                    continue
                key = f"{fw.id}/{scale.id}"
                if key not in list_refs:
                    column += 1
                    letter = lists.cell(1, column).column_letter
                    for index, option in enumerate(scale.options, 1):
                        lists.cell(index, column, option.label)
                    list_refs[key] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(scale.options)}"
                if key not in validations:
                    validation = DataValidation(
                        type="list", formula1=list_refs[key], allow_blank=True
                    )
                    validation.error = f"Choose an answer from the list ({scale.describe()})."
                    validation.errorTitle = "Not one of the answers"
                    validation.showErrorMessage = True
                    ws.add_data_validation(validation)
                    validations[key] = validation
                validations[key].add(answer)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    intro.protection.sheet = True
    lists.sheet_state = "hidden"

    meta = wb.create_sheet(META_SHEET)
    meta.append(["format", FORMAT])
    meta.append(["tool", f"readiness {__version__}"])
    meta.append(["role", q.role or ""])
    meta.append(["site", q.site or ""])
    for section in q.sections:
        meta.append(["framework", section.framework.id, section.framework.version])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True

    _text_only(wb)
    return workbook_bytes(wb)


def _text_only(wb: Any) -> None:
    """Make every cell that openpyxl took for a formula a text cell again.

    openpyxl turns any text starting with '=' into a formula, so a site named
    '=HYPERLINK(...)' (or an item text, label or comment starting with '=') would become a
    live formula in the respondent's spreadsheet program. The workbook has no formulas at all;
    its drop-down lists are data validations, not cells."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def read_workbook(path: Path, sheets: list[Sheet], sha256: str) -> RawResponse:
    """The answers in a filled questionnaire workbook (saved as .xlsx or .ods)."""
    by_name = {sheet.name: sheet for sheet in sheets}
    response = RawResponse(source=path, sha256=sha256)
    for row in by_name[META_SHEET].rows:
        cells = [*row, None, None, None]
        if cells[0] == "framework" and cells[1] is not None and cells[2] is not None:
            response.versions[str(cells[1])] = str(cells[2])
        elif cells[0] == "role" and cells[1]:
            response.role = str(cells[1])
    if INSTRUCTIONS in by_name:
        for number, row in enumerate(by_name[INSTRUCTIONS].rows, 1):
            label, value = ([*row, None, None])[:2]
            if value in (None, "") or (isinstance(value, str) and not value.strip()):
                continue
            if label == ID_LABEL:
                response.respondent_id = str(value).strip()
            elif label == ROLE_LABEL:
                response.role = str(value).strip()
            elif label == GENERAL_LABEL:
                response.general_comment = str(value)
                response.where[("", "general_comment")] = f"sheet {INSTRUCTIONS}, cell B{number}"
    for sheet in sheets:
        if sheet.name in (META_SHEET, LISTS_SHEET, INSTRUCTIONS):
            continue
        for number, row in enumerate(sheet.rows[1:], 2):
            if len(row) < 7:
                continue
            ref = parse_field_name(str(row[6] or ""))
            if ref is None:
                continue
            where = f"sheet {sheet.name}, row {number}"
            answer = _cell_value(row[3])
            if answer not in (None, ""):
                response.answers.setdefault(ref.framework_id, {})[ref.item_id] = answer
                response.where[(ref.framework_id, ref.item_id)] = f"{where}, column D"
            comment = row[4]
            if comment not in (None, "") and str(comment).strip():
                response.comments.setdefault(ref.framework_id, {})[ref.item_id] = str(comment)
                response.where[(ref.framework_id, f"{ref.item_id}/comment")] = f"{where}, column E"
    return response


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value  # reported by the importer: Excel turned an answer into a date
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value
