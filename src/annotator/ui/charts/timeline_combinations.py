"""The timeline's combination series: documents carrying all (AND) or any (OR) of some
tags, saved by name in the project (``services.saved_combinations``) and drawn beside
the tags, with their own dashed style, in the legend and the CSV export.

A combination series has a negative ``tag_id`` (-1 for the first saved, -2 ...), so it
never meets a tag's. Saving and removing are one undo step each when the window's undo
context is known (:meth:`TimelineCombinations.set_undo_context`, or the ``context`` of
the main window holding the chart).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QToolButton, QWidget

from ...domain.errors import UserError
from ...domain.filters import DocumentFilter
from ...domain.model import Changes
from ...domain.periods import Period
from ...domain.tag_paths import tag_path_text
from ...services import Project
from ...services.combined_tags import combination_timeline
from ...services.quotes import QuoteFilter
from ...services.saved_combinations import (
    SavedCombination,
    default_name,
    save_combinations,
    saved_combinations,
)
from ...services.statistics import Measure, TimelineRow
from ..commands import ProjectCommand, UndoContext
from .combination_dialog import CombinationDialog
from .series_style import FILLS, LINE_STYLES, Series

#: Dark colours, apart from the tag palette, for combination series (cycling).
COMBINATION_COLORS = ("#3b3b3b", "#7f3b08", "#2d004b", "#00441b")


def combination_series(saved: list[SavedCombination]) -> list[Series]:
    """One dashed series per saved combination, named by it."""
    return [Series(-(index + 1), c.name, False, None, c.name,
                   COMBINATION_COLORS[index % len(COMBINATION_COLORS)], LINE_STYLES[1], "s",
                   FILLS[2])
            for index, c in enumerate(saved)]


class SaveCombinationsCommand(ProjectCommand):
    """Replace the saved combinations by ``after``; undo puts ``before`` back."""

    def __init__(self, context: UndoContext, text: str, before: list[SavedCombination],
                 after: list[SavedCombination], done: Signal) -> None:
        super().__init__(context, text)
        self.before, self.after, self._done = before, after, done

    def perform(self) -> Changes:
        save_combinations(self.project, self.after)
        self._done.emit()
        return Changes()

    def revert(self) -> Changes:
        save_combinations(self.project, self.before)
        self._done.emit()
        return Changes()


class TimelineCombinations(QObject):
    """The Combine button (its menu: new combination, remove one) and the numbers of
    the saved combinations.

    Signals:
        changed(): the saved combinations changed (redraw).
        failed(str): a save was refused (the reason, in one line).
    """

    changed = Signal()
    failed = Signal(str)

    def __init__(self, project: Project, parent: QWidget) -> None:
        super().__init__(parent)
        self._project = project
        self._parent = parent
        self._undo: UndoContext | None = None
        self.button = QToolButton(parent, text="Combine")
        self.button.setObjectName("timelineCombine")
        self.button.setToolTip("Add a series of the documents that carry all or any of "
                               "some tags")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.button.setMenu(self.menu)
        self.menu.aboutToShow.connect(self._fill_menu)

    def set_undo_context(self, context: UndoContext | None) -> None:
        """Save through the window's undo stack (one step per save or removal)."""
        self._undo = context

    def saved(self) -> list[SavedCombination]:
        return saved_combinations(self._project)

    def rows(self, saved: list[SavedCombination], *, by: Period, measure: Measure,
             where: DocumentFilter | None) -> list[TimelineRow]:
        """The sparse rows of each of ``saved`` (its series' ``tag_id`` and name)."""
        rows = []
        for series, c in zip(combination_series(saved), saved, strict=True):
            found = combination_timeline(self._project, c.tag_ids, c.combine, by=by,
                                         measure=measure, where=where)
            rows += [replace(r, tag_id=series.tag_id, tag=series.tag) for r in found]
        return rows

    def quote_filter(self, tag_id: int, first: str, last: str,
                     within: DocumentFilter | None) -> tuple[QuoteFilter, str]:
        """The quotes a combination's point counts: the quotes of its tags in the
        documents of the period that carry all (AND) or any (OR) of them."""
        c = self.saved()[-tag_id - 1]
        base = within or DocumentFilter()
        description = f"{c.name}, documents dated {first} to {last}"
        if not base.tag_ids:  # the document filter's own tags would be replaced
            base = replace(base, tag_ids=frozenset(c.tag_ids),
                           tag_match="all" if c.combine == "and" else "any")
        if within is not None:
            description += " (within the document filter)"
        return QuoteFilter(tuple(c.tag_ids), first_day=first, last_day=last,
                           documents=base), description

    # -- editing -------------------------------------------------------------------------
    def _fill_menu(self) -> None:
        self.menu.clear()
        self.menu.addAction("New combination…", self.add_interactively)
        saved = self.saved()
        if saved:
            self.menu.addSeparator()
        for c in saved:
            self.menu.addAction(f"Remove “{c.name}”", lambda name=c.name: self.remove(name))

    def add_interactively(self) -> None:
        paths = self._project.tags.paths()
        tags = [(t.id, tag_path_text(paths[t.id])) for t in self._project.tags.all()]
        if len(tags) < 2:
            QMessageBox.information(self._parent, "Combine tags",
                                    "A combination needs two or more tags.")
            return
        dialog = CombinationDialog(
            tags, lambda ids, combine: default_name(self._project, ids, combine), self._parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add(SavedCombination(dialog.name(), dialog.combine, tuple(dialog.tag_ids())))

    def add(self, combination: SavedCombination) -> bool:
        """Save ``combination`` after the others; False (and ``failed``) if refused."""
        before = self.saved()
        return self._save(f"Add combination {combination.name!r}", before,
                          [*before, combination])

    def remove(self, name: str) -> bool:
        before = self.saved()
        return self._save(f"Remove combination {name!r}", before,
                          [c for c in before if c.name != name])

    def _save(self, text: str, before: list[SavedCombination],
              after: list[SavedCombination]) -> bool:
        context = self._undo or _window_context(self._parent)
        if context is not None:
            command = SaveCombinationsCommand(context, text, before, after, self.changed)
            return context.run(command)
        try:
            save_combinations(self._project, after)
        except UserError as error:
            self.failed.emit(str(error))
            return False
        self.changed.emit()
        return True


def _window_context(widget: QWidget) -> UndoContext | None:
    """The undo context of the window holding ``widget`` (the main window keeps it as
    ``context``), so that a chart in the window saves through its undo stack without
    being handed it."""
    context = getattr(widget.window(), "context", None)
    return context if isinstance(context, UndoContext) else None
