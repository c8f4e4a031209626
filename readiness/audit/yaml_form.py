"""The checklist as a YAML file the reviewer fills in: it is already a review file
(readiness-review/1), with what respondents said beside each item as comments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml

from readiness.assessment.format import REVIEW_FORMAT
from readiness.assessment.model import Evidence, ItemCheck
from readiness.audit import wording
from readiness.audit.checklist import Checklist, ChecklistRow
from readiness.textmatch import single_spaced
from readiness.version import __version__
from readiness.vocabulary import Finding
from readiness.yamlio import Comment, comments, dump_yaml, yaml_lines


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
    about = [f"{row.item.id} ({wording.REASONS[row.reason.value]}): {row.item.text}"]
    about.append(wording.RESPONDENTS + row.reported)
    if row.answers:
        about.append(
            wording.VERIFIED_CODES + "; ".join(f"{code} ({label})" for code, label in row.answers)
        )
    elif row.numeric:
        about.append(wording.verified_figure(row.item.scale.label))
    else:
        about.append(wording.OPINION)
    comment = "".join(f"    # {line}\n" for line in about)
    return f"{comment}    {scalar(row.item.id)}:\n{_check_lines(row.check, row)}"


# The one comment the checklist writes beside a value; any other is a reviewer's note.
VISITS_HINT = "YYYY-MM-DD, each day of the visit"


@dataclass(frozen=True)
class OwnWords:
    """What a catalogue lets a YAML checklist say in its comments: the frameworks' titles
    (above each framework's items) and band labels ('Site score 72, Developing')."""

    titles: frozenset[str] = frozenset()
    band_labels: frozenset[str] = frozenset()


def typed_comments(text: str, words: OwnWords | None = None) -> list[Comment]:
    """Comments a reviewer typed in a filled YAML checklist: YAML drops them, so what they
    say would be lost. Beside a value (`note: seen the rota  # and the booking system`) every
    comment is theirs but the visits' hint; on a line of its own, every comment but those the
    checklist writes: its opening lines (`_opening_ours`), the attestation hint, a
    framework's title, and the lines above each item (`_above_item`). A comment with nothing
    in it says nothing to lose."""
    words = words or OwnWords()
    try:
        found = comments(text)
    except yaml.YAMLError:
        return []  # not YAML: the review's own reading says where
    lines = yaml_lines(text)
    opening = _content_after(lines, 0)
    hint = {single_spaced(line) for line in wording.ATTESTATION_HINT.splitlines()}
    titles = {single_spaced(title) for title in words.titles}
    opening_ours = _opening_ours([c for c in found if c.line < opening and c.before is None])
    typed = []
    before_key: dict[int, Kind] = {}  # per key line below: the last item line accepted above
    for comment in found:
        if comment.before is not None:
            ours = comment.before.startswith("visits:") and comment.text == VISITS_HINT
        elif not comment.text:
            ours = True
        elif comment.line < opening:
            ours = comment.text in opening_ours
        elif comment.text in hint and not lines[comment.line - 1].startswith(" "):
            ours = True
        else:
            below = _content_after(lines, comment.line)
            indent = len(lines[comment.line - 1]) - len(lines[comment.line - 1].lstrip(" "))
            key = _KEY_LINE.fullmatch(lines[below - 1]) if below <= len(lines) else None
            if key is None or len(key.group(1)) != indent:
                ours = False
            elif indent == 2:
                ours = comment.text in titles
            elif indent != 4:
                ours = False
            else:
                kind, ours = _above_item(comment.text, before_key.get(below), words)
                if kind is not None:
                    before_key[below] = kind
        if not ours:
            typed.append(comment)
    return typed


_KEY_LINE = re.compile(r"( *)([^\s#:][^:#]*):\s*$")


def _content_after(lines: list[str], after: int) -> int:
    """The number (from 1) of the first line after line `after` that is neither blank nor
    a comment; one past the last line when there is none."""
    return next(
        (
            n
            for n, line in enumerate(lines[after:], after + 1)
            if line.strip() and not line.lstrip().startswith("#")
        ),
        len(lines) + 1,
    )


def _opening_ours(opening: list[Comment]) -> set[str]:
    """The opening comments that are the checklist's own: those this version writes when the
    file opens with its header, and all of them when it does not (a checklist another version
    wrote, whose words may differ, or a review file someone wrote)."""
    header = wording.INTRO_HEADER.fullmatch(opening[0].text) if opening else None
    if header is None or header.group("version") != __version__:
        return {c.text for c in opening}
    findings = [str(f) for f in Finding]
    ours = {single_spaced(line) for line in wording.yaml_intro_body(findings)}
    ours |= {c.text for c in opening if wording.INTRO_HEADER.fullmatch(c.text)}
    return ours | {c.text for c in opening if wording.INTRO_SAMPLE.fullmatch(c.text)}


class Kind(Enum):
    """The lines the checklist writes above an item, in their order."""

    HEADLINE = 1
    RESPONDENTS = 2
    VERIFIED = 3


def _above_item(said: str, previous: Kind | None, words: OwnWords) -> tuple[Kind | None, bool]:
    """Which of the checklist's lines above an item `said` claims to be (None: none), and
    whether it is that line as the checklist writes it, following the line above it
    (`previous`): an item's headline (its own, or one left behind when the reviewer deleted
    the item below it), then what respondents said, then what may be verified, each once."""
    claimed = claimed_line(said)
    if claimed == Kind.HEADLINE:
        return claimed, True
    if claimed == Kind.RESPONDENTS:
        reported = said.removeprefix(wording.RESPONDENTS)
        return claimed, previous == Kind.HEADLINE and _reported(reported, words)
    if claimed == Kind.VERIFIED:
        return claimed, previous == Kind.RESPONDENTS and _verified(said)
    return None, False


def claimed_line(said: str) -> Kind | None:
    """Which of the lines the checklist writes above an item a comment begins like."""
    if _HEADLINE.match(said):
        return Kind.HEADLINE
    if said.startswith(wording.RESPONDENTS):
        return Kind.RESPONDENTS
    opinion = single_spaced(wording.OPINION).split(":")[0]
    if said.startswith((wording.VERIFIED_CODES.split(",")[0], opinion)):
        return Kind.VERIFIED
    return None


def _verified(said: str) -> bool:
    """Whether `said` is what the checklist writes of the answer a reviewer may verify."""
    if said == single_spaced(wording.OPINION):
        return True
    codes = said.removeprefix(wording.VERIFIED_CODES)
    if codes != said:
        return " (" in codes and codes.endswith(")")
    figure, _, end = wording.verified_figure("\n").partition("\n")
    return said.startswith(figure) and said.endswith(end) and len(said) > len(figure + end)


def _reported(reported: str, words: OwnWords) -> bool:
    """Whether `reported` is what the checklist writes of respondents' answers."""
    if reported in (wording.NOBODY_ANSWERED, wording.NO_SCORE):
        return True
    score = _SITE_SCORE.fullmatch(reported)
    if score is not None:
        return score.group("band") in words.band_labels
    # 'Link worker: no ×3; GP (does not decide): yes ×1': every role's answers end in a count.
    said, _, count = reported.rpartition(" ×")
    return ": " in said and count.isdigit()


_HEADLINE = re.compile(
    r"\S+ \((?:" + "|".join(re.escape(why) for why in wording.REASONS.values()) + r")\): "
)
_SITE_SCORE = re.compile(
    re.escape(wording.site_score("@", "@"))
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
        out.append(f"  # {rows[0].framework_title}\n  {scalar(framework_id)}:\n")
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
