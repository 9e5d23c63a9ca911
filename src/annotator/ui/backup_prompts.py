"""The questions about backups (which one, restore it?) and the offer of the newest backup
when a project cannot be opened."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ..domain.errors import UserError
from ..services.backups import BackupInfo, list_backups, offers_backup, restore_backup


class BackupPrompts:
    """The questions about backups; tests replace it with scripted answers."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent

    def choose(self, title: str, label: str, items: list[str]) -> str | None:
        item, ok = QInputDialog.getItem(self._parent, title, label, items, 0, False)
        return item if ok else None

    def confirm(self, title: str, message: str) -> bool:
        answer = QMessageBox.question(self._parent, title, message)
        return answer == QMessageBox.StandardButton.Yes

    def error(self, title: str, message: str) -> None:
        QMessageBox.critical(self._parent, title, message)


def backup_labels(backups: Sequence[BackupInfo]) -> list[str]:
    """One distinct line per backup: local date and time, and size."""
    labels: list[str] = []
    for backup in backups:
        when = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        label = f"{when} — {_size(backup.size)}"
        while label in labels:
            label += " ·"
        labels.append(label)
    return labels


def _size(size: int) -> str:
    if size < 1_000_000:
        return f"{max(size, 1) / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def restore_question(path: Path, label: str) -> str:
    return (
        f"Replace {path.name} by its backup of {label}?\n\nChanges made since then will be "
        f"only in the current file, which is kept beside it as {path.name}.damaged-…"
    )


def offer_backup_restore(parent: QWidget | None, path: Path, error: UserError,
                         prompts: BackupPrompts | None = None) -> bool:
    """Tell why ``path`` cannot be opened; when it is damaged and has backups, offer to
    restore the newest. Returns whether a backup was restored (the caller reopens)."""
    prompts = prompts or BackupPrompts(parent)
    backups = list_backups(path) if offers_backup(error) else []
    if not backups:
        prompts.error("Cannot open the project", str(error))
        return False
    label = backup_labels(backups[:1])[0]
    question = (f"{error}\n\nRestore the newest automatic backup, of {label}? The damaged "
                f"file is kept beside it as {path.name}.damaged-…")
    if not prompts.confirm("Cannot open the project", question):
        return False
    try:
        restore_backup(path, backups[0])
    except UserError as failure:
        prompts.error("Cannot restore the backup", str(failure))
        return False
    return True
