"""Reading REFI-QDA XML: tolerance of real tools' variants, refusal of hostile XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.formats.refi_qda_model import iter_codes, normalize_guid
from annotator.formats.refi_qda_reader import parse_color, read_codebook, read_project

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"

G1 = "AAAAAAAA-1111-4111-8111-111111111111"
G2 = "{bbbbbbbb-2222-4222-8222-222222222222}"
G3 = "CCCCCCCC-3333-4333-8333-333333333333"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def qdpx(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/refi-qda is not present")
    return SHARED


def test_normalize_guid() -> None:
    assert normalize_guid(G1) == G1.lower()
    assert normalize_guid(G2) == G2.strip("{}")
    assert normalize_guid("{" + G1) is None
    assert normalize_guid("AAAAAAAA11114111811111111111111") is None


def test_parse_color_is_lenient() -> None:
    assert parse_color("#F00082") == "#f00082"
    assert parse_color("#abc") == "#aabbcc"
    assert parse_color("#11223344") == "#112233"
    assert parse_color("rgb(255, 0, 16)") == "#ff0010"
    assert parse_color("rgb(300,0,0)") is None
    assert parse_color("red") is None
    assert parse_color(None) is None


def test_codebook_namespace_variant_and_missing_is_codable(tmp_path: Path) -> None:
    path = write(tmp_path / "c.qdc", f"""<?xml version="1.0"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="NVivo 12 For Mac">
  <Codes>
    <Code guid="{G1}" name="Parent" isCodable="false">
      <Code guid="{G2}" name="a/b" color="rgb(0,128,0)"><Description>d</Description></Code>
    </Code>
    <Code guid="{G3}" name="Other" isCodable="true" color="bogus"/>
  </Codes>
  <Sets/>
</CodeBook>""")
    book = read_codebook(path)
    flat = [(tuple(a.name for a in anc), c.name, c.codable, c.color, c.guid)
            for anc, c in iter_codes(book.codes)]
    assert flat == [
        ((), "Parent", False, None, G1.lower()),
        (("Parent",), "a/b", True, "#008000", G2.strip("{}")),
        ((), "Other", True, None, G3.lower()),
    ]
    assert book.origin == "NVivo 12 For Mac"


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        ('<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>', "DTD or entities"),
        ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
         '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>', "DTD or entities"),
        ('<Project xmlns="urn:QDA-XML:project:1.0" name="x">', "not well-formed"),
        ("", "empty"),
        ('<Project xmlns="urn:example:other" name="x"/>', "not a REFI-QDA file"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "not <Project>"),
        ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>'
         '<Code name="no guid" isCodable="true"/></Codes></CodeBook></Project>',
         "<Code name='no guid'> has no guid"),
        ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
         f'<TextSource guid="{G1}"><PlainTextSelection guid="{G3}" startPosition="1.5" '
         'endPosition="4"/></TextSource></Sources></Project>', "startPosition='1.5' is not an integer"),
    ],
)
def test_hostile_or_malformed_qde_is_refused(tmp_path: Path, xml: str, reason: str) -> None:
    path = write(tmp_path / "bad.qde", xml)
    with pytest.raises(InputFileError) as caught:
        read_project(path)
    assert reason in caught.value.reason
    assert caught.value.path == str(path)


def test_deeply_nested_codes_are_refused(tmp_path: Path) -> None:
    depth = 300
    codes = "".join(f'<Code guid="{G1}" name="c{i}" isCodable="true">' for i in range(depth))
    path = write(tmp_path / "deep.qdc", '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                 + codes + "</Code>" * depth + "</Codes></CodeBook>")
    with pytest.raises(InputFileError, match="nested more than"):
        read_codebook(path)


def test_qdpx_variants_are_tolerated(tmp_path: Path) -> None:
    """`Sources/`, a .qde named after the project, a bare plainTextPath, a BOM, CRLF,
    uppercase and braced GUIDs, a missing source, a source outside the archive."""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:0:10" name="Trial" origin="QualCoder 3.5">
  <Sources>
    <TextSource guid="{G1}" name="one" plainTextPath="{G1}.txt">
      <PlainTextSelection guid="{G2}" startPosition="0" endPosition="3" name="abc">
        <Coding guid="{G3}"><CodeRef targetGUID="{G3.lower()}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{G3}" name="gone" plainTextPath="internal://{G3}.txt"/>
    <TextSource guid="dddddddd-4444-4444-8444-444444444444" name="far"
                plainTextPath="absolute:///C:/Users/me/x.txt"/>
    <TextSource guid="eeeeeeee-5555-4555-8555-555555555555" name="inline">
      <PlainTextContent>inline text</PlainTextContent>
    </TextSource>
  </Sources>
</Project>"""
    path = qdpx(tmp_path / "t.qdpx", {
        "Trial.qde": qde.encode(),
        f"Sources/{G1.lower()}.TXT": b"\xef\xbb\xbfabc\r\ndef",
        "sources/.root": b"",
    })
    loaded = read_project(path)
    assert loaded.project.origin == "QualCoder 3.5"
    assert loaded.texts == {G1.lower(): "abc\r\ndef",
                            "eeeeeeee-5555-4555-8555-555555555555": "inline text"}
    selection = loaded.project.sources[0].selections[0]
    assert (selection.guid, selection.codings[0].code_guid) == (G2.strip("{}"), G3.lower())
    reasons = {s.what: s.why for s in loaded.skipped}
    assert "missing" in reasons["source 'gone'"]
    assert "outside the archive" in reasons["source 'far'"]


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ({"sources/x.txt": b"x"}, "no project.qde"),
        ({"a.qde": b"<x/>", "b.qde": b"<x/>"}, "2 .qde files"),
        ({"project.qde": b"<Project/>", "../../evil.txt": b"x"}, "outside the archive"),
    ],
)
def test_bad_archives_are_refused(tmp_path: Path, entries: dict[str, bytes], reason: str) -> None:
    with pytest.raises(InputFileError, match=reason.replace(".", r"\.")):
        read_project(qdpx(tmp_path / "bad.qdpx", entries))


def test_xxe_inside_a_qdpx_is_refused(tmp_path: Path) -> None:
    qde = (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
           b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    with pytest.raises(InputFileError, match="DTD"):
        read_project(qdpx(tmp_path / "xxe.qdpx", {"project.qde": qde}))


def test_examples_parse(tmp_path: Path) -> None:
    folder = shared() / "examples"
    book = read_codebook(folder / "codebook.qdc")
    assert [c.name for _, c in iter_codes(book.codes)] == [
        "Transport", "Convenience", "Loss of community"]
    assert [s.what for s in book.skipped] == ["1 code set(s)"]
    loaded = read_project(folder / "minimal.qdpx")
    source = loaded.project.sources[0]
    assert [(s.start, s.end, s.name) for s in source.selections] == [
        (77, 99, "It saves me 20 minutes"), (106, 140, "I miss chatting with my neighbours")]
    assert loaded.project.cases[0].variable_values[0].value == "34"
    assert loaded.notes == {"5f416290-3470-554b-ac18-302d130430a2":
                            "Time savings come up spontaneously; compare with P02."}


def test_atlas_sample_reports_every_unsupported_thing() -> None:
    loaded = read_project(shared() / "samples" / "atlasti-mac-8.4__refi-spec-example__Project.qde")
    whats = " | ".join(f"{s.what}: {s.why}" for s in loaded.skipped)
    for expected in ("picture 'cornflakes-n-milk.jpg' with 1 selection(s)",
                     "4 PDF area selection(s)", "audio \"Jeanine's Breakfast.m4a\"",
                     "with 2 selection(s) and 1 transcript(s)", "16 set(s)", "1 graph(s)",
                     "source 'Simon.docx' with 3 selection(s): its text file"):
        assert expected in whats
    assert len(loaded.project.sources) == 8  # 6 TextSources + 2 PDF representations
    assert loaded.texts == {}
    assert len(loaded.project.links) == 1
