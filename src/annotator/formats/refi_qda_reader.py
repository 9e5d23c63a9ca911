"""Read REFI-QDA files (``.qdc`` codebook, ``.qde`` project, ``.qdpx`` zipped project).

Contract:

* XML is parsed with defusedxml: a DTD, entity or external reference is refused, as are
  files over :data:`MAX_XML_BYTES` and code trees deeper than :data:`MAX_DEPTH`.
* Elements are matched by local name, in any ``urn:QDA-XML:project:*`` or
  ``urn:QDA-XML:codebook:*`` namespace (or none); unknown elements are ignored.
* GUIDs are compared in the form of :func:`~.refi_qda_model.normalize_guid` (or, when a
  tool wrote something else, stripped of braces and lower-cased).
* A ``.qdpx`` is opened with :mod:`safe_zip`; its ``.qde`` is the single ``*.qde`` at the
  root (any case); sources are looked up by file name in ``sources/`` (any case) or at
  the root, for ``internal://NAME`` and for a bare ``NAME``. Nothing outside the archive is
  ever read: ``relative://`` and ``absolute://`` sources are reported as missing.
* What cannot be represented (pictures, audio, video, PDF areas, sets, graphs, missing
  or undecodable sources) is listed in ``skipped``, never dropped silently.

Structural problems (not XML, wrong root element, a required attribute missing, a
position that is not an integer) raise :class:`InputFileError` naming the file and the
first problem.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from annotator.domain.errors import InputFileError
from annotator.domain.tag_tree import MAX_TAG_DEPTH

from .refi_qda_model import (
    Case,
    Code,
    Coding,
    Link,
    Note,
    RefiCodebook,
    RefiProject,
    Selection,
    Skipped,
    TextSource,
    User,
    Variable,
    VariableValue,
    normalize_guid,
)
from .refi_qda_positions import decode_source
from .refi_qda_text import parse_color, source_title, without_indentation
from .safe_zip import SafeZip, open_safe_zip

MAX_XML_BYTES = 512 * 1024**2
#: Codes nest at most as deep as tags may (a code at level 1 is a top-level one).
MAX_DEPTH = MAX_TAG_DEPTH
_NAMESPACE = re.compile(r"urn:QDA-XML:(project|codebook):[^}]*", re.IGNORECASE)
_VALUE_KINDS = {"TextValue": "Text", "BooleanValue": "Boolean", "IntegerValue": "Integer",
                "FloatValue": "Float", "DateValue": "Date", "DateTimeValue": "DateTime"}
_MEDIA = {"PictureSource": ("picture", "PictureSelection", "images are not supported yet"),
          "AudioSource": ("audio", "AudioSelection", "audio is not supported yet"),
          "VideoSource": ("video", "VideoSelection", "video is not supported yet")}


class _Malformed(Exception):
    """A structural problem; the message says where."""


@dataclass
class LoadedProject:
    """A project with the raw text of each source and note body found in the file.

    ``texts`` maps source GUIDs to raw decoded text (BOM dropped, nothing normalised);
    a text source absent from it is missing and listed in ``skipped``.
    """

    project: RefiProject
    texts: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


def read_codebook(path: Path) -> RefiCodebook:
    """Parse a ``.qdc`` file (or any file whose root is ``CodeBook``)."""
    root = _parse(path, _read_file(path))
    try:
        if _local(root.tag) != "CodeBook":
            raise _Malformed(f"the root element is <{_local(root.tag)}>, not <CodeBook>")
        codes_element = _child(root, "Codes")
        codes = _codes(codes_element, 0) if codes_element is not None else ()
    except _Malformed as error:
        raise InputFileError(str(path), str(error)) from None
    sets = _child(root, "Sets")
    count = len(list(_children(sets, "Set"))) if sets is not None else 0
    skipped = [Skipped(f"{count} code set(s)", "Annotator has no sets; their codes are "
                       "imported")] if count else []
    return RefiCodebook(codes, root.get("origin", ""), tuple(skipped))


def read_project(path: Path) -> LoadedProject:
    """Parse a ``.qdpx`` archive, or a bare ``.qde`` file, with every source it holds."""
    if path.suffix.casefold() == ".qde":
        return _load(path, _read_file(path), None)
    with open_safe_zip(path) as archive:
        candidates = archive.root_files(".qde")
        if not candidates:
            raise InputFileError(str(path), "the archive holds no project.qde")
        if len(candidates) > 1:
            raise InputFileError(str(path), f"the archive holds {len(candidates)} .qde files")
        data = archive.read(candidates[0], max_bytes=MAX_XML_BYTES)
        return _load(path, data, archive)


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            # read(n) reserves n bytes up front: never ask for more than the file holds.
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(min(size, MAX_XML_BYTES) + 1)
    except OSError as error:
        raise InputFileError(str(path), f"cannot be read: {error.strerror or error}") from None
    if len(data) > MAX_XML_BYTES:
        raise InputFileError(str(path), "the file is too large for a REFI-QDA file")
    return data


def _parse(path: Path, data: bytes) -> Element:
    if not data.strip():
        raise InputFileError(str(path), "the file is empty")
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise InputFileError(str(path), f"refused: the XML declares a DTD or entities "
                             f"({type(error).__name__})") from None
    except ParseError as error:
        raise InputFileError(str(path), f"not well-formed XML ({error})") from None
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if namespace and not _NAMESPACE.fullmatch(namespace):
        raise InputFileError(str(path), f"not a REFI-QDA file (namespace {namespace!r})")
    return root


def _load(path: Path, data: bytes, archive: SafeZip | None) -> LoadedProject:
    root = _parse(path, data)
    try:
        if _local(root.tag) != "Project":
            raise _Malformed(f"the root element is <{_local(root.tag)}>, not <Project>")
        skipped: list[Skipped] = []
        loaded = LoadedProject(_project(root, skipped))
        loaded.skipped.extend(skipped)
    except _Malformed as error:
        raise InputFileError(str(path), str(error)) from None
    for source in loaded.project.sources:
        lost = len(source.selections)
        what = f"source {source.name!r}" + (f" with {lost} selection(s)" if lost else "")
        raw = _fetch(archive, source.plain_text_path, source.text, what, loaded.skipped)
        if raw is not None:
            loaded.texts[source.guid] = raw
    for note in loaded.project.notes:
        body = _fetch(archive, note.plain_text_path, note.text, f"note {note.name!r}",
                      loaded.skipped)
        if body is not None:
            loaded.notes[note.guid] = body
    return loaded


def _fetch(archive: SafeZip | None, where: str | None, inline: str | None, what: str,
           skipped: list[Skipped]) -> str | None:
    if inline is not None and not where:
        return inline
    if not where:
        skipped.append(Skipped(what, "it has neither a text file nor inline text"))
        return None
    name = where[len("internal://"):] if where.casefold().startswith("internal://") else where
    if "://" in name:
        skipped.append(Skipped(what, f"its text is outside the archive ({where}); "
                               "only files inside a .qdpx are read"))
        return None
    entry = None
    if archive is not None and "/" not in name.strip("/") and "\\" not in name:
        entry = archive.find_in_folder("sources", name.strip("/")) or archive.find(name)
    if entry is None:
        why = (f"its text file {name!r} is missing" if archive is not None else
               f"its text file {name!r} is not included (a bare .qde holds no files; "
               "import the .qdpx instead)")
        skipped.append(Skipped(what, why))
        return None
    assert archive is not None
    try:
        return decode_source(archive.read(entry))
    except UnicodeDecodeError:
        skipped.append(Skipped(what, f"its text file {name!r} is not UTF-8"))
        return None


# --- elements to records ---------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if isinstance(child.tag, str)
            and _local(child.tag) == name)


def _child(element: Element, name: str) -> Element | None:
    return next(_children(element, name), None)


def _text_of(element: Element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "") if child is not None else ""


def _description(element: Element) -> str:
    """The element's ``Description`` without the XML file's indentation (see
    :func:`without_indentation`)."""
    return without_indentation(_text_of(element, "Description"))


def _guid(element: Element, attribute: str = "guid") -> str:
    value = element.get(attribute)
    if value is None or not value.strip():
        label = element.get("name")
        where = f"<{_local(element.tag)}{f' name={label!r}' if label else ''}>"
        raise _Malformed(f"{where} has no {attribute}")
    return normalize_guid(value) or value.strip().strip("{}").lower()


def _optional_guid(element: Element, attribute: str) -> str | None:
    value = element.get(attribute)
    return _guid(element, attribute) if value and value.strip() else None


def _integer(element: Element, attribute: str) -> int:
    value = (element.get(attribute) or "").strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,15}", value):
        raise _Malformed(f"<{_local(element.tag)} guid={element.get('guid')!r}>: "
                         f"{attribute}={value!r} is not an integer")
    return int(value)


def _refs(element: Element, name: str) -> tuple[str, ...]:
    return tuple(_guid(ref, "targetGUID") for ref in _children(element, name))


def _codes(element: Element, depth: int) -> tuple[Code, ...]:
    """The codes under ``element``, which is at level ``depth`` (0: the <Codes> list)."""
    if depth > MAX_DEPTH:
        raise _Malformed(f"codes are nested more than {MAX_DEPTH} levels deep "
                         f"(Annotator accepts at most {MAX_DEPTH})")
    codes = []
    for item in _children(element, "Code"):
        codable = (item.get("isCodable") or "true").strip().lower() not in ("false", "0")
        codes.append(Code(
            _guid(item), item.get("name") or "", codable, parse_color(item.get("color")),
            _description(item), _refs(item, "NoteRef"), _codes(item, depth + 1),
        ))
    return tuple(codes)


def _codings(element: Element, skipped: list[Skipped]) -> tuple[Coding, ...]:
    codings = []
    for item in _children(element, "Coding"):
        ref = _child(item, "CodeRef")
        if ref is None:
            skipped.append(Skipped(f"coding {item.get('guid')}", "it names no code"))
            continue
        codings.append(Coding(_guid(item), _guid(ref, "targetGUID"),
                              _optional_guid(item, "creatingUser"),
                              item.get("creationDateTime"), _refs(item, "NoteRef")))
    return tuple(codings)


def _values(element: Element) -> tuple[VariableValue, ...]:
    values = []
    for item in _children(element, "VariableValue"):
        ref = _child(item, "VariableRef")
        if ref is None:
            raise _Malformed("a <VariableValue> has no <VariableRef>")
        for child in item:
            kind = _VALUE_KINDS.get(_local(child.tag)) if isinstance(child.tag, str) else None
            if kind is not None:  # xsd:string keeps its blanks; the other types do not
                text = child.text or ""
                values.append(VariableValue(_guid(ref, "targetGUID"), kind,
                                            text if kind == "Text" else text.strip()))
    return tuple(values)


def _text_source(item: Element, name: str, skipped: list[Skipped]) -> TextSource:
    selections = tuple(
        Selection(
            _guid(sel), _integer(sel, "startPosition"), _integer(sel, "endPosition"),
            sel.get("name") or "", _text_of(sel, "Description"), _codings(sel, skipped),
            _refs(sel, "NoteRef"), _optional_guid(sel, "creatingUser"),
            sel.get("creationDateTime"), sel.get("modifiedDateTime"),
        )
        for sel in _children(item, "PlainTextSelection")
    )
    inline = _child(item, "PlainTextContent")
    return TextSource(
        _guid(item), name, item.get("plainTextPath"),
        (inline.text or "") if inline is not None else None, _description(item),
        selections, _codings(item, skipped), _refs(item, "NoteRef"), _values(item),
        _optional_guid(item, "creatingUser"), item.get("creationDateTime"),
    )


def _sources(element: Element, skipped: list[Skipped]) -> list[TextSource]:
    sources: list[TextSource] = []
    for item in element:
        kind = _local(item.tag) if isinstance(item.tag, str) else ""
        name = source_title(item)
        if kind == "TextSource":
            sources.append(_text_source(item, name, skipped))
        elif kind == "PDFSource":
            areas = len(list(_children(item, "PDFSelection")))
            representation = _child(item, "Representation")
            if representation is not None:
                sources.append(_text_source(representation, name, skipped))
            else:
                skipped.append(Skipped(f"PDF {name!r}", "it has no plain-text representation; "
                                       "PDF files are not supported yet"))
            if areas:
                skipped.append(Skipped(f"{areas} PDF area selection(s) in {name!r}",
                                       "PDF areas are not supported yet"))
        elif kind in _MEDIA:
            label, selection_tag, why = _MEDIA[kind]
            count = len(list(_children(item, selection_tag)))
            transcripts = len(list(_children(item, "Transcript")))
            extra = f" with {count} selection(s)" if count else ""
            extra += f" and {transcripts} transcript(s)" if transcripts else ""
            skipped.append(Skipped(f"{label} {name!r}{extra}", why))
    return sources


def _project(root: Element, skipped: list[Skipped]) -> RefiProject:
    users_element = _child(root, "Users")
    users = tuple(User(_guid(u), u.get("name") or u.get("id") or "")
                  for u in (_children(users_element, "User") if users_element is not None
                            else ()))
    codebook, codes = _child(root, "CodeBook"), tuple[Code, ...]()
    if codebook is not None and (codes_element := _child(codebook, "Codes")) is not None:
        codes = _codes(codes_element, 0)
    variables_element = _child(root, "Variables")
    variables = tuple(
        Variable(_guid(v), v.get("name") or "", v.get("typeOfVariable") or "Text",
                 _text_of(v, "Description"))
        for v in (_children(variables_element, "Variable") if variables_element is not None
                  else ())
    )
    cases_element = _child(root, "Cases")
    cases = tuple(
        Case(_guid(c), c.get("name") or "", _values(c), _refs(c, "SourceRef"))
        for c in (_children(cases_element, "Case") if cases_element is not None else ())
    )
    sources_element = _child(root, "Sources")
    sources = _sources(sources_element, skipped) if sources_element is not None else []
    notes_element = _child(root, "Notes")
    notes = []
    for n in _children(notes_element, "Note") if notes_element is not None else ():
        inline = _child(n, "PlainTextContent")
        notes.append(Note(_guid(n), n.get("name") or "",
                          (inline.text or "") if inline is not None else None,
                          n.get("plainTextPath"), _text_of(n, "Description"),
                          _optional_guid(n, "creatingUser"), n.get("creationDateTime"),
                          n.get("modifiedDateTime")))
    links_element = _child(root, "Links")
    links = tuple(Link(_guid(k), _optional_guid(k, "originGUID"),
                       _optional_guid(k, "targetGUID"), k.get("name") or "")
                  for k in (_children(links_element, "Link") if links_element is not None
                            else ()))
    for container, item, why in (("Sets", "Set", "Annotator has no sets"),
                                 ("Graphs", "Graph", "Annotator has no network graphs")):
        element = _child(root, container)
        if element is not None and (count := len(list(_children(element, item)))):
            skipped.append(Skipped(f"{count} {item.lower()}(s)", why))
    return RefiProject(
        root.get("name") or "", root.get("origin") or "", users, codes, variables, cases,
        tuple(sources), tuple(notes), links, _description(root),
        note_guids=_refs(root, "NoteRef"),
    )
