"""The Agreement view: choose coders, unit and tags (:mod:`.agreement_controls`); read
the coefficients per tag and overall, and work through the disagreements, keeping one
coder's coding or both.

The agreement is computed in the background (:class:`~.agreement_reader.AgreementReader`)
whenever a choice changes and, while a result is shown, after every change to the coding
(so a settled disagreement leaves the list and the coefficients follow).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import Changes
from ..domain.wording import plural
from ..services.disagreements import Disagreement
from ..services.project import Project
from .agreement_controls import AgreementControls
from .agreement_models import (
    COLUMN_TAG,
    FIRST_CODER_COLUMN,
    AgreementTableModel,
    DisagreementModel,
)
from .agreement_reader import AgreementReader, AgreementResult

#: How long a burst of edits or clicks is left to settle before recomputing.
RECOMPUTE_DELAY_MS = 300
CHOOSE_CODERS = "Check two or more coders to compare their coding."


class AgreementPanel(QWidget):
    """The Agreement dock's contents.

    Signals:
        disagreementActivated(int, int, int): a disagreement was clicked: document id,
            start, end (code points) of the stretch.
        keepRequested(object, str): "Keep X's" on a :class:`Disagreement`, the coder kept.
        computed(): a result (or a refusal) is shown.
    """

    disagreementActivated = Signal(int, int, int)
    keepRequested = Signal(object, str)
    computed = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementPanel")
        self._project = project
        self.reader = AgreementReader(project, self)
        self.result: AgreementResult | None = None
        self._live = False
        self._resume: int | None = None  # the row to go on with after a keep
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self.recompute)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.controls = AgreementControls(self)
        self.summary = QLabel(CHOOSE_CODERS, self)
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(120)
        self.table_model = AgreementTableModel(self)
        self.table = self._view("agreementTable", self.table_model)
        self.list_model = DisagreementModel(self)
        self.list = self._view("disagreementList", self.list_model)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, "Coefficients")
        self.tabs.addTab(self._disagreement_page(), "Disagreements")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(_scrolling_sideways(self.controls))
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self._show_keep_buttons(())

    def _disagreement_page(self) -> QWidget:
        """The disagreement list over its keep buttons (one per coder, built per result)."""
        page = QWidget(self)
        self.keep_bar = QHBoxLayout()
        self.keep_bar.setContentsMargins(0, 0, 0, 0)
        self.keep_buttons: list[QPushButton] = []
        self.keep_both_button = QPushButton("Keep both", self)
        self.keep_both_button.setObjectName("keepBoth")
        self.keep_both_button.setToolTip("Leave this disagreement as it is and go on")
        self.keep_bar.addStretch(1)
        self.keep_bar.addWidget(self.keep_both_button)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.list, 1)
        box.addLayout(self.keep_bar)
        return page

    def _view(self, name: str, model: AgreementTableModel | DisagreementModel) -> QTreeView:
        view = QTreeView(self)
        view.setObjectName(name)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setModel(model)
        view.header().setStretchLastSection(False)
        return view

    def _connect(self) -> None:
        self.controls.changed.connect(self._schedule)
        self.reader.ready.connect(self._show)
        self.reader.codersRead.connect(self._coders_read)
        self.reader.failed.connect(self._refused)
        self.reader.busyChanged.connect(lambda _busy: self._show_summary())
        self.list.clicked.connect(self._activate)
        self.list.activated.connect(self._activate)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._enable_keeping())
        self.keep_both_button.clicked.connect(self.keep_both)

    # -- computing ------------------------------------------------------------------------
    def set_live(self, live: bool) -> None:
        """Whether the panel is on screen: it computes (and lists the coders) only then."""
        self._live = live
        self._schedule()

    def on_changes(self, changes: Changes) -> None:
        """The coding changed (in this window): compute again, if on screen."""
        if changes.highlights or changes.tags or changes.documents:
            self._schedule()

    def reload(self) -> None:
        """Another process changed the project: compute again, if on screen."""
        self._schedule()

    def _schedule(self) -> None:
        if self._live:
            self._timer.start()

    def recompute(self) -> None:
        """Compute the current choices now (in the background)."""
        self._timer.stop()
        request = self.controls.request()
        if len(request.coders) < 2:  # perhaps nobody is listed yet
            self.reader.list_coders()
        else:
            self.reader.compute(request)
        self._show_summary()

    def _coders_read(self, coders: list[str]) -> None:
        self.controls.set_coders(coders)  # computes if two are checked now
        if len(self.controls.chosen_coders()) >= 2:
            return
        self._set_result(None)
        if len(coders) >= 2:
            self.summary.setText(CHOOSE_CODERS)
        else:
            self.summary.setText(
                "Agreement compares two or more coders' highlights; "
                + (f"so far only {coders[0]} has coded here." if coders else
                   "nobody has coded here yet.")
                + " Merge a colleague's project to compare.")
        self.computed.emit()

    def shutdown(self) -> None:
        """Wait for a computation still running (the window closes its project)."""
        self._timer.stop()
        self.reader.shutdown()

    def _show(self, result: AgreementResult) -> None:
        self._set_result(result)
        self.controls.set_coders(result.coders)  # someone new may have coded
        self.computed.emit()

    def _refused(self, message: str) -> None:
        self._set_result(None)
        self.summary.setText(message[:1].upper() + message[1:] + ".")
        self.computed.emit()

    def _set_result(self, result: AgreementResult | None) -> None:
        current = self.list.currentIndex()
        previous = (self.list_model.disagreement(current.row())
                    if current.isValid() and self._resume is None else None)
        self.result = result
        self.table_model.set_report(None if result is None else result.report)
        coders = () if result is None else result.report.coders
        self.list_model.set_disagreements(coders, [] if result is None
                                          else result.disagreements.found)
        self._fit_columns()
        if result is None:
            self.tabs.setTabText(1, "Disagreements")
        self._show_keep_buttons(coders)
        self._restore_current(previous)
        self._show_summary()

    def _restore_current(self, previous: Disagreement | None) -> None:
        rows = self.list_model.rowCount()
        if self._resume is not None and rows:
            self.select_row(min(self._resume, rows - 1), open_it=True)
        elif previous is not None and previous in self.list_model.disagreements:
            self.select_row(self.list_model.disagreements.index(previous), open_it=False)
        self._resume = None
        self._enable_keeping()

    def _show_summary(self) -> None:
        result = self.result
        if self.reader.busy:
            self.summary.setText("Computing the agreement…")
            return
        if result is None:
            return
        report, listed = result.report, result.disagreements
        everyone = "both" if len(report.coders) == 2 else "all of them"
        overlap = (f", overlap {result.request.overlap:.2f}" if report.unit == "segment"
                   else "")
        self.summary.setText(
            f"{_names(report.coders)} on {plural(report.documents, 'document', grouped=True)} "
            f"(those {everyone} coded); "
            f"unit: {report.unit}{overlap}.")
        shown = (f"{listed.total:,}" if len(listed.found) == listed.total
                 else f"first {len(listed.found):,} of {listed.total:,}")
        self.tabs.setTabText(1, f"Disagreements ({shown})")

    def _fit_columns(self) -> None:
        header = self.table.header()
        header.setMinimumSectionSize(self.table.fontMetrics().horizontalAdvance("-0.000") + 20)
        header.setSectionResizeMode(COLUMN_TAG, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.table_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header = self.list.header()
        metrics = self.list.fontMetrics()
        for column, sample in ((0, "A document title"), (1, "security"),
                               (2, "the words that differ")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        for column in range(FIRST_CODER_COLUMN, self.list_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    # -- the disagreements ----------------------------------------------------------------
    def _show_keep_buttons(self, coders: tuple[str, ...]) -> None:
        for button in self.keep_buttons:
            self.keep_bar.removeWidget(button)
            button.deleteLater()
        self.keep_buttons = []
        for position, coder in enumerate(coders):
            button = QPushButton(f"Keep {coder}'s", self)
            button.setObjectName(f"keepCoder{position}")
            others = [c for c in coders if c != coder]
            button.setToolTip(f"Make {' and '.join(others)}'s coding of the tag here "
                              f"equal to {coder}'s (one undo step)")
            button.clicked.connect(lambda _checked=False, kept=coder: self.keep(kept))
            self.keep_bar.insertWidget(position, button)
            self.keep_buttons.append(button)
        self.keep_both_button.setText("Keep both" if len(coders) <= 2 else "Keep all")
        self._enable_keeping()

    def _enable_keeping(self) -> None:
        chosen = self.current_disagreement() is not None
        for button in [*self.keep_buttons, self.keep_both_button]:
            button.setEnabled(chosen)

    def current_disagreement(self) -> Disagreement | None:
        index = self.list.currentIndex()
        return self.list_model.disagreement(index.row()) if index.isValid() else None

    def select_row(self, row: int, *, open_it: bool) -> None:
        """Make ``row`` of the disagreement list current (and open it in the editor)."""
        index = self.list_model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        if open_it:
            self._activate(index)

    def keep(self, coder: str) -> None:
        """Ask to keep ``coder``'s coding on the current disagreement; the list goes on
        with the next one once recomputed."""
        found = self.current_disagreement()
        if found is not None:
            self._resume = self.list.currentIndex().row()
            self.keepRequested.emit(found, coder)

    def keep_both(self) -> None:
        """Leave the current disagreement as it is (greyed) and go on with the next."""
        index = self.list.currentIndex()
        if not index.isValid():
            return
        self.list_model.mark_settled(index.row())
        if index.row() + 1 < self.list_model.rowCount():
            self.select_row(index.row() + 1, open_it=True)

    def keep_refused(self) -> None:
        """The keep did not happen: stay where the list is."""
        self._resume = None

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            found = self.list_model.disagreement(index.row())
            self.disagreementActivated.emit(found.document_id, found.start, found.end)


def _names(coders: tuple[str, ...]) -> str:
    """"ann and bob", "ann, bob and cem"."""
    return " and ".join(coders) if len(coders) < 3 else \
        f"{', '.join(coders[:-1])} and {coders[-1]}"


def _scrolling_sideways(row: QWidget) -> QScrollArea:
    """``row`` in a frameless area that scrolls sideways when the dock is narrower than
    the row, so that the choices never widen the window."""
    area = QScrollArea(row.parentWidget())
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(row)
    area.setFixedHeight(row.sizeHint().height() + area.horizontalScrollBar().sizeHint().height())
    return area
