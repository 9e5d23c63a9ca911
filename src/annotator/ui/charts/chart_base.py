"""What every chart shares: its project, the tags it shows, and throttled redraws."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.errors import UserError
from ...domain.filters import DocumentFilter
from ...domain.model import Changes
from ...domain.wording import plural
from ...services import Project
from .chart_export import PlotSource

#: However many changes arrive, a chart redraws at most once per this many milliseconds.
REDRAW_DELAY_MS = 150


class ChartBase(QWidget, PlotSource):
    """A chart over ``project`` limited to some tags; subclasses implement :meth:`redraw`.

    A ``lazy`` chart computes nothing while it is hidden (behind another tab, or before
    the window shows): redraws asked for meanwhile wait, and it draws once when shown, so
    opening a project of a million highlights does not pay for a chart nobody looks at.
    """

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 lazy: bool = False) -> None:
        super().__init__(parent)
        self._project = project
        self._tag_ids: list[int] | None = None
        self._where = DocumentFilter()
        self._lazy = lazy
        self._stale = False
        self._redraw_timer = QTimer(self, singleShot=True, interval=REDRAW_DELAY_MS)
        self._redraw_timer.timeout.connect(self.redraw)

    def export_folder(self) -> str:
        """Exports start in the project's folder."""
        return str(Path(self._project.path).parent)

    def _lay_out(self, toolbar: QWidget, note_name: str, body: QWidget | None = None) -> None:
        """The toolbar above the plot (``self.plot``, or ``body``), a quiet note line
        below it."""
        self.note = QLabel(self)
        self.note.setObjectName(note_name)
        self.note.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(toolbar)
        layout.addWidget(body if body is not None else self.plot, 1)
        layout.addWidget(self.note)

    def redraw(self) -> None:
        """Recompute the numbers and draw them, all read from one snapshot of the project,
        so the chart (and its exported table) never mixes two states of it. A filter that
        names a variable gone meanwhile is said in the note (the browser drops it). A
        redraw that was pending is done by this one."""
        self._redraw_timer.stop()
        try:
            with self._project.store.read_snapshot():
                self._draw_snapshot()
        except UserError as error:
            self.note.setText(str(error))

    def set_document_filter(self, where: DocumentFilter) -> None:
        """Count only in the documents ``where`` lets through; redraws soon."""
        if where != self._where:
            self._where = where
            self.schedule_redraw()

    def filter_note(self) -> str:
        """``Within the filter: 12 of 204 documents.`` while a filter is on, else empty."""
        if self._where.is_empty:
            return ""
        shown = self._project.store.selections.count(self._where)
        total = plural(self._project.documents.count(), "document")
        return f"Within the filter: {shown} of {total}."

    @property
    def project(self) -> Project:
        return self._project

    def counted_within(self) -> DocumentFilter | None:
        """The document filter the chart counts within (``None``: every document)."""
        return self._within()

    def _within(self) -> DocumentFilter | None:
        """The filter to count within, ``None`` when it lets every document through
        (the unscoped counts read kept totals, and are faster)."""
        return None if self._where.is_empty else self._where

    def _draw_snapshot(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_tags(self, tag_ids: list[int] | None) -> None:
        """Show these tags (``None``: all tags); redraws soon."""
        self._tag_ids = list(tag_ids) if tag_ids is not None else None
        self.schedule_redraw()

    def on_changes(self, changes: Changes) -> None:
        """Follow an edit anywhere in the project (throttled)."""
        if changes.highlights or changes.tags or changes.documents:
            self.schedule_redraw()

    def schedule_redraw(self) -> None:
        """Redraw soon; a lazy chart that is hidden waits until it is shown."""
        if self._lazy and not self.on_screen():
            self._stale = True
            return
        self._redraw_timer.start()

    def on_screen(self) -> bool:
        """Shown and not covered by its parents (a dock behind another tab is "visible"
        to Qt, with nothing of it on screen)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def catch_up(self) -> None:
        """Draw now if a redraw waits and the chart is on screen (call it when an
        enclosing dock's tab comes to the front)."""
        if self._stale and self.on_screen():
            self._stale = False
            self.redraw()

    def _first_draw(self) -> None:
        """Draw at construction, unless lazy (then when first shown)."""
        if self._lazy:
            self._stale = True
        else:
            self.redraw()

    @property
    def stale(self) -> bool:
        """A redraw waits for the chart to be shown."""
        return self._stale

    @property
    def redraw_pending(self) -> bool:
        """A redraw waits: for the chart to be shown, or for the throttle's delay."""
        return self._stale or self._redraw_timer.isActive()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:  # once laid out: only then does on_screen() know
            QTimer.singleShot(0, self, self.catch_up)

    def cancel_redraw(self) -> None:
        self._redraw_timer.stop()
        self._stale = False
