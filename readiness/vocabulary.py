"""Fixed vocabularies shared by frameworks, assessments and reports."""

from __future__ import annotations

# Respondent roles (domain.md). The ids are a contract: assessments and frameworks use them.
ROLES: dict[str, str] = {
    "gp": "GP",
    "practice_nurse": "Practice nurse",
    "practice_manager": "Practice manager",
    "reception": "Reception or care-navigation staff",
    "link_worker": "Link worker",
    "lw_manager": "Link-worker manager or supervisor",
    "vcse": "VCSE partner organisation",
    "commissioner": "Commissioner (ICB or local authority)",
    "client": "Service user (client)",
    "other": "Other",
}

TIMEFRAMES: dict[str, str] = {
    "0-3 months": "0–3 months",
    "3-6 months": "3–6 months",
    "6-12 months": "6–12 months",
    "12+ months": "12 months or more",
}

# RAG colours a band may use; reports pair each with a label and a pattern, never colour alone.
COLOURS: tuple[str, ...] = ("red", "amber", "yellow", "light_green", "green")

SITE_KINDS: dict[str, str] = {
    "practice": "GP practice",
    "pcn": "Primary Care Network",
    "service": "Social prescribing service",
}


def role_label(role: str) -> str:
    """The plain-English name of a role id."""
    return ROLES.get(role, role)
