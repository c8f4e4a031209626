"""The questionnaire as a YAML respondent file, commented with each item's text and options."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from readiness.collect.questionnaire import Questionnaire
from readiness.framework.model import Option
from readiness.version import __version__
from readiness.vocabulary import ROLES


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment_block(text: str, indent: str, width: int = 96) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width - len(indent) - 2)]


def render_yaml(questionnaire: Questionnaire) -> str:
    """A respondent file to fill in: one line per item, answers left blank."""
    q = questionnaire
    out = [f"# {q.title} (readiness {__version__})"]
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
    out.append("answers:")
    for section in q.sections:
        fw = section.framework
        out.append(f"  {fw.id}:")
        out.append(f"    # ── {fw.title} ──")
        for qd in section.domains:
            out.append("")
            out.append(f"    # {qd.domain.title}")
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
