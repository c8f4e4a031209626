"""Words for structured results: every sentence a reader sees about scores is made here."""

from __future__ import annotations

from readiness.scoring.model import Disagreement, DisagreementKind
from readiness.vocabulary import role_label


def disagreement_reason(reason: Disagreement) -> str:
    """Why a score is flagged: 'GP 88 vs Link worker 25' or 'wide spread of answers (SD 31)'."""
    if reason.kind == DisagreementKind.ROLE_GAP:
        return (
            f"{role_label(reason.high_role or '')} {reason.high_score:.0f} vs "
            f"{role_label(reason.low_role or '')} {reason.low_score:.0f}"
        )
    return f"wide spread of answers (SD {reason.value:.0f})"


def disagreement_reasons(reasons: tuple[Disagreement, ...]) -> list[str]:
    """Each reason in words, in order."""
    return [disagreement_reason(r) for r in reasons]
