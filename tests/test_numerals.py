"""The one number reader: exact or refused with a reason, never a guess."""

from __future__ import annotations

import pytest

from readiness.numerals import number_problem, read_number

MINUTES = "minutes"
CASELOAD = "new clients per full-time link worker per year"
TURNOVER = "% of link-worker posts that became vacant in the last 12 months"


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("380", None, 380),
        ("  380 ", None, 380),
        ("37.5", None, 37.5),
        ("37,5", None, 37.5),  # a European decimal comma
        ("0,75", None, 0.75),
        (",5", None, 0.5),
        (".5", None, 0.5),
        ("12.345", None, 12.345),  # three decimals not ending in 0: only a decimal reading
        ("0.120", None, 0.12),  # nothing before the point to group
        ("1.20", None, 1.2),
        ("-5", None, -5),
        ("\u22125", None, -5),  # a typographic minus sign
        ("0400", None, 400),  # decimal, as written: never octal
        ("1e3", None, 1000.0),
        ("45 minutes", MINUTES, 45),
        ("45 Minutes.", MINUTES, 45),
        ("1 minute", MINUTES, 1),
        ("380 new clients", CASELOAD, 380),
        ("380 clients per year", CASELOAD, 380),
        ("25%", TURNOVER, 25),
        ("25 %", TURNOVER, 25),
        ("25 percent", TURNOVER, 25),
        ("12,5 % of posts", TURNOVER, 12.5),
        # Digits of other scripts are the digits they are, as full-width ones are.
        ("\uff13\uff18\uff10", None, 380),
        ("\u0663\u0668\u0660", None, 380),  # Arabic-Indic
        ("\u06f3\u06f8\u06f0", None, 380),  # Extended Arabic-Indic (Persian, Urdu)
        ("\u0969\u096e\u0966", None, 380),  # Devanagari
        ("\u0663\u0667\u066b\u0665", None, 37.5),  # with the Arabic decimal separator
        ("\u0664\u0665 minutes", MINUTES, 45),
    ],
)
def test_numbers_read_exactly(text: str, unit: str | None, value: float) -> None:
    read = read_number(text, unit)
    assert (read.value, read.problem) == (value, None)
    assert type(read.value) is type(value)


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        (
            "1,200",
            None,
            "'1,200' could mean 1200 or 1.2; write 1200 (no thousands separator) or 1.2 "
            "(with a decimal point)",
        ),
        (
            "1.200,5",
            None,
            "'1.200,5' mixes ',' and '.'; write it with a decimal point and no thousands "
            "separator, e.g. 1200.5",
        ),
        (
            "1,200.5",
            None,
            "'1,200.5' mixes ',' and '.'; write it with a decimal point and no thousands "
            "separator, e.g. 1200.5",
        ),
        (
            "1,200,000",
            None,
            "'1,200,000' has thousands separators or several decimal marks; write it without "
            "thousands separators, e.g. 1200",
        ),
        ("2 - 3", MINUTES, "'2 - 3' is a range; write one number (minutes)"),
        ("2-3", None, "'2-3' is a range; write one number"),
        ("2 to 3", None, "'2 to 3' is a range; write one number"),
        ("2\u20133", None, "'2\u20133' is a range; write one number"),
        ("2 or 3", None, "'2 or 3' is a range; write one number"),
        ("1/2", None, "'1/2' is a fraction or a range; write one number"),
        ("about 3", None, "'about 3' is an estimate, not a number; write one number"),
        ("~3", None, "'~3' is an estimate, not a number; write one number"),
        (">3", None, "'>3' is an estimate, not a number; write one number"),
        (
            "up to 300",
            CASELOAD,
            f"'up to 300' is an estimate, not a number; write one number ({CASELOAD})",
        ),
        (
            "25%",
            MINUTES,
            "'25%' is a percentage, but this question asks for minutes; write one number (minutes)",
        ),
        (
            "25%",
            None,
            "'25%' is a percentage, but this question is not a percentage; write one number",
        ),
        ("45 mins", MINUTES, "'45 mins' has more than a number in it; write one number (minutes)"),
        (
            "45 weeks",
            MINUTES,
            "'45 weeks' has more than a number in it; write one number (minutes)",
        ),
        (
            "380 per",
            CASELOAD,
            f"'380 per' has more than a number in it; write one number ({CASELOAD})",
        ),
        (
            "1.200",
            CASELOAD,
            "'1.200' could mean 1200 or 1.2; write 1200 (no thousands separator) or 1.2 "
            "(without the trailing zeros)",
        ),
        (
            "240.000",
            None,
            "'240.000' could mean 240000 or 240; write 240000 (no thousands separator) or 240 "
            "(without the trailing zeros)",
        ),
        ("1 200", None, "'1 200' has more than a number in it; write one number"),
        ("1_000", None, "'1_000' has more than a number in it; write one number"),
        ("0x1F", None, "'0x1F' has more than a number in it; write one number"),
        ("6:40", None, "'6:40' has more than a number in it; write one number"),
        ("3+", None, "'3+' has more than a number in it; write one number"),
        ("2026-03-06", None, "'2026-03-06' is a date, not a number; write one number"),
        ("06/03/2026", None, "'06/03/2026' is a date, not a number; write one number"),
        (
            "\u0661\u066c\u0662\u0660\u0660",  # 1,200 with the Arabic thousands separator
            None,
            "'\u0661\u066c\u0662\u0660\u0660' could mean 1200 or 1.2; write 1200 (no thousands "
            "separator) or 1.2 (with a decimal point)",
        ),
        (
            "1" * 16,
            None,
            "1111111111111111 has more than 15 digits, more than readiness can keep exactly; "
            "check the number",
        ),
    ],
)
def test_numbers_in_doubt_are_refused_with_the_reason(
    text: str, unit: str | None, message: str
) -> None:
    read = read_number(text, unit)
    assert read.value is None
    assert read.problem == message


@pytest.mark.parametrize("text", ["Agree", "", "   ", "inf", "nan", "Infinity", "x" * 10_000])
def test_text_that_is_not_a_number_is_left_to_the_caller(text: str) -> None:
    read = read_number(text)
    assert (read.value, read.problem) == (None, None)


def test_a_huge_digit_string_is_refused_at_once() -> None:
    # int() of 5,000 digits raises ValueError in Python 3.11; the reader never gets that far.
    read = read_number("9" * 150)
    assert read.value is None and read.problem is not None
    assert "more than 15 digits" in read.problem


def test_numbers_from_files_must_be_finite_and_exact() -> None:
    assert number_problem(380) is None and number_problem(37.5) is None
    assert number_problem(float("inf"), ".inf") == (
        ".inf is not a finite number; write a plain number, e.g. 12 or 37.5"
    )
    assert number_problem(float("nan")) == (
        "nan is not a finite number; write a plain number, e.g. 12 or 37.5"
    )
    assert number_problem(10**400) is not None
    assert number_problem(10**15 - 1) is None
