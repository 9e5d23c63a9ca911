"""A new project built under a hidden name appears at its path only when published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectFileError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.staged_project import StagedProject


def test_a_staged_project_unpublished_or_failed_leaves_nothing(tmp_path: Path) -> None:
    final = tmp_path / "study.annotator"
    with StagedProject(final) as project:
        project.documents.add(NewDocument("T", "Some text."))
        assert len(os.listdir(tmp_path)) >= 1
    assert os.listdir(tmp_path) == []
    with pytest.raises(ZeroDivisionError), StagedProject(final) as project:
        project.documents.add(NewDocument("T", "Some text."))
        1 / 0  # noqa: B018
    assert os.listdir(tmp_path) == []


def test_a_published_staged_project_holds_its_work(tmp_path: Path) -> None:
    final = tmp_path / "study.annotator"
    staged = StagedProject(final, coder="tester")
    with staged as project:
        project.documents.add(NewDocument("T", "Some text."))
        assert staged.publish()
    assert os.listdir(tmp_path) == ["study.annotator"]
    with Project.open(final, create=False) as project:
        assert project.documents.count() == 1


def test_staged_project_errors_name_the_final_path(tmp_path: Path) -> None:
    final = tmp_path / "missing folder" / "study.annotator"
    with pytest.raises(ProjectFileError) as raised, StagedProject(final):
        pass
    assert str(raised.value) == f"{final}: the folder {final.parent} does not exist"
    assert os.listdir(tmp_path) == []


def test_a_file_that_appeared_meanwhile_is_kept(tmp_path: Path) -> None:
    final = tmp_path / "study.annotator"
    staged = StagedProject(final)
    with staged as project:
        project.documents.add(NewDocument("T", "Some text."))
        final.write_bytes(b"theirs")
        assert not staged.publish()
    assert os.listdir(tmp_path) == ["study.annotator"]
    assert final.read_bytes() == b"theirs"
