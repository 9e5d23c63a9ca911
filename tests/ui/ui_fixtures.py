"""Helpers shared by the GUI tests (fixtures live in conftest.py)."""

from __future__ import annotations

EMOJI_TEXT = "Hi 😀 world security issue\nA second line about water and migration."


def document_id(window, title: str) -> int:
    """The id of the listed document with this title."""
    model = window.document_model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == title:
            return model.document_id(row)
    raise AssertionError(f"no document {title!r} listed")


OUTLETS = ("RT", "TASS", "Kommersant")
WORDS = ("water", "security", "migration", "border", "gas", "dam", "river")


def build_outlets_project(path) -> None:  # type: ignore[no-untyped-def]
    """A project file of 24 news documents from three outlets (every sixth has none), a
    ``year`` variable, dates over 2018-2020 (every seventh undated), three tags and about
    fifty highlights with memos; numbers in the tests are recounted from its records."""
    import random

    from annotator.domain.model import NewDocument
    from annotator.services import Project

    rng = random.Random(5)
    with Project.open(path, coder="tester") as project:
        tags = [project.tags.create(name)[0] for name in ("water", "security", "migration")]
        for index in range(24):
            attributes: dict[str, object] = {"year": 2018 + index % 3}
            if index % 6:
                attributes["outlet"] = OUTLETS[index % 3]
            date = None if index % 7 == 3 else f"{2018 + index % 3}-{1 + index % 12:02d}-15"
            text = " ".join(rng.choice(WORDS) for _ in range(30))
            doc = project.documents.add(NewDocument(
                f"Report {index:02d}", text, date, f"r{index}.txt", attributes)).document_id
            for _ in range(rng.randrange(4)):
                start = rng.randrange(0, 120)
                project.highlights.create(doc, start, start + rng.randrange(4, 30),
                                          rng.sample(tags, rng.randrange(1, 3)),
                                          memo=rng.choice(("", "note")))
