"""Records are told apart by GUID (an id is reused once its row is deleted), looked up in
bulk both ways; a document can be put back under its former id."""

from __future__ import annotations

from dataclasses import replace

from annotator.domain.model import NewDocument
from annotator.services import Project


def test_guids_by_id_and_ids_by_guid_cover_long_lists() -> None:
    with Project.in_memory() as project:
        tags = project.store.tags
        with project.transaction():
            made = {tags.insert(f"tag {i}", guid=f"g-{i}", color="#123456",
                                created_at="2020-01-01T00:00:00Z"): f"g-{i}"
                    for i in range(1000)}  # more than one IN list's worth
        assert tags.guids([*made, 5000]) == made
        assert tags.ids_by_guid([*made.values(), "none"]) == {g: i for i, g in made.items()}
        assert tags.guids([]) == {} and project.store.documents.ids_by_guid(["g-1"]) == {}


def test_a_document_goes_back_under_its_own_id_and_is_searchable() -> None:
    with Project.in_memory() as project:
        first = project.documents.add(NewDocument("First", "Wells and canals.")).document_id
        kept = project.documents.get(first)
        project.documents.delete(first)
        with project.transaction():
            project.store.documents.insert(
                NewDocument(kept.title, kept.text), guid=kept.guid, sha256=kept.sha256,
                imported_at=kept.imported_at, document_id=first + 7)
        assert project.documents.get(first + 7) == replace(kept, id=first + 7)
        assert project.documents.search("canals") == [first + 7]
        assert project.store.documents.guids([first + 7]) == {first + 7: kept.guid}
