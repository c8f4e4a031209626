"""The checklist as a fillable PDF form, and its filled copy read back as review data.

One piece of evidence per item fits the form; a reviewer with more uses the workbook or the
YAML checklist. Fields are named rv~FRAMEWORK~ITEM~PART (and rv~reviewer~name ...); what
identifies the checklist (the site, the versions, the sample) is in the PDF's metadata.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from pathlib import Path
from typing import Any

from readiness.assessment.format import ATTESTATION, CHECK, EVIDENCE, REVIEWER
from readiness.audit import wording
from readiness.audit.checklist import CHECKLIST_FORMAT, Checklist
from readiness.audit.workbook import EVIDENCE_KEYS, Place, ReadChecklist, reviewed_site
from readiness.collect.pdf_form import (
    field_value,
    finish_form,
    may_hold_fields,
    notes_added,
    tick_conflict,
)
from readiness.collect.wording import note_added, unreadable_pdf
from readiness.errors import InputError, Problem
from readiness.jsonio import parse_json
from readiness.render import render_template, template_folders, write_pdf
from readiness.schema import iso_day
from readiness.textmatch import shows_nothing
from readiness.version import __version__
from readiness.vocabulary import Finding
from readiness.yamlio import PathKey

PREFIX = "rv"
META_KEY = "/readinessreview"  # WeasyPrint lowercases custom metadata names
FINDING_LABELS = {
    Finding.SUPPORTS: "Supports",
    Finding.PARTLY_SUPPORTS: "Partly supports",
    Finding.DOES_NOT_SUPPORT: "Does not support",
    Finding.NOT_SEEN: "Not seen",
}


def field(*parts: str) -> str:
    return "~".join((PREFIX, *parts))


def _header(checklist: Checklist) -> dict[str, str]:
    review = checklist.assessment.review
    signed = review.attestation if review else None
    return {
        "reviewer": review.reviewer if review else "",
        "organisation": (review.organisation or "") if review else "",
        "visits": ", ".join(d.isoformat() for d in review.visits) if review else "",
        "attestation_name": signed.name if signed else "",
        "attestation_role": signed.role if signed else "",
        "attestation_date": signed.signed_on.isoformat() if signed else "",
        "attestation_statement": signed.statement if signed else "",
    }


def render_pdf(checklist: Checklist) -> bytes:
    """The fillable checklist PDF."""
    from readiness.audit.workbook import marker_data

    folders = template_folders()
    html = render_template(
        "checklist.html",
        folders,
        c=checklist,
        site=checklist.assessment.site,
        rows=checklist.rows,
        field=field,
        header=_header(checklist),
        reasons=wording.REASONS,
        findings=list(FINDING_LABELS.items()),
        opinion=wording.OPINION,
        intro=wording.pdf_intro(checklist),
        tool_version=__version__,
        meta=json.dumps(marker_data(checklist), sort_keys=True, ensure_ascii=False),
    )
    return write_pdf(
        html,
        folders,
        date=checklist.assessment.site.assessed_on.isoformat(),
        pdf_forms=True,
        custom_metadata=True,
        pdf_variant="pdf/ua-1",
        finisher=functools.partial(finish_form, max_length=_limit),
    )


def _limit(name: str) -> int | None:
    """The most characters a checklist's text field takes: what the review file accepts."""
    parts = name.split("~")[1:]
    if parts[:1] == ["attestation"]:
        return ATTESTATION.text_limit(parts[-1])
    if parts[:1] == ["reviewer"]:
        return REVIEWER.text_limit(parts[-1])
    if len(parts) == 3:
        return CHECK.text_limit(parts[-1]) or EVIDENCE.text_limit(parts[-1])
    return None


def is_checklist_pdf(raw: bytes) -> bool:
    import pypdf

    if not may_hold_fields(raw):
        return False  # a checklist is a form (a report is not: told without parsing it)
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        return META_KEY in dict(reader.metadata or {})
    except Exception:  # not a PDF we can read: the questionnaire importer says why
        return False


def read_pdf(path: Path, raw: bytes) -> ReadChecklist:
    """Review data from a filled checklist PDF (InputError naming each bad field)."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        fields = reader.get_fields() or {}
        info: dict[str, Any] = dict(reader.metadata or {})
        meta_text = info.get(META_KEY)
    except Exception as exc:  # pypdf raises many kinds for damaged files
        raise InputError(
            [Problem(path, None, "", unreadable_pdf(exc.__class__.__name__))]
        ) from None
    marker = parse_json(str(meta_text).encode("utf-8"), path) if meta_text else None
    if not isinstance(marker, dict) or marker.get("format") != CHECKLIST_FORMAT:
        raise InputError([Problem(path, None, "", wording.NOT_A_CHECKLIST)])
    notes = notes_added(reader)
    if notes:  # a reviewer's sticky note is not a field, and would not be read
        raise InputError([Problem(path, None, "", note_added(*note)) for note in notes])
    ours = {name: f for name, f in fields.items() if name.startswith(PREFIX)}
    places = _places(ours)
    conflicts = [(name, tick_conflict(f)) for name, f in ours.items()]
    if any(why for _, why in conflicts):
        raise InputError(
            [_at(path, places, name, why) for name, why in conflicts if why is not None]
        )
    values = {name: _value(name, f) for name, f in ours.items()}
    problems: list[Problem] = []
    data = _header_data(path, values, marker, problems, places)
    read = ReadChecklist(data, path, places, wording.PDF_HEADER, marker)
    items: dict[str, dict[str, dict[str, Any]]] = {}
    for name, value in sorted(values.items()):
        parts = name.split("~")
        if len(parts) != 4 or not value:
            continue
        _, framework, item, part = parts
        entry = items.setdefault(framework, {}).setdefault(item, {})
        _put(path, name, entry, part, value, problems, places)
    data["items"] = {fw: entries for fw, entries in items.items() if entries}
    if problems:
        raise InputError(problems)
    return read


def _key(name: str) -> PathKey | None:
    """A field's key in the review data (None for a field the import does not read)."""
    parts = tuple(name.split("~")[1:])
    if len(parts) == 3:
        framework, item, part = parts
        if part in wording.PDF_ITEM_BOXES and part not in ("verified", "finding", "note"):
            return ("items", framework, item, "evidence", 0, part)
        return ("items", *parts)
    return parts if parts in wording.PDF_HEADER_BOXES else None


def _places(fields: dict[str, Any]) -> dict[PathKey, Place]:
    """Each field's place in words: an item's box, or a box on the first page."""
    places: dict[PathKey, Place] = {}
    for name in fields:
        key = _key(name)
        if key is None:
            continue
        if key[0] == "items":
            framework, item, part = str(key[1]), str(key[2]), str(key[-1])
            label = wording.PDF_ITEM_BOXES.get(part, part)
            places[key] = (None, wording.pdf_item_box(framework, item, label))
            places[key[:3]] = (None, f"{framework} {item}")
        else:
            places[key] = (None, wording.pdf_header_box(wording.PDF_HEADER_BOXES[key]))
    return places


def _at(path: Path, places: dict[PathKey, Place], name: str, message: str) -> Problem:
    """A problem with a field, at its box (or, for a field of no box, its name)."""
    key = _key(name)
    place = places.get(key) if key is not None else None
    return Problem(path, None, place[1] if place else f"field {name}", message, key=key)


def _date(
    path: Path, name: str, text: str, problems: list[Problem], places: dict[PathKey, Place]
) -> dt.date | None:
    day = iso_day(text)
    if day is None:
        problems.append(_at(path, places, name, wording.bad_date(text)))
    return day


# What a reviewer writes in their own words, kept exactly as typed, spaces around it included
# (as the workbook and YAML checklists keep it).
_FREE_TEXT = ("note", "title", "reference")


def _value(name: str, field: Any) -> str:
    """A checklist field's value: free text exactly as typed ('' when it shows nothing),
    anything else without the spaces around it."""
    if name.rsplit("~", 1)[-1] not in _FREE_TEXT:
        return field_value(field)
    typed = field_value(field, exact=True)
    return "" if shows_nothing(typed) else typed


def _put(
    path: Path,
    name: str,
    entry: dict[str, Any],
    part: str,
    value: str,
    problems: list[Problem],
    places: dict[PathKey, Place],
) -> None:
    if part in ("verified", "finding", "note"):
        entry[part] = value
    elif part in EVIDENCE_KEYS:
        piece = entry.setdefault("evidence", [{}])[0]
        dated = part in ("seen", "expires")
        piece[part] = _date(path, name, value, problems, places) if dated else value


def _header_data(
    path: Path,
    values: dict[str, str],
    marker: dict[str, Any],
    problems: list[Problem],
    places: dict[PathKey, Place],
) -> dict[str, Any]:
    data: dict[str, Any] = {"format": "readiness-review/1", "site": reviewed_site(marker)}
    for key in ("versions", "sample"):
        if marker.get(key):
            data[key] = marker[key]
    data["reviewer"] = {"name": values.get(field("reviewer", "name")) or None}
    if values.get(field("reviewer", "organisation")):
        data["reviewer"]["organisation"] = values[field("reviewer", "organisation")]
    visits = (values.get(field("visits")) or "").replace(";", ",").split(",")
    data["visits"] = [
        day
        for part in visits
        if part.strip() and (day := _date(path, field("visits"), part.strip(), problems, places))
    ]
    signed: dict[str, Any] = {
        key: values.get(field("attestation", key)) or None
        for key in ("name", "role", "date", "statement")
    }
    if signed["date"]:
        signed["date"] = _date(path, field("attestation", "date"), signed["date"], problems, places)
    if any(v is not None for v in signed.values()):
        data["attestation"] = signed
    return data
