"""Microsoft and Google Forms exports: matched by id or text, never by position."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from readiness.assessment.load import load_assessment
from readiness.collect.importer import import_files
from readiness.errors import InputError
from readiness.framework.load import load_catalogue

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


def test_a_mapping_to_a_list_or_a_mapping_is_refused_at_its_line(tmp_path: Path) -> None:
    """A mapping file maps text to text: a list or a mapping in it is refused there, at its
    line, not read as Python's "['...']" and blamed on every cell of the export."""
    export = tmp_path / "forms.csv"
    export.write_text("Role,SD1. Explain it\nGP,Very much\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  Role: role\n  SD1. Explain it: [five-mechanisms/SD1]\n"
        "answers:\n  Very much: {strongly_agree: 1}\n"
    )
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    assert [(p.line, p.path) for p in info.value.problems] == [
        (3, "columns.SD1. Explain it"),
        (5, "answers.Very much"),
    ]
    assert "give the column's target as text" in info.value.problems[0].message
    assert not (tmp_path / "site").exists()


def test_a_mapping_target_that_names_nothing_is_refused_at_its_line_with_a_hint(
    tmp_path: Path,
) -> None:
    """helper-46: a target naming no framework or item was refused with no line and no hint
    ("should be FRAMEWORK/ITEM, ..."), though it was well formed and only misspelt."""
    export = tmp_path / "forms.csv"
    export.write_text("Role,How clear?,Add?,Other\nGP,Agree,x,y\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  Role: role\n  How clear?: five-mechanisms/SD99\n"
        "  Add?: five-mechanism/SD1/comment\n  Other: ignored\n"
    )
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    assert [(p.line, p.message) for p in info.value.problems] == [
        (
            3,
            "column B ('How clear?'): mapping target 'five-mechanisms/SD99' names no item "
            "'SD99' of five-mechanisms",
        ),
        (
            4,
            "column C ('Add?'): mapping target 'five-mechanism/SD1/comment' names no framework "
            "'five-mechanism' (did you mean 'five-mechanisms'?)",
        ),
        (
            5,
            "column D ('Other'): mapping target 'ignored' should be FRAMEWORK/ITEM, "
            "FRAMEWORK/ITEM/comment, general, role, respondent or ignore (did you mean 'ignore'?)",
        ),
    ]


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
        "row 2: column B ('SD1. Explain it'): 'Very much' is not one of the answers for SD1"
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


def _export(tmp_path: Path, rows: list[list[str]], name: str = "forms.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _refused(path: Path, **options: object) -> list[str]:
    with pytest.raises(InputError) as info:
        import_files([path], path.parent / "site", CATALOGUE, site="S", **options)  # type: ignore[arg-type]
    assert not (path.parent / "site").exists()  # nothing written
    return [str(p) for p in info.value.problems]


def test_decimal_commas_and_unit_words_are_read_exactly(tmp_path: Path) -> None:
    export = _export(
        tmp_path,
        [
            ["Role", "DC2. first meeting", "DC1. caseload"],
            ["Link worker", "37,5", "380 new clients"],
        ],
    )
    import_files([export], tmp_path / "site", CATALOGUE, site="S")
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    answers = person.answers["delivery-conditions"]
    assert (answers["DC2"].value, answers["DC1"].value) == (37.5, 380.0)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (
            "1,200",
            "'1,200' could mean 1200 or 1.2; write 1200 (no thousands separator) or 1.2 "
            "(with a decimal point)",
        ),
        (
            "2 - 3",
            "'2 - 3' is a range; write one number (new clients per full-time link worker per year)",
        ),
        (
            "about 300",
            "'about 300' is an estimate, not a number; write one number (new clients "
            "per full-time link worker per year)",
        ),
        (
            "30%",
            "'30%' is a percentage, but this question asks for new clients per full-time "
            "link worker per year; write one number (new clients per full-time link worker per "
            "year)",
        ),
    ],
)
def test_numbers_in_doubt_are_refused_naming_the_cell(
    tmp_path: Path, typed: str, reason: str
) -> None:
    export = _export(tmp_path, [["Role", "DC1. caseload"], ["Link worker", typed]])
    assert _refused(export) == [
        f"{export}: delivery-conditions.DC1: row 2: column B ('DC1. caseload'): {reason}"
    ]


def test_two_columns_for_one_item_must_agree(tmp_path: Path) -> None:
    header = ["Role", "SD1. first wording", "[SD1] second wording"]
    export = _export(tmp_path, [header, ["GP", "Agree", "Agree"], ["GP", "Agree", "Disagree"]])
    assert _refused(export) == [
        f"{export}:3: column B ('SD1. first wording') and column C ('[SD1] second wording') are "
        "both five-mechanisms/SD1, and row 3 gives them different answers ('Agree' and "
        "'Disagree'); keep one of the columns, or map the other to ignore"
    ]
    same = _export(tmp_path, [header, ["GP", "Agree", "Agree"], ["GP", "", "Disagree"]], "b.csv")
    records = import_files([same], tmp_path / "site", CATALOGUE, site="S")
    assert [r.answers for r in records] == [1, 1]


def test_a_title_whose_id_and_question_disagree_is_refused(tmp_path: Path) -> None:
    sd2 = CATALOGUE.frameworks["five-mechanisms"].items["SD2"].text
    export = _export(tmp_path, [["Role", f"SD1. {sd2}"], ["GP", "Agree"]])
    assert _refused(export) == [
        f"{export}:1: column B ({(f'SD1. {sd2}')[:57] + '...'!r}): its id names "
        "five-mechanisms/SD1 but "
        "its question is five-mechanisms/SD2; correct the title, or map the column in a "
        "--mapping file"
    ]


def test_google_forms_grid_rows_match_by_id_or_text(tmp_path: Path) -> None:
    fm = CATALOGUE.frameworks["five-mechanisms"]
    header = [
        "Timestamp",
        "What is your role?",
        "How far do you agree with each statement? [SD1. shared definition]",
        f"How far do you agree with each statement? [{fm.items['SD4'].text}]",
    ]
    export = _export(tmp_path, [header, ["2026/10/01 9:00:00", "GP", "Agree", "Disagree"]])
    import_files([export], tmp_path / "site", CATALOGUE, site="S")
    answers = load_assessment(tmp_path / "site", CATALOGUE).respondents[0].answers
    assert {k: a.value for k, a in answers["five-mechanisms"].items()} == {"SD1": 4.0, "SD4": 2.0}


def test_general_comments_are_kept_and_a_comment_alone_keeps_the_respondent(
    tmp_path: Path, run_cli: RunCli
) -> None:
    export = _export(
        tmp_path,
        [
            ["Role", "SD1. x", "Comment on SD1", "Any other comments?"],
            ["GP", "Agree", "", "Thanks for asking."],
            ["Practice nurse", "", "Only a comment on SD1", ""],
            ["Reception or care-navigation staff", "", "", "Only a general comment"],
        ],
    )
    folder = tmp_path / "site"
    assert run_cli("import", export, "--into", folder, "--site", "S").exit_code == 0
    assessment = load_assessment(folder, CATALOGUE)
    people = {r.role: r for r in assessment.respondents}
    assert set(people) == {"gp", "practice_nurse", "reception"}
    assert people["gp"].general_comment == "Thanks for asking."
    assert people["practice_nurse"].comments == {
        "five-mechanisms": {"SD1": "Only a comment on SD1"}
    }
    assert people["reception"].general_comment == "Only a general comment"
    result = run_cli("score", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.out)["respondents"]["by_role"] == {
        "gp": 1,
        "practice_nurse": 1,
        "reception": 1,
    }


def test_a_general_comment_column_can_be_mapped(tmp_path: Path) -> None:
    export = _export(tmp_path, [["Role", "Final thoughts"], ["GP", "More funding, please"]])
    mapping = tmp_path / "map.yaml"
    mapping.write_text('columns:\n  "Final thoughts": general\n')
    import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    assert person.general_comment == "More funding, please"


def test_a_comment_longer_than_scoring_accepts_is_refused_at_import(tmp_path: Path) -> None:
    export = _export(tmp_path, [["Role", "Comment on SD1"], ["GP", "x" * 2001]])
    assert _refused(export) == [
        f"{export}: five-mechanisms.SD1.comment: row 2: column B ('Comment on SD1'): the comment "
        "has 2,001 characters; the limit is 2,000: shorten it in the file and import again"
    ]


def test_thousands_of_unmatched_columns_give_one_message(tmp_path: Path) -> None:
    header = ["Role", *(f"Extra question {n}" for n in range(5000))]
    export = _export(tmp_path, [header, ["GP", *["x"] * 5000]])
    problems = _refused(export)
    assert problems == [
        f"{export}:1: 5,000 columns are not matched to any question: column B ('Extra question "
        "0'), column C ('Extra question 1'), column D ('Extra question 2'), column E ('Extra "
        "question 3'), column F ('Extra question 4') and 4,995 more; map each in a --mapping "
        "file (or map them to ignore)"
    ]


def test_answers_outside_the_titled_columns_are_refused(tmp_path: Path) -> None:
    export = _export(tmp_path, [["Role", "SD1. x"], ["GP", "Agree", "stray note"]])
    assert _refused(export) == [
        f"{export}:2: row 2: column C has an answer but no question title in row 1; add the "
        "title (and map it in a --mapping file if it is not a question)"
    ]


def test_a_row_cut_in_two_by_an_unquoted_line_break_is_refused(tmp_path: Path) -> None:
    """helper-46: a comment holding a line break, not in quotes, cut a row in two. The first
    part imported with its comment cut short, and the second (the rest of the comment and an
    answer) was set aside as a blank row: both losses silent, exit 0. A row with fewer cells
    than the header is refused, at the line it starts on; an empty line stays a blank row."""
    export = tmp_path / "forms.csv"
    export.write_text(
        "ID,What is your role?,SD2. Staff agree,Any other comments,G1. How familiar\n"
        "1,Link worker,Agree,first part of comment\n"
        "second part,7\n"
        "\n"
        '2,Link worker,Disagree,"a comment\nin quotes, kept whole",5\n',
        encoding="utf-8",
    )
    assert _refused(export) == [
        f"{export}:2: row 2 has 4 cells where the header row has 5: a cell holding a line "
        "break or the separator, not in double quotes, cuts a row in two; download the export "
        "again from the survey tool, or put that cell in double quotes",
        f"{export}:3: row 3 has 2 cells where the header row has 5: a cell holding a line "
        "break or the separator, not in double quotes, cuts a row in two; download the export "
        "again from the survey tool, or put that cell in double quotes",
    ]
    # Mended: the quoted line break is one cell, and the empty line and a row of empty cells
    # are blank rows, not short ones.
    export.write_text(
        "ID,What is your role?,SD2. Staff agree,Any other comments,G1. How familiar\n"
        '1,Link worker,Agree,"first part of comment\nsecond part",7\n'
        "\n"
        ",,\n"
        '2,Link worker,Disagree,"a comment\nin quotes, kept whole",5\n',
        encoding="utf-8",
    )
    import_files([export], tmp_path / "site", CATALOGUE, site="S")
    written = sorted((tmp_path / "site" / "respondents").glob("*.yaml"))
    assert len(written) == 2
    assert "second part" in written[0].read_text(encoding="utf-8")


def test_a_leading_apostrophe_is_what_was_typed(tmp_path: Path) -> None:
    """A spreadsheet keeps its own text marker out of a cell's value, and readiness never
    writes respondents' text to a spreadsheet, so an apostrophe in an export was typed."""
    export = _export(tmp_path, [["Role", "Comment on SD1"], ["GP", "'=1+2 is how I'd put it"]])
    import_files([export], tmp_path / "site", CATALOGUE, site="S")
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    assert person.comments["five-mechanisms"]["SD1"] == "'=1+2 is how I'd put it"


def test_an_ods_export_is_read(tmp_path: Path) -> None:
    from .test_tables import ods

    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = "".join(
        "<table:table-row>" + "".join(cell.format(v) for v in row) + "</table:table-row>"
        for row in (["Role", "SD1. x"], ["GP", "Agree"])
    )
    export = tmp_path / "forms.ods"
    export.write_bytes(ods(rows))
    records = import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert [(r.role, r.answers) for r in records] == [("gp", 1)]


def _fact_answers(folder: Path) -> dict[str, dict[str, float | None]]:
    [person] = load_assessment(folder, CATALOGUE).respondents
    return {fw: {i: a.value for i, a in items.items()} for fw, items in person.answers.items()}


@pytest.mark.parametrize("how", ["text", "id", "bracketed id", "home id", "grid", "mapping"])
def test_a_fact_asked_once_is_imported_under_its_home_framework(how: str, tmp_path: Path) -> None:
    """five-mechanisms SC1 is delivery-conditions DC8 reused (`from:`): one question, however
    the column names it, kept under delivery-conditions, where scoring reads both from."""
    text = CATALOGUE.frameworks["delivery-conditions"].items["DC8"].text
    title = {
        "text": text,
        "id": f"SC1. {text}",
        "bracketed id": "[SC1] a room",
        "home id": f"DC8. {text}",
        "grid": f"Tell us about the service [{text}]",
        "mapping": "Room?",
    }[how]
    mapping = None
    if how == "mapping":
        mapping = tmp_path / "columns.yaml"
        mapping.write_text(
            'columns:\n  "Room?": five-mechanisms/SC1\n  "Why?": five-mechanisms/SC1/comment\n'
        )
    header = ["Role", title, "Comment on SC1" if how != "mapping" else "Why?"]
    export = _export(tmp_path, [header, ["Practice manager", "Partly", "Only on Tuesdays"]])
    folder = tmp_path / "site"
    import_files([export], folder, CATALOGUE, site="S", mapping=mapping)
    written = yaml.safe_load(next((folder / "respondents").iterdir()).read_text())
    assert written["answers"] == {"delivery-conditions": {"DC8": "partly"}}
    assert written["comments"] == {"delivery-conditions": {"DC8": "Only on Tuesdays"}}
    assert written["versions"]["delivery-conditions"] == "3.0.0"
    assert _fact_answers(folder) == {"delivery-conditions": {"DC8": 1.0}}


def test_a_fact_and_its_reuse_in_two_columns_must_agree(tmp_path: Path) -> None:
    header = ["Role", "DC8. a room", "SC1. a room"]
    export = _export(
        tmp_path, [header, ["Practice manager", "Yes", "Yes"], ["Practice manager", "Yes", "No"]]
    )
    assert _refused(export) == [
        f"{export}:3: column B ('DC8. a room') and column C ('SC1. a room') are both "
        "delivery-conditions/DC8, and row 3 gives them different answers ('Yes' and 'No'); "
        "keep one of the columns, or map the other to ignore"
    ]


def test_a_reused_item_in_a_respondent_file_goes_to_its_home(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(
        "role: practice_manager\nanswers: {five-mechanisms: {SC1: partly, SD1: agree}}\n"
        "comments: {five-mechanisms: {SC1: Tuesdays}}\n"
    )
    folder = tmp_path / "site"
    import_files([source], folder, CATALOGUE, site="S")
    written = yaml.safe_load(next((folder / "respondents").iterdir()).read_text())
    assert written["answers"] == {
        "five-mechanisms": {"SD1": "agree"},
        "delivery-conditions": {"DC8": "partly"},
    }
    assert written["comments"] == {"delivery-conditions": {"DC8": "Tuesdays"}}
    assert _fact_answers(folder)["five-mechanisms"]["SC1"] == 1.0
    clash = tmp_path / "b.yaml"
    clash.write_text(
        "role: practice_manager\n"
        "answers: {five-mechanisms: {SC1: partly}, delivery-conditions: {DC8: 'no'}}\n"
    )
    with pytest.raises(InputError) as info:
        import_files([clash], tmp_path / "other", CATALOGUE, site="S")
    assert str(info.value) == (
        f"{clash}: five-mechanisms.SC1: line 2: five-mechanisms SC1 and delivery-conditions "
        "DC8 are one question, asked once, but the answers differ ('no' and 'partly'); "
        "keep one of them"
    )


@pytest.mark.parametrize(
    ("column", "states", "rejected"),
    [
        pytest.param("ReviewState", ["approved", "rejected", "", "hasIssues"], 2, id="odk"),
        pytest.param(
            "_validation_status",
            ["validation_status_approved", "validation_status_not_approved", "", "On hold"],
            2,
            id="kobo-xml",
        ),
        pytest.param(
            "_validation_status", ["Approved", "Not approved", "", ""], 2, id="kobo-label"
        ),
    ],
)
def test_a_survey_reviewer_verdict_is_kept_and_rejected_rows_are_left_out(
    tmp_path: Path, run_cli: RunCli, column: str, states: list[str], rejected: int
) -> None:
    """ODK Central's ReviewState and KoboToolbox's _validation_status: each respondent file
    keeps the verdict as exported; a rejected submission is not imported unless asked, and
    the import lists it."""
    export = tmp_path / "export.csv"
    rows = [["Respondent", "Role", "SD1", column]]
    rows += [[f"p{n}", "gp", "agree", state] for n, state in enumerate(states, 1)]
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    folder = tmp_path / "site"
    result = run_cli("import", export, "--into", folder, "--site", "Test")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (folder / "respondents").iterdir())
    assert written == ["p1.yaml", "p3.yaml", "p4.yaml"]
    assert f"export.csv (row {rejected + 1}): rejected by the survey's reviewer" in result.err
    assert "--include-rejected" in result.err
    kept = yaml.safe_load((folder / "respondents" / "p1.yaml").read_text())
    assert kept["imported_from"]["review_state"] == states[0]
    unreviewed = yaml.safe_load((folder / "respondents" / "p3.yaml").read_text())
    assert "review_state" not in unreviewed["imported_from"]
    assert len(load_assessment(folder, CATALOGUE).respondents) == 3
    again = tmp_path / "again"
    result = run_cli("import", export, "--into", again, "--site", "Test", "--include-rejected")
    assert result.exit_code == 0, result.output
    assert len(list((again / "respondents").iterdir())) == 4
    text = (again / "respondents" / f"p{rejected}.yaml").read_text()
    assert yaml.safe_load(text)["imported_from"]["review_state"] == states[rejected - 1]


def test_questions_in_the_sites_words_match_back(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 21: forms written with the site's name for the service (site.yaml's
    service_name, or --service-name given with --site) export titles in those words; the
    import accepts them. Without the name the same title is not a question we know."""
    header = ["Role", "Before I first met Community Connectors, I knew why I was going."]
    rows = [["Service user (client)", "Agree"]]
    export = tmp_path / "clients.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    named = tmp_path / "named"
    result = run_cli(
        "import",
        export,
        "--into",
        named,
        "--site",
        "Riverside",
        "--service-name",
        "Community Connectors",
    )
    assert result.exit_code == 0, result.output
    (client,) = load_assessment(named, CATALOGUE).respondents
    assert client.answers["five-mechanisms"]["SD5"].raw == "agree"
    (kept,) = (named / "respondents").glob("*.yaml")
    source = yaml.safe_load(kept.read_text(encoding="utf-8"))["imported_from"]
    assert source["service_name"] == "Community Connectors"  # SD5 says {service}
    assert "site_name" not in source  # and nothing it answered says {site}
    # A second export into the same folder: the name now comes from its site.yaml.
    again = tmp_path / "more.csv"
    with again.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, ["Service user (client)", "Disagree"]])
    assert run_cli("import", again, "--into", named).exit_code == 0
    assert len(load_assessment(named, CATALOGUE).respondents) == 2
    plain = tmp_path / "plain"
    result = run_cli("import", export, "--into", plain, "--site", "Riverside")
    assert result.exit_code == 1 and "Before I first met Community Connectors" in result.err


def test_questions_naming_the_site_are_asked_imported_and_reported_in_its_words(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Issue 21: {site} in an item's text reads as the site's name in every form (its
    `--site`), is matched back from an export titled in those words or the neutral ones
    ("this site"), and the report's item reads as the site's respondents read it."""
    fm = CATALOGUE.frameworks["five-mechanisms"]
    assert fm.items["SD2"].text_template is not None and "{site}" in fm.items["SD2"].text_template
    neutral = "Staff at this site agree about which patients should be referred to the link worker."
    assert fm.items["SD2"].text == neutral
    named = neutral.replace("this site", "Oakfield Surgery")
    listing = tmp_path / "gp.txt"
    assert (
        run_cli(
            "questionnaire",
            "five-mechanisms",
            "--role",
            "gp",
            "--site",
            "Oakfield Surgery",
            "--format",
            "txt",
            "-o",
            listing,
        ).exit_code
        == 0
    )
    assert f"SD2. {named}" in listing.read_text(encoding="utf-8")
    export = tmp_path / "staff.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["Role", named], ["GP", "Agree"]])
    folder = tmp_path / "oakfield"
    result = run_cli("import", export, "--into", folder, "--site", "Oakfield Surgery")
    assert result.exit_code == 0, result.output
    plain = tmp_path / "plain.csv"
    with plain.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["Role", neutral], ["GP", "Disagree"]])
    assert run_cli("import", plain, "--into", folder).exit_code == 0
    assessment = load_assessment(folder, CATALOGUE)
    assert [p.answers["five-mechanisms"]["SD2"].raw for p in assessment.respondents] == [
        "agree",
        "disagree",
    ]
    worded = next(f for f in assessment.frameworks if f.id == "five-mechanisms")
    assert worded.items["SD2"].text == named
    # Each response keeps the site's words it was imported with, because SD2 says {site}.
    for path in sorted((folder / "respondents").glob("*.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))["imported_from"]
        assert source["site_name"] == "Oakfield Surgery" and "service_name" not in source
    other = tmp_path / "other"
    result = run_cli("import", export, "--into", other, "--site", "Brook Lane")
    assert result.exit_code == 1 and "Staff at Oakfield Surgery" in result.err


def test_the_paste_ready_list_makes_a_form_whose_export_imports(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Issue 21: the txt format lists each question as a form builder pastes it; an export
    of a form built from it (titles as listed, answers by their labels) imports exactly."""
    listing = tmp_path / "gp.txt"
    result = run_cli(
        "questionnaire", "five-mechanisms", "--role", "gp", "--format", "txt", "-o", listing
    )
    assert result.exit_code == 0, result.output
    text = listing.read_text(encoding="utf-8")
    # The list has one comments question, at the end: the introduction promises no more.
    assert "There is a box for comments at the end." in text
    assert "Every question has room for a comment" not in text
    assert text.count("[Long text") == 1
    blocks = text.split("\n\n")
    questions = [b.splitlines() for b in blocks if b and "  [" in b.splitlines()[0]]
    header, row, expected = [], [], {}
    fm = CATALOGUE.frameworks["five-mechanisms"]
    for lines in questions:
        title = lines[0].rsplit("  [", 1)[0]
        header.append(title)
        options = [line for line in lines[1:] if not line.startswith("(")]
        if title == "What is your role?":
            row.append(options[0])
        elif title.split(". ", 1)[0] in fm.items and options:
            row.append(options[1])  # the second answer listed, by its words
            item = fm.items[title.split(". ", 1)[0]]
            expected[item.id] = item.scale.options[1].code
        else:
            row.append("")
    export = tmp_path / "responses.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    result = run_cli("import", export, "--into", tmp_path / "site", "--site", "Hill")
    assert result.exit_code == 0, result.output
    (person,) = load_assessment(tmp_path / "site", CATALOGUE).respondents
    assert person.role == "gp"
    assert {k: a.raw for k, a in person.answers["five-mechanisms"].items()} == expected
    assert len(expected) >= 5


def test_excel_comment_cells_that_are_not_text_are_kept_as_shown_or_refused(
    tmp_path: Path,
) -> None:
    """A comment Excel stored as a number or true/false is imported as the spreadsheet showed
    it (7, not 7.0; 12.5; TRUE, not Python's True); one stored as a date, or a number shown
    only in exponent form, cannot be told from what was typed and is refused at its cell."""
    import datetime as dt

    from openpyxl import Workbook

    def export(rows: list[list[object]], name: str) -> Path:
        wb = Workbook()
        ws = wb.active
        ws.append(["Your role", "[SD1] explain", "Comment on SD1", "Any other comments?"])
        for row in rows:
            ws.append(row)
        path = tmp_path / name
        wb.save(path)
        return path

    kept = export([["gp", "Agree", True, 12.5], ["gp", "Agree", 7.0, 7]], "kept.xlsx")
    import_files([kept], tmp_path / "site", CATALOGUE, site="S")
    people = load_assessment(tmp_path / "site", CATALOGUE).respondents
    assert [(p.comments["five-mechanisms"]["SD1"], p.general_comment) for p in people] == [
        ("TRUE", "12.5"),
        ("7", "7"),
    ]
    refused = export(
        [["gp", "Agree", dt.datetime(2026, 1, 2, 3, 4), 1.2345678901234567e19]], "refused.xlsx"
    )
    with pytest.raises(InputError) as info:
        import_files([refused], tmp_path / "other", CATALOGUE, site="S")
    messages = [p.message for p in info.value.problems]
    assert any("stored this comment as a date or time" in m for m in messages), messages
    assert any("only in exponent form" in m for m in messages), messages
    assert not (tmp_path / "other").exists()


def test_an_export_workbook_with_rows_on_two_sheets_is_refused(tmp_path: Path) -> None:
    """Only one sheet's rows would be read, and the people on the other lost without a word;
    an empty second sheet is fine."""
    from openpyxl import Workbook

    header = ["Timestamp", "What is your role?", "SD1. I could explain", "Any other comments"]
    book = Workbook()
    first = book.active
    first.title = "Form Responses 1"
    first.append(header)
    first.append(["2026-11-01 10:00", "GP", "Agree", "first sheet"])
    book.create_sheet("Notes")
    path = tmp_path / "two.xlsx"
    book.save(path)
    folder = tmp_path / "site"
    assert len(import_files([path], folder, CATALOGUE, site="S")) == 1
    second = book.create_sheet("Form Responses 2")
    second.append(header)
    second.append(["2026-11-02 10:00", "GP", "Disagree", "second sheet person"])
    book.save(path)
    with pytest.raises(InputError) as refused:
        import_files([path], tmp_path / "other", CATALOGUE, site="S")
    assert str(refused.value) == (
        f"{path}: has rows on more than one sheet ('Form Responses 1', 'Form Responses 2'), "
        "and an import reads one table of people; save each sheet that holds answers as a "
        "file of its own (or delete the others) and import those"
    )
    assert not (tmp_path / "other").exists()


def test_a_column_titled_only_with_a_required_marker_is_not_dropped(tmp_path: Path) -> None:
    """A title of only "*" (a required question's marker) names no question: its answers
    were silently lost. It is unmatched like any other column, and can be mapped."""
    export = _export(
        tmp_path, [["Role", "SD1. x", "*"], ["gp", "Agree", "important text under a star"]]
    )
    assert _refused(export) == [
        f"{export}:1: column C ('*'): not matched to any question; map it in a --mapping file "
        "(or map it to ignore)"
    ]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('columns:\n  "*": five-mechanisms/SD1/comment\n')
    import_files([export], tmp_path / "site", CATALOGUE, site="S", mapping=mapping)
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    assert person.comments["five-mechanisms"]["SD1"] == "important text under a star"


def test_a_figure_out_of_range_is_quoted_as_typed(tmp_path: Path) -> None:
    """'1e3' was reported as "1000.0 is outside the accepted range": the message quotes what
    the respondent typed, so it can be found in the export."""
    export = _export(
        tmp_path,
        [
            ["Your role", "DC2. (any wording)"],
            ["Link worker", "1e3"],
            ["Link worker", "700 minutes"],
        ],
    )
    messages = "\n".join(_refused(export))
    assert "'1e3' is outside the accepted range for DC2 (0 to 600 minutes)" in messages
    assert "'700 minutes' is outside the accepted range for DC2" in messages
    assert "1000.0" not in messages
