"""Whether two assessments are of one site: the one rule behind a report's --baseline, a plan's
"another site" warning and a comparison's duplicates.

Sure evidence decides, and a mismatch in it is refused: ODS codes, when both assessments give
one, name the organisation (a renamed site keeps its code), and a site's kind (a practice, a
PCN) never changes. Without codes on both, the name is all there is; names are often retyped
("Riverside PCN", "Riverside Primary Care Network"), so different names are only a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from readiness.assessment.model import Assessment
from readiness.errors import InputError, Problem, Severity
from readiness.framework.catalogue import version_key
from readiness.textmatch import normalise
from readiness.yamlio import load_yaml


class SiteIdentity(Protocol):
    """What identifies a site: its name, its ODS code if it has one, and its kind."""

    @property
    def name(self) -> str: ...

    @property
    def ods_code(self) -> str | None: ...

    @property
    def kind(self) -> str: ...


class DatedSite(SiteIdentity, Protocol):
    """A site as assessed on a date (a date, or its ISO text)."""

    @property
    def assessed_on(self) -> object: ...


class Sameness(StrEnum):
    """What the evidence says about two assessments' sites."""

    SAME = "same"  # the same site, as sure as the evidence goes
    DIFFERENT = "different"  # surely another site: refused where one site is needed
    DOUBTFUL = "doubtful"  # the names differ and no codes settle it: a warning


@dataclass(frozen=True)
class Verdict:
    """Whether two sites are one, and the site.yaml key the answer rests on."""

    sameness: Sameness
    key: str  # "ods_code", "kind" or "name"


def same_name(a: str, b: str) -> bool:
    """Whether two site names are the same name as a person reads them (`normalise`): case,
    spacing, curly or straight quotes (St Mary's) and the way an accented letter is stored
    (é as one character or as e and its accent) set aside."""
    return normalise(a) == normalise(b)


def _code(code: str | None) -> str:
    return (code or "").strip().upper()


def same_site(a: SiteIdentity, b: SiteIdentity) -> Verdict:
    """Whether `a` and `b` are one site (see the module docstring for the rule)."""
    coded = bool(_code(a.ods_code) and _code(b.ods_code))
    if coded and _code(a.ods_code) != _code(b.ods_code):
        return Verdict(Sameness.DIFFERENT, "ods_code")
    if a.kind != b.kind:
        return Verdict(Sameness.DIFFERENT, "kind")
    if coded:
        return Verdict(Sameness.SAME, "ods_code")
    if same_name(a.name, b.name):
        return Verdict(Sameness.SAME, "name")
    return Verdict(Sameness.DOUBTFUL, "name")


def copies(sites: Sequence[DatedSite]) -> list[tuple[int, int]]:
    """(first, later) for each site that is, by `same_site`, one already listed assessed on the
    same date: the same assessment given twice, as a copied folder would be."""
    seen: dict[tuple[str, str, str, object], list[int]] = {}
    found = []
    for index, site in enumerate(sites):
        # Two sites can only be the same if their codes or their names are; look only there.
        keys = [("name", normalise(site.name), site.kind, site.assessed_on)]
        if _code(site.ods_code):
            keys.append(("code", _code(site.ods_code), site.kind, site.assessed_on))
        candidates = sorted({j for key in keys for j in seen.get(key, [])})
        first = next(
            (j for j in candidates if same_site(sites[j], site).sameness == Sameness.SAME), None
        )
        if first is not None:
            found.append((first, index))
        for key in keys:
            seen.setdefault(key, []).append(index)
    return found


def shared_codes(sites: Sequence[DatedSite]) -> list[tuple[int, int]]:
    """(first, later) for each site giving the ODS code of one listed before it, other than
    a copy (`copies`): the same site assessed on another date, which a portfolio would count
    twice, or a code given to sites of two kinds, which one of them has wrong."""
    first: dict[str, int] = {}
    found = []
    for index, site in enumerate(sites):
        code = _code(site.ods_code)
        if not code:
            continue
        if code in first:
            earlier = sites[first[code]]
            if not (earlier.kind == site.kind and earlier.assessed_on == site.assessed_on):
                found.append((first[code], index))
            continue
        first[code] = index
    return found


def shared_names(sites: Sequence[DatedSite]) -> list[tuple[int, int]]:
    """(first, later) for each site that `same_site` can only tell by its name (no ODS code on
    one side or both) from one listed before it, assessed on another date: one site a
    portfolio would count twice, or two sites of one name that need their codes."""
    # By (name, kind): the first site of each date, and the first of each date with no code
    # (a site with a code can only be told by name from one without).
    any_site: dict[tuple[str, str], dict[object, int]] = {}
    uncoded: dict[tuple[str, str], dict[object, int]] = {}
    found = []
    for index, site in enumerate(sites):
        key = (normalise(site.name), site.kind)
        coded = bool(_code(site.ods_code))
        pool = (uncoded if coded else any_site).get(key, {})
        match = min((j for on, j in pool.items() if on != site.assessed_on), default=None)
        if match is not None:
            found.append((match, index))
        any_site.setdefault(key, {}).setdefault(site.assessed_on, index)
        if not coded:
            uncoded.setdefault(key, {}).setdefault(site.assessed_on, index)
    return found


def check_baseline(baseline: Assessment, current: Assessment) -> Assessment:
    """A baseline must be an earlier assessment of the same site (by `same_site`): refused
    (InputError at the line in site.yaml) when surely another site or not earlier; returned
    with a warning added when only the names differ."""
    old, new = baseline.site, current.site
    path = baseline.path
    verdict = same_site(old, new)
    if verdict.sameness == Sameness.DIFFERENT and verdict.key == "ods_code":
        message = (
            f"the baseline is for {old.name} ({old.ods_code}), not {new.name} "
            f"({new.ods_code}); give an earlier assessment of the same site as --baseline"
        )
        raise InputError([_site_problem(path, "ods_code", message)])
    if verdict.sameness == Sameness.DIFFERENT:
        message = (
            f"the baseline is of a {old.kind} ({old.name}), but {new.name} is a {new.kind}; "
            "give an earlier assessment of the same site as --baseline"
        )
        raise InputError([_site_problem(path, "kind", message)])
    if old.assessed_on >= new.assessed_on:
        raise InputError(
            [
                _site_problem(
                    path,
                    "assessed_on",
                    f"the baseline was assessed on {old.assessed_on.isoformat()}, not before "
                    f"the follow-up ({new.assessed_on.isoformat()}); give the earlier "
                    "assessment as --baseline",
                )
            ]
        )
    _check_versions(baseline, current)
    if verdict.sameness == Sameness.DOUBTFUL:
        message = (
            f"the baseline is for {old.name!r}, but the follow-up is of {new.name!r}, and no "
            "ODS codes (site.ods_code in both) show they are one site; is this the right "
            "baseline?"
        )
        doubt = replace(_site_problem(path, "name", message), severity=Severity.WARNING)
        return replace(baseline, warnings=(*baseline.warnings, doubt))
    return baseline


def _check_versions(baseline: Assessment, current: Assessment) -> None:
    """Answers are carried forward only: a baseline on a newer version of a framework than
    the follow-up cannot be compared on it. Refused, saying how to score both on one."""
    now = {f.id: f.version for f in current.frameworks}
    problems = []
    for framework in baseline.frameworks:
        later = now.get(framework.id)
        if later is not None and version_key(later) < version_key(framework.version):
            problems.append(
                Problem(
                    None,
                    None,
                    "--baseline",
                    f"{baseline.path} was scored on {framework.id} {framework.version}, a "
                    f"newer version than the follow-up's {later}, and answers are carried "
                    "forward only; score the follow-up on it too (--framework "
                    f"{framework.id}@{framework.version}, or pin it in the follow-up's "
                    "site.yaml frameworks), or check that the baseline is the earlier "
                    "assessment",
                )
            )
    if problems:
        raise InputError(problems)


def _site_problem(assessment: Path, key: str, message: str) -> Problem:
    """A problem with one of the site's details, at its line in the file that gives it."""
    file = assessment / "site.yaml" if assessment.is_dir() else assessment
    try:
        line = load_yaml(file).line(("site", key))
    except InputError:
        line = None
    return Problem(file, line, f"site.{key}", message)
