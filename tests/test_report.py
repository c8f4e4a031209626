"""The PDF report as a reader, an auditor and an attacker see it."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from readiness import report_context
from readiness.commands.report import make_report
from readiness.errors import RenderError
from readiness.report import safe_fetcher, template_folders

from .conftest import DATA, REPO

OAKFIELD = REPO / "examples" / "oakfield-practice.yaml"
RIVERSIDE = REPO / "examples" / "riverside-pcn"
GOLDEN = DATA / "golden" / "oakfield-report.txt"


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    """Text as a reader takes it in, whatever the line breaks."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def oakfield(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("oak") / "oakfield.pdf"
    make_report(OAKFIELD, out, html_output=out.with_suffix(".html"))
    return out


@pytest.fixture(scope="module")
def riverside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("river") / "riverside.pdf"
    make_report(RIVERSIDE, out)
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
        "five-mechanisms 1.0.0",
        "delivery-conditions 1.0.0",
        "readiness 0.1.0",
    ):
        assert text in cover, text


def test_contents_lists_sections_with_page_numbers(oakfield: Path) -> None:
    # pdftotext -layout keeps each title and its right-aligned page number on one line.
    contents = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(oakfield), "-"],
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
    assert numbers == sorted(numbers) and numbers[0] == 3 and numbers[-1] <= total


def test_summary_states_bands_and_insufficient_data(oakfield: Path) -> None:
    summary = flat(pdf_text(oakfield)[2])
    assert "Summary: where you are and what to do next" in summary
    assert "Five mechanisms for social prescribing" in summary
    assert "58" in summary and "Emerging" in summary  # five-mechanisms 58.3, band Emerging
    assert "Not enough answers to score this framework" in summary  # delivery-conditions
    assert "The five most important actions" in summary


def test_items_nobody_was_asked_are_listed_with_who_to_ask(oakfield: Path) -> None:
    text = flat(" ".join(pdf_text(oakfield)))
    assert "Not asked of anyone who answered" in text
    assert (
        "SD5 Before my first meeting, I understood why I had been referred to the link "
        "worker. (Service user (client))" in text
    )


def test_page_furniture(oakfield: Path) -> None:
    pages = pdf_text(oakfield)
    total = len(pages)
    assert f"Page 2 of {total}" in pages[1]
    assert f"Page {total} of {total}" in pages[-1]
    assert "Oakfield Surgery" in pages[3]  # running header


def test_action_plan_and_method(riverside: Path) -> None:
    pages = [flat(p) for p in pdf_text(riverside)]
    plan = " ".join(p for p in pages if p.startswith("Action plan Every action below"))
    assert "Agree a caseload limit of about 250 new clients" in plan
    assert "Link-worker manager or supervisor" in plan
    assert "0–3 months" in plan
    method_start = next(
        n
        for n, p in enumerate(pages)
        if p.startswith("How the scores were worked out, and sources From")
    )
    method = " ".join(pages[method_start:])
    assert "local conventions" in method
    assert "Runacres, J. (2021)" in method
    assert "https://doi.org/10.1186/s12874-018-0591-x" in method.replace(" ", "")
    text = " ".join(pages)
    assert "Not shown, to protect individuals" in text
    assert "GP 86 vs Link worker 33" in text
    assert "Essential condition below 50" in text


def test_pdf_is_tagged_titled_and_in_english(oakfield: Path) -> None:
    reader = pypdf.PdfReader(oakfield)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Social prescribing readiness report: Oakfield Surgery"
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

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert any(alt.startswith("Radar chart of domain scores out of 100.") for alt in alts), alts


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
    info = pypdf.PdfReader(again).metadata
    assert info["/CreationDate"].startswith("D:20261102")


def test_golden_text(oakfield: Path) -> None:
    """Catches layout drift (for example a new WeasyPrint): regenerate deliberately with
    READINESS_UPDATE_GOLDEN=1 after reading the new pages."""
    text = "\f".join(pdf_text(oakfield))
    if os.environ.get("READINESS_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


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
        "site: {name: '<b>Evil</b> & Co', kind: practice, assessed_on: 2026-10-01}\n"
        "respondents:\n  - id: r1\n    role: gp\n    answers:\n"
        "      five-mechanisms: {SD1: agree, SD2: agree, SD4: agree, BI1: agree}\n"
        "    comments:\n      five-mechanisms:\n" + comments + "\n"
    )
    out = tmp_path / "hostile.pdf"
    make_report(assessment, out, html_output=tmp_path / "hostile.html")
    reader = pypdf.PdfReader(out)
    assert reader.attachments == {}
    assert all(not page.images for page in reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "<b>Evil</b> & Co" in text
    assert '<img src="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text
    html = (tmp_path / "hostile.html").read_text()
    assert "&lt;img src=" in html and "<img src=" not in html


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (8, 8), (11, 37, 64)).save(path)


def test_template_dir_overrides_and_cannot_leak(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    _png(tmp_path / "outside.png")
    templates = tmp_path / "brand"
    templates.mkdir()
    _png(templates / "logo.png")
    (templates / "leak.txt").symlink_to(secret)
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n'
        "{% block logo %}"
        '<img src="logo.png" alt="Our logo" class="logo">'
        '<img src="../outside.png" alt="outside">'
        '<img src="file:///etc/passwd" alt="x">'
        '<link rel="attachment" href="leak.txt">'
        '<link rel="attachment" href="file:///etc/hostname">'
        '<a rel="attachment" href="../secret.txt">s</a>'
        '<img src="http://127.0.0.1:9/tracker.png" alt="t">'
        "<style>@import url('../secret.txt'); @font-face { font-family: X; "
        "src: url(file:///usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf); }</style>"
        "<p>Branded by Example Consulting</p>"
        "{% endblock %}\n"
    )
    out = tmp_path / "branded.pdf"
    make_report(OAKFIELD, out, template_dir=templates)
    reader = pypdf.PdfReader(out)
    assert "Branded by Example Consulting" in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) == 1  # logo.png from the template folder, nothing else
    assert reader.attachments == {}
    assert b"TOP-SECRET-VALUE" not in out.read_bytes()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert fonts and not any("Serif" in name for name in fonts), fonts


def test_fetcher_serves_only_template_files(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    (root / "ok.css").write_text("p {}")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.css").symlink_to(tmp_path / "secret.txt")
    fetcher = safe_fetcher([root])
    assert fetcher.fetch((root / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (
        "file:///etc/passwd",
        (root / "link.css").as_uri(),
        root.as_uri() + "/../secret.txt",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "FILE:///etc/passwd",
        "file://otherhost/etc/passwd",
    ):
        with pytest.raises(ValueError, match="does not load"):
            fetcher.fetch(url)


def test_failed_render_leaves_no_pdf(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    templates = tmp_path / "broken-templates"
    templates.mkdir()
    (templates / "report.html").write_text("<html>{{ report.no_such_field }}</html>")
    out = tmp_path / "report.pdf"
    result = run_cli("report", OAKFIELD, "-o", out, "--template-dir", templates)
    assert result.exit_code == 1
    assert "report template error" in result.err and "no_such_field" in result.err
    assert not out.exists()
    assert list(tmp_path.glob(".report.pdf.*")) == []
    out.write_bytes(b"previous report")
    run_cli("report", OAKFIELD, "-o", out, "--template-dir", templates)
    assert out.read_bytes() == b"previous report"


def test_report_refuses_to_overwrite_its_input(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "site.yaml"
    copy.write_bytes(OAKFIELD.read_bytes())
    result = run_cli("report", copy, "-o", copy)
    assert result.exit_code == 1
    assert copy.read_bytes() == OAKFIELD.read_bytes()


def test_missing_template_dir_is_a_clear_error() -> None:
    with pytest.raises(RenderError, match="template folder not found"):
        template_folders(Path("/no/such/folder"))


def test_every_context_field_is_documented() -> None:
    classes = [getattr(report_context, name) for name in dir(report_context)]
    views = [
        c
        for c in classes
        if dataclasses.is_dataclass(c) and c.__module__ == report_context.__name__
    ]
    assert len(views) >= 8
    for view in views:
        for field in dataclasses.fields(view):
            assert field.metadata.get("doc"), f"{view.__name__}.{field.name} has no doc"


def test_strongest_and_weakest_never_overlap() -> None:
    from readiness.commands.score import score

    context = report_context.build_context(score(OAKFIELD))
    for fw in context.frameworks:
        strong = {d.id for d in fw.strongest}
        weak = {d.id for d in fw.weakest}
        assert not strong & weak
    delivery = context.frameworks[1]
    assert len(delivery.strongest) == 1  # three scored domains: one each way
