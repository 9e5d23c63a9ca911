"""Export a project as REFI-QDA: a ``.qdpx`` project archive or a ``.qdc`` codebook.

Mapping (REFI-QDA 1.0): tags → Codes (nesting, ``#rrggbb`` colour, description);
documents → TextSources with their stored text as ``sources/<guid>.txt``; highlights →
PlainTextSelections in code points with one Coding per tag; memos → Notes attached by
NoteRef to the Project, a TextSource, a Code or a PlainTextSelection, a span memo to an
uncoded PlainTextSelection of its own (see ``refi_qda_memos``); coders and memo authors →
Users; the document date and each attribute name → one typed Variable
(the type rule: ``formats.refi_qda_variables``), with the document's values as
VariableValues on its source (a ``null`` attribute is no value). Documents, tags and
highlights keep their stored GUIDs, and a memo's Note has the memo's GUID; the GUIDs of
what we do not store (Codings, Users, Variables, a span memo's selection) are derived with
``uuid5`` from stable names, so exporting the same project twice gives the same GUIDs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..domain.errors import UserError
from ..domain.memos import Memo
from ..domain.model import Document, Highlight, Tag
from ..domain.tag_tree import MAX_TAG_DEPTH, tag_levels, tree_order
from ..formats.refi_qda_model import (
    Code,
    Coding,
    Note,
    RefiProject,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
)
from ..formats.refi_qda_variables import VariableShape, date_kind, value_text, variable_shape
from ..formats.refi_qda_writer import codebook_xml, write_qdpx
from .exporting import plural
from .output_files import atomic_file
from .refi_qda_memos import memo_note, note_name

if TYPE_CHECKING:
    from .project import Project

#: The ``origin`` of what we export: the name, a space, the version.
ORIGIN_NAME = "Annotator"
ORIGIN = f"{ORIGIN_NAME} {__version__}"
#: The namespace of every GUID this exporter derives (uuid5); never change it.
GUID_NAMESPACE = uuid.UUID("6f1c0b0e-5d2a-5b57-9a44-2a8f3c1d9e70")
#: The names the document date's variable takes (the first no attribute uses).
DATE_VARIABLES = ("Date", "Document date")
#: The description that marks the document date's variable.
DOCUMENT_DATE_NOTE = "The document's date (Annotator)"
_QUOTE_NAME_LENGTH = 100


def derived_guid(kind: str, *parts: str) -> str:
    """A stable GUID for an object we do not store, from the GUIDs it relates."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join((kind, *parts))))


def export_qdc(project: Project, out: Path) -> str:
    """Write the codebook as a ``.qdc`` file; return a summary. Refuses an empty codebook."""
    with project.store.read_snapshot():
        tags = project.store.tags.all()
    if not tags:
        raise UserError("the codebook is empty: a .qdc file needs at least one tag")
    data = codebook_xml(_codes(tags), ORIGIN)
    with atomic_file(out, binary=True) as handle:
        handle.write(data)
    return plural(len(tags), "tag")


def export_qdpx(project: Project, out: Path) -> str:
    """Write the whole project as a ``.qdpx`` archive; return a summary of what it holds.

    Everything comes from one snapshot of the project (``Store.read_snapshot``): the
    archive's codes, users, notes and variables are the ones its selections refer to."""
    with project.store.read_snapshot():
        return _export_qdpx(project, out)


def _export_qdpx(project: Project, out: Path) -> str:
    store = project.store
    tags = store.tags.all()
    tag_guids = {t.id: t.guid for t in tags}
    coders: dict[str, User] = {}
    highlight_count = 0
    for highlight in store.highlights.iterate():
        highlight_count += 1
        _user(coders, highlight.coder)
    documents = list(store.documents.iterate(with_text=False))
    date_variable, attribute_variables = _variables(documents)
    variables = [*([date_variable] if date_variable else []),
                 *(v for v, _ in attribute_variables.values())]
    memos = _Memos(list(store.memos.iterate()), coders, project.name,
                   {d.id: d.title for d in documents}, {t.id: t.name for t in tags})

    def sources() -> Iterator[TextSource]:
        for document in store.documents.iterate(with_text=True):
            highlights = store.highlights.for_document(document.id)
            yield _source(document, highlights, tag_guids, coders, date_variable,
                          attribute_variables, memos)

    header = RefiProject(project.name, ORIGIN, tuple(coders.values()),
                         _codes(tags, memos.of_tags), tuple(variables), notes=memos.notes,
                         note_guids=memos.of_project)
    with atomic_file(out, binary=True) as handle:
        count = write_qdpx(handle, header, sources())
    return ", ".join((plural(count, "document"), plural(len(tags), "tag"),
                      plural(highlight_count, "highlight"),
                      *([plural(len(memos.notes), "memo")] if memos.notes else [])))


class _Memos:
    """Every memo as a Note, and where each is referenced from (by GUID)."""

    def __init__(self, memos: list[Memo], coders: dict[str, User], project_name: str,
                 titles: dict[int, str], tag_names: dict[int, str]) -> None:
        notes: list[Note] = []
        self.of_project: tuple[str, ...] = ()
        self.of_documents: dict[int, tuple[str, ...]] = {}
        self.of_tags: dict[int, tuple[str, ...]] = {}
        self.of_highlights: dict[int, tuple[str, ...]] = {}
        self.spans: dict[int, list[Selection]] = {}
        for memo in memos:
            user = _user(coders, memo.author)
            places = {"project": project_name,
                      "document": titles.get(memo.document_id or 0, ""),
                      "tag": tag_names.get(memo.tag_id or 0, "")}
            notes.append(memo_note(memo, note_name(memo, places.get(memo.kind,
                                                                    memo.quote or "")), user))
            if memo.kind == "project":
                self.of_project += (memo.guid,)
            elif memo.kind == "document" and memo.document_id is not None:
                self.of_documents[memo.document_id] = (memo.guid,)
            elif memo.kind == "tag" and memo.tag_id is not None:
                self.of_tags[memo.tag_id] = (memo.guid,)
            elif memo.kind == "highlight" and memo.highlight_id is not None:
                self.of_highlights[memo.highlight_id] = (memo.guid,)
            elif memo.kind == "span" and memo.document_id is not None:
                assert memo.start is not None and memo.end is not None
                self.spans.setdefault(memo.document_id, []).append(Selection(
                    derived_guid("span memo", memo.guid), memo.start, memo.end,
                    _quote_name(memo.quote or ""), note_guids=(memo.guid,), creating_user=user,
                    creation_time=memo.created_at, modified_time=memo.modified_at))
        self.notes = tuple(notes)


def _codes(tags: list[Tag], notes: dict[int, tuple[str, ...]] | None = None
           ) -> tuple[Code, ...]:
    """The codebook as nested Codes, siblings in the order of ``tags``, each referring to
    the notes of ``notes`` (by tag id: the tag memos' Notes, in a project only).

    Raises :class:`UserError` for a tree deeper than ``MAX_TAG_DEPTH`` (only a project
    made before the limit can hold one): the XML serialiser recurses once per level.
    """
    by_id = {t.id: t for t in tags}
    parent_of = {t.id: t.parent_id for t in tags}
    deepest = max(tag_levels(parent_of).values(), default=0)
    if deepest > MAX_TAG_DEPTH:
        raise UserError(f"the codebook is nested {deepest} levels deep; REFI-QDA export "
                        f"takes at most {MAX_TAG_DEPTH} (move some tags up first)")
    children: dict[int | None, list[int]] = {}
    for tag in tags:
        children.setdefault(tag.parent_id, []).append(tag.id)
    built: dict[int, Code] = {}
    for tag_id in reversed(tree_order(by_id, parent_of)):  # children before parents
        t = by_id[tag_id]
        built[tag_id] = Code(t.guid, t.name, t.codable, t.color.lower(), t.description,
                             (notes or {}).get(tag_id, ()),
                             children=tuple(built[c] for c in children.get(tag_id, [])))
    return tuple(built[c] for c in children.get(None, []))


def _user(coders: dict[str, User], coder: str) -> str:
    if coder not in coders:
        coders[coder] = User(derived_guid("user", coder), coder)
    return coders[coder].guid


def _quote_name(quote: str, limit: int = _QUOTE_NAME_LENGTH) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _source(document: Document, highlights: list[Highlight], tag_guids: dict[int, str],
            coders: dict[str, User], date_variable: Variable | None,
            variables: dict[str, tuple[Variable, VariableShape]], memos: _Memos) -> TextSource:
    selections = []
    for h in highlights:
        user = _user(coders, h.coder)
        codings = tuple(
            Coding(derived_guid("coding", h.guid, tag_guids[t]), tag_guids[t], user,
                   h.created_at) for t in h.tag_ids)
        selections.append(Selection(h.guid, h.start, h.end, _quote_name(h.quote), "", codings,
                                    memos.of_highlights.get(h.id, ()), user, h.created_at,
                                    h.modified_at))
    selections += memos.spans.get(document.id, [])
    values = []
    if date_variable is not None and document.date:
        values.append(VariableValue(date_variable.guid, date_variable.kind, document.date))
    for name, value in document.attributes.items():
        if value is not None:  # REFI-QDA has no null: the document has no value
            variable, shape = variables[name]
            values.append(VariableValue(variable.guid, shape.kind, value_text(value, shape)))
    return TextSource(document.guid, document.title, text=document.text,
                      selections=tuple(selections), variable_values=tuple(values),
                      creation_time=document.imported_at,
                      note_guids=memos.of_documents.get(document.id, ()))


def _variables(documents: list[Document]
               ) -> tuple[Variable | None, dict[str, tuple[Variable, VariableShape]]]:
    """The date variable (if any document is dated) and, per attribute name, its variable
    and shape (``formats.refi_qda_variables`` gives the type rule); the attribute
    variables in the order their names first appear."""
    values: dict[str, list[Any]] = {}
    for document in documents:
        for name, value in document.attributes.items():
            values.setdefault(name, []).append(value)
    variables = {}
    for name, found in values.items():
        shape = variable_shape(found)
        variables[name] = (Variable(derived_guid("variable", name), name, shape.kind,
                                    shape.description), shape)
    dates = [d.date for d in documents if d.date]
    if not dates:
        return None, variables
    name = next((n for n in DATE_VARIABLES if n not in values), "Annotator document date")
    date_variable = Variable(derived_guid("variable", name), name, date_kind(dates),
                             DOCUMENT_DATE_NOTE)
    return date_variable, variables
