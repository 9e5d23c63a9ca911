"""SQLite's integrity check in words: which table, index or part of the file is damaged.

``PRAGMA integrity_check`` speaks of pages, cells and rowids; a researcher needs to know
what is damaged (the documents, an index, the full-text index, the kept tag totals) and
whether ``annotator check --repair`` can rebuild it from the data. Each message is traced
to its structure: by the index or table it names, else by the page it names (through the
``dbstat`` table, where SQLite has it), else by the table whose own check reported it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.wording import plural
from .sqlite_library import sqlite3

FULL_TEXT = "documents_fts"
#: Tables kept by triggers from the highlights: recounted by a repair.
DERIVED_TABLES = ("tag_counts", "tag_document_counts", "value_months")
#: Indexes of the derived tables, created anew with them.
DERIVED_INDEXES = ("tag_document_counts_document",)
TABLE_WORDS = {
    "documents": "the documents table (texts, titles, dates)",
    "document_attributes": "the documents' attributes (their variables' values)",
    "highlights": "the highlights table",
    "highlight_tags": "the table of tags given to highlights",
    "tags": "the codebook (the tags table)",
    "memos": "the memos table",
    "project_info": "the project's settings",
    "_sqlite_migrations": "the record of the file's upgrades",
}
#: What each kind of writing command writes (itself or through triggers): the tables whose
#: indexes must be sound before it writes.
WRITTEN_TABLES = {
    "documents": ("documents", f"{FULL_TEXT}_data", f"{FULL_TEXT}_idx",
                  f"{FULL_TEXT}_docsize", f"{FULL_TEXT}_config", "document_attributes",
                  "variables", "document_values", "value_months"),
    "highlights": ("highlights", "highlight_tags", "tags", "memos", *DERIVED_TABLES),
}
_INDEX_MESSAGE = re.compile(r"(?:from|in) index (\w+)")
_TABLE_MESSAGE = re.compile(r"(?:NULL value in|non-\w+ value in|CHECK constraint failed in) (\w+)")
_ROOT = re.compile(r"^Tree (\d+) page")
_PAGE = re.compile(r"[Pp]age (\d+)")
#: Messages about the list of free pages, and about the header's auto-vacuum fields
#: (bytes 52-55 and 64-67; Annotator's files have no pointer map).
_FREE_LIST = ("Main freelist", "freelist leaf count", "is never used")
_AUTO_VACUUM = ("max rootpage", "incremental_vacuum", "ptrmap", "ptr map", "Pointer map")
_DETAIL_CHARACTERS = 90
_FREE_PAGES, _SOMEWHERE, _HEADER = "", "*", "header"  # damage that belongs to no table
_SCHEMA_TABLE = "sqlite_master"  # (page 1 holds it, after the header)
#: The line for a file whose list of tables SQLite cannot read (nothing else can be told).
SCHEMA_DAMAGED = "the file's list of tables (its schema) is damaged"
_Schema = dict[str, tuple[str, str, int]]  # name: (type, table, root page)


@dataclass(frozen=True)
class Problem:
    """One problem found in a project file.

    ``what`` says in words what is damaged; when ``annotator check --repair`` can rebuild
    it from the data, ``target`` names what the repair acts on (``index:NAME``,
    ``full-text``, ``totals``, ``copies``, ``free-pages``) and ``repair`` says how, in
    words. ``table`` names a table whose own records are damaged (``"*"``: somewhere in
    the file), which nothing may be rebuilt from; ``needs`` names the tables the repair
    reads (for an index: its table; else given by the target). ``str()`` gives the whole
    line.
    """

    what: str
    target: str = ""
    repair: str = ""
    table: str = ""
    needs: tuple[str, ...] = ()

    @property
    def repairable(self) -> bool:
        return bool(self.target)

    @property
    def sources(self) -> set[str]:
        """The tables its repair reads (``"*"``: every table)."""
        return set(self.needs or _SOURCES.get(self.target, ("*",)))

    def __str__(self) -> str:
        return self.what + (f"; `annotator check --repair` {self.repair}" if self.repair else "")


#: The tables each repair reads ("*": all of them; an index's repair reads its table).
_SOURCES = {"copies": ("highlights", "highlight_tags", "documents"),
            "totals": ("highlight_tags", "documents", "document_values"),
            "full-text": ("documents",), "free-pages": ("*",)}


def blocking_table(problem: Problem, problems: Sequence[Problem]) -> str | None:
    """The damaged table that ``problem``'s repair would read from (``"*"``: the damage is
    somewhere in the file), or ``None`` when it can be repaired. Nothing is rebuilt from
    a damaged table, and the file is not rewritten while any table is damaged (``VACUUM``
    copies only the rows it can reach)."""
    broken = sorted({p.table for p in problems if p.table})
    sources = problem.sources
    found = broken if "*" in sources else [t for t in broken if t in sources or t == "*"]
    return found[0] if found else None


def feasible(problems: Sequence[Problem]) -> list[Problem]:
    """The problems ``annotator check --repair`` can repair now."""
    return [p for p in problems if p.repairable and blocking_table(p, problems) is None]


@dataclass
class _Damage:
    messages: list[str]
    pages: set[int]


def structure_problems(conn: sqlite3.Connection,
                       tables: Sequence[str] | None = None) -> list[Problem]:
    """Damaged structures, one line each (empty: SQLite finds the file sound).

    Runs ``PRAGMA integrity_check`` on the whole file, or only on ``tables`` (each with
    its indexes; much cheaper, for a check before writing). Where SQLite only says
    "malformed", each table is checked alone, then scanned alone and through each of its
    indexes, to find the one that is damaged. Never raises for damage.
    """
    try:
        schema: _Schema = {row[0]: (row[1], row[2], row[3]) for row in conn.execute(
            "SELECT name, type, tbl_name, rootpage FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        return [Problem(f"{SCHEMA_DAMAGED} (SQLite: {_short(error)})", table="*")]
    if tables is None:
        messages = _check(conn, "")
        if any(_vague(m) for _, m in messages):
            # Table by table (each with its indexes); the file's own bookkeeping is only
            # checked as a whole.
            everything = [n for n, (kind, _, root) in schema.items() if kind == "table" and root]
            messages = [m for m in messages if _about_the_file(m[1])]
            messages += [m for table in everything for m in _check(conn, table)]
    else:
        messages = [m for table in tables if schema.get(table, ("",))[0] == "table"
                    for m in _check(conn, table)]
    found: dict[str, _Damage] = {}
    pages_of = _PageOwners(conn, schema)
    for checked, message in messages:
        names = (_locate(conn, checked, schema) if checked and _vague(message)
                 else [_owner(message, checked, schema, pages_of)])
        for name in names:
            damage = found.setdefault(name, _Damage([], set()))
            damage.messages.append(message)
            damage.pages.update(int(p) for p in _PAGE.findall(message))
    return sorted((_describe(name, damage, schema) for name, damage in found.items()),
                  key=lambda problem: problem.repairable)


def _check(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """``(table, message)`` for each message of the integrity check of ``table`` (of the
    whole file for ``""``); an error SQLite raises is a message too."""
    pragma = f'PRAGMA integrity_check("{table}")' if table else "PRAGMA integrity_check(200)"
    try:
        return [(table, m) for row in conn.execute(pragma) for m in _lines(row[0])]
    except sqlite3.DatabaseError as error:
        return [(table, str(error))]


def _about_the_file(message: str) -> bool:
    return any(word in message for word in _FREE_LIST + _AUTO_VACUUM)


def _vague(message: str) -> bool:
    """A message that names no page, index or table ("database disk image is malformed")."""
    return not (_PAGE.search(message) or _INDEX_MESSAGE.search(message)
                or _TABLE_MESSAGE.search(message) or _ROOT.search(message)
                or _about_the_file(message))


def _locate(conn: sqlite3.Connection, table: str, schema: _Schema) -> list[str]:
    """Which of ``table`` and its indexes cannot be read to the end, every column of every
    entry (``[table]`` when none fails alone)."""
    indexes = [n for n, (kind, owner, _) in schema.items() if kind == "index" and owner == table]
    damaged = []
    for name in [table, *indexes]:
        try:
            if name == table:
                columns = [row[1] for row in conn.execute(f'PRAGMA table_xinfo("{table}")')]
                how = "NOT INDEXED"
            else:
                columns = [row[2] for row in conn.execute(f'PRAGMA index_xinfo("{name}")')
                           if row[5] and row[2] is not None]
                how = f'INDEXED BY "{name}"'
            read = ", ".join(f'max(length(CAST("{c}" AS BLOB)))' for c in columns)
            conn.execute(f'SELECT count(*){", " * bool(read)}{read} FROM "{table}" {how}'
                         ).fetchall()
        except sqlite3.OperationalError as error:
            if "no query solution" not in str(error):
                damaged.append(name)
        except sqlite3.DatabaseError:
            damaged.append(name)
    return damaged or [table]


def _lines(result: str) -> list[str]:
    text = str(result).replace("*** in database main ***", "")
    return [line.strip() for line in text.splitlines() if line.strip() and line.strip() != "ok"]


class _PageOwners:
    """Which table or index a page belongs to, from ``dbstat`` (read when first asked)."""

    def __init__(self, conn: sqlite3.Connection, schema: _Schema):
        self._conn, self._schema = conn, schema
        self._owners: dict[int, str] | None = None

    def __call__(self, page: int) -> str | None:
        if self._owners is None:
            self._owners = {1: _SCHEMA_TABLE}
            for name, (_, _, root) in self._schema.items():
                if root:
                    self._owners[root] = name
                    try:
                        rows = self._conn.execute(
                            "SELECT pageno FROM dbstat WHERE name = ?", [name]).fetchall()
                    except sqlite3.DatabaseError:
                        continue  # damaged, or no dbstat in this SQLite: roots only
                    self._owners.update((row[0], name) for row in rows)
        return self._owners.get(page)


def _owner(message: str, checked: str, schema: _Schema,
           pages_of: _PageOwners) -> str:
    """The structure a message is about: a table or index name, ``_FREE_PAGES`` or
    ``_HEADER`` for the file's own bookkeeping, ``_SOMEWHERE`` when it cannot be told."""
    named = _INDEX_MESSAGE.search(message) or _TABLE_MESSAGE.search(message)
    if named and named[1] in schema:
        return named[1]
    root = _ROOT.search(message)
    if root:
        owner = next((n for n, (_, _, r) in schema.items() if r == int(root[1])), None)
        if owner:
            return owner
    if any(word in message for word in _AUTO_VACUUM):
        return _HEADER
    if any(word in message for word in _FREE_LIST):
        return _FREE_PAGES
    for page in _PAGE.findall(message):
        owner = pages_of(int(page))
        if owner:
            return owner
    return checked or _SOMEWHERE


def _describe(name: str, damage: _Damage, schema: _Schema) -> Problem:
    detail = _detail(damage)
    kind, table, _ = schema.get(name, ("", "", 0))
    if name == _HEADER:
        return Problem(f"the file's header is damaged: its auto-vacuum fields (bytes 52 to 55 "
                       f"and 64 to 67) are not Annotator's ({detail})", table="*")
    if name == _SOMEWHERE:
        return Problem(f"the file is damaged ({detail})", table="*")
    if name == _SCHEMA_TABLE:
        return Problem(f"{SCHEMA_DAMAGED} ({detail})", table="*")
    if name == _FREE_PAGES:
        return Problem(f"the file's list of free pages is damaged ({detail})", "free-pages",
                       "rewrites the file without it")
    if table.startswith(FULL_TEXT):
        return Problem(f"the full-text search index is damaged ({detail})", "full-text",
                       "rebuilds it from the texts")
    if table in DERIVED_TABLES:
        return Problem(f"the kept tag totals are damaged ({detail})", "totals", "recounts them")
    if kind == "index":
        words = TABLE_WORDS.get(table, f"the {table} table")
        return Problem(f"the index {name} of {words} is damaged ({detail})", f"index:{name}",
                       "rebuilds it from the table", needs=(table,))
    words = TABLE_WORDS.get(table, f"the {table or name} table")
    return Problem(f"{words} is damaged and cannot be rebuilt ({detail})", table=table or name)


def _detail(damage: _Damage) -> str:
    entries = sum(bool(_INDEX_MESSAGE.search(m)) for m in damage.messages)
    if entries and entries == len(damage.messages):
        said = f"{entries} of its entries disagree{'s' * (entries == 1)} with its table"
    elif damage.pages:
        shown = sorted(damage.pages)[:5]
        said = (f"page{'s' * (len(damage.pages) > 1)} "
                f"{', '.join(str(p) for p in shown)}{' ...' * (len(damage.pages) > 5)}")
    else:
        said = plural(len(damage.messages), "problem")
    return f"{said}; SQLite says: {_short(damage.messages[0])}"


def _short(message: object) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= _DETAIL_CHARACTERS else text[: _DETAIL_CHARACTERS - 3] + "..."
