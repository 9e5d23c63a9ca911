"""Named, forward-only migrations of the project file.

Add a migration by appending a function decorated with ``@MIGRATIONS()``; never edit or
reorder one that has shipped. A file that has applied a migration this version does not
know was written by a newer Annotator and is refused (see ``database.open_store``).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .sqlite_library import sqlite3
from .value_months import RECOUNT_VALUE_MONTHS, VALUE_MONTHS_SQL

MIGRATIONS = Migrations("annotator")

#: ``PRAGMA application_id`` of every project file: "Anno" in ASCII.
APPLICATION_ID = 0x416E6E6F


_INITIAL_SQL = """
CREATE TABLE project_info (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  length INTEGER NOT NULL,
  date TEXT,
  source TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL,
  attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  imported_at TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents (sha256, source);
CREATE INDEX documents_date ON documents (date);
CREATE INDEX documents_title ON documents (title COLLATE NOCASE);
CREATE VIRTUAL TABLE documents_fts USING fts5 (
  title, text, content = 'documents', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
-- New documents are indexed by DocumentTable.insert itself: an AFTER INSERT trigger
-- doing the same made imports twice as slow (measured with annotator bench).
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_fts_retitle AFTER UPDATE OF title ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_text_is_immutable BEFORE UPDATE OF text ON documents
  WHEN new.text IS NOT old.text BEGIN
  SELECT RAISE(ABORT, 'document text never changes after import');
END;
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  parent_id INTEGER REFERENCES tags (id),
  color TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tags_sibling_name ON tags (ifnull(parent_id, 0), name);
CREATE INDEX tags_parent ON tags (parent_id);
CREATE TABLE highlights (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  quote TEXT NOT NULL,
  memo TEXT NOT NULL DEFAULT '',
  coder TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  CHECK (span_start >= 0 AND span_end > span_start),
  CHECK (length(quote) = span_end - span_start)
);
CREATE INDEX highlights_document_start ON highlights (document_id, span_start);
-- document_id and document_day copy the highlight's document and its date (YYYY-MM-DD at
-- full precision, or NULL) so that counts and timelines read this table alone: a
-- highlight never changes document, and the trigger below follows date changes.
CREATE TABLE highlight_tags (
  highlight_id INTEGER NOT NULL REFERENCES highlights (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  document_day TEXT,
  PRIMARY KEY (highlight_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX highlight_tags_tag_day ON highlight_tags (tag_id, document_day, document_id);
-- Per-tag totals kept by triggers, so that the tag panel's counts cost one small read
-- after every edit instead of an aggregation over every highlight.
CREATE TABLE tag_document_counts (
  tag_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  highlights INTEGER NOT NULL,
  PRIMARY KEY (tag_id, document_id)
) WITHOUT ROWID;
CREATE TABLE tag_counts (
  tag_id INTEGER PRIMARY KEY,
  highlights INTEGER NOT NULL,
  documents INTEGER NOT NULL
);
CREATE TRIGGER highlight_tags_count_insert AFTER INSERT ON highlight_tags BEGIN
  INSERT INTO tag_document_counts (tag_id, document_id, highlights)
    VALUES (new.tag_id, new.document_id, 1)
    ON CONFLICT (tag_id, document_id) DO UPDATE SET highlights = highlights + 1;
  INSERT INTO tag_counts (tag_id, highlights, documents) VALUES (new.tag_id, 1, 1)
    ON CONFLICT (tag_id) DO UPDATE SET highlights = highlights + 1,
    documents = documents + (SELECT highlights = 1 FROM tag_document_counts
                             WHERE tag_id = new.tag_id AND document_id = new.document_id);
END;
CREATE TRIGGER highlight_tags_count_delete AFTER DELETE ON highlight_tags BEGIN
  UPDATE tag_document_counts SET highlights = highlights - 1
    WHERE tag_id = old.tag_id AND document_id = old.document_id;
  UPDATE tag_counts SET highlights = highlights - 1,
    documents = documents - (SELECT highlights = 0 FROM tag_document_counts
                             WHERE tag_id = old.tag_id AND document_id = old.document_id)
    WHERE tag_id = old.tag_id;
  DELETE FROM tag_document_counts
    WHERE tag_id = old.tag_id AND document_id = old.document_id AND highlights = 0;
  DELETE FROM tag_counts WHERE tag_id = old.tag_id AND highlights = 0;
END;
CREATE INDEX highlight_tags_document ON highlight_tags (document_id);
CREATE TRIGGER documents_redate AFTER UPDATE OF date ON documents
  WHEN new.date IS NOT old.date BEGIN
  UPDATE highlight_tags SET document_day = (CASE length(new.date) WHEN 4 THEN new.date || '-01-01'
    WHEN 7 THEN new.date || '-01' ELSE substr(new.date, 1, 10) END)
  WHERE document_id = new.id;
END;
"""


def _statements(script: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit the migration)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    for statement in _statements(_INITIAL_SQL):
        db.conn.execute(statement)
    # The header field is transactional: a file is marked ours only once its schema is.
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_READING_INDEXES_SQL = """
-- The month of document_day, computed on read (no space in the table), so that a timeline
-- by month, quarter or year groups index entries in order instead of sorting every
-- highlight (the index below is covering: measured 5x faster with annotator bench).
ALTER TABLE highlight_tags ADD COLUMN document_month TEXT
  GENERATED ALWAYS AS (substr(document_day, 1, 7)) VIRTUAL;
DROP INDEX highlight_tags_tag_day;
-- Ordered by month then day, which is the order of days: per-day counts read it in order too.
CREATE INDEX highlight_tags_tag_month_day
  ON highlight_tags (tag_id, document_month, document_day, document_id);
-- A document's spans in order from the index alone (the editor opens a document with ten
-- thousand highlights in 5 ms instead of 27: no table rows read, no sort).
DROP INDEX highlights_document_start;
CREATE INDEX highlights_document_span ON highlights (document_id, span_start, span_end);
"""


@MIGRATIONS(name="0002_reading_indexes")
def _reading_indexes(db: Database) -> None:
    for statement in _statements(_READING_INDEXES_SQL):
        db.conn.execute(statement)


def known_migration_names() -> list[str]:
    """Names of the migrations this version knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]


_DOCUMENT_VARIABLES_SQL = """
-- Document variables (NVivo's classification attributes, MAXQDA's document variables).
-- A document's attributes JSON stays the record; these tables index it, kept by the
-- triggers below, so that filters, splits and crosstabs by a value read an index instead
-- of parsing JSON: (variable_id, value, document_id) gives a value's documents in order.
-- ``type`` is the type the user chose (NULL: inferred from the values when read).
-- ``declared``: made or typed by the user, so kept without values; a variable that only
-- documents' attributes brought goes when its last value goes.
CREATE TABLE variables (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT CHECK (type IS NULL OR type IN ('text', 'number', 'date')),
  position INTEGER NOT NULL DEFAULT 0,
  declared INTEGER NOT NULL DEFAULT 0
);
-- One row per document and variable that it has a value for; ``value`` is the value as
-- text (JSON strings as they are, numbers as SQLite writes them, true/false, arrays and
-- objects as JSON); a null value is no value.
CREATE TABLE document_values (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  variable_id INTEGER NOT NULL REFERENCES variables (id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  PRIMARY KEY (document_id, variable_id)
) WITHOUT ROWID;
CREATE INDEX document_values_by_value ON document_values (variable_id, value, document_id);
CREATE TRIGGER documents_values_insert AFTER INSERT ON documents
  WHEN new.attributes <> '{}' BEGIN
  INSERT OR IGNORE INTO variables (name, position)
    SELECT key, (SELECT ifnull(max(position), 0) + 1 FROM variables)
    FROM json_each(new.attributes) WHERE type <> 'null';
  INSERT INTO document_values (document_id, variable_id, value)
    SELECT new.id, v.id, CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
      WHEN 'text' THEN j.value WHEN 'object' THEN j.value WHEN 'array' THEN j.value
      ELSE CAST(j.atom AS TEXT) END
    FROM json_each(new.attributes) AS j JOIN variables AS v ON v.name = j.key
    WHERE j.type <> 'null';
END;
-- Values that stay keep their rows (a variable is never dropped and made again in one
-- update); only those gone are deleted.
CREATE TRIGGER documents_values_update AFTER UPDATE OF attributes ON documents
  WHEN new.attributes IS NOT old.attributes BEGIN
  INSERT OR IGNORE INTO variables (name, position)
    SELECT key, (SELECT ifnull(max(position), 0) + 1 FROM variables)
    FROM json_each(new.attributes) WHERE type <> 'null';
  DELETE FROM document_values WHERE document_id = new.id AND variable_id NOT IN (
    SELECT v.id FROM json_each(new.attributes) AS j JOIN variables AS v ON v.name = j.key
    WHERE j.type <> 'null');
  INSERT INTO document_values (document_id, variable_id, value)
    SELECT new.id, v.id, CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
      WHEN 'text' THEN j.value WHEN 'object' THEN j.value WHEN 'array' THEN j.value
      ELSE CAST(j.atom AS TEXT) END
    FROM json_each(new.attributes) AS j JOIN variables AS v ON v.name = j.key
    WHERE j.type <> 'null'
    ON CONFLICT (document_id, variable_id) DO UPDATE SET value = excluded.value;
END;
CREATE TRIGGER document_values_prune AFTER DELETE ON document_values BEGIN
  DELETE FROM variables WHERE id = old.variable_id AND declared = 0
    AND NOT EXISTS (SELECT 1 FROM document_values WHERE variable_id = old.variable_id);
END;
"""


@MIGRATIONS(name="0003_document_variables")
def _document_variables(db: Database) -> None:
    for statement in _statements(_DOCUMENT_VARIABLES_SQL):
        db.conn.execute(statement)
    # Index the attributes that documents already have, then type each variable by them.
    db.conn.execute(
        "INSERT OR IGNORE INTO variables (name, position) "
        "SELECT j.key, 0 FROM documents, json_each(documents.attributes) AS j "
        "WHERE j.type <> 'null' ORDER BY j.key"
    )
    db.conn.execute("UPDATE variables SET position = id")
    db.conn.execute(
        "INSERT OR IGNORE INTO document_values (document_id, variable_id, value) "
        "SELECT d.id, v.id, CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
        "WHEN 'text' THEN j.value WHEN 'object' THEN j.value WHEN 'array' THEN j.value "
        "ELSE CAST(j.atom AS TEXT) END "
        "FROM documents AS d, json_each(d.attributes) AS j JOIN variables AS v "
        "ON v.name = j.key WHERE j.type <> 'null'"
    )


_TAG_DOCUMENT_DAYS_SQL = """
-- The document's day on each (tag, document) total as well, so that counts within a
-- filter or split by a variable read one row per tag and document instead of one per
-- tagging, and need no count(DISTINCT) (measured 2x faster at 110,000 highlights).
ALTER TABLE tag_document_counts ADD COLUMN document_day TEXT;
UPDATE tag_document_counts SET document_day = (
  SELECT ht.document_day FROM highlight_tags ht
  WHERE ht.tag_id = tag_document_counts.tag_id
    AND ht.document_id = tag_document_counts.document_id LIMIT 1);
DROP TRIGGER highlight_tags_count_insert;
CREATE TRIGGER highlight_tags_count_insert AFTER INSERT ON highlight_tags BEGIN
  INSERT INTO tag_document_counts (tag_id, document_id, highlights, document_day)
    VALUES (new.tag_id, new.document_id, 1, new.document_day)
    ON CONFLICT (tag_id, document_id) DO UPDATE SET highlights = highlights + 1;
  INSERT INTO tag_counts (tag_id, highlights, documents) VALUES (new.tag_id, 1, 1)
    ON CONFLICT (tag_id) DO UPDATE SET highlights = highlights + 1,
    documents = documents + (SELECT highlights = 1 FROM tag_document_counts
                             WHERE tag_id = new.tag_id AND document_id = new.document_id);
END;
DROP TRIGGER documents_redate;
CREATE TRIGGER documents_redate AFTER UPDATE OF date ON documents
  WHEN new.date IS NOT old.date BEGIN
  UPDATE highlight_tags SET document_day = (CASE length(new.date) WHEN 4 THEN new.date || '-01-01'
    WHEN 7 THEN new.date || '-01' ELSE substr(new.date, 1, 10) END)
  WHERE document_id = new.id;
  UPDATE tag_document_counts SET document_day = (CASE length(new.date)
    WHEN 4 THEN new.date || '-01-01' WHEN 7 THEN new.date || '-01'
    ELSE substr(new.date, 1, 10) END)
  WHERE document_id = new.id;
END;
"""


@MIGRATIONS(name="0004_tag_document_days")
def _tag_document_days(db: Database) -> None:
    for statement in _statements(_TAG_DOCUMENT_DAYS_SQL):
        db.conn.execute(statement)


_MEMOS_SQL = """
-- Memos: the project's (one), a document's, a tag's or a highlight's (one each), and any
-- number of span memos, each on a span of a document that it does not code. Each is
-- deleted with what it belongs to (the foreign keys cascade, as highlights do).
-- ``quote`` is the text at a span memo's span, checked as highlights' quotes are.
CREATE TABLE memos (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('project', 'document', 'tag', 'highlight', 'span')),
  document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
  tag_id INTEGER REFERENCES tags (id) ON DELETE CASCADE,
  highlight_id INTEGER REFERENCES highlights (id) ON DELETE CASCADE,
  span_start INTEGER,
  span_end INTEGER,
  quote TEXT,
  text TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  CHECK ((document_id IS NOT NULL) = (kind IN ('document', 'span'))),
  CHECK ((tag_id IS NOT NULL) = (kind = 'tag')),
  CHECK ((highlight_id IS NOT NULL) = (kind = 'highlight')),
  CHECK ((span_start IS NOT NULL) = (kind = 'span')
         AND (span_end IS NOT NULL) = (kind = 'span') AND (quote IS NOT NULL) = (kind = 'span')),
  CHECK (kind <> 'span' OR (span_start >= 0 AND span_end > span_start
                            AND length(quote) = span_end - span_start))
);
-- One memo per place; the expression is the same for every project memo.
CREATE UNIQUE INDEX memos_one_per_place
  ON memos (kind, ifnull(document_id, 0), ifnull(tag_id, 0), ifnull(highlight_id, 0))
  WHERE kind <> 'span';
-- Whole (not partial) indexes: the cascades look memos up by each of these columns.
CREATE INDEX memos_document_span ON memos (document_id, span_start);
CREATE INDEX memos_tag ON memos (tag_id);
CREATE INDEX memos_highlight ON memos (highlight_id);
"""

#: The namespace of the GUIDs given to highlight memos moved out of ``highlights.memo``:
#: ``uuid5(namespace, "memo" + "\\x1f" + highlight GUID)``, the GUID that the REFI-QDA
#: export derived for such a memo's Note before (``services.refi_qda_export``), so that the
#: memo keeps the identity it had in earlier exports. Never change it.
_MOVED_MEMO_NAMESPACE = "6f1c0b0e-5d2a-5b57-9a44-2a8f3c1d9e70"
#: ``ALTER TABLE ... DROP COLUMN`` needs SQLite 3.35.
_DROP_COLUMN = (3, 35, 0)


@MIGRATIONS(name="0005_memos")
def _memos(db: Database) -> None:
    """The memos table; each highlight's memo moves into it (author: the highlight's coder;
    created and modified: the highlight's last change, the best known time of the memo).
    ``highlights.memo`` is then dropped, or, on an SQLite too old to drop a column, emptied
    and never read again."""
    import uuid

    conn = db.conn
    for statement in _statements(_MEMOS_SQL):
        conn.execute(statement)
    namespace = uuid.UUID(_MOVED_MEMO_NAMESPACE)
    conn.executemany(
        "INSERT INTO memos (guid, kind, highlight_id, text, author, created_at, modified_at) "
        "VALUES (?, 'highlight', ?, ?, ?, ?, ?)",
        ((str(uuid.uuid5(namespace, "memo\x1f" + guid)), highlight_id, memo, coder, modified,
          modified)
         for highlight_id, guid, memo, coder, modified in conn.execute(
             "SELECT id, guid, memo, coder, modified_at FROM highlights WHERE memo <> '' "
             "ORDER BY id").fetchall()),
    )
    version = tuple(int(p) for p in sqlite3.sqlite_version.split(".")[:3])
    if version >= _DROP_COLUMN:
        conn.execute("ALTER TABLE highlights DROP COLUMN memo")
    else:
        conn.execute("UPDATE highlights SET memo = '' WHERE memo <> ''")


@MIGRATIONS(name="0006_value_months")
def _value_months(db: Database) -> None:
    for statement in _statements(VALUE_MONTHS_SQL):
        db.conn.execute(statement)
    db.conn.execute(f"INSERT INTO value_months {RECOUNT_VALUE_MONTHS}")


@MIGRATIONS(name="0007_highlight_modified_by")
def _highlight_modified_by(db: Database) -> None:
    # Who changed a highlight last (its tags or memo); until now only its maker did.
    db.conn.execute("ALTER TABLE highlights ADD COLUMN modified_by TEXT NOT NULL DEFAULT ''")
    db.conn.execute("UPDATE highlights SET modified_by = coder")


@MIGRATIONS(name="0013_documents_id_date")
def _documents_id_date(db: Database) -> None:
    # A search's matches are put in date order through this index, without reading rows
    # (whose text comes before the date): see DocumentTable.ids.
    db.conn.execute("CREATE INDEX documents_id_date ON documents (id, date)")
