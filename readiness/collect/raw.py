"""Answers as read from a filled questionnaire or a survey export, before they are checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.textmatch import shows_nothing, single_spaced

# Review states that reject a submission: ODK Central's "rejected"; KoboToolbox's
# "validation_status_not_approved" (XML values) or "Not approved" (labels).
REJECTED_STATES = frozenset({"rejected", "validation status not approved", "not approved"})


def blank(value: object) -> bool:
    """A field, cell or value left empty, or holding only spaces or invisible characters
    (`textmatch.shows_nothing`): no answer, and no comment, whichever form or export it came
    from."""
    return value is None or (isinstance(value, str) and shows_nothing(value))


@dataclass
class RawResponse:
    """One person's answers as found in a file; nothing here is validated yet."""

    source: Path
    sha256: str
    row: int | None = None  # the row, for a spreadsheet export with one person per row
    respondent_id: str | None = None
    role: str | None = None  # a role id or label, as written
    versions: dict[str, str] = field(default_factory=dict)  # framework id -> version
    versions_encoded: bool = False  # True when versions came from PDF field names
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # fw -> item -> raw
    # Comments as the file holds them: text, or a spreadsheet cell's number, date or
    # true/false, made text (or refused) by resolve.comment_text.
    comments: dict[str, dict[str, Any]] = field(default_factory=dict)
    general_comment: Any = None  # "Any other comments?"
    # Where each value was found, for messages: (fw, item) for answers, (fw, "ITEM/comment")
    # for comments and ("", "general_comment") for the general comment.
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    # What identifies an export row across downloads of the same survey: a Microsoft Forms
    # ID (with its start and completion times), or a Google Forms timestamp; None otherwise.
    row_identity: str | None = None
    # Whether `row_identity` names one submission by itself (ODK Central's KEY,
    # KoboToolbox's _uuid): a second row with it is the same submission, not another person.
    row_identity_unique: bool = False
    # What the file was recognised as, when the import says so: "an ODK Central export (CSV)".
    read_as: str | None = None
    # A survey tool's own reviewer verdict on the submission, as written: ODK Central's
    # ReviewState (hasIssues, edited, approved, rejected) or KoboToolbox's _validation_status.
    review_state: str | None = None
    # A respondent file imported again: framework id -> the SHA-256 of the framework file of
    # the user's its answers were first checked against (`imported_from.adapted`); a framework not
    # listed, the bundled text. None: the file does not say.
    adapted: dict[str, str] | None = None
    imported: bool = False  # a respondent file an import wrote (it has `imported_from`)
    # A questionnaire: framework id -> the text its questions were written from, the SHA-256
    # of a file of the user's or None for the bundled text; a framework not listed, it does
    # not say (written by an older readiness, or a survey export).
    written_from: dict[str, str | None] | None = None  # None: it has no record
    texts_damaged: bool = False  # a record there, saying something else (changed by hand)
    texts_at: str = ""  # where the form records its texts, for messages: a key, a sheet
    texts_line: int | None = None

    @property
    def says_nothing(self) -> bool:
        """Whether the response holds no answer and no comment (a blank form, or an export row
        with nothing but its tool's own columns): whoever it names, it is nobody's view."""
        given = (*self.answers.values(), *self.comments.values())
        return blank(self.general_comment) and all(
            blank(value) for by_item in given for value in by_item.values()
        )

    @property
    def rejected(self) -> bool:
        """Whether the survey's reviewer rejected the submission (rejected, not approved)."""
        return (
            self.review_state is not None
            and single_spaced(self.review_state.replace("_", " ").casefold()) in REJECTED_STATES
        )

    def location(self, framework_id: str, item_id: str) -> str:
        """Where an answer was found, for messages."""
        return self.where.get((framework_id, item_id), "")
