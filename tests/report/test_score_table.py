"""`readiness score`: the table a person reads."""

from __future__ import annotations

from ..helpers import OAKFIELD, RIVERSIDE, RIVERSIDE_BASELINE, RunCli, assert_golden


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
    assert "disagreement: GP 86 vs Link worker 33" in out
    assert "Critical items below 50: IT1" in out
    assert "Top actions (5 of 55)" in out
    follow_up = run_cli("score", RIVERSIDE)
    assert "13 respondents (GP 3," in follow_up.out and "[npt 2.0.0]" in follow_up.out
    assert "Band capped from Embedding because critical items scored below 50: CA6" in (
        follow_up.out
    )


def test_table_says_insufficient_data(run_cli: RunCli) -> None:
    result = run_cli("score", OAKFIELD)
    assert result.exit_code == 0, result.output
    assert "insufficient data" in result.out
    assert "confidence low" in result.out


def test_whole_table_for_the_riverside_example(run_cli: RunCli) -> None:
    result = run_cli("score", RIVERSIDE)
    assert result.exit_code == 0, result.output
    assert_golden("riverside-score.txt", result.out)
