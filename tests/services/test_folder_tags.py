"""Folder tags (not codable): kept by the coded-dataset JSON and REFI-QDA round trips,
refused by every way of coding, and given to no tag of a project made before them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from annotator.domain.errors import UserError
from annotator.domain.model import NewDocument
from annotator.formats.coded_dataset import schema_text
from annotator.services import Project
from annotator.services.autocode import autocode
from annotator.services.dataset_merge import merge_dataset
from annotator.services.exporting import export_json
from annotator.services.refi_qda import export_qdpx, import_refi
from annotator.store import Store, schema


def folder_project(project: Project) -> tuple[int, int]:
    folder, _ = project.tags.create("places", codable=False)
    child, _ = project.tags.create("rivers", parent_id=folder)
    project.documents.add(NewDocument("t", "The river fell.\n"))
    return folder, child


def folders(project: Project) -> set[tuple[str, ...]]:
    paths = project.tags.paths()
    return {paths[t.id] for t in project.tags.all() if not t.codable}


def test_the_json_export_keeps_folders(project: Project, tmp_path: Path) -> None:
    folder_project(project)
    export_json(project, tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(schema_text()))
    assert [t.get("codable", True) for t in data["tags"]] == [False, True]
    with Project.in_memory() as other:
        merge_dataset(other, tmp_path / "a.json")
        assert folders(other) == {("places",)}
        export_json(other, tmp_path / "b.json")
    again = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert [t.get("codable", True) for t in again["tags"]] == [False, True]


def test_the_refi_qda_export_keeps_folders(project: Project, tmp_path: Path) -> None:
    folder_project(project)
    export_qdpx(project, tmp_path / "a.qdpx")
    with Project.in_memory() as other:
        import_refi(other, tmp_path / "a.qdpx")
        assert folders(other) == {("places",)}


def test_every_way_of_coding_refuses_a_folder(project: Project) -> None:
    folder, child = folder_project(project)
    document = project.documents.ids()[0]
    with pytest.raises(UserError, match="'places' is a folder"):
        project.highlights.create(document, 4, 9, [folder])
    with pytest.raises(UserError, match="'places' is a folder"):
        autocode(project, "places", re.compile("river"))
    highlight, _ = project.highlights.create(document, 4, 9, [child])
    with pytest.raises(UserError, match="'places' is a folder"):
        project.highlights.add_tags(highlight, [folder])
    assert project.highlights.get(highlight).tag_ids == (child,)
    project.tags.set_codable(folder, True)
    project.highlights.add_tags(highlight, [folder])
    assert set(project.highlights.get(highlight).tag_ids) == {child, folder}


def test_a_project_from_before_folders_has_only_codable_tags(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    known = schema.MIGRATIONS._migrations
    names = [m.name for m in known]
    later = known[names.index("0009_tag_codable"):]
    del known[names.index("0009_tag_codable"):]
    try:
        old = Store.open(path)
        with old.transaction():
            old.db.conn.execute("INSERT INTO tags (guid, name, color, position, created_at) "
                                "VALUES ('g', 'water', '#112233', 0, 'now')")
        old.close()
    finally:
        known.extend(later)
    with Project.open(path, create=False) as project:
        (tag,) = project.tags.all()
        assert tag.name == "water" and tag.codable
