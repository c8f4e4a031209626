"""Answers and roles as people write them, matched to what a framework accepts.

Text is compared the way a person reads it (case, spacing, curly quotes and dashes ignored);
an answer matches an option by its code, its value or its label, and never by a guess.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from readiness.assessment.answers import interpret
from readiness.framework.model import Item
from readiness.numerals import read_number
from readiness.schema import did_you_mean
from readiness.textmatch import normalise
from readiness.vocabulary import ROLES, ScaleType


def match_role(value: str) -> str | None:
    """A role id from its id or its label."""
    wanted = normalise(value).replace(" ", "_")
    for role, label in ROLES.items():
        if wanted in (role, normalise(label).replace(" ", "_")):
            return role
    return None


# Excel's first 60 days (to 1900-02-28): where a number typed into a cell formatted as a time
# or a date lands.
_EXCEL_DAY_60 = dt.datetime(1900, 3, 1)


def match_answer(
    item: Item, value: Any, written: str | None = None
) -> tuple[str | float | None, str]:
    """The answer to write (an option code, or a number) for what a respondent gave, or
    (None, why not). Codes, scored values and labels are all accepted (a code before a
    label); numbers are read by `read_number`, exactly or not at all. `written`: the text a
    number was read from, for a message to quote as typed."""
    retype = "type the answer again as text" + (
        f", as a number of {item.scale.unit}" if item.scale.unit else ""
    )
    if isinstance(value, dt.datetime) and value.tzinfo is None and value < _EXCEL_DAY_60:
        # A number in a cell formatted as a time or date (45 shown as 14/02/1900 00:00).
        from openpyxl.utils.datetime import to_excel  # Excel's day count, its 1900 leap day too

        number = to_excel(value)
        return None, (
            f"Excel turned this answer into a time or a date ({value:%Y-%m-%d %H:%M:%S}, "
            f"which is how it shows the number {number:g} in a cell formatted as one); {retype}"
        )
    if isinstance(value, dt.date):
        return None, (
            f"Excel turned this answer into a date ({value:%Y-%m-%d}); type the "
            "answer again as text"
        )
    if isinstance(value, dt.time | dt.timedelta):
        # A cell formatted as a time (00:45 typed for 45 minutes).
        shown = value.isoformat() if isinstance(value, dt.time) else str(value)
        return None, f"Excel turned this answer into a time ({shown}); {retype}"
    if isinstance(value, bool):
        return None, f"{value!r} is not an answer"
    if isinstance(value, int | float):
        answer, message = interpret(item, value, written=written)
        if answer is None:
            return None, message
        if item.scale.type in (ScaleType.NUMERIC, ScaleType.RANGE):
            return float(value) if not float(value).is_integer() else int(value), ""
        option = item.scale.option_for_number(float(value))
        return (option.code if option else value), ""
    text = str(value).strip()
    wanted = normalise(text)
    # Codes first: a code names one option, whatever another option's label says.
    for option in item.scale.options:
        if wanted == normalise(option.code):
            return option.code, ""
    for option in item.scale.options:
        if wanted == normalise(option.label):
            return option.code, ""
    unit = item.scale.unit if item.scale.type == ScaleType.NUMERIC else None
    read = read_number(text, unit)
    if read.problem is not None:
        return None, read.problem
    if read.value is None:
        labels = [o.label for o in item.scale.options]
        return None, (
            f"{_shown(text)} is not one of the answers for {item.id}"
            f"{did_you_mean(text, labels)}; expected {item.scale.describe()}"
        )
    return match_answer(item, read.value, _shown(text))


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:40] + "…" + text[-10:])
