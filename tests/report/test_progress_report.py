"""`readiness report --baseline`: the progress section, read from the PDF's text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from readiness import api
from readiness.report.wording import half_up

from ..helpers import RIVERSIDE, RIVERSIDE_BASELINE, RunCli, flat, pdf_catalog, pdf_text

pytestmark = pytest.mark.slow  # each test renders a 40-page report


@pytest.fixture(scope="module")
def progress_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("progress") / "progress.pdf"
    api.write_report(RIVERSIDE, out, baseline=RIVERSIDE_BASELINE)
    return out


def _between(pages: list[str], first: str, next_section: str) -> str:
    """The text from the heading `first` to the heading `next_section`. Sections follow one
    another without a page break, so each is given with the words that open it: the contents,
    running headers and sub-headings of the same name do not match."""
    text = " ".join(pages)
    start = text.index(first)
    return text[start : text.index(next_section, start + len(first))]


PROGRESS = "Progress since 1 October 2025 This assessment set against the baseline"
FIRST_FRAMEWORK = "Five mechanisms for social prescribing Runacres (2021)"


def _section(pages: list[str]) -> str:
    return _between(pages, PROGRESS, FIRST_FRAMEWORK)


def test_cover_contents_and_method_name_the_baseline(progress_pdf: Path) -> None:
    pages = [flat(p) for p in pdf_text(progress_pdf)]
    assert "Compared with The baseline of 1 October 2025 (12 respondents)" in pages[0]
    assert "Contents" in pages[0] and "Progress since 1 October 2025" in pages[0]
    whole = " ".join(pages)
    method = whole[whole.index("How the scores were worked out, and sources From answers") :]
    assert "Progress since a baseline. Each score is worked out for each assessment" in method
    root = pdf_catalog(pypdf.PdfReader(progress_pdf))
    assert "/StructTreeRoot" in root  # still tagged


def test_every_comparable_domain_then_and_now(progress_pdf: Path) -> None:
    since = api.progress(RIVERSIDE, RIVERSIDE_BASELINE)
    text = _section([flat(p) for p in pdf_text(progress_pdf)])
    labels = {
        "no_clear_change": "No clear change",
        "improved": "▲ Improved",
        "worse": "▼ Worse",
        "same": "Same",
        "changed": "◆ Changed",
    }
    rows = withheld = 0
    for fp in since.frameworks:
        assert fp.current_framework.title in text
        for change in fp.domains:
            assert change.baseline is not None and change.current is not None
            title = next(d.title for d in fp.current_framework.domains if d.id == change.id)
            row = text.split(title, 1)[1][:160]
            # An interval withheld (rule 4: a small group answered) is not printed; the
            # change is still called from it.
            then = half_up(change.baseline) + (
                f" ({half_up(change.baseline_interval[0])}–" if change.baseline_interval else ""
            )
            now = half_up(change.current) + (
                f" ({half_up(change.current_interval[0])}–" if change.current_interval else ""
            )
            assert then in row and now in row and labels[change.change] in row
            withheld += change.baseline_interval is None or change.current_interval is None
            rows += 1
    # Across 1.0.0 -> 3.0.0 only domains made of the same kept questions compare (NPT's
    # general questions and cognitive participation, among others).
    assert rows >= 2 and withheld > 0  # NPT's: lone PCN roles answered its questions
    # By hand from the two PDFs' own numbers: DC8 (a private room), a fact, contested both
    # times: "no" then (0), "partly" now (50): changed. DC7, an essential condition, contested
    # at "view only" (L2, 40) both times: still below 50.
    dc8 = text.split("Link workers have a bookable private room in each practice they serve. DC8")
    assert "0 (0–50)" in dc8[1][:60] and "50 (50–100)" in dc8[1][:60]
    assert "+50 ◆ Changed" in text
    # DC7 (record access): contested, 40 from respondents alone; the review verified L4 (80).
    assert "40 80 Newly passed" in text
    assert "Questions not compared" in text
    # A question is named in words, its code after it.
    assert "staff can look up. SD3 Replaced by a different question." in text
    # The change record's reasons name questions in words, never by a bare code: "rainbow
    # PR2" is the question's words and its framework's title; expert-review references go.
    assert "rainbow PR2" not in text and "review D" not in text
    assert "in Joined-up care around social prescribing, whose respondents were widened" in text
    assert (
        "16 questions are new in version 3.0.0, so there is nothing to compare (DC20, DC22, "
        "DC37, DC23, DC38" in text
    )


def test_adopted_actions_beside_the_scores_they_aimed_at(progress_pdf: Path) -> None:
    text = _section([flat(p) for p in pdf_text(progress_pdf)])
    steps = text.split("The actions adopted after the baseline", 1)[1]
    assert "plan.yaml (7 actions: 3 done, 2 in progress, 1 not started, 1 dropped)" in steps
    access = steps.split("Give every link worker their own login", 1)[1][:500]
    assert "Owner: Sam Okafor, PCN digital lead · due 31 January 2026 Done" in access
    assert (
        "“What access do link workers have to the clinical record?”: 40 → 80, ◆ Changed" in access
    )
    assert (
        "Not comparable: “Link workers can read and write in the practice's clinical record…” "
        "(replaced by a different question)" in access
    )
    dropped = steps.split("Add the link worker to practice and multidisciplinary", 1)[1][:400]
    assert "Dropped Replaced by the monthly PCN huddle" in dropped


def test_the_summary_names_the_biggest_changes(progress_pdf: Path) -> None:
    pages = [flat(p) for p in pdf_text(progress_pdf)]
    summary = _between(pages, "Summary: where you are and what to do next Readiness", PROGRESS)
    headline = summary.split("Since the baseline of 1 October 2025", 1)[1]
    assert headline.startswith(" No framework or domain score changed clearly since 1 October 2025")
    # The three biggest clear changes among the questions, largest first.
    # DC7 is +40 now the review verified its record access (rule 17).
    # Each named in words, never by code.
    first, second, third = (
        headline.index("“Link workers have a bookable private room"),
        headline.index("“What access do link workers have to the clinical record"),
        headline.index("“Link workers have the equipment"),
    )
    assert first < second < third
    assert "changed: 0 then, 50 now (+50)." in headline  # a fact: changed, not improved
    assert "improved: 29 then, 67 now (+38)." in headline
    # Respondents still disagree on DC7, but the reviewer settled it: the gate now passes.
    assert (
        "Essential conditions now passed: “What access do link workers have to the clinical "
        "record?”." in headline
    )
    assert "Adopted after the baseline, 7 actions: 3 done, 2 in progress" in headline


def test_the_short_report_with_a_baseline_fits_four_pages(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "summary.pdf"
    result = run_cli("report", RIVERSIDE, "--baseline", RIVERSIDE_BASELINE, "--summary", "-o", out)
    assert result.exit_code == 0, result.output
    pages = [flat(p) for p in pdf_text(out)]
    assert len(pages) <= 4
    text = " ".join(pages)
    assert "Since the baseline of 1 October 2025" in text
    assert "Progress since 1 October 2025" not in text  # no section to point to


def test_the_same_inputs_give_the_same_bytes(progress_pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    api.write_report(RIVERSIDE, again, baseline=RIVERSIDE_BASELINE)
    assert again.read_bytes() == progress_pdf.read_bytes()


def _adopt_everything(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8").replace(
        "    adopted: false\n    owner:\n    due:\n",
        "    adopted: true\n    owner: A. Lead\n    due: 2027-03-31\n",
    )
    plan.write_text(text, encoding="utf-8")


def test_a_plan_carried_forward_is_the_one_reported_and_the_summary_still_fits(
    tmp_path: Path, run_cli: RunCli
) -> None:
    follow_up = tmp_path / "riverside-2026"
    shutil.copytree(RIVERSIDE, follow_up)
    plan = follow_up / "plan.yaml"
    shutil.copy(RIVERSIDE_BASELINE / "plan.yaml", plan)  # carried forward...
    api.write_plan(follow_up)  # ...with what the follow-up newly raises added
    _adopt_everything(plan)
    carried = api.load_site_plan(api.score(follow_up))
    assert carried is not None
    adopted = len(carried.adopted)
    assert adopted > 12
    out = tmp_path / "summary.pdf"
    result = run_cli("report", follow_up, "--baseline", RIVERSIDE_BASELINE, "--summary", "-o", out)
    assert result.exit_code == 0, result.output
    pages = [flat(p) for p in pdf_text(out)]
    assert len(pages) <= 4
    text = " ".join(pages)
    # A follow-up's summary leads with what to do now: at most three of the adopted actions
    # (overdue first), then the count of those it leaves out.
    assert "What to do now" in text
    assert re.search(r"\d+ more adopted actions are open\.", text)
    assert "The full, prioritised plan is in the full report." in text
    assert f"Adopted after the baseline, {adopted} actions:" in text  # the carried-forward plan
    assert "in the action plan" not in text and "in the progress section" not in text


def test_the_follow_up_leads_with_what_to_do_now(progress_pdf: Path) -> None:
    """Issue 20: overdue adopted actions first (due before the follow-up's date, 1 October
    2026, and not done or dropped), then new priorities, then adopted actions still open;
    done and dropped ones are a short record."""
    summary = " ".join(
        p for p in (flat(page) for page in pdf_text(progress_pdf)) if "Summary: where you are" in p
    )
    now = summary.split("What to do now", 1)[1]
    assert now.index("Overdue") < now.index("Done or dropped:")
    overdue = now.split("Overdue", 1)[1].split("Done or dropped:", 1)[0]
    assert "due 31 March 2026" in overdue and "due 31 December 2025" in overdue
    assert "Done or dropped:" in now and "(done)" in now and "(dropped:" in now
    assert "The actions the site has adopted" not in summary
