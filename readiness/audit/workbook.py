"""The checklist as an Excel workbook, and its filled copy read back as review data.

Sheets: Instructions; Review (who reviewed, the visit dates, the sign-off); Checklist (a row
per item; a second piece of evidence is a further row with the same framework and item); and
a hidden sheet holding what identifies the checklist (the site, the framework versions, the
sample) as JSON, so the import can check it is this site's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.assessment.format import ATTESTATION, CHECK, EVIDENCE
from readiness.audit import wording
from readiness.audit.checklist import CHECKLIST_FORMAT, Checklist, ChecklistRow
from readiness.collect.tables import Cell, Sheet, column_letter
from readiness.errors import InputError, Problem
from readiness.jsonio import parse_json
from readiness.schema import iso_day
from readiness.textmatch import normalise, shows_nothing, single_spaced
from readiness.vocabulary import Finding
from readiness.yamlio import PathKey

MARKER_SHEET = "readiness"
COLUMN = {key: n for n, (key, _) in enumerate(wording.COLUMNS)}
REVIEW_ROW = {key: n for n, (key, _) in enumerate(wording.REVIEW_LABELS, start=2)}
EVIDENCE_KEYS = ("title", "reference", "seen", "expires", "file", "sha256")


def _text(sheet: Any, row: int, column: int, value: object) -> None:
    """A cell holding text that stays text (a spreadsheet never runs it as a formula)."""
    cell = sheet.cell(row, column)
    if value is None or value == "":
        return
    cell.value = str(value)
    cell.data_type = "s"  # a text cell, whatever it starts with: never a formula


def marker_data(checklist: Checklist) -> dict[str, Any]:
    """What identifies a checklist when it comes back: its format, the site, the framework
    versions and the sample."""
    site = checklist.assessment.site
    return {
        "format": CHECKLIST_FORMAT,
        "site": {"name": site.name, "ods_code": site.ods_code, "kind": site.kind},
        # The round it is for: a checklist imported into another round is refused.
        "assessed_on": site.assessed_on.isoformat(),
        "versions": checklist.versions,
        "sample": {"size": checklist.sample_size, "seed": checklist.seed}
        if checklist.seed is not None
        else None,
        # Text cells hold text as it is (0.2.0 put an apostrophe before '=', '+', '-', '@').
        "formula_guard": False,
    }


def reviewed_site(marker: dict[str, Any]) -> dict[str, Any]:
    """The site a checklist's marker names, as its review states it: with the assessment
    date it was written for, so the review is of one round wherever its file is copied."""
    site = {k: v for k, v in (marker.get("site") or {}).items() if v is not None}
    with contextlib.suppress(TypeError, ValueError):  # a damaged marker: checked on import
        site["assessed_on"] = dt.date.fromisoformat(marker["assessed_on"])
    return site


def _row_values(row: ChecklistRow) -> list[dict[str, object]]:
    """The sheet rows for one item: the first with the item, one more per further evidence."""
    check = row.check
    allowed = wording.allowed_answers(row.item)
    first: dict[str, object] = {
        "framework": row.framework_id,
        "item": row.item.id,
        "question": row.item.text,
        "why": wording.REASONS[row.reason.value],
        "reported": row.reported,
        "allowed": allowed or wording.OPINION,
        "verified": check.verified.raw if check and check.verified else None,
        "finding": str(check.finding) if check and check.finding else None,
        "note": check.note if check else None,
    }
    evidence = list(check.evidence) if check else []
    rows = [first]
    for n, piece in enumerate(evidence):
        target: dict[str, object] = (
            first if n == 0 else {"framework": row.framework_id, "item": row.item.id}
        )
        target.update(
            title=piece.title,
            reference=piece.reference,
            seen=piece.seen.isoformat(),
            expires=piece.expires.isoformat() if piece.expires else None,
            file=piece.file.as_posix() if piece.file else None,
            sha256=piece.sha256,
        )
        if n:
            rows.append(target)
    return rows


def render_workbook(checklist: Checklist) -> bytes:
    """The checklist workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    from readiness.xlsxio import workbook_bytes  # openpyxl loads only for XLSX

    wb = Workbook()
    intro = wb.active
    intro.title = wording.SHEET_INSTRUCTIONS
    instructions = wording.workbook_instructions(checklist)
    for n, line in enumerate(instructions, 1):
        _text(intro, n, 1, line)
    intro.column_dimensions["A"].width = 120
    intro["A1"].font = Font(bold=True, size=13)
    review_sheet = wb.create_sheet(wording.SHEET_REVIEW)
    _review_sheet(review_sheet, checklist)
    sheet = wb.create_sheet(wording.SHEET_CHECKLIST)
    for n, (_, title) in enumerate(wording.COLUMNS, 1):
        _text(sheet, 1, n, title)
        sheet.cell(1, n).font = Font(bold=True)
    findings = DataValidation(type="list", formula1='"' + ",".join(Finding) + '"')
    sheet.add_data_validation(findings)
    # Given all at once: adding cells one by one checks each against all before it.
    finding_cells: list[str] = []
    row_number = 2
    for row in checklist.rows:
        for values in _row_values(row):
            for key, value in values.items():
                _text(sheet, row_number, COLUMN[key] + 1, value)
            if row.answers and "question" in values:
                codes = DataValidation(
                    type="list", formula1='"' + ",".join(c for c, _ in row.answers) + '"'
                )
                sheet.add_data_validation(codes)
                codes.add(sheet.cell(row_number, COLUMN["verified"] + 1))
            finding_cells.append(sheet.cell(row_number, COLUMN["finding"] + 1).coordinate)
            for column in range(1, len(wording.COLUMNS) + 1):
                sheet.cell(row_number, column).alignment = Alignment(wrap_text=True, vertical="top")
            row_number += 1
    findings.sqref = MultiCellRange(" ".join(finding_cells))
    # A reviewer's text is checked for length as it is typed, not only refused at import.
    for key, limit in (
        ("note", CHECK.text_limit("note")),
        ("title", EVIDENCE.text_limit("title")),
        ("reference", EVIDENCE.text_limit("reference")),
    ):
        letter = column_letter(COLUMN[key])
        _length_check(sheet, f"{letter}2:{letter}{max(row_number - 1, 2)}", limit)
    statement = REVIEW_ROW["attestation_statement"]
    _length_check(review_sheet, f"B{statement}", ATTESTATION.text_limit("statement"))
    for key, width in (("question", 50), ("reported", 40), ("allowed", 30), ("note", 40)):
        sheet.column_dimensions[column_letter(COLUMN[key])].width = width
    sheet.freeze_panes = "C2"
    marker = wb.create_sheet(MARKER_SHEET)
    # The workbook's marker also says how many lines its instructions take, so the import
    # tells text typed below them (which it would not read).
    stated = {**marker_data(checklist), "instructions": len(instructions)}
    _text(marker, 1, 1, json.dumps(stated, sort_keys=True, ensure_ascii=False))
    # The checklist's own words for each item, from row 2: the import tells what was typed
    # over them (a reviewer's words there would not be read).
    for n, row in enumerate(checklist.rows, 2):
        first = _row_values(row)[0]
        for column, key in enumerate(("framework", "item", *WRITTEN_COLUMNS), 1):
            _text(marker, n, column, first.get(key))
    marker.sheet_state = "hidden"
    wb.active = 2
    return workbook_bytes(wb)


def _length_check(sheet: Any, cells: str, limit: int | None) -> None:
    """A check, added to `sheet`, that the text in `cells` is at most `limit` characters."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if limit is None:
        return
    check = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(limit))
    check.allow_blank = True
    check.error = wording.too_long(limit)
    check.errorTitle = wording.TOO_LONG_TITLE
    check.showErrorMessage = True
    sheet.add_data_validation(check)
    check.add(cells)


def _review_sheet(sheet: Any, checklist: Checklist) -> None:
    review = checklist.assessment.review
    signed = review.attestation if review else None
    values = {
        "reviewer": review.reviewer if review else None,
        "organisation": review.organisation if review else None,
        "visits": ", ".join(d.isoformat() for d in review.visits) if review else None,
        "attestation_name": signed.name if signed else None,
        "attestation_role": signed.role if signed else None,
        "attestation_date": signed.signed_on.isoformat() if signed else None,
        "attestation_statement": signed.statement if signed else None,
    }
    _text(sheet, 1, 1, "What you fill in")
    _text(sheet, 1, 2, "Your answer")
    for key, label in wording.REVIEW_LABELS:
        _text(sheet, REVIEW_ROW[key], 1, label)
        _text(sheet, REVIEW_ROW[key], 2, values[key])
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 70


# What the hidden sheet states (`marker_data`), not a cell the reviewer fills in.
_MARKED = ("site", "versions", "sample")


# Where a value was written in a filled form: a row (the message's line, when the form has
# rows) and the place in words (a workbook's cell, a PDF's box).
Place = tuple[int | None, str]


@dataclass
class ReadChecklist:
    """A filled checklist as review data, with where each value was found."""

    data: dict[str, Any]
    source: Path
    # Each value's place, by its key in the review data (the evidence of an item by index).
    places: dict[PathKey, Place] = field(default_factory=dict)
    # Where the review's header is, for a value with no place of its own.
    header_place: str = ""
    marker: dict[str, Any] = field(default_factory=dict)

    def place(self, key: PathKey | None) -> Place:
        """Where the value with this key was written: its own place, else the nearest
        enclosing one (an item's row, the review's header)."""
        key = key or ()
        for end in range(len(key), 0, -1):
            found = self.places.get(key[:end])
            if found is not None:
                return found
        if len(key) >= 3 and key[0] == "items":
            return None, f"{key[1]} {key[2]}"
        return None, self.header_place


def read_workbook(path: Path, sheets: Sequence[Sheet]) -> ReadChecklist:
    """Review data from a filled checklist workbook; every cell problem at once (InputError
    with the sheet, row and column)."""
    by_name = {s.name: s for s in sheets}
    problems: list[Problem] = []
    marker = _read_marker(path, by_name.get(MARKER_SHEET))
    if marker.get("formula_guard", True):
        by_name = {name: _unguarded_sheet(sheet) for name, sheet in by_name.items()}
    written = _written_texts(by_name[MARKER_SHEET])
    data: dict[str, Any] = {"format": "readiness-review/1", "site": reviewed_site(marker)}
    if marker.get("versions"):
        data["versions"] = marker["versions"]
    if marker.get("sample"):
        data["sample"] = marker["sample"]
    _outside_the_cells(path, sheets, marker, problems)
    _read_review_sheet(path, by_name.get(wording.SHEET_REVIEW), data, problems)
    read = ReadChecklist(data, path, _header_places(), f"{wording.SHEET_REVIEW} sheet", marker)
    _read_items(path, by_name.get(wording.SHEET_CHECKLIST), read, written, problems)
    if problems:
        raise InputError(problems)
    data["site"] = {k: v for k, v in data["site"].items() if v is not None}
    return read


# Each value of the Review sheet: its key in the review data, and its row there.
_REVIEW_KEYS: dict[PathKey, str] = {
    ("reviewer", "name"): "reviewer",
    ("reviewer", "organisation"): "organisation",
    ("visits",): "visits",
    ("attestation", "name"): "attestation_name",
    ("attestation", "role"): "attestation_role",
    ("attestation", "date"): "attestation_date",
    ("attestation", "statement"): "attestation_statement",
}


def _header_places() -> dict[PathKey, Place]:
    """The cells of the Review sheet, and the hidden sheet for what it states."""
    places: dict[PathKey, Place] = {
        key: (REVIEW_ROW[row_key], f"{wording.SHEET_REVIEW}!B{REVIEW_ROW[row_key]}")
        for key, row_key in _REVIEW_KEYS.items()
    }
    places.update({(key,): (None, wording.marker_place(MARKER_SHEET)) for key in _MARKED})
    return places


def _outside_the_cells(
    path: Path, sheets: Sequence[Sheet], marker: dict[str, Any], problems: list[Problem]
) -> None:
    """A problem for what a reviewer wrote where the import does not read: a sheet of their
    own, a note on a cell, text on the Review sheet beside or below its answers, and text on
    the Instructions sheet beside or (as its marker says how long they are) below them. The
    Checklist sheet's own cells are checked as its rows are read."""
    review_rows = {1, *REVIEW_ROW.values()}
    instructions = marker.get("instructions")
    for sheet in sheets:
        problems.extend(
            Problem(path, None, f"{sheet.name}!{cell}", wording.CELL_NOTE) for cell in sheet.notes
        )
        if sheet.name == wording.SHEET_REVIEW:
            outside = [(r, c) for r, c in _written(sheet) if c > 1 or r not in review_rows]
        elif sheet.name == wording.SHEET_INSTRUCTIONS:
            last = instructions if isinstance(instructions, int) else len(sheet.rows)
            outside = [(r, c) for r, c in _written(sheet) if c > 0 or r > last]
        elif sheet.name not in (wording.SHEET_CHECKLIST, MARKER_SHEET):
            if _written(sheet):
                problems.append(Problem(path, None, sheet.name, wording.ADDED_SHEET))
            continue
        else:
            continue
        problems.extend(
            Problem(path, row, f"{sheet.name}!{column_letter(column)}{row}", wording.OUTSIDE_CELLS)
            for row, column in outside[:10]
        )


def _written(sheet: Sheet) -> list[tuple[int, int]]:
    """The (row, column) of each cell of `sheet` with text in it, in reading order (rows
    count from 1, columns from 0)."""
    return [
        (row, column)
        for row, values in enumerate(sheet.rows, 1)
        for column, value in enumerate(values)
        if _text_of(value) is not None
    ]


def _read_marker(path: Path, sheet: Sheet | None) -> dict[str, Any]:
    if sheet is None:
        raise InputError([Problem(path, None, "", wording.MISSING_MARKER)])
    text = sheet.rows[0][0] if sheet.rows and sheet.rows[0] else None
    found = parse_json(str(text).encode("utf-8"), path) if text else None
    stated = found.get("format") if isinstance(found, dict) else None
    if isinstance(stated, str) and stated.startswith(_FORMAT_NAME) and stated != CHECKLIST_FORMAT:
        raise InputError([Problem(path, None, "", wording.newer_checklist(stated))])
    if not isinstance(found, dict) or stated != CHECKLIST_FORMAT:
        raise InputError([Problem(path, None, "", wording.NOT_A_CHECKLIST)])
    return found


_FORMAT_NAME = CHECKLIST_FORMAT.rsplit("/", 1)[0] + "/"


# The columns the checklist fills in for the reviewer to read.
WRITTEN_COLUMNS = ("question", "why", "reported", "allowed")

Written = dict[tuple[str, str], dict[str, str]]


def _written_texts(marker: Sheet) -> Written | None:
    """What the checklist wrote in each item's `WRITTEN_COLUMNS` (by framework and item), as
    its hidden sheet keeps it; None for a checklist written before it kept them (0.2.0)."""
    if len(marker.rows) < 2:
        return None
    written: Written = {}
    for values in marker.rows[1:]:
        texts = [_text_of(v) for v in [*values, *[None] * (2 + len(WRITTEN_COLUMNS))]]
        framework, item = texts[0], texts[1]
        if framework is not None and item is not None:
            written[(framework, item)] = {
                key: text or "" for key, text in zip(WRITTEN_COLUMNS, texts[2:], strict=False)
            }
    return written


def _cell(sheet: Sheet, row: int, column: int) -> Cell:
    """A cell by 1-based row and 0-based column (None beyond the data)."""
    values = sheet.rows[row - 1] if row - 1 < len(sheet.rows) else []
    return values[column] if column < len(values) else None


def _text_of(value: Cell) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):  # a spreadsheet's TRUE or FALSE, as it shows it
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        # A date cell is midnight; a time as well is not a date, and is refused as written.
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _unguarded_sheet(sheet: Sheet) -> Sheet:
    """A sheet of a checklist written by 0.2.0, with the apostrophe its formula guard put
    before text starting '=', '+', '-' or '@' taken off again."""
    return Sheet(
        sheet.name,
        [[_unguarded(c) if isinstance(c, str) else c for c in row] for row in sheet.rows],
    )


def _unguarded(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def _typed(value: Cell) -> str | None:
    """Free text a reviewer typed (a note, an evidence title or reference), exactly as typed,
    spaces around it included; None for a cell that shows nothing."""
    if not isinstance(value, str):
        return _text_of(value)
    return None if shows_nothing(value) else value


def _date(path: Path, where: str, value: Cell, problems: list[Problem], row: int) -> Any:
    text = _text_of(value)
    if text is None:
        return None
    day = iso_day(text)
    if day is None:
        problems.append(Problem(path, row, where, wording.bad_date(text)))
    return day


def _read_review_sheet(
    path: Path, sheet: Sheet | None, data: dict[str, Any], problems: list[Problem]
) -> None:
    if sheet is None:
        problems.append(Problem(path, None, wording.SHEET_REVIEW, wording.MISSING_SHEET))
        return

    def value(key: str) -> str | None:
        return _text_of(_cell(sheet, REVIEW_ROW[key], 1))

    where = f"{wording.SHEET_REVIEW}!B"
    data["reviewer"] = {"name": value("reviewer")}
    if value("organisation"):
        data["reviewer"]["organisation"] = value("organisation")
    visits = []
    for part in (value("visits") or "").replace(";", ",").split(","):
        if part.strip():
            row = REVIEW_ROW["visits"]
            day = _date(path, f"{where}{row}", part.strip(), problems, row)
            if day is not None:
                visits.append(day)
    data["visits"] = visits
    signed = {
        "name": value("attestation_name"),
        "role": value("attestation_role"),
        "date": _date(
            path,
            f"{where}{REVIEW_ROW['attestation_date']}",
            _cell(sheet, REVIEW_ROW["attestation_date"], 1),
            problems,
            REVIEW_ROW["attestation_date"],
        ),
        "statement": value("attestation_statement"),
    }
    if any(v is not None for v in signed.values()):
        data["attestation"] = signed


def _read_items(
    path: Path,
    sheet: Sheet | None,
    read: ReadChecklist,
    written: Written | None,
    problems: list[Problem],
) -> None:
    if sheet is None:
        problems.append(Problem(path, None, wording.SHEET_CHECKLIST, wording.MISSING_SHEET))
        return
    if not _columns_as_written(path, sheet, problems):
        return  # read by position, moved columns would put text in the wrong fields
    items: dict[str, dict[str, Any]] = {}
    # Where each item's verified answer, finding and note was first given (row, value).
    given: dict[tuple[str, str], dict[str, tuple[int, Any]]] = {}
    for row in range(2, len(sheet.rows) + 1):
        framework = _text_of(_cell(sheet, row, COLUMN["framework"]))
        item = _text_of(_cell(sheet, row, COLUMN["item"]))
        if framework is None or item is None:
            filled = [key for key in COLUMN if _text_of(_cell(sheet, row, COLUMN[key]))]
            if filled:  # what the reviewer wrote there would belong to no item
                missing = "framework" if framework is None else "item"
                where = f"{wording.SHEET_CHECKLIST}!{column_letter(COLUMN[missing])}{row}"
                problems.append(Problem(path, row, where, wording.row_without_item(missing)))
            continue
        if written is not None and (
            (framework, item) not in written
            or _asked_of_another(sheet, row, (framework, item), written)
        ):
            problems.append(_unlisted(path, sheet, row, (framework, item), written))
            continue  # the row's other cells are its item's, which cannot be told
        entry = items.setdefault(framework, {}).setdefault(item, {})
        read.places.setdefault(("items", framework, item), _row_place(row))
        if written is not None:
            _typed_over(path, sheet, row, written.get((framework, item), {}), problems)
        pieces = len(entry.get("evidence", ()))
        _read_row(path, sheet, row, entry, given.setdefault((framework, item), {}), problems)
        _record_places(read.places, ("items", framework, item), row, entry, pieces)
    cleaned = {
        fw: {item: entry for item, entry in entries.items() if entry}
        for fw, entries in items.items()
    }
    read.data["items"] = {fw: entries for fw, entries in cleaned.items() if entries}


def _row_place(row: int) -> Place:
    return row, f"{wording.SHEET_CHECKLIST} sheet, row {row}"


def _cell_place(row: int, key: str) -> Place:
    return row, f"{wording.SHEET_CHECKLIST}!{column_letter(COLUMN[key])}{row}"


def _record_places(
    places: dict[PathKey, Place], at: PathKey, row: int, entry: dict[str, Any], pieces: int
) -> None:
    """Where a row's values were written: the cell of each of its item's verified answer,
    finding and note the first time it is given, and of a piece of evidence it adds (the
    `pieces` before it are the item's earlier rows')."""
    for key in ("verified", "finding", "note"):
        if key in entry:
            places.setdefault((*at, key), _cell_place(row, key))
    evidence = entry.get("evidence", ())
    if len(evidence) > pieces:
        piece: PathKey = (*at, "evidence", pieces)
        places[piece] = _row_place(row)
        places.update({(*piece, key): _cell_place(row, key) for key in EVIDENCE_KEYS})


def _asked_of_another(sheet: Sheet, row: int, named: tuple[str, str], written: Written) -> bool:
    """Whether a row's question is not the named item's but another listed item's (its item
    typed over with another's)."""
    asked = _items_asked(sheet, row, written)
    return bool(asked) and named not in asked


def _items_asked(sheet: Sheet, row: int, written: Written) -> list[tuple[str, str]]:
    """The listed items whose question a row shows (none when it shows none)."""
    question = _text_of(_cell(sheet, row, COLUMN["question"]))
    if question is None:
        return []
    shown = single_spaced(question)
    return [key for key, texts in written.items() if single_spaced(texts["question"]) == shown]


def _unlisted(
    path: Path, sheet: Sheet, row: int, named: tuple[str, str], written: Written
) -> Problem:
    """A row naming another item than the checklist wrote there (its framework or item typed
    over), at the cell that differs, with the item its question is, or one spelt alike."""
    framework, item = named
    meant = next(iter(_items_asked(sheet, row, written)), None) or next(
        (key for key in written if normalise(" ".join(key)) == normalise(f"{framework} {item}")),
        None,
    )
    wrong_framework = framework not in {listed for listed, _ in written} or (
        meant is not None and meant[0] != framework
    )
    column = COLUMN["framework"] if wrong_framework else COLUMN["item"]
    where = f"{wording.SHEET_CHECKLIST}!{column_letter(column)}{row}"
    return Problem(path, row, where, wording.unlisted_item(framework, item, meant))


def _typed_over(
    path: Path, sheet: Sheet, row: int, written: dict[str, str], problems: list[Problem]
) -> None:
    """A problem for each of a row's `WRITTEN_COLUMNS` that says other than the checklist
    wrote for its item (`written`): what was typed there would not be read. Spacing aside; an
    emptied cell loses nothing, and a further evidence row may repeat the item's words."""
    for key in WRITTEN_COLUMNS:
        text = _text_of(_cell(sheet, row, COLUMN[key]))
        if text is not None and single_spaced(text) != single_spaced(written.get(key, "")):
            where = f"{wording.SHEET_CHECKLIST}!{column_letter(COLUMN[key])}{row}"
            problems.append(Problem(path, row, where, wording.TYPED_OVER))


# The columns a reviewer fills in (the others are the checklist's own, for reading).
REVIEWER_COLUMNS = ("verified", "finding", *EVIDENCE_KEYS, "note")


def _columns_as_written(path: Path, sheet: Sheet, problems: list[Problem]) -> bool:
    """Whether the Checklist sheet's headings are the ones readiness wrote, in their places,
    with nothing typed beyond the last column; each difference is a problem at its cell."""
    found = len(problems)
    header = sheet.rows[0] if sheet.rows else []
    for n, (_, title) in enumerate(wording.COLUMNS):
        heading = _text_of(header[n]) if n < len(header) else None
        if heading is None or normalise(heading) != normalise(title):
            where = f"{wording.SHEET_CHECKLIST}!{column_letter(n)}1"
            problems.append(Problem(path, 1, where, wording.moved_column(title, heading)))
    width = len(wording.COLUMNS)
    for number, values in enumerate(sheet.rows, 1):
        for n in range(width, len(values)):
            if _text_of(values[n]) is not None:
                where = f"{wording.SHEET_CHECKLIST}!{column_letter(n)}{number}"
                problems.append(Problem(path, number, where, wording.OUTSIDE_THE_COLUMNS))
                break
    return len(problems) == found


def _read_row(
    path: Path,
    sheet: Sheet,
    row: int,
    entry: dict[str, Any],
    given: dict[str, tuple[int, Any]],
    problems: list[Problem],
) -> None:
    """One checklist row into its item's `entry`. An item may take several rows, for more
    evidence; its verified answer, finding and note are given once (`given`: where each
    was), and a row that gives another is refused rather than one silently winning."""

    def where(key: str) -> str:
        return f"{wording.SHEET_CHECKLIST}!{column_letter(COLUMN[key])}{row}"

    def keep(key: str, value: Any) -> None:
        first = given.setdefault(key, (row, value))
        if first[1] != value:
            problems.append(
                Problem(path, row, where(key), wording.given_twice(key, first[0], first[1], value))
            )
        entry[key] = first[1]

    verified = _cell(sheet, row, COLUMN["verified"])
    if verified is not None and _text_of(verified) is not None:
        if isinstance(verified, float) and verified.is_integer():
            verified = int(verified)
        number = isinstance(verified, int | float) and not isinstance(verified, bool)
        keep("verified", verified if number else _text_of(verified))
    for key in ("finding", "note"):
        text = (_typed if key == "note" else _text_of)(_cell(sheet, row, COLUMN[key]))
        if text is not None:
            keep(key, text)
    piece: dict[str, Any] = {}
    for key in EVIDENCE_KEYS:
        value = _cell(sheet, row, COLUMN[key])
        if key in ("seen", "expires"):
            day = _date(path, where(key), value, problems, row)
            if day is not None:
                piece[key] = day
        else:
            text = (_typed if key in ("title", "reference") else _text_of)(value)
            if text is not None:
                piece[key] = text
    if piece:
        entry.setdefault("evidence", []).append(piece)
