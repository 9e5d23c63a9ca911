"""The ``Project`` facade: one open project file and its use cases.

The window, the CLI and the tests all go through this class; nobody else touches the
store. Every mutation is one transaction and returns a :class:`~annotator.domain.model.Changes`.

Thread contract: a ``Project`` belongs to the thread that opened it; background work opens
its own ``Project`` on the same path (SQLite WAL lets readers and one writer coexist).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from ..store import Store
from ..store.structure_check import Problem
from .documents import DocumentService
from .highlights import HighlightService
from .memos import MemoService
from .tags import TagService
from .variables import VariableService


def default_coder() -> str:
    """The name recorded on new highlights unless the user sets one: the login name."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):  # no passwd entry (containers) or no login
        return "unknown"


class Project:
    """An open project: ``documents``, ``tags``, ``highlights``, ``memos``, ``variables``
    services and housekeeping."""

    def __init__(self, store: Store, *, coder: str | None = None) -> None:
        self.store = store
        self.coder = coder or default_coder()
        self.documents = DocumentService(self)
        self.tags = TagService(self)
        self.highlights = HighlightService(self)
        self.memos = MemoService(self)
        self.variables = VariableService(self)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, coder: str | None = None) -> Project:
        """Open the project file at ``path`` (creating it unless ``create`` is false).

        Raises ``ProjectFileError`` with a user-facing reason when it cannot be used.
        """
        return cls(Store.open(path, create=create), coder=coder)

    @classmethod
    def in_memory(cls, *, coder: str | None = None) -> Project:
        """A throwaway project that lives in memory (tests)."""
        return cls(Store.open_memory(), coder=coder)

    @property
    def path(self) -> str:
        return self.store.path

    @property
    def name(self) -> str:
        """The project's name: set explicitly, else the file name without extension."""
        return self.store.info("name") or Path(self.store.path).stem or "Untitled"

    @property
    def read_only(self) -> bool:
        """Opened read-only (its medium cannot be written): every edit is refused."""
        return self.store.read_only

    def check_writable(self) -> None:
        """Raise ``ProjectFileError`` (one line saying the project is read-only, and why)
        when it was opened read-only; what every edit raises then."""
        self.store.check_writable()

    def set_name(self, name: str) -> None:
        with self.transaction():
            self.store.set_info("name", name.strip())

    @contextmanager
    def transaction(self, *, savepoint: bool = True) -> Iterator[None]:
        """Group several service calls into one atomic action (nested calls join it; see
        ``Store.transaction`` for ``savepoint``)."""
        with self.store.transaction(savepoint=savepoint):
            yield

    def check(self) -> list[Problem]:
        """A full check of the file and its invariants; one problem per line found
        (``str(problem)`` is the line; see :mod:`annotator.services.checking`)."""
        from ..store.verify import verify

        return verify(self.store)

    def file_problem(self) -> str | None:
        """Why this project's connection no longer shares the file with other programs
        (its ``-wal`` was deleted or the file replaced under it), or ``None``. While there
        is one, every edit is refused."""
        return self.store.file_problem()

    def reconnect(self) -> str:
        """Reconnect to the file at the project's path after :meth:`file_problem`; returns
        one sentence for the user (``UserError`` when it cannot be done yet)."""
        return self.store.reconnect()

    def data_version(self) -> int:
        """Changes when another process commits to the file (the window polls this)."""
        return self.store.data_version()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
