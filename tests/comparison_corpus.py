"""A small project of documents with an ``outlet`` and an ``issue`` variable, and recounts
of its numbers in plain Python from the records (documents' attributes and dates, each
highlight's tags), for the tests of the split timeline and the crosstab.

The recounts never use the store's aggregations: they walk ``project.documents`` and
``project.highlights`` and group by hand (the year is the date's first four characters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern

#: (date, outlet, issue, text); ``None``: no value.
DOCUMENTS = [
    ("2018-02-12", "RT", 10, "Water security matters. Water again, and borders."),
    ("2018-03-01", "TASS", 9, "Security of borders and labour migration."),
    ("2018-07-15", "RT", 100, "Water, water everywhere; security too."),
    ("2018-09-02", "Meduza", 9, "Migration and water."),
    ("2019-01-10", "Meduza", 10, "Migration of workers, water and security."),
    ("2019-06-30", None, None, "Security and water in the region; borders closed."),
    (None, "TASS", 10, "Undated water note on security."),
    ("2019-11-30T10:00", "RT", 9, "Security. Security. Water."),
    ("2020-04-04", "tass", 100, "Migration news without water."),
]
OUTLET_ORDER = ["Meduza", "RT", "TASS", "tass", None]


def build_comparison_project(project: Project) -> Project:
    """Fill ``project``: the documents above, tags security (with a child borders), water
    and migration coded by phrase, and one highlight with two tags."""
    for index, (date, outlet, issue, text) in enumerate(DOCUMENTS):
        attributes: dict[str, object] = {}
        if outlet is not None:
            attributes["outlet"] = outlet
        if issue is not None:
            attributes["issue"] = issue
        project.documents.add(NewDocument(f"Doc {index}", text, date, f"d{index}.txt",
                                          attributes))
    security, _ = project.tags.create("security")
    project.tags.create("borders", parent_id=security)
    project.tags.create("water")
    project.tags.create("migration")
    for path, phrase in (("security", "security"), ("security/borders", "borders"),
                         ("water", "water"), ("migration", "migration")):
        autocode(project, path, compile_pattern(phrase=phrase))
    first = project.documents.ids("id")[0]
    project.highlights.create(first, 0, 14, [project.tags.resolve("security"),
                                             project.tags.resolve("water")])
    return project


@dataclass(frozen=True)
class Record:
    """A document as the recounts see it: its group, day and highlights' tag sets."""

    id: int
    group: str | None
    day: str | None
    highlights: list[tuple[int, tuple[int, ...]]]


def records(project: Project, split: str,
            keep: Callable[[int], bool] = lambda _id: True) -> list[Record]:
    """Every document ``keep`` lets through, read from its record."""
    out = []
    for document_id in project.documents.ids("id"):
        if not keep(document_id):
            continue
        document = project.documents.get(document_id)
        value = document.attributes.get(split)
        group = None if value is None or value == "" else str(value)
        day = document.date[:10] if document.date else None
        tagged = [(h.id, h.tag_ids) for h in project.highlights.for_document(document_id)]
        out.append(Record(document_id, group, day, tagged))
    return out


def crosstab_recount(found: list[Record], tag_id: int, group: str | None,
                     measure: str) -> int:
    """Documents of ``group`` carrying ``tag_id``, or highlights of the group tagged
    with it."""
    in_group = [r for r in found if r.group == group]
    if measure == "documents":
        return sum(1 for r in in_group if any(tag_id in tags for _, tags in r.highlights))
    return sum(1 for r in in_group for _, tags in r.highlights if tag_id in tags)


def crosstab_base(found: list[Record], group: str | None, measure: str) -> int:
    """The group's documents, or its highlights that carry any tag."""
    in_group = [r for r in found if r.group == group]
    if measure == "documents":
        return len(in_group)
    return sum(1 for r in in_group for _, tags in r.highlights if tags)


def timeline_recount(found: list[Record], tag_id: int, group: str | None, year: str,
                     measure: str) -> float:
    """A split yearly timeline's value: highlights, documents, or the share of the
    group's dated documents of the year that carry the tag."""
    in_cell = [r for r in found if r.group == group and r.day and r.day[:4] == year]
    carrying = [r for r in in_cell if any(tag_id in tags for _, tags in r.highlights)]
    if measure == "highlights":
        return float(sum(1 for r in in_cell for _, tags in r.highlights if tag_id in tags))
    if measure == "documents":
        return float(len(carrying))
    return len(carrying) / len(in_cell) if in_cell else 0.0


def highlight_ids(found: list[Record], tag_id: int, group: str | None,
                  year: str | None = None) -> set[int]:
    """The highlights of ``tag_id`` in ``group`` (and ``year`` when given)."""
    return {h for r in found if r.group == group
            and (year is None or (r.day is not None and r.day[:4] == year))
            for h, tags in r.highlights if tag_id in tags}
