"""Many reports at once (`report --out-dir`), and the short report for commissioners."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from ..helpers import DATA, OAKFIELD, RIVERSIDE, RIVERSIDE_BASELINE, RunCli, flat, pdf_text

PRIVACY = DATA / "assessments" / "privacy"
FRAMEWORKS = DATA / "frameworks" / "privacy"


@pytest.fixture
def sites(tmp_path: Path) -> list[Path]:
    out = []
    for name in ("north", "south", "east"):
        folder = tmp_path / "sites" / name
        shutil.copytree(PRIVACY, folder)
        out.append(folder)
    return out


def report_many(run_cli: RunCli, sites: list[Path], out: Path, *extra: str | Path) -> str:
    result = run_cli(
        "report", *sites, "--out-dir", out, "--frameworks-dir", FRAMEWORKS, "--jobs", "2", *extra
    )
    assert result.exit_code == 0, result.output
    return result.err


@pytest.mark.slow
def test_one_report_per_site_and_up_to_date_ones_are_skipped(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    assert report_many(run_cli, sites, out) == f"Wrote 3 reports to {out}.\n"  # quiet: no TTY
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        ".readiness-reports.json",
        "east.pdf",
        "north.pdf",
        "south.pdf",
    ]
    first = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    assert report_many(run_cli, sites, out) == (
        f"Wrote 0 reports to {out}, skipped 3 up to date.\n"
    )
    # A changed answer makes that site's report stale, and only that one.
    answer = sites[1] / "respondents" / "gp1.yaml"
    answer.write_text(answer.read_text().replace("T1: sa", "T1: sd"))
    assert report_many(run_cli, sites, out) == (f"Wrote 1 report to {out}, skipped 2 up to date.\n")
    assert (out / "south.pdf").read_bytes() != first["south.pdf"]
    assert (out / "north.pdf").read_bytes() == first["north.pdf"]
    # A report edited or damaged since it was written is not up to date: written again.
    (out / "east.pdf").write_bytes(b"tampered")
    assert report_many(run_cli, sites, out) == (f"Wrote 1 report to {out}, skipped 2 up to date.\n")
    assert (out / "east.pdf").read_bytes() == first["east.pdf"]
    assert report_many(run_cli, sites, out, "--force") == f"Wrote 3 reports to {out}.\n"
    # The same input gives the same bytes in another process.
    assert (out / "north.pdf").read_bytes() == first["north.pdf"]
    # A damaged record of what was written only means writing everything again, with a note.
    manifest = out / ".readiness-reports.json"
    for damaged, why in (
        (b"[]", "is not a manifest this version of readiness reads"),
        (b'{"format": "readiness-reports/1", "reports": []}', "is not a manifest"),
        (b"{not json", "JSON syntax error, column 2"),
        (b'{"format": "\xe9"}', "is not UTF-8 text"),
    ):
        manifest.write_bytes(damaged)
        note, wrote = report_many(run_cli, sites, out).splitlines()
        assert note.startswith(f"note: {manifest}") and why in note, note
        assert "try again" not in note  # nothing for the user to do: it is rebuilt
        assert note.endswith("every report is written again and the manifest rebuilt")
        assert wrote == f"Wrote 3 reports to {out}."


def test_one_failing_site_does_not_stop_the_others(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    broken = sites[0] / "respondents" / "gp2.yaml"
    broken.write_text("role: gp\nanswers: {privacy: {T1: sometimes}}\n")
    out = tmp_path / "reports"
    result = run_cli(
        "report", *sites, "--out-dir", out, "--frameworks-dir", FRAMEWORKS, "--jobs", "2"
    )
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == ["east.pdf", "south.pdf"]
    assert f"{sites[0]}: failed:\n  {broken}:2: gp2.yaml.answers.privacy.T1: 'sometimes'" in (
        result.err
    )
    assert result.err.endswith("1 of 3 reports failed.\n")


def test_a_failed_site_s_earlier_report_is_kept_and_said_to_be_out_of_date(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    """A failed run changes nothing, so north.pdf from the run before stays, byte for byte;
    but whoever sends the folder out is told it no longer matches the site."""
    out = tmp_path / "reports"
    first = run_cli("report", *sites, "--out-dir", out, "--frameworks-dir", FRAMEWORKS)
    assert first.exit_code == 0, first.output
    before = (out / "north.pdf").read_bytes()
    (sites[0] / "respondents" / "gp2.yaml").write_text(
        "role: gp\nanswers: {privacy: {T1: sometimes}}\n"
    )
    again = run_cli("report", *sites, "--out-dir", out, "--frameworks-dir", FRAMEWORKS)
    assert again.exit_code == 1
    assert (out / "north.pdf").read_bytes() == before
    assert (
        f"note: {out / 'north.pdf'} is from an earlier run and no longer matches its site's "
        "files, which could not be reported on this time; it was left as it was"
    ) in again.err
    assert again.err.count("is from an earlier run") == 1  # the others were up to date


def test_sites_that_would_share_a_name_are_refused(
    run_cli: RunCli, sites: list[Path], tmp_path: Path
) -> None:
    twin = tmp_path / "elsewhere" / "north"
    shutil.copytree(sites[0], twin)
    out = tmp_path / "reports" / "2026"
    result = run_cli("report", sites[0], twin, "--out-dir", out, "--frameworks-dir", FRAMEWORKS)
    assert result.exit_code == 1
    assert f"{sites[0]} and {twin} would both be written as {out / 'north.pdf'}" in result.err
    # A refused run leaves nothing new: not even the folders it would have written into.
    assert not (tmp_path / "reports").exists()
    # Nor does a run in which every site fails; a folder that was there stays.
    broken = sites[0] / "respondents" / "gp2.yaml"
    broken.write_text("role: gp\nanswers: {privacy: {T1: sometimes}}\n")
    failed = run_cli("report", sites[0], "--out-dir", out, "--frameworks-dir", FRAMEWORKS)
    assert failed.exit_code == 1 and not (tmp_path / "reports").exists()
    out.mkdir(parents=True)
    assert run_cli("report", sites[0], "--out-dir", out, "--frameworks-dir", FRAMEWORKS).exit_code
    assert out.is_dir() and not list(out.iterdir())


def test_report_needs_one_destination(run_cli: RunCli, sites: list[Path], tmp_path: Path) -> None:
    result = run_cli("report", *sites, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "-o writes one report; use --out-dir DIR for several" in result.err
    result = run_cli("report", sites[0])
    assert result.exit_code == 2
    assert "give either -o FILE (one assessment) or --out-dir DIR" in result.err


def test_the_summary_for_commissioners_fits_four_pages(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "summary.pdf"
    result = run_cli("report", RIVERSIDE, "--summary", "-o", out)
    assert result.exit_code == 0, result.output
    pages = [flat(p) for p in pdf_text(out)]
    assert len(pages) <= 4
    text = " ".join(pages)
    assert "Summary: where you are and what to do next" in text
    assert "How far to trust these scores" in text
    assert "Every domain at a glance" in text
    assert "How the scores were worked out" not in text  # the full method stays in the report
    assert "Contents" not in pages[1]
    reader = pypdf.PdfReader(out)
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])  # type: ignore[index]
    again = tmp_path / "again.pdf"
    assert run_cli("report", RIVERSIDE, "--summary", "-o", again).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_a_baseline_is_refused_where_it_cannot_apply(tmp_path: Path, run_cli: RunCli) -> None:
    out_dir = tmp_path / "reports"
    many = run_cli(
        "report", RIVERSIDE, OAKFIELD, "--out-dir", out_dir, "--baseline", RIVERSIDE_BASELINE
    )
    assert many.exit_code == 2 and "each site has its own baseline" in many.err
    assert not out_dir.exists()
    out = tmp_path / "report.pdf"
    backwards = run_cli("report", RIVERSIDE_BASELINE, "--baseline", RIVERSIDE, "-o", out)
    assert backwards.exit_code == 1
    site_yaml = RIVERSIDE / "site.yaml"
    assessed_line = _line_of(site_yaml, "assessed_on:")
    assert f"{site_yaml}:{assessed_line}: site.assessed_on: the baseline was assessed on" in (
        backwards.err
    )
    assert "not before the follow-up (2025-10-01)" in backwards.err
    other = run_cli("report", RIVERSIDE, "--baseline", OAKFIELD, "-o", out)
    assert other.exit_code == 1
    ods_line = _line_of(OAKFIELD, "ods_code:")
    assert (
        f"{OAKFIELD}:{ods_line}: site.ods_code: the baseline is for Oakfield Surgery" in other.err
    )
    itself = run_cli("report", RIVERSIDE, "--baseline", RIVERSIDE, "-o", out)
    assert itself.exit_code == 1 and "the baseline is the assessment itself" in itself.err
    missing = run_cli("report", RIVERSIDE, "--baseline", tmp_path / "nowhere", "-o", out)
    assert missing.exit_code == 1
    assert not out.exists()


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_report_is_stale_when_any_file_it_is_made_from_changes(tmp_path: Path) -> None:
    """The manifest's fingerprint covers the reviewer's file and the evidence it checks, not
    only the respondents' files; hidden files (the folder's lock) do not count."""
    from readiness.api import load_frameworks
    from readiness.batch.sites import SiteOptions, fingerprints

    site = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, site)
    options = SiteOptions(load_frameworks(()))

    def fingerprint() -> str:
        return fingerprints([site], options)[site]

    seen = {fingerprint()}
    (site / ".readiness.lock").write_text("")
    assert fingerprint() in seen
    review = site / "review.yaml"
    evidence = site / "evidence" / "safeguarding-route-summary.txt"
    answers = site / "respondents" / "r07-link-worker.yaml"
    for change in (
        lambda: answers.write_text(answers.read_text() + "\n"),
        lambda: review.write_text(review.read_text() + "\n# again\n"),
        lambda: evidence.write_text(evidence.read_text() + "edited\n"),
        lambda: review.unlink(),
        lambda: (site / "plan.yaml").write_text("actions: []\n"),
    ):
        change()
        assert fingerprint() not in seen
        seen.add(fingerprint())


def test_a_report_is_stale_when_evidence_its_review_checks_elsewhere_changes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Evidence a review hashes may be kept outside the site's folder (shared by several
    sites): a change to it is a change to what the report is made from, so the report is not
    skipped as up to date, and the changed file is refused as loading refuses it."""
    site = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, site)
    shutil.move(site / "evidence", tmp_path / "shared-evidence")
    review = site / "review.yaml"
    review.write_text(review.read_text().replace("file: evidence/", "file: ../shared-evidence/"))
    out = tmp_path / "reports"
    command = ("report", site, "--out-dir", out, "--format", "html")
    first = run_cli(*command)
    assert first.exit_code == 0, first.output
    assert "skipped 1 up to date" in run_cli(*command).err
    evidence = tmp_path / "shared-evidence" / "safeguarding-route-summary.txt"
    evidence.write_text(evidence.read_text() + "edited after the visit\n")
    again = run_cli(*command)
    assert again.exit_code == 1
    assert "does not match safeguarding-route-summary.txt" in flat(again.err)
    assert "up to date" not in again.err


def test_a_one_file_assessment_s_report_follows_the_evidence_beside_it(tmp_path: Path) -> None:
    """A one-file assessment's review section names evidence beside the file: its bytes are
    part of the report's fingerprint, as evidence in a folder is."""
    from readiness.api import load_frameworks
    from readiness.batch.sites import SiteOptions, fingerprints

    policy = tmp_path / "policy.txt"
    policy.write_text("route\n")
    site = tmp_path / "oakfield.yaml"
    site.write_text(
        OAKFIELD.read_text()
        + "review:\n  reviewer: {name: Sam Patel}\n  visits: [2026-06-10]\n"
        + "  items:\n    delivery-conditions:\n      DC27:\n        evidence:\n"
        + "          - {title: Policy, seen: 2026-06-10, file: policy.txt, sha256: "
        + "0" * 64
        + "}\n"
    )
    options = SiteOptions(load_frameworks(()))
    before = fingerprints([site], options)[site]
    assert fingerprints([site], options)[site] == before
    policy.write_text("another route\n")
    assert fingerprints([site], options)[site] != before


def test_a_linked_respondents_folder_is_part_of_the_fingerprint(tmp_path: Path) -> None:
    """The loader reads respondents/ through a link; the fingerprint does too, so a changed
    answer there makes the report stale. Other links to folders are not followed."""
    from readiness.api import load_frameworks
    from readiness.batch.sites import SiteOptions, fingerprints

    site = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, site)
    store = tmp_path / "store"
    shutil.move(site / "respondents", store)
    (site / "respondents").symlink_to(store, target_is_directory=True)
    (store / "loop").symlink_to(tmp_path, target_is_directory=True)
    # A link to a folder the loader does not read (a shared drive) is not walked.
    shared = tmp_path / "shared-drive"
    shared.mkdir()
    (shared / "minutes.txt").write_text("one")
    (site / "shared").symlink_to(shared, target_is_directory=True)
    options = SiteOptions(load_frameworks(()))
    before = fingerprints([site], options)[site]
    (shared / "minutes.txt").write_text("two")
    assert fingerprints([site], options)[site] == before
    answers = store / "r07-link-worker.yaml"
    answers.write_text(answers.read_text() + "\n")
    assert fingerprints([site], options)[site] != before


def test_a_copy_of_a_bundled_framework_given_as_adapted_changes_the_fingerprints(
    tmp_path: Path,
) -> None:
    """A byte-for-byte copy in --frameworks-dir scores the same, but every output names the
    framework "adapted locally": a report or a kept score from a run without it is stale."""
    from readiness.api import load_frameworks
    from readiness.batch.score_cache import open_score_cache
    from readiness.batch.sites import SiteOptions, fingerprints
    from readiness.resources import frameworks_dir

    local = tmp_path / "local"
    local.mkdir()
    shutil.copy(frameworks_dir() / "npt-3.0.0.yaml", local)
    bundled, adapted = load_frameworks(()), load_frameworks([local])
    assert fingerprints([RIVERSIDE], SiteOptions(bundled)) != fingerprints(
        [RIVERSIDE], SiteOptions(adapted)
    )
    os_env = pytest.MonkeyPatch()
    os_env.setenv("READINESS_CACHE_DIR", str(tmp_path / "cache"))
    try:
        plain, local_copy = open_score_cache(bundled, (), None), open_score_cache(adapted, (), None)
        assert plain is not None and local_copy is not None
        assert plain.fingerprint(RIVERSIDE) != local_copy.fingerprint(RIVERSIDE)
    finally:
        os_env.undo()


def test_templates_moved_within_their_folder_make_reports_stale(tmp_path: Path) -> None:
    from readiness.api import load_frameworks
    from readiness.batch.sites import SiteOptions, fingerprints

    brand = tmp_path / "brand"
    (brand / "img").mkdir(parents=True)
    (brand / "img" / "logo.png").write_bytes(b"not really a png")
    options = SiteOptions(load_frameworks(()), template_dir=brand)
    before = fingerprints([RIVERSIDE], options)
    (brand / "img").rename(brand / "pics")
    assert fingerprints([RIVERSIDE], options) != before


def test_a_report_folder_s_links_and_pipes_are_refused_before_rendering(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Writing through a link in a report folder would put one site's report in another's
    file (or a file of the user's), and a pipe as the manifest would wait for ever: both are
    refused before anything is rendered, and the folder is left as it was."""
    import os

    out = tmp_path / "out"
    command = ("report", OAKFIELD, RIVERSIDE, "--out-dir", out, "--format", "html")
    assert run_cli(*command).exit_code == 0
    oakfield = (out / "oakfield-practice.html").read_bytes()
    (out / "riverside-pcn.html").unlink()
    (out / "riverside-pcn.html").symlink_to("oakfield-practice.html")
    refused = run_cli(*command)
    assert refused.exit_code == 1
    assert f"cannot write {out / 'riverside-pcn.html'}: it is a link to oakfield-practice.html" in (
        flat(refused.err)
    )
    assert (out / "oakfield-practice.html").read_bytes() == oakfield
    (out / "riverside-pcn.html").unlink()
    manifest = out / ".readiness-reports.json"
    manifest.unlink()
    os.mkfifo(manifest)
    refused = run_cli(*command)
    assert refused.exit_code == 1
    assert "it is a pipe, a device or a socket, not a file" in flat(refused.err)
    assert sorted(p.name for p in out.iterdir()) == [
        ".readiness-reports.json",
        "oakfield-practice.html",
    ]


def test_a_report_is_recorded_by_the_bytes_this_run_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs writing one report at once: each records what it wrote, not what is on disk
    when it records, so the report another run replaced is not taken as up to date."""
    import hashlib

    from readiness.api import load_frameworks
    from readiness.batch import sites
    from readiness.output import write_output
    from readiness.vocabulary import ReportFormat

    out = tmp_path / "out"
    out.mkdir()
    options = sites.SiteOptions(load_frameworks(()), format=ReportFormat.HTML)

    def written_then_replaced(target: Path, data: bytes, inputs: object = ()) -> None:
        write_output(target, data)
        if target.suffix == ".html":
            target.write_bytes(b"another run's report")

    monkeypatch.setattr(sites, "write_output", written_then_replaced)
    done = sites.render_into([RIVERSIDE], out, options, workers=1)
    assert done.written == (out / "riverside-pcn.html",)
    recorded = sites.read_manifest(out).reports["riverside-pcn.html"]
    assert not recorded.endswith(hashlib.sha256(b"another run's report").hexdigest())
    todo, fresh = sites.plan_reports(
        [RIVERSIDE], out, options, False, {"riverside-pcn.html": recorded}
    )
    assert [j.output for j in todo] == [out / "riverside-pcn.html"] and fresh == []


def test_reports_are_recorded_as_the_run_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed midway (kill -9: no clean-up runs) keeps the record of the reports it
    had rendered, so the next run does not render them all again."""
    from readiness.api import load_frameworks
    from readiness.batch import sites
    from readiness.batch.pool import Outcome
    from readiness.vocabulary import ReportFormat

    out = tmp_path / "out"
    out.mkdir()
    options = sites.SiteOptions(load_frameworks(()), format=ReportFormat.HTML)
    seen_before_second: list[dict[str, str]] = []

    def rendered_then_killed(jobs: list[sites.ReportJob], *args: object):  # type: ignore[no-untyped-def]
        yield Outcome(jobs[0], sites._render(options, jobs[0]))
        seen_before_second.append(sites.read_manifest(out).reports)
        raise KeyboardInterrupt  # stands for the kill: what follows never runs

    monkeypatch.setattr(sites, "MANIFEST_EVERY", 1)
    monkeypatch.setattr(sites, "render_reports", rendered_then_killed)
    with pytest.raises(KeyboardInterrupt):
        sites.render_into([OAKFIELD, RIVERSIDE], out, options, workers=1)
    assert list(seen_before_second[0]) == ["oakfield-practice.html"]


def test_each_site_s_warnings_are_said_in_runs_over_many_sites(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report --out-dir` and `compare` say what loading each site warned of, as `report -o`
    does for one (helper-59: a service user who alone answered was warned of for one report,
    never in a batch), `compare` also for a site whose scores were kept from an earlier run;
    past a number of warnings the rest are counted, naming the sites."""
    import readiness.cli as cli

    monkeypatch.setenv("READINESS_CACHE_DIR", str(tmp_path / "cache"))
    lone = tmp_path / "lone"
    (lone / "respondents").mkdir(parents=True)
    (lone / "site.yaml").write_text(
        "site:\n  name: Lone\n  kind: practice\n  assessed_on: 2026-10-01\n"
        "  frameworks: [rainbow]\n"
    )
    (lone / "respondents" / "c1.yaml").write_text(
        "id: c1\nrole: client\nanswers:\n  rainbow:\n    PF2: strongly_disagree\n"
    )
    warned = f"{lone / 'respondents' / 'c1.yaml'}: role: warning: the only respondent is"
    out = tmp_path / "reports"
    batch = run_cli("report", lone, OAKFIELD, "--out-dir", out, "--format", "html", "--jobs", "1")
    assert batch.exit_code == 0, batch.output
    assert batch.err.count(warned) == 1, batch.err
    portfolio = [lone, OAKFIELD]
    for run in ("scored", "kept"):
        compared = run_cli("compare", *portfolio, "-o", tmp_path / "p.csv", "--jobs", "1")
        assert compared.exit_code == 0, compared.output
        assert compared.err.count(warned) == 1, (run, compared.err)
    assert "unchanged since last compared" in compared.err
    monkeypatch.setattr(cli, "SITE_WARNINGS_SHOWN", 0)
    counted = run_cli("compare", *portfolio, "-o", tmp_path / "p.csv", "--jobs", "1")
    assert warned not in counted.err
    assert f"warning: 1 more warning not shown here, about {lone}: `readiness score SITE`" in (
        counted.err
    )
    # The consent comes first, and a role chosen by mistake is one warning, not one an
    # answer: past the cap, the consent was the warning counted and not shown (helper-61).
    (lone / "respondents" / "c1.yaml").write_text(
        "id: c1\nrole: client\nanswers:\n  rainbow:\n    PF2: agree\n"
        + "".join(f"    {item}: agree\n" for item in ("CL1", "CL2", "CL4"))
    )
    monkeypatch.setattr(cli, "SITE_WARNINGS_SHOWN", 1)
    first = run_cli("compare", lone, "-o", tmp_path / "p.csv", "--jobs", "1")
    assert first.err.startswith(warned), first.err
    assert "1 more warning not shown here" in first.err  # 3 not asked of a client: one
    # A folder in respondents/ is warned of (its files are not read) while it is there, and
    # not once it is gone, kept scores or not (helper-61: the kept warning outlived it).
    monkeypatch.setattr(cli, "SITE_WARNINGS_SHOWN", 50)
    (lone / "respondents" / "more").mkdir()
    assert (
        "respondents/more: warning: is a folder"
        in run_cli("compare", lone, "-o", tmp_path / "p.csv").err
    )
    (lone / "respondents" / "more").rmdir()
    assert "is a folder" not in run_cli("compare", lone, "-o", tmp_path / "p.csv").err


def test_a_scoring_worker_collects_cycles_rarely_and_never_what_it_started_with() -> None:
    """Scoring makes many small objects and next to no cycles: a worker that only scores
    raises the collector's threshold and freezes what it inherited (measured: 3% of
    `compare`); a process that does anything else keeps Python's default."""
    import subprocess
    import sys

    script = (
        "import gc\n"
        "from readiness.batch import sites\n"
        "before = gc.get_threshold()[0]\n"
        "sites._scoring_worker()\n"
        "print(before, gc.get_threshold()[0], gc.get_freeze_count() > 0)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown == ["700", str(50_000), "True"]
