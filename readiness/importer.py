"""`readiness import`: filled questionnaires and survey exports in, respondent files out.

Nothing a respondent typed is lost or silently changed: answers must match an option (by
code, value or label) or they are reported with where they were found; a failed import writes
nothing; an existing respondent file is never overwritten; the same file twice is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from readiness import __version__
from readiness.catalogue import Catalogue
from readiness.errors import InputError, Problem, ReadinessError, errors_only
from readiness.framework import Framework, Item
from readiness.imported import RawResponse
from readiness.output import write_atomic
from readiness.questionnaire import encode_version
from readiness.responses import interpret, version_mismatch
from readiness.schema import did_you_mean, known_list, unknown
from readiness.vocabulary import ROLES, SITE_KINDS
from readiness.yamlio import load_yaml

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def normalise(text: str) -> str:
    """Text compared the way a person would: case, spacing, curly quotes and dashes ignored."""
    text = unicodedata.normalize("NFKC", text)
    text = (
        text.replace("\u2018", "'")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u00a0", " ")
    )
    return re.sub(r"\s+", " ", text).strip().casefold()


def match_role(value: str) -> str | None:
    """A role id from its id or its label."""
    wanted = normalise(value).replace(" ", "_")
    for role, label in ROLES.items():
        if wanted in (role, normalise(label).replace(" ", "_")):
            return role
    return None


def match_answer(item: Item, value: Any) -> tuple[str | float | None, str]:
    """The answer to write (an option code, or a number) for what a respondent gave, or
    (None, why not). Codes, scored values and labels are all accepted."""
    if isinstance(value, dt.date):
        return None, (
            f"Excel turned this answer into a date ({value:%Y-%m-%d}); type the "
            "answer again as text"
        )
    if isinstance(value, bool):
        return None, f"{value!r} is not an answer"
    if isinstance(value, (int, float)):
        answer, message = interpret(item, value)
        if answer is None:
            return None, message
        if item.scale.type in ("numeric", "range"):
            return float(value) if not float(value).is_integer() else int(value), ""
        option = item.scale.option_for_value(float(value))
        return (option.code if option else value), ""
    text = str(value).strip()
    wanted = normalise(text)
    for option in item.scale.options:
        if wanted in (normalise(option.code), normalise(option.label)):
            return option.code, ""
    # A range label such as "7 – Completely" or a numeric fact typed as text.
    number_text = wanted.split(" ")[0].replace(",", "")
    try:
        number = float(number_text)
    except ValueError:
        labels = [o.label for o in item.scale.options]
        return None, (
            f"{text!r} is not one of the answers for {item.id}"
            f"{did_you_mean(text, labels)}; expected {known_list(labels)}"
        )
    return match_answer(item, number)


@dataclass(frozen=True)
class Imported:
    """One respondent file written by an import."""

    path: Path
    respondent_id: str
    role: str
    answers: int
    source: Path
    row: int | None


def read_source(path: Path, catalogue: Catalogue, mapping: Path | None) -> list[RawResponse]:
    """Every response in one file, whatever its kind."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, None, "", "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, "", f"cannot be read: {exc.strerror}")]) from exc
    if len(raw) > MAX_IMPORT_BYTES:
        raise InputError([Problem(path, None, "", "file is larger than 20 MiB")])
    sha = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".pdf" or raw.startswith(b"%PDF"):
        from readiness.pdfform import read_pdf_form

        return [read_pdf_form(path, raw, sha)]
    if suffix in (".yaml", ".yml"):
        return [_read_yaml(path, sha)]
    if suffix in (".xlsx", ".xlsm") or raw.startswith(b"PK\x03\x04"):
        from readiness.workbook import META_SHEET

        if META_SHEET.encode() in raw or _is_questionnaire_workbook(raw):
            from readiness.workbook import read_workbook

            return [read_workbook(path, raw, sha)]
        from readiness.form_exports import read_export

        return read_export(path, raw, sha, catalogue, mapping)
    if suffix in (".csv", ".tsv", ".txt"):
        from readiness.form_exports import read_export

        return read_export(path, raw, sha, catalogue, mapping)
    raise InputError(
        [
            Problem(
                path,
                None,
                "",
                "unknown kind of file: import takes filled PDF "
                "or Excel questionnaires, YAML respondent files, "
                "and CSV or XLSX survey exports",
            )
        ]
    )


def _is_questionnaire_workbook(raw: bytes) -> bool:
    import zipfile
    from io import BytesIO

    try:
        with zipfile.ZipFile(BytesIO(raw)) as archive:
            return any(
                b"_readiness" in archive.read(n)
                for n in archive.namelist()
                if n.endswith("workbook.xml")
            )
    except (zipfile.BadZipFile, KeyError):
        return False


def _read_yaml(path: Path, sha: str) -> RawResponse:
    doc = load_yaml(path)
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
    response = RawResponse(source=path, sha256=sha)
    if data.get("id") not in (None, ""):
        response.respondent_id = str(data["id"])
    if data.get("role") not in (None, ""):
        response.role = str(data["role"])
    for fw, version in (data.get("versions") or {}).items():
        response.versions[str(fw)] = str(version)
    for key, target in (("answers", response.answers), ("comments", response.comments)):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise InputError(
                [Problem(path, doc.line((key,)), key, "must be a mapping of framework id to items")]
            )
        for fw, items in section.items():
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
                if value in (None, ""):
                    continue
                target.setdefault(str(fw), {})[str(item_id)] = value
                if key == "answers":
                    response.where[(str(fw), str(item_id))] = f"line {doc.line((key, fw, item_id))}"
    return response


@dataclass
class _Resolved:
    response: RawResponse
    role: str
    respondent_id: str | None
    versions: dict[str, str]
    answers: dict[str, dict[str, Any]]
    comments: dict[str, dict[str, str]]


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
            shown = stated.replace("_", ".") if response.versions_encoded else stated
            problems.append(
                Problem(
                    path,
                    None,
                    framework_id,
                    prefix + version_mismatch(framework_id, shown, framework.version),
                )
            )
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
    return _Resolved(response, chosen_role, response.respondent_id, versions, answers, comments)


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


def _next_id(taken: set[str]) -> str:
    n = 1
    while f"r{n:02d}" in taken:
        n += 1
    return f"r{n:02d}"


def _ensure_site(into: Path, site: str | None, kind: str) -> None:
    site_file = into / "site.yaml"
    if site_file.is_file():
        return
    if not site:
        raise ReadinessError(
            f"{into} has no site.yaml; give --site NAME to create the assessment folder"
        )
    into.mkdir(parents=True, exist_ok=True)
    (into / "respondents").mkdir(exist_ok=True)
    text = yaml.safe_dump(
        {"site": {"name": site, "kind": kind, "assessed_on": dt.date.today().isoformat()}},
        sort_keys=False,
        allow_unicode=True,
    )
    header = (
        "# Created by readiness import. Check the kind (practice, pcn or service) and the\n"
        "# assessment date, and add ods_code if the site has one.\n"
    )
    write_atomic(site_file, (header + text).encode("utf-8"))


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
    _ensure_site(into, site, site_kind)
    folder.mkdir(exist_ok=True)
    when = (today or dt.date.today()).isoformat()
    planned: list[tuple[Path, bytes, Imported]] = []
    for item in resolved:
        ident = item.respondent_id
        if (
            ident is None
            or ident in taken
            or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", ident)
        ):
            ident = _next_id(taken)
        taken.add(ident)
        path = folder / f"{ident}.yaml"
        content = _respondent_yaml(item, ident, when)
        count = sum(len(a) for a in item.answers.values())
        planned.append(
            (
                path,
                content,
                Imported(path, ident, item.role, count, item.response.source, item.response.row),
            )
        )
    written: list[Path] = []
    try:
        for path, content, _ in planned:
            _write_new(path, content)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return [record for _, _, record in planned]


def _write_new(path: Path, content: bytes) -> None:
    """Write a file that must not exist yet (never overwrites, even in a race)."""
    tmp = path.with_name(f".{path.name}.importing")
    write_atomic(tmp, content)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise ReadinessError(f"{path} appeared while importing; nothing was overwritten") from None
    finally:
        tmp.unlink(missing_ok=True)


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
    return (header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)).encode(
        "utf-8"
    )
