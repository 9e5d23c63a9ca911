"""Edits to document variables as the variables table makes them: what each reports,
the order a column sorts in, a page of values, and exact undo through snapshots."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.errors import UserError
from annotator.domain.model import Changes, NewDocument
from annotator.domain.variables import checked_value, fits_type
from annotator.services import Project
from helpers import stored_attributes


def add(project: Project, title: str, attributes: dict) -> int:
    return project.documents.add(NewDocument(title, f"text of {title}", None, f"{title}.txt",
                                             attributes)).document_id


def state(project: Project) -> tuple[list, list]:
    """Everything a variable edit may touch: each document's attributes JSON as stored
    (key order included) and the variables table's rows."""
    conn = project.store.db.conn
    documents = stored_attributes(project)
    variables = conn.execute(
        "SELECT id, name, type, position, declared FROM variables ORDER BY id").fetchall()
    return documents, variables


def test_each_edit_reports_the_variable_it_touched() -> None:
    project = Project.in_memory()
    a = add(project, "a", {"outlet": "RT"})
    b = add(project, "b", {})
    outlet = project.variables.get("outlet").id
    created = project.variables.add("region")
    region = project.variables.get("region").id
    assert created == Changes.created("variables", region)
    assert project.variables.set_type("region", "number") == Changes.updated("variables", region)
    assert project.variables.set_value([b], "outlet", "TASS") == (
        Changes.updated("documents", b) | Changes.updated("variables", outlet))
    assert project.variables.rename("outlet", "source") == (
        Changes.updated("documents", a, b) | Changes.updated("variables", outlet))
    # a value that brings a new variable, and the last value of one that documents brought
    made = project.variables.set_value([a], "fresh", "x")
    fresh = project.variables.get("fresh").id
    assert made == Changes.updated("documents", a) | Changes.created("variables", fresh)
    assert project.variables.set_value([a], "fresh", None) == (
        Changes.updated("documents", a) | Changes.deleted("variables", fresh))
    assert project.variables.delete("source") == (
        Changes.updated("documents", a, b) | Changes.deleted("variables", outlet))


def test_a_page_gives_every_listed_document_its_values() -> None:
    project = Project.in_memory()
    a = add(project, "a", {"outlet": "RT", "year": 2018, "flag": True})
    b = add(project, "b", {})
    c = add(project, "c", {"outlet": "TASS"})
    assert project.variables.page([c, a, b]) == {
        a: {"outlet": "RT", "year": "2018", "flag": "true"}, b: {}, c: {"outlet": "TASS"}}
    many = [add(project, f"d{i}", {"n": i}) for i in range(1000)]  # more than one IN chunk
    page = project.variables.page(many)
    assert [page[i]["n"] for i in many] == [str(i) for i in range(1000)]


@pytest.mark.parametrize(("values", "kind"), [
    (["10", "9", "-2.5", "100", "1e3", "n/a", None, "9"], "number"),
    (["2019-04-01", "2018-12", "2019-04-01T10:00", "2020", None, "2018-12-31"], "date"),
    (["beta", "Alpha", "gamma", "ÉTÉ", "été", None, "alpha", "Москва", "архив"], "text"),
])
def test_a_column_sorts_in_the_order_of_its_type(values: list, kind: str) -> None:
    project = Project.in_memory()
    ids = [add(project, f"d{i}", {} if v is None else {"v": v}) for i, v in enumerate(values)]
    project.variables.set_type("v", kind)  # type: ignore[arg-type]

    def expected(descending: bool) -> list[int]:
        """Computed here from the values alone: the type's order, equal values by id,
        no value last."""
        def key(item: tuple[int, str]) -> tuple:
            _document_id, value = item
            if kind == "number" and fits_type("number", value):
                rank: tuple = (0, float(value), "")
            elif kind == "date" and fits_type("date", value):
                rank = (0, 0.0, value)
            else:
                rank = (0 if kind == "text" else 1, 0.0, value.casefold())
            return rank
        valued = [(i, v) for i, v in zip(ids, values, strict=True) if v is not None]
        ranks = sorted({key(item) for item in valued}, reverse=descending)
        ordered = [i for rank in ranks for i, v in valued if key((i, v)) == rank]
        return ordered + [i for i, v in zip(ids, values, strict=True) if v is None]

    assert project.variables.document_order("v") == expected(False)
    assert project.variables.document_order("v", descending=True) == expected(True)
    # the order reads values as the variable's type says: as text, "10" comes before "9"
    if kind == "number":
        project.variables.set_type("v", "text")
        order = project.variables.document_order("v")
        assert order.index(ids[0]) < order.index(ids[1])


def test_a_typed_value_is_checked_against_the_type() -> None:
    assert checked_value("number", " 12.5 ") == "12.5"
    assert checked_value("date", "2019-04") == "2019-04"
    assert checked_value("date", "2019-04-30 23:59") == "2019-04-30 23:59"
    assert checked_value("text", "  anything ") == "anything"
    assert checked_value("number", "  ") == ""  # no value
    for kind, wrong in [("number", "1,5"), ("number", "twelve"), ("date", "2019-04-31"),
                        ("date", "01/04/2019"), ("date", "2019-04-01 24:00")]:
        with pytest.raises(UserError) as error:
            checked_value(kind, wrong)  # type: ignore[arg-type]
        message = str(error.value)
        assert "\n" not in message and repr(wrong) in message and f"not a {kind}" in message


def test_restore_puts_a_deleted_variable_back_with_its_id_place_type_and_json_values() -> None:
    project = Project.in_memory()
    a = add(project, "a", {"year": 2018, "outlet": "RT", "score": 2.5})
    b = add(project, "b", {"outlet": "TASS", "year": "2019"})
    add(project, "c", {"other": "x"})
    project.variables.set_type("year", "date")
    before = state(project)
    snapshot = project.variables.snapshot("year")
    assert snapshot.values == {a: 2018, b: "2019"}
    changes = project.variables.delete("year")
    assert state(project) != before
    restored = project.variables.restore(snapshot)
    assert state(project) == before
    assert restored.variables.created == changes.variables.deleted
    assert restored.documents.updated == {a, b}


def test_restore_removes_a_variable_that_did_not_exist() -> None:
    project = Project.in_memory()
    a = add(project, "a", {"outlet": "RT"})
    before = state(project)
    snapshot = project.variables.snapshot("region", [a])
    assert snapshot.definition is None
    project.variables.set_value([a], "region", "north")
    project.variables.set_type("region", "text")
    project.variables.restore(snapshot)
    assert state(project) == before
    project.variables.add("declared")
    snapshot = project.variables.snapshot("declared", [])
    project.variables.delete("declared")
    project.variables.restore(snapshot)
    assert [v.name for v in project.variables.all()] == ["outlet", "declared"]


names = st.sampled_from(["a", "b", "ä ö"])
attribute_values = st.one_of(st.none(), st.booleans(), st.integers(-99, 99),
                             st.sampled_from(["x", "2019-04", "3.5", ""]))
attribute_sets = st.dictionaries(names, attribute_values, max_size=3)
edits = st.one_of(
    st.tuples(st.just("set"), names, st.lists(st.integers(0, 4), max_size=3), attribute_values),
    st.tuples(st.just("type"), names, st.sampled_from([None, "text", "number", "date"])),
    st.tuples(st.just("delete"), names),
    st.tuples(st.just("add"), names),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(attribute_sets, min_size=1, max_size=5), st.lists(edits, max_size=4))
def test_every_edit_is_undone_exactly_by_its_snapshot(documents: list[dict],
                                                      steps: list[tuple]) -> None:
    """Each edit the table makes, undone by restoring the snapshot taken before it,
    gives back the very same attributes JSON and variables rows (ids, places, types)."""
    project = Project.in_memory()
    ids = [add(project, f"d{i}", attributes) for i, attributes in enumerate(documents)]
    for step in steps:
        before = state(project)
        kind, name = step[0], step[1]
        known = project.store.variables.definition(name) is not None
        if kind == "set":
            targets = sorted({ids[i % len(ids)] for i in step[2]})
            snapshot = project.variables.snapshot(name, targets)
            project.variables.set_value(targets, name, step[3])
        elif kind == "type" and known:
            snapshot = project.variables.snapshot(name, [])
            project.variables.set_type(name, step[2])
        elif kind == "delete" and known:
            snapshot = project.variables.snapshot(name)
            project.variables.delete(name)
        elif kind == "add" and not known:
            snapshot = project.variables.snapshot(name, [])
            project.variables.add(name)
        else:
            continue
        after = state(project)
        project.variables.restore(snapshot)
        assert state(project) == before
        _replay(project, step, ids)  # redo: the next step starts from the edited project
        assert state(project)[0] == after[0]


def _replay(project: Project, step: tuple, ids: list[int]) -> None:
    kind, name = step[0], step[1]
    if kind == "set":
        project.variables.set_value(sorted({ids[i % len(ids)] for i in step[2]}), name, step[3])
    elif kind == "type":
        project.variables.set_type(name, step[2])
    elif kind == "delete":
        project.variables.delete(name)
    else:
        project.variables.add(name)
