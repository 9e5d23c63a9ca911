"""Merging a coded-dataset JSON file into a project, all or nothing.

Documents are matched by the SHA-256 of their text and tags by name path. An annotation
is already present when the project has a highlight with its GUID and span (it then gains
any tag it lacks) or a highlight of the same coder, document, span and tags; otherwise it
is added with its coder, so two coders' highlights of the same span stay two highlights.
Any problem refuses the whole file with a message naming the first problem; the project
is then unchanged. :func:`merge_into` merges a dataset built otherwise (another project
file's, see ``project_merge``) by the same rules.

Gaining tags is the only change made to a highlight that existed before (documents and
tags are matched, never updated); ``MergeResult.amended`` records it for an exact undo.
Memos (every kind in a version 2 file; the annotations' memo texts in either version) are
merged by ``memo_merge``'s rules: a place without a memo gets the file's, an existing memo
gains a text it does not hold yet (``MergeResult.amended_memos``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import InputFileError, UserError
from ..domain.memos import Memo, MemoAmendment
from ..domain.model import Amendment, Changes, NewDocument, amend
from ..domain.tag_tree import name_paths
from ..formats.coded_dataset import CodedDataset, DatasetMemo, DatasetTag, read_coded_dataset
from .documents import text_sha256
from .memo_merge import MemoMerge
from .merge_summary import merge_summary
from .stamps import new_guid

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class MergeResult:
    documents_added: int
    documents_matched: int
    tags_added: int
    highlights_added: int
    highlights_matched: int
    changes: Changes
    #: The highlights that existed before and gained tags, before and after.
    amended: Mapping[int, Amendment] = field(default_factory=dict)
    memos_added: int = 0
    memos_matched: int = 0
    #: The memos that existed before and gained a text, before and after.
    amended_memos: Mapping[int, MemoAmendment] = field(default_factory=dict)
    #: The highlights added, by the name of the coder who made them.
    highlights_by_coder: Mapping[str, int] = field(default_factory=dict)
    tags_matched: int = 0

    def summary(self) -> str:
        """``3 documents, 2 tags, 412 highlights (alice 200, bob 212), 5 memos; 37
        highlights already present`` (see :func:`~.merge_summary.merge_summary`)."""
        return merge_summary(
            documents_added=self.documents_added, tags_added=self.tags_added,
            highlights_by_coder=self.highlights_by_coder, memos_added=self.memos_added,
            memos_extended=len(self.amended_memos), documents_matched=self.documents_matched,
            tags_matched=self.tags_matched, highlights_matched=self.highlights_matched,
            memos_matched=self.memos_matched)


def merge_dataset(project: Project, path: Path) -> MergeResult:
    """Merge the coded dataset at ``path``; raises :class:`InputFileError` and writes nothing
    if the file is malformed or inconsistent with itself or the project."""
    dataset = read_coded_dataset(path)
    try:
        with project.transaction():
            return merge_into(project, dataset, str(path))
    except InputFileError:
        raise
    except UserError as error:
        raise InputFileError(str(path), str(error)) from None


def _tag_paths(tags: tuple[DatasetTag, ...]) -> dict[int, tuple[str, ...]]:
    """Each tag's name path as the project will hold it; in file order, each tag preceded
    by those of its ancestors that come later in the file."""
    by_id = {t.id: t for t in tags}
    parent_of = {t.id: t.parent for t in tags}
    return name_paths(parent_of, lambda i: " ".join(by_id[i].name.split()).replace("/", "∕"))


def merge_into(project: Project, dataset: CodedDataset, path: str) -> MergeResult:
    """Merge ``dataset`` (read from ``path``, which problems name) inside the caller's
    transaction; raises :class:`UserError` (the caller rolls back) for a dataset
    inconsistent with itself or the project.

    Linear in the size of the file: what changed is gathered in lists and combined once
    at the end (folding ``Changes`` with ``|`` per highlight is quadratic), and no
    document text is read per highlight (see :func:`_quotes_off_project_text`).
    """
    parts: list[Changes] = []
    tag_map, tags_added = _merge_tags(project, dataset, parts)
    doc_map, added, matched = _merge_documents(project, dataset, path, parts)
    off_text = _quotes_off_project_text(project, dataset, doc_map)
    store = project.store
    highlights_matched = 0
    amended: dict[int, Amendment] = {}
    inserted: list[int] = []
    inserted_ids: set[int] = set()  # the file's own highlights are never duplicates of each other
    highlight_map: dict[int, int] = {}
    by_coder: Counter[str] = Counter()
    for index, note in enumerate(dataset.annotations):
        document_id = doc_map[note.document]
        tag_ids = [tag_map[t] for t in note.tags]
        same = store.highlights.id_by_guid(note.guid) if note.guid else None
        if same is not None:
            known = store.highlights.get(same)
            if (known.document_id, known.start, known.end) != (document_id, note.start, note.end):
                same = None  # a GUID clash with an unrelated highlight: keep both
            elif not set(tag_ids) <= set(known.tag_ids):
                parts.append(project.highlights.add_tags(same, tag_ids))
                amend(amended, known, store.highlights.get(same))
        if same is None:
            same = next(
                (h.id for h in store.highlights.with_span(document_id, note.start, note.end)
                 if h.coder == note.coder and set(h.tag_ids) == set(tag_ids)
                 and h.id not in inserted_ids),
                None,
            )
        if same is not None:
            highlights_matched += 1
            highlight_map[note.id] = same
            continue
        if index in off_text:
            raise InputFileError(
                path, f"annotations[{index}]: quote does not match the document text "
                f"at {note.start}..{note.end}"
            )
        new_id = store.highlights.insert(
            document_id, note.start, note.end, note.quote,
            guid=_free_guid(project, "highlights", note.guid), created_at=note.created_at,
            modified_at=note.modified_at, coder=note.coder, modified_by=note.modified_by,
            tag_ids=tag_ids,
        )
        by_coder[note.coder] += 1
        inserted.append(new_id)
        inserted_ids.add(new_id)
        highlight_map[note.id] = new_id
    parts.append(Changes.created("highlights", *inserted))
    memos = _merge_memos(project, dataset.memos, doc_map, tag_map, highlight_map, path)
    parts.append(memos.changes())
    return MergeResult(added, matched, tags_added, len(inserted), highlights_matched,
                       Changes.union(parts), amended, memos.added, memos.matched,
                       memos.amended, dict(by_coder), len(tag_map) - tags_added)


def _merge_memos(project: Project, memos: tuple[DatasetMemo, ...], doc_map: dict[int, int],
                 tag_map: dict[int, int], highlight_map: dict[int, int], path: str) -> MemoMerge:
    """Merge the file's memos onto the records their ids were mapped to."""
    merge = MemoMerge(project)
    for index, memo in enumerate(memos):
        document = doc_map[memo.document] if memo.document is not None else None
        if memo.kind == "span":
            assert document is not None and memo.start is not None and memo.end is not None
            if project.store.documents.slice(document, memo.start, memo.end)[0] != memo.quote:
                where = f"memos[{index}]" if memo.id is not None else "a memo"
                raise InputFileError(path, f"{where}: quote does not match the document text "
                                     f"at {memo.start}..{memo.end}")
        merge.add(Memo(
            0, memo.guid or "", memo.kind, memo.text, memo.author,  # type: ignore[arg-type]
            memo.created_at, memo.modified_at, document_id=document,
            tag_id=tag_map[memo.tag] if memo.tag is not None else None,
            highlight_id=highlight_map[memo.annotation] if memo.annotation is not None else None,
            start=memo.start, end=memo.end, quote=memo.quote))
    return merge


def _merge_tags(
    project: Project, dataset: CodedDataset, parts: list[Changes]
) -> tuple[dict[int, int], int]:
    """Find or create each tag of the file by name path; return the file's tag ids mapped
    to the project's, and how many tags were created. Appends what changed to ``parts``."""
    tag_map: dict[int, int] = {}
    tags_added = 0
    dataset_tags = {t.id: t for t in dataset.tags}
    for file_id, name_path in _tag_paths(dataset.tags).items():
        existing = project.tags.find(name_path)
        if existing is None:
            parent = project.tags.find(name_path[:-1]) if len(name_path) > 1 else None
            if len(name_path) > 1 and parent is None:
                parent, created = project.tags.ensure_path(name_path[:-1])
                parts.append(created)
            tag = dataset_tags[file_id]
            existing, created = project.tags.create(
                name_path[-1], parent_id=parent, color=tag.color,
                description=tag.description, guid=_free_guid(project, "tags", tag.guid),
            )
            parts.append(created)
            tags_added += 1
        tag_map[file_id] = existing
    return tag_map, tags_added


def _merge_documents(
    project: Project, dataset: CodedDataset, path: str, parts: list[Changes]
) -> tuple[dict[int, int], int, int]:
    """Match each document of the file by SHA-256 (and source), or add it; return the
    file's document ids mapped to the project's, and the counts added and matched.
    Appends what changed to ``parts``."""
    store = project.store
    doc_map: dict[int, int] = {}
    added_ids: set[int] = set()
    matched = 0
    for index, doc in enumerate(dataset.documents):
        if doc.text is not None and text_sha256(doc.text) != doc.sha256:
            raise InputFileError(path, f"documents[{index}]: sha256 does not match its text")
        existing_id = store.documents.id_by_sha256_and_source(doc.sha256, doc.source)
        if existing_id is None:  # the same text under another name, if not one of ours
            candidate = store.documents.id_by_sha256(doc.sha256)
            existing_id = candidate if candidate not in added_ids else None
        if existing_id is not None:
            doc_map[doc.id] = existing_id
            matched += 1
            continue
        if doc.text is None:
            raise InputFileError(
                path, f"documents[{index}]: the file has no text for {doc.title!r} and the "
                "project has no document with its sha256 (exported with --no-text?)"
            )
        result = project.documents.add(
            NewDocument(doc.title, doc.text, doc.date, doc.source, doc.attributes),
            distinct_sources=True,
            guid=_free_guid(project, "documents", doc.guid),
        )
        if store.documents.get_without_text(result.document_id).sha256 != doc.sha256:
            raise InputFileError(path, f"documents[{index}]: text is not normalised")
        doc_map[doc.id] = result.document_id
        added_ids.add(result.document_id)
        parts.append(result.changes)
    return doc_map, len(added_ids), matched


def _quotes_off_project_text(
    project: Project, dataset: CodedDataset, doc_map: dict[int, int]
) -> set[int]:
    """Indices of the annotations whose quote is not the project's text at their span.

    Only annotations of documents the file has no text for can be such: for the others
    the reader checked the quote against the file's text, and the project's text is that
    very text (the same SHA-256, checked while merging the documents). Each of those
    documents' texts is read once, one at a time, however many annotations it has.
    """
    by_document: dict[int, list[int]] = {}
    without_text = {doc.id for doc in dataset.documents if doc.text is None}
    for index, note in enumerate(dataset.annotations):
        if note.document in without_text:
            by_document.setdefault(doc_map[note.document], []).append(index)
    off: set[int] = set()
    for document_id, indices in by_document.items():
        text = project.store.documents.text(document_id)
        for index in indices:
            note = dataset.annotations[index]
            if text[note.start : note.end] != note.quote:
                off.add(index)
    return off


def _free_guid(project: Project, table: str, guid: str | None) -> str:
    """Keep the file's GUID unless this project already uses it for another record."""
    if guid and not project.store.guid_in_use(table, guid):
        return guid
    return new_guid()
