"""The PDF report as a reader, an auditor and an attacker see it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from readiness.api import score, write_report
from readiness.report.wording import disagreement_reason
from readiness.version import __version__
from readiness.vocabulary import TIMEFRAMES, role_label

from ..helpers import (
    DATA,
    OAKFIELD,
    RIVERSIDE,
    assert_golden,
    flat,
    pdf_catalog,
    pdf_info,
    pdf_text,
)

PRIVACY = DATA / "assessments" / "privacy"
PRIVACY_FRAMEWORKS = DATA / "frameworks" / "privacy"


@pytest.fixture(scope="module")
def oakfield(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("oak") / "oakfield.pdf"
    write_report(OAKFIELD, out, html_output=out.with_suffix(".html"))
    return out


@pytest.fixture(scope="module")
def riverside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("river") / "riverside.pdf"
    write_report(RIVERSIDE, out)
    return out


def test_cover_shows_the_site(oakfield: Path) -> None:
    cover = flat(pdf_text(oakfield)[0])
    for text in (
        "SOCIAL PRESCRIBING READINESS REPORT",
        "Oakfield Surgery",
        "GP practice",
        "ODS code Z99001",
        "2 November 2026",
        "Practice manager 1",
        "Link worker 1",
        "five-mechanisms 2.0.0",
        "delivery-conditions 2.0.0",
        f"readiness {__version__}",
    ):
        assert text in cover, text


def test_contents_lists_sections_with_page_numbers(oakfield: Path) -> None:
    # pdftotext -layout keeps each title and its right-aligned page number on one line.
    contents = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(oakfield), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    total = len(pdf_text(oakfield))
    assert "\nContents\n" in contents
    numbers = []
    for line in (
        "Summary: where you are and what to do next",
        "Five mechanisms for social prescribing",
        "Conditions for good delivery (link-worker operations)",
        "Action plan",
        "How the scores were worked out, and sources",
    ):
        match = re.search(re.escape(line) + r"[ .]*(\d+)\s*$", contents, flags=re.M)
        assert match, line
        numbers.append(int(match.group(1)))
    assert numbers == sorted(numbers) and numbers[0] == 2 and numbers[-1] <= total


def test_summary_states_bands_and_insufficient_data(oakfield: Path) -> None:
    summary = flat(" ".join(pdf_text(oakfield)[1:3]))
    assert "Summary: where you are and what to do next" in summary
    assert "Five mechanisms for social prescribing" in summary
    # five-mechanisms 53.9 (SC2 a contested fact at "no"), band Emerging
    assert "54" in summary and "Emerging" in summary
    # delivery-conditions 74.3 (DC27 a contested fact at "no"), band Sound
    assert "74" in summary and "Sound" in summary
    assert "Where to start: the first quarter" in summary
    text = flat(" ".join(pdf_text(oakfield)))
    assert "insufficient data" in text.lower()  # three delivery-conditions domains


def test_items_nobody_was_asked_are_listed_with_who_to_ask(oakfield: Path) -> None:
    text = flat(" ".join(pdf_text(oakfield)))
    assert "Not asked of anyone who answered" in text
    # Clients' items read with the site's name for the service (site.yaml service_name).
    assert (
        "Before I first met Wellbeing Advisers, I knew why I was going. SD5 "
        "(Service user (client))" in text
    )


def test_page_furniture(oakfield: Path) -> None:
    pages = pdf_text(oakfield)
    total = len(pages)
    assert f"Page 2 of {total}" in pages[1]
    assert f"Page {total} of {total}" in pages[-1]
    assert "Oakfield Surgery" in pages[3]  # running header


@pytest.mark.slow
def test_action_plan_and_method(riverside: Path) -> None:
    result = score(RIVERSIDE)
    pages = [flat(p) for p in pdf_text(riverside)]
    # The plan's pages: its first, and those that carry its running header.
    # Sections follow one another, so its first page may end the section before it.
    plan = " ".join(
        p
        for p in pages
        if " Action plan Social prescribing readiness report " in p
        or "Action plan Every action below" in p
    )
    assert "Action plan Every action below" in plan
    plan = plan[plan.index("Action plan Every action below") :]
    first = result.actions[0]
    assert first.action.text in plan
    assert role_label(first.action.owner) in plan
    assert TIMEFRAMES[first.action.timeframe] in plan
    assert "Agree a caseload limit per full-time link worker" in plan
    assert "Link-worker manager or supervisor" in plan
    assert "PCN clinical director or PCN manager" in plan  # PCN-wide steps go to the PCN
    whole = " ".join(pages)
    method = whole[whole.index("How the scores were worked out, and sources From answers") :]
    assert "local conventions" in method
    assert "Who can be seen." in method and "each role group is one voice" in method
    # The rule the engine applies (scoring.engine.combine), as the README's rule 3 states it.
    assert "the plain mean of the role means" in method
    assert "r wg (James, Demaree and Wolf, 1984)" in method.replace("rwg", "r wg")
    for fw in result.frameworks:
        for citation in fw.framework.citations:
            assert citation.authors in method
    assert "Runacres, J. (2021)" in method
    assert "https://doi.org/10.1186/s12874-018-0591-x" in method.replace(" ", "")
    assert "Calderón-Larrañaga, S., Greenhalgh, T., Finer, S. and Clinch, M. (2024)" in method
    assert "https://doi.org/10.1016/j.socscimed.2024.116601" in method.replace(" ", "")
    text = " ".join(pages)
    assert "Not shown, to protect individuals" in text
    assert "I would recommend Community Connectors" in text
    # 3.0.0: FU1 ('to the end of this financial year') fails the funding gate, which passes
    # only at 12 months; NPT's resources statement is a flag beside the score, not a cap.
    # Items are named in words, their codes after them in small print.
    assert (
        "Essential condition failed: “How far ahead is funding for the link-worker posts "
        "agreed?” FU1 (50; passes at 75)" in text
    )
    assert "Flag: On balance, respondents disagree that there are enough resources" in text
    assert "First quarter: where to start" in plan and "Later" in plan
    assert "ERIC Access new funding" in plan
    assert "Effort medium Cost large" in plan
    gaps = [
        disagreement_reason(r)
        for fw in result.frameworks
        for d in fw.domains
        for r in d.agreement.reasons
        if r.kind == "role_gap"
    ]
    assert all(gap in text for gap in gaps)
    if any(i.gate_failed for fw in result.frameworks for i in fw.items):
        assert "Essential condition failed:" in text or "Capped:" in text


def test_a_small_site_report_protects_small_groups(tmp_path: Path) -> None:
    out = tmp_path / "privacy.pdf"
    write_report(PRIVACY, out, frameworks_dirs=[PRIVACY_FRAMEWORKS])
    pages = [flat(p) for p in pdf_text(out)]
    text = " ".join(pages)
    assert "Response rate 38% of those invited" in pages[0]
    # The client's items: no score, no band, no role view.
    assert "Client statement one. C1 – Too few people to show 1 –" in text
    assert (
        "Not shown, to protect individuals: GP (3; hidden so that a smaller group cannot be "
        "worked out); Reception or care-navigation staff (1; fewer than 3 people)."
    ) in text
    # Comments: the receptionist's without their role; the client's without role or question.
    assert "“RECEPTION-COMMENT on the team” A respondent, on “Staff statement one.” T1" in text
    # C1 is asked only of the one client: a list of the framework's other comments would
    # give theirs away, so it is among the general comments, where anyone could have written it.
    assert "Other comments" not in text
    general = text.split("What else respondents said", 1)[1]
    assert "“CLIENT-COMMENT about my visit” A respondent" in general
    # No interval is printed: the lone receptionist answered the team's items, so the item's,
    # the domain's and the framework's intervals could show what they said (rule 4).
    assert not re.search(r"(53|67) ?\(\d+–\d+\)", text)
    assert re.search(r"40 ?\(40–40\)", text)  # the facts domain: facts are not private
    assert "The interval crosses a band boundary" not in text
    # Agreement compares only the link workers (the one role shown), who agree (r_wg(J) 0.91).
    assert "Medium Parts of the framework could not be scored; a low response rate." in text
    assert "low agreement" not in text.split("How the scores were worked out")[0]


def test_pdf_is_tagged_titled_and_in_english(oakfield: Path) -> None:
    reader = pypdf.PdfReader(oakfield)
    root = pdf_catalog(reader)
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    title = "Social prescribing readiness report: Oakfield Surgery, 2 November 2026"
    assert pdf_info(reader).title == title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_chart_has_alt_text(oakfield: Path) -> None:
    reader = pypdf.PdfReader(oakfield)
    alts = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(pdf_catalog(reader)["/StructTreeRoot"])
    assert any(alt.startswith("Radar chart of domain scores out of 100.") for alt in alts), alts


@pytest.mark.slow
def test_same_input_gives_identical_bytes(oakfield: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [sys.executable, "-m", "readiness", "report", str(OAKFIELD), "-o", str(again)],
        check=True,
        env=env,
        capture_output=True,
    )
    assert again.read_bytes() == oakfield.read_bytes()
    info = pdf_info(pypdf.PdfReader(again))
    assert info["/CreationDate"].startswith("D:20261102")


def test_golden_text(oakfield: Path) -> None:
    """Catches layout drift (for example a new WeasyPrint)."""
    assert_golden("oakfield-report.txt", "\f".join(pdf_text(oakfield)))


def test_html_is_written_too(oakfield: Path) -> None:
    html = oakfield.with_suffix(".html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html


HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>@import url(file:///etc/passwd);</style>",
    '<a rel="attachment" href="../../../../etc/hostname">x</a>',
    "{{ report.site_name }} {% raw %}",
]


def test_respondent_text_is_data_never_markup(tmp_path: Path) -> None:
    comments = "\n".join(f"        SD{n + 1}: {value!r}" for n, value in enumerate(HOSTILE))
    assessment = tmp_path / "hostile.yaml"
    assessment.write_text(
        "site: {name: '<b>Evil</b> & Co', kind: practice, assessed_on: 2026-10-01,\n"
        "       frameworks: [five-mechanisms@2.0.0]}\n"
        "respondents:\n  - id: r1\n    role: gp\n    answers:\n"
        "      five-mechanisms: {SD1: agree, SD2: agree, SD4: agree, BI1: agree}\n"
        "    comments:\n      five-mechanisms:\n" + comments + "\n"
    )
    out = tmp_path / "hostile.pdf"
    write_report(assessment, out, html_output=tmp_path / "hostile.html")
    reader = pypdf.PdfReader(out)
    assert reader.attachments == {}
    assert all(not page.images for page in reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "<b>Evil</b> & Co" in text
    assert '<img src="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text
    html = (tmp_path / "hostile.html").read_text()
    assert "&lt;img src=" in html and "<img src=" not in html


def test_general_comments_are_shown_by_role_like_item_comments(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(PRIVACY, site)
    with (site / "respondents" / "gp1.yaml").open("a") as handle:
        handle.write('general_comment: "GENERAL from a GP"\n')
    with (site / "respondents" / "client1.yaml").open("a") as handle:
        handle.write('general_comment: "GENERAL from the client"\n')
    out = tmp_path / "report.pdf"
    write_report(site, out, frameworks_dirs=[PRIVACY_FRAMEWORKS])
    text = flat(" ".join(pdf_text(out)))
    section = text.split("What else respondents said Comments not about", 1)[1]
    # One client, so no role; and then no role for the GP either (three GPs answered), or
    # the one comment left unnamed would be known as the client's. By their text, whatever
    # order people are listed in.
    assert "“GENERAL from the client” A respondent" in section
    assert "“GENERAL from a GP” A respondent" in section
    assert section.index("GENERAL from a GP") < section.index("GENERAL from the client")


UNKNOWN_GATE_FRAMEWORK = """\
id: unknown-gate
title: Unknown gate framework
version: "1.0.0"
description: An essential fact only a PCN lead knows, and two opinions.
attribution: Test.
citations:
  - {id: t1, authors: "Test, T.", year: 2020, title: "Test", url: "https://example.org"}
scoring: {min_coverage: 0.5, action_threshold: 60, critical_threshold: 60, cap_band: low}
scales:
  - id: ypn
    label: Yes or no
    options:
      - {code: "yes", label: "Yes", value: 1}
      - {code: "no", label: "No", value: 0}
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
      - {id: O1, text: How good is it?, scale: ten, source: {construct: Test, cite: t1},
         actions: [fix]}
      - {id: U1, text: Is there a safeguarding route?, scale: ypn, fact: true,
         critical: true, roles: [pcn_lead], unknown_caps: mid,
         source: {construct: Test, cite: t1}, actions: [fix]}
"""


def test_an_essential_fact_nobody_was_asked_caps_the_band_in_the_report(
    tmp_path: Path,
) -> None:
    """Three GPs answer; the essential fact U1 is asked only of a PCN lead, and there is
    none, so it is unknown and its `unknown_caps` holds the band at Mid (rule 8). The report
    says so, as `score` does (it once stopped with an internal error)."""
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    (frameworks / "unknown-gate-1.0.0.yaml").write_text(UNKNOWN_GATE_FRAMEWORK, encoding="utf-8")
    people = "".join(
        f"  - {{id: r{n}, role: gp, answers: {{unknown-gate: {{O1: 10}}}}}}\n" for n in (1, 2, 3)
    )
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {name: Gate Site, kind: practice, assessed_on: 2026-10-01}\n"
        f"respondents:\n{people}",
        encoding="utf-8",
    )
    (result,) = score(site, frameworks_dirs=[frameworks]).frameworks
    assert result.score == 100 and result.band is not None and result.band.id == "mid"
    out = tmp_path / "report.pdf"
    write_report(site, out, frameworks_dirs=[frameworks])
    text = flat(" ".join(pdf_text(out)))
    assert (
        "Until “Is there a safeguarding route?” U1 is known the band can be no higher than Mid"
        in (text)
    )


def _grey(hex_colour: str) -> float:
    """The grey a colour prints as (ITU-R BT.601 luma, as poppler's -gray uses)."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def test_band_fills_print_as_distinct_greys_darker_for_a_lower_band() -> None:
    from itertools import pairwise

    from readiness.resources import templates_dir
    from readiness.vocabulary import Colour

    css = (templates_dir() / "report.css").read_text(encoding="utf-8")
    for selector in (r"\.rag-{}", r"\.heat\.rag-{}"):
        greys = []
        for colour in Colour:  # lowest band first
            rule = re.search(
                "^" + selector.format(colour.value) + r" \{[^}]*background: (#[0-9a-f]{6})",
                css,
                re.MULTILINE,
            )
            assert rule, (selector, colour)
            greys.append(_grey(rule.group(1)))
        # Each band at least 15 grey levels lighter than the one below: told apart on paper.
        assert all(upper - lower >= 15 for lower, upper in pairwise(greys)), greys


def test_a_reason_for_not_applicable_is_given_in_words(riverside: Path) -> None:
    """The frameworks' reason ids (team_size) showed as codes beside the counts (helper-42)."""
    text = " ".join(flat(page) for page in pdf_text(riverside))
    assert "n/a (team size)" in text.replace("\xa0", " ")
    assert "team_size" not in text


def test_a_named_assessments_summary_does_not_claim_small_groups_are_hidden(
    tmp_path: Path,
) -> None:
    """Oakfield is named (two people): its summary said scores resting on fewer than three
    people are not shown, beside scores resting on two (helper-42)."""
    out = tmp_path / "summary.pdf"
    write_report(OAKFIELD, out, summary=True)
    text = " ".join(flat(page) for page in pdf_text(out))
    assert "the assessment is not anonymous, so scores are shown however few people" in text
    assert "people's opinions are not shown" not in text


def test_a_reviewers_note_keeps_its_lines_in_the_report(tmp_path: Path) -> None:
    """helper-66 2: a reviewer's note kept its line breaks in review.yaml, JSON and the
    checklist, and lost them in the report; it keeps them there too, as comments do."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    review = (site / "review.yaml").read_text(encoding="utf-8")
    one_line = "      note: Says who the service is for, what link workers do and how to refer.\n"
    assert one_line in review
    (site / "review.yaml").write_text(
        review.replace(one_line, '      note: "Seen on the wall\\nand in the staff handbook"\n'),
        encoding="utf-8",
    )
    out = tmp_path / "r.pdf"
    write_report(site, out)
    assert "\nNote: Seen on the wall\nand in the staff handbook\n" in "\n".join(pdf_text(out))
