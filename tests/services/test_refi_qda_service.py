"""REFI-QDA export and import through the Project facade: validity, round trips, real files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import InputFileError, UserError
from annotator.domain.model import NewDocument
from annotator.domain.text import normalize_text
from annotator.services import Project
from annotator.services.refi_qda import export_qdc, export_qdpx, import_refi

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"
NS = "{urn:QDA-XML:project:1.0}"
NVIVO = "samples/nvivo-win-12.6__oltas0517.qdpx"
ATLAS = "samples/atlasti-mac-8.4__refi-spec-example__Project.qde"


def shared(name: str = "") -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/refi-qda is not present")
    return SHARED / name


def add(project: Project, text: str, title: str = "Doc", **kwargs: object) -> int:
    return project.documents.add(NewDocument(title=title, text=text, **kwargs)).document_id  # type: ignore[arg-type]


def sample_project(project: Project) -> None:
    doc = add(project, "Water 🙂 and migration.\nSecond line with é\u0301 and 𠀋.",
              title="News 1", date="2018-02-12", attributes={"outlet": "RFE", "pages": 3})
    add(project, "שלום עולם — a second text.", title="News 2", date="2019-05-01T10:00",
        attributes={"outlet": "X", "ok": True})
    parent, _ = project.tags.create("Security", color="#d62728", description="threats")
    child, _ = project.tags.create("Borders", parent_id=parent)
    water, _ = project.tags.create("Water")
    project.highlights.create(doc, 0, 5, [water, child], memo="a memo")
    project.highlights.create(doc, 8, 23, [parent])


def snapshot(project: Project) -> dict[str, object]:
    """Everything an exchange must keep, independent of ids."""
    paths = project.tags.paths()
    tags = sorted((paths[t.id], t.color, t.description) for t in project.tags.all())
    docs, highlights = [], []
    for doc_id in project.documents.ids():
        doc = project.documents.get(doc_id)
        docs.append((doc.title, doc.text, doc.date, doc.attributes))
        for h in project.highlights.for_document(doc_id):
            highlights.append((doc.title, h.start, h.end, h.quote, h.memo, h.coder,
                               sorted(paths[t] for t in h.tag_ids)))
    return {"tags": tags, "documents": sorted(docs, key=repr),
            "highlights": sorted(highlights, key=repr)}


# --- export ---------------------------------------------------------------------------


def test_export_is_schema_valid_stable_and_carries_the_text(project: Project,
                                                            tmp_path: Path) -> None:
    sample_project(project)
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    assert export_qdpx(project, first) == "2 documents, 3 tags, 2 highlights, 1 memo"
    export_qdpx(project, second)
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        qde = a.read("project.qde")
        assert qde == b.read("project.qde")  # same GUIDs (and everything else) twice
        schema = xmlschema.XMLSchema(str(shared("Project-mrt2019.xsd")))
        assert list(schema.iter_errors(qde.decode("utf-8"))) == []
        for doc_id in project.documents.ids():
            doc = project.documents.get(doc_id)
            assert a.read(f"sources/{doc.guid}.txt") == doc.text.encode("utf-8")
    root = ElementTree.fromstring(qde)
    guids = {e.get("guid") for e in root.iter() if e.get("guid")}
    tag_guids = {t.guid for t in project.tags.all()}
    assert tag_guids <= guids
    assert len(list(root.iter(f"{NS}Coding"))) == 3  # one per tag of each highlight
    assert len(list(root.iter(f"{NS}Note"))) == 1
    assert {v.get("name"): v.get("typeOfVariable") for v in root.iter(f"{NS}Variable")} == {
        "Date": "Text", "outlet": "Text", "pages": "Integer", "ok": "Boolean"}
    assert root.find(f"{NS}Users/{NS}User").get("name") == "tester"  # type: ignore[union-attr]


def test_export_qdc_is_schema_valid(project: Project, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="codebook is empty"):
        export_qdc(project, tmp_path / "empty.qdc")
    assert not (tmp_path / "empty.qdc").exists()
    sample_project(project)
    out = tmp_path / "book.qdc"
    assert export_qdc(project, out) == "3 tags"
    schema = xmlschema.XMLSchema(str(shared("Codebook-mrt2019.xsd")))
    assert list(schema.iter_errors(str(out))) == []
    other = Project.in_memory(coder="x")
    result = import_refi(other, out)
    assert result.tags_added == 3
    assert snapshot(other)["tags"] == snapshot(project)["tags"]


def test_round_trip_keeps_a_leading_zero_width_no_break_space(project: Project,
                                                              tmp_path: Path) -> None:
    doc = add(project, "\ufeff\ufeffstarts oddly 🙂")
    tag, _ = project.tags.create("t")
    text = project.documents.text(doc)
    project.highlights.create(doc, 0, len(text), [tag])
    out = tmp_path / "bom.qdpx"
    export_qdpx(project, out)
    other = Project.in_memory(coder="x")
    import_refi(other, out)
    assert snapshot(other) == snapshot(project)


def test_round_trip_into_an_empty_project(project: Project, tmp_path: Path) -> None:
    sample_project(project)
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    other = Project.in_memory(coder="someone else")
    result = import_refi(other, out)
    assert (result.documents_added, result.tags_added, result.highlights_added) == (2, 3, 2)
    assert snapshot(other) == snapshot(project)
    again = import_refi(other, out)  # importing twice adds nothing
    assert (again.documents_added, again.tags_added, again.highlights_added) == (0, 0, 0)
    assert (again.documents_matched, again.highlights_matched) == (2, 2)


HARD_TEXT = st.lists(
    st.sampled_from(["a", "b", " ", "\n", "\t", ".", "\u00e9", "e\u0301", "🙂",
                     "👩\u200d🔬", "𠀋", "ש", "\u200f", "中", "\ufeff", "\r\n"]),
    min_size=1, max_size=30,
).map("".join).filter(lambda s: normalize_text(s).strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(HARD_TEXT, min_size=1, max_size=3, unique=True), data=st.data())
def test_round_trip_is_lossless_for_hard_text(tmp_path: Path, texts: list[str],
                                              data: st.DataObject) -> None:
    with Project.in_memory(coder="c") as source:
        tag, _ = source.tags.create("t")
        for i, text in enumerate(texts):
            doc = add(source, text, title=f"d{i}")
            stored = source.documents.text(doc)
            start = data.draw(st.integers(0, len(stored) - 1))
            end = data.draw(st.integers(start + 1, len(stored)))
            source.highlights.create(doc, start, end, [tag])
        out = tmp_path / "h.qdpx"
        export_qdpx(source, out)
        with Project.in_memory(coder="d") as target:
            import_refi(target, out)
            assert snapshot(target) == snapshot(source)


# --- real and example files -----------------------------------------------------------


def test_nvivo_sample_every_code_and_quote(project: Project) -> None:
    path = shared(NVIVO)
    result = import_refi(project, path)
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
        texts = {n.split("/")[1][:-4]: archive.read(n) for n in archive.namelist()
                 if n.endswith(".txt")}
    # Every code, with its path.
    expected_paths = set()

    def walk(element: ElementTree.Element, prefix: tuple[str, ...]) -> None:
        for code in element.findall(f"{NS}Code"):
            path = (*prefix, code.get("name", ""))
            expected_paths.add(path)
            walk(code, path)

    walk(root.find(f"{NS}CodeBook/{NS}Codes"), ())  # type: ignore[arg-type]
    assert len(expected_paths) == 152
    assert set(project.tags.paths().values()) == expected_paths
    # Every selection: the quote is the UTF-16 slice of the raw text (BOM dropped, CRLF 2).
    code_paths = {}
    for code in root.iter(f"{NS}Code"):
        code_paths[code.get("guid")] = code.get("name")
    by_guid = {}
    for doc_id in project.documents.ids():
        for h in project.highlights.for_document(doc_id):
            by_guid[h.guid] = h
    count = 0
    paths = project.tags.paths()
    for source in root.iter(f"{NS}TextSource"):
        raw = texts[source.get("guid")]  # type: ignore[index]
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        units = raw[3:].decode("utf-8").encode("utf-16-le")
        for selection in source.findall(f"{NS}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))  # type: ignore[arg-type]
            quote = normalize_text(units[2 * start: 2 * end].decode("utf-16-le"))
            highlight = by_guid[selection.get("guid")]
            assert highlight.quote == quote
            names = sorted(code_paths[c.get("targetGUID")]
                           for c in selection.iter(f"{NS}CodeRef"))
            assert sorted(paths[t][-1] for t in highlight.tag_ids) == names
            count += 1
    assert count == 303 == result.highlights_added
    assert any("UTF-16 code units" in line and "303 of 303" in line
               for line in result.summary_lines())


def test_atlas_sample_codes_and_reported_losses(project: Project) -> None:
    result = import_refi(project, shared(ATLAS))
    tags = {t.name: t for t in project.tags.all()}
    assert len(tags) == 14
    assert tags["Coke::diet Coke"].color == "#966450"
    assert tags["Coke::diet Coke"].description == "non sucré"
    assert tags['"rushed"'].color == "#f00082"
    assert tags["milk"].color.startswith("#")  # no colour in the file: a palette colour
    assert project.documents.count() == 0
    text = "\n".join(result.summary_lines())
    for expected in ("images are not supported yet", "PDF areas are not supported yet",
                     "audio is not supported yet", "video is not supported yet",
                     "16 set(s)", "1 graph(s)", "source 'Mabel.txt' with 1 selection(s)",
                     "2 notes attached to nothing that was imported went into the project "
                     "memo"):
        assert expected in text
    assert len(re.findall("is not included", text)) == 8
    # Its two notes (a free memo, and a memo on a video quotation that is not imported)
    # keep their names, description and text in the project memo, by their author.
    memo = project.memos.project_memo()
    assert memo is not None and project.memos.count() == 1
    assert memo.text == (
        "Research Plan\n\nday to day log about this amazing project\n\nThis is a great "
        "project by a dynamic team of researcher-developers.\n\nMy favorite Coke ad\n\n"
        "This version is much better than the new Director’s cut")
    assert (memo.author, memo.created_at, memo.modified_at) == (
        "Friedrich Markgraf", "2018-03-27T19:38:46Z", "2018-03-27T19:41:09Z")


def test_minimal_example_quotes_memo_and_case_variable(project: Project) -> None:
    result = import_refi(project, shared("examples/minimal.qdpx"))
    assert result.highlights_added == 2
    doc = project.documents.get(project.documents.ids()[0])
    assert doc.title == "Interview P01"
    assert doc.attributes == {"Age": 34, "Description": "Transcript of the first interview.",
                              "Case": "Participant P01"}
    highlights = project.highlights.for_document(doc.id)
    paths = project.tags.paths()
    assert [(h.quote, h.memo, [paths[t] for t in h.tag_ids], h.coder) for h in highlights] == [
        ("It saves me 20 minutes", "Time savings come up spontaneously; compare with P02.",
         [("Transport", "Convenience")], "Ada Researcher"),
        ("I miss chatting with my neighbours", "", [("Transport", "Loss of community")],
         "Ada Researcher"),
    ]
    assert highlights[1].start == 106  # code points, not UTF-16 (107)
    assert project.tags.get(project.tags.find(["Transport"])).color == "#808080"  # type: ignore[arg-type]


def test_codebook_merges_by_path(project: Project) -> None:
    existing, _ = project.tags.create("Transport", color="#000000")
    result = import_refi(project, shared("examples/codebook.qdc"))
    assert (result.tags_added, result.tags_matched) == (2, 1)
    assert project.tags.get(existing).color == "#000000"  # the project's tag is kept
    assert project.tags.find(["Transport", "Loss of community"]) is not None


# --- tolerance of tools' variants ------------------------------------------------------

G = "{:08X}-0000-4000-8000-{:012X}".format


def build_qdpx(path: Path, qde: str, files: dict[str, bytes], qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def selection_xml(guid: str, start: int, end: int, name: str, codes: list[str],
                  description: str = "") -> str:
    codings = "".join(f'<Coding guid="{G(90, i)}"><CodeRef targetGUID="{c}"/></Coding>'
                      for i, c in enumerate(codes))
    desc = f"<Description>{description}</Description>" if description else ""
    return (f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" '
            f'endPosition="{end}">{desc}{codings}</PlainTextSelection>')


def project_xml(origin: str, source: str, path_attr: str, selections: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="T" origin="{origin}">
  <CodeBook><Codes>
    <Code guid="{{{G(1, 1).lower()}}}" name="Folder/one" isCodable="false">
      <Code guid="{G(1, 2)}" name="Child" isCodable="true" color="#ABC"/>
    </Code>
    <Code guid="{G(1, 3)}" name="Other"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{source}" name="Doc" plainTextPath="{path_attr}">{selections}</TextSource>
  </Sources>
</Project>"""


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


@pytest.mark.parametrize("tool", ["NVivo for Windows 12.6", "QualCoder 3.5", "ATLAS.ti 9.1"])
def test_tool_units_bom_crlf_and_layout_variants(project: Project, tmp_path: Path,
                                                 tool: str) -> None:
    raw = "Intro 🙂🙂 line\r\nThe water 💧 is scarce.\r\nBorders 𠀋 are closed 🚧 now.\r\n"
    quotes = ["water 💧 is scarce", "Borders 𠀋 are closed", "now"]
    collapsed = raw.replace("\r\n", "\n")
    selections = []
    for i, quote in enumerate(quotes):
        if tool.startswith("NVivo"):
            start, end = utf16(raw, raw.index(quote)), utf16(raw, raw.index(quote) + len(quote))
            name = ""
        elif tool.startswith("ATLAS"):
            start = collapsed.index(quote)
            end, name = start + len(quote), quote
        else:
            start = raw.index(quote)
            end, name = start + len(quote), quote
        codes = [G(1, 2), G(1, 3).lower()] if i == 0 else [G(1, 3)]
        selections.append(selection_xml(G(2, i), start, end, name, codes))
    source = G(3, 1)
    qde = project_xml(tool, source, f"{source.lower()}.txt", "".join(selections))
    path = build_qdpx(tmp_path / "v.qdpx", qde, {f"Sources/{source}.txt":
                                                 b"\xef\xbb\xbf" + raw.encode("utf-8")},
                      qde_name="T.qde")
    result = import_refi(project, path)
    doc_id = project.documents.ids()[0]
    assert project.documents.text(doc_id) == normalize_text(raw)
    highlights = project.highlights.for_document(doc_id)
    assert [h.quote for h in highlights] == quotes
    paths = project.tags.paths()
    assert sorted(paths[t] for t in highlights[0].tag_ids) == [("Folder/one", "Child"), ("Other",)]
    assert project.tags.get(project.tags.find(["Folder/one", "Child"])).color == "#aabbcc"  # type: ignore[arg-type]
    assert result.highlights_added == 3


def test_bad_selections_are_reported_and_the_rest_imported(project: Project,
                                                           tmp_path: Path) -> None:
    raw = "hello world"
    sels = (selection_xml(G(2, 1), 0, 5, "hello", [G(1, 3)])
            + selection_xml(G(2, 2), 6, 99, "", [G(1, 3)])
            + selection_xml(G(2, 3), 6, 11, "world", [G(9, 9)], description="a comment"))
    qde = project_xml("QualCoder", G(3, 1), f"internal://{G(3, 1)}.txt", sels)
    path = build_qdpx(tmp_path / "b.qdpx", qde, {f"sources/{G(3, 1)}.txt": raw.encode()})
    result = import_refi(project, path)
    lines = "\n".join(result.summary_lines())
    assert "selection '" in lines and "positions 6..99 do not fit the text" in lines
    assert "which is not a code of the file" in lines
    highlights = project.highlights.for_document(project.documents.ids()[0])
    assert [(h.quote, h.memo, len(h.tag_ids)) for h in highlights] == [
        ("hello", "", 1), ("world", "a comment", 0)]


# --- hostile and broken files: refused, nothing written ---------------------------------


def hostile_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = project_xml("X", G(3, 1), f"internal://{G(3, 1)}.txt",
                       selection_xml(G(2, 1), 0, 2, "", [G(1, 3)]))
    xxe = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    laughs = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>')
    not_zip = tmp_path / "not.qdpx"
    not_zip.write_bytes(b"hello, not a zip")
    whole = build_qdpx(tmp_path / "whole.qdpx", good, {f"sources/{G(3, 1)}.txt": b"hi there"})
    truncated = tmp_path / "trunc.qdpx"
    truncated.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    bomb = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", good)
        archive.writestr(f"sources/{G(3, 1)}.txt", bytes(3 * 1024**2))
    return {
        "traversal": (build_qdpx(tmp_path / "t.qdpx", good, {"../../evil.txt": b"x"}),
                      "outside the archive"),
        "bomb": (bomb, "zip bomb"),
        "xxe": (build_qdpx(tmp_path / "x.qdpx", xxe, {}), "DTD"),
        "billion laughs": (build_qdpx(tmp_path / "l.qdpx", laughs, {}), "DTD"),
        "not a zip": (not_zip, "not a ZIP archive"),
        "truncated": (truncated, "truncated"),
        "no qde": (build_qdpx(tmp_path / "n.qdpx", good, {}, qde_name="sources/p.txt"),
                   "no project.qde"),
    }


@pytest.mark.parametrize("case", ["traversal", "bomb", "xxe", "billion laughs", "not a zip",
                                  "truncated", "no qde"])
def test_hostile_files_are_refused_and_nothing_is_written(tmp_path: Path, case: str) -> None:
    path, reason = hostile_files(tmp_path)[case]
    with Project.open(tmp_path / "p.annotator", coder="t") as project:
        add(project, "existing document")
        before = (project.documents.count(), len(project.tags.all()), project.highlights.count())
        with pytest.raises(InputFileError) as caught:
            import_refi(project, path)
        assert reason in caught.value.reason
        assert str(path) in str(caught.value)
        assert (project.documents.count(), len(project.tags.all()),
                project.highlights.count()) == before


def test_failure_midway_rolls_everything_back(project: Project, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "p.qdpx"
    sample_project(project)
    export_qdpx(project, out)
    target = Project.in_memory(coder="x")
    calls = []

    def failing_insert(*args: object, **kwargs: object) -> int:
        calls.append(1)
        raise UserError("disk full (simulated)")

    monkeypatch.setattr(target.store.highlights, "insert", failing_insert)
    with pytest.raises(InputFileError, match="disk full"):
        import_refi(target, out)
    assert calls
    assert (target.documents.count(), len(target.tags.all())) == (0, 0)


def test_whole_source_coding_and_memo_linked_to_a_selection(project: Project,
                                                            tmp_path: Path) -> None:
    """A Coding on the source codes the whole document; an ATLAS.ti-style Link from a
    Note to a selection becomes that highlight's memo."""
    raw = "whole text here"
    selection = selection_xml(G(2, 1), 6, 10, "text", [G(1, 3)])
    whole = f'<Coding guid="{G(4, 1)}"><CodeRef targetGUID="{G(1, 2)}"/></Coding>'
    qde = project_xml("ATLAS.ti 9", G(3, 1), f"internal://{G(3, 1)}.txt", selection + whole)
    qde = qde.replace("</Sources>", f"""</Sources>
  <Notes><Note guid="{G(5, 1)}" name="m"><PlainTextContent>linked memo</PlainTextContent></Note></Notes>
  <Links><Link guid="{G(6, 1)}" originGUID="{G(5, 1)}" targetGUID="{G(2, 1)}"/></Links>""")
    path = build_qdpx(tmp_path / "w.qdpx", qde, {f"sources/{G(3, 1)}.txt": raw.encode()})
    result = import_refi(project, path)
    highlights = project.highlights.for_document(project.documents.ids()[0])
    paths = project.tags.paths()
    assert sorted((h.quote, h.memo, [paths[t] for t in h.tag_ids]) for h in highlights) == [
        ("text", "linked memo", [("Other",)]),
        ("whole text here", "", [("Folder/one", "Child")]),
    ]
    assert any("whole document" in line for line in result.summary_lines())
    assert not any("note" in line for line in result.summary_lines() if "not imported" in line)
