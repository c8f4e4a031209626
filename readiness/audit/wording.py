"""The checklist's words: what the reviewer reads on it, and messages about it."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from readiness.collect.wording import QUOTED_UP_TO, start_of
from readiness.schema import FIRST_YEAR, LAST_YEAR
from readiness.version import __version__

if TYPE_CHECKING:
    from readiness.audit.checklist import Checklist
    from readiness.framework.model import Item

REASONS = {
    "contested": "contested: respondents disagree",
    "essential": "essential condition",
    "reviewed": "already reviewed",
    "sampled": "in the sample",
    "fact": "fact",
}

OPINION = "An opinion: record a finding, evidence and a note, never a verified answer."

ATTESTATION_HINT = """\
When the site's accountable person signs the assessment off, add:
attestation:
  name: Dr A. Example
  role: PCN clinical director
  date: 2026-10-20
  statement: I confirm that the facts this assessment states are accurate."""


def sample_text(checklist: Checklist) -> str:
    if checklist.seed is None:
        return "Every fact is listed."
    return (
        f"Besides contested facts and essential conditions, {checklist.sample_size} other "
        f"facts were drawn with seed {checklist.seed} (the same seed draws the same sample)."
    )


def yaml_intro(checklist: Checklist, findings: Sequence[str]) -> str:
    site = checklist.assessment.site
    header = intro_header(site.name, site.assessed_on)
    return "\n".join([header, *yaml_intro_body(findings), sample_text(checklist)])


INTRO_START = "Audit checklist for "
INTRO_VERSION = re.compile(r"\(readiness ([^()\s]+)\)")


def intro_header(site_name: str, assessed_on: date) -> str:
    return (
        f"{INTRO_START}{site_name}, assessed {assessed_on.isoformat()} (readiness {__version__})."
    )


def yaml_intro_body(findings: Sequence[str]) -> list[str]:
    """The YAML checklist's opening lines that never change with the site."""
    return f"""\
Record what you checked on the visit, then import this file into the assessment folder:
    readiness import THIS-FILE --into ASSESSMENT-FOLDER
It becomes the folder's review.yaml; respondents' answers are never changed.
For each item, leave blank what you did not check, and fill in:
  verified: the answer the evidence shows (facts only: one of the codes listed, or a figure)
  finding: {" | ".join(findings)}
  evidence: a list of what you saw, each
    - {{title: ..., reference: document and section or URL, seen: YYYY-MM-DD,
       expires: YYYY-MM-DD (optional), file: local copy (optional), sha256: (optional)}}
  note: anything the reader should know
Contested facts come first, then essential conditions, then the other facts.""".splitlines()


# The opening lines that change with the site and sample, as `yaml_intro` writes them.
INTRO_HEADER = re.compile(
    r"Audit checklist for .+, assessed \d{4}-\d{2}-\d{2} \(readiness (?P<version>[^()\s]+)\)\."
)
INTRO_SAMPLE = re.compile(
    r"Every fact is listed\.|Besides contested facts and essential conditions, \d+ other "
    r"facts were drawn with seed \d+ \(the same seed draws the same sample\)\."
)

# The lines above each item of a YAML checklist, after its headline.
RESPONDENTS = "Respondents: "
VERIFIED_CODES = "Verified answer, one of: "
VERIFIED_FIGURE = "Verified answer: "


def allowed_answers(item: Item) -> str | None:
    """What a reviewer may record as an item's verified answer, in words: its scored options
    ('yes (Yes); no (No)') or 'a figure (its scale)'; None for an opinion, never verified."""
    if not item.fact:
        return None
    if item.scale.scored:
        return "; ".join(f"{o.code} ({o.label})" for o in item.scale.scored)
    return f"a figure ({item.scale.label})"


# The workbook's words.
SHEET_CHECKLIST = "Checklist"
SHEET_REVIEW = "Review"
SHEET_INSTRUCTIONS = "Instructions"

REVIEW_LABELS = (
    ("reviewer", "Reviewer's name"),
    ("organisation", "Reviewer's organisation"),
    ("visits", "Visit dates (YYYY-MM-DD, separated by commas)"),
    ("attestation_name", "Signed off by (the site's accountable person)"),
    ("attestation_role", "Their role"),
    ("attestation_date", "Date signed (YYYY-MM-DD)"),
    ("attestation_statement", "Statement they signed"),
)

COLUMNS = (
    ("framework", "Framework"),
    ("item", "Item"),
    ("question", "Question"),
    ("why", "Why it is listed"),
    ("reported", "What respondents said"),
    ("allowed", "Answers you can record as verified"),
    ("verified", "Verified answer"),
    ("finding", "Finding"),
    ("title", "Evidence: title"),
    ("reference", "Evidence: reference (document and section, or URL)"),
    ("seen", "Evidence: date seen (YYYY-MM-DD)"),
    ("expires", "Evidence: expires (YYYY-MM-DD)"),
    ("file", "Evidence: local file"),
    ("sha256", "Evidence: SHA-256 of the file"),
    ("note", "Note"),
)


def workbook_instructions(checklist: Checklist) -> list[str]:
    site = checklist.assessment.site
    return [
        f"Audit checklist for {site.name}, assessed {site.assessed_on.isoformat()}",
        f"Made with readiness {__version__}.",
        "",
        "1. On the Review sheet, give your name, organisation and the visit dates (and the "
        "sign-off, when the site's accountable person signs the assessment off).",
        "2. On the Checklist sheet, for each item you checked: the verified answer (facts only: "
        "pick from the list), a finding, the evidence you saw and a note. Leave blank what you "
        "did not check.",
        "3. For a second piece of evidence, add a row below with the same Framework and Item "
        "and only the evidence columns filled.",
        "4. Import it into the assessment folder: readiness import THIS-FILE --into FOLDER. It "
        "becomes the folder's review.yaml; respondents' answers are never changed.",
        "",
        "Opinions are never verified: record a finding, evidence and a note.",
        "Contested facts come first, then essential conditions, then the other facts.",
        sample_text(checklist),
    ]


NOT_A_CHECKLIST = (
    "is not a readiness audit checklist (write one with `readiness review SITE`); "
    "respondents' questionnaires are imported the same way, but not mixed with a checklist"
)
MISSING_SHEET = (
    "this sheet is missing: if it was renamed, give it this name again; if it was deleted, "
    "copy your entries into a new checklist written with `readiness review SITE`"
)
MISSING_MARKER = (
    "is a checklist whose hidden sheet `readiness` (which says which site and framework "
    "versions it is for) was deleted or renamed, so it cannot be checked against the "
    "assessment; give the sheet its name again, or copy your entries into a new checklist "
    "written with `readiness review SITE`"
)


def newer_checklist(found: str) -> str:
    """A checklist of a format this readiness does not know (written by a newer one)."""
    return (
        f"is a checklist of format {found!r}, which this readiness does not read (it reads "
        "readiness-review-checklist/1): import it with the readiness that wrote it, or newer"
    )


def bad_date(text: str) -> str:
    return (
        f"{text!r} is not a date: write it as YYYY-MM-DD (for example 2026-10-13), in a year "
        f"from {FIRST_YEAR} to {LAST_YEAR}"
    )


def review_exists(path: object, dropped: list[str] | None = None) -> str:
    """Why a review is not replaced without --replace; `dropped`: what the review holds
    that this checklist does not (what replacing it would lose)."""
    lost = (
        f"; it holds {len(dropped)} entr{'y' if len(dropped) == 1 else 'ies'} this checklist "
        f"does not, which replacing it would lose (such as {dropped[0]!r})"
        if dropped
        else ""
    )
    return (
        f"{path} already holds a review{lost}; give --replace to replace it with this "
        "checklist (write the checklist from the assessment again, with `readiness review`, "
        "to start from what the review already holds)"
    )


def replaced(entry: str) -> str:
    """What a review held before an import replaced it, said after the import."""
    return f"the review replaced held {entry!r}, which the new one does not"


def comments_not_kept(said: list[str]) -> str:
    """The reviewer's comments (text after #) in a review that an import replaced."""
    lines = f"{len(said):,} comment lines" if len(said) > 1 else "a comment"
    return (
        f"the review replaced held {lines} after # (starting {start_of(said[0])!r}), which no "
        "reader keeps and the new one does not hold; copy what still matters into the items' "
        "notes"
    )


def signed_before_the_change(name: object, signed_on: object) -> str:
    """The sign-off kept while the review it confirms changed."""
    return (
        f"the review changed since {name} signed it off on {signed_on}; the sign-off confirms "
        "the whole review, so ask them to confirm it again and give the new date"
    )


def replaced_more(count: int) -> str:
    return f"... and {count} more entries the review replaced held"


def checklist_alone(count: int) -> str:
    return (
        f"an audit checklist is imported on its own, but {count} files were given; import "
        "the checklist, then the questionnaires, in two runs"
    )


TOO_LONG_TITLE = "Too long"


def too_long(limit: int) -> str:
    """What the checklist workbook says when text is over what the review file takes."""
    return f"This is at most {limit:,} characters; please shorten it."


def another_round(written_for: str, assessed_on: object) -> str:
    """A checklist written for another round of the assessment (another date)."""
    return (
        f"was written for the assessment of {written_for}, but this assessment is of "
        f"{assessed_on}: a review checks one round's answers; write this round's checklist "
        "with `readiness review SITE` (copy across what still holds)"
    )


def checklist_for_one_file(path: object) -> str:
    """Said when a checklist is written for a one-file assessment, which no import takes."""
    return (
        f"note: {path} is a one-file assessment, which a checklist cannot be imported into: "
        "copy what the reviewer fills in into its `review:` section by hand, or move the "
        "assessment into a folder (site.yaml and respondents/) and import the checklist there"
    )


def one_file_assessment(path: object) -> str:
    return (
        f"{path} is a one-file assessment: put the review in its `review:` section by hand, "
        "or move the assessment into a folder (site.yaml and respondents/) to import a "
        "checklist"
    )


def pdf_intro(checklist: Checklist) -> list[str]:
    return [
        "Record what you checked on the visit: for each item, the verified answer (facts only), "
        "a finding, the evidence you saw and a note. Leave blank what you did not check. One "
        "piece of evidence fits each item here; for more, use the Excel or YAML checklist.",
        "Opinions are never verified: record a finding, evidence and a note. Contested facts "
        "come first, then essential conditions, then the other facts. " + sample_text(checklist),
        "Then import the saved file into the assessment folder: readiness import THIS-FILE "
        "--into FOLDER. It becomes the folder's review.yaml; respondents' answers are never "
        "changed.",
    ]


def no_assessment(path: object) -> str:
    return (
        f"{path} is not an assessment folder (it has no site.yaml): give the folder the "
        "checklist was written for"
    )


_GIVEN_ONCE = {"verified": "verified answer", "finding": "finding", "note": "note"}


def given_twice(key: str, first_row: int, first: object, again: object) -> str:
    """An item's verified answer, finding or note given differently on a second row."""
    what = _GIVEN_ONCE[key]
    return (
        f"this item's {what} is {first!r} on row {first_row} and {again!r} here; give it on "
        "one row (an item's extra rows are for more evidence)"
    )


def moved_column(title: str, heading: str | None) -> str:
    found = f"not {heading!r}" if heading else "but it is empty"
    return (
        f"should be the heading {title!r}, {found}: the checklist is read by its columns, so "
        "put them back as readiness wrote them (add notes in the Note column), or write a new "
        "checklist with `readiness review SITE`"
    )


OUTSIDE_CELLS = (
    "holds text outside the cells the checklist is read from, which would not be read; move "
    "it into the Review sheet's answers or the Note column of its item's row"
)
CELL_NOTE = (
    "has a note attached to the cell (an Excel comment), which would not be read; write what "
    "it says in the Note column of its item's row and delete the note"
)
ADDED_SHEET = (
    "this sheet is not part of the checklist, and what it says would not be read; move it into "
    "the Note column of the items it is about, or delete the sheet"
)


OUTSIDE_THE_COLUMNS = (
    "holds text beyond the checklist's last column (Note), which would not be read; move it "
    "into the Note column of its item's row"
)


TYPED_OVER = (
    "no longer says what the checklist wrote there, and what was typed over it would not be "
    "read; put the cell back as it was (or clear it) and write what you meant in the Note "
    "column"
)


def unlisted_item(framework: str, item: str, meant: tuple[str, str] | None) -> str:
    """A checklist row naming another item than the checklist wrote there."""
    hint = f", where the checklist wrote {meant[0]} {meant[1]}" if meant else ""
    return (
        f"names {framework} {item}{hint}: the row's other cells are read as the item it "
        "names, so put back the framework and item readiness wrote there"
    )


def row_without_item(missing: str) -> str:
    return (
        f"this row has entries but no {missing}, so they belong to no item: give the row the "
        "same Framework and Item as the item it is about (as the checklist wrote them), or "
        "clear the row"
    )


def pdf_cannot_hold(held: list[str]) -> str:
    shown = "; ".join(held[:5]) + (f"; and {len(held) - 5} more" if len(held) > 5 else "")
    return (
        "the review holds what a PDF checklist has no fields for (one piece of evidence per "
        f"item, no local files): {shown}. A PDF would lose it when imported: write the "
        "checklist as .xlsx or .yaml instead, which hold it all"
    )


def sample_not_kept(size: int | None, seed: int) -> str:
    drawn = f"a sample of {size} facts" if size else "a sample of facts"
    return (
        f"note: the review records {drawn} (seed {seed}); this checklist lists every fact, and "
        "importing it will replace that record. Give --sample N --seed "
        f"{seed} to check a sample again"
    )


def typed_after_hash(said: str) -> str:
    return (
        f"{json.dumps(start_of(said), ensure_ascii=False)}: text after # is a YAML comment, "
        'which is not read; put it in the item\'s note, in quotes (note: "..."), and import '
        "again"
    )


def added_to_own_line(said: str) -> str:
    """A line the checklist writes above an item, with a reviewer's words in it: quoted from
    its end, where words are added."""
    shown = said if len(said) <= QUOTED_UP_TO else "..." + said[3 - QUOTED_UP_TO :]
    return (
        f"{json.dumps(shown, ensure_ascii=False)}: text after # is a YAML comment, "
        "which is not read, and this line is the checklist's own, not for notes; put what you "
        'added in the item\'s note, in quotes (note: "..."), and import again'
    )


def typed_note(line: int, said: str) -> str:
    """A note typed after a `#` in a checklist, among the entries it holds."""
    return f"# on line {line}: {json.dumps(said, ensure_ascii=False)}"


def holds_entries(path: object, assessment: object, entered: list[str], replace: bool) -> str:
    """Why a checklist is not written over one holding a reviewer's entries it would lose
    (`replace`: the assessment has a review, which importing the checklist replaces)."""
    shown = "; ".join(start_of(line) for line in entered[:3])
    more = f" and {len(entered) - 3:,} more" if len(entered) > 3 else ""
    option = " --replace" if replace else ""
    return (
        f"refusing to write {path}: it is a checklist holding what a reviewer entered that "
        f"the new file would not ({shown}{more}). Import it first (readiness import {path} "
        f"--into {assessment}{option}) or move it, then run the command again"
    )


def unreadable_checklist_kept(path: object, problem: str) -> str:
    """Why a checklist is not written over one that cannot be read: it may hold a
    reviewer's entries, which nobody can tell."""
    return (
        f"refusing to write {path}: it is a checklist that cannot be read ({problem}), so "
        "whatever a reviewer entered in it cannot be told. Correct it and import it, or move "
        "it, or choose another name, then run the command again"
    )


# The label of each box of the PDF checklist as it is printed (templates/checklist.html): an
# item's, then the first page's.
PDF_ITEM_BOXES = {
    "verified": "Verified",
    "finding": "Finding",
    "title": "Evidence",
    "reference": "Reference",
    "seen": "Seen",
    "expires": "Expires",
    "note": "Note",
}
PDF_HEADER_BOXES: dict[tuple[str | int, ...], str] = {
    ("reviewer", "name"): "Reviewer's name",
    ("reviewer", "organisation"): "Organisation",
    ("visits",): "Visit dates",
    ("attestation", "name"): "Signed off by",
    ("attestation", "role"): "Their role",
    ("attestation", "date"): "Date signed",
    ("attestation", "statement"): "Statement they signed",
}
PDF_HEADER = "the form's first page"


def pdf_item_box(framework_id: str, item_id: str, label: str) -> str:
    return f"{framework_id} {item_id}, the “{label}” box"


def pdf_header_box(label: str) -> str:
    return f"the “{label}” box on {PDF_HEADER}"


def marker_place(sheet: str) -> str:
    """Where a checklist workbook states what it is for: its hidden sheet."""
    return f"the hidden sheet {sheet!r}"
