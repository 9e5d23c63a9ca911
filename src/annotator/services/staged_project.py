"""A new project that appears at its path only when its first work succeeded.

``annotator import NEW.annotator FILE...`` must not leave an empty ``NEW.annotator``
behind when nothing could be imported. :class:`StagedProject` builds the new project
under a hidden name beside ``NEW.annotator`` (see :mod:`annotator.store.staging`); the
caller imports into it and calls :meth:`StagedProject.publish` when there is something to
keep. Otherwise, or on any error, no trace of it is left.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from ..domain.errors import ProjectFileError
from ..store.staging import discard_staged, publish_staged, staging_path
from .project import Project


class StagedProject:
    """A new project for the path ``final``, built under a hidden name beside it.

    As a context manager it gives the open :class:`Project`; :meth:`publish` closes it and
    puts it at ``final``; leaving the block without publishing (an error included)
    closes and removes it. Errors name ``final``, never the hidden name. ``final`` is
    expected not to exist; if another program creates it meanwhile, theirs is kept and
    :meth:`publish` says so by returning ``False``.

    Thread contract: that of :class:`Project` (the thread that entered the block).
    """

    def __init__(self, final: Path, *, coder: str | None = None) -> None:
        self.final = final
        self._staged = staging_path(final)
        self._coder = coder
        self._project: Project | None = None

    def shown(self, text: str) -> str:
        """``text`` with the hidden name replaced by the final path (messages name the
        project the user asked for)."""
        return text.replace(str(self._staged), str(self.final))

    def __enter__(self) -> Project:
        try:
            project = Project.open(self._staged, create=True, coder=self._coder)
        except ProjectFileError as error:
            discard_staged(self._staged)
            raise ProjectFileError(str(self.final), error.reason) from None
        project.store.warnings = [self.shown(w) for w in project.store.warnings]
        self._project = project
        return project

    def publish(self) -> bool:
        """Close the project and give it its final path; return whether it got it.

        ``False`` when a file appeared at the final path meanwhile (another program
        created the project): that file is kept as it is and the staged one is removed,
        so the caller may redo its work there. Raises :class:`ProjectFileError` when the
        folder refuses the new file.
        """
        if self._project is None:
            raise RuntimeError("publish() outside the block, or twice")
        self._project.close()
        self._project = None
        final = str(self.final)
        try:
            published = publish_staged(self._staged, self.final)
        except OSError as error:
            reason = error.strerror or str(error)
            raise ProjectFileError(final, f"cannot create the project file ({reason})") from None
        return published

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._project is not None:
            self._project.close()
            self._project = None
        discard_staged(self._staged)
