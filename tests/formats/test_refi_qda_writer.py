"""The REFI-QDA writer produces schema-valid XML and a well-formed .qdpx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema

from annotator.formats.refi_qda_model import (
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
from annotator.formats.refi_qda_reader import read_project
from annotator.formats.refi_qda_writer import clean_xml_text, codebook_xml, project_xml, write_qdpx

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"
U = "11111111-1111-4111-8111-111111111111"
C1, C2 = "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333"
S = "44444444-4444-4444-8444-444444444444"
N = "55555555-5555-4555-8555-555555555555"
V = ["66666666-6666-4666-8666-66666666666" + str(i) for i in range(6)]


def schema(name: str) -> xmlschema.XMLSchema:
    if not SHARED.is_dir():
        pytest.skip("../shared/refi-qda is not present")
    return xmlschema.XMLSchema(str(SHARED / name))


CODES = (Code(C1, "Parent \x01<&>", True, "#aabbcc", "line\r\nbreak", children=(
    Code(C2, "Child 🙂", True, None, ""),)),)
KINDS = [("Text", "x"), ("Boolean", "true"), ("Integer", "-3"), ("Float", "1.5"),
         ("Date", "2020-01-31"), ("DateTime", "2020-01-31T10:00:00")]
PROJECT = RefiProject(
    "P \ufffe name", "Annotator test", (User(U, "ada"),), CODES,
    tuple(Variable(V[i], kind, kind) for i, (kind, _) in enumerate(KINDS)),
    notes=(Note(N, "memo", "a memo\x00 with NUL", creating_user=U,
                creation_time="2020-01-01T00:00:00Z"),),
)
SOURCE = TextSource(
    S, "doc", text="héllo 🙂 world\n",
    selections=(Selection("77777777-7777-4777-8777-777777777777", 0, 5, "héllo",
                          codings=(Coding("88888888-8888-4888-8888-888888888888", C1, U,
                                          "2020-01-01T00:00:00Z"),
                                   Coding("99999999-9999-4999-8999-999999999999", C2)),
                          note_guids=(N,), creating_user=U,
                          creation_time="not a date", modified_time="2020-01-02T00:00:00Z"),),
    codings=(Coding("aaaaaaaa-0000-4000-8000-000000000000", C2),),
    variable_values=tuple(VariableValue(V[i], kind, value)
                          for i, (kind, value) in enumerate(KINDS)),
)


def test_project_xml_is_schema_valid_and_has_no_paths() -> None:
    xml = project_xml(RefiProject(**{**PROJECT.__dict__, "sources": (SOURCE,)}))
    errors = list(schema("Project-mrt2019.xsd").iter_errors(xml.decode("utf-8")))
    assert errors == []
    assert b"basePath" not in xml and b"currentPath" not in xml
    assert b"\x01" not in xml and "\ufffe".encode() not in xml
    assert b'plainTextPath="internal://' + S.encode() + b'.txt"' in xml
    assert b'creationDateTime="not a date"' not in xml  # invalid stamps are left out


def test_codebook_xml_is_schema_valid() -> None:
    xml = codebook_xml(CODES, "Annotator test")
    assert list(schema("Codebook-mrt2019.xsd").iter_errors(xml.decode("utf-8"))) == []
    with pytest.raises(ValueError):
        codebook_xml((), "x")


def test_qdpx_holds_project_and_utf8_sources_and_reads_back(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    assert write_qdpx(buffer, PROJECT, iter([SOURCE])) == 1
    path = tmp_path / "out.qdpx"
    path.write_bytes(buffer.getvalue())
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["project.qde", f"sources/{S}.txt"]
        assert archive.read(f"sources/{S}.txt") == "héllo 🙂 world\n".encode()  # no BOM
    loaded = read_project(path)
    assert loaded.texts == {S: "héllo 🙂 world\n"}
    source = loaded.project.sources[0]
    assert [c.code_guid for c in source.selections[0].codings] == [C1, C2]
    assert [c.code_guid for c in source.codings] == [C2]
    assert [(v.kind, v.value) for v in source.variable_values] == KINDS
    assert loaded.notes == {N: "a memo with NUL"}
    assert loaded.project.codes[0].description == "line\nbreak"


def test_clean_xml_text() -> None:
    assert clean_xml_text("a\r\nb\rc\x00d\x1f\ufffe🙂") == "a\nb\ncd🙂"
