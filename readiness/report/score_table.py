"""The scores as a readable terminal summary (`readiness score`'s default)."""

from __future__ import annotations

import textwrap

from readiness.report.wording import disagreement_reasons
from readiness.scoring.model import AssessmentResult
from readiness.vocabulary import SITE_KINDS, TIMEFRAMES, role_label


def to_table(result: AssessmentResult, top_actions: int = 5) -> str:
    """A readable terminal summary."""
    site = result.assessment.site
    lines = []
    title = f"{site.name}" + (f" ({site.ods_code})" if site.ods_code else "")
    lines.append(title)
    people = ", ".join(
        f"{role_label(role)} {n}" for role, n in result.assessment.respondents_by_role().items()
    )
    lines.append(
        f"{SITE_KINDS[site.kind]}, assessed {site.assessed_on.isoformat()}; "
        f"{len(result.assessment.respondents)} respondents ({people})"
    )
    for fr in result.frameworks:
        lines.append("")
        fw = fr.framework
        head = f"{fw.title} [{fw.id} {fw.version}]"
        lines.append(head)
        lines.append("-" * min(len(head), 100))
        if fr.score is None:
            lines.append(
                f"Overall: insufficient data (coverage {fr.coverage:.0%}, needs "
                f"{fw.scoring.min_coverage:.0%}); confidence {fr.confidence}"
            )
        else:
            band = fr.band.label if fr.band else ""
            lines.append(
                f"Overall: {fr.score:.0f}/100, {band}; coverage {fr.coverage:.0%}; "
                f"confidence {fr.confidence}"
            )
        if fr.capped_by:
            ids = ", ".join(f"{i.item.id} ({i.score:.0f})" for i in fr.capped_by)
            uncapped = fr.uncapped_band.label if fr.uncapped_band else ""
            lines.append(
                f"  Band capped from {uncapped} because critical items scored below "
                f"{fw.scoring.critical_threshold:g}: {ids}"
            )
        else:
            failed = [i for i in fr.items if i.gate_failed]
            if failed:
                ids = ", ".join(f"{i.item.id} ({i.score:.0f})" for i in failed)
                lines.append(f"  Critical items below {fw.scoring.critical_threshold:g}: {ids}")
        if fr.critical_unknown:
            lines.append(
                "  Critical items with no scored answer: "
                + ", ".join(i.id for i in fr.critical_unknown)
            )
        width = max(len(d.domain.title) for d in fr.domains)
        width = min(width, 58)
        lines.append(f"  {'Domain':<{width}}  Score  Band                 Coverage  Flags")
        for d in fr.domains:
            name = textwrap.shorten(d.domain.title, width, placeholder="…")
            score = f"{d.score:5.0f}" if d.score is not None else "    –"
            band = d.band.label if d.band else "insufficient data"
            flags = []
            if d.agreement.flagged:
                flags.append(
                    "disagreement: " + "; ".join(disagreement_reasons(d.agreement.reasons))
                )
            if not d.domain.in_total:
                flags.append("not in total")
            lines.append(
                f"  {name:<{width}}  {score}  {band:<20} {d.coverage:>7.0%}  "
                f"{' '.join(flags)}".rstrip()
            )
    if result.actions:
        lines.append("")
        lines.append(
            f"Top actions ({min(top_actions, len(result.actions))} of {len(result.actions)})"
        )
        for planned in result.actions[:top_actions]:
            marker = " [critical]" if planned.critical else ""
            raised = ", ".join(f"{r.framework_id} {r.id}" for r in planned.raised_by)
            lines.append(f"  {planned.priority}. {planned.action.text}{marker}")
            lines.append(
                f"     Owner: {role_label(planned.action.owner)}; "
                f"{TIMEFRAMES[planned.action.timeframe]}; raised by {raised}"
            )
    return "\n".join(lines) + "\n"
