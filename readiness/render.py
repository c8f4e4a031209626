"""The one HTML-to-PDF pipeline, for reports and questionnaires alike: template -> HTML
(Jinja2, autoescaped, strict) -> PDF (WeasyPrint 70).

WeasyPrint is imported only here, and only when a PDF is made. Its URL fetcher is replaced by
one that reads nothing but files inside the template folders (and data: URIs), so no input can
pull a local file or a network resource into a PDF.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import gc
import mimetypes
import os
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import ImmutableSandboxedEnvironment

from readiness.caches import cache_folder
from readiness.errors import LOOP_OF_LINKS, RenderError
from readiness.paths import is_loop, real_path
from readiness.resources import templates_dir
from readiness.standalone import MAX_ASSET_BYTES, file_inside
from readiness.textmatch import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, apart


def template_folders(extra: Path | None = None) -> list[Path]:
    """The folders templates and assets may come from: the user's first, then ours."""
    folders = [Path(extra)] if extra is not None else []
    folders.append(templates_dir())
    for folder in folders:
        if not folder.is_dir():
            raise RenderError(f"template folder not found: {folder}")
    # A template of the user's that is a loop of links would be taken for one not there, and
    # ours used instead without a word.
    looped = [path for path in folders[0].iterdir() if is_loop(path)] if extra else []
    if looped:
        raise RenderError(f"{looped[0]} {LOOP_OF_LINKS}")
    return folders


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (compiling the report's templates takes longer
    than rendering an HTML report). Jinja checks each template's source against the cached
    code; a cache that cannot be read or written is simply not used."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache() -> jinja2.BytecodeCache | None:
    """The compiled-template cache (readiness/VERSION/templates-2 in the user's cache folder);
    None when no folder can be made there."""
    # "templates-2": code compiled since every printed value is isolated (`_printed`); the
    # cache is checked against each template's source only, not against how it was compiled.
    folder = cache_folder("templates-2")
    return _TemplateCache(str(folder)) if folder is not None else None


# A template or the style sheet it includes is tens of KB; a file this big is not one.
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


class _BoundedLoader(jinja2.FileSystemLoader):
    """A folder's templates, each refused before it is read when it is too big to be one."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        for folder in self.searchpath:  # the file the loader will read: the first there is
            path = Path(folder) / template
            if not path.is_file():
                continue
            with contextlib.suppress(OSError):
                size = path.stat().st_size
                if size > MAX_TEMPLATE_BYTES:
                    raise RenderError(
                        f"{path} is {size:,} bytes; a template is at most "
                        f"{MAX_TEMPLATE_BYTES:,} bytes: is this the right file?"
                    )
            break
        return super().get_source(environment, template)


def environment(folders: Sequence[Path]) -> jinja2.Environment:
    """A Jinja2 environment: sandboxed, autoescaped, strict, user folder overriding ours.

    A user's template can extend ours as "default:report.html". The sandbox keeps a
    template to the values it is given: reaching Python's internals from them (to open a
    file or run a command) is a template error, not a way round the renderer's rules.
    """
    ours = jinja2.FileSystemLoader(str(templates_dir()))
    loader = jinja2.ChoiceLoader(
        [
            _BoundedLoader([str(f) for f in folders]),
            jinja2.PrefixLoader({"default": ours}, delimiter=":"),
        ]
    )
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_template_cache(),
        finalize=_printed,
    )
    # A title inside words of the template's own ("{{ fw.title | apart ~ ': every domain' }}")
    # fenced off where it sits, as `_printed` fences a whole value.
    env.filters["apart"] = lambda text: apart(str(text))
    return env


# Our own marks around text printed from files (`_printed`), turned into the page's isolation
# once it is rendered (`_isolations_placed`): Unicode noncharacters, which are for a program's
# own use and which text from a file is never printed holding.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
# In running text, an element (isolated when a line breaks inside it) holding the isolate
# characters too: a running header copies a heading's text, not its elements.
_BDI_OPEN, _BDI_CLOSE = "<bdi>\u2068", "\u2069</bdi>"
# Where an element cannot go: inside a tag, and in elements whose content is text only
# (a picture's text, shown like a title).
_NO_ELEMENTS = re.compile(
    r"(<(script|style|title|textarea|text)\b.*?</\2\s*>|<[^>]*>)", re.DOTALL | re.IGNORECASE
)
_SHOWN_ELEMENTS = frozenset(("title", "text"))
# The attributes a reader sees (a tooltip, a picture's words, a running header our style
# sheets print with attr()); every other one is data: a form field's value, a page's
# metadata.
_SHOWN_ATTRIBUTES = frozenset(
    ("title", "alt", "aria-label", "aria-description", "placeholder", "data-running")
)
_ATTRIBUTE = re.compile(r"""([^\s=<>"'/]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def _printed(value: Any) -> Any:
    """Every value a template prints, as it prints it: text holding direction controls or
    right-to-left letters is isolated (`isolated`), so that what it holds reorders nothing
    printed after it: an override in a framework's title, a site's name or a reviewer's
    note, or a score printed after a domain title ending in Arabic (helper-62). Markup is
    the template's own."""
    if not isinstance(value, str) or isinstance(value, markupsafe.Markup):
        return value
    fence = apart(value) != value
    if not fence and _OPEN not in value and _CLOSE not in value:
        return value
    # Text holding our marks keeps them, as character references.
    text = str(markupsafe.escape(value)).replace(_OPEN, "&#xfdd0;").replace(_CLOSE, "&#xfdd1;")
    return markupsafe.Markup(f"{_OPEN}{text}{_CLOSE}" if fence else text)


def _isolations_placed(html: str) -> str:
    """The page with each text `_printed` marked made a <bdi> element where an element can
    go, and fenced with isolate characters where it is shown but no element can go (an
    attribute such as a tooltip, a title). A <bdi> stays isolated when its line breaks
    inside it, which the characters do not (WeasyPrint lays out each line on its own).
    Every other attribute (a form field's value, a page's metadata), a text area, a script
    and a style sheet are data, and keep the text exactly as it is: a reviewer's note a
    revisit checklist fills in comes back as it was, and metadata still reads as JSON."""
    if _OPEN not in html:
        return html
    parts = _NO_ELEMENTS.split(html)
    out = []
    # split gives text, then the tag or element matched and its name, in turn.
    for n in range(0, len(parts), 3):
        out.append(parts[n].replace(_OPEN, _BDI_OPEN).replace(_CLOSE, _BDI_CLOSE))
        if n + 1 < len(parts):
            out.append(_outside_text(parts[n + 1], parts[n + 2]))
    return "".join(out)


def _outside_text(html: str, element: str | None) -> str:
    """A tag (`element` None), or an element whose content is text only, with its marks
    made isolate characters where the text is shown, and dropped where it is data."""
    if element is None:
        return _ATTRIBUTE.sub(lambda m: _fenced(m[0], m[1].lower() in _SHOWN_ATTRIBUTES), html)
    # The element's own tag is a tag (a text area's tooltip is shown), then its content.
    opening = html.index(">") + 1
    closing = html.rindex("<")
    return (
        _outside_text(html[:opening], None)
        + _fenced(html[opening:closing], element.lower() in _SHOWN_ELEMENTS)
        + html[closing:]
    )


def _fenced(text: str, shown: bool) -> str:
    if not shown:
        return text.replace(_OPEN, "").replace(_CLOSE, "")
    return text.replace(_OPEN, FIRST_STRONG_ISOLATE).replace(_CLOSE, POP_DIRECTIONAL_ISOLATE)


def render_template(name: str, folders: Sequence[Path], **values: Any) -> str:
    """Render a template from `folders`; template mistakes become a RenderError."""
    try:
        html = environment(folders).get_template(name).render(**values)
    except jinja2.TemplateError as exc:
        filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
        where = f"{filename}:{line}: " if line else ""
        raise RenderError(f"template error in {name}: {where}{exc.message}") from exc
    except UnicodeDecodeError as exc:
        raise RenderError(
            f"template error in {name}: a template is not UTF-8 text ({exc.reason}); save it "
            "as UTF-8"
        ) from exc
    return _isolations_placed(html)


class _FontConfig:
    """One FontConfiguration per process: a new one per render leaks native memory in
    WeasyPrint 70 (about 0.25 MB a render)."""

    _instance: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls._instance is None:
            cls._instance = _weasyprint().text.fonts.FontConfiguration()
        return cls._instance


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    # WeasyPrint's cffi loader falls back to ctypes.util.find_library, which runs ldconfig and
    # gcc many times (~0.3 s). The libraries load by their own names, so skip the search; if
    # that fails the import is retried with the search on.
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Laying out a report makes hundreds of thousands of short-lived objects (boxes, styles,
    # PDF operators); the cycle collector's repeated passes over them cost a tenth of the
    # rendering time (measured: 0.7 s of a 30-page report) and free next to nothing. It runs
    # again, as usual, once the PDF is made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextlib.contextmanager
def _source_date(epoch: int) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _weasyprint() -> Any:
    try:
        with _no_library_search():
            import weasyprint
    except OSError:
        try:
            import weasyprint
        except OSError as exc:
            raise RenderError(
                "the PDF renderer cannot find its system libraries (Pango). On Debian or "
                "Ubuntu run: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                "libharfbuzz-subset0 fonts-dejavu-core"
            ) from exc
    return weasyprint


def safe_fetcher(roots: Sequence[Path]) -> Any:
    """A WeasyPrint URL fetcher that serves only files under `roots` and data: URIs."""
    weasyprint = _weasyprint()
    allowed = [os.path.realpath(r) for r in roots]

    class SafeFetcher(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
        # What it would not load, in order (set on each fetcher): WeasyPrint passes over a
        # failed fetch, and a report is not to lose a picture or style sheet without a word.
        refused: list[str]

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.split(":", 1)[0].lower() == "data":
                return super().fetch(url, headers)
            path = file_inside("", url, allowed)
            self.refused.append(url)  # until it is read
            if path is None:
                raise ValueError(f"readiness does not load {url!r} into reports")
            with open(path, "rb") as handle:
                content = handle.read(MAX_ASSET_BYTES + 1)
            if len(content) > MAX_ASSET_BYTES:
                raise ValueError(f"{path} is over {MAX_ASSET_BYTES:,} bytes")
            self.refused.pop()
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, content, {"Content-Type": kind})

    fetcher = SafeFetcher(allowed_protocols={"file", "data"}, timeout=1)
    fetcher.refused = []
    return fetcher


def write_pdf(
    html: str, folders: Sequence[Path], date: str = "2000-01-01", **options: Any
) -> bytes:
    """Render HTML to PDF bytes with WeasyPrint `options`, reading only from `folders`.

    `date` (YYYY-MM-DD) stands in for the clock, so the same input gives the same bytes.
    """
    weasyprint = _weasyprint()
    # fontTools stamps the clock into subset fonts unless SOURCE_DATE_EPOCH is set (used when
    # libharfbuzz-subset0 is missing); a fixed date makes the PDF reproducible.
    epoch = int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp())
    base = real_path(folders[0]).as_uri() + "/"
    fetcher = safe_fetcher(folders)
    try:
        with _source_date(epoch), _collector_paused():
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            pdf = document.write_pdf(font_config=_FontConfig.get(), **options)
    except Exception as exc:  # WeasyPrint raises many kinds; the message is what helps
        raise RenderError(f"the PDF could not be rendered: {exc}") from exc
    if fetcher.refused:
        raise RenderError(
            f"the template refers to {fetcher.refused[0]!r}, which is not a file in the "
            "template folder (or is too big to be one); a report loads nothing else: put the "
            "file in the template folder and refer to it by its name there"
        )
    if not isinstance(pdf, bytes):
        raise RenderError("the PDF renderer returned nothing")
    return pdf
