"""Undo of an import restores every stored row as it was before; redo restores every row
as the import left it; and neither destroys what another program changed in between."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.errors import UserError
from annotator.domain.model import Changes, Delta
from annotator.services import Project
from annotator.services.import_undo import (
    ImportFootprint,
    import_footprint,
    redo_import,
    undo_import,
)
from annotator.services.importing import ImportReport, import_paths
from annotator.store.value_months import RECOUNT_VALUE_MONTHS
from helpers import add_text
from undo_scenarios import OLD, coded_base, colleague_files, table_rows


def imported(project: Project, paths: list[Path]) -> tuple[ImportReport, ImportFootprint]:
    report = import_paths(project, paths)
    assert not report.failed, report.failed
    return report, import_footprint(project, report.changes, report.amended)


def assert_exact_round_trips(project: Project, paths: list[Path]) -> tuple[
        ImportReport, Changes, Changes]:
    """Import ``paths``; undo and redo twice, comparing every row each time. Returns the
    report and the change records of the first undo and redo."""
    before = table_rows(project)
    report, footprint = imported(project, paths)
    after = table_rows(project)
    assert after != before
    undone, removed = undo_import(project, footprint)
    assert table_rows(project) == before
    created = redo_import(project, undone)
    assert table_rows(project) == after
    undone, _ = undo_import(project, footprint)  # the same footprint serves again
    assert table_rows(project) == before
    redo_import(project, undone)
    assert table_rows(project) == after
    assert project.check() == []
    return report, removed, created


def test_undo_of_a_dataset_merge_takes_its_tags_off_existing_highlights(
        project: Project, tmp_path: Path) -> None:
    ids = coded_base(project)
    dataset, _, _ = colleague_files(project, tmp_path)
    report, removed, created = assert_exact_round_trips(project, [dataset])
    # What the snapshots compared, spelled out: three existing highlights gained tags.
    assert set(report.amended) == {ids["h_water"], ids["h_borders"], ids["h_labour"]}
    water = report.amended[ids["h_water"]]
    assert water.before.tag_ids == (ids["water"],) and water.before.modified_at == OLD
    assert len(water.after.tag_ids) == 3 and water.after.modified_at != OLD
    assert project.highlights.get(ids["h_water"]).tag_ids == water.after.tag_ids
    assert removed.highlights.updated == created.highlights.updated == set(report.amended)
    assert removed.documents.deleted == created.documents.created == report.changes.documents.created
    assert removed.tags.deleted == report.changes.tags.created and len(removed.tags.deleted) == 3
    assert removed.highlights.deleted == report.changes.highlights.created
    # Both base documents gained or lost tagged highlights: their rows refresh.
    assert removed.documents.updated == {ids["region"], ids["labour"]}


def test_undo_of_a_refi_qda_merge_takes_its_tags_off_existing_highlights(
        project: Project, tmp_path: Path) -> None:
    ids = coded_base(project)
    _, qdpx, _ = colleague_files(project, tmp_path)
    report, removed, _ = assert_exact_round_trips(project, [qdpx])
    assert set(report.amended) == {ids["h_water"], ids["h_borders"], ids["h_labour"]}
    assert len(report.changes.documents.created) == 1 and len(removed.tags.deleted) == 3


def test_undo_of_a_refi_qda_codebook_removes_its_tags(project: Project, tmp_path: Path) -> None:
    coded_base(project)
    _, _, codebook = colleague_files(project, tmp_path)
    report, removed, _ = assert_exact_round_trips(project, [codebook])
    assert report.amended == {} and not report.changes.documents
    assert len(removed.tags.deleted) == 3


def test_undo_and_redo_of_a_plain_file_are_exact_and_redo_reads_no_file(
        project: Project, tmp_path: Path) -> None:
    coded_base(project)
    note = tmp_path / "2021-05-04-note.md"
    note.write_text("# Field note\n\nThe dam flooded the lower fields.", encoding="utf-8")
    before = table_rows(project)
    report, footprint = imported(project, [note])
    after = table_rows(project)
    assert len(after["documents"]) == len(before["documents"]) + 1
    undone, removed = undo_import(project, footprint)
    assert table_rows(project) == before
    assert project.documents.search("flooded") == []
    note.unlink()  # redo puts back what was imported: the file is not needed again
    created = redo_import(project, undone)
    assert table_rows(project) == after
    assert project.documents.search("flooded") == list(report.changes.documents.created)
    assert removed == Changes(documents=Delta(deleted=report.changes.documents.created))
    assert created == Changes(documents=Delta(created=report.changes.documents.created))


def test_undo_of_several_files_at_once_is_exact(project: Project, tmp_path: Path) -> None:
    ids = coded_base(project)
    dataset, qdpx, codebook = colleague_files(project, tmp_path)
    # A second dataset in the same batch changes an already changed highlight again.
    data = json.loads(dataset.read_text(encoding="utf-8"))
    data["tags"].append({"id": 99, "name": "rivers", "parent": None, "color": "#1f77b4",
                         "description": ""})
    next(a for a in data["annotations"] if a["quote"] == "Water")["tags"].append(99)
    again = tmp_path / "again.json"
    again.write_text(json.dumps(data), encoding="utf-8")
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("First interview about wells.", encoding="utf-8")
    (folder / "b.txt").write_text("Second interview about canals.", encoding="utf-8")
    survey = tmp_path / "survey.csv"
    survey.write_text("respondent,answer\n1,The canal is dry in August.\n"
                      "2,We buy water from trucks.\n", encoding="utf-8")
    report, removed, _ = assert_exact_round_trips(
        project, [folder, codebook, dataset, qdpx, again, survey])
    assert len(report.imported) == 4 and len(report.merged) == 4
    water = report.amended[ids["h_water"]]
    assert water.before.tag_ids == (ids["water"],)  # as before the first file changed it
    assert project.tags.find(["rivers"]) in water.after.tag_ids  # as the last one left it
    assert len(removed.documents.deleted) == 5


# -- another program changed the project between the import and its undo ---------------


Programs = tuple[Project, Project, dict[str, int], Path]


@pytest.fixture
def programs(tmp_path: Path) -> Iterator[Programs]:
    """The window's project and another program's on one file holding the coded base,
    the base's ids, and a colleague's coded dataset."""
    path = tmp_path / "shared.annotator"
    mine = Project.open(path, coder="me")
    ids = coded_base(mine)
    theirs = Project.open(path, coder="them")
    yield mine, theirs, ids, colleague_files(mine, tmp_path)[0]
    theirs.close()
    mine.close()


def test_undo_refuses_to_delete_highlights_another_program_made_on_imported_documents(
        programs: Programs) -> None:
    mine, theirs, ids, dataset = programs
    before = table_rows(mine)
    _, footprint = imported(mine, [dataset])
    dam = next(iter(footprint.documents))
    theirs_highlight, _ = theirs.highlights.create(dam, 0, 3, [ids["economy"]])
    changed = table_rows(mine)
    with pytest.raises(UserError, match=r"built on since: 1 highlight added to its "
                                        r"document 'Dam'\. Remove that first\."):
        undo_import(mine, footprint)
    assert table_rows(mine) == changed  # refused: nothing changed
    theirs.highlights.delete(theirs_highlight)
    undo_import(mine, footprint)
    assert table_rows(mine) == before


def test_undo_refuses_to_take_an_imported_tag_off_what_another_program_coded(
        programs: Programs) -> None:
    mine, theirs, ids, dataset = programs
    _, footprint = imported(mine, [dataset])
    migration = theirs.tags.find(["migration"])
    assert migration is not None
    theirs.highlights.add_tags(ids["h_labour"], [migration])
    energy = theirs.tags.find(["resources", "energy"])
    theirs.tags.create("solar", parent_id=energy)
    changed = table_rows(mine)
    with pytest.raises(UserError) as refused:
        undo_import(mine, footprint)
    assert "its tag 'migration' applied to 1 other highlight" in str(refused.value)
    assert "'solar' put under its tag 'energy'" in str(refused.value)
    assert table_rows(mine) == changed


def test_undo_keeps_another_programs_edits_of_a_highlight_the_import_changed(
        programs: Programs) -> None:
    mine, theirs, ids, dataset = programs
    report, footprint = imported(mine, [dataset])
    h = ids["h_water"]
    energy, security = theirs.tags.find(["resources", "energy"]), ids["security"]
    assert set(report.amended[h].after.tag_ids) == {ids["water"], security, energy}
    theirs.highlights.remove_tags(h, [energy])  # one of the import's tags, taken off
    theirs.highlights.add_tags(h, [ids["economy"]])
    theirs.highlights.set_memo(h, "checked by them")
    later = "2031-01-01T00:00:00Z"  # their edit came after the import (a distinct time)
    with theirs.transaction():
        theirs.store.highlights.update(h, modified_at=later)
    undone, changes = undo_import(mine, footprint)
    kept = mine.highlights.get(h)
    assert kept.tag_ids == tuple(sorted((ids["water"], ids["economy"])))
    assert (kept.memo, kept.modified_at) == ("checked by them", later)
    assert h in changes.highlights.updated
    redo_import(mine, undone)
    again = mine.highlights.get(h)
    assert again.tag_ids == tuple(sorted((ids["water"], ids["economy"], security)))
    assert (again.memo, again.modified_at) == ("checked by them", later)


def test_undo_leaves_a_record_that_took_the_id_of_a_deleted_imported_one(
        programs: Programs, tmp_path: Path) -> None:
    mine, theirs, _, _ = programs
    note = tmp_path / "note.txt"
    note.write_text("A note on wells.", encoding="utf-8")
    _, footprint = imported(mine, [note])
    (imported_id,) = footprint.documents
    theirs.documents.delete(imported_id)
    assert add_text(theirs, "Their own text.", title="Theirs") == imported_id  # id reused
    changed = table_rows(mine)
    undone, changes = undo_import(mine, footprint)
    assert not changes and table_rows(mine) == changed
    assert mine.documents.get(imported_id).title == "Theirs"
    assert not redo_import(mine, undone) and table_rows(mine) == changed


def test_undo_and_redo_keep_an_unrelated_change_of_another_program(
        programs: Programs) -> None:
    mine, theirs, _, dataset = programs
    _, footprint = imported(mine, [dataset])
    after = table_rows(mine)
    theirs_doc = add_text(theirs, "Something else entirely.", title="Elsewhere")
    undone, _ = undo_import(mine, footprint)
    assert mine.documents.get(theirs_doc).title == "Elsewhere"
    redo_import(mine, undone)
    rows = table_rows(mine)
    assert [r for r in rows["documents"] if r[0] != theirs_doc] == after["documents"]
    # The counts by value count their document too: they equal a recount instead.
    derived = ("documents", "value_months")
    assert {k: v for k, v in rows.items() if k not in derived} == {
        k: v for k, v in after.items() if k not in derived}
    assert rows["value_months"] == sorted(
        mine.store.db.conn.execute(RECOUNT_VALUE_MONTHS).fetchall(), key=repr)


def test_redo_refuses_when_another_program_took_the_place_of_the_import(
        programs: Programs) -> None:
    mine, theirs, _, dataset = programs
    _, footprint = imported(mine, [dataset])
    undone, _ = undo_import(mine, footprint)
    theirs.tags.create("migration")
    add_text(theirs, "Added after the undo.", title="Later")  # takes the first free id
    changed = table_rows(mine)
    with pytest.raises(UserError) as refused:
        redo_import(mine, undone)
    message = str(refused.value)
    assert message.startswith("the project has changed since the undo: ")
    assert "another document has taken the id or GUID of an imported one" in message
    assert "a tag called 'migration' has been made in its place" in message
    assert table_rows(mine) == changed


def test_redo_refuses_when_a_document_it_codes_was_deleted(
        programs: Programs) -> None:
    mine, theirs, ids, dataset = programs
    _, footprint = imported(mine, [dataset])
    undone, _ = undo_import(mine, footprint)
    theirs.documents.delete(ids["region"])  # the import coded "Migrants" in it
    changed = table_rows(mine)
    with pytest.raises(UserError, match="a document it adds highlights to has been deleted"):
        redo_import(mine, undone)
    assert table_rows(mine) == changed
