"""The Charts dock: the timeline and the tag frequencies, as tabs."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from ...domain.filters import DocumentFilter
from ...domain.model import Changes
from ...services import Project
from .frequency_chart import FrequencyChart
from .timeline_chart import TimelineChart


class ChartsPanel(QTabWidget):
    """Holds ``timeline`` and ``frequency``; forwards changes and the checked tags."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartsPanel")
        self.setDocumentMode(True)
        # Lazy: a chart computes only once its tab is on screen.
        self.timeline = TimelineChart(project, self, lazy=True)
        self.frequency = FrequencyChart(project, self, lazy=True)
        self.addTab(self.timeline, "Timeline")
        self.addTab(self.frequency, "Frequencies")

    def set_tags(self, tag_ids: list[int]) -> None:
        """Chart the checked tags, or every tag when none is checked."""
        chosen = list(tag_ids) or None
        self.timeline.set_tags(chosen)
        self.frequency.set_tags(chosen)

    def set_document_filter(self, where: DocumentFilter) -> None:
        """Count only in the documents ``where`` lets through (the browser's filter) and
        redraw; the timeline's band shows its date range."""
        self.timeline.set_document_filter(where)
        self.frequency.set_document_filter(where)
        self.timeline.show_date_range(where.first_day, where.last_day)

    def on_changes(self, changes: Changes) -> None:
        self.timeline.on_changes(changes)
        self.frequency.on_changes(changes)

    def catch_up(self) -> None:
        """The panel may have come on screen (its dock's tab was chosen): draw what waits,
        once the layout has settled."""
        QTimer.singleShot(0, self, self.timeline.catch_up)
        QTimer.singleShot(0, self, self.frequency.catch_up)

    def shutdown(self) -> None:
        """Stop pending redraws (the window is closing its project)."""
        self.timeline.cancel_redraw()
        self.frequency.cancel_redraw()

    def reload(self) -> None:
        """Another process changed the project: redraw soon."""
        self.timeline.schedule_redraw()
        self.frequency.schedule_redraw()
