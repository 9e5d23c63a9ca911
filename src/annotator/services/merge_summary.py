"""The one-line summary of a merge (a coded dataset, a REFI-QDA project or another project
file): what was added, the highlights of each coder, and what was already present."""

from __future__ import annotations

from collections.abc import Mapping

from ..domain.wording import plural

#: How a highlight without a coder's name is counted.
NO_CODER = "no coder"


def coder_counts(counts: Mapping[str, int]) -> str:
    """``alice 200, bob 212``: each coder's count, coders in alphabetical order (case
    ignored), a highlight without a coder under :data:`NO_CODER`."""
    named = sorted(((coder or NO_CODER, count) for coder, count in counts.items() if count),
                   key=lambda item: (item[0].casefold(), item[0]))
    return ", ".join(f"{coder} {count}" for coder, count in named)


def merge_summary(
    *,
    documents_added: int,
    tags_added: int,
    highlights_by_coder: Mapping[str, int],
    memos_added: int = 0,
    memos_extended: int = 0,
    documents_matched: int = 0,
    tags_matched: int = 0,
    highlights_matched: int = 0,
    memos_matched: int = 0,
) -> str:
    """``3 documents, 2 tags, 412 highlights (alice 200, bob 212), 5 memos; 37 highlights
    already present``: what was added (documents, tags and highlights always, memos when
    any), then what was already present (each kind with a count above zero), or ``nothing
    new`` in front when nothing was added."""
    highlights = sum(highlights_by_coder.values())
    added = [plural(documents_added, "document"), plural(tags_added, "tag"),
             plural(highlights, "highlight")
             + (f" ({coder_counts(highlights_by_coder)})" if highlights else "")]
    if memos_added:
        added.append(plural(memos_added, "memo"))
    if memos_extended:
        added.append(f"{plural(memos_extended, 'memo')} extended")
    present = [plural(count, word) for count, word in (
        (documents_matched, "document"), (tags_matched, "tag"),
        (highlights_matched, "highlight"), (memos_matched, "memo")) if count]
    nothing_new = not (documents_added or tags_added or highlights or memos_added
                       or memos_extended)
    text = "nothing new" if nothing_new else ", ".join(added)
    if present:
        text += f"; {', '.join(present)} already present"
    return text
