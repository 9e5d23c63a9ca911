"""The Charts dock: the timeline, the tag frequencies and the crosstab, as tabs."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from ...domain.filters import DocumentFilter
from ...domain.model import Changes
from ...services import Project
from .chart_base import ChartBase
from .crosstab_chart import CrosstabChart
from .frequency_chart import FrequencyChart
from .timeline_chart import TimelineChart


class ChartsPanel(QTabWidget):
    """Holds ``timeline``, ``frequency`` and ``crosstab``; forwards changes, the checked
    tags and the document filter to each."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartsPanel")
        self.setDocumentMode(True)
        # Lazy: a chart computes only once its tab is on screen.
        self.timeline = TimelineChart(project, self, lazy=True)
        self.frequency = FrequencyChart(project, self, lazy=True)
        self.crosstab = CrosstabChart(project, self, lazy=True)
        self.addTab(self.timeline, "Timeline")
        self.addTab(self.frequency, "Frequencies")
        self.addTab(self.crosstab, "Crosstab")

    @property
    def charts(self) -> tuple[ChartBase, ...]:
        return (self.timeline, self.frequency, self.crosstab)

    def set_tags(self, tag_ids: list[int]) -> None:
        """Chart the checked tags, or every tag when none is checked."""
        chosen = list(tag_ids) or None
        for chart in self.charts:
            chart.set_tags(chosen)

    def set_document_filter(self, where: DocumentFilter) -> None:
        """Count only in the documents ``where`` lets through (the browser's filter) and
        redraw; the timeline's band shows its date range."""
        for chart in self.charts:
            chart.set_document_filter(where)
        self.timeline.show_date_range(where.first_day, where.last_day)

    def on_changes(self, changes: Changes) -> None:
        for chart in self.charts:
            chart.on_changes(changes)

    def catch_up(self) -> None:
        """The panel may have come on screen (its dock's tab was chosen): draw what waits,
        once the layout has settled."""
        for chart in self.charts:
            QTimer.singleShot(0, self, chart.catch_up)

    def shutdown(self) -> None:
        """Stop pending redraws (the window is closing its project)."""
        for chart in self.charts:
            chart.cancel_redraw()

    def reload(self) -> None:
        """Another process changed the project: redraw soon."""
        for chart in self.charts:
            chart.schedule_redraw()
