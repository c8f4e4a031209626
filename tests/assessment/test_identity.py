"""One rule says whether two assessments are of one site: codes and kinds decide and a mismatch
is refused; without codes on both, different names are a warning. --baseline, plans and
compare all follow it."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from readiness import api
from readiness.assessment.identity import Sameness, Verdict, copies, same_site

from ..helpers import RIVERSIDE, RIVERSIDE_BASELINE, RunCli


@dataclass(frozen=True)
class S:
    name: str
    ods_code: str | None = None
    kind: str = "practice"
    assessed_on: object = dt.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (S("Oak", "A1"), S("Oak Surgery", "a1 "), Verdict(Sameness.SAME, "ods_code")),  # renamed
        (S("Oak", "A1"), S("Oak", "B2"), Verdict(Sameness.DIFFERENT, "ods_code")),
        (S("Oak", "A1"), S("Oak", "A1", "pcn"), Verdict(Sameness.DIFFERENT, "kind")),
        (S("Oak"), S("Oak", kind="pcn"), Verdict(Sameness.DIFFERENT, "kind")),
        (S("Oak Surgery"), S("  oak   SURGERY"), Verdict(Sameness.SAME, "name")),
        # é as one character, and as e with a combining accent: the same name to a reader.
        (S("Caf\u00e9 Surgery"), S("Cafe\u0301 surgery"), Verdict(Sameness.SAME, "name")),
        (S("St Mary's"), S("St Mary\u2019s"), Verdict(Sameness.SAME, "name")),  # a curly quote
        (S("Oak", "A1"), S("Oak"), Verdict(Sameness.SAME, "name")),  # one code: names decide
        (S("Oak"), S("Elm"), Verdict(Sameness.DOUBTFUL, "name")),
        (S("Oak", "A1"), S("Elm"), Verdict(Sameness.DOUBTFUL, "name")),
    ],
)
def test_the_rule(a: S, b: S, expected: Verdict) -> None:
    assert same_site(a, b) == expected
    assert same_site(b, a) == expected


def test_copies_are_one_site_on_one_date() -> None:
    later = dt.date(2027, 10, 1)
    sites = [
        S("Oak", "A1"),
        S("Oak Surgery", "A1"),  # the same code and date: a copy, renamed
        S("Oak", "A1", assessed_on=later),  # the same site a year on: not a copy
        S("Elm"),
        S("ELM"),  # no codes, same name and date
        S("Elm", kind="pcn"),  # another kind: another site
        S("Ash", "C3"),
        S("Ash", "D4"),  # same name, different codes: two sites
    ]
    assert copies(sites) == [(0, 1), (3, 4)]


def _site(tmp_path: Path, source: Path, folder_name: str, **changes: str) -> Path:
    """A copy of `source` with its site.yaml's lines changed (or removed, given '')."""
    folder = tmp_path / folder_name
    shutil.copytree(source, folder)
    lines = []
    for line in (folder / "site.yaml").read_text().splitlines():
        key = line.strip().split(":", 1)[0]
        if key in changes:
            if changes[key]:
                lines.append(f"  {key}: {changes[key]}")
            continue
        lines.append(line)
    (folder / "site.yaml").write_text("\n".join(lines) + "\n")
    return folder


def test_a_baseline_of_another_kind_is_refused_at_its_line(tmp_path: Path, run_cli: RunCli) -> None:
    baseline = _site(tmp_path, RIVERSIDE_BASELINE, "before", kind="practice", ods_code="")
    out = tmp_path / "r.pdf"
    result = run_cli("report", RIVERSIDE, "--baseline", baseline, "-o", out)
    assert result.exit_code == 1, result.output
    site_yaml = baseline / "site.yaml"
    line = next(n for n, t in enumerate(site_yaml.read_text().splitlines(), 1) if "kind:" in t)
    assert result.err.startswith(
        f"{site_yaml}:{line}: site.kind: the baseline is of a practice (Riverside Primary Care "
        "Network), but Riverside Primary Care Network is a pcn; give an earlier assessment of "
        "the same site as --baseline\n"
    )
    assert not out.exists()


def test_a_baseline_named_for_another_site_without_codes_is_a_warning(tmp_path: Path) -> None:
    current = _site(tmp_path, RIVERSIDE, "now", ods_code="", pcn="")
    baseline = _site(tmp_path, RIVERSIDE_BASELINE, "before", ods_code="", name="Hillside PCN")
    progress = api.progress(current, baseline)
    site_yaml = baseline / "site.yaml"
    line = next(n for n, t in enumerate(site_yaml.read_text().splitlines(), 1) if "name:" in t)
    assert [str(w) for w in progress.baseline.assessment.warnings] == [
        f"{site_yaml}:{line}: site.name: warning: the baseline is for 'Hillside PCN', but the "
        "follow-up is of 'Riverside Primary Care Network', and no ODS codes (site.ods_code in "
        "both) show they are one site; is this the right baseline?"
    ]
    # One name in other case and spacing is no news; nor is a renamed site that codes show.
    same = _site(
        tmp_path, RIVERSIDE_BASELINE, "again", ods_code="", name="RIVERSIDE  primary care network"
    )
    renamed = _site(tmp_path, RIVERSIDE_BASELINE, "renamed", name="Riverside PCN")
    assert api.progress(current, same).baseline.assessment.warnings == ()
    assert api.progress(RIVERSIDE, renamed).baseline.assessment.warnings == ()


@pytest.mark.parametrize("codes", [True, False])
def test_compare_refuses_a_copied_folder(tmp_path: Path, run_cli: RunCli, codes: bool) -> None:
    original = RIVERSIDE if codes else _site(tmp_path, RIVERSIDE, "riverside", ods_code="")
    copy = tmp_path / "copy-of-riverside"
    shutil.copytree(original, copy)
    out = tmp_path / "sites.csv"
    result = run_cli("compare", original, copy, "-o", out)
    assert result.exit_code == 1, result.output
    site = "Riverside Primary Care Network" + (" (U12345)" if codes else "")
    assert (
        f"{original} and {copy} are the same assessment: {site}, assessed on 2026-10-01; give "
        "it once (is one a copy?), or, if they are two sites, give each its ODS code "
        "(site.ods_code in site.yaml)"
    ) in result.err
    assert not out.exists()
    # The same site a year apart is two assessments, not a copy.
    both = run_cli("compare", original, RIVERSIDE_BASELINE, "-o", out)
    assert both.exit_code == 0, both.output
    if codes:  # by its code, the portfolio is told it counts the site twice
        assert (
            f"warning: {original} and {RIVERSIDE_BASELINE} are both U12345, assessed on "
            "2026-10-01 and 2025-10-01: the portfolio counts the site twice"
        ) in both.err
    else:  # by its name alone, the portfolio is told it may count the site twice
        assert (
            f"warning: {original} and {RIVERSIDE_BASELINE} are both 'Riverside Primary Care "
            "Network' with no ODS code to tell them apart, assessed on 2026-10-01 and "
            "2025-10-01: if they are one site the portfolio counts it twice (give only its "
            "latest assessment); if two, give each its ODS code (site.ods_code in site.yaml)"
        ) in both.err


def test_sites_told_apart_only_by_name_are_dated_and_warned_about(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Two assessments of one name, no ODS codes, different dates: by the identity rule one
    site counted twice, or two sites needing their codes. Said once, each row dated; another
    name, or a code on both sides, is not this case."""
    from readiness.assessment.identity import shared_names
    from readiness.report.portfolio.summary import SiteSummary

    def site(name: str, code: str | None, on: str, kind: str = "practice") -> SiteSummary:
        return SiteSummary(name, name + on, code, kind, None, None, on, 5, (), False, (), ())

    sites = [
        site("Duplicate Surgery", None, "2026-05-05"),
        site("duplicate  surgery", None, "2026-05-06"),  # the same name, as a person reads it
        site("Duplicate Surgery", "Y1", "2026-05-07"),  # a code on one side: the name decides
        site("Duplicate Surgery", None, "2026-05-07", kind="pcn"),  # another kind of site
        site("Other Surgery", None, "2026-05-08"),
    ]
    assert shared_names(sites) == [(0, 1), (0, 2)]
    coded = [site("A", "Y1", "2026-05-05"), site("A", "Y2", "2026-05-06")]
    assert shared_names(coded) == []

    first = _site(tmp_path, RIVERSIDE, "now", ods_code="")
    then = _site(tmp_path, RIVERSIDE_BASELINE, "then", ods_code="")
    out = tmp_path / "sites.html"
    result = run_cli("compare", first, then, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.err.count("with no ODS code to tell them apart") == 1
    page = out.read_text()
    assert "assessed 1 October 2026" in page and "assessed 1 October 2025" in page


def test_compare_warns_of_one_code_given_to_sites_of_two_kinds(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """An ODS code names one organisation: a PCN and a practice giving the same one means one
    site.yaml has it wrong. Said, and compared (it may be the practice's own code)."""
    practice = _site(tmp_path, RIVERSIDE_BASELINE, "practice", kind="practice")
    out = tmp_path / "sites.csv"
    result = run_cli("compare", RIVERSIDE, practice, "-o", out)
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {RIVERSIDE} (pcn) and {practice} (practice) both give the ODS code U12345, "
        "which names one organisation: check site.ods_code in each"
    ) in result.err
    assert out.exists()


@pytest.mark.parametrize("command", ["compare", "report"])
def test_one_assessment_given_twice_is_refused_by_name(
    tmp_path: Path, run_cli: RunCli, command: str
) -> None:
    """Given twice, by the same path or by another naming the same folder: the message names
    the assessment, and nothing is written."""
    other_name = tmp_path / "link-to-riverside"
    other_name.symlink_to(RIVERSIDE.resolve())
    out: list[str | Path] = (
        ["-o", tmp_path / "sites.csv"] if command == "compare" else ["--out-dir", tmp_path / "r"]
    )
    result = run_cli(command, RIVERSIDE, RIVERSIDE, other_name, *out)
    assert result.exit_code == 1, result.output
    assert f"{RIVERSIDE}: the same assessment is given twice; give each site once" in result.err
    assert (
        f"{other_name}: the same assessment is given twice (as {RIVERSIDE} and {other_name}); "
        "give each site once"
    ) in result.err
    assert list(tmp_path.iterdir()) == [other_name]
