"""Where the window keeps its settings: one INI file in the user data folder.

``paths.data_dir()`` honours ``ANNOTATOR_DATA_DIR``, so tests never touch the real settings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from .. import paths

RECENT_LIMIT = 8


def app_settings() -> QSettings:
    """The window's settings (geometry, dock layout, recent projects, editor options)."""
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def recent_projects(settings: QSettings) -> list[str]:
    value = settings.value("recentProjects", [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value or []]


def remember_project(settings: QSettings, path: str) -> None:
    """Put ``path`` first in the recent projects list."""
    recent = [p for p in recent_projects(settings) if p != path]
    settings.setValue("recentProjects", [path, *recent][:RECENT_LIMIT])
