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
from readiness.paths import real_path

# A picture or font is a few hundred KB; anything this big is not one a report should carry.
MAX_ASSET_BYTES = 10 * 1024 * 1024
# ... and a page carries a few of them: a logo, a font, a style sheet.
MAX_ASSETS_BYTES = 20 * 1024 * 1024

# Fetch nothing: pictures, styles and fonts only from inside the page, no scripts, no forms.
POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline' data:; font-src data:; "
    "media-src data:; base-uri 'none'; form-action 'none'"
)

# The markup that can fetch, in the order a browser meets it: a comment (fetches nothing, so
# left as it is), a <style> block, and a start tag (`<img/src=...>` is one with an attribute
# too, to a browser). One pass, so a comment's opening inside an attribute value
# (`alt="<!--"`) is the value's, as it is to a browser.
_MARKUP = re.compile(
    r"""(?P<comment><!--.*?-->)"""
    r"""|(?P<style><style\b[^>]*>)(?P<css>.*?)(?P<end></style\s*>)"""
    r"""|<(?P<element>[A-Za-z][A-Za-z0-9:-]*)(?P<attributes>[\s/](?:[^<>"']|"[^"]*"|'[^']*')*)?>""",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_CSS_URL = re.compile(r"""url\(\s*("[^"]*"|'[^']*'|[^)\s]*)\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s*("[^"]*"|'[^']*')""", re.IGNORECASE)
# image-set("a.png" 1x, "b.png" 2x) names its pictures as plain strings too.
_CSS_IMAGE_SET = re.compile(r"""(?:-webkit-)?image-set\(((?:[^()]|\([^()]*\))*)\)""", re.IGNORECASE)
_CSS_STRING = re.compile(r""""[^"]*"|'[^']*'""")
# Where the policy goes: after the character set's declaration (which belongs first), else
# at the start of <head>.
_CHARSET = re.compile(r"\s*<meta\s+charset\b[^>]*>", re.IGNORECASE)
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
    page = _rewritten(page, assets)
    # The policy goes in the first <head> outside a comment (one inside would be no policy).
    policy = f'\n<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    for found in _MARKUP.finditer(page):
        if (found["element"] or "").lower() == "head":
            charset = _CHARSET.match(page, found.end())
            at = charset.end() if charset else found.end()
            return page[:at] + policy + page[at:]
    return policy + page


def _rewritten(markup: str, assets: _Assets) -> str:
    def rewrite(found: re.Match[str]) -> str:
        if found["comment"]:
            return found[0]
        if found["style"]:
            return found["style"] + assets.css(found["css"]) + found["end"]
        return _tag(found, assets)

    return _MARKUP.sub(rewrite, markup)


def _tag(match: re.Match[str], assets: _Assets) -> str:
    element, attributes = match["element"].lower(), match["attributes"]
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
            value = ", ".join(assets.srcset_candidate(*c) for c in _candidates(written))
        else:
            value = assets.inline(written)
        if value == written:
            return found[0]
        return f'{name}="{html.escape(value, quote=True)}"'

    return f"<{match['element']}{_ATTRIBUTE.sub(attribute, attributes)}>"


def _value(quoted: str) -> str:
    """An attribute's value as the browser reads it: unquoted, character references read."""
    return html.unescape(quoted[1:-1] if quoted[:1] in ("'", '"') else quoted)


_SPACE = " \t\n\r\f"


def _candidates(srcset: str) -> list[tuple[str, str]]:
    """A srcset's candidates ("logo.png 1x,logo@2x.png 2x"), each its URL and descriptor,
    split as the HTML standard splits them: a URL runs to the next space (a data: URI's comma
    is its own), a URL ending in a comma has no descriptor, and a descriptor runs to the next
    comma outside brackets."""
    found: list[tuple[str, str]] = []
    at, end = 0, len(srcset)
    while True:
        while at < end and (srcset[at] in _SPACE or srcset[at] == ","):
            at += 1
        if at >= end:
            return found
        start = at
        while at < end and srcset[at] not in _SPACE:
            at += 1
        url, descriptor = srcset[start:at], ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            # In the standard, "(" opens brackets that the first ")" closes: they do not nest.
            start, in_brackets = at, False
            while at < end and not (srcset[at] == "," and not in_brackets):
                in_brackets = {"(": True, ")": False}.get(srcset[at], in_brackets)
                at += 1
            descriptor = srcset[start:at].strip()
        found.append((url, descriptor))


class _Assets:
    """The files the template folders hold, read once each, as data: URIs."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.roots = [os.path.realpath(f) for f in folders]
        self.base = real_path(Path(folders[0])).as_uri() + "/"
        self.read: dict[str, str] = {}
        self.carried = 0  # bytes of the files read so far

    def inline(self, reference: str, base: str | None = None) -> str:
        """A reference as the page keeps it: a data: URI or a link within the page as it is,
        a file in the template folders (read against `base`, by default the first folder)
        as a data: URI."""
        written = reference.strip()
        if written.lower().startswith("data:"):
            style_sheet = _css_in(written)
            if style_sheet is not None:  # what it imports would be fetched
                self.css(style_sheet, "data:")
            return reference
        if not written or written.startswith("#"):
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

    def srcset_candidate(self, url: str, descriptor: str) -> str:
        inlined = self.inline(url)
        return f"{inlined} {descriptor}" if descriptor else inlined

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

        def image_set(found: re.Match[str]) -> str:
            def picture(string: re.Match[str]) -> str:
                reference = string[0][1:-1]
                inlined = self.inline(reference, base)
                return string[0] if inlined == reference else f'"{inlined}"'

            return found[0].replace(found[1], _CSS_STRING.sub(picture, found[1]))

        def rewritten(part: str) -> str:
            return _CSS_IMAGE_SET.sub(image_set, _CSS_IMPORT.sub(imported, _CSS_URL.sub(url, part)))

        # What a CSS comment holds is not fetched, so it is left as it is.
        parts = _CSS_COMMENT.split(text)
        return "".join(part if part.startswith("/*") else rewritten(part) for part in parts)


_READING = ""  # a style sheet being read (one that imports itself meets this)


def _css_in(uri: str) -> str | None:
    """The style sheet a data: URI holds, or None when it holds something else."""
    header, _, payload = uri[len("data:") :].partition(",")
    kind, *parameters = (part.strip().lower() for part in header.split(";"))
    if kind != "text/css":
        return None
    data = urllib.parse.unquote_to_bytes(payload)
    if "base64" in parameters:
        try:
            data = base64.b64decode(data)
        except ValueError:
            return None  # nothing a browser could read either
    return data.decode("utf-8", errors="replace")


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
