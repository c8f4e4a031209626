"""The framework model: the frozen, validated form of a framework file that scoring uses."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from pathlib import Path

from readiness.vocabulary import Aggregate, AnswerKind, ScaleType


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

    def formatted(self) -> str:
        """The citation as printed in reports."""
        text = f"{self.authors} ({self.year}). {self.title}."
        if self.publication:
            text += f" {self.publication}."
        if self.doi:
            text += f" https://doi.org/{self.doi}"
        elif self.url:
            text += f" {self.url}"
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
        return next((o for o in self.options if o.code == code), None)

    def option_for_value(self, value: float) -> Option | None:
        """The scored option with this value, or None."""
        return next((o for o in self.scored if o.value == value), None)

    def value_range(self) -> tuple[float, float]:
        """Lowest and highest scored value (options and range scales)."""
        return self._value_range

    @functools.cached_property
    def _value_range(self) -> tuple[float, float]:
        values = [o.value for o in self.scored if o.value is not None]
        return min(values), max(values)

    def describe(self, codes: bool = False, joiner: str = " / ") -> str:
        """The answers the scale accepts, for people: option labels (or the codes a file is
        filled in with), e.g. 'Agree / Disagree; or Don't know / Not relevant to my role'."""

        def name(option: Option) -> str:
            return option.code if codes else option.label

        if self.type == ScaleType.NUMERIC:
            text = f"a number ({self.unit})"
        elif self.type == ScaleType.RANGE:
            text = f"a whole number from {self.min:g} to {self.max:g}"
        else:
            text = joiner.join(name(o) for o in self.scored)
        unscored = [name(o) for o in self.unscored]
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

    def asks(self, role: str) -> bool:
        """Whether this item is addressed to `role`."""
        return not self.roles or role in self.roles


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

    @functools.cached_property
    def items(self) -> dict[str, Item]:
        """Every item by id, in declared order."""
        return {item.id: item for domain in self.domains for item in domain.items}

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
