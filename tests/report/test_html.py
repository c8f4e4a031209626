"""The report as an accessible web page (`--format html`): the same document as the PDF,
self-contained, deterministic, structured for screen readers, and written like every output."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from readiness.api import write_report

from ..helpers import OAKFIELD, REPO, RIVERSIDE, RIVERSIDE_BASELINE, RunCli, flat, pdf_text


class Outline(HTMLParser):
    """What a screen reader's user navigates by: headings, landmarks, tables, and resources."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.landmarks: list[str] = []
        self.tables = 0
        self.captions = 0
        self.header_cells: list[str | None] = []
        self.resources: list[str] = []
        self.scripts = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag in ("main", "header", "nav"):
            self.landmarks.append(tag)
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th":
            self.header_cells.append(values.get("scope"))
        elif tag == "script":
            self.scripts += 1
        elif tag == "title":
            self._in_title = True
        for name in ("src", "href"):
            value = values.get(name)
            if value and not value.startswith(("#", "data:")):
                self.resources.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def riverside_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "riverside.html"
    write_report(RIVERSIDE, out)
    return out


def test_an_html_output_name_gives_the_accessible_page(riverside_html: Path) -> None:
    html = riverside_html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "Riverside Primary Care Network" in html
    assert not riverside_html.read_bytes().startswith(b"%PDF")
    # A phone lays it out at its own width (WCAG 1.4.10), not a desktop's shrunk (helper-70).
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_the_page_is_one_document_for_a_screen_reader(riverside_html: Path) -> None:
    page = outline(riverside_html)
    assert page.headings.count(1) == 1, "one h1: the site"
    assert page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level skipped: h{before} then h{after}"
    assert page.landmarks.count("main") == 1 and "header" in page.landmarks
    assert page.tables > 20 and page.captions == page.tables
    assert page.header_cells and all(
        scope in ("col", "row", "rowgroup", "colgroup") for scope in page.header_cells
    )
    assert "Riverside Primary Care Network" in page.title and "1 October 2026" in page.title


def test_the_page_is_self_contained(riverside_html: Path) -> None:
    """CSS inline, charts inline SVG, nothing fetched, no script needed to read it."""
    page = outline(riverside_html)
    assert page.resources == []
    assert page.scripts == 0
    html = riverside_html.read_text(encoding="utf-8")
    assert html.count("<svg") == 4 and html.count('role="img"') == 4
    assert "<style>" in html and "<link" not in html


def test_html_and_pdf_come_from_one_template_tree(tmp_path: Path) -> None:
    """The --html copy written beside a PDF is the document the PDF was printed from, and
    --format html writes the same bytes: the two cannot drift apart."""
    pdf, beside, alone = tmp_path / "r.pdf", tmp_path / "beside.html", tmp_path / "alone.html"
    write_report(OAKFIELD, pdf, html_output=beside)
    write_report(OAKFIELD, alone, fmt="html")
    assert beside.read_bytes() == alone.read_bytes()
    pdf_words = flat(" ".join(pdf_text(pdf)))
    for heading in ("Summary: where you are and what to do next", "Action plan"):
        assert heading in pdf_words and heading in alone.read_text(encoding="utf-8")


def test_the_same_input_gives_the_same_bytes(tmp_path: Path, riverside_html: Path) -> None:
    again = tmp_path / "again.html"
    write_report(RIVERSIDE, again)
    assert again.read_bytes() == riverside_html.read_bytes()


def test_summary_and_follow_up_are_html_too(tmp_path: Path, run_cli: RunCli) -> None:
    summary, follow_up = tmp_path / "summary.htm", tmp_path / "follow-up.html"
    assert run_cli("report", RIVERSIDE, "--summary", "-o", summary).exit_code == 0
    result = run_cli(
        "report", RIVERSIDE, "--baseline", RIVERSIDE_BASELINE, "--format", "html", "-o", follow_up
    )
    assert result.exit_code == 0, result.output
    assert "Every domain at a glance" in summary.read_text(encoding="utf-8")
    assert "What to do now" in follow_up.read_text(encoding="utf-8")
    assert outline(summary).title.startswith("Summary of the social prescribing readiness report")
    assert outline(summary).title != outline(follow_up).title


def test_format_html_overrides_the_extension(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "report.out"
    assert run_cli("report", OAKFIELD, "--format", "html", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("<!DOCTYPE html>")
    pdf = tmp_path / "report.out.pdf"
    assert run_cli("report", OAKFIELD, "-o", pdf).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_batch_writes_one_page_per_site(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "reports"
    result = run_cli("report", OAKFIELD, RIVERSIDE, "--out-dir", out, "--format", "html")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["oakfield-practice.html", "riverside-pcn.html"]
    again = run_cli("report", OAKFIELD, RIVERSIDE, "--out-dir", out, "--format", "html")
    assert "skipped 2 up to date" in again.err
    pdfs = run_cli("report", OAKFIELD, "--out-dir", out)
    assert pdfs.exit_code == 0 and (out / "oakfield-practice.pdf").is_file()
    assert "skipped" not in pdfs.err  # an HTML page is no PDF: the PDF is written


def test_compare_writes_the_portfolio_as_a_page(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "portfolio.html"
    result = run_cli("compare", OAKFIELD, RIVERSIDE, "-o", out)
    assert result.exit_code == 0, result.output
    page = outline(out)
    assert page.headings.count(1) == 1 and page.captions == page.tables >= 2
    assert page.resources == [] and page.landmarks.count("main") == 1


def test_a_respondents_markup_stays_text(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    text = OAKFIELD.read_text(encoding="utf-8")
    site.write_text(
        text.replace("name: Oakfield Surgery", 'name: "<script>alert(1)</script> Oakfield"', 1),
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    write_report(site, out)
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Oakfield" in html
    assert "<script>" not in html


def test_bidirectional_controls_in_any_text_reorder_nothing_after_it(tmp_path: Path) -> None:
    """A right-to-left override in a site's name or an adapted framework's title is fenced off
    where it is printed (first-strong isolate ... pop), as in respondents' comments, so the
    words after it keep their order."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    text = (site / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(
        text.replace("name: Riverside Primary Care Network", 'name: "Oak\u202efield"', 1),
        encoding="utf-8",
    )
    folder = tmp_path / "frameworks"
    folder.mkdir()
    title = "title: Five mechanisms for social prescribing"
    framework = (REPO / "frameworks" / "five-mechanisms-3.0.0.yaml").read_text(encoding="utf-8")
    assert title in framework
    (folder / "five-mechanisms-3.0.0.yaml").write_text(
        framework.replace(title, 'title: "Five \u202emechanisms"', 1), encoding="utf-8"
    )
    out = tmp_path / "r.html"
    write_report(site, out, frameworks_dirs=[folder])
    html = out.read_text(encoding="utf-8")
    assert "<bdi>\u2068Oak\u202efield\u2069</bdi>" in html
    assert "<bdi>\u2068Five \u202emechanisms\u2069</bdi>" in html
    # Every override printed is inside an isolate that has not been closed before it: a
    # <bdi> element, or in the page's title, where no element can go, isolate characters.
    assert "readiness report: \u2068Oak\u202efield\u2069, " in html.split("</title>")[0]
    body = html[html.index("<body") :]  # the head's metadata is data, kept as it is
    for override in re.finditer("\u202e", body):
        before = body[: override.start()]
        opened = max(before.rfind("\u2068"), before.rfind("<bdi>"))
        assert opened > max(before.rfind("\u2069"), before.rfind("</bdi>"))


def test_right_to_left_words_in_a_title_keep_what_follows_outside_them(tmp_path: Path) -> None:
    """helper-62 6: a domain title ending in Arabic took the score printed after it into its
    run, so the page read "Local partnership — (71) شراكة محلية". Text holding right-to-left
    letters is fenced off where it is printed, as text holding direction controls is."""
    import re as regex

    folder = tmp_path / "frameworks"
    folder.mkdir()
    framework = (REPO / "frameworks" / "five-mechanisms-3.0.0.yaml").read_text(encoding="utf-8")
    # Every domain's title, so that the strongest and weakest named are among them.
    titled = regex.sub(
        r"(?m)^(    title: )(.*)$",
        lambda m: (
            f"{m[1]}{m[2]} — شراكة محلية" if m.start() > framework.index("\ndomains:") else m[0]
        ),
        framework,
    )
    assert titled.count("شراكة") == 5
    (folder / "five-mechanisms-3.0.0.yaml").write_text(titled, encoding="utf-8")
    out = tmp_path / "r.html"
    write_report(RIVERSIDE, out, frameworks_dirs=[folder])
    html = out.read_text(encoding="utf-8")
    strongest = regex.search(r"Strongest: (.*?)\. Weakest", html)
    assert strongest is not None
    assert regex.fullmatch(
        r"<bdi>\u2068[^<]* — شراكة محلية\u2069</bdi> \(\d+\)"
        r"(; <bdi>\u2068[^<]* — شراكة محلية\u2069</bdi> \(\d+\))*",
        strongest[1],
    ), strongest[1]
    # In a sentence of ours, each title is fenced off where it sits (helper-63: the score
    # after a domain that raised an action was drawn inside its title).
    assert regex.search(r"the domain &#39;\u2068[^\u2069<]* — شراكة محلية\u2069&#39; \(\d", html)
    # Text with no right-to-left letter is printed as it is.
    assert "<bdi>\u2068Riverside" not in html and "the domain &#39;Support built" in html


def test_a_failed_html_report_leaves_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    broken = tmp_path / "site"
    shutil.copytree(RIVERSIDE, broken)
    (broken / "site.yaml").write_text("site: [\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = run_cli("report", broken, "-o", out)
    assert result.exit_code == 1 and "site.yaml" in result.err
    assert not out.exists() and list(tmp_path.glob(".r.html*")) == []


def test_the_portfolio_page_names_the_area_and_pcns_and_links_reports(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A title for the area; a PCN named by a site that names it (or by the PCN's own
    assessment) beside its code; each site linked to its report when batch reports sit
    beside the portfolio."""
    practice = tmp_path / "oakfield.yaml"
    text = OAKFIELD.read_text(encoding="utf-8")
    practice.write_text(
        text.replace(
            "  kind: practice\n", "  kind: practice\n  pcn: U99999\n  pcn_name: Hill PCN\n", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    assert run_cli("report", RIVERSIDE, "--out-dir", out, "--format", "html").exit_code == 0
    page = out / "portfolio.html"
    result = run_cli(
        "compare", practice, RIVERSIDE, "-o", page, "--group-by", "pcn", "--title", "North Area"
    )
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<title>North Area</title>" in html
    assert ">Hill PCN (U99999)</th>" in html
    assert ">Riverside Primary Care Network (U12345)</th>" in html
    assert '<a href="riverside-pcn.html">Riverside Primary Care Network' in html
    assert '<a href="oakfield.html">' not in html  # no report of its own beside it
    # Sorting and filtering are an enhancement: the tables are in the page, in order, without
    # it: a framework's versions side by side (Oakfield is on 2.0.0), the newest first.
    tables = [
        html.index(f"{f} {v}</span>")
        for f in ("five-mechanisms", "delivery-conditions")
        for v in ("3.0.0", "2.0.0")
    ]
    assert tables == sorted(tables)
    assert "<script>" in html and "table.heatmap" in html


def test_two_sites_with_one_report_name_link_to_neither(tmp_path: Path, run_cli: RunCli) -> None:
    """Two site folders named alike (north/riverside-pcn, south/riverside-pcn) would both link
    to the one riverside-pcn.html beside the portfolio, which is at most one of theirs:
    neither is linked. A title is a name: one of a page's length is refused."""
    north, south = tmp_path / "north" / "riverside-pcn", tmp_path / "south" / "riverside-pcn"
    shutil.copytree(RIVERSIDE, north)
    shutil.copytree(RIVERSIDE, south)
    (south / "review.yaml").unlink()
    site = south / "site.yaml"
    site.write_text(
        site.read_text()
        .replace("U12345", "U77777")
        .replace("name: Riverside Primary Care Network", "name: South Riverside PCN")
    )
    out = tmp_path / "area"
    assert run_cli("report", north, "--out-dir", out, "--format", "html").exit_code == 0
    page = out / "portfolio.html"
    assert run_cli("compare", north, south, "-o", page).exit_code == 0
    assert 'href="riverside-pcn.html"' not in page.read_text(encoding="utf-8")
    long = run_cli("compare", north, "-o", out / "long.html", "--title", "T" * 201)
    assert long.exit_code == 1 and "keep it to 200" in long.err
    assert not (out / "long.html").exists()


def test_a_site_names_its_pcn_and_icb_in_site_yaml(tmp_path: Path, run_cli: RunCli) -> None:
    practice = tmp_path / "site.yaml"
    practice.write_text(
        OAKFIELD.read_text(encoding="utf-8").replace(
            "  kind: practice\n", "  kind: practice\n  pcn_name: [not, text]\n", 1
        ),
        encoding="utf-8",
    )
    result = run_cli("score", practice)
    assert result.exit_code == 1 and "pcn_name" in result.err


VOID_TAGS = {"br", "img", "meta", "link", "input", "col", "hr", "wbr", "source"}
SMALL_PRINT = {"item-id", "code", "visually-hidden"}  # codes for consultants, and hidden text


class ReaderText(HTMLParser):
    """The words a reader reads: the page's text without the small print that carries codes
    for consultants, without styles and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self._open: list[bool] = []
        self._hidden = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        hide = bool(classes & SMALL_PRINT) or tag in ("style", "script", "title")
        self._open.append(hide)
        self._hidden += hide

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self._open:
            self._hidden -= self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.words.append(data)


def test_no_item_code_or_framework_id_reaches_a_readers_prose(tmp_path: Path) -> None:
    """Issue 20: wherever a reader meets an item, domain or framework it is named in words;
    codes appear only in small print. Every bundled report (full, follow-up, summary) is
    read as text without its small print, and no item id or framework id of any bundled
    framework is left in it."""
    from readiness.framework.load import load_catalogue

    catalogue = load_catalogue()
    item_ids = {
        i for versions in catalogue.versions.values() for f in versions.values() for i in f.items
    }
    codes = re.compile(
        r"(?<![\w-])("
        + "|".join(
            sorted(
                (re.escape(c) for c in item_ids | set(catalogue.versions)), key=len, reverse=True
            )
        )
        + r")(?![\w-])"
    )
    reports = {
        "riverside.html": (RIVERSIDE, None, False),
        "follow-up.html": (RIVERSIDE, RIVERSIDE_BASELINE, False),
        "follow-up-summary.html": (RIVERSIDE, RIVERSIDE_BASELINE, True),
        "oakfield.html": (OAKFIELD, None, False),
    }
    for name, (site, baseline, summary) in reports.items():
        out = tmp_path / name
        write_report(site, out, baseline=baseline, summary=summary)
        parser = ReaderText()
        parser.feed(out.read_text(encoding="utf-8"))
        text = " ".join(" ".join(parser.words).split())
        found = [text[max(0, m.start() - 50) : m.end() + 20] for m in codes.finditer(text)]
        assert found == [], f"{name}: codes in prose: {found[:5]}"


def test_a_comment_keeps_the_lines_it_was_written_in(tmp_path: Path) -> None:
    """A comment typed on several lines (a list, say) reads on several lines, in the PDF as on
    the page, not run together."""
    site = tmp_path / "site.yaml"
    text = OAKFIELD.read_text(encoding="utf-8")
    site.write_text(
        text.replace(
            '"We have a leaflet for patients but nothing written down for staff."',
            '"Three gaps:\\n1. no written description\\n2. no induction"',
            1,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "r.pdf"
    write_report(site, out)
    lines = [line.strip() for page in pdf_text(out) for line in page.splitlines()]
    start = next(n for n, line in enumerate(lines) if "Three gaps:" in line)
    assert lines[start + 1 : start + 3] == ["1. no written description", "2. no induction”"]


def test_the_portfolio_heat_tables_name_their_domains_and_versions_to_a_screen_reader(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The heat tables' domain columns were headed "1" to "5" (the names only in a key after
    the table), so a screen reader read each cell under "1"; and two versions of a framework
    gave two scroll regions one label. Each heading carries its domain's name, hidden from
    sight, and each region its framework's version."""
    page = tmp_path / "portfolio.html"
    sites = [RIVERSIDE, RIVERSIDE_BASELINE, OAKFIELD]
    assert run_cli("compare", *sites, "-o", page).exit_code == 0
    text = page.read_text(encoding="utf-8")
    heads = re.findall(r'<th scope="col" class="domain-head">(.*?)</th>', text)
    assert heads and all('<span class="visually-hidden"> ' in h for h in heads)
    assert (
        '1<span class="visually-hidden"> A clear definition and shared understanding</span>'
        in heads
    )
    labels = re.findall(r'aria-label="([^"]*every site by domain)"', text)
    assert len(labels) == len(set(labels)) > 1
    assert any("five-mechanisms 3.0.0" in label for label in labels)
