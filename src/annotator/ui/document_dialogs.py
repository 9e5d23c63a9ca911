"""The questions asked before editing several documents: which variable and value, which
date, and whether to delete. :class:`DocumentPrompts` asks them; tests replace it with
scripted answers, so the real actions run without modal dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.dates import checked_date
from ..domain.errors import UserError
from ..domain.wording import plural

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: palette(placeholder-text);"


class SetVariableDialog(QDialog):
    """Choose or type a variable's name and a value (empty: clear the value).

    ``values_of(name)`` lists the values a variable has, offered as the value's choices.
    """

    def __init__(self, names: list[str], values_of: Callable[[str], list[str]], count: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setVariableDialog")
        self.setWindowTitle("Set variable")
        self._values_of = values_of
        self._count = count
        self._build_ui(names)
        self.name_box.currentTextChanged.connect(self._offer_values)
        self._offer_values(self.name_box.currentText())

    def _build_ui(self, names: list[str]) -> None:
        self.name_box = QComboBox(self, editable=True)
        self.name_box.setObjectName("variableName")
        self.name_box.addItems(names)
        self.name_box.lineEdit().setPlaceholderText("a variable, or a new name")
        self.value_box = QComboBox(self, editable=True)
        self.value_box.setObjectName("variableValue")
        self.value_box.lineEdit().setPlaceholderText("empty: clear the value")
        self.hint = QLabel(self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow("Variable", self.name_box)
        form.addRow("Value", self.value_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_named)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def _offer_values(self, name: str) -> None:
        typed = self.value_box.currentText()
        self.value_box.clear()
        self.value_box.addItems(self._values_of(name.strip()) if name.strip() else [])
        self.value_box.setEditText(typed)
        self.hint.setText(f"{plural(self._count, 'document')} will get this value; "
                          "an empty value clears it.")

    def answer(self) -> tuple[str, str | None]:
        """The variable's name and the value (``None``: clear it)."""
        value = self.value_box.currentText().strip()
        return self.name_box.currentText().strip(), value or None

    def _accept_if_named(self) -> None:
        if not self.name_box.currentText().strip():
            self.error_label.setText("Choose a variable or type a name.")
            return
        self.accept()


class DocumentDateDialog(QDialog):
    """Type a date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, with an optional time)."""

    def __init__(self, count: int, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentDateDialog")
        self.setWindowTitle("Set date")
        self.date_edit = QLineEdit(current, self)
        self.date_edit.setPlaceholderText("YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DDTHH:MM")
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"The date of {plural(count, 'document')}:", self))
        layout.addWidget(self.date_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(380, self.sizeHint().height())

    def answer(self) -> str | None:
        """The checked date; raises :class:`UserError` when it is not one."""
        return checked_date(self.date_edit.text())

    def _accept_if_valid(self) -> None:
        try:
            if self.answer() is None:
                raise UserError("Type a date, or use Clear date.")
        except UserError as error:
            self.error_label.setText(str(error))
            return
        self.accept()


class DocumentPrompts:
    """The questions of the document actions; each returns ``None`` (or False) when
    cancelled."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent

    def confirm(self, title: str, message: str) -> bool:
        answer = QMessageBox.question(self._parent, title, message)
        return answer == QMessageBox.StandardButton.Yes

    def variable(self, names: list[str], values_of: Callable[[str], list[str]],
                 count: int) -> tuple[str, str | None] | None:
        dialog = SetVariableDialog(names, values_of, count, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def date(self, count: int, current: str) -> str | None:
        dialog = DocumentDateDialog(count, current, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()
