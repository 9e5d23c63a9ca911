"""Merging another project file (``OTHER.annotator``) into a project, all or nothing.

The other file is opened read-only through SQLite (``store.other_project``: it may be a
colleague's project open in another Annotator right now) and read in one snapshot into a
coded dataset with everything a version 2 export holds: documents with their texts,
dates, attributes and GUIDs; tags with colours, descriptions and GUIDs; highlights with
coder, last modifier, times and GUIDs; memos of every kind with author and times. That
dataset is merged by the coded-dataset merge's rules (``dataset_merge``: documents by
text, tags by name path, a highlight already present only when the same coder made the
same span with the same tags, or it has the same GUID and span). What a dataset cannot
carry is then taken over too: the type chosen for each variable that the merge brings
into the project (a variable the project had keeps its own).

The file is refused, with one message naming it and the project unchanged, when it is
this very project (by file identity: another name or a hard link of it too), cannot be
opened as a project (missing, not SQLite, another application's, damaged, from a newer
Annotator), or is inconsistent with itself (a quote that is not its document's text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import InputFileError, ProjectFileError, UserError
from ..domain.memos import Memo
from ..domain.model import Changes, Document, Highlight, Tag
from ..domain.variables import VariableDefinition
from ..formats.coded_dataset import (
    CodedDataset,
    DatasetAnnotation,
    DatasetDocument,
    DatasetMemo,
    DatasetTag,
)
from ..store import Store
from ..store.other_project import reading_other_project
from .dataset_merge import MergeResult, merge_into
from .project_files import is_same_file

if TYPE_CHECKING:
    from .project import Project

__all__ = ["SAME_PROJECT", "merge_project", "project_dataset"]

SAME_PROJECT = ("this is the project being merged into; a project cannot be merged into "
                "itself")


def merge_project(project: Project, path: Path) -> MergeResult:
    """Merge the project file at ``path`` into ``project`` in one transaction.

    Raises :class:`InputFileError` naming ``path`` (and writes nothing) when it is the
    project itself or cannot be read as a project (see the module's docstring).
    """
    if project.path != ":memory:" and is_same_file(path, project.path):
        raise InputFileError(str(path), SAME_PROJECT)
    try:
        with reading_other_project(path) as other, other.read_snapshot():
            dataset = project_dataset(other, str(path))
            definitions = other.variables.definitions()
    except ProjectFileError as error:
        raise InputFileError(str(path), error.reason) from None
    try:
        with project.transaction():
            before = {d.name for d in project.store.variables.definitions()}
            result = merge_into(project, dataset, str(path))
            typed = _adopt_types(project, definitions, before)
    except InputFileError:
        raise
    except UserError as error:
        raise InputFileError(str(path), str(error)) from None
    return replace(result, changes=result.changes | typed)


def project_dataset(store: Store, path: str) -> CodedDataset:
    """Everything of the project in ``store`` that a version 2 coded dataset holds, read
    from the store as it is (the caller holds one snapshot). Raises :class:`InputFileError`
    naming ``path`` for a highlight whose quote is not its document's text there."""
    documents = tuple(_document(d) for d in store.documents.iterate(with_text=True))
    texts = {d.id: d.text or "" for d in documents}
    annotations = []
    for highlight in store.highlights.iterate():
        text = texts.get(highlight.document_id, "")
        if text[highlight.start : highlight.end] != highlight.quote:
            raise InputFileError(path, f"highlight {highlight.id}: its quote is not the text "
                                 f"of document {highlight.document_id} at "
                                 f"{highlight.start}..{highlight.end} (the file is damaged)")
        annotations.append(_annotation(highlight))
    return CodedDataset(
        exported_at="", project_name=store.info("name") or Path(path).stem,
        tags=tuple(_tag(t) for t in store.tags.all()), documents=documents,
        annotations=tuple(annotations), memos=tuple(_memo(m) for m in store.memos.iterate()))


def _tag(tag: Tag) -> DatasetTag:
    return DatasetTag(tag.id, tag.name, tag.parent_id, tag.color, tag.description, tag.guid)


def _document(document: Document) -> DatasetDocument:
    return DatasetDocument(document.id, document.title, document.date, document.source,
                           dict(document.attributes), document.sha256, document.text,
                           document.guid)


def _annotation(highlight: Highlight) -> DatasetAnnotation:
    return DatasetAnnotation(
        highlight.id, highlight.document_id, highlight.start, highlight.end, highlight.quote,
        highlight.tag_ids, "", highlight.coder, highlight.created_at, highlight.modified_at,
        highlight.guid, highlight.modified_by or None)


def _memo(memo: Memo) -> DatasetMemo:
    return DatasetMemo(memo.id, memo.kind, memo.text, memo.author, memo.created_at,
                       memo.modified_at, memo.guid, memo.document_id, memo.tag_id,
                       memo.highlight_id, memo.start, memo.end, memo.quote)


def _adopt_types(project: Project, definitions: Iterable[VariableDefinition],
                 before: set[str]) -> Changes:
    """Give each variable that the merge brought into the project (not in ``before``) the
    type the other project chose for it; the variable still goes with its last value (an
    undo of the merge takes it away)."""
    table = project.store.variables
    typed = []
    for definition in definitions:
        if definition.chosen_type is None or definition.name in before:
            continue
        found = table.definition(definition.name)
        if found is not None and found.chosen_type is None:
            table.adopt_type(found.id, definition.chosen_type)
            typed.append(found.id)
    return Changes.updated("variables", *typed)
