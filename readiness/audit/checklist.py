"""The reviewer's audit checklist for a visit, as data: which items to check, and what
respondents said about them.

Every contested fact and every essential (critical) item is on it, then the other facts: all
of them, or with a sample size a reproducible sample drawn with a seed (like the DSPT's audited
sample). The checklist formats (YAML, Excel, fillable PDF) are all built from this model and
read back into the reviewer's file, review.yaml (assessment/review.py checks it).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from enum import StrEnum

from readiness.assessment.model import Assessment, ItemCheck, Review
from readiness.framework.model import Item
from readiness.report.wording import (
    NO_SCORE,
    NOBODY_ANSWERED,
    fact_answers,
    score_boundaries,
    score_text,
    site_score,
)
from readiness.scoring.engine import home_items
from readiness.scoring.model import AssessmentResult, FactStatus, FrameworkResult, ItemResult

CHECKLIST_FORMAT = "readiness-review-checklist/1"


class Reason(StrEnum):
    """Why an item is on the checklist (in the order they are listed)."""

    CONTESTED = "contested"  # respondents' answers differ (listed first even once settled)
    ESSENTIAL = "essential"  # a critical item: a gate
    REVIEWED = "reviewed"  # already in the folder's review.yaml (a revisit keeps it)
    SAMPLED = "sampled"  # drawn in the sample of the other facts
    FACT = "fact"  # every other fact (no sample asked for)


@dataclass(frozen=True)
class ChecklistRow:
    """One item to check, under its home framework (a reused item once)."""

    framework_id: str
    framework_title: str
    item: Item
    reason: Reason
    reported: str  # what respondents said: answers by role as counts, or the site's score
    check: ItemCheck | None  # what an existing review.yaml already holds

    @property
    def answers(self) -> tuple[tuple[str, str], ...]:
        """The answers a reviewer may record as verified: (code, label); none for opinions or
        numeric facts (a figure is written as a number)."""
        if not self.item.fact:
            return ()
        return tuple((o.code, o.label) for o in self.item.scale.scored)

    @property
    def numeric(self) -> bool:
        return self.item.fact and not self.item.scale.scored


@dataclass(frozen=True)
class Checklist:
    """The checklist for one assessment."""

    assessment: Assessment
    rows: tuple[ChecklistRow, ...]
    versions: dict[str, str]  # framework id -> version reviewed
    sample_size: int | None  # None: every fact is listed
    seed: int | None


def beyond_a_pdf(review: Review | None) -> list[str]:
    """What a review holds that a fillable PDF checklist has no fields for (one piece of
    evidence per item, without a local file): 'framework/item (what)' for each such item."""
    out = []
    for (framework_id, item_id), check in review.checks.items() if review else ():
        what = []
        if len(check.evidence) > 1:
            what.append(f"{len(check.evidence)} pieces of evidence")
        if any(e.file is not None or e.sha256 is not None for e in check.evidence):
            what.append("a local file")
        if what:
            out.append(f"{framework_id}/{item_id} ({' and '.join(what)})")
    return out


def default_seed(assessment: Assessment) -> int:
    """A seed fixed by the site and its assessment date, so the same checklist is drawn each
    time unless another seed is given."""
    text = f"{assessment.site.name}\t{assessment.site.assessed_on.isoformat()}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def _reported(fr: FrameworkResult, result: ItemResult) -> str:
    if result.item.fact:
        labels = {o.code: o.label for o in result.item.scale.options}
        return fact_answers(result.fact_answers, labels) or NOBODY_ANSWERED
    if result.score is None or result.band is None:
        return NO_SCORE
    shown = score_text(result.score, score_boundaries(fr.framework))
    return site_score(shown, result.band.label)


def build_checklist(
    result: AssessmentResult, sample: int | None = None, seed: int | None = None
) -> Checklist:
    """The checklist: contested facts, then essential items, then items the folder's review
    already holds, then the other facts (all, or a sample of `sample` drawn with `seed`:
    Python's random.Random(seed).sample over their 'framework/item' ids in the order first
    asked, then listed in that order; the size recorded is the number drawn)."""
    assessment = result.assessment
    review = assessment.review
    groups: dict[Reason, list[ChecklistRow]] = {reason: [] for reason in Reason}
    others: list[ChecklistRow] = []
    for fr, item in home_items(result.frameworks):
        ref = item.item.ref
        home_id = ref.framework_id if ref else fr.framework.id
        home_item = ref.item_id if ref else item.item.id
        check = review.check_of(home_id, home_item) if review else None

        if item.item.fact and item.fact_status == FactStatus.CONTESTED:
            reason = Reason.CONTESTED
        elif item.item.critical:
            reason = Reason.ESSENTIAL
        elif check is not None:
            reason = Reason.REVIEWED
        elif item.item.fact:
            reason = Reason.FACT
        else:
            continue
        row = ChecklistRow(
            home_id, fr.framework.title, item.item, reason, _reported(fr, item), check
        )
        (others if reason == Reason.FACT else groups[reason]).append(row)
    used_seed = None
    if sample is not None:
        used_seed = seed if seed is not None else default_seed(assessment)
        keys = [f"{r.framework_id}/{r.item.id}" for r in others]
        # What is recorded is what was drawn: a size beyond the facts there are draws them all.
        sample = min(sample, len(keys))
        drawn = set(random.Random(used_seed).sample(keys, sample))
        others = [
            ChecklistRow(
                r.framework_id, r.framework_title, r.item, Reason.SAMPLED, r.reported, r.check
            )
            for r in others
            if f"{r.framework_id}/{r.item.id}" in drawn
        ]
    rows = (
        *groups[Reason.CONTESTED],
        *groups[Reason.ESSENTIAL],
        *groups[Reason.REVIEWED],
        *others,
    )
    return Checklist(
        assessment,
        rows,
        {f.id: f.version for f in assessment.frameworks},
        sample,
        used_seed,
    )
