"""Read a saved web page (``.html``, ``.htm``) into a :class:`NewDocument`.

Uses the standard library's :class:`html.parser.HTMLParser`, which never fetches
anything: images, stylesheets, scripts and frames are not loaded, only their tags seen.
The text keeps what a reader sees: white space collapsed as a browser does (kept as is
inside ``<pre>``), a blank line between block elements (paragraphs, headings, list
items, table rows...), a line break for ``<br>``, a tab between table cells; entities
and character references decoded; the head, scripts, styles, templates, comments and
other invisible content dropped. The title is the page's ``<title>`` unless it is blank
or a placeholder ("Untitled Document"), else the file name without its extension.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from .archive_check import mislabelled_reason
from .dates import date_from_value
from .decoding import decode_bytes
from .plain_text import MAX_BYTES, document_from_text, read_limited_bytes

KIND = "a web page"
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
    "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "tfoot", "thead", "tr", "ul",
})
_CELLS = frozenset({"td", "th"})
# Content never shown as text. (<noscript> is shown when scripts are off, as here.)
_HIDDEN = frozenset({
    "head", "script", "style", "template", "title", "svg", "math", "object", "iframe",
    "noembed", "noframes",
})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "param", "source", "track", "wbr"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
_SPACES = re.compile(r" {2,}")
_SPACES_AROUND_TAB = re.compile(r" *\t *")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)",
                           re.IGNORECASE)
_SNIFF_BYTES = 4096
_DATE_META = frozenset({"date", "dc.date", "dcterms.created", "dcterms.date",
                        "article:published_time", "og:published_time", "pubdate",
                        "publish-date", "citation_date", "citation_publication_date"})


def read_html_file(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read the web page at ``path``; raise only :class:`InputFileError` for a bad file.

    The character set is the byte-order mark's, else the ``<meta charset>`` (or
    ``http-equiv`` content type) of the first 4 kB when the bytes decode with it, else
    what :func:`.decoding.decode_bytes` recognises. The date is the text header's, else
    the file name's, else a ``<meta>`` publication date (``article:published_time``,
    ``date``, ``dcterms.created``...). Refuses a file over ``max_bytes``, a file that is
    another known format ("a PDF file, not a web page"), binary or undecodable content,
    and a page without visible text.
    """
    data = read_limited_bytes(path, max_bytes)
    reason = mislabelled_reason(data[:16], KIND)
    if reason is not None:
        raise InputFileError(str(path), reason)
    page = PageText()
    page.feed(decode_html(data, str(path)))
    page.close()
    text = page.text()
    return document_from_text(path, text, title=page.title, metadata_date=page.published)


def decode_html(data: bytes, path: str) -> str:
    """The text of an HTML file's bytes: BOM, then declared charset, then detection."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data, path)
    declared = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if declared is not None:
        name = declared.group(1).decode("ascii").lower()
        # Browsers read pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG).
        name = "cp1252" if name in {"iso-8859-1", "latin1", "latin-1", "us-ascii"} else name
        try:
            return data.decode(codecs.lookup(name).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label: detect instead
    return decode_bytes(data, path)


class PageText(HTMLParser):
    """Collects the visible text of a page fed to it (see the module docstring).

    After :meth:`close`: :meth:`text`, and ``title`` and ``published`` (ISO date of a
    publication ``<meta>``), each ``""``/``None`` when absent.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.published: str | None = None
        self._blocks: list[str] = []
        self._line: list[str] = []
        self._hidden: list[str] = []
        self._pre = 0
        self._cells = 0
        self._in_title = False
        self._title_parts: list[str] = []

    def text(self) -> str:
        """The page's text: blocks separated by blank lines."""
        self._end_block()
        return "\n\n".join(self._blocks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        if tag == "title" and not {"svg", "math"} & set(self._hidden):
            self._in_title = True
        if tag == "body" and "head" in self._hidden:
            # <body> closes an unclosed <head>, as in a browser.
            del self._hidden[self._hidden.index("head"):]
        if tag in _HIDDEN and tag not in _VOID:
            self._hidden.append(tag)
            return
        if self._hidden:
            return
        if tag == "br":
            self._line.append("\n")
        elif tag in _BLOCKS:
            self._end_block()
            self._cells = 0
            self._pre += tag == "pre"
        elif tag in _CELLS:
            if self._cells:
                self._line.append("\t")
            self._cells += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = self.title or " ".join("".join(self._title_parts).split())
            self._title_parts = []
        if self._hidden:
            if tag in self._hidden:
                while self._hidden.pop() != tag:
                    pass
            return
        if tag in _BLOCKS:
            self._end_block()
            self._pre -= tag == "pre" and self._pre > 0

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        if self._hidden:
            return
        if not self._pre:
            data = _SPACE.sub(" ", data)
        self._line.append(data)

    def _end_block(self) -> None:
        if not self._line:
            return
        raw = "".join(self._line)
        self._line = []
        if self._pre:
            block = raw.strip("\n")
        else:
            lines = (_SPACES_AROUND_TAB.sub("\t", _SPACES.sub(" ", part)).strip(" ")
                     for part in raw.split("\n"))
            block = "\n".join(lines).strip("\n ")
        if block.strip():
            self._blocks.append(block)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "")
        content = attrs.get("content")
        if self.published is None and content and name.lower() in _DATE_META:
            self.published = date_from_value(content) or date_from_value(content[:10])
