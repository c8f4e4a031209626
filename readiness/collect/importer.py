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
import functools
import gc
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import yaml

from readiness.assessment.format import MAX_COMMENT
from readiness.collect.held import Held, RespondentFolder
from readiness.collect.matching import match_answer, match_role
from readiness.collect.questionnaire import encode_version
from readiness.collect.raw import RawResponse
from readiness.collect.sources import read_source
from readiness.collect.versions import carry_forward, target_catalogue
from readiness.errors import InputError, Problem, ReadinessError, errors_only
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework, Item
from readiness.output import (
    LOCK_FILE,
    NewFiles,
    create_new,
    folder_lock,
    make_folder,
    write_output,
)
from readiness.schema import did_you_mean, is_identifier, unknown
from readiness.version import __version__
from readiness.vocabulary import ROLES, SITE_KINDS


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


@dataclass
class _Resolved:
    response: RawResponse
    role: str
    respondent_id: str | None
    versions: dict[str, str]
    answers: dict[str, dict[str, Any]]
    comments: dict[str, dict[str, str]]
    general_comment: str | None = None
    row_key: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """An export row not imported because an earlier import already holds it."""

    source: Path
    row: int
    existing: str  # the respondent file that holds it


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
class ImportResult(Sequence[Imported]):
    """What an import did: the respondent files it wrote (`written`, in the order read; the
    result reads as that sequence too), the export rows it left out because an earlier import
    of the same survey already holds them (`skipped`), and the responses with nothing in them,
    which are never written (`set_aside`)."""

    written: tuple[Imported, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    set_aside: tuple[SetAside, ...] = ()

    @overload
    def __getitem__(self, index: int) -> Imported: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Imported, ...]: ...
    def __getitem__(self, index: int | slice) -> Imported | tuple[Imported, ...]:
        return self.written[index]

    def __len__(self) -> int:
        return len(self.written)


def resolve(
    response: RawResponse,
    catalogue: Catalogue,
    role: str | None,
    problems: list[Problem],
    memo: _Memo | None = None,
) -> _Resolved | None:
    """Check one response against the frameworks; report every problem with its location."""
    memo = memo if memo is not None else _Memo()
    path = response.source
    prefix = f"row {response.row}: " if response.row else ""
    chosen_role = role
    if chosen_role is None and response.role:
        chosen_role = memo.role(response.role)
        if chosen_role is None:
            problems.append(
                Problem(
                    path,
                    None,
                    "role",
                    prefix + unknown("role", response.role, list(ROLES)),
                )
            )
            return None
    if chosen_role is None:
        problems.append(
            Problem(
                path,
                None,
                "role",
                f"{prefix}no role given; answer the role question, or import with --role ROLE",
            )
        )
        return None
    versions: dict[str, str] = {}
    answers: dict[str, dict[str, Any]] = {}
    comments: dict[str, dict[str, str]] = {}
    notes: list[str] = []
    frameworks = set(response.answers) | set(response.comments) | set(response.versions)
    known = memo.ids(catalogue)
    for framework_id in sorted(frameworks, key=lambda f: (f not in known, f)):
        framework = catalogue.get(framework_id)
        if framework is None:
            problems.append(
                Problem(
                    path,
                    None,
                    framework_id,
                    f"{prefix}unknown framework "
                    f"{framework_id!r}{did_you_mean(framework_id, catalogue.ids())}",
                )
            )
            continue
        stated = response.versions.get(framework_id)
        if stated is not None and not _same_version(stated, framework, response.versions_encoded):
            # Another version (issue 11): carry answers across by the change record.
            carried = carry_forward(
                response,
                framework,
                catalogue,
                chosen_role,
                prefix,
                lambda old: _answers(old, response, prefix, problems, memo),
                lambda old: _comments(old, response, prefix, problems, memo),
                problems,
            )
            if carried is not None:
                versions[framework_id] = framework.version
                answers[framework_id] = carried.answers
                if carried.comments:
                    comments[framework_id] = carried.comments
                notes.extend(carried.notes)
            continue
        versions[framework_id] = framework.version
        answers[framework_id] = _answers(framework, response, prefix, problems, memo)
        kept = _comments(framework, response, prefix, problems, memo)
        if kept:
            comments[framework_id] = kept
    if memo.any_reused(catalogue, versions, answers, comments):
        _to_home(response, catalogue, versions, answers, comments, prefix, problems)
    general = response.general_comment
    if general is not None and not _comment_fits(
        response, ("", "general_comment"), general, problems
    ):
        general = None
    return _Resolved(
        response,
        chosen_role,
        response.respondent_id,
        versions,
        answers,
        comments,
        general_comment=general,
        notes=notes,
    )


def _comments(
    framework: Framework,
    response: RawResponse,
    prefix: str,
    problems: list[Problem],
    memo: _Memo,
) -> dict[str, str]:
    """A response's comments on `framework`'s items, checked against that version."""
    kept: dict[str, str] = {}
    items = memo.items(framework)
    for item_id, text in response.comments.get(framework.id, {}).items():
        if item_id not in items:
            problems.append(
                Problem(
                    response.source,
                    None,
                    f"{framework.id}.{item_id}",
                    f"{prefix}comment on an unknown item {item_id!r}"
                    f"{did_you_mean(item_id, list(items))}",
                )
            )
        elif _comment_fits(response, (framework.id, f"{item_id}/comment"), str(text), problems):
            kept[item_id] = str(text)
    return kept


def _to_home(
    response: RawResponse,
    catalogue: Catalogue,
    versions: dict[str, str],
    answers: dict[str, dict[str, Any]],
    comments: dict[str, dict[str, str]],
    prefix: str,
    problems: list[Problem],
) -> None:
    """Move answers and comments on an item another framework asks once (`from:`) to that
    item under its home framework, where the loader reads it; one question answered twice
    differently is refused. A survey column, a YAML key or a carried answer may land there."""
    for section in (answers, comments):
        for framework_id in list(section):
            framework = catalogue.get(framework_id, versions.get(framework_id))
            if framework is None or not framework.references:
                continue
            given = section[framework_id]
            for item_id in [i for i in given if framework.items[i].ref is not None]:
                ref = framework.items[item_id].ref
                assert ref is not None
                value = given.pop(item_id)
                home = catalogue.get(ref.framework_id)
                kind = "answer" if section is answers else "comment"
                key = item_id if section is answers else f"{item_id}/comment"
                where = response.location(framework_id, key)
                at = f"{prefix}{where}: " if where else prefix
                name = f"{framework_id}.{item_id}"
                if home is None or home.version != ref.version:
                    used = f"{home.id} {home.version}" if home else f"no {ref.framework_id}"
                    problems.append(
                        Problem(
                            response.source,
                            None,
                            name,
                            f"{at}{framework_id} {item_id} is asked once, as {ref.spec}, but "
                            f"this assessment uses {used}; import it into an assessment on "
                            f"{ref.spec.split('/')[0]}",
                        )
                    )
                    continue
                there = section.setdefault(ref.framework_id, {})
                if ref.item_id in there and there[ref.item_id] != value:
                    problems.append(
                        Problem(
                            response.source,
                            None,
                            name,
                            f"{at}{framework_id} {item_id} and {ref.framework_id} {ref.item_id} "
                            f"are one question, asked once, but the {kind}s differ "
                            f"({there[ref.item_id]!r} and {value!r}); keep one of them",
                        )
                    )
                    continue
                there[ref.item_id] = value
                versions.setdefault(ref.framework_id, home.version)
    for framework_id in [f for f, given in comments.items() if not given]:
        del comments[framework_id]


def _comment_fits(
    response: RawResponse, key: tuple[str, str], text: str, problems: list[Problem]
) -> bool:
    """Whether a comment is within the one limit that scoring also checks."""
    if len(text) <= MAX_COMMENT:
        return True
    prefix = f"row {response.row}: " if response.row else ""
    where = response.where.get(key, "")
    at = f"{prefix}{where}: " if where else prefix
    name = "general_comment" if not key[0] else f"{key[0]}.{key[1].split('/')[0]}.comment"
    problems.append(
        Problem(
            response.source,
            None,
            name,
            f"{at}the comment has {len(text):,} characters; the limit is {MAX_COMMENT:,}: "
            "shorten it in the file and import again",
        )
    )
    return False


class _Memo:
    """What many rows of one import share, worked out once: each framework's items by id, and
    the answer made of each distinct value given to an item (exports repeat a few answers many
    thousand times), so an import takes time in proportion to its size."""

    def __init__(self) -> None:
        # Keyed by (id, version): an import may read answers to more than one version.
        self._items: dict[tuple[str, str], dict[str, Item]] = {}
        self._reused: dict[tuple[str, str], frozenset[str]] = {}
        self._answers: dict[tuple[str, str], dict[tuple[str, type, Any], tuple[Any, str]]] = {}
        self._roles: dict[str, str | None] = {}
        self._ids: tuple[Catalogue, set[str]] | None = None

    def items(self, framework: Framework) -> dict[str, Item]:
        key = (framework.id, framework.version)
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = framework.items
        return found

    def ids(self, catalogue: Catalogue) -> set[str]:
        if self._ids is None or self._ids[0] is not catalogue:
            self._ids = (catalogue, set(catalogue.ids()))
        return self._ids[1]

    def role(self, written: str) -> str | None:
        if written not in self._roles:
            self._roles[written] = match_role(written)
        return self._roles[written]

    def any_reused(
        self,
        catalogue: Catalogue,
        versions: dict[str, str],
        answers: dict[str, dict[str, Any]],
        comments: dict[str, dict[str, str]],
    ) -> bool:
        """Whether any answer or comment is on an item asked once elsewhere (`from:`)."""
        for section in (answers, comments):
            for framework_id, given in section.items():
                key = (framework_id, versions.get(framework_id, ""))
                reused = self._reused.get(key)
                if reused is None:
                    framework = catalogue.get(framework_id, versions.get(framework_id))
                    reused = (
                        frozenset(i.id for i in framework.references)
                        if framework
                        else (frozenset())
                    )
                    self._reused[key] = reused
                if reused and not reused.isdisjoint(given):
                    return True
        return False

    def answers(self, framework: Framework) -> dict[tuple[str, type, Any], tuple[Any, str]]:
        """The answers already made for `framework`, by (item id, type, value given)."""
        key = (framework.id, framework.version)
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = {}
        return found


def _same_version(stated: str, framework: Framework, encoded: bool) -> bool:
    if encoded:
        return stated == encode_version(framework.version)
    return stated == framework.version


def _answers(
    framework: Framework,
    response: RawResponse,
    prefix: str,
    problems: list[Problem],
    memo: _Memo,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    items = memo.items(framework)
    made = memo.answers(framework)
    for item_id, value in response.answers.get(framework.id, {}).items():
        try:
            key = (item_id, type(value), value)
            found = made.get(key)
        except TypeError:  # a value that cannot be a key: work it out each time
            key, found = None, None
        if found is None:
            item = items.get(item_id)
            if item is None:
                found = (
                    None,
                    (f"{framework.id} has no item {item_id!r}{did_you_mean(item_id, list(items))}"),
                )
            else:
                found = match_answer(item, value)
            if key is not None:
                made[key] = found
        answer, message = found
        if answer is None:
            where = response.location(framework.id, item_id)
            at = f"{prefix}{where}: " if where else prefix
            problems.append(
                Problem(response.source, None, f"{framework.id}.{item_id}", at + message)
            )
            continue
        out[item_id] = answer
    return out


def _row_keys(resolved: list[_Resolved]) -> None:
    """Give each export row its identity across downloads of the same survey.

    A Microsoft Forms ID (with its times) identifies a row by itself; a Google Forms timestamp,
    or nothing, is combined with a hash of the row's answers as imported. Rows alike in every
    way are told apart by their order, so a later download with one more such row imports one.
    Only hashes are stored: never a timestamp as written."""
    occurrences: dict[tuple[str, str], int] = {}
    for item in resolved:
        response = item.response
        if response.row is None:
            continue
        identity = response.row_identity
        if identity is None or identity.startswith("google-forms:"):
            content = json.dumps(
                [item.role, item.respondent_id, item.answers, item.comments, item.general_comment],
                sort_keys=True,
                ensure_ascii=False,
                default=str,
            )
            digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
            identity = f"{identity or 'answers'}|{digest}"
        count = occurrences.get((response.sha256, identity), 0) + 1
        occurrences[(response.sha256, identity)] = count
        item.row_key = hashlib.sha256(f"{identity}#{count}".encode()).hexdigest()


class _IdAllocator:
    """Hands out the next free pseudonym r01, r02, ... in one pass over the ids in use."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next = 1

    def allocate(self) -> str:
        while f"r{self.next:02d}" in self.taken:
            self.next += 1
        ident = f"r{self.next:02d}"
        self.taken.add(ident)
        return ident


def _ensure_site(into: Path, site: str | None, kind: str, today: dt.date) -> list[Path]:
    """Create the assessment folder and its site.yaml when missing; what was created."""
    site_file = into / "site.yaml"
    if site_file.is_file():
        return []
    if not site:
        raise ReadinessError(
            f"{into} has no site.yaml; give --site NAME to create the assessment folder"
        )
    text = yaml.safe_dump(
        {"site": {"name": site, "kind": str(kind), "assessed_on": today.isoformat()}},
        sort_keys=False,
        allow_unicode=True,
    )
    header = (
        "# Created by readiness import. Check the kind (practice, pcn or service) and the\n"
        "# assessment date, and add ods_code if the site has one.\n"
    )
    write_output(site_file, (header + text).encode("utf-8"))
    return [site_file]


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
) -> ImportResult:
    """Import every response in `files` into the assessment folder `into`.

    All files are read and checked first; if anything is wrong, nothing is written. Rows of a
    survey export that an earlier import already holds are skipped and listed in the result.
    """
    # A large export makes millions of small objects that live until the import ends; the
    # cycle collector's repeated passes over them cost seconds and free nothing (none form
    # cycles that outlive the import), so it waits until the import is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_files(
            files, into, catalogue, role, respondent, site, site_kind, mapping, today
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
    site: str | None,
    site_kind: str,
    mapping: Path | None,
    today: dt.date | None,
) -> ImportResult:
    if role is not None and role not in ROLES:
        raise ReadinessError(unknown("role", role, list(ROLES)))
    if site_kind not in SITE_KINDS:
        raise ReadinessError(
            f"unknown site kind {site_kind!r}; use one of: {', '.join(SITE_KINDS)}"
        )
    held = RespondentFolder(into / "respondents")
    # The versions the assessment already uses (looked at again, under the lock, for ids).
    catalogue = target_catalogue(into, catalogue, held.read())
    problems: list[Problem] = []
    responses: list[RawResponse] = []
    read_files: dict[str, Path] = {}
    for path in files:
        try:
            found = read_source(Path(path), catalogue, mapping)
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
    memo = _Memo()
    resolved = [r for r in (resolve(x, catalogue, role, problems, memo) for x in responses) if r]
    resolved, set_aside = _set_aside(resolved)
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
        raise InputError(_nothing_to_import(set_aside))
    if not (into / "site.yaml").is_file() and not site:
        raise ReadinessError(
            f"{into} has no site.yaml; give --site NAME to create the assessment folder"
        )
    _row_keys(resolved)
    today = today or dt.date.today()
    created: list[Path] = []
    records: list[Imported] = []
    try:
        created = [p for p in (*reversed(into.parents), into) if not p.exists()]
        make_folder(into)
        with folder_lock(into):
            result = _import_locked(
                resolved, into, held, respondent, site, site_kind, today, created, records
            )
    except BaseException:
        for record in records:
            record.path.unlink(missing_ok=True)
        _remove_created(created)
        raise
    return dataclasses.replace(result, set_aside=tuple(set_aside))


def _set_aside(resolved: list[_Resolved]) -> tuple[list[_Resolved], list[SetAside]]:
    """The responses to import, and those with no answer and no comment, which would count as
    a respondent who said nothing: a blank questionnaire, or nothing that carries."""
    kept: list[_Resolved] = []
    aside: list[SetAside] = []
    for item in resolved:
        if item.general_comment or any(item.answers.values()) or any(item.comments.values()):
            kept.append(item)
            continue
        raw = item.response
        typed = raw.general_comment or any(raw.answers.values()) or any(raw.comments.values())
        reason = (
            "none of its answers or comments carries to the framework versions this assessment uses"
            if typed
            else NOTHING_GIVEN
        )
        aside.append(SetAside(raw.source, raw.row, reason, tuple(item.notes)))
    return kept, aside


def _nothing_to_import(set_aside: list[SetAside]) -> list[Problem]:
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
        where = ""
        if numbers:
            shown = ", ".join(str(r) for r in numbers[:5])
            more = f" and {len(numbers) - 5:,} more" if len(numbers) > 5 else ""
            where = f"{'row' if len(numbers) == 1 else 'rows'} {shown}{more}: "
        problems.append(Problem(source, None, "", f"{where}{reason}; nothing was imported"))
    return problems


def _import_locked(
    resolved: list[_Resolved],
    into: Path,
    held: RespondentFolder,
    respondent: str | None,
    site: str | None,
    site_kind: str,
    today: dt.date,
    created: list[Path],
    records: list[Imported],
) -> ImportResult:
    """The part of an import that must not interleave with another import into `into`."""
    problems: list[Problem] = []
    folder = into / "respondents"
    existing = held.read()
    taken = existing.ids
    reported: set[str] = set()
    for item in resolved:
        sha, source = item.response.sha256, item.response.source
        if sha in existing.files and sha not in reported:
            reported.add(sha)
            problems.append(
                Problem(
                    source,
                    None,
                    "",
                    f"already imported as respondents/{existing.files[sha]}; nothing was imported",
                )
            )
    if respondent is not None:
        if respondent in taken:
            problems.append(
                Problem(
                    folder / f"{respondent}.yaml",
                    None,
                    "--respondent",
                    f"respondent {respondent!r} already exists; choose another "
                    "id, or leave --respondent out for a new one",
                )
            )
        elif resolved:
            resolved[0].respondent_id = respondent
    if errors_only(problems):
        raise InputError(problems)
    chosen, skipped = _new_rows(resolved, existing)
    if not chosen:
        return ImportResult((), tuple(skipped))
    created.extend(_ensure_site(into, site, site_kind, today))
    if not folder.is_dir():
        make_folder(folder)
        created.append(folder)
    when = today.isoformat()
    allocate = _IdAllocator(taken)
    batch = NewFiles()
    planned: list[tuple[_Resolved, str, str]] = []
    base = os.path.join(folder, "")
    try:
        for item in chosen:
            wanted = item.respondent_id
            if wanted is not None and (wanted in taken or not is_identifier(wanted)):
                wanted = None
            if wanted is not None:
                taken.add(wanted)
            ident = wanted or allocate.allocate()
            target = f"{base}{ident}.yaml"
            batch.stage(target, _respondent_yaml(item, ident, when))
            planned.append((item, ident, target))
        lost = {os.fspath(p) for p in batch.commit()}
    finally:
        batch.discard()
    # Every file now linked is recorded (so a failure from here on removes it) before the few
    # whose names another program took meanwhile are written under the next free ids.
    positions: list[int] = []
    retry: list[tuple[int, _Resolved]] = []
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
            if create_new(path, _respondent_yaml(item, ident, when)):
                break
        records.append(_record(item, path, ident))
        positions.append(n)
    if retry:  # in the order the responses were read
        records[:] = [r for _, r in sorted(zip(positions, records, strict=True), key=_first)]
    return ImportResult(tuple(records), tuple(skipped))


def _first(pair: tuple[int, Imported]) -> int:
    return pair[0]


def _record(item: _Resolved, path: Path, ident: str) -> Imported:
    count = sum(len(a) for a in item.answers.values())
    response = item.response
    return Imported(path, ident, item.role, count, response.source, response.row, tuple(item.notes))


def _new_rows(resolved: list[_Resolved], existing: Held) -> tuple[list[_Resolved], list[Skipped]]:
    """The responses to write, and the export rows an import already holds."""
    chosen: list[_Resolved] = []
    skipped: list[Skipped] = []
    this_run: dict[str, _Resolved] = {}
    for item in resolved:
        key, row = item.row_key, item.response.row
        if key is None or row is None:
            chosen.append(item)
        elif key in existing.rows:
            skipped.append(Skipped(item.response.source, row, f"respondents/{existing.rows[key]}"))
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


def _respondent_yaml(item: _Resolved, ident: str, when: str) -> bytes:
    """The respondent file: the lines `_yaml_lines` would make of it, put together from parts
    that repeat across an export's rows (its versions, its source, each answer's line)."""
    out = [_header(tuple(item.notes)), "id: ", _scalar(ident), "\nrole: ", _scalar(item.role)]
    out.append("\n")
    out.append(_versions_block(tuple(item.versions.items())))
    answers = [(k, v) for k, v in item.answers.items() if v]
    if answers:
        out.append("answers:\n")
        for framework_id, given in answers:
            out.append(_section_line(framework_id))
            out.extend(_answer_line(item_id, value) for item_id, value in given.items())
    else:
        out.append("answers: {}\n")
    rest: dict[str, Any] = {}
    if item.comments:
        rest["comments"] = item.comments
    if item.general_comment is not None:
        rest["general_comment"] = item.general_comment
    if rest:
        out.extend(_yaml_lines(rest, ""))
    out.append(_source_block(item.response.source.name, item.response.sha256))
    if item.response.row:
        out.append(f"  row: {item.response.row}\n")
    if item.row_key:
        out.append(f"  row_key: {_scalar(item.row_key, keep=False)}\n")
    out.append(f"  imported_on: {_scalar(when)}\n")
    return "".join(out).encode("utf-8")


@functools.lru_cache(maxsize=1024)
def _header(notes: tuple[str, ...]) -> str:
    header = f"# Imported by readiness {__version__}; edit with care.\n"
    return header + "".join(f"# {' '.join(note.splitlines())}\n" for note in notes)


@functools.lru_cache(maxsize=1024)
def _versions_block(versions: tuple[tuple[str, str], ...]) -> str:
    return "".join(_yaml_lines({"versions": dict(versions)}, ""))


@functools.lru_cache(maxsize=1024)
def _section_line(framework_id: str) -> str:
    return f"  {_scalar(framework_id)}:\n"


@functools.lru_cache(maxsize=1024)
def _source_block(name: str, sha256: str) -> str:
    return f"imported_from:\n  file: {_scalar(name)}\n  sha256: {_scalar(sha256)}\n"


_ANSWER_LINES: dict[tuple[str, type, Any], str] = {}


def _answer_line(item_id: str, value: Any) -> str:
    """'    SD1: agree' (an export repeats each item's few answers many thousand times)."""
    key = (item_id, type(value), value)
    found = _ANSWER_LINES.get(key)
    if found is None:
        if len(_ANSWER_LINES) > 100_000:
            _ANSWER_LINES.clear()
        found = _ANSWER_LINES[key] = f"    {_scalar(item_id)}: {_scalar(value)}\n"
    return found


# Text that reads back as the same text when written plain (not a number, bool or null).
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
# Text that double-quoted needs no escape: printable ASCII without a quote or a backslash.
_QUOTABLE = re.compile(r"[ !#-\[\]-~]*\Z")
# libyaml's emitter (when PyYAML has it) quotes text many times faster.
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _yaml_lines(data: dict[str, Any], indent: str) -> list[str]:
    """Block-style YAML for a respondent file. Written here rather than by yaml.dump, whose
    representer took most of a large import's time; every text that is not a plain word is
    double-quoted by libyaml, so it reads back exactly (a test round-trips awkward text)."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            if value:
                lines.append(f"{indent}{_scalar(key)}:\n")
                lines.extend(_yaml_lines(value, indent + "  "))
            else:
                lines.append(f"{indent}{_scalar(key)}: {{}}\n")
        else:
            lines.append(f"{indent}{_scalar(key)}: {_scalar(value)}\n")
    return lines


_SCALARS: dict[tuple[type, Any], str] = {}


def _scalar(value: Any, keep: bool = True) -> str:
    """A value as YAML (keys, codes and numbers repeat a great deal: each is made once;
    `keep=False` for a value seen once, such as a row key)."""
    key = (type(value), value)
    found = _SCALARS.get(key)
    if found is None:
        found = _make_scalar(value)
        if keep:
            if len(_SCALARS) > 100_000:
                _SCALARS.clear()
            _SCALARS[key] = found
    return found


def _make_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    if _QUOTABLE.match(text):
        return f'"{text}"'  # what libyaml writes for printable ASCII with nothing to escape
    quoted: str = yaml.dump(
        text, Dumper=_Dumper, default_style='"', allow_unicode=True, width=1 << 30
    )
    return quoted.rstrip("\n")
