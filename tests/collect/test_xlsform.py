"""The XLSForm: a valid web form (pyxform converts it, ODK Validate passes it where Java is
present) asking the same items, in the same words, with our answer codes as option names."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from readiness.collect.questionnaire import build_questionnaire
from readiness.collect.xlsform import render_xlsform, xml_name
from readiness.vocabulary import ROLES
from readiness.xlsxio import text_only, workbook_bytes

from ..helpers import RunCli
from .filling import CATALOGUE, FRAMEWORKS, ROLES_ASKED


def _sheets(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's rows as {column: value}, by sheet name."""
    wb = load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        out[ws.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return out


@pytest.mark.parametrize("role", [*ROLES_ASKED, None])
def test_every_role_s_form_converts_without_warnings(role: str | None) -> None:
    questionnaire = build_questionnaire(FRAMEWORKS, role, "Riverside PCN")
    warnings: list[str] = []
    result = convert(
        xlsform=io.BytesIO(render_xlsform(questionnaire)),
        warnings=warnings,
        validate=False,
        file_type=".xlsx",
    )
    assert warnings == [] and result.warnings == []
    assert f'id="readiness_{role or "all"}"' in result.xform
    asked = ";".join(f"{s.framework.id}@{s.framework.version}" for s in questionnaire.sections)
    assert f'version="{asked};' in result.xform
    assert f'<bind nodeset="/data/readiness_frameworks" type="string" calculate="\'{asked}\'"' in (
        result.xform
    )


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java (8 or later)")
@pytest.mark.parametrize("role", ["gp", "link_worker", "client", None])
def test_odk_validate_passes_the_form(role: str | None) -> None:
    """pyxform's bundled ODK Validate (JavaRosa) parses the form and evaluates every
    relevance and constraint expression; it raises on any error."""
    questionnaire = build_questionnaire(FRAMEWORKS, role, "Riverside PCN")
    result = convert(
        xlsform=io.BytesIO(render_xlsform(questionnaire)), validate=True, file_type=".xlsx"
    )
    assert result.warnings == []


def test_the_form_asks_the_same_items_in_the_same_words_with_our_codes() -> None:
    questionnaire = build_questionnaire(FRAMEWORKS, "link_worker", None, "Community Connectors")
    sheets = _sheets(render_xlsform(questionnaire))
    survey = sheets["survey"]
    by_name = {}
    path: list[str] = []
    for row in survey:
        if row["type"] == "begin_group":
            path.append(row["name"])
        elif row["type"] == "end_group":
            path.pop()
        else:
            by_name["/".join([*path, row["name"]])] = row
    lists: dict[str, list[tuple[str, str]]] = {}
    for choice in sheets["choices"]:
        lists.setdefault(choice["list_name"], []).append((choice["name"], choice["label"]))
    asked = 0
    for section in questionnaire.sections:
        for qd in section.domains:
            for item in qd.items:
                asked += 1
                where = f"{xml_name(section.framework.id)}/{qd.domain.id}/{item.id}"
                row = by_name[where]
                assert row["label"] == item.text
                assert by_name[f"{where}_comment"]["type"] == "text"
                scale = item.scale
                if scale.type == "numeric":
                    assert row["type"] == "decimal"
                    assert row["constraint"] == f". >= {scale.min:g} and . <= {scale.max:g}"
                    none = by_name[f"{where}_no_figure"]
                    kind, list_name = none["type"].split()
                    assert kind == "select_one"
                    assert lists[list_name] == [(o.code, o.label) for o in scale.unscored]
                    assert none["relevant"] == f"../{item.id} = ''"
                else:
                    kind, list_name = row["type"].split()
                    assert kind == "select_one"
                    assert lists[list_name] == [(o.code, o.label) for o in scale.options]
    assert asked == questionnaire.item_count == 60
    # Words the site uses for the service, and the facts another framework holds asked once.
    assert any("Community Connectors" in str(r["label"]) for r in survey)
    assert not any(k.startswith("five_mechanisms/") and k.endswith("/SC1") for k in by_name)
    assert by_name["about/role"]["type"] == "calculate"
    assert by_name["about/role"]["calculation"] == "'link_worker'"
    assert by_name["readiness_frameworks"]["calculation"] == (
        "'delivery-conditions@3.0.0;five-mechanisms@3.0.0;npt@3.0.0;rainbow@3.0.0'"
    )
    assert by_name["about/respondent"]["type"] == "text"
    assert by_name["general_comment"]["type"] == "text"
    intro = [r["label"] for k, r in by_name.items() if k.startswith("about/intro")]
    assert intro == questionnaire.intro()
    (settings,) = sheets["settings"]
    assert settings["form_id"] == "readiness_link_worker"
    assert settings["form_title"] == "Social prescribing readiness questionnaire: Link worker"


def test_a_form_for_every_role_asks_the_role_and_shows_each_question_to_its_roles() -> None:
    questionnaire = build_questionnaire(FRAMEWORKS, None)
    sheets = _sheets(render_xlsform(questionnaire))
    rows = {row["name"]: row for row in sheets["survey"]}
    assert rows["role"]["type"] == "select_one roles" and rows["role"]["required"] == "yes"
    roles = [(c["name"], c["label"]) for c in sheets["choices"] if c["list_name"] == "roles"]
    assert roles == list(ROLES.items())
    dc1 = CATALOGUE.frameworks["delivery-conditions"].items["DC1"]
    expected = " or ".join(f"${{role}} = '{r}'" for r in ROLES if r in dc1.roles)
    assert rows["DC1"]["relevant"] == expected
    assert rows["DC1_no_figure"]["relevant"] == f"({expected}) and ../DC1 = ''"


def test_the_same_questionnaire_gives_the_same_bytes_and_text_stays_text() -> None:
    hostile = '=HYPERLINK("http://example.com","x")'
    questionnaire = build_questionnaire(FRAMEWORKS[:2], "client", hostile, "${role} & co")
    first, second = render_xlsform(questionnaire), render_xlsform(questionnaire)
    assert first == second
    wb = load_workbook(io.BytesIO(first))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    labels = [str(c.value) for c in cells if c.value]
    assert any(hostile in label for label in labels)
    # `${` would be read by ODK as a reference to a question: kept, but made inert.
    assert not any("${role} & co" in label for label in labels)
    assert any("$\u200b{role} & co" in label for label in labels)
    convert(xlsform=io.BytesIO(first), validate=False, file_type=".xlsx")
    # openpyxl would save text starting with '=' as a live formula; the form has none.
    wb = Workbook()
    wb.active["A1"] = hostile
    text_only(wb)
    reread = load_workbook(io.BytesIO(workbook_bytes(wb))).active["A1"]
    assert (reread.data_type, reread.value) == ("s", hostile)


def test_all_roles_writes_an_xlsform_beside_the_workbook(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "forms"
    result = run_cli(
        "questionnaire",
        "npt",
        "--all-roles",
        "--out-dir",
        out,
        "--format",
        "xlsx",
        "--format",
        "xlsform",
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert "gp.xlsx" in names and "gp.xlsform.xlsx" in names
    npt = [CATALOGUE.frameworks["npt"]]
    assert len(names) == 2 * sum(1 for r in ROLES if build_questionnaire(npt, r).item_count)
    single = tmp_path / "gp.xlsx"
    result = run_cli("questionnaire", "npt", "--role", "gp", "--format", "xlsform", "-o", single)
    assert result.exit_code == 0, result.output
    assert single.read_bytes() == (out / "gp.xlsform.xlsx").read_bytes()
