"""Exports of the coded dataset, streamed and written atomically.

The output goes to a temporary file beside ``out`` that replaces ``out`` only when complete,
so an interrupted export never leaves a truncated file under the requested name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..domain.errors import UserError
from ..domain.model import Document, Highlight
from ..formats.coded_dataset import write_coded_dataset
from ..formats.csv_export import write_highlight_rows
from ..store.media import write_problem_reason
from .stamps import utc_now

if TYPE_CHECKING:
    from .project import Project


@contextmanager
def atomic_file(out: Path, *, binary: bool = False,
                newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``out`` (UTF-8 text, or bytes with ``binary``); once
    the block ends without error it is flushed to disk and replaces ``out``, so an
    interrupted export never leaves a truncated file under the requested name."""
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name")
    if not out.parent.exists():
        raise UserError(f"{out}: the folder {out.parent} does not exist")
    partial = out.with_name(f".{out.name}.partial")
    try:
        opened = (partial.open("wb") if binary
                  else partial.open("w", encoding="utf-8", newline=newline))
        with opened as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(out)
    except OSError as error:
        _remove(partial)
        medium = write_problem_reason(error, out.parent)  # a full disk, a read-only medium
        if medium:
            raise UserError(f"{out}: cannot write: {medium}") from None
        raise UserError(f"{out}: cannot write ({error.strerror or error})") from None
    except BaseException:
        _remove(partial)
        raise


def _remove(partial: Path) -> None:
    with suppress(OSError):  # absent (a read-only folder: EROFS, not ENOENT)
        partial.unlink(missing_ok=True)


def atomic_text_file(out: Path, *, newline: str | None = None) -> AbstractContextManager[IO[Any]]:
    """:func:`atomic_file` for UTF-8 text."""
    return atomic_file(out, newline=newline)


def _counting(items: Iterator[object], counter: list[int]) -> Iterator[object]:
    for item in items:
        counter[0] += 1
        yield item


def export_json(project: Project, out: Path, *, include_text: bool = True) -> str:
    """Write the coded dataset (DESIGN.md) to ``out``; return a summary of what it holds."""
    store = project.store
    documents, highlights = [0], [0]
    tags = store.tags.all()
    with atomic_text_file(out) as handle:
        write_coded_dataset(
            handle,
            project_name=project.name,
            exported_at=utc_now(),
            tags=tags,
            documents=_counting(store.documents.iterate(with_text=include_text), documents),  # type: ignore[arg-type]
            highlights=_counting(store.highlights.iterate(), highlights),  # type: ignore[arg-type]
            include_text=include_text,
        )
    return _summary(documents[0], len(tags), highlights[0])


def plural(count: int, word: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{count} {word}{'s' * (count != 1)}"


def _summary(documents: int, tags: int, highlights: int) -> str:
    return ", ".join(
        (plural(documents, "document"), plural(tags, "tag"), plural(highlights, "highlight"))
    )


def export_csv(project: Project, out: Path, *, bom: bool = False) -> str:
    """Write one CSV row per highlight and tag (the JSON export's annotations, flattened)."""
    store = project.store
    paths = project.tags.paths()
    attribute_names = store.documents.attribute_names()
    highlights = [0]

    def rows() -> Iterator[tuple[Document, Highlight]]:
        current: Document | None = None
        for highlight in store.highlights.iterate(by_document=True):
            if current is None or current.id != highlight.document_id:
                current = store.documents.get_without_text(highlight.document_id)
            highlights[0] += 1
            yield current, highlight

    with atomic_text_file(out, newline="") as handle:
        written = write_highlight_rows(handle, rows(), paths, attribute_names, bom=bom)
    return f"{plural(highlights[0], 'highlight')} in {plural(written, 'row')}"
