"""The text of the files an import writes: a respondent file (YAML written line by line, made
to read back exactly) and a new assessment's site.yaml."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import yaml

from readiness.collect.resolve import Resolved
from readiness.collect.wording import (
    SITE_FILE_HEADER,
    SITE_FILE_HEADER_WITH_CODE,
    pseudonym_given,
    respondent_file_header,
)
from readiness.schema import is_identifier
from readiness.version import __version__
from readiness.yamlio import dump_yaml


@dataclass(frozen=True)
class NewSite:
    """What an import that creates an assessment folder writes into its site.yaml: the name
    and kind, and whatever else the consultant gave (None: not given)."""

    name: str
    kind: str = "practice"
    ods_code: str | None = None
    service_name: str | None = None
    pcn: str | None = None
    icb: str | None = None
    assessed_on: dt.date | None = None  # default: the day of the import
    invited: tuple[tuple[str, int], ...] = ()  # (role, people invited)

    def missing(self) -> tuple[str, ...]:
        """What site.yaml still lacks that reports use, each with the option that gives it."""
        gaps = {
            "its ODS code (--ods-code)": self.ods_code,
            "how many of each role were invited, for response rates (--invited ROLE=N)": (
                self.invited or None
            ),
            "its PCN and ICB codes, to group sites (--pcn, --icb)": self.pcn or self.icb,
        }
        return tuple(gap for gap, given in gaps.items() if not given)


def site_yaml(site: NewSite, today: dt.date) -> bytes:
    """A new assessment's site.yaml, under a note to check it."""
    fields: dict[str, Any] = {
        "name": site.name,
        "ods_code": _code(site.ods_code),
        "kind": str(site.kind),
        "assessed_on": site.assessed_on or today,
        "service_name": site.service_name,
        "pcn": _code(site.pcn),
        "icb": _code(site.icb),
        "invited": dict(site.invited) or None,
    }
    text = dump_yaml({"site": {k: v for k, v in fields.items() if v is not None}}, sort_keys=False)
    header = SITE_FILE_HEADER_WITH_CODE if site.ods_code else SITE_FILE_HEADER
    return (header + text).encode("utf-8")


def _code(ods: str | None) -> str | None:
    """ODS codes are written as the NHS writes them, in capitals."""
    return ods.strip().upper() if ods else None


def respondent_yaml(item: Resolved, ident: str, when: str) -> bytes:
    """The respondent file: the lines `_yaml_lines` would make of it, put together from parts
    that repeat across an export's rows (its versions, its source, each answer's line)."""
    pseudonym = item.respondent_id
    renamed = (
        (pseudonym_given(pseudonym, ident, is_identifier(pseudonym)),)
        if pseudonym is not None and pseudonym != ident
        else ()
    )
    out = [
        _header((*renamed, *item.notes, *item.warnings, *item.other_text)),
        "id: ",
        _scalar(ident),
        "\nrole: ",
        _scalar(item.role),
    ]
    out.append("\n")
    out.append(_versions_block(tuple(item.versions.items())))
    answers = [(k, v) for k, v in item.answers.items() if v]
    if answers:
        out.append("answers:\n")
        for framework_id, given in answers:
            out.append(_section_line(framework_id))
            out.extend(_answer_line(item_id, value) for item_id, value in given.items())
    else:
        out.append("answers: {}\n")
    rest: dict[str, Any] = {}
    if item.comments:
        rest["comments"] = item.comments
    if item.general_comment is not None:
        rest["general_comment"] = item.general_comment
    if rest:
        out.extend(_yaml_lines(rest, ""))
    out.append(_source_block(item.response.source.name, item.response.sha256))
    if item.response.row:
        out.append(f"  row: {item.response.row}\n")
    if item.row_key:
        out.append(f"  row_key: {_scalar(item.row_key, keep=False)}\n")
    if item.content_sha256:
        out.append(f"  content_sha256: {_scalar(item.content_sha256, keep=False)}\n")
    if item.response.review_state is not None:
        out.append(f"  review_state: {_scalar(item.response.review_state)}\n")
    if item.service_name is not None:
        out.append(f"  service_name: {_scalar(item.service_name)}\n")
    if item.site_name is not None:
        out.append(f"  site_name: {_scalar(item.site_name)}\n")
    # Said whenever known, {} when every framework is as bundled: a file that says nothing
    # (imported before readiness kept this, or from one such) is not checked.
    if item.adapted:
        out.append("  adapted:\n")
        out.extend(f"    {_scalar(k)}: {_scalar(v)}\n" for k, v in sorted(item.adapted.items()))
    elif item.adapted is not None:
        out.append("  adapted: {}\n")
    out.append(f"  imported_on: {_scalar(when)}\n")
    return "".join(out).encode("utf-8")


@functools.lru_cache(maxsize=1024)
def _header(notes: tuple[str, ...]) -> str:
    """The comment lines a respondent file starts with: who wrote it, and what did not carry."""
    header = respondent_file_header(__version__)
    return header + "".join(f"# {' '.join(note.splitlines())}\n" for note in notes)


@functools.lru_cache(maxsize=1024)
def _versions_block(versions: tuple[tuple[str, str], ...]) -> str:
    return "".join(_yaml_lines({"versions": dict(versions)}, ""))


@functools.lru_cache(maxsize=1024)
def _section_line(framework_id: str) -> str:
    return f"  {_scalar(framework_id)}:\n"


@functools.lru_cache(maxsize=1024)
def _source_block(name: str, sha256: str) -> str:
    return f"imported_from:\n  file: {_scalar(name)}\n  sha256: {_scalar(sha256)}\n"


_ANSWER_LINES: dict[tuple[str, type, Any], str] = {}


def _answer_line(item_id: str, value: Any) -> str:
    """'    SD1: agree' (an export repeats each item's few answers many thousand times)."""
    key = (item_id, type(value), value)
    found = _ANSWER_LINES.get(key)
    if found is None:
        if len(_ANSWER_LINES) > 100_000:
            _ANSWER_LINES.clear()
        found = _ANSWER_LINES[key] = f"    {_scalar(item_id)}: {_scalar(value)}\n"
    return found


# Text that reads back as the same text when written plain (not a number, bool or null).
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
# Text that double-quoted needs no escape: printable ASCII without a quote or a backslash.
_QUOTABLE = re.compile(r"[ !#-\[\]-~]*\Z")
# libyaml's emitter (when PyYAML has it) quotes text many times faster.
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _yaml_lines(data: dict[str, Any], indent: str) -> list[str]:
    """Block-style YAML for a respondent file. Written here rather than by yaml.dump, whose
    representer took most of a large import's time; every text that is not a plain word is
    double-quoted by libyaml, so it reads back exactly (a test round-trips awkward text)."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            if value:
                lines.append(f"{indent}{_scalar(key)}:\n")
                lines.extend(_yaml_lines(value, indent + "  "))
            else:
                lines.append(f"{indent}{_scalar(key)}: {{}}\n")
        else:
            lines.append(f"{indent}{_scalar(key)}: {_scalar(value)}\n")
    return lines


_SCALARS: dict[tuple[type, Any], str] = {}


def _scalar(value: Any, keep: bool = True) -> str:
    """A value as YAML (keys, codes and numbers repeat a great deal: each is made once;
    `keep=False` for a value seen once, such as a row key)."""
    key = (type(value), value)
    found = _SCALARS.get(key)
    if found is None:
        found = _make_scalar(value)
        if keep:
            if len(_SCALARS) > 100_000:
                _SCALARS.clear()
            _SCALARS[key] = found
    return found


def _make_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    if _QUOTABLE.match(text):
        return f'"{text}"'  # what libyaml writes for printable ASCII with nothing to escape
    quoted: str = yaml.dump(
        text, Dumper=_Dumper, default_style='"', allow_unicode=True, width=1 << 30
    )
    return quoted.rstrip("\n")
