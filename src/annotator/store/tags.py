"""Queries on the ``tags`` table (the codebook). Writes need a transaction."""

from __future__ import annotations

from ..domain.errors import NotFoundError
from ..domain.model import Tag
from . import rows
from .document_day import DOCUMENT_DAY
from .rows import IdentifiedRows


class TagTable(IdentifiedRows):
    """The codebook: tags with parent, colour, description and display position."""

    _TABLE = "tags"

    def insert(
        self,
        name: str,
        *,
        guid: str,
        color: str,
        created_at: str,
        parent_id: int | None = None,
        description: str = "",
        position: int | None = None,
        tag_id: int | None = None,
        codable: bool = True,
    ) -> int:
        """Add a tag (at the end of its siblings unless ``position`` is given)."""
        if position is None:
            position = int(
                self._conn.execute("SELECT ifnull(max(position), -1) + 1 FROM tags").fetchone()[0]
            )
        cursor = self._conn.execute(
            "INSERT INTO tags (id, guid, name, parent_id, color, description, position, "
            "created_at, codable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [tag_id, guid, name, parent_id, color, description, position, created_at,
             int(codable)],
        )
        return int(cursor.lastrowid or 0)

    def get(self, tag_id: int) -> Tag:
        """One tag; raises :class:`NotFoundError`."""
        row = self._conn.execute(
            f"SELECT {rows.TAG_COLUMNS} FROM tags WHERE id = ?", [tag_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no tag with id {tag_id}")
        return rows.tag(row)

    def all(self) -> list[Tag]:
        """Every tag, in display order (position, then name)."""
        return [
            rows.tag(r)
            for r in self._conn.execute(
                f"SELECT {rows.TAG_COLUMNS} FROM tags ORDER BY position, name, id"
            )
        ]

    def find_child(self, parent_id: int | None, name: str) -> int | None:
        """The id of the tag called ``name`` under ``parent_id`` (``None``: top level)."""
        row = self._conn.execute(
            "SELECT id FROM tags WHERE ifnull(parent_id, 0) = ? AND name = ?",
            [parent_id or 0, name],
        ).fetchone()
        return row[0] if row else None

    def update(
        self,
        tag_id: int,
        *,
        name: str | None = None,
        color: str | None = None,
        description: str | None = None,
        position: int | None = None,
        codable: bool | None = None,
    ) -> None:
        """Change any of the given fields."""
        for column, value in (
            ("name", name), ("color", color), ("description", description),
            ("position", position), ("codable", None if codable is None else int(codable)),
        ):
            if value is not None:
                self._conn.execute(f"UPDATE tags SET {column} = ? WHERE id = ?", [value, tag_id])

    def set_parent(self, tag_id: int, parent_id: int | None) -> None:
        self._conn.execute("UPDATE tags SET parent_id = ? WHERE id = ?", [parent_id, tag_id])

    def children(self, tag_id: int) -> list[int]:
        sql = "SELECT id FROM tags WHERE parent_id = ? ORDER BY position, name"
        return [r[0] for r in self._conn.execute(sql, [tag_id])]

    def descendants(self, tag_id: int) -> list[int]:
        """Ids below ``tag_id`` at any depth."""
        return [
            r[0]
            for r in self._conn.execute(
                "WITH RECURSIVE below(id) AS (SELECT id FROM tags WHERE parent_id = ? "
                "UNION SELECT t.id FROM tags t JOIN below b ON t.parent_id = b.id) "
                "SELECT id FROM below",
                [tag_id],
            )
        ]

    def level(self, tag_id: int) -> int:
        """How deep the tag sits: 1 at the top level, 2 for a child of a top-level tag.
        (The walk stops after a million levels: parents never form a cycle.)"""
        row = self._conn.execute(
            "WITH RECURSIVE up(parent_id, n) AS (SELECT parent_id, 1 FROM tags WHERE id = ? "
            "UNION ALL SELECT t.parent_id, up.n + 1 FROM tags t JOIN up ON t.id = up.parent_id "
            "WHERE up.n < 1000000) SELECT max(n) FROM up",
            [tag_id],
        ).fetchone()
        return int(row[0] or 0)

    def height(self, tag_id: int) -> int:
        """The levels of the tag's subtree: 1 for a tag without children, 2 with children
        but no grandchildren."""
        row = self._conn.execute(
            "WITH RECURSIVE below(id, n) AS (SELECT id, 1 FROM tags WHERE id = ? "
            "UNION ALL SELECT t.id, below.n + 1 FROM tags t JOIN below ON t.parent_id = below.id "
            "WHERE below.n < 1000000) SELECT max(n) FROM below",
            [tag_id],
        ).fetchone()
        return int(row[0] or 0)

    def delete(self, tag_id: int) -> None:
        """Remove a tag (its links to highlights go with it); children must be moved first."""
        self._conn.execute("DELETE FROM tags WHERE id = ?", [tag_id])

    def move_links(self, from_tag: int, to_tag: int) -> list[int]:
        """Give every highlight of ``from_tag`` the tag ``to_tag``; return their ids."""
        ids = [
            r[0]
            for r in self._conn.execute(
                "SELECT highlight_id FROM highlight_tags WHERE tag_id = ?", [from_tag]
            )
        ]
        self._conn.execute(
            "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id, document_id, "
            "document_day) SELECT highlight_id, ?, document_id, document_day "
            "FROM highlight_tags WHERE tag_id = ?",
            [to_tag, from_tag],
        )
        return ids

    def link(self, tag_id: int, highlight_ids: list[int]) -> None:
        """Give these highlights the tag (those already carrying it are left alone)."""
        self._conn.executemany(
            "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id, document_id, "
            "document_day) SELECT h.id, ?, h.document_id, "
            f"{DOCUMENT_DAY} FROM highlights h JOIN documents d ON d.id = h.document_id "
            "WHERE h.id = ?",
            [(tag_id, h) for h in highlight_ids],
        )

    def unlink(self, tag_id: int, highlight_ids: list[int]) -> None:
        """Take the tag off these highlights."""
        self._conn.executemany(
            "DELETE FROM highlight_tags WHERE tag_id = ? AND highlight_id = ?",
            [(tag_id, h) for h in highlight_ids],
        )

    def highlight_ids(self, tag_id: int) -> list[int]:
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT highlight_id FROM highlight_tags WHERE tag_id = ?", [tag_id]
            )
        ]
