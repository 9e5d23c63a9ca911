"""What an import did: the report of one batch of files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.memos import MemoAmendment, amend_memo
from ..domain.model import Amendment, Changes, amend
from ..domain.wording import plural


@dataclass(frozen=True)
class MergedFile:
    """The counts of one merged file (a coded dataset, a REFI-QDA project or codebook):
    ``kind`` names it for the headline ("coded dataset", "REFI-QDA project")."""

    kind: str
    documents_added: int = 0
    documents_present: int = 0
    tags_added: int = 0
    highlights_added: int = 0


@dataclass
class ImportReport:
    """What a batch did: every path given ends in exactly one of the lists.

    A survey is the exception: each of its rows ends in ``imported`` or ``duplicates``
    under the survey's path (or the whole file in ``failed``), and rows skipped for
    having no text are counted in ``notes``. A batch that was cancelled, or ``stopped``
    because the project could not be written (a full disk), lists only what was done.

    ``changes`` lists what the batch created; ``amended`` the highlights that existed
    before and gained tags from a coded dataset or REFI-QDA project, and
    ``amended_memos`` the memos that gained a text (the only changes an import makes to
    existing records), as they were before and after the batch.
    """

    imported: list[tuple[Path, int]] = field(default_factory=list)
    duplicates: list[tuple[Path, int]] = field(default_factory=list)
    merged: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[tuple[Path, str]] = field(default_factory=list)
    cancelled: bool = False
    #: Why the batch stopped early (the project could not be written), or empty.
    stopped: str = ""
    changes: Changes = field(default_factory=Changes)
    amended: dict[int, Amendment] = field(default_factory=dict)
    amended_memos: dict[int, MemoAmendment] = field(default_factory=dict)
    #: The counts of each merged file, in the order of ``merged``.
    merged_files: list[MergedFile] = field(default_factory=list)

    def note_amended(self, amended: Mapping[int, Amendment],
                     memos: Mapping[int, MemoAmendment] | None = None) -> None:
        """Add what one file changed in highlights and memos that existed before (the
        first "before" of each is kept)."""
        for amendment in amended.values():
            amend(self.amended, amendment.before, amendment.after)
        for memo in (memos or {}).values():
            amend_memo(self.amended_memos, memo.before, memo.after)

    def summary_lines(self) -> list[str]:
        """A human summary: one headline, then one line per duplicate, failure and skip.

        A batch that only merged one file (a coded dataset, a project, a REFI-QDA
        project) says so in its headline: ``Merged colleague.annotator: 3 documents, 2
        tags, 412 highlights (alice 200, bob 212); 37 highlights already present.``
        Otherwise the headline counts what the batch added: documents from files and from
        merged files (with the highlights and tags those brought, when any file was
        merged), and as duplicates the documents already in the project."""
        if self._one_merge_only():
            path, what = self.merged[0]
            return [f"Merged {path.name}: {what}.", *(f"note: {p}: {n}" for p, n in self.notes)]
        merged = self.merged_files
        documents = len(self.imported) + sum(m.documents_added for m in merged)
        duplicates = len(self.duplicates) + sum(m.documents_present for m in merged)
        head = f"Imported {plural(documents, 'document')}"
        if merged:
            head += (f", {plural(sum(m.highlights_added for m in merged), 'highlight')}"
                     f", {plural(sum(m.tags_added for m in merged), 'tag')}")
        head += (f", {plural(duplicates, 'duplicate')}, {len(self.failed)} failed, "
                 f"{len(self.skipped)} skipped")
        kinds = Counter(m.kind for m in merged)
        head += "".join(f", {plural(n, kind)} merged" for kind, n in kinds.items())
        if self.cancelled:
            head += " (cancelled)"
        if self.stopped:
            head += " (stopped early)"
        lines = [head + "."]
        lines += _duplicate_lines(self.duplicates)
        lines += [f"merged: {p}: {what}" for p, what in self.merged]
        lines += [f"skipped: {p}: {why}" for p, why in self.skipped]
        lines += [f"note: {p}: {what}" for p, what in self.notes]
        lines += [f"failed: {why}" for _, why in self.failed]
        lines += [f"stopped: {self.stopped}"] if self.stopped else []
        return lines


    def _one_merge_only(self) -> bool:
        return (len(self.merged) == 1 and not (self.imported or self.duplicates or self.failed
                                               or self.skipped or self.cancelled or self.stopped))


def _duplicate_lines(duplicates: list[tuple[Path, int]]) -> list[str]:
    """One line per duplicate file; a survey's duplicate rows share one line."""
    by_path: dict[Path, list[int]] = {}
    for path, document_id in duplicates:
        by_path.setdefault(path, []).append(document_id)
    lines = []
    for path, ids in by_path.items():
        if len(ids) == 1:
            lines.append(f"duplicate: {path} (already document {ids[0]})")
        else:
            distinct = list(dict.fromkeys(ids))
            shown = ", ".join(map(str, distinct[:10])) + (", ..." if len(distinct) > 10 else "")
            lines.append(f"duplicate: {path}: {len(ids)} rows (already documents {shown})")
    return lines
