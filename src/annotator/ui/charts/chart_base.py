"""What every chart shares: its project, the tags it shows, and throttled redraws."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.model import Changes
from ...services import Project
from .chart_export import PlotSource

#: However many changes arrive, a chart redraws at most once per this many milliseconds.
REDRAW_DELAY_MS = 150


class ChartBase(QWidget, PlotSource):
    """A chart over ``project`` limited to some tags; subclasses implement :meth:`redraw`."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._tag_ids: list[int] | None = None
        self._redraw_timer = QTimer(self, singleShot=True, interval=REDRAW_DELAY_MS)
        self._redraw_timer.timeout.connect(self.redraw)

    def _lay_out(self, toolbar: QWidget, note_name: str) -> None:
        """The toolbar above the plot (``self.plot``), a quiet note line below it."""
        self.note = QLabel(self)
        self.note.setObjectName(note_name)
        self.note.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(toolbar)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.note)

    def redraw(self) -> None:  # pragma: no cover - abstract
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
        self._redraw_timer.start()

    def cancel_redraw(self) -> None:
        self._redraw_timer.stop()
