"""The `readiness` command line: parse options, call the library, map our errors to exit codes.

Exit codes: 0 success; 1 a problem with the input (the message says what to fix); 2 a usage
error; 3 a bug in readiness (a traceback is written to a log file for the bug report).
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import stat
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from readiness.errors import InputError, Problem, ReadinessError, Severity, describe_os_error
from readiness.numerals import MAX_EXACT_WHOLE
from readiness.version import __version__
from readiness.vocabulary import (
    ROLES,
    Aggregate,
    ChecklistFormat,
    CompareFormat,
    GroupBy,
    QuestionnaireFormat,
    ReportFormat,
    RoundFormat,
    ScoreFormat,
    SiteKind,
    choices,
    role_label,
)

if TYPE_CHECKING:
    from readiness.batch.sites import WrittenReports
    from readiness.collect.importer import Imported

EXIT_INPUT = 1
EXIT_BUG = 3


class FilePath(click.Path):
    """A file or folder named on the command line: never empty text, which the system reads
    as the current folder (so `--into ""` would write an assessment there)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("is empty: give the name of a file or folder", param, ctx)
        if isinstance(value, str | os.PathLike):
            self._check_kind(value, param)
        return super().convert(value, param, ctx)

    def _check_kind(self, value: str | os.PathLike[str], param: click.Parameter | None) -> None:
        """A path that is missing or of the wrong kind is the user's input to fix (exit 1, as
        `-o` naming a folder is), not a misuse of the command (exit 2)."""
        try:
            is_folder = stat.S_ISDIR(os.stat(value).st_mode)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _path_refused(value, describe_os_error(exc)) from None
            if self.exists:
                raise _path_refused(value, "not found: check the name") from None
            return
        if is_folder and not self.dir_okay:
            raise _path_refused(value, "is a folder, not a file", _taking(param, "a file"))
        if not is_folder and not self.file_okay:
            raise _path_refused(value, "is a file, not a folder", _taking(param, "a folder"))


def _taking(param: click.Parameter | None, wants: str) -> str:
    """What to give instead: "--out-dir takes a folder", or for an argument "give a folder"."""
    option = param.opts[0] if param is not None and param.opts[0].startswith("-") else None
    return f"{option} takes {wants}" if option else f"give {wants}"


def _path_refused(value: str | os.PathLike[str], problem: str, fix: str = "") -> InputError:
    message = f"{problem}: {fix}" if fix else problem
    return InputError([Problem(Path(value), None, "", message)])


IMPORTED_SHOWN = 50  # respondent files listed one by one; more are counted
SITE_WARNINGS_SHOWN = 50  # sites' warnings printed one by one in a batch run; more are counted
SKIPPED_SHOWN = 10  # skipped rows listed one by one; more are counted
PROBLEMS_SHOWN = 200  # problems listed one by one; more are counted

FRAMEWORKS_DIR_OPTION = click.option(
    "--frameworks-dir",
    "frameworks_dirs",
    multiple=True,
    type=FilePath(file_okay=False, path_type=Path),
    help="A folder of extra or adapted framework files (repeatable); a framework here "
    "replaces a bundled one with the same id and version (another version is added beside it).",
)


class _WorkflowOrder(click.Group):
    """Lists commands in the order a consultant uses them, not alphabetically."""

    ORDER = (
        "questionnaire",
        "import",
        "status",
        "score",
        "report",
        "review",
        "plan",
        "compare",
        "frameworks",
    )

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: self.ORDER.index(n) if n in self.ORDER else 99)


AGGREGATE_OPTION = click.option(
    "--aggregate",
    type=click.Choice(choices(Aggregate)),
    help="How answers are combined into site scores: roles (each role group is one voice) or "
    "respondents (each person counts the same). Default: each framework's own setting "
    "(roles for the bundled ones).",
)

JOBS_OPTION = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per core).",
)

FRAMEWORK_OPTION = click.option(
    "--framework",
    "-f",
    "frameworks",
    multiple=True,
    metavar="ID",
    help="Use only this framework (repeatable); pin a version as npt@1.0.0. Default: the "
    "site's list, or every framework answered, at the version respondents answered.",
)


@click.group(
    cls=_WorkflowOrder,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="readiness")
def cli() -> None:
    """How ready is a social prescribing site to implement and sustain the service?

    Score a site's questionnaire answers against evidence-based frameworks and
    write a PDF action report.
    """
    # The PDF library logs what it repairs in a damaged file ("EOF marker not found") to the
    # terminal; our own message says what is wrong with the file and what to do.
    logging.getLogger("pypdf").setLevel(logging.ERROR)


@cli.group(short_help="List, show and validate frameworks, and print their schema.")
def frameworks() -> None:
    """List, show and validate frameworks, and print their schema."""


@frameworks.command("list")
@FRAMEWORKS_DIR_OPTION
def frameworks_list(frameworks_dirs: tuple[Path, ...]) -> None:
    """List the available frameworks."""
    from readiness import api

    click.echo(api.list_frameworks(frameworks_dirs), nl=False)


@frameworks.command("show")
@click.argument("framework")
@FRAMEWORKS_DIR_OPTION
def frameworks_show(framework: str, frameworks_dirs: tuple[Path, ...]) -> None:
    """Outline a framework (by id, id@version, or a file): domains, items, scales, roles,
    actions, changes from the previous version and citations."""
    from readiness import api

    click.echo(api.show_framework(framework, frameworks_dirs=frameworks_dirs), nl=False)


@frameworks.command("validate")
@click.argument("files", nargs=-1, required=True, type=FilePath(path_type=Path))
def frameworks_validate(files: tuple[Path, ...]) -> None:
    """Check framework files and report every problem as FILE:LINE: path: message."""
    from readiness import api

    checked = api.validate_frameworks(files)
    click.echo(api.validation_report(checked), nl=False)
    if not all(file.valid for file in checked):
        raise click.exceptions.Exit(EXIT_INPUT)


@frameworks.command("schema")
@click.option(
    "--actions", "library", is_flag=True, help="The schema of the action library instead."
)
def frameworks_schema(library: bool) -> None:
    """Print the JSON Schema of the framework format (for editors such as VS Code)."""
    from readiness import api

    click.echo(api.framework_schema(library))


@cli.command("status", short_help="Where a round of questionnaires stands (no scoring).")
@click.argument("assessment", type=FilePath(path_type=Path))
@FRAMEWORK_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(RoundFormat)),
    default=RoundFormat.TEXT.value,
    show_default=True,
    help="text to read, json for scripts.",
)
@FRAMEWORKS_DIR_OPTION
def status_command(
    assessment: Path, frameworks: tuple[str, ...], fmt: str, frameworks_dirs: tuple[Path, ...]
) -> None:
    """Show where the round for ASSESSMENT stands before scoring it: who has answered by role
    (of those invited), which roles are still fewer than the smallest group a view is shown
    for, which roles nobody has answered as, which opinions would be withheld if scored now
    and how many more answers from which roles would publish them, and when the last answers
    arrived. Fast: nothing is scored."""
    from readiness import api

    status = api.round_status(assessment, frameworks=frameworks, frameworks_dirs=frameworks_dirs)
    _warn(status.assessment.warnings)
    click.echo(api.format_round(status, fmt), nl=False)


@cli.command("score", short_help="Score an assessment (table, JSON or CSV).")
@click.argument("assessment", type=FilePath(path_type=Path))
@FRAMEWORK_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(ScoreFormat)),
    help="table for reading, json for scripts, csv for spreadsheets. Default: table, or with "
    "-o the one its extension names (.json, .csv).",
)
@click.option("--items", "with_items", is_flag=True, help="csv: add one row per item.")
@AGGREGATE_OPTION
@click.option(
    "--output",
    "-o",
    type=FilePath(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of the terminal.",
)
@FRAMEWORKS_DIR_OPTION
def score_command(
    assessment: Path,
    frameworks: tuple[str, ...],
    fmt: str | None,
    with_items: bool,
    aggregate: str | None,
    output: Path | None,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Score ASSESSMENT (a YAML file, or a folder with site.yaml and respondents/)."""
    from readiness import api

    fmt = api.score_format(fmt, output)

    result = api.score(
        assessment, frameworks=frameworks, frameworks_dirs=frameworks_dirs, aggregate=aggregate
    )
    _warn((*result.assessment.warnings, *filter(None, [api.aggregate_warning(result)])))
    if output is None:
        click.echo(api.format_scores(result, fmt, with_items=with_items), nl=False)
    else:
        api.write_scores(
            result, output, fmt, with_items=with_items, frameworks_dirs=frameworks_dirs
        )
        click.echo(f"Wrote {output}", err=True)


@cli.command("report", short_help="Write the action report: a PDF or a web page.")
@click.argument("assessments", nargs=-1, required=True, type=FilePath(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=FilePath(dir_okay=False, path_type=Path),
    help="The report to write for one assessment (written only when everything succeeds).",
)
@click.option(
    "--out-dir",
    type=FilePath(file_okay=False, path_type=Path),
    help="Write one report per assessment into this folder (NAME.pdf or NAME.html), in parallel.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(ReportFormat)),
    help="pdf: to print and file (the default); html: the same report as one accessible web "
    "page. With -o, the default follows the file's extension (.html or .htm: html; .pdf "
    "or none: pdf; any other is refused).",
)
@click.option(
    "--summary",
    is_flag=True,
    help="The short report for commissioners: summary, heat strip, actions, trust (at most 4"
    " pages).",
)
@click.option(
    "--baseline",
    type=FilePath(path_type=Path),
    help="With -o: an earlier assessment of the same site; adds progress since then.",
)
@FRAMEWORK_OPTION
@click.option(
    "--html",
    "html_output",
    type=FilePath(dir_okay=False, path_type=Path),
    help="With -o: also write the report as HTML beside the PDF (kept for scripts; "
    "--format html is the way to ask for HTML).",
)
@click.option(
    "--template-dir",
    type=FilePath(file_okay=False, path_type=Path),
    help="A folder whose templates and assets override the bundled ones.",
)
@AGGREGATE_OPTION
@JOBS_OPTION
@click.option(
    "--force",
    is_flag=True,
    help="With --out-dir: render every report, even those up to date with their inputs.",
)
@FRAMEWORKS_DIR_OPTION
def report_command(
    assessments: tuple[Path, ...],
    output: Path | None,
    out_dir: Path | None,
    summary: bool,
    baseline: Path | None,
    fmt: str | None,
    frameworks: tuple[str, ...],
    html_output: Path | None,
    template_dir: Path | None,
    aggregate: str | None,
    jobs: int | None,
    force: bool,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Write the action report for ASSESSMENTS (YAML files or site folders): one with
    -o FILE, or one per site with --out-dir DIR, as a PDF or (--format html) an accessible
    web page made from the same templates."""
    from readiness import api

    if (output is None) == (out_dir is None):
        raise click.UsageError("give either -o FILE (one assessment) or --out-dir DIR")
    if output is not None:
        if len(assessments) != 1:
            raise click.UsageError("-o writes one report; use --out-dir DIR for several")
        if force:
            raise click.UsageError("--force goes with --out-dir")
        written = api.write_report(
            assessments[0],
            output,
            frameworks=frameworks,
            frameworks_dirs=frameworks_dirs,
            template_dir=template_dir,
            html_output=html_output,
            aggregate=aggregate,
            summary=summary,
            baseline=baseline,
            fmt=fmt,
        )
        _warn((*written.warnings, *filter(None, [api.aggregate_warning(written.result)])))
        click.echo(f"Wrote {output}" + (f" and {html_output}" if html_output else ""), err=True)
        return
    assert out_dir is not None
    if html_output is not None:
        raise click.UsageError("--html goes with -o")
    if baseline is not None:
        raise click.UsageError("--baseline goes with -o: each site has its own baseline")
    options = {
        "frameworks": frameworks,
        "frameworks_dirs": frameworks_dirs,
        "template_dir": template_dir,
        "aggregate": aggregate,
        "summary": summary,
        "jobs": jobs,
        "force": force,
        "fmt": fmt or "pdf",
    }
    _write_many(assessments, out_dir, options)


def _write_many(assessments: tuple[Path, ...], out_dir: Path, options: dict[str, Any]) -> None:
    """Render many reports, with a progress bar on a terminal; failures listed at the end.
    `options` are `api.write_reports`'s keyword arguments."""
    from readiness import api

    def render(progress: Callable[[Path], None] | None) -> WrittenReports:
        return api.write_reports(assessments, out_dir, progress=progress, **options)

    if sys.stderr.isatty():
        with click.progressbar(
            length=len(assessments), label="Rendering reports", file=sys.stderr
        ) as bar:
            done = render(lambda _: bar.update(1))
    else:  # quiet in scripts and logs
        done = render(None)
    for note in done.notes:
        click.echo(note, err=True)
    _site_warnings([(str(site), warnings) for site, warnings in done.site_warnings])
    skipped = f", skipped {len(done.skipped)} up to date" if done.skipped else ""
    click.echo(f"Wrote {_count(len(done.written), 'report')} to {out_dir}{skipped}.", err=True)
    for assessment, problem in done.failed:
        click.echo(f"{assessment}: failed:\n  " + problem.replace("\n", "\n  "), err=True)
    if done.bugs:
        details = "\n\n".join(f"{a}:\n{trace}" for a, trace in done.bugs)
        where = _crash_log(None, details)
        sites = _count(len(done.bugs), "site")
        click.echo(f"readiness {__version__} hit an internal error on {sites}. {where}", err=True)
        raise click.exceptions.Exit(EXIT_BUG)
    if done.failed:
        click.echo(f"{len(done.failed)} of {len(assessments)} reports failed.", err=True)
        raise click.exceptions.Exit(EXIT_INPUT)


@cli.command("plan", short_help="Write the site's plan (plan.yaml) to adopt and track actions.")
@click.argument("assessment", type=FilePath(path_type=Path))
@FRAMEWORK_OPTION
@FRAMEWORKS_DIR_OPTION
def plan_command(
    assessment: Path, frameworks: tuple[str, ...], frameworks_dirs: tuple[Path, ...]
) -> None:
    """Write plan.yaml for ASSESSMENT (in its folder, or NAME.plan.yaml beside a one-file
    assessment) listing the actions it raises, for the site to mark which it adopts, with an
    owner, a due date and a status. An existing plan is never rewritten: newly raised actions
    are added at its end."""
    from readiness import api

    update = api.write_plan(assessment, frameworks=frameworks, frameworks_dirs=frameworks_dirs)
    _warn(update.warnings)
    count = len(update.added)
    actions = f"{count} action{'s' if count != 1 else ''}"
    if update.created:
        message = (
            f"Wrote {update.path} with {actions}. Mark those the site adopts with "
            "adopted: true, an owner, a due date and a status."
        )
    elif update.added:
        message = (
            f"Added {actions} newly raised to {update.path}; the {update.kept} already there "
            "were left as they were."
        )
    elif not update.held_back:
        message = f"{update.path} already lists every action this assessment raises."
    else:
        message = f"{update.path} was left as it was."
    click.echo(message, err=True)
    for raised, adopted in update.held_back:
        click.echo(
            f"Not added: {raised!r}, which the adopted {adopted!r} seems to name misspelt: "
            "correct that id; if it is another action, close it (status: done, or dropped with "
            "a reason) and run plan again.",
            err=True,
        )


@cli.command("compare", short_help="Compare many sites: heat tables, weak domains, common actions.")
@click.argument("assessments", nargs=-1, required=True, type=FilePath(path_type=Path))
@click.option(
    "--output",
    "-o",
    required=True,
    type=FilePath(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(CompareFormat)),
    help="pdf: heat tables to read; csv, xlsx or json: one row per site, framework and domain "
    "for dashboards. Default: from the output's extension.",
)
@click.option(
    "--group-by",
    type=click.Choice(choices(GroupBy)),
    help="Group sites by their PCN or ICB (ODS codes in site.yaml) or kind of site.",
)
@click.option(
    "--title",
    help="The portfolio's title, e.g. the area's name (PDF and HTML; default: Social "
    "prescribing readiness across sites).",
)
@click.option(
    "--rank",
    is_flag=True,
    help="Order sites by framework score instead of alphabetically (the output says what a "
    "ranking can and cannot tell).",
)
@FRAMEWORK_OPTION
@AGGREGATE_OPTION
@JOBS_OPTION
@FRAMEWORKS_DIR_OPTION
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Keep each site's scores in the user's cache folder, so that a site whose files have "
    "not changed is not scored again (the cache holds no answer or comment).",
)
def compare_command(
    assessments: tuple[Path, ...],
    output: Path,
    fmt: str | None,
    group_by: str | None,
    title: str | None,
    rank: bool,
    frameworks: tuple[str, ...],
    aggregate: str | None,
    jobs: int | None,
    frameworks_dirs: tuple[Path, ...],
    cache: bool,
) -> None:
    """Compare ASSESSMENTS (site folders or files) across sites."""
    from readiness import api

    written = api.compare(
        assessments,
        output,
        fmt=fmt,
        group_by=group_by,
        rank=rank,
        frameworks=frameworks,
        frameworks_dirs=frameworks_dirs,
        aggregate=aggregate,
        jobs=jobs,
        title=title,
        cache=cache,
    )
    flagged = f"; {written.flagged} flagged as having few respondents" if written.flagged else ""
    kept = (
        f"; {written.kept} unchanged since last compared, not scored again" if written.kept else ""
    )
    _site_warnings(written.site_warnings)
    _warn(written.warnings)
    click.echo(f"Wrote {written.output} ({_count(written.sites, 'site')}{flagged}{kept})", err=True)
    if (group_by or rank) and written.format not in (CompareFormat.PDF, CompareFormat.HTML):
        click.echo(
            "Note: --group-by and --rank arrange the PDF and the HTML page. Rows in CSV, XLSX "
            "and JSON carry pcn, icb, kind and every score, to sort and group in your own tools.",
            err=True,
        )


@cli.command("questionnaire", short_help="Write a questionnaire: PDF, workbook, YAML or web form.")
@click.argument("frameworks", nargs=-1, required=True, metavar="FRAMEWORK...")
@click.option(
    "--role",
    help="Only the items for this role (default: every item, marked with the roles it is for).",
)
@click.option("--site", help="The site's name, printed in the introduction.")
@click.option(
    "--service-name",
    help="What people locally call the service (e.g. Community Connectors), used wherever "
    "clients read about it. Default: the social prescribing service.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(choices(QuestionnaireFormat)),
    required=True,
    multiple=True,
    help="pdf: a fillable PDF form; xlsx: an Excel workbook; yaml: a respondent file; txt: "
    "the questions to paste into Microsoft Forms or Google Forms; xlsform: a web form for "
    "KoboToolbox, ODK Central or Enketo. With --all-roles, repeat it for several formats.",
)
@click.option(
    "--output",
    "-o",
    type=FilePath(dir_okay=False, path_type=Path),
    help="The file to write (one role, one format).",
)
@click.option(
    "--all-roles",
    is_flag=True,
    help="Write every role's questionnaire (ROLE.pdf, ROLE.xlsx, ROLE.xlsform.xlsx, ...) into "
    "--out-dir; roles the frameworks ask nothing of get none.",
)
@click.option(
    "--out-dir",
    type=FilePath(file_okay=False, path_type=Path),
    help="With --all-roles: the folder to write them into.",
)
@FRAMEWORKS_DIR_OPTION
def questionnaire_command(
    frameworks: tuple[str, ...],
    role: str | None,
    site: str | None,
    service_name: str | None,
    formats: tuple[str, ...],
    output: Path | None,
    all_roles: bool,
    out_dir: Path | None,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Write a questionnaire for respondents to fill in (no install needed on their side).

    FRAMEWORK is an id (the newest version) or an id pinned to a version, such as npt@1.0.0.
    """
    from readiness import api

    if all_roles:
        if out_dir is None or output is not None or role is not None:
            raise click.UsageError("--all-roles writes into --out-dir DIR (not -o, not --role)")
        written, skipped = api.write_questionnaires(
            frameworks,
            out_dir,
            formats,
            site=site,
            frameworks_dirs=frameworks_dirs,
            service_name=service_name,
        )
        roles = {w.role: w.questionnaire for w in written}
        for each_role, questionnaire in roles.items():
            click.echo(
                f"{role_label(each_role)}: {questionnaire.item_count} questions, about "
                f"{questionnaire.minutes} minutes",
                err=True,
            )
        if skipped:
            names = ", ".join(role_label(r) for r in skipped)
            click.echo(
                f"No questionnaire for {names}: these frameworks ask them nothing.", err=True
            )
        click.echo(f"Wrote {_count(len(written), 'questionnaire')} to {out_dir}", err=True)
        return
    if output is None or out_dir is not None:
        raise click.UsageError("give -o FILE (or --all-roles --out-dir DIR)")
    if len(formats) > 1:
        raise click.UsageError("-o writes one format; repeat --format only with --all-roles")
    fmt = formats[0]
    questionnaire = api.write_questionnaire(
        frameworks,
        output,
        fmt,
        role=role,
        site=site,
        frameworks_dirs=frameworks_dirs,
        service_name=service_name,
    )
    click.echo(
        f"Wrote {output} ({questionnaire.item_count} questions, about "
        f"{questionnaire.minutes} minutes)",
        err=True,
    )


def _import_checklist(
    files: tuple[Path, ...], into: Path, replace: bool, frameworks_dirs: tuple[Path, ...]
) -> None:
    from readiness import api
    from readiness.audit.wording import checklist_alone

    if len(files) > 1:
        raise ReadinessError(checklist_alone(len(files)))
    target, review = api.import_checklist(
        files[0], into, replace=replace, frameworks_dirs=frameworks_dirs
    )
    _warn(review.warnings)
    verified = sum(1 for check in review.checks.values() if check.verified is not None)
    click.echo(
        f"Wrote {target}: {_count(len(review.checks), 'item')} checked, "
        f"{_count(verified, 'verified answer')}",
        err=True,
    )


@cli.command("review", short_help="Write the reviewer's audit checklist for a visit.")
@click.argument("assessment", type=FilePath(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(ChecklistFormat)),
    default=None,
    help="xlsx: an Excel workbook; pdf: a fillable PDF form; yaml: a review file to fill in "
    "(default: from the output's suffix).",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=FilePath(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=0, max=MAX_EXACT_WHOLE),
    help="List this many of the other facts, drawn at random (contested facts, essential "
    "conditions and what the review holds are always listed); default: every fact.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0, max=MAX_EXACT_WHOLE),
    help="With --sample: the seed that draws it, recorded in the checklist (default: one "
    "fixed by the site's name and assessment date).",
)
@FRAMEWORKS_DIR_OPTION
def review_command(
    assessment: Path,
    fmt: str | None,
    output: Path,
    sample: int | None,
    seed: int | None,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Write the audit checklist for a visit to ASSESSMENT (a folder or a one-file assessment).

    Fill it in on the visit, then bring it back with `readiness import FILE --into FOLDER`:
    it becomes the folder's review.yaml.
    """
    from readiness import api

    if seed is not None and sample is None:
        raise click.UsageError("--seed draws a sample: give --sample N too")
    suffix = output.suffix.lower().lstrip(".")
    chosen = fmt or {"yml": "yaml"}.get(suffix, suffix)
    checklist = api.write_checklist(
        assessment, output, chosen, sample=sample, seed=seed, frameworks_dirs=frameworks_dirs
    )
    sampled = f"; sample drawn with seed {checklist.seed}" if checklist.seed is not None else ""
    click.echo(
        f"Wrote {output} ({_count(len(checklist.rows), 'item')} to check{sampled})", err=True
    )
    if assessment.is_file():
        from readiness.audit.wording import checklist_for_one_file

        click.echo(checklist_for_one_file(assessment), err=True)
    kept = checklist.assessment.review
    if checklist.seed is None and kept is not None and kept.sample_seed is not None:
        from readiness.audit.wording import sample_not_kept

        click.echo(sample_not_kept(kept.sample_size, kept.sample_seed), err=True)


@cli.command(
    "import", short_help="Import filled questionnaires, survey exports or an audit checklist."
)
@click.argument("files", nargs=-1, required=True, type=FilePath(path_type=Path))
@click.option(
    "--into",
    required=True,
    type=FilePath(file_okay=False, path_type=Path),
    help="The assessment folder (created with --site when missing).",
)
@click.option("--role", help="The respondents' role, when the files do not say.")
@click.option("--respondent", help="The pseudonym for a single respondent.")
@click.option("--site", help="The site's name, to create the assessment folder.")
@click.option(
    "--site-kind",
    type=click.Choice(choices(SiteKind)),
    default=SiteKind.PRACTICE.value,
    show_default=True,
    help="With --site: the kind of site.",
)
@click.option("--ods-code", help="With --site: the site's ODS code, for site.yaml.")
@click.option(
    "--service-name",
    help="With --site: what people locally call the service (site.yaml's service_name).",
)
@click.option("--pcn", help="With --site: the ODS code of the site's PCN.")
@click.option("--icb", help="With --site: the ODS code of the site's ICB.")
@click.option(
    "--assessed-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="With --site: the assessment date, YYYY-MM-DD (default: today).",
)
@click.option(
    "--invited",
    multiple=True,
    metavar="ROLE=N",
    help="With --site: how many of a role were invited (repeat for each role), for response rates.",
)
@click.option(
    "--mapping",
    type=FilePath(dir_okay=False, path_type=Path),
    help="A YAML file mapping survey columns (and answers) that are not matched automatically.",
)
@click.option(
    "--by-site",
    "by_site",
    metavar="COLUMN",
    help="Split a survey export run across many sites: COLUMN is the question naming each "
    "person's site (by ODS code or name); each row goes into that site's folder under --into.",
)
@click.option(
    "--sites",
    "sites_file",
    type=FilePath(dir_okay=False, path_type=Path),
    help="With --by-site: a list of the sites (YAML or CSV: folder, name, ods_code, kind, "
    "also), instead of the site.yaml files under --into; missing folders are created.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="With a filled audit checklist: replace the folder's review.yaml.",
)
@click.option(
    "--include-rejected",
    is_flag=True,
    help="Also import submissions the survey's own reviewer rejected (ODK Central's "
    "ReviewState, KoboToolbox's _validation_status); by default they are left out and listed.",
)
@FRAMEWORKS_DIR_OPTION
def import_command(
    files: tuple[Path, ...],
    into: Path,
    role: str | None,
    respondent: str | None,
    site: str | None,
    site_kind: str,
    ods_code: str | None,
    service_name: str | None,
    pcn: str | None,
    icb: str | None,
    assessed_on: datetime | None,
    invited: tuple[str, ...],
    mapping: Path | None,
    by_site: str | None,
    sites_file: Path | None,
    replace: bool,
    include_rejected: bool,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Import filled questionnaires (PDF, XLSX, YAML) or survey exports (CSV, XLSX), or a
    filled audit checklist (`readiness review`), which becomes the folder's review.yaml."""
    from readiness import api

    if any(api.is_checklist(f) for f in files):
        _import_checklist(files, into, replace, frameworks_dirs)
        return
    if replace:
        absent = [Path(f) for f in files if not Path(f).exists()]
        if absent:  # a checklist's name mistyped: say that, not what --replace is for
            from readiness.yamlio import file_not_found

            raise InputError([file_not_found(f) for f in absent])
        raise click.UsageError(
            "--replace goes with a filled audit checklist, which replaces the folder's "
            "review.yaml; answers are added beside the others, never over them: to correct a "
            "respondent's answers, delete their file in respondents/ and import the form again"
        )

    from readiness.collect.respondent_file import NewSite

    gave_details = any((ods_code, service_name, pcn, icb, assessed_on, invited))
    if sites_file is not None and by_site is None:
        raise click.UsageError("--sites goes with --by-site")
    if by_site is not None:
        if site is not None or gave_details or respondent is not None:
            raise click.UsageError(
                "--by-site takes each site from its folder under --into (or from --sites), so "
                "--site, its details and --respondent do not apply"
            )
        _import_by_site(
            files, by_site, into, sites_file, role, mapping, include_rejected, frameworks_dirs
        )
        return
    if site is None and gave_details:
        raise click.UsageError(
            "--ods-code, --service-name, --pcn, --icb, --assessed-on and --invited go with --site"
        )
    new_site = None
    if site is not None:
        new_site = NewSite(
            site,
            site_kind,
            ods_code=ods_code,
            service_name=service_name,
            pcn=pcn,
            icb=icb,
            assessed_on=assessed_on.date() if assessed_on else None,
            invited=_invited(invited),
        )
    records = api.import_answers(
        files,
        into,
        role=role,
        respondent=respondent,
        site=site,
        site_kind=site_kind,
        mapping=mapping,
        frameworks_dirs=frameworks_dirs,
        include_rejected=include_rejected,
        site_details=new_site,
    )
    from readiness.collect.wording import pseudonym_taken, read_as
    from readiness.schema import IDENTIFIER_RULE, is_identifier

    for export in records.exports:
        click.echo(read_as(export.kind, str(export.source), export.submissions), err=True)
    for record in records[:IMPORTED_SHOWN]:
        row = f" row {record.row}" if record.row else ""
        click.echo(
            f"{record.path}: {record.respondent_id} ({record.role}), "
            f"{_count(record.answers, 'answer')} from {record.source.name}{row}",
            err=True,
        )
        if record.renamed_from is not None:
            why = (
                pseudonym_taken(record.renamed_from, record.respondent_id, record.path)
                if is_identifier(record.renamed_from)
                else f"{record.renamed_from!r} cannot be a pseudonym ({IDENTIFIER_RULE}), so "
                f"this respondent is {record.respondent_id}"
            )
            click.echo(f"  {why}", err=True)
        for note in (*record.notes, *record.warnings, *record.other_text):
            click.echo(f"  {note}", err=True)
    if len(records) > IMPORTED_SHOWN:
        click.echo(f"... and {len(records) - IMPORTED_SHOWN:,} more respondent files", err=True)
    for line in _unlisted_import_notes(records[IMPORTED_SHOWN:]):
        click.echo(line, err=True)
    skipped = records.skipped
    # Every edited submission is named, however many rows were skipped: its edit is not taken.
    shown = [e for e in skipped if e.edited] + [e for e in skipped if not e.edited]
    limit = max(SKIPPED_SHOWN, sum(1 for e in skipped if e.edited))
    for entry in shown[:limit]:
        click.echo(entry.describe(), err=True)
    if len(skipped) > limit:
        click.echo(f"... and {len(skipped) - limit:,} more rows skipped", err=True)
    aside = records.set_aside
    for blank in aside[:SKIPPED_SHOWN]:
        click.echo(f"not imported: {blank.describe()}", err=True)
        for note in blank.notes:
            click.echo(f"  {note}", err=True)
    if len(aside) > SKIPPED_SHOWN:
        click.echo(f"... and {len(aside) - SKIPPED_SHOWN:,} more not imported", err=True)
    if new_site is not None and records.site_written:
        missing = new_site.missing()
        if missing:
            click.echo(
                f"Wrote {into / 'site.yaml'}; it does not yet say " + "; ".join(missing) + ".",
                err=True,
            )
    else:
        if records.site_note:
            click.echo(records.site_note, err=True)
        if gave_details and (into / "site.yaml").is_file():
            click.echo(
                f"note: {into / 'site.yaml'} was already there, so the options for it were "
                "not used; edit the file to change it.",
                err=True,
            )
    summary = f"Imported {_count(len(records), 'respondent')} into {into}"
    if skipped:
        summary += f"; skipped {_count(len(skipped), 'row')} already imported"
    if aside:
        summary += f"; {len(aside):,} not imported (listed above)"
    click.echo(summary, err=True)


def _unlisted_import_notes(records: Sequence[Imported], more: bool = True) -> list[str]:
    """What respondent files not listed one by one hold that the user must hear of, counted:
    pseudonyms already taken, answers the role is not asked, answers carried from an older
    framework version (`more`: after some listed one by one)."""
    from readiness.collect.wording import (
        UNLISTED_CARRIED,
        UNLISTED_OTHER_TEXT,
        UNLISTED_RENAMED,
        UNLISTED_UNASKED,
    )

    people = "more respondent" if more else "respondent"
    counted = (
        (sum(1 for r in records if r.renamed_from is not None), UNLISTED_RENAMED),
        (sum(1 for r in records if r.warnings), UNLISTED_UNASKED),
        (sum(1 for r in records if r.other_text), UNLISTED_OTHER_TEXT),
        (sum(1 for r in records if r.notes), UNLISTED_CARRIED),
    )
    return [said.format(who=_count(n, people)) for n, said in counted if n]


def _import_by_site(
    files: tuple[Path, ...],
    column: str,
    into: Path,
    sites_file: Path | None,
    role: str | None,
    mapping: Path | None,
    include_rejected: bool,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    from readiness import api

    done = api.import_by_site(
        files,
        column,
        into,
        sites_file=sites_file,
        role=role,
        mapping=mapping,
        include_rejected=include_rejected,
        frameworks_dirs=frameworks_dirs,
    )
    click.echo(f"Split by {done.column!r}:", err=True)
    written = skipped = aside = 0
    for entry in done.sites:
        result = entry.result
        written += len(result)
        skipped += len(result.skipped)
        aside += len(result.set_aside)
        line = f"{entry.site.folder}: {_count(len(result), 'respondent')} imported"
        if result.skipped:
            line += f", {_count(len(result.skipped), 'row')} already imported"
        if result.set_aside:
            line += f", {len(result.set_aside):,} not imported"
        if entry.created:
            line += " (folder and site.yaml created)"
        click.echo(line, err=True)
        for blank in result.set_aside[:SKIPPED_SHOWN]:
            click.echo(f"  not imported: {blank.describe()}", err=True)
        for edited in (e for e in result.skipped if e.edited):
            click.echo(f"  {edited.describe()}", err=True)
        for note in _unlisted_import_notes(list(result), more=False):
            click.echo(f"  {note}", err=True)
    for blank in done.set_aside[:SKIPPED_SHOWN]:
        click.echo(f"not imported, no site named: {blank.describe()}", err=True)
    aside += len(done.set_aside)
    summary = f"Imported {_count(written, 'respondent')} into {_count(len(done.sites), 'site')}"
    if skipped:
        summary += f"; skipped {_count(skipped, 'row')} already imported"
    if aside:
        summary += f"; {aside:,} not imported (listed above)"
    click.echo(summary, err=True)


def _invited(given: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """--invited gp=5 --invited link_worker=3, checked."""
    counts: dict[str, int] = {}
    for entry in given:
        role, _, number = entry.partition("=")
        role = role.strip()
        if role not in ROLES:
            raise click.UsageError(
                f"--invited {entry}: {role!r} is not a role; use one of {', '.join(ROLES)}"
            )
        if not number.strip().isdigit():
            raise click.UsageError(f"--invited {entry}: give ROLE=N with N a whole number")
        counts[role] = int(number)
    return tuple(counts.items())


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (never lets a traceback reach the user)."""
    try:
        # Without standalone mode, click returns a command's exit code instead of exiting.
        code = cli.main(args=argv, prog_name="readiness", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, _Terminated):  # click makes an interrupt an Abort
            click.echo("Stopped: the process was asked to end (SIGTERM).", err=True)
            return 128 + signal.SIGTERM
        click.echo("Aborted.", err=True)
        return EXIT_INPUT
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except InputError as exc:
        for problem in exc.problems[:PROBLEMS_SHOWN]:
            click.echo(str(problem), err=True)
        if len(exc.problems) > PROBLEMS_SHOWN:
            click.echo(f"... and {len(exc.problems) - PROBLEMS_SHOWN:,} more", err=True)
        errors = sum(1 for p in exc.problems if p.severity == Severity.ERROR)
        written = "" if _only_reads(argv) else "; nothing was written"
        click.echo(f"{_count(errors, 'problem')} found{written}.", err=True)
        return EXIT_INPUT
    except ReadinessError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_INPUT
    except OSError as exc:
        # The user's environment (a folder that vanished, a name too long, a disk error), met
        # somewhere that did not turn it into a ReadinessError itself: still not our bug.
        click.echo(f"error: {_os_error(exc)}", err=True)
        return EXIT_INPUT
    except _Terminated:
        click.echo("Stopped: the process was asked to end (SIGTERM).", err=True)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except Exception:  # a bug: tell the user where the details are
        where = _crash_log(argv)
        click.echo(f"readiness {__version__} hit an internal error. {where}", err=True)
        return EXIT_BUG


# Commands that never write a file, whose refusals need not say that nothing was written.
_READING_COMMANDS = frozenset({"status", "frameworks"})


def _only_reads(argv: list[str] | None) -> bool:
    words = argv if argv is not None else sys.argv[1:]
    command = next((word for word in words if not word.startswith("-")), None)
    return command in _READING_COMMANDS


def _os_error(exc: OSError) -> str:
    where = f"cannot use {exc.filename}: " if exc.filename else ""
    return where + describe_os_error(exc)


def _site_warnings(each: Sequence[tuple[str, Sequence[str]]]) -> None:
    """What loading each site of a batch run warned of (each warning names its file), as
    `score` or `report -o` prints it for one site; past SITE_WARNINGS_SHOWN warnings, the
    rest are counted with the sites they are about."""
    shown = 0
    unshown: list[str] = []
    count = 0
    for site, warnings in each:
        for warning in warnings:
            if shown < SITE_WARNINGS_SHOWN:
                click.echo(warning, err=True)
                shown += 1
            else:
                count += 1
                if not unshown or unshown[-1] != site:
                    unshown.append(site)
    if count:
        from readiness.schema import known_list

        click.echo(
            f"warning: {_count(count, 'more warning')} not shown here, about "
            f"{known_list(unshown, 3)}: "
            "`readiness score SITE` prints a site's warnings",
            err=True,
        )


def _warn(warnings: tuple[object, ...]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def _crash_log(argv: list[str] | None, trace: str | None = None) -> str:
    """Write this crash's details to a new log file (one per crash); where to find them."""
    command = ["readiness", *(sys.argv[1:] if argv is None else argv)]
    details = (
        f"readiness {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
        f"command: {' '.join(command)}\n\n{trace or traceback.format_exc()}"
    )
    try:
        fd, log = tempfile.mkstemp(prefix="readiness-crash-", suffix=".log")
        # A path that is not UTF-8 (bytes kept as surrogates) is written as \x escapes.
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(details)
    except OSError:
        return "Please report this bug with the command you ran and this message."
    return f"The details are in {log}; please attach it to a bug report."


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a `kill`, a scheduler's time limit, a machine shutting down), raised where the
    command is, so that what it had begun is undone as on Ctrl-C: by default SIGTERM ends
    Python at once, leaving half-made folders and temporary files behind."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def entry_point() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
