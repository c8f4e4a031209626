"""The words readers see for structured results."""

from __future__ import annotations

import pytest

from readiness.report.wording import (
    agreement_text,
    disagreement_reason,
    in_words,
    percent,
    printed_difference,
    score_text,
)
from readiness.scoring.model import Disagreement, DisagreementKind


def test_disagreement_reasons_in_words() -> None:
    gap = Disagreement(DisagreementKind.ROLE_GAP, 62.5, "gp", 87.5, "link_worker", 25.0)
    assert disagreement_reason(gap) == "GP 88 vs Link worker 25"
    spread = Disagreement(DisagreementKind.SPREAD, 31.18)
    assert disagreement_reason(spread) == "wide spread of answers (SD 31)"


@pytest.mark.parametrize(
    ("value", "whole", "one_decimal"),
    [
        (62.5, "63", "62.5"),  # half up, never half to even
        (59.4, "59", "59.4"),
        (59.72, "59.7", "59.7"),  # "60" would read as the next band
        (39.8, "39.8", "39.8"),
        (59.96, "59.9", "59.9"),  # one decimal reaches 60.0 too: cut, not rounded
        (59.94, "59.9", "59.9"),
        (79.999, "79.9", "79.9"),
        (60.0, "60", "60.0"),  # at the boundary: its own band
        (60.4, "60", "60.4"),
        (99.6, "100", "99.6"),  # 100 is no boundary
    ],
)
def test_a_score_is_never_shown_in_the_next_band(
    value: float, whole: str, one_decimal: str
) -> None:
    boundaries = {40.0, 60.0, 80.0}
    assert score_text(value, boundaries) == whole
    assert score_text(value, boundaries, 1) == one_decimal


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        ("58", "58", "0"),  # 57.6 and 58.4 print as 58 twice: no "+1" beside them
        ("58", "59.7", "+1.7"),  # a score kept at one decimal below a band boundary
        ("62", "41", "−21"),  # a true minus sign
        ("–", "50", ""),  # no score on one side
    ],
)
def test_a_difference_is_worked_from_the_scores_as_printed(
    before: str, after: str, shown: str
) -> None:
    assert printed_difference(before, after) == shown


NAMES = {
    "five-mechanisms": (
        "Five mechanisms for social prescribing",
        {"SD4": "I know what the link worker does.", "SD5": "I knew why I was going."},
    ),
    "rainbow": (
        "Joined-up care around social prescribing (Rainbow Model of Integrated Care)",
        {"PR2": "It is clear which tasks belong to the link worker and which to the clinical team"},
    ),
    "delivery-conditions": ("Conditions for good delivery", {"DC16": "Partners are funded."}),
}


def test_a_change_records_codes_become_words_for_the_reader() -> None:
    """Issue 20: codes in a framework author's note are named in words: the note's own item
    is "this question", another framework's item carries that framework's short title, a
    bare code of the one other framework that has it too, an item named again is cut
    shorter, a framework id becomes its title, and expert-review references are left out."""
    note = (
        "Role clarity was asked twice (SD4 here and rainbow PR2; review D6); now asked once, "
        "as rainbow PR2, beside SD5 and DC16 (D8). Unknown XY9 stays; so does npt."
    )
    assert in_words(note, "five-mechanisms", NAMES, own_id="SD4") == (
        "Role clarity was asked twice (this question here and “It is clear which tasks belong"
        " to the link worker and which to the…” in Joined-up care around social prescribing);"
        " now asked once, as “It is clear which tasks belong…” in Joined-up care around social"
        " prescribing, beside “I knew why I was going.” and “Partners are funded.” in"
        " Conditions for good delivery. Unknown XY9 stays; so does npt."
    )
    assert in_words("Moved to rainbow.", "five-mechanisms", NAMES) == (
        "Moved to Joined-up care around social prescribing."
    )


def test_every_threshold_a_score_is_judged_against_is_a_boundary() -> None:
    """The calc test framework's bands begin at 40 and 60, its action threshold is 60 and its
    critical item A3 fails under 50: a gate failed at 49.97 never reads "50, passes at 50"."""
    from readiness.framework.load import load_catalogue
    from readiness.report.wording import score_boundaries

    from ..helpers import DATA

    catalogue = load_catalogue([DATA / "frameworks"])
    calc = catalogue.get("calc")
    assert calc is not None
    bounds = score_boundaries(calc)
    assert bounds == {40.0, 50.0, 60.0}
    assert score_text(49.97, bounds) == "49.9"
    assert score_text(49.6, bounds) == "49.6"
    assert score_text(50.2, bounds) == "50"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        # Three GPs at 50, 55 and 80: S^2 = 258.33, sigma^2_EU = 850, r_wg = 0.6961.
        (1 - (775 / 3) / 850, "0.69"),
        (0.695, "0.69"),
        (0.6999, "0.69"),
        (0.7, "0.70"),
        (0.7049, "0.70"),
        (0.4449, "0.44"),
        (0.0, "0.00"),
        (1.0, "1.00"),
    ],
)
def test_an_agreement_below_the_cut_off_never_reads_as_it(value: float, shown: str) -> None:
    """Rule 15's way with scores, for r_wg: "0.70 is below 0.7" contradicted itself."""
    assert agreement_text(value, 0.7) == shown


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (0.625, "63%"),
        (1.0, "100%"),
        (0.0, "0%"),
        (199 / 200, "99%"),  # not everyone: never "100%" (the status's Overall read 100%)
        (0.9949, "99%"),
        (1 / 1000, "1%"),  # someone: never "0%"
        (0.005, "1%"),
    ],
)
def test_a_share_short_of_all_or_above_none_never_reads_as_either(share: float, shown: str) -> None:
    assert percent(share) == shown


def test_a_portfolio_says_how_many_of_a_reviewed_sites_facts_are_still_contested() -> None:
    """helper-70: "Reviewed: 5 of 40 facts verified" left out the 17 still contested, which
    the site's own report states beside it."""
    from readiness.report.wording import site_assurance

    assert site_assurance(True, 40, 5, 1, 17) == (
        "Reviewed: 5 of 40 facts verified, 1 of them contradicted, 17 still contested"
    )
    assert site_assurance(True, 3, 2, 0) == "Reviewed: 2 of 3 facts verified"
    assert site_assurance(False, 40, 0, 0, 17) == "Self-assessed"
