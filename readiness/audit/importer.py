"""A filled audit checklist read back into the assessment folder's review.yaml: exactly or
refused, checked against the assessment as the loader checks a review, written atomically
under the folder's lock."""

from __future__ import annotations

import dataclasses
import html
import os
import re
from pathlib import Path
from typing import Any

import yaml

from readiness.assessment.format import REVIEW_FILE, REVIEW_FILE_NAME, REVIEW_FORMAT
from readiness.assessment.load import load_assessment
from readiness.assessment.model import Review
from readiness.assessment.review import (
    check_broken_review,
    of_another_site,
    read_review,
    reused_homes,
)
from readiness.audit import wording
from readiness.audit.checklist import beyond_a_pdf
from readiness.audit.pdf_form import is_checklist_pdf, read_pdf
from readiness.audit.workbook import MARKER_SHEET, ReadChecklist, read_workbook, reviewed_site
from readiness.audit.yaml_form import OwnWords, claimed_line, typed_comments
from readiness.collect.raw import blank
from readiness.collect.tables import open_zip, read_xlsx
from readiness.errors import (
    InputError,
    Problem,
    ReadinessError,
    Severity,
    errors_only,
    shortened,
)
from readiness.framework.catalogue import Catalogue
from readiness.output import folder_lock, write_output
from readiness.schema import INVALID, Checker
from readiness.yamlio import (
    comments,
    dump_yaml,
    first_content_line,
    parse_yaml,
    read_input,
    yaml_lines,
)

MAX_CHECKLIST_BYTES = 20 * 1024 * 1024
# `format: readiness-review/1` on a line of its own (a comment may follow it), whatever line
# breaks the file uses.
_FORMAT_LINE = re.compile(
    rb"(?:\A|[\r\n])format:[ \t]*(['\"]?)readiness-review/1\1[ \t]*(?:#[^\r\n]*)?(?:[\r\n]|\Z)"
)


def is_checklist(path: Path) -> bool:
    """Whether `path` is an audit checklist (or a review file), not a questionnaire: a YAML
    file stating `format: readiness-review/1`, or a workbook with the checklist's marker."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return is_checklist_pdf(read_input(path, MAX_CHECKLIST_BYTES, "file"))
        if suffix == ".xlsx":
            names = _sheet_names(path, read_input(path, MAX_CHECKLIST_BYTES, "file"))
            # A checklist whose hidden marker was deleted is still one (and is told so).
            own = {wording.SHEET_REVIEW, wording.SHEET_CHECKLIST} <= set(names)
            return MARKER_SHEET in names or own
        # A YAML checklist by what it says, whatever its name (`review --format yaml -o
        # checklist.txt` is allowed).
        return bool(_FORMAT_LINE.search(read_input(path, MAX_CHECKLIST_BYTES, "file")))
    except Exception:  # unreadable here: the questionnaire importer says why
        return False


# A sheet's entry in xl/workbook.xml: <sheet name="Review" sheetId="1" r:id="rId1"/>.
_SHEET_ENTRY = re.compile(rb"<(?:[\w-]+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def _sheet_names(path: Path, raw: bytes) -> set[str]:
    """A workbook's sheet names, from its small workbook part alone, after the zip's sizes are
    checked: opening it with openpyxl measured every sheet first (10 s for a 55 MB sheet
    that the import then refuses)."""
    with open_zip(path, raw, "an Excel workbook") as archive:
        listing = archive.read("xl/workbook.xml")
    return {html.unescape(name.decode("utf-8")) for name in _SHEET_ENTRY.findall(listing)}


def import_checklist(
    file: Path, into: Path, catalogue: Catalogue, replace: bool = False
) -> tuple[Path, Review]:
    """Write the review a filled checklist holds into `into`/review.yaml; InputError (file,
    row or line, column or key, what to do) and nothing written on any problem."""
    into = Path(into)
    if into.is_file():
        raise ReadinessError(wording.one_file_assessment(into))
    if not (into / "site.yaml").is_file():
        raise ReadinessError(wording.no_assessment(into))
    target = into / REVIEW_FILE_NAME
    raw = read_input(file, MAX_CHECKLIST_BYTES, "file")
    if _yaml_checklist(file, raw):
        text, locate = raw, None
        typed = typed_comments(_decoded(raw), _own_words(catalogue), _data(raw, file))
        if typed:
            raise InputError([Problem(file, c.line, "", _typed_comment(c.text)) for c in typed])
    else:
        read = (
            read_pdf(file, raw)
            if raw.startswith(b"%PDF")
            else read_workbook(file, read_xlsx(file, raw))
        )
        text, locate = dump_review(read.data), read
    with folder_lock(into):
        if raw.startswith(b"%PDF") and os.path.lexists(target):
            # What the review holds beyond a PDF's fields would be lost without a word.
            held = beyond_a_pdf(_current_review(into, catalogue))
            if held:
                raise ReadinessError(wording.pdf_cannot_hold(held))
        # The checklist's own problems before whether it may replace the review: what it
        # would drop is worked out from what it says, once that can be read.
        review = _checked(text, file, target, catalogue, locate)
        before, after = _replaced_review(target), _data(text, file)
        # What the review replaced holds that the new one does not: none when it cannot be
        # read (replacing it is how it gets mended).
        dropped = _lost(_entries(before.data), _entries(after)) if before else []
        if target.exists() and not replace:
            raise ReadinessError(wording.review_exists(target, dropped))
        write_output(target, text, [file])
    if before is None:
        return target, review
    # Said, so a stale checklist replacing a fuller review is noticed.
    told = [Problem(target, None, "", wording.replaced(e), Severity.WARNING) for e in dropped]
    if len(told) > _DROPPED_SHOWN:
        more = wording.replaced_more(len(told) - _DROPPED_SHOWN)
        told = [*told[:_DROPPED_SHOWN], Problem(target, None, "", more, Severity.WARNING)]
    unkept = _comments_not_kept(before, text, catalogue)
    if unkept:
        told.append(Problem(target, None, "", wording.comments_not_kept(unkept), Severity.WARNING))
    stale = _signed_before_the_change(before.data, after)
    if stale:
        told.append(Problem(target, None, "attestation", stale, Severity.WARNING))
    return target, dataclasses.replace(review, warnings=(*review.warnings, *told))


# How many of the entries a replaced review held are named (the rest are counted).
_DROPPED_SHOWN = 5


@dataclasses.dataclass(frozen=True)
class _ReplacedReview:
    """The review file an import replaces, read once: its text and its data."""

    text: str
    data: Any


def _replaced_review(target: Path) -> _ReplacedReview | None:
    """The review `target` holds, or None when there is none or it cannot be read."""
    if not os.path.lexists(target):
        return None
    try:
        raw = read_input(target, MAX_CHECKLIST_BYTES)
        return _ReplacedReview(_decoded(raw), parse_yaml(raw, target).data)
    except InputError:
        return None


def _data(text: bytes, file: Path) -> Any:
    """A review file's data; None when it cannot be read (refused as it is checked)."""
    try:
        return parse_yaml(text, file).data
    except InputError:
        return None


def _signed_before_the_change(before: Any, after: Any) -> str | None:
    """Why the sign-off carried into a changed review no longer covers it, or None: the
    attestation confirms the whole review, so one kept as it was while the checks changed
    (an answer verified, a note edited) was given for a review that is no longer the one
    signed."""
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return None
    signed = after.get("attestation")
    if not isinstance(signed, dict) or signed != before.get("attestation"):
        return None
    unsigned = [{k: v for k, v in d.items() if k != "attestation"} for d in (before, after)]
    if _entries(unsigned[0]) == _entries(unsigned[1]):
        return None
    return wording.signed_before_the_change(signed.get("name"), signed.get("date"))


# How the opening comments of a file readiness wrote begin: a YAML checklist's, or a review
# imported from a workbook or PDF checklist. Other opening comments are the reviewer's own.
_OUR_OPENINGS = ("Audit checklist for ", "The reviewer's file, imported from an audit checklist")


def _comments_not_kept(
    before: _ReplacedReview, replacement: bytes, catalogue: Catalogue
) -> list[str]:
    """The comments a reviewer wrote in the review being replaced (text after a `#`, which
    no reader keeps) that the replacement does not hold: a hand-written
    review's narrative is lost when a checklist replaces it. The comments a checklist
    writes are left out."""
    try:
        found = comments(before.text)
        kept = {c.text for c in comments(_decoded(replacement))}
    except yaml.YAMLError:
        return []
    lines = yaml_lines(before.text)
    first_key = first_content_line(lines) or len(lines) + 1
    opening = [c for c in found if c.line < first_key]
    theirs = [] if opening and opening[0].text.startswith(_OUR_OPENINGS) else opening
    theirs += typed_comments(before.text, _own_words(catalogue), before.data)
    return [c.text for c in theirs if c.text and c.text not in kept]


def _typed_comment(said: str) -> str:
    """Why a comment a reviewer typed is refused: a line of the checklist's own they wrote in
    is named as such."""
    if claimed_line(said):
        return wording.added_to_own_line(said)
    return wording.typed_after_hash(said)


def _own_words(catalogue: Catalogue) -> OwnWords:
    """What a YAML checklist's comments may say of the catalogue's frameworks."""
    return OwnWords.of(catalogue.all())


def entered_beyond(
    existing: Path, replacement: bytes, catalogue: Catalogue
) -> tuple[list[str], str | None]:
    """What a reviewer entered in an existing checklist that the checklist about to replace
    it would not hold (an entry not yet imported), as "framework item field: value" lines,
    and why it cannot be read when it is a checklist that cannot be (a hand-edited YAML
    file's syntax error, a workbook's renamed sheet): what such a file holds cannot be told,
    so it is never written over. Nothing when `existing` is not a checklist. Both are read
    the same way, so only entries differ; all of them when the replacement is not a
    checklist."""
    if not is_checklist(existing):
        return [], None
    try:
        raw = read_input(existing, MAX_CHECKLIST_BYTES, "file")
        data = _checklist_data(existing, raw)
        before = _entries(data)
    except InputError as exc:
        return [], str(exc.problems[0]) if exc.problems else str(exc)
    except Exception as exc:  # a damaged file: the library's own reason
        return [], f"{existing}: cannot be read ({exc.__class__.__name__})"
    try:
        after = _entries(_checklist_data(existing, replacement))
    except InputError:  # not a checklist: a questionnaire written over one, say
        after = {}
    return _lost(before, after) + _notes_typed(existing, raw, data, catalogue), None


def _notes_typed(existing: Path, raw: bytes, data: Any, catalogue: Catalogue) -> list[str]:
    """The notes a reviewer typed after a `#` in a YAML checklist, which writing another
    over it would lose as surely as an entry: 'line 52: "the rota was on the wall"'."""
    if not _yaml_checklist(existing, raw):
        return []
    typed = typed_comments(_decoded(raw), _own_words(catalogue), data)
    return [wording.typed_note(c.line, c.text) for c in typed]


def _lost(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The entries of `before` that `after` does not hold as they were (`_entries`), as
    "place: value" lines."""
    return [f"{place}: {value}" for place, value in before.items() if after.get(place) != value]


def _yaml_checklist(file: Path, raw: bytes) -> bool:
    """Whether a checklist is the YAML one: by its name, or, named otherwise (checklist.txt),
    by being neither a PDF nor a workbook."""
    if file.suffix.lower() in (".yaml", ".yml"):
        return True
    return not raw.startswith((b"%PDF", b"PK\x03\x04"))


def _checklist_data(file: Path, raw: bytes) -> Any:
    """The review data a checklist holds, read as an import reads it."""
    if _yaml_checklist(file, raw):
        return parse_yaml(raw, file).data
    if raw.startswith(b"%PDF"):
        return read_pdf(file, raw).data
    return read_workbook(file, read_xlsx(file, raw)).data


# What the checklist states for itself rather than asks the reviewer for.
_WRITTEN_BY_US = frozenset({"format", "site", "versions", "sample"})


def _entries(data: Any, place: str = "") -> dict[str, str]:
    """Every value entered, by where it is ("five-mechanisms SD3 note"): blanks left
    out, so that a checklist listing other items (another sample) differs only by them."""
    found: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "items" and not place:
                found.update(_entries(value))
            elif place or key not in _WRITTEN_BY_US:
                found.update(_entries(value, f"{place} {key}".strip()))
    elif isinstance(data, list):
        for n, value in enumerate(data, 1):
            found.update(_entries(value, f"{place} {n}"))
    elif not blank(data):
        found[place] = str(data)
    return found


def _current_review(into: Path, catalogue: Catalogue) -> Review | None:
    """The folder's review as it stands; None when it cannot be read (then there is nothing
    of it to keep, and replacing it is how it gets mended)."""
    try:
        return load_assessment(into, catalogue).review
    except InputError:
        return None


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""  # not text: the review's own reading says so, at its line


def dump_review(data: dict[str, Any]) -> bytes:
    """Review data as the text of a review file."""
    header = f"# The reviewer's file, imported from an audit checklist.\nformat: {REVIEW_FORMAT}\n"
    body = {k: v for k, v in data.items() if k != "format"}
    return (header + dump_yaml(body, sort_keys=False, width=100)).encode("utf-8")


def _checked(
    text: bytes,
    checklist: Path,
    target: Path,
    catalogue: Catalogue,
    locate: ReadChecklist | None,
) -> Review:
    """The review `text` holds, checked as the `target` review file (evidence files are found
    from its folder) against the assessment beside it, whose own review is left aside.
    Problems are given where the reviewer wrote the value: the line of a YAML checklist (the
    text is the file's own), or the sheet and row of a workbook."""
    assessment = load_assessment(target.parent, catalogue, with_review=False)
    written_for = (locate.marker.get("assessed_on") if locate is not None else None) or None
    # A checklist of surely another site is told so by the review's own site check below,
    # with its date: "another round" alone would send the reviewer to the wrong fix.
    elsewhere = locate is not None and of_another_site(
        reviewed_site(locate.marker), assessment.site
    )
    if (
        written_for is not None
        and written_for != assessment.site.assessed_on.isoformat()
        and not elsewhere
    ):
        # A review is of one round: last year's checks would settle this year's facts.
        raise InputError(
            [
                Problem(
                    checklist,
                    None,
                    "",
                    wording.another_round(str(written_for), assessment.site.assessed_on),
                )
            ]
        )
    try:
        doc = parse_yaml(text, target)
    except InputError as refused:  # a number YAML cannot keep exactly, say
        raise InputError(_placed(refused.problems, checklist, locate)) from None
    checker = Checker(doc)
    data = checker.check(REVIEW_FILE)
    problems = list(checker.problems)
    review = None
    homes = reused_homes(assessment.frameworks, catalogue)
    if data is not INVALID and not errors_only(problems):
        review = read_review(
            doc,
            (),
            data,
            assessment.site,
            assessment.frameworks,
            catalogue.ids(),
            problems,
            homes,
        )
    else:  # what it says where its shape is right, so that every problem is told at once
        check_broken_review(
            doc,
            (),
            REVIEW_FILE.fields_of(doc.data, (), "", Checker(doc)),
            assessment.site,
            assessment.frameworks,
            catalogue.ids(),
            problems,
            homes,
        )
    if errors_only(problems):
        raise InputError(_placed(problems, checklist, locate))
    assert review is not None
    return dataclasses.replace(review, warnings=tuple(_placed(problems, checklist, locate)))


def _placed(
    problems: list[Problem], checklist: Path, locate: ReadChecklist | None
) -> list[Problem]:
    """Problems in the review data given in the checklist the reviewer filled, never in the
    review file that was not written: at its own lines (a YAML checklist is the review's
    text) or where each value was written in a workbook or form."""
    if locate is not None:
        return _located(problems, locate)
    return [dataclasses.replace(p, file=checklist) for p in problems]


def _located(problems: list[Problem], read: ReadChecklist) -> list[Problem]:
    """Problems found in the review data, given where the reviewer wrote the value (a
    workbook's cell, a form's box) rather than at a line of a file that was never written."""
    out = []
    for problem in problems:
        row, place = read.place(problem.key)
        message = f"{shortened(problem.path)}: {problem.message}"
        out.append(Problem(read.source, row, place, message, problem.severity, problem.key))
    return out
