"""The questionnaire as a YAML respondent file, commented with each item's text and options."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from readiness.collect.questionnaire import Questionnaire, build_questionnaire
from readiness.errors import ReadinessError
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework, Option
from readiness.textmatch import single_spaced
from readiness.version import __version__
from readiness.vocabulary import ROLES
from readiness.yamlio import Comment, comments, first_content_line


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment_block(text: str, indent: str, width: int = 96) -> list[str]:
    # Line breaks a framework's words hold made spaces first (U+2028 too, which YAML reads as
    # one and textwrap keeps): one would end the comment and break the file.
    lines = textwrap.wrap(" ".join(text.splitlines()), width - len(indent) - 2)
    return [f"{indent}# {line}" for line in lines]


def render_yaml(questionnaire: Questionnaire) -> str:
    """A respondent file to fill in: one line per item, answers left blank."""
    q = questionnaire
    out = [f"# {single_spaced(q.title)} (readiness {__version__})"]
    for paragraph in q.intro():
        out.append("#")
        out.extend(_comment_block(paragraph, ""))
    out += [
        "#",
        "# How to fill this file: after each item id, write one of the answer codes listed",
        "# above it (for example  SD1: agree ), or a number where a number is asked for.",
        "# Leave an answer empty if you prefer not to answer. Comments go at the end.",
        "",
        "id:       # a pseudonym such as r01 (never your name)",
        f"role: {q.role}" if q.role else f"role:     # your role: {', '.join(ROLES)}",
        "versions:   # the framework versions these questions come from; do not change",
    ]
    for section in q.sections:
        out.append(f"  {section.framework.id}: {_quote(section.framework.version)}")
    out.append("texts:   # the text of each: bundled, or the SHA-256 of a file; do not change")
    out.extend(f"  {framework_id}: {text}" for framework_id, text in q.texts.items())
    out.append("answers:")
    for section in q.sections:
        fw = section.framework
        out.append(f"  {fw.id}:")
        out.append(f"    # ── {single_spaced(fw.title)} ──")
        for qd in section.domains:
            out.append("")
            out.append(f"    # {single_spaced(qd.domain.title)}")
            for item in qd.items:
                out.extend(_comment_block(f"{item.id}. {item.text}", "    "))
                if item.help:
                    out.extend(_comment_block(f"({item.help})", "    "))
                if not q.role and item.roles:
                    out.append(f"    #   for: {', '.join(item.roles)}")
                out.extend(
                    _comment_block(
                        f"answer: {item.scale.describe(codes=True, joiner=' | ')}", "    "
                    )
                )
                for option in _codes_to_explain(item.scale.scored):
                    out.extend(_comment_block(f"  {option.code} = {option.label}", "    "))
                out.append(f"    {item.id}:")
    out.append("")
    out.append('comments:   # optional: a comment on any item, for example  SD1: "..."')
    for section in q.sections:
        out.append(f"  {section.framework.id}:")
        out.append(f"    {section.items[0].id}:")
    out.append("")
    out.append('general_comment:   # optional: anything else you would like to say, in "quotes"')
    return "\n".join(out) + "\n"


def _codes_to_explain(options: Sequence[Option]) -> list[Option]:
    """The options whose codes do not say what they mean (L0, L1, ... for a maturity level;
    neutral for "Neither agree nor disagree"), so that someone keying in a paper form sees
    each such code's label."""
    return [o for o in options if o.code.replace("_", " ").lower() not in o.label.lower()]


# The comments a form writes: whole lines, and (key, comment) pairs beside a key.
_Written = tuple[frozenset[str], frozenset[tuple[str, str]]]


class WrittenComments:
    """The comments questionnaires write, by frameworks, role and names, each set worked out
    once: rendering a form again costs more than reading one, so an import of many YAML forms
    shares one of these."""

    def __init__(self) -> None:
        # Keyed by the frameworks' identities; each entry keeps its frameworks alive, so an
        # identity is never reused for another framework while the entry exists.
        self._known: dict[tuple[object, ...], tuple[tuple[Framework, ...], _Written]] = {}

    def of(
        self,
        frameworks: Sequence[Framework],
        role: str | None,
        service_name: str | None,
        site_name: str | None,
    ) -> _Written:
        key = (tuple(id(f) for f in frameworks), role, service_name, site_name)
        if key not in self._known:
            self._known[key] = (
                tuple(frameworks),
                _written(frameworks, role, service_name, site_name),
            )
        return self._known[key][1]


def _written(
    frameworks: Sequence[Framework],
    role: str | None,
    service_name: str | None,
    site_name: str | None,
) -> _Written:
    """The comments a questionnaire for these frameworks writes for this role or for every
    role, with these names or with none."""
    whole: set[str] = set()
    beside: set[tuple[str, str]] = set()
    for asked in {role, None}:
        for names in {(service_name, site_name), (None, None)}:
            try:
                form = render_yaml(build_questionnaire(frameworks, asked, names[1], names[0]))
            except ReadinessError:
                continue  # a role or name a questionnaire refuses: the import says why
            for comment in comments(form):
                if comment.before is None:
                    whole.add(comment.text)
                else:
                    beside.add((comment.before.split(":")[0], comment.text))
    return frozenset(whole), frozenset(beside)


def typed_comments(
    text: str,
    data: dict[str, Any],
    catalogue: Catalogue,
    service_name: str | None = None,
    site_name: str | None = None,
    written: WrittenComments | None = None,
) -> list[Comment]:
    """The comments in a filled YAML form (`text`, read as `data`) that its questionnaire did
    not write: a note someone typed after a `#`, which no import reads. The form's opening
    lines (before its first key) are not checked, nor lines near an item whose words name the
    service or site (they depend on names the form may have been written with); everything
    else must be a comment the questionnaire writes for the file's frameworks, for its role
    or for every role, in any order, with lines left out as people please. A file that names
    a framework version this catalogue lacks is not checked (the import says why).
    `written`: the forms' comments already worked out in this import."""
    frameworks = _frameworks_of(data, catalogue)
    if frameworks is None:
        return []
    role = data.get("role")
    whole, beside = (written or WrittenComments()).of(
        frameworks, str(role) if isinstance(role, str) else None, service_name, site_name
    )
    named = {
        item.id
        for framework in frameworks
        for item in framework.items.values()
        if item.text_template or item.help_template
    }
    lines = text.splitlines()
    opening = first_content_line(lines, 0) or len(lines) + 1
    typed = []
    for comment in comments(text):
        if comment.line < opening:
            continue
        if comment.before is not None:
            if (comment.before.split(":")[0], comment.text) not in beside:
                typed.append(comment)
        elif comment.text not in whole and _next_key(lines, comment.line) not in named:
            typed.append(comment)
    return typed


def _frameworks_of(data: dict[str, Any], catalogue: Catalogue) -> list[Framework] | None:
    """The frameworks (at the versions stated, else the newest) a form's answers and
    comments are for; None when one is unknown."""
    stated = data.get("versions")
    versions: dict[Any, Any] = stated if isinstance(stated, dict) else {}
    named = list(versions)
    for key in ("answers", "comments"):
        section = data.get(key)
        named += list(section) if isinstance(section, dict) else []
    found = []
    for framework_id in dict.fromkeys(str(n) for n in named):
        version = versions.get(framework_id)
        framework = catalogue.get(framework_id, None if version is None else str(version))
        if framework is None:
            return None
        found.append(framework)
    return found


def _next_key(lines: list[str], after: int) -> str | None:
    """The key on the first line after line `after` that is neither blank nor a comment."""
    number = first_content_line(lines, after)
    return lines[number - 1].split(":")[0].strip() if number is not None else None
