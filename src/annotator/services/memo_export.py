"""Memos as rows (``annotator memos``, the CSV of memos), with their documents' titles and
their tags' paths."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.memos import Memo, MemoFilter
from ..domain.wording import plural
from ..formats.memo_table import MemoRecord, memo_record, write_memo_csv
from .output_files import atomic_text_file

if TYPE_CHECKING:
    from .project import Project

__all__ = ["export_memos_csv", "memo_records"]


def memo_records(project: Project, memos: Sequence[Memo]) -> list[MemoRecord]:
    """One row per memo, in the given order (see ``formats.memo_table``)."""
    titles = project.store.documents.titles(
        sorted({m.document_id for m in memos if m.document_id is not None}))
    paths = project.tags.paths() if any(m.tag_id is not None for m in memos) else {}
    return [memo_record(m, titles.get(m.document_id) if m.document_id is not None else None,
                        paths.get(m.tag_id) if m.tag_id is not None else None)
            for m in memos]


def export_memos_csv(project: Project, out: Path, *, for_spreadsheet: bool = False,
                     where: MemoFilter = MemoFilter()) -> str:  # noqa: B008
    """Write the memos ``where`` selects (all by default) as CSV, one row per memo, from
    one snapshot of the project, written atomically; return a summary."""
    with project.store.read_snapshot():
        records = memo_records(project, project.memos.select(where))
    with atomic_text_file(out, newline="") as handle:
        count = write_memo_csv(handle, records, for_spreadsheet=for_spreadsheet)
    return plural(count, "memo")
