"""The checklist as a YAML file the reviewer fills in: it is already a review file
(readiness-review/1), with what respondents said beside each item as comments."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from readiness.assessment.format import REVIEW_FORMAT
from readiness.assessment.model import Evidence, ItemCheck
from readiness.audit import wording
from readiness.audit.checklist import Checklist, ChecklistRow
from readiness.framework.model import Framework, Item
from readiness.report.wording import NO_SCORE, NOBODY_ANSWERED, site_score
from readiness.textmatch import single_spaced
from readiness.version import __version__
from readiness.vocabulary import Finding
from readiness.yamlio import Comment, comments, dump_yaml, first_content_line, yaml_lines


def scalar(value: Any) -> str:
    """One YAML scalar, quoted where YAML would read it as something else ('yes', '0400')."""
    if value is None:
        return ""
    text = dump_yaml(value, width=10**6, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def _key(pad: str, key: str, value: Any) -> str:
    """'key: value', or 'key:' alone when the value is blank."""
    text = scalar(value)
    return f"{pad}{key}: {text}\n" if text else f"{pad}{key}:\n"


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in text.splitlines())


def _evidence(evidence: Evidence, indent: str) -> str:
    lines = [f"{indent}- title: {scalar(evidence.title)}\n"]
    pad = indent + "  "
    if evidence.reference:
        lines.append(f"{pad}reference: {scalar(evidence.reference)}\n")
    lines.append(f"{pad}seen: {evidence.seen.isoformat()}\n")
    if evidence.expires:
        lines.append(f"{pad}expires: {evidence.expires.isoformat()}\n")
    if evidence.file:
        lines.append(f"{pad}file: {scalar(evidence.file.as_posix())}\n")
    if evidence.sha256:
        lines.append(f"{pad}sha256: {scalar(evidence.sha256)}\n")
    return "".join(lines)


def _check_lines(check: ItemCheck | None, row: ChecklistRow) -> str:
    pad = "      "
    out = []
    if row.item.fact:
        verified = check.verified.raw if check and check.verified else None
        out.append(_key(pad, "verified", verified))
    finding = check.finding if check else None
    out.append(_key(pad, "finding", str(finding) if finding else None))
    if check and check.evidence:
        out.append(f"{pad}evidence:\n")
        out.extend(_evidence(e, pad + "  ") for e in check.evidence)
    else:
        out.append(f"{pad}evidence: []\n")
    out.append(_key(pad, "note", check.note if check else None))
    return "".join(out)


def _row(row: ChecklistRow) -> str:
    about = [
        f"{row.item.id} ({wording.REASONS[row.reason.value]}): {row.item.text}",
        wording.RESPONDENTS + row.reported,
        verified_line(row.item),
    ]
    # One line each, whatever line breaks a framework's words hold (YAML reads U+2028 as one).
    comment = "".join(f"    # {single_spaced(line)}\n" for line in about)
    return f"{comment}    {scalar(row.item.id)}:\n{_check_lines(row.check, row)}"


# The one comment the checklist writes beside a value; any other is a reviewer's note.
VISITS_HINT = "YYYY-MM-DD, each day of the visit"


@dataclass(frozen=True)
class OwnWords:
    """What a catalogue lets a YAML checklist say in its comments, each single-spaced: the
    frameworks' titles (above each framework's items), band labels ('Site score 72,
    Developing'), the items' ids (heading their lines) and each line saying what may be
    verified."""

    titles: frozenset[str] = frozenset()
    band_labels: frozenset[str] = frozenset()
    item_ids: frozenset[str] = frozenset()
    verified_lines: frozenset[str] = frozenset()
    framework_ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, frameworks: Iterable[Framework]) -> OwnWords:
        frameworks = list(frameworks)
        return cls(
            titles=frozenset(single_spaced(f.title) for f in frameworks),
            band_labels=frozenset(band.label for f in frameworks for band in f.bands),
            item_ids=frozenset(item_id for f in frameworks for item_id in f.items),
            verified_lines=frozenset(
                single_spaced(verified_line(item)) for f in frameworks for item in f.items.values()
            ),
            framework_ids=frozenset(f.id for f in frameworks),
        )


def verified_line(item: Item) -> str:
    """What the checklist says may be recorded as an item's verified answer."""
    allowed = wording.allowed_answers(item)
    if allowed is None:
        return wording.OPINION
    return (wording.VERIFIED_CODES if item.scale.scored else wording.VERIFIED_FIGURE) + allowed


def typed_comments(text: str, words: OwnWords | None = None, data: Any = None) -> list[Comment]:
    """Comments a reviewer typed in a filled YAML checklist (`text`, read as `data` when it
    can be): YAML drops them, so what they say would be lost. Beside a value (`note: seen
    the rota  # and the booking system`) every comment is theirs but the visits' hint. On a
    line of its own, every comment is theirs but one in the checklist's own words, wherever
    it stands: an opening line (`_opening_ours`), a line of the attestation hint, a
    framework's title, or a line written above an item (`_above_an_item`). Lines of the
    checklist's moved, repeated or left behind hold nothing typed, so they pass; words added
    to one do not. A comment with nothing in it says nothing to lose. Nothing is checked in
    a file naming a framework the catalogue lacks (the review's own reading says so)."""
    words = words or OwnWords()
    versions = data.get("versions") if isinstance(data, dict) else None
    if (
        isinstance(versions, dict)
        and words.framework_ids
        and set(map(str, versions)) - set(words.framework_ids)
    ):
        return []
    try:
        found = comments(text)
    except yaml.YAMLError:
        return []  # not YAML: the review's own reading says where
    lines = yaml_lines(text)
    opening = first_content_line(lines) or len(lines) + 1
    hint = {single_spaced(line) for line in wording.ATTESTATION_HINT.splitlines()}
    opening_ours = _opening_ours([c for c in found if c.line < opening and c.before is None], data)
    typed = []
    for comment in found:
        if comment.before is not None:
            ours = comment.before.startswith("visits:") and comment.text == VISITS_HINT
        elif not comment.text:
            ours = True
        elif comment.line < opening:
            ours = comment.text in opening_ours
        else:
            ours = (
                comment.text in hint
                or comment.text in words.titles
                or _above_an_item(comment.text, words)
            )
        if not ours:
            typed.append(comment)
    return typed


def _opening_ours(opening: list[Comment], data: Any) -> set[str]:
    """The opening comments that are the checklist's own. In a checklist this version wrote
    (a line there opens like its header and names this version), those it writes: the
    header, as the file's site and date make it, the lines that never change and the
    sample's line. Otherwise all of them: a checklist another version wrote, whose words may
    differ, or a review file someone wrote."""
    header = next((c for c in opening if c.text.startswith(wording.INTRO_START)), None)
    version = wording.INTRO_VERSION.search(header.text) if header else None
    if version is None or version.group(1) != __version__:
        return {c.text for c in opening}
    findings = [str(f) for f in Finding]
    ours = {single_spaced(line) for line in wording.yaml_intro_body(findings)}
    expected = _expected_header(data)
    ours |= {
        c.text
        for c in opening
        if (c.text == expected if expected else wording.INTRO_HEADER.fullmatch(c.text))
        or wording.INTRO_SAMPLE.fullmatch(c.text)
    }
    return ours


def _expected_header(data: Any) -> str | None:
    """The header the checklist wrote for the site the file names; None when it cannot be
    told (a file that cannot be read is refused for that)."""
    site = data.get("site") if isinstance(data, dict) else None
    if not isinstance(site, dict):
        return None
    name, assessed = site.get("name"), site.get("assessed_on")
    if not isinstance(name, str) or not isinstance(assessed, date):
        return None
    return single_spaced(wording.intro_header(name, assessed))


def _above_an_item(said: str, words: OwnWords) -> bool:
    """Whether `said` is one of the lines the checklist writes above an item: its headline
    (an item's id and why it is listed), what respondents said, or what may be verified."""
    headline = _HEADLINE.match(said)
    if headline is not None:
        # Checked for its id alone: the words a checklist wrote may since have changed (a
        # framework adapted or corrected after the visit), or name the site.
        return headline.group("id") in words.item_ids
    if said.startswith(wording.RESPONDENTS):
        return _reported(said.removeprefix(wording.RESPONDENTS), words)
    return said in words.verified_lines or said == single_spaced(wording.OPINION)


def claimed_line(said: str) -> bool:
    """Whether a comment begins like one of the lines the checklist writes above an item."""
    opinion = single_spaced(wording.OPINION).split(":")[0]
    return bool(
        _HEADLINE.match(said)
        or said.startswith((wording.RESPONDENTS, wording.VERIFIED_CODES.split(",")[0], opinion))
    )


def _reported(reported: str, words: OwnWords) -> bool:
    """Whether `reported` is what the checklist writes of respondents' answers."""
    if reported in (NOBODY_ANSWERED, NO_SCORE):
        return True
    score = _SITE_SCORE.fullmatch(reported)
    if score is not None:
        return score.group("band") in words.band_labels
    # 'Link worker: no ×3; GP (does not decide): yes ×1': every role's answers end in a count.
    said, _, count = reported.rpartition(" ×")
    return ": " in said and count.isdigit()


_HEADLINE = re.compile(
    r"(?P<id>\S+) \((?:" + "|".join(re.escape(why) for why in wording.REASONS.values()) + r")\): "
)
_SITE_SCORE = re.compile(
    re.escape(site_score("@", "@"))
    .replace("@", r"(?P<score>[\d.]+)", 1)
    .replace("@", r"(?P<band>.+)", 1)
)


def render_yaml(checklist: Checklist) -> bytes:
    """The checklist as YAML text."""
    assessment = checklist.assessment
    site = assessment.site
    review = assessment.review
    out = [_comment(wording.yaml_intro(checklist, [str(f) for f in Finding]))]
    out.append(f"format: {REVIEW_FORMAT}\n")
    out.append("site:\n")
    out.append(f"  name: {scalar(site.name)}\n")
    if site.ods_code:
        out.append(f"  ods_code: {scalar(site.ods_code)}\n")
    out.append(f"  kind: {scalar(site.kind)}\n")
    out.append(f"  assessed_on: {site.assessed_on.isoformat()}\n")
    out.append("reviewer:\n")
    out.append(_key("  ", "name", review.reviewer if review else None))
    out.append(_key("  ", "organisation", review.organisation if review else None))
    visits = ", ".join(d.isoformat() for d in review.visits) if review else ""
    out.append(f"visits: [{visits}]  # {VISITS_HINT}\n")
    if checklist.seed is not None:
        out.append(f"sample: {{size: {checklist.sample_size}, seed: {checklist.seed}}}\n")
    out.append("versions:\n")
    out.extend(f"  {scalar(k)}: {scalar(v)}\n" for k, v in checklist.versions.items())
    out.append(_attestation(checklist))
    out.append("items:\n")
    # A mapping holds each framework once: its rows together, in the checklist's order.
    by_framework: dict[str, list[ChecklistRow]] = {}
    for row in checklist.rows:
        by_framework.setdefault(row.framework_id, []).append(row)
    for framework_id, rows in by_framework.items():
        out.append(f"  # {single_spaced(rows[0].framework_title)}\n  {scalar(framework_id)}:\n")
        out.extend(_row(row) for row in rows)
    return "".join(out).encode("utf-8")


def _attestation(checklist: Checklist) -> str:
    review = checklist.assessment.review
    signed = review.attestation if review else None
    if signed is None:
        return _comment(wording.ATTESTATION_HINT)
    return (
        "attestation:\n"
        f"  name: {scalar(signed.name)}\n"
        f"  role: {scalar(signed.role)}\n"
        f"  date: {signed.signed_on.isoformat()}\n"
        f"  statement: {scalar(signed.statement)}\n"
    )
