"""Helpers shared by the GUI tests (fixtures live in conftest.py)."""

from __future__ import annotations

EMOJI_TEXT = "Hi 😀 world security issue\nA second line about water and migration."


def document_id(window, title: str) -> int:
    """The id of the listed document with this title."""
    model = window.document_model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == title:
            return model.document_id(row)
    raise AssertionError(f"no document {title!r} listed")
