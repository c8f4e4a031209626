"""`import --by-site`: one survey across many sites, split into one folder per site, exactly."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from readiness import api
from readiness.assessment.load import load_assessment
from readiness.collect import importer
from readiness.collect.by_site import import_by_site
from readiness.errors import InputError, OutputError
from readiness.framework.load import load_catalogue
from readiness.output import LOCK_FILE

from ..helpers import RunCli

CATALOGUE = load_catalogue()
SITE_QUESTION = "Which practice do you work in?"


def _site(folder: Path, name: str, code: str | None = None) -> Path:
    folder.mkdir(parents=True)
    lines = ["site:", f"  name: {name}", "  kind: practice", "  assessed_on: 2026-11-01"]
    if code:
        lines.append(f"  ods_code: {code}")
    (folder / "site.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _export(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A Microsoft Forms-shaped export: ID, role, the site question, SD1 and SD2."""
    fm = CATALOGUE.frameworks["five-mechanisms"]
    header = ["ID", "What is your role?", SITE_QUESTION, fm.items["SD1"].text, "SD2. (any)"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n, (role, site, sd1, sd2) in enumerate(rows, start=1):
            writer.writerow([str(n), role, site, sd1, sd2])
    return path


def _answers(folder: Path) -> list[tuple[str, dict[str, float | None]]]:
    assessment = load_assessment(folder, CATALOGUE)
    out = []
    for person in assessment.respondents:
        given = person.answers.get("five-mechanisms", {})
        out.append((person.role, {k: a.value for k, a in sorted(given.items())}))
    return out


def _tree(root: Path) -> list[str]:
    """Every file and folder under `root` but a folder lock (a run removes its own as it
    ends; a test may look while one is held)."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name != LOCK_FILE)


def test_rows_go_to_the_site_their_answer_names_by_code_or_name(
    tmp_path: Path, run_cli: RunCli
) -> None:
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery", "B82001")
    _site(sites / "riverside", "Riverside Medical Centre", "B82002")
    _site(sites / "hillside", "Hillside Practice")  # no rows name it
    export = _export(
        tmp_path / "export.csv",
        [
            ("GP", "Oakfield Surgery", "Agree", "Disagree"),
            ("Link worker", "b82002", "Strongly agree", "Agree"),
            ("GP", "  oakfield   SURGERY ", "Disagree", ""),
            ("Practice nurse", "Riverside Medical Centre", "", "Strongly disagree"),
        ],
    )
    result = run_cli("import", export, "--by-site", SITE_QUESTION.upper(), "--into", sites)
    assert result.exit_code == 0, result.output
    # Agreement is stored as its level: strongly disagree 1 ... strongly agree 5.
    assert _answers(sites / "oakfield") == [
        ("gp", {"SD1": 4, "SD2": 2}),
        ("gp", {"SD1": 2}),
    ]
    assert _answers(sites / "riverside") == [
        ("link_worker", {"SD1": 5, "SD2": 4}),
        ("practice_nurse", {"SD2": 1}),
    ]
    assert not (sites / "hillside" / "respondents").exists()
    assert "sites/oakfield: 2 respondents imported" in result.output
    assert "Imported 4 respondents into 2 sites" in result.output
    # The site question is not an answer: no respondent file mentions the practice.
    for path in sites.rglob("r*.yaml"):
        assert "Oakfield" not in path.read_text(encoding="utf-8")


def test_a_value_naming_no_site_or_several_sites_or_none_is_refused_with_its_rows(
    tmp_path: Path, run_cli: RunCli
) -> None:
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery", "B82001")
    _site(sites / "oakfield-2", "Oakfield Surgery")  # the same name: ambiguous
    _site(sites / "riverside", "Riverside Medical Centre", "B82002")
    export = _export(
        tmp_path / "export.csv",
        [
            ("GP", "Riverside Medical Centre", "Agree", "Agree"),
            ("GP", "Oakfeld", "Agree", "Agree"),
            ("GP", "Oakfield Surgery", "Agree", "Agree"),
            ("GP", "", "Agree", "Agree"),
            ("GP", "Oakfeld", "Agree", "Agree"),
        ],
    )
    before = _tree(tmp_path)
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "rows 3 and 6: column C ('Which practice do you work in?') says 'Oakfeld'" in output
    assert "names no site" in output
    assert "row 4: column C" in output and "names more than one site" in output
    assert "row 5: column C ('Which practice do you work in?') is empty" in output
    assert _tree(tmp_path) == before  # nothing written, not even for Riverside


def test_a_sites_list_matches_other_names_and_creates_missing_folders(
    tmp_path: Path, run_cli: RunCli
) -> None:
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery", "B82001")
    listing = tmp_path / "sites.csv"
    listing.write_text(
        "folder,name,ods_code,kind,also\n"
        "oakfield,Oakfield Surgery,B82001,practice,\n"
        "brook,Brook Lane Surgery,B82003,practice,Brook Lane;The Brook\n",
        encoding="utf-8",
    )
    export = _export(
        tmp_path / "export.csv",
        [("GP", "the brook", "Agree", ""), ("GP", "B82001", "Disagree", "")],
    )
    result = run_cli(
        "import", export, "--by-site", SITE_QUESTION, "--sites", listing, "--into", sites
    )
    assert result.exit_code == 0, result.output
    assert "sites/brook: 1 respondent imported (folder and site.yaml created)" in result.output
    created = load_assessment(sites / "brook", CATALOGUE)
    assert (created.site.name, created.site.ods_code) == ("Brook Lane Surgery", "B82003")
    assert _answers(sites / "brook") == [("gp", {"SD1": 4})]
    assert _answers(sites / "oakfield") == [("gp", {"SD1": 2})]


def test_a_row_naming_only_its_site_is_set_aside_and_a_later_download_adds_only_new_rows(
    tmp_path: Path, run_cli: RunCli
) -> None:
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery", "B82001")
    first = [("GP", "B82001", "Agree", "Agree"), ("GP", "B82001", "", "")]
    export = _export(tmp_path / "first.csv", first)
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 0, result.output
    assert "first.csv (row 3): no answers and no comments" in result.output
    assert len(_answers(sites / "oakfield")) == 1
    later = _export(tmp_path / "later.csv", [*first, ("GP", "B82001", "Disagree", "Agree")])
    result = run_cli("import", later, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 0, result.output
    assert "1 respondent imported, 1 row already imported" in result.output
    assert [a["SD1"] for _, a in _answers(sites / "oakfield")] == [4, 2]


def test_a_row_naming_no_site_and_saying_nothing_is_set_aside(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A blank submission gives no site either: it is listed as not imported, as a blank row
    of a site is, while a row that answers without naming its site is still refused; a site
    that gets only blank rows gets no folder, and an export of blank rows imports nothing."""
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery", "B82001")
    rows = [("GP", "B82001", "Agree", ""), ("", "", "", ""), ("GP", "", "Agree", "")]
    export = _export(tmp_path / "export.csv", rows)
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 1
    assert "row 4: column C ('Which practice do you work in?') is empty" in result.output
    assert "row 3" not in result.output
    export = _export(tmp_path / "export.csv", rows[:2])
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 0, result.output
    assert f"not imported, no site named: {export} (row 3): no answers and no comments" in (
        result.output
    )
    assert "Imported 1 respondent into 1 site; 1 not imported" in result.output
    _site(sites / "brook", "Brook Lane Surgery", "B82003")
    export = _export(tmp_path / "blank.csv", [("", "B82003", "", ""), ("", "", "", "")])
    before = _tree(sites)
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 1
    assert f"{export}: rows 2 and 3: no answers and no comments; nothing was imported" in (
        result.output
    )
    assert _tree(sites) == before


def test_a_missing_column_and_misused_options_are_refused(tmp_path: Path, run_cli: RunCli) -> None:
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery", "B82001")
    export = _export(tmp_path / "export.csv", [("GP", "B82001", "Agree", "")])
    result = run_cli("import", export, "--by-site", "Practice", "--into", sites)
    assert result.exit_code == 1
    assert "no column is titled 'Practice'" in result.output
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites, "--site", "X")
    assert result.exit_code == 2 and "--by-site takes each site" in result.output
    result = run_cli("import", export, "--sites", export, "--into", sites)
    assert result.exit_code == 2 and "--sites goes with --by-site" in result.output
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", tmp_path / "none")
    assert result.exit_code == 1 and "holds no assessment folders" in result.output


def test_a_failure_writing_one_site_removes_what_the_others_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sites = tmp_path / "sites"
    _site(sites / "a-site", "Alpha", "A1")
    _site(sites / "b-site", "Beta", "B1")
    listing = tmp_path / "sites.yaml"
    listing.write_text(
        "sites:\n"
        "  - {folder: a-site, name: Alpha, ods_code: A1}\n"
        "  - {folder: b-site, name: Beta, ods_code: B1}\n"
        "  - {folder: c-site, name: Gamma, ods_code: C1}\n",
        encoding="utf-8",
    )
    export = _export(
        tmp_path / "export.csv",
        [("GP", "A1", "Agree", ""), ("GP", "C1", "Agree", ""), ("GP", "B1", "Agree", "")],
    )
    before = _tree(tmp_path)
    real = importer._write_respondents
    calls: list[Path] = []

    def fail_on_the_last(*args: object, **kwargs: object) -> None:
        calls.append(Path(str(args[1])))
        if len(calls) == 3:  # a-site and b-site are written, and c-site was created
            raise OutputError("cannot write c-site/respondents: No space left on device")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "_write_respondents", fail_on_the_last)
    with pytest.raises(OutputError, match="No space left"):
        api.import_by_site([export], SITE_QUESTION, sites, sites_file=listing)
    assert [p.parent.name for p in calls] == ["a-site", "b-site", "c-site"]
    assert _tree(tmp_path) == before  # c-site's new folder and site.yaml are gone too


def test_a_sites_list_with_mistakes_is_refused_naming_each(tmp_path: Path, run_cli: RunCli) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    listing = tmp_path / "sites.yaml"
    listing.write_text(
        "sites:\n"
        "  - {folder: oakfield, name: Oakfield Surgery, odscode: B82001}\n"
        "  - {folder: brook, name: Brook Lane}\n"
        "  - {folder: brook, name: Brook Lane again}\n"
        "  - {folder: ../elsewhere, name: Away}\n"
        "  - {folder: hill, kind: hospital, name: Hill}\n"
        "  - {folder: vale}\n"
        "  - {folder: oak, name: [Oakfield]}\n"
        "  - {folder: ash, name: Ash, ods_code: {a: 1}}\n"
        "  - {folder: elm, name: Elm, also: [Elm Lane, [Elm]]}\n",
        encoding="utf-8",
    )
    export = _export(tmp_path / "export.csv", [("GP", "Brook Lane", "Agree", "")])
    result = run_cli(
        "import", export, "--by-site", SITE_QUESTION, "--sites", listing, "--into", sites
    )
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "sites[0] (line 2): unknown key 'odscode' (did you mean 'ods_code'?)" in output
    assert "sites[2] (line 4): folder 'brook' is listed twice (sites[1] (line 3))" in output
    assert "sites[3] (line 5): folder '../elsewhere': give the site's folder name" in output
    assert "sites[4] (line 6): kind 'hospital' is not a kind of site" in output
    assert "sites[5] (line 7): give the site's name" in output
    assert "sites[6] (line 8): name: give the site's name as text" in output
    assert "sites[7] (line 9): ods_code: give the site's ODS code as text" in output
    assert "sites[8] (line 10): also: give a list of other names, each as text" in output
    assert list(sites.iterdir()) == []


def test_a_problem_names_the_column_as_the_export_letters_it(tmp_path: Path) -> None:
    """The site column (C) is not a question, but the columns after it keep their letters:
    SD2 is column E in the file, and the message says so."""
    root = tmp_path / "sites"
    _site(root / "oak", "Oakfield Surgery", "B82001")
    export = _export(tmp_path / "forms.csv", [("GP", "Oakfield Surgery", "Agree", "Agreeish")])
    with pytest.raises(InputError) as refused:
        import_by_site([export], SITE_QUESTION, root, CATALOGUE)
    assert "column E ('SD2. (any)'): 'Agreeish' is not one of the answers" in str(refused.value)


def test_each_site_hears_of_answers_its_roles_are_not_asked(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Rows split by site are not listed one by one, so what a row's file warns of is
    counted under its site: answers to questions the role is not asked (kept, and scored as
    that role's)."""
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery", "B82001")
    _site(sites / "riverside", "Riverside Medical Centre", "B82002")
    export = _export(
        tmp_path / "export.csv",
        [
            ("GP", "Oakfield Surgery", "Agree", "Disagree"),
            ("client", "Oakfield Surgery", "Agree", ""),
            ("GP", "Riverside Medical Centre", "Disagree", "Agree"),
        ],
    )
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 0, result.output
    lines = result.err.splitlines()
    oakfield = lines.index(
        next(line for line in lines if line.startswith(f"{sites / 'oakfield'}:"))
    )
    assert lines[oakfield + 1] == (
        "  warning: 1 respondent answered questions their role is not asked; the answers are "
        "kept and scored as that role's (each file says which, at the top)"
    )
    assert sum("not asked" in line for line in lines) == 1
    written = [
        p.read_text(encoding="utf-8") for p in (sites / "oakfield" / "respondents").iterdir()
    ]
    assert (
        sum(
            "# warning: 1 answer (five-mechanisms SD1) to questions not asked" in t for t in written
        )
        == 1
    )


def test_problems_in_rows_are_listed_in_the_order_of_the_rows(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Rows are read site by site, and their problems were listed so: "row 4" before "row 3"
    when the later row's site sorts first (helper-59). A file's rows read top to bottom."""
    sites = tmp_path / "sites"
    _site(sites / "oakfield", "Oakfield Surgery")
    _site(sites / "brook", "Brook Practice")
    export = _export(
        tmp_path / "export.csv",
        [
            ("GP", "Oakfield Surgery", "Agree", "Agree"),
            ("Wizard", "Oakfield Surgery", "Agree", "Agree"),
            ("Sorcerer", "Brook Practice", "Agree", "Agree"),
        ],
    )
    result = run_cli("import", export, "--by-site", SITE_QUESTION, "--into", sites)
    assert result.exit_code == 1
    rows = re.findall(r"row (\d+): unknown role", result.err)
    assert rows == ["3", "4"], result.err
