"""Default locations (one place), with an override for tests.

``ANNOTATOR_DATA_DIR`` replaces the per-user data folder (appdirs) when set; nothing is
created at import time.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import appdirs

APP_NAME = "Annotator"
DEFAULT_PROJECT_NAME = "Sample project.annotator"
SAMPLE_NAME = "000_3fdd7441507ec72d.txt"


def data_dir() -> Path:
    """The per-user data folder (created on first use by the caller, not here)."""
    override = os.environ.get("ANNOTATOR_DATA_DIR")
    if override:
        return Path(override)
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    """Where the project opened by a plain ``annotator`` lives."""
    return data_dir() / DEFAULT_PROJECT_NAME


def _packaged(folder: str) -> Traversable | Path:
    """A folder shipped in the wheel (``annotator/<folder>``), or the checkout's top level."""
    shipped = resources.files("annotator") / folder
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / folder


def sample_document() -> Traversable | Path:
    """The sample document that a new user's first project starts with."""
    return _packaged("seeds") / SAMPLE_NAME


def resource(name: str) -> Traversable | Path:
    """A runtime asset from ``resources/`` (icons, stylesheets)."""
    return _packaged("resources") / name
