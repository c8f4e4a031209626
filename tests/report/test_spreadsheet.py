"""The formula guard: text a person or a framework wrote stays text in every spreadsheet."""

from __future__ import annotations

import pytest

from readiness.report.spreadsheet import csv_text, guard_formula


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x")',
        "+1",
        "-1",
        "@SUM(A1)",
        "\tindented",
        "\rreturn",
        # Full-width signs, as East Asian input methods type them.
        "\uff1dHYPERLINK(1)",
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
    ],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    assert guard_formula(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["St Mary's", "1 = 1", "a-b", "", " =x", "'quoted", "a\uff1db", "\uff08note\uff09"]
)
def test_other_text_is_left_as_written(text: str) -> None:
    assert guard_formula(text) == text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (3, "3"),
        (62.5, "62.5"),
        (-4.25, "-4.25"),  # a number is a number, even with a minus sign
        (0.1 + 0.2, "0.30000000000000004"),  # unrounded, exactly as computed
        ("-4.25", "'-4.25"),  # text that looks like a negative number stays text
        ("=1+1", "'=1+1"),
        ("Zeta Surgery", "Zeta Surgery"),
    ],
)
def test_csv_cells(value: object, cell: str) -> None:
    assert csv_text(value) == cell
