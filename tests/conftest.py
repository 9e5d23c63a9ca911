"""Shared fixtures: a throwaway project per test, and no writes outside tmp folders."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.services import Project
from helpers import SHARED


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder (default project, settings, backups)."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data))
    return data


@pytest.fixture
def project() -> Project:
    """An in-memory project, closed after the test."""
    with Project.in_memory(coder="tester") as p:
        yield p


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A path for a project file that does not exist yet."""
    return tmp_path / "test.annotator"


@pytest.fixture
def shared_corpora() -> Path:
    """The real corpora beside the repository (``../shared/corpora``); skip if absent."""
    folder = SHARED / "corpora"
    if not folder.is_dir():
        pytest.skip("../shared/corpora is not present")
    return folder


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """A private X server (Xvfb) for a module's real-window sessions (``DISPLAY``)."""
    xvfb = shutil.which("Xvfb")
    assert xvfb, "the xcb sessions need Xvfb: apt-get install xvfb"
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)
