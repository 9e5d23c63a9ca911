"""Deleting documents: tag counts, variables and the full-text index follow (what is
refused is in test_document_deletion.py)."""

from __future__ import annotations

from annotator.services import Project
from helpers import add_text


def build(project: Project) -> tuple[list[int], list[int], dict[int, list[int]]]:
    """Five documents, two tags; returns document ids, tag ids and each document's
    highlight ids."""
    water = project.tags.create("water")[0]
    gas = project.tags.create("gas")[0]
    ids = [add_text(project, f"water and gas number {n} " * (n + 1), title=f"Doc {n}",
                    source=f"d{n}.txt", attributes={"wave": n % 2, f"only{n}": "x"})
           for n in range(5)]
    highlights: dict[int, list[int]] = {}
    for n, document_id in enumerate(ids):
        text = project.documents.text(document_id)
        for start in range(0, len(text), len("water and gas number 0 ")):
            if text.startswith("water", start):
                tags = [water, gas] if n % 2 else [water]
                highlights.setdefault(document_id, []).append(
                    project.highlights.create(document_id, start, start + 5, tags)[0])
    return ids, [water, gas], highlights


def totals(project: Project) -> dict[str, tuple[int, int]]:
    return {c.tag.name: (c.highlights, c.documents) for c in project.tags.counts()}


def test_documents_go_with_their_highlights_in_one_record(project: Project) -> None:
    ids, _, highlights = build(project)
    gone = [ids[1], ids[4]]
    changes = project.documents.delete_many([ids[4], ids[1], ids[1]])
    assert changes.documents.deleted == set(gone)
    assert changes.highlights.deleted == set(highlights[ids[1]] + highlights[ids[4]])
    assert not changes.documents.created and not changes.documents.updated
    assert project.documents.ids() == [ids[0], ids[2], ids[3]]
    # counts, variables and the full-text index follow
    left = [i for i in ids if i not in gone]
    with_gas = [i for i in left if ids.index(i) % 2]
    assert totals(project) == {
        "water": (sum(len(highlights[i]) for i in left), len(left)),
        "gas": (sum(len(highlights[i]) for i in with_gas), len(with_gas)),
    }
    assert {v.name for v in project.variables.all()} == {"wave", "only0", "only2", "only3"}
    assert project.documents.search("number 4") == []
