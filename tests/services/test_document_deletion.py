"""Deleting documents, and putting them back exactly (the window's undo); bulk edits of
dates and variables taken back exactly. "Exactly" is every row of every table."""

from __future__ import annotations

import pytest

from annotator.domain.errors import NotFoundError, UserError
from annotator.services import Project
from helpers import add_text
from undo_scenarios import table_rows


@pytest.fixture
def project() -> Project:
    """Four documents: two carry the only values of ``outlet`` (a variable the documents
    brought), all carry ``year``; ``wave`` was declared by the user with no values;
    highlights with several tags, memos and two coders."""
    with Project.in_memory(coder="ana") as project:
        project.variables.add("wave")
        texts = ("Water and borders divide the valley.", "Migrants cross it every spring.",
                 "The dam holds back water.", "Remittances grow every year.")
        ids = [add_text(project, text, title=f"Doc {i}", date=f"2018-0{i + 1}-12",
                        source=f"d{i}.txt",
                        attributes={"year": 2018 + i, **({"outlet": "RT"} if i < 2 else {})})
               for i, text in enumerate(texts)]
        water, borders = project.tags.create("water")[0], project.tags.create("borders")[0]
        project.highlights.create(ids[0], 0, 5, [water, borders], memo="the river")
        project.highlights.create(ids[0], 10, 17, [borders])
        project.coder = "ben"
        project.highlights.create(ids[1], 0, 8, [water])
        project.highlights.create(ids[2], 4, 7, [water])
        project.coder = "ana"
        yield project


def ids(project: Project) -> list[int]:
    return project.documents.ids("id")


def test_delete_many_removes_documents_with_their_highlights(project: Project) -> None:
    first, second, third, fourth = ids(project)
    expected_highlights = {h.id for d in (first, second) for h in
                           project.highlights.for_document(d)}
    assert project.documents.highlight_count([first, second, first]) == 3
    changes = project.documents.delete_many([second, first])
    assert set(changes.documents.deleted) == {first, second}
    assert set(changes.highlights.deleted) == expected_highlights
    assert ids(project) == [third, fourth]
    assert project.highlights.count() == 1
    assert "outlet" not in {v.name for v in project.variables.all()}  # its last value went
    assert project.documents.search("Migrants") == []


def test_delete_many_refuses_unknown_ids_and_deletes_nothing(project: Project) -> None:
    before = table_rows(project)
    with pytest.raises(NotFoundError, match="no document with id 99"):
        project.documents.delete_many([ids(project)[0], 99])
    assert table_rows(project) == before


def test_restore_puts_every_row_back(project: Project) -> None:
    before = table_rows(project)
    chosen = ids(project)[:3]
    snapshot = project.documents.snapshot(chosen)
    project.documents.delete_many(chosen)
    assert table_rows(project) != before
    changes = project.documents.restore(snapshot)
    assert set(changes.documents.created) == set(chosen)
    assert table_rows(project) == before
    assert set(project.documents.search("Migrants")) == {chosen[1]}  # indexed again
    # And again (redo, undo): the same records each time.
    project.documents.delete_many(chosen)
    project.documents.restore(snapshot)
    assert table_rows(project) == before


def test_restore_refuses_when_an_id_is_taken_and_changes_nothing(project: Project) -> None:
    last = ids(project)[-1]
    snapshot = project.documents.snapshot([last])
    project.documents.delete_many([last])
    add_text(project, "Taken in the meantime.", title="New")  # gets the free id
    assert last in ids(project)
    before = table_rows(project)
    with pytest.raises(UserError, match="taken the id or GUID"):
        project.documents.restore(snapshot)
    assert table_rows(project) == before


def test_restore_refuses_when_a_tag_of_its_highlights_is_gone(project: Project) -> None:
    first = ids(project)[0]
    snapshot = project.documents.snapshot([first])
    project.documents.delete_many([first])
    project.tags.delete(project.tags.find(["borders"]))  # type: ignore[arg-type]
    with pytest.raises(UserError, match="tag of their highlights has been deleted"):
        project.documents.restore(snapshot)


def test_set_date_and_restore_fields(project: Project) -> None:
    before = table_rows(project)
    chosen = ids(project)[1:3]
    fields = project.documents.fields(chosen)
    project.documents.set_date(chosen, "2020-05")
    assert [project.documents.get(i).date for i in chosen] == ["2020-05", "2020-05"]
    day = project.store.db.conn.execute(
        "SELECT DISTINCT document_day FROM highlight_tags WHERE document_id = ?",
        [chosen[0]]).fetchall()
    assert day == [("2020-05-01",)]  # the counts follow the new date
    project.documents.restore_fields(fields)
    assert table_rows(project) == before
    project.documents.set_date(chosen, None)
    assert [project.documents.get(i).date for i in chosen] == [None, None]
    with pytest.raises(UserError, match="not a real date"):
        project.documents.set_date(chosen, "2020-02-30")


def test_bulk_variable_edits_are_taken_back_exactly(project: Project) -> None:
    """A new variable goes again; a variable whose last value was cleared comes back with
    its id and place; values that differed per document come back per document."""
    before = table_rows(project)
    everything = ids(project)
    for name, value in (("party", "Greens"), ("outlet", None), ("year", "1999"),
                        ("wave", "2")):
        fields = project.documents.fields(everything)
        changes = project.variables.set_value(everything, name, value)
        assert set(changes.documents.updated) == set(everything)
        assert table_rows(project) != before
        project.documents.restore_fields(fields)
        assert table_rows(project) == before, name
