"""How the editor shows coders: highlights coloured by tag (the default) or by coder, and
every coder's highlights, only the current coder's ("mine"), or one named coder's.

:class:`CoderView` holds the choice and builds the View ▸ Coders submenu; the editor asks
it which spans to show and in which colours. Nothing here changes the project.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from ..domain.palette import coder_colors
from ..domain.span_index import HighlightSpan
from ..services.project import Project

#: ``shown`` for the current coder's highlights, whatever the name is now.
MINE = "\x00mine"


class CoderView(QObject):
    """The editor's coder options.

    ``by_coder``: colour each highlight in its coder's colour (:func:`coder_colors`).
    ``shown``: ``None`` for every coder, :data:`MINE` for the project's current coder,
    else one coder's name.

    Signals:
        changed(): an option changed; the editor repaints.
    """

    changed = Signal()

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.by_coder = False
        self.shown: str | None = None
        self._colors: dict[str, str] = {}
        self._groups: list[QActionGroup] = []

    @property
    def is_default(self) -> bool:
        """Coloured by tag, every coder shown: the editor needs no coders at all."""
        return not self.by_coder and self.shown is None

    def set_by_coder(self, by_coder: bool) -> None:
        if by_coder != self.by_coder:
            self.by_coder = by_coder
            self._colors = {}
            self.changed.emit()

    def set_shown(self, shown: str | None) -> None:
        if shown != self.shown:
            self.shown = shown
            self.changed.emit()

    def shown_coders(self) -> frozenset[str] | None:
        """The coders whose highlights are shown (``None``: every coder)."""
        if self.shown is None:
            return None
        return frozenset({self._project.coder if self.shown == MINE else self.shown})

    def visible(self, spans: Iterable[HighlightSpan], coder_of: Mapping[int, str]
                ) -> list[HighlightSpan]:
        """The spans whose coder is shown."""
        shown = self.shown_coders()
        if shown is None:
            return list(spans)
        return [s for s in spans if coder_of.get(s.id) in shown]

    def colors(self, coders: Iterable[str] = ()) -> dict[str, str]:
        """Each coder's colour (:func:`coder_colors` over the project's coders in the
        order they joined, then the current coder; read once, and again when ``coders``
        names one not seen yet), so a coder keeps a colour from one document to the
        next."""
        wanted = set(coders) | {self._project.coder}
        if not self._colors or not wanted <= self._colors.keys():
            arrived = self._project.highlights.coders_by_arrival()
            self._colors = coder_colors([*arrived, *sorted(wanted - set(arrived))])
        return self._colors

    def span_colors(self, coder_of: Mapping[int, str]) -> dict[int, str] | None:
        """Highlight id -> its coder's colour when coloured by coder, else ``None``."""
        if not self.by_coder:
            return None
        colors = self.colors(coder_of.values())
        return {highlight_id: colors[coder] for highlight_id, coder in coder_of.items()}

    def describe(self) -> str:
        """What the editor shows, in words, for its header ('' for the default view)."""
        if self.is_default:
            return ""
        shown = self.shown_coders()
        who = ("every coder's highlights" if shown is None else
               f"{next(iter(shown))}'s highlights only")
        return f"Showing {who}{', coloured by coder' if self.by_coder else ''}"

    def coder_renamed(self) -> None:
        """The current coder's name changed: "mine" now means the new name."""
        if self.shown == MINE or self.by_coder:
            self._colors = {}
            self.changed.emit()

    def forget_colors(self) -> None:
        """Read the coders again at the next paint (after changes by another program)."""
        self._colors = {}

    # -- the View menu ------------------------------------------------------------------
    def populate(self, menu: QMenu) -> None:
        """Fill ``menu`` (View ▸ Coders) each time it opens: colour by tag or coder, and
        show all, mine, or each coder of the project."""
        menu.aboutToShow.connect(lambda: self._fill(menu))  # (lists the coders: a scan)

    def _fill(self, menu: QMenu) -> None:
        menu.clear()  # deletes the actions it owns
        for group in self._groups:
            group.deleteLater()
        colour = QActionGroup(menu)
        for text, by_coder in (("Colour by tag", False), ("Colour by coder", True)):
            action = self._radio(menu, colour, text, self.by_coder == by_coder)
            action.triggered.connect(lambda _=False, b=by_coder: self.set_by_coder(b))
        menu.addSeparator()
        shown = QActionGroup(menu)
        self._groups = [colour, shown]
        coders = self._project.highlights.coders()
        choices: list[tuple[str, str | None]] = [
            ("All coders", None), (f"Mine ({self._project.coder})", MINE),
            *((f"Only {name}", name) for name in coders if name != self._project.coder)]
        if self.shown not in (None, MINE, *coders):
            choices.append((f"Only {self.shown}", self.shown))
        for text, value in choices:
            action = self._radio(menu, shown, text, self.shown == value)
            action.triggered.connect(lambda _=False, v=value: self.set_shown(v))

    @staticmethod
    def _radio(menu: QMenu, group: QActionGroup, text: str, checked: bool) -> QAction:
        action = QAction(text.replace("&", "&&"), menu)
        action.setCheckable(True)
        action.setChecked(checked)
        group.addAction(action)
        menu.addAction(action)
        return action
