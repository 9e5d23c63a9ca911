"""First launch: the default project is created with the sample; later launches reuse it."""

from __future__ import annotations

from pathlib import Path

from annotator import paths
from annotator.services import Project
from annotator.services.first_run import ensure_default_project
from helpers import SEED, SHARED


def test_first_launch_creates_the_sample_project_then_reuses_it(_isolated_data_dir: Path) -> None:
    path = ensure_default_project()
    assert path.parent == _isolated_data_dir and path.exists()
    with Project.open(path, create=False) as project:
        (doc_id,) = project.documents.ids()
        doc = project.documents.get(doc_id)
        assert doc.title == "Moscow discussed cooperation of Russia with Central Asia"
        assert doc.date == "2018-02-12T15:32"
        assert project.name == "Sample project"
        tag, _ = project.tags.create("kept")
    assert ensure_default_project() == path
    with Project.open(path, create=False) as project:
        assert project.documents.count() == 1
        assert project.tags.get(tag).name == "kept"
    assert not list(_isolated_data_dir.glob("*.creating*"))


def test_the_shipped_sample_is_the_seed_byte_for_byte() -> None:
    assert paths.sample_document().read_bytes() == SEED.read_bytes()
    shared_seed = SHARED / "seeds" / SEED.name
    if shared_seed.exists():  # beside a checkout: seeds/ must stay a verbatim copy
        assert shared_seed.read_bytes() == SEED.read_bytes()


def test_runtime_resources_are_shipped() -> None:
    icon = paths.resource("icons/annotator.svg")
    assert icon.read_text(encoding="utf-8").startswith("<svg")
    assert "Exec=annotator" in paths.resource("annotator.desktop").read_text(encoding="utf-8")
