"""Building the frozen framework model from a checked framework file.

Only data that `checks.py` has accepted reaches here, so building cannot fail.
"""

from __future__ import annotations

from typing import Any

from readiness.framework.format import REFERENCE
from readiness.framework.library import ActionLibrary, build_action
from readiness.framework.model import (
    Band,
    Change,
    ChangeRecord,
    Citation,
    Domain,
    Flag,
    Framework,
    Item,
    ItemRef,
    Option,
    Scale,
    ScoringSettings,
    fill_placeholders,
    has_placeholder,
)
from readiness.vocabulary import Aggregate, AnswerKind, ChangeKind, ScaleType
from readiness.yamlio import Document, PathKey

# A placeholder for scales nobody scores: an item asked once elsewhere, before the catalogue
# resolves it to its home item.
UNRESOLVED = Scale("unresolved", "Asked in another framework", ScaleType.OPTIONS, ())


def build_framework(data: dict[str, Any], doc: Document, library: ActionLibrary) -> Framework:
    """The frozen model of a framework file that passed every check."""
    path = doc.path
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
        agreement_cutoff=float(scoring_data["agreement_cutoff"]),
        aggregate=Aggregate(scoring_data["aggregate"]),
    )
    domains = []
    for d_index, d in enumerate(data["domains"]):
        items = tuple(
            _build_item(i, d["id"], by_id, ("domains", d_index, "items", i_index, "from"))
            for i_index, i in enumerate(d["items"])
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
                d["cfir"],
            )
        )
    own = {a["id"]: build_action(a) for a in data["actions"]}
    raised = {a for d in domains for a in (*d.actions, *(x for i in d.items for x in i.actions))}
    # The library actions this framework raises, in the library's order (the plan's tie-break);
    # an id the library merged into another action raises that action.
    shared = {a: library.action(a) for a in library.ids() if a in raised and a not in own}
    return Framework(
        id=data["id"],
        title=data["title"],
        version=data["version"],
        description=data["description"],
        attribution=data["attribution"],
        licence=data.get("licence"),
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
                c["note"],
                c.get("where"),
            )
            for c in data["citations"]
        ),
        scoring=scoring,
        scales=scales,
        bands=bands,
        actions={**own, **shared},
        domains=tuple(domains),
        path=path,
        changes=_build_changes(data["changes"], doc),
    )


def _build_item(i: dict[str, Any], domain_id: str, scales: dict[str, Scale], at: PathKey) -> Item:
    source = i["source"]
    if "from" in i:
        match = REFERENCE.fullmatch(i["from"])
        assert match is not None  # checked above
        ref = ItemRef(match["framework"], match["version"], match["item"], at)
        return Item(
            id=i["id"],
            text=f"(asked as {ref.spec})",
            help=None,
            scale=UNRESOLVED,
            weight=float(i["weight"]),
            reverse=False,
            roles=(),
            critical=i["critical"],
            fact=False,
            construct=source["construct"] if source else None,
            cite=source["cite"] if source else None,
            actions=tuple(i["actions"]),
            domain_id=domain_id,
            ref=ref,
            critical_threshold=_number(i["critical_threshold"]),
            unknown_caps=i["unknown_caps"],
        )
    text, help_text = i["text"], i["help"]
    return Item(
        id=i["id"],
        text=fill_placeholders(text, None),
        help=fill_placeholders(help_text, None) if help_text else None,
        scale=scales[i["scale"]],
        weight=float(i["weight"]),
        reverse=i["reverse"],
        roles=tuple(i["roles"] or ()),
        critical=i["critical"],
        fact=i["fact"],
        construct=source["construct"] if source else None,
        cite=source["cite"] if source else None,
        actions=tuple(i["actions"]),
        domain_id=domain_id,
        text_template=text if has_placeholder(text) else None,
        help_template=help_text if has_placeholder(help_text) else None,
        known_by=tuple(i["known_by"] or ()),
        critical_threshold=_number(i["critical_threshold"]),
        unknown_caps=i["unknown_caps"],
        flag=_build_flag(i["flag"]),
        self_rated=i["self_rated"],
        cfir=i["cfir"],
    )


def _number(value: float | None) -> float | None:
    return float(value) if value is not None else None


def _build_flag(f: dict[str, Any] | None) -> Flag | None:
    if f is None:
        return None
    return Flag(f["says"], _number(f["below"]), _number(f["under"]))


def _build_changes(record: dict[str, Any] | None, doc: Document) -> ChangeRecord | None:
    if record is None:
        return None
    changes = tuple(
        Change(
            ChangeKind(c["change"]),
            tuple(c["old"] or ()),
            tuple(c["new"] or ()),
            c["note"],
            c["cite"],
            ("changes", "items", index),
        )
        for index, c in enumerate(record["items"])
    )
    return ChangeRecord(record["from"], record["summary"], changes, ("changes",))


def _build_scale(s: dict[str, Any]) -> Scale:
    unscored = [
        Option(o["code"], o["label"], None, AnswerKind(o["kind"]), o["reason"], o["description"])
        for o in s["options"]
        if o["value"] is None
    ]
    if s["type"] == ScaleType.OPTIONS:
        options = [
            Option(
                o["code"],
                o["label"],
                float(o["value"]) if o["value"] is not None else None,
                AnswerKind(o["kind"] or AnswerKind.SCORED),
                o["reason"],
                o["description"],
            )
            for o in s["options"]
        ]
        return Scale(s["id"], s["label"], ScaleType.OPTIONS, tuple(options))
    if s["type"] == ScaleType.RANGE:
        anchors = {int(a["value"]): a["label"] for a in s["anchors"]}
        low, high = int(s["min"]), int(s["max"])
        scored = [
            Option(
                str(v),
                f"{v} – {anchors[v]}" if v in anchors else str(v),
                float(v),
                AnswerKind.SCORED,
            )
            for v in range(low, high + 1)
        ]
        return Scale(
            s["id"],
            s["label"],
            ScaleType.RANGE,
            tuple(scored + unscored),
            min=float(low),
            max=float(high),
        )
    points = tuple((float(p["at"]), float(p["score"])) for p in s["points"])
    return Scale(
        s["id"],
        s["label"],
        ScaleType.NUMERIC,
        tuple(unscored),
        points=points,
        min=s["min"],
        max=s["max"],
        unit=s["unit"],
    )
