"""Queries on the ``documents`` table and its full-text index. Writes need a transaction."""

from __future__ import annotations

import json
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Literal

from ..domain.errors import NotFoundError
from ..domain.filters import DocumentFilter
from ..domain.model import Attributes, Document, DocumentSummary, NewDocument
from ..domain.periods import full_day
from ..domain.search_query import SearchQuery, parse_query
from ..domain.words import word_count
from . import rows
from .document_day import DOCUMENT_DAY
from .full_text import MATCHING_DOCUMENTS, match_expression
from .rows import IN_CHUNK, IdentifiedRows

SortKey = Literal["title", "date", "highlights", "id"]
#: The sort terms of each list order (``highlights`` is a count, handled apart).
_ORDER_TERMS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title COLLATE NOCASE",),
    "date": ("date IS NULL", "date"),
}


#: :meth:`DocumentTable.ids` looks matches up one by one when they are fewer than the
#: documents divided by this, and walks the date index otherwise (measured at 100,000
#: documents: a look-up costs about four steps of the walk).
_PROBE_SHARE = 5


def _text_only(selection: DocumentFilter) -> bool:
    """Whether ``selection`` selects by full text alone (or lets everything through):
    without its text it would let every document through, whatever conditions a
    filter may gain."""
    return replace(selection, text="").is_empty


def _attributes_json(attributes: Attributes) -> str:
    # Most documents have none: skip the encoder for the common case.
    return json.dumps(attributes, ensure_ascii=False) if attributes else "{}"


class DocumentTable(IdentifiedRows):
    """Documents: insert once, read, re-title, re-date; the text itself never changes."""

    _TABLE = "documents"

    def insert(
        self, new: NewDocument, *, guid: str, sha256: str, imported_at: str,
        document_id: int | None = None,
    ) -> int:
        """Add a document (its text already normalised), with its words counted, and
        index it; return its id (the next free one unless ``document_id`` is given)."""
        cursor = self._conn.execute(
            "INSERT INTO documents (id, guid, title, text, length, date, source, sha256, "
            "imported_at, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [document_id, guid, new.title, new.text, len(new.text), new.date, new.source, sha256,
             imported_at, word_count(new.text)],
        )
        document_id = int(cursor.lastrowid or 0)
        if new.attributes:  # (a new document: its row is new too)
            self._conn.execute(
                "INSERT INTO document_attributes (document_id, attributes) VALUES (?, ?)",
                [document_id, _attributes_json(new.attributes)])
        self._conn.execute(
            "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
            [document_id, new.title, new.text],
        )
        return document_id

    def insert_many(
        self, news: Sequence[NewDocument], utf8_texts: Sequence[bytes], shas: Sequence[str],
        guids: Sequence[str], imported_at: str,
    ) -> list[int]:
        """Add documents (texts already normalised, so free of NUL; titles non-empty), with
        their words counted, and index them; return their ids, in order (consecutive,
        above every id in the table).
        ``utf8_texts`` holds each text in UTF-8.

        Two statements, each running without the GIL from start to end, so that another
        thread can read the next files meanwhile: the rows come from one UTF-8 blob of
        all the texts, cut by ``substr``, and a JSON array of the other fields; the
        full-text index is filled from the new rows. (``executemany`` takes the GIL back
        for every row, and waits up to the 5 ms switch interval each time while another
        thread runs Python: 2,000 rows took 13 s beside a busy thread.)
        """
        first = int(self._conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents")
                    .fetchone()[0])
        fields = []
        offset = 1  # substr counts from 1
        for new, text, sha, guid in zip(news, utf8_texts, shas, guids, strict=True):
            fields.append((guid, new.title, offset, len(text), len(new.text), new.date,
                           new.source, sha, _attributes_json(new.attributes),
                           word_count(new.text)))
            offset += len(text)
        fields_json = json.dumps(fields, ensure_ascii=False)
        self._conn.execute(
            "INSERT INTO documents (id, guid, title, text, length, date, source, sha256, "
            "words, imported_at) SELECT ?1 + r.key, "
            + ", ".join(
                f"json_extract(r.value, '$[{i}]')" if i != 2
                else "CAST(substr(?2, json_extract(r.value, '$[2]'), "
                     "json_extract(r.value, '$[3]')) AS TEXT)"
                for i in (0, 1, 2, 4, 5, 6, 7, 9)
            )
            + ", ?4 FROM json_each(?3) AS r",
            [first, b"".join(utf8_texts), fields_json, imported_at],
        )
        self._conn.execute(
            "INSERT INTO document_attributes (document_id, attributes) "
            "SELECT ?1 + r.key, json_extract(r.value, '$[8]') FROM json_each(?2) AS r "
            "WHERE json_extract(r.value, '$[8]') <> '{}'",
            [first, fields_json],
        )
        self._conn.execute(
            "INSERT INTO documents_fts (rowid, title, text) "
            "SELECT id, title, text FROM documents WHERE id >= ?",
            [first],
        )
        return list(range(first, first + len(news)))

    def oldest_ids_by_sha256(self, shas: Iterable[str]) -> dict[str, int]:
        """For each of ``shas`` held by some document, the oldest such document's id (as
        :meth:`id_by_sha256` without a source gives, for many at once)."""
        found: dict[str, int] = {}
        wanted = list(dict.fromkeys(shas))
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start:start + IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self._conn.execute(
                f"SELECT sha256, min(id) FROM documents WHERE sha256 IN ({marks}) "
                "GROUP BY sha256",
                chunk,
            ).fetchall())
        return found

    def id_by_sha256(self, sha256: str, source: str | None = None) -> int | None:
        """The id of a document whose text has this SHA-256, if any: the oldest one, and
        one from ``source`` first when given."""
        row = self._conn.execute(
            "SELECT id FROM documents WHERE sha256 = ? ORDER BY source IS NOT ?, id LIMIT 1",
            [sha256, source],
        ).fetchone()
        return row[0] if row else None

    def id_by_sha256_and_source(self, sha256: str, source: str) -> int | None:
        """The id of the document with this text and this source, if any."""
        row = self._conn.execute(
            "SELECT id FROM documents WHERE sha256 = ? AND source = ? ORDER BY id LIMIT 1",
            [sha256, source],
        ).fetchone()
        return row[0] if row else None

    def get(self, document_id: int) -> Document:
        """The whole document; raises :class:`NotFoundError`."""
        row = self._conn.execute(
            f"SELECT {rows.DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {document_id}")
        return rows.document(row)

    def get_without_text(self, document_id: int) -> Document:
        """The document's fields with ``text`` left empty (cheap for long texts)."""
        columns = rows.DOCUMENT_COLUMNS.replace("text", "''")
        row = self._conn.execute(
            f"SELECT {columns} FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {document_id}")
        return rows.document(row)

    def slice(self, document_id: int, start: int, end: int) -> tuple[str, int]:
        """``text[start:end]`` and the text's length, without reading the whole text
        (SQLite's ``substr`` counts code points, as Python does)."""
        row = self._conn.execute(
            "SELECT substr(text, ?, ?), length FROM documents WHERE id = ?",
            [start + 1, max(0, end - start), document_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {document_id}")
        return str(row[0]), int(row[1])

    def get_many(self, document_ids: Sequence[int]) -> list[Document]:
        """The whole documents of ``document_ids`` that exist, in that order (one query
        per :data:`IN_CHUNK` ids)."""
        found: dict[int, Document] = {}
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                    f"SELECT {rows.DOCUMENT_COLUMNS} FROM documents WHERE id IN ({marks})", chunk):
                found[row[0]] = rows.document(row)
        return [found[i] for i in document_ids if i in found]

    def text(self, document_id: int) -> str:
        """The stored text of a document; raises :class:`NotFoundError`."""
        sql = "SELECT text FROM documents WHERE id = ?"
        row = self._conn.execute(sql, [document_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {document_id}")
        return str(row[0])

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def ids(self, order: SortKey = "id", descending: bool = False,
            within: DocumentFilter | None = None, matching: SearchQuery | None = None
            ) -> list[int]:
        """Every document id in the given order (cheap: reads an index, never the texts);
        ``within``: only those the filter selects, sorted in the same query (at 100,000
        documents a value's 5,000 in 20 ms, where sorting all and keeping some took 60);
        ``matching``: only those whose text matches this search query too."""
        from .selection import selection_where  # (selection.py builds on this module)

        direction = " DESC" if descending else ""
        where, params = "", list[object]()
        if order == "date" and not descending and (matching is not None or (
                within is not None and within.text)):
            if within is None or _text_only(within):
                return self._matching_ids_by_date(within, matching)
            return list(self.ids_by_date(within, matching))  # no sort of every match
        if (within is not None and not within.is_empty) or matching is not None:
            # Sorted by an index (date, title): walk it rather than look documents up.
            condition, params = selection_where(within or DocumentFilter(), matching,
                                                scan=order in ("date", "title"))
            where = f" WHERE {condition}"
        if order == "highlights":
            mine, mine_params = _coders_of(within, "h.coder", " AND ")
            sql = (
                "SELECT d.id FROM documents d LEFT JOIN highlights h ON h.document_id = d.id"
                f"{mine}{where} GROUP BY d.id ORDER BY count(h.id){direction}, d.id"
            )
            params = [*mine_params, *params]
        else:
            terms = ", ".join(term + direction for term in _ORDER_TERMS[order])
            sql = f"SELECT id FROM documents d{where} ORDER BY {terms}, id"
        return [r[0] for r in self._conn.execute(sql, params)]

    def _matching_ids_by_date(self, within: DocumentFilter | None,
                              matching: SearchQuery | None) -> list[int]:
        """:meth:`ids` by date of the documents every query (the filter's text and
        ``matching``) matches: the full-text index lists them, then they are put in date
        order by whichever is cheaper. A few (under a fifth of the project) are looked up
        one by one in the ``(id, date)`` index, never reading a row (17,825 of 100,000 in
        18 ms); more are picked from a walk of the date index (27 ms whatever their
        number), as :meth:`ids_by_date` does."""
        queries = [parse_query(within.text)] if within is not None and within.text.strip() \
            else []
        found: set[int] | None = None
        for query in [*queries, *([matching] if matching is not None else [])]:
            ids = {r[0] for r in self._conn.execute(MATCHING_DOCUMENTS,
                                                     [match_expression(query)])}
            found = ids if found is None else found & ids
        if not found:
            return []
        highest = self._conn.execute("SELECT max(id) FROM documents").fetchone()[0] or 0
        if len(found) * _PROBE_SHARE <= highest:
            return [r[0] for r in self._conn.execute(
                "SELECT id FROM documents INDEXED BY documents_id_date "
                "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY date IS NULL, date, id",
                [json.dumps(sorted(found))])]
        dated = self._conn.execute(
            "SELECT id FROM documents WHERE date IS NOT NULL ORDER BY date, id")
        undated = self._conn.execute("SELECT id FROM documents WHERE date IS NULL ORDER BY id")
        return [r[0] for r in dated if r[0] in found] + [r[0] for r in undated if r[0] in found]

    def ids_by_date(self, within: DocumentFilter | None = None,
                    matching: SearchQuery | None = None, chunk: int = 256
                    ) -> Generator[int, None, None]:
        """The ids of :meth:`ids` ``("date", within=..., matching=...)``, in that order,
        read as they are consumed: dated documents walking the date index (nothing is
        sorted, so the first come at once however many match), then undated ones by id.
        The statement is closed when the iterator ends or is closed."""
        from .selection import selection_where

        condition, params = selection_where(within or DocumentFilter(), matching, scan=True)
        for sql in (f"SELECT id FROM documents d WHERE date IS NOT NULL AND {condition} "
                    "ORDER BY date, id",
                    f"SELECT id FROM documents d WHERE date IS NULL AND {condition} "
                    "ORDER BY id"):
            cursor = self._conn.execute(sql, params)
            try:
                while rows := cursor.fetchmany(chunk):
                    yield from (row[0] for row in rows)
            finally:
                cursor.close()

    def summaries(self, ids: list[int], coders: frozenset[str] = frozenset()
                  ) -> list[DocumentSummary]:
        """List rows for ``ids``, in that order (missing ids are left out); with
        ``coders``, the highlights counted are only theirs."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        mine, mine_params = _coders_of(DocumentFilter(coders=coders), "h.coder", " AND ")
        found = {
            r[0]: DocumentSummary(*r)
            for r in self._conn.execute(
                "SELECT d.id, d.title, d.date, d.source, d.length, "
                f"(SELECT count(*) FROM highlights h WHERE h.document_id = d.id{mine}) "
                f"FROM documents d WHERE d.id IN ({marks})",
                [*mine_params, *ids],
            )
        }
        return [found[i] for i in ids if i in found]

    def search(self, query: SearchQuery, limit: int | None = None) -> list[int]:
        """Ids of documents whose text matches ``query`` (see :mod:`.full_text`).

        With ``limit``, the best ``limit`` matches, best first; without, every match in
        no particular order (ranking a hundred thousand matches costs five times the
        search, and the browser sorts by its own column anyway).
        """
        sql = MATCHING_DOCUMENTS
        params: list[object] = [match_expression(query)]
        if limit is not None:
            sql += " ORDER BY rank LIMIT ?"
            params.append(limit)
        return [r[0] for r in self._conn.execute(sql, params)]

    def update(
        self,
        document_id: int,
        *,
        title: str | None = None,
        date: str | Literal[False] | None = False,
        attributes: Attributes | None = None,
    ) -> None:
        """Change title, date (``None`` clears it; ``False`` leaves it) or attributes."""
        if title is not None:
            self._conn.execute("UPDATE documents SET title = ? WHERE id = ?", [title, document_id])
        if date is not False:
            self._conn.execute("UPDATE documents SET date = ? WHERE id = ?", [date, document_id])
        if attributes is not None:
            self.set_attributes(document_id, attributes)

    def delete(self, document_id: int) -> None:
        """Remove a document; its highlights go with it (cascade)."""
        self._conn.execute("DELETE FROM documents WHERE id = ?", [document_id])

    def delete_many(self, document_ids: Sequence[int]) -> None:
        """Remove documents; their highlights go with them (cascade)."""
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            self._conn.execute(
                f"DELETE FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk)

    def set_attributes(self, document_id: int, attributes: Attributes) -> None:
        """Store the document's attributes (nothing when the document does not exist)."""
        rows.set_attributes(self._conn, [(document_id, _attributes_json(attributes))])

    def titles(self, document_ids: Sequence[int]) -> dict[int, str]:
        """The title of each of ``document_ids`` that exists, by id (no texts read)."""
        return dict(self._chunked("SELECT id, title FROM {} WHERE id IN ({})",
                                  list(document_ids)))

    def attributes_of(self, document_ids: Sequence[int]) -> dict[int, Attributes]:
        """The attributes of each of ``document_ids`` that exists, by id (no texts read)."""
        found: dict[int, Attributes] = {}
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            rows_ = self._conn.execute(
                rows.ATTRIBUTES_OF.format(marks=",".join("?" * len(chunk))), chunk)
            found.update((document_id, json.loads(text)) for document_id, text in rows_)
        return found

    def ids_between(self, first_day: str | None, last_day: str | None) -> set[int]:
        """Ids of documents dated within ``first_day..last_day`` (inclusive; either open)."""
        day = DOCUMENT_DAY.replace("d.date", "date")
        sql, params = "SELECT id FROM documents WHERE date IS NOT NULL", []
        if first_day:
            sql += f" AND {day} >= ?"
            params.append(first_day)
        if last_day:
            sql += f" AND {day} <= ?"
            params.append(last_day)
        return {r[0] for r in self._conn.execute(sql, params)}

    def date_span(self) -> tuple[str, str] | None:
        """The first and last day (``YYYY-MM-DD``) of the dated documents, if any."""
        row = self._conn.execute(
            "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM documents"
        ).fetchone()
        if row[0] is None:
            return None
        return full_day(row[0]), full_day(row[1])

    def attribute_names(self) -> list[str]:
        """Every attribute name used by any document, sorted."""
        sql = (
            "SELECT DISTINCT j.key FROM document_attributes AS a, json_each(a.attributes) "
            "AS j ORDER BY j.key"
        )
        return [r[0] for r in self._conn.execute(sql)]

    def iterate(self, with_text: bool = True) -> Iterator[Document]:
        """Every document in id order, one at a time (exports stream from this)."""
        columns = rows.DOCUMENT_COLUMNS if with_text else rows.DOCUMENT_COLUMNS.replace(
            "text", "''"
        )
        cursor = self._conn.execute(f"SELECT {columns} FROM documents ORDER BY id")
        for row in cursor:
            yield rows.document(row)

    def iterate_texts(self) -> Iterator[tuple[int, str]]:
        """``(id, text)`` of every document in id order, one at a time (no other field is
        read or parsed: what a scan of the texts needs)."""
        yield from self._conn.execute("SELECT id, text FROM documents ORDER BY id")


def _coders_of(within: DocumentFilter | None, column: str, joiner: str
               ) -> tuple[str, list[object]]:
    """``joiner`` + the coder condition of ``within`` on ``column``, or nothing."""
    if within is None or not within.coders:
        return "", []
    from .selection import coder_condition

    condition, params = coder_condition(column, within.coders)
    return f"{joiner}{condition}", params
