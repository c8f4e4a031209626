"""Words a person reads in what collection writes: the notes heading the files an import
creates. Kept out of the logic, so a second language changes text, not code."""

from __future__ import annotations

SITE_FILE_HEADER = (
    "# Created by readiness import. Check the kind (practice, pcn or service) and the\n"
    "# assessment date, and add ods_code if the site has one.\n"
)


def respondent_file_header(version: str) -> str:
    """The first line of a respondent file an import wrote."""
    return f"# Imported by readiness {version}; edit with care.\n"
