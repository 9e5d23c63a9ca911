"""Merging a coded dataset: the quote check of files without texts, and what is reported.

A file exported with ``--no-text`` carries no texts to check its quotes against, so the
merge checks each new highlight's quote against the project's text, naming the first
wrong one in file order; a highlight already present is matched, not checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import InputFileError
from annotator.services import Project
from annotator.services.dataset_merge import merge_dataset
from annotator.services.exporting import export_json
from helpers import add_text

TEXTS = ("Water and security in the valley 🌊, said the minister.",
         "Labour migration and remittances: безопасность first.")
#: (document index, start, end), interleaved between the two documents on purpose.
SPANS = ((0, 0, 5), (1, 0, 6), (0, 10, 18), (1, 7, 16), (0, 33, 34), (1, 35, 47))


def _no_text_file(tmp_path: Path) -> Path:
    out = tmp_path / "no-text.json"
    with Project.in_memory(coder="a") as source:
        docs = [add_text(source, text, title=f"Doc {i}") for i, text in enumerate(TEXTS)]
        tag, _ = source.tags.create("theme")
        for doc, start, end in SPANS:
            source.highlights.create(docs[doc], start, end, [tag])
        export_json(source, out, include_text=False)
    return out


def _holding_the_texts() -> Project:
    project = Project.in_memory(coder="b")
    for i, text in enumerate(TEXTS):
        add_text(project, text, title=f"Doc {i}")
    return project


def _rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _wrong_quote(data: dict[str, Any], index: int) -> None:
    note = data["annotations"][index]
    note["quote"] = "#" * len(note["quote"])  # the right length: the reader cannot tell


def test_a_file_without_texts_adds_highlights_that_quote_the_project_text(tmp_path: Path) -> None:
    path = _no_text_file(tmp_path)
    with _holding_the_texts() as target:
        merged = merge_dataset(target, path)
        assert (merged.documents_matched, merged.highlights_added) == (2, len(SPANS))
        for doc in target.documents.ids():
            text = target.documents.text(doc)
            assert all(text[h.start : h.end] == h.quote
                       for h in target.highlights.for_document(doc))


def test_the_first_wrong_quote_in_file_order_refuses_the_whole_file(tmp_path: Path) -> None:
    path = _no_text_file(tmp_path)
    # annotations[1] is of the second document, annotations[4] of the first
    _rewrite(path, lambda data: (_wrong_quote(data, 4), _wrong_quote(data, 1)))
    with _holding_the_texts() as target:
        with pytest.raises(InputFileError, match=r"annotations\[1\]: quote does not match the "
                                                 r"document text at 0\.\.6") as error:
            merge_dataset(target, path)
        assert str(path) in str(error.value)
        assert target.highlights.count() == 0 and [t.name for t in target.tags.all()] == []


def test_a_wrong_quote_of_a_highlight_already_present_is_matched_not_checked(
    tmp_path: Path
) -> None:
    path = _no_text_file(tmp_path)
    with _holding_the_texts() as target:
        merge_dataset(target, path)
        _rewrite(path, lambda data: _wrong_quote(data, 2))
        again = merge_dataset(target, path)
        assert (again.highlights_added, again.highlights_matched) == (0, len(SPANS))


def test_the_merge_reports_every_record_it_created_or_updated(tmp_path: Path) -> None:
    out = tmp_path / "full.json"
    with Project.in_memory(coder="a") as source:
        docs = [add_text(source, text, title=f"Doc {i}") for i, text in enumerate(TEXTS)]
        parent, _ = source.tags.create("theme")
        child, _ = source.tags.create("water", parent_id=parent)
        for doc, start, end in SPANS:
            source.highlights.create(docs[doc], start, end, [child])
        export_json(source, out)
    with Project.in_memory(coder="b") as target:
        merged = merge_dataset(target, out)
        changes = merged.changes
        assert changes.documents.created == frozenset(target.documents.ids())
        assert changes.tags.created == frozenset(t.id for t in target.tags.all())
        highlight_ids = {h.id for d in target.documents.ids()
                         for h in target.highlights.for_document(d)}
        assert changes.highlights.created == highlight_ids and len(highlight_ids) == len(SPANS)
        assert not changes.highlights.updated
        # the same highlights (by GUID) now with a second tag: updated, not added
        _rewrite(out, lambda data: [note["tags"].append(data["tags"][0]["id"])
                                    for note in data["annotations"][:2]])
        again = merge_dataset(target, out)
        assert (again.highlights_added, again.highlights_matched) == (0, len(SPANS))
        assert len(again.changes.highlights.updated) == 2 and not again.changes.highlights.created
        assert not again.changes.documents.created and not again.changes.tags.created
