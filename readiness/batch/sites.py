"""Many sites at once: scoring them for a portfolio, and rendering a report for each.

Both run in worker processes (`batch/pool.py`): the frameworks are loaded once in the parent
and handed to each worker when it starts, one site's failure never stops the others, and each
worker is replaced after a number of reports so the PDF renderer's memory stays flat.
Rendering skips a report that is up to date with every input it was made from (recorded in a
manifest in the output folder) unless forced.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from readiness.assessment.files import refuse_assessment_files
from readiness.assessment.load import load_assessment
from readiness.assessment.model import Assessment
from readiness.assessment.plan import find_plan, plan_path
from readiness.batch.inputs import add_files, add_frameworks, add_review_evidence, folder_files
from readiness.batch.pool import Outcome, run_each
from readiness.batch.score_cache import ScoreCache
from readiness.errors import InputError, OutputError, Problem, ReadinessError
from readiness.framework.catalogue import Catalogue
from readiness.jsonio import load_json
from readiness.output import (
    check_can_write_into,
    check_not_dangling,
    check_output_path,
    folder_lock,
    make_folder,
    write_output,
)
from readiness.paths import real_path
from readiness.report.portfolio.summary import SiteSummary, summarise
from readiness.report.wording import aggregate_warning
from readiness.resources import templates_dir
from readiness.scoring.engine import score_assessment
from readiness.scoring.intervals import one_blas_thread_for_good
from readiness.scoring.model import AssessmentResult
from readiness.version import __version__
from readiness.vocabulary import Aggregate, ReportFormat

MANIFEST = ".readiness-reports.json"
SCORING_CHUNK = 8
# Version 2 records each report's own SHA-256 beside its inputs' fingerprint, so that a report
# changed or damaged since it was written is written again.
MANIFEST_FORMAT = "readiness-reports/2"
# Reports recorded in the manifest at a time while a run goes (and all at its end).
MANIFEST_EVERY = 10
# A manifest holds a name and a fingerprint per report: a few MiB for many thousands.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class SiteOptions:
    """How every site in a run is scored and shown."""

    catalogue: Catalogue
    frameworks: tuple[str, ...] = ()
    aggregate: Aggregate | None = None
    template_dir: Path | None = None
    summary: bool = False
    format: ReportFormat = ReportFormat.PDF
    score_cache: ScoreCache | None = None  # sites' summaries kept between runs (compare)


def score_site(path: Path, options: SiteOptions, brief: bool = False) -> AssessmentResult:
    """Load and score one site with the run's frameworks (`brief`: without what a portfolio
    never shows, see `score_assessment`)."""
    assessment = load_assessment(path, options.catalogue, options.frameworks)
    return score_assessment(assessment, options.aggregate, brief=brief)


def _summary(options: SiteOptions, path: Path) -> tuple[SiteSummary, bool]:
    """A site's summary, and whether it was kept from an earlier run (its files unchanged)."""
    cache = options.score_cache
    if cache is None:
        return summarise(score_site(path, options, brief=True)), False
    fingerprint = cache.fingerprint(path)
    kept = cache.get(path, fingerprint)
    if kept is not None:
        return kept, True
    summary = summarise(score_site(path, options, brief=True))
    cache.put(path, fingerprint, summary)
    return summary, False


@dataclass(frozen=True)
class SiteSummaries:
    """Each site's published scores in brief, in the order given, and how many of them were
    kept from an earlier run rather than scored again."""

    sites: list[SiteSummary]
    kept: int = 0


# A scoring worker's cycle collector runs after this many new objects (Python's default is
# 700): scoring a site makes some hundred thousand small objects and next to no cycles, and
# collecting at the default pace cost 3% of `compare` (benchmarks/bench_compare.py).
_SCORING_GC_THRESHOLD = 50_000


def _scoring_worker() -> None:
    """Set up a worker process that only scores: BLAS on one thread for good, and the cycle
    collector run rarely, never over what the worker was started with."""
    one_blas_thread_for_good()
    gc.freeze()
    gc.set_threshold(_SCORING_GC_THRESHOLD)


def summarise_sites(paths: Sequence[Path], options: SiteOptions, workers: int) -> SiteSummaries:
    """Each site's published scores in brief. Every site's problems are reported at once."""
    # Scoring does not grow with use, so workers are kept, and sites go out in small batches:
    # a site takes milliseconds, and each hand-over costs a round trip.
    outcomes = list(
        run_each(
            _summary,
            options,
            list(paths),
            workers,
            None,
            SCORING_CHUNK,
            hold_freed_memory=True,
            worker_setup=_scoring_worker,
        )
    )
    bugs = [f"{o.job}:\n{o.bug}" for o in outcomes if o.bug]
    if bugs:
        raise RuntimeError("scoring failed inside readiness:\n" + "\n".join(bugs))
    failed = [o for o in outcomes if o.problem]
    if failed:
        # Every site's problems at once, each on its line, counted as one site's would be.
        raise InputError(
            [p for o in failed for p in o.problems or [Problem(o.job, None, "", o.problem or "")]]
        )
    done = [o.value for o in outcomes if o.value is not None]
    return SiteSummaries([summary for summary, _ in done], sum(1 for _, kept in done if kept))


# -- rendering many reports -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportJob:
    """One report to write, and the fingerprint of everything it is made from."""

    assessment: Path
    output: Path
    fingerprint: str


def report_name(assessment: Path, summary: bool, fmt: ReportFormat = ReportFormat.PDF) -> str:
    """A report's file name from its assessment's: the folder's name, or the file's stem
    (NAME.pdf, NAME-summary.pdf, NAME.html, ...)."""
    stem = real_path(assessment).name if assessment.is_dir() else assessment.stem
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "site"
    return f"{safe}-summary.{fmt}" if summary else f"{safe}.{fmt}"


def fingerprints(paths: Sequence[Path], options: SiteOptions) -> dict[Path, str]:
    """For each assessment, a SHA-256 of everything its report is made from: the tool's
    version, the options, its folder's files (review and evidence included) and plan, every
    framework file and action library, and the templates."""
    common = hashlib.sha256()
    common.update(
        json.dumps(
            [
                __version__,
                list(options.frameworks),
                options.aggregate,
                options.summary,
                str(options.template_dir),
                str(options.format),
            ]
        ).encode("utf-8")
    )
    from readiness.render import template_folders  # the renderer loads when needed

    add_frameworks(options.catalogue, common)
    for folder in template_folders(options.template_dir):
        # Each under its path in the folder: a template refers to the others by path.
        common.update(b"\0templates\0")
        add_files(sorted(p for p in folder.rglob("*") if p.is_file()), common, within=folder)
    out = {}
    for path in paths:
        digest = common.copy()
        # Every file in the folder (evidence beside the review included), and the plan.
        files = folder_files(path)
        plan = plan_path(path)
        files += [plan] if plan.exists() and plan not in files else []
        add_files(files, digest, within=path if path.is_dir() else None)
        # The evidence the review checks kept elsewhere (or beside a one-file assessment).
        add_review_evidence(path, digest, already=files)
        out[path] = digest.hexdigest()
    return out


@dataclass(frozen=True)
class Manifest:
    """The fingerprints recorded in a folder's manifest, and why none were read when the
    file is there but cannot be used (too big, damaged, or another format)."""

    reports: dict[str, str]
    note: str | None = None


def read_manifest(folder: Path) -> Manifest:
    """The manifest in `folder`. It is our own cache: when it is missing, too big or damaged,
    every report is written again (always safe) and the note says why."""
    path = folder / MANIFEST
    check_not_dangling(path)  # before any report is written: it could not be updated
    if not path.exists():
        return Manifest({})
    try:
        data = load_json(path, MAX_MANIFEST_BYTES)
    except InputError as exc:
        # What is wrong, without the advice for a file of the user's: this one is rebuilt.
        reason = exc.problems[0].message.split("; ")[0]
        return Manifest({}, _rebuilt(reason, exc.problems[0].line, path))
    if not (
        isinstance(data, dict)
        and data.get("format") == MANIFEST_FORMAT
        and isinstance(data.get("reports"), dict)
    ):
        reason = "is not a manifest this version of readiness reads"
        return Manifest({}, _rebuilt(reason, None, path))
    return Manifest({str(k): str(v) for k, v in data["reports"].items()})


def _rebuilt(reason: str, line: int | None, path: Path) -> str:
    where = f"{path}:{line}" if line is not None else str(path)
    return f"note: {where}: {reason}; every report is written again and the manifest rebuilt"


def write_manifest(folder: Path, done: dict[str, str]) -> None:
    """Record the fingerprints of the reports written (atomically, merging what other runs
    recorded: the manifest is read again under the folder's lock)."""
    with folder_lock(folder):
        reports = {**read_manifest(folder).reports, **done}
        text = json.dumps(
            {"format": MANIFEST_FORMAT, "reports": dict(sorted(reports.items()))}, indent=2
        )
        write_output(folder / MANIFEST, (text + "\n").encode("utf-8"))


def plan_reports(
    paths: Sequence[Path],
    out_dir: Path,
    options: SiteOptions,
    force: bool,
    recorded: Mapping[str, str],
) -> tuple[list[ReportJob], list[ReportJob]]:
    """(reports to write, reports already up to date by the `recorded` fingerprints). Two
    sites may not share a name."""
    names: dict[str, Path] = {}
    for path in paths:
        name = report_name(path, options.summary, options.format)
        if name in names:
            raise ReadinessError(
                f"{names[name]} and {path} would both be written as {out_dir / name}; "
                "give the sites folders or files with different names"
            )
        names[name] = path
    prints = fingerprints(paths, options)
    todo: list[ReportJob] = []
    fresh: list[ReportJob] = []
    for name, path in names.items():
        job = ReportJob(path, out_dir / name, prints[path])
        kept = recorded.get(name)
        current = kept is not None and kept == _record(job.fingerprint, job.output)
        (fresh if current and not force else todo).append(job)
    return todo, fresh


def _record(fingerprint: str, report: Path) -> str:
    """What the manifest keeps of a report: its inputs' fingerprint and its own SHA-256
    ('' for a report that is not there, or cannot be read: it is written again)."""
    digest = hashlib.sha256()
    try:
        with report.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return _manifest_record(fingerprint, digest.hexdigest())


def _manifest_record(fingerprint: str, report_sha256: str) -> str:
    return f"{fingerprint} {report_sha256}"


@dataclass(frozen=True)
class Rendered:
    """What rendering one report gave: what the manifest is to keep of it, and what loading
    and scoring its site warned of."""

    record: str
    warnings: tuple[str, ...] = ()


def _render(options: SiteOptions, job: ReportJob) -> Rendered:
    """Write one report; what the manifest is to keep of it, from the bytes written (another
    run writing the same report meanwhile must not be recorded as this one), and the
    warnings `report -o` would print for the site."""
    # The renderer loads when needed: scoring sites for a portfolio never renders.
    from readiness.report.document import render_report

    result = score_site(job.assessment, options)
    plan = find_plan(result.assessment)
    pdf = options.format == ReportFormat.PDF
    rendered = render_report(result, options.template_dir, plan, options.summary, pdf=pdf)
    data = rendered.data(options.format)
    write_output(job.output, data, _inputs(result.assessment, options))
    warnings = [*result.assessment.warnings, *(plan.warnings if plan else ())]
    combined = aggregate_warning(result)
    return Rendered(
        _manifest_record(job.fingerprint, hashlib.sha256(data).hexdigest()),
        (*(str(w) for w in warnings), *([f"{job.assessment}: {combined}"] if combined else [])),
    )


def _inputs(assessment: Assessment, options: SiteOptions) -> list[Path]:
    frameworks = [f.path for f in assessment.frameworks]
    template = [options.template_dir] if options.template_dir else []
    return [assessment.path, *frameworks, *template, templates_dir()]


def render_reports(
    jobs: Sequence[ReportJob], options: SiteOptions, workers: int
) -> Iterator[Outcome[ReportJob, Rendered]]:
    """Render each report in worker processes, yielding outcomes in order as they finish
    (each written report's manifest record and warnings)."""
    yield from run_each(_render, options, list(jobs), workers)


@dataclass(frozen=True)
class WrittenReports:
    """What `write_reports` did: reports written, skipped as up to date, and failures."""

    written: tuple[Path, ...]
    skipped: tuple[Path, ...]
    failed: tuple[tuple[Path, str], ...]  # (assessment, what went wrong)
    bugs: tuple[tuple[Path, str], ...]  # (assessment, traceback): readiness failed
    notes: tuple[str, ...] = ()  # e.g. why the folder's manifest was rebuilt
    # What each site whose report was written warned of (assessment, warnings), in order.
    site_warnings: tuple[tuple[Path, tuple[str, ...]], ...] = ()


def render_into(
    paths: Sequence[Path],
    folder: Path,
    options: SiteOptions,
    workers: int,
    force: bool = False,
    progress: Callable[[Path], None] | None = None,
    keep: Callable[[Sequence[Path]], None] | None = None,
) -> WrittenReports:
    """One report per site into `folder`, skipping those up to date with every input unless
    `force`; one site's failure never stops the others, and the manifest records each report
    written (merged under the folder's lock). `progress` is called with each site as it
    finishes; `keep` with the reports' paths before any is rendered, to refuse those that
    must not be written over (it raises)."""
    created = _missing_folders(folder)
    make_folder(folder)
    try:
        return _render_into(paths, folder, options, workers, force, progress, keep)
    finally:
        # A run that wrote nothing leaves no folder it made (a refusal, or every site failed).
        for made in created:
            with contextlib.suppress(OSError):
                made.rmdir()  # only ever removes an empty folder


def _own_file(target: Path) -> None:
    """Refuse a report or manifest in a report folder that is not a file of readiness's own:
    a link (written through, it would change what it names: another site's report, or a
    file of the user's elsewhere), a pipe (writing the manifest would wait for a reader for
    ever) or a device. A folder or nothing is left to the other checks."""
    if os.path.islink(target):
        raise OutputError(
            f"cannot write {target}: it is a link to {os.readlink(target)}, and a report "
            "folder holds only readiness's own files; remove the link, then run the command "
            "again"
        )
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise OutputError(
            f"cannot write {target}: it is a pipe, a device or a socket, not a file; remove "
            "it, then run the command again"
        )


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist yet, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _render_into(
    paths: Sequence[Path],
    folder: Path,
    options: SiteOptions,
    workers: int,
    force: bool,
    progress: Callable[[Path], None] | None,
    keep: Callable[[Sequence[Path]], None] | None,
) -> WrittenReports:
    targets = [folder / report_name(path, options.summary, options.format) for path in paths]
    for path, target in zip(paths, targets, strict=True):
        check_output_path(target, [path])
    refuse_assessment_files(targets)
    for target in targets:
        _own_file(target)
    # Before any report is rendered: a run that could not record them, or write them, would
    # find out only after all the rendering, and the next run would do it all again.
    _own_file(folder / MANIFEST)
    check_output_path(folder / MANIFEST)
    check_can_write_into(folder)
    manifest = read_manifest(folder)
    todo, fresh = plan_reports(paths, folder, options, force, manifest.reports)
    if keep is not None:  # a report up to date is the one recorded, never a form put there
        keep([job.output for job in todo])
    written, failed, bugs = [], [], []
    warned: list[tuple[Path, tuple[str, ...]]] = []
    stale: list[Path] = []  # earlier reports of sites that failed this time
    done: dict[str, str] = {}
    try:
        for outcome in render_reports(todo, options, workers):
            job = outcome.job
            if outcome.value is not None:
                written.append(job.output)
                done[job.output.name] = outcome.value.record
                if outcome.value.warnings:
                    warned.append((job.assessment, outcome.value.warnings))
                if len(done) % MANIFEST_EVERY == 0:
                    # Recorded as the run goes: a run that is killed keeps what it rendered.
                    write_manifest(folder, done)
            elif outcome.bug:
                bugs.append((job.assessment, outcome.bug))
            else:
                failed.append((job.assessment, outcome.problem or ""))
            if outcome.value is None and job.output.exists():
                stale.append(job.output)
            if progress is not None:
                progress(job.assessment)
    finally:
        if done:
            write_manifest(folder, done)
    for job in fresh:
        if progress is not None:
            progress(job.assessment)
    notes = [manifest.note] if manifest.note else []
    # Left as it was (a failed run changes nothing), but said: it is not the site as it is now.
    notes += [
        f"note: {report} is from an earlier run and no longer matches its site's files, which "
        "could not be reported on this time; it was left as it was"
        for report in stale
    ]
    return WrittenReports(
        tuple(written),
        tuple(j.output for j in fresh),
        tuple(failed),
        tuple(bugs),
        tuple(notes),
        tuple(warned),
    )
