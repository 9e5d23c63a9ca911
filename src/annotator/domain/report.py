"""A report for the paper: the quotes of some tags, or the codebook, as plain records.

``services.reporting`` builds a :class:`Report` from one snapshot of a project; the
writers in ``formats`` (HTML, docx, Markdown) turn it into a file and never read the
project. A report is either the *quotes* (every quote of each tag, grouped by document)
or the *codebook* (each tag with its counts and one example quote).

Memos: a quote carries its highlight's memo when the report is made "with memos" (empty
otherwise). :class:`ReportMemo` lists are the place for the other kinds of memo (the
project's, a tag's, a document's): :attr:`Report.memos`, :attr:`ReportSection.memos` and
:attr:`ReportDocument.memos` are empty until the project has such memos, and the writers
already show them, so adding a kind of memo only means filling one of these lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .wording import plural

ReportKind = Literal["quotes", "codebook"]
REPORT_KINDS: tuple[ReportKind, ...] = ("quotes", "codebook")

#: The codebook's example is the longest quote of a tag up to this many characters: a
#: whole sentence rather than a lone keyword, yet short enough to read at a glance.
EXAMPLE_MAX_CHARACTERS = 400


@dataclass(frozen=True)
class ReportMemo:
    """A memo shown in a report: its text, and who wrote it when (each may be empty)."""

    text: str
    author: str = ""
    written_at: str = ""


@dataclass(frozen=True)
class ReportQuote:
    """One quote: ``quote == document text[start:end]`` (code points), its coder, and its
    highlight's memo (empty when the report leaves memos out)."""

    highlight_id: int
    start: int
    end: int
    quote: str
    coder: str
    memo: str = ""


@dataclass(frozen=True)
class ReportDocument:
    """A document's quotes under one tag, in the order of the text."""

    document_id: int
    title: str
    date: str | None
    quotes: tuple[ReportQuote, ...]
    memos: tuple[ReportMemo, ...] = ()


@dataclass(frozen=True)
class ReportSection:
    """One tag: its path from the top of the codebook, description and colour; how many
    quotes carry it and in how many documents (within the report's documents); its quotes
    grouped by document (the quotes report) or its one ``example`` (the codebook).

    ``groups`` hold ``quotes - omitted`` quotes: ``omitted`` is 0 unless the report was
    cut short (a preview).
    """

    tag_id: int
    path: tuple[str, ...]
    color: str
    description: str
    quotes: int
    documents: int
    groups: tuple[ReportDocument, ...] = ()
    example: ReportDocument | None = None
    memos: tuple[ReportMemo, ...] = ()
    omitted: int = 0

    @property
    def level(self) -> int:
        """1 for a top-level tag, 2 for its children, and so on."""
        return len(self.path)

    @property
    def shown(self) -> int:
        """How many quotes the report lists for this tag."""
        return sum(len(group.quotes) for group in self.groups)


@dataclass(frozen=True)
class Report:
    """A whole report: what it is (``kind``), for which project, when, and the sections in
    codebook order (each parent before its children).

    ``conditions`` says in words which documents it covers (one line each, e.g.
    ``outlet = RT or TASS``; empty: every document). ``with_memos``: memos were asked for.
    ``complete`` is false for a preview cut short (see ``ReportSection.omitted``).
    """

    kind: ReportKind
    project_name: str
    created_at: str
    sections: tuple[ReportSection, ...]
    conditions: tuple[str, ...] = ()
    with_memos: bool = False
    complete: bool = True
    memos: tuple[ReportMemo, ...] = field(default=())

    @property
    def title(self) -> str:
        return f"{'Codebook' if self.kind == 'codebook' else 'Quotes'} — {self.project_name}"

    @property
    def quote_count(self) -> int:
        """Quotes over every section (a quote with two of the tags counts twice)."""
        return sum(section.quotes for section in self.sections)


def tag_label(path: tuple[str, ...]) -> str:
    """A tag's path as shown in a report: ``economy › migration``."""
    return " › ".join(path)


def date_label(date: str | None) -> str:
    """A document's date as a report shows it: the day (or month, or year) it has, without
    the time of day; ``undated`` when it has none."""
    if not date:
        return "undated"
    return date.split("T", 1)[0]


def counts_label(quotes: int, documents: int) -> str:
    """``12 quotes in 5 documents``, ``1 quote in 1 document``, ``no quotes``."""
    if quotes == 0:
        return "no quotes"
    return (f"{plural(quotes, 'quote', grouped=True)} in "
            f"{plural(documents, 'document', grouped=True)}")


def source_label(group: ReportDocument, quote: ReportQuote, *, cite: bool = False) -> str:
    """The line under a quote: who coded it (``coded by alice``); with ``cite`` (a quote
    shown without its document's heading) the document too:
    ``Title, 2018-02-12; coded by alice``."""
    coder = f"coded by {quote.coder}" if quote.coder else ""
    if not cite:
        return coder
    return "; ".join(part for part in (f"{group.title}, {date_label(group.date)}", coder)
                     if part)


def memo_byline(memo: ReportMemo) -> str:
    """Who wrote a memo and when: ``alice, 2026-03-02``; empty when neither is known."""
    when = date_label(memo.written_at) if memo.written_at else ""
    return ", ".join(part for part in (memo.author, when) if part)


def summary_lines(report: Report) -> list[str]:
    """The lines under a report's title: when it was made and what it holds, which
    documents it covers, and whether it is a preview."""
    tags = len(report.sections)
    lines = [f"Made with Annotator on {date_label(report.created_at)}: "
             f"{plural(tags, 'tag', grouped=True)}, "
             f"{plural(report.quote_count, 'quote', grouped=True)}"
             f"{' (with memos)' if report.with_memos else ''}."]
    lines.append("Documents: " + ("; ".join(report.conditions) if report.conditions
                                  else "all") + ".")
    if not report.complete:
        lines.append("Preview: only the first quotes of each tag are listed; the saved "
                     "report has every quote.")
    if not report.sections:
        lines.append("No tags to report.")
    return lines
