"""The project a plain ``annotator`` opens: created with the sample on first launch."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..formats.plain_text import text_from_bytes
from .project import Project


def ensure_default_project() -> Path:
    """Create the default project with the sample document if it does not exist yet.

    Returns its path. Later launches find it and leave it as it is (the sample is imported
    only into a project that has just been created).
    """
    path = paths.default_project_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".creating")
    partial.unlink(missing_ok=True)
    with Project.open(partial) as project:
        # The sample may sit inside a wheel: read its bytes through importlib.resources.
        sample = paths.sample_document().read_bytes()
        project.documents.add(text_from_bytes(sample, Path(paths.SAMPLE_NAME)))
        project.set_name("Sample project")
    partial.replace(path)
    return path
