"""A report's HTML as a page that fetches nothing when it is opened.

A consultant's template (`--template-dir`) may refer to a logo beside it (`<img
src="logo.png">`). The PDF renderer reads such files from the template folders; a web page
written out elsewhere could not find them, and one referring to a web address would make
every reader's browser fetch it (a tracking image, say). So each picture, style sheet, font
or script a page refers to in the template folders is put inside the page as a data: URI,
any other reference (a web address, a file outside those folders) is refused, naming it, and
a Content-Security-Policy tells the browser to fetch nothing even if a reference was missed.
Links a reader follows (`<a href>`) are left as written: they fetch nothing until clicked.

Only the template's own markup can hold a quoted attribute or a `<`: the text values it
prints are escaped (autoescaping), so what is rewritten here is the template's, never a
respondent's.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import os
import re
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from readiness.errors import RenderError

# A picture or font is a few hundred KB; anything this big is not one a report should carry.
MAX_ASSET_BYTES = 10 * 1024 * 1024
# ... and a page carries a few of them: a logo, a font, a style sheet.
MAX_ASSETS_BYTES = 20 * 1024 * 1024

# Fetch nothing: pictures, styles and fonts only from inside the page, no scripts, no forms.
POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline' data:; font-src data:; "
    "media-src data:; base-uri 'none'; form-action 'none'"
)

# `<img/src=...>` is a tag with an attribute too, to a browser.
_START_TAG = re.compile(r"""<([A-Za-z][A-Za-z0-9:-]*)([\s/](?:[^<>"']|"[^"]*"|'[^']*')*)?>""")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_CSS_URL = re.compile(r"""url\(\s*("[^"]*"|'[^']*'|[^)\s]*)\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s*("[^"]*"|'[^']*')""", re.IGNORECASE)
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)
# Where the policy goes: after the character set's declaration (which belongs first), else
# at the start of <head>.
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta\s+charset\b[^>]*>)?", re.IGNORECASE)
_COMMENT = re.compile(r"(<!--.*?-->)", re.DOTALL)
_CSS_COMMENT = re.compile(r"(/\*.*?\*/)", re.DOTALL)

# Attributes whose value the browser fetches, on any element.
_FETCHED = frozenset({"src", "poster", "background", "xlink:href"})
# Elements whose href is fetched (not followed by the reader, as an <a>'s is).
_FETCHED_HREF = frozenset({"link", "image", "use", "feimage", "script"})


def self_contained(page: str, folders: Sequence[Path]) -> str:
    """`page` with every reference it fetches put inside it, and the policy that it fetch
    nothing; references are read against the first of `folders`, as the PDF renderer reads
    them. RenderError names a reference that is not a file in `folders`."""
    assets = _Assets(folders)
    # Markup commented out is not fetched, so it is left as it is.
    parts = _COMMENT.split(page)
    parts = [part if part.startswith("<!--") else _rewritten(part, assets) for part in parts]
    # The policy goes in the first <head> outside a comment (one inside would be no policy).
    policy = f'\n<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    for index, part in enumerate(parts):
        head = None if part.startswith("<!--") else _HEAD.search(part)
        if head is not None:
            parts[index] = part[: head.end()] + policy + part[head.end() :]
            return "".join(parts)
    return policy + "".join(parts)


def _rewritten(markup: str, assets: _Assets) -> str:
    markup = _STYLE_BLOCK.sub(lambda m: m[1] + assets.css(m[2]) + m[3], markup)
    return _START_TAG.sub(lambda m: _tag(m, assets), markup)


def _tag(match: re.Match[str], assets: _Assets) -> str:
    element, attributes = match[1].lower(), match[2]
    if not attributes:
        return match[0]
    if element == "meta" and any(
        found[1].lower() == "http-equiv" and _value(found[2]).strip().lower() == "refresh"
        for found in _ATTRIBUTE.finditer(attributes)
    ):
        raise RenderError(
            "the template refreshes the page to another address (<meta http-equiv=refresh>); "
            "a report opens on its own: remove it"
        )

    def attribute(found: re.Match[str]) -> str:
        name, quoted = found[1], found[2]
        key = name.lower()
        fetched = (
            key in _FETCHED
            or (key == "href" and element in _FETCHED_HREF)
            or (key == "data" and element == "object")
        )
        if not (fetched or key in ("srcset", "style")):
            return found[0]
        written = _value(quoted)
        if key == "style":
            value = assets.css(written)
        elif key == "srcset":
            value = ", ".join(assets.srcset_candidate(c) for c in _candidates(written))
        else:
            value = assets.inline(written)
        if value == written:
            return found[0]
        return f'{name}="{html.escape(value, quote=True)}"'

    return f"<{match[1]}{_ATTRIBUTE.sub(attribute, attributes)}>"


def _value(quoted: str) -> str:
    """An attribute's value as the browser reads it: unquoted, character references read."""
    return html.unescape(quoted[1:-1] if quoted[:1] in ("'", '"') else quoted)


def _candidates(srcset: str) -> list[str]:
    """A srcset's candidates ("logo.png 1x, logo@2x.png 2x"), each its URL and descriptor."""
    return [c.strip() for c in re.split(r",\s+", srcset.strip()) if c.strip()]


class _Assets:
    """The files the template folders hold, read once each, as data: URIs."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.roots = [os.path.realpath(f) for f in folders]
        self.base = Path(folders[0]).resolve().as_uri() + "/"
        self.read: dict[str, str] = {}
        self.carried = 0  # bytes of the files read so far

    def inline(self, reference: str, base: str | None = None) -> str:
        """A reference as the page keeps it: a data: URI or a link within the page as it is,
        a file in the template folders (read against `base`, by default the first folder)
        as a data: URI."""
        written = reference.strip()
        if not written or written.startswith("#") or written.lower().startswith("data:"):
            return reference
        path = file_inside(base or self.base, written, self.roots)
        if path is not None:
            return self._file(path, written)
        raise RenderError(
            f"the template refers to {written!r}, which is not a file in the template folder; "
            "a report fetches nothing when it is opened: put the file in the template folder "
            "and refer to it by its name there"
        )

    def _file(self, path: str, written: str) -> str:
        kept = self.read.get(path)
        if kept == _READING:
            raise RenderError(f"the template's style sheet {written!r} imports itself")
        if kept is not None:
            return kept
        self.read[path] = _READING
        data = _read(Path(path), written)
        self.carried += len(data)
        if self.carried > MAX_ASSETS_BYTES:
            raise RenderError(
                f"the template's files come to over {MAX_ASSETS_BYTES:,} bytes with "
                f"{written!r}; a report carries at most that: make them smaller"
            )
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind == "text/css":
            # A style sheet's own references are read against its folder, and go inside it.
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise RenderError(
                    f"the template's style sheet {written!r} is not UTF-8 text; save it as UTF-8"
                ) from None
            data = self.css(text, Path(path).parent.as_uri() + "/").encode("utf-8")
        self.read[path] = f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
        return self.read[path]

    def srcset_candidate(self, candidate: str) -> str:
        url, *descriptor = candidate.split(None, 1)
        inlined = self.inline(url)
        return f"{inlined} {descriptor[0].strip()}" if descriptor else inlined

    def css(self, text: str, base: str | None = None) -> str:
        """CSS with every url(...) and @import's file put inside it."""

        def url(found: re.Match[str]) -> str:
            quoted = found[1]
            reference = quoted[1:-1] if quoted[:1] in ("'", '"') else quoted
            inlined = self.inline(reference, base)
            return found[0] if inlined == reference else f"url({inlined})"

        def imported(found: re.Match[str]) -> str:
            reference = found[1][1:-1]
            inlined = self.inline(reference, base)
            return found[0] if inlined == reference else f"@import url({inlined})"

        # What a CSS comment holds is not fetched, so it is left as it is.
        parts = _CSS_COMMENT.split(text)
        return "".join(
            part if part.startswith("/*") else _CSS_IMPORT.sub(imported, _CSS_URL.sub(url, part))
            for part in parts
        )


_READING = ""  # a style sheet being read (one that imports itself meets this)


def file_inside(base: str, reference: str, roots: Sequence[str]) -> str | None:
    """The real path of the file `reference` names, read against `base`, when it is a file
    on this machine inside one of the (real) folders `roots`, links followed; None for any
    other (or a malformed) reference. The one rule for what a report may load."""
    try:
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(base, reference))
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = os.path.realpath(urllib.request.url2pathname(parts.path))
    except ValueError:  # an unclosed [ in the host, a character no path can hold
        return None
    inside = any(path.startswith(root + os.sep) for root in roots)
    return path if inside and os.path.isfile(path) else None


def _read(path: Path, written: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_ASSET_BYTES:
            raise RenderError(
                f"the template's {written!r} is {size:,} bytes; a report carries files of at most "
                f"{MAX_ASSET_BYTES:,} bytes: make it smaller"
            )
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(
            f"the template's {written!r} could not be read ({exc.strerror})"
        ) from None
