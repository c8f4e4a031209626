"""Imports: never overwrite, never half-write, refuse what was already imported."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import pytest
import yaml

from readiness.api import load as readiness_load
from readiness.assessment.load import load_assessment
from readiness.collect.importer import import_files
from readiness.errors import InputError, ReadinessError
from readiness.framework.load import load_catalogue

from ..helpers import RunCli, flat

CATALOGUE = load_catalogue()


def test_import_never_overwrites_and_refuses_duplicates(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    first = import_files([source], folder, CATALOGUE, site="S")
    assert first[0].respondent_id == "r01"
    before = (folder / "respondents" / "r01.yaml").read_bytes()
    with pytest.raises(InputError, match="already imported"):
        import_files([source], folder, CATALOGUE)
    other = tmp_path / "b.yaml"
    other.write_text("id: r01\nrole: gp\nanswers: {five-mechanisms: {SD1: disagree}}\n")
    second = import_files([other], folder, CATALOGUE)
    assert second[0].respondent_id == "r02"  # r01 is taken: a new id, not an overwrite
    assert (folder / "respondents" / "r01.yaml").read_bytes() == before
    third = tmp_path / "c.yaml"
    third.write_text("role: gp\nanswers: {five-mechanisms: {SD1: neutral}}\n")
    with pytest.raises(InputError, match="respondent 'r01' already exists"):
        import_files([third], folder, CATALOGUE, respondent="r01")


def test_an_unknown_role_or_site_kind_is_refused_before_anything_is_read(
    tmp_path: Path,
) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    with pytest.raises(ReadinessError) as raised:
        import_files([source], folder, CATALOGUE, role="gp_partner", site="S")
    assert str(raised.value).startswith("unknown role 'gp_partner' (did you mean 'gp'?)")
    with pytest.raises(ReadinessError) as raised:
        import_files([source], folder, CATALOGUE, site="S", site_kind="pcns")
    assert str(raised.value) == (
        "unknown site kind 'pcns' (did you mean 'pcn'?); use one of: practice, pcn, service"
    )
    assert not folder.exists()


def test_role_never_overwrites_the_role_a_file_gives(tmp_path: Path) -> None:
    """helper-46: `--role gp` turned respondents who said "Link worker" into GPs, in every
    kind of file; roles decide facts, gates and what is shown. --role fills in a role only
    where a file gives none; one that says another is refused, naming both."""
    export = tmp_path / "forms.csv"
    export.write_text(
        "What is your role?,SD2. Staff agree\nLink worker,Agree\n,Disagree\nlink_worker,Agree\n",
        encoding="utf-8",
    )
    folder = tmp_path / "site"
    with pytest.raises(InputError) as refused:
        import_files([export], folder, CATALOGUE, role="gp", site="S")
    messages = [str(p) for p in refused.value.problems]
    assert messages[0] == (
        f"{export}: role: row 2: the role given is 'Link worker', but --role says GP; --role "
        "is for files that give no role: leave it out to keep each person's own answer, or "
        "correct the file if the role given is wrong"
    )
    assert messages[1].startswith(
        f"{export}: role: row 4: the role given is 'link_worker' (Link worker), but --role"
    )
    assert len(messages) == 2 and not folder.exists()
    # The same role, or none given: --role holds.
    written = import_files([export], folder, CATALOGUE, role="link_worker", site="S")
    assert [w.role for w in written] == ["link_worker"] * 3
    form = tmp_path / "a.yaml"
    form.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    with pytest.raises(
        InputError, match=r"the role given is 'gp' \(GP\), but --role says Practice nurse"
    ):
        import_files([form], folder, CATALOGUE, role="practice_nurse")


def test_a_failed_import_writes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agreed}}\n")
    with pytest.raises(InputError) as info:
        import_files([good, bad], tmp_path / "site", CATALOGUE, site="S")
    assert "'agreed' is not one of the answers for SD1 (did you mean 'Agree'?)" in str(info.value)
    assert not (tmp_path / "site").exists()


def test_version_mismatch_names_both_versions(tmp_path: Path) -> None:
    source = tmp_path / "old.yaml"
    source.write_text("role: gp\nversions: {npt: '0.9'}\nanswers: {npt: {CO1: agree}}\n")
    with pytest.raises(InputError) as info:
        import_files([source], tmp_path / "site", CATALOGUE, site="S")
    assert "these answers are for npt version 0.9, which is not installed (installed: 1.0.0, " in (
        str(info.value)
    )


def _csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


MS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Your role", "SD1. x"]
MONDAY = [
    MS_HEADER,
    ["1", "10/1/26 9:00:00", "10/1/26 9:05:00", "anonymous", "", "GP", "Agree"],
    ["2", "10/1/26 9:10:00", "10/1/26 9:15:00", "anonymous", "", "GP", "Disagree"],
]
FRIDAY = [
    *MONDAY,
    ["3", "10/5/26 9:00:00", "10/5/26 9:05:00", "anonymous", "", "Practice nurse", "Agree"],
    ["4", "10/5/26 9:10:00", "10/5/26 9:15:00", "anonymous", "", "GP", "Agree"],
]


def test_a_redownloaded_export_imports_only_the_new_rows(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "site"
    monday = _csv(tmp_path / "monday.csv", MONDAY)
    friday = _csv(tmp_path / "friday.csv", FRIDAY)
    first = run_cli("import", monday, "--into", folder, "--site", "S")
    assert first.exit_code == 0, first.output
    second = run_cli("import", friday, "--into", folder)
    assert second.exit_code == 0, second.output
    assert second.err.splitlines() == [
        f"{folder}/respondents/r03.yaml: r03 (practice_nurse), 1 answer from friday.csv row 4",
        f"{folder}/respondents/r04.yaml: r04 (gp), 1 answer from friday.csv row 5",
        f"{friday}: row 2 skipped: already imported (respondents/r01.yaml)",
        f"{friday}: row 3 skipped: already imported (respondents/r02.yaml)",
        f"Imported 2 respondents into {folder}; skipped 2 rows already imported",
    ]
    assert second.err.endswith(
        f"Imported 2 respondents into {folder}; skipped 2 rows already imported\n"
    )
    assert "row 2 skipped: already imported (respondents/r01.yaml)" in second.err
    assert len(load_assessment(folder, CATALOGUE).respondents) == 4
    again = run_cli("import", friday, "--into", folder)
    assert again.exit_code == 1
    assert f"already imported as {folder}/respondents/r03.yaml; nothing was imported" in again.err
    # A new download holding only rows already imported is not an error: nothing new.
    copy = _csv(tmp_path / "monday-again.csv", [*MONDAY, []])
    only_old = run_cli("import", copy, "--into", folder)
    assert only_old.exit_code == 0, only_old.output
    assert only_old.err.endswith(
        f"Imported 0 respondents into {folder}; skipped 2 rows already imported\n"
    )
    assert len(list((folder / "respondents").iterdir())) == 4


def test_a_microsoft_forms_response_edited_since_its_import_is_told(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Microsoft Forms keeps a response's ID and times when its answers are edited: a later
    download says the row was edited and the file keeps what was imported, as for ODK."""
    folder = tmp_path / "site"
    monday = _csv(tmp_path / "a.csv", MONDAY)
    assert run_cli("import", monday, "--into", folder, "--site", "S").exit_code == 0
    edited = [MS_HEADER, MONDAY[1], [*MONDAY[2][:-1], "Strongly agree"]]
    result = run_cli("import", _csv(tmp_path / "b.csv", edited), "--into", folder)
    assert result.exit_code == 0, result.output
    lines = result.err.splitlines()
    assert f"{tmp_path / 'b.csv'}: row 2 skipped: already imported (respondents/r01.yaml)" in lines
    assert (
        f"{tmp_path / 'b.csv'}: row 3 skipped: already imported (respondents/r02.yaml); "
        "but its answers were edited in the survey since" in result.err
    )
    assert "r01.yaml); but" not in result.err
    assert "disagree" in (folder / "respondents" / "r02.yaml").read_text()
    # helper-46: following that advice (delete the file, import the download again) was
    # refused as "already imported", the download having been read before. A download is
    # refused only when it brings nothing new.
    assert "to take the edit, delete respondents/r02.yaml and import this download again" in (
        result.err
    )
    (folder / "respondents" / "r02.yaml").unlink()
    taken = run_cli("import", tmp_path / "b.csv", "--into", folder)
    assert taken.exit_code == 0, taken.output
    assert "r02 (gp), 1 answer from b.csv row 3" in taken.err
    assert "strongly_agree" in (folder / "respondents" / "r02.yaml").read_text()
    again = run_cli("import", tmp_path / "b.csv", "--into", folder)
    assert again.exit_code == 1 and "nothing was imported" in again.err


@pytest.mark.parametrize("kind", ["google", "plain"])
def test_rows_without_an_id_are_recognised_by_their_content(tmp_path: Path, kind: str) -> None:
    header = ["Timestamp", "Your role", "SD1. x"] if kind == "google" else ["Your role", "SD1. x"]

    def row(stamp: str, role: str, answer: str) -> list[str]:
        return [stamp, role, answer] if kind == "google" else [role, answer]

    monday = [
        header,
        row("2026/10/01 9:00:00", "GP", "Agree"),
        row("2026/10/01 9:00:00", "GP", "Agree"),
    ]
    friday = [
        *monday,
        row("2026/10/01 9:00:00", "GP", "Agree"),
        row("2026/10/02 9:00:00", "GP", "Disagree"),
    ]
    folder = tmp_path / "site"
    first = import_files([_csv(tmp_path / "a.csv", monday)], folder, CATALOGUE, site="S")
    assert len(first) == 2  # two people who answered alike are two people
    second = import_files([_csv(tmp_path / "b.csv", friday)], folder, CATALOGUE)
    assert [r.row for r in second] == [4, 5]
    assert [(s.row, s.existing) for s in second.skipped] == [
        (2, "respondents/r01.yaml"),
        (3, "respondents/r02.yaml"),
    ]
    text = "".join(p.read_text() for p in (folder / "respondents").iterdir())
    assert "2026/10/01" not in text  # a timestamp is only ever stored as part of a hash


def test_a_failed_import_leaves_no_site_yaml_and_no_temporary_files(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "respondents").mkdir()
    (folder / "respondents" / "r01.yaml").mkdir()  # a folder where r01's file would go
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    with pytest.raises(Exception):  # noqa: B017 - any failure at all must undo the import
        from unittest import mock

        with mock.patch("readiness.output.os.link", side_effect=OSError(28, "No space")):
            import_files([source], folder, CATALOGUE, site="S")
    assert sorted(p.name for p in folder.iterdir()) == ["respondents"]
    assert sorted(p.name for p in (folder / "respondents").iterdir()) == ["r01.yaml"]


def test_stale_temporary_files_of_dead_runs_are_removed(tmp_path: Path) -> None:
    import subprocess
    import sys

    from readiness import output

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    folder = tmp_path / "site" / "respondents"
    folder.mkdir(parents=True)
    (tmp_path / "site" / "site.yaml").write_text(
        "site: {name: S, kind: practice, assessed_on: 2026-10-01}\n"
    )
    leftover = folder / f"{output.TEMP_PREFIX}{dead.stdout.strip()}-abc-r01.yaml"
    leftover.write_text("half a file")
    alive = folder / f"{output.TEMP_PREFIX}{os.getppid()}-abc-r02.yaml"
    alive.write_text("being written")
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    output._CLEANED.clear()
    import_files([source], tmp_path / "site", CATALOGUE)
    assert not leftover.exists()
    assert alive.exists()  # a live process's file is left alone


def test_an_import_parses_each_existing_respondent_file_once(tmp_path: Path) -> None:
    """The versions the assessment uses and the ids and earlier imports it holds come from one
    reading of the folder; the look under the lock reads only what changed meanwhile."""
    from unittest import mock

    from readiness import yamlio

    folder = tmp_path / "site"
    rows = [MS_HEADER] + [
        [str(n), "10/1/26 9:00:00", "10/1/26 9:05:00", "", "", "GP", "Agree"] for n in range(6)
    ]
    import_files([_csv(tmp_path / "a.csv", rows)], folder, CATALOGUE, site="S")
    source = tmp_path / "b.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    parsed: list[str] = []
    real = yamlio.read_input

    def counting(path: Path, limit: int, what: str = "file") -> bytes:
        parsed.append(path.name)
        return real(path, limit, what)

    with mock.patch.object(yamlio, "read_input", side_effect=counting):
        [record] = import_files([source], folder, CATALOGUE)
    assert record.respondent_id == "r07"
    assert sorted(n for n in parsed if n != "site.yaml") == [f"r0{n}.yaml" for n in range(1, 7)]


def test_an_import_that_creates_the_folder_takes_the_site_details(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Issue 21: the ODS code, service name, PCN, ICB, date and invited counts go into the
    new site.yaml, checked before anything is written; what is still missing is printed."""
    form = tmp_path / "gp.yaml"
    assert (
        run_cli("questionnaire", "npt", "--role", "gp", "--format", "yaml", "-o", form).exit_code
        == 0
    )
    form.write_text(
        form.read_text(encoding="utf-8")
        .replace("id:       #", "id: g1 #", 1)
        .replace("    CO1:\n", "    CO1: agree\n", 1),
        encoding="utf-8",
    )
    site = tmp_path / "hill"
    result = run_cli(
        "import",
        form,
        "--into",
        site,
        "--site",
        "Hill Practice",
        "--ods-code",
        "a81001",
        "--service-name",
        "Hill Connect",
        "--assessed-on",
        "2026-11-20",
        "--invited",
        "gp=4",
        "--invited",
        "link_worker=2",
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))["site"]
    assert data == {
        "name": "Hill Practice",
        "ods_code": "A81001",
        "kind": "practice",
        "assessed_on": dt.date(2026, 11, 20),
        "service_name": "Hill Connect",
        "invited": {"gp": 4, "link_worker": 2},
    }
    assert "it does not yet say its PCN and ICB codes" in result.err
    assert readiness_load(site).site.invited == {"gp": 4, "link_worker": 2}
    # A bad value is refused before anything is written, naming the key.
    bad = tmp_path / "bad"
    result = run_cli("import", form, "--into", bad, "--site", "Bad", "--ods-code", "not a code!")
    assert result.exit_code == 1 and "site.ods_code" in result.err and not bad.exists()
    result = run_cli("import", form, "--into", bad, "--site", "Bad", "--invited", "gp=many")
    assert result.exit_code == 2 and "ROLE=N" in result.err and not bad.exists()
    result = run_cli("import", form, "--into", bad, "--ods-code", "A81001")
    assert result.exit_code == 2 and "go with --site" in result.err


def test_answers_a_role_is_not_asked_are_kept_and_said(tmp_path: Path, run_cli: RunCli) -> None:
    """A GP's form returned with another role chosen: its answers are the respondent's and are
    kept, but they are scored as that role's, so the import says so, naming them."""
    form = tmp_path / "gp.yaml"
    made = run_cli(
        "questionnaire", "five-mechanisms", "--role", "gp", "--format", "yaml", "-o", form
    )
    assert made.exit_code == 0
    text = form.read_text(encoding="utf-8").replace("\nrole: gp", "\nrole: client", 1)
    form.write_text(text.replace("    SD1:\n", "    SD1: agree\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = run_cli("import", form, "--into", site, "--site", "Hill")
    assert result.exit_code == 0, result.output
    said = flat(result.err)
    assert (
        "warning: 1 answer (five-mechanisms SD1) to questions not asked of the role this "
        "respondent is imported as, Service user (client): kept, and scored as that role's answers"
    ) in said
    (written,) = (site / "respondents").iterdir()
    assert "SD1: agree" in written.read_text(encoding="utf-8")
    # Answers the role is asked bring no such warning.
    form.write_text(
        text.replace("\nrole: client", "\nrole: gp", 1).replace("    SD1:\n", "    SD1: agree\n", 1)
    )
    again = run_cli("import", form, "--into", tmp_path / "other", "--site", "Dale")
    assert again.exit_code == 0 and "not asked of" not in again.err


def test_a_pseudonym_already_taken_is_renamed_with_a_note(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 21: never silently."""
    form = tmp_path / "gp.yaml"
    assert (
        run_cli("questionnaire", "npt", "--role", "gp", "--format", "yaml", "-o", form).exit_code
        == 0
    )
    text = form.read_text(encoding="utf-8").replace("id:       #", "id: g1 #", 1)
    form.write_text(text.replace("    CO1:\n", "    CO1: agree\n", 1), encoding="utf-8")
    second = tmp_path / "gp-2.yaml"
    second.write_text(text.replace("    CO1:\n", "    CO1: disagree\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    assert run_cli("import", form, "--into", site, "--site", "Hill").exit_code == 0
    result = run_cli("import", second, "--into", site)
    assert result.exit_code == 0, result.output
    said = flat(result.err)
    assert "warning: the pseudonym 'g1' is already another respondent's in" in said
    assert "so this respondent is r01" in said
    # It may be the same person's corrected form: the way out is said.
    assert "if instead one person sent a corrected form, they are now counted twice" in said
    assert f"(this one is {site / 'respondents' / 'r01.yaml'})" in said
    assert sorted(p.name for p in (site / "respondents").iterdir()) == ["g1.yaml", "r01.yaml"]
    # The file says so at its top, for when the warning is counted rather than listed (past
    # the files listed, or per site with --by-site), so the form to drop can be found.
    header = (site / "respondents" / "r01.yaml").read_text(encoding="utf-8").split("\nid:")[0]
    assert (
        "# note: the response gave the pseudonym 'g1', already another respondent's here, so "
        "this respondent is r01"
    ) in header
    assert "pseudonym" not in (site / "respondents" / "g1.yaml").read_text(encoding="utf-8")
    # One that differs only in case is taken too: g1.yaml and G1.yaml are one file on the
    # disks of macOS and Windows (helper-59).
    upper = tmp_path / "gp-upper.yaml"
    upper.write_text(second.read_text().replace("id: g1 #", "id: G1 #", 1), encoding="utf-8")
    cased = run_cli("import", upper, "--into", site)
    assert cased.exit_code == 0, cased.output
    assert "warning: the pseudonym 'G1' is already another respondent's" in flat(cased.err)
    assert sorted(p.name for p in (site / "respondents").iterdir()) == [
        "g1.yaml",
        "r01.yaml",
        "r02.yaml",
    ]
    (site / "respondents" / "r02.yaml").unlink()
    # --respondent naming a pseudonym taken but for capitals names the file that holds it.
    chosen = run_cli("import", upper, "--into", site, "--respondent", "G1")
    assert chosen.exit_code == 1
    assert f"{site / 'respondents' / 'g1.yaml'}: --respondent: respondent 'g1' already exists " in (
        flat(chosen.err)
    )
    # A pseudonym that cannot name a file is renamed too, and the note says why.
    third = tmp_path / "gp-3.yaml"
    third.write_text(
        second.read_text(encoding="utf-8").replace("id: g1 #", "id: 'p 1' #", 1), encoding="utf-8"
    )
    result = run_cli("import", third, "--into", site)
    assert result.exit_code == 0, result.output
    assert "  'p 1' cannot be a pseudonym (use ASCII letters" in result.err
    assert "so this respondent is r02" in result.err
    assert (
        "gave the pseudonym 'p 1', not one a file can be named by, so this respondent is r02"
        in ((site / "respondents" / "r02.yaml").read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: r1\nrole: gp\nanswers:\n  five-mechanisms: {SD1: agree}\n"
            "comment:\n  five-mechanisms: {SD1: typo key}\ngeneral_coment: lost?\n",
            [
                "a.yaml:5: comment: unknown key (did you mean 'comments'?)",
                "a.yaml:7: general_coment: unknown key (did you mean 'general_comment'?)",
            ],
        ),
        (
            "id: 1e3\nrole: gp\nanswers:\n  five-mechanisms: {SD1: agree}\n"
            "comments:\n  five-mechanisms: {SD1: 1.50}\ngeneral_comment: 2026-01-02\n",
            [
                "a.yaml:1: id: must be text",
                "a.yaml:6: comments.five-mechanisms.SD1: YAML reads this comment as a number",
                "a.yaml:7: general_comment: YAML reads this comment as a number",
            ],
        ),
        (
            "id: r1\nrole: gp\nanswers:\n  five-mechanisms: {SD1: agree}\n"
            "comments:\n  five-mechanisms: {SD99: a comment}\n",
            ["a.yaml: five-mechanisms.SD99: line 6: comment on an unknown item 'SD99'"],
        ),
        (
            "id: r1\nrole: gp\nanswers:\n  five-mechanisms: {SD1: agree}\n"
            "comments:\n  five-mechanisms: {SD1: [a list]}\ngeneral_comment: {a: 1}\n",
            [
                "a.yaml:6: comments.five-mechanisms.SD1: YAML reads this comment as a list (a "
                "line starting '- '), not text; write it in quotes",
                "a.yaml:7: general_comment: YAML reads this comment as a mapping (a 'key: value' "
                "inside it), not text; write it in quotes",
            ],
        ),
        (
            # helper-46: ~ and null were typed, and YAML reads them as no comment at all.
            "id: r1\nrole: gp\nanswers:\n  five-mechanisms: {SD1: agree}\n"
            "comments:\n  five-mechanisms:\n    SD1: ~\n    SD2: Null   # said so\n"
            "    SD3:\ngeneral_comment: null\n",
            [
                "a.yaml:7: comments.five-mechanisms.SD1: is ~ or null, which YAML reads as no "
                'comment at all; put it in quotes ("~") to keep it, or leave the comment empty',
                "a.yaml:8: comments.five-mechanisms.SD2: is ~ or null",
                "a.yaml:10: general_comment: is ~ or null",
            ],
        ),
        (
            "site: {name: Hill, kind: practice, assessed_on: 2026-05-01}\nrespondents: []\n",
            [
                "a.yaml:1: site: this is an assessment's file (it has site:), not one "
                "respondent's; score or report it as it is, or import the respondents' own files"
            ],
        ),
    ],
)
def test_a_yaml_respondent_file_is_imported_exactly_or_refused(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    """A misspelt key would drop what is under it and YAML would rewrite an unquoted 1.50 as
    1.5: such files are refused, each problem at its line, and nothing is written. The same
    file quoted and spelt right is imported with its comments as written."""
    source = tmp_path / "a.yaml"
    source.write_text(text)
    folder = tmp_path / "site"
    with pytest.raises(InputError) as refused:
        import_files([source], folder, CATALOGUE, site="S")
    messages = [str(p) for p in refused.value.problems]
    for message in expected:
        assert any(m.startswith(f"{tmp_path}/{message}") for m in messages), messages
    assert not folder.exists()
    source.write_text(
        'id: "1e3"\nrole: gp\nanswers:\n  five-mechanisms: {SD1: agree}\n'
        'comments:\n  five-mechanisms: {SD1: "1.50"}\ngeneral_comment: "0.10"\n'
    )
    import_files([source], folder, CATALOGUE, site="S")
    (written,) = (folder / "respondents").iterdir()
    data = yaml.safe_load(written.read_text())
    assert data["comments"] == {"five-mechanisms": {"SD1": "1.50"}}
    assert data["general_comment"] == "0.10"


def test_a_site_yaml_another_import_wrote_meanwhile_is_kept_and_its_options_said_unused(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports creating one folder at once: the one that gets the folder's lock second
    finds the other's site.yaml, keeps it, and says its own site options were not used,
    never that it wrote the file."""
    import readiness.collect.importer as importer_module

    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    theirs = "site: {name: S, kind: practice, assessed_on: 2026-05-01}\n"
    from readiness.output import folder_lock as real_lock

    def after_the_other_run(into: Path) -> object:
        if not (into / "site.yaml").exists():
            (into / "site.yaml").write_text(theirs)  # the other run, between check and lock
        return real_lock(into)

    monkeypatch.setattr(importer_module, "folder_lock", after_the_other_run)
    result = run_cli("import", source, "--into", folder, "--site", "S", "--invited", "gp=5")
    assert result.exit_code == 0, result.err
    assert "Wrote" not in result.err
    assert f"note: {folder / 'site.yaml'} was already there, so the options" in result.err
    assert (folder / "site.yaml").read_text() == theirs
    assert len(list((folder / "respondents").iterdir())) == 1


def test_answers_the_options_say_are_another_sites_are_refused_from_its_folder(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder's site.yaml and the import's options give different ODS codes: sure
    evidence of two sites (as for a baseline), so nothing is written. Only the names
    differing is a note, since names are retyped. Both are decided under the folder's lock,
    against a site.yaml another import wrote meanwhile too."""
    import readiness.collect.importer as importer_module
    from readiness.output import folder_lock as real_lock

    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    theirs = (
        "site:\n  name: Riverside PCN\n  ods_code: U12345\n  kind: pcn\n  assessed_on: 2026-05-01\n"
    )

    def after_the_other_run(into: Path) -> object:
        if not (into / "site.yaml").exists():
            (into / "site.yaml").write_text(theirs)  # the other run, between check and lock
        return real_lock(into)

    monkeypatch.setattr(importer_module, "folder_lock", after_the_other_run)
    result = run_cli(
        "import", source, "--into", folder, "--site", "Oakfield Surgery", "--ods-code", "z99001"
    )
    assert result.exit_code == 1, result.err
    assert result.err.startswith(
        f"{folder / 'site.yaml'}:3: site.ods_code: holds the assessment of Riverside PCN "
        "(U12345), not Oakfield Surgery (Z99001) as the import's options say"
    )
    assert not (folder / "respondents").exists()

    result = run_cli(
        "import", source, "--into", folder, "--site", "riverside  pcn", "--ods-code", "u12345 "
    )
    assert result.exit_code == 0, result.err
    assert "names the site" not in result.err
    (folder / "respondents" / "r01.yaml").unlink()

    result = run_cli("import", source, "--into", folder, "--site", "Oakfield Surgery")
    assert result.exit_code == 0, result.err
    assert (
        f"note: {folder / 'site.yaml'} names the site 'Riverside PCN', not 'Oakfield Surgery' "
        "as --site does; the answers were added to it." in result.err
    )
    assert (folder / "site.yaml").read_text() == theirs


@pytest.mark.parametrize("given", ["../evil", "a/b", "", "r 01", "é1"])
def test_a_respondent_option_that_is_no_pseudonym_is_refused(
    tmp_path: Path, run_cli: RunCli, given: str
) -> None:
    """A pseudonym typed into a form is replaced (with a note) when it cannot name a file;
    one the consultant gives with --respondent is refused, not silently not used."""
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    result = run_cli("import", source, "--into", folder, "--site", "S", "--respondent", given)
    assert result.exit_code == 1, result.output
    assert f"error: --respondent {given!r} is not a pseudonym readiness can use" in result.err
    assert not folder.exists()


def test_an_import_that_would_pass_the_number_invited_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """More respondents of a role than site.yaml says were invited cannot be scored (rule:
    the response rate); the import that would make them is refused, naming the count to
    correct, and writes nothing: no site.yaml, no folder."""
    export = tmp_path / "a.csv"
    export.write_text("Role,SD1. x\ngp,agree\ngp,disagree\ngp,agree\n")
    folder = tmp_path / "site"
    result = run_cli("import", export, "--into", folder, "--site", "X", "--invited", "gp=2")
    assert result.exit_code == 1, result.output
    # helper-46: the count is this run's --invited, so the refusal names it, not a line of a
    # site.yaml that the refusal leaves unwritten.
    assert (
        "--invited: gp=2: 2 people were invited as GP, but the folder would then hold 3 "
        "(0 already, 3 from this import); correct the number invited given with --invited"
    ) in result.err
    assert "site.yaml" not in result.err
    assert not folder.exists()
    first = tmp_path / "b.csv"
    first.write_text("Role,SD1. x\ngp,Strongly agree\nlink_worker,agree\n")
    result = run_cli("import", first, "--into", folder, "--site", "X", "--invited", "gp=2")
    assert result.exit_code == 0, result.output  # link workers' invitations are not stated
    result = run_cli("import", export, "--into", folder)
    assert result.exit_code == 1, result.output
    assert f"{folder / 'site.yaml'}:" in result.err
    assert "would then hold 4 (1 already, 3 from this import)" in result.err
    assert "correct the number invited in site.yaml" in result.err
    assert len(list((folder / "respondents").iterdir())) == 2


def test_a_site_named_otherwise_still_says_its_other_options_were_not_used(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The folder's site.yaml names another site and the run gave more than a name: both are
    said, the name's note and that the other options (an ODS code, a date) were not used."""
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    folder.mkdir()
    theirs = "site: {name: KB, kind: practice, assessed_on: 2026-05-01}\n"
    (folder / "site.yaml").write_text(theirs)
    result = run_cli(
        "import", source, "--into", folder, "--site", "KB proper", "--ods-code", "C12345"
    )
    assert result.exit_code == 0, result.err
    assert "names the site 'KB', not 'KB proper' as --site does" in result.err
    assert f"note: {folder / 'site.yaml'} was already there, so the options" in result.err
    assert (folder / "site.yaml").read_text() == theirs


def test_replace_is_refused_for_answers(tmp_path: Path, run_cli: RunCli) -> None:
    """helper-46: `--replace` with a corrected questionnaire was ignored, and the form was
    added as a second person. It goes with an audit checklist only; a usage error names what
    to do instead, and nothing is written."""
    form = tmp_path / "a.yaml"
    form.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    result = run_cli("import", form, "--into", folder, "--site", "S", "--replace")
    assert result.exit_code == 2
    assert "--replace goes with a filled audit checklist" in result.err
    assert "delete their file in respondents/ and import the form again" in result.err
    assert not folder.exists()
    # A checklist's name mistyped is said to be not found (helper-66 1: it was called a
    # questionnaire, exit 2).
    typo = run_cli("import", tmp_path / "visit2.xslx", "--into", folder, "--replace")
    assert typo.exit_code == 1
    assert f"{tmp_path / 'visit2.xslx'}: file not found" in typo.err


def test_an_interrupt_while_files_are_linked_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """helper-46: SIGTERM landing just after a respondent file was linked into place, before
    the import recorded it, left that file behind (2 runs in 7). The interrupt now waits
    until every file made is recorded, then undoes them all. Here Ctrl-C arrives as the
    second file is linked."""
    sources = []
    for n in range(4):
        source = tmp_path / f"{n}.yaml"
        source.write_text(f"role: gp\nanswers: {{five-mechanisms: {{SD1: agree}}}}\nid: p{n}\n")
        sources.append(source)
    linked: list[str] = []
    real_link = os.link

    def link_then_interrupt(source: str, target: str) -> None:
        real_link(source, target)
        linked.append(target)
        if len(linked) == 2:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr("readiness.output.os.link", link_then_interrupt)
    folder = tmp_path / "site"
    with pytest.raises(KeyboardInterrupt):
        import_files(sources, folder, CATALOGUE, site="S")
    assert len(linked) == 4  # held until every file was made and recorded
    assert not folder.exists(), list(folder.rglob("*"))


def test_a_yaml_form_saved_as_text_imports_as_yaml(tmp_path: Path, run_cli: RunCli) -> None:
    """helper-46: `questionnaire --format yaml -o form.txt` is allowed (a form sent by email),
    but importing form.txt read it as a CSV export and listed every line as an unmatched
    column. A file that begins as readiness's YAML forms do is read as one, whatever its
    name; other .txt files are still exports."""
    form = tmp_path / "form.txt"
    made = run_cli("questionnaire", "npt", "--role", "gp", "--format", "yaml", "-o", form)
    assert made.exit_code == 0, made.output
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("    G1:\n", "    G1: 7\n", 1), encoding="utf-8")
    (written,) = import_files([form], tmp_path / "site", CATALOGUE, site="S")
    assert written.answers == 1 and written.role == "gp"
    export = tmp_path / "export.txt"
    export.write_text("Your role\tSD1. x\nGP\tAgree\n", encoding="utf-8")
    (row,) = import_files([export], tmp_path / "other", CATALOGUE, site="S")
    assert row.row == 2


def _npt_workbook_filled(form: Path, label: str, value: str) -> int:
    """An NPT questionnaire workbook with `value` typed beside `label` on its instructions
    sheet and G1 answered 7; the instructions row typed in."""
    from openpyxl import load_workbook

    from readiness.collect.workbook import INSTRUCTIONS

    book = load_workbook(form)
    sheet = book[INSTRUCTIONS]
    (row,) = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label]
    sheet.cell(row, 2).value = value
    questions = book.worksheets[2]
    assert questions.cell(2, 1).value == "G1"
    questions.cell(2, 4).value = 7
    book.save(form)
    return int(row)


def test_an_unknown_role_is_named_at_its_cell_or_line_with_the_names_shown(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """helper-46: "role: unknown role 'Doctor'" named no cell of the workbook, and listed
    the roles' ids where the respondent chose from their names. The refusal says where the
    role was written and gives both."""
    from readiness.collect.workbook import INSTRUCTIONS, ROLE_LABEL

    form = tmp_path / "q.xlsx"
    assert run_cli("questionnaire", "npt", "--format", "xlsx", "-o", form).exit_code == 0
    row = _npt_workbook_filled(form, ROLE_LABEL, "Doctor")
    with pytest.raises(InputError) as refused:
        import_files([form], tmp_path / "site", CATALOGUE, site="S")
    (message,) = [str(p) for p in refused.value.problems if "role" in str(p)]
    assert f"sheet {INSTRUCTIONS}, cell B{row}: unknown role 'Doctor'" in message
    assert "GP (gp); Practice nurse (practice_nurse)" in message
    source = tmp_path / "a.yaml"
    source.write_text("id: r1\nrole: gp partner\nanswers: {five-mechanisms: {SD1: agree}}\n")
    with pytest.raises(InputError, match=r"line 2: unknown role 'gp partner' \(did you mean"):
        import_files([source], tmp_path / "site", CATALOGUE, site="S")


def test_answers_imported_on_an_adapted_framework_warn_when_scored_on_another_text(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Answers checked against a user's copy of a framework record that file's SHA-256, and
    scoring them on the bundled text (--frameworks-dir forgotten) or another adapted copy
    warns, naming what to give (helper-49 D6: scored silently on the bundled one)."""
    import hashlib

    from readiness.resources import frameworks_dir

    adapted = tmp_path / "adapted"
    adapted.mkdir()
    bundled = (frameworks_dir() / "npt-3.0.0.yaml").read_text(encoding="utf-8")
    ours = adapted / "npt-3.0.0.yaml"
    ours.write_text(bundled.replace("\ntitle: ", "\ntitle: Hill's ", 1), encoding="utf-8")
    form = tmp_path / "gp.yaml"
    made = run_cli(
        "questionnaire", "npt", "--role", "gp", "--format", "yaml", "-o", form,
        "--frameworks-dir", adapted,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    text = form.read_text(encoding="utf-8").replace("id:       #", "id: g1 #", 1)
    form.write_text(text.replace("    CO1:\n", "    CO1: agree\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    imported = run_cli(
        "import", form, "--into", site, "--site", "Hill", "--frameworks-dir", adapted
    )
    assert imported.exit_code == 0, imported.output
    record = yaml.safe_load((site / "respondents" / "g1.yaml").read_text(encoding="utf-8"))
    digest = hashlib.sha256(ours.read_bytes()).hexdigest()
    assert record["imported_from"]["adapted"] == {"npt": digest}
    forgotten = run_cli("score", site)
    assert forgotten.exit_code == 0, forgotten.output
    said = flat(forgotten.err)
    assert (
        "g1.yaml.imported_from.adapted.npt: warning: this respondent answered npt 3.0.0 on a "
        f"file of yours whose SHA-256 starts {digest[:12]}, as the file records, but it is "
        "scored here on the bundled text: give the folder holding the file they answered with "
        "--frameworks-dir"
    ) in said
    assert "warning" not in run_cli("score", site, "--frameworks-dir", adapted).err
    other = tmp_path / "other"
    other.mkdir()
    dale = bundled.replace("\ntitle: ", "\ntitle: Dale's ", 1)
    (other / "npt-3.0.0.yaml").write_text(dale, encoding="utf-8")  # a copy, not theirs
    elsewhere = run_cli("score", site, "--frameworks-dir", other)
    assert f"scored here on another file of yours ({other / 'npt-3.0.0.yaml'})" in flat(
        elsewhere.err
    )
    # An unchanged copy of the bundled file is the bundled text (helper-63 9).
    (other / "npt-3.0.0.yaml").write_text(bundled.replace("\n", "\r\n"), encoding="utf-8")
    copied = run_cli("score", site, "--frameworks-dir", other)
    assert "but it is scored here on the bundled text" in flat(copied.err)
    # The respondent file imported again without the adapted file is warned of, at import
    # and at the new file's top; with it, the record carries on (helper-61).
    again = run_cli(
        "import", site / "respondents" / "g1.yaml", "--into", tmp_path / "again", "--site", "Hill"
    )
    assert again.exit_code == 0, again.output
    assert (
        f"were first imported against a file of yours (SHA-256 {digest[:12]}...), and this "
        "import checks them against the bundled text: import them with --frameworks-dir naming "
        "the folder of the file they were given to"
    ) in flat(again.err)
    moved_again = (tmp_path / "again" / "respondents" / "g1.yaml").read_text(encoding="utf-8")
    assert "# warning: these answers to npt 3.0.0 were first imported" in moved_again
    # ...and the new file still records the text they were given to (helper-63 10).
    assert yaml.safe_load(moved_again)["imported_from"]["adapted"] == {"npt": digest}
    kept = run_cli(
        "import", site / "respondents" / "g1.yaml", "--into", tmp_path / "kept", "--site", "Hill",
        "--frameworks-dir", adapted,
    )  # fmt: skip
    assert kept.exit_code == 0 and "first imported" not in kept.err, kept.output
    assert "adapted:" in (tmp_path / "kept" / "respondents" / "g1.yaml").read_text()
    # Answers to the bundled text record nothing, and warn of nothing.
    assert (
        run_cli(
            "questionnaire",
            "npt",
            "--role",
            "gp",
            "--format",
            "yaml",
            "-o",
            tmp_path / "plain.yaml",
        ).exit_code
        == 0
    )
    form = tmp_path / "plain.yaml"
    text = form.read_text(encoding="utf-8").replace("id:       #", "id: g1 #", 1)
    form.write_text(text.replace("    CO1:\n", "    CO1: agree\n", 1), encoding="utf-8")
    plain = run_cli("import", form, "--into", tmp_path / "plain", "--site", "Dale")
    assert plain.exit_code == 0 and "warning" not in plain.err, plain.output
    record = yaml.safe_load((tmp_path / "plain" / "respondents" / "g1.yaml").read_text())
    assert record["imported_from"]["adapted"] == {}
    assert "warning" not in run_cli("score", tmp_path / "plain").err
    # ...and scoring them on an adapted copy warns the other way round (helper-62 1: a
    # question reworded in the copy was scored with the bundled text's answers, silently).
    adapted_on = run_cli("score", tmp_path / "plain", "--frameworks-dir", adapted)
    assert adapted_on.exit_code == 0, adapted_on.output
    said = flat(adapted_on.err)
    assert (
        "g1.yaml.imported_from.adapted: warning: this respondent answered npt 3.0.0 as bundled, "
        f"as the file records, but it is scored here on a file of yours ({ours}): score them "
        "without that file's folder"
    ) in said
    # Imported again with the adapted file, the import says they were first checked against
    # the bundled text.
    moved = run_cli(
        "import", tmp_path / "plain" / "respondents" / "g1.yaml", "--into", tmp_path / "moved",
        "--site", "Dale", "--frameworks-dir", adapted,
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    assert (
        "these answers to npt 3.0.0 were first imported against the bundled text, and this "
        f"import checks them against the file {ours}: import them without the "
        "--frameworks-dir folder holding another text of it"
    ) in flat(moved.err)
    moved_record = (tmp_path / "moved" / "respondents" / "g1.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(moved_record)["imported_from"]["adapted"] == {}


def _filled_form(form: Path, fmt: str) -> None:
    """Fill a GP's NPT questionnaire as a respondent would: pseudonym g1, G1 answered 7."""
    if fmt == "yaml":
        text = form.read_text(encoding="utf-8").replace("id:       #", "id: g1 #", 1)
        form.write_text(text.replace("    G1:\n", "    G1: 7\n", 1), encoding="utf-8")
    elif fmt == "xlsx":
        from readiness.collect.workbook import ID_LABEL

        _npt_workbook_filled(form, ID_LABEL, "g1")
    else:
        import pypdf

        from readiness.collect.questionnaire import field_name

        npt = CATALOGUE.get("npt", "3.0.0")
        assert npt is not None
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
        values = {"rd~respondent~id": "g1", field_name(npt, npt.items["G1"]): "7"}
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        with form.open("wb") as handle:
            writer.write(handle)


@pytest.mark.parametrize("fmt", ["yaml", "xlsx", "pdf"])
def test_a_form_written_from_another_text_of_a_framework_is_refused_saying_so(
    fmt: str, tmp_path: Path, run_cli: RunCli
) -> None:
    """Every questionnaire records which text of each framework it was written from, and an
    import with another text refuses it, saying which and what to give (helper-62 3: an
    adapted form imported without --frameworks-dir was refused as "text after # is a YAML
    comment" or "no longer says what the questionnaire wrote", and a change that left the
    words alone, here a comment in the file, was not caught at all)."""
    from readiness.resources import frameworks_dir

    adapted = tmp_path / "adapted"
    adapted.mkdir()
    ours = adapted / "npt-3.0.0.yaml"
    bundled = (frameworks_dir() / "npt-3.0.0.yaml").read_text(encoding="utf-8")
    ours.write_text(bundled + "# Hill's copy: our scoring notes\n", encoding="utf-8")
    digest = __import__("hashlib").sha256(ours.read_bytes()).hexdigest()
    for written_with, imported_with, written, told in (
        ((), (), None, None),
        (("--frameworks-dir", adapted), ("--frameworks-dir", adapted), None, None),
        (
            ("--frameworks-dir", adapted),
            (),
            f"a file of yours (SHA-256 {digest[:12]}...) of npt 3.0.0, and this import has "
            "the bundled text",
            "import it with --frameworks-dir naming the folder of the file it was written from",
        ),
        (
            (),
            ("--frameworks-dir", adapted),
            f"the bundled text of npt 3.0.0, and this import has the file {ours}",
            "import it without the --frameworks-dir folder holding another text of it",
        ),
    ):
        form = tmp_path / f"gp.{fmt}"
        form.unlink(missing_ok=True)  # the last round's, filled
        made = run_cli(
            "questionnaire", "npt", "--role", "gp", "--format", fmt, "-o", form, *written_with
        )
        assert made.exit_code == 0, made.output
        _filled_form(form, fmt)
        site = tmp_path / "site"
        result = run_cli("import", form, "--into", site, "--site", "Hill", *imported_with)
        if written is None:
            assert result.exit_code == 0, result.output
            assert (site / "respondents" / "g1.yaml").is_file()
            __import__("shutil").rmtree(site)
            continue
        assert result.exit_code == 1, result.output
        said = flat(result.err)
        assert f"this questionnaire was written from {written}" in said, said
        assert told is not None and told in said
        # Said instead of the words that differ, and nothing is written.
        assert "comment" not in said and "no longer says" not in said
        assert not site.exists()
    # A blank form is written over a blank form of another text, either way (helper-63 3).
    blank = tmp_path / f"blank.{fmt}"
    for given in ((), ("--frameworks-dir", adapted), ()):
        again = run_cli(
            "questionnaire", "npt", "--role", "gp", "--format", fmt, "-o", blank, *given
        )
        assert again.exit_code == 0, again.output
    # A copy of the bundled file is the bundled text: nothing to refuse (helper-63 9).
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "npt-3.0.0.yaml").write_text(bundled, encoding="utf-8")
    form.unlink()
    assert (
        run_cli("questionnaire", "npt", "--role", "gp", "--format", fmt, "-o", form).exit_code == 0
    )
    _filled_form(form, fmt)
    copied = run_cli("import", form, "--into", site, "--site", "Hill", "--frameworks-dir", copy)
    assert copied.exit_code == 0, copied.output


def test_a_form_of_a_users_own_framework_records_its_text_and_a_changed_record_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    import hashlib

    """A framework of the user's own (a version no bundled file has) is a text a form records
    too (helper-63 6: npt 4.0.0 from one folder imported silently with another's), and a
    record someone changed is refused, not taken to say nothing (helper-63 7)."""
    from readiness.resources import frameworks_dir

    bundled = (frameworks_dir() / "npt-3.0.0.yaml").read_text(encoding="utf-8")
    four = bundled.replace('\nversion: "3.0.0"', '\nversion: "4.0.0"', 1)
    assert four != bundled
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for folder, words in ((mine, "Hill's"), (theirs, "Dale's")):
        folder.mkdir()
        text = four.replace("\ntitle: ", f"\ntitle: {words} ", 1)
        (folder / "npt-4.0.0.yaml").write_text(text, encoding="utf-8")
    four_mine = (mine / "npt-4.0.0.yaml").read_text(encoding="utf-8")
    form = tmp_path / "gp.yaml"
    made = run_cli(
        "questionnaire", "npt@4.0.0", "--role", "gp", "--format", "yaml", "-o", form,
        "--frameworks-dir", mine,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    _filled_form(form, "yaml")
    refused = run_cli(
        "import", form, "--into", tmp_path / "s", "--site", "S", "--frameworks-dir", theirs
    )
    assert refused.exit_code == 1
    assert f"and this import has the file {theirs / 'npt-4.0.0.yaml'}" in flat(refused.err)
    # The record changed by hand, made one word, or with a line taken out: refused at the
    # record, saying what it should say (helper-63 7, helper-64 3).
    text = form.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, x in enumerate(lines, 1) if x.startswith("texts:"))
    assert lines[at] == f"  npt: {hashlib.sha256(four_mine.encode()).hexdigest()}"
    for changed_to, said in (
        ([lines[at - 1], "  npt: my own"], f"{at + 1}: texts.npt: should say which text of a"),
        (["texts: bundled"], f"{at}: texts: should say which text of a framework"),
        ([lines[at - 1]], f"{at}: texts: should say which text of a framework"),
        (["texts: {}"], f"{at}: texts: should say which text of npt the questions come from"),
    ):
        form.write_text(
            "\n".join([*lines[: at - 1], *changed_to, *lines[at + 1 :]]) + "\n", encoding="utf-8"
        )
        changed = run_cli(
            "import", form, "--into", tmp_path / "s", "--site", "S", "--frameworks-dir", mine
        )
        assert changed.exit_code == 1
        assert f"{form}:{said}" in flat(changed.err), changed.err
        assert not (tmp_path / "s").exists()
        # A blank form is still written over it: it holds no answers (helper-64 4).
        blank = tmp_path / "blank.yaml"
        blank.write_text(form.read_text(encoding="utf-8").replace("id: g1 #", "id:       #"))
        blank.write_text(blank.read_text(encoding="utf-8").replace("    G1: 7\n", "    G1:\n"))
        again = run_cli("questionnaire", "npt", "--role", "gp", "--format", "yaml", "-o", blank)
        assert again.exit_code == 0, again.output


def test_a_forms_record_of_its_texts_changed_in_any_format_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A record that leaves out a framework the form asks, a workbook's record cell typed
    over, or a PDF's record made something else: refused at the import, saying so (helper-64
    3: a PDF's was passed over, and the form imported against whatever text was given)."""
    import json

    import pypdf
    from openpyxl import load_workbook

    from readiness.collect.pdf_form import META_KEY
    from readiness.collect.workbook import META_SHEET

    form = tmp_path / "two.yaml"
    args = ("questionnaire", "npt", "rainbow", "--role", "gp", "--format", "yaml", "-o", form)
    assert run_cli(*args).exit_code == 0
    _filled_form(form, "yaml")
    text = form.read_text(encoding="utf-8")
    assert "\n  rainbow: bundled\n" in text
    form.write_text(text.replace("\n  rainbow: bundled\n", "\n", 1), encoding="utf-8")
    silent = run_cli("import", form, "--into", tmp_path / "s", "--site", "S")
    assert silent.exit_code == 1
    assert "texts: should say which text of rainbow the questions come from, and says nothing" in (
        flat(silent.err)
    )
    book_path = tmp_path / "gp.xlsx"
    assert (
        run_cli(
            "questionnaire", "npt", "--role", "gp", "--format", "xlsx", "-o", book_path
        ).exit_code
        == 0
    )
    _filled_form(book_path, "xlsx")
    book = load_workbook(book_path)
    sheet = book[META_SHEET]
    sheet.protection.sheet = False
    (row,) = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "framework"]
    assert sheet.cell(row, 4).value == "bundled"
    sheet.cell(row, 4).value = "Bundled"
    book.save(book_path)
    typed = run_cli("import", book_path, "--into", tmp_path / "s", "--site", "S")
    assert typed.exit_code == 1
    assert f"{book_path}: {META_SHEET}!D{row}: should say which text of a framework" in flat(
        typed.err
    )
    pdf_path = tmp_path / "gp.pdf"
    assert (
        run_cli("questionnaire", "npt", "--role", "gp", "--format", "pdf", "-o", pdf_path).exit_code
        == 0
    )
    _filled_form(pdf_path, "pdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(pdf_path))
    assert writer.metadata is not None
    meta = json.loads(str(writer.metadata[META_KEY]))
    assert meta["texts"] == {"npt": "bundled"}
    writer.add_metadata({META_KEY: json.dumps({**meta, "texts": "bundled"})})
    with pdf_path.open("wb") as handle:
        writer.write(handle)
    made_else = run_cli("import", pdf_path, "--into", tmp_path / "s", "--site", "S")
    assert made_else.exit_code == 1
    assert f"{pdf_path}: the form's metadata: should say which text" in flat(made_else.err)
    assert not (tmp_path / "s").exists()


def test_a_record_naming_the_bundled_file_is_the_bundled_text_and_none_is_never_made_up(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """An earlier readiness recorded the hash of an unchanged copy of a bundled file as a
    file of the user's: it is the bundled text, and nothing warns (helper-64 2: every run
    warned, with advice that did not help). A respondent file that records nothing, imported
    again, records nothing either: which text its answers were given to is not known
    (helper-64 6: this import's text was recorded)."""
    from readiness.framework.catalogue import text_sha256
    from readiness.resources import frameworks_dir

    bundled = text_sha256(frameworks_dir() / "npt-3.0.0.yaml")
    site = tmp_path / "site"
    (site / "respondents").mkdir(parents=True)
    (site / "site.yaml").write_text(
        "site: {name: Hill, kind: practice, assessed_on: 2026-11-01}\n", encoding="utf-8"
    )
    record = (
        'id: g1\nrole: gp\nversions:\n  npt: "3.0.0"\nanswers:\n  npt:\n    G1: 7\n'
        'imported_from:\n  file: "gp.yaml"\n  sha256: "%s"\n' % ("0" * 64)
    )
    (site / "respondents" / "g1.yaml").write_text(
        record + f'  adapted:\n    npt: "{bundled}"\n', encoding="utf-8"
    )
    scored = run_cli("score", site)
    assert scored.exit_code == 0 and "warning" not in scored.err, scored.output
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "npt-3.0.0.yaml").write_bytes((frameworks_dir() / "npt-3.0.0.yaml").read_bytes())
    assert "warning" not in run_cli("score", site, "--frameworks-dir", copy).err
    adapted = tmp_path / "adapted"
    adapted.mkdir()
    ours = (frameworks_dir() / "npt-3.0.0.yaml").read_text(encoding="utf-8") + "# ours\n"
    (adapted / "npt-3.0.0.yaml").write_text(ours, encoding="utf-8")
    assert "answered npt 3.0.0 as bundled" in flat(
        run_cli("score", site, "--frameworks-dir", adapted).err
    )
    # Recording nothing: imported again, still nothing (not this import's text).
    (site / "respondents" / "g1.yaml").write_text(record, encoding="utf-8")
    again = run_cli(
        "import", site / "respondents" / "g1.yaml", "--into", tmp_path / "again", "--site", "Hill",
        "--frameworks-dir", adapted,
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    written = yaml.safe_load((tmp_path / "again" / "respondents" / "g1.yaml").read_text())
    assert "adapted" not in written["imported_from"]


@pytest.mark.parametrize("fmt", ["yaml", "xlsx", "pdf"])
def test_a_blank_form_of_another_text_is_listed_as_blank_not_refused(
    fmt: str, tmp_path: Path, run_cli: RunCli
) -> None:
    """A blank form holds nothing another text could change: imported beside filled forms,
    it is listed as not imported (no answers), as any blank form is, and the others are
    imported (helper-65 5: the whole batch was refused for its text)."""
    from readiness.resources import frameworks_dir

    adapted = tmp_path / "adapted"
    adapted.mkdir()
    bundled = (frameworks_dir() / "npt-3.0.0.yaml").read_text(encoding="utf-8")
    (adapted / "npt-3.0.0.yaml").write_text(bundled + "# ours\n", encoding="utf-8")
    blank = tmp_path / f"blank.{fmt}"
    args = ("questionnaire", "npt", "--role", "gp", "--format", fmt)
    assert run_cli(*args, "-o", blank, "--frameworks-dir", adapted).exit_code == 0
    filled = tmp_path / f"filled.{fmt}"
    assert run_cli(*args, "-o", filled).exit_code == 0
    _filled_form(filled, fmt)
    result = run_cli("import", filled, blank, "--into", tmp_path / "s", "--site", "S")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s" / "respondents" / "g1.yaml").is_file()
    assert f"{blank.name}" in result.err and "no answers" in result.err, result.err


def test_a_comment_boxs_tooltip_fences_the_domain_title_where_it_sits() -> None:
    """helper-65 3: the tooltip was fenced whole, so an override in a domain's title reversed
    ' (optional)' after it."""
    from readiness.collect.questionnaire import build_questionnaire

    npt = CATALOGUE.get("npt", "3.0.0")
    assert npt is not None
    questionnaire = build_questionnaire([npt], "gp", "S")
    assert questionnaire.domain_comment_label("Together \u202eOVER") == (
        "Comments on \u2068Together \u202eOVER\u2069 (optional)"
    )
    assert questionnaire.domain_comment_label("Together") == "Comments on Together (optional)"
