"""The framework model: the frozen, validated form of a framework file that scoring uses."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.vocabulary import CARRIED_CHANGES, Aggregate, AnswerKind, ChangeKind, ScaleType

if TYPE_CHECKING:
    from readiness.yamlio import PathKey

# What `{service}` in an item's text reads as when the site gives no local name for the
# service (site.yaml `service_name`, or `readiness questionnaire --service-name`), and what
# `{site}` reads as when no site is named (site.yaml `name`, or `questionnaire --site`).
DEFAULT_SERVICE_NAME = "the social prescribing service"
DEFAULT_SITE_NAME = "this site"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDERS = ("service", "site")
_NAMED_PLACEHOLDER = re.compile(r"\{(service|site)\}")


def fill_placeholders(template: str, service_name: str | None, site_name: str | None = None) -> str:
    """`template` with `{service}` replaced by the service's name and `{site}` by the site's
    (or the neutral defaults); a sentence that starts with a placeholder starts with a
    capital letter."""
    # One pass: a name that itself holds "{site}" ("{site} team") is the service's name as
    # written, never filled in again.
    names = {
        "service": service_name or DEFAULT_SERVICE_NAME,
        "site": site_name or DEFAULT_SITE_NAME,
    }
    text = _NAMED_PLACEHOLDER.sub(lambda found: names[found.group(1)], template)
    if template.startswith(("{service}", "{site}")) and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def has_placeholder(text: str | None) -> bool:
    """Whether a text names the service or the site by placeholder."""
    return text is not None and any(f"{{{name}}}" in text for name in PLACEHOLDERS)


@dataclass(frozen=True)
class Citation:
    """A work a framework draws on."""

    id: str
    authors: str
    year: int
    title: str
    publication: str | None
    doi: str | None
    url: str | None
    note: str | None = None
    where: str | None = None  # where in the work the claims relied on are made

    def formatted(self) -> str:
        """The citation as printed in reports."""
        text = f"{self.authors} ({self.year}). {self.title}."
        if self.publication:
            text += f" {self.publication}."
        if self.doi:
            text += f" https://doi.org/{self.doi}"
        elif self.url:
            text += f" {self.url}"
        if self.where:
            where = self.where.rstrip(".")
            text += f" Where: {where[:1].upper()}{where[1:]}."
        if self.note:
            note = self.note.rstrip(".")
            text += f" Note: {note[:1].upper()}{note[1:]}."
        return text


@dataclass(frozen=True)
class Option:
    """One answer on a scale: scored (value) or not (dont_know / not_applicable)."""

    code: str
    label: str
    value: float | None
    kind: AnswerKind
    reason: str | None = None
    description: str | None = None


# An option code that is a number written out ("1", "2.5"), which a number answer may name.
_DECIMAL_CODE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Scale:
    """An answer scale."""

    id: str
    label: str
    type: ScaleType
    options: tuple[Option, ...]
    points: tuple[tuple[float, float], ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None

    @functools.cached_property
    def scored(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.kind == AnswerKind.SCORED)

    @functools.cached_property
    def unscored(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.kind != AnswerKind.SCORED)

    def option(self, code: str) -> Option | None:
        """The option with this code, or None."""
        return self._by_code.get(code)

    @functools.cached_property
    def _by_code(self) -> dict[str, Option]:
        """Each code's option (the first, should a code repeat), looked up once per answer."""
        found: dict[str, Option] = {}
        for option in self.options:
            found.setdefault(option.code, option)
        return found

    def option_for_value(self, value: float) -> Option | None:
        """The scored option with this value, or None."""
        return next((o for o in self.scored if o.value == value), None)

    def option_for_number(self, number: float) -> Option | None:
        """The option a number given as an answer names, or None: the one whose code is that
        number written out (a questionnaire asks for codes, so 1 is code "1" even where
        another option's value is 1), else the scored option with that value."""
        return self._by_numeric_code.get(number) or self.option_for_value(number)

    @functools.cached_property
    def _by_numeric_code(self) -> dict[float, Option]:
        found: dict[float, Option] = {}
        for option in self.options:
            if _DECIMAL_CODE.fullmatch(option.code):
                found.setdefault(float(option.code), option)
        return found

    def value_range(self) -> tuple[float, float]:
        """Lowest and highest scored value (options and range scales)."""
        return self._value_range

    @functools.cached_property
    def uniform_variance(self) -> float | None:
        """The variance of the scores of answers chosen uniformly at random among the scored
        options (sigma^2_EU, for r_wg); None for a numeric scale or a single distinct score."""
        if self.type == ScaleType.NUMERIC:
            return None
        scores = [self.score(o.value) for o in self.scored if o.value is not None]
        if len(set(scores)) < 2:
            return None
        mean = math.fsum(scores) / len(scores)
        return math.fsum((v - mean) ** 2 for v in scores) / len(scores)

    @functools.cached_property
    def _value_range(self) -> tuple[float, float]:
        values = [o.value for o in self.scored if o.value is not None]
        return min(values), max(values)

    def describe(self, codes: bool = False, joiner: str = " / ", scored_only: bool = False) -> str:
        """The answers the scale accepts, for people: option labels (or the codes a file is
        filled in with), e.g. 'Agree / Disagree; or Don't know / Not relevant to my role'
        (`scored_only`: without the answers that are not scored)."""

        def name(option: Option) -> str:
            return option.code if codes else option.label

        if self.type == ScaleType.NUMERIC:
            text = f"a number ({self.unit})"
        elif self.type == ScaleType.RANGE:
            text = f"a whole number from {self.min:g} to {self.max:g}"
        else:
            text = joiner.join(name(o) for o in self.scored)
        unscored = [] if scored_only else [name(o) for o in self.unscored]
        return text + (f"; or {joiner.join(unscored)}" if unscored else "")

    def score(self, value: float, reverse: bool = False) -> float:
        """A value's score on 0-100 (see README, 'How scores are worked out')."""
        if self.type == ScaleType.NUMERIC:
            return _interpolate(self.points, value)
        low, high = self.value_range()
        if reverse:
            value = high + low - value
        return (value - low) / (high - low) * 100


def _interpolate(points: tuple[tuple[float, float], ...], value: float) -> float:
    if value <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if value <= x1:
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
    return points[-1][1]


@dataclass(frozen=True)
class Band:
    """A named score range."""

    id: str
    label: str
    min: float
    colour: str
    meaning: str | None


@dataclass(frozen=True)
class Action:
    """A recommended step."""

    id: str
    text: str
    owner: str
    timeframe: str
    guidance: str | None
    joint_owners: tuple[str, ...] = ()
    effort: str | None = None  # small / medium / large; None: not stated
    cost: str | None = None
    evidence: Evidence | None = None
    eric: tuple[str, ...] = ()  # ERIC strategy names, a cross-reference
    replaces: tuple[str, ...] = ()  # ids of the actions it merges


@dataclass(frozen=True)
class Evidence:
    """What supports an action: a study, national guidance or a local convention."""

    grade: str
    source: str | None = None


@dataclass(frozen=True)
class ItemRef:
    """Where an item that is asked once lives: its home framework, version and item id.

    A framework that reuses a fact (`from: delivery-conditions@2.0.0/DC7`) carries the home
    item's text, scale and roles; respondents answer it once, under the home framework."""

    framework_id: str
    version: str | None  # None: the newest version in the catalogue
    item_id: str
    at: PathKey | None = field(default=None, compare=False)  # where in its file, for messages
    home: Framework | None = field(default=None, compare=False, repr=False)  # once resolved

    @property
    def spec(self) -> str:
        version = f"@{self.version}" if self.version else ""
        return f"{self.framework_id}{version}/{self.item_id}"


@dataclass(frozen=True)
class Flag:
    """A finding raised beside an item's score (never a cap): below a score, or, for a numeric
    scale, when an answer that decides it is a figure under a value."""

    says: str
    below: float | None = None
    under: float | None = None


@dataclass(frozen=True)
class Item:
    """One question or statement."""

    id: str
    text: str
    help: str | None
    scale: Scale
    weight: float
    reverse: bool
    roles: tuple[str, ...]  # empty: every role
    critical: bool
    fact: bool  # a fact about the service, not an opinion (see the privacy rule)
    construct: str | None
    cite: str | None
    actions: tuple[str, ...]
    domain_id: str
    ref: ItemRef | None = None  # set for an item asked once in another framework
    text_template: str | None = None  # the text with {service}, when it has one
    help_template: str | None = None
    known_by: tuple[str, ...] = ()  # a fact's deciding roles; empty: every role it asks
    critical_threshold: float | None = None  # its own gate threshold; None: the framework's
    unknown_caps: str | None = None  # the band an unanswered gate caps at; None: no cap
    flag: Flag | None = None
    self_rated: bool = False  # respondents rate their own practice
    cfir: str | None = None  # nearest CFIR 2.0 construct, a cross-reference

    def gate_threshold(self, settings: ScoringSettings) -> float:
        """The score below which this critical item fails its gate."""
        if self.critical_threshold is not None:
            return self.critical_threshold
        return settings.critical_threshold

    def asks(self, role: str) -> bool:
        """Whether this item is addressed to `role`."""
        return not self.roles or role in self.roles

    def decides(self, role: str) -> bool:
        """Whether `role`'s answer counts for this fact (`known_by`, else anyone asked)."""
        return role in self.known_by if self.known_by else self.asks(role)

    @functools.cached_property
    def placeholders(self) -> frozenset[str]:
        """The placeholders its text and help say ({service}, {site}), by name."""
        words = (t for t in (self.text_template, self.help_template) if t)
        return frozenset(name for text in words for name in PLACEHOLDER.findall(text))

    def worded(self, service_name: str | None, site_name: str | None = None) -> Item:
        """The item as a site's respondents read it: {service} and {site} filled in with the
        site's words."""
        if self.text_template is None and self.help_template is None:
            return self
        return dataclasses.replace(
            self,
            text=fill_placeholders(self.text_template, service_name, site_name)
            if self.text_template
            else self.text,
            help=fill_placeholders(self.help_template, service_name, site_name)
            if self.help_template
            else self.help,
        )


@dataclass(frozen=True)
class Change:
    """One entry of a change record: what happened to some items between two versions."""

    kind: ChangeKind
    old: tuple[str, ...]  # item ids in the previous version
    new: tuple[str, ...]  # item ids in this version
    note: str | None
    cite: str | None
    at: PathKey | None = field(default=None, compare=False)  # where in its file, for messages

    @property
    def carried(self) -> bool:
        """Whether answers to the old item carry across to the new one."""
        return self.kind in CARRIED_CHANGES


@dataclass(frozen=True)
class ChangeRecord:
    """What changed from the previous version of a framework, item by item."""

    from_version: str
    summary: str | None
    changes: tuple[Change, ...]
    at: PathKey | None = field(default=None, compare=False)  # where in its file, for messages

    def for_old(self, item_id: str) -> Change | None:
        """The entry that says what happened to an item of the previous version."""
        return next((c for c in self.changes if item_id in c.old), None)


@dataclass(frozen=True)
class Domain:
    """A group of items."""

    id: str
    title: str
    description: str
    weight: float
    in_total: bool
    actions: tuple[str, ...]
    items: tuple[Item, ...]
    cfir: str | None = None  # nearest CFIR 2.0 construct, a cross-reference


@dataclass(frozen=True)
class ScoringSettings:
    """How a framework is scored."""

    min_coverage: float
    action_threshold: float
    critical_threshold: float
    cap_band: str
    min_role_group: int
    disagreement_gap: float
    disagreement_spread: float
    agreement_cutoff: float
    aggregate: Aggregate


def version_as_shown(version: str, adapted: bool) -> str:
    """A framework's version as readers see it: "3.0.0", or "3.0.0, adapted locally" for a
    user's file that replaces the bundled one."""
    return f"{version}, adapted locally" if adapted else version


@dataclass(frozen=True)
class Framework:
    """A validated framework."""

    id: str
    title: str
    version: str
    description: str
    attribution: str
    bands_note: str
    citations: tuple[Citation, ...]
    scoring: ScoringSettings
    scales: tuple[Scale, ...]
    bands: tuple[Band, ...]
    actions: dict[str, Action]
    domains: tuple[Domain, ...]
    path: Path
    changes: ChangeRecord | None = None
    licence: str | None = None  # the framework text's licence, in a few words
    # A user's file that replaces the bundled framework of the same id and version: its
    # scores are not the published framework's, so what people read says so.
    adapted: bool = False
    # The SHA-256 of its file when its text is not a bundled one: a user's adapted copy, or a
    # framework of their own (None: a bundled text, or a copy of one). Forms and answers
    # imported against it record it, so they are never read or scored against another text.
    local_sha256: str | None = None

    @functools.cached_property
    def items(self) -> dict[str, Item]:
        """Every item by id, in declared order."""
        return {item.id: item for domain in self.domains for item in domain.items}

    @property
    def shown_version(self) -> str:
        """The version as readers see it (`version_as_shown`)."""
        return version_as_shown(self.version, self.adapted)

    @property
    def spec(self) -> str:
        """The id pinned to this version, as `--framework` accepts it: npt@2.0.0."""
        return f"{self.id}@{self.version}"

    @property
    def references(self) -> list[Item]:
        """The items asked once in another framework (`from:`), in declared order."""
        return [item for item in self.items.values() if item.ref is not None]

    def worded(self, service_name: str | None, site_name: str | None = None) -> Framework:
        """The framework as a site's respondents read it ({service} and {site} filled in)."""
        if not any(i.text_template or i.help_template for i in self.items.values()):
            return self
        domains = tuple(
            dataclasses.replace(d, items=tuple(i.worded(service_name, site_name) for i in d.items))
            for d in self.domains
        )
        return dataclasses.replace(self, domains=domains)

    def band_for(self, score: float) -> Band:
        """The band whose range holds `score`."""
        chosen = self.bands[0]
        for band in self.bands:
            if score >= band.min:
                chosen = band
        return chosen

    def bands_between(self, low: float, high: float) -> list[Band]:
        """The bands a range of scores touches, lowest first."""
        return [b for b in self.bands if b == self.band_for(low) or low < b.min <= high]

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)

    def items_for_role(self, role: str) -> list[Item]:
        return [item for item in self.items.values() if item.asks(role)]
