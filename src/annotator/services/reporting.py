"""Reports for the paper: the quotes of some tags (or the codebook) as HTML, docx or
Markdown.

:func:`build_report` reads one snapshot of the project (``Store.read_snapshot``) into a
:class:`~annotator.domain.report.Report`; the writers in ``formats`` turn that into a
file; :func:`write_report` does both, writing through
:func:`~annotator.services.output_files.atomic_file` (the file appears whole or not at
all, and an open project file is refused as the target, as exports do).

Memos: with ``with_memos`` each quote carries its highlight's memo. The other kinds of
memo (project, tag, document) go into the ``memos`` of the report, its sections and its
document groups, which the writers already show: :func:`_section` and
:func:`_document_groups` are where they are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..domain.errors import NotFoundError, UserError
from ..domain.filters import DocumentFilter
from ..domain.model import Tag
from ..domain.report import (
    EXAMPLE_MAX_CHARACTERS,
    Report,
    ReportDocument,
    ReportKind,
    ReportQuote,
    ReportSection,
)
from ..domain.tag_tree import name_paths, tree_order
from ..formats.report_docx import write_report_docx
from ..formats.report_html import report_html, write_report_html
from ..formats.report_markdown import write_report_markdown
from ..store.report_quotes import ReportQueries, ReportRow
from ..store.scoped_stats import Scope
from .exporting import plural
from .output_files import atomic_file
from .stamps import utc_now

if TYPE_CHECKING:
    from .project import Project

#: The report formats by file extension: (what the file is, whether it is binary, writer).
REPORT_FORMATS: dict[str, tuple[str, bool, Callable[[IO[Any], Report], None]]] = {
    ".html": ("HTML page", False, write_report_html),
    ".htm": ("HTML page", False, write_report_html),
    ".docx": ("Word document", True, write_report_docx),
    ".md": ("Markdown", False, write_report_markdown),
}


@dataclass(frozen=True)
class ReportOptions:
    """What a report holds.

    ``kind``: ``quotes`` (every quote of each tag) or ``codebook`` (each tag with its
    counts and one example). ``tag_ids``: the tags reported, exactly these (``None``:
    every tag); see :func:`with_subtags`. ``with_memos``: quotes carry their memos.
    ``documents``: only quotes in the documents this filter selects (``None``: all).
    """

    kind: ReportKind = "quotes"
    tag_ids: tuple[int, ...] | None = None
    with_memos: bool = False
    documents: DocumentFilter | None = None


@dataclass(frozen=True)
class PreviewLimits:
    """How much of a report a preview lists: at most ``per_tag`` quotes of each tag and
    ``total`` quotes in all (the counts stay whole)."""

    per_tag: int = 10
    total: int = 400


def report_format(out: Path) -> str:
    """The extension of ``out`` that names its format (``.html``, ``.htm``, ``.docx``,
    ``.md``); a :class:`UserError` naming the file for any other."""
    suffix = out.suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise UserError(f"{out}: cannot tell the report's format from its name; "
                        "end it in .html, .docx or .md")
    return suffix


def write_report(project: Project, out: Path, options: ReportOptions) -> str:
    """Build the report from one snapshot of ``project`` and write it to ``out`` in the
    format its extension names; return a summary (``12 tags, 340 quotes``).

    Raises :class:`UserError` for an unknown extension, an unknown tag or a target that
    cannot be written (a folder, an open project file, a full disk); ``out`` is then
    untouched."""
    _, binary, writer = REPORT_FORMATS[report_format(out)]
    with atomic_file(out, binary=binary) as handle:
        report = build_report(project, options)
        writer(handle, report)
    return f"{plural(len(report.sections), 'tag')}, {plural(report.quote_count, 'quote')}"


@dataclass(frozen=True)
class ReportPreview:
    """A preview of a report: its first quotes as an HTML page (``html``), and what the
    whole report holds (``tags``, ``quotes``)."""

    html: str
    tags: int
    quotes: int
    complete: bool


def preview_report(project: Project, options: ReportOptions,
                   limits: PreviewLimits = PreviewLimits()) -> ReportPreview:
    """The report ``options`` describe, cut to ``limits``, as HTML (whatever format it is
    saved in: the window shows HTML)."""
    report = build_report(project, options, limits)
    return ReportPreview(report_html(report), len(report.sections), report.quote_count,
                         report.complete)


def build_report(project: Project, options: ReportOptions,
                 limits: PreviewLimits | None = None) -> Report:
    """The report ``options`` describe, read from one snapshot of ``project``; with
    ``limits``, a preview that lists only some quotes (``Report.complete`` false).

    Sections follow the codebook's tree order (each parent before its children, siblings
    in the tag panel's order). A tag's quotes and documents are counted within the
    documents of ``options.documents``; a quote carrying two reported tags is listed under
    each. Raises :class:`~annotator.domain.errors.NotFoundError` for an unknown tag id.
    """
    store = project.store
    queries = ReportQueries(store.db)
    with store.read_snapshot():
        tags = {tag.id: tag for tag in store.tags.all()}
        chosen = _chosen_tags(tags, options.tag_ids)
        parent_of = {t.id: t.parent_id for t in tags.values()}
        paths = name_paths(parent_of, lambda i: tags[i].name)
        ordered = [tag_id for tag_id in tree_order(tags, parent_of) if tag_id in chosen]
        listed = None if options.tag_ids is None else ordered
        counts = {tag_id: totals for (tag_id, _), totals in store.scoped.tag_totals(
            Scope(within=options.documents), listed).items()} if ordered else {}
        quota = _preview_quota(ordered, counts, limits)
        sections = tuple(
            _section(queries, tags[tag_id], paths[tag_id], counts.get(tag_id, (0, 0)),
                     options, quota.get(tag_id))
            for tag_id in ordered
        )
    return Report(
        kind=options.kind, project_name=project.name, created_at=utc_now(),
        sections=sections, conditions=describe_filter(options.documents, paths),
        with_memos=options.with_memos,
        complete=not any(section.omitted for section in sections),
    )


def _chosen_tags(tags: dict[int, Tag], tag_ids: Sequence[int] | None) -> set[int]:
    if tag_ids is None:
        return set(tags)
    unknown = [t for t in tag_ids if t not in tags]
    if unknown:
        raise NotFoundError(f"no tag with id {unknown[0]}")
    return set(tag_ids)


def _preview_quota(ordered: Sequence[int], counts: dict[int, tuple[int, int]],
                   limits: PreviewLimits | None) -> dict[int, int]:
    """How many quotes a preview lists of each tag (none in the dict: every quote):
    ``limits.per_tag`` of each, in order, until ``limits.total`` are listed."""
    if limits is None:
        return {}
    quota: dict[int, int] = {}
    left = limits.total
    for tag_id in ordered:
        quota[tag_id] = min(limits.per_tag, left)
        left -= min(quota[tag_id], counts.get(tag_id, (0, 0))[0])
    return quota


def _section(queries: ReportQueries, tag: Tag, path: tuple[str, ...],
             counts: tuple[int, int], options: ReportOptions,
             quota: int | None) -> ReportSection:
    """One tag's section: its counts, and its quotes (the first ``quota`` of them, or
    all when ``None``) or its example."""
    quotes, documents = counts
    base = ReportSection(tag.id, path, tag.color, tag.description, quotes, documents)
    if options.kind == "codebook":
        row = queries.example_of_tag(tag.id, options.documents,
                                     max_characters=EXAMPLE_MAX_CHARACTERS,
                                     with_memos=options.with_memos) if quotes else None
        example = next(iter(_document_groups([row])), None) if row else None
        return replace(base, example=example)
    rows = queries.quotes_of_tag(tag.id, options.documents, with_memos=options.with_memos,
                                 limit=quota) if quotes and quota != 0 else []
    return replace(base, groups=tuple(_document_groups(rows)), omitted=quotes - len(rows))


def _document_groups(rows: Iterable[ReportRow]) -> list[ReportDocument]:
    """Rows in report order, gathered into one group per document (rows of a document
    are consecutive in that order)."""
    groups: list[ReportDocument] = []
    current: list[ReportQuote] = []
    head: ReportRow | None = None
    for row in rows:
        if head is not None and row[1] != head[1]:
            groups.append(ReportDocument(head[1], head[7], head[8], tuple(current)))
            current = []
        head = row
        current.append(ReportQuote(row[0], row[2], row[3], row[4], row[6], row[5]))
    if head is not None:
        groups.append(ReportDocument(head[1], head[7], head[8], tuple(current)))
    return groups


def with_subtags(project: Project, tag_ids: Iterable[int]) -> tuple[int, ...]:
    """``tag_ids`` and every tag below them (a theme with its sub-themes), each once."""
    children: dict[int | None, list[int]] = {}
    for tag in project.tags.all():
        children.setdefault(tag.parent_id, []).append(tag.id)
    found: dict[int, None] = {}
    stack = list(tag_ids)
    while stack:
        tag_id = stack.pop()
        if tag_id not in found:
            found[tag_id] = None
            stack.extend(children.get(tag_id, ()))
    return tuple(found)


def describe_filter(documents: DocumentFilter | None,
                    paths: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """The documents a filter selects, in words, one condition per line (none: every
    document)."""
    if documents is None or documents.is_empty:
        return ()
    lines: list[str] = []
    if documents.text.strip():
        lines.append(f"containing {documents.text.strip()}")
    if documents.first_day or documents.last_day:
        lines.append(f"dated {documents.first_day or '…'} to {documents.last_day or '…'}")
    if documents.tag_ids:
        names = sorted(" › ".join(paths.get(t, (f"#{t}",))) for t in documents.tag_ids)
        lines.append(f"tagged with {documents.tag_match} of {', '.join(names)}")
    for name in sorted(documents.values):
        allowed = sorted(documents.values[name], key=lambda v: (v is None, v or ""))
        shown = " or ".join("no value" if v is None else v for v in allowed)
        lines.append(f"{name} = {shown}")
    return tuple(lines)
