"""The 100-byte header of a project file, checked field by field before SQLite reads it.

See https://www.sqlite.org/fileformat2.html#the_database_header. SQLite refuses some
damaged fields with a vague message ("file is not a database", "unsupported file
format"), and accepts others silently in a way that hides the damage: a write version
above 2 makes the file read-only, so that the first edit fails with "attempt to write a
readonly database"; a nonzero reserved space makes every page look damaged. Fields
SQLite does not read (the change counter in WAL mode, the cache size, the user version,
the bytes reserved for expansion) are not checked: damage there is harmless.
"""

from __future__ import annotations

#: Fields whose values are fixed for every project file: offset, meaning, allowed values.
_FIXED = (
    (18, "the file format version for writing", (1, 2)),
    (19, "the file format version for reading", (1, 2)),
    (20, "the space reserved at the end of each page", (0,)),
    (21, "the largest fraction of a page a record may use", (64,)),
    (22, "the smallest fraction of a page a record may use", (32,)),
    (23, "the fraction of a page a leaf record may use", (32,)),
    (47, "the schema format", (1, 2, 3, 4)),
)


def header_problem(header: bytes, size: int, wal_size: int) -> str | None:
    """Why this header (of a file of ``size`` bytes whose WAL holds ``wal_size``) cannot be
    an intact project file's, in words; ``None`` when every field that matters is sound.

    ``header`` must hold at least 100 bytes and start with SQLite's magic; page size and
    truncation are checked by the caller.
    """
    for offset, meaning, allowed in _FIXED:
        if header[offset] not in allowed:
            *others, last = [str(value) for value in allowed]
            expected = f"{', '.join(others)} or {last}" if others else last
            return (f"its header is damaged: byte {offset}, {meaning}, holds "
                    f"{header[offset]} where SQLite writes {expected}")
    if header[59] & 3 in (2, 3):
        return ("its header is damaged: byte 59, the text encoding, says UTF-16 where "
                "project files are UTF-8")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96] and pages
    if not wal_size and header_size_valid and page_size and size > pages * page_size:
        return (f"its header is damaged: it says the file holds {pages} pages, but it holds "
                f"{size // page_size}")
    return None
