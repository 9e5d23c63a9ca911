"""Rebuilding what a project file derives from its data: indexes, the full-text index, the
tag totals and the tag links' copies of their document and date; and rewriting the file
(``VACUUM``) when its list of free pages is damaged or pages were abandoned.

Nothing here changes a document's text, a highlight, a tag or a setting: every statement
writes only an index, the full-text index's own tables, ``tag_counts``,
``tag_document_counts``, the two copied columns of ``highlight_tags``, or (to abandon a
structure whose pages are too damaged for SQLite to clear them) the schema row of such a
derived structure, which is then created anew. Nothing is rebuilt from a table that is
itself damaged, and the file is not rewritten while any table is (``VACUUM`` copies only
the rows it can reach: rows behind a damaged page would be dropped without a word). Each
repair is its own transaction, so that one SQLite refuses leaves the others done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from ..domain.errors import ProjectFileError
from .database import Store
from .document_day import DOCUMENT_DAY
from .sqlite_library import sqlite3
from .structure_check import (
    DERIVED_INDEXES,
    DERIVED_TABLES,
    FULL_TEXT,
    Problem,
    blocking_table,
)
from .value_months import RECOUNT_VALUE_MONTHS
from .verify import RECOUNT_TAG_DOCUMENTS, RECOUNT_TAGS

#: The order repairs run in: copies before the totals counted from them, the file
#: rewritten last.
_ORDER = ("copies", "totals", "index", "full-text", "free-pages")
_SPARE = "annotator_repair_index"
_WORDS = {
    "copies": "the tag links' copies of their document and date (copied again)",
    "totals": "the kept tag totals (recounted from the highlights)",
    "index": "the index {name} (rebuilt from its table)",
    "full-text": "the full-text search index (rebuilt from the texts)",
    "free-pages": "the file's list of free pages (the file was rewritten)",
}


def keep_copy(store: Store, now: datetime | None = None) -> Path:
    """Copy the open project beside it as ``NAME.before-repair-YYYYmmdd-HHMMSS.bak`` (a
    consistent copy, WAL included, made with SQLite's backup API); return its path.

    Raises :class:`ProjectFileError` if the copy cannot be written (nothing changed).
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    target, counter = Path(f"{store.path}.before-repair-{stamp}.bak"), 1
    while target.exists():
        counter += 1
        target = Path(f"{store.path}.before-repair-{stamp}-{counter}.bak")
    try:
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            store.db.conn.backup(copy)
        finally:
            copy.close()
    except (OSError, sqlite3.Error) as error:
        target.unlink(missing_ok=True)
        raise ProjectFileError(store.path, f"cannot keep a copy before repairing ({error}); "
                                           "nothing was changed") from None
    return target


def repair(store: Store, problems: Iterable[Problem]) -> list[str]:
    """Rebuild what ``problems`` name as repairable; return one line per repair, saying
    what was rebuilt (``repaired ...``) or why it was not (``could not repair ...``)."""
    problems = list(problems)
    chosen = {p.target: p for p in problems if p.repairable}
    targets = sorted(chosen, key=lambda t: (_ORDER.index(t.split(":")[0]), t))
    repair = _Repair(store)
    lines = []
    for target in targets:
        blocked = blocking_table(chosen[target], problems)
        if blocked:
            where = "a table" if blocked == "*" else f"the {blocked} table"
            lines.append(f"could not repair {_what(target)} while {where} is damaged")
        elif target != "free-pages":
            lines.append(repair.run(target))
    rewrite = chosen.get("free-pages", Problem("", "free-pages"))
    if ("free-pages" in chosen or repair.abandoned) and not blocking_table(rewrite, problems):
        lines.append(repair.run("free-pages"))
    return lines


def _what(target: str) -> str:
    kind, _, name = target.partition(":")
    return _WORDS[kind].format(name=name).split(" (")[0]


class _Repair:
    """The repairs of one project; ``abandoned``: pages were left behind (see
    :meth:`_recreate`), so the file must be rewritten."""

    def __init__(self, store: Store) -> None:
        self.store, self.conn = store, store.db.conn
        self.abandoned = False

    def run(self, target: str) -> str:
        kind, _, name = target.partition(":")
        steps: dict[str, Callable[[str], None]] = {
            "copies": self._copies, "totals": self._totals, "index": self._index,
            "full-text": self._full_text}
        try:
            if kind == "free-pages":
                self.conn.execute("VACUUM")
            else:
                steps[kind](name)
        except sqlite3.DatabaseError as error:
            return f"could not repair {_what(target)} (SQLite: {error})"
        except ProjectFileError as error:
            return f"could not repair {_what(target)} ({error.reason})"
        return f"repaired {_WORDS[kind].format(name=name)}"

    def _table_of(self, index: str) -> str:
        row = self.conn.execute("SELECT tbl_name FROM sqlite_master WHERE name = ?",
                                [index]).fetchone()
        return str(row[0]) if row else "*"

    def _copies(self, _: str) -> None:
        with self.store.transaction():
            self.conn.execute(
                f"UPDATE highlight_tags AS ht SET document_id = h.document_id, document_day = "
                f"{DOCUMENT_DAY} FROM highlights h JOIN documents d ON d.id = h.document_id "
                f"WHERE h.id = ht.highlight_id AND (ht.document_id IS NOT h.document_id "
                f"OR ht.document_day IS NOT {DOCUMENT_DAY})"
            )

    def _totals(self, _: str) -> None:
        self._again_anew(self._recount, [*DERIVED_TABLES, *DERIVED_INDEXES])

    def _recount(self) -> None:
        for table in DERIVED_TABLES:
            self.conn.execute(f"DELETE FROM {table}")
        self.conn.execute("INSERT INTO tag_document_counts (tag_id, document_id, highlights, "
                          f"document_day) {RECOUNT_TAG_DOCUMENTS}")
        self.conn.execute(f"INSERT INTO tag_counts (tag_id, highlights, documents) {RECOUNT_TAGS}")
        # The triggers counted the new totals by value: recount those from scratch too.
        self.conn.execute("DELETE FROM value_months")
        self.conn.execute(f"INSERT INTO value_months {RECOUNT_VALUE_MONTHS}")

    def _index(self, name: str) -> None:
        def rebuild() -> None:
            self.conn.execute(f'REINDEX "{name}"')

        try:
            with self.store.transaction():
                rebuild()
        except sqlite3.DatabaseError:  # see _again_anew
            with self.store.transaction():
                if name.startswith("sqlite_autoindex_"):
                    self._new_root(name)
                else:
                    self._recreate([name])

    def _full_text(self, _: str) -> None:
        shadows = [f"{FULL_TEXT}_{part}" for part in ("data", "idx", "docsize", "config")]
        self._again_anew(
            lambda: self.conn.execute(f"INSERT INTO {FULL_TEXT} ({FULL_TEXT}) VALUES ('rebuild')"),
            [FULL_TEXT, *shadows], create=[FULL_TEXT])

    def _again_anew(self, rebuild: Callable[[], object], names: list[str],
                    create: list[str] | None = None) -> None:
        """``rebuild`` in a transaction; if SQLite cannot clear the damaged pages, then in
        a new transaction (the failed one leaves the connection unable to go on) on
        structures created anew (see :meth:`_recreate`)."""
        try:
            with self.store.transaction():
                rebuild()
        except sqlite3.DatabaseError:
            with self.store.transaction():
                self._recreate(names, create)
                rebuild()

    def _new_root(self, name: str) -> None:
        """Give the index SQLite made for a UNIQUE or PRIMARY KEY constraint (it has no SQL
        of its own) a new b-tree, built by an equal ``CREATE UNIQUE INDEX``; its old pages
        are left behind, unread."""
        table = self._table_of(name)
        keys = [f'"{row[2]}"' + (" DESC" if row[3] else "") + f' COLLATE "{row[4]}"'
                for row in self.conn.execute(f'PRAGMA index_xinfo("{name}")') if row[5]]
        self.conn.execute(f'CREATE UNIQUE INDEX "{_SPARE}" ON "{table}" ({", ".join(keys)})')
        version = self.conn.execute("PRAGMA schema_version").fetchone()[0]
        self.conn.execute("PRAGMA writable_schema = ON")
        try:
            self.conn.execute("UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM "
                              "sqlite_master WHERE name = ?) WHERE name = ?", [_SPARE, name])
            self.conn.execute("DELETE FROM sqlite_master WHERE name = ?", [_SPARE])
            self.conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            self.conn.execute("PRAGMA writable_schema = RESET")
        self.abandoned = True

    def _recreate(self, names: list[str], create: list[str] | None = None) -> None:
        """Forget the schema rows of ``names`` (their pages are left behind, unread) and
        create ``create`` (default: ``names``) anew from their SQL, empty."""
        rows = dict(self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE name IN ({','.join('?' * len(names))})",
            names).fetchall())
        missing = [n for n in (create or names) if not rows.get(n)]
        if missing:
            raise sqlite3.DatabaseError(f"{missing[0]} cannot be created anew (no SQL)")
        version = self.conn.execute("PRAGMA schema_version").fetchone()[0]
        self.conn.execute("PRAGMA writable_schema = ON")
        try:
            self.conn.execute(f"DELETE FROM sqlite_master WHERE name IN "
                              f"({','.join('?' * len(names))})", names)
            self.conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            # RESET also makes this connection forget the schema it had read.
            self.conn.execute("PRAGMA writable_schema = RESET")
        for name in create or names:
            self.conn.execute(rows[name])
        self.abandoned = True
