"""Importing files and folders into a project, each file all or nothing.

A folder is walked recursively (hidden files and folders skipped, unsupported types noted).
Coded-dataset ``.json`` files are merged (see ``dataset_merge``), and so are other
projects' ``.annotator`` files given by themselves (see ``project_merge``); a survey
(``.csv``, ``.tsv``, ``.xlsx``) given by itself becomes one document per row with text,
through a :class:`~annotator.formats.survey_reader.SurveyMapping`, all rows in one transaction;
every other supported file becomes one document. A table found inside a folder is
skipped unless the caller names it (it is as often a list of the folder's documents, an
``index.csv``, as a survey: see :func:`tables_in_folders`). A failed file is reported
with its reason and leaves the project unchanged; the rest of the batch goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import ProjectFileError, UserError
from ..domain.model import Changes
from ..domain.wording import plural
from ..formats.plain_text import MAX_BYTES
from ..formats.readers import (
    SUPPORTED_EXTENSIONS,
    SurveyMapping,
    is_survey,
    read_document,
    read_survey,
)
from .documents import PreparedDocument, prepare_document
from .import_report import ImportReport, MergedFile
from .project_files import (
    OPEN_PROJECT_REASON,
    PROJECT_SUFFIX,
    is_open_project_database,
    open_project_file_test,
)
from .read_ahead import ReadAhead

__all__ = ["ImportReport", "SurveyMapping", "collect_files", "import_paths"]

if TYPE_CHECKING:
    from .project import Project

DATASET_EXTENSIONS = frozenset({".json"})
#: REFI-QDA project, project XML and codebook (the same as ``refi_qda.REFI_EXTENSIONS``,
#: which this module imports lazily).
REFI_SUFFIXES = frozenset({".qdpx", ".qde", ".qdc"})
#: A batch of plain documents commits after this many files, bytes of text (UTF-8) or
#: seconds, whichever comes first.
BATCH_FILES = 5000
#: In a run of more than ``BATCH_FILES`` plain documents, a batch this large is written
#: when the next file is not read yet (see ``_import_document_batch``). Fewer, larger
#: commits: each one syncs the WAL and checkpoints it (measured: 5000 / 1000 / 2 s
#: imported 10,000 files 6-12 % faster than 2000 / 250 / 1 s).
MIN_BATCH_FILES = 1000
BATCH_BYTES = 32_000_000
BATCH_SECONDS = 2.0
#: From this many plain documents in a row on, the next files are read on a helper thread.
READ_AHEAD_FILES = 200

#: Called before each file with (index, total, path); returns ``False`` to cancel.
Progress = Callable[[int, int, Path], bool]
#: Why a table found inside a folder was skipped, when the caller gives no reason.
FOLDER_TABLE_SKIPPED = ("a table inside a folder is not imported as documents (import it "
                        "by itself to read its rows as survey documents)")
#: Why a project file found inside a folder is not merged.
FOLDER_PROJECT_SKIPPED = "a project file inside a folder is not merged (merge it by itself)"


def collect_files(
    paths: Iterable[Path],
    report: ImportReport,
    *,
    folder_surveys: Collection[Path] = (),
    folder_table_reason: Callable[[Path], str | None] | None = None,
) -> list[Path]:
    """Expand folders recursively into importable files, in a stable (sorted) order.

    Hidden entries inside folders are passed over silently; unsupported files inside
    folders are noted in ``report.skipped``, and so are tables (``.csv``, ``.tsv``,
    ``.xlsx``) inside folders unless they are in ``folder_surveys``, with the reason
    ``folder_table_reason(table)`` (:data:`FOLDER_TABLE_SKIPPED` without it, or when it
    gives ``None``). A path given explicitly is always tried. A folder's files come in
    the order of ``sorted(folder.rglob("*"))``; folders reached through a symbolic link
    are not entered (as ``rglob`` does), unreadable ones are passed over.
    """
    files: list[Path] = []
    surveys = frozenset(folder_surveys)
    for path in paths:
        if path.is_dir():
            for child in _visible_files(path):
                if is_survey(child) and child not in surveys:
                    reason = folder_table_reason(child) if folder_table_reason else None
                    report.skipped.append((child, reason or FOLDER_TABLE_SKIPPED))
                elif child.suffix.lower() == PROJECT_SUFFIX:
                    report.skipped.append((child, FOLDER_PROJECT_SKIPPED))
                elif _is_importable(child):
                    files.append(child)
                else:
                    kind = child.suffix or "(none)"
                    report.skipped.append((child, f"unsupported file type {kind}"))
        else:
            files.append(path)
    return _without_open_projects(files, report)


def tables_in_folders(paths: Iterable[Path]) -> list[Path]:
    """The tables (``.csv``, ``.tsv``, ``.xlsx``) that :func:`collect_files` finds inside
    the folders among ``paths`` (as the same ``Path`` values, in the same order): an
    import skips them unless told, in ``folder_surveys``, to read them as surveys.

    Walks the folders without reading any file (``os.scandir``: no ``stat`` per file).
    """
    return [child for path in paths if path.is_dir()
            for child in _visible_files(path) if is_survey(child)]


def _without_open_projects(files: list[Path], report: ImportReport) -> list[Path]:
    """``files`` less the project files open in this process (and their journals), which
    are noted as skipped: reading one would drop SQLite's locks on it. A ``.annotator``
    file open here stays: it is merged through SQLite only (see ``project_merge``, which
    refuses the project itself)."""
    is_open_project = open_project_file_test()
    kept = []
    for path in files:
        merged_through_sqlite = (path.suffix.lower() == PROJECT_SUFFIX
                                 and is_open_project_database(path))
        if is_open_project(path) and not merged_through_sqlite:
            report.skipped.append((path, OPEN_PROJECT_REASON))
        else:
            kept.append(path)
    return kept


def _visible_files(folder: Path) -> Iterator[Path]:
    """The regular files under ``folder`` whose path below it has no hidden part.

    Sorting each folder's entries by name (case-folded where the system does, as
    ``PurePath`` compares) and descending depth first gives the order of sorting whole
    paths, without a ``stat`` per file: ``os.scandir`` knows each entry's kind.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: os.path.normcase(entry.name))
    except PermissionError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                if not entry.is_symlink():
                    yield from _visible_files(folder / entry.name)
            elif entry.is_file():
                yield folder / entry.name
        except OSError:
            continue


def _is_importable(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in SUPPORTED_EXTENSIONS or suffix in DATASET_EXTENSIONS or suffix in REFI_SUFFIXES


def import_paths(
    project: Project,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
    survey_mapping: SurveyMapping | None = None,
    survey_mappings: Mapping[Path, SurveyMapping] | None = None,
    folder_surveys: Collection[Path] = (),
    folder_table_reason: Callable[[Path], str | None] | None = None,
) -> ImportReport:
    """Import files and folders; never raises for a bad file (it goes to ``failed``).

    ``survey_mappings`` gives a mapping per survey file (the window asks for each one);
    a survey not in it uses ``survey_mapping``. A table found inside a folder is read as
    a survey only if it is in ``folder_surveys`` (as :func:`tables_in_folders` gives it);
    any other is skipped, with ``folder_table_reason(table)`` as the reason (see
    :func:`collect_files`).

    A file larger than ``max_bytes`` is refused unread (coded datasets excepted: their
    reader has its own, larger limit). ``survey_mapping`` applies to every survey of the
    batch; it may be partial (``SurveyMapping(text_columns=("Q1",))``): what it leaves
    unset is proposed from each survey's header and values. A survey naming a column it
    lacks fails as a whole. ``progress`` is called before each file, in order, on the
    calling thread, and may cancel: no file from that one on is imported.

    Durability: plain documents are committed in batches (at most ``BATCH_FILES`` files,
    ``BATCH_BYTES`` of text or ``BATCH_SECONDS``); a file is read, decoded and checked
    whole before its batch's one write, so a bad file writes nothing and never affects
    another, and the report lists a file only once its batch has committed (a kill loses
    at most the uncommitted batch, which was never reported). Coded datasets, REFI-QDA
    files and surveys are one transaction each.

    A failure to write the project itself (a full disk, a read-only project) ends the
    batch: it raises that :class:`ProjectFileError` when nothing was written yet, else
    returns the report of what was committed, with the reason in ``report.stopped``.

    Threads: from ``READ_AHEAD_FILES`` plain documents in a row on, a helper thread reads
    the files ahead (see :mod:`.read_ahead`; it never touches the project) and is ended
    before this returns or raises.
    """
    report = ImportReport()
    files = collect_files(paths, report, folder_surveys=folder_surveys,
                          folder_table_reason=folder_table_reason)
    index = 0
    try:
        while index < len(files) and not report.cancelled:
            path = files[index]
            if _is_document(path):
                end = index + 1
                while end < len(files) and _is_document(files[end]):
                    end += 1
                with project.store.bulk_writing():
                    index = _import_documents(project, files, index, end, report, max_bytes,
                                              progress)
                continue
            if progress is not None and not progress(index, len(files), path):
                report.cancelled = True
                break
            index += 1
            try:
                mapping = (survey_mappings or {}).get(path, survey_mapping)
                _import_whole_file(project, path, report, max_bytes, mapping)
            except UserError as error:
                if isinstance(error, ProjectFileError) and error.path == project.path:
                    raise  # the project, not this file: the batch cannot go on
                report.failed.append((path, str(error)))
    except ProjectFileError as error:
        if error.path != project.path or not report.changes:
            raise
        report.stopped = str(error)
    return report


def _is_document(path: Path) -> bool:
    suffix = path.suffix.lower()
    return not (suffix in DATASET_EXTENSIONS or suffix in REFI_SUFFIXES
                or suffix == PROJECT_SUFFIX or is_survey(path))


def _import_documents(
    project: Project,
    files: list[Path],
    start: int,
    end: int,
    report: ImportReport,
    max_bytes: int,
    progress: Progress | None,
) -> int:
    """Import the plain documents ``files[start:end]`` batch by batch; return the index
    of the first file not handled (``end`` unless cancelled).

    From ``READ_AHEAD_FILES`` files on, a helper thread reads the next files while a
    batch is written (see :mod:`.read_ahead`).
    """
    with ReadAhead(
        files[start:end],
        lambda path: prepare_document(read_document(path, max_bytes=max_bytes),
                                      normalized=True),
        lambda prepared: len(prepared.utf8),
        max_files=BATCH_FILES,
        max_size=BATCH_BYTES,
        threaded=end - start >= READ_AHEAD_FILES,
    ) as ahead:
        index = start
        # A run that fits one batch stays one transaction, as it always was.
        write_early = end - start > BATCH_FILES
        while index < end and not report.cancelled:
            index = _import_document_batch(project, files, index, end, ahead, report,
                                           progress, write_early)
    return index


def _import_document_batch(
    project: Project,
    files: list[Path],
    index: int,
    end: int,
    ahead: ReadAhead[PreparedDocument],
    report: ImportReport,
    progress: Progress | None,
    write_early: bool,
) -> int:
    """Import plain documents from ``files[index]`` on (before ``end``) in one
    transaction; return the index of the first file not handled. The report is updated
    after the commit.

    Every file of the batch is read and checked first; then one
    :meth:`~.documents.DocumentService.add_many` writes them all. With ``write_early``,
    a batch of at least ``MIN_BATCH_FILES`` is written as soon as the helper has no file
    ready: writing then overlaps reading, and the last batch, written after all reading,
    is small.
    """
    read: list[tuple[Path, PreparedDocument | str]] = []
    started = time.monotonic()
    size = 0
    while index < end and len(read) < BATCH_FILES and size < BATCH_BYTES:
        if read and time.monotonic() - started > BATCH_SECONDS:
            break
        if write_early and len(read) >= MIN_BATCH_FILES and not ahead.has_ready():
            break
        path = files[index]
        if progress is not None and not progress(index, len(files), path):
            report.cancelled = True
            break
        index += 1
        read_path, document = ahead.next()
        assert read_path == path, (read_path, path)
        read.append((path, document))
        size += 0 if isinstance(document, str) else len(document.utf8)
    with project.transaction():
        results = iter(project.documents.add_many(
            [document for _, document in read if not isinstance(document, str)]
        ))
    created: list[int] = []
    for path, document in read:
        if isinstance(document, str):
            report.failed.append((path, document))
            continue
        added = next(results)
        if added.duplicate:
            report.duplicates.append((path, added.document_id))
        else:
            report.imported.append((path, added.document_id))
            created.append(added.document_id)
    report.changes |= Changes.created("documents", *created)
    return index


def _import_whole_file(
    project: Project,
    path: Path,
    report: ImportReport,
    max_bytes: int,
    survey_mapping: SurveyMapping | None,
) -> None:
    """A coded dataset, another project, a REFI-QDA file or a survey: one transaction
    each."""
    from .dataset_merge import merge_dataset
    from .project_merge import merge_project
    from .refi_qda import import_refi

    suffix = path.suffix.lower()
    if suffix in DATASET_EXTENSIONS or suffix == PROJECT_SUFFIX:
        merge = merge_project if suffix == PROJECT_SUFFIX else merge_dataset
        merged = merge(project, path)
        report.merged.append((path, merged.summary()))
        kind = "project" if suffix == PROJECT_SUFFIX else "coded dataset"
        report.merged_files.append(MergedFile(
            kind, merged.documents_added, merged.documents_matched, merged.tags_added,
            merged.highlights_added))
        report.changes |= merged.changes
        report.note_amended(merged.amended, merged.amended_memos)
    elif suffix in REFI_SUFFIXES:
        result = import_refi(project, path)
        report.merged.append((path, result.summary()))
        report.merged_files.append(MergedFile(
            f"REFI-QDA {result.kind}", result.documents_added, result.documents_matched,
            result.tags_added, result.highlights_added))
        report.notes += [(path, line) for line in result.summary_lines()[1:]]
        report.changes |= result.changes
        report.note_amended(result.amended, result.amended_memos)
    else:
        _import_survey(project, path, report, max_bytes, survey_mapping)


def _import_survey(project: Project, path: Path, report: ImportReport, max_bytes: int,
                   mapping: SurveyMapping | None) -> None:
    """Add every row of the survey at ``path`` in one transaction, then report them.

    The report is only touched after the transaction commits, so a failure (raised as
    :class:`UserError`) leaves both the project and the report as they were.
    """
    survey = read_survey(path, max_bytes=max_bytes, mapping=mapping)
    imported: list[tuple[Path, int]] = []
    duplicates: list[tuple[Path, int]] = []
    with project.transaction():
        for document in survey.documents:
            added = project.documents.add(document, distinct_sources=True)
            target = duplicates if added.duplicate else imported
            target.append((path, added.document_id))
    report.imported += imported
    report.duplicates += duplicates
    # One record for the whole survey: merging one per row would copy the id set each time.
    report.changes |= Changes.created("documents", *(i for _, i in imported))
    if survey.empty_rows:
        rows = plural(survey.empty_rows, "row")
        report.notes.append((path, f"{rows} with no text in the text column skipped"))
