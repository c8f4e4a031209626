"""Every HTML output of the bundled examples, checked in a real browser: Debian's chromium,
driven by puppeteer-core, with axe-core (both pinned in tests/browser/package-lock.json and
installed by scripts/setup.sh --test). Fails on any axe-core violation tagged wcag2a, wcag2aa,
wcag21a, wcag21aa or wcag22aa of impact serious or critical, at 1280 and 320 CSS px, and on
what axe-core leaves to people (tests/browser/check.mjs): the heading outline, table captions
and header scopes, link text and targets, landmarks and the skip link, buttons that would
print as buttons, sideways scrolling and
ordinary words broken across lines in table cells at 320 px, and anything the page tries to
fetch."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from readiness.api import compare, write_report, write_reports

from ..helpers import IN_CI, OAKFIELD, REPO, RIVERSIDE, RIVERSIDE_BASELINE

BROWSER_CHECKS = REPO / "tests" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NODE = shutil.which("node")
TOOLS_READY = bool(CHROMIUM and NODE and (BROWSER_CHECKS / "node_modules" / "axe-core").is_dir())

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if TOOLS_READY:
        return
    message = "chromium, node and tests/browser/node_modules are missing: scripts/setup.sh --test"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def browser_check(*pages: Path) -> dict[str, dict[str, list[object]]]:
    assert CHROMIUM and NODE
    run = subprocess.run(
        [NODE, str(BROWSER_CHECKS / "check.mjs"), "--chromium", CHROMIUM, *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    found: dict[str, dict[str, list[object]]] = json.loads(run.stdout)
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every kind of HTML the tool writes, from the bundled examples."""
    out = tmp_path_factory.mktemp("pages")
    made = []
    for name, options in {
        "report.html": {},
        "summary.html": {"summary": True},
        "follow-up.html": {"baseline": RIVERSIDE_BASELINE},
        "follow-up-summary.html": {"baseline": RIVERSIDE_BASELINE, "summary": True},
    }.items():
        write_report(RIVERSIDE, out / name, **options)  # type: ignore[arg-type]
        made.append(out / name)
    batch = out / "batch"
    write_reports([OAKFIELD, RIVERSIDE_BASELINE], batch, fmt="html", jobs=1)
    made += sorted(batch.glob("*.html"))
    sites = [OAKFIELD, RIVERSIDE, RIVERSIDE_BASELINE]
    compare(sites, out / "portfolio.html", jobs=1)
    compare(sites, out / "portfolio-ranked.html", rank=True, group_by="pcn", jobs=1)
    made += [out / "portfolio.html", out / "portfolio-ranked.html"]
    return made


def test_every_html_output_passes_the_browser_checks(pages: list[Path]) -> None:
    found = browser_check(*pages)
    assert set(found) == {str(p) for p in pages}
    failures = {Path(page).name: result for page, result in found.items() if any(result.values())}
    assert failures == {}, json.dumps(failures, indent=1)


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """The checker itself must fail a page with the faults it is there to catch."""
    page = tmp_path / "faulty.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title></title></head><body>"
        "<h1>One</h1><h1>Two</h1><h4>Skipped</h4>"
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#bbb">faint text</p>'
        "<table><tr><td>no caption, no header</td></tr></table>"
        "<table><caption>c</caption><tr><th>no scope</th></tr></table>"
        '<a href="#nowhere">here</a>'
        '<div style="width:900px">too wide</div>'
        '<table style="width:4rem"><caption>narrow</caption><tr><th scope="col">h</th></tr>'
        '<tr><td style="overflow-wrap:anywhere">Partnership agreement</td></tr></table>'
        "<button>Sort</button>"
        '<link rel="stylesheet" href="https://example.org/x.css">'
        "</body></html>",
        encoding="utf-8",
    )
    result = browser_check(page)[str(page)]
    rules = {v["id"] for v in result["violations"]}  # type: ignore[index]
    assert {"image-alt", "color-contrast", "html-has-lang"} <= rules
    problems = "\n".join(map(str, result["problems"]))
    for expected in (
        "2 h1 elements",
        "heading level skipped: h1 then h4",
        "no <title>",
        "not exactly one <main>",
        "table without a caption",
        "header cell without scope",
        "link text says nothing",
        "link to a missing target: #nowhere",
        "scrolls sideways",
        'a word broken across lines at 320 px: "Partnership" in "narrow"',
        'a button prints as a button: "Sort"',
        "tried to fetch https://example.org/x.css",
    ):
        assert expected in problems, f"{expected!r} not found in:\n{problems}"
