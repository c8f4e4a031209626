"""`readiness score`: the table a person reads."""

from __future__ import annotations

from ..helpers import DATA, OAKFIELD, RIVERSIDE, RunCli, assert_golden


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
