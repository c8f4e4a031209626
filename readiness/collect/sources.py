"""Reading one file of answers, whatever its kind: a filled PDF or Excel questionnaire, a YAML
respondent file, or a Microsoft or Google Forms export (CSV or XLSX)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from readiness.collect.raw import RawResponse
from readiness.errors import InputError, Problem
from readiness.framework.catalogue import Catalogue
from readiness.yamlio import load_yaml

MAX_IMPORT_BYTES = 20 * 1024 * 1024


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
        from readiness.collect.pdf_form import read_pdf_form

        return [read_pdf_form(path, raw, sha)]
    if suffix in (".yaml", ".yml"):
        return [_read_yaml(path, sha)]
    if suffix in (".xlsx", ".xlsm") or raw.startswith(b"PK\x03\x04"):
        from readiness.collect.workbook import META_SHEET

        if META_SHEET.encode() in raw or _is_questionnaire_workbook(raw):
            from readiness.collect.workbook import read_workbook

            return [read_workbook(path, raw, sha)]
        from readiness.collect.survey_export import read_export

        return read_export(path, raw, sha, catalogue, mapping)
    if suffix in (".csv", ".tsv", ".txt"):
        from readiness.collect.survey_export import read_export

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
