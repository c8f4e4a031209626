"""The framework file format, declared once: it checks files and prints the JSON Schema."""

from __future__ import annotations

import json
import re

from readiness.schema import (
    IDENTIFIER,
    Boolean,
    Choice,
    Field,
    ListOf,
    Number,
    OneOrMany,
    Record,
    Text,
    Variant,
)
from readiness.vocabulary import (
    EVIDENCE_GRADES,
    ROLES,
    SIZE_MEANINGS,
    SIZES,
    TIMEFRAMES,
    Aggregate,
    AnswerKind,
    ChangeKind,
    Colour,
    ScaleType,
    choices,
)

# A version goes into `npt@2.0.0` and into PDF field names (dots become underscores there).
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]*")
# FRAMEWORK@VERSION/ITEM or FRAMEWORK/ITEM: where an item asked once lives.
REFERENCE = re.compile(
    rf"(?P<framework>{IDENTIFIER.pattern})(?:@(?P<version>{VERSION.pattern}))?"
    rf"/(?P<item>{IDENTIFIER.pattern})"
)

DEFAULT_BANDS_NOTE = (
    "Band thresholds are local conventions chosen for this framework; no validated cut-offs "
    "exist for these instruments."
)


ROLE = Choice(tuple(ROLES), what="role")
# Bounds on a framework's numbers, far beyond any real one, so that every sum and score stays
# an ordinary number (1e308 passed, then overflowed while scoring; 5e-324 passed, then its
# products with scores lost their precision and moved a domain's mean).
MAX_WEIGHT = 1_000_000
MIN_WEIGHT = 0.000001
MAX_FIGURE = 1e12
WEIGHT = Number(minimum=MIN_WEIGHT, maximum=MAX_WEIGHT)
FIGURE = Number(minimum=-MAX_FIGURE, maximum=MAX_FIGURE)


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
        Field(
            "note",
            Text(),
            "what could not be confirmed, or how to find the work (printed with the citation)",
        ),
        Field(
            "where",
            Text(),
            "the page, section, table or paragraph where the claims the framework relies on "
            "are made (printed with the citation)",
        ),
    ),
    id_key="id",
)


OPTION = Record(
    "answer option",
    (
        Field("code", ID, "what an assessment file writes for this answer", required=True),
        Field("label", Text(), "the answer as a respondent reads it", required=True),
        Field("value", FIGURE, "the numeric value of a scored answer"),
        Field(
            "kind",
            Choice((AnswerKind.DONT_KNOW, AnswerKind.NOT_APPLICABLE), what="option kind"),
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
        Field("at", FIGURE, "an answer value", required=True),
        Field("score", Number(minimum=0, maximum=100), "its score on 0-100", required=True),
    ),
)


ANCHOR = Record(
    "anchor",
    (
        Field(
            "value",
            Number(minimum=-MAX_FIGURE, maximum=MAX_FIGURE, integer=True),
            "a point of the range",
            required=True,
        ),
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
            Choice(tuple(choices(ScaleType)), what="scale type"),
            "options (listed answers), range (whole numbers min..max) or numeric (a fact "
            "scored through points)",
            default=ScaleType.OPTIONS,
        ),
        Field(
            "options",
            ListOf(OPTION),
            "the answers (for range and numeric: the unscored ones only, such as don't know)",
            default=[],
        ),
        Field("min", FIGURE, "lowest value (range) or lowest accepted answer (numeric)"),
        Field("max", FIGURE, "highest value (range) or highest accepted answer (numeric)"),
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
        Field("colour", Choice(tuple(choices(Colour)), what="colour"), "RAG colour", required=True),
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
            Number(minimum=2, integer=True),
            "the fewest people an opinion score, or a role's view, may rest on (facts exempt; "
            "at least 2, so that no one person's opinion is ever shown)",
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
        Field(
            "agreement_cutoff",
            Number(minimum=0, maximum=1),
            "within-group agreement (r_wg) below this marks a mean as not to be trusted",
            default=0.7,
        ),
        Field(
            "aggregate",
            Choice(tuple(choices(Aggregate)), what="aggregate"),
            "roles: each role group is one voice in a site score; respondents: each person "
            "counts the same",
            default=Aggregate.ROLES,
        ),
    ),
)


EVIDENCE = Record(
    "evidence",
    (
        Field(
            "grade",
            Choice(tuple(EVIDENCE_GRADES), what="evidence grade"),
            f"one of: {', '.join(f'{k} ({v})' for k, v in EVIDENCE_GRADES.items())}",
            required=True,
        ),
        Field("source", Text(), "the study or guidance, named (not needed for a convention)"),
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
        Field(
            "joint_owners",
            ListOf(ROLE, unique=True),
            "roles that share the authority the step needs with its owner (e.g. a practice's "
            "data protection officer's manager for a data-sharing agreement)",
            default=[],
        ),
        Field(
            "effort",
            Choice(tuple(SIZES), what="size"),
            f"the work it takes: {SIZE_MEANINGS['effort']}",
        ),
        Field(
            "cost",
            Choice(tuple(SIZES), what="size"),
            f"the money it takes: {SIZE_MEANINGS['cost']}",
        ),
        Field("evidence", EVIDENCE, "what supports the step, graded"),
        Field(
            "eric",
            ListOf(Text(), unique=True),
            "the ERIC implementation strategies it applies (Powell et al. 2015), by their "
            "published names: a cross-reference for implementation teams, not a prescription",
            default=[],
        ),
        Field(
            "replaces",
            ListOf(ID, unique=True),
            "ids of actions this one merges: a framework naming one of them raises this one",
            default=[],
        ),
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


FLAG = Record(
    "flag",
    (
        Field(
            "below",
            Number(minimum=0, maximum=100),
            "raise the flag when the item's score is below this",
        ),
        Field(
            "under",
            FIGURE,
            "for a numeric scale: raise the flag when an answer that decides the item is a "
            "figure below this (e.g. a caseload so low it suggests under-use)",
        ),
        Field(
            "says", Text(), "the finding, in plain English, shown beside the score", required=True
        ),
    ),
)


GATE_FIELDS = (
    Field(
        "critical_threshold",
        Number(minimum=0, maximum=100),
        "for a critical item: it fails its gate below this score (default: the framework's "
        "critical_threshold); 100 fails anything short of the best answer, so 'partly' fails "
        "a yes/partly/no gate",
    ),
    Field(
        "unknown_caps",
        ID,
        "for a critical item: the band the framework is capped at when nobody who decides it "
        "gives a scored answer (default: an unknown gate is reported but caps nothing)",
    ),
)


CFIR_FIELD = Field(
    "cfir",
    Text(),
    "the nearest CFIR 2.0 construct (Damschroder et al. 2022), as a cross-reference",
)


ITEM_TEXT = (
    "a single-idea statement in plain English; {service} stands for the site's local name "
    "for the service (service_name), for items clients read, and {site} for the site's name"
)


FULL_ITEM = Record(
    "item",
    (
        Field("id", ID, "unique in the framework, e.g. SD1", required=True),
        Field("text", Text(), ITEM_TEXT, required=True),
        Field("help", Text(), "optional help for the respondent (may use {service} too)"),
        Field("scale", ID, "the id of one of the framework's scales", required=True),
        Field("weight", WEIGHT, "relative weight", default=1),
        Field("reverse", Boolean(), "true when agreeing is the weak answer", default=False),
        Field("roles", ListOf(ROLE, min_items=1, unique=True), "who is asked (default: all)"),
        Field(
            "critical", Boolean(), "a gate: a low score caps the framework's band", default=False
        ),
        *GATE_FIELDS,
        Field(
            "fact",
            Boolean(),
            "true for a fact about the service (a number, a yes/no fact, a maturity level), "
            "false for an opinion; facts may be shown from fewer people than opinions",
            default=False,
        ),
        Field(
            "known_by",
            ListOf(ROLE, min_items=1, unique=True),
            "for a fact: the roles whose answer decides it (who can know it); answers from the "
            "other roles it is asked of are kept and shown but do not count (default: every "
            "role it is asked of)",
        ),
        Field("source", SOURCE, "the construct it operationalises, cited"),
        CFIR_FIELD,
        Field(
            "self_rated",
            Boolean(),
            "true when the people answering rate their own practice (e.g. link workers on "
            "their own work): the report labels it self-reported",
            default=False,
        ),
        Field("flag", FLAG, "a finding raised beside the score (never a cap)"),
        Field(
            "actions",
            ListOf(ID, unique=True),
            "ids of actions raised when it is weak (this framework's or the action library's)",
            default=[],
        ),
    ),
    id_key="id",
)


REFERENCE_ITEM = Record(
    "item asked once in another framework (from:)",
    (
        Field("id", ID, "unique in the framework, e.g. IT1", required=True),
        Field(
            "from",
            Text(),
            "the item it reuses, as FRAMEWORK@VERSION/ITEM (e.g. delivery-conditions@2.0.0/DC7) "
            "or FRAMEWORK/ITEM (the newest version); its text, help, scale, roles, fact flag "
            "and known_by come from there, and respondents answer it once, there",
            required=True,
        ),
        Field("weight", WEIGHT, "relative weight", default=1),
        Field(
            "critical", Boolean(), "a gate: a low score caps the framework's band", default=False
        ),
        *GATE_FIELDS,
        Field("source", SOURCE, "the construct it operationalises in this framework, cited"),
        Field(
            "actions",
            ListOf(ID, unique=True),
            "ids of actions raised when it is weak (this framework's or the action library's)",
            default=[],
        ),
    ),
    id_key="id",
)


ITEM = Variant("from", REFERENCE_ITEM, FULL_ITEM)


CHANGE = Record(
    "change",
    (
        Field(
            "change",
            Choice(tuple(choices(ChangeKind)), what="kind of change"),
            "kept (same text and scoring), reworded (same answers, clearer words), rescored "
            "(same question, scored differently), split, merged, replaced (a different "
            "question in its place), removed or added; answers carry across for kept, "
            "reworded and rescored items only",
            required=True,
        ),
        Field("old", OneOrMany(ID), "the item id (or ids) in the previous version"),
        Field("new", OneOrMany(ID), "the item id (or ids) in this version"),
        Field("note", Text(), "what changed and why (required unless kept)"),
        Field("cite", ID, "the citation the change follows, if any"),
    ),
)


CHANGES = Record(
    "change record",
    (
        Field("from", Text(), 'the previous version, e.g. "1.0.0"', required=True),
        Field("summary", Text(), "what changed, in a sentence or two"),
        Field(
            "items",
            ListOf(CHANGE, min_items=1),
            "what happened to every item of the previous version, and where every item of "
            "this version came from",
            required=True,
        ),
    ),
)


DOMAIN = Record(
    "domain",
    (
        Field("id", ID, "domain id", required=True),
        Field("title", Text(one_line=True), "plain-English heading", required=True),
        Field(
            "description",
            Text(),
            "one or two sentences a practice manager understands",
            required=True,
        ),
        Field("weight", WEIGHT, "relative weight", default=1),
        Field(
            "in_total",
            Boolean(),
            "false: the domain is reported but not added into the "
            "framework score (e.g. NoMAD's general items)",
            default=True,
        ),
        CFIR_FIELD,
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
        Field("title", Text(one_line=True), "title", required=True),
        Field("version", Text(), 'version (quote it: "1.0.0")', required=True),
        Field("description", Text(), "what it assesses and why", required=True),
        Field("attribution", Text(), "attribution and licence note", required=True),
        Field(
            "licence",
            Text(max_length=200),
            "the licence the framework's own text is under, in a few words (e.g. MIT, or "
            "CC BY 4.0), shown by `frameworks list`; the attribution says the rest",
        ),
        Field(
            "bands_note", Text(), "how the band thresholds were chosen", default=DEFAULT_BANDS_NOTE
        ),
        Field("citations", ListOf(CITATION, min_items=1), "works it draws on", required=True),
        Field("scoring", SCORING, "scoring settings"),
        Field("scales", ListOf(SCALE, min_items=1), "answer scales", required=True),
        Field("bands", ListOf(BAND, min_items=2), "score bands over 0-100", required=True),
        Field(
            "actions",
            ListOf(ACTION),
            "this framework's own actions (items may also raise actions of the shared action "
            "library, frameworks/actions.yaml, by id)",
            default=[],
        ),
        Field("domains", ListOf(DOMAIN, min_items=1), "domains and their items", required=True),
        Field("changes", CHANGES, "what changed from the previous version, item by item"),
    ),
    doc="A readiness framework: domains, items, answer scales, bands and actions.",
)


ACTION_LIBRARY = Record(
    "action library",
    (
        Field("description", Text(), "what the library is for"),
        Field(
            "actions",
            ListOf(ACTION, min_items=1),
            "actions any framework may raise by id; the same step is one action wherever it "
            "is raised, so the plan merges it",
            required=True,
        ),
    ),
    doc="The shared action library (frameworks/actions.yaml): recommended steps by id.",
)


def json_schema(library: bool = False) -> str:
    """The JSON Schema of the framework format (or, with `library`, of the action library),
    for editors such as VS Code."""
    record = ACTION_LIBRARY if library else FRAMEWORK
    name = "actions" if library else "framework"
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://readiness.invalid/schema/{name}.json",
        **record.json_schema(),
    }
    schema["description"] = (
        f"{record.doc} Roles: {', '.join(ROLES)}. Timeframes: {', '.join(TIMEFRAMES)}."
    )
    return json.dumps(schema, indent=2, ensure_ascii=False)
