"""Files that appear complete or not at all: every export writes through :func:`atomic_file`.

An export writes to a temporary file of its own beside the target, ``.NAME.partial-XXXX``
(a random suffix: two exports to one path never share it; the same folder, so the final
rename is atomic), and renames it over ``NAME`` only once it is complete and on disk.
Two exports to one path therefore each put one whole file in place, and the last to
finish wins; a reader of ``NAME`` sees one complete export, never a mixture.

A killed export leaves its temporary file behind. The next export to the same path
removes such leftovers, but never the temporary file of an export still running: on
POSIX each export holds an exclusive ``flock`` on its temporary file until it has been
renamed, and the cleanup removes only files whose lock it can take. On Windows a file
that a running export has open cannot be deleted, so the cleanup tries and leaves what
it cannot remove. These locks are on the temporary files only; a project file is never
opened here (see ``store.open_files``), and exporting over an open project is refused.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from ..domain.errors import UserError
from ..store import open_files
from ..store.media import write_problem_reason
from ..store.opening import sync_folder

if sys.platform != "win32":
    import fcntl

#: The suffix of a temporary file: ``.partial-`` and 16 hex digits (``.partial`` alone
#: is what Annotator before this module left behind).
_SUFFIX = re.compile(r"\.partial(-[0-9a-f]{16})?")
_ATTEMPTS = 10
#: Names of the temporary files this process is writing (its own cleanup skips them,
#: whatever the file system's locks do between two threads of one process).
_writing: set[str] = set()
_writing_lock = threading.Lock()


@contextmanager
def atomic_file(out: Path, *, binary: bool = False,
                newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file of this export beside ``out`` (UTF-8 text, or bytes with
    ``binary``); once the block ends without error it is flushed to disk and renamed
    over ``out``, so ``out`` only ever holds a complete file.

    Leftovers of killed exports to ``out`` are removed first (never a running export's).
    If the block raises, the temporary file is removed and ``out`` is untouched. Raises
    :class:`UserError` naming ``out`` when it cannot be written (a folder, a missing
    folder, an open project file, no space, no permission).
    """
    _check_target(out)
    remove_stale_partials(out)
    try:
        partial, descriptor = _create_partial(out)
    except OSError as error:
        raise _cannot_write(out, error) from None
    renamed = False
    try:
        with (os.fdopen(descriptor, "wb") if binary else
              os.fdopen(descriptor, "w", encoding="utf-8", newline=newline)) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if sys.platform != "win32":  # rename while the lock is still held
                os.replace(partial, out)
                renamed = True
        if not renamed:  # Windows cannot rename a file that is open
            os.replace(partial, out)
            renamed = True
        sync_folder(out.parent)
    except OSError as error:
        if not renamed:
            _remove(partial)
        raise _cannot_write(out, error) from None
    except BaseException:
        if not renamed:
            _remove(partial)
        raise
    finally:
        with _writing_lock:
            _writing.discard(partial.name)


def atomic_text_file(out: Path, *, newline: str | None = None) -> AbstractContextManager[IO[Any]]:
    """:func:`atomic_file` for UTF-8 text."""
    return atomic_file(out, newline=newline)


def remove_stale_partials(out: Path) -> list[str]:
    """Remove the temporary files that killed exports to ``out`` left; return their names.

    A file still being written by a running export (its lock is held; on Windows, it is
    open) is left alone, as is anything that is not a plain file or whose name does not
    match exactly. Failures are ignored: a leftover costs only disk space.
    """
    removed: list[str] = []
    prefix = f".{out.name}"
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and _SUFFIX.fullmatch(name, len(prefix))):
            continue
        with suppress(OSError):
            if entry.is_file(follow_symlinks=False) and _remove_if_abandoned(Path(entry.path)):
                removed.append(name)
    return removed


def _cannot_write(out: Path, error: OSError) -> UserError:
    """The one line for a failed write: a full disk or a read-only medium said as such."""
    medium = write_problem_reason(error, out.parent)
    if medium:
        return UserError(f"{out}: cannot write: {medium}")
    return UserError(f"{out}: cannot write ({error.strerror or error})")


def _check_target(out: Path) -> None:
    """Refuse a folder, a missing folder, and an open project file or its WAL (replacing
    it would pull the project from under SQLite: every later change lost)."""
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name")
    if not out.parent.exists():
        raise UserError(f"{out}: the folder {out.parent} does not exist")
    if open_files.is_open_here(out):
        raise UserError(f"{out}: is an open project; choose another file name")
    if open_files.is_project_file_here(out):
        raise UserError(f"{out}: belongs to an open project; choose another file name")


def _create_partial(out: Path) -> tuple[Path, int]:
    """Create, and lock, a new temporary file for ``out``: (its path, its descriptor).

    Another export's cleanup may take the lock of a file created an instant ago, before
    its creator locks it, and remove it; the creator sees that its path no longer names
    its file, and starts again under a new name.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        partial = out.with_name(f".{out.name}.partial-{secrets.token_hex(8)}")
        descriptor = os.open(partial, flags, 0o666)
        with _writing_lock:
            _writing.add(partial.name)
        if sys.platform == "win32" or _locked(descriptor, wait=True) is None:
            return partial, descriptor  # no locks here: other cleanups cannot take one
        if _same_file(partial, descriptor):
            return partial, descriptor
        os.close(descriptor)
        with _writing_lock:
            _writing.discard(partial.name)
    raise OSError(f"cannot create a temporary file beside it ({_ATTEMPTS} attempts)")


def _remove_if_abandoned(partial: Path) -> bool:
    """Remove ``partial`` unless an export is still writing it; whether it was removed."""
    with _writing_lock:
        if partial.name in _writing:
            return False
    if open_files.is_project_file_here(partial):
        return False  # never open (and so close) what SQLite has open in this process
    if sys.platform == "win32":
        partial.unlink()  # refused (PermissionError) while a running export has it open
        return True
    descriptor = os.open(partial, os.O_RDWR | os.O_NOFOLLOW)
    try:
        if not _locked(descriptor, wait=False):
            return False  # still being written (or this file system has no locks)
        if not _same_file(partial, descriptor):
            return False  # renamed into place meanwhile: it is an export now
        partial.unlink()
        return True
    finally:
        os.close(descriptor)


def _locked(descriptor: int, *, wait: bool) -> bool | None:
    """Take the exclusive ``flock`` of ``descriptor`` (POSIX): ``True`` when taken,
    ``False`` when another holds it (``wait=False``), ``None`` when this file system
    has no such locks."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _same_file(path: Path, descriptor: int) -> bool:
    """Whether ``path`` still names the file open as ``descriptor``."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _remove(partial: Path) -> None:
    with suppress(OSError):
        partial.unlink()
