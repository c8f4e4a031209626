"""What the report says was checked (issue 18), read from the PDF's text: the bundled
follow-up's review (examples/riverside-pcn/review.yaml) and a self-assessment beside it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from readiness.api import write_report

from ..helpers import OAKFIELD, RIVERSIDE, RIVERSIDE_BASELINE, flat, needs, pdf_text

STATEMENT = (
    "Reviewed by Sam Patel (Northgate Service Improvement) on 2026-10-13 and 2026-10-14: "
    "5 of 40 facts verified, 1 of them contradicted, 17 still contested, 1 with expired evidence"
)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("reviewed") / "report.pdf"
    write_report(RIVERSIDE, out, baseline=RIVERSIDE_BASELINE)
    return [flat(page) for page in pdf_text(out)]


@pytest.fixture(scope="module")
def reviewed_summary(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled follow-up's summary, with one more verified fact: the caseload return
    shows 420 new clients a year per link worker, where respondents said 255 and 260."""
    folder = tmp_path_factory.mktemp("reviewed") / "site"
    shutil.copytree(RIVERSIDE, folder)
    review = folder / "review.yaml"
    review.write_text(
        review.read_text().replace(
            "    DC6:\n",
            "    DC1:\n      verified: 420\n      evidence:\n"
            "        - {title: Caseload return, reference: September 2026, seen: 2026-10-14}\n"
            "    DC6:\n",
            1,
        )
    )
    out = folder.parent / "summary.pdf"
    write_report(folder, out, summary=True)
    return [flat(page) for page in pdf_text(out)]


def test_the_cover_and_summary_state_who_reviewed_what(reviewed: list[str]) -> None:
    cover = reviewed[0]
    assert f"Assurance {STATEMENT}. Signed off by Dr Amara Okoye, PCN clinical director" in cover
    summary = next(p for p in reviewed if p.startswith("Summary: where you are"))
    assert f"What these scores rest on. {STATEMENT}." in summary


def test_the_summary_shows_both_bands_where_they_differ(reviewed_summary: list[str]) -> None:
    text = " ".join(reviewed_summary)
    assert "6 of 40 facts verified, 2 of them contradicted" in text
    # Delivery conditions: 41 (Fragile) from respondents alone; with the verified caseload
    # (420 scores 15, and fails its gate) 39.6, At risk of drift (rule 17); the other three
    # frameworks keep their band.
    assert "As reported: 41, Fragile, from respondents' answers alone" in text
    assert text.count("As reported:") == 1


def test_facts_and_evidence_lists_contradicted_then_contested_then_verified(
    reviewed: list[str],
) -> None:
    whole = " ".join(reviewed)
    start = whole.index("Facts and evidence Reviewed by")
    text = whole[start : whole.index("Action plan", start)]
    contradicted = text.index("Every link worker has completed an induction")
    contested = text.index("Link workers have a bookable private room")
    settled = text.index("What access do link workers have to the clinical record?")
    expired = text.index("People can use the service fully without going online")
    opinion = text.index("I could explain to a patient in one or two sentences")
    assert contradicted < contested < settled < expired < opinion
    assert "CONTRADICTED Partly · counts as 50" in text
    assert "VERIFIED (SETTLED) Level 4: read and write at some practices · counts as 80" in text
    assert "valid to 30 September 2027; copy: safeguarding-route-summary.txt" in text
    assert "Verified as Yes, but not counted: every piece of its evidence had expired" in text
    assert "expired 30 September 2026" in text
    assert "Evidence partly supports it" in text
    assert "An opinion: its score is unchanged." in text
    assert "15 other facts rest on respondents' answers alone" in text


def test_progress_names_facts_checked_since_the_baseline(reviewed: list[str]) -> None:
    text = " ".join(reviewed)
    assert "Facts checked since the baseline" in text
    # Named in words (cut at a word when long), never by code; "link-worker" may break
    # across a line.
    framework = r" \(Conditions for good delivery \(link-? ?worker operations\)\): "
    assert re.search(
        "“Every link worker has completed an induction to the practices they…”"
        + framework
        + "newly contradicted by the review",
        text,
    )
    assert re.search(
        "“What access do link workers have to the clinical record\\?”"
        + framework
        + "newly verified",
        text,
    )


def test_a_self_assessment_never_claims_more(tmp_path: Path) -> None:
    out = tmp_path / "oakfield.pdf"
    write_report(OAKFIELD, out)
    pages = [flat(page) for page in pdf_text(out)]
    assert "Assurance Self-assessment, not independently verified." in pages[0]
    text = " ".join(pages)
    assert (
        "What these scores rest on. Self-assessment, not independently verified: the scores "
        "rest on what respondents said, and nobody has checked them against evidence." in text
    )
    assert "Reviewed by" not in text and "Verified" not in text.replace("not independently", "")


@needs("pdftotext")
def test_a_long_reference_and_note_wrap_inside_the_page(tmp_path: Path) -> None:
    """A SharePoint address and a note with no spaces ran off the page's edge: the text a
    reader sees (poppler crops to the page) lost the end of the address and most of the
    note (helper-41). Every character is on the page."""
    import subprocess

    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    address = (
        "https://nhsengland.sharepoint.com/sites/RiversidePCN/Shared%20Documents/Policies/"
        "Room_Booking_Register_2026-10_FINAL_signed.xlsx?csf=1&web=1&e=AbCdEf123"
    )
    review = folder / "review.yaml"
    review.write_text(
        review.read_text().replace(
            "  delivery-conditions:\n",
            "  delivery-conditions:\n    DC8:\n      verified: partly\n      evidence:\n"
            f"        - {{title: Room booking system, reference: '{address}', seen: 2026-10-13}}\n"
            f"      note: {'N' * 300}\n",
            1,
        )
    )
    out = tmp_path / "report.pdf"
    write_report(folder, out)
    seen = subprocess.run(
        ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    joined = re.sub(r"\s+", "", seen)
    assert "N" * 300 in joined
    assert address in joined


def test_a_gate_failed_on_a_reviewers_answer_says_so_in_the_summary(tmp_path: Path) -> None:
    """helper-66: the summary named a failed essential condition with its score alone; when
    that score is the reviewer's verified answer, and one no respondent who decides the fact
    gave, the reader is told so there, not only in the framework's table."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    review = folder / "review.yaml"
    checked = "      evidence:\n        - {title: Workforce plan, seen: 2026-10-13}\n"
    for answer, said in (
        ("L1", "the reviewer's verified answer, which no respondent who decides it gave"),
        ("L2", "verified by the reviewer"),
    ):
        review.write_text(
            (RIVERSIDE / "review.yaml")
            .read_text()
            .replace("    SD3:\n", f"    FU1:\n      verified: {answer}\n{checked}    SD3:\n", 1)
        )
        out = tmp_path / f"{answer}.pdf"
        write_report(folder, out, summary=True)
        text = flat(" ".join(pdf_text(out)))
        assert f"FU1 ({25 if answer == 'L1' else 50}, {said}; passes at" in text, text[:3000]


def test_role_views_beside_a_settled_fact_say_why_the_score_can_sit_below_them(
    reviewed: list[str],
) -> None:
    """helper-70: "A supportive context 39.6" beside role views of 50, 75, 62 and 100 read
    as wrong arithmetic: a disputed fact counts at its least favourable answer in the score,
    while each role's view averages its own answers. The report says so where they meet."""
    text = " ".join(reviewed)
    said = "Each role's view averages its own people's answers; in the domain's score a fact"
    assert said in text
    assert text.count(said) < sum(page.count("By role") for page in reviewed)
