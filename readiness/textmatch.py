"""Text compared the way a person reads it: what an answer written in a form or export
matches (collect/matching.py), and what a framework must keep distinct for that to be
unambiguous (framework/checks.py); and text shown as typed without reordering what follows
it (`isolated`)."""

from __future__ import annotations

import re
import unicodedata


def shows_nothing(text: str) -> bool:
    """Whether text looks empty: only spaces, line breaks and invisible format characters
    (a zero-width space, a byte-order mark, a direction mark), as in a box someone cleared
    or a cell pasted from elsewhere. Such text is no answer and no comment."""
    stripped = text.strip()
    if not stripped or stripped.isascii():
        return not stripped
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in stripped)


def single_spaced(text: str) -> str:
    """Text with each run of spaces and line breaks made one space, and none at either end:
    the same words however a spreadsheet wrapped or re-spaced them."""
    return " ".join(text.split())


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


# The bidirectional controls that reorder the text after them (embeddings, overrides and
# isolates), and the pair that fences a piece of text off from its neighbours.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
# Letters written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest of that
# block of scripts, their presentation forms, and the historic scripts of planes 1.
RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdcf\ufdf0-\ufdff\ufe70-\ufefc\U00010800-\U00010fff"
    "\U0001e800-\U0001efff]"
)


def apart(text: str) -> str:
    """A name from a file (a title, an item's words) as a page prints it inside words of its
    own: `isolated` with `right_to_left`, so that what follows it (a score in brackets, the
    rest of the sentence) stays after it and in order (helper-63: 'the domain 'Making sense
    (33) 'شراكة محلية')."""
    return isolated(text, right_to_left=True)


def shown_width(text: str) -> int:
    """How many places text takes on a terminal: its length without direction controls,
    which take none (for padding a column)."""
    return len(text) - len(BIDI_CONTROLS.findall(text))


def isolated(text: str, right_to_left: bool = False) -> str:
    """Text holding bidirectional controls, fenced off (first-strong isolate ... pop), so that
    what they reorder ends where the text ends: a title, a name or a comment reversing the
    words printed after it. With `right_to_left`, text holding right-to-left letters too:
    on a page, laid out by the Unicode rules, a score printed after a title that ends in
    Arabic or Hebrew would join its run and be placed inside it. Other text is returned as
    it is."""
    if BIDI_CONTROLS.search(text) or (right_to_left and RIGHT_TO_LEFT.search(text)):
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text
