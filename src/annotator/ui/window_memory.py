"""What the window remembers of each project across restarts: the document open and where
it was scrolled to, the browser's scroll position, the checked tags and the charts'
choices. Kept in the window's settings (``ui.settings``) under a key made from the
project file's path, so every project comes back as it was left.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer

from .charts.chart_settings import apply_chart_settings, chart_settings
from .charts.timeline_chart import split_choices

if TYPE_CHECKING:
    from .main_window import MainWindow

_CHARTS = ("timeline", "frequency")


def project_key(path: str | Path) -> str:
    """The settings group of the project at ``path`` (its resolved path, hashed: a path
    holds characters a settings key cannot)."""
    resolved = str(Path(path).resolve())
    return "project-" + hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:16]


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _ints(value: object) -> list[int]:
    return [n for n in (_int(part) for part in str(value or "").split(",")) if n is not None]


def remember_view(settings: QSettings, window: MainWindow) -> None:
    """Store ``window``'s view of its project (call before the project closes)."""
    settings.beginGroup(project_key(window.project.path))
    settings.setValue("path", str(window.project.path))
    editor = window.editor
    settings.setValue("document", editor.document_id if editor.document_id is not None else "")
    settings.setValue("editorScroll", editor.verticalScrollBar().value())
    settings.setValue("browserScroll", window.browser.view.verticalScrollBar().value())
    settings.setValue("checkedTags", ",".join(map(str, window.tag_model.checked_ids())))
    for name in _CHARTS:
        for key, value in chart_settings(getattr(window.charts, name)).items():
            settings.setValue(f"{name}/{key}", value)
    settings.endGroup()


def restore_choices(settings: QSettings, window: MainWindow) -> None:
    """Check the remembered tags (those that still exist) and choose the charts'
    remembered settings (at construction)."""
    settings.beginGroup(project_key(window.project.path))
    try:
        remembered = _ints(settings.value("checkedTags", ""))
        if remembered:  # (tags gone since are left out)
            window.tag_model.set_checked_ids(remembered)
        variables = split_choices(window.project)
        for name in _CHARTS:
            settings.beginGroup(name)
            remembered = {key: str(settings.value(key)) for key in settings.childKeys()}
            settings.endGroup()
            apply_chart_settings(getattr(window.charts, name), remembered, variables)
    finally:
        settings.endGroup()


def remembered_document(settings: QSettings, window: MainWindow) -> int | None:
    """The document that was open when the project was last closed, if it is still
    listed."""
    document = _int(settings.value(f"{project_key(window.project.path)}/document", ""))
    if document is None or window.document_model.row_of(document) is None:
        return None
    return document


def restore_scrolling(settings: QSettings, window: MainWindow) -> None:
    """Scroll the editor and the browser back to where they were, once laid out."""
    group = project_key(window.project.path)
    editor_at = _int(settings.value(f"{group}/editorScroll", ""))
    browser_at = _int(settings.value(f"{group}/browserScroll", ""))

    def scroll() -> None:
        if editor_at is not None:
            window.editor.verticalScrollBar().setValue(editor_at)
        if browser_at is not None:
            window.browser.view.verticalScrollBar().setValue(browser_at)

    QTimer.singleShot(0, window, scroll)
