"""Reading one file of answers, whatever its kind: a filled PDF or Excel/OpenDocument
questionnaire, a YAML respondent file, an ODK Central or KoboToolbox export of our XLSForm, or a
Microsoft or Google Forms export (CSV, XLSX, ODS).

Every file is checked before it is read: a regular file of at most 20 MiB.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from readiness.assessment.format import RESPONDENT_FILE, import_record
from readiness.collect import wording
from readiness.collect.questionnaire import record_text, written_from_other_text
from readiness.collect.raw import RawResponse, blank
from readiness.collect.tables import Sheet, read_csv, read_ods, read_xlsx
from readiness.collect.yaml_form import WrittenComments, typed_comments
from readiness.errors import InputError, Problem
from readiness.framework.catalogue import Catalogue
from readiness.schema import did_you_mean
from readiness.yamlio import (
    MAX_FILE_BYTES,
    Comment,
    Document,
    PathKey,
    parse_yaml,
    read_input,
    yaml_lines,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def read_source(
    path: Path,
    catalogue: Catalogue,
    mapping: Path | None,
    service_name: str | None = None,
    site_name: str | None = None,
    written: WrittenComments | None = None,
    any_text: bool = False,
) -> list[RawResponse]:
    """Every response in one file, whatever its kind. `service_name` and `site_name`: the
    site's name for the service and its own name, which survey exports' question titles may
    use (the words a form used are the words an import accepts). `written`: the comments
    YAML forms write, as already worked out in this import. `any_text`: a form written
    from another text of a framework than the catalogue's is read, not refused (for a
    command about to write over it)."""
    suffix = path.suffix.lower()
    # A YAML form or respondent file is one person's: it has YAML's own, smaller limit.
    limit = MAX_FILE_BYTES if suffix in (".yaml", ".yml") else MAX_IMPORT_BYTES
    raw = read_input(path, limit, "file")
    sha = hashlib.sha256(raw).hexdigest()
    if suffix == ".pdf" or raw.startswith(b"%PDF"):
        from readiness.collect.pdf_form import read_pdf_form

        response = read_pdf_form(path, raw, sha)
        other_text = written_from_other_text(response, catalogue)
        if other_text and not any_text and not response.says_nothing:
            raise InputError(other_text)
        return [response]
    if suffix in (".yaml", ".yml") or _is_our_yaml(raw):
        return [_read_yaml(path, raw, sha, catalogue, service_name, site_name, written)]
    if suffix in (".xlsx", ".xlsm", ".ods") or raw.startswith(b"PK\x03\x04"):
        sheets = read_ods(path, raw) if _is_ods(raw, suffix) else read_xlsx(path, raw)
        return _from_workbook(
            path, sheets, sha, catalogue, mapping, service_name, site_name, any_text
        )
    if suffix == ".xls" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "",
                    "is an old-style Excel file (.xls); open it and save it as .xlsx or CSV",
                )
            ]
        )
    if suffix in (".csv", ".tsv", ".txt"):
        return read_export_sheet(
            path, read_csv(path, raw), sha, catalogue, mapping, service_name, site_name, "CSV"
        )
    raise InputError(
        [
            Problem(
                path,
                None,
                "",
                "unknown kind of file: import takes filled PDF, Excel or OpenDocument "
                "questionnaires, YAML respondent files, and CSV, XLSX or ODS survey exports",
            )
        ]
    )


@dataclass(frozen=True)
class HeldAnswers:
    """What an existing file holds that a blank form written over it would lose: how many
    answers, comments and notes people gave, or, for a filled form an import cannot read,
    the import's first objection (its answers cannot be counted, so it is kept too)."""

    given: int = 0
    unreadable: str | None = None


def answers_held(
    path: Path,
    catalogue: Catalogue,
    service_name: str | None = None,
    site_name: str | None = None,
) -> HeldAnswers:
    """What people gave in an existing file, for a command about to write a blank form over
    it: a filled questionnaire, a respondent file or a survey export, read as an import reads
    it (a YAML file's notes typed after a # count too). Nothing for a file an import cannot
    read that is not a form (a report, a table of something else)."""
    try:
        raw = read_input(path, MAX_IMPORT_BYTES, "file")
    except InputError:
        return HeldAnswers()
    if raw.startswith(b"%PDF") and not _may_be_a_form(raw):
        return HeldAnswers()  # a report, say: no fields, so no one's answers
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            response, notes = _yaml_response(path, raw, "", catalogue, service_name, site_name)
            responses = [response]
            if written_from_other_text(response, catalogue):
                notes = []  # its comments are another text's, not notes typed
        else:
            notes = []
            responses = read_source(path, catalogue, None, service_name, site_name, any_text=True)
    except (InputError, UnicodeDecodeError) as exc:
        if not _is_form(path, raw):
            return HeldAnswers()
        problems = exc.problems if isinstance(exc, InputError) else []
        return HeldAnswers(unreadable=str(problems[0]) if problems else str(exc))
    return HeldAnswers(len(notes) + sum(_given(response) for response in responses))


def _is_form(path: Path, raw: bytes) -> bool:
    """Whether a file is one person's form (a fillable PDF, our workbook questionnaire, a
    YAML file with answers or comments), by its shape alone."""
    if raw.startswith(b"%PDF"):
        return _may_be_a_form(raw)
    if path.suffix.lower() in (".yaml", ".yml"):
        return any(
            line.split(b":")[0].strip() in (b"answers", b"comments", b"general_comment")
            for line in raw.splitlines()
            if not line.startswith((b" ", b"\t", b"#"))
        )
    if raw.startswith(b"PK\x03\x04"):
        from readiness.collect.workbook import META_SHEET

        # The sheets' names: in xl/workbook.xml (Excel) or content.xml (OpenDocument).
        marker = f'name="{META_SHEET}"'.encode()
        try:
            with zipfile.ZipFile(BytesIO(raw)) as archive:
                for name in ("xl/workbook.xml", "content.xml"):
                    if name in archive.namelist():
                        with archive.open(name) as member:
                            if marker in member.read(MAX_IMPORT_BYTES):
                                return True
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError):
            return False
    return False


def _may_be_a_form(raw: bytes) -> bool:
    from readiness.collect.pdf_form import may_hold_fields

    return may_hold_fields(raw)


def _given(response: RawResponse) -> int:
    """How many answers and comments a response holds."""
    held = sum(
        not blank(value)
        for section in (response.answers, response.comments)
        for items in section.values()
        for value in items.values()
    )
    return held + (not blank(response.general_comment))


def read_table(path: Path, raw: bytes) -> Sheet:
    """A survey export (or any list) as one sheet: a CSV file, or a workbook's first sheet.
    Questionnaires and respondent files are refused: they hold one person, not rows."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return read_csv(path, raw)
    if suffix in (".xlsx", ".xlsm", ".ods") or raw.startswith(b"PK\x03\x04"):
        sheets = read_ods(path, raw) if _is_ods(raw, suffix) else read_xlsx(path, raw)
        from readiness.collect.workbook import META_SHEET

        if sheets and not any(sheet.name == META_SHEET for sheet in sheets):
            return export_sheet(path, sheets)
    raise InputError(
        [
            Problem(
                path,
                None,
                "",
                "is not a table of rows: give a CSV, XLSX or ODS file with a header row "
                "(a survey export, one row per person)",
            )
        ]
    )


def _is_ods(raw: bytes, suffix: str) -> bool:
    """Whether a zip file is an OpenDocument spreadsheet (its first member says so)."""
    if suffix == ".ods":
        return True
    try:
        with zipfile.ZipFile(BytesIO(raw)) as archive:
            names = archive.namelist()
            if "mimetype" not in names[:3]:
                return False
            with archive.open("mimetype") as member:
                return member.read(len(ODS_MIMETYPE) + 1).strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        return False


def _from_workbook(
    path: Path,
    sheets: list[Sheet],
    sha: str,
    catalogue: Catalogue,
    mapping: Path | None,
    service_name: str | None,
    site_name: str | None,
    any_text: bool = False,
) -> list[RawResponse]:
    from readiness.collect.workbook import META_SHEET, read_workbook

    if any(sheet.name == META_SHEET for sheet in sheets):
        return [read_workbook(path, sheets, sha, catalogue, any_text)]
    if not sheets:
        raise InputError([Problem(path, None, "", "has no sheets")])
    return read_export_sheet(
        path,
        export_sheet(path, sheets),
        sha,
        catalogue,
        mapping,
        service_name,
        site_name,
        export_kind(path),
    )


def export_sheet(path: Path, sheets: list[Sheet]) -> Sheet:
    """The one sheet of an export workbook that holds rows. Rows on another sheet would not
    be read (people lost without a word), so a workbook with more than one is refused."""
    filled = [sheet for sheet in sheets if any(any(c is not None for c in r) for r in sheet.rows)]
    if len(filled) > 1:
        names = ", ".join(repr(sheet.name) for sheet in filled)
        raise InputError([Problem(path, None, "", wording.several_sheets(names))])
    return filled[0] if filled else sheets[0]


def export_kind(path: Path) -> str:
    """What kind of file an export is, by its name, for what an import says it read."""
    suffix = path.suffix.lower()
    return "CSV" if suffix in (".csv", ".tsv", ".txt") else "ODS" if suffix == ".ods" else "XLSX"


def read_export_sheet(
    path: Path,
    sheet: Sheet,
    sha: str,
    catalogue: Catalogue,
    mapping: Path | None,
    service_name: str | None,
    site_name: str | None,
    kind: str,
) -> list[RawResponse]:
    """A survey export: ODK Central's or KoboToolbox's when its header says so (read by our
    XLSForm's names), else Microsoft Forms', Google Forms' or any other (read by question)."""
    from readiness.collect.odk_export import dialect_of, read_odk_export

    dialect = dialect_of(sheet.rows[0]) if sheet.rows else None
    if dialect is not None:
        if mapping is not None:  # never silently unused
            raise InputError(
                [
                    Problem(
                        mapping,
                        None,
                        "",
                        f"{path.name} is an export of our web form from {dialect.name}, read "
                        "by the form's own question names, so a mapping file does not apply; "
                        "import it without --mapping",
                    )
                ]
            )
        return read_odk_export(path, sheet, sha, catalogue, dialect, kind)
    from readiness.collect.survey_export import read_export

    return read_export(path, sheet, sha, catalogue, mapping, service_name, site_name)


def _read_yaml(
    path: Path,
    raw: bytes,
    sha: str,
    catalogue: Catalogue,
    service_name: str | None,
    site_name: str | None,
    written: WrittenComments | None = None,
) -> RawResponse:
    response, typed = _yaml_response(path, raw, sha, catalogue, service_name, site_name, written)
    # Before the notes typed after a #: the form's own words differ when its text does. A
    # blank form holds nothing another text could change: the import lists it as blank.
    other_text = written_from_other_text(response, catalogue)
    if other_text and response.says_nothing:
        return response
    if other_text:
        raise InputError(other_text)
    if typed:
        raise InputError(
            [Problem(path, c.line, "", wording.typed_after_hash(c.text)) for c in typed]
        )
    return response


def _yaml_response(
    path: Path,
    raw: bytes,
    sha: str,
    catalogue: Catalogue,
    service_name: str | None,
    site_name: str | None,
    written: WrittenComments | None = None,
) -> tuple[RawResponse, list[Comment]]:
    """A YAML form's or respondent file's response, and the notes typed after a # in it
    (which the YAML reader skips, so an import refuses them)."""
    doc = parse_yaml(raw, path)
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    path,
                    doc.line(()),
                    "",
                    "must be a respondent file (a mapping with role and answers)",
                )
            ]
        )
    text = raw.decode("utf-8-sig")  # parse_yaml read it, so it is UTF-8
    _check_yaml_respondent(path, doc, data, text)
    typed = typed_comments(text, data, catalogue, service_name, site_name, written)
    response = RawResponse(source=path, sha256=sha)
    if not blank(data.get("id")):
        response.respondent_id = str(data["id"])
    if not blank(data.get("role")):
        response.role = str(data["role"])
        response.where[("", "role")] = f"line {doc.line(('role',))}"
    general = data.get("general_comment")
    if not blank(general):
        response.general_comment = str(general)
        response.where[("", "general_comment")] = f"line {doc.line(('general_comment',))}"
    for fw, version in (data.get("versions") or {}).items():
        response.versions[str(fw)] = str(version)
    response.adapted = import_record(data)
    response.imported = isinstance(data.get("imported_from"), dict)
    texts = data.get("texts")  # a questionnaire's record of which text of each it asks
    if "texts" in data:
        response.texts_at, response.texts_line = "texts", doc.line(("texts",))
        if isinstance(texts, dict):
            response.written_from = {}  # a record, even with nothing in it
            for framework_id, text in texts.items():
                at = ("texts", framework_id)
                record_text(response, framework_id, text, f"texts.{framework_id}", doc.line(at))
        else:
            response.texts_damaged = True
    for key, target in (("answers", response.answers), ("comments", response.comments)):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise InputError(
                [Problem(path, doc.line((key,)), key, "must be a mapping of framework id to items")]
            )
        for fw, items in section.items():
            if items is None:
                continue  # a framework heading left empty
            if not isinstance(items, dict):
                raise InputError(
                    [
                        Problem(
                            path,
                            doc.line((key, fw)),
                            f"{key}.{fw}",
                            "must be a mapping of item id to answer",
                        )
                    ]
                )
            for item_id, value in items.items():
                if blank(value):
                    continue
                target.setdefault(str(fw), {})[str(item_id)] = value
                line = f"line {doc.line((key, fw, item_id))}"
                if key == "answers":
                    response.where[(str(fw), str(item_id))] = line
                else:
                    response.where[(str(fw), f"{item_id}/comment")] = line
    return response, typed


# The first line of a YAML form ("# Social prescribing readiness questionnaire (readiness
# 0.3.0)") or of a respondent file an import wrote ("# Imported by readiness 0.3.0; ...").
_OUR_YAML = re.compile(rb"^(\xef\xbb\xbf)?# (.*\(readiness \d[^)\n]*\)|Imported by readiness \d)")


def _is_our_yaml(raw: bytes) -> bool:
    """Whether a file, whatever its name, is a YAML form or respondent file readiness wrote
    (a form may be sent and saved as .txt, which `questionnaire -o form.txt` allows)."""
    return bool(_OUR_YAML.match(raw[:400]))


# A value YAML reads as nothing though something was typed: ~, null, Null or NULL.
_TYPED_NULL = re.compile(r"^[^#]*?:\s*(~|null|Null|NULL)\s*(#.*)?$")


def _typed_as_null(lines: list[str], line: int | None) -> bool:
    """Whether the key on `line` (1-based) has ~ or null typed as its value, rather than
    nothing."""
    return line is not None and 0 < line <= len(lines) and bool(_TYPED_NULL.match(lines[line - 1]))


def _check_yaml_respondent(path: Path, doc: Document, data: dict[str, Any], text: str) -> None:
    """Refuse what an import would otherwise drop or change: a key a respondent file does not
    have (a misspelt `comments` would lose every comment), and an id or comment that YAML read
    as something other than text (1.50 becomes 1.5, 012 becomes 10, yes becomes true, and
    a comment of ~ or null becomes nothing at all)."""
    problems = []
    known = [field.name for field in RESPONDENT_FILE.fields]
    if "site" in data and "site" not in known:
        raise InputError(
            [Problem(path, doc.line(("site",)), "site", wording.NOT_A_RESPONDENT_FILE)]
        )
    for key in data:
        if key not in known:
            hint = did_you_mean(str(key), known)
            problems.append(
                Problem(path, doc.line((key,)), str(key), wording.unknown_yaml_key(hint, known))
            )
    ident = data.get("id")
    if isinstance(ident, bool | float):
        problems.append(Problem(path, doc.line(("id",)), "id", wording.YAML_ID_NOT_TEXT))
    texts: list[tuple[PathKey, object]] = [(("general_comment",), data.get("general_comment"))]
    comments = data.get("comments")
    if isinstance(comments, dict):
        for framework_id, items in comments.items():
            if isinstance(items, dict):
                texts += [((("comments", framework_id, i)), v) for i, v in items.items()]
    lines = yaml_lines(text)
    for at, value in texts:
        if value is None and _typed_as_null(lines, doc.line(at)):
            name = ".".join(str(part) for part in at)
            problems.append(Problem(path, doc.line(at), name, wording.YAML_COMMENT_NULL))
        elif value is not None and not isinstance(value, str):
            name = ".".join(str(part) for part in at)
            why = (
                wording.yaml_comment_not_text(isinstance(value, list))
                if isinstance(value, list | dict)
                else wording.YAML_COMMENT_NOT_TEXT
            )
            problems.append(Problem(path, doc.line(at), name, why))
    if problems:
        raise InputError(problems)
