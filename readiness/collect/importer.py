"""`readiness import`: filled questionnaires and survey exports in, respondent files out.

Nothing a respondent typed is lost or silently changed: answers must match an option (by
code, value or label) or they are reported with where they were found; a failed import writes
nothing; an existing respondent file is never overwritten; the same file twice is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from readiness.collect.matching import match_answer, match_role
from readiness.collect.questionnaire import encode_version
from readiness.collect.raw import RawResponse
from readiness.collect.sources import read_source
from readiness.collect.versions import carry_forward, target_catalogue
from readiness.errors import InputError, Problem, ReadinessError, errors_only
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework
from readiness.output import create_new, make_folder, write_output
from readiness.schema import did_you_mean, is_identifier, unknown
from readiness.version import __version__
from readiness.vocabulary import ROLES, SITE_KINDS
from readiness.yamlio import load_yaml


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
    notes: list[str] = field(default_factory=list)


def resolve(
    response: RawResponse, catalogue: Catalogue, role: str | None, problems: list[Problem]
) -> _Resolved | None:
    """Check one response against the frameworks; report every problem with its location."""
    path = response.source
    prefix = f"row {response.row}: " if response.row else ""
    chosen_role = role
    if chosen_role is None and response.role:
        chosen_role = match_role(response.role)
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
    for framework_id in sorted(frameworks, key=lambda f: (f not in catalogue.ids(), f)):
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
                lambda old: _answers(old, response, prefix, problems),
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
        answers[framework_id] = _answers(framework, response, prefix, problems)
        kept = {}
        for item_id, text in response.comments.get(framework_id, {}).items():
            if item_id not in framework.items:
                problems.append(
                    Problem(
                        path,
                        None,
                        f"{framework_id}.{item_id}",
                        f"{prefix}comment on an unknown item {item_id!r}",
                    )
                )
            else:
                kept[item_id] = str(text)
        if kept:
            comments[framework_id] = kept
    return _Resolved(
        response, chosen_role, response.respondent_id, versions, answers, comments, notes
    )


def _same_version(stated: str, framework: Framework, encoded: bool) -> bool:
    if encoded:
        return stated == encode_version(framework.version)
    return stated == framework.version


def _answers(
    framework: Framework, response: RawResponse, prefix: str, problems: list[Problem]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item_id, value in response.answers.get(framework.id, {}).items():
        where = response.location(framework.id, item_id)
        at = f"{prefix}{where}: " if where else prefix
        item = framework.items.get(item_id)
        if item is None:
            problems.append(
                Problem(
                    response.source,
                    None,
                    f"{framework.id}.{item_id}",
                    f"{at}{framework.id} has no item {item_id!r}"
                    f"{did_you_mean(item_id, list(framework.items))}",
                )
            )
            continue
        answer, message = match_answer(item, value)
        if answer is None:
            problems.append(
                Problem(response.source, None, f"{framework.id}.{item_id}", at + message)
            )
            continue
        out[item_id] = answer
    return out


def _existing(folder: Path) -> tuple[set[str], dict[tuple[str, int | None], str]]:
    """Respondent ids in use, and what each earlier import came from (hash, row) -> file."""
    ids: set[str] = set()
    imported: dict[tuple[str, int | None], str] = {}
    if not folder.is_dir():
        return ids, imported
    for path in sorted(folder.glob("*.y*ml")):
        ids.add(path.stem)
        try:
            data = load_yaml(path).data
        except InputError:
            continue
        if isinstance(data, dict):
            if data.get("id"):
                ids.add(str(data["id"]))
            source = data.get("imported_from")
            if isinstance(source, dict) and source.get("sha256"):
                imported[(str(source["sha256"]), source.get("row"))] = path.name
    return ids, imported


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
    created = [p for p in (*reversed(into.parents), into) if not p.exists()]
    text = yaml.safe_dump(
        {"site": {"name": site, "kind": str(kind), "assessed_on": today.isoformat()}},
        sort_keys=False,
        allow_unicode=True,
    )
    header = (
        "# Created by readiness import. Check the kind (practice, pcn or service) and the\n"
        "# assessment date, and add ods_code if the site has one.\n"
    )
    try:
        make_folder(into)
        write_output(site_file, (header + text).encode("utf-8"))
    except BaseException:
        _remove_created(created)
        raise
    return [*created, site_file]


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
) -> list[Imported]:
    """Import every response in `files` into the assessment folder `into`.

    All files are read and checked first; if anything is wrong, nothing is written.
    """
    if role is not None and role not in ROLES:
        raise ReadinessError(unknown("role", role, list(ROLES)))
    if site_kind not in SITE_KINDS:
        raise ReadinessError(
            f"unknown site kind {site_kind!r}; use one of: {', '.join(SITE_KINDS)}"
        )
    catalogue = target_catalogue(into, catalogue)  # the versions the assessment already uses
    problems: list[Problem] = []
    responses: list[RawResponse] = []
    for path in files:
        try:
            responses.extend(read_source(Path(path), catalogue, mapping))
        except InputError as exc:
            problems.extend(exc.problems)
    resolved = [r for r in (resolve(x, catalogue, role, problems) for x in responses) if r]
    if respondent is not None and len(responses) > 1:
        problems.append(
            Problem(
                None,
                None,
                "--respondent",
                f"--respondent names one person, but the files hold {len(responses)} responses",
            )
        )
    folder = into / "respondents"
    taken, earlier = _existing(folder)
    seen: set[tuple[str, int | None]] = set()
    for item in resolved:
        key = (item.response.sha256, item.response.row)
        where = f" (row {item.response.row})" if item.response.row else ""
        if key in earlier:
            problems.append(
                Problem(
                    item.response.source,
                    None,
                    "",
                    f"already imported{where} as respondents/{earlier[key]}; nothing was imported",
                )
            )
        elif key in seen:
            problems.append(
                Problem(item.response.source, None, "", f"the same file{where} is given twice")
            )
        seen.add(key)
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
    today = today or dt.date.today()
    when = today.isoformat()
    allocate = _IdAllocator(taken)
    records: list[Imported] = []
    created: list[Path] = []
    try:
        created = _ensure_site(into, site, site_kind, today)
        if not folder.is_dir():
            make_folder(folder)
            created.append(folder)
        for item in resolved:
            wanted = item.respondent_id
            if wanted is not None and (wanted in taken or not is_identifier(wanted)):
                wanted = None
            if wanted is not None:
                taken.add(wanted)
            ident = wanted or allocate.allocate()
            while True:
                path = folder / f"{ident}.yaml"
                if create_new(path, _respondent_yaml(item, ident, when)):
                    break
                if respondent is not None:  # the id the user chose appeared meanwhile
                    raise ReadinessError(
                        f"respondent {respondent!r} was created by another import meanwhile; "
                        "nothing was imported"
                    )
                ident = allocate.allocate()  # another import took this id: take the next
            count = sum(len(a) for a in item.answers.values())
            records.append(
                Imported(
                    path,
                    ident,
                    item.role,
                    count,
                    item.response.source,
                    item.response.row,
                    tuple(item.notes),
                )
            )
    except BaseException:
        for record in records:
            record.path.unlink(missing_ok=True)
        _remove_created(created)
        raise
    return records


def _remove_created(created: list[Path]) -> None:
    """Undo what a failed import created: its site.yaml and the folders it made."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


def _respondent_yaml(item: _Resolved, ident: str, when: str) -> bytes:
    source: dict[str, Any] = {"file": item.response.source.name, "sha256": item.response.sha256}
    if item.response.row:
        source["row"] = item.response.row
    source["imported_on"] = when
    data: dict[str, Any] = {
        "id": ident,
        "role": item.role,
        "versions": item.versions,
        "answers": {k: v for k, v in item.answers.items() if v},
    }
    if item.comments:
        data["comments"] = item.comments
    data["imported_from"] = source
    header = f"# Imported by readiness {__version__}; edit with care.\n"
    header += "".join(f"# {note}\n" for note in item.notes)
    return (header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)).encode(
        "utf-8"
    )
