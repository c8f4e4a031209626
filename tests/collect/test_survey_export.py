"""Microsoft and Google Forms exports: matched by id or text, never by position."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.collect.importer import import_files
from readiness.errors import InputError
from readiness.framework.catalogue import load_catalogue

from ..helpers import RunCli

CATALOGUE = load_catalogue()


def test_csv_export_with_labels_curly_quotes_and_metadata(tmp_path: Path, run_cli: RunCli) -> None:
    fm = CATALOGUE.frameworks["five-mechanisms"]
    sd1, sd4 = fm.items["SD1"].text, fm.items["SD4"].text
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "What is your role?",
        sd1.upper().replace("'", "\u2019"),
        "  " + sd4.replace(" ", "  ") + " *",
        "SD2. (any wording)",
        "Comment on SD1",
    ]
    rows = [
        [
            "1",
            "01/10/2026 09:00",
            "01/10/2026 09:10",
            "a@x.nhs.uk",
            "Dr A",
            "GP",
            "Strongly agree",
            "agree",
            "Don\u2019t know",
            "Helpful \u201cscheme\u201d",
        ],
        ["2", "", "", "b@x.nhs.uk", "Nurse B", "Practice nurse", "Disagree", "", "na", ""],
    ]

    export = tmp_path / "forms.csv"
    with export.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    folder = tmp_path / "site"
    result = run_cli("import", export, "--into", folder, "--site", "Test")
    assert result.exit_code == 0, result.output
    assessment = load_assessment(folder, CATALOGUE)
    first, second = assessment.respondents
    assert (first.role, second.role) == ("gp", "practice_nurse")
    answers = first.answers["five-mechanisms"]
    assert (answers["SD1"].value, answers["SD4"].value, answers["SD2"].kind) == (
        5.0,
        4.0,
        "dont_know",
    )
    assert first.comments["five-mechanisms"]["SD1"] == "Helpful \u201cscheme\u201d"
    assert second.answers["five-mechanisms"]["SD2"].kind == "not_applicable"
    text = "".join(p.read_text() for p in (folder / "respondents").iterdir())
    assert "a@x.nhs.uk" not in text and "Dr A" not in text  # personal data stays out


def test_unmatched_columns_and_answers_are_reported_with_row_and_column(tmp_path: Path) -> None:
    export = tmp_path / "forms.csv"
    export.write_text(
        "Role,SD1. Explain it,How is the weather?,SD4. What they do\nGP,Very much,Sunny,agree\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert "column C ('How is the weather?'): not matched to any question" in str(info.value)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  How is the weather?: ignore\n")
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    assert (
        "row 2: column B (SD1. Explain it): 'Very much' is not one of the answers for SD1"
        in str(info.value)
    )
    assert not (tmp_path / "site").exists()  # neither failed import wrote anything
    mapping.write_text(
        "columns:\n  How is the weather?: ignore\nanswers:\n  Very much: strongly_agree\n"
    )
    records = import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    assert [(r.respondent_id, r.role, r.answers) for r in records] == [("r01", "gp", 2)]
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    answers = person.answers["five-mechanisms"]
    assert {k: (a.kind, a.value) for k, a in answers.items()} == {
        "SD1": ("scored", 5.0),  # 'Very much', mapped to strongly_agree
        "SD4": ("scored", 4.0),
    }


def test_excel_export_with_date_cells(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Timestamp", "Role", "[DC1] caseload", "DC9. share"])
    ws.append(
        [
            dt.datetime(2026, 10, 1, 9, 30),
            "Link-worker manager or supervisor",
            240,
            dt.datetime(2026, 3, 6),
        ]
    )
    export = tmp_path / "export.xlsx"
    wb.save(export)
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert "Excel turned this answer into a date (2026-03-06)" in str(info.value)
    assert not (tmp_path / "site").exists()  # a failed import writes nothing


def test_utf8_csv_with_byte_order_mark(tmp_path: Path) -> None:
    export = tmp_path / "google.csv"
    text = "Timestamp,Your role,[SD1] explain,Comment on SD1\n2026/10/01,gp,Agree,Café ✓\n"
    export.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    records = import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert records[0].role == "gp" and records[0].row == 2
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    assert person.comments["five-mechanisms"]["SD1"] == "Café ✓"


def test_malformed_csv_is_an_input_error(tmp_path: Path) -> None:
    export = tmp_path / "broken.csv"
    export.write_text('Role,"SD1. Explain\n' + "x" * 200_000 + "\n")
    with pytest.raises(InputError, match="cannot be read as CSV"):
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
