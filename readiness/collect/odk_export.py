"""ODK Central and KoboToolbox exports of our XLSForm (xlsform.py): one row per submission,
each column named by the form's naming contract, read exactly or refused.

Recognised by their headers: ODK Central's CSV starts with `SubmissionDate` and has `KEY`;
KoboToolbox's CSV or XLSX has `_uuid` and `_submission_time`. Group paths are joined with `-`
(Central) or `/` (Kobo, its default) or left out; a column's first part names the framework
(`five_mechanisms`), its last the question (`SD1`, `SD1_comment`, `DC1_no_figure`), and a
column without its groups is matched by that last part among the frameworks the form asked,
when only one of them has it. Every submission says which frameworks and versions it
answered (`readiness_frameworks`), so answers to an older version are carried forward by
the change record, and a version that is not installed is refused. The survey tools'
metadata (times, submitters, devices, attachments, tags, notes) is never imported; `KEY` and
`_uuid` identify a submission across downloads, and the reviewer's verdict (`ReviewState`,
`_validation_status`) is kept with it. Option names are read before labels; an empty cell is
not an answer. Text is imported as written: a comment starting with `=` stays that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.collect import wording, xlsform
from readiness.collect.raw import RawResponse, blank
from readiness.collect.tables import Sheet, column_letter
from readiness.collect.wording import start_of
from readiness.errors import InputError, Problem
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework

SHOWN = 5  # more problems of one kind than this are summarised in one message
# Form meta questions an XLSForm may add at its top (ODK's and Kobo's standard names), and
# the meta group's fields as a Central export without group paths names them.
FORM_METADATA = frozenset(
    {
        "instanceID",
        "instanceName",
        "deprecatedID",
        "rootUuid",
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "email",
        "phonenumber",
        "simserial",
        "subscriberid",
        "audit",
        "start-geopoint",
        "background-audio",
    }
)
INTRO_NOTE = re.compile(rf"^{xlsform.INTRO}\d+$")


@dataclass(frozen=True)
class Dialect:
    """A survey tool's export: how it joins group paths and names its metadata."""

    name: str  # "ODK Central", "KoboToolbox"
    separator: str
    identity: str  # the column identifying a submission across downloads
    review: str  # the column holding the survey reviewer's verdict
    metadata: frozenset[str]
    groups: frozenset[str]  # groups of metadata the tool adds (meta/instanceID)

    def export(self, kind: str = "") -> str:
        """'an ODK Central CSV export', 'a KoboToolbox export'."""
        article = "an" if self.name[:1] in "AEIOU" else "a"
        return f"{article} {self.name} {kind + ' ' if kind else ''}export"


# ODK Central's root-table columns (central-backend lib/data/briefcase.js).
CENTRAL = Dialect(
    "ODK Central",
    "-",
    "KEY",
    "ReviewState",
    frozenset(
        {
            "SubmissionDate",
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
        }
    ),
    frozenset({"meta"}),
)
# KoboToolbox's columns (formpack and kpi): every name starting with `_` is its metadata
# (_id, _uuid, _submission_time, _validation_status, _notes, _status, _submitted_by,
# _tags, _index, __version__, ...); no name the form uses starts with one.
KOBO = Dialect(
    "KoboToolbox",
    "/",
    "_uuid",
    "_validation_status",
    frozenset(),
    frozenset({"meta", "formhub"}),
)

# The column in which KoboToolbox keeps a submission's first `_uuid` through its edits.
KOBO_ROOT = "meta/rootUuid"

Target = tuple[str, str, str]  # (kind, framework id, item id); kind: answer, comment, none
RESERVED = {
    xlsform.ROLE: ("role", "", ""),
    xlsform.RESPONDENT: ("respondent", "", ""),
    xlsform.GENERAL: ("general", "", ""),
    xlsform.VERSIONS: ("versions", "", ""),
}


def dialect_of(header: list[Any]) -> Dialect | None:
    """The survey tool whose export has this header row, or None."""
    titles = [str(cell).strip() if cell is not None else "" for cell in header]
    if titles and titles[0] == "SubmissionDate" and "KEY" in titles:
        return CENTRAL
    if "_uuid" in titles and "_submission_time" in titles:
        return KOBO
    return None


def _column(index: int, title: str) -> str:
    return f"column {column_letter(index)} ({start_of(title)!r})"


def read_odk_export(
    path: Path, sheet: Sheet, sha: str, catalogue: Catalogue, dialect: Dialect, kind: str
) -> list[RawResponse]:
    """Every submission in an ODK Central or KoboToolbox export of our XLSForm (`kind`: CSV
    or XLSX, for what the import says it read)."""
    rows = sheet.rows
    header = ["" if cell is None else str(cell).strip() for cell in rows[0]]
    if dialect is KOBO and _labels_as_titles(header):
        raise InputError([Problem(path, 1, "", wording.KOBO_LABEL_HEADERS)])
    if all(blank(cell) for row in rows[1:] for cell in row):
        # Said first: with no submission, no framework is answered, and every question's
        # column would be told that it is not one of them.
        raise InputError([Problem(path, None, "", wording.NO_SUBMISSIONS)])
    problems = _duplicate_titles(path, header)
    versions_at = _versions_column(header, dialect)
    if versions_at is None:
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    "",
                    f"is {dialect.export()}, but has no {xlsform.VERSIONS} column, so the "
                    "framework versions answered are unknown; collect answers with the form "
                    "`readiness questionnaire --format xlsform` writes, and export all its "
                    "fields",
                )
            ]
        )
    stated = _stated_versions(path, rows, versions_at, problems)
    if any(specs is None for specs in stated.values()):
        raise InputError(_unread_versions(path, rows, header, versions_at, stated))
    asked = {framework_id for specs in stated.values() if specs for framework_id in specs}
    names = _Names(catalogue, stated)
    plan: dict[int, Target] = {}
    meta: dict[str, int] = {}
    unknown: list[str] = []
    for index, title in enumerate(header):
        if not title:
            continue
        found = _classify(title, dialect, names, asked)
        if found is None:
            unknown.append(_column(index, title))
        elif isinstance(found, str):
            if found.startswith("!"):
                problems.append(Problem(path, 1, "", f"{_column(index, title)}: {found[1:]}"))
            elif found != "ignore":
                meta.setdefault(found, index)
        else:
            plan[index] = found
    problems += _unknown(path, unknown, dialect)
    problems += _same_target(path, header, plan)
    if problems:
        raise InputError(problems)
    return _responses(path, rows, header, plan, meta, stated, sha, dialect, kind)


# What the form's questions that every form has are labelled (readiness_frameworks, a
# calculation, has no label, so a label export still finds it).
_ALWAYS_LABELLED = (
    wording.STAFF_ID_LABEL,
    wording.CLIENT_ID_LABEL,
    wording.XLSFORM_GENERAL_QUESTION,
)


def _labels_as_titles(header: list[str]) -> bool:
    """Whether a KoboToolbox export's columns are titled with the questions' labels (its
    'Labels' option), which cannot be read back to the form's questions: several share one
    ("Your comments (optional)"), and a label may hold the group separator."""
    return any(
        title == label or title.endswith("/" + label)
        for title in header
        for label in _ALWAYS_LABELLED
    )


def _duplicate_titles(path: Path, header: list[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, title in enumerate(header):
        if not title:
            continue
        if title in seen:
            problems.append(
                Problem(
                    path,
                    1,
                    "",
                    f"{_column(seen[title], title)} and column {column_letter(index)} have the "
                    "same title, so which holds the answer cannot be told; export again without "
                    "editing the header row",
                )
            )
        else:
            seen[title] = index
    return problems


def _versions_column(header: list[str], dialect: Dialect) -> int | None:
    for index, title in enumerate(header):
        if title.split(dialect.separator)[-1] == xlsform.VERSIONS:
            return index
    return None


def _stated_versions(
    path: Path, rows: list[list[Any]], column: int, problems: list[Problem]
) -> dict[str, dict[str, str] | None]:
    """Each distinct `readiness_frameworks` value, read as {framework id: version} (None when
    it cannot be read; the rows holding it are reported when they are read). A blank row
    (a spreadsheet's trailing empty line) is no submission and states nothing."""
    found: dict[str, dict[str, str] | None] = {}
    for row in rows[1:]:
        if all(blank(cell) for cell in row):
            continue
        value = row[column] if column < len(row) else None
        text = "" if value is None else str(value).strip()
        if text in found:
            continue
        specs: dict[str, str] | None = {}
        for spec in text.split(xlsform.SPEC_SEPARATOR) if text else []:
            framework_id, at, version = spec.strip().partition("@")
            if not at or not framework_id or not version or specs is None:
                specs = None
                continue
            specs[framework_id] = version
        found[text] = specs if text else None
    return found


def _unread_versions(
    path: Path,
    rows: list[list[Any]],
    header: list[str],
    column: int,
    stated: dict[str, dict[str, str] | None],
) -> list[Problem]:
    """The first rows whose `readiness_frameworks` cannot be read, each named."""
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        value = row[column] if column < len(row) else None
        text = "" if value is None else str(value).strip()
        if stated.get(text, {}) is None and not all(blank(cell) for cell in row):
            problems.append(
                Problem(
                    path,
                    None,
                    "",
                    f"row {number}: {_column(column, header[column])} should list the "
                    f"frameworks answered (framework@version;...), not {text!r}; export the "
                    "form's data again",
                )
            )
            if len(problems) >= SHOWN:
                break
    return problems


class _Names:
    """The names the form gave each framework's questions (xlsform.py's contract), for every
    version of it the export says it answered."""

    def __init__(self, catalogue: Catalogue, stated: dict[str, dict[str, str] | None]) -> None:
        self.groups = {
            xlsform.xml_name(framework_id): framework_id for framework_id in catalogue.ids()
        }
        self.leaves: dict[str, dict[str, Target | None]] = {}
        for specs in stated.values():
            for framework_id, version in (specs or {}).items():
                framework = catalogue.get(framework_id, version) or catalogue.get(framework_id)
                if framework is not None:
                    self._add(framework)

    def _add(self, framework: Framework) -> None:
        table = self.leaves.setdefault(framework.id, {})
        for item in framework.items.values():
            name = xlsform.xml_name(item.id)
            for leaf, kind in (
                (name, "answer"),
                (name + xlsform.COMMENT_SUFFIX, "comment"),
                (name + xlsform.NO_FIGURE_SUFFIX, "none"),
            ):
                target = (kind, framework.id, item.id)
                if table.get(leaf, target) != target:
                    table[leaf] = None  # two items read alike: refused if a column names it
                else:
                    table[leaf] = target

    def find(self, leaf: str, framework_id: str | None) -> tuple[Target | None, str]:
        """The question `leaf` names (in `framework_id`'s group, or among all the
        frameworks asked), or (None, why not; '' when no question has that name)."""
        tables = (
            {framework_id: self.leaves.get(framework_id, {})}
            if framework_id is not None
            else self.leaves
        )
        found = [(fid, table[leaf]) for fid, table in tables.items() if leaf in table]
        if not found:
            return None, ""
        if len(found) > 1:
            where = ", ".join(fid for fid, _ in found)
            return None, (
                f"names a question of several frameworks ({where}); export with the group "
                "names in the column titles (ODK Central: group paths on; KoboToolbox: "
                "include groups in headers)"
            )
        target = found[0][1]
        if target is None:
            return None, "names two questions of one framework; rename one of the items"
        return target, ""


def _classify(title: str, dialect: Dialect, names: _Names, asked: set[str]) -> Target | str | None:
    """What a column holds: a question's target; a metadata name ('identity', 'review'),
    'ignore', or '!why it is refused'; None when it is not a question of the form."""
    if title == dialect.identity:
        return "identity"
    if title == dialect.review:
        return "review"
    if title in dialect.metadata or (dialect is KOBO and title.startswith("_")):
        return "ignore"
    parts = title.split(dialect.separator)
    if dialect is CENTRAL and "/" in parts[-1]:
        # ODK Central's split select-multiple columns (`g1-q2/m`, 0 or 1).
        return _select_multiple([*parts[:-1], parts[-1].split("/")[0]], names)
    leaf = parts[-1]
    framework_id = names.groups.get(parts[0]) if len(parts) > 1 else None
    if framework_id is None:
        if len(parts) > 1 and parts[0] in dialect.groups:
            return "ignore"  # meta/instanceID, formhub/uuid
        if title in FORM_METADATA or INTRO_NOTE.match(leaf):
            return "ignore"
        if leaf in RESERVED and (len(parts) == 1 or parts[:-1] == [xlsform.ABOUT]):
            reserved = RESERVED[leaf]
            return "ignore" if reserved[0] == "versions" else reserved
    elif framework_id not in asked:
        return (
            f"!is a question of {framework_id}, but the submissions' {xlsform.VERSIONS} do "
            "not list that framework; export the form's data again"
        )
    target, why = names.find(leaf, framework_id)
    if why:
        return "!" + why
    if target is None and len(parts) > 1:
        return _select_multiple(parts[:-1], names)  # KoboToolbox's `SD1/agree`
    return target


def _select_multiple(question: list[str], names: _Names) -> str | None:
    """A column of one option of a select-multiple question (`question` is the path to it):
    refused when the question is ours, since each of our questions takes one answer."""
    framework_id = names.groups.get(question[0]) if len(question) > 1 else None
    target, _ = names.find(question[-1], framework_id)
    if target is None:
        return None
    return (
        "!is one option of a select-multiple question, but each question of the form takes "
        "one answer (select_one); deploy the form as `readiness questionnaire --format "
        "xlsform` wrote it"
    )


def _unknown(path: Path, unknown: list[str], dialect: Dialect) -> list[Problem]:
    remedy = (
        "it is not a question of the form `readiness questionnaire --format xlsform` writes; "
        "remove the question from the form, or the column from the export"
    )
    if dialect is KOBO:
        remedy += " (and export with 'XML values and headers', group separator '/')"
    if len(unknown) <= SHOWN:
        return [Problem(path, 1, "", f"{name}: {remedy}") for name in unknown]
    shown = ", ".join(unknown[:SHOWN])
    return [
        Problem(
            path,
            1,
            "",
            f"{len(unknown):,} columns are not questions of the form: {shown} and "
            f"{len(unknown) - SHOWN:,} more; {remedy}",
        )
    ]


def _same_target(path: Path, header: list[str], plan: dict[int, Target]) -> list[Problem]:
    first: dict[Target, int] = {}
    problems = []
    for index, target in plan.items():
        if target in first and header[first[target]] != header[index]:  # (a title twice)
            problems.append(
                Problem(
                    path,
                    1,
                    "",
                    f"{_column(first[target], header[first[target]])} and "
                    f"{_column(index, header[index])} are the same question; keep one of them",
                )
            )
        else:
            first[target] = index
    return problems


def _responses(
    path: Path,
    rows: list[list[Any]],
    header: list[str],
    plan: dict[int, Target],
    meta: dict[str, int],
    stated: dict[str, dict[str, str] | None],
    sha: str,
    dialect: Dialect,
    kind: str,
) -> list[RawResponse]:
    where: dict[tuple[str, str], str] = {}
    for index, (what, framework_id, item_id) in plan.items():
        name = _column(index, header[index])
        if what == "general":
            where[("", "general_comment")] = name
        elif what == "comment":
            where[(framework_id, f"{item_id}/comment")] = name
        elif what in ("answer", "none"):
            where.setdefault((framework_id, item_id), name)
    versions_at = _versions_column(header, dialect)
    assert versions_at is not None
    columns = sorted(plan.items())
    width = len(header)
    untitled = [i for i, title in enumerate(header) if not title]
    identity_at, review_at = meta.get("identity"), meta.get("review")
    # KoboToolbox gives an edited submission a new _uuid; its rootUuid stays the first's.
    root_at = header.index(KOBO_ROOT) if dialect is KOBO and KOBO_ROOT in header else None
    read_as = dialect.export(kind)
    problems: list[Problem] = []
    responses = []
    for number, row in enumerate(rows[1:], start=2):
        if all(blank(cell) for cell in row):
            continue
        outside = [i for i in untitled if i < len(row) and not blank(row[i])]
        if len(row) > width:
            outside += [i for i in range(width, len(row)) if not blank(row[i])]
        if outside:
            problems.append(
                Problem(
                    path,
                    None,
                    "",
                    f"row {number}: column {column_letter(outside[0])} has a value but no "
                    "title in row 1; export the form's data again without editing it",
                )
            )
            continue
        value = row[versions_at] if versions_at < len(row) else None
        text = "" if value is None else str(value).strip()
        specs = stated.get(text)
        if specs is None:
            problems.append(
                Problem(
                    path,
                    None,
                    "",
                    f"row {number}: {_column(versions_at, header[versions_at])} should list the "
                    f"frameworks answered (framework@version;...), not {text!r}; export the "
                    "form's data again",
                )
            )
            continue
        response = RawResponse(source=path, sha256=sha, row=number, where=where)
        response.versions = dict(specs)
        response.read_as = read_as
        key = row[identity_at] if identity_at is not None and identity_at < len(row) else None
        root = row[root_at] if root_at is not None and root_at < len(row) else None
        if not blank(root):
            # "uuid:" and the first version's _uuid: unedited, the same key as its _uuid.
            key = str(root).strip().removeprefix("uuid:")
        if not blank(key):
            response.row_identity = f"{dialect.identity}:{str(key).strip()}"
            response.row_identity_unique = True
        state = row[review_at] if review_at is not None and review_at < len(row) else None
        response.review_state = None if blank(state) else str(state).strip()
        figures: dict[tuple[str, str], int] = {}
        for index, (what, framework_id, item_id) in columns:
            cell = row[index] if index < len(row) else None
            if blank(cell):
                continue  # an empty cell is not an answer
            if what in ("answer", "none"):
                answer = cell.strip() if isinstance(cell, str) else cell
                given = response.answers.setdefault(framework_id, {})
                if item_id in given:
                    other = figures[(framework_id, item_id)]
                    problems.append(
                        Problem(
                            path,
                            None,
                            "",
                            f"row {number}: {_column(other, header[other])} and "
                            f"{_column(index, header[index])} both answer {framework_id} "
                            f"{item_id} ({given[item_id]!r} and {answer!r}); keep one",
                        )
                    )
                    continue
                given[item_id] = answer
                figures[(framework_id, item_id)] = index
                if what == "none":  # messages name the column the answer is in
                    if response.where is where:
                        response.where = dict(where)
                    response.where[(framework_id, item_id)] = _column(index, header[index])
            elif what == "comment":
                response.comments.setdefault(framework_id, {})[item_id] = cell
            elif what == "general":
                response.general_comment = cell
            elif what == "role":
                response.role = str(cell).strip()
            else:
                response.respondent_id = str(cell).strip()
        responses.append(response)
        if len(problems) > 50:
            break
    if problems:
        raise InputError(problems)
    if not responses:
        raise InputError([Problem(path, None, "", wording.NO_SUBMISSIONS)])
    return responses
