"""Reports for the paper: the quotes of some tags (or the codebook) as HTML, docx or
Markdown.

:func:`build_report` reads one snapshot of the project (``Store.read_snapshot``) into a
:class:`~annotator.domain.report.Report`; the writers in ``formats`` turn that into a
file; :func:`write_report` does both, writing through
:func:`~annotator.services.output_files.atomic_file` (the file appears whole or not at
all, and an open project file is refused as the target, as exports do).

Memos: with ``with_memos`` each quote carries its highlight's memo, and the project's,
each tag's and each listed document's memo go into the ``memos`` of the report, its
sections and its document groups (read from the same snapshot), which the writers show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..domain.errors import NotFoundError, UserError
from ..domain.filters import DocumentFilter
from ..domain.memos import MemoFilter
from ..domain.model import Tag
from ..domain.report import (
    EXAMPLE_MAX_CHARACTERS,
    Report,
    ReportDocument,
    ReportKind,
    ReportMemo,
    ReportQuote,
    ReportSection,
)
from ..domain.tag_tree import name_paths, tree_order
from ..domain.wording import plural
from ..formats.report_docx import write_report_docx
from ..formats.report_html import report_html, write_report_html
from ..formats.report_markdown import write_report_markdown
from ..store.report_quotes import QuoteRow, ReportQueries
from ..store.scoped_stats import Scope
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
    in the tag panel's order). A tag's quotes are grouped by document, the documents in
    order of date (undated last, then in the order they were imported), the quotes in
    order of their place in the text. Quotes and documents are counted within the
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
        counts = _counts(project, options, ordered)
        order = store.documents.ids("date", within=options.documents)
        rank = {document_id: place for place, document_id in enumerate(order)}
        if options.kind == "codebook":
            rows = _examples(queries, options, ordered, rank)
        else:
            quota = _preview_quota(ordered, counts, limits)
            rows = {tag_id: _quote_rows(queries, tag_id, options, order, rank,
                                        quota.get(tag_id), counts.get(tag_id, (0, 0)))
                    for tag_id in ordered}
        documents = queries.titles_and_dates(sorted({r[0] for found in rows.values()
                                                     for r in found}))
        memos = _place_memos(project) if options.with_memos else {}
    sections = tuple(_section(tags[tag_id], paths[tag_id], counts.get(tag_id, (0, 0)),
                              options.kind, rows[tag_id], documents) for tag_id in ordered)
    if memos:
        sections = tuple(_with_memos(section, memos) for section in sections)
    return Report(
        kind=options.kind, project_name=project.name, created_at=utc_now(),
        sections=sections, conditions=describe_filter(options.documents, paths),
        with_memos=options.with_memos,
        complete=not any(section.omitted for section in sections),
        memos=memos.get(("project", 0), ()),
    )


def _place_memos(project: Project) -> dict[tuple[str, int], tuple[ReportMemo, ...]]:
    """The project's, tags' and documents' memos, by ``(kind, id)`` (0 for the project)."""
    found: dict[tuple[str, int], tuple[ReportMemo, ...]] = {}
    for memo in project.memos.select(MemoFilter(kinds=("project", "tag", "document"))):
        if memo.text.strip():
            key = memo.tag_id if memo.kind == "tag" else memo.document_id
            found[(memo.kind, key or 0)] = (ReportMemo(memo.text, memo.author,
                                                       memo.modified_at),)
    return found


def _with_memos(section: ReportSection,
                memos: dict[tuple[str, int], tuple[ReportMemo, ...]]) -> ReportSection:
    """``section`` with its tag's memo and each listed document's memo."""
    groups = tuple(replace(group, memos=memos.get(("document", group.document_id), ()))
                   for group in section.groups)
    example = section.example
    if example is not None:
        example = replace(example, memos=memos.get(("document", example.document_id), ()))
    return replace(section, groups=groups, example=example,
                   memos=memos.get(("tag", section.tag_id), ()))


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


def _counts(project: Project, options: ReportOptions,
            ordered: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Quotes and documents of each reported tag within the report's documents (kept
    totals when it has every document)."""
    store = project.store
    if not ordered:
        return {}
    if options.documents is None or options.documents.is_empty:
        return {tag_id: (totals.highlights, totals.documents)
                for tag_id, totals in store.stats.tag_totals().items()}
    listed = None if options.tag_ids is None else ordered
    return {tag_id: totals for (tag_id, _), totals in store.scoped.tag_totals(
        Scope(within=options.documents), listed).items()}


def _quote_rows(queries: ReportQueries, tag_id: int, options: ReportOptions,
                order: list[int], rank: dict[int, int], quota: int | None,
                counts: tuple[int, int]) -> list[QuoteRow]:
    """A tag's quotes in report order: all of them, or the first ``quota``. ``order``:
    the report's documents in order; ``rank``: the place of each in it; ``counts``: the
    tag's quotes and documents among them."""
    quotes, documents = counts
    if quotes == 0 or quota == 0:
        return []
    if quota is None or (options.documents is not None and options.documents.coders):
        # (the kept per-document totals that find the first documents count every coder)
        return sorted(queries.quotes_of_tag(tag_id, options.documents,
                                            with_memos=options.with_memos),
                      key=_by(rank))[:quota]
    # The first ``quota`` quotes lie in the first ``quota`` documents that have one.
    first = _first_documents(queries, tag_id, order, quota, documents)
    found = queries.quotes_in_documents(tag_id, first, with_memos=options.with_memos)
    return sorted(found, key=_by(rank))[:quota]


def _by(rank: dict[int, int]) -> Callable[[QuoteRow], tuple[int, int, int, int]]:
    """The report's order of quotes: by document, then place in the text."""
    return lambda row: (rank[row[0]], row[2], row[3], row[1])


def _first_documents(queries: ReportQueries, tag_id: int, order: list[int], wanted: int,
                     carrying: int) -> list[int]:
    """The first ``wanted`` documents of ``order`` with a quote of ``tag_id``, of which
    ``carrying`` documents have one: ``order`` is looked through in stretches long
    enough to hold them if they were spread evenly, each twice the last."""
    found: list[int] = []
    start = 0
    stretch = max(wanted, 2 * wanted * len(order) // max(carrying, 1))
    while len(found) < wanted and start < len(order):
        part = order[start:start + stretch]
        having = queries.documents_with_tag(tag_id, part)
        found += [document_id for document_id in part if document_id in having]
        start += stretch
        stretch *= 2
    return found[:wanted]


def _examples(queries: ReportQueries, options: ReportOptions, ordered: Sequence[int],
              rank: dict[int, int]) -> dict[int, list[QuoteRow]]:
    """The codebook's example of each tag (a list of one, or none): among its longest
    quotes of at most :data:`EXAMPLE_MAX_CHARACTERS` characters (its shortest when all
    are longer), the first in report order."""
    rows: dict[int, list[QuoteRow]] = {tag_id: [] for tag_id in ordered}
    order = _by(rank)
    candidates = queries.example_candidates(
        None if options.tag_ids is None else ordered, options.documents,
        max_characters=EXAMPLE_MAX_CHARACTERS, with_memos=options.with_memos)
    for tag_id, row in candidates:
        if tag_id in rows and (not rows[tag_id] or order(row) < order(rows[tag_id][0])):
            rows[tag_id] = [row]
    return rows


def _section(tag: Tag, path: tuple[str, ...], counts: tuple[int, int], kind: ReportKind,
             rows: list[QuoteRow], documents: dict[int, tuple[str, str | None]]
             ) -> ReportSection:
    """One tag's section: its counts, and its quotes (``rows`` in report order) or the
    example (the one row, for the codebook)."""
    quotes, count = counts
    base = ReportSection(tag.id, path, tag.color, tag.description, quotes, count)
    groups = _document_groups(rows, documents)
    if kind == "codebook":
        return replace(base, example=groups[0] if groups else None)
    return replace(base, groups=tuple(groups), omitted=quotes - len(rows))


def _document_groups(rows: Iterable[QuoteRow],
                     documents: dict[int, tuple[str, str | None]]) -> list[ReportDocument]:
    """Rows in report order, gathered into one group per document (rows of a document
    are consecutive in that order)."""
    return [
        ReportDocument(document_id, *documents[document_id],
                       tuple(ReportQuote(r[1], r[2], r[3], r[4], r[6], r[5]) for r in group))
        for document_id, group in groupby(rows, key=itemgetter(0))
    ]


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
