"""The dialog of File ▸ Export report…: what the report holds (quotes or the codebook,
which tags, memos, which documents), its format, and a preview of its first quotes.

The preview is built in the background (``services.reporting.preview_report``) a moment
after each change of the options; only the latest is shown. ``report_actions.py`` opens
the dialog and saves the report.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.filters import DocumentFilter
from ..domain.model import TagCount
from ..domain.wording import plural
from ..services.project import Project
from ..services.reporting import ReportOptions, ReportPreview, preview_report
from .tag_model import swatch
from .tasks import LatestReading

#: The formats offered: (label in the combo box, file extension, save dialog filter).
REPORT_FORMATS = (
    ("HTML page (.html)", ".html", "HTML page (*.html)"),
    ("Word document (.docx)", ".docx", "Word document (*.docx)"),
    ("Markdown for pandoc (.md)", ".md", "Markdown (*.md)"),
)
#: A change of the options waits this long for the next before the preview is rebuilt.
PREVIEW_DELAY_MS = 200
TAG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_STYLE = "color: #b3261e;"


def tag_tree_model(counts: list[TagCount], checked: set[int] | None,
                   parent: QWidget) -> QStandardItemModel:
    """The codebook as a checkable tree (name and quotes); every tag checked when
    ``checked`` is ``None``."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(["Tag", "Quotes"])
    items: dict[int, QStandardItem] = {}
    for count in counts:  # tree order: a parent comes before its children
        name = QStandardItem(swatch(count.tag.color), count.tag.name)
        name.setCheckable(True)
        name.setEditable(False)
        name.setData(count.tag.id, TAG_ID_ROLE)
        name.setCheckState(Qt.CheckState.Checked if checked is None or count.tag.id in checked
                           else Qt.CheckState.Unchecked)
        quotes = QStandardItem(f"{count.highlights:,}")
        quotes.setEditable(False)
        quotes.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        holder = items.get(count.tag.parent_id) if count.tag.parent_id else None
        (holder or model.invisibleRootItem()).appendRow([name, quotes])
        items[count.tag.id] = name
    return model


class ReportDialog(QDialog):
    """The options of a report and its preview; accepted, :meth:`options` and
    :meth:`suffix` say what to save.

    Signals:
        previewed(): a preview (or the reason there is none) is shown.
    """

    previewed = Signal()

    def __init__(self, project: Project, *, checked_tags: list[int] | None = None,
                 browser_filter: DocumentFilter | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle("Export report")
        self._project = project
        self._browser_filter = browser_filter or DocumentFilter()
        self._reader = LatestReading(project, self)
        self._reader.ready.connect(self._show)
        self._reader.failed.connect(lambda message: self._show(None, message))
        self.preview: ReportPreview | None = None
        counts = project.tags.counts()
        self._all_tags = [c.tag.id for c in counts]
        self._build_ui(counts, set(checked_tags) if checked_tags else None)
        self._connect()
        self._schedule.start(0)

    # -- building ---------------------------------------------------------------------------
    def _build_ui(self, counts: list[TagCount], checked: set[int] | None) -> None:
        self.quotes_choice = QRadioButton("Quotes of each tag, by document", self)
        self.codebook_choice = QRadioButton("Codebook, with one example per tag", self)
        self.quotes_choice.setChecked(True)
        self.tags = tag_tree_model(counts, checked, self)
        self.tag_view = QTreeView(self)
        self.tag_view.setObjectName("reportTags")
        self.tag_view.setModel(self.tags)
        self.tag_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tag_view.expandAll()
        self.tag_view.header().setStretchLastSection(False)
        self.tag_view.header().resizeSection(1, 70)
        self.tag_view.setColumnWidth(0, 230)
        self.all_button, self.none_button = QPushButton("All", self), QPushButton("None", self)
        self.memos_box = QCheckBox("Memos under the quotes", self)
        self.filter_box = QCheckBox("Only the documents the browser's filter shows", self)
        self.filter_box.setEnabled(not self._browser_filter.is_empty)
        self.filter_box.setChecked(not self._browser_filter.is_empty)
        self.format_box = QComboBox(self)
        self.format_box.addItems([label for label, _, _ in REPORT_FORMATS])
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("reportPreview")
        self.browser.setOpenLinks(False)
        self.status = QLabel("Building the preview…", self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton("Save…",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self._schedule = QTimer(self)
        self._schedule.setSingleShot(True)
        self._lay_out()

    def _lay_out(self) -> None:
        kind = QGroupBox("Report", self)
        kind_layout = QVBoxLayout(kind)
        kind_layout.addWidget(self.quotes_choice)
        kind_layout.addWidget(self.codebook_choice)
        tags = QGroupBox("Tags", self)
        tags_layout = QVBoxLayout(tags)
        tags_layout.addWidget(self.tag_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        tags_layout.addLayout(buttons)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        options = QVBoxLayout()
        for widget in (kind, tags):
            options.addWidget(widget, 1 if widget is tags else 0)
        options.addWidget(self.memos_box)
        options.addWidget(self.filter_box)
        options.addLayout(form)
        side = QWidget(self)
        side.setLayout(options)
        side.setFixedWidth(360)
        preview = QVBoxLayout()
        preview.addWidget(QLabel("<b>Preview</b>", self))
        preview.addWidget(self.browser, 1)
        preview.addWidget(self.status)
        body = QHBoxLayout()
        body.addWidget(side)
        body.addLayout(preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(1120, 700)

    def _connect(self) -> None:
        self._schedule.timeout.connect(self._build_preview)
        later = self._preview_later
        self.quotes_choice.toggled.connect(later)
        self.memos_box.toggled.connect(later)
        self.filter_box.toggled.connect(later)
        self.tags.itemChanged.connect(later)
        self.all_button.clicked.connect(lambda: self.check_all(True))
        self.none_button.clicked.connect(lambda: self.check_all(False))
        self.browser.anchorClicked.connect(self._follow)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # -- options ----------------------------------------------------------------------------
    def checked_tags(self) -> list[int]:
        """The checked tags, in tree order."""
        found: list[int] = []
        stack = [self.tags.invisibleRootItem()]
        while stack:
            item = stack.pop()
            if item is not self.tags.invisibleRootItem() and \
                    item.checkState() == Qt.CheckState.Checked:
                found.append(int(item.data(TAG_ID_ROLE)))
            stack.extend(item.child(row) for row in reversed(range(item.rowCount())))
        return found

    def check_all(self, checked: bool) -> None:
        """Check (or uncheck) every tag; the preview follows once."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.tags.blockSignals(True)
        stack = [self.tags.invisibleRootItem()]
        while stack:
            item = stack.pop()
            if item is not self.tags.invisibleRootItem():
                item.setCheckState(state)
            stack.extend(item.child(row) for row in range(item.rowCount()))
        self.tags.blockSignals(False)
        self.tag_view.viewport().update()
        self._preview_later()

    def options(self) -> ReportOptions:
        """The report the dialog's choices describe (every tag: ``tag_ids`` is ``None``,
        so tags made meanwhile are in it too)."""
        chosen = self.checked_tags()
        return ReportOptions(
            kind="quotes" if self.quotes_choice.isChecked() else "codebook",
            tag_ids=None if set(chosen) >= set(self._all_tags) else tuple(chosen),
            with_memos=self.memos_box.isChecked(),
            documents=self._browser_filter if self.filter_box.isChecked() else None,
        )

    def suffix(self) -> str:
        """The chosen format's file extension."""
        return REPORT_FORMATS[self.format_box.currentIndex()][1]

    def save_filters(self) -> str:
        """The save dialog's filters, the chosen format's first."""
        chosen = self.format_box.currentIndex()
        order = [chosen] + [i for i in range(len(REPORT_FORMATS)) if i != chosen]
        return ";;".join(REPORT_FORMATS[i][2] for i in order)

    # -- preview ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """Whether a preview is waiting to be built or being built."""
        return self._schedule.isActive() or self._reader.busy

    def _preview_later(self, *_args: Any) -> None:
        self.save_button.setEnabled(bool(self.checked_tags()))
        self._schedule.start(PREVIEW_DELAY_MS)

    def _build_preview(self) -> None:
        options = self.options()
        self.status.setStyleSheet("")
        self.status.setText("Building the preview…")
        self._reader.read(lambda project: preview_report(project, options))

    def _show(self, preview: ReportPreview | None, error: str = "") -> None:
        """Show the latest preview asked for (``None``: why it could not be built)."""
        self.preview = preview
        if preview is None:
            self.browser.clear()
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error)
        else:
            self.browser.setHtml(preview.html)
            self.status.setText(self._describe(preview))
        self.previewed.emit()

    @staticmethod
    def _describe(preview: ReportPreview) -> str:
        whole = (f"The report: {plural(preview.tags, 'tag', grouped=True)}, "
                 f"{plural(preview.quotes, 'quote', grouped=True)}.")
        return whole if preview.complete else (
            f"{whole} The preview lists the first of them; the saved file has all.")

    def _follow(self, url: QUrl) -> None:
        if url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())

    # -- closing ----------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Close; a preview still being built finishes first (never left running)."""
        self.wait()
        super().done(result)

    def wait(self) -> None:
        """Let the previews being built finish (their results are dropped)."""
        self._schedule.stop()
        self._reader.shutdown()


def index_of_tag(model: QStandardItemModel, tag_id: int) -> QModelIndex:
    """The index of ``tag_id``'s name in ``model`` (invalid when absent)."""
    found = model.match(model.index(0, 0), TAG_ID_ROLE, tag_id, 1,
                        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    return QModelIndex(found[0]) if found else QModelIndex()
