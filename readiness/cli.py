"""The `readiness` command line: parse options, call the library, map our errors to exit codes.

Exit codes: 0 success; 1 a problem with the input (the message says what to fix); 2 a usage
error; 3 a bug in readiness (a traceback is written to a log file for the bug report).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

import click

from readiness.errors import InputError, ReadinessError, Severity
from readiness.version import __version__
from readiness.vocabulary import QuestionnaireFormat, ScoreFormat, SiteKind, choices

EXIT_INPUT = 1
EXIT_BUG = 3

FRAMEWORKS_DIR_OPTION = click.option(
    "--frameworks-dir",
    "frameworks_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of extra or adapted framework files (repeatable); a framework here "
    "replaces a bundled one with the same id and version (another version is added beside it).",
)


class _WorkflowOrder(click.Group):
    """Lists commands in the order a consultant uses them, not alphabetically."""

    ORDER = ("questionnaire", "import", "score", "report", "frameworks")

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: self.ORDER.index(n) if n in self.ORDER else 99)


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


@cli.group(short_help="List, show, validate and describe frameworks.")
def frameworks() -> None:
    """List, show, validate and describe frameworks."""


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

    click.echo(api.show_framework(framework, frameworks_dirs), nl=False)


@frameworks.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
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


@cli.command("score", short_help="Score an assessment (table, JSON or CSV).")
@click.argument("assessment", type=click.Path(path_type=Path))
@FRAMEWORK_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(ScoreFormat)),
    default=ScoreFormat.TABLE.value,
    show_default=True,
    help="table for reading, json for scripts, csv for spreadsheets.",
)
@click.option("--items", "with_items", is_flag=True, help="csv: add one row per item.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of the terminal.",
)
@FRAMEWORKS_DIR_OPTION
def score_command(
    assessment: Path,
    frameworks: tuple[str, ...],
    fmt: str,
    with_items: bool,
    output: Path | None,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Score ASSESSMENT (a YAML file, or a folder with site.yaml and respondents/)."""
    from readiness import api

    result = api.score(assessment, frameworks, frameworks_dirs)
    _warn(result.assessment.warnings)
    if output is None:
        click.echo(api.format_scores(result, fmt, with_items), nl=False)
    else:
        api.write_scores(result, output, fmt, with_items)
        click.echo(f"Wrote {output}", err=True)


@cli.command("report", short_help="Write the PDF action report for an assessment.")
@click.argument("assessment", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write (written only when everything succeeds).",
)
@FRAMEWORK_OPTION
@click.option(
    "--html",
    "html_output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as HTML, for review in a browser.",
)
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder whose templates and assets override the bundled ones.",
)
@FRAMEWORKS_DIR_OPTION
def report_command(
    assessment: Path,
    output: Path,
    frameworks: tuple[str, ...],
    html_output: Path | None,
    template_dir: Path | None,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Write the PDF action report for ASSESSMENT (a YAML file or a site folder)."""
    from readiness import api

    result = api.write_report(
        assessment, output, frameworks, frameworks_dirs, template_dir, html_output
    )
    _warn(result.assessment.warnings)
    click.echo(f"Wrote {output}" + (f" and {html_output}" if html_output else ""), err=True)


@cli.command(
    "questionnaire", short_help="Write a questionnaire (PDF form, Excel or YAML) to send out."
)
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
    "fmt",
    type=click.Choice(choices(QuestionnaireFormat)),
    required=True,
    help="pdf: a fillable PDF form; xlsx: an Excel workbook; yaml: a respondent file.",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@FRAMEWORKS_DIR_OPTION
def questionnaire_command(
    frameworks: tuple[str, ...],
    role: str | None,
    site: str | None,
    service_name: str | None,
    fmt: str,
    output: Path,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Write a questionnaire for respondents to fill in (no install needed on their side).

    FRAMEWORK is an id (the newest version) or an id pinned to a version, such as npt@1.0.0.
    """
    from readiness import api

    questionnaire = api.write_questionnaire(
        frameworks, output, fmt, role, site, frameworks_dirs, service_name=service_name
    )
    click.echo(
        f"Wrote {output} ({questionnaire.item_count} questions, about "
        f"{questionnaire.minutes} minutes)",
        err=True,
    )


@cli.command("import", short_help="Import filled questionnaires and survey exports.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
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
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A YAML file mapping survey columns (and answers) that are not matched automatically.",
)
@FRAMEWORKS_DIR_OPTION
def import_command(
    files: tuple[Path, ...],
    into: Path,
    role: str | None,
    respondent: str | None,
    site: str | None,
    site_kind: str,
    mapping: Path | None,
    frameworks_dirs: tuple[Path, ...],
) -> None:
    """Import filled questionnaires (PDF, XLSX, YAML) or survey exports (CSV, XLSX)."""
    from readiness import api

    records = api.import_answers(
        files, into, role, respondent, site, site_kind, mapping, frameworks_dirs
    )
    for record in records:
        row = f" row {record.row}" if record.row else ""
        click.echo(
            f"{record.path}: {record.respondent_id} ({record.role}), {record.answers} "
            f"answers from {record.source.name}{row}",
            err=True,
        )
        for note in record.notes:
            click.echo(f"  {note}", err=True)
    click.echo(
        f"Imported {len(records)} respondent{'s' if len(records) != 1 else ''} into {into}",
        err=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (never lets a traceback reach the user)."""
    try:
        # Without standalone mode, click returns a command's exit code instead of exiting.
        code = cli.main(args=argv, prog_name="readiness", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_INPUT
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except InputError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        errors = sum(1 for p in exc.problems if p.severity == Severity.ERROR)
        click.echo(
            f"{errors} problem{'s' if errors != 1 else ''} found; nothing was written.", err=True
        )
        return EXIT_INPUT
    except ReadinessError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_INPUT
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except Exception:  # a bug: tell the user where the details are
        where = _crash_log(argv)
        click.echo(f"readiness {__version__} hit an internal error. {where}", err=True)
        return EXIT_BUG


def _warn(warnings: tuple[object, ...]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def _crash_log(argv: list[str] | None) -> str:
    """Write this crash's details to a new log file (one per crash); where to find them."""
    command = ["readiness", *(sys.argv[1:] if argv is None else argv)]
    details = (
        f"readiness {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
        f"command: {' '.join(command)}\n\n{traceback.format_exc()}"
    )
    try:
        fd, log = tempfile.mkstemp(prefix="readiness-crash-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(details)
    except OSError:
        return "Please report this bug with the command you ran and this message."
    return f"The details are in {log}; please attach it to a bug report."


def entry_point() -> None:
    sys.exit(main())
