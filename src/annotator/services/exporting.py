"""Exports of the coded dataset, streamed and written atomically.

Each export reads one snapshot of the project (``Store.read_snapshot``) and writes through
:func:`~annotator.services.output_files.atomic_file`: a temporary file of its own beside
``out`` that replaces ``out`` only when complete, so an interrupted export never leaves a
truncated file under the requested name and two exports to one path never mix.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.model import Document, Highlight
from ..domain.wording import plural
from ..formats.coded_dataset import write_coded_dataset
from ..formats.csv_export import write_highlight_rows
from .output_files import atomic_file, atomic_text_file
from .stamps import utc_now

if TYPE_CHECKING:
    from .project import Project

__all__ = ["atomic_file", "atomic_text_file", "export_csv", "export_json", "plural"]


def _counting(items: Iterator[object], counter: list[int]) -> Iterator[object]:
    for item in items:
        counter[0] += 1
        yield item


def export_json(project: Project, out: Path, *, include_text: bool = True) -> str:
    """Write the coded dataset (DESIGN.md) to ``out``; return a summary of what it holds.

    The file is one snapshot of the project (``Store.read_snapshot``), whatever other
    processes commit meanwhile."""
    store = project.store
    documents, highlights, memos = [0], [0], [0]
    with store.read_snapshot(), atomic_text_file(out) as handle:
        tags = store.tags.all()
        write_coded_dataset(
            handle,
            project_name=project.name,
            exported_at=utc_now(),
            tags=tags,
            documents=_counting(store.documents.iterate(with_text=include_text), documents),  # type: ignore[arg-type]
            highlights=_counting(store.highlights.iterate(), highlights),  # type: ignore[arg-type]
            memos=_counting(store.memos.iterate(), memos),  # type: ignore[arg-type]
            include_text=include_text,
        )
    return _summary(documents[0], len(tags), highlights[0], memos[0])


def _summary(documents: int, tags: int, highlights: int, memos: int = 0) -> str:
    return ", ".join(
        (plural(documents, "document"), plural(tags, "tag"), plural(highlights, "highlight"),
         *([plural(memos, "memo")] if memos else []))
    )


def export_csv(project: Project, out: Path, *, bom: bool = False,
               for_spreadsheet: bool = False) -> str:
    """Write one CSV row per highlight and tag (the JSON export's annotations, flattened),
    from one snapshot of the project (``Store.read_snapshot``); ``for_spreadsheet``: the
    variant for Excel (see :func:`export_spreadsheet_csv`)."""
    store = project.store
    highlights = [0]

    def rows() -> Iterator[tuple[Document, Highlight]]:
        current: Document | None = None
        for highlight in store.highlights.iterate(by_document=True):
            if current is None or current.id != highlight.document_id:
                current = store.documents.get_without_text(highlight.document_id)
            highlights[0] += 1
            yield current, highlight

    with store.read_snapshot(), atomic_text_file(out, newline="") as handle:
        paths = project.tags.paths()
        attribute_names = store.documents.attribute_names()
        written = write_highlight_rows(handle, rows(), paths, attribute_names, bom=bom,
                                       for_spreadsheet=for_spreadsheet)
    return f"{plural(highlights[0], 'highlight')} in {plural(written, 'row')}"


def export_spreadsheet_csv(project: Project, out: Path) -> str:
    """The CSV for Excel and other spreadsheets: with a byte-order mark (Excel reads UTF-8
    by it), and cells that a spreadsheet would run as formulas made inert with a leading
    ``'`` (``annotator export --bom``, and "CSV for Excel" in the window). The plain
    :func:`export_csv` keeps every cell verbatim, for R and pandas."""
    return export_csv(project, out, for_spreadsheet=True)
