"""CSV export: RFC 4180 quoting, one row per (highlight, tag), streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.model import Document, Highlight
from annotator.formats.csv_export import highlight_csv_header, write_highlight_rows

TEXT = 'He said "no, never", then\nleft, 👍🏽 שלום 𠀀.'
PATHS = {1: ("security",), 2: ("migration",), 3: ("migration", "labour")}


def document(doc_id: int = 1, text: str = "", date: str | None = "2018-02-12",
             attributes: dict[str, Any] | None = None) -> Document:
    return Document(doc_id, f"g{doc_id}", f"Title, {doc_id}", text, date, "a.txt", "0" * 64,
                    attributes or {}, "2026-01-01T00:00:00Z")


def highlight(h_id: int, start: int, end: int, tag_ids: tuple[int, ...]) -> Highlight:
    return Highlight(h_id, f"h{h_id}", 1, start, end, TEXT[start:end], "memo, \"m\"", "coder",
                     "2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z", tag_ids)


def export(rows: Any, attribute_names: list[str] | None = None, bom: bool = False) -> str:
    out = io.StringIO(newline="")
    write_highlight_rows(out, rows, PATHS, attribute_names or [], bom=bom)
    return out.getvalue()


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_header_prefixes_attribute_columns() -> None:
    assert highlight_csv_header(["outlet", "region"]) == [
        "document_id", "document_title", "document_date", "attr:outlet", "attr:region",
        "highlight_id", "quote", "start", "end", "memo", "coder", "created_at", "tag", "tag_path",
    ]


def test_quotes_with_commas_double_quotes_and_newlines_round_trip() -> None:
    h = highlight(7, 0, len(TEXT), (1,))
    text = export([(document(), h)])
    assert '"He said ""no, never"", then\nleft, 👍🏽 שלום 𠀀."' in text  # RFC 4180 quoting
    assert text.endswith("\r\n") and text.count("\r\n") == 2  # header and one row
    [row] = parse(text)
    assert row["quote"] == TEXT
    assert row["memo"] == 'memo, "m"'
    assert row["document_title"] == "Title, 1"
    assert (row["start"], row["end"], row["highlight_id"]) == ("0", str(len(TEXT)), "7")


def test_one_row_per_tag_and_one_row_for_an_untagged_highlight() -> None:
    rows = [(document(), highlight(1, 0, 2, (1, 3))), (document(), highlight(2, 3, 7, ()))]
    out = io.StringIO(newline="")
    count = write_highlight_rows(out, rows, PATHS, [])
    parsed = parse(out.getvalue())
    assert count == len(parsed) == 3
    assert [(r["highlight_id"], r["tag"], r["tag_path"]) for r in parsed] == [
        ("1", "security", "security"), ("1", "labour", "migration/labour"), ("2", "", ""),
    ]


def test_attribute_cells_follow_the_requested_names() -> None:
    doc = document(attributes={"outlet": "Fergana", "n": 3, "ok": True, "list": ["a", "б"]},
                   date=None)
    [row] = parse(export([(doc, highlight(1, 0, 2, (2,)))], ["n", "missing", "outlet", "ok",
                                                                "list"]))
    assert (row["attr:n"], row["attr:missing"], row["attr:outlet"]) == ("3", "", "Fergana")
    assert (row["attr:ok"], row["attr:list"]) == ("true", '["a", "б"]')
    assert row["document_date"] == ""


@pytest.mark.parametrize("bom", [True, False])
def test_byte_order_mark_is_optional(tmp_path: Path, bom: bool) -> None:
    path = tmp_path / "out.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_highlight_rows(out, [(document(), highlight(1, 0, 2, (1,)))], PATHS, [], bom=bom)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    assert raw.removeprefix(b"\xef\xbb\xbf").startswith(b"document_id,")


def test_rows_are_consumed_once_and_streamed() -> None:
    consumed: list[int] = []

    def rows() -> Iterator[tuple[Document, Highlight]]:
        for i in range(1, 1001):
            consumed.append(i)
            yield document(), highlight(i, 0, 2, (1,))

    generator = rows()
    out = io.StringIO(newline="")
    assert write_highlight_rows(out, generator, PATHS, []) == 1000
    assert consumed == list(range(1, 1001))
    assert list(generator) == []  # exhausted: nothing was kept for a second pass


def test_an_unknown_tag_id_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        export([(document(), highlight(1, 0, 2, (99,)))])
