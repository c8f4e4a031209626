"""One response checked against the frameworks: its role, each answer matched to an option, each
comment within its limit, answers to another version carried forward, and an item asked once
(`from:`) moved to its home framework. Every problem is reported with where it was found."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from readiness.assessment.format import MAX_COMMENT
from readiness.collect import wording
from readiness.collect.matching import match_answer, match_role
from readiness.collect.questionnaire import encode_version
from readiness.collect.raw import RawResponse
from readiness.collect.versions import carry_forward
from readiness.errors import Problem
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework, Item
from readiness.schema import did_you_mean


@dataclass
class Resolved:
    """A response as it will be written: its role, and its answers and comments by framework
    at the versions the assessment uses."""

    response: RawResponse
    role: str
    respondent_id: str | None
    versions: dict[str, str]
    answers: dict[str, dict[str, Any]]
    comments: dict[str, dict[str, str]]
    general_comment: str | None = None
    row_key: str | None = None  # an export row's identity across downloads (importer._row_keys)
    # For a row keyed by its survey's own submission id: a hash of what it says, so that a
    # submission edited after an earlier download is told apart from the one imported.
    content_sha256: str | None = None
    # The site's words for {service} and {site} when it was imported, kept with a response that
    # answered a question saying them (None: none did, or the site gave none).
    service_name: str | None = None
    site_name: str | None = None
    notes: list[str] = field(default_factory=list)  # what did not carry from an older version
    warnings: list[str] = field(default_factory=list)  # answers the role is not asked
    # Framework id -> the SHA-256 of the user's file its answers were given to, for each
    # framework answered on one (`Framework.local_sha256`); None: not known (a respondent file
    # imported again that records nothing), so the new file records nothing either.
    adapted: dict[str, str] | None = field(default_factory=dict)
    # A respondent file imported again whose answers were first checked against another text
    # of a framework than this import's (an adapted file, or the bundled one).
    other_text: list[str] = field(default_factory=list)


def resolve_all(
    responses: Iterable[RawResponse],
    catalogue: Catalogue,
    role: str | None,
    problems: list[Problem],
) -> list[Resolved]:
    """Every response that resolves, in order; what is wrong with the others is in `problems`."""
    memo = _Memo()
    found = (resolve(response, catalogue, role, problems, memo) for response in responses)
    return [resolved for resolved in found if resolved]


def resolve(
    response: RawResponse,
    catalogue: Catalogue,
    role: str | None,
    problems: list[Problem],
    memo: _Memo | None = None,
) -> Resolved | None:
    """Check one response against the frameworks; report every problem with its location."""
    memo = memo if memo is not None else _Memo()
    prefix = f"row {response.row}: " if response.row else ""
    chosen_role: str | None
    if response.says_nothing:
        # It will be set aside as blank (importer._set_aside), so its role is not asked for;
        # what it says of its frameworks is still checked.
        chosen_role = role or (memo.role(response.role) if response.role else None) or ""
    else:
        chosen_role = _role(response, role, prefix, problems, memo)
    if chosen_role is None:
        return None
    resolved = Resolved(response, chosen_role, response.respondent_id, {}, {}, {})
    frameworks = set(response.answers) | set(response.comments) | set(response.versions)
    known = memo.ids(catalogue)
    for framework_id in sorted(frameworks, key=lambda f: (f not in known, f)):
        framework = catalogue.get(framework_id)
        if framework is None:
            problems.append(
                Problem(
                    response.source,
                    None,
                    framework_id,
                    f"{prefix}unknown framework "
                    f"{framework_id!r}{did_you_mean(framework_id, catalogue.ids())}",
                )
            )
            continue
        _resolve_framework(resolved, framework, catalogue, prefix, problems, memo)
    versions, answers, comments = resolved.versions, resolved.answers, resolved.comments
    if memo.any_reused(catalogue, versions, answers, comments):
        _to_home(response, catalogue, versions, answers, comments, prefix, problems)
    general = response.general_comment
    if general is not None:
        general = _comment_fits(response, ("", "general_comment"), general, problems)
    resolved.general_comment = general
    unasked = _not_asked(resolved, catalogue)
    if unasked:
        resolved.warnings.append(wording.not_asked_of(resolved.role, unasked))
    now = {}
    for framework_id, version in resolved.versions.items():
        answered = catalogue.get(framework_id, version)
        if answered is not None and answered.local_sha256 is not None:
            now[framework_id] = answered.local_sha256
    resolved.adapted = now
    if response.adapted is not None:
        first = {
            framework_id: digest
            for framework_id, digest in response.adapted.items()
            if catalogue.text_named(framework_id, response.versions.get(framework_id, ""), digest)
        }
        resolved.other_text, resolved.adapted = _first_record(
            response, first, now, resolved.versions, catalogue
        )
    elif response.imported:
        resolved.adapted = None  # which text it was given to is not known: not made up
    return resolved


def _first_record(
    response: RawResponse,
    first: dict[str, str],
    now: dict[str, str],
    versions: dict[str, str],
    catalogue: Catalogue,
) -> tuple[list[str], dict[str, str]]:
    """A respondent file imported again: a warning for each framework, at the version its
    answers were given to, that this import checks them against another text (`now`) than
    the one its `imported_from.adapted` records (`first`); and the record the new file
    keeps: the text they were given to, so the next scoring says so too. Answers carried to
    another version record this import's text."""
    warnings, kept = [], dict(now)
    for framework_id, version in versions.items():
        if response.versions.get(framework_id) != version:
            continue
        given, checked = first.get(framework_id), now.get(framework_id)
        if given != checked:
            answered = catalogue.get(framework_id, version)
            warnings.append(
                wording.checked_against_other_text(
                    f"{framework_id} {version}",
                    given,
                    checked,
                    answered.path if answered is not None else None,
                )
            )
        if given is None:
            kept.pop(framework_id, None)
        else:
            kept[framework_id] = given
    return warnings, kept


def _not_asked(resolved: Resolved, catalogue: Catalogue) -> list[str]:
    """The answers (as 'framework ITEM') to questions the response's role is not asked."""
    unasked = []
    for framework_id, answers in resolved.answers.items():
        framework = catalogue.get(framework_id, resolved.versions.get(framework_id))
        if framework is None or not resolved.role:
            continue
        unasked += [
            f"{framework_id} {item_id}"
            for item_id in answers
            if item_id in framework.items and not framework.items[item_id].asks(resolved.role)
        ]
    return unasked


def _role(
    response: RawResponse,
    role: str | None,
    prefix: str,
    problems: list[Problem],
    memo: _Memo,
) -> str | None:
    """The role the response states, else the one given for the whole import (`--role`),
    else None with the problem reported. A role the response states and `--role` contradicts
    is a problem too: the respondent's answer is never overwritten."""
    where = response.where.get(("", "role"), "")
    prefix = f"{prefix}{where}: " if where else prefix
    if role is not None and response.role:
        matched = memo.role(response.role)
        if matched != role:
            problems.append(
                Problem(
                    response.source,
                    None,
                    "role",
                    f"{prefix}{wording.role_contradicted(response.role, matched, role)}",
                )
            )
            return None
        return role
    if role is not None:
        return role
    if response.role:
        matched = memo.role(response.role)
        if matched is None:
            problems.append(
                Problem(
                    response.source,
                    None,
                    "role",
                    prefix + wording.unknown_role(response.role),
                )
            )
        return matched
    problems.append(
        Problem(
            response.source,
            None,
            "role",
            f"{prefix}no role given; answer the role question, or import with --role ROLE",
        )
    )
    return None


def _resolve_framework(
    resolved: Resolved,
    framework: Framework,
    catalogue: Catalogue,
    prefix: str,
    problems: list[Problem],
    memo: _Memo,
) -> None:
    """Add a response's answers and comments on `framework` to `resolved`: as given when they
    are to the version the assessment uses, otherwise carried across by the change record."""
    response, framework_id = resolved.response, framework.id
    stated = response.versions.get(framework_id)
    if stated is not None and not _same_version(stated, framework, response.versions_encoded):
        # Another version (issue 11): carry answers across by the change record.
        carried = carry_forward(
            response,
            framework,
            catalogue,
            resolved.role,
            prefix,
            lambda old: _answers(old, response, prefix, problems, memo),
            lambda old: _comments(old, response, prefix, problems, memo),
            problems,
        )
        if carried is not None:
            resolved.versions[framework_id] = framework.version
            resolved.answers[framework_id] = carried.answers
            if carried.comments:
                resolved.comments[framework_id] = carried.comments
            resolved.notes.extend(carried.notes)
        return
    resolved.versions[framework_id] = framework.version
    resolved.answers[framework_id] = _answers(framework, response, prefix, problems, memo)
    kept = _comments(framework, response, prefix, problems, memo)
    if kept:
        resolved.comments[framework_id] = kept


def _comments(
    framework: Framework,
    response: RawResponse,
    prefix: str,
    problems: list[Problem],
    memo: _Memo,
) -> dict[str, str]:
    """A response's comments on `framework`'s items, checked against that version."""
    kept: dict[str, str] = {}
    items = memo.items(framework)
    for item_id, text in response.comments.get(framework.id, {}).items():
        if item_id not in items:
            where = response.where.get((framework.id, f"{item_id}/comment"), "")
            at = f"{prefix}{where}: " if where else prefix
            problems.append(
                Problem(
                    response.source,
                    None,
                    f"{framework.id}.{item_id}",
                    f"{at}comment on an unknown item {item_id!r}"
                    f"{did_you_mean(item_id, list(items))}",
                )
            )
        elif (
            fits := _comment_fits(response, (framework.id, f"{item_id}/comment"), text, problems)
        ) is not None:
            kept[item_id] = fits
    return kept


def _to_home(
    response: RawResponse,
    catalogue: Catalogue,
    versions: dict[str, str],
    answers: dict[str, dict[str, Any]],
    comments: dict[str, dict[str, str]],
    prefix: str,
    problems: list[Problem],
) -> None:
    """Move answers and comments on an item another framework asks once (`from:`) to that
    item under its home framework, where the loader reads it; one question answered twice
    differently is refused. A survey column, a YAML key or a carried answer may land there."""
    for section in (answers, comments):
        for framework_id in list(section):
            framework = catalogue.get(framework_id, versions.get(framework_id))
            if framework is None or not framework.references:
                continue
            given = section[framework_id]
            for item_id in [i for i in given if framework.items[i].ref is not None]:
                ref = framework.items[item_id].ref
                assert ref is not None
                value = given.pop(item_id)
                home = catalogue.get(ref.framework_id)
                kind = "answer" if section is answers else "comment"
                key = item_id if section is answers else f"{item_id}/comment"
                where = response.location(framework_id, key)
                at = f"{prefix}{where}: " if where else prefix
                name = f"{framework_id}.{item_id}"
                if home is None or home.version != ref.version:
                    used = f"{home.id} {home.version}" if home else f"no {ref.framework_id}"
                    problems.append(
                        Problem(
                            response.source,
                            None,
                            name,
                            f"{at}{framework_id} {item_id} is asked once, as {ref.spec}, but "
                            f"this assessment uses {used}; import it into an assessment on "
                            f"{ref.spec.split('/')[0]}",
                        )
                    )
                    continue
                there = section.setdefault(ref.framework_id, {})
                if ref.item_id in there and there[ref.item_id] != value:
                    problems.append(
                        Problem(
                            response.source,
                            None,
                            name,
                            f"{at}{framework_id} {item_id} and {ref.framework_id} {ref.item_id} "
                            f"are one question, asked once, but the {kind}s differ "
                            f"({there[ref.item_id]!r} and {value!r}); keep one of them",
                        )
                    )
                    continue
                there[ref.item_id] = value
                versions.setdefault(ref.framework_id, home.version)
    for framework_id in [f for f, given in comments.items() if not given]:
        del comments[framework_id]


def _comment_fits(
    response: RawResponse, key: tuple[str, str], value: Any, problems: list[Problem]
) -> str | None:
    """A comment as the text it was written as, within the one limit that scoring also
    checks; None (a problem added) when it is not."""
    text, problem = comment_text(value)
    if text is not None and len(text) > MAX_COMMENT:
        problem = (
            f"the comment has {len(text):,} characters; the limit is {MAX_COMMENT:,}: "
            "shorten it in the file and import again"
        )
    if problem is None:
        return text
    prefix = f"row {response.row}: " if response.row else ""
    where = response.where.get(key, "")
    at = f"{prefix}{where}: " if where else prefix
    name = "general_comment" if not key[0] else f"{key[0]}.{key[1].split('/')[0]}.comment"
    problems.append(Problem(response.source, None, name, f"{at}{problem}"))
    return None


# Whole numbers a spreadsheet shows as written (below 2^53 a float holds every one exactly).
_EXACT_WHOLE = 2.0**53


def comment_text(value: Any) -> tuple[str | None, str | None]:
    """A comment cell as the text a spreadsheet showed its writer, or (None, why not): a
    number as written (a whole number without ".0", a decimal as the shortest text that reads
    back to it), true/false as the spreadsheet shows them; a date or time, or a number only
    shown in exponent form, cannot be told from what was typed, so it is refused."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < _EXACT_WHOLE:
            return str(int(value)), None
        shown = repr(value)
        if math.isfinite(value) and "e" not in shown:
            return shown, None
        return None, wording.COMMENT_NUMBER_NOT_KEPT
    if isinstance(value, dt.date | dt.time):
        return None, wording.COMMENT_DATE_NOT_KEPT
    return str(value), None


class _Memo:
    """What many rows of one import share, worked out once: each framework's items by id, and
    the answer made of each distinct value given to an item (exports repeat a few answers many
    thousand times), so an import takes time in proportion to its size."""

    def __init__(self) -> None:
        # Keyed by (id, version): an import may read answers to more than one version.
        self._items: dict[tuple[str, str], dict[str, Item]] = {}
        self._reused: dict[tuple[str, str], frozenset[str]] = {}
        self._answers: dict[tuple[str, str], dict[tuple[str, type, Any], tuple[Any, str]]] = {}
        self._roles: dict[str, str | None] = {}
        self._ids: tuple[Catalogue, set[str]] | None = None

    def items(self, framework: Framework) -> dict[str, Item]:
        key = (framework.id, framework.version)
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = framework.items
        return found

    def ids(self, catalogue: Catalogue) -> set[str]:
        if self._ids is None or self._ids[0] is not catalogue:
            self._ids = (catalogue, set(catalogue.ids()))
        return self._ids[1]

    def role(self, written: str) -> str | None:
        if written not in self._roles:
            self._roles[written] = match_role(written)
        return self._roles[written]

    def any_reused(
        self,
        catalogue: Catalogue,
        versions: dict[str, str],
        answers: dict[str, dict[str, Any]],
        comments: dict[str, dict[str, str]],
    ) -> bool:
        """Whether any answer or comment is on an item asked once elsewhere (`from:`)."""
        for section in (answers, comments):
            for framework_id, given in section.items():
                key = (framework_id, versions.get(framework_id, ""))
                reused = self._reused.get(key)
                if reused is None:
                    framework = catalogue.get(framework_id, versions.get(framework_id))
                    reused = (
                        frozenset(i.id for i in framework.references)
                        if framework
                        else (frozenset())
                    )
                    self._reused[key] = reused
                if reused and not reused.isdisjoint(given):
                    return True
        return False

    def answers(self, framework: Framework) -> dict[tuple[str, type, Any], tuple[Any, str]]:
        """The answers already made for `framework`, by (item id, type, value given)."""
        key = (framework.id, framework.version)
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = {}
        return found


def _same_version(stated: str, framework: Framework, encoded: bool) -> bool:
    if encoded:
        return stated == encode_version(framework.version)
    return stated == framework.version


def _answers(
    framework: Framework,
    response: RawResponse,
    prefix: str,
    problems: list[Problem],
    memo: _Memo,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    items = memo.items(framework)
    made = memo.answers(framework)
    for item_id, value in response.answers.get(framework.id, {}).items():
        try:
            key = (item_id, type(value), value)
            found = made.get(key)
        except TypeError:  # a value that cannot be a key: work it out each time
            key, found = None, None
        if found is None:
            item = items.get(item_id)
            if item is None:
                found = (
                    None,
                    (f"{framework.id} has no item {item_id!r}{did_you_mean(item_id, list(items))}"),
                )
            else:
                found = match_answer(item, value)
            if key is not None:
                made[key] = found
        answer, message = found
        if answer is None:
            where = response.location(framework.id, item_id)
            at = f"{prefix}{where}: " if where else prefix
            problems.append(
                Problem(response.source, None, f"{framework.id}.{item_id}", at + message)
            )
            continue
        out[item_id] = answer
    return out
