"""Shared test helpers (import as ``from helpers import ...``; conftest modules are
fixtures only, since several folders have their own conftest)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import NewDocument
from annotator.services import Project

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "000_3fdd7441507ec72d.txt"


def add_text(project: Project, text: str, *, title: str = "Doc", date: str | None = None,
             source: str = "", attributes: dict[str, object] | None = None) -> int:
    """Add a document and return its id."""
    return project.documents.add(
        NewDocument(title, text, date, source, attributes or {})
    ).document_id
