"""Whatever bytes a user hands over, readiness answers with a result or a clear input error."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readiness.collect.importer import import_files
from readiness.errors import InputError, ReadinessError
from readiness.framework.load import load_catalogue
from readiness.yamlio import parse_yaml

from .helpers import RIVERSIDE, RunCli

CATALOGUE = load_catalogue()
YAML_BITS = st.sampled_from(
    [
        b"a: ",
        b"- ",
        b"\n",
        b"  ",
        b"&x ",
        b"*x",
        b"!!python/name:x",
        b"{",
        b"}",
        b"[",
        b"]",
        b"'",
        b'"',
        b"\t",
        b"#",
        b"? ",
        b": ",
        b"yes",
        b"2026-13-45",
        b"\xff",
        b"\x00",
        b"---",
        b"...",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(YAML_BITS, st.binary(max_size=8)), max_size=40))
def test_yaml_reader_never_crashes(parts: list[bytes]) -> None:
    with contextlib.suppress(InputError):
        parse_yaml(b"".join(parts), Path("fuzz.yaml"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from([".csv", ".yaml", ".xlsx", ".pdf"]))
def test_importer_never_crashes(tmp_path: Path, data: bytes, suffix: str) -> None:
    source = tmp_path / f"input{suffix}"
    source.write_bytes(data)
    with contextlib.suppress(InputError, ReadinessError):
        import_files([source], tmp_path / "site", CATALOGUE, site="S", role="gp")


MUTATION_SOURCES = [
    Path(__file__).parent.parent / "frameworks" / "npt-2.0.0.yaml",
    Path(__file__).parent.parent / "frameworks" / "delivery-conditions-2.0.0.yaml",
    Path(__file__).parent.parent / "examples" / "oakfield-practice.yaml",
]
SNIPPETS = [
    " ",
    ":",
    "-",
    "{",
    '"',
    "x",
    "9",
    "\t",
    "",
    "[",
    "&a ",
    "*a",
    "-1",
    "1e309",
    "null",
    "~",
    ".nan",
    "true",
    "{a: 1}",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# A change record whose new id became invalid ('DC19' -> 'D 19') reached did_you_mean as the
# schema's placeholder and crashed.
@example(MUTATION_SOURCES[1], [(0, 0, " ", 0), (0, 0, " ", 1), (676, 6772, " ", 2)])
@given(
    st.sampled_from(MUTATION_SOURCES),
    st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.integers(0, 10**6),
            st.sampled_from(SNIPPETS),
            st.integers(0, 2),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_mutated_files_never_crash(
    tmp_path: Path, source: Path, edits: list[tuple[int, int, str, int]]
) -> None:
    """Real files with small typos (deleted, repeated or edited lines) are always either
    accepted or rejected with an input error, never an internal one."""
    from readiness.assessment.load import load_assessment
    from readiness.framework.checks import check_framework
    from readiness.scoring.engine import score_framework

    lines = source.read_text(encoding="utf-8").splitlines()
    for line_pick, column_pick, snippet, operation in edits:
        index = line_pick % len(lines)
        if operation == 0:
            del lines[index]
        elif operation == 1:
            lines.insert(index, lines[column_pick % len(lines)])
        elif lines[index]:
            col = column_pick % len(lines[index])
            lines[index] = lines[index][:col] + snippet + lines[index][col + 1 :]
    mutated = tmp_path / f"mutated{source.suffix}"
    mutated.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if source.parent.name == "frameworks":
        framework, _ = check_framework(mutated)
        if framework is not None:
            score_framework(framework, [])
    else:
        with contextlib.suppress(InputError):
            load_assessment(mutated, CATALOGUE)


def test_a_folder_name_that_is_not_utf8_reaches_every_portfolio_output(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Linux lets a file name hold any bytes; Python keeps those that are not UTF-8 as lone
    surrogates, which no UTF-8 output can hold. The site's path is written with \\x escapes."""
    site = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9"))
    try:
        shutil.copytree(RIVERSIDE, site)
    except OSError:  # pragma: no cover - a file system that refuses such names
        pytest.skip("this file system refuses file names that are not UTF-8")
    for suffix in ("csv", "json", "xlsx", "html"):
        out = tmp_path / f"portfolio.{suffix}"
        result = run_cli("compare", site, "-o", out)
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "portfolio.csv").read_text("utf-8-sig"))))
    assert rows[0]["source"].endswith("caf\\xe9")
    data = json.loads((tmp_path / "portfolio.json").read_text("utf-8"))
    assert data["rows"][0]["source"].endswith("caf\\xe9")


CONTROL_SITE = """\
site: {name: "Hill\\vPractice", kind: practice, assessed_on: 2026-11-02}
respondents:
  - id: g1
    role: gp
    answers: {five-mechanisms: {SD1: agree}}
    comments: {five-mechanisms: {SD1: "First line\\vsecond line"}}
"""


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["score", "{site}"], "{site}:1: site.name"),
        (["compare", "{site}", "-o", "{out}.xlsx"], "{site}:1: site.name"),
        (["review", "{site}", "-o", "{out}.xlsx"], "{site}:1: site.name"),
        (
            ["questionnaire", "npt", "--site", "Hill\vPractice", "--format", "xlsx", "-o", "{out}"],
            "the site's name (--site)",
        ),
        (
            [
                "questionnaire",
                "npt",
                "--all-roles",
                "--service-name",
                "S\x01",
                "--format",
                "xlsform",
                "--out-dir",
                "{out}",
            ],
            "the service's name (--service-name)",
        ),
        (["compare", str(RIVERSIDE), "-o", "{out}.pdf", "--title", "T\x1b"], "the title (--title)"),
    ],
)
def test_a_control_character_in_a_name_is_refused_not_a_crash(
    tmp_path: Path, run_cli: RunCli, command: list[str], what: str
) -> None:
    """A name a report or workbook shows, holding a control character that XML (and so a
    workbook) cannot hold, such as Word's manual line break: refused, saying which name and
    what to do, and nothing is written (it was an internal error for workbooks)."""
    site, out = tmp_path / "site.yaml", tmp_path / "out"
    site.write_text(CONTROL_SITE)
    args = [a.format(site=site, out=out) for a in command]
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert f"{what.format(site=site)}" in result.err and "control character" in result.err
    assert "remove it" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.yaml"]


def test_a_control_character_a_respondent_typed_is_kept(tmp_path: Path) -> None:
    """What respondents typed is theirs: a comment with Word's line break in it loads as typed."""
    from readiness.assessment.load import load_assessment

    path = tmp_path / "site.yaml"
    path.write_text(CONTROL_SITE.replace("Hill\\vPractice", "Hill Practice"))
    assessment = load_assessment(path, CATALOGUE)
    comments = assessment.respondents[0].comments["five-mechanisms"]
    assert comments == {"SD1": "First line\vsecond line"}


@pytest.mark.parametrize("character", ["\x80", "\x92", "\x9f", "\ufffe"])
def test_a_c1_control_in_a_site_name_is_refused_at_its_line_not_a_crash(
    tmp_path: Path, run_cli: RunCli, character: str
) -> None:
    """ "Riverside\\x92s PCN" (a Windows apostrophe read as Latin-1) passed every check, and
    then `plan`, which writes the name into plan.yaml where YAML cannot hold it, and `import
    --site` stopped with an internal error (exit 3). Refused as other control characters
    are, at site.yaml's line, and from --site, with nothing written."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    site = folder / "site.yaml"
    text = site.read_text(encoding="utf-8")
    escaped = json.dumps(character)[1:-1]  # \u0092: an escape, since YAML cannot hold it raw
    site.write_text(
        text.replace("  name: Riverside Primary Care Network", f'  name: "River{escaped}side"')
    )
    line = text.splitlines().index("  name: Riverside Primary Care Network") + 1
    planned = run_cli("plan", folder)
    assert planned.exit_code == 1, planned.output
    assert (
        f"site.yaml:{line}: site.name: holds a control character, U+{ord(character):04X}"
        in planned.err
    )
    assert not (folder / "plan.yaml").exists()
    target = tmp_path / "new"
    imported = run_cli(
        "import",
        RIVERSIDE / "respondents" / "r01-gp.yaml",
        "--into",
        target,
        "--site",
        f"River{character}side",
        "--site-kind",
        "pcn",
    )
    assert imported.exit_code == 1, imported.output
    assert "control character" in imported.err and not target.exists()


LOOP_COMMANDS = [
    ["compare", "{oak}", "{loop}", "-o", "{out}/c.csv"],
    ["report", "{oak}", "{loop}", "--out-dir", "{out}", "--format", "html"],
    ["report", str(RIVERSIDE), "--baseline", "{loop}", "-o", "{out}/r.html"],
    ["report", "{oak}", "-o", "{out}/r.html", "--template-dir", "{loop}"],
    ["compare", "{oak}", "-o", "{out}/c.csv", "--frameworks-dir", "{loop}"],
    ["score", "{oak}", "-o", "{loop}/x.json"],
    ["report", "{oak}", "--format", "html", "-o", "{loop}"],
    ["score", "{oak}", "--format", "json", "-o", "{loop}"],
    ["review", "{loop}", "-o", "{out}/c.xlsx"],
    ["questionnaire", "npt", "--format", "yaml", "--all-roles", "--out-dir", "{loop}"],
    ["import", "{oak}", "--into", "{loop}"],
    ["score", "{loop}"],
]


@pytest.mark.parametrize("command", LOOP_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_loop_of_links_is_the_users_to_correct(
    command: list[str], tmp_path: Path, run_cli: RunCli
) -> None:
    """Python 3.11 raises RuntimeError, not OSError, following a loop of links: wherever a
    command meets one (a site, an output, a folder option), it is told plainly, exit 1."""
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    out = tmp_path / "out"
    out.mkdir()
    oak = str(Path(__file__).parent.parent / "examples" / "oakfield-practice.yaml")
    given = [word.format(oak=oak, loop=tmp_path / "loop1", out=out) for word in command]
    result = run_cli(*given)
    assert result.exit_code == 1, result.err
    assert "loop of links" in result.err
    assert list(out.iterdir()) == []


def test_a_loop_of_links_inside_a_site_is_told_as_one(tmp_path: Path, run_cli: RunCli) -> None:
    """helper-69: evidence that is a loop crashed `compare` (exit 3: the score cache
    fingerprints the evidence) and was warned of as "outside the assessment's folder" and
    "not here"; a respondents folder that is a loop was "not found"."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    evidence = site / "evidence" / "safeguarding-route-summary.txt"
    evidence.unlink()
    evidence.symlink_to(evidence.name)
    compared = run_cli("compare", site, "-o", tmp_path / "p.json")
    assert compared.exit_code == 0, compared.err
    assert "safeguarding-route-summary.txt is a loop of links" in compared.err
    assert "outside the assessment's folder" not in compared.err and "is not here" not in (
        compared.err
    )
    looped = tmp_path / "looped"
    looped.mkdir()
    shutil.copy(site / "site.yaml", looped / "site.yaml")
    (looped / "respondents").symlink_to("respondents")
    scored = run_cli("score", looped)
    assert scored.exit_code == 1
    assert f"{looped / 'respondents'}: is a loop of links" in scored.err


def test_a_template_of_the_users_that_is_a_loop_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    """helper-69: it was taken for a template not there, and ours used without a word."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.html").symlink_to("report.html")
    out = tmp_path / "r.html"
    oak = Path(__file__).parent.parent / "examples" / "oakfield-practice.yaml"
    result = run_cli("report", oak, "-o", out, "--template-dir", templates)
    assert result.exit_code == 1
    assert f"{templates / 'report.html'} is a loop of links" in result.err
    assert not out.exists()
