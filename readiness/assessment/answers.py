"""What a written answer means: an option's code, its value or label, or a figure, read against
the item's scale (the one interpretation every import path and the loader share)."""

from __future__ import annotations

from typing import Any

from readiness.assessment.model import Answer
from readiness.errors import Problem, Severity
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework, Item
from readiness.numerals import number_problem, read_number
from readiness.schema import did_you_mean, known_list
from readiness.vocabulary import AnswerKind, ScaleType
from readiness.yamlio import Document, PathKey


def unknown_version(framework_id: str, stated: str, catalogue: Catalogue) -> str:
    """The message for answers given to a version of a framework that is not available."""
    available = ", ".join(catalogue.versions_of(framework_id))
    return (
        f"these answers are for {framework_id} version {stated}, which is not installed "
        f"(installed: {available}); score them with the matching framework file "
        "(--frameworks-dir) or send respondents a new questionnaire"
    )


def unknown_item(
    doc: Document, at: PathKey, name: str, item_id: str, framework: Framework
) -> Problem:
    """The problem for an answer (or comment) to an item the framework does not have."""
    return Problem(
        doc.path,
        doc.line(at),
        f"{name}.{item_id}",
        f"{framework.id} has no item {item_id!r}{did_you_mean(item_id, list(framework.items))}",
    )


def read_answers(
    framework: Framework,
    items: dict[str, Any],
    role: str,
    doc: Document,
    at: PathKey,
    name: str,
    problems: list[Problem],
) -> dict[str, Answer]:
    """A respondent's answers to one framework, each interpreted against its item's scale;
    every problem (unknown item, off the scale, an item asked once elsewhere) is added to
    `problems` with its line, and an answer to an item not asked of `role` is a warning."""
    out: dict[str, Answer] = {}
    unasked: list[tuple[str, PathKey]] = []
    for item_id, raw in items.items():
        item = framework.items.get(item_id)
        item_at: PathKey = (*at, item_id)
        if item is None:
            problems.append(unknown_item(doc, item_at, name, item_id, framework))
            continue
        if raw is None:
            continue  # left blank: not answered
        if item.ref is not None:
            home = item.ref
            problems.append(
                Problem(
                    doc.path,
                    doc.line(item_at),
                    f"{name}.{item_id}",
                    f"{framework.id} {item_id} is asked once, as {home.framework_id} "
                    f"{home.item_id}; write the answer under {home.framework_id}: "
                    f"{{{home.item_id}: ...}} instead",
                )
            )
            continue
        answer, message = interpret(item, raw)
        if answer is None:
            problems.append(Problem(doc.path, doc.line(item_at), f"{name}.{item_id}", message))
            continue
        if not item.asks(role):
            unasked.append((item_id, item_at))
        out[item_id] = answer
    if unasked:
        problems.append(_not_asked(framework, unasked, role, doc, name))
    return out


def _not_asked(
    framework: Framework, unasked: list[tuple[str, PathKey]], role: str, doc: Document, name: str
) -> Problem:
    """One warning, at the first of them, for a respondent's answers to items not asked of
    their role (a role chosen by mistake answers many: one line each buried the rest)."""
    first_id, first_at = unasked[0]
    if len(unasked) == 1:
        item = framework.items[first_id]
        message = (
            f"{first_id} is not addressed to the role {role!r} (it asks: "
            f"{', '.join(item.roles)}); the answer is still scored"
        )
    else:
        ids = [item_id for item_id, _ in unasked]
        message = (
            f"{len(ids)} answers are to {framework.id} items not addressed to the role {role!r} "
            f"({known_list(ids, 10)}; readiness frameworks show {framework.id} says whom each "
            "asks); the answers are still scored"
        )
    return Problem(doc.path, doc.line(first_at), f"{name}.{first_id}", message, Severity.WARNING)


def interpret(
    item: Item, raw: str | float | int, scored_only: bool = False, written: str | None = None
) -> tuple[Answer | None, str]:
    """Turn a written answer into an Answer, or (None, why not) when it is not on the scale
    (`scored_only`: where only a scored answer will do, so only those are suggested;
    `written`: how a message shows a number read from text, as it was typed).

    Numbers are read by `read_number`, the one reader every import path uses, so an answer
    means the same whether it came from YAML, a survey export, a PDF field or a workbook."""
    scale = item.scale
    unit = scale.unit if scale.type == ScaleType.NUMERIC else None
    number: float | None
    if isinstance(raw, str):
        text = raw.strip()
        option = scale.option(text)
        if option is not None:
            return Answer(item.id, raw, option.kind, option.value, option.reason), ""
        read = read_number(text, unit)
        if read.problem is not None:
            return None, read.problem
        number = None if read.value is None else float(read.value)
    else:
        problem = number_problem(raw)
        if problem is not None:
            return None, problem
        number = float(raw)
    if number is not None:
        if scale.type == ScaleType.NUMERIC:
            low = scale.min if scale.min is not None else float("-inf")
            high = scale.max if scale.max is not None else float("inf")
            if low <= number <= high:
                return Answer(item.id, raw, AnswerKind.SCORED, number), ""
            shown = raw if written is None else written
            return None, (
                f"{shown} is outside the accepted range for {item.id} "
                f"({_fmt(scale.min)} to {_fmt(scale.max)} {scale.unit})"
            )
        option = scale.option_for_number(number)
        if option is not None:
            return Answer(item.id, raw, option.kind, option.value, option.reason), ""
    offered = scale.scored if scored_only else scale.options
    codes = [o.code for o in offered]
    label_match = next(
        (o for o in offered if isinstance(raw, str) and o.label.lower() == raw.lower()), None
    )
    if label_match:
        hint = f" (did you mean {label_match.code!r}, the code for {label_match.label!r}?)"
    else:  # numbers get no spelling suggestion: 11 is not a typo for 1
        hint = did_you_mean(raw, codes) if isinstance(raw, str) and number is None else ""
    allowed = scale.describe(codes=True, joiner=", ", scored_only=scored_only)
    return None, f"{raw!r} is not an answer on the {scale.id} scale{hint}; use {allowed}"


def _fmt(number: float | None) -> str:
    if number is None:
        return "any"
    return str(int(number)) if number == int(number) else str(number)
