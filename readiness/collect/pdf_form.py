"""The questionnaire as a fillable PDF (WeasyPrint AcroForm fields), and reading one back.

Known traps in WeasyPrint 70's forms, avoided here: a <button> or submit input corrupts the
field list (the template has none); hidden inputs become visible fields (none are used; the
framework versions go into the PDF's metadata instead); radio kids carry their own names, so
a finisher removes them and the group reads back as one field.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from readiness.collect.questionnaire import Questionnaire, field_name, parse_field_name
from readiness.collect.raw import RawResponse
from readiness.errors import InputError, Problem
from readiness.render import render_template, template_folders, write_pdf
from readiness.version import __version__
from readiness.vocabulary import ROLES

ID_FIELD = "rd~respondent~id"
ROLE_FIELD = "rd~respondent~role"
META_KEY = "/readinessquestionnaire"  # WeasyPrint lowercases custom metadata names


def _unname_radio_kids(document: Any, pdf: Any) -> None:
    for obj in pdf.objects:
        if isinstance(obj, dict) and "Parent" in obj and "T" in obj:
            del obj["T"]
            obj.pop("TU", None)


def render_pdf_form(questionnaire: Questionnaire) -> bytes:
    """The fillable questionnaire PDF."""
    folders = template_folders()
    meta = {
        "frameworks": {s.framework.id: s.framework.version for s in questionnaire.sections},
        "role": questionnaire.role,
        "tool": __version__,
    }
    html = render_template(
        "questionnaire.html",
        folders,
        q=questionnaire,
        field_name=field_name,
        roles=ROLES,
        id_field=ID_FIELD,
        role_field=ROLE_FIELD,
        tool_version=__version__,
        meta=json.dumps(meta, sort_keys=True),
    )
    return write_pdf(
        html, folders, pdf_forms=True, custom_metadata=True, finisher=_unname_radio_kids
    )


def read_pdf_form(path: Path, raw: bytes, sha256: str) -> RawResponse:
    """The answers in a filled questionnaire PDF."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        fields = reader.get_fields() or {}
    except Exception as exc:  # pypdf raises many kinds for damaged files
        raise InputError(
            [Problem(path, None, "", f"cannot be read as a PDF form ({exc.__class__.__name__})")]
        ) from None
    response = RawResponse(source=path, sha256=sha256, versions_encoded=True)
    meta = _metadata(reader)
    if meta:
        response.versions_encoded = False
        response.versions.update(meta.get("frameworks", {}))
    ours = False
    for name, field in fields.items():
        value = _field_value(field)
        if name == ID_FIELD:
            response.respondent_id = value or None
            continue
        if name == ROLE_FIELD:
            response.role = value or None
            continue
        ref = parse_field_name(name)
        if ref is None:
            continue
        ours = True
        if not meta:
            response.versions.setdefault(ref.framework_id, ref.version)
        if not value:
            continue
        if ref.part == "comment":
            response.comments.setdefault(ref.framework_id, {})[ref.item_id] = value
        else:
            response.answers.setdefault(ref.framework_id, {})[ref.item_id] = value
            response.where[(ref.framework_id, ref.item_id)] = f"field {ref.item_id}"
    if not ours:
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "",
                    "is not a readiness questionnaire (it has no readiness form fields)",
                )
            ]
        )
    return response


def _metadata(reader: Any) -> dict[str, Any]:
    info = reader.metadata or {}
    text = info.get(META_KEY)
    if not text:
        return {}
    try:
        data = json.loads(str(text))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _field_value(field: Any) -> str:
    value = field.get("/V")
    if value is None:
        return ""
    text = str(value)
    if field.get("/FT") == "/Btn":
        if text in ("/Off", "Off", ""):
            return ""
        options = field.get("/Opt")
        index = text.lstrip("/")
        if options is not None and index.isdigit() and int(index) < len(options):
            return str(options[int(index)])
        return index  # a viewer that stored the export value itself
    return text.strip()
