"""The public Python API: everything the command line does, callable from Python.

    import readiness

    result = readiness.score("examples/riverside-pcn")
    print(readiness.format_scores(result, "json"))
    readiness.write_report("examples/riverside-pcn", "riverside.pdf")
    readiness.write_questionnaire(["npt"], "gp.xlsx", "xlsx", role="gp")
    readiness.import_answers(["filled.pdf"], "riverside/")

Every function raises `readiness.errors.ReadinessError` (or its subclass `InputError`, which
lists every problem with its file and line) for a problem the user can fix; anything else is a
bug. Output files are written atomically and never over an input.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from readiness.assessment.files import refuse_assessment_files
from readiness.assessment.identity import check_baseline
from readiness.assessment.load import load_assessment
from readiness.assessment.model import Assessment
from readiness.assessment.plan import (
    Plan,
    PlanUpdate,
    RaisedAction,
    Suggestion,
    find_plan,
    tracked_plan,
    update_plan,
)
from readiness.errors import OutputError, Problem, ReadinessError
from readiness.framework.catalogue import Catalogue, parse_spec
from readiness.framework.checks import CheckedFile
from readiness.framework.format import json_schema
from readiness.framework.load import load_catalogue
from readiness.framework.outline import list_text, outline_text, validation_text
from readiness.framework.validate import check_in_context, resolve_framework
from readiness.output import (
    check_before_slow_work,
    check_named,
    check_output_path,
    make_folder,
    write_output,
    write_outputs,
)
from readiness.paths import real_path
from readiness.report.scores.data import to_csv, to_json_data
from readiness.report.scores.table import to_table
from readiness.report.wording import RANKING_NOTE, combined_otherwise, too_many_for_a_pdf
from readiness.report.wording import aggregate_warning as aggregate_warning
from readiness.schema import check_plain_text, jobs_not_a_count, member, one_not_a_list
from readiness.scoring.actions import first_quarter
from readiness.scoring.engine import score_assessment
from readiness.scoring.model import AssessmentResult
from readiness.version import __version__
from readiness.vocabulary import (
    ROLES,
    Aggregate,
    ChecklistFormat,
    CompareFormat,
    GroupBy,
    QuestionnaireFormat,
    ReportFormat,
    Role,
    RoundFormat,
    ScoreFormat,
    SiteKind,
    choices,
    role_label,
)

# Progress, many sites and collection are imported where they are used, so that `readiness
# score` starts without them (measured: they doubled the time to import readiness).
if TYPE_CHECKING:
    from readiness.assessment.model import Review
    from readiness.assessment.round import RoundStatus
    from readiness.audit.checklist import Checklist
    from readiness.batch.sites import WrittenReports
    from readiness.collect.by_site import BySiteResult
    from readiness.collect.importer import ImportResult
    from readiness.collect.questionnaire import Questionnaire
    from readiness.collect.respondent_file import NewSite
    from readiness.framework.model import Framework
    from readiness.report.portfolio.summary import SiteSummary
    from readiness.scoring.progress import Progress

__all__ = [
    "PlanUpdate",
    "WrittenPortfolio",
    "WrittenReport",
    "compare",
    "format_scores",
    "framework_schema",
    "import_answers",
    "import_by_site",
    "import_checklist",
    "is_checklist",
    "list_frameworks",
    "load",
    "load_frameworks",
    "progress",
    "raised_actions",
    "score",
    "show_framework",
    "validate_frameworks",
    "validation_report",
    "write_checklist",
    "write_plan",
    "write_questionnaire",
    "write_report",
    "write_reports",
    "write_scores",
]

PathLike = str | Path
# The PDF renderer keeps a whole document's layout in memory: about 1.5 GB per 1,000 sites.
MAX_PDF_SITES = 2000

_Call = TypeVar("_Call", bound=Callable[..., object])


def _lists(*names: str) -> Callable[[_Call], _Call]:
    """Refuse one string or path given where the function takes a list of them (and a
    `jobs` that is not a whole number of at least 1): iterating "npt" would read 'n', 'p'
    and 't' as three framework ids, and a path as one file per character."""

    def wrap(function: _Call) -> _Call:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def checked(*args: object, **kwargs: object) -> object:
            given = signature.bind_partial(*args, **kwargs).arguments
            for name in names:
                value = given.get(name)
                if isinstance(value, str | bytes | os.PathLike):
                    raise ReadinessError(one_not_a_list(name, value))
            jobs = given.get("jobs")
            if jobs is not None and (
                not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1
            ):
                raise ReadinessError(jobs_not_a_count(jobs))
            return function(*args, **kwargs)

        return cast(_Call, checked)

    return wrap


# -- frameworks ---------------------------------------------------------------------------


@_lists("frameworks_dirs")
def load_frameworks(frameworks_dirs: Iterable[PathLike] = ()) -> Catalogue:
    """The bundled frameworks plus those in `frameworks_dirs` (which replace same-id ones)."""
    return load_catalogue([Path(d) for d in frameworks_dirs])


@_lists("frameworks_dirs")
def list_frameworks(frameworks_dirs: Iterable[PathLike] = ()) -> str:
    """One line per available framework version, as `readiness frameworks list` prints it."""
    return list_text(load_frameworks(frameworks_dirs))


@_lists("frameworks_dirs")
def show_framework(name: str, *, frameworks_dirs: Iterable[PathLike] = ()) -> str:
    """A readable outline of a framework (by id, `id@version`, or a file), as `frameworks
    show` prints it."""
    return outline_text(resolve_framework(name, [Path(d) for d in frameworks_dirs]))


@_lists("files")
def validate_frameworks(files: Iterable[PathLike]) -> list[CheckedFile]:
    """Check framework files (and action libraries): for each, the framework (when valid) and
    every problem found, including references and change records checked against the
    catalogue and the other files' folders."""
    return check_in_context([Path(file) for file in files])


def validation_report(checked: Iterable[CheckedFile]) -> str:
    """What `readiness frameworks validate` prints for checked files."""
    return validation_text(checked)


def framework_schema(library: bool = False) -> str:
    """The JSON Schema of the framework format (or, with `library`, of the action library)."""
    return json_schema(library)


# -- scores -------------------------------------------------------------------------------


@_lists("frameworks", "frameworks_dirs")
def load(
    assessment: PathLike,
    *,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
) -> Assessment:
    """Read and check an assessment (a YAML file, or a folder with site.yaml and respondents/).

    `frameworks` restricts it to these framework ids, each optionally pinned to a version as
    npt@1.0.0 (default: the site's list, or every framework answered, at the version the
    respondents answered)."""
    return load_assessment(Path(assessment), load_frameworks(frameworks_dirs), frameworks)


@_lists("frameworks", "frameworks_dirs")
def round_status(
    assessment: PathLike,
    *,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
) -> RoundStatus:
    """Where a round of questionnaires stands, without scoring: returns by role, roles short
    of the privacy threshold, and the opinions that would be withheld if scored now (with how
    many more answers from which roles would publish them)."""
    from readiness.assessment.round import round_status as status_of

    catalogue = load_frameworks(frameworks_dirs)
    return status_of(load_assessment(Path(assessment), catalogue, frameworks, before_answers=True))


def format_round(status: RoundStatus, fmt: str = "text") -> str:
    """The round as text to read or JSON (readiness-round/1)."""
    from readiness.report.round_view import round_json, round_text

    if member(RoundFormat, fmt, "format") == RoundFormat.JSON:
        return json.dumps(round_json(status), indent=2, ensure_ascii=False) + "\n"
    return round_text(status)


@_lists("frameworks", "frameworks_dirs")
def score(
    assessment: PathLike,
    *,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
    aggregate: str | None = None,
) -> AssessmentResult:
    """Load, check and score an assessment. `aggregate` ('roles' or 'respondents') overrides
    each framework's own `scoring.aggregate`."""
    return score_assessment(
        load(assessment, frameworks=frameworks, frameworks_dirs=frameworks_dirs),
        _aggregate(aggregate),
    )


def _portfolio_aggregate_warnings(
    sites: Sequence[SiteSummary], catalogue: Catalogue, chosen: Aggregate | None
) -> tuple[str, ...]:
    """`aggregate_warning` for a portfolio: one per framework, naming the sites at which a
    role is hidden and --aggregate is not the framework's own way."""
    if chosen is None:
        return ()
    at: dict[tuple[str, str], list[str]] = {}
    for site in sites:
        for fw in site.frameworks:
            usual = catalogue.get(fw.id, fw.version)
            if fw.roles_hidden and usual is not None and usual.scoring.aggregate != chosen:
                at.setdefault((fw.id, usual.scoring.aggregate), []).append(site.name)
    out = []
    for (framework_id, usual_way), names in at.items():
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")
        out.append(combined_otherwise(chosen, usual_way, framework_id, f"at {shown} some"))
    return tuple(out)


def _shared_code_warnings(sites: Sequence[SiteSummary]) -> tuple[str, ...]:
    """A site given twice at different dates (counted twice in the portfolio), by its ODS code
    or, without codes to tell, by its name, or one ODS code given to sites of two kinds (one
    site.yaml has it wrong): each said, never refused."""
    from readiness.assessment.identity import shared_codes, shared_names

    out = []
    for first, later in shared_names(sites):
        a, b = sites[first], sites[later]
        out.append(
            f"warning: {a.source} and {b.source} are both {b.name!r} with no ODS code to tell "
            f"them apart, assessed on {a.assessed_on} and {b.assessed_on}: if they are one site "
            "the portfolio counts it twice (give only its latest assessment); if two, give each "
            "its ODS code (site.ods_code in site.yaml)"
        )
    for first, later in shared_codes(sites):
        a, b = sites[first], sites[later]
        if a.kind == b.kind:
            out.append(
                f"warning: {a.source} and {b.source} are both {a.ods_code}, assessed on "
                f"{a.assessed_on} "
                f"and {b.assessed_on}: the portfolio counts the site twice; give only its "
                "latest assessment to compare sites (report --baseline shows its progress)"
            )
        else:
            out.append(
                f"warning: {a.source} ({a.kind}) and {b.source} ({b.kind}) both give the ODS code "
                f"{a.ods_code}, which names one organisation: check site.ods_code in each"
            )
    return tuple(out)


def _aggregate(aggregate: str | None) -> Aggregate | None:
    return member(Aggregate, aggregate, "aggregate") if aggregate is not None else None


_SCORE_FORMATS: dict[ScoreFormat, Callable[[AssessmentResult, bool], str]] = {
    ScoreFormat.TABLE: lambda result, _items: to_table(result),
    ScoreFormat.JSON: lambda result, _items: (
        json.dumps(to_json_data(result), indent=2, ensure_ascii=False) + "\n"
    ),
    ScoreFormat.CSV: lambda result, items: to_csv(result, items),
}


def format_scores(
    result: AssessmentResult, fmt: str = ScoreFormat.TABLE, *, with_items: bool = False
) -> str:
    """The scores as text: a table to read, JSON for scripts, or CSV (per item `with_items`)."""
    return _SCORE_FORMATS[member(ScoreFormat, fmt, "format")](result, with_items)


def score_format(fmt: str | None, output: PathLike | None = None) -> ScoreFormat:
    """The scores' format asked for, else the one an output's extension names (.json, .csv),
    else the table."""
    if fmt is not None:
        return member(ScoreFormat, fmt, "format")
    suffix = Path(output).suffix.lower().lstrip(".") if output is not None else ""
    return (
        ScoreFormat(suffix) if suffix in (ScoreFormat.JSON, ScoreFormat.CSV) else ScoreFormat.TABLE
    )


def write_scores(
    result: AssessmentResult,
    output: PathLike,
    fmt: str | None = None,
    *,
    with_items: bool = False,
    frameworks_dirs: Iterable[PathLike] = (),
) -> None:
    """Write the scores to a file (atomically; never over the assessment, a framework or a
    file holding people's answers), in the format `fmt` names, else the one the file's
    extension names (.json, .csv), else the table (as `readiness score -o` does).
    `frameworks_dirs`: those the scores were made with, to read a form found at `output`.

    A CSV file starts with a UTF-8 byte order mark, so Excel on Windows reads its text as
    UTF-8 ("St Mary's", not mojibake); the terminal gets none."""
    chosen = score_format(fmt, output)
    text = format_scores(result, chosen, with_items=with_items)
    encoding = "utf-8-sig" if chosen == ScoreFormat.CSV else "utf-8"
    inputs = _inputs(result.assessment, [Path(output)])
    _check_target(Path(output), inputs, chosen)
    if Path(output).is_file():  # the frameworks are read only to read what is there
        _keep_what_people_gave([Path(output)], load_frameworks(frameworks_dirs))
    write_output(Path(output), text.encode(encoding), inputs)


def _inputs(assessment: Assessment, targets: Sequence[Path]) -> list[Path]:
    return [*_site_inputs(assessment.path, targets), *(f.path for f in assessment.frameworks)]


def _site_inputs(assessment: Path, targets: Sequence[Path]) -> list[Path]:
    """Every file of a site that the outputs `targets` must never be written over: the
    assessment (a folder covers what is in it), its plan, and the evidence files its review
    hashes wherever they are kept (beside a one-file assessment, or outside the folder)."""
    from readiness.assessment.plan import plan_path
    from readiness.batch.inputs import review_evidence

    found = [assessment, plan_path(assessment)]
    # Only a file that exists can be written over: the review is read for its evidence only
    # then (compare would otherwise read every site's review first, one after another).
    if any(target.is_file() for target in targets):
        found += review_evidence(assessment)
    return found


# -- the site's plan -------------------------------------------------------------------------


def raised_actions(result: AssessmentResult) -> list[RaisedAction]:
    """The actions a scored assessment raises, as a plan file lists them."""
    starting = {a.action.id for a in first_quarter(result.actions)}
    return [
        RaisedAction(
            planned.action.id,
            planned.action.text,
            tuple(dict.fromkeys(f"{r.framework_id}/{r.id}" for r in planned.raised_by)),
            Suggestion(
                priority=planned.priority,
                of=len(result.actions),
                importance=planned.importance,
                first_quarter=planned.action.id in starting,
                owner=role_label(planned.action.owner)
                + (
                    ", with " + " and ".join(role_label(r) for r in planned.action.joint_owners)
                    if planned.action.joint_owners
                    else ""
                ),
                timeframe=planned.action.timeframe,
                effort=planned.action.effort,
                cost=planned.action.cost,
                essential=planned.critical,
            ),
        )
        for planned in result.actions
    ]


def load_site_plan(result: AssessmentResult, path: PathLike | None = None) -> Plan | None:
    """The site's plan (plan.yaml beside the assessment, or `path`), checked; None if absent."""
    return find_plan(result.assessment, Path(path) if path is not None else None)


@_lists("frameworks", "frameworks_dirs")
def progress(
    assessment: PathLike,
    baseline: PathLike,
    *,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
    aggregate: str | None = None,
) -> Progress:
    """`assessment` (the follow-up) set against `baseline` (an earlier assessment of the same
    site): each comparable score then and now, the change called from the intervals, the
    gates, and the adopted actions of the site's plan: the follow-up's own when it adopts
    anything (a plan carried forward), else the baseline's, else the follow-up's.

    Each assessment is scored on the versions its respondents answered; `frameworks` pins
    versions for the follow-up only, and restricts both to those framework ids."""
    catalogue = load_frameworks(frameworks_dirs)
    how = _aggregate(aggregate)
    current = score_assessment(load_assessment(Path(assessment), catalogue, frameworks), how)
    return _progress(current, Path(baseline), catalogue, frameworks, how)


def _progress(
    current: AssessmentResult,
    baseline: Path,
    catalogue: Catalogue,
    frameworks: Sequence[str],
    how: Aggregate | None,
    plan_file: PathLike | None = None,
) -> Progress:
    """The comparison, the baseline scored on its own versions (of the `frameworks` ids)."""
    from readiness.scoring.progress import compare_results

    if _same_path(baseline, current.assessment.path):
        raise ReadinessError(
            f"{baseline}: the baseline is the assessment itself; give the earlier assessment "
            "of the same site"
        )
    ids = list(dict.fromkeys(parse_spec(spec)[0] for spec in frameworks))
    earlier = check_baseline(load_assessment(baseline, catalogue, ids), current.assessment)
    before = score_assessment(earlier, how)
    plan = tracked_plan(earlier, current.assessment, Path(plan_file) if plan_file else None)
    return compare_results(before, current, catalogue, plan)


def _same_path(a: Path, b: Path) -> bool:
    try:
        return real_path(a) == real_path(b)
    except OSError:
        return False


@_lists("frameworks", "frameworks_dirs")
def write_plan(
    assessment: PathLike,
    *,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
) -> PlanUpdate:
    """Write the site's plan.yaml listing the actions the assessment raises, or add the newly
    raised ones to the end of an existing plan (what people wrote there is never changed)."""
    result = score(assessment, frameworks=frameworks, frameworks_dirs=frameworks_dirs)
    return update_plan(result.assessment, raised_actions(result))


# -- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenReport:
    """What `write_report` wrote, from which scores, and the warnings to pass on."""

    result: AssessmentResult
    plan: Plan | None
    warnings: tuple[Problem, ...]
    outputs: tuple[Path, ...]


@_lists("frameworks", "frameworks_dirs")
def write_report(
    assessment: PathLike,
    output: PathLike,
    *,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
    template_dir: PathLike | None = None,
    html_output: PathLike | None = None,
    aggregate: str | None = None,
    plan_file: PathLike | None = None,
    summary: bool = False,
    baseline: PathLike | None = None,
    fmt: str | None = None,
) -> WrittenReport:
    """Score an assessment and write its report to `output`: a PDF, or the same document as
    accessible HTML with `fmt` "html" (by default, HTML when `output` ends in .html or .htm);
    `html_output` also writes the HTML beside the PDF. With `summary`, the short report for
    commissioners (at most four pages); with `baseline` (an earlier assessment of the same
    site), a section on progress since then.

    The site's plan (plan.yaml beside the assessment, or `plan_file`) puts its adopted
    actions first. Nothing is written unless everything succeeds."""
    from readiness.report.document import render_report  # the renderer loads when needed

    chosen = report_format(fmt, Path(output))
    _check_report_outputs(Path(output), chosen, html_output)

    catalogue = load_frameworks(frameworks_dirs)
    how = _aggregate(aggregate)
    result = score_assessment(load_assessment(Path(assessment), catalogue, frameworks), how)
    since = None
    if baseline is not None:
        since = _progress(result, Path(baseline), catalogue, frameworks, how, plan_file)
    templates = Path(template_dir) if template_dir is not None else None
    files = [(Path(output), b"")]
    if html_output is not None:
        files.append((Path(html_output), b""))
    targets = [path for path, _ in files]
    inputs = [
        *_inputs(result.assessment, targets),
        *([templates] if templates else []),
        *([Path(plan_file)] if plan_file is not None else []),
        *(_inputs(since.baseline.assessment, targets) if since else []),
        *([since.plan.path] if since and since.plan else []),
    ]
    _check_distinct(targets)
    kinds = [chosen, ReportFormat.HTML]  # -o's, then --html's
    for (path, _), kind in zip(files, kinds, strict=False):
        _check_target(path, inputs, kind)  # before the slow part, not after it
    _keep_what_people_gave(targets, catalogue)
    for target in targets:
        check_before_slow_work(target)
    # With a baseline, one plan throughout: the one the progress section follows.
    plan = since.plan if since is not None else load_site_plan(result, plan_file)
    pdf = chosen == ReportFormat.PDF
    rendered = render_report(result, templates, plan, summary, since, pdf=pdf)
    files[0] = (Path(output), rendered.data(chosen))
    if html_output is not None:
        files[1] = (Path(html_output), rendered.html.encode("utf-8"))
    write_outputs(files, inputs)
    warnings = (*result.assessment.warnings, *(plan.warnings if plan else ()))
    if since is not None:
        warnings += since.baseline.assessment.warnings
    return WrittenReport(result, plan, warnings, tuple(path for path, _ in files))


@_lists("assessments", "frameworks", "frameworks_dirs")
def write_reports(
    assessments: Sequence[PathLike],
    out_dir: PathLike,
    *,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
    template_dir: PathLike | None = None,
    aggregate: str | None = None,
    summary: bool = False,
    jobs: int | None = None,
    force: bool = False,
    progress: Callable[[Path], None] | None = None,
    fmt: str = "pdf",
) -> WrittenReports:
    """One report per site into `out_dir` (NAME.pdf, or NAME.html with `fmt` "html", from
    each site's folder or file name), rendered in `jobs` worker processes (default: one per
    core). A site whose report is up to date with every input it was made from is skipped
    unless `force`; one site's failure never stops the others. `progress` is called with each
    site as it finishes."""
    from readiness.batch.pool import default_jobs
    from readiness.batch.sites import SiteOptions, render_into

    options = SiteOptions(
        load_frameworks(frameworks_dirs),
        tuple(frameworks),
        _aggregate(aggregate),
        Path(template_dir) if template_dir is not None else None,
        summary,
        member(ReportFormat, fmt, "format"),
    )
    paths = [Path(a) for a in assessments]
    _check_given_once(paths)
    catalogue = options.catalogue

    def keep(targets: Sequence[Path]) -> None:
        _keep_what_people_gave(targets, catalogue)

    workers = jobs or default_jobs()
    return render_into(paths, Path(out_dir), options, workers, force, progress, keep)


def _check_report_outputs(output: Path, chosen: ReportFormat, html_output: PathLike | None) -> None:
    """Refuse an HTML copy of a report that is already HTML."""
    if html_output is not None and chosen == ReportFormat.HTML:
        raise ReadinessError(
            "--html writes an HTML copy beside a PDF, and this report is already HTML; give -o "
            "alone"
        )


# What each --format writes, in words, and the extensions a file of it may have (text may
# always be named .txt).
_WRITES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("a PDF", (".pdf",)),
    "html": ("a web page", (".html", ".htm")),
    "xlsx": ("an Excel workbook", (".xlsx",)),
    "xlsform": ("an XLSForm workbook", (".xlsx",)),
    "yaml": ("a YAML file", (".yaml", ".yml", ".txt")),
    "txt": ("plain text", (".txt", ".md")),
    "table": ("a table to read", (".txt", ".md")),
    "json": ("JSON", (".json", ".txt")),
    "csv": ("a CSV table", (".csv", ".txt")),
}


def _check_named(target: Path, chosen: str) -> None:
    """Refuse a file name whose extension says another kind of file than `chosen` makes."""
    writes, extensions = _WRITES[str(chosen)]
    check_named(Path(target), str(chosen), writes, extensions)


def _check_target(
    target: Path, inputs: Iterable[Path], chosen: str, respondents: bool = True
) -> None:
    """Every check of a file a command is about to write, plainest message first: not one of
    its inputs, not an assessment's own file (`respondents`: a respondent's file included),
    and named for what `chosen` makes."""
    check_output_path(target, inputs)
    refuse_assessment_files([target], respondents)
    _check_named(target, chosen)


def _check_distinct(paths: Sequence[Path]) -> None:
    resolved = [real_path(p) for p in paths]
    if len(set(resolved)) != len(resolved):
        raise ReadinessError("the PDF and the HTML must be different files")


# -- many sites ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenPortfolio:
    """What `compare` wrote."""

    output: Path
    sites: int
    flagged: int  # sites with too few respondents, flagged in the output
    format: CompareFormat = CompareFormat.PDF
    kept: int = 0  # sites whose files were unchanged, so their kept scores were used
    warnings: tuple[str, ...] = ()
    # What loading each site warned of, for the sites that warned (source, warnings), in order.
    site_warnings: tuple[tuple[str, tuple[str, ...]], ...] = ()


# A portfolio's title heads every page: a name, never a paragraph.
MAX_TITLE = 200


@_lists("assessments", "frameworks", "frameworks_dirs")
def compare(
    assessments: Sequence[PathLike],
    output: PathLike,
    *,
    fmt: str | None = None,
    group_by: str | None = None,
    rank: bool = False,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
    aggregate: str | None = None,
    jobs: int | None = None,
    title: str | None = None,
    cache: bool = True,
) -> WrittenPortfolio:
    """Compare many sites: a heat table of sites by domain for each framework (alphabetical
    unless `rank`), the domains weak across most sites and the actions raised most often, as
    a PDF or an accessible web page (under `title`, the area's name say; each site linked
    to its own report when one sits beside the output, as `report --out-dir` names it), or
    one row per site, framework and domain as CSV, an Excel workbook or JSON. `fmt`
    defaults to the output's file extension. With `cache`, each site's scores are kept in the
    user's cache folder, and a site whose files have not changed is not scored again."""
    from readiness.batch.pool import default_jobs
    from readiness.batch.score_cache import open_score_cache
    from readiness.batch.sites import SiteOptions, report_name, summarise_sites
    from readiness.report.portfolio import data as portfolio_data
    from readiness.report.portfolio.context import build_portfolio

    target = Path(output)
    chosen = _compare_format(fmt, target)
    grouping = member(GroupBy, group_by, "grouping") if group_by is not None else None
    if not assessments:
        raise ReadinessError("give at least one assessment to compare")
    check_plain_text(title, "the title (--title)", MAX_TITLE)
    if chosen == CompareFormat.PDF and len(assessments) > MAX_PDF_SITES:
        raise ReadinessError(too_many_for_a_pdf(len(assessments), MAX_PDF_SITES))
    inputs = [f for a in assessments for f in _site_inputs(Path(a), [target])]
    inputs += [Path(d) for d in frameworks_dirs]
    _check_target(target, inputs, chosen)
    catalogue = load_frameworks(frameworks_dirs)
    _keep_what_people_gave([target], catalogue)
    check_before_slow_work(target)
    chosen_aggregate = _aggregate(aggregate)
    kept = open_score_cache(catalogue, tuple(frameworks), chosen_aggregate) if cache else None
    options = SiteOptions(catalogue, tuple(frameworks), chosen_aggregate, score_cache=kept)
    paths = [Path(a) for a in assessments]
    _check_given_once(paths)
    summaries = summarise_sites(paths, options, jobs or default_jobs())
    sites = summaries.sites
    _check_no_copies(sites)
    warnings = (
        *_portfolio_aggregate_warnings(sites, catalogue, chosen_aggregate),
        *_shared_code_warnings(sites),
    )
    each = tuple((site.source, site.warnings) for site in sites if site.warnings)
    reports = {}
    if chosen in (CompareFormat.PDF, CompareFormat.HTML):
        kind = ReportFormat(chosen.value)
        names = {site.source: report_name(Path(site.source), False, kind) for site in sites}
        shared = {n for n, count in Counter(names.values()).items() if count > 1}
        for source, name in names.items():
            # Two sites whose folders or files share a name would both link to one report,
            # which is at most one of theirs: neither is linked.
            if name not in shared and (target.parent / name).is_file():
                reports[source] = name
    if chosen in (CompareFormat.CSV, CompareFormat.XLSX):
        # One row per site, framework and domain: the portfolio's tables are never shown, so
        # they are not built (they cost about as much as writing the rows).
        if chosen == CompareFormat.CSV:
            data = portfolio_data.to_csv(sites)
        else:
            data = portfolio_data.to_xlsx(sites, RANKING_NOTE)
        write_output(target, data, inputs)
        return WrittenPortfolio(
            target, len(sites), _flagged(sites), chosen, summaries.kept, warnings, each
        )
    portfolio = build_portfolio(sites, grouping, rank, __version__, title, reports)
    if chosen == CompareFormat.JSON:
        data = portfolio_data.to_json(sites, portfolio, warnings)
    elif chosen == CompareFormat.HTML:
        from readiness.report.portfolio.document import render_portfolio_html

        data = render_portfolio_html(portfolio, RANKING_NOTE).encode("utf-8")
    else:
        from readiness.report.portfolio.document import render_portfolio

        data = render_portfolio(portfolio, RANKING_NOTE)
    write_output(target, data, inputs)
    return WrittenPortfolio(
        target, len(sites), portfolio.flagged, chosen, summaries.kept, warnings, each
    )


def _flagged(sites: Sequence[SiteSummary]) -> int:
    """How many sites are flagged as having few respondents (as the portfolio counts them)."""
    return sum(1 for s in sites if s.too_few)


def _check_given_once(paths: Sequence[Path]) -> None:
    """Refuse an assessment given twice (under one path or two naming one place), naming it."""
    first: dict[Path, Path] = {}
    problems = []
    for path in paths:
        where = real_path(path)
        if where not in first:
            first[where] = path
            continue
        again = "twice" if first[where] == path else f"twice (as {first[where]} and {path})"
        problems.append(f"{path}: the same assessment is given {again}; give each site once")
    if problems:
        raise ReadinessError("\n".join(dict.fromkeys(problems)))


def _check_no_copies(sites: Sequence[SiteSummary]) -> None:
    """Refuse to count one assessment twice: a site given again (a copied folder) under
    another path, by the rule of assessment/identity.py."""
    from readiness.assessment.identity import copies

    problems = []
    for first, later in copies(sites):
        a, b = sites[first], sites[later]
        site = f"{b.name} ({b.ods_code})" if b.ods_code else b.name
        problems.append(
            f"{a.source} and {b.source} are the same assessment: {site}, assessed on "
            f"{b.assessed_on}; give it once (is one a copy?), or, if they are two sites, give "
            "each its ODS code (site.ods_code in site.yaml)"
        )
    if problems:
        raise ReadinessError("\n".join(problems))


# What reads as a file type's extension (.docx, .csv): not "2026.12" or "St. Mary's report".
_EXTENSION = re.compile(r"\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,5}")


def report_format(fmt: str | None, output: Path) -> ReportFormat:
    """The report format asked for, else HTML for an output ending in .html or .htm, else
    PDF (the default) for one ending in .pdf or with no extension. Any other extension is
    refused: a PDF named report.docx or scores.csv would not open as its name says."""
    if fmt is not None:
        return member(ReportFormat, fmt, "format")
    suffix = output.suffix.lower()
    if suffix in (".html", ".htm"):
        return ReportFormat.HTML
    if suffix == ".pdf" or not _EXTENSION.fullmatch(suffix):
        return ReportFormat.PDF
    raise ReadinessError(
        f"cannot tell the format from {output.name!r}; name the report .pdf or .html, or give "
        f"--format ({', '.join(choices(ReportFormat))})"
    )


def _compare_format(fmt: str | None, output: Path) -> CompareFormat:
    if fmt is not None:
        return member(CompareFormat, fmt, "format")
    suffix = output.suffix.lower().lstrip(".")
    if suffix == "htm":
        return CompareFormat.HTML
    if suffix in choices(CompareFormat):
        return CompareFormat(suffix)
    raise ReadinessError(
        f"cannot tell the format from {output.name!r}; give --format "
        f"({', '.join(choices(CompareFormat))})"
    )


# -- questionnaires and imports -------------------------------------------------------------


def _pdf_form(questionnaire: Questionnaire) -> bytes:
    from readiness.collect.pdf_form import render_pdf_form

    return render_pdf_form(questionnaire)


def _workbook(questionnaire: Questionnaire) -> bytes:
    from readiness.collect.workbook import render_workbook

    return render_workbook(questionnaire)


def _yaml_form(questionnaire: Questionnaire) -> bytes:
    from readiness.collect.yaml_form import render_yaml

    return render_yaml(questionnaire).encode("utf-8")


def _forms_text(questionnaire: Questionnaire) -> bytes:
    from readiness.collect.forms_text import render_forms_text

    return render_forms_text(questionnaire)


def _xlsform(questionnaire: Questionnaire) -> bytes:
    from readiness.collect.xlsform import render_xlsform

    return render_xlsform(questionnaire)


_QUESTIONNAIRE_FORMATS: dict[QuestionnaireFormat, Callable[[Questionnaire], bytes]] = {
    QuestionnaireFormat.PDF: _pdf_form,
    QuestionnaireFormat.XLSX: _workbook,
    QuestionnaireFormat.YAML: _yaml_form,
    QuestionnaireFormat.TEXT: _forms_text,
    QuestionnaireFormat.XLSFORM: _xlsform,
}
# How `write_questionnaires` names each format's file after the role (gp.pdf): the XLSForm is
# an .xlsx file too, so it is told apart from the workbook (gp.xlsform.xlsx).
QUESTIONNAIRE_SUFFIXES: dict[QuestionnaireFormat, str] = {
    QuestionnaireFormat.XLSFORM: "xlsform.xlsx",
}


@_lists("frameworks", "frameworks_dirs")
def write_questionnaire(
    frameworks: Sequence[str],
    output: PathLike,
    fmt: str,
    *,
    role: str | None = None,
    site: str | None = None,
    frameworks_dirs: Iterable[PathLike] = (),
    service_name: str | None = None,
) -> Questionnaire:
    """Write a questionnaire (a fillable PDF, an Excel workbook, a YAML respondent file, the
    questions to paste into Microsoft or Google Forms, or an XLSForm web form)
    with the items of `frameworks` (ids, or ids pinned as npt@1.0.0) that `role` is asked
    (every item when `role` is None). A fact another framework holds is asked once, under its
    home framework; `service_name` replaces {service} wherever clients read about it."""
    from readiness.collect.questionnaire import build_questionnaire

    kind = member(QuestionnaireFormat, fmt, "questionnaire format")
    writer = _QUESTIONNAIRE_FORMATS[kind]
    dirs = [Path(d) for d in frameworks_dirs]
    catalogue = load_catalogue(dirs)
    chosen = _asked_once(catalogue, frameworks)
    if role is not None:
        member(Role, role, "role")
    questionnaire = build_questionnaire(chosen, role, site, service_name)
    if not questionnaire.item_count:
        raise ReadinessError(f"none of these frameworks asks anything of the role {role!r}")
    written = writer(questionnaire)
    inputs = [*dirs, *(f.path for f in chosen)]
    # A respondent's file is refused only when it holds answers, saying how many.
    _check_target(Path(output), inputs, kind, respondents=False)
    _refuse_filled([(Path(output), written)], catalogue, site, service_name)
    write_output(Path(output), written, inputs)
    return questionnaire


def _asked_once(catalogue: Catalogue, specs: Sequence[str]) -> list[Framework]:
    """The frameworks a questionnaire asks, each once: one named twice ("npt npt") is asked
    once; two versions of one ("npt npt@1.0.0") are refused, as a form asks one version."""
    chosen: dict[str, Framework] = {}
    for spec in specs:
        framework = catalogue.require(spec)
        held = chosen.setdefault(framework.id, framework)
        if held.version != framework.version:
            raise ReadinessError(
                f"{framework.id} is named at two versions ({held.version} and "
                f"{framework.version}); a questionnaire asks one version of each framework: "
                "name it once"
            )
    return list(chosen.values())


def _keep_what_people_gave(targets: Iterable[Path], catalogue: Catalogue) -> None:
    """Refuse to write a report, scores or a portfolio over a file holding what people gave:
    a filled questionnaire, a respondent file, a survey export or a checklist with a
    reviewer's entries (a file named like an output can be an input)."""
    _refuse_filled([(target, b"") for target in targets if target.is_file()], catalogue)


def _refuse_filled(
    files: Sequence[tuple[Path, bytes]],
    catalogue: Catalogue,
    site: str | None = None,
    service_name: str | None = None,
    assessment: Path | None = None,
    reviewed: bool = False,
) -> None:
    """Refuse to write blank forms over files holding what people gave and would lose: a
    questionnaire filled and saved where it was written, a respondent file, or a checklist
    with a reviewer's entries the new file would not hold (`assessment`: the one it is for;
    `reviewed`: it has a review, which importing a checklist replaces)."""
    from readiness.audit import wording as audit_wording
    from readiness.audit.importer import entered_beyond
    from readiness.collect import wording as collect_wording
    from readiness.collect.sources import answers_held

    found = []
    for target, data in files:
        if not target.is_file():
            continue
        entered, unreadable = entered_beyond(target, data, catalogue)
        if unreadable:
            found.append(audit_wording.unreadable_checklist_kept(target, unreadable))
            continue
        if entered:
            found.append(
                audit_wording.holds_entries(target, assessment or "SITE", entered, reviewed)
            )
            continue
        held = answers_held(target, catalogue, service_name, site)
        if held.unreadable:
            found.append(collect_wording.holds_a_filled_form(target, held.unreadable))
        elif held.given:
            found.append(collect_wording.holds_answers(target, held.given))
    if found:
        raise OutputError("\n".join(found))


@dataclass(frozen=True)
class WrittenQuestionnaire:
    """One questionnaire `write_questionnaires` wrote."""

    path: Path
    role: str
    questionnaire: Questionnaire


@_lists("frameworks", "formats", "frameworks_dirs")
def write_questionnaires(
    frameworks: Sequence[str],
    out_dir: PathLike,
    formats: Sequence[str],
    *,
    site: str | None = None,
    frameworks_dirs: Iterable[PathLike] = (),
    service_name: str | None = None,
) -> tuple[list[WrittenQuestionnaire], list[str]]:
    """Every role's questionnaire in every one of `formats`, as `out_dir`/ROLE.EXT (gp.pdf,
    link_worker.xlsx, ...; an XLSForm as gp.xlsform.xlsx), written together or not at all;
    and the roles the frameworks ask nothing of, which get none."""
    from readiness.collect.questionnaire import build_questionnaire

    kinds = [member(QuestionnaireFormat, fmt, "questionnaire format") for fmt in formats]
    dirs = [Path(d) for d in frameworks_dirs]
    catalogue = load_catalogue(dirs)
    chosen = _asked_once(catalogue, frameworks)
    folder = Path(out_dir)
    written, files, skipped = [], [], []
    for role in ROLES:
        questionnaire = build_questionnaire(chosen, role, site, service_name)
        if not questionnaire.item_count:
            skipped.append(role)
            continue
        for kind in dict.fromkeys(kinds):
            path = folder / f"{role}.{QUESTIONNAIRE_SUFFIXES.get(kind, kind.value)}"
            files.append((path, _QUESTIONNAIRE_FORMATS[kind](questionnaire)))
            written.append(WrittenQuestionnaire(path, role, questionnaire))
    if not files:
        raise ReadinessError("these frameworks ask nothing of any role")
    refuse_assessment_files((path for path, _ in files), respondents=False)
    _refuse_filled(files, catalogue, site, service_name)
    existed = folder.exists()
    make_folder(folder)
    try:
        write_outputs(files, [*dirs, *(f.path for f in chosen)])
    except BaseException:
        if not existed:
            with contextlib.suppress(OSError):
                folder.rmdir()  # a failed command leaves nothing new
        raise
    return written, skipped


@_lists("frameworks", "frameworks_dirs")
def write_checklist(
    assessment: PathLike,
    output: PathLike,
    fmt: str,
    *,
    sample: int | None = None,
    seed: int | None = None,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
) -> Checklist:
    """Write the reviewer's audit checklist for a visit (an Excel workbook, a fillable PDF or
    a YAML review file): every contested fact and essential condition, what the folder's
    review already holds, then the other facts, or with `sample` a sample of that many drawn
    with `seed` (recorded in the file). What an existing review holds is filled in."""
    from readiness.audit.checklist import build_checklist

    chosen = member(ChecklistFormat, fmt, "checklist format")
    _check_target(Path(output), [Path(assessment)], chosen)
    catalogue = load_frameworks(frameworks_dirs)
    result = score_assessment(load_assessment(Path(assessment), catalogue, frameworks))
    if chosen == ChecklistFormat.PDF:
        from readiness.audit.checklist import beyond_a_pdf
        from readiness.audit.wording import pdf_cannot_hold

        held = beyond_a_pdf(result.assessment.review)
        if held:
            raise ReadinessError(pdf_cannot_hold(held))
    checklist = build_checklist(result, sample, seed)
    written = _CHECKLIST_WRITERS[chosen](checklist)
    target = Path(output)
    if target.is_file():
        reviewed = result.assessment.review is not None
        _refuse_filled(
            [(target, written)], catalogue, assessment=Path(assessment), reviewed=reviewed
        )
    write_output(target, written, [Path(assessment)])
    return checklist


def _render_checklist_yaml(checklist: Checklist) -> bytes:
    from readiness.audit.yaml_form import render_yaml

    return render_yaml(checklist)


def _render_checklist_xlsx(checklist: Checklist) -> bytes:
    from readiness.audit.workbook import render_workbook

    return render_workbook(checklist)


def _render_checklist_pdf(checklist: Checklist) -> bytes:
    from readiness.audit.pdf_form import render_pdf

    return render_pdf(checklist)


_CHECKLIST_WRITERS: dict[ChecklistFormat, Callable[[Checklist], bytes]] = {
    ChecklistFormat.YAML: _render_checklist_yaml,
    ChecklistFormat.XLSX: _render_checklist_xlsx,
    ChecklistFormat.PDF: _render_checklist_pdf,
}


def is_checklist(file: PathLike) -> bool:
    """Whether `file` is a filled audit checklist (or a review file) rather than answers."""
    from readiness.audit.importer import is_checklist as check

    return check(Path(file))


def import_checklist(
    file: PathLike,
    into: PathLike,
    *,
    replace: bool = False,
    frameworks_dirs: Iterable[PathLike] = (),
) -> tuple[Path, Review]:
    """Read a filled audit checklist into the assessment folder's review.yaml, checked against
    the assessment; all or nothing (InputError with the file, row or line and what to do).
    An existing review.yaml is replaced only with `replace`."""
    from readiness.audit.importer import import_checklist as read_into

    return read_into(Path(file), Path(into), load_frameworks(frameworks_dirs), replace)


@_lists("files", "frameworks_dirs")
def import_by_site(
    files: Sequence[PathLike],
    column: str,
    into: PathLike,
    *,
    sites_file: PathLike | None = None,
    role: str | None = None,
    mapping: PathLike | None = None,
    frameworks_dirs: Iterable[PathLike] = (),
    include_rejected: bool = False,
) -> BySiteResult:
    """Import survey exports run across many sites: each row goes to the assessment folder
    under `into` of the site its `column` names (by ODS code or name, from the site.yaml files
    there or from `sites_file`). All or nothing, as `import_answers`; a value naming no site
    or several is refused with its rows."""
    from readiness.collect.by_site import import_by_site as split_and_import

    return split_and_import(
        [Path(f) for f in files],
        column,
        Path(into),
        load_frameworks(frameworks_dirs),
        sites_file=Path(sites_file) if sites_file is not None else None,
        role=role,
        mapping=Path(mapping) if mapping is not None else None,
        include_rejected=include_rejected,
    )


@_lists("files", "frameworks_dirs")
def import_answers(
    files: Sequence[PathLike],
    into: PathLike,
    *,
    role: str | None = None,
    respondent: str | None = None,
    site: str | None = None,
    site_kind: str = SiteKind.PRACTICE,
    mapping: PathLike | None = None,
    frameworks_dirs: Iterable[PathLike] = (),
    include_rejected: bool = False,
    site_details: NewSite | None = None,
) -> ImportResult:
    """Import filled questionnaires and survey exports into an assessment folder (created,
    with its site.yaml, when `site` is given). All or nothing: a problem anywhere writes
    nothing. Returns one record per respondent file written (a list); its `skipped` lists the
    survey-export rows an earlier import already holds, which were left out, and its
    `set_aside` the responses with no answer and no comment and the submissions a survey's
    own reviewer rejected (ODK Central's ReviewState, KoboToolbox's _validation_status; kept
    with `include_rejected`), which are never written (when every response is such,
    InputError names them and nothing is written). `site_details` (a NewSite: ODS code,
    service name, PCN, ICB, assessment date, invited counts) go into a site.yaml the import
    creates, checked before anything is read."""
    from readiness.collect.importer import import_files

    return import_files(
        [Path(f) for f in files],
        Path(into),
        load_frameworks(frameworks_dirs),
        role=role,
        respondent=respondent,
        site=site,
        site_kind=member(SiteKind, site_kind, "site kind"),
        mapping=Path(mapping) if mapping is not None else None,
        include_rejected=include_rejected,
        site_details=site_details,
    )
