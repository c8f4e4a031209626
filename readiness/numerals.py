"""The one reader of numbers people write: in YAML answers, survey-export cells, PDF text fields
and workbook cells alike.

A number is read exactly as written or refused with the reason, never guessed: a decimal comma
("37,5") is read as a decimal point, but "1,200" (thousands, or 1.2?) is refused; a range
("2 - 3"), an estimate ("about 3", "~3", ">3"), a percentage where the question asks for
something else, or any other extra text is refused. The only words allowed after a number are
the scale's own unit words ("45 minutes", "6 weeks", "25%" on a percentage scale).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

# Whole numbers up to 15 digits are exact as floats (10**15 < 2**53); scores use floats, so
# anything longer would be silently changed.
MAX_DIGITS = 15
MAX_EXACT_WHOLE = 10**MAX_DIGITS - 1
# Longer text is not a number anyone typed; refuse it before any work on it.
MAX_NUMBER_TEXT = 200

_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007\u200a"), " ")
_MINUS = {ord("\u2212"): "-"}
# Digits of other scripts, as the digits they are (NFKC already makes full-width ones ASCII):
# Arabic-Indic, Extended Arabic-Indic (Persian and Urdu), Devanagari, Bengali and the rest.
# And the Arabic decimal and thousands separators, as the marks below read them.
_DIGITS = {
    **{
        code: str(unicodedata.decimal(chr(code)))
        for code in range(0x80, 0x10000)
        if unicodedata.category(chr(code)) == "Nd"
    },
    ord("\u066b"): ".",
    ord("\u066c"): ",",
}
_NUMBER = re.compile(r"([-+]?)([0-9][0-9.,]*[0-9]|[0-9]|[.,][0-9]+)([eE][-+]?[0-9]{1,3})?")
_RANGE_REST = re.compile(r"^(?:-|\u2013|\u2014|~|to|or|and|/|&|\.\.)\s*[-+]?[.,]?[0-9]")
_ESTIMATE_START = re.compile(
    r"^(?:~|\u2248|<|>|\u2264|\u2265|=<|>=|<=|=>|c\.|ca\.|circa|about|around|approx\.?|"
    r"approximately|roughly|nearly|almost|over|under|above|below|at least|at most|"
    r"more than|less than|fewer than|up to|maybe|perhaps|est\.?|estimated)\s*[-+]?[.,]?[0-9]",
    re.IGNORECASE,
)
_DATE = re.compile(r"^[0-9]{1,4}([-/.])[0-9]{1,2}\1[0-9]{1,4}(?:[ T][0-9:.]+)?$")
_PERCENT_WORDS = ("%", "percent", "per cent", "pc")
_STOPWORDS = frozenset(
    {
        *("a", "an", "the", "of", "per", "to", "from", "in", "on", "at", "by", "for", "with"),
        *("and", "or", "last", "each", "every"),
    }
)


@dataclass(frozen=True)
class ReadNumber:
    """What `read_number` made of some text: a number, or why it is not one.

    `value` is set when the text is exactly one number; `problem` says why text that looks
    like a number was refused; both are None when the text is not a number at all (so the
    caller can try it as an answer label instead)."""

    value: int | float | None = None
    problem: str | None = None


def number_problem(value: int | float, written: str | None = None) -> str | None:
    """Why a number from a file (YAML, a spreadsheet cell) cannot be used exactly, or None.

    `written` is the text as it stood in the file, for the message."""
    shown = written if written is not None else str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{_cut(shown)} is not a finite number; write a plain number, e.g. 12 or 37.5"
        return None
    if len(str(abs(value))) > MAX_DIGITS:
        return _too_many_digits(shown)
    return None


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:20] + "…" + text[-10:]


def _too_many_digits(text: str) -> str:
    return (
        f"{_cut(text)} has more than {MAX_DIGITS} digits, more than readiness can keep exactly; "
        "check the number"
    )


def read_number(text: str, unit: str | None = None) -> ReadNumber:
    """Read `text` as one number, allowing only `unit`'s own words after it.

    `unit` is the scale's unit (e.g. "minutes", or "% of posts ..." for a percentage); None
    allows no words at all.
    """
    typed = text
    text = unicodedata.normalize("NFKC", text).translate(_SPACES).translate(_MINUS)
    text = text.translate(_DIGITS).strip()
    if not text or len(text) > MAX_NUMBER_TEXT:
        return ReadNumber()
    want = _remedy(unit)
    if _DATE.match(text):
        return ReadNumber(problem=f"{typed!r} is a date, not a number; {want}")
    if _ESTIMATE_START.match(text):
        return ReadNumber(problem=f"{typed!r} is an estimate, not a number; {want}")
    match = _NUMBER.match(text)
    if match is None:
        return ReadNumber()
    sign, digits, exponent = match.group(1), match.group(2), match.group(3) or ""
    rest = text[match.end() :].strip()
    if rest and _RANGE_REST.match(rest.lower()):
        # "1/2" may be a fraction or "one or two": either way, not one number.
        what = "a fraction or a range" if rest.startswith("/") else "a range"
        return ReadNumber(problem=f"{typed!r} is {what}; {want}")
    if rest and not _unit_words_only(rest, unit):
        if rest[0] == "%" or rest.lower() in _PERCENT_WORDS:
            asks = f"this question asks for {unit}" if unit else "this question is not a percentage"
            return ReadNumber(problem=f"{typed!r} is a percentage, but {asks}; {want}")
        return ReadNumber(problem=f"{typed!r} has more than a number in it; {want}")
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        return ReadNumber(
            problem=f"{typed!r} mixes ',' and '.'; write it with a decimal point and no "
            "thousands separator, e.g. 1200.5"
        )
    if commas > 1 or dots > 1:
        return ReadNumber(
            problem=f"{typed!r} has thousands separators or several decimal marks; write it "
            "without thousands separators, e.g. 1200"
        )
    if commas == 1:
        whole, fraction = digits.split(",")
        if len(fraction) == 3 and whole:
            thousands = f"{sign}{whole}{fraction}"
            decimal = f"{sign}{whole}.{fraction.rstrip('0') or '0'}"
            return ReadNumber(
                problem=f"{typed!r} could mean {thousands} or {decimal}; write {thousands} (no "
                f"thousands separator) or {decimal} (with a decimal point)"
            )
        digits = digits.replace(",", ".")
    elif dots == 1 and not exponent:
        # Where a decimal comma is usual, a dot groups thousands: 1.200 is 1200 there. Three
        # decimals ending in 0 are what that looks like (12.345 can only be read one way by
        # someone who writes decimals with a dot, so it is read that way).
        whole, fraction = digits.split(".")
        if len(fraction) == 3 and fraction.endswith("0") and whole.strip("0"):
            thousands = f"{sign}{whole}{fraction}"
            kept = fraction.rstrip("0")
            decimal = f"{sign}{whole}.{kept}" if kept else f"{sign}{whole}"
            return ReadNumber(
                problem=f"{typed!r} could mean {thousands} or {decimal}; write {thousands} (no "
                f"thousands separator) or {decimal} (without the trailing zeros)"
            )
    significant = digits.replace(".", "").lstrip("0")
    if len(significant) > MAX_DIGITS:
        return ReadNumber(problem=_too_many_digits(typed.strip()))
    written = sign + digits + exponent
    if "." in digits or exponent:
        value: int | float = float(written)
        if not math.isfinite(value) or (value != 0 and abs(value) < 1e-300):
            return ReadNumber(problem=f"{typed!r} is out of range; {want}")
        return ReadNumber(value=value)
    return ReadNumber(value=int(written))


def _remedy(unit: str | None) -> str:
    if unit:
        return f"write one number ({unit})"
    return "write one number"


def _words(text: str) -> list[str]:
    words = []
    for word in text.casefold().replace("%", " % ").split():
        word = word.strip(",.;:()[]\"'")
        if word.endswith("s") and len(word) > 3:
            word = word[:-1]
        if word:
            words.append(word)
    return words


def _unit_words_only(rest: str, unit: str | None) -> bool:
    """Whether `rest` is made of the unit's own words, in the unit's order ("minutes", "new
    clients per year", "%"), and says more than 'per' or 'of'."""
    if not unit:
        return False
    lowered = rest.casefold()
    for word in _PERCENT_WORDS[1:]:
        if lowered.startswith(word):
            lowered = "%" + lowered[len(word) :]
    said = _words(lowered)
    if not said or any(any(c.isdigit() for c in w) for w in said):
        return False
    if all(w in _STOPWORDS for w in said):
        return False
    remaining = iter(_words(unit))
    return all(word in remaining for word in said)  # each found after the one before
