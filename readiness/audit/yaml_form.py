"""The checklist as a YAML file the reviewer fills in: it is already a review file
(readiness-review/1), with what respondents said beside each item as comments."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

import yaml

from readiness.assessment.format import REVIEW_FORMAT
from readiness.assessment.model import Evidence, ItemCheck
from readiness.audit import wording
from readiness.audit.checklist import Checklist, ChecklistRow
from readiness.textmatch import single_spaced
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
    about.append(f"Respondents: {row.reported}")
    if row.answers:
        about.append(
            "Verified answer, one of: "
            + "; ".join(f"{code} ({label})" for code, label in row.answers)
        )
    elif row.numeric:
        about.append(f"Verified answer: a figure ({row.item.scale.label})")
    else:
        about.append(wording.OPINION)
    comment = "".join(f"    # {line}\n" for line in about)
    return f"{comment}    {scalar(row.item.id)}:\n{_check_lines(row.check, row)}"


# The one comment the checklist writes beside a value; any other is a reviewer's note.
VISITS_HINT = "YYYY-MM-DD, each day of the visit"


def typed_comments(text: str, titles: Collection[str] = ()) -> list[Comment]:
    """Comments a reviewer typed in a filled YAML checklist: YAML drops them, so what they
    say would be lost. Beside a value (`note: seen the rota  # and the booking system`) every
    comment is theirs but the visits' hint; on a line of its own, every comment but those the
    checklist writes (`_written_here`; `titles`: the frameworks' titles it may head them
    with)."""
    try:
        found = comments(text)
    except yaml.YAMLError:
        return []  # not YAML: the review's own reading says where
    lines = yaml_lines(text)
    opening = next(
        (
            n
            for n, line in enumerate(lines, 1)
            if line.strip() and not line.lstrip().startswith("#")
        ),
        len(lines) + 1,
    )
    hint = {single_spaced(line) for line in wording.ATTESTATION_HINT.splitlines()}
    titles = {single_spaced(title) for title in titles}
    typed = []
    for comment in found:
        if comment.before is not None:
            ours = comment.before.startswith("visits:") and comment.text == VISITS_HINT
        else:
            in_hint = comment.text in hint and not lines[comment.line - 1].startswith(" ")
            ours = (
                comment.line < opening
                or in_hint
                or _written_here(lines, comment.line, comment.text, titles)
            )
        if not ours:
            typed.append(comment)
    return typed


_KEY_LINE = re.compile(r"( *)([^\s#:][^:#]*):\s*$")


def _written_here(lines: list[str], line: int, said: str, titles: Collection[str]) -> bool:
    """Whether a comment alone on `line` (from 1), saying `said`, is one the checklist writes
    above the next key: a framework's title (indented 2), or one of the lines above an item
    (indented 4): its id and why it is listed, what respondents said, what may be verified."""
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    below = next(
        (text for text in lines[line:] if text.strip() and not text.lstrip().startswith("#")), ""
    )
    key = _KEY_LINE.fullmatch(below)
    if key is None or len(key.group(1)) != indent:
        return False
    if indent == 2:
        return said in titles
    if indent != 4:
        return False
    item_id = key.group(2).strip().strip("'\"")
    return (
        said.startswith((f"{item_id} (", "Respondents:", "Verified answer"))
        or said == " ".join(wording.OPINION.split())
        # An item's headline left behind when the reviewer deleted the item below it.
        or _HEADLINE.match(said) is not None
    )


_HEADLINE = re.compile(
    r"\S+ \((?:" + "|".join(re.escape(why) for why in wording.REASONS.values()) + r")\): "
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
