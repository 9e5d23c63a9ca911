"""The benchmark's agreement figures: the character unit for two coders, and what the
window's Agreement view computes on top of it.

Target (issue 15): 10,000 documents and 200,000 highlights (100,000 per coder) within
2 s. The second coder re-codes most of the first coder's spans with shifted edges and
adds spans of their own, so the boundaries interleave as real double coding does. The
baseline, measured in the same run on the same project, is reading the two coders'
tagged spans (the query the figure starts with).

``agreement_view``: the report with every disagreement found and the first
:data:`LISTED` listed with their quotes (the Agreement view's background work); its
baseline is the report alone.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from ..domain.model import NewDocument
from ..domain.spans import snap_to_words
from ..services import Project
from ..services.agreement import agreement
from ..services.disagreements import agreement_with_disagreements
from ..services.documents import prepare_document
from ..services.stamps import new_guid, utc_now
from . import corpus
from .build import TAG_NAMES
from .timing import figure, median_seconds

DOCUMENTS = 10_000
HIGHLIGHTS = 200_000
CODERS = ("first coder", "second coder")
#: Disagreements the Agreement view lists with their quotes (it counts them all).
LISTED = 2000


def agreement_figures(work: Path, documents: int, highlights: int,
                      repeat: int) -> dict[str, dict[str, Any]]:
    """``agreement_character`` and ``agreement_view``: build the double-coded project in
    ``work`` (at most :data:`DOCUMENTS` documents and :data:`HIGHLIGHTS` highlights) and
    time the report, then the report with its disagreements."""
    with Project.open(work / "agreement.annotator", coder=CODERS[0]) as project:
        _build(project, min(documents, DOCUMENTS), min(highlights, HIGHLIGHTS))
        report_s = median_seconds(lambda: agreement(project, unit="character"), repeat)
        character: dict[str, Any] = figure(
            report_s,
            median_seconds(lambda: list(project.store.agreement.tagged_spans(CODERS)),
                           repeat),
        )
        report = agreement(project, unit="character")
        character["documents"] = report.documents
        character["highlights"] = project.highlights.count()
        character["overall_alpha"] = report.overall.alpha.value
        view: dict[str, Any] = figure(median_seconds(
            lambda: agreement_with_disagreements(project, limit=LISTED), repeat), report_s)
        _, listed = agreement_with_disagreements(project, limit=LISTED)
        view["disagreements"] = listed.total
        view["listed"] = len(listed.found)
    return {"agreement_character": character, "agreement_view": view}


def _build(project: Project, documents: int, highlights: int, seed: int = 23) -> None:
    prepared = [prepare_document(NewDocument(d.file_name, d.text, d.date.isoformat(),
                                             d.file_name))
                for d in corpus.documents(documents, seed=seed)]
    added = project.documents.add_many(prepared)
    ids = [a.document_id for a in added]
    tag_ids = [project.tags.create(name)[0] for name in TAG_NAMES]
    rng = random.Random(seed)
    first: list[tuple[int, int, int, str, str, list[int]]] = []
    second: list[tuple[int, int, int, str, str, list[int]]] = []
    per_document = max(1, highlights // 2 // max(1, len(ids)))
    for doc_id in ids:
        text = project.store.documents.text(doc_id)
        for _ in range(per_document):
            a = rng.randrange(len(text) - 200)
            s, e = snap_to_words(text, a, a + rng.randrange(20, 180))
            tags = rng.sample(tag_ids, 1)
            first.append((doc_id, s, e, text[s:e], new_guid(), tags))
            if rng.random() < 0.7:  # re-coded, edges shifted (by whole words)
                shifted = snap_to_words(text, max(0, s + rng.randrange(-15, 15)),
                                        min(len(text), e + rng.randrange(-15, 15)))
                s, e = shifted if shifted[1] > shifted[0] else (s, e)
                tags = tags if rng.random() < 0.9 else rng.sample(tag_ids, 1)
            else:
                a = rng.randrange(len(text) - 200)
                s, e = snap_to_words(text, a, a + rng.randrange(20, 180))
            second.append((doc_id, s, e, text[s:e], new_guid(), tags))
    now = utc_now()
    with project.transaction():
        project.store.highlights.insert_bulk(first, created_at=now, coder=CODERS[0])
        project.store.highlights.insert_bulk(second, created_at=now, coder=CODERS[1])
