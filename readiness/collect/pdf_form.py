"""The questionnaire as a fillable PDF (WeasyPrint AcroForm fields), and reading one back.

Known traps in WeasyPrint 70's forms, avoided here: a <button> or submit input corrupts the
field list (the template has none); hidden inputs become visible fields (none are used; the
framework versions go into the PDF's metadata instead); radio kids carry their own names, so
a finisher removes them and the group reads back as one field.
"""

from __future__ import annotations

import functools
import io
import json
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from readiness.assessment.format import MAX_COMMENT
from readiness.collect.form_layout import lay_out
from readiness.collect.questionnaire import (
    Questionnaire,
    field_name,
    parse_field_name,
    record_text,
)
from readiness.collect.raw import RawResponse, blank
from readiness.collect.wording import figure_error, note_added, note_ticks, unreadable_pdf
from readiness.errors import InputError, Problem
from readiness.jsonio import parse_json
from readiness.render import render_template, template_folders, write_pdf
from readiness.version import __version__
from readiness.vocabulary import ROLES, ScaleType

ID_FIELD = "rd~respondent~id"
ROLE_FIELD = "rd~respondent~role"
GENERAL_FIELD = "rd~respondent~comment"
META_KEY = "/readinessquestionnaire"  # WeasyPrint lowercases custom metadata names


# Filled-in text is drawn by whatever program fills the form (pdftk, a browser's pdf.js,
# poppler, Acrobat) with the font the field's default appearance names. WeasyPrint names its
# own subset of DejaVu Sans, which holds only the glyphs printed on the page, so typed text
# came out as empty boxes. Helvetica is one of the 14 fonts every PDF program can draw.
FIELD_FONT = "Helv"
_DA_SIZE = re.compile(rb"/[^\s/]+ ([0-9.]+) Tf")


def finish_form(
    document: Any,
    pdf: Any,
    checks: dict[str, str] | None = None,
    tooltips: dict[str, str] | None = None,
    max_length: Callable[[str], int | None] | None = None,
) -> None:
    """Repair WeasyPrint 70's form so other programs fill and draw it correctly.

    - Radio buttons: only the group (the parent) is a field; its kids are widgets without
      names of their own, and /AcroForm /Fields lists top-level fields only (listing the kids
      too made qpdf report a loop for each of them). Each kid keeps its own tooltip (the
      question and that answer, for a screen reader moving along a grid's row), and the group
      takes the question's from `tooltips` (WeasyPrint gives it its first kid's).
    - Every text field's default appearance uses Helvetica from /AcroForm /DR.
    - A figure's field checks what is typed where a viewer runs form scripts (Acrobat,
      Firefox's pdf.js): `checks` maps a field name to its validating script.
    - A text box takes no more characters than an import accepts (/MaxLen): `max_length`
      gives a field's limit by its name (by default, a questionnaire's comment boxes').
    """
    import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, typed loosely

    form = pdf.catalog["AcroForm"]
    kids: set[bytes] = set()
    objects: list[Any] = list(pdf.objects)
    for obj in objects:
        if isinstance(obj, dict) and "Parent" in obj:
            obj.pop("T", None)
            kids.add(getattr(obj, "reference"))  # noqa: B009 - pydyf objects, untyped
    form["Fields"] = pydyf.Array(ref for ref in form["Fields"] if ref not in kids)
    helvetica = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type1",
            "BaseFont": "/Helvetica",
            "Encoding": "/WinAnsiEncoding",
        }
    )
    pdf.add_object(helvetica)
    form["DR"] = pydyf.Dictionary({"Font": pydyf.Dictionary({FIELD_FONT: helvetica.reference})})
    form["DA"] = pydyf.String(f"/{FIELD_FONT} 0 Tf 0 g")
    for obj in pdf.objects:
        name = obj.get("T") if isinstance(obj, dict) else None
        script = (checks or {}).get(_field_text(name)) if name is not None else None
        tooltip = (tooltips or {}).get(_field_text(name)) if name is not None else None
        if tooltip is not None and "Kids" in obj:
            obj["TU"] = pydyf.String(tooltip)
        if script is not None:
            action = pydyf.Dictionary({"S": "/JavaScript", "JS": pydyf.String(script)})
            obj["AA"] = pydyf.Dictionary({"V": action})
        limit = (max_length or _comment_limit)(_field_text(name)) if name is not None else None
        if limit is not None:
            obj["MaxLen"] = limit
        if isinstance(obj, dict) and "DA" in obj and obj is not form:
            text = obj["DA"].string
            found = _DA_SIZE.search(text.encode("latin-1") if isinstance(text, str) else text)
            size = found.group(1).decode() if found else "0"
            obj["DA"] = pydyf.String(f"/{FIELD_FONT} {size} Tf 0 g")


def _comment_limit(name: str) -> int | None:
    """A questionnaire field's limit: a comment box's (what an import accepts), or None."""
    ref = parse_field_name(name)
    is_comment = name == GENERAL_FIELD or (ref is not None and ref.part == "comment")
    return MAX_COMMENT if is_comment else None


def _field_text(name: Any) -> str:
    text = getattr(name, "string", name)
    return text.decode("latin-1") if isinstance(text, bytes) else str(text)


def number_checks(questionnaire: Questionnaire) -> dict[str, str]:
    """For each figure's answer field, a script that refuses what is not a number in the
    question's range nor one of its word answers ("Don't know"), and says what it takes."""
    checks = {}
    for section in questionnaire.sections:
        for item in section.items:
            scale = item.scale
            if scale.type != ScaleType.NUMERIC:
                continue
            low = f"{scale.min:g}" if scale.min is not None else "-Infinity"
            high = f"{scale.max:g}" if scale.max is not None else "Infinity"
            words = [o.label.casefold() for o in scale.unscored]
            message = figure_error(scale)
            checks[field_name(section.framework, item)] = (
                "var v = String(event.value).replace(/^\\s+|\\s+$/g, '');"
                "if (v !== '') {"
                f"var words = {json.dumps(words)};"
                "var n = Number(v.replace(',', '.'));"
                "var ok = /^-?[0-9]+([.,][0-9]+)?$/.test(v)"
                f" ? (n >= {low} && n <= {high})"
                " : words.indexOf(v.toLowerCase().replace('\\u2019', \"'\")) >= 0;"
                f"if (!ok) {{ app.alert({json.dumps(message)}); event.rc = false; }}"
                "}"
            )
    return checks


def radio_tooltips(questionnaire: Questionnaire) -> dict[str, str]:
    """For each field with listed answers (radio buttons), its tooltip: the item's code and
    text; each button's own tooltip adds its answer."""
    tooltips = {ROLE_FIELD: "Your role"}
    for section in questionnaire.sections:
        for item in section.items:
            if item.scale.type != ScaleType.NUMERIC:
                tooltips[field_name(section.framework, item)] = f"{item.id}. {item.text}"
    return tooltips


def render_pdf_form(questionnaire: Questionnaire) -> bytes:
    """The fillable questionnaire PDF, laid out compactly (see form_layout)."""
    folders = template_folders()
    meta = {
        "frameworks": {s.framework.id: s.framework.version for s in questionnaire.sections},
        "texts": questionnaire.texts,
        "role": questionnaire.role,
        "tool": __version__,
    }
    html = render_template(
        "questionnaire.html",
        folders,
        q=questionnaire,
        blocks=lay_out(questionnaire),
        field_name=field_name,
        roles=ROLES,
        id_field=ID_FIELD,
        role_field=ROLE_FIELD,
        general_field=GENERAL_FIELD,
        tool_version=__version__,
        meta=json.dumps(meta, sort_keys=True),
    )
    return write_pdf(
        html,
        folders,
        pdf_forms=True,
        custom_metadata=True,
        pdf_variant="pdf/ua-1",
        finisher=functools.partial(
            finish_form,
            checks=number_checks(questionnaire),
            tooltips=radio_tooltips(questionnaire),
        ),
    )


def read_pdf_form(path: Path, raw: bytes, sha256: str) -> RawResponse:
    """The answers in a filled questionnaire PDF."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        fields = reader.get_fields() or {}
    except Exception as exc:  # pypdf raises many kinds for damaged files
        raise InputError(
            [Problem(path, None, "", unreadable_pdf(exc.__class__.__name__))]
        ) from None
    response = RawResponse(source=path, sha256=sha256, versions_encoded=True)
    notes = notes_added(reader)
    if notes:
        raise InputError([Problem(path, None, "", note_added(*note)) for note in notes])
    pages = _pages_of_fields(reader)
    meta = _metadata(reader, path)
    if meta:
        response.versions_encoded = False
        response.versions.update(meta.get("frameworks", {}))
        written = meta.get("texts")  # which text of each (said by readiness 0.3.0 on)
        response.texts_at = "the form's metadata"
        if isinstance(written, dict):
            response.written_from = {}  # a record, even with nothing in it
            for framework_id, text in written.items():
                record_text(response, framework_id, text)
        elif "texts" in meta:
            response.texts_damaged = True
    ours = False
    ticks: list[Problem] = []
    for name, field in fields.items():
        conflict = tick_conflict(field)
        if conflict is not None:
            ticks.append(Problem(path, None, "", f"field {_short_name(name)}: {conflict}"))
            continue
        typed = field_value(field, exact=True)  # a comment as typed, spaces and all
        value = "" if blank(typed) else typed.strip()
        if name == ID_FIELD:
            response.respondent_id = value or None
            continue
        if name == ROLE_FIELD:
            response.role = value or None
            continue
        if name == GENERAL_FIELD:
            if value:
                response.general_comment = typed
                response.where[("", "general_comment")] = "the 'Any other comments' box"
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
            response.comments.setdefault(ref.framework_id, {})[ref.item_id] = typed
            # A domain's comments box is its first item's comment field: the box's own
            # tooltip ("Comments on Sufficient and secure funding") says which box it is.
            label = field.get("/TU")
            box = f"the box {str(label)!r}" if label else f"comment on {ref.item_id}"
            response.where[(ref.framework_id, f"{ref.item_id}/comment")] = (
                f"{box}{_on_page(pages, name)}"
            )
        else:
            response.answers.setdefault(ref.framework_id, {})[ref.item_id] = value
            response.where[(ref.framework_id, ref.item_id)] = (
                f"field {ref.item_id}{_on_page(pages, name)}"
            )
    if ticks:
        raise InputError(ticks)
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


def _short_name(name: str) -> str:
    """A field as a message names it: the item (CO1), the role or the field's own name."""
    if name == ROLE_FIELD:
        return "role"
    ref = parse_field_name(name)
    return ref.item_id if ref is not None else name


def _pages_of_fields(reader: Any) -> dict[str, int]:
    """The page (from 1) each named field's first widget is on, so that a message can send
    someone holding the paper form to the right page."""
    found: dict[str, int] = {}
    try:
        for number, page in enumerate(reader.pages, 1):
            for annotation in page.get("/Annots") or []:
                widget = annotation.get_object()
                name = widget.get("/T")
                if name is None and "/Parent" in widget:
                    name = widget["/Parent"].get_object().get("/T")
                if name is not None:
                    found.setdefault(str(name), number)
    except Exception:  # a damaged page tree costs only the page numbers
        return found
    return found


# Annotations a form has of its own: its fields, and links.
_FORM_ANNOTATIONS = ("/Widget", "/Link")


# An object stream's dictionary, up to the start of its data: `<< ... /Type /ObjStm ... >>
# stream` (the keys in any order).
_OBJECT_STREAM = re.compile(rb"<<(?:(?!>>\s*stream).){0,2000}?/Type\s*/ObjStm", re.DOTALL)
_STREAM_START = re.compile(rb">>\s*stream\r?\n")


def may_hold_fields(raw: bytes) -> bool:
    """Whether a PDF may be a form (it names an /AcroForm, in its plain objects or in an
    object stream, which a saved form often puts it in): False only when it surely is not,
    for a command about to write over a file (parsing a report with pypdf to tell takes
    half a second; unpacking its object streams with zlib, milliseconds). Anything not
    understood here may be a form."""
    if b"/AcroForm" in raw:
        return True
    for found in _OBJECT_STREAM.finditer(raw):
        start = _STREAM_START.search(raw, found.end(), found.end() + 2000)
        header = raw[found.start() : start.start()] if start else b""
        unusual = b"/DecodeParms" in header or (
            b"/Filter" in header and b"/FlateDecode" not in header
        )
        if start is None or unusual:
            return True
        unpacker = zlib.decompressobj()
        try:
            data = unpacker.decompress(raw[start.end() :], 64 * 1024 * 1024)
        except zlib.error:
            return True
        if b"/AcroForm" in data or unpacker.unconsumed_tail:
            return True
    return False


def notes_added(reader: Any) -> list[tuple[int, str]]:
    """Notes someone added to the pages (a sticky note, text typed onto the page), which are
    not fields and would not be read: (page, what the note says) for each."""
    found = []
    try:
        for number, page in enumerate(reader.pages, 1):
            for annotation in page.get("/Annots") or []:
                note = annotation.get_object()
                text = str(note.get("/Contents") or "").strip()
                if note.get("/Subtype") not in _FORM_ANNOTATIONS and text:
                    found.append((number, text))
    except Exception:  # a damaged page tree: the fields, read next, say what is wrong
        return found
    return found


def _on_page(pages: dict[str, int], name: str) -> str:
    return f" on page {pages[name]}" if name in pages else ""


def _metadata(reader: Any, path: Path) -> dict[str, Any]:
    info = reader.metadata or {}
    text = info.get(META_KEY)
    if not text:
        return {}
    try:  # damaged metadata is left aside: the field names carry the versions too
        data = parse_json(str(text).encode("utf-8", "replace"), path)
    except InputError:
        return {}
    return data if isinstance(data, dict) else {}


def field_value(field: Any, exact: bool = False) -> str:
    """A form field's value: a text field's without the spaces around it, unless `exact`.
    A button's is the answer it stores or, when it stores none, the one its page shows
    ticked (`tick_conflict` says when the two differ)."""
    value = field.get("/V")
    if field.get("/FT") == "/Btn":
        stored = _button_state(field, value)
        ticked = _ticked(field)
        return stored or (ticked[0] if len(ticked) == 1 else "")
    if value is None:
        return ""
    text = str(value)
    return text if exact else text.strip()


def tick_conflict(field: Any) -> str | None:
    """Why a button's answer cannot be told, or None: the page shows more than one answer
    ticked, or one that is not the answer stored (a viewer that updated one of the two), so
    the answer read would not be the one the person sees."""
    if field.get("/FT") != "/Btn":
        return None
    ticked = list(dict.fromkeys(_ticked(field)))
    stored = _button_state(field, field.get("/V"))
    if len(ticked) > 1:
        return note_ticks(ticked, None)
    if ticked and stored and ticked[0] != stored:
        return note_ticks(ticked, stored)
    return None


def _ticked(field: Any) -> list[str]:
    """The answers a button field's widgets show ticked (their appearance state): its kids'
    or, for a field that is its own widget, its own."""
    widgets = [kid.get_object() for kid in field.get("/Kids") or []] or [field]
    states = [_button_state(field, widget.get("/AS")) for widget in widgets]
    return [state for state in states if state]


def _button_state(field: Any, state: Any) -> str:
    """The answer a button state names ('' for off): the option at that index when the field
    lists its options, else the state's own name (a viewer that stored the export value)."""
    text = "" if state is None else str(state)
    if text in ("/Off", "Off", ""):
        return ""
    options = field.get("/Opt")
    index = text.lstrip("/")
    if options is not None and index.isdigit() and int(index) < len(options):
        return str(options[int(index)])
    return index
