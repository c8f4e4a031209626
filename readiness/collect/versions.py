"""Imports across framework versions: answers to an older questionnaire carried forward.

A questionnaire filled on npt 1.0.0 can be imported into an assessment scored on npt 2.0.0:
answers and comments on kept, reworded and rescored items carry across by 2.0.0's change
record, and the rest are listed in the import's output (and in the respondent file's header,
comments with their words). The version an
import writes is the one the target assessment already uses (its site.yaml pins, or its
respondents' files), else the newest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.assessment.answers import unknown_version
from readiness.collect.held import Held
from readiness.collect.questionnaire import encode_version
from readiness.collect.raw import RawResponse
from readiness.errors import InputError, Problem, ReadinessError
from readiness.framework.catalogue import Catalogue, parse_spec
from readiness.framework.changes import migrate_answers
from readiness.framework.model import Framework
from readiness.yamlio import load_yaml


@dataclass
class Carried:
    """A response's answers to one framework, carried to the version being imported into."""

    answers: dict[str, Any]
    comments: dict[str, str]
    notes: list[str] = field(default_factory=list)


def stated_version(response: RawResponse, framework_id: str, catalogue: Catalogue) -> str | None:
    """The version a response says it answered (PDF field names encode dots as '_')."""
    stated = response.versions.get(framework_id)
    if stated is None or not response.versions_encoded:
        return stated
    for version in catalogue.versions_of(framework_id):
        if encode_version(version) == stated:
            return version
    return stated.replace("_", ".")


def carry_forward(
    response: RawResponse,
    framework: Framework,
    catalogue: Catalogue,
    role: str,
    prefix: str,
    read: Callable[[Framework], dict[str, Any]],
    read_comments: Callable[[Framework], dict[str, str]],
    problems: list[Problem],
) -> Carried | None:
    """Answers and comments a response gave to another version of `framework`, read against
    that version (`read`, `read_comments`) and carried to `framework` by the change records,
    each by the same rule; None (with the problem reported) when that version is unknown or
    no record leads to `framework`."""
    stated = stated_version(response, framework.id, catalogue)
    old = catalogue.get(framework.id, stated) if stated else None
    if old is None or stated is None:
        problems.append(
            Problem(
                response.source,
                None,
                framework.id,
                prefix + unknown_version(framework.id, str(stated), catalogue),
            )
        )
        return None
    given = read(old)
    typed = read_comments(old)
    try:
        moved = migrate_answers(
            catalogue, framework.id, old.version, framework.version, given, role
        )
        # A comment carries as an answer to its item would, answered or not (issue 16).
        moved_comments = migrate_answers(
            catalogue, framework.id, old.version, framework.version, typed, role
        )
    except ReadinessError as exc:
        problems.append(
            Problem(
                response.source,
                None,
                framework.id,
                f"{prefix}these answers are for {framework.id} version {old.version}, but the "
                f"assessment uses version {framework.version}: {exc}",
            )
        )
        return None
    summary = (
        f"{framework.id}: answered on {old.version}; {len(moved.answers)} answers carried to "
        f"{framework.version} by its change record"
    )
    if typed:
        summary += f"; {_count(len(moved_comments.answers), 'comment')} carried"
    notes = [summary]
    notes.extend(f"  not carried: {n.describe()}" for n in moved.not_carried)
    # What cannot carry is written down with its words, so nothing typed is lost.
    notes.extend(
        f"  comment not carried: {n.describe()}; it said: {_quoted(typed[n.old_id])}"
        for n in moved_comments.not_carried
    )
    return Carried(dict(moved.answers), dict(moved_comments.answers), notes)


def _quoted(text: str) -> str:
    """`text` as a JSON string on one line, exactly: JSON escapes the control characters, and
    the three other characters Python reads as line breaks (U+0085, U+2028, U+2029) are
    escaped too, so that a note written as one comment line keeps every character."""
    quoted = json.dumps(text, ensure_ascii=False)
    return (
        quoted.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def site_entry(into: Path) -> dict[str, Any] | None:
    """The `site:` mapping of the site.yaml already in `into`, read leniently (None when
    there is none, or it cannot be read: loading the assessment reports why)."""
    site = into / "site.yaml"
    if not site.is_file():
        return None
    try:
        data = load_yaml(site).data
    except InputError:
        return None
    entry = data.get("site") if isinstance(data, dict) else None
    return entry if isinstance(entry, dict) else None


def target_catalogue(entry: dict[str, Any] | None, catalogue: Catalogue, held: Held) -> Catalogue:
    """The catalogue with the versions the assessment already uses as defaults: its
    site.yaml pins (`entry`, its `site:` mapping: npt@1.0.0), else the version its
    respondent files (`held`) agree on."""
    pinned: dict[str, str] = {}
    frameworks = entry.get("frameworks") if entry is not None else None
    for spec in frameworks if isinstance(frameworks, list) else []:
        framework_id, version = parse_spec(str(spec))
        if version:
            pinned[framework_id] = version
    for framework_id, versions in held.versions.items():
        if framework_id not in pinned and len(versions) == 1:
            pinned[framework_id] = next(iter(versions))
    return catalogue.with_defaults(pinned)
