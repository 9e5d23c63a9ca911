"""Document variables: the index kept from the attributes JSON, and changes to a variable."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.store import Store, schema
from helpers import insert_old_document, stored_attributes


def indexed(project: Project) -> set[tuple[int, str, str]]:
    """(document, variable name, value) as the tables hold them."""
    return set(project.store.db.conn.execute(
        "SELECT dv.document_id, v.name, dv.value FROM document_values dv "
        "JOIN variables v ON v.id = dv.variable_id").fetchall())


def from_json(project: Project) -> set[tuple[int, str, str]]:
    """The same, computed in Python from each document's attributes JSON."""
    out = set()
    for document_id, text in stored_attributes(project):
        for name, value in json.loads(text).items():
            if value is None:
                continue
            shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
            out.add((document_id, name, shown))
    return out


def add(project: Project, title: str, attributes: dict) -> int:
    return project.documents.add(NewDocument(title, f"text of {title}", None, f"{title}.txt",
                                             attributes)).document_id


def test_the_index_follows_inserts_updates_and_deletions() -> None:
    project = Project.in_memory()
    a = add(project, "a", {"outlet": "RT", "year": 2018, "flag": True, "gone": None})
    b = add(project, "b", {"outlet": "TASS", "year": 2019})
    assert indexed(project) == from_json(project) == {
        (a, "outlet", "RT"), (a, "year", "2018"), (a, "flag", "true"),
        (b, "outlet", "TASS"), (b, "year", "2019")}
    outlet = project.store.variables.get("outlet")
    project.documents.update(a, attributes={"outlet": "Kommersant", "region": "Moscow"})
    assert indexed(project) == from_json(project)
    # a variable that stays keeps its id and place; one whose last value went is gone
    assert project.store.variables.get("outlet") == outlet
    assert project.store.variables.get("flag") is None
    project.documents.delete(b)
    assert indexed(project) == from_json(project)
    assert [v.name for v in project.variables.all()] == ["outlet", "region"]


def test_a_variable_the_user_made_or_typed_stays_without_values() -> None:
    project = Project.in_memory()
    a = add(project, "a", {"party": "Green"})
    project.variables.add("interviewer")
    project.variables.set_type("party", "text")
    project.variables.set_value([a], "party", None)
    names = [v.name for v in project.variables.all()]
    assert names == ["party", "interviewer"]
    assert project.variables.get("party").documents == 0


def test_types_are_inferred_unless_chosen() -> None:
    project = Project.in_memory()
    add(project, "a", {"n": 3, "score": "2.5", "when": "2019-04-01", "month": "2019-04",
                       "word": "x", "year": "1999"})
    add(project, "b", {"n": -1, "score": "1e3", "when": "2020-12-31T10:00", "month": "x"})
    kinds = {v.name: (v.type, v.type_chosen) for v in project.variables.all()}
    assert kinds == {"n": ("number", False), "score": ("number", False),
                     "when": ("date", False), "month": ("text", False),
                     "word": ("text", False), "year": ("number", False)}
    project.variables.set_type("year", "date")
    assert project.variables.get("year").type == "date"
    project.variables.set_type("year", None)
    assert project.variables.get("year").type == "number"


def test_rename_delete_and_set_value_rewrite_the_documents() -> None:
    project = Project.in_memory()
    a = add(project, "a", {"outlet": "RT", "year": 2018})
    b = add(project, "b", {"year": 2019, "outlet": "TASS"})
    project.variables.rename("outlet", "Outlet (name) \"quoted\"")
    assert list(project.documents.get(a).attributes) == ["Outlet (name) \"quoted\"", "year"]
    assert project.documents.get(b).attributes["Outlet (name) \"quoted\""] == "TASS"
    project.variables.set_value([a, b], "country", "Russia")
    project.variables.delete("year")
    assert project.documents.get(b).attributes == {"Outlet (name) \"quoted\"": "TASS",
                                                   "country": "Russia"}
    assert indexed(project) == from_json(project)
    assert project.variables.values("country") == [("Russia", 2)]


def test_values_are_listed_in_the_order_of_the_type() -> None:
    project = Project.in_memory()
    for index, n in enumerate([10, 9, 100, 9]):
        add(project, f"d{index}", {"n": n})
    add(project, "none", {})
    assert project.variables.values("n") == [("9", 2), ("10", 1), ("100", 1), (None, 1)]


def test_the_migration_indexes_attributes_already_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    known = schema.MIGRATIONS._migrations
    names = [m.name for m in known]
    later = known[names.index("0003_document_variables"):]
    del known[names.index("0003_document_variables"):]
    try:
        with Project(Store.open(path)) as old, old.store.transaction():
            # In SQL: the store's own insert writes columns of later migrations.
            conn = old.store.db.conn
            first = insert_old_document(conn, "a", "text of a", None, guid="a", sha256="a")
            second = insert_old_document(conn, "b", "text of b", None, guid="b", sha256="b")
            for doc, attributes in ((first, '{"outlet": "RT", "n": 1}'),
                                    (second, '{"outlet": "TASS", "n": 2, "note": null}')):
                conn.execute("UPDATE documents SET attributes = ? WHERE id = ?",
                             [attributes, doc])
    finally:
        known.extend(later)
    with Project.open(path) as project:
        assert indexed(project) == from_json(project) == {
            (first, "outlet", "RT"), (first, "n", "1"), (second, "outlet", "TASS"),
            (second, "n", "2")}
        assert {v.name: v.type for v in project.variables.all()} == {"outlet": "text",
                                                                     "n": "number"}


attribute_values = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                             st.text(max_size=8))
attribute_sets = st.dictionaries(st.sampled_from(["a", "b", "c", "ä ö", "x\"y"]),
                                 attribute_values, max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(attribute_sets, min_size=1, max_size=6), st.lists(attribute_sets, max_size=6))
def test_the_index_always_equals_the_json(first: list[dict], then: list[dict]) -> None:
    project = Project.in_memory()
    ids = [add(project, f"d{i}", attributes) for i, attributes in enumerate(first)]
    for document_id, attributes in zip(ids, then, strict=False):
        project.documents.update(document_id, attributes=attributes)
    assert indexed(project) == from_json(project)
    used = {name for _, name, _ in from_json(project)}
    assert {v.name for v in project.variables.all()} == used
