"""Questionnaires: the items a role is asked, grouped by framework and domain, as data.

The three questionnaire formats (YAML, Excel, fillable PDF) are all built from this model, and
every answer field is named by `field_name` so it reads back unambiguously.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from readiness.framework.model import Domain, Framework, Item
from readiness.vocabulary import ROLES, role_label

# Respondents take roughly this long per item (statement, answer, occasional comment).
SECONDS_PER_ITEM = 20
FIELD_PREFIX = "rd"


@dataclass(frozen=True)
class QuestionnaireDomain:
    domain: Domain
    items: tuple[Item, ...]


@dataclass(frozen=True)
class QuestionnaireSection:
    framework: Framework
    domains: tuple[QuestionnaireDomain, ...]

    @property
    def items(self) -> list[Item]:
        return [item for d in self.domains for item in d.items]


@dataclass(frozen=True)
class Questionnaire:
    sections: tuple[QuestionnaireSection, ...]
    role: str | None  # None: every role (each item says who it is for)
    site: str | None

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def minutes(self) -> int:
        return max(5, math.ceil(self.item_count * SECONDS_PER_ITEM / 60 / 5) * 5)

    @property
    def role_label(self) -> str:
        return role_label(self.role) if self.role else "any role"

    @property
    def title(self) -> str:
        return "Social prescribing readiness questionnaire"

    def intro(self) -> list[str]:
        """The introduction, shared by all formats (said once, however many frameworks)."""
        where = f" at {self.site}" if self.site else ""
        return [
            f"This questionnaire asks how ready social prescribing{where} is: whether the "
            "conditions are in place for link workers, practices and community partners to "
            "deliver it well and keep it going. It is not a test of you or your team.",
            f"It has {self.item_count} questions for {self.role_label} and takes about "
            f'{self.minutes} minutes. Answer from your own experience. Choose "don\'t know" '
            'or a "not relevant" answer whenever that is the honest answer; these are '
            "counted, not treated as low scores. Every question has room for a comment.",
            "How your answers are used: they are combined with colleagues' answers into a "
            "report for the site. You are identified only by your role, never by name. Scores "
            "for a role are shown only when at least three people in that role answered, so "
            "small groups cannot be singled out. Comments appear in the report attributed to "
            "your role, so do not name people in them.",
        ]


def build_questionnaire(
    frameworks: Sequence[Framework], role: str | None = None, site: str | None = None
) -> Questionnaire:
    """The questionnaire for `role` (or every role) across `frameworks`, in order."""
    if role is not None and role not in ROLES:
        raise ValueError(role)
    sections = []
    for framework in frameworks:
        domains = tuple(
            QuestionnaireDomain(d, tuple(i for i in d.items if role is None or i.asks(role)))
            for d in framework.domains
        )
        kept = tuple(d for d in domains if d.items)
        if kept:
            sections.append(QuestionnaireSection(framework, kept))
    return Questionnaire(tuple(sections), role, site)


def field_name(framework: Framework, item: Item, part: str = "answer") -> str:
    """A form field name that carries the framework, its version and the item id.

    Dots separate levels in PDF field names, so the version's dots become underscores;
    `parse_field_name` reverses it. Example: rd~five-mechanisms~v1_0_0~SD1~answer.
    """
    return "~".join(
        (FIELD_PREFIX, framework.id, "v" + encode_version(framework.version), item.id, part)
    )


def encode_version(version: str) -> str:
    return version.replace(".", "_")


@dataclass(frozen=True)
class FieldRef:
    framework_id: str
    version: str  # encoded (dots as underscores)
    item_id: str
    part: str


def parse_field_name(name: str) -> FieldRef | None:
    """The parts of a field name made by `field_name`, or None for any other name."""
    parts = name.split("~")
    if len(parts) != 5 or parts[0] != FIELD_PREFIX or not parts[2].startswith("v"):
        return None
    return FieldRef(parts[1], parts[2][1:], parts[3], parts[4])
