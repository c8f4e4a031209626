"""What a report says about what was checked: the assessment's assurance, each framework's
score as reported beside the verified one, and the "Facts and evidence" section.

A report never implies more assurance than the files hold: without a review every statement
says the assessment is self-reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from readiness.assessment.model import Evidence, ItemCheck
from readiness.report.views import ScoreView, ScoreViews, doc, format_date
from readiness.report.wording import (
    ASSURANCE_LABELS,
    EXPIRED,
    FINDING_LABELS,
    assurance_statement,
    attestation_statement,
    attested_by,
    fact_answers,
    verification_text,
)
from readiness.scoring.engine import home_items
from readiness.scoring.model import AssessmentResult, Assurance, FrameworkResult, ItemResult


@dataclass(frozen=True)
class EvidenceView:
    title: str = doc("what the document or record is")
    reference: str = doc("where it is (a document's name and section, or a URL), or ''")
    seen: str = doc("when the reviewer saw it, e.g. '13 October 2026'")
    expires: str = doc("when it stops being good evidence, or ''")
    expired: bool = doc("it had expired by the assessment date, so it verifies nothing")
    file: str = doc("the local copy's name, or ''")


@dataclass(frozen=True)
class CheckView:
    framework: str = doc("the framework's title")
    id: str = doc("the item's id (for consultants; print it small)")
    text: str = doc("the item's statement or question")
    fact: bool = doc("a fact (an opinion may carry a finding, never a verified answer)")
    critical: bool = doc("an essential condition (a gate)")
    assurance: str = doc(
        "for a fact: 'Verified', 'Self-reported', 'Contested' or 'Contradicted'; '' otherwise"
    )
    assurance_id: str = doc("the same as a code: verified, self_reported, contested...")
    settled: bool = doc("a contested fact a verified answer settled")
    reported: str = doc("what respondents said, by role, as counts, or ''")
    reported_score: ScoreView = doc("the fact's score from respondents' answers alone")
    verified: str = doc("the verified answer, as its scale labels it, or ''")
    not_counted: str = doc("why a verified answer does not count (expired evidence), or ''")
    score: ScoreView = doc("the score that counts (the verified one, when it does)")
    finding: str = doc("what the evidence says, e.g. 'Evidence partly supports it', or ''")
    evidence: tuple[EvidenceView, ...] = doc("what the reviewer saw")
    note: str = doc("the reviewer's note, or ''")


@dataclass(frozen=True)
class AssuranceView:
    reviewed: bool = doc("whether a reviewer checked anything (a review file was given)")
    statement: str = doc(
        "what the numbers rest on, e.g. 'Self-assessment, not independently verified' or "
        "'Reviewed by NAME (ORGANISATION) on DATE: 12 of 31 facts verified, 2 of them contradicted'"
    )
    attestation: str = doc(
        "the site's sign-off with its statement, e.g. 'Signed off by …: \"…\"', or ''"
    )
    attested_by: str = doc(
        "who signed it off and when, without the statement (names cut to fit a cover), or ''"
    )
    short_statement: str = doc("the statement with names cut to fit a cover or a summary")
    checks: tuple[CheckView, ...] = doc(
        "facts contradicted, then contested, then verified (settled ones first), then facts "
        "whose verification does not count, then opinions with a finding or evidence"
    )
    self_reported: int = doc("facts that rest on respondents' answers alone and are not listed")
    sample_seed: str = doc("the seed of the checklist's sample of facts, or ''")


# A cover and a summary have room for names this long; the Facts and evidence section has them
# whole.
SHORT_NAMES = 30

# The order facts are listed in: what most needs a reader's attention first.
_ORDER = {
    Assurance.CONTRADICTED: 0,
    Assurance.CONTESTED: 1,
    Assurance.VERIFIED: 2,
}


def _evidence(evidence: Evidence, day_expired: bool) -> EvidenceView:
    return EvidenceView(
        title=evidence.title,
        reference=evidence.reference or "",
        seen=format_date(evidence.seen),
        expires=format_date(evidence.expires) if evidence.expires else "",
        expired=day_expired,
        file=evidence.file.name if evidence.file else "",
    )


def _verified_label(result: ItemResult, check: ItemCheck | None) -> str:
    if check is None or check.verified is None:
        return ""
    labels = {o.code: o.label for o in result.item.scale.options}
    raw = check.verified.raw
    return labels.get(str(raw), f"{raw:g}" if isinstance(raw, (int, float)) else str(raw))


def _check(
    fr: FrameworkResult, result: ItemResult, scores: ScoreViews, assessed_on: date
) -> CheckView:
    check = result.check
    evidence = tuple(
        _evidence(e, e.expired_on(assessed_on)) for e in (check.evidence if check else ())
    )
    stale = check is not None and check.verified is not None and not check.current
    return CheckView(
        framework=fr.framework.title,
        id=result.item.id,
        text=result.item.text,
        fact=result.item.fact,
        critical=result.item.critical,
        assurance=ASSURANCE_LABELS[result.assurance] if result.assurance else "",
        assurance_id=result.assurance or "",
        settled=result.settled,
        reported=fact_answers(
            result.fact_answers, {o.code: o.label for o in result.item.scale.options}
        ),
        reported_score=scores.view(result.reported_score, None, missing="Not scored"),
        verified=_verified_label(result, check),
        not_counted=EXPIRED if stale else "",
        score=scores.view(result.score, result.band, missing="Not scored"),
        finding=FINDING_LABELS[check.finding] if check and check.finding else "",
        evidence=evidence,
        note=(check.note or "") if check else "",
    )


def _listed(result: ItemResult) -> bool:
    """Whether the Facts and evidence section lists an item (a fact anyone contested, or
    anything a reviewer recorded)."""
    return result.check is not None or result.assurance in _ORDER


def _rank(view: CheckView) -> tuple[int, int]:
    if not view.fact:
        return (5, 0)
    if view.not_counted:
        return (4, 0)
    position = {a.value: n for a, n in _ORDER.items()}.get(view.assurance_id, 3)
    return (position, 0 if view.settled else 1)


def build_assurance(result: AssessmentResult) -> AssuranceView:
    """The assessment's assurance and the facts and evidence behind it, each fact once
    (`home_items`: a reused fact under its home framework)."""
    views: list[CheckView] = []
    self_reported = 0
    day = result.assessment.site.assessed_on
    for fr, item in home_items(result.frameworks):
        if _listed(item):
            views.append(_check(fr, item, ScoreViews(fr.framework), day))
        elif item.item.fact and item.assurance == Assurance.SELF_REPORTED:
            self_reported += 1
    ordered = sorted(views, key=_rank)  # stable: frameworks' order within a rank
    assurance = result.assurance
    return AssuranceView(
        reviewed=assurance is not None,
        statement=assurance_statement(assurance),
        attestation=attestation_statement(assurance) or "",
        attested_by=attested_by(assurance, SHORT_NAMES) or "",
        short_statement=assurance_statement(assurance, SHORT_NAMES),
        checks=tuple(ordered),
        self_reported=self_reported,
        sample_seed=str(assurance.sample_seed)
        if assurance and assurance.sample_seed is not None
        else "",
    )


def reported_view(fr: FrameworkResult, scores: ScoreViews) -> ScoreView | None:
    """A reviewed framework's score as its respondents reported it; None without a review."""
    if fr.assurance is None:
        return None
    return scores.view(fr.assurance.reported_score, fr.assurance.reported_band)


def framework_verification(fr: FrameworkResult) -> str:
    """'3 of 27 facts verified, 1 of them contradicted' for a reviewed framework, else ''."""
    return verification_text(fr.assurance.verification) if fr.assurance else ""
