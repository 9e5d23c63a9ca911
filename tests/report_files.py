"""Reading reports back for the tests, independently of the code that writes them: an
HTML report through ``html.parser``, a docx through python-docx, Markdown through
markdown-it (CommonMark); and what a report should hold, computed from a coded-dataset
JSON export."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

#: ``highlight id -> quote`` for one tag, in the report's order.
TagQuotes = list[tuple[int, str]]


@dataclass
class HtmlSection:
    tag_id: int
    heading: str = ""
    counts: str = ""
    quotes: TagQuotes = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    memos: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


class ReportHtml(HTMLParser):
    """Every element and attribute of an HTML report, and its sections' texts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.sections: list[HtmlSection] = []
        self.style = ""
        self._open: list[str] = []  # the elements whose text is being collected
        self._text: dict[str, list[str]] = {}
        self._highlight: int | None = None
        self._class_stack: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        classes = attributes.get("class") or ""
        element_id = attributes.get("id") or ""
        if tag == "section":
            self.sections.append(HtmlSection(int(element_id.removeprefix("tag-"))))
        if tag == "div" and classes == "quote":
            self._highlight = int(element_id.removeprefix("highlight-"))
        key = {("h2", ""): "h2", ("h2", "new-page"): "h2", ("h3", ""): "h3", ("blockquote", ""): "quote",
               ("p", "counts"): "counts", ("p", "source"): "source",
               ("p", "memo"): "memo", ("style", ""): "style"}.get((tag, classes))
        self._class_stack.append(key or "")
        if key:
            self._open.append(key)
            self._text[key] = []

    def handle_endtag(self, tag: str) -> None:
        key = self._class_stack.pop() if self._class_stack else ""
        if not key:
            return
        self._open.remove(key)
        text = "".join(self._text.pop(key))
        if key == "style":
            self.style += text
            return
        section = self.sections[-1] if self.sections else None
        if section is None:
            return
        if key == "h2":
            section.heading = text
        elif key == "h3":
            section.documents.append(text)
        elif key == "counts":
            section.counts = text
        elif key == "quote":
            assert self._highlight is not None
            section.quotes.append((self._highlight, text))
        elif key == "source":
            section.sources.append(text)
        elif key == "memo":
            section.memos.append(text)

    def handle_data(self, data: str) -> None:
        for key in self._open:
            self._text[key].append(data)


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """``(style name, text)`` of every paragraph of a .docx, read with python-docx."""
    import docx

    document = docx.Document(str(path))
    return [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]


def markdown_blockquotes(text: str) -> list[str]:
    """The text of each top-level block quote of a Markdown file, as CommonMark reads it
    (hard breaks as ``\\n``, paragraphs joined by ``\\n\\n``)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    quotes: list[str] = []
    depth = 0
    paragraphs: list[str] = []
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            paragraphs = []
        elif token.type == "blockquote_close":
            depth -= 1
            quotes.append("\n\n".join(paragraphs))
        elif token.type == "inline" and depth:
            paragraphs.append(_inline_text(token))
    return quotes


def _inline_text(token: Any) -> str:
    out = []
    for child in token.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("hardbreak", "softbreak"):
            out.append("\n")
        else:
            raise AssertionError(f"markup in a quote: {child.type} {child.content!r}")
    return "".join(out)


def export_tag_quotes(export: Path, *, documents: set[int] | None = None) -> dict[int, TagQuotes]:
    """What a quotes report of every tag should list, from a coded-dataset JSON export:
    per tag id, ``(annotation id, quote)`` in the report's order (documents by date, undated
    last, then by id; quotes by start, end, id);
    ``documents``: only annotations of these document ids."""
    data = json.loads(export.read_text(encoding="utf-8"))
    documents_by_id = {d["id"]: d for d in data["documents"]}

    def order(annotation: dict[str, Any]) -> tuple[Any, ...]:
        document = documents_by_id[annotation["document"]]
        return (document["date"] is None, document["date"] or "", document["id"],
                annotation["start"], annotation["end"], annotation["id"])

    found: dict[int, TagQuotes] = {tag["id"]: [] for tag in data["tags"]}
    for annotation in sorted(data["annotations"], key=order):
        if documents is not None and annotation["document"] not in documents:
            continue
        for tag_id in annotation["tags"]:
            found[tag_id].append((annotation["id"], annotation["quote"]))
    return found


def export_document_counts(export: Path, *, documents: set[int] | None = None) -> dict[int, int]:
    """Per tag id, how many documents have an annotation with it (from the export)."""
    data = json.loads(export.read_text(encoding="utf-8"))
    carrying: dict[int, set[int]] = {tag["id"]: set() for tag in data["tags"]}
    for annotation in data["annotations"]:
        if documents is None or annotation["document"] in documents:
            for tag_id in annotation["tags"]:
                carrying[tag_id].add(annotation["document"])
    return {tag_id: len(ids) for tag_id, ids in carrying.items()}


def counts_text(quotes: int, documents: int) -> str:
    """The counts line a report prints, written out here from the numbers."""
    if quotes == 0:
        return "no quotes"
    return (f"{quotes:,} quote{'s' if quotes != 1 else ''} in {documents:,} "
            f"document{'s' if documents != 1 else ''}")


def words(pattern: str, text: str) -> int:
    """Case-insensitive whole-word matches of ``pattern`` in ``text``."""
    return len(re.findall(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE))
