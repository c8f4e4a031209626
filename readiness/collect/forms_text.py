"""The questionnaire as a paste-ready list for Microsoft Forms or Google Forms: every question
with its answers one per line, and the settings that make the form's export import cleanly
(`readiness import` matches a title that starts with the item's code, and answers by label)."""

from __future__ import annotations

from readiness.collect import wording
from readiness.collect.questionnaire import Questionnaire
from readiness.framework.model import Item
from readiness.vocabulary import ROLES, ScaleType


def render_forms_text(questionnaire: Questionnaire) -> bytes:
    """Plain text (UTF-8): how to set the form up, then each question to paste."""
    out = [questionnaire.title, "=" * len(questionnaire.title), ""]
    out += wording.FORMS_SETUP
    out += ["", "Introduction (paste into the form's description):", ""]
    # The form has one comments question, at the end, not one beside every question.
    out += [paragraph for text in questionnaire.intro("end") for paragraph in (text, "")]
    role_options = [ROLES[questionnaire.role]] if questionnaire.role else list(ROLES.values())
    out += [f"{wording.FORMS_ROLE_QUESTION}  [Choice, required]", *role_options, ""]
    out += [f"{wording.FORMS_ID_QUESTION}  [Text, optional]", ""]
    for section in questionnaire.sections:
        out += [f"-- {section.framework.title} --", ""]
        for domain in section.domains:
            for item in domain.items:
                out += _question(item)
    out += [f"{wording.FORMS_GENERAL_QUESTION}  [Long text, optional]", ""]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _question(item: Item) -> list[str]:
    scale = item.scale
    title = f"{item.id}. {item.text}"
    lines = []
    if scale.type == ScaleType.NUMERIC:
        lines.append(f"{title}  [Text, number: {scale.describe()}]")
    elif scale.type == ScaleType.RANGE:
        lines.append(f"{title}  [Number from {scale.min:g} to {scale.max:g}]")
    else:
        lines.append(f"{title}  [Choice]")
        lines += [option.label for option in scale.options]
    if item.help:
        lines.append(f"({wording.FORMS_HELP}: {item.help})")
    return [*lines, ""]
