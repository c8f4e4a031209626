"""`readiness import`: filled questionnaires and survey exports in, respondent files out.

Nothing a respondent typed is lost or silently changed: answers must match an option (by
code, value or label) or they are reported with where they were found; a failed import writes
nothing; an existing respondent file is never overwritten; the same file twice is refused, and
rows of a survey export already imported from an earlier download are skipped (and counted).

Imports into one folder take turns (an advisory lock on the folder), and each respondent file
is created exclusively, so parallel imports neither lose nor duplicate anyone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from readiness.assessment.format import SITE_FILE
from readiness.assessment.identity import same_name
from readiness.collect.held import Held, RespondentFolder
from readiness.collect.raw import RawResponse
from readiness.collect.resolve import Resolved, resolve_all
from readiness.collect.respondent_file import NewSite, respondent_yaml, site_yaml
from readiness.collect.sources import read_source
from readiness.collect.versions import site_entry, target_catalogue
from readiness.collect.wording import (
    another_sites_folder,
    other_site_name,
    rejected,
    rows_named,
    submission_edited,
    too_many_for_invited,
)
from readiness.collect.yaml_form import WrittenComments
from readiness.errors import InputError, Problem, ReadinessError, errors_only
from readiness.framework.catalogue import Catalogue
from readiness.output import (
    LOCK_FILE,
    NewFiles,
    create_new,
    folder_lock,
    interrupts_deferred,
    make_folder,
    write_output,
)
from readiness.schema import IDENTIFIER_MAX, IDENTIFIER_RULE, Checker, is_identifier, member
from readiness.vocabulary import Role, SiteKind, role_label
from readiness.yamlio import line_in, parse_yaml


@dataclass(frozen=True)
class Imported:
    """One respondent file written by an import."""

    path: Path
    respondent_id: str
    role: str
    answers: int
    source: Path
    row: int | None
    notes: tuple[str, ...] = ()  # answers to an older framework version: what did not carry
    renamed_from: str | None = None  # the pseudonym the response gave, when it was taken
    warnings: tuple[str, ...] = ()  # answers to questions the role is not asked
    other_text: tuple[str, ...] = ()  # answers first imported against another framework text


@dataclass(frozen=True)
class Skipped:
    """An export row not imported because an earlier import already holds it."""

    source: Path
    row: int
    existing: str  # the respondent file that holds it
    # Its answers have changed since (the submission was edited in the survey after the
    # download imported): the file keeps the answers imported, and the output says so.
    edited: bool = False

    def describe(self) -> str:
        said = f"{self.source}: row {self.row} skipped: already imported ({self.existing})"
        return said + (f"; {submission_edited(self.existing)}" if self.edited else "")


@dataclass(frozen=True)
class SetAside:
    """A response not imported because it holds nothing to score or read: a questionnaire
    returned blank, an export row with no answers, or answers to an older version of which
    nothing carries (`notes` says what did not)."""

    source: Path
    row: int | None
    reason: str  # "no answers and no comments", or why nothing carried
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        """'FILE (row N): no answers and no comments'."""
        row = f" (row {self.row})" if self.row else ""
        return f"{self.source}{row}: {self.reason}"


NOTHING_GIVEN = "no answers and no comments"


@dataclass(frozen=True)
class ExportRead:
    """A survey tool's export an import recognised by its header, and how many submissions
    (rows) it held."""

    source: Path
    kind: str  # "an ODK Central CSV export", "a KoboToolbox XLSX export"
    submissions: int


@dataclass(frozen=True)
class ImportResult(Sequence[Imported]):
    """What an import did: the respondent files it wrote (`written`, in the order read; the
    result reads as that sequence too), the export rows it left out because an earlier import
    of the same survey already holds them (`skipped`), the responses with nothing in them,
    which are never written (`set_aside`), and what each survey tool's export was recognised
    as (`exports`)."""

    written: tuple[Imported, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    set_aside: tuple[SetAside, ...] = ()
    exports: tuple[ExportRead, ...] = ()  # the ODK Central and KoboToolbox exports read
    # Whether this import wrote the folder's site.yaml (another run at once may have
    # written it first: then this run's site details were not used).
    site_written: bool = False
    # A note when the folder's site.yaml names the site otherwise than the options did.
    site_note: str | None = None

    @overload
    def __getitem__(self, index: int) -> Imported: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Imported, ...]: ...
    def __getitem__(self, index: int | slice) -> Imported | tuple[Imported, ...]:
        return self.written[index]

    def __len__(self) -> int:
        return len(self.written)


def _row_keys(resolved: list[Resolved]) -> list[Problem]:
    """Give each export row its identity across downloads of the same survey; what is wrong.

    A Microsoft Forms ID (with its times) identifies a row by itself; a Google Forms timestamp,
    or nothing, is combined with a hash of the row's answers as imported. Rows alike in every
    way are told apart by their order, so a later download with one more such row imports one.
    An ODK Central KEY or a KoboToolbox _uuid names one submission: a second row with it is
    that submission again (left out when its answers are the same, refused when they differ).
    Only hashes are stored: never a timestamp as written."""
    occurrences: dict[tuple[str, str], int] = {}
    submissions: dict[str, tuple[str, Resolved]] = {}
    problems: list[Problem] = []
    for item in resolved:
        response = item.response
        if response.row is None:
            continue
        identity = response.row_identity
        unique = identity is not None and response.row_identity_unique
        content = json.dumps(
            [item.role, item.respondent_id, item.answers, item.comments, item.general_comment],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        # Kept with the answers, so a later download can tell an edited response from one
        # imported as it is (a Microsoft Forms edit keeps its ID and times).
        item.content_sha256 = digest
        if unique:
            assert identity is not None
            first = submissions.setdefault(identity, (digest, item))
            if first[0] != digest:
                problems.append(_one_submission_twice(first[1].response, response, identity))
            item.row_key = hashlib.sha256(f"{identity}#1".encode()).hexdigest()
            continue
        if identity is None or identity.startswith("google-forms:"):
            identity = f"{identity or 'answers'}|{digest}"
        count = occurrences.get((response.sha256, identity), 0) + 1
        occurrences[(response.sha256, identity)] = count
        item.row_key = hashlib.sha256(f"{identity}#{count}".encode()).hexdigest()
    return problems


def _one_submission_twice(first: RawResponse, again: RawResponse, identity: str) -> Problem:
    column, _, key = identity.partition(":")
    where = f"row {first.row}" + ("" if first.source == again.source else f" of {first.source}")
    return Problem(
        again.source,
        None,
        "",
        f"row {again.row}: the submission {column} {key} is also {where}, with different "
        "answers; keep the row you mean (the newest download), or import each download "
        "on its own",
    )


def _exports(responses: list[RawResponse]) -> tuple[ExportRead, ...]:
    """The survey tools' exports among the responses read, in order, with their rows."""
    counts: dict[tuple[Path, str], int] = {}
    for response in responses:
        if response.read_as is not None:
            key = (response.source, response.read_as)
            counts[key] = counts.get(key, 0) + 1
    return tuple(ExportRead(source, kind, n) for (source, kind), n in counts.items())


class _IdAllocator:
    """Hands out the next free pseudonym r01, r02, ... in one pass over the ids in use. An id
    is taken whatever its case: p1.yaml and P1.yaml are one file on the disks of macOS and
    Windows, where a site's folder is often copied."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.folded = {ident.casefold() for ident in taken}
        self.next = 1

    def is_taken(self, ident: str) -> bool:
        return ident.casefold() in self.folded

    def take(self, ident: str) -> None:
        self.taken.add(ident)
        self.folded.add(ident.casefold())

    def allocate(self) -> str:
        while self.is_taken(f"r{self.next:02d}"):
            self.next += 1
        ident = f"r{self.next:02d}"
        self.take(ident)
        return ident


def _new_site(name: str | None, kind: str, details: NewSite | None) -> NewSite | None:
    """The site an import may create: `details` when given, else the name and kind alone."""
    if details is not None:
        return details
    return NewSite(name, kind) if name else None


def _worded(
    resolved: list[Resolved],
    catalogue: Catalogue,
    service_name: str | None,
    site_name: str | None,
) -> None:
    """Record with each response the site's words for the service and the site, when a
    question it answered or commented on said them ({service}, {site})."""
    for item in resolved:
        said: set[str] = set()
        for framework_id, given in (*item.answers.items(), *item.comments.items()):
            framework = catalogue.get(framework_id, item.versions.get(framework_id))
            asked = framework.items if framework is not None else {}
            said.update(name for i in given if i in asked for name in asked[i].placeholders)
        item.service_name = service_name if "service" in said else None
        item.site_name = site_name if "site" in said else None


def site_words(entry: dict[str, Any] | None, site: NewSite | None) -> tuple[str | None, str | None]:
    """The site's own name for the service and its own name, which questions may use
    ({service}, {site}): the existing site.yaml's (`entry`), or those given for a new one."""
    if entry is not None:
        service, name = entry.get("service_name"), entry.get("name")
        return (
            service if isinstance(service, str) else None,
            name if isinstance(name, str) else None,
        )
    return (site.service_name, site.name) if site is not None else (None, None)


def _ensure_site(into: Path, site: NewSite | None, today: dt.date) -> list[Path]:
    """Create the assessment folder and its site.yaml when missing; what was created."""
    site_file = into / "site.yaml"
    if site_file.is_file():
        return []
    if site is None:
        raise ReadinessError(
            f"{into} has no site.yaml; give --site NAME to create the assessment folder"
        )
    write_output(site_file, site_yaml(site, today))
    return [site_file]


def _other_site(into: Path, entry: dict[str, Any], site: NewSite) -> str | None:
    """Refuse answers the options say are another site's than the folder's site.yaml
    (`entry`; their ODS codes differ: sure evidence, as for a baseline); a note when only the
    names differ."""
    name = str(entry.get("name") or "")
    code = str(entry.get("ods_code") or "").strip().upper()
    given_code = (site.ods_code or "").strip().upper()
    if code and given_code:
        if code != given_code:
            message = another_sites_folder(name, code, site.name, given_code)
            site_file = into / "site.yaml"
            line = line_in(site_file, ("site", "ods_code"))
            raise InputError([Problem(site_file, line, "site.ods_code", message)])
        return None
    if name and not same_name(name, site.name):
        return other_site_name(into / "site.yaml", name, site.name)
    return None


def _check_new_site(into: Path, site: NewSite, today: dt.date) -> None:
    """Refuse site details that would not make a valid site.yaml, before anything is read."""
    doc = parse_yaml(site_yaml(site, today), into / "site.yaml")
    checker = Checker(doc)
    checker.check(SITE_FILE)
    if checker.problems:
        raise InputError(
            [
                Problem(
                    into / "site.yaml", None, p.path, f"{p.message} (from the import's options)"
                )
                for p in checker.problems
            ]
        )


def import_files(
    files: Sequence[Path],
    into: Path,
    catalogue: Catalogue,
    role: str | None = None,
    respondent: str | None = None,
    site: str | None = None,
    site_kind: str = "practice",
    mapping: Path | None = None,
    today: dt.date | None = None,
    include_rejected: bool = False,
    site_details: NewSite | None = None,
) -> ImportResult:
    """Import every response in `files` into the assessment folder `into`.

    All files are read and checked first; if anything is wrong, nothing is written. Rows of a
    survey export that an earlier import already holds are skipped and listed in the result;
    rows the survey's reviewer rejected are set aside unless `include_rejected`.
    """
    # A large export makes millions of small objects that live until the import ends; the
    # cycle collector's repeated passes over them cost seconds and free nothing (none form
    # cycles that outlive the import), so it waits until the import is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_files(
            files,
            into,
            catalogue,
            role,
            respondent,
            _new_site(site, site_kind, site_details),
            mapping,
            today,
            include_rejected,
        )
    finally:
        if collecting:
            gc.enable()


def _import_files(
    files: Sequence[Path],
    into: Path,
    catalogue: Catalogue,
    role: str | None,
    respondent: str | None,
    site: NewSite | None,
    mapping: Path | None,
    today: dt.date | None,
    include_rejected: bool,
) -> ImportResult:
    # Checked here as well as by the CLI and the API: the words are written into files.
    if role is not None:
        member(Role, role, "role")
    if respondent is not None and not is_identifier(respondent):
        # A pseudonym someone typed into a form is replaced with a note; one given as an
        # option is the consultant's, and is refused rather than silently not used.
        raise ReadinessError(
            f"--respondent {respondent!r} is not a pseudonym readiness can use as a file name: "
            f"{IDENTIFIER_RULE}, at most {IDENTIFIER_MAX} characters"
        )
    today = today or dt.date.today()
    if site is not None:
        member(SiteKind, site.kind, "site kind")
        if not (into / "site.yaml").is_file():
            _check_new_site(into, site, today)
    held = RespondentFolder(into / "respondents")
    # The versions the assessment already uses (looked at again, under the lock, for ids).
    entry = site_entry(into)
    catalogue = target_catalogue(entry, catalogue, held.read())
    problems: list[Problem] = []
    words = site_words(entry, site)
    responses = _read_all(files, catalogue, mapping, problems, *words)
    resolved = resolve_all(responses, catalogue, role, problems)
    _worded(resolved, catalogue, *words)
    resolved, set_aside = _set_aside(resolved, include_rejected)
    if respondent is not None and len(responses) > 1:
        problems.append(
            Problem(
                None,
                None,
                "--respondent",
                f"--respondent names one person, but the files hold {len(responses)} responses",
            )
        )
    if errors_only(problems):
        raise InputError(problems)
    if set_aside and not resolved:
        raise InputError(nothing_to_import(set_aside))
    if not (into / "site.yaml").is_file() and not site:
        raise ReadinessError(
            f"{into} has no site.yaml; give --site NAME to create the assessment folder"
        )
    problems = _row_keys(resolved)
    if problems:
        raise InputError(problems)
    prepared = PreparedImport(into, held, site, resolved, tuple(set_aside))
    result = write_imports([prepared], today, respondent)[0]
    return dataclasses.replace(result, exports=_exports(responses))


def prepare_rows(
    responses: list[RawResponse],
    into: Path,
    held: RespondentFolder,
    catalogue: Catalogue,
    role: str | None,
    site: NewSite | None,
    include_rejected: bool,
    problems: list[Problem],
    service_name: str | None = None,
) -> PreparedImport:
    """Some rows of a survey export, checked for one assessment folder (what is wrong goes
    into `problems`): resolved against the folder's framework versions (`catalogue`), blank
    and rejected rows set aside, every row given its identity across downloads."""
    resolved = resolve_all(responses, catalogue, role, problems)
    _worded(resolved, catalogue, service_name, None)
    resolved, set_aside = _set_aside(resolved, include_rejected)
    problems.extend(_row_keys(resolved))
    return PreparedImport(into, held, site, resolved, tuple(set_aside))


@dataclass(frozen=True)
class PreparedImport:
    """An import into one assessment folder, read and checked, not yet written: the
    responses to write (`resolved`, with their row keys) and those set aside."""

    into: Path
    held: RespondentFolder
    site: NewSite | None  # the site.yaml to create when the folder has none
    resolved: list[Resolved]
    set_aside: tuple[SetAside, ...] = ()


def write_imports(
    imports: Sequence[PreparedImport], today: dt.date, respondent: str | None = None
) -> list[ImportResult]:
    """Write each prepared import into its folder, in turn, under that folder's lock (where
    what the folder holds is read again). All or nothing: a failure in any folder removes
    every respondent file, site.yaml and folder these imports created."""
    created: list[Path] = []
    records: list[Imported] = []
    results: list[ImportResult] = []
    try:
        for prepared in imports:
            into = prepared.into
            created.extend(p for p in (*reversed(into.parents), into) if not p.exists())
            make_folder(into)
            written: list[Imported] = []
            # An interrupt is held while files are made and recorded, and acts after: then
            # every file made is in `records` or `created`, to be removed.
            with folder_lock(into), interrupts_deferred():
                try:
                    result = _import_locked(
                        list(prepared.resolved),
                        into,
                        prepared.held,
                        respondent,
                        prepared.site,
                        today,
                        created,
                        written,
                    )
                finally:
                    records.extend(written)
            results.append(dataclasses.replace(result, set_aside=prepared.set_aside))
    except BaseException:
        for record in records:
            record.path.unlink(missing_ok=True)
        _remove_created(created)
        raise
    return results


def _read_all(
    files: Sequence[Path],
    catalogue: Catalogue,
    mapping: Path | None,
    problems: list[Problem],
    service_name: str | None = None,
    site_name: str | None = None,
) -> list[RawResponse]:
    """Every response in `files`, in order; a file that cannot be read, or the same file
    given twice, is reported in `problems`."""
    responses: list[RawResponse] = []
    read_files: dict[str, Path] = {}
    written = WrittenComments()  # one form rendered for many YAML files, not one a file
    for path in files:
        try:
            found = read_source(Path(path), catalogue, mapping, service_name, site_name, written)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        sha = found[0].sha256 if found else ""
        if sha in read_files:
            problems.append(
                Problem(Path(path), None, "", f"the same file as {read_files[sha]} is given twice")
            )
            continue
        read_files[sha] = Path(path)
        responses.extend(found)
    return responses


def _set_aside(
    resolved: list[Resolved], include_rejected: bool = False
) -> tuple[list[Resolved], list[SetAside]]:
    """The responses to import, and those set aside: a submission the survey's reviewer
    rejected (unless `include_rejected`), and one with no answer and no comment, which would
    count as a respondent who said nothing (a blank questionnaire, or nothing that carries)."""
    kept: list[Resolved] = []
    aside: list[SetAside] = []
    for item in resolved:
        if item.response.rejected and not include_rejected:
            state = item.response.review_state
            aside.append(SetAside(item.response.source, item.response.row, rejected(state), ()))
            continue
        if item.general_comment or any(item.answers.values()) or any(item.comments.values()):
            kept.append(item)
            continue
        raw = item.response
        reason = (
            NOTHING_GIVEN
            if raw.says_nothing
            else "none of its answers or comments carries to the framework versions this "
            "assessment uses"
        )
        aside.append(SetAside(raw.source, raw.row, reason, tuple(item.notes)))
    return kept, aside


def nothing_to_import(set_aside: list[SetAside]) -> list[Problem]:
    """One problem per file when every response is set aside (rows summarised)."""
    by_file: dict[tuple[Path, str], list[int | None]] = {}
    for entry in set_aside:
        reason = entry.reason
        if entry.notes:
            reason += " (" + "; ".join(n.strip() for n in entry.notes) + ")"
        by_file.setdefault((entry.source, reason), []).append(entry.row)
    problems = []
    for (source, reason), rows in by_file.items():
        numbers = [r for r in rows if r is not None]
        where = f"{rows_named(numbers)}: " if numbers else ""
        problems.append(Problem(source, None, "", f"{where}{reason}; nothing was imported"))
    return problems


def _import_locked(
    resolved: list[Resolved],
    into: Path,
    held: RespondentFolder,
    respondent: str | None,
    site: NewSite | None,
    today: dt.date,
    created: list[Path],
    records: list[Imported],
) -> ImportResult:
    """The part of an import that must not interleave with another import into `into`."""
    folder = into / "respondents"
    existing = held.read()
    chosen, skipped = _new_rows(resolved, existing)
    problems = _held_already(resolved, chosen, existing, folder, respondent)
    if errors_only(problems):
        raise InputError(problems)
    if respondent is not None and resolved:
        resolved[0].respondent_id = respondent
    if not chosen:
        return ImportResult((), tuple(skipped))
    made = _ensure_site(into, site, today)
    created.extend(made)  # removed again if anything below fails
    entry = site_entry(into) or {}  # as it is now, under the lock
    site_note = _other_site(into, entry, site) if site is not None and not made else None
    _check_invited(into, entry, existing, chosen, given=bool(made))
    if not folder.is_dir():
        make_folder(folder)
        created.append(folder)
    _write_respondents(chosen, folder, existing.ids, respondent, today.isoformat(), records)
    return ImportResult(
        tuple(records), tuple(skipped), site_written=bool(made), site_note=site_note
    )


def _check_invited(
    into: Path, entry: dict[str, Any], existing: Held, chosen: list[Resolved], given: bool
) -> None:
    """Refuse to hold more respondents of a role than site.yaml (`entry`) says were invited:
    the assessment could not be scored until the count was corrected. `given`: the counts
    are this run's `--invited`, its site.yaml written now (and removed with the refusal)."""
    invited = entry.get("invited")
    if not isinstance(invited, dict):
        return
    problems = []
    adding = Counter(item.role for item in chosen)
    for role, count in sorted(adding.items()):
        limit = invited.get(role)
        held = existing.roles.get(role, 0)
        if isinstance(limit, int) and not isinstance(limit, bool) and held + count > limit:
            message = too_many_for_invited(role_label(role), held, count, limit, given)
            if given:
                problems.append(Problem(None, None, "--invited", f"{role}={limit}: {message}"))
                continue
            problems.append(
                Problem(
                    into / "site.yaml",
                    line_in(into / "site.yaml", ("site", "invited", role)),
                    f"site.invited.{role}",
                    message,
                )
            )
    if problems:
        raise InputError(problems)


def _held_already(
    resolved: list[Resolved],
    chosen: list[Resolved],
    existing: Held,
    folder: Path,
    respondent: str | None,
) -> list[Problem]:
    """A file an earlier import already read, and a --respondent id already in use. A survey
    export whose rows carry their submissions' identity is refused only when it has nothing
    new: `chosen` (`_new_rows`) holds the rows not held yet (a row whose respondent file was
    deleted to take an edit, or a rejected one now included)."""
    problems: list[Problem] = []
    reported: set[str] = set()
    # A file with a row that does not say which submission it is would bring that row twice.
    unkeyed = {item.response.sha256 for item in resolved if not _keyed(item)}
    bringing = {item.response.sha256 for item in chosen} - unkeyed
    for item in resolved:
        sha, source = item.response.sha256, item.response.source
        if sha in existing.files and sha not in reported and sha not in bringing:
            reported.add(sha)
            problems.append(
                Problem(
                    source,
                    None,
                    "",
                    f"already imported as {folder / existing.files[sha]}; nothing was imported",
                )
            )
    held = {i.casefold(): i for i in existing.ids}
    taken = held.get(respondent.casefold()) if respondent is not None else None
    if taken is not None:
        capitals = f" (the same as {respondent!r} but for capitals)" if taken != respondent else ""
        problems.append(
            Problem(
                folder / f"{taken}.yaml",
                None,
                "--respondent",
                f"respondent {taken!r} already exists{capitals}; choose another "
                "id, or leave --respondent out for a new one",
            )
        )
    return problems


def _write_respondents(
    chosen: list[Resolved],
    folder: Path,
    taken: set[str],
    respondent: str | None,
    when: str,
    records: list[Imported],
) -> None:
    """Write one respondent file for each response, all at once, and add each to `records` (in
    the order read). Each keeps the id it gives when that is free, else gets the next free
    pseudonym; a name another program took meanwhile is written under the next free id."""
    allocate = _IdAllocator(taken)
    planned, lost = _write_batch(chosen, folder, allocate, when)
    # Every file now linked is recorded (so a failure from here on removes it) before the few
    # whose names another program took meanwhile are written under the next free ids.
    positions: list[int] = []
    retry: list[tuple[int, Resolved]] = []
    for n, (item, ident, target) in enumerate(planned):
        if target in lost:
            retry.append((n, item))
            continue
        records.append(_record(item, Path(target), ident))
        positions.append(n)
    for n, item in retry:
        if respondent is not None:  # the id the user chose appeared meanwhile
            raise ReadinessError(
                f"respondent {respondent!r} was created by another program meanwhile; "
                "nothing was imported"
            )
        while True:  # something else took this id: take the next free one
            ident = allocate.allocate()
            path = folder / f"{ident}.yaml"
            if create_new(path, respondent_yaml(item, ident, when)):
                break
        records.append(_record(item, path, ident))
        positions.append(n)
    if retry:  # in the order the responses were read
        records[:] = [r for _, r in sorted(zip(positions, records, strict=True), key=_first)]


def _write_batch(
    chosen: list[Resolved],
    folder: Path,
    allocate: _IdAllocator,
    when: str,
) -> tuple[list[tuple[Resolved, str, str]], set[str]]:
    """Stage every respondent file and link them in together: (response, id, path) for each,
    and the paths that another program took meanwhile, which were not written."""
    batch = NewFiles()
    planned: list[tuple[Resolved, str, str]] = []
    base = os.path.join(folder, "")
    try:
        for item in chosen:
            wanted = item.respondent_id
            if wanted is not None and (allocate.is_taken(wanted) or not is_identifier(wanted)):
                wanted = None
            if wanted is not None:
                allocate.take(wanted)
            ident = wanted or allocate.allocate()
            target = f"{base}{ident}.yaml"
            batch.stage(target, respondent_yaml(item, ident, when))
            planned.append((item, ident, target))
        lost = {os.fspath(p) for p in batch.commit()}
    finally:
        batch.discard()
    return planned, lost


def _first(pair: tuple[int, Imported]) -> int:
    return pair[0]


def _record(item: Resolved, path: Path, ident: str) -> Imported:
    count = sum(len(a) for a in item.answers.values())
    response = item.response
    given = item.respondent_id
    return Imported(
        path,
        ident,
        item.role,
        count,
        response.source,
        response.row,
        tuple(item.notes),
        renamed_from=given if given is not None and given != ident else None,
        warnings=tuple(item.warnings),
        other_text=tuple(item.other_text),
    )


def _keyed(item: Resolved) -> bool:
    """Whether a response is an export's row that says which submission it is."""
    return item.row_key is not None and item.response.row is not None


def _new_rows(resolved: list[Resolved], existing: Held) -> tuple[list[Resolved], list[Skipped]]:
    """The responses to write, and the export rows an import already holds (marked when the
    survey's submission was edited since it was imported: the answers held are kept)."""
    chosen: list[Resolved] = []
    skipped: list[Skipped] = []
    this_run: dict[str, Resolved] = {}
    for item in resolved:
        key, row = item.row_key, item.response.row
        if key is None or row is None:
            chosen.append(item)
        elif key in existing.rows:
            kept = existing.contents.get(key)
            edited = None not in (kept, item.content_sha256) and kept != item.content_sha256
            held = f"respondents/{existing.rows[key]}"
            skipped.append(Skipped(item.response.source, row, held, edited))
        elif key in this_run:
            first = this_run[key].response
            skipped.append(
                Skipped(item.response.source, row, f"row {first.row} of {first.source.name}")
            )
        else:
            this_run[key] = item
            chosen.append(item)
    return chosen, skipped


def _remove_created(created: list[Path]) -> None:
    """Undo what a failed import created: its site.yaml and the folders it made."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir():
                (path / LOCK_FILE).unlink(missing_ok=True)  # the lock it took there
                path.rmdir()
            else:
                path.unlink()
