"""The summary for commissioners keeps its promise of at most four pages for the worst input
site.yaml, plan.yaml and review.yaml accept: the longest site name, every bundled framework,
the most adopted actions with the longest texts and owners, the longest reviewer's and
signatory's names and many visits, with and without a baseline."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from readiness import api
from readiness.assessment.format import ATTESTATION, REVIEWER, SITE
from readiness.assessment.plan import PLANNED
from readiness.report.context import SUMMARY_ADOPTED
from readiness.schema import Blankable, Text

from ..helpers import RIVERSIDE, RIVERSIDE_BASELINE, flat, pdf_text


def _max_length(kind: object) -> int:
    kind = kind.of if isinstance(kind, Blankable) else kind
    assert isinstance(kind, Text)
    return kind.max_length


NAME_LIMIT = _max_length(next(f for f in SITE.fields if f.name == "name").kind)
TEXT_LIMIT = _max_length(next(f for f in PLANNED.fields if f.name == "text").kind)
OWNER_LIMIT = _max_length(next(f for f in PLANNED.fields if f.name == "owner").kind)
PERSON_LIMIT = max(
    _max_length(f.kind)
    for f in (*REVIEWER.fields, *ATTESTATION.fields)
    if f.name in ("name", "organisation", "role")
)
WORDS = "Riverside, Hillside and Meadowbank Community Wellbeing Partnership Service "
NAMES = {
    "long words": (WORDS * 10)[: NAME_LIMIT - 1].strip().ljust(NAME_LIMIT, "x"),
    "one long word of wide letters": "W" * NAME_LIMIT,
}


def _renamed(source: Path, folder: Path, name: str) -> Path:
    shutil.copytree(source, folder)
    site_yaml = folder / "site.yaml"
    text = site_yaml.read_text()
    site_yaml.write_text(text.replace("name: Riverside Primary Care Network", f"name: {name}"))
    return folder


def _longest_review(site: Path) -> None:
    """The bundled review with every name at its longest and a visit a week for a year."""
    review = site / "review.yaml"
    wide = "W" * PERSON_LIMIT
    visits = ", ".join(f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 8, 15, 22))
    review.write_text(
        review.read_text()
        .replace("name: Sam Patel", f"name: {wide}")
        .replace("organisation: Northgate Service Improvement", f"organisation: {wide}")
        .replace("name: Dr Amara Okoye", f"name: {wide}")
        .replace("role: PCN clinical director", f"role: {wide}")
        .replace("visits: [2026-10-13, 2026-10-14]", f"visits: [{visits}]")
        # Signed off after the last visit, as a sign-off must be.
        .replace("date: 2026-10-20", "date: 2026-12-23")
    )


def _adopt_everything(assessment: Path) -> None:
    """A plan adopting every raised action, and more of the site's own with the longest text
    and owner allowed, listed first, so that the summary shows the longest ones."""
    api.write_plan(assessment)
    plan = assessment / "plan.yaml"
    owner = ("Deputy Practice Manager and Link Worker Lead " * 10)[:OWNER_LIMIT]
    head, _, raised = plan.read_text().partition("actions:\n")
    # The blanks carry the suggested owner and date as comments; the site's values replace them.
    raised = re.sub(r"owner:(  # [^\n]*)?\n", f"owner: {owner}\n", raised)
    raised = re.sub(r"due:(  # [^\n]*)?\n", "due: 2026-03-31\n", raised)
    raised = raised.replace("adopted: false", "adopted: true")
    text = ("Agree a local protocol for shared records, supervision and safeguarding " * 60)[
        :TEXT_LIMIT
    ]
    own = "".join(
        f"  - id: local-{n}\n    text: {text}\n    adopted: true\n    owner: {owner}\n"
        "    due: 2026-06-30\n    status: not_started\n"
        for n in range(SUMMARY_ADOPTED + 2)
    )
    plan.write_text(head + "actions:\n" + own + raised)


@pytest.mark.parametrize("baseline", [False, True], ids=["alone", "with a baseline"])
@pytest.mark.parametrize("name", list(NAMES))
def test_the_summary_fits_four_pages_for_the_worst_accepted_input(
    tmp_path: Path, name: str, baseline: bool
) -> None:
    site = _renamed(RIVERSIDE, tmp_path / "site", NAMES[name])
    _longest_review(site)
    before = _renamed(RIVERSIDE_BASELINE, tmp_path / "before", NAMES[name])
    _adopt_everything(before if baseline else site)
    out = tmp_path / "summary.pdf"
    written = api.write_report(site, out, summary=True, baseline=before if baseline else None)
    assert written.plan is not None and len(written.plan.adopted) > SUMMARY_ADOPTED
    assert len(pypdf.PdfReader(out).pages) <= 4
    pages = [flat(p) for p in pdf_text(out)]
    assert "Summary: where you are and what to do next" in pages[1]  # the cover is one page
    assert "Every domain at a glance" in pages[-1]
    assert "The full, prioritised plan is in the full report" in " ".join(pages)


def _wide_framework(folder: Path, domains: int) -> None:
    """A framework of a site's own with `domains` domains of three questions each."""
    lines = [
        "id: wide",
        "title: A locally adapted framework with a long title that runs over the line",
        'version: "1.0.0"',
        "description: Many domains.",
        "attribution: A local team.",
        "citations:",
        '  - {id: c1, authors: A Team, year: 2020, title: Notes, url: "https://example.org"}',
        "scales:",
        "  - id: ag",
        "    label: agreement",
        "    options:",
        '      - {code: "agree", label: "Agree", value: 1}',
        '      - {code: "disagree", label: "Disagree", value: 0}',
        "bands:",
        "  - {id: low, label: Low, min: 0, colour: red}",
        "  - {id: high, label: High, min: 50, colour: green}",
        "domains:",
    ]
    for d in range(domains):
        lines += [
            f"  - id: d{d}",
            f'    title: "Domain {d}, with a deliberately long title that fills its line"',
            "    description: x",
            "    items:",
            *(
                f"      - {{id: I{d}x{i}, text: Question {d}.{i}, scale: ag, "
                "roles: [gp, link_worker, practice_manager]}"
                for i in range(3)
            ),
        ]
    folder.mkdir()
    (folder / "wide-1.0.0.yaml").write_text("\n".join(lines) + "\n")


def test_the_summary_keeps_to_four_pages_with_frameworks_of_a_sites_own(tmp_path: Path) -> None:
    """A framework of 40 domains beside the four bundled ones, with the longest name: the
    heat strip leaves out the last frameworks' domains (and, if that is not enough, the
    tables the last frameworks), saying which, so the summary keeps to four pages. The full
    report keeps everything."""
    frameworks = tmp_path / "frameworks"
    _wide_framework(frameworks, 40)
    answers = ", ".join(
        f"I{d}x{i}: {'agree' if (d + i) % 3 else 'disagree'}" for d in range(40) for i in range(3)
    )
    people = "".join(
        f"  - {{id: r{n}, role: {role}, answers: {{wide: {{{answers}}}}}}}\n"
        for n, role in enumerate(["gp", "link_worker", "practice_manager"] * 3)
    )
    site = tmp_path / "site.yaml"
    site.write_text(
        f'site: {{name: "{NAMES["one long word of wide letters"]}", kind: practice, '
        "assessed_on: 2026-11-01, frameworks: [wide, five-mechanisms, npt, rainbow, "
        f"delivery-conditions]}}\nrespondents:\n{people}"
    )
    out = tmp_path / "summary.pdf"
    api.write_report(site, out, summary=True, frameworks_dirs=[frameworks])
    pages = pdf_text(out)
    assert len(pages) <= 4
    text = flat(" ".join(pages))
    assert "Left out here to keep to four pages: the domains of" in text
    assert "Conditions for good delivery (link-worker operations) (–, Insufficient data)" in text
    assert "A locally adapted framework with a long title" in text
    many = tmp_path / "many"
    many.mkdir()
    for n in range(30):
        source = (frameworks / "wide-1.0.0.yaml").read_text()
        (many / f"wide{n}-1.0.0.yaml").write_text(source.replace("id: wide", f"id: wide{n}", 1))
    listed = ", ".join(f"wide{n}" for n in range(30))
    site.write_text(
        site.read_text()
        .replace(
            "frameworks: [wide, five-mechanisms, npt, rainbow, delivery-conditions]",
            f"frameworks: [{listed}]",
        )
        .replace("answers: {wide: ", "answers: {wide0: ")
    )
    api.write_report(site, out, summary=True, frameworks_dirs=[many])
    pages = pdf_text(out)
    assert len(pages) <= 4
    assert "Left out to keep to four pages:" in flat(" ".join(pages))


def test_the_heat_strip_follows_the_summary_when_it_fits_and_is_never_split(
    tmp_path: Path,
) -> None:
    """helper-47: the strip always opened a page, so a summary ending just past a page left
    that page holding one table ("How far to trust these scores") and little else. It now
    follows on the same page when it fits whole, and otherwise opens the next page whole:
    every framework's strip on the page of its heading."""
    for name, assessment, baseline in (
        ("followed", RIVERSIDE, RIVERSIDE_BASELINE),  # the summary ends early on its page
        ("own-page", RIVERSIDE, None),  # the actions run on: the strip takes the next page
    ):
        out = tmp_path / f"{name}.pdf"
        api.write_report(assessment, out, summary=True, baseline=baseline)
        pages = [flat(p) for p in pdf_text(out)]
        (strip,) = [n for n, p in enumerate(pages) if "Every domain at a glance Each box" in p]
        trust = next(n for n, p in enumerate(pages) if "How far to trust these scores" in p)
        assert strip == (trust if name == "followed" else trust + 1), name
        assert "How these numbers were made" in pages[strip], name
        # The strip may share its page with the trust table: no "previous page" for it.
        assert "previous page" not in pages[strip], name
        assert all(
            f"Domain {n}" not in page for page in pages[strip + 1 :] for n in range(1, 10)
        ), name
