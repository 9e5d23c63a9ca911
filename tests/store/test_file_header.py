"""The header fields SQLite reads are checked before SQLite reads them; the ones it does
not read are left alone (damage there is harmless)."""

from __future__ import annotations

import pytest

from annotator.services import Project
from annotator.store.file_header import header_problem


@pytest.fixture(scope="module")
def header(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("header") / "h.annotator"
    Project.open(path).close()
    data = path.read_bytes()
    assert len(data) % 4096 == 0
    return data[:100]


def changed(header: bytes, offset: int, value: int) -> bytes:
    data = bytearray(header)
    data[offset] = value
    return bytes(data)


def test_a_healthy_header_has_no_problem(header: bytes) -> None:
    pages = int.from_bytes(header[28:32], "big")
    assert header_problem(header, pages * 4096, 0) is None


@pytest.mark.parametrize(("offset", "value", "words"), [
    (18, 3, "byte 18, the file format version for writing, holds 3 where SQLite writes 1 or 2"),
    (19, 0, "byte 19, the file format version for reading"),
    (20, 8, "the space reserved at the end of each page, holds 8 where SQLite writes 0"),
    (21, 65, "byte 21"),
    (22, 31, "byte 22"),
    (23, 33, "byte 23"),
    (47, 9, "the schema format, holds 9 where SQLite writes 1, 2, 3 or 4"),
    (59, 2, "the text encoding, says UTF-16"),
])
def test_a_damaged_field_is_named(header: bytes, offset: int, value: int, words: str) -> None:
    pages = int.from_bytes(header[28:32], "big")
    problem = header_problem(changed(header, offset, value), pages * 4096, 0)
    assert problem is not None and problem.startswith("its header is damaged: ")
    assert words in problem


@pytest.mark.parametrize("offset", [24, 40, 48, 60, 72, 90, 96, 99])
def test_fields_sqlite_does_not_read_are_left_alone(header: bytes, offset: int) -> None:
    pages = int.from_bytes(header[28:32], "big")
    assert header_problem(changed(header, offset, header[offset] ^ 0x40), pages * 4096, 0) is None


def test_a_page_count_smaller_than_the_file_is_damage_unless_a_wal_holds_pages(
    header: bytes,
) -> None:
    pages = int.from_bytes(header[28:32], "big")
    problem = header_problem(header, (pages + 3) * 4096, 0)
    assert problem == (f"its header is damaged: it says the file holds {pages} pages, "
                       f"but it holds {pages + 3}")
    assert header_problem(header, (pages + 3) * 4096, 4096) is None
    stale = changed(header, 95, header[95] ^ 1)  # the count is not vouched for: not used
    assert header_problem(stale, (pages + 3) * 4096, 0) is None
