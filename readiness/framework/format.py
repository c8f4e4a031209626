"""The framework file format, declared once: it checks files and prints the JSON Schema."""

from __future__ import annotations

import json

from readiness.schema import Boolean, Choice, Field, ListOf, Number, Record, Text
from readiness.vocabulary import (
    ROLES,
    TIMEFRAMES,
    Aggregate,
    AnswerKind,
    Colour,
    ScaleType,
    choices,
)

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
        Field(
            "fact",
            Boolean(),
            "true for a fact about the service (a number, a yes/no fact, a maturity level), "
            "false for an opinion; facts may be shown from fewer people than opinions",
            default=False,
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


def json_schema() -> str:
    """The JSON Schema of the framework format (for editors such as VS Code)."""
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://readiness.invalid/schema/framework.json",
        **FRAMEWORK.json_schema(),
    }
    schema["description"] = (
        f"{FRAMEWORK.doc} Roles: {', '.join(ROLES)}. Timeframes: {', '.join(TIMEFRAMES)}."
    )
    return json.dumps(schema, indent=2, ensure_ascii=False)
