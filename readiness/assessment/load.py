"""Reading an assessment (one YAML file, or a folder of site.yaml and respondent files) and
checking every answer against the frameworks, with every problem reported at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.assessment.answers import interpret, read_answers, unknown_item, unknown_version
from readiness.assessment.format import (
    ASSESSMENT_FILE,
    RESPONDENT,
    RESPONDENT_FILE,
    REVIEW_FILE,
    REVIEW_FILE_NAME,
    REVIEW_SECTION,
    SITE,
    SITE_FILE,
    import_record,
)
from readiness.assessment.model import Answer, Assessment, Respondent, Site, alone
from readiness.assessment.review import check_broken_review, read_review, reused_homes
from readiness.errors import (
    LOOP_OF_LINKS,
    InputError,
    Problem,
    ReadinessError,
    Severity,
    errors_only,
)
from readiness.framework.catalogue import Catalogue, parse_spec, version_key
from readiness.framework.changes import fates, migrate_answers
from readiness.framework.model import Framework, Item
from readiness.paths import is_loop
from readiness.schema import (
    INVALID,
    Checker,
    Record,
    known_list,
    unknown,
)
from readiness.textmatch import shows_nothing
from readiness.vocabulary import Role, role_label
from readiness.yamlio import Document, PathKey, load_yaml


@dataclass
class _RawRespondent:
    data: dict[str, Any]
    doc: Document
    at: PathKey  # where the respondent's mapping is in its document
    name: str  # how messages name it


def load_assessment(
    path: Path,
    catalogue: Catalogue,
    only: Sequence[str] = (),
    with_review: bool = True,
    before_answers: bool = False,
) -> Assessment:
    """Read an assessment file or folder and check it against the frameworks.

    `only` restricts scoring to these framework ids (the --framework option); without
    `with_review` the reviewer's file is left aside (to check a new one against the
    assessment); with `before_answers` an assessment nobody has answered yet is read (for
    the round's status) instead of refused. Raises InputError listing every problem;
    warnings are kept on the result.
    """
    path = Path(path)
    problems: list[Problem] = []
    if path.is_dir():
        site_data, raw_respondents, site_doc = _read_folder(path, problems, before_answers)
        review_given = _review_file(path / REVIEW_FILE_NAME, problems) if with_review else None
    else:
        site_data, raw_respondents, site_doc = _read_file(path, problems)
        review_given = _review_section(site_doc) if with_review else None
    if site_data is None or site_doc is None:
        raise InputError(problems)
    # Go on past structural errors so every problem in every respondent is reported at once:
    # a site field that is wrong (reported already) leaves only the checks that need it.
    wrong = {key for key, value in site_data.items() if value is INVALID}
    site = _site({k: _UNKNOWN_SITE.get(k) if k in wrong else v for k, v in site_data.items()})
    frameworks = _choose_frameworks(path, site, raw_respondents, catalogue, only, problems)
    respondents, answered_elsewhere = _respondents(raw_respondents, catalogue, frameworks, problems)
    if "invited" not in wrong:
        _check_invited(site, respondents, site_doc, problems)
    if site.self_assessment:
        _named_small_groups(site_doc, respondents, frameworks, problems)
    elif alone(respondents, answered_elsewhere):
        _alone_from_outside(respondents[0], problems)
    homes = reused_homes(frameworks, catalogue)
    # The site's frameworks that --framework leaves out: their review entries wait aside.
    scored_ids = {f.id for f in frameworks}
    not_scored_now = (
        [f for f in _site_frameworks(site, raw_respondents, catalogue) if f not in scored_ids]
        if only
        else []
    )
    review = None
    if review_given and review_given.data is not INVALID and not wrong:
        review = read_review(
            review_given.doc,
            review_given.at,
            review_given.data,
            site,
            frameworks,
            catalogue.ids(),
            problems,
            homes,
            not_scored_now,
        )
    elif review_given:
        check_broken_review(
            review_given.doc,
            review_given.at,
            review_given.fields(),
            None if wrong & _SITE_IDENTITY else site,
            frameworks,
            catalogue.ids(),
            problems,
            homes,
            not_scored_now,
        )
    if errors_only(problems) or wrong:
        raise InputError(problems)
    if not respondents and not before_answers:
        # The warnings say why each person who is there does not count.
        raise InputError([*problems, Problem(path, None, "", _nobody(problems, frameworks))])
    # Reports show items as the site's respondents read them: {service} is the local name
    # for the service, {site} the site's name.
    worded = tuple(f.worded(site.service_name, site.name) for f in frameworks)
    # Without --framework every framework of the site is scored: none is left out.
    left_out = (
        _left_out_actions(site, raw_respondents, catalogue, frameworks, not_scored_now)
        if only
        else frozenset()
    )
    return Assessment(
        site,
        tuple(respondents),
        worded,
        path,
        tuple(problems),
        review,
        left_out,
        answered_elsewhere,
    )


@dataclass(frozen=True)
class _GivenReview:
    """A review as read: its document, where it is in it, and its data checked against its
    format (INVALID when that found problems, which are reported already)."""

    doc: Document
    at: PathKey
    record: Record
    data: Any

    def fields(self) -> Any:
        """Its top-level fields, INVALID where wrong (nothing reported again)."""
        raw = self.doc.data if not self.at else self.doc.data.get(self.at[-1])
        return self.record.fields_of(raw, self.at, ".".join(map(str, self.at)), Checker(self.doc))


def _review_file(path: Path, problems: list[Problem]) -> _GivenReview | None:
    """A folder's review.yaml, checked against its format; None when there is none. A
    review.yaml that is there but no file (a folder, a link to nothing) is a problem: passing
    over it would drop every verified answer without a word."""
    if not os.path.lexists(path):
        return None
    doc = _load(path, problems)
    if doc is None:
        return None
    checker = Checker(doc)
    data = checker.check(REVIEW_FILE)
    problems.extend(checker.problems)
    return _GivenReview(doc, (), REVIEW_FILE, INVALID if errors_only(checker.problems) else data)


def _review_section(doc: Document | None) -> _GivenReview | None:
    """A one-file assessment's `review:` section (already checked with the file)."""
    if doc is None or not isinstance(doc.data, dict) or not doc.data.get("review"):
        return None
    silent = Checker(doc)
    data = REVIEW_SECTION.check(doc.data["review"], ("review",), "review", silent)
    return _GivenReview(
        doc, ("review",), REVIEW_SECTION, INVALID if errors_only(silent.problems) else data
    )


def _check_invited(
    site: Site, respondents: list[Respondent], doc: Document, problems: list[Problem]
) -> None:
    """A role cannot have more respondents than people invited."""
    answered: dict[str, int] = {}
    for respondent in respondents:
        answered[respondent.role] = answered.get(respondent.role, 0) + 1
    for role, invited in site.invited.items():
        if answered.get(role, 0) > invited:
            problems.append(
                Problem(
                    doc.path,
                    doc.line(("site", "invited", role)),
                    f"site.invited.{role}",
                    f"{answered[role]} {role} respondent{'s' if answered[role] > 1 else ''} "
                    f"answered but only {invited} {'was' if invited == 1 else 'were'} "
                    "invited; correct the number invited",
                )
            )


# Roles outside the team that names itself in a self-assessment.
_OUTSIDE_THE_TEAM = frozenset({Role.CLIENT.value, Role.VCSE.value})


def _named_small_groups(
    doc: Document,
    respondents: list[Respondent],
    frameworks: Sequence[Framework],
    problems: list[Problem],
) -> None:
    """A named self-assessment shows every answer and comment with its role, however few
    share it: the team that fills it in names itself, but a service user or a partner
    organisation answering in a group smaller than a view needs would be identifiable
    without having chosen to be; told, so that nobody is named by accident."""
    smallest = max((f.scoring.min_role_group for f in frameworks), default=0)
    by_role: dict[str, int] = {}
    for respondent in respondents:
        if respondent.role in _OUTSIDE_THE_TEAM:
            by_role[respondent.role] = by_role.get(respondent.role, 0) + 1
    few = [f"{role_label(role)} {n}" for role, n in by_role.items() if n < smallest]
    if few:
        problems.append(
            Problem(
                doc.path,
                doc.line(("site", "self_assessment")),
                "site.self_assessment",
                f"a named self-assessment shows every answer and comment with its role, and "
                f"people outside the team answered in groups of fewer than {smallest} "
                f"({', '.join(few)}): check that each agreed to be identifiable, or leave out "
                "self_assessment to keep small groups hidden",
                Severity.WARNING,
            )
        )


def _alone_from_outside(respondent: Respondent, problems: list[Problem]) -> None:
    """One respondent is not anonymous (rule 4): every score and comment is theirs. A service
    user or a partner organisation who is the only one to answer did not choose to be named,
    as a team filling in a named self-assessment does: told, so that it is not published by
    accident."""
    if respondent.role not in _OUTSIDE_THE_TEAM:
        return
    # The first warning: a consent to ask for must not sit below a list of routine ones.
    first = next((n for n, p in enumerate(problems) if p.severity == Severity.WARNING), None)
    problems.insert(
        len(problems) if first is None else first,
        Problem(
            respondent.source,
            None,
            "role",
            f"the only respondent is {role_label(respondent.role)}, so every score and comment "
            "is theirs and is shown with their role (one person's answers cannot be anonymous): "
            "publish it only with their agreement, or wait for more responses",
            Severity.WARNING,
        ),
    )


def _read_file(
    path: Path, problems: list[Problem]
) -> tuple[Any, list[_RawRespondent], Document | None]:
    doc = _load(path, problems)
    if doc is None:
        return None, [], None
    checker = Checker(doc)
    # Field by field: a wrong review section or site field hides none of the answers' problems.
    data = ASSESSMENT_FILE.fields_of(doc.data, (), "", checker)
    problems.extend(checker.problems)
    site = _site_fields(doc) if data is not INVALID else INVALID
    if site is INVALID:
        return None, [], None
    raw = []
    source = doc.data.get("respondents") if isinstance(doc.data, dict) else None
    # Walk the original list so each respondent keeps its own position (and so its lines);
    # problems were already reported above, so this second check is silent.
    silent = Checker(doc)
    for index, original in enumerate(source if isinstance(source, list) else []):
        respondent = RESPONDENT.check(original, ("respondents", index), "", silent)
        if respondent is INVALID:
            respondent = _answers_to_check(RESPONDENT, original, ("respondents", index), doc)
        if respondent is INVALID:
            continue
        label = original.get("id", f"#{index + 1}") if isinstance(original, dict) else index
        raw.append(_RawRespondent(respondent, doc, ("respondents", index), f"respondents[{label}]"))
    return site, raw, doc


def _read_folder(
    path: Path, problems: list[Problem], before_answers: bool = False
) -> tuple[Any, list[_RawRespondent], Document | None]:
    """An assessment folder's site and respondents' files (`before_answers`: a round whose
    respondents/ folder is not there yet, since the first import makes it, has none)."""
    site_path = path / "site.yaml"
    if is_loop(site_path):
        problems.append(Problem(site_path, None, "", LOOP_OF_LINKS))
        return None, [], None
    if not site_path.is_file():
        problems.append(
            Problem(
                path,
                None,
                "",
                "an assessment folder needs a site.yaml file "
                "(and respondent files in respondents/)",
            )
        )
        return None, [], None
    doc = _load(site_path, problems)
    if doc is None:
        return None, [], None
    if isinstance(doc.data, dict) and "respondents" in doc.data:
        problems.append(
            Problem(
                site_path,
                doc.line(("respondents",)),
                "respondents",
                "in a folder, each respondent goes in its own file under "
                "respondents/, not in site.yaml",
            )
        )
        return None, [], None
    checker = Checker(doc)
    data = checker.check(SITE_FILE)
    problems.extend(checker.problems)
    site = data["site"] if data is not INVALID else _site_fields(doc)
    if site is INVALID:
        return None, [], None
    folder = path / "respondents"
    raw: list[_RawRespondent] = []
    if not folder.is_dir():
        if is_loop(folder):
            problems.append(Problem(folder, None, "", LOOP_OF_LINKS))
        elif not (before_answers and not folder.exists()):
            problems.append(
                Problem(
                    folder, None, "", "folder not found: put one YAML file per respondent in it"
                )
            )
        return site, raw, doc
    for file in sorted(folder.iterdir()):
        if file.name.startswith("."):
            continue  # the import's lock, a system's own files
        if file.is_dir():
            problems.append(
                Problem(
                    file,
                    None,
                    "",
                    "is a folder, so the files in it were not read: put each respondent's "
                    "file directly in respondents/",
                    Severity.WARNING,
                )
            )
            continue
        if file.suffix not in (".yaml", ".yml"):
            problems.append(
                Problem(file, None, "", "not a .yaml file, so it was skipped", Severity.WARNING)
            )
            continue
        respondent_doc = _load(file, problems)
        if respondent_doc is None:
            continue
        if isinstance(respondent_doc.data, dict) and respondent_doc.data.get("id", "") is None:
            del respondent_doc.data["id"]  # a blank id (as in the YAML questionnaire)
        checker = Checker(respondent_doc)
        respondent = checker.check(RESPONDENT_FILE)
        problems.extend(checker.problems)
        if respondent is INVALID:
            respondent = _answers_to_check(RESPONDENT_FILE, respondent_doc.data, (), respondent_doc)
        if respondent is INVALID:
            continue
        if respondent.get("id") in (None, INVALID):
            respondent["id"] = file.stem
        raw.append(_RawRespondent(respondent, respondent_doc, (), f"{file.name}"))
    return site, raw, doc


def _answers_to_check(record: Record, raw: Any, at: PathKey, doc: Document) -> Any:
    """A respondent wrong in places (reported already), with those places left blank, when
    what their answers are checked by (role, versions, answers) is right: so that a comment
    too long hides no answer off the scale. INVALID otherwise. Never scored: its problems
    stop the run."""
    fields = record.fields_of(raw, at, "", Checker(doc))
    if fields is INVALID or any(fields.get(k) is INVALID for k in ("role", "versions", "answers")):
        return INVALID
    return {key: None if value is INVALID else value for key, value in fields.items()}


def _site_fields(doc: Document) -> Any:
    """The site's fields, each INVALID where it is wrong (its problems reported already, by
    the file's check), so that the answers can still be checked; INVALID when there is no
    site mapping at all."""
    raw = doc.data.get("site") if isinstance(doc.data, dict) else None
    return SITE.fields_of(raw, ("site",), "site", Checker(doc))


# What a wrong site field stands for while the rest of the assessment is checked: nothing is
# scored from these (a wrong field is an error), and the checks that need one are left out.
_UNKNOWN_SITE: dict[str, Any] = {"name": "", "kind": "", "assessed_on": dt.date.min}
# The fields that say which site this is (a review names its site by them).
_SITE_IDENTITY = frozenset({"name", "kind", "ods_code"})


def _load(path: Path, problems: list[Problem]) -> Document | None:
    try:
        return load_yaml(path)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _site(data: dict[str, Any]) -> Site:
    ods = data.get("ods_code")
    return Site(
        name=data["name"],
        ods_code=ods.upper() if isinstance(ods, str) else None,
        kind=data["kind"],
        assessed_on=data["assessed_on"],
        frameworks=tuple(f for f in data["frameworks"] if isinstance(f, str))
        if data.get("frameworks")
        else None,
        service_name=data.get("service_name"),
        pcn=data.get("pcn"),
        icb=data.get("icb"),
        pcn_name=data.get("pcn_name"),
        icb_name=data.get("icb_name"),
        invited=dict(data.get("invited") or {}),
        self_assessment_by=(data.get("self_assessment") or {}).get("by"),
        self_assessment=data.get("self_assessment") is not None,
    )


def _choose_frameworks(
    path: Path,
    site: Site,
    raw: list[_RawRespondent],
    catalogue: Catalogue,
    only: Sequence[str],
    problems: list[Problem],
) -> list[Framework]:
    """The frameworks to score, each at one version: pinned (`--framework npt@1.0.0`, or
    site.yaml `frameworks: [npt@1.0.0]`), else the version every respondent's file states,
    else the newest. Respondents who state different versions of one framework are an error
    unless a version is pinned (then older answers are carried across by the change record)."""
    site_file = path / "site.yaml" if path.is_dir() else path
    pins: dict[str, str] = {}
    valid_only: list[str] = []
    for spec in only:
        problem = catalogue.problem_with(spec)
        if problem:
            problems.append(Problem(None, None, "--framework", problem))
            continue
        framework_id, version = parse_spec(spec)
        valid_only.append(framework_id)
        if version:
            pins[framework_id] = version
    valid_site: list[str] = []
    for spec in site.frameworks or ():
        problem = catalogue.problem_with(spec)
        if problem:
            problems.append(Problem(site_file, None, "site.frameworks", problem))
            continue
        framework_id, version = parse_spec(spec)
        valid_site.append(framework_id)
        if version:
            pins.setdefault(framework_id, version)
    chosen = list(dict.fromkeys(valid_only)) if only else _site_frameworks(site, raw, catalogue)
    frameworks = []
    for framework_id in chosen:
        stated = _versions_stated(framework_id, raw, catalogue)
        version = pins.get(framework_id)
        if version is None and len(stated) > 1:
            problems.append(_mixed_versions(site_file, framework_id, stated, catalogue))
        elif version is None and stated:
            version = next(iter(stated))
        framework = catalogue.get(framework_id, version)
        if framework is not None:
            frameworks.append(framework)
    return frameworks


def _versions_stated(
    framework_id: str, raw: list[_RawRespondent], catalogue: Catalogue
) -> dict[str, list[str]]:
    """The installed versions of a framework that respondents who answered it state
    (`versions:`), each with the names of the respondents stating it, in the order met."""
    stated: dict[str, list[str]] = {}
    for entry in raw:
        if not any(
            framework_id in (entry.data.get(section) or {}) for section in ("answers", "comments")
        ):
            continue
        version = (entry.data.get("versions") or {}).get(framework_id)
        if version is not None and catalogue.get(framework_id, str(version)) is not None:
            stated.setdefault(str(version), []).append(entry.name)
    return stated


def _site_frameworks(site: Site, raw: list[_RawRespondent], catalogue: Catalogue) -> list[str]:
    """The ids of the frameworks a site is scored on when no `--framework` is given: those
    its site.yaml lists, else every framework answered."""
    if site.frameworks:
        return list(dict.fromkeys(parse_spec(spec)[0] for spec in site.frameworks))
    # A framework someone only commented on counts too: their comment must not vanish.
    answered = {
        fid
        for r in raw
        for section in ("answers", "comments")
        for fid in (r.data.get(section) or {})
    }
    return [f for f in catalogue.ids() if f in answered]


def _left_out_actions(
    site: Site,
    raw: list[_RawRespondent],
    catalogue: Catalogue,
    chosen: list[Framework],
    left_out_ids: Sequence[str],
) -> frozenset[str]:
    """The actions only the site's frameworks that `--framework` left out (`left_out_ids`)
    can raise (at the version its site.yaml pins, at every version its respondents state
    they answered, and at every version the catalogue holds, since a plan carried from an
    earlier round adopted what an earlier version raised): a plan may adopt them, and they
    are neither unknown nor no longer raised. One a chosen framework raises too is not left
    out."""
    pinned = dict(parse_spec(spec) for spec in site.frameworks or ())
    left_out = []
    for framework_id in left_out_ids:
        versions = [pinned[framework_id]] if pinned.get(framework_id) else []
        versions += _versions_stated(framework_id, raw, catalogue)
        versions += catalogue.versions_of(framework_id)
        left_out += [catalogue.get(framework_id, v) for v in dict.fromkeys(versions) or [None]]
    theirs = {action for framework in left_out if framework for action in framework.actions}
    return frozenset(theirs - {action for f in chosen for action in f.actions})


def _mixed_versions(
    site_file: Path, framework_id: str, stated: dict[str, list[str]], catalogue: Catalogue
) -> Problem:
    def files(names: list[str]) -> str:
        shown = ", ".join(names[:4])
        return shown + (f" and {len(names) - 4} more" if len(names) > 4 else "")

    found = "; ".join(f"{version} in {files(names)}" for version, names in stated.items())
    newest = max(stated, key=lambda v: catalogue.versions_of(framework_id).index(v))
    return Problem(
        site_file,
        None,
        "versions",
        f"respondents answered {framework_id} on different versions ({found}). An assessment "
        f"is scored on one version of each framework: pin the newer one in site.yaml "
        f"(frameworks: [{framework_id}@{newest}]) to carry the older answers across where the "
        "change record allows (kept, reworded and rescored items; the rest are listed), or "
        "move the older respondent files into an assessment of their own",
    )


@dataclass
class _Given:
    """One respondent's answers to one framework, read against the version they answered."""

    framework: Framework
    answers: dict[str, Answer]
    comments: dict[str, str]
    at: PathKey  # where the respondent's `versions` entry (or answers) for it is


def _where(doc: Document, at: PathKey) -> str:
    return f"{doc.path.name}:{doc.line(at)}"


def _respondents(
    raw: list[_RawRespondent],
    catalogue: Catalogue,
    frameworks: list[Framework],
    problems: list[Problem],
) -> tuple[list[Respondent], int]:
    """The people who count as respondents here, and how many more said something, but
    nothing this run scores (answers to another framework only)."""
    chosen = {f.id: f for f in frameworks}
    # A chosen framework's items asked once elsewhere need their home framework's answers.
    needed = set(chosen)
    for framework in frameworks:
        needed.update(item.ref.framework_id for item in framework.references if item.ref)
    seen: dict[str, tuple[Document, PathKey]] = {}  # where each id was first given
    result = []
    elsewhere = 0
    # Respondents whose answers were checked against another text of a framework than the one
    # scored here: (framework id, the file's SHA-256) -> each of them.
    other_text: dict[tuple[str, str | None], list[_RawRespondent]] = {}
    scored_nothing: list[tuple[_RawRespondent, str]] = []  # answered other frameworks only
    for entry in raw:
        data, doc = entry.data, entry.doc
        ident, role = data.get("id"), data.get("role")
        if ident in (None, INVALID) or role in (None, INVALID):
            continue
        if ident in seen:
            problems.append(
                Problem(
                    doc.path,
                    doc.line((*entry.at, "id")),
                    f"{entry.name}.id",
                    f"respondent id {ident!r} is used twice (also in "
                    f"{_where(*seen[ident])}); give each person their own pseudonym",
                )
            )
            continue
        # Only a repeated id needs the line: finding lines costs a second reading of the file.
        seen[ident] = (doc, (*entry.at, "id"))
        if _said_nothing(data):
            problems.append(
                _not_counted(
                    entry,
                    f"respondent {ident!r} gave no answers and no comments (a blank form?), so "
                    "they are not counted as a respondent anywhere",
                )
            )
            continue
        stated = _stated_versions(entry, catalogue, problems)
        for answered in _answered_on_another_text(entry, stated, chosen, catalogue):
            other_text.setdefault(answered, []).append(entry)
        given = _given(entry, role, stated, catalogue, chosen, needed, problems)
        answers: dict[str, dict[str, Answer]] = {}
        comments: dict[str, dict[str, str]] = {}
        for framework in frameworks:
            got = _at_version(entry, role, given.get(framework.id), framework, catalogue, problems)
            if got is not None:
                answers[framework.id], kept = got
                if kept:
                    comments[framework.id] = kept
        for framework in frameworks:
            _reused(entry, role, framework, given, chosen, catalogue, answers, comments, problems)
        general = data.get("general_comment")
        respondent = Respondent(
            ident,
            role,
            {k: v for k, v in answers.items() if v},
            {k: v for k, v in comments.items() if v},
            doc.path,
            general if isinstance(general, str) and not shows_nothing(general) else None,
        )
        if not (respondent.answers or respondent.comments or respondent.general_comment):
            # They said something, but nothing this run scores or shows (another framework, or
            # answers to a version that do not carry): not a respondent here (rule 2). With no
            # framework to score, the error saying why is enough.
            elsewhere += 1
            if frameworks:
                scored_nothing.append((entry, ident))
            continue
        result.append(respondent)
    if scored_nothing:
        problems.append(_scored_nothing(scored_nothing, frameworks))
    for (framework_id, digest), entries in other_text.items():
        problems.append(_scored_on_another_text(chosen[framework_id], digest, entries))
    return result, elsewhere


def _scored_nothing(
    entries: list[tuple[_RawRespondent, str]], frameworks: list[Framework]
) -> Problem:
    """One warning, at the first of them, for the respondents who answered none of the
    frameworks this run scores (`--framework`): not respondents here (rule 2)."""
    scored = ", ".join(f.id for f in frameworks)
    if len(entries) == 1:
        entry, ident = entries[0]
        return _not_counted(
            entry,
            f"respondent {ident!r} answered none of the frameworks scored here ({scored}), so "
            "they are not counted as a respondent",
        )
    ids = [repr(ident) for _, ident in entries]
    return _not_counted(
        entries[0][0],
        f"{len(ids)} respondents ({known_list(ids, 10)}) answered none of the frameworks scored "
        f"here ({scored}), so they are not counted as respondents",
    )


def _answered_on_another_text(
    entry: _RawRespondent,
    stated: dict[str, str],
    chosen: dict[str, Framework],
    catalogue: Catalogue,
) -> list[tuple[str, str | None]]:
    """The frameworks scored here at the version this respondent answered, whose text the file
    records (`import_record`) and which are scored here on another text: a file of the
    user's in place of the bundled one, the bundled one in place of a file of theirs, or
    another file. (framework id, the recorded SHA-256 or None for the bundled text) each."""
    recorded = import_record(entry.data)
    if recorded is None:
        return []  # a file that does not say which text its answers were given against
    out = []
    for framework_id, version in stated.items():
        framework = chosen.get(framework_id)
        if framework is None or version != framework.version:
            continue  # not scored here, or carried to another version (noted as such)
        digest = catalogue.text_named(framework_id, version, recorded.get(framework_id))
        if framework.local_sha256 != digest:
            out.append((framework_id, digest))
    return out


def _scored_on_another_text(
    framework: Framework, digest: str | None, entries: list[_RawRespondent]
) -> Problem:
    """The warning, at the first of them, that these respondents answered another text of the
    framework than the one scored here (`digest`: the text they answered; None, the bundled
    one)."""
    first = entries[0]
    more = f" and {len(entries) - 1:,} more respondents" if len(entries) > 1 else ""
    at = ("imported_from", "adapted", *((framework.id,) if digest is not None else ()))
    return Problem(
        first.doc.path,
        first.doc.line((*first.at, *at)),
        ".".join((first.name, *at)),
        f"this respondent{more} answered {framework.id} {framework.version} {_as_text(digest)}, "
        f"as the file records, but it is scored here on {_scored_text(framework, digest)}: "
        f"{_text_advice(digest)}, or their answers are scored against questions worded "
        "otherwise",
        Severity.WARNING,
    )


def _as_text(digest: str | None) -> str:
    if digest is None:
        return "as bundled"
    return f"on a file of yours whose SHA-256 starts {digest[:12]}"


def _scored_text(framework: Framework, digest: str | None) -> str:
    if framework.local_sha256 is None:
        return "the bundled text"
    file = "another file" if digest is not None else "a file"
    return f"{file} of yours ({framework.path})"


def _text_advice(digest: str | None) -> str:
    if digest is None:
        return "score them without that file's folder (--frameworks-dir)"
    return "give the folder holding the file they answered with --frameworks-dir"


def _not_counted(entry: _RawRespondent, why: str) -> Problem:
    """The warning that a respondent's file is not counted, at its id."""
    doc = entry.doc
    return Problem(
        doc.path,
        doc.line((*entry.at, "id")),
        entry.name if entry.at else "",
        why,
        Severity.WARNING,
    )


def _stated_versions(
    entry: _RawRespondent, catalogue: Catalogue, problems: list[Problem]
) -> dict[str, str]:
    """The framework versions a respondent's file says were answered (`versions:`); one that
    is not installed is a problem naming the installed ones."""
    stated: dict[str, str] = {}
    for framework_id, version in (entry.data.get("versions") or {}).items():
        if catalogue.get(framework_id) is None:
            continue  # an unknown framework is reported with its answers, if any
        if catalogue.get(framework_id, str(version)) is None:
            at: PathKey = (*entry.at, "versions", framework_id)
            problems.append(
                Problem(
                    entry.doc.path,
                    entry.doc.line(at),
                    f"{entry.name}.versions.{framework_id}",
                    unknown_version(framework_id, str(version), catalogue),
                )
            )
            continue
        stated[framework_id] = str(version)
    return stated


def _said_nothing(data: dict[str, Any]) -> bool:
    """Whether a respondent's file holds no answer of any kind and no comment: a blank form.
    Such a person is not a respondent (rule 2), so no count, rate or privacy threshold
    includes them."""

    def filled(value: object) -> bool:
        return value is not None and value is not INVALID and not shows_nothing(str(value))

    def any_filled(section: object) -> bool:
        if not isinstance(section, dict):
            return section is not None and section is not INVALID
        return any(any_filled(v) if isinstance(v, dict) else filled(v) for v in section.values())

    return not (
        any_filled(data.get("answers"))
        or any_filled(data.get("comments"))
        or filled(data.get("general_comment"))
    )


def _given(
    entry: _RawRespondent,
    role: str,
    stated: dict[str, str],
    catalogue: Catalogue,
    chosen: dict[str, Framework],
    needed: set[str],
    problems: list[Problem],
) -> dict[str, _Given]:
    """The respondent's answers and comments, each framework read against the version the
    respondent answered (stated in `versions`, or else the one this run uses)."""
    data, doc = entry.data, entry.doc
    out: dict[str, _Given] = {}
    for key in ("answers", "comments"):
        for framework_id, items in (data.get(key) or {}).items():
            at: PathKey = (*entry.at, key, framework_id)
            name = f"{entry.name}.{key}.{framework_id}"
            if catalogue.get(framework_id) is None:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line(at),
                        name,
                        unknown("framework", framework_id, catalogue.ids()),
                    )
                )
                continue
            if framework_id not in needed:
                continue  # answered, but not asked for in this run
            version = stated.get(framework_id)
            if version is None:
                used = chosen.get(framework_id)
                version = used.version if used is not None else None
            framework = catalogue.get(framework_id, version)
            assert framework is not None
            versions_at: PathKey = (*entry.at, "versions", framework_id)
            given = out.setdefault(
                framework_id,
                _Given(framework, {}, {}, versions_at if framework_id in stated else at),
            )
            if key == "answers":
                given.answers = read_answers(framework, items, role, doc, at, name, problems)
                continue
            for item_id, text in items.items():
                if item_id not in framework.items:
                    problems.append(unknown_item(doc, (*at, item_id), name, item_id, framework))
                elif text:
                    given.comments[item_id] = text
    return out


def _at_version(
    entry: _RawRespondent,
    role: str,
    given: _Given | None,
    framework: Framework,
    catalogue: Catalogue,
    problems: list[Problem],
) -> tuple[dict[str, Answer], dict[str, str]] | None:
    """A respondent's answers (and comments) to `framework` at the version this run scores;
    answers given to an older version are carried across by the change records, with a
    warning listing what was not carried."""
    if given is None:
        return None
    if given.framework.version == framework.version:
        return given.answers, given.comments
    doc = entry.doc
    where = f"{entry.name}.versions.{framework.id}"
    try:
        moved = migrate_answers(
            catalogue,
            framework.id,
            given.framework.version,
            framework.version,
            given.answers,
            role,
        )
        # Comments carry by the same rule as answers, whether or not the item was answered.
        moved_comments = migrate_answers(
            catalogue,
            framework.id,
            given.framework.version,
            framework.version,
            given.comments,
            role,
        )
    except ReadinessError as exc:
        problems.append(
            Problem(
                doc.path,
                doc.line(given.at),
                where,
                f"these answers are for {framework.id} version {given.framework.version}, but "
                f"this assessment is scored on version {framework.version}: {exc}",
            )
        )
        return None
    answers = {}
    for new_id, answer in moved.answers.items():
        again, _ = interpret(framework.items[new_id], answer.raw)
        if again is not None:
            answers[new_id] = again
    comments = dict(moved_comments.answers)
    left = [n.old_id for n in moved.not_carried]
    dropped = [n.old_id for n in moved_comments.not_carried]
    message = (
        f"answered on {framework.id} {given.framework.version}; {len(answers)} answers carried "
        f"to {framework.version} by its change record"
    )
    if left:
        message += f"; not carried: {', '.join(left)}"
    if dropped:
        message += f"; comments left out: {', '.join(dropped)}"
    message += f" (why: readiness frameworks show {framework.spec})"
    problems.append(Problem(doc.path, doc.line(given.at), where, message, Severity.WARNING))
    return answers, comments


def _kept_since(
    catalogue: Catalogue, framework_id: str, version: str, home: _Given, item_id: str
) -> str | None:
    """The item of the version answered (`home`) that `item_id` of the earlier `version`
    became, when it was kept at every step between (the same question, scored the same);
    None otherwise, or when no change record leads from `version` to it."""
    if version_key(version) >= version_key(home.framework.version):
        return None
    try:
        fate = fates(catalogue, framework_id, version, home.framework.version).get(item_id)
    except ReadinessError:
        return None
    return fate.new_ids[0] if fate is not None and fate.comparable else None


def _not_asked_as(entry: _RawRespondent, home: _Given, framework: Framework, item: Item) -> Problem:
    """A warning: an answer to the home item of a reused one, given on a version where that
    item is no longer the question the reusing framework asks."""
    ref = item.ref
    assert ref is not None
    doc = entry.doc
    return Problem(
        doc.path,
        doc.line(home.at),
        f"{entry.name}.versions.{ref.framework_id}",
        f"{framework.id} {item.id} asks {ref.framework_id} {ref.item_id} as it was in version "
        f"{ref.version}, which changed by version {home.framework.version} answered here, so "
        f"this answer is not used for {item.id} (why: readiness frameworks show "
        f"{ref.framework_id}@{home.framework.version})",
        Severity.WARNING,
    )


def _reused(
    entry: _RawRespondent,
    role: str,
    framework: Framework,
    given: dict[str, _Given],
    chosen: dict[str, Framework],
    catalogue: Catalogue,
    answers: dict[str, dict[str, Answer]],
    comments: dict[str, dict[str, str]],
    problems: list[Problem],
) -> None:
    """Give `framework`'s items that are asked once elsewhere (`from:`) the respondent's
    answer to their home item, so scoring sees them like any other answer."""
    for item in framework.references:
        ref = item.ref
        assert ref is not None and ref.version is not None
        home = given.get(ref.framework_id)
        if home is None:
            continue
        home_id = ref.item_id
        if home.framework.version == ref.version:
            home_answers, home_comments = home.answers, home.comments
        else:
            target = catalogue.get(ref.framework_id, ref.version)
            assert target is not None
            quiet: list[Problem] = []
            moved = _at_version(entry, role, home, target, catalogue, quiet)
            if moved is not None:
                home_answers, home_comments = moved
            else:
                # Answered on a later version than the one the item is asked as: the same
                # question only if it was kept, word for word and scored alike, since.
                home_answers, home_comments = home.answers, home.comments
                kept = _kept_since(catalogue, ref.framework_id, ref.version, home, ref.item_id)
                if kept is None:
                    if ref.item_id in home.answers or ref.item_id in home.comments:
                        problems.append(_not_asked_as(entry, home, framework, item))
                    continue
                home_id = kept
        answer = home_answers.get(home_id)
        if answer is not None:
            answers.setdefault(framework.id, {})[item.id] = dataclasses.replace(
                answer, item_id=item.id
            )
        shown_at_home = ref.framework_id in chosen and chosen[ref.framework_id].version == (
            ref.version
        )
        text = home_comments.get(home_id)
        if text and not shown_at_home:  # a comment is shown once, where its answer was asked
            comments.setdefault(framework.id, {})[item.id] = text


def _nobody(problems: Sequence[Problem], frameworks: Sequence[Framework]) -> str:
    """Why there is nothing to score: nobody answered, or nobody answered these frameworks."""
    if problems and frameworks:
        scored = ", ".join(f.id for f in frameworks)
        return (
            f"no respondents: nobody answered the frameworks scored here ({scored}), so there is "
            "nothing to score"
        )
    return "no respondents: there is nothing to score"
