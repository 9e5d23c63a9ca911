"""The Agreement view's choices: which coders (a checkable list), the unit (with the
segments' minimum overlap) and which tags (all, or those checked in the Tags panel)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QWidget,
)

from .agreement_reader import AgreementRequest

UNITS = (("character", "Character"), ("segment", "Segment"), ("document", "Document"))
UNIT_TIPS = {
    "character": "Every character of the compared documents is a unit (NVivo's unit)",
    "segment": "Every highlight is a unit; it agrees when another coder's highlight "
               "overlaps it enough (MAXQDA's unit)",
    "document": "Every compared document is a unit: was the tag used in it?",
}
ALL_TAGS, CHECKED_TAGS = "all", "checked"


class AgreementControls(QWidget):
    """The choices of one agreement; :meth:`request` reads them.

    Signals:
        changed(): a choice changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checked_tags: tuple[int, ...] = ()
        self._build_ui()
        self.coder_model.itemChanged.connect(lambda _item: self.changed.emit())
        self.unit_box.currentIndexChanged.connect(self._on_unit)
        self.overlap_box.valueChanged.connect(lambda _value: self.changed.emit())
        self.tags_box.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def _build_ui(self) -> None:
        self.coder_model = QStandardItemModel(self)
        self.coder_list = QListView(self)
        self.coder_list.setObjectName("agreementCoders")
        self.coder_list.setModel(self.coder_model)
        self.coder_list.setToolTip("The coders to compare (two or more)")
        self.coder_list.setFlow(QListView.Flow.LeftToRight)
        self.coder_list.setWrapping(False)
        self.coder_list.setSpacing(2)
        self.coder_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.coder_list.setFixedHeight(self.fontMetrics().height() + 14)
        self.coder_list.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 12)
        self.unit_box = QComboBox(self)
        self.unit_box.setObjectName("agreementUnit")
        for index, (unit, label) in enumerate(UNITS):
            self.unit_box.addItem(label, unit)
            self.unit_box.setItemData(index, UNIT_TIPS[unit], Qt.ItemDataRole.ToolTipRole)
        self.overlap_box = QDoubleSpinBox(self)
        self.overlap_box.setObjectName("agreementOverlap")
        self.overlap_box.setRange(0.05, 1.0)
        self.overlap_box.setSingleStep(0.05)
        self.overlap_box.setDecimals(2)
        self.overlap_box.setValue(0.9)
        self.overlap_box.setToolTip("Segments agree when they share at least this share "
                                    "of the longer of the two")
        self.tags_box = QComboBox(self)
        self.tags_box.setObjectName("agreementTags")
        self.tags_box.addItem("All tags", ALL_TAGS)
        self.tags_box.addItem("Checked tags", CHECKED_TAGS)
        self.tags_box.setItemData(1, "The tags checked in the Tags panel",
                                  Qt.ItemDataRole.ToolTipRole)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for label, widget, stretch in (("Coders", self.coder_list, 1),
                                       ("Unit", self.unit_box, 0),
                                       ("Overlap", self.overlap_box, 0),
                                       ("Tags", self.tags_box, 0)):
            layout.addWidget(QLabel(label, self))
            layout.addWidget(widget, stretch)
            layout.addSpacing(6)
        self._on_unit()

    def set_coders(self, coders: list[str]) -> None:
        """List ``coders``, keeping the checks of those listed before (a coder new to the
        list is left unchecked); when the list was empty, every coder is checked (both,
        when there are two, as the CLI compares). Emits ``changed`` when the chosen coders
        change."""
        chosen = self.chosen_coders()
        kept = {c: c in chosen for c in self.listed_coders()}
        if list(kept) == coders:
            return
        self.coder_model.blockSignals(True)
        self.coder_model.clear()
        for coder in coders:
            item = QStandardItem(coder)
            item.setCheckable(True)
            item.setEditable(False)
            checked = kept.get(coder, not kept)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.coder_model.appendRow(item)
        self.coder_model.blockSignals(False)
        self.coder_list.reset()
        if self.chosen_coders() != chosen:
            self.changed.emit()

    def listed_coders(self) -> list[str]:
        return [self.coder_model.item(r).text() for r in range(self.coder_model.rowCount())]

    def chosen_coders(self) -> list[str]:
        return [self.coder_model.item(r).text() for r in range(self.coder_model.rowCount())
                if self.coder_model.item(r).checkState() == Qt.CheckState.Checked]

    def set_coder_checked(self, coder: str, checked: bool) -> None:
        row = self.listed_coders().index(coder)
        self.coder_model.item(row).setCheckState(
            Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_checked_tags(self, tag_ids: list[int]) -> None:
        """The tags checked in the Tags panel (used when "Checked tags" is chosen)."""
        self.checked_tags = tuple(tag_ids)
        if self.tags_box.currentData() == CHECKED_TAGS:
            self.changed.emit()

    def request(self) -> AgreementRequest:
        """What the choices ask for."""
        tags = self.checked_tags if self.tags_box.currentData() == CHECKED_TAGS else None
        return AgreementRequest(tuple(self.chosen_coders()), self.unit_box.currentData(),
                                round(self.overlap_box.value(), 2), tags)

    def _on_unit(self) -> None:
        self.overlap_box.setEnabled(self.unit_box.currentData() == "segment")
        self.unit_box.setToolTip(UNIT_TIPS[self.unit_box.currentData()])
        self.changed.emit()
