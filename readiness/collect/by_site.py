"""`readiness import EXPORT --by-site COLUMN --into SITES/`: one survey run across many sites,
split into one assessment folder per site.

Commissioners often send one Microsoft or Google form to every practice in a PCN or ICB, with a
question such as "Which practice do you work in?". Each row goes to the site its answer names:
a site's ODS code or name (ignoring case and spacing), as the `site.yaml` files in the folder's
sub-folders give them, or as a sites list gives them (`--sites FILE`, which may also give other
ways people wrote a site's name, and creates the folders that do not exist yet). A value that
names no site, or more than one, is refused with the rows that hold it; a row without a value
is refused. Nothing is guessed.

Each site's rows then go through the same steps as a single-site import (read against the
framework versions that site uses, checked, rows an earlier download brought skipped), and
everything is written only when every site's rows are in order, each folder under its own lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.collect.held import RespondentFolder
from readiness.collect.importer import (
    NOTHING_GIVEN,
    ImportResult,
    PreparedImport,
    SetAside,
    nothing_to_import,
    prepare_rows,
    site_words,
    write_imports,
)
from readiness.collect.raw import RawResponse, blank
from readiness.collect.respondent_file import NewSite
from readiness.collect.sources import (
    MAX_IMPORT_BYTES,
    export_kind,
    read_export_sheet,
    read_table,
)
from readiness.collect.tables import Sheet, column_letter
from readiness.collect.versions import site_entry, target_catalogue
from readiness.collect.wording import rows_named
from readiness.errors import InputError, Problem, ReadinessError, errors_only
from readiness.framework.catalogue import Catalogue
from readiness.schema import did_you_mean, is_identifier
from readiness.textmatch import normalise
from readiness.vocabulary import SiteKind
from readiness.yamlio import parse_yaml, read_input

MAX_SITES_BYTES = 2 * 1024 * 1024
SITES_FILE_KEYS = ("folder", "name", "ods_code", "kind", "also")
# What each key of a sites list takes, said when it is given something else.
SITES_FILE_TEXT = {
    "folder": "give the site's folder name as text",
    "name": "give the site's name as text",
    "ods_code": "give the site's ODS code as text",
    "kind": "give the kind of site as text (practice, pcn, ...)",
    "also": "give a list of other names, each as text",
}
VALUES_SHOWN = 10  # unmatched values listed one by one; the rest are counted


@dataclass(frozen=True)
class Site:
    """A site rows can go to: its folder, and the words that name it in an export."""

    folder: Path
    name: str
    ods_code: str | None = None
    kind: str = SiteKind.PRACTICE
    also: tuple[str, ...] = ()
    listed_at: str = ""  # where the site was found, for messages
    # Its folder's site.yaml (its `site:` mapping), read once; None when it has none yet.
    entry: dict[str, Any] | None = field(default=None, compare=False)

    def names(self) -> set[str]:
        """What a cell may say to mean this site."""
        found = {normalise(self.name)} | {normalise(a) for a in self.also}
        if self.ods_code:
            found.add(normalise(self.ods_code))
        return {k for k in found if k}


@dataclass(frozen=True)
class SiteImport:
    """What the import did for one site."""

    site: Site
    result: ImportResult
    created: bool  # whether the import created the site's folder and site.yaml


@dataclass(frozen=True)
class BySiteResult:
    """What `import --by-site` did: the column it split by, each site that had rows, and the
    rows that named no site and said nothing else either (set aside, listed)."""

    column: str
    sites: tuple[SiteImport, ...] = field(default_factory=tuple)
    set_aside: tuple[SetAside, ...] = ()


def import_by_site(
    files: Sequence[Path],
    column: str,
    into: Path,
    catalogue: Catalogue,
    *,
    sites_file: Path | None = None,
    role: str | None = None,
    mapping: Path | None = None,
    include_rejected: bool = False,
    today: dt.date | None = None,
) -> BySiteResult:
    """Split the rows of survey exports by the site each names in `column`, and import each
    site's rows into its folder under `into`. All or nothing."""
    today = today or dt.date.today()
    sites = read_sites_file(sites_file, into) if sites_file else sites_in(into)
    if not sites:
        raise ReadinessError(
            f"{into} holds no assessment folders (sub-folders with a site.yaml) to split the "
            "rows into; create them, or give --sites FILE listing the sites"
        )
    index = _index(sites)
    problems: list[Problem] = []
    tables: list[tuple[Path, str, Sheet]] = []  # file, sha, the sheet without the column
    rows_by_site: dict[Path, list[tuple[int, int]]] = {}  # folder -> (table, row number)
    titles: set[str] = set()
    seen: dict[str, Path] = {}
    blank_rows: list[SetAside] = []  # rows that give no site and nothing else
    for path in files:
        raw = read_input(path, MAX_IMPORT_BYTES, "file")
        sha = hashlib.sha256(raw).hexdigest()
        if sha in seen:
            problems.append(Problem(path, None, "", f"the same file as {seen[sha]} is given twice"))
            continue
        seen[sha] = path
        sheet = read_table(path, raw)
        at, title = _find_column(path, sheet, column)
        titles.add(title)
        assigned, unsited, trouble = _assign(path, sheet, at, title, index, into)
        problems.extend(trouble)
        for folder, numbers in assigned.items():
            rows_by_site.setdefault(folder, []).extend((len(tables), n) for n in numbers)
        tables.append((path, sha, _without_column(sheet, at)))
        if unsited:
            said, nothing = _said_something(path, tables[-1][2], sha, unsited, catalogue, mapping)
            problems.extend(_no_site(path, said, at, title))
            blank_rows.extend(SetAside(path, n, NOTHING_GIVEN) for n in nothing)
    if errors_only(problems):
        raise InputError(problems)
    by_folder = {s.folder: s for s in sites}
    prepared: list[tuple[Site, PreparedImport]] = []
    read_once: dict[tuple[Any, ...], dict[tuple[int, int | None], RawResponse]] = {}
    for folder in sorted(rows_by_site):
        site = by_folder[folder]
        held = RespondentFolder(folder / "respondents")
        entry = site.entry
        versions = target_catalogue(entry, catalogue, held.read())
        new_site = None if entry is not None else NewSite(site.name, site.kind, site.ods_code)
        # One form served every site, so its questions name no one site: {site} is read in
        # the neutral words. Sites answering the same versions, with the same name for the
        # service, read the file once between them.
        words = (site_words(entry, new_site)[0], None)
        key = (tuple((f.id, f.version) for f in versions.frameworks.values()), *words)
        if key not in read_once:
            read_once[key] = {
                (t, response.row): response
                for t, (path, sha, sheet) in enumerate(tables)
                for response in _read_rows(path, sheet, sha, versions, mapping, words, problems)
            }
        responses = read_once[key]
        # A row that names its site and nothing else is a blank response: set aside, listed.
        mine = [
            responses.get((t, n)) or RawResponse(tables[t][0], tables[t][1], row=n)
            for t, n in rows_by_site[folder]
        ]
        prepared.append(
            (
                site,
                prepare_rows(
                    mine,
                    folder,
                    held,
                    versions,
                    role,
                    new_site,
                    include_rejected,
                    problems,
                    service_name=words[0],
                ),
            )
        )
    if errors_only(problems):
        raise InputError(_unique(problems))
    if not any(p.resolved for _, p in prepared):
        raise InputError(
            nothing_to_import([*(a for _, p in prepared for a in p.set_aside), *blank_rows])
        )
    # A site given only blank or rejected rows gets no folder: nothing of it is written.
    written = iter(write_imports([p for _, p in prepared if p.resolved], today))
    results = [
        next(written) if p.resolved else ImportResult(set_aside=p.set_aside) for _, p in prepared
    ]
    return BySiteResult(
        column=" / ".join(sorted(titles)),
        sites=tuple(
            SiteImport(site, result, result.site_written)
            for (site, _), result in zip(prepared, results, strict=True)
        ),
        set_aside=tuple(blank_rows),
    )


def sites_in(into: Path) -> list[Site]:
    """The assessment folders directly under `into` (each with a site.yaml), by folder name."""
    if not into.is_dir():
        return []
    found = []
    for folder in sorted(p for p in into.iterdir() if p.is_dir()):
        entry = site_entry(folder)
        if entry is None:
            continue
        name = entry.get("name")
        code = entry.get("ods_code")
        kind = entry.get("kind")
        found.append(
            Site(
                folder,
                str(name) if name is not None else folder.name,
                str(code) if code not in (None, "") else None,
                str(kind) if kind in tuple(SiteKind) else SiteKind.PRACTICE,
                listed_at=str(folder / "site.yaml"),
                entry=entry,
            )
        )
    return found


def read_sites_file(path: Path, into: Path) -> list[Site]:
    """The sites a `--sites` file lists (YAML: a `sites:` list of mappings; CSV: one row per
    site under a header), each with its folder under `into`. Folders that already hold a
    site.yaml keep it; the others are created, with what the list says, when rows go there."""
    raw = read_input(path, MAX_SITES_BYTES, "sites list")
    if path.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml_entries(path, raw)
    else:
        entries = _table_entries(path, read_table(path, raw))
    problems: list[Problem] = []
    sites: list[Site] = []
    folders: dict[str, str] = {}
    for where, entry in entries:
        unknown = sorted(set(entry) - set(SITES_FILE_KEYS))
        if unknown:
            problems.append(
                Problem(
                    path,
                    None,
                    where,
                    f"unknown key {unknown[0]!r}{did_you_mean(unknown[0], SITES_FILE_KEYS)}; "
                    f"a site has {', '.join(SITES_FILE_KEYS)}",
                )
            )
            continue
        wrong = [key for key in ("folder", "name", "ods_code", "kind") if not _text(entry.get(key))]
        also = entry.get("also") or ()
        if isinstance(also, str):
            also = also.split(";")
        if not isinstance(also, list | tuple) or not all(_text(a) for a in also):
            wrong.append("also")
        if wrong:
            problems.append(Problem(path, None, where, f"{wrong[0]}: {SITES_FILE_TEXT[wrong[0]]}"))
            continue
        folder = str(entry.get("folder") or "").strip()
        name = str(entry.get("name") or "").strip()
        kind = str(entry.get("kind") or SiteKind.PRACTICE).strip()
        if not is_identifier(folder):
            problems.append(
                Problem(
                    path,
                    None,
                    where,
                    f"folder {folder!r}: give the site's folder name under {into} (letters, "
                    "digits, '-' and '_')",
                )
            )
            continue
        if folder in folders:
            problems.append(
                Problem(path, None, where, f"folder {folder!r} is listed twice ({folders[folder]})")
            )
            continue
        folders[folder] = where
        if not name:
            problems.append(Problem(path, None, where, "give the site's name"))
            continue
        if kind not in tuple(SiteKind):
            problems.append(
                Problem(
                    path,
                    None,
                    where,
                    f"kind {kind!r} is not a kind of site; use one of "
                    + ", ".join(str(k) for k in SiteKind),
                )
            )
            continue
        code = str(entry.get("ods_code") or "").strip() or None
        sites.append(
            Site(
                into / folder,
                name,
                code,
                kind,
                tuple(str(a).strip() for a in also if str(a).strip()),
                listed_at=f"{path} {where}",
                entry=site_entry(into / folder),
            )
        )
    if problems:
        raise InputError(problems)
    return sites


def _text(value: object) -> bool:
    """Whether a sites list's value can be read as words: text, a number (an ODS code written
    without quotes), or nothing; a list, a mapping, true or false, a date cannot."""
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


def _yaml_entries(path: Path, raw: bytes) -> list[tuple[str, dict[str, Any]]]:
    doc = parse_yaml(raw, path)
    data = doc.data
    listed = data.get("sites") if isinstance(data, dict) and set(data) == {"sites"} else None
    if not isinstance(listed, list) or not all(isinstance(e, dict) for e in listed):
        raise InputError(
            [
                Problem(
                    path,
                    doc.line(()),
                    "",
                    "a sites list is a `sites:` list, each site a mapping with folder and "
                    "name (and ods_code, kind, also)",
                )
            ]
        )
    return [(f"sites[{n}] (line {doc.line(('sites', n))})", e) for n, e in enumerate(listed)]


def _table_entries(path: Path, sheet: Sheet) -> list[tuple[str, dict[str, Any]]]:
    rows = sheet.rows
    if not rows:
        raise InputError([Problem(path, None, "", "is empty; give a header row and a row a site")])
    header = [normalise(str(c or "")).replace(" ", "_") for c in rows[0]]
    if "folder" not in header or "name" not in header:
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    "",
                    "the header row needs folder and name columns (and may have ods_code, kind "
                    "and also, other names separated by ';')",
                )
            ]
        )
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if all(c is None or not str(c).strip() for c in row):
            continue
        values = {header[i]: row[i] for i in range(min(len(row), len(header))) if header[i]}
        entries.append((f"row {number}", {k: v for k, v in values.items() if v not in (None, "")}))
    return entries


def _index(sites: Iterable[Site]) -> dict[str, list[Site]]:
    index: dict[str, list[Site]] = {}
    for site in sites:
        for key in site.names():
            if site not in index.setdefault(key, []):
                index[key].append(site)
    return index


def _find_column(path: Path, sheet: Sheet, column: str) -> tuple[int, str]:
    """The index and title of the column named `column` in the header row."""
    if not sheet.rows:
        raise InputError([Problem(path, 1, "", "has no header row of question titles")])
    header = ["" if c is None else str(c) for c in sheet.rows[0]]
    wanted = normalise(column).rstrip(" *")
    found = [n for n, title in enumerate(header) if normalise(title).rstrip(" *") == wanted]
    if len(found) == 1:
        return found[0], header[found[0]]
    if len(found) > 1:
        where = ", ".join(column_letter(n) for n in found)
        raise InputError(
            [Problem(path, 1, "", f"columns {where} are all titled {column!r}; rename all but one")]
        )
    titles = [t for t in header if t.strip()]
    shown = "; ".join(repr(t[:60]) for t in titles[:8])
    more = f" and {len(titles) - 8} more" if len(titles) > 8 else ""
    raise InputError(
        [
            Problem(
                path,
                1,
                "",
                f"no column is titled {column!r}; --by-site takes the title of the question that "
                f"names each person's site, as in row 1 (the titles are {shown}{more})",
            )
        ]
    )


def _assign(
    path: Path,
    sheet: Sheet,
    at: int,
    title: str,
    index: dict[str, list[Site]],
    into: Path,
) -> tuple[dict[Path, list[int]], list[int], list[Problem]]:
    """The rows (spreadsheet numbers) each site's folder gets, the rows whose site is empty,
    and the rows no site or several sites claim, summarised by the value they give."""
    assigned: dict[Path, list[int]] = {}
    unmatched: dict[str, list[int]] = {}
    ambiguous: dict[str, tuple[list[Site], list[int]]] = {}
    empty: list[int] = []
    for number, row in enumerate(sheet.rows[1:], start=2):
        if all(blank(c) for c in row):
            continue
        value = row[at] if at < len(row) else None
        text = "" if value is None else str(value).strip()
        if not text:
            empty.append(number)
            continue
        claimed = index.get(normalise(text), [])
        if len(claimed) == 1:
            assigned.setdefault(claimed[0].folder, []).append(number)
        elif not claimed:
            unmatched.setdefault(text, []).append(number)
        else:
            ambiguous.setdefault(text, (claimed, []))[1].append(number)
    where = f"column {column_letter(at)} ({title[:60]!r})"
    problems = []
    for text, numbers in list(unmatched.items())[:VALUES_SHOWN]:
        problems.append(
            Problem(
                path,
                numbers[0],
                "",
                f"{rows_named(numbers)}: {where} says {text[:60]!r}, which names no site in "
                f"{into} (by ODS code or name); correct the rows, or give --sites FILE with "
                "the site's other names under also",
            )
        )
    if len(unmatched) > VALUES_SHOWN:
        problems.append(
            Problem(
                path,
                None,
                "",
                f"... and {len(unmatched) - VALUES_SHOWN:,} more values in {where} name no site",
            )
        )
    for text, (claimed, numbers) in ambiguous.items():
        names = "; ".join(f"{s.name} ({s.listed_at})" for s in claimed)
        problems.append(
            Problem(
                path,
                numbers[0],
                "",
                f"{rows_named(numbers)}: {where} says {text[:60]!r}, which names more than one "
                f"site: {names}; give each site a name or ODS code of its own",
            )
        )
    return assigned, empty, problems


def _said_something(
    path: Path,
    sheet: Sheet,
    sha: str,
    rows: list[int],
    catalogue: Catalogue,
    mapping: Path | None,
) -> tuple[list[int], list[int]]:
    """Of `rows`, those that answer or comment (or cannot be read to tell), and those that
    say nothing at all: a blank submission, whatever its tool's own columns hold."""
    found: list[Problem] = []  # the rows a site gets are read, and told, again for it
    responses = {
        r.row: r for r in _read_rows(path, sheet, sha, catalogue, mapping, (None, None), found)
    }
    if errors_only(found):
        return rows, []
    nothing = [n for n in rows if n not in responses or responses[n].says_nothing]
    return [n for n in rows if n not in nothing], nothing


def _no_site(path: Path, rows: list[int], at: int, title: str) -> list[Problem]:
    """The problem of rows that answer but whose site is empty."""
    if not rows:
        return []
    return [
        Problem(
            path,
            rows[0],
            "",
            f"{rows_named(rows)}: column {column_letter(at)} ({title[:60]!r}) is empty, so the "
            "site is not known; fill it in or remove the rows",
        )
    ]


def _without_column(sheet: Sheet, at: int) -> Sheet:
    """The sheet with the column naming the site emptied (it is not a question), in its
    place, so that every other column keeps the letter a message names it by."""
    return Sheet(
        sheet.name,
        [[*row[:at], None, *row[at + 1 :]] if at < len(row) else row for row in sheet.rows],
    )


def _read_rows(
    path: Path,
    sheet: Sheet,
    sha: str,
    catalogue: Catalogue,
    mapping: Path | None,
    words: tuple[str | None, str | None],
    problems: list[Problem],
) -> list[RawResponse]:
    try:
        return read_export_sheet(path, sheet, sha, catalogue, mapping, *words, export_kind(path))
    except InputError as exc:
        problems.extend(exc.problems)
        return []


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once (sites answering alike read the same file the same way), a file's
    rows' problems in the order of its rows: they are found site by site."""
    seen: set[str] = set()
    out = []
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            out.append(problem)
    files = {f: n for n, f in enumerate(dict.fromkeys(p.file for p in out))}
    return sorted(out, key=lambda problem: _row_order(problem, files))


_ROW = re.compile(r"rows? (\d+)")


def _row_order(problem: Problem, files: dict[Path | None, int]) -> tuple[int, int]:
    """Where a problem is: its file (in the order given), then the first row its message
    names (0: the file's own)."""
    row = _ROW.match(problem.message)
    return (files[problem.file], int(row.group(1)) if row else 0)
