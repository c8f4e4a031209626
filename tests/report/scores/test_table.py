"""`readiness score`: the table a person reads."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from readiness.api import score
from readiness.scoring.actions import first_quarter

from ...helpers import DATA, OAKFIELD, RIVERSIDE, RIVERSIDE_BASELINE, RunCli, assert_golden


def test_whole_table_for_a_small_site(run_cli: RunCli) -> None:
    """Intervals, the band when an interval spans two, withheld domains, agreement and the
    response rate, read whole."""
    result = run_cli(
        "score",
        DATA / "assessments" / "privacy",
        "--frameworks-dir",
        DATA / "frameworks" / "privacy",
    )
    assert result.exit_code == 0, result.output
    assert_golden("privacy-score.txt", result.out)


def test_table_summarises_each_framework(run_cli: RunCli) -> None:
    result = run_cli("score", RIVERSIDE_BASELINE)  # answered on 1.0.0, so scored on 1.0.0
    assert result.exit_code == 0, result.output
    out = result.out
    assert out.startswith("Riverside Primary Care Network (U12345)\n")
    assert "12 respondents (GP 3," in out
    for title in (
        "Five mechanisms for social prescribing [five-mechanisms 1.0.0]",
        "[npt 1.0.0]",
        "[rainbow 1.0.0]",
        "[delivery-conditions 1.0.0]",
    ):
        assert title in out
    # GP: SD1 83.3 and SD2 91.7 (view 87.5); link workers: SD2 41.7 and SD3 25 (view 33.3).
    # Rule 11 compares them only on SD2, the one question both answered: 91.7 vs 41.7.
    assert "disagreement: GP 92 vs Link worker 42 on the questions both answered" in out
    assert "Critical items failed: IT1 (0, passes at 50)" in out
    assert re.search(r"Top actions \(5 of \d+\)", out)
    # The first quarter (rule 14) by rank and id: gates first, then importance per effort.
    quarter = first_quarter(score(RIVERSIDE_BASELINE).actions)
    assert (
        "Where to start, the first quarter (rule 14): "
        + ", ".join(f"{a.priority}. {a.action.id}" for a in quarter)
    ) in out
    follow_up = run_cli("score", RIVERSIDE)
    assert "13 respondents (GP 3," in follow_up.out and "[npt 3.0.0]" in follow_up.out
    # 3.0.0: funding at 'to the end of this financial year' fails (it passes at 12 months);
    # the NPT resources statement is a flag beside the score, not a cap.
    assert "Critical items failed: FU1 (50, passes at 75)" in follow_up.out
    assert (
        "Flag, CA6: On balance, respondents disagree that there are enough resources"
        in follow_up.out
    )
    assert "Band capped" not in follow_up.out.split("[npt 3.0.0]")[1].split("[rainbow")[0]


def test_table_says_insufficient_data_and_who_answered(run_cli: RunCli) -> None:
    result = run_cli("score", OAKFIELD)
    assert result.exit_code == 0, result.output
    assert "insufficient data" in result.out
    assert "confidence low (few people behind the score" in result.out
    assert "Not anonymous: a named self-assessment" in result.out or (
        "Not anonymous: one respondent" in result.out
    )


def test_whole_table_for_the_riverside_example(run_cli: RunCli) -> None:
    result = run_cli("score", RIVERSIDE)
    assert result.exit_code == 0, result.output
    assert_golden("riverside-score.txt", result.out)


def test_a_direction_control_in_a_site_s_or_framework_s_text_reverses_nothing_after_it(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """A right-to-left override in the site's name (typed into site.yaml) or a framework's
    title would reverse the rest of its line on a terminal that reorders text: each is fenced
    off (isolate ... pop) where it sits, so what follows it stays outside."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    config = site / "site.yaml"
    config.write_text(
        re.sub(r"(?m)^  name: .*$", '  name: "River\\\\u202eside"', config.read_text()),
        encoding="utf-8",
    )
    result = run_cli("score", site)
    assert result.exit_code == 0, result.output
    assert result.out.startswith("\u2068River\u202eside\u2069 (U12345)\n"), result.out[:80]
    # Without a control, nothing is added.
    assert "\u2068" not in result.out.split("\n", 1)[1]
