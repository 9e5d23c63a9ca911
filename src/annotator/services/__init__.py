"""Use cases over a project: the ``Project`` facade used by the window, the CLI and tests."""

from .project import Project

__all__ = ["Project"]
