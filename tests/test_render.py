"""The one HTML-to-PDF pipeline: it reads only our templates and assets, whatever the input."""

from __future__ import annotations

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
    write_report(OAKFIELD, out, template_dir=templates)
    reader = pypdf.PdfReader(out)
    assert "Branded by Example Consulting" in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) == 1  # logo.png from the template folder, nothing else
    assert reader.attachments == {}
    assert b"TOP-SECRET-VALUE" not in out.read_bytes()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in pdf_resources(page).get("/Font", {}).values()
    }
    assert fonts and not any("Serif" in name for name in fonts), fonts


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
