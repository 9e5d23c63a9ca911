"""A two-coder project on a few Kremlin news texts, for the Agreement view's tests and
screenshot: ann codes every sentence naming a theme's keyword; bob codes most of the same
sentences, but skips some, takes in the next sentence with some, codes only the keyword's
clause with others, and codes a few sentences ann left alone."""

from __future__ import annotations

import random
import re
from pathlib import Path

from annotator.services import Project
from annotator.services.importing import import_paths
from helpers import SHARED

KREMLIN = SHARED / "corpora" / "news-kremlin-en"
FILES = ("kremlin-en-37383.txt", "kremlin-en-37410.txt", "kremlin-en-13679.txt",
         "kremlin-en-15240.txt", "kremlin-en-17108.txt")
THEMES = {"security": r"secur|terror|military|defen[cs]e",
          "economy": r"econom|budget|tax|invest",
          "governance": r"decree|president|constitution|law"}
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def build_two_coder_project(path: Path, seed: int = 3) -> None:
    """Write the project file at ``path`` (coders ``ann`` and ``bob``)."""
    rnd = random.Random(seed)
    with Project.open(path, coder="ann") as project:
        import_paths(project, [KREMLIN / name for name in FILES])
        tags = {name: project.tags.create(name)[0] for name in THEMES}
        for document_id in project.documents.ids():
            text = project.documents.text(document_id)
            sentences = [m.span() for m in SENTENCE.finditer(text) if m.group().strip()]
            for name, pattern in THEMES.items():
                for index, (start, end) in enumerate(sentences):
                    start += len(text[start:end]) - len(text[start:end].lstrip())
                    found = re.search(pattern, text[start:end], re.IGNORECASE)
                    _code_pair(project, rnd, tags[name], document_id, text, sentences,
                               index, (start, end), found is not None)


def _code_pair(project, rnd, tag, document_id, text, sentences, index, span,  # type: ignore[no-untyped-def]
               named: bool) -> None:
    start, end = span
    if named:
        project.coder = "ann"
        project.highlights.create(document_id, start, end, [tag])
    roll = rnd.random()
    project.coder = "bob"
    if named and roll < 0.6:
        project.highlights.create(document_id, start, end, [tag])
    elif named and roll < 0.72 and index + 1 < len(sentences):
        project.highlights.create(document_id, start, sentences[index + 1][1], [tag])
    elif named and roll < 0.84:
        cut = text.find(",", start, end)
        project.highlights.create(document_id, start, cut if cut > start else end, [tag])
    elif not named and roll < 0.03:
        project.highlights.create(document_id, start, end, [tag])
