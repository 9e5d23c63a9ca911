"""Reading the next files of an import on a helper thread while the project writes.

SQLite releases the GIL while it runs a statement; an import's long statements (filling
the full-text index, committing) leave the CPU to Python code, which this module gives
the reading and decoding of the files that follow.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Generic, TypeVar

from ..domain.errors import UserError

T = TypeVar("T")
#: A waiting consumer is woken once this many results are ready (or the last one is).
_WAKE_AFTER = 64


class ReadAhead(Generic[T]):
    """Reads ``paths`` in order with ``read``, ahead of the consumer: at most
    ``max_files`` files, and no more once what is waiting has a ``size`` of ``max_size``.

    :meth:`next` gives ``(path, what read returned)``, or ``(path, message)`` for a file
    ``read`` refused.

    ``read`` must touch no project (it runs on the helper thread) and refuse a bad file
    with :class:`UserError`, whose message becomes the result. Anything else it raises is
    raised again by :meth:`next` on the consumer's thread. With ``threaded=False`` the
    files are read by :meth:`next` itself, on the consumer's thread.

    Thread: create, call :meth:`next` and close (leave the ``with`` block) on one thread;
    closing stops the helper, drops what it read ahead and waits for it to end.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        read: Callable[[Path], T],
        size: Callable[[T], int],
        *,
        max_files: int,
        max_size: int,
        threaded: bool = True,
    ) -> None:
        self._paths = paths
        self._read = read
        self._max_files = max_files
        self._size = size
        self._max_size = max_size
        self._ready: deque[tuple[tuple[Path, T | str], int]] = deque()
        self._waiting = 0
        self._taken = 0
        self._read_count = 0
        self._error: BaseException | None = None
        self._stopping = False
        lock = threading.Lock()
        self._has_results = threading.Condition(lock)
        self._has_room = threading.Condition(lock)
        self._consumer_waits = self._reader_waits = False
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="import read-ahead",
                                            daemon=True)
            self._thread.start()

    def next(self) -> tuple[Path, T | str]:
        """The next file's result, in the order of ``paths``; raises ``IndexError`` past
        the last one."""
        if self._taken >= len(self._paths):
            raise IndexError("no more files to read")
        self._taken += 1
        if self._thread is None:
            return self._read_one(self._paths[self._taken - 1])
        with self._has_results:
            while not self._ready and self._error is None:
                self._consumer_waits = True
                self._has_results.wait()
                self._consumer_waits = False
            if not self._ready:
                assert self._error is not None
                raise self._error
            result, size = self._ready.popleft()
            self._waiting -= size
            # Wake the reader only once half the room is free: every wake-up costs both
            # threads a hand-over of the GIL.
            if self._reader_waits and len(self._ready) <= self._max_files // 2 and (
                self._waiting <= self._max_size // 2
            ):
                self._has_room.notify()
        return result

    def has_ready(self) -> bool:
        """Whether :meth:`next` would return without waiting for the helper (always
        true when not threaded: it reads the file itself)."""
        return self._thread is None or bool(self._ready)

    def close(self) -> None:
        """Stop reading ahead and wait for the helper thread to end."""
        if self._thread is None:
            return
        with self._has_room:
            self._stopping = True
            self._has_room.notify()
        self._thread.join()

    def __enter__(self) -> ReadAhead[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _full(self) -> bool:
        return len(self._ready) >= self._max_files or self._waiting >= self._max_size

    def _read_one(self, path: Path) -> tuple[Path, T | str]:
        try:
            return path, self._read(path)
        except UserError as error:
            return path, str(error)

    def _run(self) -> None:
        try:
            for path in self._paths:
                with self._has_room:
                    while not self._stopping and self._full():
                        self._reader_waits = True
                        self._has_room.wait()
                        self._reader_waits = False
                    if self._stopping:
                        return
                result = self._read_one(path)
                size = 0 if isinstance(result[1], str) else self._size(result[1])
                with self._has_results:
                    self._ready.append((result, size))
                    self._waiting += size
                    self._read_count += 1
                    if self._consumer_waits and (
                        len(self._ready) >= _WAKE_AFTER or self._full()
                        or self._read_count == len(self._paths)
                    ):
                        self._has_results.notify()
        except BaseException as error:  # handed to the consumer, who raises it
            with self._has_results:
                self._error = error
                self._has_results.notify()
