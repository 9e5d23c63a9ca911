"""Previewing a survey before importing it: its columns, a proposed mapping, sample rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.model import NewDocument
from ..formats.plain_text import MAX_BYTES
from ..formats.survey_reader import (
    NO_COLUMN,
    SurveyMapping,
    preview_documents,
    propose_mapping,
    resolve_mapping,
)
from ..formats.survey_table import read_survey_table

__all__ = ["NO_COLUMN", "SurveyMapping", "SurveyPreview", "survey_preview"]


@dataclass(frozen=True)
class SurveyPreview:
    """What the mapping dialog shows: the columns, the mapping in force (the proposal
    completed by the user's choices), the first documents it gives, and the row count."""

    columns: tuple[str, ...]
    mapping: SurveyMapping
    documents: list[NewDocument]
    rows: int


def survey_preview(path: Path, mapping: SurveyMapping | None = None, *, limit: int = 5,
                   max_bytes: int = MAX_BYTES) -> SurveyPreview:
    """Read the survey at ``path`` and preview ``mapping`` (default: the proposal).

    Raises ``InputFileError`` for an unreadable survey or a column it lacks.
    """
    table = read_survey_table(path, max_bytes=max_bytes)
    chosen = resolve_mapping(table, mapping or propose_mapping(table), path)
    return SurveyPreview(table.columns, chosen,
                         preview_documents(table, chosen, path.name, limit=limit),
                         len(table.rows))
