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


# Excel keeps a date or a time as a number of days; a cell formatted as one shows any number
# typed into it that way. Below this many days (before 1927-05-18) a date is a figure typed
# into such a cell (90 minutes shown as 1900-03-30), not a date anyone means.
_FIGURE_DAYS = 10_000
_FEB_28_1900 = 59  # Excel's day number for 1900-02-28
_SECONDS_A_DAY = 86_400


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
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return None, _excel_turned(value, retype)
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


def _excel_turned(value: dt.date | dt.time | dt.timedelta, retype: str) -> str:
    """Why an answer Excel turned into a date, a time or a duration is refused: what it shows,
    the number it keeps when a number was what was typed, and what to do."""
    from openpyxl.utils.datetime import to_excel  # Excel's day count, its 1900 leap day too

    number: float | None = None
    if isinstance(value, dt.timedelta):  # a cell formatted as a duration ([h]:mm), as shown
        seconds = round(value.total_seconds())
        hours, rest = divmod(abs(seconds), 3600)
        shown = f"{'-' if seconds < 0 else ''}{hours}:{rest // 60:02d}:{rest % 60:02d}"
        kind = "a duration"
        if seconds and seconds % _SECONDS_A_DAY == 0:  # 90 typed: 90 days, 2160:00:00
            number = seconds // _SECONDS_A_DAY
    elif isinstance(value, dt.time):  # a cell formatted as a time (00:45 for 45 minutes)
        shown, kind = value.isoformat(), "a time"
    else:
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        days = to_excel(moment) if moment.tzinfo is None else None
        if days is None or not 0 <= days < _FIGURE_DAYS:
            return f"Excel turned this answer into a date ({value:%Y-%m-%d}); {retype}"
        shown, kind, number = f"{moment:%Y-%m-%d %H:%M:%S}", "a time or a date", days
    if number is None:
        return f"Excel turned this answer into {kind} ({shown}); {retype}"
    figure = f"{number:g}"
    if _FEB_28_1900 <= number < _FEB_28_1900 + 1:
        # Excel counts a 29 February 1900 that never was; what it shows for 60 is read back
        # as the 28th, the same as 59.
        figure += f" or {number + 1:g}"
    return (
        f"Excel turned this answer into {kind} ({shown}, which is how it shows the number "
        f"{figure} in a cell formatted as one); {retype}"
    )


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:40] + "…" + text[-10:])
