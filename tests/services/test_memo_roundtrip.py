"""Memos of every kind through the coded-dataset JSON (version 2, and version 1 files), the
CSV of memos and REFI-QDA, and the import rules for memos (matched, appended, undone)."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.memos import MEMO_KINDS, MemoPlace
from annotator.formats.coded_dataset import schema_text
from annotator.services import Project
from annotator.services.dataset_merge import merge_dataset
from annotator.services.exporting import export_json
from annotator.services.import_undo import import_footprint, redo_import, undo_import
from annotator.services.memo_export import export_memos_csv
from annotator.services.refi_qda import export_qdpx, import_refi
from helpers import SHARED, add_text
from memo_scenarios import memos_of_every_kind, portable

VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))
REFI = SHARED / "refi-qda"
NS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def source() -> Project:
    with Project.in_memory(coder="ana") as project:
        memos_of_every_kind(project)
        yield project


# --- coded dataset JSON --------------------------------------------------------------------


def test_json_version_2_carries_every_memo_and_reads_back_the_same(
        source: Project, tmp_path: Path) -> None:
    out = tmp_path / "memos.json"
    assert export_json(source, out).endswith("7 memos")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(VALIDATOR.iter_errors(data)) == []
    assert data["version"] == 2
    assert sorted(m["kind"] for m in data["memos"]) == sorted(
        [*MEMO_KINDS, "span", "span"])
    [highlight] = data["annotations"]
    [record] = [m for m in data["memos"] if m["kind"] == "highlight"]
    assert record["annotation"] == highlight["id"] and highlight["memo"] == record["text"]
    with Project.in_memory(coder="someone else") as target:
        result = merge_dataset(target, out)
        assert (result.memos_added, result.memos_matched) == (7, 0)
        assert portable(target) == portable(source)
        again = tmp_path / "again.json"
        export_json(target, again)
        second = json.loads(again.read_text(encoding="utf-8"))
        assert _without_ids(second["memos"]) == _without_ids(data["memos"])
        # The same file again adds nothing.
        repeat = merge_dataset(target, out)
        assert (repeat.memos_added, repeat.memos_matched, len(repeat.amended_memos)) == (0, 7, 0)
        assert portable(target) == portable(source)


def _without_ids(records: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return sorted(({k: v for k, v in r.items() if k not in ("id", "document", "tag",
                                                             "annotation")}
                   for r in records), key=repr)


def test_a_version_1_file_gives_its_annotation_memos_as_highlight_memos(
        source: Project, tmp_path: Path) -> None:
    out = tmp_path / "v2.json"
    export_json(source, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["version"] = 1
    del data["memos"]
    assert list(VALIDATOR.iter_errors(data)) == []
    old = tmp_path / "v1.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    with Project.in_memory(coder="reader") as target:
        merge_dataset(target, old)
        [memo] = target.memos.select()
        [annotation] = data["annotations"]
        assert (memo.kind, memo.text, memo.author, memo.created_at, memo.modified_at) == (
            "highlight", annotation["memo"], annotation["coder"], annotation["created_at"],
            annotation["modified_at"])


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d: d["memos"].append(dict(d["memos"][0], id=99)), "already the memo of"),
    (lambda d: _first(d, "span").update(quote="zz"), "quote does not match"),
    (lambda d: _first(d, "span").update(end=10**6), "does not fit"),
    (lambda d: _first(d, "tag").update(tag=77), "unknown tag id 77"),
    (lambda d: _first(d, "tag").update(document=1), "unexpected field 'document'"),
    (lambda d: _first(d, "highlight").update(annotation=5), "unknown annotation id 5"),
    (lambda d: d["annotations"][0].update(memo="not the same"), "annotations\\[0\\].memo"),
    (lambda d: _first(d, "project").update(kind="free"), "is not one of"),
    (lambda d: d.update(version=1), "unexpected field 'memos'"),
])
def test_a_bad_memo_refuses_the_whole_file(source: Project, tmp_path: Path, damage,  # type: ignore[no-untyped-def]
                                           message: str) -> None:
    out = tmp_path / "memos.json"
    export_json(source, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    damage(data)
    out.write_text(json.dumps(data), encoding="utf-8")
    with Project.in_memory() as target:
        with pytest.raises(Exception, match=message) as error:
            merge_dataset(target, out)
        assert str(out) in str(error.value)
        assert target.memos.count() == target.documents.count() == 0


def _first(data: dict, kind: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in data["memos"] if m["kind"] == kind)


def test_a_merge_appends_a_colleagues_memo_and_undo_takes_it_back(
        source: Project, tmp_path: Path) -> None:
    out = tmp_path / "memos.json"
    export_json(source, out)
    with Project.in_memory(coder="carla") as colleague:
        merge_dataset(colleague, out)
        doc = colleague.documents.ids()[0]
        colleague.memos.write(MemoPlace.document(doc), "Carla: I read it as a warning.")
        theirs = tmp_path / "theirs.json"
        export_json(colleague, theirs)
    before = portable(source)
    document = source.memos.for_document(source.documents.ids()[0])
    result = merge_dataset(source, theirs)
    assert (result.memos_added, len(result.amended_memos)) == (0, 1)
    merged = source.memos.for_document(source.documents.ids()[0])
    assert merged is not None and merged.text == (
        "Formulaic readout; note the order.\n\nCarla: I read it as a warning.")  # (its
    # own trailing line break goes: the appended text follows one blank line)
    footprint = import_footprint(source, result.changes, result.amended,
                                 result.amended_memos)
    undone, changes = undo_import(source, footprint)
    assert portable(source) == before
    assert source.memos.for_document(source.documents.ids()[0]) == document
    assert changes.memos.updated == {merged.id}
    redo_import(source, undone)
    assert source.memos.for_document(source.documents.ids()[0]) == merged


def test_undo_of_an_import_takes_its_memos_and_refuses_when_written_on(
        source: Project, tmp_path: Path) -> None:
    out = tmp_path / "memos.json"
    export_json(source, out)
    with Project.in_memory(coder="dora") as target:
        result = merge_dataset(target, out)
        footprint = import_footprint(target, result.changes, result.amended,
                                     result.amended_memos)
        undone, _ = undo_import(target, footprint)
        assert target.memos.count() == 0
        redo_import(target, undone)
        assert portable(target) == portable(source)
        doc = target.documents.ids()[1]
        target.memos.create_span(doc, 0, 3, "written after the import")
        with pytest.raises(Exception, match="1 memo written on its documents"):
            undo_import(target, footprint)
        assert target.memos.count() == 8


# --- the CSV of memos ---------------------------------------------------------------------


def test_the_csv_has_one_row_per_memo_with_its_place(source: Project, tmp_path: Path) -> None:
    out = tmp_path / "memos.csv"
    assert export_memos_csv(source, out) == "7 memos"
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    memos = {m.id: m for m in source.memos.select()}
    assert sorted(int(r["memo_id"]) for r in rows) == sorted(memos)
    titles = {d: source.documents.summaries([d])[0].title for d in source.documents.ids()}
    for row in rows:
        memo = memos[int(row["memo_id"])]
        assert (row["kind"], row["text"], row["author"], row["guid"]) == (
            memo.kind, memo.text, memo.author, memo.guid)
        assert row["document_title"] == (titles[memo.document_id] if memo.document_id
                                         else "")
        if memo.quote is not None:
            text = source.documents.text(memo.document_id or 0)
            assert text[int(row["start"]):int(row["end"])] == row["quote"] == memo.quote
    tag_row = next(r for r in rows if r["kind"] == "tag")
    assert tag_row["tag_path"] == "security/borders"


def test_the_spreadsheet_csv_makes_formulas_inert(tmp_path: Path) -> None:
    with Project.in_memory() as project:
        project.memos.write(MemoPlace.project(), "=HYPERLINK(\"http://x\")")
        out = tmp_path / "excel.csv"
        export_memos_csv(project, out, for_spreadsheet=True)
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        [row] = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert row["text"] == "'=HYPERLINK(\"http://x\")"


# --- REFI-QDA -----------------------------------------------------------------------------


def test_refi_qda_carries_every_memo_as_a_note_and_reads_back_the_same(
        source: Project, tmp_path: Path) -> None:
    if not REFI.is_dir():
        pytest.skip("../shared/refi-qda is not present")
    out = tmp_path / "memos.qdpx"
    assert export_qdpx(source, out).endswith("7 memos")
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
    xmlschema.XMLSchema(str(REFI / "Project-mrt2019.xsd")).validate(qde)
    root = ElementTree.fromstring(qde)
    notes = {n.get("guid"): n for n in root.iter(f"{NS}Note")}
    assert len(notes) == 7 and set(notes) == {m.guid for m in source.memos.select()}
    referrers = {ref.get("targetGUID"): parent.tag.replace(NS, "")
                 for parent in root.iter() for ref in parent if ref.tag == f"{NS}NoteRef"}
    kinds = {m.guid: m.kind for m in source.memos.select()}
    where = {"project": "Project", "document": "TextSource", "tag": "Code",
             "highlight": "PlainTextSelection", "span": "PlainTextSelection"}
    assert {guid: referrers[guid] for guid in notes} == {g: where[k] for g, k in kinds.items()}
    uncoded = [s for s in root.iter(f"{NS}PlainTextSelection") if s.find(f"{NS}Coding") is None]
    assert len(uncoded) == 3  # the span memos
    with Project.in_memory(coder="someone else") as target:
        result = import_refi(target, out)
        assert result.memos_added == 7
        assert portable(target) == portable(source)
        import_refi(target, out)  # again: nothing new
        assert portable(target) == portable(source)


def test_the_minimal_example_note_is_its_selections_memo(project: Project) -> None:
    if not REFI.is_dir():
        pytest.skip("../shared/refi-qda is not present")
    import_refi(project, REFI / "examples" / "minimal.qdpx")
    with zipfile.ZipFile(REFI / "examples" / "minimal.qdpx") as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
    description = root.findtext("{urn:QDA-XML:project:1.0}Description")
    project_memo, memo = sorted(project.memos.select(), key=lambda m: m.kind != "project")
    assert (project_memo.kind, project_memo.text) == ("project", description)
    assert (memo.kind, memo.quote, memo.text, memo.author, memo.created_at) == (
        "highlight", "It saves me 20 minutes",
        "Time savings come up spontaneously; compare with P02.", "Ada Researcher",
        "2025-01-15T09:45:00Z")
    assert memo.guid == "5f416290-3470-554b-ac18-302d130430a2"


def test_the_nvivo_sample_has_no_notes_and_its_code_memos_stay_descriptions(
        project: Project) -> None:
    sample = REFI / "samples" / "nvivo-win-12.6__oltas0517.qdpx"
    if not sample.exists():
        pytest.skip("the NVivo sample is not present")
    import_refi(project, sample)
    with zipfile.ZipFile(sample) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
    described = sum(1 for code in root.iter(f"{NS}Code")
                    if (code.findtext(f"{NS}Description") or "").strip())
    assert sum(1 for t in project.tags.all() if t.description) == described
    assert project.memos.count() == len(list(root.iter(f"{NS}Note"))) == 0


def test_an_uncoded_selection_with_a_comment_becomes_a_span_memo(
        project: Project, tmp_path: Path) -> None:
    text = "Interview: the bus 🚌 is late again."
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="T" origin="MAXQDA 2022">
  <Users><User guid="00000000-0000-4000-8000-000000000001" name="Mia"/></Users>
  <Sources><TextSource guid="00000000-0000-4000-8000-000000000002" name="I1"
      plainTextPath="internal://00000000-0000-4000-8000-000000000002.txt">
    <PlainTextSelection guid="00000000-0000-4000-8000-000000000003" startPosition="15"
        endPosition="20" creatingUser="00000000-0000-4000-8000-000000000001"
        creationDateTime="2024-03-01T10:00:00Z"><Description>Why late?</Description>
    </PlainTextSelection></TextSource></Sources></Project>"""
    path = tmp_path / "comment.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/00000000-0000-4000-8000-000000000002.txt",
                         text.encode("utf-8"))
    import_refi(project, path)
    [memo] = project.memos.select()
    assert (memo.kind, memo.quote, memo.text, memo.author, memo.created_at) == (
        "span", text[15:20], "Why late?", "Mia", "2024-03-01T10:00:00Z")
    assert project.highlights.count() == 0


hard = st.sampled_from(["👩‍👩‍👧‍👦", "e\u0301", "𠀋", "שָׁלוֹם", "\n", "🇰🇿", "中文", " ", "a"])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(st.text(min_size=1, max_size=12), hard), min_size=1,
                      max_size=10), data=st.data())
def test_span_memos_keep_their_spans_through_json_and_refi_qda(
        tmp_path: Path, parts: list[str], data: st.DataObject) -> None:
    with Project.in_memory(coder="ana") as project:
        doc = add_text(project, "x" + "".join(parts))
        text = project.documents.text(doc)
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        project.memos.create_span(doc, start, end, "on this")
        expected = portable(project)
        for name, export, read in (("a.json", export_json, merge_dataset),
                                   ("a.qdpx", export_qdpx, import_refi)):
            out = tmp_path / name
            export(project, out)
            with Project.in_memory(coder="other") as target:
                read(target, out)
                assert portable(target) == expected
                [memo] = target.memos.select()
                assert target.documents.text(memo.document_id)[start:end] == memo.quote  # type: ignore[arg-type]


def test_an_untagged_highlight_with_a_memo_stays_a_highlight_through_refi_qda(
        tmp_path: Path) -> None:
    """Both are uncoded selections with a note; Annotator's span memo is told apart by
    the GUID it derives for its selection."""
    with Project.in_memory(coder="ana") as project:
        doc = add_text(project, "Water and security 🙂 again.")
        tag = project.tags.create("gone")[0]
        highlight = project.highlights.create(doc, 0, 5, [tag], memo="on a highlight")[0]
        project.tags.delete(tag)  # the highlight keeps no tag
        project.memos.create_span(doc, 10, 18, "on a passage")
        out = tmp_path / "untagged.qdpx"
        export_qdpx(project, out)
        expected = portable(project)
        guid = project.highlights.get(highlight).guid
    with Project.in_memory(coder="other") as target:
        import_refi(target, out)
        assert portable(target) == expected
        [again] = target.highlights.for_document(target.documents.ids()[0])
        assert (again.guid, again.tag_ids, again.memo) == (guid, (), "on a highlight")


# --- reports ------------------------------------------------------------------------------


def test_a_report_with_memos_shows_the_project_tag_and_document_memos(
        source: Project, tmp_path: Path) -> None:
    from annotator.services.reporting import ReportOptions, build_report, write_report

    report = build_report(source, ReportOptions(with_memos=True))
    project_memo = source.memos.project_memo()
    assert [m.text for m in report.memos] == [project_memo.text]  # type: ignore[union-attr]
    [security] = [s for s in report.sections if s.path == ("security",)]
    [borders] = [s for s in report.sections if s.path == ("security", "borders")]
    assert security.memos == () and [m.text for m in borders.memos] == ["Borders: a sub-theme."]
    [group] = security.groups
    document_memo = source.memos.for_document(group.document_id)
    assert [(m.text, m.author) for m in group.memos] == [
        (document_memo.text, document_memo.author)]  # type: ignore[union-attr]
    assert [q.memo for q in group.quotes] == ["Water first.\n\nThen security."]
    plain = build_report(source, ReportOptions())
    assert plain.memos == () and all(not g.memos for s in plain.sections for g in s.groups)
    out = tmp_path / "report.md"
    write_report(source, out, ReportOptions(with_memos=True))
    written = out.read_text(encoding="utf-8")
    for memo in (project_memo.text, "Borders: a sub-theme.",  # type: ignore[union-attr]
                 "Formulaic readout; note the order."):
        assert memo in written
