"""Writing under real faults: a full disk, a read-only folder, a name too long, and races.

This machine and CI run as root, so chmod cannot make a folder read-only: the faults come from
small tmpfs mounts. Mounting needs root; without it the tests skip on a developer's machine and
fail in CI (CI=true), where they must run."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness import api, output
from readiness.assessment.load import load_assessment
from readiness.assessment.plan import load_plan
from readiness.errors import OutputError
from readiness.framework.load import load_catalogue
from readiness.output import folder_lock

from .helpers import IN_CI, OAKFIELD, REPO, RIVERSIDE, RunCli

CATALOGUE = load_catalogue()


@contextlib.contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _untouched(folder: Path, before: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == before  # nothing new, no temporaries


def test_a_full_disk_is_exit_1_and_leaves_what_was_there(tmp_path: Path, run_cli: RunCli) -> None:
    with tmpfs(tmp_path / "small", "size=64k") as disk:
        (disk / "report.pdf").write_bytes(b"last week's report")
        report = run_cli("report", OAKFIELD, "-o", disk / "report.pdf", "--html", disk / "r.html")
        assert report.exit_code == 1, report.output
        assert (
            report.err
            == (
                f"error: cannot write {disk}/report.pdf: the disk is full; free some space and "
                "try again\n"
            )
            or "the disk is full; free some space and try again" in report.err
        )
        assert (disk / "report.pdf").read_bytes() == b"last week's report"
        _untouched(disk, {"report.pdf"})
        q = run_cli("questionnaire", "npt", "--format", "pdf", "-o", disk / "q.pdf")
        assert q.exit_code == 1 and "the disk is full" in q.err, q.output
        _untouched(disk, {"report.pdf"})


def test_a_full_disk_during_an_import_writes_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    rows = ["Your role,SD1. x,Comment on SD1"] + [f"GP,Agree,{'x' * 1900}"] * 60
    export = tmp_path / "big.csv"
    export.write_text("\n".join(rows) + "\n")
    with tmpfs(tmp_path / "small", "size=64k") as disk:
        result = run_cli("import", export, "--into", disk / "site", "--site", "S")
        assert result.exit_code == 1, result.output
        assert "the disk is full; free some space and try again" in result.err
        assert "Traceback" not in result.err and "internal error" not in result.err
        _untouched(disk, set())  # no site folder, no site.yaml, no temporaries


def test_a_read_only_folder_is_exit_1_for_every_command(tmp_path: Path, run_cli: RunCli) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    with tmpfs(tmp_path / "ro", "size=64k,ro") as folder:
        reason = "the folder is on a read-only file system"
        for args in (
            ("score", OAKFIELD, "--format", "csv", "-o", folder / "s.csv"),
            ("report", OAKFIELD, "-o", folder / "r.pdf"),
            ("questionnaire", "npt", "--format", "xlsx", "-o", folder / "q.xlsx"),
            ("import", source, "--into", folder / "site", "--site", "S"),
        ):
            result = run_cli(*args)
            assert result.exit_code == 1, (args, result.output)
            assert reason in result.err, (args, result.err)
            assert str(folder) in result.err
        _untouched(folder, set())


def test_batch_reports_find_a_folder_they_cannot_write_before_rendering(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only output folder, or a folder where the manifest goes, is refused before a
    single report is rendered: found afterwards, a batch of a thousand sites would have
    rendered for an hour first, and a run that cannot record its reports repeats them all."""
    import readiness.report.document as document

    rendered: list[object] = []

    def counted(*args: object, **kwargs: object) -> object:
        rendered.append(args)
        raise AssertionError("no report should be rendered")

    monkeypatch.setattr(document, "render_report", counted)
    with tmpfs(tmp_path / "ro", "size=64k,ro") as folder:
        result = run_cli("report", OAKFIELD, RIVERSIDE, "--out-dir", folder, "--jobs", "1")
        assert result.exit_code == 1, result.output
        assert f"cannot write into {folder}: the folder is on a read-only file system" in result.err
        _untouched(folder, set())
    out = tmp_path / "out"
    (out / ".readiness-reports.json").mkdir(parents=True)
    result = run_cli("report", OAKFIELD, "--out-dir", out, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert f"cannot write {out / '.readiness-reports.json'}: it is a folder" in result.err
    _untouched(out, {".readiness-reports.json"})
    assert rendered == []


def test_one_report_or_portfolio_finds_a_folder_it_cannot_write_before_rendering(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found after rendering, a read-only target cost seconds of work for an error."""
    import readiness.report.document as document
    import readiness.report.portfolio.document as portfolio

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("nothing should be rendered")

    monkeypatch.setattr(document, "render_report", never)
    monkeypatch.setattr(portfolio, "render_portfolio", never)
    with tmpfs(tmp_path / "ro", "size=64k,ro") as folder:
        for args in (
            ("report", OAKFIELD, "-o", folder / "r.pdf"),
            ("report", OAKFIELD, "-o", tmp_path / "r.pdf", "--html", folder / "r.html"),
            ("compare", OAKFIELD, RIVERSIDE, "-o", folder / "c.pdf", "--no-cache"),
        ):
            result = run_cli(*args)
            assert result.exit_code == 1, result.output
            assert f"cannot write into {folder}: the folder is on a read-only" in result.err
        _untouched(folder, set())
    assert not (tmp_path / "r.pdf").exists()


def test_a_name_too_long_is_exit_1_for_every_command(tmp_path: Path, run_cli: RunCli) -> None:
    long = tmp_path / ("x" * 300)
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    for args in (
        ("score", OAKFIELD, "--format", "json", "-o", f"{long}.json"),
        ("report", OAKFIELD, "-o", f"{long}.pdf"),
        ("questionnaire", "npt", "--format", "yaml", "-o", f"{long}.yaml"),
        ("import", source, "--into", long, "--site", "S"),
        ("score", f"{long}.yaml"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "internal error" not in result.err
        assert "too long" in result.err.lower(), (args, result.err)
    assert {p.name for p in tmp_path.iterdir()} == {"a.yaml"}


@pytest.mark.slow
def test_parallel_imports_into_one_folder_lose_and_duplicate_nobody(tmp_path: Path) -> None:
    """Many real processes import at once; every respondent is there exactly once."""
    site = tmp_path / "site"
    (site / "respondents").mkdir(parents=True)
    (site / "site.yaml").write_text("site: {name: S, kind: pcn, assessed_on: 2026-10-01}\n")
    code = "import sys; from readiness.cli import main; sys.exit(main(sys.argv[1:]))"
    for round_number in range(4):
        sources = []
        for n in range(6):
            source = tmp_path / f"p{round_number}-{n}.yaml"
            answer = ["agree", "disagree", "neutral"][n % 3]
            source.write_text(
                f"role: gp\nanswers: {{five-mechanisms: {{SD1: {answer}}}}}\n"
                f"comments: {{five-mechanisms: {{SD1: 'person {round_number}-{n}'}}}}\n"
            )
            sources.append(source)
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", code, "import", str(s), "--into", str(site)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=REPO,
                env={**os.environ},
            )
            for s in sources
        ]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
    people = load_assessment(site, CATALOGUE).respondents
    notes = sorted(p.comments["five-mechanisms"]["SD1"] for p in people)
    assert notes == sorted(f"person {r}-{n}" for r in range(4) for n in range(6))
    assert len({p.id for p in people}) == 24
    assert not [p for p in (site / "respondents").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_parallel_plans_on_one_folder_lose_no_action(tmp_path: Path) -> None:
    """Plans for different frameworks, added at once by real processes to one plan.yaml, all
    end up in it: each run reads the plan again under the folder's lock."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    api.write_plan(site, frameworks=["five-mechanisms"])
    racing = ["npt", "rainbow", "delivery-conditions"]
    # Each run pauses between reading the plan and writing it back, as on a slow disk, so
    # that without the lock every run would read the same plan and the last write would win.
    code = (
        "import sys, time; from readiness.assessment import plan; from readiness.cli import main\n"
        "real = plan.appended_text\n"
        "def slow(*args, **kwargs):\n"
        "    time.sleep(1.0)\n"
        "    return real(*args, **kwargs)\n"
        "plan.appended_text = slow\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, "plan", str(site), "--framework", framework],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env={**os.environ},
        )
        for framework in racing
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    expected = {
        action.id
        for framework in ["five-mechanisms", *racing]
        for action in api.raised_actions(api.score(site, frameworks=[framework]))
    }
    steps = [step.id for step in load_plan(site / "plan.yaml").steps]
    assert sorted(steps) == sorted(expected)
    assert not [p for p in site.iterdir() if p.name.startswith(".readiness-tmp")]


def test_a_folder_lock_waits_its_turn(tmp_path: Path) -> None:
    """A second run waits for the lock (it does not fail or skip), then goes ahead."""
    code = (
        "import sys, time; from pathlib import Path; from readiness.output import folder_lock\n"
        "with folder_lock(Path(sys.argv[1])):\n"
        "    print('locked', flush=True); time.sleep(1.0)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    started = time.monotonic()
    with folder_lock(tmp_path):
        waited = time.monotonic() - started
    holder.communicate(timeout=30)
    assert waited > 0.5, waited
    assert holder.returncode == 0


def test_a_folder_lock_leaves_nothing_behind(tmp_path: Path) -> None:
    with folder_lock(tmp_path):
        assert [p.name for p in tmp_path.iterdir()] == [output.LOCK_FILE]
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(KeyError), folder_lock(tmp_path):
        raise KeyError("a run that fails inside the lock")
    assert list(tmp_path.iterdir()) == []


def test_runs_racing_for_a_folder_lock_each_hold_it_alone(tmp_path: Path) -> None:
    """Three processes each add one to a count 40 times under the lock, reading and writing
    it back with a pause between. The lock file is removed each time it is let go, so a run
    waiting on the removed file must not take the lock while a third holds the new one: no
    addition is lost."""
    count = tmp_path / "count"
    count.write_text("0")
    code = (
        "import sys, time; from pathlib import Path; from readiness.output import folder_lock\n"
        "folder = Path(sys.argv[1]); count = folder / 'count'\n"
        "for _ in range(40):\n"
        "    with folder_lock(folder):\n"
        "        seen = int(count.read_text()); time.sleep(0.002)\n"
        "        count.write_text(str(seen + 1))\n"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=REPO) for _ in range(3)
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0
    assert count.read_text() == "120"
    assert [p.name for p in tmp_path.iterdir()] == ["count"]


def test_a_folder_lock_says_plainly_when_the_folder_cannot_be_written(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "size=64k,ro") as folder:
        with pytest.raises(OutputError) as caught, folder_lock(folder):
            pass
        assert str(caught.value) == (
            f"cannot use folder {folder}: the folder is on a read-only file system"
        )


def test_a_folder_lock_held_too_long_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "LOCK_WAIT_SECONDS", 0.2)
    code = (
        "import sys, time; from pathlib import Path; from readiness.output import folder_lock\n"
        "with folder_lock(Path(sys.argv[1])):\n"
        "    print('locked', flush=True); time.sleep(3)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with (
            pytest.raises(OutputError, match="another readiness run is still changing"),
            folder_lock(tmp_path),
        ):
            pass
    finally:
        holder.kill()
        holder.communicate()


def test_a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    """Private by default: a user whose umask keeps files private gets private outputs, and
    a plan or review made private stays so when readiness adds to it."""
    previous = os.umask(0o077)
    try:
        output.write_output(tmp_path / "report.html", b"new")
        assert output.create_new(tmp_path / "r01.yaml", b"new")
        many = output.NewFiles()
        many.stage(tmp_path / "r02.yaml", b"new")
        assert many.commit() == []
    finally:
        os.umask(previous)
    for name in ("report.html", "r01.yaml", "r02.yaml"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
    kept = tmp_path / "plan.yaml"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    output.write_output(kept, b"replaced")
    assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_bytes() == b"replaced"


def test_a_file_given_through_a_link_is_written_where_the_link_points(tmp_path: Path) -> None:
    shared = tmp_path / "shared-plan.yaml"
    shared.write_bytes(b"old")
    link = tmp_path / "site" / "plan.yaml"
    link.parent.mkdir()
    link.symlink_to(Path("..") / shared.name)
    output.write_output(link, b"new")
    assert link.is_symlink() and shared.read_bytes() == b"new"
    assert sorted(p.name for p in link.parent.iterdir()) == ["plan.yaml"]


def test_an_output_that_is_a_link_to_nothing_is_refused_naming_the_link(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Written through the link, there is no folder to write into; the message said the
    link's own folder did not exist. `plan` refuses such a plan.yaml as the report does, and
    `report --out-dir` refuses such a manifest before writing any report."""
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "gone" / "out.csv")
    with pytest.raises(OutputError) as refused:
        output.write_output(link, b"x")
    assert str(refused.value) == (
        f"cannot write {link}: it is a link to {tmp_path / 'gone' / 'out.csv'}, which is not "
        "there; remove the link, or make what it names"
    )
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    (site / "plan.yaml").symlink_to(tmp_path / "gone" / "plan.yaml")
    result = run_cli("plan", site)
    assert result.exit_code == 1
    assert (
        f"{site / 'plan.yaml'}: is a link to {tmp_path / 'gone' / 'plan.yaml'}, which is not"
        in (result.err)
    )
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / ".readiness-reports.json").symlink_to(tmp_path / "gone" / "m.json")
    result = run_cli("report", OAKFIELD, "--out-dir", reports, "--format", "html")
    assert result.exit_code == 1
    assert "reports.json: it is a link to" in result.err
    assert [p.name for p in reports.iterdir()] == [".readiness-reports.json"]


def test_a_file_system_without_locks_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with (
        pytest.raises(OutputError, match=f"cannot lock folder {tmp_path}: "),
        folder_lock(tmp_path),
    ):
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_pipe_or_a_device_is_written_into_never_replaced(tmp_path: Path) -> None:
    """-o /dev/null or a named pipe gets the bytes; renaming a file over it would replace the
    device itself (as root, /dev/null for every program). A disk device is refused."""
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    output.write_output(pipe, b"scores\n")
    reader.join(timeout=10)
    assert received == [b"scores\n"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    output.write_output(Path(os.devnull), b"nothing kept")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    if os.geteuid() == 0:
        null_copy, disk = tmp_path / "null", tmp_path / "disk"
        os.mknod(null_copy, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.mknod(disk, 0o600 | stat.S_IFBLK, os.makedev(7, 200))
        output.write_output(null_copy, b"x")
        assert stat.S_ISCHR(os.stat(null_copy).st_mode)
        with pytest.raises(OutputError, match="it is a disk device or a socket, not a file"):
            output.write_output(disk, b"x")
        assert stat.S_ISBLK(os.stat(disk).st_mode)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_folder_that_creates_nothing_is_named_as_such() -> None:
    """/proc is there, but no file can be made in it: not "the folder does not exist"."""
    with pytest.raises(OutputError, match=r"cannot write /proc/x\.csv: /proc does not take new"):
        output.write_output(Path("/proc/x.csv"), b"x")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`score -o /dev/stdout | head`: the pipe closes before the JSON is all written. As for
    standard output, the reader has what it wanted: exit 0, and no "Broken pipe" message."""
    command = (
        f"{sys.executable} -m readiness score {RIVERSIDE} --format json -o /dev/stdout | head -c 20"
    )
    done = subprocess.run(
        ["bash", "-c", f"{command}; exit ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.stdout.startswith("{")
    assert "Broken pipe" not in done.stderr and done.returncode == 0, done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the wait")
def test_a_run_asked_to_end_stops_plainly_and_leaves_nothing(tmp_path: Path) -> None:
    """SIGTERM (a `kill`, a scheduler's limit) stops a command as Ctrl-C does: what it had
    begun is undone, it says why it stopped, and it exits 143 (128 + 15), not killed
    outright with its temporary files and half-made folders left behind."""
    site = tmp_path / "site"
    site.mkdir()
    form = tmp_path / "form.yaml"
    form.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n", encoding="utf-8")
    command = [sys.executable, "-m", "readiness", "import", str(form), "--into", str(site)]
    lock = os.fspath(site / output.LOCK_FILE)
    with folder_lock(site):  # the import waits here, having read and checked its input
        process = subprocess.Popen(
            [*command, "--site", "S"], stderr=subprocess.PIPE, text=True, cwd=tmp_path
        )
        deadline = time.monotonic() + 60
        while not _has_open(process.pid, lock):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        process.terminate()
        _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert "Stopped: the process was asked to end (SIGTERM)." in err
    assert "Traceback" not in err
    assert list(site.iterdir()) == []


def _has_open(pid: int, path: str) -> bool:
    """Whether the process has the file at `path` open."""
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == path:
                    return True
    return False


def test_files_being_made_when_a_run_is_stopped_are_all_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt can land just after a temporary file is made and before the run has
    noted it: it is noted first, so discarding the batch removes every one."""
    made = 0
    real_open = os.open

    def interrupted_open(path: str, flags: int, mode: int = 0o777) -> int:
        nonlocal made
        fd = real_open(path, flags, mode)
        made += 1
        if made == 3:
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr("readiness.output.os.open", interrupted_open)
    batch = output.NewFiles()
    with pytest.raises(KeyboardInterrupt):
        try:
            for n in range(5):
                batch.stage(tmp_path / f"r{n}.yaml", b"answers")
        finally:
            batch.discard()
    assert made == 3 and list(tmp_path.iterdir()) == []
