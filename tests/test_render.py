"""The one HTML-to-PDF pipeline: it reads only our templates and assets, whatever the input."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from readiness.api import write_report
from readiness.errors import RenderError
from readiness.render import safe_fetcher, template_folders

from .helpers import OAKFIELD


def pdf_resources(page: pypdf.PageObject) -> Any:
    return page["/Resources"]


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (8, 8), (11, 37, 64)).save(path)


def test_template_dir_overrides_and_its_pictures_travel_inside_the_report(
    tmp_path: Path,
) -> None:
    """A logo beside a branding template shows in the PDF and is inside the web page (as a
    data: URI): a page written elsewhere has no folder to find it in. Links a reader follows
    and markup commented out are left as written; the page's policy fetches nothing."""
    templates = tmp_path / "brand"
    templates.mkdir()
    _png(templates / "logo.png")
    (templates / "brand.css").write_text(".band { background: url('logo.png'); }")
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n'
        "{% block logo %}"
        '<img src="logo.png" alt="Our logo" class="logo" srcset="logo.png 2x">'
        '<link rel="stylesheet" href="brand.css">'
        "<style>.cover { background-image: url(logo.png); }</style>"
        '<p class="band" style="background: url(&quot;logo.png&quot;)">Branded by Example</p>'
        '<a href="https://example.org/about">About us</a>'
        '<!-- <img src="https://example.org/old-logo.png"> -->'
        "{% endblock %}\n"
    )
    out = tmp_path / "branded.pdf"
    page = tmp_path / "branded.html"
    write_report(OAKFIELD, out, template_dir=templates, html_output=page)
    reader = pypdf.PdfReader(out)
    assert "Branded by Example" in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) >= 1
    html = page.read_text()
    assert "logo.png" not in html.replace("old-logo.png", "") and "brand.css" not in html
    assert html.count("data:image/png;base64,") == 4  # img, srcset, <style> and style=
    sheet = re.search(r'<link rel="stylesheet" href="data:text/css;base64,([^"]+)">', html)
    assert sheet is not None  # brand.css, its own picture inside it
    assert "url(data:image/png;base64," in base64.b64decode(sheet[1]).decode()
    assert '<a href="https://example.org/about">' in html
    assert '<!-- <img src="https://example.org/old-logo.png"> -->' in html
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in html


@pytest.mark.parametrize(
    ("markup", "named"),
    [
        ('<img src="../outside.png" alt="outside">', "../outside.png"),
        ('<img src="file:///etc/passwd" alt="x">', "file:///etc/passwd"),
        ('<link rel="stylesheet" href="leak.txt">', "leak.txt"),  # a link to a file outside
        ('<link rel="icon" href="file:///etc/hostname">', "file:///etc/hostname"),
        ('<img src="http://127.0.0.1:9/tracker.png" alt="t">', "http://127.0.0.1:9/tracker.png"),
        ('<img src="logo.png" srcset="https://cdn.example/l.png 2x" alt="l">', "https://cdn"),
        ("<style>@import url('../secret.txt');</style>", "../secret.txt"),
        ('<style>@import "https://example.org/x.css";</style>', "https://example.org/x.css"),
        (
            "<style>@font-face { font-family: X; "
            "src: url(file:///usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf); }</style>",
            "DejaVuSerif.ttf",
        ),
        ('<p style="background: url(//example.org/b.png)">b</p>', "//example.org/b.png"),
        ('<svg><image href="https://example.org/i.png"/></svg>', "https://example.org/i.png"),
        ('<video poster="https://example.org/p.png"></video>', "https://example.org/p.png"),
        ('<script src="https://example.org/a.js"></script>', "https://example.org/a.js"),
        ('<meta http-equiv="refresh" content="0; url=https://example.org">', "refreshes"),
        ('<meta http-equiv="&#x72;efresh" content="0;url=http://x">', "refreshes"),
        # Found by helper-34: markup a browser reads as a tag or an attribute all the same.
        ('<img/src="https://example.org/a.png">', "https://example.org/a.png"),
        ('<img alt="a>b" src="https://example.org/b.png">', "https://example.org/b.png"),
        ('<style>@import"https://example.org/g.css";</style>', "https://example.org/g.css"),
        ('<img src="logo%00.png" alt="x">', "logo%00.png"),
        ('<img src="http://[::1/x.png" alt="x">', "http://[::1/x.png"),
    ],
)
@pytest.mark.parametrize("suffix", ["pdf", "html"])
def test_a_template_reference_outside_its_folder_is_refused(
    tmp_path: Path, markup: str, named: str, suffix: str
) -> None:
    """What a template refers to must be a file in its folder: a web address would be
    fetched by every reader's browser, a file elsewhere could leak into the report. Each is
    refused by name, for the PDF as for the web page (the PDF had quietly left them out),
    and nothing is written."""
    (tmp_path / "secret.txt").write_text("TOP-SECRET-VALUE")
    _png(tmp_path / "outside.png")
    templates = tmp_path / "brand"
    templates.mkdir()
    _png(templates / "logo.png")
    (templates / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n{% block logo %}' + markup + "{% endblock %}\n"
    )
    out = tmp_path / f"branded.{suffix}"
    with pytest.raises(RenderError, match="template") as refused:
        write_report(OAKFIELD, out, template_dir=templates)
    assert named in str(refused.value)
    assert not out.exists()


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "{{ cycler.__init__.__globals__.__builtins__.open('SECRET').read() }}",
            "access to attribute '__init__' of 'type' object is unsafe",
        ),
        ("{{ lipsum.__globals__['os'].popen('id').read() }}", "unsafe"),
        ("{% set x = [] %}{{ x.append(1) }}", "unsafe"),
    ],
)
def test_a_template_cannot_reach_python(tmp_path: Path, block: str, message: str) -> None:
    """A branding template gets the report's values and nothing else: reaching Python's
    internals through them (to read a file or run a command) is a template error, and
    nothing is written."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n{% block logo %}'
        + block.replace("SECRET", str(secret))
        + "{% endblock %}\n"
    )
    out = tmp_path / "branded.html"
    with pytest.raises(RenderError, match=message):
        write_report(OAKFIELD, out, template_dir=templates)
    assert not out.exists()


def test_a_template_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "report.html").write_bytes(b'\xff\xfe{% extends "default:report.html" %}')
    with pytest.raises(RenderError, match="is not UTF-8 text"):
        write_report(OAKFIELD, tmp_path / "r.html", template_dir=templates)


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


def test_missing_template_dir_is_a_clear_error() -> None:
    with pytest.raises(RenderError, match="template folder not found"):
        template_folders(Path("/no/such/folder"))


def test_compiled_templates_are_cached_and_a_damaged_cache_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report templates are compiled once and kept (READINESS_CACHE_DIR); the page is the
    same with a fresh, a warm and a damaged cache, and with none that can be written."""
    from readiness.version import __version__

    cache = tmp_path / "cache"
    monkeypatch.setenv("READINESS_CACHE_DIR", str(cache))
    pages = []
    for n in range(2):
        out = tmp_path / f"warm{n}.html"
        write_report(OAKFIELD, out)
        pages.append(out.read_bytes())
    kept = sorted((cache / __version__ / "templates-2").iterdir())
    assert kept and all(p.stat().st_size > 0 for p in kept)
    for path in kept:
        path.write_bytes(b"not compiled code")
    damaged = tmp_path / "damaged.html"
    write_report(OAKFIELD, damaged)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("READINESS_CACHE_DIR", str(blocked))
    none = tmp_path / "none.html"
    write_report(OAKFIELD, none)
    assert pages[0] == pages[1] == damaged.read_bytes() == none.read_bytes()


def test_a_style_sheet_that_imports_itself_is_a_clear_error(tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "a.css").write_text('@import "b.css";')
    (templates / "b.css").write_text("@import 'a.css'; p { color: red; }")
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n'
        '{% block logo %}<link rel="stylesheet" href="a.css">{% endblock %}\n'
    )
    out = tmp_path / "r.html"
    with pytest.raises(RenderError, match=r"style sheet 'a\.css' imports itself"):
        write_report(OAKFIELD, out, template_dir=templates)
    assert not out.exists()


def test_a_template_too_big_to_be_one_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readiness.render

    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "report.html").write_text('{% extends "default:report.html" %}\n' + " " * 2000)
    monkeypatch.setattr(readiness.render, "MAX_TEMPLATE_BYTES", 1000)
    out = tmp_path / "r.html"
    size = (templates / "report.html").stat().st_size
    with pytest.raises(
        RenderError, match=rf"report\.html is {size:,} bytes; a template is at most"
    ):
        write_report(OAKFIELD, out, template_dir=templates)
    assert not out.exists()


def test_fetcher_reads_no_file_too_big_to_be_an_asset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readiness.render

    root = tmp_path / "templates"
    root.mkdir()
    (root / "big.bin").write_bytes(b"x" * 101)
    monkeypatch.setattr(readiness.render, "MAX_ASSET_BYTES", 100)
    with pytest.raises(ValueError, match="is over 100 bytes"):
        safe_fetcher([root]).fetch((root / "big.bin").as_uri())


def test_what_only_looks_like_a_reference_is_left_alone(tmp_path: Path) -> None:
    """A site whose name holds "Refresh" (printed in a <meta name=description>), a data
    attribute on a <div>, a web address inside a CSS comment and a tab in a srcset are not
    references to refuse (helper-34 found each refused). The policy goes in the real <head>,
    not one inside a comment."""
    templates = tmp_path / "brand"
    templates.mkdir()
    _png(templates / "logo.png")
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n{% block logo %}'
        '<meta name="keywords" content="Refresh, renew"><div data="1">d</div>'
        "<style>/* was url(https://example.com/old.png) */ .x { color: red; }</style>"
        '<img src="logo.png" srcset="logo.png\t2x" alt="Logo">'
        "{% endblock %}\n"
    )
    out = tmp_path / "r.html"
    write_report(OAKFIELD, out, template_dir=templates)
    html = out.read_text()
    assert "/* was url(https://example.com/old.png) */" in html
    assert html.count("data:image/png;base64,") == 2
    (templates / "report.html").write_text(
        "<!DOCTYPE html><!-- <head> --><html><head><title>T</title></head>"
        "<body>{{ report.site_name }}</body></html>\n"
    )
    write_report(OAKFIELD, out, template_dir=templates)
    html = out.read_text()
    assert html.index("Content-Security-Policy") > html.index("<html><head>")


def test_a_page_carries_a_bounded_weight_of_template_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readiness.standalone

    templates = tmp_path / "brand"
    templates.mkdir()
    for n in range(3):
        (templates / f"p{n}.png").write_bytes(b"x" * 400)
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n{% block logo %}'
        + "".join(f'<img src="p{n}.png" alt="p">' for n in range(3))
        + "{% endblock %}\n"
    )
    monkeypatch.setattr(readiness.standalone, "MAX_ASSETS_BYTES", 1000)
    out = tmp_path / "r.html"
    with pytest.raises(RenderError, match=r"come to over 1,000 bytes with 'p2\.png'"):
        write_report(OAKFIELD, out, template_dir=templates)
    assert not out.exists()


def test_what_the_pdf_renderer_would_not_load_is_refused_not_passed_over(tmp_path: Path) -> None:
    """A reference only the renderer reads as one (a CSS escape, u\\72l(...) for url(...))
    is refused by name, as the page's own reading refuses the others; in a web page, the
    policy keeps the browser from fetching it."""
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}\n{% block logo %}'
        '<div style="background:u\\72l(https://example.org/e.png)">x</div>'
        "{% endblock %}\n"
    )
    out = tmp_path / "r.pdf"
    with pytest.raises(RenderError, match=r"refers to 'https://example\.org/e\.png'"):
        write_report(OAKFIELD, out, template_dir=templates)
    assert not out.exists()


def _inlined(tmp_path: Path, markup: str) -> str:
    """`markup` made self-contained against a template folder holding logo.png."""
    from readiness.standalone import self_contained

    folder = tmp_path / "brand"
    folder.mkdir(exist_ok=True)
    _png(folder / "logo.png")
    return self_contained(f"<html><head></head><body>{markup}</body></html>", [folder])


def test_srcset_candidates_are_split_as_a_browser_splits_them(tmp_path: Path) -> None:
    """No space after the comma is still two candidates (helper-34: the second was kept as
    the first's descriptor, a web address passed over); a data: URI's comma is its own."""
    page = _inlined(tmp_path, '<img alt="l" srcset="logo.png 1x,logo.png 2x">')
    assert page.count("data:image/png;base64,") == 2 and ", data:image/png" in page
    with pytest.raises(RenderError, match=re.escape("'https://cdn.example/l.png'")):
        _inlined(tmp_path, '<img alt="l" srcset="logo.png 1x,https://cdn.example/l.png 2x">')
    # Brackets do not nest in a descriptor: the first ")" closes them, and the comma after
    # it starts the next candidate.
    with pytest.raises(RenderError, match=re.escape("'https://t.example/t.png'")):
        _inlined(tmp_path, '<img alt="l" srcset="logo.png ((x), https://t.example/t.png 2x">')
    kept = "data:image/gif;base64,R0lGOD,lhAQ 1x"
    assert f'srcset="{kept}"' in _inlined(tmp_path, f'<img alt="l" srcset="{kept}">')


def test_image_set_pictures_are_carried_or_refused(tmp_path: Path) -> None:
    """CSS image-set() names its pictures as plain strings, not url()."""
    style = '<div style=\'background: image-set("logo.png" 1x, "logo.png" 2x)\'>x</div>'
    assert _inlined(tmp_path, style).count("data:image/png;base64,") == 2
    with pytest.raises(RenderError, match=re.escape("'https://t.example/p.png'")):
        _inlined(
            tmp_path,
            '<style>.a { background: -webkit-image-set("https://t.example/p.png" 1x) }</style>',
        )


def test_a_comment_opening_inside_an_attribute_hides_nothing(tmp_path: Path) -> None:
    """`alt="<!--"` is an attribute's value to a browser, not a comment: the picture after it
    is still a reference (helper-34: it was left out as commented)."""
    with pytest.raises(RenderError, match=re.escape("'https://t.example/p.png'")):
        _inlined(tmp_path, '<img alt="<!--" src="https://t.example/p.png"> -->')
    page = _inlined(tmp_path, '<!-- <img src="https://t.example/p.png"> --><img src="logo.png">')
    assert '<!-- <img src="https://t.example/p.png"> -->' in page
    assert page.count("data:image/png;base64,") == 1


def test_a_data_style_sheet_that_imports_an_address_is_refused(tmp_path: Path) -> None:
    """A style sheet written as a data: URI is read like any other: what it would fetch is
    refused by name, as the PDF renderer refuses it."""
    import base64 as b64

    for sheet in (
        "data:text/css,@import%20url(https://t.example/a.css);",
        "data:text/css;base64," + b64.b64encode(b"p{background:url(x.png)}").decode(),
    ):
        with pytest.raises(RenderError, match=r"'https://t\.example/a\.css'|'x\.png'"):
            _inlined(tmp_path, f'<link rel="stylesheet" href="{sheet}">')
    fine = "data:text/css,p%7Bcolor:red%7D"
    assert f'href="{fine}"' in _inlined(tmp_path, f'<link rel="stylesheet" href="{fine}">')


def test_text_from_files_is_isolated_by_an_element_where_one_can_go(tmp_path: Path) -> None:
    """Text holding right-to-left letters or direction controls becomes a <bdi> element in
    running text (which stays isolated when a line breaks inside it, as isolate characters
    do not in WeasyPrint); in a tooltip or a title, where no element can go, it is fenced
    with isolate characters; a form field's value, a script and a style keep it exactly
    (a revisit checklist's note must come back as it was). Text that holds our own marks
    keeps them, as character references, and everything else is printed as it was."""
    from readiness.render import render_template

    (tmp_path / "t.html").write_text(
        "<title>{{ a }}</title><p title='{{ a }}'>{{ a }} (71); {{ b }}; {{ c }}</p>"
        "<input value='{{ a }}' title=\"{{ a }}\"><textarea title='{{ a }}'>{{ a }}</textarea>"
        "<meta name=m content='{{ a }}'>"
        "<svg><text x='1'>{{ a }}</text></svg>"
        "<script>var x = '{{ a }}';</script><style>/* {{ a }} */</style>",
        encoding="utf-8",
    )
    arabic = "Local partnership — شراكة محلية"
    page = render_template(
        "t.html", template_folders(tmp_path), a=arabic, b="Plain <b>", c="mark \ufdd0 \ufdd1"
    )
    fenced = f"\u2068{arabic}\u2069"
    assert page == (
        f"<title>{fenced}</title><p title='{fenced}'><bdi>{fenced}</bdi> (71); Plain &lt;b&gt;; "
        "mark &#xfdd0; &#xfdd1;</p>"
        f"<input value='{arabic}' title=\"{fenced}\"><textarea title='{fenced}'>{arabic}</textarea>"
        f"<meta name=m content='{arabic}'>"
        f"<svg><text x='1'>{fenced}</text></svg>"
        f"<script>var x = '{arabic}';</script><style>/* {arabic} */</style>"
    )
    reversed_too = render_template("t.html", template_folders(tmp_path), a="x", b="y", c="\u202ez")
    assert "<bdi>\u2068\u202ez\u2069</bdi>" in reversed_too
    both = render_template("t.html", template_folders(tmp_path), a="x", b="y", c="\u202e\ufdd0")
    assert "<bdi>\u2068\u202e&#xfdd0;\u2069</bdi>" in both
    # A title inside the template's own words is fenced where it sits, too.
    (tmp_path / "t2.html").write_text("<p>{{ a | apart ~ ': every domain' }}</p>")
    inside = render_template("t2.html", template_folders(tmp_path), a="\u202eOVER")
    assert inside == "<p><bdi>\u2068\u2068\u202eOVER\u2069: every domain\u2069</bdi></p>"
    plain = render_template("t2.html", template_folders(tmp_path), a="Plain")
    assert plain == "<p>Plain: every domain</p>"
    exact = render_template("t.html", template_folders(tmp_path), a="\u202ex", b="y", c="z")
    assert (
        "<input value='\u202ex' title=\"\u2068\u202ex\u2069\">"
        "<textarea title='\u2068\u202ex\u2069'>\u202ex</textarea>" in exact
    )
