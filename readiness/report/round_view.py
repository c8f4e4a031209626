"""The round so far (`readiness status`) as text for the terminal and as JSON for scripts."""

from __future__ import annotations

from typing import Any

from readiness.assessment.round import FrameworkRound, RoundStatus, WithheldItem
from readiness.report.wording import counted, item_name, percent, shown_text
from readiness.vocabulary import role_label

ROUND_FORMAT = "readiness-round/1"
UNSCORED_LISTED = 8  # items with no scored answer yet, listed by code before "and N more"


def round_text(status: RoundStatus) -> str:
    """What a consultant reads before chasing people."""
    site = status.assessment.site
    people = len(status.assessment.respondents)
    lines = [f"{shown_text(site.name)}: the round so far"]
    lines.append(f"Assessed on {site.assessed_on.isoformat()}")
    lines[-1] += f" · {counted(people, 'respondent')}"
    if status.last_answers is not None:
        # The file's own time (a copy or an edit changes it), and its name shown safely: a
        # name someone gave a file by hand may hold terminal control codes.
        lines[-1] += (
            f" · newest respondent file {shown_text(status.last_file or '')}, written "
            f"{status.last_answers:%Y-%m-%d %H:%M} UTC"
        )
    if status.not_anonymous:
        lines.append(
            "Not anonymous (a named self-assessment, or one respondent): nothing is withheld."
        )
    if status.roles:
        lines += ["", "Returns by role (answered, of those invited):"]
        width = max(len(role_label(r.role)) for r in status.roles)
        for r in status.roles:
            of = f" of {r.invited}" if r.invited is not None else " (invited: not given)"
            lines.append(f"  {role_label(r.role):<{width}}  {r.answered}{of}")
        if status.invited:
            share = percent(status.returned_of_invited / status.invited)
            lines.append(f"  Overall: {status.returned_of_invited} of {status.invited} ({share})")
    for fw in status.frameworks:
        lines += ["", *_framework_lines(fw)]
    return "\n".join(lines) + "\n"


def _framework_lines(fw: FrameworkRound) -> list[str]:
    lines = [
        f"{fw.framework.title} ({fw.respondents} {'person' if fw.respondents == 1 else 'people'}; "
        f"opinions are shown from {fw.min_group})"
    ]
    if fw.short_roles:
        roles = ", ".join(f"{role_label(role)} {n}" for role, n in fw.short_roles)
        lines.append(
            f"  Fewer than {fw.min_group}, so their views are not shown by role and their "
            f"comments carry no role: {roles}"
        )
    if fw.silent_roles:
        lines.append(f"  Nobody has answered as: {', '.join(map(role_label, fw.silent_roles))}")
    if fw.withheld:
        lines.append(f"  Would be withheld if scored now ({len(fw.withheld)}):")
        for w in fw.withheld:
            lines.append(
                f"    {item_name(w.item.text)} {w.item.id}: {counted(w.answers, 'answer')}; "
                f"{_still_needed(w)}"
            )
    else:
        lines.append("  Nothing would be withheld if scored now.")
    if fw.unscored:
        codes = ", ".join(i.id for i in fw.unscored[:UNSCORED_LISTED])
        more = len(fw.unscored) - UNSCORED_LISTED
        codes += f" and {more} more" if more > 0 else ""
        lines.append(f"  No scored answer yet: {counted(len(fw.unscored), 'item')} ({codes})")
    return lines


def _still_needed(withheld: WithheldItem) -> str:
    """'2 more from GP or Practice manager', or why those still to return cannot publish it."""
    roles = " or ".join(map(role_label, withheld.from_roles))
    if withheld.reachable:
        return f"{withheld.needed} more from {roles or 'anyone'}"
    if not withheld.from_roles:
        return f"{withheld.needed} more needed, but everyone invited whom it asks has returned"
    return f"{withheld.needed} more needed, but fewer are still to return ({roles})"


def round_json(status: RoundStatus) -> dict[str, Any]:
    """Everything `round_text` says, for scripts (format readiness-round/1)."""
    site = status.assessment.site
    return {
        "format": ROUND_FORMAT,
        "site": {
            "name": site.name,
            "ods_code": site.ods_code,
            "assessed_on": site.assessed_on.isoformat(),
        },
        "respondents": len(status.assessment.respondents),
        "not_anonymous": status.not_anonymous,
        "last_answers": status.last_answers.isoformat() if status.last_answers else None,
        "last_file": status.last_file,
        "roles": [
            {
                "role": r.role,
                "label": role_label(r.role),
                "invited": r.invited,
                "answered": r.answered,
            }
            for r in status.roles
        ],
        "frameworks": [
            {
                "id": fw.framework.id,
                "version": fw.framework.version,
                "title": fw.framework.title,
                "respondents": fw.respondents,
                "min_group": fw.min_group,
                "short_roles": [{"role": role, "people": n} for role, n in fw.short_roles],
                "silent_roles": list(fw.silent_roles),
                "withheld": [
                    {
                        "item": w.item.id,
                        "text": w.item.text,
                        "answers": w.answers,
                        "needed": w.needed,
                        "from_roles": list(w.from_roles),
                        "reachable": w.reachable,
                    }
                    for w in fw.withheld
                ],
                "unscored": [i.id for i in fw.unscored],
            }
            for fw in status.frameworks
        ],
    }
