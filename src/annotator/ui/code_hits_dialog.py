""""Code all hits with…": choose a tag (an existing one, or a new name) and how much
text around each hit to code (the hit, its sentence, paragraph or document)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.context import Context

CONTEXT_LABELS = {
    Context.MATCH: "The hit only",
    Context.SENTENCE: "Its sentence",
    Context.PARAGRAPH: "Its paragraph",
    Context.DOCUMENT: "The whole document",
}


class CodeHitsDialog(QDialog):
    """Asks for a tag and a context; after ``accept``, :attr:`tag_id` is the chosen tag
    (``None`` for a new one, named :attr:`new_name`) and :attr:`context` the context."""

    def __init__(self, tag_paths: dict[int, str], summary: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeHitsDialog")
        self.setWindowTitle("Code all hits")
        self.setMinimumWidth(440)
        self._paths = tag_paths
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.tag_box = QComboBox(self)
        self.tag_box.setObjectName("codeHitsTag")
        self.tag_box.setEditable(True)
        self.tag_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for tag_id, path in sorted(tag_paths.items(), key=lambda item: item[1].casefold()):
            self.tag_box.addItem(path, tag_id)
        self.tag_box.setCurrentIndex(-1)
        self.tag_box.lineEdit().setPlaceholderText("A tag, or the name of a new one")
        self.context_buttons = QButtonGroup(self)
        contexts = QVBoxLayout()
        contexts.setSpacing(2)
        for number, (context, label) in enumerate(CONTEXT_LABELS.items()):
            button = QRadioButton(label, self)
            button.setObjectName(f"context_{context.value}")
            button.setChecked(context == Context.SENTENCE)
            self.context_buttons.addButton(button, number)
            contexts.addWidget(button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Code")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.tag_box.currentTextChanged.connect(self._update_ok)
        form = QFormLayout()
        form.addRow("Tag:", self.tag_box)
        form.addRow("Code:", contexts)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.tag_box.currentText().strip()))

    @property
    def context(self) -> Context:
        """The context chosen (sentence unless changed)."""
        return list(CONTEXT_LABELS)[self.context_buttons.checkedId()]

    @property
    def tag_id(self) -> int | None:
        """The existing tag whose path is typed or chosen, else ``None``."""
        typed = self.tag_box.currentText().strip()
        for tag_id, path in self._paths.items():
            if path == typed:
                return tag_id
        folded = typed.casefold()
        matches = [t for t, path in self._paths.items() if path.casefold() == folded]
        return matches[0] if len(matches) == 1 else None

    @property
    def new_name(self) -> str:
        """The name typed when it is no existing tag's."""
        return "" if self.tag_id is not None else self.tag_box.currentText().strip()
