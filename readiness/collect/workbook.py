"""The questionnaire as an Excel workbook, and reading a filled one back.

One sheet per framework (named in words) with a drop-down of answer labels per item and
figures checked where they are typed, question columns locked, hidden columns holding each
item's field name (framework, version, item id), an instructions sheet, rows sized to their
text and a print set-up, and no formulas in cells, so it behaves the same in Excel,
LibreOffice and Google Sheets.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.assessment.format import MAX_COMMENT
from readiness.collect import wording
from readiness.collect.questionnaire import (
    FieldRef,
    Questionnaire,
    QuestionnaireDomain,
    QuestionnaireSection,
    encode_version,
    field_name,
    parse_field_name,
    record_text,
    written_from_other_text,
)
from readiness.collect.raw import RawResponse, blank
from readiness.collect.tables import Sheet, column_letter
from readiness.errors import InputError, Problem
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import PLACEHOLDERS, Framework, Item, Scale
from readiness.textmatch import single_spaced
from readiness.version import __version__
from readiness.vocabulary import ROLES, ScaleType
from readiness.xlsxio import workbook_bytes

META_SHEET = "_readiness"
LISTS_SHEET = "_lists"
INSTRUCTIONS = "Instructions"
# The labels beside the cells a respondent fills in on the instructions sheet: reading a filled
# workbook finds those cells by them, so they are part of the format (see read_workbook).
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
WIDTHS = (7, 24, 60, 26, 40, 40)  # the visible columns A to F


def render_workbook(questionnaire: Questionnaire) -> bytes:
    """The workbook as .xlsx bytes."""
    from openpyxl import Workbook

    wb = Workbook()
    styles = _Styles.make()
    intro, role_cell = _instructions_sheet(wb.active, questionnaire, styles)
    lists = _Lists(wb.create_sheet(LISTS_SHEET))
    _role_validation(intro, role_cell, lists)
    names: set[str] = {INSTRUCTIONS, LISTS_SHEET, META_SHEET}
    for group in sheet_groups(questionnaire.sections):
        title = (
            sheet_title(group[0].framework.title, names)
            if len(group[0].items) > SMALL_SECTION
            else sheet_title(wording.WORKBOOK_QUESTIONS_SHEET, names)
        )
        _question_sheet(wb.create_sheet(title), group, lists, styles)
    intro.protection.sheet = True
    lists.sheet.sheet_state = "hidden"
    _meta_sheet(wb.create_sheet(META_SHEET), questionnaire, intro.max_row)
    _text_only(wb)
    return workbook_bytes(wb)


SHEET_TITLE_LIMIT = 31  # Excel's limit on a sheet's name
LINE_HEIGHT = 15  # points per wrapped line of 11-point text
CHARACTERS_PER_WIDTH = 1.1  # wrapped characters per unit of column width, about


SMALL_SECTION = 3  # a framework asking this few questions shares a sheet: a lone tab is missed


def sheet_groups(
    sections: tuple[QuestionnaireSection, ...],
) -> list[list[QuestionnaireSection]]:
    """The sections each sheet holds: one sheet per framework, except that frameworks asking
    only a few questions join the largest one's sheet (or, when every framework asks only a
    few, all share one)."""
    big = [s for s in sections if len(s.items) > SMALL_SECTION]
    if not big:
        return [list(sections)] if sections else []
    small = [s for s in sections if len(s.items) <= SMALL_SECTION]
    largest = max(big, key=lambda s: len(s.items))
    return [[s, *small] if s is largest else [s] for s in big]


def sheet_title(framework_title: str, taken: set[str]) -> str:
    """A sheet named in words (a framework's title, cut at a word to Excel's 31 characters,
    without the characters Excel refuses), unique among `taken`, which it joins."""
    words = re.sub(r"[\[\]:*?/\\]", " ", framework_title.split(" (")[0]).split()
    title = ""
    for word in words:
        if len(f"{title} {word}".strip()) > SHEET_TITLE_LIMIT:
            break
        title = f"{title} {word}".strip()
    title = title or framework_title[:SHEET_TITLE_LIMIT].strip() or "Questions"
    unique, n = title, 2
    while unique.casefold() in {t.casefold() for t in taken}:
        suffix = f" {n}"
        unique, n = title[: SHEET_TITLE_LIMIT - len(suffix)] + suffix, n + 1
    taken.add(unique)
    return unique


def row_height(texts_and_widths: list[tuple[str, float]]) -> float:
    """A row tall enough for its longest wrapped text (cells wrap; rows do not grow by
    themselves when a file is opened)."""
    lines = 1
    for text, width in texts_and_widths:
        per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n")))
    return LINE_HEIGHT * lines + 3


def _print_setup(ws: Any, last_column: str, landscape: bool) -> None:
    """Printed on A4, the columns fitted to the page width, the header row on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_area = f"A1:{last_column}{max(ws.max_row, 1)}"


@dataclass(frozen=True)
class _Styles:
    """The few cell styles the workbook uses (openpyxl is imported only when one is made)."""

    wrap: Any
    bold: Any
    answer_fill: Any  # the cells a respondent fills in
    unlocked: Any

    @classmethod
    def make(cls) -> _Styles:
        from openpyxl.styles import Alignment, Font, PatternFill, Protection

        return cls(
            wrap=Alignment(wrap_text=True, vertical="top"),
            bold=Font(bold=True),
            answer_fill=PatternFill("solid", fgColor="FFF6D5"),
            unlocked=Protection(locked=False),
        )


class _Lists:
    """The hidden sheet of drop-down choices: the roles in column A, then one column for each
    scale, written when an item first uses it."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.refs: dict[str, str] = {}
        self.column = 1

    def roles(self) -> str:
        """The reference to the list of role labels."""
        for index, label in enumerate(ROLES.values(), 1):
            self.sheet.cell(index, self.column, label)
        self.refs["_roles"] = f"'{LISTS_SHEET}'!$A$1:$A${len(ROLES)}"
        return self.refs["_roles"]

    def answers(self, key: str, scale: Scale) -> str:
        """The reference to the list of `scale`'s answer labels (`key` names it)."""
        if key not in self.refs:
            self.column += 1
            letter = self.sheet.cell(1, self.column).column_letter
            for index, option in enumerate(scale.options, 1):
                self.sheet.cell(index, self.column, option.label)
            self.refs[key] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(scale.options)}"
        return self.refs[key]


def _instructions_sheet(intro: Any, q: Questionnaire, styles: _Styles) -> tuple[Any, Any]:
    """The first sheet: title, introduction, how to fill it, and the cells for the pseudonym,
    the role and a general comment; the sheet, and the role cell."""
    from openpyxl.styles import Font

    wrap, bold = styles.wrap, styles.bold
    intro.title = INSTRUCTIONS
    intro.column_dimensions["A"].width = 46
    intro.column_dimensions["B"].width = 70
    intro["A1"] = q.title
    intro["A1"].font = Font(bold=True, size=14)
    row = 3
    merged_width = 46 + 70
    for paragraph in q.intro():
        intro.cell(row, 1, paragraph).alignment = wrap
        intro.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        intro.row_dimensions[row].height = row_height([(paragraph, merged_width)])
        row += 1
    intro.cell(row, 1, wording.WORKBOOK_STEPS).alignment = wrap
    intro.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    intro.row_dimensions[row].height = row_height([(wording.WORKBOOK_STEPS, merged_width)])
    row += 2
    intro.cell(row, 1, ID_LABEL).font = bold
    id_cell = intro.cell(row, 2)
    id_cell.protection, id_cell.fill = styles.unlocked, styles.answer_fill
    id_cell.number_format = TEXT_FORMAT
    row += 1
    intro.cell(row, 1, ROLE_LABEL).font = bold
    role_cell = intro.cell(row, 2, ROLES[q.role] if q.role else None)
    role_cell.protection, role_cell.fill = styles.unlocked, styles.answer_fill
    row += 1
    intro.cell(row, 1, GENERAL_LABEL).font = bold
    general_cell = intro.cell(row, 2)
    general_cell.protection, general_cell.fill = styles.unlocked, styles.answer_fill
    general_cell.number_format = TEXT_FORMAT
    general_cell.alignment = wrap
    _comment_validation(intro).add(general_cell)
    intro.row_dimensions[row].height = 60
    if q.site:
        row += 1
        intro.cell(row, 1, wording.WORKBOOK_SITE_LABEL).font = bold
        intro.cell(row, 2, q.site)
    _print_setup(intro, "B", landscape=False)
    return intro, role_cell


def _role_validation(intro: Any, role_cell: Any, lists: _Lists) -> None:
    """The role cell's drop-down of role labels."""
    from openpyxl.worksheet.datavalidation import DataValidation

    role_validation = DataValidation(type="list", formula1=lists.roles(), allow_blank=True)
    role_validation.error = wording.WORKBOOK_ROLE_ERROR
    intro.add_data_validation(role_validation)
    role_validation.add(role_cell)


def _question_sheet(
    ws: Any, sections: list[QuestionnaireSection], lists: _Lists, styles: _Styles
) -> None:
    """A sheet of questions (one framework's, with any small ones after): a row per item, the
    answer and comment cells unlocked, the answer a drop-down of its scale's labels, the field
    name and version in hidden columns."""
    from openpyxl.worksheet.cell_range import MultiCellRange

    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = styles.bold
    for letter, width in zip("ABCDEF", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["G"].hidden = True
    ws.column_dimensions["H"].hidden = True
    ws.freeze_panes = "A2"
    validations: dict[str, Any] = {}
    # The cells of each drop-down, given to it at once: adding them one by one checks each
    # against all before it, which grew with the square of the number of questions.
    cells: dict[str, list[str]] = {}
    comments: list[str] = []
    row_number = 1
    for section in sections:
        for qd in section.domains:
            for item in qd.items:
                row_number += 1
                answer = _question_row(ws, row_number, section.framework, qd, item, styles)
                comments.append(ws.cell(row_number, 5).coordinate)
                if item.scale.type != ScaleType.NUMERIC:
                    key = f"{section.framework.id}/{item.scale.id}"
                    if key not in validations:
                        choices = lists.answers(key, item.scale)
                        validations[key] = _answer_validation(ws, choices, item.scale)
                    cells.setdefault(key, []).append(answer.coordinate)
                else:
                    _number_validation(ws, answer, item.scale)
    for key, validation in validations.items():
        validation.sqref = MultiCellRange(" ".join(cells[key]))
    if comments:
        _comment_validation(ws).sqref = MultiCellRange(" ".join(comments))
    ws.print_title_rows = "1:1"
    _print_setup(ws, "F", landscape=True)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _question_row(
    ws: Any, row_number: int, fw: Framework, qd: QuestionnaireDomain, item: Item, styles: _Styles
) -> Any:
    """The item's row, appended to `ws` as row `row_number`; its answer cell."""
    help_text = _help_column(item.help, item.scale)
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
    for column in range(1, len(COLUMNS) + 1):
        ws.cell(row_number, column).alignment = styles.wrap
    ws.row_dimensions[row_number].height = row_height(
        [(qd.domain.title, WIDTHS[1]), (item.text, WIDTHS[2]), (help_text, WIDTHS[5])]
    )
    answer = ws.cell(row_number, 4)
    comment = ws.cell(row_number, 5)
    for cell in (answer, comment):
        cell.protection = styles.unlocked
    comment.number_format = TEXT_FORMAT
    answer.fill = styles.answer_fill
    return answer


def _help_column(help_text: str | None, scale: Scale) -> str:
    """What the Help column says of an item: its help, and for a figure what to enter."""
    if scale.type != ScaleType.NUMERIC:
        return help_text or ""
    return (help_text + " " if help_text else "") + f"Enter {scale.describe()}."


# Cells people type text into are Text cells ("@"), so a spreadsheet keeps what they type:
# 007 stays 007, 1/2 stays 1/2 rather than becoming a date, =x stays text, not a formula.
TEXT_FORMAT = "@"


def _answer_validation(ws: Any, choices: str, scale: Scale) -> Any:
    """A drop-down of the answer labels at `choices` (a scale's column on the lists sheet),
    added to `ws`; the cells that use it are added to it."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1=choices, allow_blank=True)
    validation.error = wording.workbook_answer_error(scale.describe())
    validation.errorTitle = wording.WORKBOOK_ANSWER_ERROR_TITLE
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    return validation


def _comment_validation(ws: Any) -> Any:
    """A check, added to `ws`, that a comment is no longer than an import accepts, so it is
    shortened as it is typed rather than refused when the workbook comes back."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1=str(MAX_COMMENT)
    )
    validation.allow_blank = True
    validation.error = wording.comment_too_long(MAX_COMMENT)
    validation.errorTitle = wording.COMMENT_TOO_LONG_TITLE
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    return validation


def _number_validation(ws: Any, cell: Any, scale: Scale) -> None:
    """A figure checked where it is typed: a number within the scale's range, or one of its
    unscored answers (Don't know), so "45 minutes" is caught now, not at import."""
    from openpyxl.worksheet.datavalidation import DataValidation

    ref = cell.coordinate
    low = f"{scale.min:g}" if scale.min is not None else None
    high = f"{scale.max:g}" if scale.max is not None else None
    bounds = [f"{ref}>={low}"] if low is not None else []
    bounds += [f"{ref}<={high}"] if high is not None else []
    number = f"AND(ISNUMBER({ref}){''.join(',' + b for b in bounds)})"
    words = [f'{ref}="{o.label}"' for o in scale.unscored if '"' not in o.label]
    formula = f"OR({number},{','.join(words)})" if words else number
    validation = DataValidation(type="custom", formula1=formula, allow_blank=True)
    validation.error = wording.figure_error(scale)
    validation.errorTitle = wording.WORKBOOK_NUMBER_ERROR_TITLE
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    validation.add(cell)


def _meta_sheet(meta: Any, q: Questionnaire, instructions: int) -> None:
    """The hidden sheet that says what the workbook is: its format, tool, role, site, the
    framework versions it asks and how many rows its instructions take (text typed below
    them would not be read)."""
    meta.append(["format", FORMAT])
    meta.append(["tool", f"readiness {__version__}"])
    meta.append(["role", q.role or ""])
    meta.append(["site", q.site or ""])
    meta.append(["instructions", instructions])
    for section in q.sections:
        framework = section.framework
        # Which text: an import with another one refuses the workbook (by readiness 0.3.0).
        meta.append(["framework", framework.id, framework.version, q.texts[framework.id]])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True


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


def read_workbook(
    path: Path,
    sheets: list[Sheet],
    sha256: str,
    catalogue: Catalogue | None = None,
    any_text: bool = False,
) -> RawResponse:
    """The answers in a filled questionnaire workbook (saved as .xlsx or .ods). With the
    `catalogue`, a workbook whose questions were typed over is refused (`typed_over`), and
    so is one written from another text of a framework than the catalogue's, unless
    `any_text` (what it holds, for a command about to write over it: its words are then
    not checked)."""
    by_name = {sheet.name: sheet for sheet in sheets}
    response = RawResponse(source=path, sha256=sha256)
    written_site = ""
    last_written: int | None = None  # a workbook written before 0.3.0 does not say
    response.texts_at = f"sheet {META_SHEET}"
    for number, row in enumerate(by_name[META_SHEET].rows, 1):
        cells = [*row, None, None, None]
        if cells[0] == "framework" and cells[1] is not None and cells[2] is not None:
            response.versions[str(cells[1])] = str(cells[2])
            if cells[3] is not None:  # which text of it (said by readiness 0.3.0 on)
                record_text(response, cells[1], cells[3], f"{META_SHEET}!D{number}")
        elif cells[0] == "role" and cells[1]:
            response.role = str(cells[1])
        elif cells[0] == "site" and not blank(cells[1]):
            written_site = _spaced(cells[1])
        elif cells[0] == "instructions" and isinstance(cells[1], int | float):
            last_written = int(cells[1])
    # Another text's words differ from this catalogue's: they are not checked against it,
    # and the form is refused for its text (below) unless it holds nothing.
    other_text = written_from_other_text(response, catalogue) if catalogue is not None else []
    if other_text:
        catalogue = None
    stray: list[str] = []
    changed: list[str] = []
    if INSTRUCTIONS in by_name:
        for number, row in enumerate(by_name[INSTRUCTIONS].rows, 1):
            label, value = ([*row, None, None])[:2]
            stray += _typed_beyond(INSTRUCTIONS, number, row, 2)
            if last_written is not None and number > last_written and not blank(label):
                stray.append(f"{INSTRUCTIONS}!A{number}")
            if blank(value):
                continue
            if label == wording.WORKBOOK_SITE_LABEL:  # written by readiness, not typed
                if _spaced(value) != written_site:
                    changed.append(f"{INSTRUCTIONS}!B{number}")
                continue
            if label not in (ID_LABEL, ROLE_LABEL, GENERAL_LABEL):
                stray.append(f"{INSTRUCTIONS}!B{number}")
            if label == ID_LABEL:
                response.respondent_id = str(value).strip()
            elif label == ROLE_LABEL:
                response.role = str(value).strip()
                response.where[("", "role")] = f"sheet {INSTRUCTIONS}, cell B{number}"
            elif label == GENERAL_LABEL:
                response.general_comment = value
                response.where[("", "general_comment")] = f"sheet {INSTRUCTIONS}, cell B{number}"
    added = []
    for sheet in sheets:
        if sheet.name in (META_SHEET, LISTS_SHEET, INSTRUCTIONS):
            continue
        if not _question_rows(sheet):
            if any(not blank(cell) for row in sheet.rows for cell in row):
                added.append(sheet.name)
            continue
        if catalogue is not None:
            changed += typed_over(sheet, catalogue)
        if sheet.rows:
            stray += _typed_beyond(sheet.name, 1, sheet.rows[0], len(COLUMNS))
        for number, row in enumerate(sheet.rows[1:], 2):
            ref = parse_field_name(str(row[6] or "")) if len(row) >= 7 else None
            if ref is None:
                stray += _typed_beyond(sheet.name, number, row, 0)
                continue
            stray += _typed_beyond(sheet.name, number, row, len(COLUMNS))
            where = f"sheet {sheet.name}, row {number}"
            answer = _cell_value(row[3])
            if answer not in (None, ""):
                response.answers.setdefault(ref.framework_id, {})[ref.item_id] = answer
                response.where[(ref.framework_id, ref.item_id)] = f"{where}, column D"
            comment = row[4]
            if not blank(comment):
                response.comments.setdefault(ref.framework_id, {})[ref.item_id] = comment
                response.where[(ref.framework_id, f"{ref.item_id}/comment")] = f"{where}, column E"
    if other_text and not any_text and not response.says_nothing:
        raise InputError(other_text)
    noted = [f"{sheet.name}!{cell}" for sheet in sheets for cell in sheet.notes]
    if added or stray or changed or noted:
        # What someone wrote on a sheet of their own, outside the cells for answers and
        # comments, over the questionnaire's own words or in a note on a cell, would be
        # lost: it is not read.
        raise InputError(
            [Problem(path, None, name, wording.ADDED_SHEET) for name in added]
            + [Problem(path, None, cell, wording.TYPED_OUTSIDE) for cell in stray[:10]]
            + [Problem(path, None, cell, wording.TYPED_OVER) for cell in changed[:10]]
            + [Problem(path, None, cell, wording.CELL_NOTE) for cell in noted[:10]]
        )
    return response


def _question_rows(sheet: Sheet) -> bool:
    """Whether a sheet holds questions (rows with a field name in column G)."""
    return any(len(row) >= 7 and parse_field_name(str(row[6] or "")) for row in sheet.rows)


def typed_over(sheet: Sheet, catalogue: Catalogue) -> list[str]:
    """The cells of a question sheet that no longer say what the questionnaire wrote there
    (the headings, and each question's number, topic, words, help and version): sheet
    protection has no password, and words typed over a question are not read. A cell left
    empty loses nothing and is not counted, nor are differences of spacing and line breaks,
    nor the names a question says in place of {service} and {site} (the form may have been
    written with any). Rows of a framework version this catalogue lacks are not checked:
    the import says why."""
    headings = sheet.rows[0][: len(COLUMNS)] if sheet.rows else []
    changed = [
        f"{sheet.name}!{column_letter(index)}1"
        for index, cell in enumerate(headings)
        if not blank(cell) and _spaced(cell) != COLUMNS[index]
    ]
    topics: dict[tuple[str, str], dict[str, str]] = {}
    for number, row in enumerate(sheet.rows[1:], 2):
        ref = parse_field_name(str(row[6] or "")) if len(row) >= 7 else None
        written = _written_row(ref, catalogue, topics) if ref is not None else None
        if written is None:
            continue
        for index, expected in enumerate(written):
            cell = row[index] if index < len(row) else None
            if index in _FILLED_COLUMNS or blank(cell):
                continue
            if not expected.fullmatch(_spaced(cell)):
                changed.append(f"{sheet.name}!{column_letter(index)}{number}")
    return changed


# The columns a respondent fills in (the answer and the comment), and the field name (column
# G), which is how the row was found.
_FILLED_COLUMNS = (3, 4, 6)


def _written_row(
    ref: FieldRef, catalogue: Catalogue, topics: dict[tuple[str, str], dict[str, str]]
) -> list[re.Pattern[str]] | None:
    """What the questionnaire wrote in each column of an item's row, as patterns in which the
    names said in place of {service} and {site} may be anything; None when the framework
    version or the item is not in the catalogue. `topics`: each framework version's domain
    title by item id, filled in as they are needed."""
    framework = next(
        (
            f
            for f in catalogue.versions.get(ref.framework_id, {}).values()
            if encode_version(f.version) == ref.version
        ),
        None,
    )
    item = framework.items.get(ref.item_id) if framework is not None else None
    if framework is None or item is None:
        return None
    key = (framework.id, framework.version)
    if key not in topics:
        topics[key] = {i.id: d.title for d in framework.domains for i in d.items}
    return [
        _literal(item.id),
        _literal(topics[key][item.id]),
        _with_names(item.text_template or item.text),
        _literal(""),
        _literal(""),
        _with_names(_help_column(item.help_template or item.help, item.scale)),
        _literal(""),
        _literal(framework.version),
    ]


def _spaced(value: Any) -> str:
    """A cell's text with its runs of spaces and line breaks made single spaces (a whole
    number a spreadsheet stored as 12.0, where 12 was written, reads as 12)."""
    return single_spaced(str(_cell_value(value)))


def _literal(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(_spaced(text)))


def _with_names(template: str) -> re.Pattern[str]:
    """A pattern for a text whose {service} and {site} stand for any words."""
    placeholder = "|".join(re.escape(f"{{{name}}}") for name in PLACEHOLDERS)
    pieces = re.split(placeholder, _spaced(template))
    return re.compile(".+?".join(re.escape(piece) for piece in pieces), re.DOTALL)


def _typed_beyond(sheet: str, number: int, row: list[Any], width: int) -> list[str]:
    """The cells of a row, from column `width` (0-based) on, that hold something typed."""
    return [
        f"{sheet}!{column_letter(index)}{number}"
        for index, cell in enumerate(row)
        if index >= width and not blank(cell)
    ]


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value  # reported by the importer: Excel turned an answer into a date
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value
