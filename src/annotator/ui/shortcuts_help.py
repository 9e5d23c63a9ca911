"""The text of Help ▸ Keyboard shortcuts, and the keys of Redo."""

from PySide6.QtGui import QKeySequence


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys, then Ctrl+Shift+Z and Ctrl+Y, each once: on X11 the
    platform's list already holds Ctrl+Shift+Z, and a key given twice to one action is an
    "ambiguous shortcut overload" that does nothing."""
    keys: list[QKeySequence] = []
    for key in [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
                QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]:
        if not key.isEmpty() and key not in keys:
            keys.append(key)
    return keys


def preferences_key() -> QKeySequence:
    """The platform's Preferences key (Cmd+, on macOS), else Ctrl+, (X11 and Windows have
    none of their own; Ctrl+, is what GNOME and KDE applications use)."""
    for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences):
        if not key.isEmpty():
            return key
    return QKeySequence("Ctrl+,")


SHORTCUTS_HELP = """\
1 – 9\tApply the first nine tags (tag panel order) to the selection
Ctrl+N\tNew tag (anywhere in the window)
Ctrl+T\tQuick tag: type to find a tag, Enter applies (or creates it)
Ctrl+Up / Down\tPrevious / next highlight
Delete\tRemove the selected highlight
Alt + drag\tSelect exactly (no snapping to whole words)
Ctrl+F\tFind in the document
F3 / Shift+F3\tNext / previous hit of the search (the Documents box)
Ctrl+Shift+M\tMemo on selection: a memo on the selected text, without coding it
Ctrl+Shift+V\tVariables table (Enter or typing edits a value, Delete clears it)
Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y\tUndo / redo
Ctrl++ / Ctrl+-\tZoom the text
Ctrl+,	Settings (your name as a coder)
Ctrl+N	New tag
In the tag panel: F2 rename, Delete delete, Enter apply
In the document list: Delete deletes the selected documents, Alt+Return properties"""
