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

import json
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from readiness.assessment.load import load_assessment
from readiness.assessment.model import Assessment
from readiness.collect.importer import Imported, import_files
from readiness.collect.questionnaire import Questionnaire, build_questionnaire
from readiness.errors import ReadinessError
from readiness.framework.catalogue import Catalogue, load_catalogue
from readiness.framework.checks import CheckedFile
from readiness.framework.format import json_schema
from readiness.framework.outline import (
    check_in_context,
    list_text,
    outline_text,
    resolve_framework,
    validation_text,
)
from readiness.output import check_output_path, write_output, write_outputs
from readiness.report.score_data import to_csv, to_json_data
from readiness.report.score_table import to_table
from readiness.schema import unknown
from readiness.scoring.engine import score_assessment
from readiness.scoring.model import AssessmentResult
from readiness.vocabulary import (
    ROLES,
    QuestionnaireFormat,
    ScoreFormat,
    SiteKind,
    choices,
)

PathLike = str | Path
_Word = TypeVar("_Word", bound=StrEnum)


def _member(vocabulary: type[_Word], value: str, what: str) -> _Word:
    """`value` as a member of `vocabulary`; ReadinessError naming the choices otherwise."""
    try:
        return vocabulary(value)
    except ValueError:
        raise ReadinessError(unknown(what, str(value), choices(vocabulary))) from None


# -- frameworks ---------------------------------------------------------------------------


def load_frameworks(frameworks_dirs: Iterable[PathLike] = ()) -> Catalogue:
    """The bundled frameworks plus those in `frameworks_dirs` (which replace same-id ones)."""
    return load_catalogue([Path(d) for d in frameworks_dirs])


def list_frameworks(frameworks_dirs: Iterable[PathLike] = ()) -> str:
    """One line per available framework version, as `readiness frameworks list` prints it."""
    return list_text(load_frameworks(frameworks_dirs))


def show_framework(name: str, frameworks_dirs: Iterable[PathLike] = ()) -> str:
    """A readable outline of a framework (by id, `id@version`, or a file), as `frameworks
    show` prints it."""
    return outline_text(resolve_framework(name, [Path(d) for d in frameworks_dirs]))


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


def load(
    assessment: PathLike,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
) -> Assessment:
    """Read and check an assessment (a YAML file, or a folder with site.yaml and respondents/).

    `frameworks` restricts it to these framework ids, each optionally pinned to a version as
    npt@1.0.0 (default: the site's list, or every framework answered, at the version the
    respondents answered)."""
    return load_assessment(Path(assessment), load_frameworks(frameworks_dirs), frameworks)


def score(
    assessment: PathLike,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
) -> AssessmentResult:
    """Load, check and score an assessment."""
    return score_assessment(load(assessment, frameworks, frameworks_dirs))


_SCORE_FORMATS: dict[ScoreFormat, Callable[[AssessmentResult, bool], str]] = {
    ScoreFormat.TABLE: lambda result, _items: to_table(result),
    ScoreFormat.JSON: lambda result, _items: (
        json.dumps(to_json_data(result), indent=2, ensure_ascii=False) + "\n"
    ),
    ScoreFormat.CSV: lambda result, items: to_csv(result, items),
}


def format_scores(
    result: AssessmentResult, fmt: str = ScoreFormat.TABLE, with_items: bool = False
) -> str:
    """The scores as text: a table to read, JSON for scripts, or CSV (per item `with_items`)."""
    return _SCORE_FORMATS[_member(ScoreFormat, fmt, "format")](result, with_items)


def write_scores(
    result: AssessmentResult,
    output: PathLike,
    fmt: str = ScoreFormat.TABLE,
    with_items: bool = False,
) -> None:
    """Write the scores to a file (atomically; never over the assessment or a framework)."""
    text = format_scores(result, fmt, with_items)
    write_output(Path(output), text.encode("utf-8"), _inputs(result.assessment))


def _inputs(assessment: Assessment) -> list[Path]:
    return [assessment.path, *(f.path for f in assessment.frameworks)]


# -- the report ---------------------------------------------------------------------------


def write_report(
    assessment: PathLike,
    output: PathLike,
    frameworks: Sequence[str] = (),
    frameworks_dirs: Iterable[PathLike] = (),
    template_dir: PathLike | None = None,
    html_output: PathLike | None = None,
) -> AssessmentResult:
    """Score an assessment and write its PDF report (and the HTML with `html_output`).

    Nothing is written unless everything succeeds. Returns the scored result (its
    assessment carries any warnings)."""
    from readiness.report.pdf import render_report  # the renderer loads only when needed

    result = score(assessment, frameworks, frameworks_dirs)
    templates = Path(template_dir) if template_dir is not None else None
    inputs = [*_inputs(result.assessment), *([templates] if templates else [])]
    files = [(Path(output), b"")]
    if html_output is not None:
        files.append((Path(html_output), b""))
    _check_distinct([path for path, _ in files])
    for path, _ in files:
        check_output_path(path, inputs)  # before the slow part, not after it
    rendered = render_report(result, templates)
    files[0] = (Path(output), rendered.pdf)
    if html_output is not None:
        files[1] = (Path(html_output), rendered.html.encode("utf-8"))
    write_outputs(files, inputs)
    return result


def _check_distinct(paths: Sequence[Path]) -> None:
    resolved = [p.resolve() for p in paths]
    if len(set(resolved)) != len(resolved):
        raise ReadinessError("the PDF and the HTML must be different files")


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


_QUESTIONNAIRE_FORMATS: dict[QuestionnaireFormat, Callable[[Questionnaire], bytes]] = {
    QuestionnaireFormat.PDF: _pdf_form,
    QuestionnaireFormat.XLSX: _workbook,
    QuestionnaireFormat.YAML: _yaml_form,
}


def write_questionnaire(
    frameworks: Sequence[str],
    output: PathLike,
    fmt: str,
    role: str | None = None,
    site: str | None = None,
    frameworks_dirs: Iterable[PathLike] = (),
    service_name: str | None = None,
) -> Questionnaire:
    """Write a questionnaire (a fillable PDF, an Excel workbook or a YAML respondent file)
    with the items of `frameworks` (ids, or ids pinned as npt@1.0.0) that `role` is asked
    (every item when `role` is None). A fact another framework holds is asked once, under its
    home framework; `service_name` replaces {service} wherever clients read about it."""
    writer = _QUESTIONNAIRE_FORMATS[_member(QuestionnaireFormat, fmt, "questionnaire format")]
    dirs = [Path(d) for d in frameworks_dirs]
    catalogue = load_catalogue(dirs)
    chosen = [catalogue.require(framework_id) for framework_id in frameworks]
    if role is not None and role not in ROLES:
        raise ReadinessError(unknown("role", role, list(ROLES)))
    questionnaire = build_questionnaire(chosen, role, site, service_name)
    if not questionnaire.item_count:
        raise ReadinessError(f"none of these frameworks asks anything of the role {role!r}")
    write_output(Path(output), writer(questionnaire), [*dirs, *(f.path for f in chosen)])
    return questionnaire


def import_answers(
    files: Sequence[PathLike],
    into: PathLike,
    role: str | None = None,
    respondent: str | None = None,
    site: str | None = None,
    site_kind: str = SiteKind.PRACTICE,
    mapping: PathLike | None = None,
    frameworks_dirs: Iterable[PathLike] = (),
) -> list[Imported]:
    """Import filled questionnaires and survey exports into an assessment folder (created,
    with its site.yaml, when `site` is given). All or nothing: a problem anywhere writes
    nothing. Returns one record per respondent file written."""
    return import_files(
        [Path(f) for f in files],
        Path(into),
        load_frameworks(frameworks_dirs),
        role=role,
        respondent=respondent,
        site=site,
        site_kind=_member(SiteKind, site_kind, "site kind"),
        mapping=Path(mapping) if mapping is not None else None,
    )
