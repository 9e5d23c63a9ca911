"""Write REFI-QDA files: a ``.qdc`` codebook and a ``.qdpx`` project archive.

Contract: what this module writes is valid against the REFI-QDA 1.0 schemas
(``Codebook.xsd``/``Project.xsd``; checked in the tests) provided the records carry valid
GUIDs, ``#rrggbb`` colours, ISO date-times and variable values of their declared type:

* the namespace is exactly ``urn:QDA-XML:{codebook,project}:1.0``, the default one;
* elements come in schema order and empty containers are left out;
* no ``basePath`` or ``currentPath`` (they leak the exporter's folders);
* characters XML 1.0 cannot carry are dropped from names, descriptions and notes, and
  their line breaks become ``\\n``;
* a ``.qdpx`` holds ``project.qde`` and, per text source, ``sources/<guid>.txt`` in UTF-8
  without a byte-order mark, exactly ``TextSource.text``, which the positions refer to
  in Unicode code points (a text that itself starts with U+FEFF gets a BOM in front, as
  readers drop one).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import IO
from xml.etree.ElementTree import Element, SubElement, tostring

from .refi_qda_model import (
    Code,
    Coding,
    Note,
    RefiProject,
    Selection,
    TextSource,
    VariableValue,
)

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_VALUE_ELEMENTS = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue",
                   "Float": "FloatValue", "Date": "DateValue", "DateTime": "DateTimeValue"}


def clean_xml_text(text: str) -> str:
    """``text`` with line breaks as ``\\n`` and characters XML 1.0 forbids removed."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def source_entry_name(source: TextSource) -> str:
    """The archive entry of a source's text: ``sources/<guid>.txt``."""
    return f"sources/{source.guid}.txt"


def codebook_xml(codes: Sequence[Code], origin: str) -> bytes:
    """A ``.qdc`` document holding ``codes`` (at least one: the schema requires it)."""
    if not codes:
        raise ValueError("a REFI-QDA codebook needs at least one code")
    root = Element("CodeBook", {"xmlns": CODEBOOK_NAMESPACE, "origin": clean_xml_text(origin)})
    _codes(SubElement(root, "Codes"), codes, in_project=False)
    return _serialise(root)


def project_xml(project: RefiProject) -> bytes:
    """A ``.qde`` document for ``project``; each source is referenced by its internal file
    (``internal://<guid>.txt``), never inlined."""
    attributes = {"xmlns": PROJECT_NAMESPACE, "name": clean_xml_text(project.name)}
    if project.origin:
        attributes["origin"] = clean_xml_text(project.origin)
    root = Element("Project", attributes)
    if project.users:
        users = SubElement(root, "Users")
        for user in project.users:
            SubElement(users, "User", {"guid": user.guid, "name": clean_xml_text(user.name)})
    if project.codes:
        _codes(SubElement(SubElement(root, "CodeBook"), "Codes"), project.codes,
               in_project=True)
    if project.variables:
        variables = SubElement(root, "Variables")
        for variable in project.variables:
            element = SubElement(variables, "Variable", {
                "guid": variable.guid, "name": clean_xml_text(variable.name),
                "typeOfVariable": variable.kind})
            _description(element, variable.description)
    if project.sources:
        sources = SubElement(root, "Sources")
        for source in project.sources:
            _source(sources, source)
    if project.notes:
        notes = SubElement(root, "Notes")
        for note in project.notes:
            _note(notes, note)
    _description(root, project.description)
    _note_refs(root, project.note_guids)
    return _serialise(root)


def write_qdpx(handle: IO[bytes], project: RefiProject, sources: Iterable[TextSource]) -> int:
    """Write a ``.qdpx`` archive to ``handle``; return the number of sources written.

    ``sources`` (each with ``text`` set) may be a generator: each text is written to the
    archive as it comes and not kept, so memory holds one text at a time. The
    ``sources`` of ``project`` itself are ignored.
    """
    written: list[TextSource] = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for source in sources:
            if source.text is None:
                raise ValueError(f"source {source.guid} has no text")
            data = source.text.encode("utf-8")
            if source.text.startswith("\ufeff"):
                # Readers drop one leading BOM; add one so that the text's own U+FEFF stays.
                data = codecs.BOM_UTF8 + data
            archive.writestr(source_entry_name(source), data)
            written.append(replace(source, text=None))
        archive.writestr("project.qde", project_xml(replace(project, sources=tuple(written))))
    return len(written)


def _serialise(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode"
                                                                  ).encode("utf-8") + b"\n"


def _description(parent: Element, text: str) -> None:
    if text:
        SubElement(parent, "Description").text = clean_xml_text(text)


def _note_refs(parent: Element, guids: Iterable[str]) -> None:
    for guid in guids:
        SubElement(parent, "NoteRef", {"targetGUID": guid})


def _user_and_time(attributes: dict[str, str], user: str | None, when: str | None,
                   user_key: str = "creatingUser", time_key: str = "creationDateTime") -> None:
    if user:
        attributes[user_key] = user
    if when and _DATE_TIME.fullmatch(when):
        attributes[time_key] = when


def _codes(parent: Element, codes: Iterable[Code], *, in_project: bool) -> None:
    for code in codes:
        attributes = {"guid": code.guid, "name": clean_xml_text(code.name),
                      "isCodable": "true" if code.codable else "false"}
        if code.color:
            attributes["color"] = code.color
        element = SubElement(parent, "Code", attributes)
        _description(element, code.description)
        if in_project:
            _note_refs(element, code.note_guids)
        _codes(element, code.children, in_project=in_project)


def _codings(parent: Element, codings: Iterable[Coding]) -> None:
    for coding in codings:
        attributes = {"guid": coding.guid}
        _user_and_time(attributes, coding.creating_user, coding.creation_time)
        element = SubElement(parent, "Coding", attributes)
        SubElement(element, "CodeRef", {"targetGUID": coding.code_guid})
        _note_refs(element, coding.note_guids)


def _selection(parent: Element, selection: Selection) -> None:
    attributes = {"guid": selection.guid, "name": clean_xml_text(selection.name),
                  "startPosition": str(selection.start), "endPosition": str(selection.end)}
    _user_and_time(attributes, selection.creating_user, selection.creation_time)
    if selection.modified_time and _DATE_TIME.fullmatch(selection.modified_time):
        attributes["modifiedDateTime"] = selection.modified_time
    element = SubElement(parent, "PlainTextSelection", attributes)
    _description(element, selection.description)
    _codings(element, selection.codings)
    _note_refs(element, selection.note_guids)


def _values(parent: Element, values: Iterable[VariableValue]) -> None:
    for value in values:
        element = SubElement(parent, "VariableValue")
        SubElement(element, "VariableRef", {"targetGUID": value.variable_guid})
        SubElement(element, _VALUE_ELEMENTS[value.kind]).text = clean_xml_text(value.value)


def _source(parent: Element, source: TextSource) -> None:
    attributes = {"guid": source.guid, "name": clean_xml_text(source.name),
                  "plainTextPath": f"internal://{source.guid}.txt"}
    _user_and_time(attributes, source.creating_user, source.creation_time)
    element = SubElement(parent, "TextSource", attributes)
    _description(element, source.description)
    for selection in source.selections:
        _selection(element, selection)
    _codings(element, source.codings)
    _note_refs(element, source.note_guids)
    _values(element, source.variable_values)


def _note(parent: Element, note: Note) -> None:
    attributes = {"guid": note.guid}
    if note.name:
        attributes["name"] = clean_xml_text(note.name)
    _user_and_time(attributes, note.creating_user, note.creation_time)
    if note.modified_time and _DATE_TIME.fullmatch(note.modified_time):
        attributes["modifiedDateTime"] = note.modified_time
    element = SubElement(parent, "Note", attributes)
    _description(element, note.description)
    SubElement(element, "PlainTextContent").text = clean_xml_text(note.text or "")
