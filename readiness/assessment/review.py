"""The reviewer's file: what a consultant verified on a visit, and against which evidence.

It sits beside the respondents' files and is never mixed with them: a folder's review.yaml, or
a one-file assessment's `review:` section. Respondents' answers are never changed by it; a
verified answer to a fact replaces theirs for scoring only (the README's rule 17).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from readiness.assessment.answers import interpret
from readiness.assessment.identity import Sameness, same_name, same_site
from readiness.assessment.model import Attestation, Evidence, ItemCheck, Review, Site
from readiness.errors import LOOP_OF_LINKS, Problem, Severity
from readiness.framework.catalogue import Catalogue
from readiness.framework.model import Framework, Item
from readiness.paths import is_loop, real_path
from readiness.schema import INVALID, did_you_mean
from readiness.vocabulary import AnswerKind, Finding
from readiness.yamlio import Document, PathKey

SHA256 = re.compile(r"^[0-9a-f]{64}$")
# A local evidence file is hashed only up to this size (a scanned policy is a few MB).
MAX_EVIDENCE_FILE = 200 * 1024 * 1024


def read_review(
    doc: Document,
    at: PathKey,
    data: dict[str, Any],
    site: Site,
    frameworks: Sequence[Framework],
    known: Collection[str],
    problems: list[Problem],
    homes: Mapping[str, Framework] | None = None,
    left_out: Collection[str] = (),
) -> Review | None:
    """A checked review from its structurally valid data (at `at` in `doc`), against the
    `frameworks` scored; entries for the site's frameworks this run leaves out (`left_out`,
    by --framework) are left aside, except those of items a scored framework asks once
    elsewhere (`homes`, by id, at the version asked: see `reused_homes`), whose checks travel
    with their answers. Entries for another installed framework (of `known`) are refused:
    the assessment is not scored against it. Every problem is added to `problems` with its
    line, and None is returned when there is any."""
    before = len([p for p in problems if p.severity == Severity.ERROR])
    checks = _checked(_Where(doc, at, problems), data, site, frameworks, known, homes, left_out)
    if len([p for p in problems if p.severity == Severity.ERROR]) > before:
        return None
    attestation = data.get("attestation")
    sample = data.get("sample") or {}
    return Review(
        reviewer=data["reviewer"]["name"],
        organisation=data["reviewer"].get("organisation"),
        visits=tuple(data["visits"]),
        checks=checks,
        attestation=Attestation(
            attestation["name"], attestation["role"], attestation["date"], attestation["statement"]
        )
        if attestation
        else None,
        source=doc.path,
        sample_seed=int(sample["seed"]) if sample.get("seed") is not None else None,
        sample_size=int(sample["size"]) if sample.get("size") is not None else None,
    )


def check_broken_review(
    doc: Document,
    at: PathKey,
    fields: Any,
    site: Site | None,
    frameworks: Sequence[Framework],
    known: Collection[str],
    problems: list[Problem],
    homes: Mapping[str, Framework] | None = None,
    left_out: Collection[str] = (),
) -> None:
    """What a review says where its shape is right, when it is wrong elsewhere: `fields` are
    its top-level fields (`Record.fields_of`, INVALID where wrong, those problems reported
    already), checked against the assessment as `read_review` checks them, so that every
    problem is told at once. Rules that need a wrong field are left until it is put right,
    and so is the site's name when `site` is None (the site's own file is wrong there)."""
    if fields is INVALID:
        return
    usable = {key: value for key, value in fields.items() if value is not INVALID}
    _checked(_Where(doc, at, problems), usable, site, frameworks, known, homes, left_out)


def _checked(
    where: _Where,
    data: dict[str, Any],
    site: Site | None,
    frameworks: Sequence[Framework],
    known: Collection[str],
    homes: Mapping[str, Framework] | None,
    left_out: Collection[str] = (),
) -> dict[tuple[str, str], ItemCheck]:
    """Each item's check, by its home (framework id, item id), every problem reported."""
    if data.get("site") and site is not None:
        _check_site(where, data["site"], site)
    # A list keeps a wrong element in its place, as INVALID (reported already).
    visits = tuple(v for v in data.get("visits") or () if v is not INVALID)
    by_id = {f.id: f for f in frameworks}
    _check_versions(where, data.get("versions") or {}, by_id)
    checks: dict[tuple[str, str], ItemCheck] = {}
    reused = {
        (item.ref.framework_id, item.ref.item_id)
        for framework in frameworks
        for item in framework.references
        if item.ref is not None
    }
    stated = data.get("versions") or {}
    assessed_on = site.assessed_on if site is not None else None
    for framework_id, items in (data.get("items") or {}).items():
        framework = by_id.get(framework_id)
        home = (homes or {}).get(framework_id)
        version = stated.get(framework_id)
        if framework is None and home is not None and version in (None, home.version):
            # Not scored in this run, but its items that scored frameworks ask are.
            if framework_id not in left_out:
                for item_id in (k for k in items if (framework_id, k) not in reused):
                    where.error(
                        ("items", framework_id, item_id),
                        f"items.{framework_id}.{item_id}",
                        _not_scored(framework_id, by_id),
                    )
            items = {k: v for k, v in items.items() if (framework_id, k) in reused}
            framework = home
        elif framework is None and framework_id in left_out:
            continue  # the site's, but not scored in this run (--framework)
        elif framework is None and framework_id in known:
            where.error(
                ("items", framework_id), f"items.{framework_id}", _not_scored(framework_id, by_id)
            )
            continue
        if framework is None:
            where.error(
                ("items", framework_id),
                f"items.{framework_id}",
                f"there is no framework {framework_id!r}"
                f"{did_you_mean(framework_id, list(known))}; review the assessment's "
                f"frameworks ({', '.join(by_id)})",
            )
            continue
        for item_id, entry in items.items():
            check = _check_item(where, framework, item_id, entry, visits, assessed_on)
            if check is None:
                continue
            key = (check.framework_id, check.item_id)
            if key in checks:
                where.error(
                    ("items", framework_id, item_id),
                    f"items.{framework_id}.{item_id}",
                    f"{key[0]} {key[1]} is reviewed twice (it is asked once, as "
                    f"{key[0]} {key[1]}); keep one entry, under {key[0]}",
                )
                continue
            checks[key] = check
    attestation = data.get("attestation")
    # The sign-off confirms the whole review, the last visit's findings included.
    if attestation and visits and attestation["date"] < max(visits):
        last = "the visit" if len(set(visits)) == 1 else "the last visit"
        where.error(
            ("attestation", "date"),
            "attestation.date",
            f"signed on {attestation['date'].isoformat()}, before {last} "
            f"({max(visits).isoformat()}); the sign-off confirms the review, so it comes "
            "after it: correct the date",
        )
    elif attestation and assessed_on is not None and attestation["date"] < assessed_on:
        where.warn(
            ("attestation", "date"),
            "attestation.date",
            f"signed on {attestation['date'].isoformat()}, before the assessment it confirms "
            f"({assessed_on.isoformat()}); is the date right?",
        )
    return checks


def reused_homes(frameworks: Sequence[Framework], catalogue: Catalogue) -> dict[str, Framework]:
    """The frameworks not among `frameworks` whose items they ask once (`from:`), by id, at
    the version asked."""
    scored = {framework.id for framework in frameworks}
    homes: dict[str, Framework] = {}
    for framework in frameworks:
        for item in framework.references:
            ref = item.ref
            if ref is None or ref.framework_id in scored:
                continue
            home = catalogue.get(ref.framework_id, ref.version)
            if home is not None:
                homes.setdefault(ref.framework_id, home)
    return homes


class _Where:
    """Reports problems at a key's line in the review's document."""

    def __init__(self, doc: Document, at: PathKey, problems: list[Problem]) -> None:
        self.doc, self.at, self.problems = doc, at, problems
        self.folder = doc.path.parent if doc.path is not None else Path(".")
        # Named as the format check names them: `review.items...` in a one-file assessment.
        self.prefix = "".join(f"{part}." for part in at)

    def error(self, key: PathKey, name: str, message: str) -> None:
        self._add(key, name, message, Severity.ERROR)

    def warn(self, key: PathKey, name: str, message: str) -> None:
        self._add(key, name, message, Severity.WARNING)

    def _add(self, key: PathKey, name: str, message: str, severity: Severity) -> None:
        at = (*self.at, *key)
        self.problems.append(
            Problem(self.doc.path, self.doc.line(at), self.prefix + name, message, severity, at)
        )


def _not_scored(framework_id: str, scored: Collection[str]) -> str:
    """Why a review's entry for an installed framework the assessment is not scored against
    is refused: it would count nowhere, in silence."""
    return (
        f"the assessment is not scored against {framework_id} (its frameworks: "
        f"{', '.join(scored)}), so this check would count nowhere; remove it, or add "
        f"{framework_id} to the frameworks in site.yaml if the site was assessed on it"
    )


def _check_site(where: _Where, given: dict[str, Any], site: Site) -> None:
    reviewed_on = given.get("assessed_on")
    if isinstance(reviewed_on, date) and reviewed_on != site.assessed_on:
        where.error(
            ("site", "assessed_on"),
            "site.assessed_on",
            f"this review was made for the assessment of {reviewed_on.isoformat()}, but this "
            f"assessment is of {site.assessed_on.isoformat()}: a review checks one round's "
            "answers; write this round's checklist with `readiness review SITE` (copy across "
            "what still holds)",
        )
    verdict = same_site(_Identity(given), site)
    if verdict.sameness == Sameness.DIFFERENT:
        theirs = given.get(verdict.key) or "no " + verdict.key
        ours = getattr(site, verdict.key, None) or "no " + verdict.key
        where.error(
            ("site", verdict.key),
            f"site.{verdict.key}",
            f"this review is of {given.get('name')} ({theirs}), not of {site.name} ({ours}); "
            "put each site's review beside its own answers",
        )
    elif verdict.sameness == Sameness.DOUBTFUL:
        where.warn(
            ("site", "name"),
            "site.name",
            f"this review names {given.get('name')!r}, but the site is {site.name!r}, and no "
            "ODS codes show they are one site; is this the right review?",
        )
    elif verdict.key == "ods_code" and not same_name(str(given.get("name")), site.name):
        # One site by its code, as a renamed site is; told, since the review then names it
        # otherwise than everything else does (or its checklist was edited).
        where.warn(
            ("site", "name"),
            "site.name",
            f"this review names {given.get('name')!r}, but the site is {site.name!r}; their "
            f"ODS code ({site.ods_code}) makes them one site, so the review counts; if the site "
            "was renamed, give the review its new name",
        )


class _Identity:
    def __init__(self, given: dict[str, Any]) -> None:
        self.name: str = str(given.get("name") or "")
        self.kind: str = given["kind"]
        self.ods_code: str | None = given.get("ods_code")


def of_another_site(given: dict[str, Any], site: Site) -> bool:
    """Whether a review's `site` entry (name, kind, ods_code) names surely another site than
    `site`, by the identity rule (another ODS code, or another kind of site)."""
    if not given.get("kind"):
        return False
    return same_site(_Identity(given), site).sameness == Sameness.DIFFERENT


def _check_versions(where: _Where, versions: dict[str, str], by_id: dict[str, Framework]) -> None:
    for framework_id, version in versions.items():
        framework = by_id.get(framework_id)
        if framework is not None and str(version) != framework.version:
            where.error(
                ("versions", framework_id),
                f"versions.{framework_id}",
                f"the review was made against {framework_id} {version}, but the assessment "
                f"is scored against {framework.version}; write a new checklist with "
                "`readiness review` and review it again",
            )


def _check_item(
    where: _Where,
    framework: Framework,
    item_id: str,
    entry: dict[str, Any],
    visits: tuple[date, ...],
    assessed_on: date | None,
) -> ItemCheck | None:
    at: PathKey = ("items", framework.id, item_id)
    name = f"items.{framework.id}.{item_id}"
    item = framework.items.get(item_id)
    if item is None:
        where.error(
            at,
            name,
            f"{framework.id} has no item {item_id!r}{did_you_mean(item_id, list(framework.items))}",
        )
        return None
    home = (item.ref.framework_id, item.ref.item_id) if item.ref else (framework.id, item.id)
    verified = _verified(where, item, entry.get("verified"), at, name)
    evidence = tuple(
        e
        for n, raw in enumerate(entry.get("evidence") or [])
        if raw is not INVALID
        and (e := _evidence(where, raw, (*at, "evidence", n), f"{name}.evidence", visits))
    )
    if verified is INVALID:
        return None
    if verified is not None and entry.get("finding") in _FINDINGS_AGAINST:
        where.error(
            (*at, "finding"), f"{name}.finding", _verified_yet_unsupported(entry["finding"])
        )
        return None
    if not (verified or entry.get("finding") or evidence or entry.get("note")):
        return None  # left blank: not checked (a checklist's unfilled item)
    return ItemCheck(
        framework_id=home[0],
        item_id=home[1],
        verified=verified,
        finding=Finding(entry["finding"]) if entry.get("finding") else None,
        evidence=evidence,
        note=entry.get("note"),
        current=not evidence
        or assessed_on is None
        or any(not e.expired_on(assessed_on) for e in evidence),
    )


# A verified answer is what the evidence shows: beside a finding that the evidence was not
# seen or does not support the item, it would claim a check the review itself denies.
_FINDINGS_AGAINST = frozenset({Finding.NOT_SEEN.value, Finding.DOES_NOT_SUPPORT.value})


def _verified_yet_unsupported(finding: str) -> str:
    said = (
        "no evidence was seen"
        if finding == Finding.NOT_SEEN
        else "the evidence does not support it"
    )
    return (
        f"{finding!r} says {said}, yet the item has a verified answer, which counts as checked "
        "for its score and gate; give the verified answer only for what the evidence shows, "
        "or leave the finding out"
    )


def _verified(where: _Where, item: Item, raw: Any, at: PathKey, name: str) -> Any:
    """The verified answer, read against the item's scale; INVALID (reported) when it is off
    the scale, not a scored answer, or given for an opinion."""
    if raw is None:
        return None
    if not item.fact:
        where.error(
            (*at, "verified"),
            f"{name}.verified",
            f"{item.id} asks for an opinion, and opinions are not verified; record a finding, "
            "evidence and a note instead",
        )
        return INVALID
    answer, message = interpret(item, raw, scored_only=True)
    if answer is None:
        where.error((*at, "verified"), f"{name}.verified", message)
        return INVALID
    if answer.kind != AnswerKind.SCORED:
        where.error(
            (*at, "verified"),
            f"{name}.verified",
            f"{raw!r} is not an answer a reviewer can verify; give the answer the evidence "
            "shows, from the item's scale",
        )
        return INVALID
    return answer


def _evidence(
    where: _Where, raw: dict[str, Any], at: PathKey, name: str, visits: tuple[date, ...]
) -> Evidence | None:
    seen, expires = raw["seen"], raw.get("expires")
    ok = True
    if visits and seen > max(visits):
        where.error(
            (*at, "seen"),
            f"{name}.seen",
            f"seen on {seen.isoformat()}, after the last visit ({max(visits).isoformat()}); "
            "correct the date, or add the visit to visits",
        )
        ok = False
    if expires is not None and expires < seen:
        where.error(
            (*at, "expires"),
            f"{name}.expires",
            f"expires on {expires.isoformat()}, before it was seen ({seen.isoformat()}); "
            "correct one of the dates",
        )
        ok = False
    digest = raw.get("sha256")
    file = where.folder / raw["file"] if raw.get("file") else None
    looped = file is not None and is_loop(file)
    if looped:
        where.warn(
            (*at, "file"),
            f"{name}.file",
            f"its sha256 was not checked: {raw['file']} {LOOP_OF_LINKS}",
        )
    elif file is not None and not _inside(file, where.folder):
        where.warn(
            (*at, "file"),
            f"{name}.file",
            f"{raw['file']} is outside the assessment's folder, so the evidence does not travel "
            "with the review; copy it into the folder (for example evidence/) and give that path",
        )
    if digest is not None and not SHA256.fullmatch(digest.lower()):
        where.error(
            (*at, "sha256"),
            f"{name}.sha256",
            "is not a SHA-256 (64 hexadecimal digits); copy it from `sha256sum FILE`",
        )
        ok = False
    elif digest is not None and file is None:
        where.error(
            (*at, "sha256"),
            f"{name}.sha256",
            "a sha256 is of a local file: give the file (its path beside the review) too",
        )
        ok = False
    elif digest is not None and file is not None and not looped:
        ok = _check_hash(where, file, digest.lower(), at, name) and ok
    if not ok:
        return None
    written = Path(raw["file"]) if raw.get("file") else None
    return Evidence(raw["title"], raw.get("reference"), seen, expires, written, digest)


def _inside(file: Path, folder: Path) -> bool:
    """Whether `file` is in `folder` or below it, links followed."""
    try:
        return real_path(file).is_relative_to(real_path(folder))
    except OSError:  # a path the system cannot follow
        return False


def _check_hash(where: _Where, file: Path, digest: str, at: PathKey, name: str) -> bool:
    try:
        if not file.is_file():
            where.warn(
                (*at, "file"),
                f"{name}.file",
                f"{file} is not here, so its sha256 was not checked",
            )
            return True
        if file.stat().st_size > MAX_EVIDENCE_FILE:
            where.warn((*at, "file"), f"{name}.file", f"{file} is too large to check its sha256")
            return True
        actual = _sha256(file)
    except OSError as exc:
        where.warn((*at, "file"), f"{name}.file", f"{file} could not be read ({exc.strerror})")
        return True
    if actual != digest:
        where.error(
            (*at, "sha256"),
            f"{name}.sha256",
            f"does not match {file.name} (its SHA-256 is {actual}): the file has changed since "
            "it was recorded, or the hash was copied wrong; check the hash against "
            "`sha256sum FILE`, and if the file changed, see the evidence again and record its "
            "new hash",
        )
        return False
    return True


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
