"""REFI-QDA exchange: import ``.qdc``/``.qde``/``.qdpx`` files; export (see ``refi_qda_export``).

Import merges, all or nothing, with the semantics of the coded-dataset merge: codes are
matched to tags by name path (a ``/`` in a name becomes ``∕``), sources to documents by
the SHA-256 of their normalised text, and a selection is already present when the project
has a highlight with its GUID and span (it then gains any tag it lacks) or one of the same
span and tags. Positions are converted from the exporting tool's unit (chosen and
confirmed by ``formats.refi_qda_positions``) into offsets into the normalised text, so
every quote is the text the other tool showed. Whatever cannot be imported is listed in
:meth:`RefiImportResult.summary_lines`. A malformed or hostile file raises
:class:`InputFileError` and leaves the project unchanged. Gaining tags is the only change
made to a record that existed before; ``RefiImportResult.amended`` records it for an exact
undo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import InputFileError, UserError
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
from .refi_qda_export import (
    DATE_VARIABLES,
    DOCUMENT_DATE_NOTE,
    ORIGIN_NAME,
    export_qdc,
    export_qdpx,
)
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project

__all__ = ["RefiImportResult", "export_qdc", "export_qdpx", "import_refi"]

REFI_EXTENSIONS = frozenset({".qdpx", ".qde", ".qdc"})
_DATE = re.compile(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d)?)?)?)?")
_STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z?")


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

    def summary(self) -> str:
        """One line: the counts."""
        tags = f"{plural(self.tags_added, 'tag')} added, {self.tags_matched} already present"
        if self.kind == "codebook":
            return f"codebook: {tags}"
        return (f"{plural(self.documents_added, 'document')} added, {self.documents_matched} "
                f"already present; {tags}; {plural(self.highlights_added, 'highlight')} "
                f"added, {self.highlights_matched} already present")

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
            _merge_codes(project, codebook.codes, {}, result)
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


def _merge_codes(project: Project, codes: tuple[Code, ...], notes: dict[str, str],
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
        description = "\n\n".join(t for t in (code.description, *(
            notes.get(g, "") for g in code.note_guids)) if t)
        tag_id, changes = project.tags.create(
            path[-1], parent_id=parent, color=code.color, description=description,
            guid=_free_guid(project, "tags", code.guid))
        tag_map[code.guid] = tag_id
        created_here[tag_id] = code.guid
        result.tags_added += 1
        result.changes |= changes
    if folders:
        result.remarks.append(f"{plural(folders, 'non-codable code')} (folders) imported as "
                              "ordinary parent tags")
    return tag_map


def _timestamp(value: str | None) -> str | None:
    match = _STAMP.fullmatch(value or "")
    return match.group(1) + "Z" if match else None


class _Merge:
    """One project import; every write happens inside the caller's transaction."""

    def __init__(self, project: Project, loaded: LoadedProject, result: RefiImportResult):
        self.project, self.loaded, self.result = project, loaded, result
        self.file = loaded.project
        self.users = {u.guid: u.name for u in self.file.users if u.name}
        self.memo_links: dict[str, list[str]] = {}
        self.used_notes: set[str] = set()
        self.inserted: set[int] = set()  # the file's selections never match each other
        self.variables = {v.guid: v for v in self.file.variables}
        self.date_variable = self._find_date_variable()
        #: What each write changed, combined once at the end (``Changes.union``: folding
        #: them one at a time with ``|`` is quadratic in the number of highlights).
        self.changes: list[Changes] = []

    def run(self) -> None:
        result, file = self.result, self.file
        result.skipped += [(s.what, s.why) for s in self.loaded.skipped]
        self.tag_map = _merge_codes(self.project, file.codes, self.loaded.notes, result)
        self.used_notes.update(g for _, c in iter_codes(file.codes) for g in c.note_guids)
        self._links()
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
        result.changes = Changes.union([result.changes, *self.changes])
        orphans = sum(1 for c in file.cases
                      if c.variable_values and not any(g in texts for g in c.source_guids))
        if orphans:
            result.skipped.append((f"{plural(orphans, 'case')} with variable values", "they "
                                   "apply to no document of the file (Annotator keeps "
                                   "variables on documents only)"))
        unused = [n for n in file.notes if n.guid not in self.used_notes]
        if unused:
            result.skipped.append((plural(len(unused), "note"), "attached to nothing that was "
                                   "imported (Annotator has no project or document memos)"))

    def _links(self) -> None:
        notes = {n.guid for n in self.file.notes}
        other = 0
        for link in self.file.links:
            if link.origin_guid in notes and link.target_guid:
                self.memo_links.setdefault(link.target_guid, []).append(link.origin_guid)
            elif link.target_guid in notes and link.origin_guid:
                self.memo_links.setdefault(link.origin_guid, []).append(link.target_guid)
            else:
                other += 1
        if other:
            self.result.skipped.append((plural(other, "link"), "Annotator has no links "
                                        "between codes or documents"))

    def _memo(self, description: str, *note_lists: tuple[str, ...] | list[str]) -> str:
        parts = [description.strip()] if description.strip() else []
        for guids in note_lists:
            for guid in guids:
                body = self.loaded.notes.get(guid, "").strip()
                self.used_notes.add(guid)
                if body and body not in parts:
                    parts.append(body)
        return "\n\n".join(parts)

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
        memo = self._memo(selection.description, selection.note_guids,
                          [g for c in selection.codings for g in c.note_guids],
                          self.memo_links.get(selection.guid, []))
        file_guid = selection.guid if guid == "" else guid
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
                         if set(h.tag_ids) == set(tag_ids) and h.id not in self.inserted),
                        None)
        if same is not None:
            result.highlights_matched += 1
            return
        user = selection.creating_user or next(
            (c.creating_user for c in selection.codings if c.creating_user), None)
        created = _timestamp(selection.creation_time) or utc_now()
        new_id = store.highlights.insert(
            document_id, span.start, span.end, span.quote,
            guid=_free_guid(self.project, "highlights", file_guid), created_at=created,
            modified_at=_timestamp(selection.modified_time) or created, memo=memo,
            coder=self.users.get(user or "", "") or self.project.coder, tag_ids=tag_ids)
        self.inserted.add(new_id)
        self.changes.append(Changes.created("highlights", new_id))
        result.highlights_added += 1
