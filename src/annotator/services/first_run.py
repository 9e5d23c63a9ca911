"""The project a plain ``annotator`` opens: created with the sample on first launch."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..formats.plain_text import read_text_file
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
        sample = paths.sample_document()
        # The sample may sit inside a wheel: read it through importlib.resources.
        scratch = partial.with_name(paths.SAMPLE_NAME)
        scratch.write_bytes(sample.read_bytes())
        try:
            project.documents.add(read_text_file(scratch))
        finally:
            scratch.unlink(missing_ok=True)
        project.set_name("Sample project")
    partial.replace(path)
    return path
