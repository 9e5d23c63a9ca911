"""The questions an import asks before it starts: how to read each survey given by itself,
and what to do with the tables (``.csv``, ``.tsv``, ``.xlsx``) found inside its folders.

A table inside a folder is as often a list of the folder's documents (an ``index.csv``)
or of their variables as a survey, so the window never reads one as a survey unasked:
:class:`FolderTablesDialog` lists them all at once, each with the choices the caller
offers (:class:`TableChoice`, one entry per answer).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.wording import plural
from ..services.surveys import SurveyMapping
from .survey_dialog import SurveyMappingDialog

SURVEY_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx"})
#: The import summary's line for a table the user chose to skip.
SKIPPED_AS_CHOSEN = "a table inside a folder: skipped, as chosen before the import"


@dataclass(frozen=True)
class TableChoice:
    """One answer to "what should the import do with this table found in a folder?".

    ``as_survey``: its rows become documents (the survey mapping dialog asks how to read
    it). Otherwise its rows are not imported, the summary says ``reason``, and
    ``after_import``, if any, is called with the table once the import has finished
    (not after a cancelled, stopped or failed one), on the GUI thread.
    """

    label: str
    as_survey: bool = False
    reason: str = SKIPPED_AS_CHOSEN
    after_import: Callable[[Path], object] | None = None


@dataclass
class ImportAnswers:
    """What the questions decided: a mapping per survey (given by itself or chosen
    inside a folder), the folder tables to read as surveys, the summary's reason for
    each other table, and the calls to make once the import has finished."""

    survey_mappings: dict[Path, SurveyMapping] = field(default_factory=dict)
    folder_surveys: list[Path] = field(default_factory=list)
    table_reasons: dict[Path, str] = field(default_factory=dict)
    after_import: list[tuple[Callable[[Path], object], Path]] = field(default_factory=list)


class ImportPrompts:
    """The import's questions as modal dialogs; tests replace it with scripted answers."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent

    def survey_mapping(self, path: Path) -> SurveyMapping | None:
        """How to read the survey at ``path``, or ``None`` if the user cancels; raises
        :class:`UserError` when the survey cannot be read (the import reports why)."""
        dialog = SurveyMappingDialog(path, self._parent)
        try:
            return dialog.mapping if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def folder_tables(self, tables: Sequence[Path],
                      choices: Sequence[TableChoice]) -> dict[Path, TableChoice] | None:
        """The choice for each of ``tables``, or ``None`` if the user cancels."""
        dialog = FolderTablesDialog(tables, choices, self._parent)
        try:
            return dialog.answers() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def ask_import_questions(prompts: ImportPrompts, paths: Sequence[Path], tables: Sequence[Path],
                         choices: Sequence[TableChoice]) -> ImportAnswers | None:
    """Ask how to read each survey file among ``paths``, then, once for all ``tables``
    (found inside the folders among ``paths``), what to do with each, and how to read
    those to import as surveys. ``None`` as soon as the user cancels any question.

    A survey that cannot be read gets no question: the import reports why.
    """
    answers = ImportAnswers()
    direct = [p for p in paths if p.is_file() and p.suffix.lower() in SURVEY_SUFFIXES]
    if not _ask_mappings(prompts, direct, answers):
        return None
    chosen = prompts.folder_tables(tables, choices) if tables else {}
    if chosen is None:
        return None
    surveys = [table for table, choice in chosen.items() if choice.as_survey]
    for table, choice in chosen.items():
        if not choice.as_survey:
            answers.table_reasons[table] = choice.reason
            if choice.after_import is not None:
                answers.after_import.append((choice.after_import, table))
    answers.folder_surveys = surveys
    return answers if _ask_mappings(prompts, surveys, answers) else None


def _ask_mappings(prompts: ImportPrompts, surveys: Sequence[Path], answers: ImportAnswers) -> bool:
    for path in surveys:
        try:
            mapping = prompts.survey_mapping(path)
        except UserError:
            continue  # unreadable: the import reports why
        if mapping is None:
            return False
        answers.survey_mappings[path] = mapping
    return True


class FolderTablesDialog(QDialog):
    """Lists the tables found inside an import's folders, each with a box of the
    ``choices`` (the first is the default), and one box above them that sets them all;
    :meth:`answers` is the choice of each table."""

    def __init__(self, tables: Sequence[Path], choices: Sequence[TableChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("folderTables")
        self.setWindowTitle("Tables inside the folders")
        self.tables, self.choices = list(tables), list(choices)
        self.all_box = self._choice_box()
        self.boxes = [self._choice_box() for _ in self.tables]
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        self._build_ui()
        self.all_box.currentIndexChanged.connect(self._choose_for_all)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _build_ui(self) -> None:
        count = len(self.tables)
        intro = QLabel(
            f"The folders hold {plural(count, 'table')} (.csv, .tsv, .xlsx). A "
            "table beside texts is often a list of those documents or of their variables, "
            "not a survey. What should the import do with each?", self)
        intro.setWordWrap(True)
        rows = QWidget(self)
        form = QFormLayout(rows)
        shown_paths = _shown_paths(self.tables)
        for table, box, shown in zip(self.tables, self.boxes, shown_paths, strict=True):
            label = QLabel(shown, rows)
            label.setToolTip(str(table))
            form.addRow(label, box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)
        every = QFormLayout()
        every.addRow("All tables:", self.all_box)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(every)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(640, min(200 + 32 * count, 560))

    def _choice_box(self) -> QComboBox:
        box = QComboBox(self)
        box.addItems([choice.label for choice in self.choices])
        return box

    def _choose_for_all(self, index: int) -> None:
        for box in self.boxes:
            box.setCurrentIndex(index)

    def answers(self) -> dict[Path, TableChoice]:
        """The choice each table's box shows now."""
        return {table: self.choices[box.currentIndex()]
                for table, box in zip(self.tables, self.boxes, strict=True)}


def _shown_paths(tables: Sequence[Path]) -> list[str]:
    """Each table's path from the folder that holds all of their folders (so that
    ``news-kremlin-en/index.csv`` says which folder it is in)."""
    try:
        root = Path(os.path.commonpath([str(table.parent) for table in tables])).parent
    except ValueError:  # none (no tables), or on different drives
        return [str(table) for table in tables]
    return [os.path.relpath(table, root) for table in tables]
