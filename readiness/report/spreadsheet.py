"""Text for spreadsheets: what a person or a framework wrote must stay text, never a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with =, +, -, @, a tab or a
carriage return as a formula ("CSV injection"); a leading apostrophe makes them show it as
text. Their full-width forms (＝ ＋ － ＠, typed with East Asian input methods) are guarded
too: a spreadsheet set for those languages can take them for the signs. Numbers are written
as numbers.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def guard_formula(text: str) -> str:
    """`text` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(value: object) -> str:
    """A value for a CSV cell: blank for None, true/false, numbers as written, text guarded."""
    # The commonest kinds first, by exact type (a portfolio's CSV has a million cells).
    kind = type(value)
    if kind is float or kind is int:
        return repr(value)
    if kind is str:
        return guard_formula(value)  # type: ignore[arg-type]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return guard_formula(str(value))
