"""Survey exports (Microsoft Forms, Google Forms): one row per respondent, one column per question.

Columns are matched to items by item id (a title starting "SD1." or "[SD1]") or by the
question's text, ignoring case, spacing and curly quotes, never by position. Answers are
matched by code or label. A mapping file covers the rest:

    columns:
      "How clear is SP to you?": five-mechanisms/SD1
      "Any thoughts on SD1?": five-mechanisms/SD1/comment
      "Job title": role
      "Staff number": ignore
    answers:
      "Totally agree": strongly_agree
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from readiness.collect.matching import normalise
from readiness.collect.raw import RawResponse
from readiness.errors import InputError, Problem
from readiness.framework.catalogue import Catalogue
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
# Columns survey tools add. Names and emails are personal data and are never imported.
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
ITEM_ID_TITLE = re.compile(r"^\s*\[?([A-Za-z0-9][A-Za-z0-9_.-]*?)\]?\s*[.:)\-–]\s+(.*)$")
BRACKETED_ID = re.compile(r"^\s*\[([A-Za-z0-9][A-Za-z0-9_.-]*)\]\s*(.*)$")


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _table(path: Path, raw: bytes) -> list[list[Any]]:
    if raw.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(raw), data_only=True, read_only=True)
        except Exception as exc:  # a damaged or foreign file
            raise InputError(
                [
                    Problem(
                        path, None, "", f"cannot be read as a workbook ({exc.__class__.__name__})"
                    )
                ]
            ) from None
        sheet = wb.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's 'CSV' on Windows
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:  # e.g. an unclosed quote or an enormous field
        raise InputError([Problem(path, None, "", f"cannot be read as CSV: {exc}")]) from None


def _mapping(path: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    if path is None:
        return {}, {}
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
    return (
        {normalise(str(k)): str(v) for k, v in columns.items()},
        {normalise(str(k)): str(v) for k, v in answers.items()},
    )


def read_export(
    path: Path, raw: bytes, sha: str, catalogue: Catalogue, mapping_file: Path | None
) -> list[RawResponse]:
    """Every respondent row of a survey export."""
    rows = _table(path, raw)
    if not rows or not any(cell not in (None, "") for cell in rows[0]):
        raise InputError([Problem(path, 1, "", "has no header row of question titles")])
    columns, answer_map = _mapping(mapping_file)
    by_id: dict[str, tuple[str, str]] = {}
    by_text: dict[str, list[tuple[str, str]]] = {}
    for framework in catalogue.frameworks.values():
        for item in framework.items.values():
            by_id.setdefault(item.id.casefold(), (framework.id, item.id))
            by_text.setdefault(normalise(item.text).rstrip(" *"), []).append(
                (framework.id, item.id)
            )
    problems: list[Problem] = []
    plan: dict[int, tuple[str, str, str]] = {}  # column -> (kind, framework, item)
    for index, header in enumerate(rows[0]):
        title = "" if header is None else str(header)
        key = normalise(title).rstrip(" *")
        where = f"column {_letter(index)} ({title!r})"
        if not key:
            continue
        target = columns.get(key)
        if target is not None:
            parsed = _target(target, catalogue)
            if parsed is None:
                problems.append(
                    Problem(
                        mapping_file,
                        None,
                        "columns",
                        f"{where}: mapping "
                        f"target {target!r} should be FRAMEWORK/ITEM, "
                        "FRAMEWORK/ITEM/comment, role, respondent or ignore",
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
            continue
        else:
            found = _match_question(key, by_id, by_text)
            if found is None:
                problems.append(
                    Problem(
                        path,
                        1,
                        "",
                        f"{where}: not matched to any question; "
                        "map it in a --mapping file (or map it to ignore)",
                    )
                )
            elif found[0] == "ambiguous":
                problems.append(
                    Problem(
                        path,
                        1,
                        "",
                        f"{where}: matches questions in several "
                        f"frameworks ({found[1]}); map it in a --mapping file",
                    )
                )
            else:
                plan[index] = found
    if problems:
        raise InputError(problems)
    responses = []
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        response = RawResponse(source=path, sha256=sha, row=row_number)
        for index, (kind, framework_id, item_id) in plan.items():
            value = row[index] if index < len(row) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, str):
                value = value.strip()
                value = answer_map.get(normalise(value), value)
            if kind == "role":
                response.role = str(value)
            elif kind == "respondent":
                response.respondent_id = str(value)
            elif kind == "comment":
                response.comments.setdefault(framework_id, {})[item_id] = str(value)
            else:
                response.answers.setdefault(framework_id, {})[item_id] = value
                response.where[(framework_id, item_id)] = (
                    f"column {_letter(index)} ({rows[0][index]!s:.40})"
                )
        responses.append(response)
    if not responses:
        raise InputError([Problem(path, None, "", "has a header row but no answers")])
    return responses


def _target(target: str, catalogue: Catalogue) -> tuple[str, str, str] | None:
    if target in ("role", "respondent", "ignore"):
        return (target, "", "")
    parts = target.split("/")
    if len(parts) in (2, 3) and catalogue.get(parts[0]) is not None:
        framework = catalogue.frameworks[parts[0]]
        if parts[1] in framework.items and (len(parts) == 2 or parts[2] == "comment"):
            return ("comment" if len(parts) == 3 else "answer", parts[0], parts[1])
    return None


def _match_question(
    key: str,
    by_id: dict[str, tuple[str, str]],
    by_text: dict[str, list[tuple[str, str]]],
) -> tuple[str, str, str] | None:
    comment = False
    for marker in ("comment on ", "comments on ", "comment: ", "comment - "):
        if key.startswith(marker):
            key, comment = key[len(marker) :], True
    for marker in (" (comment)", " - comment", " comment", " comments"):
        if key.endswith(marker):
            key, comment = key[: -len(marker)], True
    kind = "comment" if comment else "answer"
    match = BRACKETED_ID.match(key) or ITEM_ID_TITLE.match(key)
    if match and match.group(1).casefold() in by_id:
        framework_id, item_id = by_id[match.group(1).casefold()]
        return (kind, framework_id, item_id)
    if key.strip("[]") in by_id:
        framework_id, item_id = by_id[key.strip("[]")]
        return (kind, framework_id, item_id)
    candidates = by_text.get(key.rstrip(" *"), [])
    if len(candidates) == 1:
        return (kind, *candidates[0])
    if len(candidates) > 1:
        return ("ambiguous", ", ".join(f"{f}/{i}" for f, i in candidates), "")
    return None
