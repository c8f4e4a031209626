"""Framework definitions: the YAML format, its validation, and the frozen model scoring uses."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.errors import InputError, Problem, errors_only
from readiness.schema import (
    INVALID,
    Boolean,
    Checker,
    Choice,
    Field,
    ListOf,
    Number,
    Record,
    Text,
    did_you_mean,
    known_list,
)
from readiness.vocabulary import COLOURS, ROLES, TIMEFRAMES
from readiness.yamlio import Document, PathKey, load_yaml

DEFAULT_BANDS_NOTE = (
    "Band thresholds are local conventions chosen for this framework; no validated cut-offs "
    "exist for these instruments."
)

ROLE = Choice(tuple(ROLES), what="role")
ID = Text(identifier=True)

CITATION = Record(
    "citation",
    (
        Field("id", ID, "a short id that items cite, e.g. runacres2021", required=True),
        Field("authors", Text(), "authors as they should be printed", required=True),
        Field("year", Number(minimum=1900, maximum=2100, integer=True), "year", required=True),
        Field("title", Text(), "title of the work", required=True),
        Field("publication", Text(), "journal, publisher or institution"),
        Field("doi", Text(), "DOI, e.g. 10.1186/s12874-018-0591-x"),
        Field("url", Text(), "web address, when there is no DOI"),
    ),
    id_key="id",
)

OPTION = Record(
    "answer option",
    (
        Field("code", ID, "what an assessment file writes for this answer", required=True),
        Field("label", Text(), "the answer as a respondent reads it", required=True),
        Field("value", Number(), "the numeric value of a scored answer"),
        Field(
            "kind",
            Choice(("dont_know", "not_applicable"), what="option kind"),
            "for an answer that is not scored: dont_know or not_applicable",
        ),
        Field("reason", ID, "why not applicable (e.g. role, stage, service); kept apart in counts"),
        Field("description", Text(), "what this level looks like (maturity scales)"),
    ),
    id_key="code",
)

POINT = Record(
    "scoring point",
    (
        Field("at", Number(), "an answer value", required=True),
        Field("score", Number(minimum=0, maximum=100), "its score on 0-100", required=True),
    ),
)

ANCHOR = Record(
    "anchor",
    (
        Field("value", Number(integer=True), "a point of the range", required=True),
        Field("label", Text(), "what that point means", required=True),
    ),
)

SCALE = Record(
    "scale",
    (
        Field("id", ID, "the id items use to refer to this scale", required=True),
        Field("label", Text(), "a name for the scale", required=True),
        Field(
            "type",
            Choice(("options", "range", "numeric"), what="scale type"),
            "options (listed answers), range (whole numbers min..max) or numeric (a fact "
            "scored through points)",
            default="options",
        ),
        Field(
            "options",
            ListOf(OPTION),
            "the answers (for range and numeric: the unscored ones only, such as don't know)",
            default=[],
        ),
        Field("min", Number(), "lowest value (range) or lowest accepted answer (numeric)"),
        Field("max", Number(), "highest value (range) or highest accepted answer (numeric)"),
        Field("anchors", ListOf(ANCHOR), "labels for some points of a range", default=[]),
        Field(
            "points",
            ListOf(POINT),
            "numeric: answer values and their scores; straight lines between, flat beyond the ends",
            default=[],
        ),
        Field("unit", Text(), "numeric: the unit of the answer, e.g. people per year"),
    ),
    id_key="id",
)

BAND = Record(
    "band",
    (
        Field("id", ID, "band id", required=True),
        Field("label", Text(), "band name shown in reports", required=True),
        Field("min", Number(minimum=0, maximum=100), "lowest score in the band", required=True),
        Field("max", Number(minimum=0, maximum=100), "optional: the next band's min (or 100)"),
        Field("colour", Choice(COLOURS, what="colour"), "RAG colour", required=True),
        Field("meaning", Text(), "one sentence on what a site in this band should do"),
    ),
    id_key="id",
)

SCORING = Record(
    "scoring settings",
    (
        Field(
            "min_coverage",
            Number(minimum=0, maximum=1, exclusive_minimum=True),
            "share of item weight that must be answered for a domain (and of domain weight "
            "for the framework) to be scored",
            default=0.5,
        ),
        Field(
            "action_threshold",
            Number(minimum=0, maximum=100),
            "items and domains scoring below this raise their actions",
            default=60,
        ),
        Field(
            "critical_threshold",
            Number(minimum=0, maximum=100),
            "a critical item scoring below this caps the framework's band",
            default=50,
        ),
        Field("cap_band", ID, "the band a failed critical item caps at (default: the lowest)"),
        Field(
            "min_role_group",
            Number(minimum=1, integer=True),
            "roles with fewer respondents are not shown apart",
            default=3,
        ),
        Field(
            "disagreement_gap",
            Number(minimum=0, maximum=100),
            "roles' mean scores this far apart flag disagreement",
            default=25,
        ),
        Field(
            "disagreement_spread",
            Number(minimum=0, maximum=100),
            "respondents' scores with this standard deviation or more flag disagreement",
            default=30,
        ),
    ),
)

ACTION = Record(
    "action",
    (
        Field("id", ID, "the id items and domains use to raise this action", required=True),
        Field("text", Text(), "the step to take, in plain English", required=True),
        Field("owner", ROLE, "the role that should own it", required=True),
        Field(
            "timeframe",
            Choice(tuple(TIMEFRAMES), what="timeframe"),
            f"one of: {', '.join(TIMEFRAMES)}",
            required=True,
        ),
        Field("guidance", Text(), "optional: a document or web address with guidance"),
    ),
    id_key="id",
)

SOURCE = Record(
    "source",
    (
        Field("construct", Text(), "the construct the item operationalises", required=True),
        Field("cite", ID, "the id of a citation in this framework", required=True),
    ),
)

ITEM = Record(
    "item",
    (
        Field("id", ID, "unique in the framework, e.g. SD1", required=True),
        Field("text", Text(), "a single-idea statement in plain English", required=True),
        Field("help", Text(), "optional help for the respondent"),
        Field("scale", ID, "the id of one of the framework's scales", required=True),
        Field("weight", Number(minimum=0, exclusive_minimum=True), "relative weight", default=1),
        Field("reverse", Boolean(), "true when agreeing is the weak answer", default=False),
        Field("roles", ListOf(ROLE, min_items=1, unique=True), "who is asked (default: all)"),
        Field(
            "critical", Boolean(), "a gate: a low score caps the framework's band", default=False
        ),
        Field("source", SOURCE, "the construct it operationalises, cited"),
        Field(
            "actions", ListOf(ID, unique=True), "ids of actions raised when it is weak", default=[]
        ),
    ),
    id_key="id",
)

DOMAIN = Record(
    "domain",
    (
        Field("id", ID, "domain id", required=True),
        Field("title", Text(), "plain-English heading", required=True),
        Field(
            "description",
            Text(),
            "one or two sentences a practice manager understands",
            required=True,
        ),
        Field("weight", Number(minimum=0, exclusive_minimum=True), "relative weight", default=1),
        Field(
            "in_total",
            Boolean(),
            "false: the domain is reported but not added into the "
            "framework score (e.g. NoMAD's general items)",
            default=True,
        ),
        Field(
            "actions",
            ListOf(ID, unique=True),
            "ids of actions raised when the domain is weak",
            default=[],
        ),
        Field("items", ListOf(ITEM, min_items=1), "the questions", required=True),
    ),
    id_key="id",
)

FRAMEWORK = Record(
    "framework",
    (
        Field("id", ID, "framework id, e.g. five-mechanisms", required=True),
        Field("title", Text(), "title", required=True),
        Field("version", Text(), 'version (quote it: "1.0.0")', required=True),
        Field("description", Text(), "what it assesses and why", required=True),
        Field("attribution", Text(), "attribution and licence note", required=True),
        Field(
            "bands_note", Text(), "how the band thresholds were chosen", default=DEFAULT_BANDS_NOTE
        ),
        Field("citations", ListOf(CITATION, min_items=1), "works it draws on", required=True),
        Field("scoring", SCORING, "scoring settings"),
        Field("scales", ListOf(SCALE, min_items=1), "answer scales", required=True),
        Field("bands", ListOf(BAND, min_items=2), "score bands over 0-100", required=True),
        Field("actions", ListOf(ACTION), "recommended actions", required=True),
        Field("domains", ListOf(DOMAIN, min_items=1), "domains and their items", required=True),
    ),
    doc="A readiness framework: domains, items, answer scales, bands and actions.",
)


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
    kind: str  # "scored", "dont_know" or "not_applicable"
    reason: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Scale:
    """An answer scale."""

    id: str
    label: str
    type: str
    options: tuple[Option, ...]
    points: tuple[tuple[float, float], ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None

    @property
    def scored(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.kind == "scored")

    @property
    def unscored(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.kind != "scored")

    def option(self, code: str) -> Option | None:
        """The option with this code, or None."""
        return next((o for o in self.options if o.code == code), None)

    def option_for_value(self, value: float) -> Option | None:
        """The scored option with this value, or None."""
        return next((o for o in self.scored if o.value == value), None)

    def value_range(self) -> tuple[float, float]:
        """Lowest and highest scored value (options and range scales)."""
        values = [o.value for o in self.scored if o.value is not None]
        return min(values), max(values)

    def score(self, value: float, reverse: bool = False) -> float:
        """A value's score on 0-100 (see README, 'How scores are worked out')."""
        if self.type == "numeric":
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

    @property
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

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)

    def items_for_role(self, role: str) -> list[Item]:
        return [item for item in self.items.values() if item.asks(role)]


def load_framework(path: Path) -> Framework:
    """Read and validate a framework file; raise InputError listing every problem."""
    framework, problems = check_framework(path)
    if framework is None:
        raise InputError(problems)
    return framework


def check_framework(path: Path) -> tuple[Framework | None, list[Problem]]:
    """Validate a framework file: the framework (None when it has errors) and every problem."""
    try:
        doc = load_yaml(path)
    except InputError as exc:
        return None, exc.problems
    checker = Checker(doc)
    data = checker.check(FRAMEWORK)
    if data is INVALID:
        return None, checker.problems
    _Semantics(doc, checker, data).run()
    if errors_only(checker.problems):
        return None, checker.problems
    return _build(data, doc.path), checker.problems


class _Semantics:
    """Cross-references and rules a structural schema cannot express."""

    def __init__(self, doc: Document, checker: Checker, data: dict[str, Any]) -> None:
        self.doc = doc
        self.checker = checker
        self.data = data

    def run(self) -> None:
        self.citations = self._unique("citations", "citation", "id")
        self.scales = self._unique("scales", "scale", "id")
        self.bands = self._unique("bands", "band", "id")
        self.actions = self._unique("actions", "action", "id")
        self._unique("domains", "domain", "id")
        for index, citation in self._list("citations"):
            if citation["doi"] is None and citation["url"] is None:
                self._error(
                    ("citations", index),
                    self._name("citations", citation, "id", index),
                    "needs a doi or a url so readers can find the work",
                )
        for index, scale in self._list("scales"):
            self._check_scale(index, scale)
        self._check_bands()
        self._check_scoring()
        self._check_actions_used()
        self._check_items()
        domains = [d for _, d in self._list("domains")]
        if domains and not any(d.get("in_total") is True for d in domains):
            self._error(
                ("domains",),
                "domains",
                "at least one domain must count in the total (in_total: true)",
            )

    # helpers -----------------------------------------------------------------------------
    def _list(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        """The valid elements of a top-level list, with their positions in the document."""
        value = self.data.get(key)
        if not isinstance(value, list):
            return []
        return [(index, v) for index, v in enumerate(value) if isinstance(v, dict)]

    @staticmethod
    def _name(key: str, element: dict[str, Any], id_key: str, index: int) -> str:
        ident = element.get(id_key)
        return f"{key}[{ident}]" if ident not in (None, INVALID) else f"{key}[#{index + 1}]"

    def _error(self, at: PathKey, name: str, message: str) -> None:
        self.checker.report(at, name, message)

    def _unique(self, key: str, what: str, id_key: str) -> list[str]:
        seen: dict[str, int] = {}
        raw = self.doc.data.get(key) if isinstance(self.doc.data, dict) else None
        for index, element in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(element, dict):
                continue
            ident = element.get(id_key)
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = self.doc.line((key, seen[ident]))
                self._error(
                    (key, index, id_key),
                    f"{key}[{ident}]",
                    f"{what} id {ident!r} is used twice (first on line {first})",
                )
            else:
                seen[ident] = index
        return list(seen)

    def _reference(self, at: PathKey, name: str, ref: str, known: list[str], what: str) -> bool:
        if ref in known:
            return True
        defined = known_list(known) if known else "none"
        self._error(
            at, name, f"unknown {what} {ref!r}{did_you_mean(ref, known)} (defined: {defined})"
        )
        return False

    # rules -------------------------------------------------------------------------------
    def _check_scale(self, index: int, scale: dict[str, Any]) -> None:
        at: PathKey = ("scales", index)
        name = self._name("scales", scale, "id", index)
        options = scale["options"] if isinstance(scale["options"], list) else []
        valid_options = [o for o in options if isinstance(o, dict)]
        codes: dict[str, int] = {}
        for opt_index, option in enumerate(self.doc.data["scales"][index].get("options") or []):
            code = option.get("code") if isinstance(option, dict) else None
            if isinstance(code, str):
                if code in codes:
                    self._error(
                        (*at, "options", opt_index, "code"),
                        f"{name}.options[{code}]",
                        f"answer code {code!r} is used twice",
                    )
                codes[code] = opt_index
        for opt_index, option in enumerate(options):
            if not isinstance(option, dict):
                continue
            opt_at: PathKey = (*at, "options", opt_index)
            opt_name = f"{name}.options[{option.get('code', f'#{opt_index + 1}')}]"
            value, kind = option.get("value"), option.get("kind")
            if value is not None and kind is not None:
                self._error(
                    opt_at,
                    opt_name,
                    "give either a value (scored) or a kind (not scored), not both",
                )
            elif value is None and kind is None:
                self._error(
                    opt_at,
                    opt_name,
                    "needs a value (a scored answer) or kind: dont_know / not_applicable",
                )
            if kind == "not_applicable" and option.get("reason") is None:
                self._error(
                    opt_at,
                    opt_name,
                    "a not_applicable answer needs a reason (e.g. role, stage, service)",
                )
            if kind != "not_applicable" and option.get("reason") is not None:
                self._error(
                    (*opt_at, "reason"),
                    f"{opt_name}.reason",
                    "only not_applicable answers take a reason",
                )
            if scale["type"] in ("range", "numeric") and value is not None:
                self._error(
                    opt_at,
                    opt_name,
                    f"a {scale['type']} scale lists only unscored "
                    "options (don't know, not applicable)",
                )
        scale_type = scale["type"]
        if scale_type == "options":
            scored = {o["value"] for o in valid_options if o.get("value") is not None}
            if len(scored) < 2 and len(valid_options) == len(options):
                self._error(at, name, "needs at least two scored options with different values")
            for key in ("min", "max", "points", "anchors", "unit"):
                if scale[key] not in (None, []):
                    self._error(
                        (*at, key),
                        f"{name}.{key}",
                        f"'{key}' belongs to range or numeric scales, not options",
                    )
        elif scale_type == "range":
            low, high = scale["min"], scale["max"]
            if low is None or high is None:
                self._error(at, name, "a range scale needs min and max")
            elif low >= high or low != int(low) or high != int(high) or high - low > 100:
                self._error(at, name, "a range needs whole-number min < max, at most 100 apart")
            else:
                for a_index, anchor in enumerate(scale["anchors"] or []):
                    if isinstance(anchor, dict) and not low <= anchor["value"] <= high:
                        self._error(
                            (*at, "anchors", a_index),
                            f"{name}.anchors[#{a_index + 1}]",
                            f"value {anchor['value']} is outside {low}..{high}",
                        )
        else:  # numeric
            points = [p for p in scale["points"] or [] if isinstance(p, dict)]
            if len(points) < 2:
                self._error(
                    at, name, "a numeric scale needs at least two points (at: value, score: 0-100)"
                )
            xs = [p["at"] for p in points]
            if any(b <= a for a, b in itertools.pairwise(xs)):
                self._error(
                    (*at, "points"),
                    f"{name}.points",
                    "points must be in increasing order of 'at', with no repeats",
                )
            if scale["unit"] is None:
                self._error(at, name, "a numeric scale needs a unit (e.g. people per year)")

    def _check_bands(self) -> None:
        valid = self._list("bands")
        if not valid or len(valid) != len(self.data["bands"]):
            return  # coverage cannot be judged until every band is well formed
        bands = [band for _, band in valid]
        if bands[0]["min"] != 0:
            self._error(
                ("bands", 0, "min"),
                self._name("bands", bands[0], "id", 0) + ".min",
                f"the first band must start at 0 (it starts at {bands[0]['min']}), "
                "or scores below it would have no band",
            )
        for index, (band, following) in enumerate(itertools.pairwise(bands)):
            name = self._name("bands", following, "id", index + 1)
            if following["min"] <= band["min"]:
                self._error(
                    ("bands", index + 1, "min"),
                    f"{name}.min",
                    f"bands must go up: min {following['min']} is not above the "
                    f"previous band's {band['min']} (overlap)",
                )
            if band["max"] is not None and band["max"] != following["min"]:
                kind = "a gap" if band["max"] < following["min"] else "an overlap"
                self._error(
                    ("bands", index, "max"),
                    self._name("bands", band, "id", index) + ".max",
                    f"max {band['max']} leaves {kind} before the next band, which "
                    f"starts at {following['min']}",
                )
        last = bands[-1]
        if last["min"] >= 100:
            self._error(
                ("bands", len(bands) - 1, "min"),
                self._name("bands", last, "id", len(bands) - 1) + ".min",
                "the top band must start below 100",
            )
        if last["max"] is not None and last["max"] != 100:
            self._error(
                ("bands", len(bands) - 1, "max"),
                self._name("bands", last, "id", len(bands) - 1) + ".max",
                f"the top band must end at 100, not {last['max']} (a gap)",
            )

    def _check_scoring(self) -> None:
        scoring = self.data.get("scoring")
        if isinstance(scoring, dict) and isinstance(scoring.get("cap_band"), str):
            self._reference(
                ("scoring", "cap_band"), "scoring.cap_band", scoring["cap_band"], self.bands, "band"
            )

    def _check_actions_used(self) -> None:
        used: set[str] = set()
        for _, domain in self._list("domains"):
            used.update(a for a in domain.get("actions") or [] if isinstance(a, str))
            for item in domain.get("items") or []:
                if isinstance(item, dict):
                    used.update(a for a in item.get("actions") or [] if isinstance(a, str))
        for index, action in self._list("actions"):
            if action.get("id") not in used:
                self.checker.warn(
                    ("actions", index),
                    self._name("actions", action, "id", index),
                    "no item or domain raises this action",
                )

    def _check_items(self) -> None:
        item_lines: dict[str, int | None] = {}
        scale_types = {s["id"]: s["type"] for _, s in self._list("scales")}
        for d_index, domain in self._list("domains"):
            d_at: PathKey = ("domains", d_index)
            d_name = self._name("domains", domain, "id", d_index)
            for a_index, action in enumerate(domain.get("actions") or []):
                if not isinstance(action, str):
                    continue
                self._reference(
                    (*d_at, "actions", a_index),
                    f"{d_name}.actions[#{a_index + 1}]",
                    action,
                    self.actions,
                    "action",
                )
            for i_index, item in enumerate(domain.get("items") or []):
                if not isinstance(item, dict):
                    continue
                at: PathKey = (*d_at, "items", i_index)
                name = f"{d_name}.items[{item.get('id')}]"
                ident = item.get("id")
                if isinstance(ident, str):
                    if ident in item_lines:
                        self._error(
                            (*at, "id"),
                            name,
                            f"item id {ident!r} is used twice in "
                            f"the framework (first on line {item_lines[ident]})",
                        )
                    else:
                        item_lines[ident] = self.doc.line((*at, "id"))
                scale = item.get("scale")
                if (
                    isinstance(scale, str)
                    and self._reference(
                        (*at, "scale"), f"{name}.scale", scale, self.scales, "scale"
                    )
                    and item.get("reverse") is True
                    and scale_types.get(scale) == "numeric"
                ):
                    self._error(
                        (*at, "reverse"),
                        f"{name}.reverse",
                        "a numeric scale's points already set its direction; remove 'reverse'",
                    )
                for a_index, action in enumerate(item.get("actions") or []):
                    if not isinstance(action, str):
                        continue
                    self._reference(
                        (*at, "actions", a_index),
                        f"{name}.actions[#{a_index + 1}]",
                        action,
                        self.actions,
                        "action",
                    )
                source = item.get("source")
                if isinstance(source, dict) and isinstance(source.get("cite"), str):
                    self._reference(
                        (*at, "source", "cite"),
                        f"{name}.source.cite",
                        source["cite"],
                        self.citations,
                        "citation",
                    )
                if not item.get("actions"):
                    self.checker.warn(
                        at, name, "no actions: a weak score will not say what to do next"
                    )


def _build(data: dict[str, Any], path: Path) -> Framework:
    scales = tuple(_build_scale(s) for s in data["scales"])
    by_id = {s.id: s for s in scales}
    bands = tuple(
        Band(b["id"], b["label"], float(b["min"]), b["colour"], b["meaning"]) for b in data["bands"]
    )
    scoring_data = data["scoring"]
    scoring = ScoringSettings(
        min_coverage=float(scoring_data["min_coverage"]),
        action_threshold=float(scoring_data["action_threshold"]),
        critical_threshold=float(scoring_data["critical_threshold"]),
        cap_band=scoring_data["cap_band"] or bands[0].id,
        min_role_group=int(scoring_data["min_role_group"]),
        disagreement_gap=float(scoring_data["disagreement_gap"]),
        disagreement_spread=float(scoring_data["disagreement_spread"]),
    )
    domains = []
    for d in data["domains"]:
        items = tuple(
            Item(
                id=i["id"],
                text=i["text"],
                help=i["help"],
                scale=by_id[i["scale"]],
                weight=float(i["weight"]),
                reverse=i["reverse"],
                roles=tuple(i["roles"] or ()),
                critical=i["critical"],
                construct=i["source"]["construct"] if i["source"] else None,
                cite=i["source"]["cite"] if i["source"] else None,
                actions=tuple(i["actions"]),
                domain_id=d["id"],
            )
            for i in d["items"]
        )
        domains.append(
            Domain(
                d["id"],
                d["title"],
                d["description"],
                float(d["weight"]),
                d["in_total"],
                tuple(d["actions"]),
                items,
            )
        )
    return Framework(
        id=data["id"],
        title=data["title"],
        version=data["version"],
        description=data["description"],
        attribution=data["attribution"],
        bands_note=data["bands_note"],
        citations=tuple(
            Citation(
                c["id"],
                c["authors"],
                int(c["year"]),
                c["title"],
                c["publication"],
                c["doi"],
                c["url"],
            )
            for c in data["citations"]
        ),
        scoring=scoring,
        scales=scales,
        bands=bands,
        actions={
            a["id"]: Action(a["id"], a["text"], a["owner"], a["timeframe"], a["guidance"])
            for a in data["actions"]
        },
        domains=tuple(domains),
        path=path,
    )


def _build_scale(s: dict[str, Any]) -> Scale:
    unscored = [
        Option(o["code"], o["label"], None, o["kind"], o["reason"], o["description"])
        for o in s["options"]
        if o["value"] is None
    ]
    if s["type"] == "options":
        options = [
            Option(
                o["code"],
                o["label"],
                float(o["value"]) if o["value"] is not None else None,
                o["kind"] or "scored",
                o["reason"],
                o["description"],
            )
            for o in s["options"]
        ]
        return Scale(s["id"], s["label"], "options", tuple(options))
    if s["type"] == "range":
        anchors = {int(a["value"]): a["label"] for a in s["anchors"]}
        low, high = int(s["min"]), int(s["max"])
        scored = [
            Option(str(v), f"{v} – {anchors[v]}" if v in anchors else str(v), float(v), "scored")
            for v in range(low, high + 1)
        ]
        return Scale(
            s["id"], s["label"], "range", tuple(scored + unscored), min=float(low), max=float(high)
        )
    points = tuple((float(p["at"]), float(p["score"])) for p in s["points"])
    return Scale(
        s["id"],
        s["label"],
        "numeric",
        tuple(unscored),
        points=points,
        min=s["min"],
        max=s["max"],
        unit=s["unit"],
    )
