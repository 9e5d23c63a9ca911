"""The counts kept by value (``value_months``) equal a recount after any sequence of
edits, and the counts split by a variable that read them equal those that join the
(tag, document) totals to the values."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.domain.filters import DocumentFilter
from annotator.services import Project
from annotator.store import scoped_stats
from annotator.store.repair import repair
from annotator.store.scoped_stats import Scope
from annotator.store.value_months import RECOUNT_VALUE_MONTHS
from annotator.store.verify import verify
from helpers import add_text

TEXT = "Water and borders divide the valley."
DATES = [None, "2018", "2018-02", "2018-02-03", "2019-03-04", "2019-12-31"]
PLACES = ["north", "south", "east", ""]
NUMBERS = itertools.count()

# One step: (operation, three small numbers that pick documents, tags, values, dates).
step = st.tuples(st.sampled_from([
    "add", "highlight", "untag", "delete_highlight", "redate", "set", "clear",
    "rename", "delete_variable", "delete_document", "delete_tag",
]), st.integers(0, 9), st.integers(0, 9), st.integers(0, 9))


def kept(project: Project) -> list[tuple[object, ...]]:
    return sorted(project.store.db.conn.execute("SELECT * FROM value_months").fetchall(),
                  key=repr)


def recounted(project: Project) -> list[tuple[object, ...]]:
    return sorted(project.store.db.conn.execute(RECOUNT_VALUE_MONTHS).fetchall(), key=repr)


def apply(project: Project, operation: str, a: int, b: int, c: int) -> None:
    """Carry out one edit, through the services as the window and CLI do."""
    documents = project.documents.ids()
    tags = [t.id for t in project.tags.all()]
    variables = [v.name for v in project.variables.all()]
    document = documents[a % len(documents)] if documents else None
    if operation == "add" or document is None:
        attributes = {"place": PLACES[b % len(PLACES)]} if b % 3 else {}
        # A text of its own: the same text twice is one document.
        add_text(project, f"{TEXT} {next(NUMBERS)}", date=DATES[c % len(DATES)],
                 attributes=attributes)
        assert project.documents.count() == len(documents) + 1
    elif operation == "highlight":
        if len(tags) < 3:
            # Named by the id it gets (ids are max + 1), so never a name in use.
            tags.append(project.tags.create(f"tag-{max(tags, default=0) + 1}")[0])
        start = b % 10
        project.highlights.create(document, start, start + 5, [tags[c % len(tags)]])
    elif operation in ("untag", "delete_highlight"):
        highlights = project.highlights.for_document(document)
        if highlights:
            chosen = highlights[b % len(highlights)]
            if operation == "untag":
                project.highlights.remove_tags(chosen.id, chosen.tag_ids[:1])
            else:
                project.highlights.delete(chosen.id)
    elif operation == "redate":
        project.documents.set_date([document], DATES[b % len(DATES)])
    elif operation in ("set", "clear"):
        name = ["place", "party"][c % 2]
        value = None if operation == "clear" else PLACES[b % len(PLACES)]
        project.variables.set_value(documents[a % len(documents):][:3], name, value)
    elif operation == "rename" and variables:
        name = variables[b % len(variables)]
        if f"{name}x" not in variables:
            project.variables.rename(name, f"{name}x")
    elif operation == "delete_variable" and variables:
        project.variables.delete(variables[b % len(variables)])
    elif operation == "delete_document":
        project.documents.delete_many([document])
    elif operation == "delete_tag" and tags:
        project.tags.delete(tags[b % len(tags)])


def split_counts(project: Project, split: str) -> tuple[object, ...]:
    scope = Scope(split=split)
    scoped = project.store.scoped
    return (
        scoped.tag_totals(scope),
        sorted(scoped.day_cells(scope, by_month=True), key=repr),
        sorted(scoped.day_cells(scope, None, "2018", "2019-02", by_month=True), key=repr),
        sorted(scoped.day_cells(scope, None, "2018-02", "2019", by_month=True), key=repr),
        scoped.documents_per_day(scope, "2019", "2019", by_month=True),
        scoped.documents_per_group(scope),
        scoped.documents_per_day(scope, by_month=True),
    )


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=25))
@example(steps=[("add", 0, 1, 1), ("add", 0, 1, 1), ("highlight", 0, 0, 0),
                ("highlight", 1, 0, 0), ("delete_document", 0, 0, 0)])
@example(steps=[("add", 0, 1, 1), ("add", 0, 1, 1), ("redate", 0, 2, 0), ("set", 0, 0, 0),
                ("highlight", 0, 0, 0), ("rename", 0, 0, 0), ("delete_variable", 0, 0, 0)])
def test_kept_counts_equal_a_recount_and_the_join(  # type: ignore[no-untyped-def]
        tmp_path: Path, steps, monkeypatch) -> None:
    path = tmp_path / f"p{abs(hash(tuple(steps)))}.annotator"
    with Project.open(path) as project:
        for operation, a, b, c in steps:
            apply(project, operation, a, b, c)
            assert kept(project) == recounted(project), (operation, a, b, c)
        for variable in project.variables.all():
            fast = split_counts(project, variable.name)
            with monkeypatch.context() as patched:
                patched.setattr(scoped_stats, "_kept", lambda *_: None)
                assert split_counts(project, variable.name) == fast


def test_the_split_reads_the_kept_counts_only_without_a_filter(project_path: Path) -> None:
    with Project.open(project_path) as project:
        add_text(project, TEXT, date="2018-02-03", attributes={"place": "north"})
        assert scoped_stats._kept(Scope(split="place")) == "place"
        assert scoped_stats._kept(Scope(split="place"), "2018", "2018-02") == "place"
        assert scoped_stats._kept(Scope(split="place"), "2018-02-01", None) is None
        assert scoped_stats._kept(Scope(DocumentFilter(text="water"), "place")) is None
        assert scoped_stats._kept(Scope()) is None


@pytest.mark.parametrize("damage", ["wrong count", "missing row"])
def test_check_finds_wrong_kept_counts_and_repair_recounts_them(project_path: Path,
                                                                damage: str) -> None:
    with Project.open(project_path) as project:
        document = add_text(project, TEXT, date="2018-02-03", attributes={"place": "north"})
        tag, _ = project.tags.create("water")
        project.highlights.create(document, 0, 5, [tag])
        conn = project.store.db.conn
        if damage == "wrong count":
            conn.execute("UPDATE value_months SET highlights = highlights + 1 WHERE tag_id <> 0")
        else:
            conn.execute("DELETE FROM value_months WHERE variable_id <> 0")
        problems = verify(project.store)
        assert [p.target for p in problems] == ["totals"]
        assert repair(project.store, problems) == [
            "repaired the kept tag totals (recounted from the highlights)"]
        assert verify(project.store) == [] and kept(project) == recounted(project)
