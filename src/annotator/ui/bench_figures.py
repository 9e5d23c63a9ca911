"""The benchmark's window figures: open the window on the big project, show the big
document painted, and tag a selection (committed, view updated). Offscreen Qt.

Called by ``annotator.bench.phase`` in a process of its own.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from statistics import median
from typing import Any

from PySide6.QtWidgets import QApplication

from .app import create_main_window


def _settle(app: QApplication) -> None:
    app.processEvents()


def window_figures(path: Path, big_document: int, repeat: int) -> dict[str, Any]:
    """``open_project`` (the median of ``repeat`` runs), ``open_document``
    (``big_document``) and ``apply_tag`` (of at least five), on the project at ``path``."""
    app = QApplication.instance() or QApplication([])
    opened = []
    for _ in range(repeat):
        start = time.perf_counter()
        window = create_main_window(path)
        window.show()
        _settle(app)
        model = window.document_model
        assert model.rowCount() > 0 and model.index(0, 0).data()
        opened.append(time.perf_counter() - start)
        window.close()
        _settle(app)
    window = create_main_window(path)
    window.show()
    _settle(app)
    window.backup.wait()  # the editor is measured alone, not beside a background backup
    big = big_document
    characters = len(window.project.documents.text(big))
    shown = []
    for _ in range(max(repeat, 5)):  # cheap: a steadier median
        window.editor.clear_document()
        _settle(app)
        start = time.perf_counter()
        window.open_document(big)
        window.editor.viewport().repaint()
        shown.append(time.perf_counter() - start)
    tagged = _apply_tag_times(app, window, big, max(repeat, 5))
    highlights = len(window.editor.spans)
    window.close()
    _settle(app)
    return {
        "open_project": {"median_s": round(median(opened), 6)},
        "open_document": {"median_s": round(median(shown), 6), "characters": characters,
                          "highlights": highlights},
        "apply_tag": {"median_s": round(median(tagged), 6)},
    }


def _apply_tag_times(app: QApplication, window: Any, document_id: int, runs: int) -> list[float]:
    """Select a phrase and press the first tag's key: committed and repainted."""
    rng = random.Random(5)
    text_length = len(window.project.documents.text(document_id))
    tag = window.project.tags.all()[0].id
    times = []
    for _ in range(runs):
        start_at = rng.randrange(text_length - 100)
        window.editor.select_span(start_at, start_at + 30)
        start = time.perf_counter()
        window.editor.apply_tags([tag])
        window.editor.viewport().repaint()
        times.append(time.perf_counter() - start)
    return times
