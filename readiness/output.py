"""Writing output files: atomically, never over an input, and with faults told plainly.

Every file readiness writes goes through `write_outputs` (replace a file) or `create_new` (a
file that must not exist yet). Both write a temporary file in the target's folder and rename
or link it into place, so a reader never sees half a file and a failure leaves what was there.
Temporary files carry the writer's process id; a later run removes those of dead processes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from readiness.errors import LOOP_OF_LINKS, OutputError, describe_os_error
from readiness.paths import is_loop, real_path

TEMP_PREFIX = ".readiness-tmp-"
# A temporary file this old is a leftover whatever its process id says (ids are reused).
STALE_AFTER_SECONDS = 24 * 60 * 60
# How long a run waits for another run holding a folder's lock.
LOCK_WAIT_SECONDS = 120
# The file a folder's lock is held on, while a run holds it.
LOCK_FILE = ".readiness.lock"
LOCK_POLL_SECONDS = 0.05
_LOCK_HELD = "another readiness run is still changing {folder}; try again when it has finished"


def check_output_path(target: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse to write over an input file, into a missing folder, over a folder, or through
    a link to nothing."""
    check_not_dangling(target)
    try:
        resolved = real_path(Path(target))
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    for source in inputs:
        source = real_path(Path(source))
        if resolved == source or (source.is_dir() and source in resolved.parents):
            raise OutputError(f"refusing to write {target}: it is (or is inside) an input")
    if resolved.parent.exists() and not resolved.parent.is_dir():
        raise OutputError(f"cannot write {target}: {Path(target).parent} is a file, not a folder")
    if not resolved.parent.is_dir():
        raise OutputError(f"cannot write {target}: folder {Path(target).parent} does not exist")
    if resolved.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    mode = _mode_of(target)
    if mode is not None and not (stat.S_ISREG(mode) or _is_stream(mode)):
        raise OutputError(f"cannot write {target}: it is a disk device or a socket, not a file")


def _mode_of(target: Path) -> int | None:
    """The file type and permissions of what `target` names (through links); None if nothing."""
    try:
        return os.stat(target).st_mode
    except OSError:
        return None


def _is_stream(mode: int) -> bool:
    """A terminal, /dev/null or a pipe: written into as it is, never replaced by a file."""
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


# What a file's extension says it holds, as a message names it.
_NAMED = {
    ".pdf": "a PDF",
    ".html": "a web page",
    ".htm": "a web page",
    ".xlsx": "an Excel workbook",
    ".xls": "an Excel workbook",
    ".ods": "a spreadsheet",
    ".yaml": "a YAML file",
    ".yml": "a YAML file",
    ".json": "JSON",
    ".csv": "a CSV table",
    ".txt": "plain text",
    ".md": "plain text",
    ".docx": "a Word document",
}


def check_named(target: Path, chosen: str, writes: str, extensions: Sequence[str]) -> None:
    """Refuse to write `writes` (what --format `chosen` makes, such as "a PDF") under a name
    whose extension says another kind of file, which would not open as its name says. Names
    with an extension of `extensions`, or one not listed here, are fine."""
    suffix = Path(target).suffix.lower()
    if suffix in _NAMED and suffix not in extensions:
        raise OutputError(
            f"{target} names {_NAMED[suffix]}, but --format {chosen} writes {writes}; give "
            f"it a name ending in {' or '.join(extensions)}"
        )


def write_output(target: Path, data: bytes, inputs: Iterable[Path] = ()) -> None:
    """Check `target` against the inputs, then write `data` to it atomically."""
    write_outputs([(Path(target), data)], inputs)


def write_outputs(files: Sequence[tuple[Path, bytes]], inputs: Iterable[Path] = ()) -> None:
    """Write several files as one step: each is fully written to a temporary file before any
    is renamed into place, so a failure (a full disk, say) leaves every target as it was."""
    inputs = list(inputs)
    for target, _ in files:
        check_output_path(target, inputs)
    # A terminal, /dev/null or a pipe is written into, after the files: renaming a file over
    # it would replace the device itself (as root, /dev/null for everyone).
    streams = [(Path(t), d) for t, d in files if _is_stream(_mode_of(t) or 0)]
    regular = [(Path(t), d) for t, d in files if not _is_stream(_mode_of(t) or 0)]
    staged: list[tuple[str, Path]] = []
    try:
        for given, data in regular:
            # Through a symbolic link to the file it names, which is what a user changing
            # "the plan" means; the link stays a link.
            target = Path(os.path.realpath(given)) if os.path.islink(given) else given
            staged.append((_stage(target, data), target))
        for temp, target in staged:
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    for stream, data in streams:
        try:
            with open(stream, "wb") as handle:
                handle.write(data)
        except BrokenPipeError:
            # The reader stopped reading (`-o /dev/stdout | head`): it has what it wanted, as
            # when the output goes to standard output.
            continue
        except OSError as exc:
            raise OutputError(f"cannot write {stream}: {describe_os_error(exc)}") from exc


def check_not_dangling(target: Path) -> None:
    """Refuse an output that is a symbolic link to nothing: it is written through the link,
    where there is no folder to write into (the message names the link, not its target)."""
    if os.path.islink(target) and not os.path.exists(target):
        if is_loop(target):
            raise OutputError(f"cannot write {target}: it {LOOP_OF_LINKS}")
        raise OutputError(
            f"cannot write {target}: it is a link to {os.readlink(target)}, which is not there; "
            "remove the link, or make what it names"
        )


def create_new(target: Path, data: bytes) -> bool:
    """Write a file that must not exist yet; False (and nothing written) when it does.

    The content is complete on disk before the file appears under its name (a hard link
    from a temporary file), so two processes racing for one name never share or lose data.
    """
    temp = _stage(Path(target), data)
    try:
        os.link(temp, target)
    except FileExistsError:
        return False
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    return True


class NewFiles:
    """Creates many files that must not exist yet, as `create_new` does one, but with one
    flush to disk for all of them instead of one each (which made large imports slow).

    `stage` writes each file's content to its own temporary file; `commit` flushes them all
    to disk, then links each into place exclusively, and returns the targets whose names were
    taken meanwhile (nothing is written for those). Made for a hundred thousand files: the
    temporary names are this run's own (pid and a random token, so a later run's clean-up
    knows them) rather than drawn by `tempfile` one by one, and paths stay strings."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, str]] = []  # (temporary path, target path)
        self._token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._cleaned: set[str] = set()
        self._mode = new_file_mode()

    def stage(self, target: Path | str, data: bytes) -> None:
        target = os.fspath(target)
        folder = os.path.dirname(target) or "."
        if folder not in self._cleaned:
            self._cleaned.add(folder)
            remove_stale_temporaries(Path(folder))
        temp = os.path.join(folder, f"{TEMP_PREFIX}{self._token}-{len(self._staged)}")
        # Listed before it is made: an interrupt as it is made (SIGTERM) still removes it.
        self._staged.append((temp, target))
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, self._mode)
        except OSError as exc:
            self._staged.pop()  # never made, and perhaps another's: not ours to remove
            raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
        finally:
            os.close(fd)

    def commit(self) -> list[Path]:
        taken: list[Path] = []
        linked: list[str] = []
        try:
            os.sync()
            for temp, target in self._staged:
                try:
                    os.link(temp, target)
                except FileExistsError:
                    taken.append(Path(target))
                    continue
                except OSError as exc:
                    raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
                linked.append(target)
        except BaseException:  # all or nothing, an interrupt included
            for done in linked:
                with contextlib.suppress(OSError):
                    os.unlink(done)
            raise
        finally:
            self.discard()
        return taken

    def discard(self) -> None:
        """Remove the temporary files (after a commit, or instead of one)."""
        for temp, _ in self._staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        self._staged = []


# The signals a run undoes its work on (cli.entry_point): Ctrl-C and a request to end.
_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, then let them act as they would have.
    For steps whose undo needs a record of what they made: an interrupt between making a
    file and recording it would leave the file behind. The handlers are swapped rather than
    the signals blocked: a signal blocked in this thread is still delivered through any other
    (numpy's BLAS threads, a test runner's), and Python runs its handlers here either way."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can set handlers; signals act there alone
        return
    caught: list[signal.Signals] = []

    def hold(signum: int, _frame: object) -> None:
        caught.append(signal.Signals(signum))

    previous = {number: signal.signal(number, hold) for number in _INTERRUPTS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            _act_on(caught[0], previous[caught[0]])


def _act_on(number: signal.Signals, handler: object) -> None:
    """Do what the held signal `number` would have done under `handler`."""
    if callable(handler):
        handler(number, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(number)


def check_can_write_into(folder: Path) -> None:
    """Refuse, before any work, a folder that takes no new file (read-only, full of inodes,
    not ours): an empty temporary file is made there and removed at once."""
    remove_stale_temporaries(folder)
    try:
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {describe_os_error(exc)}") from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(temp)


def check_before_slow_work(target: Path) -> None:
    """Refuse a file the command could not write, before the work of making it (a report
    takes seconds to render): its folder must take a new file. A terminal or pipe is
    written as it is."""
    mode = _mode_of(target)
    if mode is None or not _is_stream(mode):
        check_can_write_into(Path(target).parent)


def make_folder(folder: Path) -> None:
    """Create a folder (and its parents) or say plainly why not."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except FileExistsError as exists:  # what is there is not a folder: say what it is
        why: OSError = exists
        try:
            os.stat(folder)
        except OSError as found:
            why = found
        raise OutputError(f"cannot create folder {folder}: {describe_os_error(why)}") from exists
    except OSError as exc:
        raise OutputError(f"cannot create folder {folder}: {describe_os_error(exc)}") from exc


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold `folder`'s lock while the block runs, waiting for another run that holds it: every
    readiness run that reads a file in a folder and writes back into it (an import, a plan,
    a batch's manifest) takes this lock first and reads under it, so none loses another's
    writes. The lock is held on LOCK_FILE, which is removed when the run lets go of it, so a
    run leaves nothing behind: on POSIX with `flock`, on other systems with `filelock`."""
    path = Path(folder) / LOCK_FILE
    if os.name != "posix":
        with _filelock(path):
            yield
        return
    handle = _take_lock(path, time.monotonic() + LOCK_WAIT_SECONDS)
    try:
        yield
    finally:
        # Removed while still held: a run waiting on this file finds it gone once it gets
        # the lock, and starts again on a new one (see `_take_lock`).
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(handle)


def _take_lock(path: Path, deadline: float) -> int:
    """An open descriptor holding `flock` on the file at `path`, made if need be."""
    import fcntl

    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot use folder {path.parent}: {describe_os_error(exc)}") from exc
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OutputError(_LOCK_HELD.format(folder=path.parent)) from None
                    time.sleep(LOCK_POLL_SECONDS)
                except OSError as exc:  # a file system without locks (ENOLCK), say
                    with contextlib.suppress(OSError):
                        path.unlink()  # nobody can hold a lock on it: leave nothing behind
                    raise OutputError(
                        f"cannot lock folder {path.parent}: {describe_os_error(exc)}"
                    ) from exc
            if _same_file(handle, path):
                return handle
        except BaseException:
            os.close(handle)
            raise
        # The run that held it removed the file as it let go: lock the one there now.
        os.close(handle)


def _same_file(handle: int, path: Path) -> bool:
    """Whether `path` still names the open file `handle`."""
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


@contextlib.contextmanager
def _filelock(path: Path) -> Iterator[None]:
    """The lock on systems without `flock`: `filelock`'s (LockFileEx on Windows, which
    removes the file as it lets go)."""
    import filelock  # about 0.1 s to import (it brings asyncio): only runs that write need it

    lock = filelock.FileLock(path, timeout=LOCK_WAIT_SECONDS)
    try:
        lock.acquire(poll_interval=LOCK_POLL_SECONDS)
    except filelock.Timeout:
        raise OutputError(_LOCK_HELD.format(folder=path.parent)) from None
    except OSError as exc:
        raise OutputError(f"cannot use folder {path.parent}: {describe_os_error(exc)}") from exc
    try:
        yield
    finally:
        lock.release()


_CLEANED: set[str] = set()


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files left in `folder` by readiness runs that were killed: those of
    processes no longer running, and any older than a day. Done once per folder per run, so
    writing many files stays linear."""
    key = os.path.abspath(folder)
    if key in _CLEANED:
        return
    _CLEANED.add(key)
    try:
        leftovers = [p for p in Path(folder).iterdir() if p.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    now = time.time()
    for path in leftovers:
        pid = path.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        try:
            old = now - path.lstat().st_mtime > STALE_AFTER_SECONDS
        except OSError:
            continue
        if (pid.isdigit() and not _alive(int(pid))) or (old and pid != str(os.getpid())):
            with contextlib.suppress(OSError):
                path.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is someone else's
    return True


def new_file_mode() -> int:
    """The permissions a new file gets under the user's umask (as `open` would give it): a
    user who keeps their files private (umask 077) gets private reports."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _mode_for(target: Path) -> int:
    """A replaced file keeps its permissions; a new one follows the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return new_file_mode()


def _stage(target: Path, data: bytes, sync: bool = True) -> str:
    """Write `data` to a new temporary file beside `target` (flushed to disk unless `sync` is
    False, when the caller flushes); its path."""
    folder = target.parent
    remove_stale_temporaries(folder)
    try:
        fd, temp = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=f"-{target.name[:40]}", dir=folder
        )
    except OSError as exc:
        if exc.errno == errno.ENOENT and folder.is_dir():
            # The folder is there but creates nothing (a system folder such as /proc).
            raise OutputError(f"cannot write {target}: {folder} does not take new files") from exc
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(temp, _mode_for(target))
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp
