"""ODK Central and KoboToolbox exports of our XLSForm, built from those tools' documented
shapes (tests/collect/exports.py), imported exactly or refused."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.assessment.load import load_assessment
from readiness.collect.importer import import_files
from readiness.collect.questionnaire import build_questionnaire
from readiness.collect.xlsform import render_xlsform
from readiness.errors import InputError
from readiness.vocabulary import ScaleType

from ..helpers import RunCli
from .exports import (
    Field,
    central_rows,
    csv_bytes,
    form_fields,
    kobo_labels,
    kobo_rows,
    path_of,
    xlsx_bytes,
)
from .filling import CATALOGUE, FRAMEWORKS, ROLES_ASKED, assert_imported, chosen, expected_answers

FORMULA = '=HYPERLINK("http://example.com/x","click")'
NPT = CATALOGUE.frameworks["npt"]
FM = CATALOGUE.frameworks["five-mechanisms"]


def _form(role: str, frameworks: list[Any] | None = None) -> tuple[list[Field], str]:
    """The XLSForm's fields for `role`, and what its readiness_frameworks holds."""
    questionnaire = build_questionnaire(frameworks or FRAMEWORKS, role)
    versions = ";".join(f"{s.framework.id}@{s.framework.version}" for s in questionnaire.sections)
    return form_fields(render_xlsform(questionnaire)), versions


def _filled(role: str, labels: bool = False) -> dict[str, Any]:
    """One submission answering every question of `role`'s form with filling.chosen (codes,
    or with `labels` the option labels a label export holds), a comment on the first."""
    questionnaire = build_questionnaire(FRAMEWORKS, role)
    submission: dict[str, Any] = {
        "readiness_frameworks": ";".join(
            f"{s.framework.id}@{s.framework.version}" for s in questionnaire.sections
        ),
        "about/role": role,
        "about/respondent": f"k-{role}",
    }
    for section in questionnaire.sections:
        for qd in section.domains:
            for item in qd.items:
                n = section.items.index(item)
                value, label = chosen(item, n)
                group = f"{section.framework.id.replace('-', '_')}/{qd.domain.id}"
                if item.scale.type == ScaleType.NUMERIC:
                    answer: Any = value
                else:
                    answer = label if labels else value
                submission[f"{group}/{item.id}"] = answer
    return submission


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _respondents(folder: Path) -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((folder / "respondents").iterdir())
    ]


@pytest.mark.parametrize("role", ROLES_ASKED)
@pytest.mark.parametrize("tool", ["central-csv", "kobo-csv", "kobo-xlsx"])
def test_every_role_s_export_round_trips_exactly(
    tool: str, role: str, tmp_path: Path, run_cli: RunCli
) -> None:
    """Issue 21: our XLSForm, filled and exported as each tool exports it, imports and scores
    with exactly the answers filled in (Kobo's XLSX holding option labels, with spaces)."""
    form = tmp_path / f"{role}.xlsform.xlsx"
    ids = [f.id for f in FRAMEWORKS]
    result = run_cli("questionnaire", *ids, "--role", role, "--format", "xlsform", "-o", form)
    assert result.exit_code == 0, result.output
    fields = form_fields(form.read_bytes())
    submission = _filled(role, labels=tool == "kobo-xlsx")
    if tool == "central-csv":
        export = _write(tmp_path / "submissions.csv", csv_bytes(central_rows(fields, [submission])))
        said = "an ODK Central CSV export, 1 submission"
    elif tool == "kobo-csv":
        rows = kobo_rows(fields, [submission])
        export = _write(tmp_path / "kobo.csv", csv_bytes(rows, delimiter=";"))
        said = "a KoboToolbox CSV export, 1 submission"
    else:
        export = _write(tmp_path / "kobo.xlsx", xlsx_bytes(kobo_rows(fields, [submission])))
        said = "a KoboToolbox XLSX export, 1 submission"
    folder = tmp_path / "site"
    result = run_cli("import", export, "--into", folder, "--site", "Test PCN")
    assert result.exit_code == 0, result.output
    assert f"{export}: read as {said}" in result.err
    assert_imported(folder, f"k-{role}", role, expected_answers(role))


def test_group_names_may_be_left_out_of_the_headers(tmp_path: Path) -> None:
    """ODK Central's groupPaths=false and Kobo's headers without groups: each question is
    found by its name among the frameworks the form asked."""
    fields, _ = _form("gp")
    submission = _filled("gp")
    central = _write(tmp_path / "c.csv", csv_bytes(central_rows(fields, [submission], False)))
    kobo = _write(tmp_path / "k.csv", csv_bytes(kobo_rows(fields, [submission], False), ";"))
    for export in (central, kobo):
        folder = tmp_path / export.stem
        import_files([export], folder, CATALOGUE, site="S")
        assert_imported(folder, "k-gp", "gp", expected_answers("gp"))


def test_metadata_is_never_imported_and_text_is_kept_as_typed(tmp_path: Path) -> None:
    fields, versions = _form("gp", [NPT])
    submission = {
        "readiness_frameworks": versions,
        "about/role": "gp",
        "npt/coherence/CO1": "agree",
        "npt/coherence/CO1_comment": FORMULA,
        "npt/coherence/CO2_comment": "+44 20 7946 0000",
        "general_comment": "@everyone '=1+1",
        "SubmitterName": "Dr Alice Jones",
        "DeviceID": "collect:abc123",
    }
    export = _write(tmp_path / "c.csv", csv_bytes(central_rows(fields, [submission])))
    folder = tmp_path / "site"
    import_files([export], folder, CATALOGUE, site="S")
    (written,) = _respondents(folder)
    assert written["answers"] == {"npt": {"CO1": "agree"}}
    assert written["comments"] == {"npt": {"CO1": FORMULA, "CO2": "+44 20 7946 0000"}}
    assert written["general_comment"] == "@everyone '=1+1"
    text = (folder / "respondents" / "r01.yaml").read_text(encoding="utf-8")
    for never in ("Alice", "collect:abc123", "uuid:0000", "2026-11"):
        assert never not in text


def test_an_empty_cell_is_not_an_answer_and_a_figure_can_say_don_t_know(tmp_path: Path) -> None:
    dc = CATALOGUE.frameworks["delivery-conditions"]
    fields, versions = _form("link_worker", [dc])
    figure = next(path_of(f) for f in fields if f[1] == "decimal")
    item_id = figure.rsplit("/", 1)[1]
    other = next(path_of(f) for f in fields if f[1] == "decimal" and path_of(f) != figure)
    rows = [
        {"readiness_frameworks": versions, figure: "180", other: ""},
        {"readiness_frameworks": versions, f"{figure}_no_figure": "dont_know", other: " "},
    ]
    export = _write(tmp_path / "c.csv", csv_bytes(central_rows(fields, rows)))
    folder = tmp_path / "site"
    import_files([export], folder, CATALOGUE, role="link_worker", site="S")
    first, second = _respondents(folder)
    assert first["answers"]["delivery-conditions"] == {item_id: 180}
    assert second["answers"]["delivery-conditions"] == {item_id: "dont_know"}
    both = dict(rows[0], **{f"{figure}_no_figure": "dont_know"})
    export = _write(tmp_path / "both.csv", csv_bytes(central_rows(fields, [both])))
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "other", CATALOGUE, role="link_worker", site="S")
    dashed = figure.replace("/", "-")
    assert str(info.value) == (
        f"{export}: row 2: column {_letter(fields, item_id)} ('{dashed}') and column "
        f"{_letter(fields, item_id + '_no_figure')} ('{dashed}_no_figure') both answer "
        f"delivery-conditions {item_id} ('180' and 'dont_know'); keep one"
    )


def _letter(fields: list[Field], leaf: str) -> str:
    from readiness.collect.tables import column_letter

    names = [f[0][-1] for f in fields]
    return column_letter(1 + names.index(leaf))  # after SubmissionDate


def test_labels_with_spaces_are_one_answer_and_codes_come_first(tmp_path: Path) -> None:
    """A label export gives "Neither agree nor disagree": one answer, never split."""
    fields, versions = _form("gp", [NPT])
    submission = {
        "readiness_frameworks": versions,
        "about/role": "GP",
        "npt/coherence/CO1": "Neither agree nor disagree",
        "npt/coherence/CO2": "Not relevant to social prescribing here",
        "npt/general/G1": "7",
    }
    export = _write(tmp_path / "k.xlsx", xlsx_bytes(kobo_rows(fields, [submission])))
    folder = tmp_path / "site"
    import_files([export], folder, CATALOGUE, site="S")
    (written,) = _respondents(folder)
    assert written["role"] == "gp"
    assert written["answers"]["npt"] == {"CO1": "neutral", "CO2": "na_service", "G1": "7"}


def test_re_downloads_are_deduplicated_by_key_and_uuid(tmp_path: Path, run_cli: RunCli) -> None:
    fields, versions = _form("gp", [NPT])

    def answer(n: int, code: str) -> dict[str, Any]:
        return {
            "readiness_frameworks": versions,
            "about/role": "gp",
            "npt/coherence/CO1": code,
            "KEY": f"uuid:{n}",
            "_uuid": f"{n}",
        }

    monday = [answer(1, "agree"), answer(2, "disagree")]
    friday = [*monday, answer(3, "agree")]
    for name, make, sep in (("central", central_rows, ","), ("kobo", kobo_rows, ";")):
        folder = tmp_path / name
        first = _write(tmp_path / f"{name}-mon.csv", csv_bytes(make(fields, monday), sep))
        again = _write(tmp_path / f"{name}-fri.csv", csv_bytes(make(fields, friday), sep))
        assert run_cli("import", first, "--into", folder, "--site", "S").exit_code == 0
        result = run_cli("import", again, "--into", folder)
        assert result.exit_code == 0, result.output
        assert "Imported 1 respondent" in result.err and "skipped 2 rows" in result.err
        assert len(_respondents(folder)) == 3
    # The same submission twice in one export: once if alike, refused if the answers differ.
    twice = _write(tmp_path / "twice.csv", csv_bytes(central_rows(fields, [*monday, monday[0]])))
    result = run_cli("import", twice, "--into", tmp_path / "t", "--site", "S")
    assert result.exit_code == 0, result.output
    assert f"{twice}: row 4 skipped: already imported (row 2 of twice.csv)" in result.err
    clash = _write(
        tmp_path / "clash.csv", csv_bytes(central_rows(fields, [*monday, answer(1, "neutral")]))
    )
    result = run_cli("import", clash, "--into", tmp_path / "c", "--site", "S")
    assert result.exit_code == 1
    assert (
        f"{clash}: row 4: the submission KEY uuid:1 is also row 2, with different answers; "
        "keep the row you mean (the newest download), or import each download on its own"
    ) in result.err
    assert not (tmp_path / "c").exists()
    # A submission edited in the survey after an earlier download is skipped as the docs say,
    # and named as edited: the file keeps what was imported, and the reader knows.
    for name, make, sep in (("central", central_rows, ","), ("kobo", kobo_rows, ";")):
        edited = _write(
            tmp_path / f"{name}-edited.csv",
            csv_bytes(make(fields, [answer(1, "strongly_agree"), *friday[1:]]), sep),
        )
        folder = tmp_path / name
        before = sorted(p.read_bytes() for p in (folder / "respondents").iterdir())
        result = run_cli("import", edited, "--into", folder)
        assert result.exit_code == 0, result.output
        assert (
            f"{edited}: row 2 skipped: already imported (respondents/r01.yaml); but its answers "
            "were edited in the survey since, and the file keeps the answers imported then: to "
            "take the edit, delete respondents/r01.yaml and import this download again"
        ) in result.err
        assert "row 3 skipped: already imported (respondents/r02.yaml)\n" in result.err
        assert sorted(p.read_bytes() for p in (folder / "respondents").iterdir()) == before


def test_a_version_not_installed_is_refused_and_an_older_one_carried(tmp_path: Path) -> None:
    fields, versions = _form("gp", [FM])
    assert versions == "delivery-conditions@3.0.0;rainbow@3.0.0;five-mechanisms@3.0.0"
    newer = {
        "readiness_frameworks": versions.replace("five-mechanisms@3.0.0", "five-mechanisms@9.0.0"),
        "about/role": "gp",
    }
    newer["five_mechanisms/shared_definition/SD1"] = "agree"
    export = _write(tmp_path / "new.csv", csv_bytes(central_rows(fields, [newer])))
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "a", CATALOGUE, site="S")
    assert str(info.value) == (
        f"{export}: five-mechanisms: row 2: these answers are for five-mechanisms version "
        "9.0.0, which is not installed (installed: 1.0.0, 2.0.0, 3.0.0); score them with the "
        "matching framework file (--frameworks-dir) or send respondents a new questionnaire"
    )
    older = dict(
        newer,
        readiness_frameworks=versions.replace("five-mechanisms@3.0.0", "five-mechanisms@2.0.0"),
    )
    export = _write(tmp_path / "old.csv", csv_bytes(central_rows(fields, [older])))
    records = import_files([export], tmp_path / "b", CATALOGUE, site="S")
    assert records[0].notes[0].startswith("five-mechanisms: answered on 2.0.0; 1 answers carried")
    (written,) = _respondents(tmp_path / "b")
    assert written["versions"]["five-mechanisms"] == "3.0.0"
    assert written["answers"]["five-mechanisms"] == {"SD1": "agree"}
    for bad in ("", "five-mechanisms"):
        row = dict(older, readiness_frameworks=bad)
        export = _write(tmp_path / "bad.csv", csv_bytes(central_rows(fields, [row])))
        with pytest.raises(InputError) as info:
            import_files([export], tmp_path / "c", CATALOGUE, site="S")
        assert "row 2: column B ('readiness_frameworks') should list the frameworks" in str(
            info.value
        )


def test_rejected_submissions_are_left_out_counted_and_listed(
    tmp_path: Path, run_cli: RunCli
) -> None:
    fields, versions = _form("gp", [NPT])
    base = {"readiness_frameworks": versions, "about/role": "gp", "npt/coherence/CO1": "agree"}
    central = [dict(base, ReviewState=s) for s in ("approved", "rejected", "", "hasIssues")]
    kobo = [
        dict(base, _validation_status=s)
        for s in ("validation_status_approved", "validation_status_not_approved", "", "")
    ]
    for name, rows, sep in (
        ("central", central_rows(fields, central), ","),
        ("kobo", kobo_rows(fields, kobo), ";"),
    ):
        export = _write(tmp_path / f"{name}.csv", csv_bytes(rows, sep))
        result = run_cli("import", export, "--into", tmp_path / name, "--site", "S")
        assert result.exit_code == 0, result.output
        assert f"not imported: {export} (row 3): rejected by the survey's reviewer" in result.err
        assert "Imported 3 respondents" in result.err and "1 not imported" in result.err


@pytest.mark.parametrize(
    ("title", "message"),
    [
        pytest.param(
            "Practice name",
            "column {col} ('Practice name'): it is not a question of the form `readiness "
            "questionnaire --format xlsform` writes; remove the question from the form, or the "
            "column from the export",
            id="unknown",
        ),
        pytest.param(
            "npt-coherence-CO1/agree",
            "column {col} ('npt-coherence-CO1/agree'): is one option of a select-multiple "
            "question, but each question of the form takes one answer (select_one); deploy the "
            "form as `readiness questionnaire --format xlsform` wrote it",
            id="select-multiple",
        ),
        pytest.param(
            "npt-coherence-CO1",
            "column B ('npt-coherence-CO1') and column {col} have the same title, so which "
            "holds the answer cannot be told; export again without editing the header row",
            id="duplicate-title",
        ),
        pytest.param(
            "CO1",
            "column B ('npt-coherence-CO1') and column {col} ('CO1') are the same question; "
            "keep one of them",
            id="same-question",
        ),
        pytest.param(
            "five_mechanisms-shared_definition-SD1",
            "column {col} ('five_mechanisms-shared_definition-SD1'): is a question of "
            "five-mechanisms, but the submissions' readiness_frameworks do not list that "
            "framework; export the form's data again",
            id="framework-not-asked",
        ),
    ],
)
def test_a_column_the_form_does_not_have_is_refused_by_name(
    tmp_path: Path, title: str, message: str
) -> None:
    fields: list[Field] = [
        (("npt", "coherence", "CO1"), "select_one"),
        (("readiness_frameworks",), "calculate"),
    ]
    rows = central_rows(
        fields, [{"readiness_frameworks": "npt@3.0.0", "npt/coherence/CO1": "agree"}]
    )
    at = len(rows[0]) - 10  # before the trailer
    rows[0].insert(at, title)
    rows[1].insert(at, "1")
    export = _write(tmp_path / "c.csv", csv_bytes(rows))
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, role="gp", site="S")
    from readiness.collect.tables import column_letter

    assert str(info.value) == f"{export}:1: " + message.format(col=column_letter(at))


def test_an_export_without_the_form_s_versions_is_refused(tmp_path: Path) -> None:
    rows = [["_uuid", "_submission_time", "SD1"], ["u1", "2026-11-01", "agree"]]
    export = _write(tmp_path / "k.csv", csv_bytes(rows))
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, role="gp", site="S")
    assert str(info.value) == (
        f"{export}:1: is a KoboToolbox export, but has no readiness_frameworks column, so the "
        "framework versions answered are unknown; collect answers with the form `readiness "
        "questionnaire --format xlsform` writes, and export all its fields"
    )


def test_a_mapping_file_is_refused_not_ignored(tmp_path: Path) -> None:
    """A survey tool's export of our form is read by the form's names: a mapping file given
    with it would do nothing, so the import says so instead of leaving it unused."""
    fields: list[Field] = [
        (("npt", "coherence", "CO1"), "select_one"),
        (("readiness_frameworks",), "calculate"),
    ]
    rows = central_rows(
        fields, [{"readiness_frameworks": "npt@3.0.0", "npt/coherence/CO1": "agree"}]
    )
    export = _write(tmp_path / "c.csv", csv_bytes(rows))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, role="gp", site="S", mapping=mapping)
    assert str(info.value) == (
        f"{mapping}: c.csv is an export of our web form from ODK Central, read by the form's own "
        "question names, so a mapping file does not apply; import it without --mapping"
    )
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_a_100000_row_export_imports_in_time_that_grows_with_its_rows(tmp_path: Path) -> None:
    """A realistic round across a large area: 100,000 submissions of the client form in one
    ODK Central CSV (under the 20 MiB limit), imported exactly; reading it stays linear."""
    fields, versions = _form("client", [FM])
    base = {"readiness_frameworks": versions, "about/role": "client"}
    items = [path_of(f) for f in fields if f[1].startswith("select_one")]
    codes = ["agree", "disagree", "strongly_agree", "dont_know"]

    def export(n: int) -> Path:
        rows = [
            dict(base, **{p: codes[(i + k) % 4] for k, p in enumerate(items)}) for i in range(n)
        ]
        return _write(tmp_path / f"{n}.csv", csv_bytes(central_rows(fields, rows)))

    from readiness.collect.sources import read_source

    small, large = export(10_000), export(100_000)
    assert large.stat().st_size < 20 * 1024 * 1024
    started = time.perf_counter()
    assert len(read_source(small, CATALOGUE, None)) == 10_000
    ten_thousand = time.perf_counter() - started
    started = time.perf_counter()
    assert len(read_source(large, CATALOGUE, None)) == 100_000
    assert time.perf_counter() - started < 10 * ten_thousand * 2
    records = import_files([large], tmp_path / "site", CATALOGUE, site="S")
    assert len(records) == 100_000
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[-1]
    assert person.role == "client" and len(person.answers["five-mechanisms"]) == len(items)


def test_a_kobo_submission_edited_after_import_is_the_same_submission(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """KoboToolbox gives an edited submission a new _uuid and keeps the first one in
    meta/rootUuid: a later download holding the edit skips it as already imported, as the
    docs promise, rather than adding the same person again."""
    fields, versions = _form("gp", [NPT])

    def download(uuid: str, code: str) -> bytes:
        submission = {
            "readiness_frameworks": versions,
            "about/role": "gp",
            "npt/coherence/CO1": code,
            "_uuid": uuid,
        }
        rows = kobo_rows(fields, [submission])
        rows[0].append("meta/rootUuid")
        rows[1].append("uuid:first")
        return csv_bytes(rows, ";")

    folder = tmp_path / "site"
    before = _write(tmp_path / "before.csv", download("first", "agree"))
    edited = _write(tmp_path / "edited.csv", download("second", "disagree"))
    assert run_cli("import", before, "--into", folder, "--site", "S").exit_code == 0
    result = run_cli("import", edited, "--into", folder)
    assert result.exit_code == 0, result.output
    assert "row 2 skipped: already imported (respondents/r01.yaml)" in result.err
    assert len(_respondents(folder)) == 1


@pytest.mark.parametrize("tool", ["central-csv", "kobo-csv", "kobo-xlsx"])
@pytest.mark.parametrize("where", ["trailing empty line", "blank row between"])
def test_a_blank_row_is_no_submission_and_hides_none(tool: str, where: str, tmp_path: Path) -> None:
    """A spreadsheet saves an export with an empty line at the end, or someone deletes a
    test submission's cells: such a row is no submission, and every other row imports."""
    fields, _ = _form("gp")
    submissions = [_filled("gp"), {**_filled("gp"), "about/respondent": "k-gp-2"}]
    rows = (kobo_rows if tool.startswith("kobo") else central_rows)(fields, submissions)
    blank_row = [""] * len(rows[0])
    if where == "blank row between":
        rows = [rows[0], rows[1], blank_row, rows[2]]
    if tool == "kobo-xlsx":
        data = xlsx_bytes(rows if where != "trailing empty line" else [*rows, blank_row])
    else:
        data = csv_bytes(rows, ";" if tool == "kobo-csv" else ",")
        data += b"\r\n" if where == "trailing empty line" else b""
    export = _write(tmp_path / ("export.xlsx" if tool == "kobo-xlsx" else "export.csv"), data)
    folder = tmp_path / "site"
    import_files([export], folder, CATALOGUE, site="S")
    assert sorted(r["id"] for r in _respondents(folder)) == ["k-gp", "k-gp-2"]
    assert_imported(folder, "k-gp", "gp", expected_answers("gp"))


@pytest.mark.parametrize("groups", [True, False])
def test_a_kobo_export_titled_with_labels_is_refused_in_one_message(
    groups: bool, tmp_path: Path
) -> None:
    """KoboToolbox's 'Labels' export titles columns with the questions' words, which several
    comment questions share: one message says which export to choose, not one per column."""
    questionnaire = build_questionnaire(FRAMEWORKS, "gp")
    xlsform_bytes = render_xlsform(questionnaire)
    fields = form_fields(xlsform_bytes)
    titles = kobo_labels(xlsform_bytes, groups)
    rows = kobo_rows(fields, [_filled("gp", labels=True)])
    rows[0] = [titles.get(title, title) for title in rows[0]]
    export = _write(tmp_path / "kobo.csv", csv_bytes(rows, ";"))
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert [str(p) for p in info.value.problems] == [
        f"{export}:1: is a KoboToolbox export whose columns are titled with the questions' "
        "labels, which cannot be matched to the form's questions (several share a label); "
        "export again choosing 'XML values and headers' and the group separator '/'"
    ]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("tool", ["central-csv", "kobo-csv"])
def test_an_export_with_no_submissions_says_so_in_one_message(tool: str, tmp_path: Path) -> None:
    """Before, each question's column was told it was not a framework the (absent)
    submissions answered: some sixty lines, none saying the export was empty."""
    fields, _ = _form("gp")
    rows = (kobo_rows if tool == "kobo-csv" else central_rows)(fields, [])
    rows.append([""] * len(rows[0]))  # a trailing empty line is no submission either
    export = _write(tmp_path / "export.csv", csv_bytes(rows, ";" if tool == "kobo-csv" else ","))
    with pytest.raises(InputError) as info:
        import_files([export], tmp_path / "site", CATALOGUE, site="S")
    assert [str(p) for p in info.value.problems] == [
        f"{export}: has a header row but no submissions"
    ]
