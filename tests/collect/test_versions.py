"""A questionnaire answered on 1.0.0, imported into an assessment on 2.0.0: kept, reworded and
rescored items carry across by the change record, and the import lists the rest."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from readiness.assessment.load import load_assessment
from readiness.collect.importer import Imported, import_files
from readiness.collect.questionnaire import (
    Questionnaire,
    build_questionnaire,
    field_name,
    parse_field_name,
)
from readiness.errors import InputError
from readiness.framework.changes import migrate_answers
from readiness.framework.load import load_catalogue

from ..helpers import RIVERSIDE_BASELINE, RunCli
from .filling import chosen

CATALOGUE = load_catalogue()
V1 = [CATALOGUE.require("five-mechanisms@1.0.0"), CATALOGUE.require("npt@1.0.0")]
ROLE = "gp"


def _old_questionnaire() -> Questionnaire:
    return build_questionnaire(V1, ROLE)


def _answers(questionnaire: Questionnaire) -> dict[str, dict[str, Any]]:
    """What the respondent chose on the 1.0.0 form (option codes or numbers)."""
    return {
        s.framework.id: {item.id: chosen(item, n)[0] for n, item in enumerate(s.items)}
        for s in questionnaire.sections
    }


def _expected(given: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What the change records say a 3.0.0 assessment holds after the import."""
    return {
        framework_id: migrate_answers(
            CATALOGUE, framework_id, "1.0.0", "3.0.0", items, ROLE
        ).answers
        for framework_id, items in given.items()
    }


def _check(folder: Path, records: Sequence[Imported], given: dict[str, dict[str, Any]]) -> None:
    [record] = records
    data = yaml.safe_load(record.path.read_text())
    assert data["versions"] == {"five-mechanisms": "3.0.0", "npt": "3.0.0"}
    expected = _expected(given)

    def text(answers: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
        # A PDF form gives a 0-10 answer back as the text of its option ("9").
        return {k: {i: str(a) for i, a in v.items()} for k, v in answers.items() if v}

    assert text(data["answers"]) == text(expected)
    assert "CO4" in given["npt"] and "CO4" not in data["answers"]["npt"]  # replaced
    assert data["answers"]["npt"]["CA6"] == given["npt"]["CA6"]  # reworded: carried
    notes = "\n".join(record.notes)
    assert "npt: answered on 1.0.0; 22 answers carried to 3.0.0 by its change record" in notes
    assert "not carried: CO4 (replaced by CO4): 1.0.0 to 2.0.0: 1.0.0 asked whether" in notes
    assert "not carried: BI1 (reworded by BI1): five-mechanisms 3.0.0 no longer asks this" in notes
    assert "not carried: SC2 (replaced by SC2)" in notes
    header = record.path.read_text().splitlines()[1]
    assert header.startswith("# five-mechanisms: answered on 1.0.0;")
    loaded = load_assessment(folder, CATALOGUE)
    assert {f.spec for f in loaded.frameworks} == {"five-mechanisms@3.0.0", "npt@3.0.0"}


def test_a_yaml_questionnaire_on_1_0_0_imports_into_2_0_0(tmp_path: Path) -> None:
    given = _answers(_old_questionnaire())
    source = tmp_path / "old.yaml"
    source.write_text(
        yaml.safe_dump(
            {
                "id": "g1",
                "role": ROLE,
                "versions": {"five-mechanisms": "1.0.0", "npt": "1.0.0"},
                "answers": given,
                "comments": {"npt": {"CO1": "kept", "CO4": "left behind"}},
            }
        )
    )
    folder = tmp_path / "site"
    records = import_files([source], folder, CATALOGUE, site="S", site_kind="pcn")
    _check(folder, records, given)
    person = load_assessment(folder, CATALOGUE).respondents[0]
    assert person.comments["npt"] == {"CO1": "kept"}


def test_a_pdf_questionnaire_on_1_0_0_imports_into_2_0_0(tmp_path: Path) -> None:
    from readiness.collect.pdf_form import render_pdf_form

    questionnaire = _old_questionnaire()
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    given = _answers(questionnaire)
    values = {"rd~respondent~id": "p1"}
    for section in questionnaire.sections:
        for item in section.items:
            value = given[section.framework.id][item.id]
            codes = [o.code for o in item.scale.options]
            values[field_name(section.framework, item)] = f"/{codes.index(str(value))}"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as handle:
        writer.write(handle)
    folder = tmp_path / "site"
    records = import_files([filled], folder, CATALOGUE, site="S", site_kind="pcn")
    _check(folder, records, given)


def test_a_workbook_on_1_0_0_imports_into_2_0_0(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from readiness.collect.workbook import render_workbook

    questionnaire = _old_questionnaire()
    book = tmp_path / "q.xlsx"
    book.write_bytes(render_workbook(questionnaire))
    given = _answers(questionnaire)
    wb = load_workbook(book)
    wb["Instructions"]["B" + str(_row(wb["Instructions"], "Your pseudonym"))] = "w1"
    # Answers go in by each row's hidden field name, whichever sheet holds it.
    labels = {
        (section.framework.id, item.id): next(
            o.label
            for o in item.scale.options
            if o.code == str(given[section.framework.id][item.id])
        )
        for section in questionnaire.sections
        for item in section.items
    }
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(min_row=2):
            ref = parse_field_name(str(row[6].value or "")) if len(row) > 6 else None
            if ref is not None and (ref.framework_id, ref.item_id) in labels:
                row[3].value = labels[(ref.framework_id, ref.item_id)]
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    folder = tmp_path / "site"
    records = import_files([filled], folder, CATALOGUE, site="S", site_kind="pcn")
    _check(folder, records, given)


def _row(sheet: Any, label: str) -> int:
    rows = (r[0].row for r in sheet.iter_rows() if str(r[0].value or "").startswith(label))
    return int(next(rows))


def test_an_import_keeps_the_version_the_assessment_uses(tmp_path: Path) -> None:
    """A late 1.0.0 return for the baseline stays on 1.0.0: its respondents use 1.0.0."""
    folder = tmp_path / "baseline"
    import shutil

    shutil.copytree(RIVERSIDE_BASELINE, folder)
    source = tmp_path / "late.yaml"
    source.write_text(
        "role: gp\nversions: {npt: '1.0.0'}\nanswers: {npt: {CO4: agree, CO1: neutral}}\n"
    )
    [record] = import_files([source], folder, CATALOGUE)
    data = yaml.safe_load(record.path.read_text())
    assert data["versions"] == {"npt": "1.0.0"} and data["answers"]["npt"]["CO4"] == "agree"
    assert record.notes == ()
    assert {f.version for f in load_assessment(folder, CATALOGUE).frameworks} == {"1.0.0"}


def test_the_import_command_lists_what_did_not_carry(tmp_path: Path, run_cli: RunCli) -> None:
    source = tmp_path / "old.yaml"
    source.write_text(
        json.dumps(
            {
                "role": "gp",
                "versions": {"npt": "1.0.0"},
                "answers": {"npt": {"CO4": "agree", "CO1": "agree"}},
            }
        )
    )
    result = run_cli("import", source, "--into", tmp_path / "site", "--site", "S")
    assert result.exit_code == 0, result.output
    assert "npt: answered on 1.0.0; 1 answers carried to 3.0.0 by its change record" in result.err
    assert "  not carried: CO4 (replaced by CO4): " in result.err


@pytest.mark.parametrize("spec", ["npt@1.0.0", "npt"])
def test_questionnaires_can_be_made_for_a_pinned_version(
    spec: str, tmp_path: Path, run_cli: RunCli
) -> None:
    out = tmp_path / "q.yaml"
    result = run_cli("questionnaire", spec, "--role", "gp", "--format", "yaml", "-o", out)
    assert result.exit_code == 0, result.output
    version = "1.0.0" if "@" in spec else "3.0.0"
    assert f'  npt: "{version}"' in out.read_text()


def test_comments_carry_like_answers_answered_or_not(tmp_path: Path, run_cli: RunCli) -> None:
    """A comment on an item left unanswered carries by the change record as an answer would;
    one that cannot carry is listed, with its words, in the output and the file's header."""
    source = tmp_path / "old.yaml"
    source.write_text(
        json.dumps(
            {
                "role": ROLE,
                "versions": {"npt": "1.0.0"},
                "answers": {"npt": {"CO1": "agree"}},
                "comments": {
                    "npt": {
                        "CO2": "Not sure yet",  # kept, not answered
                        "CA6": "Reworded since",  # reworded, not answered
                        "CO4": "We talk about it\u2028at lunch",  # replaced: cannot carry
                    }
                },
            }
        )
    )
    folder = tmp_path / "site"
    result = run_cli("import", source, "--into", folder, "--site", "S")
    assert result.exit_code == 0, result.output
    assert (
        "npt: answered on 1.0.0; 1 answers carried to 3.0.0 by its change record; "
        "2 comments carried" in result.err
    )
    listed = "  comment not carried: CO4 (replaced by CO4): 1.0.0 to 2.0.0: 1.0.0 asked whether"
    assert listed in result.err
    # Every character as typed, a line separator too (written escaped, on one line).
    assert 'it said: "We talk about it\\u2028at lunch"' in result.err
    written = (folder / "respondents" / "r01.yaml").read_text()
    assert f"#   {listed.strip()}" in written and '"We talk about it\\u2028at lunch"' in written
    person = load_assessment(folder, CATALOGUE).respondents[0]
    assert person.comments == {"npt": {"CO2": "Not sure yet", "CA6": "Reworded since"}}
    assert set(person.answers["npt"]) == {"CO1"}


def test_a_comment_on_an_unknown_old_item_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "old.yaml"
    source.write_text(
        "role: gp\nversions: {npt: '1.0.0'}\nanswers: {npt: {CO1: agree}}\n"
        "comments: {npt: {CO99: lost?}}\n"
    )
    with pytest.raises(InputError, match="comment on an unknown item 'CO99'"):
        import_files([source], tmp_path / "site", CATALOGUE, site="S")
    assert not (tmp_path / "site").exists()
