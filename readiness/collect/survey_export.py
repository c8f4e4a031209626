"""Survey exports (Microsoft Forms, Google Forms): one row per respondent, one column per question.

Columns are matched to items by item id (a title starting "SD1." or "[SD1]"), by a Google Forms
grid row ("How far do you agree? [SD1. text]" or "... [item text]") or by the question's text,
ignoring case, spacing and curly quotes, never by position. Answers are matched by code or
label. A general comments column ("Any other comments?") is the respondent's general comment.
A mapping file covers the rest:

    columns:
      "How clear is SP to you?": five-mechanisms/SD1
      "Any thoughts on SD1?": five-mechanisms/SD1/comment
      "Final thoughts": general
      "Job title": role
      "Staff number": ignore
    answers:
      "Totally agree": strongly_agree

Nothing is guessed: a column matching no question, two columns giving one item different
answers, a title whose id and text name different items, or cells outside the titled columns
are all refused, naming the columns (and rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.collect.raw import RawResponse, blank
from readiness.collect.tables import Sheet, column_letter
from readiness.collect.wording import start_of
from readiness.errors import InputError, Problem
from readiness.framework.catalogue import Catalogue
from readiness.schema import did_you_mean
from readiness.textmatch import normalise
from readiness.yamlio import load_yaml

ROLE_HEADERS = {
    "role",
    "your role",
    "what is your role?",
    "what is your role",
    "job role",
    "respondent role",
}
ID_HEADERS = {"respondent", "respondent id", "pseudonym", "your pseudonym"}
GENERAL_HEADERS = {
    "any other comments",
    "any other comment",
    "any further comments",
    "any additional comments",
    "additional comments",
    "other comments",
    "general comments",
    "comments",
    "anything else",
    "anything else to add",
    "anything else you would like to add",
    "anything else you would like to tell us",
    "is there anything else you would like to add",
    "is there anything else you would like to tell us",
    "any other feedback",
}
# Columns survey tools add. Names and emails are personal data and are never imported; the
# ID and times only identify a row across downloads (as a hash, never stored as written).
METADATA_HEADERS = {
    "id",
    "timestamp",
    "start time",
    "completion time",
    "email",
    "name",
    "last modified time",
    "email address",
    "total points",
    "quiz feedback",
    "response id",
    "submitted at",
    "language",
}
# A survey tool's reviewer verdict per submission (ODK Central, KoboToolbox): kept with each
# respondent; rejected submissions are set aside unless the import is told to include them.
REVIEW_STATE_HEADERS = {"reviewstate", "review state", "_validation_status", "validation status"}
ITEM_ID_TITLE = re.compile(r"^\s*\[?([A-Za-z0-9][A-Za-z0-9_.-]*?)\]?\s*[.:)\-–]\s+(.*)$")
BRACKETED_ID = re.compile(r"^\s*\[([A-Za-z0-9][A-Za-z0-9_.-]*)\]\s*(.*)$")
GRID_ROW = re.compile(r"^(.+?)\s*\[([^\[\]]+)\]$")  # Google Forms: "Question [row]"
UNMATCHED_SHOWN = 5  # more unmatched columns than this are summarised in one message

Target = tuple[str, str, str]  # (kind, framework id, item id)


@dataclass(frozen=True)
class _Column:
    index: int
    title: str

    @property
    def name(self) -> str:
        return f"column {column_letter(self.index)} ({start_of(self.title)!r})"


def _mapping(path: Path | None) -> tuple[dict[str, str], dict[str, str], dict[str, int | None]]:
    """A mapping file's columns and answers, each keyed by its normalised text, and the line
    of each column's entry."""
    if path is None:
        return {}, {}, {}
    doc = load_yaml(path)
    data = doc.data if isinstance(doc.data, dict) else None
    problems = []
    if data is None or set(data) - {"columns", "answers"}:
        problems.append(
            Problem(path, doc.line(()), "", "a mapping file has two sections: columns and answers")
        )
        raise InputError(problems)
    columns = data.get("columns") or {}
    answers = data.get("answers") or {}
    if not isinstance(columns, dict) or not isinstance(answers, dict):
        raise InputError(
            [Problem(path, doc.line(()), "", "columns and answers must each map text to text")]
        )
    for section, entries in (("columns", columns), ("answers", answers)):
        for key, value in entries.items():
            if not (_words(key) and _words(value)):
                problems.append(
                    Problem(
                        path,
                        doc.line((section, key)),
                        f"{section}.{key}",
                        f"{section} map text to text: give the "
                        + ("column's target" if section == "columns" else "answer's code")
                        + " as text, one to each, not a list or a mapping",
                    )
                )
    if problems:
        raise InputError(problems)
    return (
        {normalise(str(k)): str(v) for k, v in columns.items()},
        {normalise(str(k)): str(v) for k, v in answers.items()},
        {normalise(str(k)): doc.line(("columns", k)) for k in columns},
    )


def _words(value: object) -> bool:
    """Whether a mapping file's key or value is text (or a number or date, read as the text
    it was written as): not a list, a mapping, or nothing."""
    return value is not None and not isinstance(value, list | dict)


def read_export(
    path: Path,
    sheet: Sheet,
    sha: str,
    catalogue: Catalogue,
    mapping_file: Path | None,
    service_name: str | None = None,
    site_name: str | None = None,
) -> list[RawResponse]:
    """Every respondent row of a survey export (the first sheet of a workbook, or a CSV).
    A question title may name the service and the site in the frameworks' neutral words or,
    with `service_name` and `site_name`, in the site's own (as its questionnaires were
    written)."""
    rows = sheet.rows
    if not rows or all(blank(cell) for cell in rows[0]):
        raise InputError([Problem(path, 1, "", "has no header row of question titles")])
    header = [("" if cell is None else str(cell)) for cell in rows[0]]
    columns, answer_map, column_lines = _mapping(mapping_file)
    # Each question once, under its home: a fact asked once (delivery-conditions DC8) and
    # reused elsewhere with `from:` (five-mechanisms SC1) is one question, not two.
    by_id: dict[str, list[tuple[str, str]]] = {}
    by_text: dict[str, list[tuple[str, str]]] = {}
    for framework in catalogue.frameworks.values():
        for item in framework.items.values():
            home = home_of(framework.id, item.id, catalogue)
            texts = {item.text, item.worded(service_name, site_name).text}
            for names in (
                by_id.setdefault(item.id.casefold(), []),
                *(by_text.setdefault(normalise(text).rstrip(" *"), []) for text in texts),
            ):
                if home not in names:
                    names.append(home)
    problems: list[Problem] = []
    plan: dict[int, Target] = {}
    metadata: dict[str, int] = {}
    unmatched: list[_Column] = []
    for index, title in enumerate(header):
        column = _Column(index, title)
        full = normalise(title)
        key = full.rstrip(" *")  # a required question's marker is not part of its title
        target = columns.get(full, columns.get(key))
        if not key and target is None:
            if full:  # only the marker: no question is named, and its answers would be lost
                unmatched.append(column)
            continue
        if target is not None:
            parsed = _target(target, catalogue)
            if parsed is None:
                problems.append(
                    Problem(
                        mapping_file,
                        column_lines.get(full, column_lines.get(key)),
                        "columns",
                        f"{column.name}: mapping target {target!r} "
                        f"{_target_problem(target, catalogue)}",
                    )
                )
            elif parsed[0] != "ignore":
                plan[index] = parsed
            continue
        if key in ROLE_HEADERS:
            plan[index] = ("role", "", "")
        elif key in ID_HEADERS:
            plan[index] = ("respondent", "", "")
        elif key in METADATA_HEADERS:
            metadata.setdefault(key, index)
        elif key in REVIEW_STATE_HEADERS:
            metadata.setdefault("review state", index)
        elif key.rstrip(" ?.!:") in GENERAL_HEADERS:
            plan[index] = ("general", "", "")
        else:
            found, trouble = _match_question(key, by_id, by_text)
            if trouble:
                problems.append(Problem(path, 1, "", f"{column.name}: {trouble}"))
            elif found is None:
                unmatched.append(column)
            else:
                plan[index] = found
    problems.extend(_unmatched(path, unmatched))
    problems.extend(_outside_columns(path, rows, header))
    if not problems:
        problems.extend(_duplicates(path, rows, header, plan))
    if problems:
        raise InputError(problems)
    return _responses(path, rows, header, plan, metadata, sha, answer_map)


def _unmatched(path: Path, unmatched: list[_Column]) -> list[Problem]:
    remedy = "map it in a --mapping file (or map it to ignore)"
    if len(unmatched) <= UNMATCHED_SHOWN:
        return [
            Problem(path, 1, "", f"{c.name}: not matched to any question; {remedy}")
            for c in unmatched
        ]
    shown = ", ".join(c.name for c in unmatched[:UNMATCHED_SHOWN])
    more = len(unmatched) - UNMATCHED_SHOWN
    return [
        Problem(
            path,
            1,
            "",
            f"{len(unmatched):,} columns are not matched to any question: {shown} and {more:,} "
            "more; map each in a --mapping file (or map them to ignore)",
        )
    ]


def _outside_columns(path: Path, rows: list[list[Any]], header: list[str]) -> list[Problem]:
    """Answers in a column without a title would be lost: refuse them (the first of each)."""
    problems = []
    untitled = {i for i, title in enumerate(header) if not title.strip()}
    reported: set[int] = set()
    width = len(header)
    for number, row in enumerate(rows[1:], start=2):
        if not untitled and len(row) <= width:
            continue  # every cell of this row is under a title
        for index, value in enumerate(row):
            if blank(value) or index in reported:
                continue
            if index >= len(header) or index in untitled:
                reported.add(index)
                problems.append(
                    Problem(
                        path,
                        number,
                        "",
                        f"row {number}: column {column_letter(index)} has an answer but no "
                        "question title in row 1; add the title (and map it in a --mapping "
                        "file if it is not a question)",
                    )
                )
        if len(reported) >= UNMATCHED_SHOWN:
            break
    return problems


def _duplicates(
    path: Path, rows: list[list[Any]], header: list[str], plan: dict[int, Target]
) -> list[Problem]:
    """Two columns for one item may merge only when no row gives them different answers."""
    by_target: dict[Target, list[int]] = {}
    for index, target in plan.items():
        by_target.setdefault(target, []).append(index)
    problems = []
    for target, indexes in by_target.items():
        if len(indexes) < 2:
            continue
        first = indexes[0]
        for other in indexes[1:]:
            for number, row in enumerate(rows[1:], start=2):
                a = row[first] if first < len(row) else None
                b = row[other] if other < len(row) else None
                if blank(a) or blank(b) or str(a).strip() == str(b).strip():
                    continue
                what = _describe(target)
                problems.append(
                    Problem(
                        path,
                        number,
                        "",
                        f"{_Column(first, header[first]).name} and "
                        f"{_Column(other, header[other]).name} are both {what}, and row "
                        f"{number} gives them different answers ({_cut(a)} and {_cut(b)}); "
                        "keep one of the columns, or map the other to ignore",
                    )
                )
                break
    return problems


def _describe(target: Target) -> str:
    kind, framework_id, item_id = target
    if kind == "answer":
        return f"{framework_id}/{item_id}"
    if kind == "comment":
        return f"the comment on {framework_id}/{item_id}"
    return {"general": "the general comment", "role": "the role", "respondent": "the pseudonym"}[
        kind
    ]


def _cut(value: Any) -> str:
    text = str(value).strip()
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _responses(
    path: Path,
    rows: list[list[Any]],
    header: list[str],
    plan: dict[int, Target],
    metadata: dict[str, int],
    sha: str,
    answer_map: dict[str, str],
) -> list[RawResponse]:
    responses = []
    # Where each value is found, for messages: the same columns for every row, so one mapping
    # is shared by all of the export's responses (the first column, when two name one item).
    where: dict[tuple[str, str], str] = {}
    columns: list[tuple[int, str, str, str]] = []
    for index, (kind, framework_id, item_id) in plan.items():
        name = _Column(index, header[index]).name
        if kind == "general":
            where.setdefault(("", "general_comment"), name)
        elif kind == "comment":
            where.setdefault((framework_id, f"{item_id}/comment"), name)
        elif kind == "answer":
            where.setdefault((framework_id, item_id), name)
        columns.append((index, kind, framework_id, item_id))
    mapped: dict[str, str] = {}

    def map_answer(text: str) -> str:
        if not answer_map:
            return text
        found = mapped.get(text)
        if found is None:
            found = mapped[text] = answer_map.get(normalise(text), text)
        return found

    for row_number, row in enumerate(rows[1:], start=2):
        if all(blank(cell) for cell in row):
            continue
        response = RawResponse(source=path, sha256=sha, row=row_number, where=where)
        response.row_identity = _identity(row, metadata)
        response.review_state = _review_state(row, metadata)
        answers = response.answers
        comments = response.comments
        width = len(row)
        for index, kind, framework_id, item_id in columns:
            value = row[index] if index < width else None
            if value is None:
                continue
            # A leading apostrophe is kept: in an export it is what the person typed (a
            # spreadsheet keeps its own text marker out of the cell's value).
            if isinstance(value, str) and blank(value):
                continue
            if kind == "answer":
                if isinstance(value, str):
                    value = map_answer(value.strip())
                if framework_id in answers:
                    answers[framework_id][item_id] = value
                else:
                    answers[framework_id] = {item_id: value}
            elif kind == "comment":
                comments.setdefault(framework_id, {})[item_id] = value
            elif kind == "general":
                response.general_comment = value
            else:
                text = str(map_answer(value.strip()) if isinstance(value, str) else value)
                if kind == "role":
                    response.role = text
                else:
                    response.respondent_id = text
        responses.append(response)
    if not responses:
        raise InputError([Problem(path, None, "", "has a header row but no answers")])
    return responses


def _review_state(row: list[Any], metadata: dict[str, int]) -> str | None:
    """The survey reviewer's verdict on this row, as written, or None."""
    index = metadata.get("review state")
    value = row[index] if index is not None and index < len(row) else None
    return None if blank(value) else str(value).strip()


def _identity(row: list[Any], metadata: dict[str, int]) -> str | None:
    """What identifies this row in every download of the same survey, or None."""

    def cell(name: str) -> str:
        index = metadata.get(name)
        value = row[index] if index is not None and index < len(row) else None
        return "" if value is None else str(value).strip()

    if cell("id"):
        times = "|".join(cell(n) for n in ("start time", "completion time"))
        return f"microsoft-forms:{cell('id')}|{times}"
    if cell("response id"):
        return f"response-id:{cell('response id')}"
    if cell("timestamp"):
        return f"google-forms:{cell('timestamp')}"
    return None


def _target(target: str, catalogue: Catalogue) -> Target | None:
    if target in ("role", "respondent", "ignore", "general"):
        return (target, "", "")
    parts = target.split("/")
    if len(parts) in (2, 3) and catalogue.get(parts[0]) is not None:
        framework = catalogue.frameworks[parts[0]]
        if parts[1] in framework.items and (len(parts) == 2 or parts[2] == "comment"):
            return (
                "comment" if len(parts) == 3 else "answer",
                *home_of(parts[0], parts[1], catalogue),
            )
    return None


def _target_problem(target: str, catalogue: Catalogue) -> str:
    """What is wrong with a mapping file's target, with the nearest that would do."""
    parts = target.split("/")
    shape = "should be FRAMEWORK/ITEM, FRAMEWORK/ITEM/comment, general, role, respondent or ignore"
    if len(parts) not in (2, 3):
        return shape + did_you_mean(target, ["general", "role", "respondent", "ignore"])
    framework = catalogue.get(parts[0])
    if framework is None:
        return f"names no framework {parts[0]!r}{did_you_mean(parts[0], catalogue.ids())}"
    if parts[1] not in framework.items:
        hint = did_you_mean(parts[1], list(framework.items))
        return f"names no item {parts[1]!r} of {framework.id}{hint}"
    return f"{shape} (the third part is comment, not {parts[2]!r})"


def home_of(framework_id: str, item_id: str, catalogue: Catalogue) -> tuple[str, str]:
    """Where the answer to a framework's item is kept: the item itself, or for an item asked
    once elsewhere (`from:`), its home item (when the assessment uses that version of the
    home framework; otherwise the import refuses it, naming both versions)."""
    framework = catalogue.get(framework_id)
    ref = framework.items[item_id].ref if framework is not None else None
    if ref is None:
        return framework_id, item_id
    home = catalogue.get(ref.framework_id)
    if home is None or home.version != ref.version:
        return framework_id, item_id
    return ref.framework_id, ref.item_id


def _match_question(
    key: str,
    by_id: dict[str, list[tuple[str, str]]],
    by_text: dict[str, list[tuple[str, str]]],
) -> tuple[Target | None, str]:
    """The item a column title names, or (None, why it is refused) / (None, "") unmatched."""
    comment = False
    for marker in ("comment on ", "comments on ", "comment: ", "comment - "):
        if key.startswith(marker):
            key, comment = key[len(marker) :], True
    for marker in (" (comment)", " - comment", " comment", " comments"):
        if key.endswith(marker):
            key, comment = key[: -len(marker)], True
    kind = "comment" if comment else "answer"
    found, trouble = _item_named(key, by_id, by_text)
    if found is None and not trouble:
        grid = GRID_ROW.match(key)
        if grid:  # a Google Forms grid row: the bracket names the item
            found, trouble = _item_named(grid.group(2).strip(), by_id, by_text)
    if found is None:
        return None, trouble
    return (kind, *found), ""


def _item_named(
    key: str,
    by_id: dict[str, list[tuple[str, str]]],
    by_text: dict[str, list[tuple[str, str]]],
) -> tuple[tuple[str, str] | None, str]:
    match = BRACKETED_ID.match(key) or ITEM_ID_TITLE.match(key)
    if match and match.group(1).casefold() in by_id:
        ids = by_id[match.group(1).casefold()]
        text_names = by_text.get(match.group(2).strip().rstrip(" *"), [])
        named = [home for home in ids if home in text_names] if text_names else ids
        if text_names and not named:
            return None, (
                f"its id names {_names(ids)} but its question is {_names(text_names)}; "
                "correct the title, or map the column in a --mapping file"
            )
        return _one(named)
    if key.strip("[]") in by_id:
        return _one(by_id[key.strip("[]")])
    return _one(by_text.get(key.rstrip(" *"), []))


def _one(candidates: list[tuple[str, str]]) -> tuple[tuple[str, str] | None, str]:
    """The one question the candidates name, or why there is none."""
    if len(candidates) == 1:
        return candidates[0], ""
    if len(candidates) > 1:
        return (
            None,
            f"matches questions in several frameworks ({_names(candidates)}); map it in a "
            "--mapping file",
        )
    return None, ""


def _names(found: list[tuple[str, str]]) -> str:
    return ", ".join(f"{f}/{i}" for f, i in found)
