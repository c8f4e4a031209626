"""What a file is to an assessment, so that no command writes a document over one: a
folder's site.yaml, review.yaml, plan.yaml or a respondent's file, a one-file assessment or
its NAME.plan.yaml (followed through links: a link to one is one)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from readiness.assessment.format import REVIEW_FILE_NAME
from readiness.errors import OutputError

SITE_FILE_NAME = "site.yaml"
PLAN_FILE_NAME = "plan.yaml"
RESPONDENTS_FOLDER = "respondents"
_FOLDER_FILES = {
    SITE_FILE_NAME: "the site file",
    REVIEW_FILE_NAME: "the reviewer's file",
    PLAN_FILE_NAME: "the plan",
}
# A one-file assessment is told by its top-level keys, read from its first lines only.
_HEAD_BYTES = 64 * 1024


def part_of_assessment(path: Path, respondents: bool = True) -> str | None:
    """What an existing file is to an assessment ("the site file of the assessment in X"),
    or None when it is none of its files (nor, without `respondents`, a respondent's file)."""
    target = Path(os.path.realpath(path))
    if not target.is_file():
        return None
    folder = target.parent
    what = _FOLDER_FILES.get(target.name.lower())
    if what is not None and (folder / SITE_FILE_NAME).is_file():
        return f"{what} of the assessment in {folder}"
    if (
        respondents
        and folder.name == RESPONDENTS_FOLDER
        and (folder.parent / SITE_FILE_NAME).is_file()
    ):
        return f"a respondent's file of the assessment in {folder.parent}"
    if target.suffix.lower() in (".yaml", ".yml") and _one_file_assessment(target):
        return "a one-file assessment"
    plan_suffix = "." + PLAN_FILE_NAME
    if target.name.lower().endswith(plan_suffix):
        beside = folder / (target.name[: -len(plan_suffix)] + ".yaml")
        if beside.is_file() and _one_file_assessment(beside):
            return f"the plan of the assessment {beside}"
    return None


def _one_file_assessment(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False
    keys = {
        line.split(b":")[0].strip()
        for line in head.splitlines()
        if line[:1] not in (b" ", b"\t", b"#", b"-", b"")
    }
    return b"site" in keys and b"respondents" in keys


def refuse_assessment_files(targets: Iterable[Path], respondents: bool = True) -> None:
    """Refuse to write a document (a report, a table, a form) over a file of an assessment.
    Only the commands that keep those files (import, plan) write them. Without
    `respondents`, a respondent's file is left to the caller (a blank form may replace a
    blank respondent file; one holding answers is refused, saying how many)."""
    for target in targets:
        what = part_of_assessment(target, respondents)
        if what is not None:
            raise OutputError(
                f"refusing to write {target}: it is {what}, which would be lost; "
                "choose another file name"
            )
