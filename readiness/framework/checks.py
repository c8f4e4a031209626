"""Checking a framework file: structure (the declared format), then the rules between its
parts (references, scales, bands), every problem at once; then building the frozen model."""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.errors import InputError, Problem, errors_only
from readiness.framework.build import build_framework
from readiness.framework.catalogue import version_key
from readiness.framework.format import FRAMEWORK, REFERENCE, VERSION
from readiness.framework.library import ActionLibrary, load_library, published_actions
from readiness.framework.model import (
    PLACEHOLDER,
    PLACEHOLDERS,
    Framework,
)
from readiness.numerals import read_number
from readiness.resources import is_bundled_framework
from readiness.schema import INVALID, Checker, did_you_mean, known_list
from readiness.textmatch import normalise
from readiness.vocabulary import AnswerKind, ChangeKind, ScaleType
from readiness.yamlio import Document, PathKey, load_yaml


@dataclass(frozen=True)
class CheckedFile:
    """A framework file (or action library) after checking: the framework (None when invalid
    or a library), the library (for an actions.yaml) and every problem."""

    path: Path
    framework: Framework | None
    problems: list[Problem]
    library: ActionLibrary | None = None

    @property
    def valid(self) -> bool:
        found = self.framework is not None or self.library is not None
        return found and not errors_only(self.problems)


def check_file(path: Path, library: ActionLibrary | None = None) -> CheckedFile:
    """Check one framework file on its own (`frameworks validate` then checks the rules
    between files: references and change records)."""
    framework, problems = check_framework(path, library)
    return CheckedFile(Path(path), framework, problems)


def load_framework(path: Path, library: ActionLibrary | None = None) -> Framework:
    """Read and validate a framework file; raise InputError listing every problem.

    Items asked once in another framework (`from:`) stay unresolved until a catalogue
    resolves them (see catalogue.py)."""
    framework, problems = check_framework(path, library)
    if framework is None:
        raise InputError(problems)
    return framework


def check_framework(
    path: Path, library: ActionLibrary | None = None
) -> tuple[Framework | None, list[Problem]]:
    """Validate a framework file: the framework (None when it has errors) and every problem.

    `library` is the action library its items may raise actions from (default: the bundled
    one plus any actions.yaml beside the file)."""
    try:
        doc = load_yaml(path)
    except InputError as exc:
        return None, exc.problems
    if library is None:
        library, _ = load_library([Path(path).parent])
    checker = Checker(doc)
    data = checker.check(FRAMEWORK)
    if data is INVALID:
        # A wrong field (reported) hides no other problem: the rules are checked on the rest.
        checkable = _checkable(FRAMEWORK.fields_of(doc.data, (), "", Checker(doc)))
        if checkable is not INVALID:
            _Semantics(doc, checker, checkable, library).run()
        return None, checker.problems
    _Semantics(doc, checker, data, library).run()
    if errors_only(checker.problems):
        return None, checker.problems
    return build_framework(data, doc, library), checker.problems


# The lists the rest of a framework refers to by id: while one is not a list at all, every
# reference to it would be reported as unknown, so the rules wait for it.
_REFERRED = ("citations", "scales", "bands", "actions", "domains")


def _checkable(fields: Any) -> Any:
    """A framework's top-level fields (`Record.fields_of`) without those that are wrong, for
    the rules between them; INVALID when a list the others refer to is wrong."""
    if fields is INVALID or any(fields.get(key) is INVALID for key in _REFERRED):
        return INVALID
    return {key: value for key, value in fields.items() if value is not INVALID}


class _Semantics:
    """Cross-references and rules a structural schema cannot express."""

    def __init__(
        self, doc: Document, checker: Checker, data: dict[str, Any], library: ActionLibrary
    ) -> None:
        self.doc = doc
        self.checker = checker
        self.data = data
        self.library = library
        # Each home item reused here (`from:`), and where it was first.
        self.reused: dict[tuple[str, str], PathKey] = {}

    def run(self) -> None:
        self.citations = self._unique("citations", "citation", "id")
        self.scales = self._unique("scales", "scale", "id")
        self.bands = self._unique("bands", "band", "id")
        self.own_actions = self._unique("actions", "action", "id")
        self._own_actions_apart()
        # Items raise this framework's own actions or, by id, the shared library's.
        self.actions = self.own_actions + [
            a for a in self.library.ids() if a not in self.own_actions
        ]
        self._unique("domains", "domain", "id")
        version = self.data.get("version")
        if isinstance(version, str) and not VERSION.fullmatch(version):
            self._error(
                ("version",),
                "version",
                f"{version!r} is not a version: use letters, digits, '.', '-', '+' and '_' "
                'only, for example "2.0.0"',
            )
        for index, citation in self._list("citations"):
            if citation["doi"] is None and citation["url"] is None:
                self.checker.warn(
                    ("citations", index),
                    self._name("citations", citation, "id", index),
                    "has neither a doi nor a url, so readers may not find the work; add one, "
                    "or say in its note how to find it",
                )
        for index, scale in self._list("scales"):
            self._check_scale(index, scale)
        self._check_bands()
        self._check_scoring()
        self._check_actions_used()
        self._check_scales_used()
        self._check_items()
        self._check_changes()
        self._check_unfilled_braces()
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

    def _own_actions_apart(self) -> None:
        """A framework's own action may not take the id of the library's in other words: a
        site's plan holds one action of an id, so an assessment with this framework and
        another raising the library's would write a plan it cannot read back. (The bundled
        1.0.0 frameworks predate the library and keep their published ids, and so does a
        copy of one: `published_actions`, read only then.)"""
        if self.doc.path is not None and is_bundled_framework(self.doc.path):
            return
        for index, action in self._list("actions"):
            ident = action.get("id")
            if not isinstance(ident, str) or ident not in self.library.actions:
                continue
            theirs = self.library.actions[ident]
            text = action.get("text")
            published = published_actions().get((str(self.data.get("id")), ident))
            if text == theirs.text or (published is not None and text == published):
                continue
            self._error(
                ("actions", index, "id"),
                self._name("actions", action, "id", index),
                f"{ident!r} is the id of an action of the library "
                f"({self.library.sources[ident]}: {theirs.text[:60]!r}) in other words; a "
                "site's plan holds one action of an id, so give this one an id of its own "
                "(or leave it out to raise the library's)",
            )

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
        self._check_codes(index, at, name)
        for opt_index, option in enumerate(options):
            if isinstance(option, dict):
                self._check_option(scale["type"], option, (*at, "options", opt_index), name)
        if scale["type"] == ScaleType.OPTIONS:
            self._check_options_scale(scale, options, at, name)
        elif scale["type"] == ScaleType.RANGE:
            self._check_range_scale(scale, at, name)
        else:
            self._check_numeric_scale(scale, at, name)

    def _check_codes(self, index: int, at: PathKey, name: str) -> None:
        """Each answer code once in a scale (read from the document, before duplicates merge),
        and each label naming one answer only: an imported answer matches an option by its
        code, its label or its value, so a label that is another option's label, code or
        value would be read as whichever is tried first."""
        codes: dict[str, int] = {}
        words: dict[str, str] = {}  # each code and label, as compared, -> its option's code
        values: dict[float, str] = {}
        options = self.doc.data["scales"][index].get("options") or []
        for opt_index, option in enumerate(options):
            code = option.get("code") if isinstance(option, dict) else None
            if isinstance(code, str):
                if code in codes:
                    self._error(
                        (*at, "options", opt_index, "code"),
                        f"{name}.options[{code}]",
                        f"answer code {code!r} is used twice",
                    )
                codes[code] = opt_index
                words.setdefault(normalise(code), code)
                value = option.get("value")
                if isinstance(value, int | float) and not isinstance(value, bool):
                    values.setdefault(float(value), code)
        for opt_index, option in enumerate(options):
            code = option.get("code") if isinstance(option, dict) else None
            label = option.get("label") if isinstance(option, dict) else None
            if not isinstance(code, str) or not isinstance(label, str):
                continue
            read = read_number(label)
            other = words.setdefault(normalise(label), code)
            if other == code and read.value is not None:
                other = values.get(float(read.value), code)
            if other != code:
                self._error(
                    (*at, "options", opt_index, "label"),
                    f"{name}.options[{code}].label",
                    f"the label {label!r} also names the answer {other!r}; an answer written "
                    "that way could mean either: give each answer its own label",
                )

    def _check_option(
        self, scale_type: str, option: dict[str, Any], opt_at: PathKey, name: str
    ) -> None:
        """An option is scored (a value) or not (a kind); only not-applicable takes a reason."""
        number = int(opt_at[-1]) + 1
        opt_name = f"{name}.options[{option.get('code', f'#{number}')}]"
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
        if kind == AnswerKind.NOT_APPLICABLE and option.get("reason") is None:
            self._error(
                opt_at,
                opt_name,
                "a not_applicable answer needs a reason (e.g. role, stage, service)",
            )
        if kind != AnswerKind.NOT_APPLICABLE and option.get("reason") is not None:
            self._error(
                (*opt_at, "reason"),
                f"{opt_name}.reason",
                "only not_applicable answers take a reason",
            )
        if scale_type in (ScaleType.RANGE, ScaleType.NUMERIC) and value is not None:
            self._error(
                opt_at,
                opt_name,
                f"a {scale_type} scale lists only unscored options (don't know, not applicable)",
            )

    def _check_options_scale(
        self, scale: dict[str, Any], options: list[Any], at: PathKey, name: str
    ) -> None:
        valid_options = [o for o in options if isinstance(o, dict)]
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

    def _check_range_scale(self, scale: dict[str, Any], at: PathKey, name: str) -> None:
        low, high = scale["min"], scale["max"]
        if low is None or high is None:
            self._error(at, name, "a range scale needs min and max")
        elif low >= high or low != int(low) or high != int(high) or high - low > 100:
            self._error(at, name, "a range needs whole-number min < max, at most 100 apart")
        else:
            anchored: set[float] = set()
            for a_index, anchor in enumerate(scale["anchors"] or []):
                if not isinstance(anchor, dict):
                    continue
                if not low <= anchor["value"] <= high:
                    self._error(
                        (*at, "anchors", a_index),
                        f"{name}.anchors[#{a_index + 1}]",
                        f"value {anchor['value']} is outside {low}..{high}",
                    )
                elif anchor["value"] in anchored:
                    self._error(
                        (*at, "anchors", a_index),
                        f"{name}.anchors[#{a_index + 1}]",
                        f"value {anchor['value']} is labelled twice; give each point one label",
                    )
                anchored.add(anchor["value"])
            self._check_words_not_points(scale, at, name, low, high)

    def _check_words_not_points(
        self, scale: dict[str, Any], at: PathKey, name: str, low: float, high: float
    ) -> None:
        """A range's other answers (don't know, not applicable) must not read as one of its
        points: an answer '4' would be the point 4, whichever was meant."""
        for opt_index, option in enumerate(scale["options"] or []):
            if not isinstance(option, dict):
                continue
            for key in ("code", "label"):
                word = option.get(key)
                number = read_number(word).value if isinstance(word, str) else None
                if number is not None and low <= number <= high:
                    self._error(
                        (*at, "options", opt_index, key),
                        f"{name}.options[#{opt_index + 1}].{key}",
                        f"{word!r} reads as the point {number:g} of this range, so an answer "
                        "written that way could mean either: use words",
                    )

    def _check_numeric_scale(self, scale: dict[str, Any], at: PathKey, name: str) -> None:
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
        low, high = scale["min"], scale["max"]
        if low is not None and high is not None and low >= high:
            self._error(
                (*at, "min"),
                f"{name}.min",
                f"min {low:g} is not below max {high:g}, so no answer would be accepted",
            )
            return
        for p_index, point in enumerate(points):
            outside = (low is not None and point["at"] < low) or (
                high is not None and point["at"] > high
            )
            if outside:
                shown = (
                    f"{'' if low is None else f'{low:g}'}..{'' if high is None else f'{high:g}'}"
                )
                self._error(
                    (*at, "points", p_index),
                    f"{name}.points[#{p_index + 1}]",
                    f"the point at {point['at']:g} lies outside the answers accepted "
                    f"({shown}), so it could never be reached",
                )

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
        for domain in self._domains_as_written():
            used.update(a for a in domain.get("actions") or [] if isinstance(a, str))
            for item in self._items_of(domain):
                used.update(a for a in item.get("actions") or [] if isinstance(a, str))
        self._warn_unused("actions", used, "no item or domain raises this action")

    def _check_scales_used(self) -> None:
        """A warning for a scale no item answers on (a leftover, or a typo in an item's
        `scale:`, which is refused there)."""
        used = {item.get("scale") for d in self._domains_as_written() for item in self._items_of(d)}
        self._warn_unused("scales", used, "no item answers on this scale")

    def _domains_as_written(self) -> list[dict[str, Any]]:
        """The domains as the file has them, also when one of them was refused (so that a
        wrong field does not make every action and scale look unused)."""
        raw = self.doc.data.get("domains") if isinstance(self.doc.data, dict) else None
        return [d for d in raw if isinstance(d, dict)] if isinstance(raw, list) else []

    @staticmethod
    def _items_of(domain: dict[str, Any]) -> list[dict[str, Any]]:
        """A domain's items as written, leaving out what is not a mapping (refused as such)."""
        items = domain.get("items")
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    def _warn_unused(self, key: str, used: Collection[object], message: str) -> None:
        """A warning for each entry of the `key` list whose id nothing in `used` names."""
        for index, entry in self._list(key):
            if entry.get("id") not in used:
                self.checker.warn((key, index), self._name(key, entry, "id", index), message)

    def _check_items(self) -> None:
        item_lines: dict[str, PathKey] = {}
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
                        first = self.doc.line(item_lines[ident])
                        self._error(
                            (*at, "id"),
                            name,
                            f"item id {ident!r} is used twice in "
                            f"the framework (first on line {first})",
                        )
                    else:
                        # Where, not the line: finding lines reads the file again, which only
                        # a message needs.
                        item_lines[ident] = (*at, "id")
                if "from" in item:
                    self._check_reference(at, name, item)
                self._check_known_by(at, name, item)
                self._check_gate(at, name, item)
                self._check_flag(at, name, item, scale_types)
                for key in ("text", "help"):
                    if isinstance(item.get(key), str):
                        self._check_placeholders((*at, key), f"{name}.{key}", item[key])
                scale = item.get("scale")
                if (
                    isinstance(scale, str)
                    and self._reference(
                        (*at, "scale"), f"{name}.scale", scale, self.scales, "scale"
                    )
                    and item.get("reverse") is True
                    and scale_types.get(scale) == ScaleType.NUMERIC
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

    def _check_gate(self, at: PathKey, name: str, item: dict[str, Any]) -> None:
        """A gate's own threshold and its cap when unknown belong to critical items only;
        the cap names one of the framework's bands."""
        for key in ("critical_threshold", "unknown_caps"):
            if item.get(key) is not None and item.get("critical") is not True:
                self._error(
                    (*at, key),
                    f"{name}.{key}",
                    f"only a critical item (a gate) has {key}; add critical: true or remove it",
                )
        if isinstance(item.get("unknown_caps"), str):
            self._reference(
                (*at, "unknown_caps"),
                f"{name}.unknown_caps",
                item["unknown_caps"],
                self.bands,
                "band",
            )
        if item.get("critical") is not True:
            return
        threshold = item.get("critical_threshold")
        if isinstance(threshold, int | float) and threshold <= 0:  # true and false are refused
            self.checker.warn(
                (*at, "critical_threshold"),
                f"{name}.critical_threshold",
                "no score is below 0, so this gate can never fail; give the score it passes at",
            )
        self._check_unknown_cap(at, name, item.get("unknown_caps"))

    def _check_unknown_cap(self, at: PathKey, name: str, cap: object) -> None:
        """A warning for an unknown gate's cap that does nothing (the top band), or that holds
        the band lower than the gate failing would (below `cap_band`)."""
        mins = {
            b["id"]: b["min"]
            for _, b in self._list("bands")
            if isinstance(b.get("id"), str) and isinstance(b.get("min"), int | float)
        }
        if not isinstance(cap, str) or cap not in mins:
            return
        if mins[cap] == max(mins.values()):
            self.checker.warn(
                (*at, "unknown_caps"),
                f"{name}.unknown_caps",
                f"{cap!r} is the top band, so an unknown answer caps nothing; name a lower band "
                "or remove unknown_caps",
            )
        scoring = self.data.get("scoring")
        failed = scoring.get("cap_band") if isinstance(scoring, dict) else None
        if isinstance(failed, str) and failed in mins and mins[cap] < mins[failed]:
            self.checker.warn(
                (*at, "unknown_caps"),
                f"{name}.unknown_caps",
                f"an unknown answer would hold the band at {cap!r}, lower than a failed one "
                f"does ({failed!r}, the cap_band); is that meant?",
            )

    def _check_flag(
        self, at: PathKey, name: str, item: dict[str, Any], scale_types: dict[str, Any]
    ) -> None:
        """A flag says when it is raised: below a score, or under a figure on a numeric scale."""
        flag = item.get("flag")
        if not isinstance(flag, dict):
            return
        given = [key for key in ("below", "under") if flag.get(key) is not None]
        if len(given) != 1:
            self._error(
                (*at, "flag"),
                f"{name}.flag",
                "give exactly one of below (a score) or under (a figure on a numeric scale)",
            )
        elif given == ["under"] and scale_types.get(str(item.get("scale"))) != ScaleType.NUMERIC:
            self._error(
                (*at, "flag", "under"),
                f"{name}.flag.under",
                "under compares figures, so it needs a numeric scale; use below (a score) instead",
            )

    def _check_known_by(self, at: PathKey, name: str, item: dict[str, Any]) -> None:
        """`known_by` names roles the fact is asked of, and only facts have it."""
        known_by = item.get("known_by")
        if not isinstance(known_by, list):
            return
        if item.get("fact") is not True:
            self._error(
                (*at, "known_by"),
                f"{name}.known_by",
                "only a fact has known_by (whose answer decides it); mark the item fact: true "
                "or remove known_by",
            )
            return
        asked = item.get("roles")
        if not isinstance(asked, list):
            return  # asked of every role: any role may know it
        for r_index, role in enumerate(known_by):
            if isinstance(role, str) and role not in asked:
                self._error(
                    (*at, "known_by", r_index),
                    f"{name}.known_by[#{r_index + 1}]",
                    f"{role!r} is not asked this item (roles: {', '.join(map(str, asked))}); "
                    "a role can only decide a fact it is asked",
                )

    def _check_reference(self, at: PathKey, name: str, item: dict[str, Any]) -> None:
        spec = item.get("from")
        if isinstance(spec, str) and not REFERENCE.fullmatch(spec):
            self._error(
                (*at, "from"),
                f"{name}.from",
                f"{spec!r} does not name an item: write FRAMEWORK@VERSION/ITEM, for example "
                "delivery-conditions@2.0.0/DC7 (or FRAMEWORK/ITEM for the newest version)",
            )
        elif isinstance(spec, str):
            match = REFERENCE.fullmatch(spec)
            if match is not None and match["framework"] == self.data.get("id"):
                self._error(
                    (*at, "from"),
                    f"{name}.from",
                    "an item cannot come from its own framework; ask it once, where it is",
                )
            elif match is not None:
                home = (match["framework"], match["item"])
                first = self.reused.setdefault(home, (*at, "from"))
                if first != (*at, "from"):
                    self._error(
                        (*at, "from"),
                        f"{name}.from",
                        f"{match['framework']} {match['item']} is already asked here (line "
                        f"{self.doc.line(first)}): one question counts once in a framework, so "
                        "keep one of the two",
                    )

    def _check_placeholders(self, at: PathKey, name: str, text: str) -> None:
        for found in PLACEHOLDER.findall(text):
            if found not in PLACEHOLDERS:
                hint = did_you_mean(found, list(PLACEHOLDERS))
                self._error(
                    at,
                    name,
                    f"unknown placeholder {{{found}}}{hint}; the placeholders are {{service}}, "
                    "the site's name for the service, and {site}, the site's own name "
                    "(write other braces as words)",
                )

    def _check_unfilled_braces(self) -> None:
        """Placeholders are filled in items' text and help only: a {service} in a domain's
        title or a band's meaning would be printed as it is, so braces anywhere else are
        refused."""
        places: list[tuple[PathKey, str, Any]] = [
            (("title",), "title", self.data.get("title")),
            (("description",), "description", self.data.get("description")),
        ]
        for kind, keys in (("domains", ("title", "description")), ("bands", ("label", "meaning"))):
            for index, entry in self._list(kind):
                name = self._name(kind, entry, "id", index)
                places.extend(((kind, index, key), f"{name}.{key}", entry.get(key)) for key in keys)
        for at, name, text in places:
            if isinstance(text, str) and PLACEHOLDER.search(text):
                self._error(
                    at,
                    name,
                    "placeholders such as {service} and {site} are filled in items' text and "
                    "help only; write the words here (and other braces as words)",
                )

    def _check_changes(self) -> None:
        """The change record's own rules; the rules against the previous version are checked
        by the catalogue, which holds both versions."""
        record = self.data.get("changes")
        if not isinstance(record, dict) or not isinstance(record.get("items"), list):
            return
        version, earlier = self.data.get("version"), record.get("from")
        if (
            isinstance(version, str)
            and isinstance(earlier, str)
            and version_key(earlier) >= version_key(version)
        ):
            self._error(
                ("changes", "from"),
                "changes.from",
                f"{record['from']!r} is not earlier than this version ({version}): a change "
                "record describes the change from an earlier version",
            )
        # Every item as written, a wrong one too (reported on its own): an item with a bad
        # weight is still there for the record to account for.
        raw = self.doc.data.get("domains") if isinstance(self.doc.data, dict) else None
        items = {
            item.get("id"): (d_index, i_index)
            for d_index, domain in enumerate(raw if isinstance(raw, list) else [])
            if isinstance(domain, dict) and isinstance(domain.get("items"), list)
            for i_index, item in enumerate(domain["items"])
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
        accounted: dict[str, int] = {}
        old_seen: dict[str, int] = {}
        for index, change in enumerate(record["items"]):
            if not isinstance(change, dict):
                continue
            at: PathKey = ("changes", "items", index)
            name = f"changes.items[#{index + 1}]"
            kind = change["change"]
            old, new = change["old"] or [], change["new"] or []
            # An id that failed its own check is reported already; the rest are checked here.
            new_ids = [i for i in new if isinstance(i, str)]
            old_ids = [i for i in old if isinstance(i, str)]
            wanted_old, wanted_new = _CARDINALITY[ChangeKind(kind)]
            for key, ids, wanted in (("old", old, wanted_old), ("new", new, wanted_new)):
                problem = _cardinality_problem(key, len(ids), wanted, kind)
                if problem:
                    self._error(at, name, problem)
            if kind != ChangeKind.KEPT and change["note"] is None:
                self._error(at, name, f"{_a(kind)} change needs a note saying what and why")
            if isinstance(change["cite"], str):
                self._reference(
                    (*at, "cite"), f"{name}.cite", change["cite"], self.citations, "citation"
                )
            for item_id in new_ids:
                if item_id not in items:
                    self._error(
                        (*at, "new"),
                        f"{name}.new",
                        f"this framework has no item {item_id!r}"
                        f"{did_you_mean(item_id, [str(i) for i in items])}",
                    )
                elif item_id in accounted:
                    first = self.doc.line(("changes", "items", accounted[item_id]))
                    self._error(
                        (*at, "new"),
                        f"{name}.new",
                        f"item {item_id!r} is already accounted for (line {first})",
                    )
                else:
                    accounted[item_id] = index
            for item_id in old_ids:
                if item_id in old_seen:
                    first = self.doc.line(("changes", "items", old_seen[item_id]))
                    self._error(
                        (*at, "old"),
                        f"{name}.old",
                        f"old item {item_id!r} is already accounted for (line {first})",
                    )
                else:
                    old_seen[item_id] = index
        for ident, (d_index, i_index) in items.items():
            if isinstance(ident, str) and ident not in accounted:
                self._error(
                    ("domains", d_index, "items", i_index, "id"),
                    f"domains[{self.data['domains'][d_index]['id']}].items[{ident}]",
                    f"item {ident!r} is not in the change record; add an entry such as "
                    f"{{change: added, new: {ident}, note: ...}}",
                )


# How many old and new ids each kind of change takes: (old, new); 1 = exactly one,
# 2 = two or more, 0 = none.
_CARDINALITY: dict[ChangeKind, tuple[int, int]] = {
    ChangeKind.KEPT: (1, 1),
    ChangeKind.REWORDED: (1, 1),
    ChangeKind.RESCORED: (1, 1),
    ChangeKind.REPLACED: (1, 1),
    ChangeKind.SPLIT: (1, 2),
    ChangeKind.MERGED: (2, 1),
    ChangeKind.REMOVED: (1, 0),
    ChangeKind.ADDED: (0, 1),
}


def _cardinality_problem(key: str, count: int, wanted: int, kind: str) -> str | None:
    if wanted == 0 and count:
        return f"{_a(kind)} change has no '{key}' items"
    if wanted == 1 and count != 1:
        return f"{_a(kind)} change needs exactly one '{key}' item id"
    if wanted == 2 and count < 2:
        return f"{_a(kind)} change needs two or more '{key}' item ids (a list)"
    return None


def _a(word: str) -> str:
    """'a reworded', 'an added': the article a reader expects before a change's kind."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"
