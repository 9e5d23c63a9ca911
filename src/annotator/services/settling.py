"""Settling a disagreement between coders: "keep A's".

The rule (:func:`keep_coding`): over the disagreement's *reach*, the stretch widened until
no highlight of the tag by a compared coder crosses its ends, every other compared coder's
highlights of the tag are made to cover exactly what the kept coder's cover there, and
nothing more. So when B's highlight is larger than the stretch, B's highlight becomes A's
(cut, moved or split to A's spans), and it goes when A has nothing there; a highlight that
carries other tags too only loses this tag; a piece B lacks becomes a new highlight of
B's (coder B, changed by the project's coder). Highlights outside the reach, and the kept
coder's, are never touched.

It is one transaction returning a :class:`~.coding_edit.CodingEdit`, so that
:func:`~.coding_edit.undo_coding` puts every highlight back exactly (span, tags, memo,
times) and :func:`~.coding_edit.redo_coding` does it again with the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..domain.agreement_stretches import CodedSpan, plan_keep, reach
from ..domain.agreement_units import Span
from ..domain.errors import UserError
from ..domain.model import Highlight
from .coding_edit import CodingEdit
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project


def keep_coding(project: Project, document_id: int, tag_id: int, stretch: Span,
                keeper: str, coders: Sequence[str]) -> CodingEdit:
    """Make every coder of ``coders`` other than ``keeper`` code ``tag_id`` over the reach
    of ``stretch`` exactly as ``keeper`` does (see the module's rule), in one transaction.
    Raises :class:`UserError`, changing nothing, when ``keeper`` is not among ``coders``
    or when they agree there already (the disagreement was settled meanwhile)."""
    if keeper not in coders:
        raise UserError(f"{keeper!r} is not one of the compared coders")
    store = project.store
    with project.transaction():
        found = store.agreement.tag_highlights(document_id, tag_id, coders)
        per_coder = [[(s, e) for _, c, s, e, _ in found if c == coder] for coder in coders]
        region = reach(stretch, per_coder)
        kept = per_coder[list(coders).index(keeper)]
        text = project.documents.text(document_id)
        before: dict[int, Highlight] = {}
        after: dict[int, Highlight] = {}
        now = utc_now()
        for coder in coders:
            if coder == keeper:
                continue
            giving_way = [CodedSpan(i, s, e, count == 1) for i, c, s, e, count in found
                          if c == coder and s < region[1] and e > region[0]]
            plan = plan_keep(kept, giving_way, region)
            records = store.highlights.get_many(
                [*plan.respan, *plan.untag, *plan.delete])
            before.update(records)
            for highlight_id, (start, end) in plan.respan.items():
                after[highlight_id] = replace(
                    records[highlight_id], start=start, end=end, quote=text[start:end],
                    modified_at=now, modified_by=project.coder)
            for highlight_id in plan.untag:
                record = records[highlight_id]
                after[highlight_id] = replace(
                    record, tag_ids=tuple(t for t in record.tag_ids if t != tag_id),
                    modified_at=now, modified_by=project.coder)
            for start, end in plan.create:
                new_id = store.highlights.insert(
                    document_id, start, end, text[start:end], guid=new_guid(),
                    created_at=now, coder=coder, modified_by=project.coder, tag_ids=[tag_id])
                after[new_id] = store.highlights.get(new_id)
        if not before and not after:
            raise UserError(f"{', '.join(coders)} agree there already")
        memos_before = store.memos.for_highlights(list(before))
        for highlight_id, record in after.items():
            if highlight_id in before:
                store.highlights.rewrite(record)
        for highlight_id in set(before) - set(after):
            store.highlights.delete(highlight_id)
        memos_after = store.memos.for_highlights(list(after))
    return CodingEdit(_by_id(before.values()), _by_id(after.values()),
                      tuple(sorted(memos_before.values(), key=lambda m: m.id)),
                      tuple(sorted(memos_after.values(), key=lambda m: m.id)))


def _by_id(records: Iterable[Highlight]) -> tuple[Highlight, ...]:
    return tuple(sorted(records, key=lambda h: h.id))
