"""REFI-QDA exchange: import ``.qdc``/``.qde``/``.qdpx`` files; export (see ``refi_qda_export``).

Import merges, all or nothing, with the semantics of the coded-dataset merge: codes are
matched to tags by name path (a ``/`` in a name becomes ``∕``), sources to documents by
the SHA-256 of their normalised text, and a selection is already present when the project
has a highlight with its GUID and span (it then gains any tag it lacks) or one of the same
coder (the selection's ``creatingUser``), span and tags. Positions are converted from
the exporting tool's unit (chosen and confirmed by ``formats.refi_qda_positions``) into
offsets into the normalised text, so every quote is the text the other tool showed.
Notes become memos of the project, its documents, tags, highlights and spans (see
``refi_qda_memos``), merged by ``memo_merge``'s rules. Whatever cannot be imported is
listed in :meth:`RefiImportResult.summary_lines`. A malformed or hostile file raises
:class:`InputFileError` and leaves the project unchanged. Gaining tags (a highlight) or a
text (a memo) are the only changes made to a record that existed before;
``RefiImportResult.amended`` and ``amended_memos`` record them for an exact undo.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import InputFileError, UserError
from ..domain.memos import Memo, MemoAmendment
from ..domain.model import Amendment, Changes, NewDocument, amend
from ..formats.refi_qda_model import (
    Code,
    Selection,
    TextSource,
    VariableValue,
    iter_codes,
    normalize_guid,
)
from ..formats.refi_qda_positions import SourceText, Span, UnitChoice, choose_unit
from ..formats.refi_qda_reader import LoadedProject, read_codebook, read_project
from ..formats.refi_qda_variables import JSON_VALUES_NOTE, attribute_value
from .exporting import plural
from .memo_merge import MemoMerge
from .merge_summary import merge_summary
from .refi_qda_export import (
    DATE_VARIABLES,
    DOCUMENT_DATE_NOTE,
    ORIGIN_NAME,
    derived_guid,
    export_qdc,
    export_qdpx,
)
from .refi_qda_memos import NoteReader, timestamp
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project

__all__ = ["RefiImportResult", "export_qdc", "export_qdpx", "import_refi"]

REFI_EXTENSIONS = frozenset({".qdpx", ".qde", ".qdc"})
_DATE = re.compile(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d)?)?)?)?")


@dataclass
class RefiImportResult:
    """What an import did; ``skipped`` pairs say what was not imported and why."""

    path: Path
    kind: str = "project"
    origin: str = ""
    documents_added: int = 0
    documents_matched: int = 0
    tags_added: int = 0
    tags_matched: int = 0
    highlights_added: int = 0
    highlights_matched: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    #: The highlights that existed before and gained tags, before and after.
    amended: dict[int, Amendment] = field(default_factory=dict)
    memos_added: int = 0
    #: The memos that existed before and gained a text, before and after.
    amended_memos: dict[int, MemoAmendment] = field(default_factory=dict)
    #: The highlights added, by the name of the coder who made them.
    highlights_by_coder: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """One line: the counts (see :func:`~.merge_summary.merge_summary`)."""
        if self.kind == "codebook":
            return (f"codebook: {plural(self.tags_added, 'tag')} added, {self.tags_matched} "
                    "already present")
        return merge_summary(
            documents_added=self.documents_added, tags_added=self.tags_added,
            highlights_by_coder=self.highlights_by_coder, memos_added=self.memos_added,
            memos_extended=len(self.amended_memos), documents_matched=self.documents_matched,
            tags_matched=self.tags_matched, highlights_matched=self.highlights_matched)

    def summary_lines(self) -> list[str]:
        """The counts, then remarks (position unit, merges), then one line per skip."""
        origin = f" (from {self.origin})" if self.origin else ""
        lines = [f"{self.path.name}{origin}: {self.summary()}."]
        lines += self.remarks
        lines += [f"not imported: {what}: {why}" for what, why in self.skipped]
        return lines


def import_refi(project: Project, path: Path) -> RefiImportResult:
    """Merge the REFI-QDA file at ``path`` (``.qdc`` codebook, ``.qde`` or ``.qdpx`` project).

    Raises :class:`InputFileError` naming the file and the first problem; the project is
    then unchanged.
    """
    if path.suffix.casefold() == ".qdc":
        codebook = read_codebook(path)
        result = RefiImportResult(path, "codebook", codebook.origin)
        result.skipped += [(s.what, s.why) for s in codebook.skipped]
        with _refusing(path), project.transaction():
            _merge_codes(project, codebook.codes, result)
        return result
    loaded = read_project(path)
    result = RefiImportResult(path, "project", loaded.project.origin)
    with _refusing(path), project.transaction():
        _Merge(project, loaded, result).run()
    return result


@contextmanager
def _refusing(path: Path) -> Iterator[None]:
    """Turn a UserError raised while merging into an InputFileError for ``path``."""
    try:
        yield
    except InputFileError:
        raise
    except UserError as error:
        raise InputFileError(str(path), str(error)) from None


def _tag_name(name: str) -> str:
    return " ".join(name.split()).replace("/", "∕") or "Unnamed code"


def _free_guid(project: Project, table: str, guid: str | None) -> str:
    """The file's GUID (normalised) unless it is not a GUID or this project already uses it."""
    normal = normalize_guid(guid) if guid else None
    if normal and not project.store.guid_in_use(table, normal):
        return normal
    return new_guid()


def _merge_codes(project: Project, codes: tuple[Code, ...],
                 result: RefiImportResult) -> dict[str, int]:
    """Map every code GUID to a tag, creating the tags missing from the project."""
    tag_map: dict[str, int] = {}
    created_here: dict[int, str] = {}
    folders = 0
    for ancestors, code in iter_codes(codes):
        path = tuple(_tag_name(c.name) for c in (*ancestors, code))
        folders += not code.codable
        existing = project.tags.find(path)
        if existing is not None:
            tag_map[code.guid] = existing
            if existing in created_here and created_here[existing] != code.guid:
                result.remarks.append(f"codes named {'/'.join(path)!r} appear twice under "
                                      "the same parent: merged into one tag")
            elif existing not in created_here:
                result.tags_matched += 1
            continue
        parent = tag_map[ancestors[-1].guid] if ancestors else None
        tag_id, changes = project.tags.create(
            path[-1], parent_id=parent, color=code.color, description=code.description,
            guid=_free_guid(project, "tags", code.guid))
        tag_map[code.guid] = tag_id
        created_here[tag_id] = code.guid
        result.tags_added += 1
        result.changes |= changes
    if folders:
        result.remarks.append(f"{plural(folders, 'non-codable code')} (folders) imported as "
                              "ordinary parent tags")
    return tag_map


class _Merge:
    """One project import; every write happens inside the caller's transaction."""

    def __init__(self, project: Project, loaded: LoadedProject, result: RefiImportResult):
        self.project, self.loaded, self.result = project, loaded, result
        self.file = loaded.project
        self.users = {u.guid: u.name for u in self.file.users if u.name}
        self.notes = NoteReader(self.file, loaded.notes, self.users, project.coder)
        self.memos = MemoMerge(project)
        self.inserted: set[int] = set()  # the file's selections never match each other
        self.variables = {v.guid: v for v in self.file.variables}
        self.date_variable = self._find_date_variable()
        #: What each write changed, combined once at the end (``Changes.union``: folding
        #: them one at a time with ``|`` is quadratic in the number of highlights).
        self.changes: list[Changes] = []

    def run(self) -> None:
        result, file = self.result, self.file
        result.skipped += [(s.what, s.why) for s in self.loaded.skipped]
        self.tag_map = _merge_codes(self.project, file.codes, result)
        self._links()
        for _, code in iter_codes(file.codes):
            self._add_memo(self.notes.memo("tag", "", code.note_guids,
                                           self.notes.links.get(code.guid, []),
                                           tag_id=self.tag_map[code.guid]))
        texts = {s.guid: SourceText(self.loaded.texts[s.guid]) for s in file.sources
                 if s.guid in self.loaded.texts}
        choice = choose_unit(file.origin, [(texts[s.guid], sel) for s in file.sources
                                           if s.guid in texts for sel in s.selections])
        if choice.total:
            result.remarks.append(choice.describe()[0].upper() + choice.describe()[1:])
        case_values: dict[str, list[VariableValue]] = {}
        for case in file.cases:
            for guid in case.source_guids:
                case_values.setdefault(guid, []).extend(case.variable_values)
        for source in file.sources:
            if source.guid in texts:
                self._source(source, texts[source.guid], choice, case_values.get(source.guid, []))
        self._project_memo()
        self.changes.append(self.memos.changes())
        result.memos_added, result.amended_memos = self.memos.added, self.memos.amended
        result.changes = Changes.union([result.changes, *self.changes])
        orphans = sum(1 for c in file.cases
                      if c.variable_values and not any(g in texts for g in c.source_guids))
        if orphans:
            result.skipped.append((f"{plural(orphans, 'case')} with variable values", "they "
                                   "apply to no document of the file (Annotator keeps "
                                   "variables on documents only)"))

    def _is_span(self, selection: Selection, memo: Memo) -> bool:
        """Whether an uncoded selection with a memo is a memo on a passage (another tool's
        comment, or Annotator's span memo) rather than a highlight without tags (which
        Annotator exports under the highlight's own GUID)."""
        if not self.file.origin.startswith(ORIGIN_NAME + " "):
            return True
        return selection.guid == derived_guid("span memo", memo.guid)

    def _project_memo(self) -> None:
        """The project's notes, and the notes attached to nothing imported, as the
        project memo (said in a remark: their place in the other tool is lost)."""
        unused = [g for g in self.notes.unused() if g not in self.file.note_guids]
        self._add_memo(self.notes.project_memo(unused))
        if unused:
            self.result.remarks.append(
                f"{plural(len(unused), 'note')} attached to nothing that was imported "
                "went into the project memo")

    def _add_memo(self, memo: Memo | None) -> None:
        if memo is not None:
            self.memos.add(memo)

    def _links(self) -> None:
        notes = {n.guid for n in self.file.notes}
        other = 0
        for link in self.file.links:
            if link.origin_guid in notes and link.target_guid:
                self.notes.links.setdefault(link.target_guid, []).append(link.origin_guid)
            elif link.target_guid in notes and link.origin_guid:
                self.notes.links.setdefault(link.origin_guid, []).append(link.target_guid)
            else:
                other += 1
        if other:
            self.result.skipped.append((plural(other, "link"), "Annotator has no links "
                                        "between codes or documents"))

    def _attributes(self, source: TextSource, extra: list[VariableValue]
                    ) -> tuple[str | None, dict[str, Any]]:
        """The document date and the attributes a source's variable values give.

        The date is the value of the variable Annotator marked as the document date; in
        another tool's file, of the first variable named like one of ``DATE_VARIABLES``.
        Other values become attributes typed by ``formats.refi_qda_variables``; ``extra``
        (from cases) comes after the source's own values and wins over them."""
        attributes: dict[str, Any] = {}
        date: str | None = None
        for value in (*source.variable_values, *extra):
            variable = self.variables.get(value.variable_guid)
            name = variable.name if variable else value.variable_guid
            when = value.value.strip().rstrip("Z")
            is_date = value.variable_guid == self.date_variable and _DATE.fullmatch(when)
            if is_date and date is None:
                date = when
                continue
            declared = variable.kind if variable else value.kind
            attributes[name] = attribute_value(
                value.value, value.kind, declared,
                variable is not None and variable.description.strip() == JSON_VALUES_NOTE)
        if source.description.strip() and "Description" not in attributes:
            attributes["Description"] = source.description.strip()
        return date, attributes

    def _find_date_variable(self) -> str | None:
        """The GUID of the variable holding document dates, if the file has one."""
        marked = next((v.guid for v in self.file.variables
                       if v.description.strip() == DOCUMENT_DATE_NOTE), None)
        if marked or self.file.origin.startswith(ORIGIN_NAME + " "):
            return marked  # Annotator marks it; an attribute named "Date" stays one
        names = {d.casefold() for d in DATE_VARIABLES}
        return next((v.guid for v in self.file.variables
                     if v.name.strip().casefold() in names), None)

    def _source(self, source: TextSource, text: SourceText, choice: UnitChoice,
                extra: list[VariableValue]) -> None:
        result, store = self.result, self.project.store
        if not text.text.strip():
            what = f"source {source.name!r}"
            result.skipped.append((what, "it holds no text" + (
                f" ({plural(len(source.selections), 'selection')} lost)"
                if source.selections else "")))
            return
        date, attributes = self._attributes(source, extra)
        added = self.project.documents.add(
            NewDocument(source.name or "Untitled", text.text, date, source.name, attributes),
            guid=_free_guid(self.project, "documents", source.guid))
        if store.documents.text(added.document_id) != text.text:
            raise UserError(f"source {source.name!r}: its text changed on normalisation")
        self.changes.append(added.changes)
        if added.duplicate:
            result.documents_matched += 1
        else:
            result.documents_added += 1
        self._add_memo(self.notes.memo("document", "", source.note_guids,
                                       self.notes.links.get(source.guid, []),
                                       document_id=added.document_id))
        for selection in source.selections:
            span = text.resolve(choice.unit, selection.start, selection.end)
            if isinstance(span, str):
                result.skipped.append((f"selection {selection.name or selection.guid!r} in "
                                       f"{source.name!r}", span))
                continue
            self._highlight(added.document_id, source, selection, span)
        if source.codings:
            whole = Selection(source.guid, 0, len(text.text), codings=source.codings)
            self._highlight(added.document_id, source, whole,
                            Span(0, len(text.text), text.text), guid=None)
            result.remarks.append(f"{source.name!r}: codes applied to the whole source "
                                  "became a highlight of the whole document")

    def _highlight(self, document_id: int, source: TextSource, selection: Selection,
                   span: Span, *, guid: str | None = "") -> None:
        result, store = self.result, self.project.store
        tag_ids: list[int] = []
        for coding in selection.codings:
            tag_id = self.tag_map.get(coding.code_guid)
            if tag_id is None:
                result.skipped.append((f"a coding in {source.name!r}", "it refers to "
                                       f"{coding.code_guid}, which is not a code of the file"))
            elif tag_id not in tag_ids:
                tag_ids.append(tag_id)
        user = selection.creating_user or next(
            (c.creating_user for c in selection.codings if c.creating_user), None)
        links = self.notes.links.get(selection.guid, []) if guid == "" else []
        memo = self.notes.memo(
            "highlight", selection.description, selection.note_guids,
            [g for c in selection.codings for g in c.note_guids], links, user=user,
            created=selection.creation_time, modified=selection.modified_time,
            keep_empty=not selection.codings)
        if not selection.codings and memo is not None and self._is_span(selection, memo):
            self._add_memo(replace(memo, kind="span", document_id=document_id,
                                   start=span.start, end=span.end, quote=span.quote))
            return
        file_guid = selection.guid if guid == "" else guid
        coder = self.users.get(user or "", "") or self.project.coder
        same = store.highlights.id_by_guid(normalize_guid(file_guid) or "") if file_guid else None
        if same is not None:
            known = store.highlights.get(same)
            if (known.document_id, known.start, known.end) != (document_id, span.start, span.end):
                same = None
            elif not set(tag_ids) <= set(known.tag_ids):
                self.changes.append(self.project.highlights.add_tags(same, tag_ids))
                amend(result.amended, known, store.highlights.get(same))
        if same is None:
            same = next((h.id for h in store.highlights.with_span(document_id, span.start,
                                                                  span.end)
                         if h.coder == coder and set(h.tag_ids) == set(tag_ids)
                         and h.id not in self.inserted),
                        None)
        if same is None:
            created = timestamp(selection.creation_time) or utc_now()
            same = store.highlights.insert(
                document_id, span.start, span.end, span.quote,
                guid=_free_guid(self.project, "highlights", file_guid), created_at=created,
                modified_at=timestamp(selection.modified_time) or created,
                coder=coder, tag_ids=tag_ids)
            self.inserted.add(same)
            result.highlights_by_coder[coder] += 1
            self.changes.append(Changes.created("highlights", same))
            result.highlights_added += 1
        else:
            result.highlights_matched += 1
        if memo is not None:
            self.memos.add(replace(memo, highlight_id=same))
