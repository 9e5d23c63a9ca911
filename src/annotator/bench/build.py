"""Building the benchmark's projects: files on disk, and a big coded project.

The big project is built through the same import code a user runs (``import_paths``),
then coded with random word-aligned spans through the store's bulk insert, so building
1M highlights takes seconds, not the hour one-at-a-time tagging would.
"""

from __future__ import annotations

import random
from pathlib import Path

from ..domain.spans import snap_to_words
from ..services import Project
from ..services.importing import import_paths
from ..services.stamps import new_guid, utc_now
from . import corpus

TAG_NAMES = (
    "security", "migration", "water", "integration", "economy", "terrorism", "energy",
    "trade", "borders", "diplomacy", "elections", "courts",
)


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` synthetic ``.txt`` files into ``folder`` (UTF-8); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in corpus.documents(count, seed):
        path = folder / doc.file_name
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths


def build_project(path: Path, files_folder: Path, highlights: int, seed: int = 11) -> Project:
    """Import ``files_folder`` into a new project at ``path`` and add ``highlights`` spans.

    Every fifth highlight carries two tags. Returns the open project.
    """
    project = Project.open(path, coder="bench")
    report = import_paths(project, [files_folder])
    if report.failed:
        raise RuntimeError(f"benchmark corpus failed to import: {report.failed[:3]}")
    tag_ids = [project.tags.create(name)[0] for name in TAG_NAMES]
    document_ids = project.documents.ids()
    rng = random.Random(seed)
    per_document = max(1, -(-highlights // max(1, len(document_ids))))
    remaining = highlights
    now = utc_now()
    for start_index in range(0, len(document_ids), 500):
        rows = []
        for doc_id in document_ids[start_index : start_index + 500]:
            if remaining <= 0:
                break
            text = project.store.documents.text(doc_id)
            for _ in range(min(per_document, remaining)):
                a = rng.randrange(len(text) - 200)
                s, e = snap_to_words(text, a, a + rng.randrange(20, 180))
                tags = rng.sample(tag_ids, 2 if rng.random() < 0.2 else 1)
                rows.append((doc_id, s, e, text[s:e], new_guid(), tags))
                remaining -= 1
        with project.transaction():
            project.store.highlights.insert_bulk(rows, created_at=now, coder="bench")
    return project


BIG_TITLE = "Benchmark: one long document"


def add_big_document(project: Project, size: int = 1_000_000, highlights: int = 10_000,
                     seed: int = 13) -> int:
    """Add one document of about ``size`` characters with ``highlights`` highlights (the
    editor's worst case: a book-length text, densely coded); return its id."""
    from ..domain.model import NewDocument

    parts, length = [BIG_TITLE, ""], 0
    for doc in corpus.documents(size // 4000 + 1, seed=seed):
        body = doc.text.split("\n", 6)[-1]
        parts.append(body)
        length += len(body)
        if length >= size:
            break
    added = project.documents.add(NewDocument(BIG_TITLE, "\n".join(parts), "2024-01-15",
                                              "big.txt"))
    text = project.store.documents.text(added.document_id)
    rng = random.Random(seed)
    tag_ids = [t.id for t in project.tags.all()]
    rows = []
    for _ in range(highlights):
        a = rng.randrange(len(text) - 300)
        s, e = snap_to_words(text, a, a + rng.randrange(20, 250))
        rows.append((added.document_id, s, e, text[s:e], new_guid(), rng.sample(tag_ids, 1)))
    with project.transaction():
        project.store.highlights.insert_bulk(rows, created_at=utc_now(), coder="bench")
    return added.document_id
