"""Coding hits with a tag in context, so that the tag never counts a character twice.

:func:`code_hits` is the one write path for "code these spans with this tag": autocode,
"Code all hits with…" and the editor's selections all go through it. Each hit
``(document_id, start, end)`` is widened to its :class:`~annotator.domain.context.Context`
(sentence, paragraph...), then merged with the other hits and with the tag's highlights
following :mod:`annotator.domain.span_merge`, all in one transaction.

Whose highlights: only those of the project's coder are extended, merged or retagged;
another coder's highlight is never changed by this coder's action (their highlights are
what intercoder agreement compares), so two coders may code the same sentence.

Memos and identity: a highlight that grows keeps its id, GUID, coder and creation time (the
oldest of the merged ones is kept); the memos of the highlights merged into it are appended
to its memo, separated by a blank line (when it had none, the first of theirs becomes its
memo, keeping its author). ``modified_at`` is set on every highlight changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..domain.context import Context, ContextFinder
from ..domain.errors import UserError
from ..domain.model import Changes, Highlight
from ..domain.span_merge import MergeStep, cluster_spans, joined_memos, plan_cluster
from ..domain.spans import check_span_fits
from .coding_edit import CodingEdit
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project

#: A hit: ``(document_id, start, end)``, code points into the stored text.
Hit = tuple[int, int, int]


@dataclass(frozen=True)
class CodingResult:
    """What :func:`code_hits` did. Highlights ``created``, ``extended`` (an existing one of
    the tag grew), ``tagged_existing`` (one with exactly the span got the tag); ``merged``
    into another and deleted; ``untagged`` (carrying other tags too, they gave this one up
    to the merged highlight); hits ``skipped`` (inside a highlight with the tag, or white
    space with no context); ``documents`` with a hit. ``edit`` undoes and redoes it all
    (:mod:`.coding_edit`); ``highlight_ids`` are the highlights that carry the tag over the
    hits, in order."""

    tag_id: int
    created: int
    extended: int
    tagged_existing: int
    merged: int
    untagged: int
    skipped: int
    documents: int
    changes: Changes
    edit: CodingEdit
    highlight_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Step:
    """A planned step with the quote it will have."""

    document_id: int
    merge: MergeStep
    quote: str


class CodingSession:
    """Codes hits with one tag, document by document, inside the caller's transaction:
    :meth:`add` plans a document's hits (reading only what it needs), :meth:`write` writes
    every plan. Texts are not kept between documents, so a corpus streams through."""

    def __init__(self, project: Project, tag_id: int, context: Context | str,
                 document_id: int | None = None) -> None:
        self._project = project
        self._tag_id = tag_id
        self._context = Context(context)
        project.tags.check_codable([tag_id])
        self._tagged = project.store.highlights.coder_spans_with_tag(
            tag_id, project.coder, document_id)
        self._steps: list[_Step] = []
        self._planned: set[int] = set()
        self.skipped = 0
        self.documents = 0

    def add(self, document_id: int, text: str, spans: Sequence[tuple[int, int]]) -> None:
        """Plan the hits ``spans`` of a document whose stored text is ``text`` (all of a
        document's hits in one call: they are merged with each other)."""
        if not spans:
            return
        if document_id in self._planned:
            raise ValueError(f"document {document_id} was planned already")
        self._planned.add(document_id)
        self.documents += 1
        for start, end in spans:
            check_span_fits(len(text), start, end)
        widened = ContextFinder(text, self._context).widen_all(spans)
        clustering = cluster_spans(widened, self._tagged.get(document_id, []))
        self.skipped += len(spans) - len(widened) + clustering.inside
        for cluster in clustering.clusters:
            same = self._project.store.highlights.coder_span(
                document_id, cluster.start, cluster.end, self._project.coder)
            merge = plan_cluster(cluster, self._tag_id, same)
            self._steps.append(_Step(document_id, merge, text[cluster.start:cluster.end]))

    def write(self) -> CodingResult:
        """Carry out every plan; returns what was done."""
        return replace(_write(self._project, self._tag_id, self._steps),
                       skipped=self.skipped, documents=self.documents)


def code_hits(
    project: Project,
    tag_id: int,
    hits: Iterable[Hit],
    context: Context | str = Context.MATCH,
) -> CodingResult:
    """Code every hit, widened to ``context``, with the tag ``tag_id``, in one transaction.

    Raises :class:`UserError` (and changes nothing) for an unknown tag or document or a
    hit that does not fit its document.
    """
    by_document: dict[int, list[tuple[int, int]]] = {}
    for document_id, start, end in hits:
        by_document.setdefault(document_id, []).append((start, end))
    only = next(iter(by_document)) if len(by_document) == 1 else None
    with project.transaction():
        session = CodingSession(project, tag_id, context, only)
        for document_id, spans in by_document.items():
            session.add(document_id, project.store.documents.text(document_id), spans)
        return session.write()


def _write(project: Project, tag_id: int, steps: list[_Step]) -> CodingResult:
    """Carry out the steps (inside the caller's transaction)."""
    table = project.store.highlights
    now = utc_now()
    touched = [i for step in steps for i in (
        *([step.merge.keep] if step.merge.keep is not None else []),
        *step.merge.absorbed, *step.merge.untagged)]
    before = table.get_many(touched)
    memos_before = project.store.memos.for_highlights(touched)
    after: dict[int, Highlight] = {}
    new_rows: list[tuple[int, int, int, str, str, list[int]]] = []
    counts = {"extended": 0, "tagged": 0, "merged": 0, "untagged": 0}
    resulting: list[int | None] = []
    for step in steps:
        merge = step.merge
        for highlight_id in merge.untagged:
            record = before[highlight_id]
            after[highlight_id] = replace(
                record, modified_at=now, tag_ids=tuple(t for t in record.tag_ids if t != tag_id))
            counts["untagged"] += 1
        if merge.keep is not None and merge.absorbed:
            _merge_memos(project, merge.keep, merge.absorbed, now)
        for highlight_id in merge.absorbed:
            table.delete(highlight_id)  # its memo goes with it (unless merged above)
            counts["merged"] += 1
        if merge.keep is None:
            new_rows.append((step.document_id, merge.start, merge.end, step.quote, new_guid(),
                             [tag_id]))
            resulting.append(None)
            continue
        kept = before[merge.keep]
        memos = [before[i].memo for i in merge.absorbed]
        after[merge.keep] = replace(
            kept, start=merge.start, end=merge.end, quote=step.quote, modified_at=now,
            memo=joined_memos([kept.memo, *memos]) if any(m.strip() for m in memos)
            else kept.memo,
            tag_ids=tuple(sorted({*kept.tag_ids, tag_id})),
        )
        counts["tagged" if merge.add_tag else "extended"] += 1
        resulting.append(merge.keep)
    for record in after.values():
        table.rewrite(record)
    created_ids = table.insert_bulk(new_rows, created_at=now, coder=project.coder)
    for highlight_id, (document_id, start, end, quote, guid, tags) in zip(
        created_ids, new_rows, strict=True
    ):
        after[highlight_id] = Highlight(highlight_id, guid, document_id, start, end, quote, "",
                                        project.coder, now, now, tuple(tags))
    fresh = iter(created_ids)
    highlight_ids = tuple(i if i is not None else next(fresh) for i in resulting)
    edit = CodingEdit(
        tuple(sorted(before.values(), key=lambda h: h.id)),
        tuple(sorted(after.values(), key=lambda h: h.id)),
        tuple(sorted(memos_before.values(), key=lambda m: m.id)),
        tuple(sorted(project.store.memos.for_highlights(list(after)).values(),
                     key=lambda m: m.id)),
    )
    return CodingResult(
        tag_id, len(created_ids), counts["extended"], counts["tagged"], counts["merged"],
        counts["untagged"], 0, 0, edit.changes(), edit, highlight_ids,
    )


def _merge_memos(project: Project, keep: int, absorbed: Sequence[int], now: str) -> None:
    """Give ``keep`` the memos of ``absorbed`` (before they are deleted): appended to its
    own (``joined_memos``), or the first of theirs moved to it when it has none."""
    table = project.store.memos
    found = table.for_highlights([keep, *absorbed])
    theirs = [found[i] for i in absorbed if i in found and found[i].text.strip()]
    if not theirs:
        return
    target = found.get(keep)
    own = [target.text] if target is not None else []
    text = joined_memos([*own, *(m.text for m in theirs)])
    if target is None:
        target = theirs[0]
        table.set_highlight(target.id, keep)
    if text != target.text:
        table.update(target.id, text=text, modified_at=now)


def code_selection(
    project: Project, document_id: int, start: int, end: int, tag_ids: Iterable[int]
) -> tuple[CodingEdit, Changes, int | None]:
    """Code ``text[start:end]`` of a document with each of ``tag_ids`` (the editor's
    selection), merging with each tag's highlights, in one transaction. Returns the edit
    (empty when every tag already covers the span), its changes, and the highlight that
    carries the first tag over the span afterwards (``None`` if it was there already)."""
    tags = list(dict.fromkeys(tag_ids))
    if not tags:
        raise UserError("choose a tag to apply")
    edit, first = CodingEdit(), None
    with project.transaction():
        for tag_id in tags:
            result = code_hits(project, tag_id, [(document_id, start, end)])
            edit = edit.then(result.edit)
            if first is None and result.highlight_ids:
                first = result.highlight_ids[0]
    return edit, edit.changes() if edit else Changes(), first
