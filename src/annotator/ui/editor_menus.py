"""The editor's hover text and context menu for highlights (kept apart from the editor's
selection and painting logic)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from ..domain.model import Highlight, Tag
from .commands import DeleteHighlightCommand

if TYPE_CHECKING:
    from .editor import HighlightEditor


def tooltip_html(tags: dict[int, Tag], hits: list[Highlight]) -> str:
    """Tags, memo and coder of each highlight, escaped (document text is never HTML)."""
    parts = []
    for h in hits:
        names = ", ".join(
            f"<span style='color:{tags[t].color}'>■</span> {html.escape(tags[t].name)}"
            for t in h.tag_ids if t in tags
        ) or "<i>no tags</i>"
        memo = f"<br>{html.escape(h.memo)}" if h.memo else ""
        parts.append(f"<b>{names}</b>{memo}<br><small>{html.escape(h.coder)}</small>")
    return "<hr>".join(parts)


def add_highlight_menu(editor: HighlightEditor, menu: QMenu, h: Highlight,
                       tags: dict[int, Tag]) -> None:
    """A section for one highlight: add or remove a tag, edit the memo, delete it."""
    menu.addSeparator()
    preview = h.quote if len(h.quote) < 30 else h.quote[:29] + "…"
    section = menu.addSection(f"“{preview}”")
    section.setEnabled(False)
    missing = [t for t in tags.values() if t.id not in h.tag_ids]
    add_tag_menu(editor, menu, "Add tag", missing, h.id)
    remove = menu.addMenu("Remove tag")
    for tag_id in h.tag_ids:
        if tag_id in tags:
            action = remove.addAction(tags[tag_id].name)
            action.triggered.connect(
                lambda _c=False, hid=h.id, tid=tag_id: editor.remove_tag(hid, tid)
            )
    remove.setEnabled(bool(h.tag_ids))
    menu.addAction("Edit memo…").triggered.connect(lambda: editor.edit_memo(h.id))
    context = editor.undo_context
    menu.addAction("Delete highlight").triggered.connect(
        lambda: context.run(DeleteHighlightCommand(context, h.id))
    )


def add_tag_menu(editor: HighlightEditor, menu: QMenu, title: str, tags: Iterable[Tag],
                 hid: int | None) -> None:
    """A submenu of tags: applied to the selection (``hid`` None) or added to ``hid``."""
    sub = menu.addMenu(title)
    for tag in tags:
        action = sub.addAction(tag.name)
        if hid is None:
            action.triggered.connect(lambda _c=False, t=tag.id: editor.apply_tags([t]))
        else:
            action.triggered.connect(lambda _c=False, t=tag.id, h=hid: editor.add_tag(h, t))
    sub.setEnabled(not sub.isEmpty())
