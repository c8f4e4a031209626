"""`readiness report --baseline`: the progress section, read from the PDF's text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from readiness import api
from readiness.report.progress_view import build_progress
from readiness.report.wording import half_up
from readiness.scoring.progress import Uncalled

from ..helpers import (
    RIVERSIDE,
    RIVERSIDE_BASELINE,
    RunCli,
    flat,
    needs,
    pdf_catalog,
    pdf_text,
)

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
    rows = withheld = unlike = 0
    for fp in since.frameworks:
        assert fp.current_framework.title in text
        for change in fp.domains:
            assert change.baseline is not None and change.current is not None
            title = next(d.title for d in fp.current_framework.domains if d.id == change.id)
            row = text.split(title, 1)[1][:160]
            if change.uncalled == Uncalled.ROLES_DIFFER:
                # Other roles answered its questions then: the baseline's score is not set
                # beside the follow-up's (rule 16).
                assert (
                    row.startswith(f" – Not comparable {half_up(change.current)} ")
                    and "– Cannot tell: answered by other roles then" in row
                )
                assert half_up(change.baseline) not in row.split("Cannot tell")[0][:20]
                unlike += 1
                continue
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
    # Across 1.0.0 -> 3.0.0 only domains made of the same kept questions compare: NPT's
    # general questions and cognitive participation. A link-worker manager, a VCSE partner
    # and a PCN lead answered them for the first time, so neither is like with like.
    assert unlike == 2 and rows == 0
    # DC8 (a private room) and DC7 (record access) are facts that version 3.0.0 has link
    # workers alone decide; at the baseline practice managers decided them too. Neither is
    # called, though their values differ (0 then 50, 40 then 80).
    assert "private room in each practice they serve. DC8" not in text
    assert "◆ Changed" not in text.split("Questions not compared")[0]
    # So is its gate (rule 16's like with like): contested at 40 then, from other roles,
    # verified at L4 (80) now; the baseline's 40 is not set beside it (helper-42: the table
    # said "Newly passed" where the item's own row said "cannot tell").
    assert "– 80 Cannot tell (answered by other roles then)" in text
    assert "Newly passed" not in text
    assert "(4 because other roles answered them then)" in text
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
    # Decided by other roles then (rule 16): the baseline's 40 is not set beside the 80.
    assert (
        "“What access do link workers have to the clinical record?”: – → 80, Cannot tell: "
        "answered by other roles then" in access
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
    # One clear change is like with like: the length of a first meeting, a fact the same
    # roles decided both times (a fact: changed, not improved). Link workers' answers differ
    # both times, so it says that one person's answer can make the change.
    assert headline.startswith(
        " “How long is a typical first meeting with a new client, in minutes?” changed: "
        "scored 33 then, 50 now (+17); answers differ at both dates, where it counts at the "
        "least favourable one, so one person's answer can make the change: check before "
        "relying on it."  # scores, not the minutes
    )
    # The rest rest on other people: IT5 (29 then, 67 now) was answered by link workers and
    # their manager then, by link workers alone now; CA2 (32 then, 48 now) moved only because
    # three people of new roles answered it. Neither is named as a change.
    assert "29 then, 67 now" not in headline and "32 then, 48 now" not in headline
    assert "Link workers have the equipment" not in headline
    # Both compared domains are NPT's, answered by new roles: the summary says why there is
    # no call, rather than that intervals overlapped.
    assert (
        "Neither of the two framework and domain scores with a baseline can be set against it: "
        "other roles answered their questions" in headline
    )
    assert "No framework or domain score changed clearly" not in headline
    # Respondents still disagree on DC7, and the reviewer settled it: the gate passes now,
    # but other roles decided it then, so it is not named as newly passed.
    assert "Essential conditions now passed" not in headline
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


def test_a_baseline_not_confirmed_as_this_site_is_named_in_the_report(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The names differ and the baseline gives no ODS code: used with a warning, and the
    document, which travels without the terminal, names the baseline's site too."""
    baseline = tmp_path / "baseline"
    shutil.copytree(RIVERSIDE_BASELINE, baseline)
    site = baseline / "site.yaml"
    text = site.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  name: .*$", "  name: Oakfield Practice", text)
    site.write_text(re.sub(r"(?m)^  ods_code: .*\n", "", text), encoding="utf-8")
    out = tmp_path / "summary.pdf"
    result = run_cli("report", RIVERSIDE, "--baseline", baseline, "--summary", "-o", out)
    assert result.exit_code == 0, result.output
    assert "the baseline is for 'Oakfield Practice'" in result.output
    pages = [flat(p) for p in pdf_text(out)]
    doubt = (
        "The baseline is recorded for Oakfield Practice, not Riverside Primary Care Network, "
        "and no ODS codes show they are one site"
    )
    assert doubt in pages[0].split("Compared with", 1)[1]  # on the cover
    since = " ".join(pages).split("Since the baseline of 1 October 2025", 1)[1]
    assert since.startswith(f" {doubt}")  # and first in the summary's account of change


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


GATED_FRAMEWORK = """\
id: gated
title: Gated framework
version: "1.0.0"
description: One essential fact and one opinion.
attribution: Test.
citations:
  - {id: t1, authors: "Test, T.", year: 2020, title: "Test", url: "https://example.org"}
scoring: {min_coverage: 0.5, action_threshold: 60, critical_threshold: 60, cap_band: low,
          min_role_group: 3}
scales:
  - {id: pct, label: Percent, type: numeric, unit: percent points, min: 0, max: 100,
     points: [{at: 0, score: 0}, {at: 100, score: 100}]}
  - {id: ten, label: 0 to 10, type: range, min: 0, max: 10}
bands:
  - {id: low, label: Low, min: 0, colour: red, meaning: "Low."}
  - {id: mid, label: Mid, min: 40, colour: amber, meaning: "Mid."}
  - {id: top, label: Top, min: 80, colour: green, meaning: "Top."}
actions:
  - {id: fix, text: Fix it., owner: practice_manager, timeframe: 0-3 months}
domains:
  - id: d1
    title: Domain one
    description: First.
    actions: [fix]
    items:
      - {id: N1, text: What percent?, scale: pct, fact: true, critical: true,
         source: {construct: Test, cite: t1}, actions: [fix]}
      - {id: O1, text: How good is it?, scale: ten, weight: 3,
         source: {construct: Test, cite: t1}, actions: [fix]}
"""


def _gated_site(
    folder: Path,
    assessed_on: str,
    n1: int,
    roles: tuple[str, ...] = ("practice_manager", "gp", "gp", "gp"),
    named: str = "",
) -> Path:
    """By default four people: a practice manager gives the essential fact N1 (a failed gate
    below 60) and everyone gives the opinion O1 its best answer, so the average alone is Top
    (the first of other `roles` gives N1); `named`: a self-assessment by that person, so
    every score is shown however few gave it."""
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        f"site:\n  name: Gated Site\n  ods_code: A11111\n  kind: practice\n"
        f"  assessed_on: {assessed_on}\n"
        + (f"  self_assessment: {{by: {named}}}\n" if named else ""),
        encoding="utf-8",
    )
    for n, role in enumerate(roles, 1):
        answers = f"    N1: {n1}\n    O1: 10\n" if n == 1 else "    O1: 10\n"
        (folder / "respondents" / f"r{n}.yaml").write_text(
            f"id: r{n}\nrole: {role}\nversions: {{gated: '1.0.0'}}\nanswers:\n  gated:\n{answers}",
            encoding="utf-8",
        )
    return folder


def test_the_progress_table_shows_each_side_s_band_after_its_gates(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Rule 8: a failed essential condition lowers a framework's band, and the progress table
    shows the band each side was given, not the one its average alone would reach."""
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    (frameworks / "gated-1.0.0.yaml").write_text(GATED_FRAMEWORK, encoding="utf-8")
    baseline = _gated_site(tmp_path / "baseline", "2025-10-01", 50)  # failed: (1×50 + 3×100)/4
    follow_up = _gated_site(tmp_path / "follow-up", "2026-10-01", 70)  # passed: 92.5
    out = tmp_path / "progress.pdf"
    result = run_cli(
        "report", follow_up, "--baseline", baseline, "--frameworks-dir", frameworks, "-o", out
    )
    assert result.exit_code == 0, result.output
    text = " ".join(flat(p) for p in pdf_text(out))
    row = text[text.index("The whole framework") :][:80]
    assert row.startswith("The whole framework 88 Low 93 Top"), row


def test_the_summary_says_why_no_change_was_called(tmp_path: Path) -> None:
    """Two people a side (a named self-assessment, so their scores are shown) are too few to
    call a change of opinion (rule 16): the summary says so, not that the intervals
    overlap."""
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    (frameworks / "gated-1.0.0.yaml").write_text(GATED_FRAMEWORK, encoding="utf-8")
    two = ("gp", "gp")
    baseline = _gated_site(tmp_path / "baseline", "2025-10-01", 50, two, "Jo Bloggs")
    follow_up = _gated_site(tmp_path / "follow-up", "2026-10-01", 70, two, "Jo Bloggs")
    since = api.progress(follow_up, baseline, frameworks_dirs=[frameworks])
    (compared,) = since.frameworks
    assert compared.overall is not None
    assert {c.uncalled for c in (compared.overall, *compared.domains)} == {Uncalled.FEW_PEOPLE}
    (headline, *_) = build_progress(since).headline
    assert headline == (
        "No framework or domain score changed clearly since 1 October 2025: where too few "
        "people answered on one side, no change can be called."
    )


def test_a_new_priority_keeps_a_place_however_many_actions_are_overdue(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Three overdue adopted actions filled the follow-up's three places, so an essential
    condition newly failed never reached the summary (helper-42): a new priority keeps one."""
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    spare = "".join(
        f"  - {{id: step{n}, text: Step {n}., owner: practice_manager, timeframe: 0-3 months}}\n"
        for n in (1, 2, 3)
    )
    (frameworks / "gated-1.0.0.yaml").write_text(
        GATED_FRAMEWORK.replace("domains:\n", spare + "domains:\n", 1).replace(
            "    actions: [fix]\n    items:", "    actions: [fix, step1, step2, step3]\n    items:"
        ),
        encoding="utf-8",
    )
    baseline = _gated_site(tmp_path / "baseline", "2025-10-01", 70)  # the gate passes
    follow_up = _gated_site(tmp_path / "follow-up", "2026-10-01", 50)  # and now fails
    adopted = "".join(
        f"  - {{id: step{n}, text: Step {n}., raised_on: 2025-10-01, adopted: true, "
        f"owner: Jo, due: 2026-0{n}-28, status: in_progress}}\n"
        for n in (1, 2, 3)
    )
    (baseline / "plan.yaml").write_text(
        f"format: readiness-plan/1\nsite: Gated Site\nactions:\n{adopted}", encoding="utf-8"
    )
    out = tmp_path / "summary.pdf"
    result = run_cli(
        "report",
        follow_up,
        "--baseline",
        baseline,
        "--frameworks-dir",
        frameworks,
        "--summary",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    now = " ".join(flat(p) for p in pdf_text(out)).split("What to do now", 1)[1]
    assert "New priorities since the baseline" in now and "Fix it." in now
    overdue = now.split("Overdue", 1)[1].split("New priorities", 1)[0]
    assert overdue.count("Step ") == 2


def _same_answers_a_year_later(folder: Path) -> tuple[Path, Path]:
    """(baseline, follow-up): the baseline example without its plan, and the same people's
    same answers dated a year later."""
    baseline = folder / "baseline"
    shutil.copytree(RIVERSIDE_BASELINE, baseline)
    (baseline / "plan.yaml").unlink()
    follow_up = folder / "follow-up"
    shutil.copytree(baseline, follow_up)
    site = follow_up / "site.yaml"
    site.write_text(site.read_text().replace("assessed_on: 2025-10-01", "assessed_on: 2026-10-01"))
    return baseline, follow_up


def test_a_fact_that_changed_never_reads_the_same_then_and_now(tmp_path: Path) -> None:
    """helper-47: one link worker's first meeting, 25 minutes at the baseline, 25.01 a year
    later. The fact changed (rule 16) and moved its scores by hundredths; rounded to whole
    numbers they read "33 then, 33 now (0)", beside "changed", in the table and the summary.
    Changed facts are printed with the decimals it takes to tell them apart."""
    baseline, follow_up = _same_answers_a_year_later(tmp_path)
    answers = follow_up / "respondents" / "r09-link-worker.yaml"
    answers.write_text(answers.read_text().replace("DC2: 25\n", "DC2: 25.01\n"))
    view = build_progress(api.progress(follow_up, baseline))
    changed = [
        c
        for fp in view.frameworks
        for c in (*([fp.overall] if fp.overall else []), *fp.domains, *fp.clear_items)
        if c.change == "changed"
    ]
    assert "DC2" in {c.id for c in changed}
    for c in changed:
        assert c.baseline.text != c.current.text, c
        assert c.difference not in ("", "0"), c
        # Never more decimals than it takes: the two read alike one place fewer.
        places = len(c.current.text.partition(".")[2])
        assert places > 0
        fewer = places - 1
        assert half_up(c.baseline.value or 0, fewer) == half_up(c.current.value or 0, fewer)
        # Its interval has as many decimals: a score never reads outside its own interval
        # ("5.30 (5–5)", helper-67).
        for side in (c.baseline, c.current):
            if side.interval_text:
                low, high = side.interval_text.split("–")
                assert len(low.partition(".")[2]) == places, side
                assert float(low) <= float(side.text) <= float(high), side
    assert any(side.interval_text for c in changed for side in (c.baseline, c.current))
    lines = [line for line in view.headline if " changed: " in line]
    assert lines and not [line for line in lines if line.endswith("(0).")], lines


def test_frameworks_scored_on_one_side_are_named_by_title(tmp_path: Path) -> None:
    """helper-47: a baseline scored on NPT alone, against a follow-up on all four. The notes
    said "nothing to compare: five-mechanisms, rainbow, delivery-conditions" and, for an
    adopted action raised by delivery conditions' DC1, "DC1 (its framework was not scored in
    both)", where every other line reads the frameworks' titles and the questions' words."""
    baseline = tmp_path / "baseline"
    shutil.copytree(RIVERSIDE_BASELINE, baseline)
    site = baseline / "site.yaml"
    text = site.read_text()
    whole = "frameworks: [five-mechanisms, npt, rainbow, delivery-conditions]"
    assert whole in text
    site.write_text(text.replace(whole, "frameworks: [npt]"))
    since = api.progress(RIVERSIDE, baseline)
    assert set(since.only_in_current) == {"five-mechanisms", "rainbow", "delivery-conditions"}
    view = build_progress(since)
    catalogue = api.load_frameworks()
    titles = [catalogue.get(f).title for f in since.only_in_current]  # type: ignore[union-attr]
    assert view.only_in_current == ", ".join(titles)
    untracked = "; ".join(s.untracked for s in view.steps if s.untracked)
    dc = catalogue.get("delivery-conditions", "1.0.0")
    assert dc is not None and "DC1" in dc.items
    assert f"({dc.title} was not scored in both)" in untracked
    assert "DC1 (" not in untracked and "its framework" not in untracked
    assert dc.items["DC1"].text[:30] in untracked


def _past_right_margin(pdf: Path) -> list[tuple[int, str]]:
    """(page, word) of every word that ends right of the running header's right edge."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    word = re.compile(r'xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<')
    past = []
    for number, page in enumerate(boxes.split("<page ")[1:], 1):
        words = [(float(y), float(x), text) for y, x, text in word.findall(page)]
        header = [x for y, x, _ in words if y < 40]
        if not header:  # the cover has no running header
            continue
        edge = max(header)  # the running header's right end
        past += [(number, text) for _, x, text in words if x > edge + 1]
    return past


@needs("pdftotext")
def test_the_progress_tables_stay_inside_the_margins(tmp_path: Path, run_cli: RunCli) -> None:
    """helper-47: with the same answers a year later every score is "No clear change" (in
    bold in the framework's row) and an essential condition failed both times is "Still
    below the threshold"; each ran about 7 mm into the right margin."""
    baseline, follow_up = _same_answers_a_year_later(tmp_path)
    out = tmp_path / "same.pdf"
    assert run_cli("report", follow_up, "--baseline", baseline, "-o", out).exit_code == 0
    text = flat(" ".join(pdf_text(out)))
    assert "No clear change" in text and "Still below the threshold" in text
    assert _past_right_margin(out) == []


def test_a_page_is_headed_by_the_section_it_opens_with(progress_pdf: Path) -> None:
    """helper-47: the page that ends the summary and begins the progress section mid-page was
    headed "Progress since …", and the page that ends the progress section and begins the
    first framework was headed by that framework. A running header names the section a reader
    is in at the top of the page; a section that opens a page names its own."""
    pages = [flat(p) for p in pdf_text(progress_pdf)]
    site = "Riverside Primary Care Network "
    summary = "Summary: where you are and what to do next"
    progress = "Progress since 1 October 2025"
    five = "Five mechanisms for social prescribing"
    for heading, title, before in (
        (PROGRESS, progress, summary),
        (FIRST_FRAMEWORK, five, progress),
    ):
        (opening,) = [n for n, page in enumerate(pages) if heading in page]
        page = pages[opening]
        if site + title + " " + heading in page:  # the section opens the page: it heads it
            continue
        assert site + before in page and site + title not in page, page[-300:]
    # A section opening a page names its own: the summary's first page.
    assert site + summary in pages[1]


def test_a_changed_fact_whose_answers_differ_says_one_answer_can_make_the_change() -> None:
    """helper-70: Riverside's first meeting was 30, 40 and 25 minutes at the baseline and 40,
    30 and 30 now. The fact counts at its least favourable answer, so one link worker's 25
    becoming 30 is the whole change "scored 33 then, 50 now", the only change on the summary
    page. It is a change of the fact as counted (rule 16), and is said to rest on differing
    answers, to be checked before it is relied on."""
    since = api.progress(RIVERSIDE, RIVERSIDE_BASELINE)
    dc2 = next(c for fp in since.frameworks for c in fp.items if c.id == "DC2" and c.change.value)
    assert dc2.contested and dc2.change.value == "changed"
    view = build_progress(since)
    (line,) = [line for line in view.headline if "first meeting" in line]
    assert line.endswith("one person's answer can make the change: check before relying on it.")
    labels = [c.label for fp in view.frameworks for c in fp.clear_items if c.id == "DC2"]
    assert labels == ["Changed (answers differ)"]
    agreed = [c for fp in since.frameworks for c in fp.items if c.fact and not c.contested]
    assert agreed  # a fact both sides agree on is not marked


def test_a_fact_disputed_only_at_the_baseline_says_so() -> None:
    """helper-71: two practice managers answered a fact yes and no at the baseline (0, the
    least favourable) and both yes now (100): "answers differ" read as if they still did."""
    from readiness.report.wording import contested_change, contested_label

    assert "answers differed at the baseline, where it counted" in contested_change(True, False)
    assert "answers differ now, where it counts" in contested_change(False, True)
    assert contested_label(True, False) == " (answers differed at the baseline)"
    assert contested_label(False, True) == contested_label(True, True) == " (answers differ)"
