"""The ``Project`` facade: one open project file and its use cases.

The window, the CLI and the tests all go through this class; nobody else touches the
store. Every mutation is one transaction and returns a :class:`~annotator.domain.model.Changes`.

Thread contract: a ``Project`` belongs to the thread that opened it; background work opens
its own ``Project`` on the same path (SQLite WAL lets readers and one writer coexist).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import TracebackType

from ..store import Store
from ..store.structure_check import Problem
from .documents import DocumentService
from .highlights import HighlightService
from .memos import MemoService
from .tags import TagService
from .variables import VariableService

#: The environment variable naming the coder of the command line's edits.
CODER_ENVIRONMENT = "ANNOTATOR_CODER"
#: Longest coder name accepted.
MAX_CODER_NAME = 100
_acting_coder: ContextVar[str | None] = ContextVar("acting_coder", default=None)


def explicit_coder() -> str | None:
    """The coder named for this process, if any: the name given to :func:`acting_coder`
    (``--coder``), else a valid ``$ANNOTATOR_CODER``. The window lets it win over the
    name kept in its settings, as a command line wins over a configuration file."""
    acting = _acting_coder.get()
    if acting:
        return acting
    from_environment = os.environ.get(CODER_ENVIRONMENT, "").strip()
    if from_environment and check_coder_name(from_environment) is None:
        return from_environment
    return None


def login_name() -> str:
    """The operating system's user name (``unknown`` when there is none)."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):  # no passwd entry (containers) or no login
        return "unknown"


def default_coder() -> str:
    """The name recorded on new highlights when a project is opened without one: the
    name given to :func:`acting_coder`, else ``$ANNOTATOR_CODER``, else the login name."""
    return explicit_coder() or login_name()


def check_coder_name(name: str) -> str | None:
    """Why ``name`` cannot be a coder's name (one sentence), or ``None`` if it can: it
    must be non-empty, at most :data:`MAX_CODER_NAME` characters, on one line."""
    if not name.strip():
        return "a coder's name cannot be empty"
    if len(name) > MAX_CODER_NAME:
        return f"a coder's name has at most {MAX_CODER_NAME} characters"
    if any(ch in name for ch in "\r\n\t\x00"):
        return "a coder's name is one line of text"
    return None


@contextmanager
def acting_coder(name: str | None) -> Iterator[None]:
    """Within this block, projects opened without a coder record ``name`` (``None``:
    unchanged); the command line's ``--coder``."""
    token = _acting_coder.set(name.strip() if name else None)
    try:
        yield
    finally:
        _acting_coder.reset(token)


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
