"""Before SQLite recovers a leftover WAL: keep a copy when recovery would lose commits.

A project killed before its last connection closed leaves its committed work in
``NAME-wal``. The first connection to open the file again runs SQLite's recovery, which
silently keeps only the frames before the first damaged one (see :mod:`.wal_file`), and
its last close folds them into the file and deletes the WAL. :func:`rescue_wal` runs
before that first opening: when the WAL holds committed transactions that recovery will
drop, it copies the WAL to ``NAME-wal.kept-YYYYmmdd-HHMMSS`` beside the project (the
newest ``KEEP`` such copies are kept) and returns one warning line saying how many
transactions are lost and where the copy is.

Only a WAL that no connection has open is read: this process has no connection on the
file (:mod:`.open_files`), and no other process holds SQLite's locks on it (probed with
``fcntl``'s ``F_GETLK``, which reports locks without taking or dropping any; the probe
opens and closes the database and its ``-shm``, which would drop this process's own
POSIX locks on them: hence it is never made while this process has the file open). Where
``F_GETLK`` is not available (Windows), nothing is read.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import open_files
from .wal_file import WalAnalysis, analyse_wal

KEEP = 3
#: SQLite's unix locks: the database's PENDING, RESERVED and SHARED bytes, and the
#: ``-shm``'s eight lock slots and its "DMS" byte (held shared by every connection).
_DB_LOCKS = (0x40000000, 512)
_SHM_LOCKS = (120, 9)
_KEPT = re.compile(r"-wal\.kept-\d{8}-\d{6}(?:-\d+)?$")

if sys.platform.startswith("linux"):
    _FLOCK = "hhqqi"  # struct flock: l_type, l_whence, l_start, l_len, l_pid
elif sys.platform == "darwin" or "bsd" in sys.platform:
    _FLOCK = "qqihh"  # l_start, l_len, l_pid, l_type, l_whence
else:
    _FLOCK = ""


def rescue_wal(path: str, *, now: datetime | None = None) -> str | None:
    """Keep the leftover WAL of the project at ``path`` if SQLite would lose commits of it.

    Call right before the first connection of this process opens ``path``. Returns a
    warning line (naming the number of transactions lost and the kept copy), or ``None``
    when there is nothing to say: no WAL, a sound one, one that is in use, or one that
    cannot be read. Never changes the project, its WAL or its ``-shm``.
    """
    wal = Path(f"{path}-wal")
    try:
        if not wal.stat().st_size or open_files.is_open_here(path) or in_use(path) is not False:
            return None
        analysis = analyse_wal(wal, db_page_size=_db_page_size(path))
    except OSError:
        return None
    if not analysis.lost_commits:
        return None
    try:
        kept = _keep(wal, analysis, now or datetime.now(UTC))
    except OSError as error:
        return (f"{path}: {describe_loss(analysis)}; no copy of it could be kept "
                f"({error.strerror or error})")
    return f"{path}: {describe_loss(analysis)}; the damaged journal was kept as {kept}"


def describe_loss(analysis: WalAnalysis) -> str:
    """The loss in words: how many saved actions the damaged journal takes away."""
    lost = analysis.lost_commits
    actions = "action" if lost == 1 else "actions"
    return (f"its journal ({analysis.size:,} bytes, the -wal file) is damaged: the last "
            f"{lost} saved {actions} in it cannot be read and are missing from the project")


def in_use(path: str) -> bool | None:
    """Whether another process holds SQLite's locks on the database at ``path`` or its
    ``-shm`` (``None``: cannot tell on this platform). Must not be called while this
    process has the file open (closing the probe's descriptor would drop its locks)."""
    if not _FLOCK or open_files.is_open_here(path):
        return None
    import fcntl

    for name, (start, length) in ((path, _DB_LOCKS), (f"{path}-shm", _SHM_LOCKS)):
        try:
            handle = os.open(name, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            asked = _pack(fcntl.F_WRLCK, start, length)
            answer = fcntl.fcntl(handle, fcntl.F_GETLK, asked)
        finally:
            os.close(handle)
        if _lock_type(answer) != fcntl.F_UNLCK:
            return True
    return False


def _pack(kind: int, start: int, length: int) -> bytes:
    fields = dict(l_type=kind, l_whence=os.SEEK_SET, l_start=start, l_len=length, l_pid=0)
    order = ("l_type", "l_whence", "l_start", "l_len", "l_pid")
    if _FLOCK == "qqihh":
        order = ("l_start", "l_len", "l_pid", "l_type", "l_whence")
    return struct.pack(_FLOCK, *(fields[name] for name in order))


def _lock_type(answer: bytes) -> int:
    values = struct.unpack(_FLOCK, answer[: struct.calcsize(_FLOCK)])
    return int(values[0] if _FLOCK == "hhqqi" else values[3])


def _db_page_size(path: str) -> int | None:
    """The page size in the database's header (used if the WAL header's is damaged)."""
    with open(path, "rb") as handle:
        header = handle.read(18)
    if len(header) < 18:
        return None
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _keep(wal: Path, analysis: WalAnalysis, now: datetime) -> Path:
    """Copy ``wal`` beside it (synced), drop the older copies beyond ``KEEP``."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    target, counter = wal.with_name(f"{wal.name}.kept-{stamp}"), 1
    while target.exists():
        counter += 1
        target = wal.with_name(f"{wal.name}.kept-{stamp}-{counter}")
    shutil.copyfile(wal, target)
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())
    if target.stat().st_size != analysis.size:
        raise OSError(0, "the journal changed while it was copied")
    copies = sorted((p for p in wal.parent.iterdir()
                     if p.name.startswith(wal.name) and _KEPT.search(p.name)),
                    key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in copies[KEEP:]:
        old.unlink(missing_ok=True)
    return target
