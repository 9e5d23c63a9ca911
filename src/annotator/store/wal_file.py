"""Reading a project's write-ahead log (``NAME-wal``) without SQLite: what recovery keeps.

The format (https://www.sqlite.org/fileformat2.html#walformat): a 32-byte header (magic
0x377f0682 or 0x377f0683, whose last bit gives the byte order of the checksums; format
3007000; page size; checkpoint sequence; two salts; a checksum of the first 24 bytes),
then frames: a 24-byte header (page number; after a commit, the database size in pages,
else 0; the two salts; a checksum) and one page. A frame's checksum runs on from the
previous frame's (the header's for the first) over the frame header's first 8 bytes and
the page. Every integer is stored big-endian.

When a database is opened and nobody has its WAL open, SQLite's recovery reads the frames
in order and stops at the first whose salts differ from the header's, whose page number
is 0 or whose checksum fails; it keeps the frames up to the last commit before that point
and forgets the rest. One damaged byte in the middle of the log therefore drops every
later commit, silently. :func:`analyse_wal` tells how many committed transactions that
is, by checking each later frame against the checksum stored in the frame before it.

Nothing here opens the database or the ``-shm``; reading the ``-wal`` takes no lock.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

WAL_MAGICS = {0x377F0682: "<", 0x377F0683: ">"}  # checksum words little- or big-endian
WAL_FORMAT = 3007000
HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
_MASK = 0xFFFFFFFF
_CHUNK_FRAMES = 512  # frames checked at once (about 2 MB of 4 KiB pages)
_PAGE_SIZES = [512 << shift for shift in range(8)]


@dataclass(frozen=True)
class WalAnalysis:
    """What a WAL file holds and what SQLite's recovery will keep of it.

    ``frames`` whole frames are present; recovery keeps the first ``kept_frames``, which
    hold ``kept_commits`` committed transactions. ``lost_commits`` committed transactions
    follow the point where recovery stops (``stop_frame``, 1-based; ``None`` when it reads
    every frame): they are in the file but will not reach the database. A last
    transaction whose commit frame fails its checksum with nothing valid after it is not
    counted: that is what a kill in the middle of writing it leaves (never acknowledged).
    """

    size: int
    page_size: int
    header_valid: bool
    frames: int
    kept_frames: int
    kept_commits: int
    lost_commits: int
    stop_frame: int | None


def analyse_wal(path: str | Path, *, db_page_size: int | None = None) -> WalAnalysis:
    """Read the WAL file at ``path`` (not changed) and tell what recovery keeps and loses.

    ``db_page_size`` (from the database's header) is used when the WAL header's own page
    size is damaged. Raises ``OSError`` when the file cannot be read.
    """
    with open(path, "rb") as handle:
        header = handle.read(HEADER_SIZE)
        size = handle.seek(0, 2)
        if len(header) < HEADER_SIZE:
            return WalAnalysis(size, 0, False, 0, 0, 0, 0, None)
        magic, version, page_size, _, salt1, salt2, sum1, sum2 = struct.unpack(">8I", header)
        header_valid = (
            magic in WAL_MAGICS and version == WAL_FORMAT and _valid_page_size(page_size)
            and _checksum(header[:24], (0, 0), WAL_MAGICS[magic]) == (sum1, sum2)
        )
        if header_valid:
            layouts = [(page_size, WAL_MAGICS[magic])]
        else:  # the field that is damaged may be the page size or the magic (byte order)
            sizes = {s for s in (page_size, db_page_size or 0) if _valid_page_size(s)}
            layouts = [(s, order) for s in sorted(sizes) or _PAGE_SIZES for order in "<>"]
        scans = [(_scan(handle, s, order, (sum1, sum2)), s) for s, order in layouts]
    frames, page_size = max(scans, key=lambda scan: _score(scan[0]))
    return _recovery(frames, size, page_size, header_valid, (salt1, salt2))


@dataclass(frozen=True)
class _Frames:
    """Per frame: page number, commit size, salts, whether its checksum holds when started
    from the checksum stored before it, whether it would hold with a commit size of 0
    (then the frame is sound but for a damaged commit size: no commit), and whether it
    holds when started from the previous frame's checksum as computed."""

    pages: npt.NDArray[np.uint32]
    commits: npt.NDArray[np.uint32]
    salts: npt.NDArray[np.uint32]  # shape (frames, 2)
    consistent: npt.NDArray[np.bool_]
    plain: npt.NDArray[np.bool_]
    chained: npt.NDArray[np.bool_]


def _score(frames: _Frames) -> int:
    """How many frames look right under a guessed layout: sound, and carrying the first
    frame's salts (frames cut at the wrong size carry random bytes there)."""
    if not len(frames.pages):
        return 0
    same_log = (frames.salts == frames.salts[0]).all(axis=1)
    return int((same_log & frames.consistent & (frames.pages != 0)).sum())


def _scan(handle: BinaryIO, page_size: int, order: str, header_sums: tuple[int, int]) -> _Frames:
    frame_size = FRAME_HEADER_SIZE + page_size
    coefficients, power = _checksum_map(page_size)
    handle.seek(HEADER_SIZE)
    previous = np.array([header_sums], dtype=np.uint64)
    previous_computed = previous
    mask = np.uint64(_MASK)
    parts: list[tuple[npt.NDArray[Any], ...]] = []
    while True:
        chunk = handle.read(frame_size * _CHUNK_FRAMES)
        count = len(chunk) // frame_size
        if not count:
            break
        raw = np.frombuffer(chunk, dtype=np.uint8, count=count * frame_size)
        raw = raw.reshape(count, frame_size)
        fields = raw[:, :FRAME_HEADER_SIZE].copy().view(">u4").astype(np.uint32)
        stored = fields[:, 4:6].astype(np.uint64)
        words = np.concatenate([raw[:, :8], raw[:, FRAME_HEADER_SIZE:]], axis=1)
        words64 = words.view(f"{order}u4").astype(np.uint64)
        # uint64 arithmetic wraps modulo 2**64, a multiple of 2**32: exact modulo 2**32.
        base = words64 @ coefficients.T
        starts: npt.NDArray[np.uint64] = np.concatenate([previous, stored[:-1]])
        computed = (base + starts @ power.T) & mask
        consistent = (computed == stored).all(axis=1)
        # Started from the previous frame's checksum as computed, not as stored: holds
        # when the damage is in the previous frame's stored checksum only.
        recomputed: npt.NDArray[np.uint64] = np.concatenate([previous_computed, computed[:-1]])
        chained = (((base + recomputed @ power.T) & mask) == stored).all(axis=1)
        without_commit = (computed - np.outer(words64[:, 1], coefficients[:, 1])) & mask
        plain = (without_commit == stored).all(axis=1)
        parts.append((fields[:, 0], fields[:, 1], fields[:, 2:4], consistent, plain, chained))
        previous, previous_computed = stored[-1:], computed[-1:]
        if count < _CHUNK_FRAMES:
            break
    if not parts:
        empty, no = np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=bool)
        return _Frames(empty, empty, np.zeros((0, 2), dtype=np.uint32), no, no, no)
    return _Frames(*(np.concatenate([part[i] for part in parts]) for i in range(6)))


def _recovery(frames: _Frames, size: int, page_size: int, header_valid: bool,
              header_salts: tuple[int, int]) -> WalAnalysis:
    count = len(frames.pages)
    kept_frames = kept_commits = 0
    stop: int | None = None
    if header_valid:
        valid = (
            (frames.salts == np.array(header_salts, dtype=np.uint32)).all(axis=1)
            & (frames.pages != 0) & frames.consistent
        )
        bad = np.flatnonzero(~valid)
        stop = int(bad[0]) + 1 if len(bad) else None
        readable = count if stop is None else stop - 1
        commit_indexes = np.flatnonzero(frames.commits[:readable] != 0)
        kept_commits = len(commit_indexes)
        kept_frames = int(commit_indexes[-1]) + 1 if kept_commits else 0
        salts = header_salts
    else:
        stop = 1 if count else None
        salts = (int(frames.salts[0, 0]), int(frames.salts[0, 1])) if count else header_salts
    lost = _lost_commits(frames, kept_frames, salts)
    return WalAnalysis(size, page_size, header_valid, count, kept_frames, kept_commits, lost,
                       stop)


def _lost_commits(frames: _Frames, start: int, salts: tuple[int, int]) -> int:
    """Committed transactions in the frames from index ``start`` on.

    A frame belongs to this log when it carries its salts, or when its checksum runs on
    from a frame of this log (a damaged salt); stale frames of an earlier log fail both.
    A commit frame counts when its checksum holds, or when a later frame of this log is
    sound (so its damage is not the torn end a kill leaves); a frame that is sound once
    its commit size is taken as 0 had that field damaged and closes nothing; a frame that
    is sound when started from the previous frame's checksum as computed follows a frame
    whose stored checksum alone was damaged.
    """
    lost = pending = 0
    previous_ours = True
    matches = (frames.salts == np.array(salts, dtype=np.uint32)).all(axis=1).tolist()
    commits, plain = frames.commits.tolist(), frames.plain.tolist()
    consistent = (frames.consistent | frames.chained).tolist()
    for index in range(start, len(commits)):
        sound = consistent[index] or plain[index]
        commit = bool(commits[index]) and not plain[index]
        ours = matches[index] or (sound and previous_ours)
        if ours and sound:
            lost += pending + commit
            pending = 0
        elif ours and commit:
            pending += 1
        previous_ours = ours
    return lost


def _valid_page_size(page_size: int) -> bool:
    return 512 <= page_size <= 65536 and not page_size & (page_size - 1)


def _checksum(data: bytes, start: tuple[int, int], order: str) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), running on from ``start``."""
    s1, s2 = start
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for index in range(0, len(words), 2):
        s1 = (s1 + words[index] + s2) & _MASK
        s2 = (s2 + words[index + 1] + s1) & _MASK
    return s1, s2


@lru_cache(maxsize=4)
def _checksum_map(page_size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """The frame checksum as a linear map modulo 2**32, for vectorised checking.

    One step over a pair of words (x, y) is ``(s1, s2) -> (s1 + s2 + x, s1 + 2 s2 + x + y)``,
    that is ``s -> M s + (x, x + y)`` with ``M = [[1, 1], [1, 2]]``. Over ``n`` pairs the
    result is ``M**n start + sum_k M**(n-k) (x_k, x_k + y_k)``: returns the coefficients of
    the words (shape (2, 2n)) and ``M**n``.
    """
    pairs = (8 + page_size) // 8
    powers = [(1, 0, 0, 1)]  # M**j as (a, b, c, d) for [[a, b], [c, d]]
    for _ in range(pairs):
        a, b, c, d = powers[-1]
        powers.append(((a + c) & _MASK, (b + d) & _MASK, (a + 2 * c) & _MASK,
                       (b + 2 * d) & _MASK))
    rows: list[list[int]] = [[], []]
    for k in range(1, pairs + 1):
        a, b, c, d = powers[pairs - k]
        rows[0] += [(a + b) & _MASK, b]
        rows[1] += [(c + d) & _MASK, d]
    a, b, c, d = powers[pairs]
    return np.array(rows, dtype=np.uint64), np.array([[a, b], [c, d]], dtype=np.uint64)
