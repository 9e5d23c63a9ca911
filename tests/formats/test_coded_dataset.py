"""Coded-dataset JSON: the writer streams valid files, the reader refuses every bad one."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import tempfile
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import InputFileError
from annotator.domain.model import Document, Highlight, Tag
from annotator.formats.coded_dataset import (
    CodedDataset,
    DatasetAnnotation,
    DatasetDocument,
    DatasetMemo,
    DatasetTag,
    read_coded_dataset,
    schema_text,
    write_coded_dataset,
)

T = TypeVar("T")
EXPORTED_AT = "2026-11-26T16:00:00Z"
TEXT_1 = "Water and labour migration 👍🏽 in Central Asia 🇰🇿.\nسلام שָׁלוֹם 𠀀 e\u0301 👩‍👩‍👧‍👦!"
TEXT_2 = "Security, \"quoted\", and a second line\nwith more."
VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tag(tag_id: int, name: str, parent: int | None = None, guid: str = "") -> Tag:
    return Tag(tag_id, guid or f"t-{tag_id}", name, parent, "#d62728", f"about {name}", tag_id)


def document(doc_id: int, text: str, date: str | None = "2018-02-12T15:32:00",
             attributes: dict[str, Any] | None = None) -> Document:
    return Document(doc_id, f"d-{doc_id}", f"Title {doc_id}", text, date, f"{doc_id:03}.txt",
                    sha(text), attributes if attributes is not None else {}, EXPORTED_AT)


def highlight(h_id: int, doc: Document, start: int, end: int, tag_ids: tuple[int, ...]) -> Highlight:
    return Highlight(h_id, f"h-{h_id}", doc.id, start, end, doc.text[start:end], f"memo {h_id}",
                     "coder", "2026-01-02T03:04:05Z", "2026-01-03T03:04:05Z", tag_ids)


TAGS = [tag(1, "security"), tag(2, "migration"), tag(3, "labour", parent=2)]
DOCS = [document(1, TEXT_1, attributes={"outlet": "Ритм Евразии", "n": 3, "ok": True}),
        document(2, TEXT_2, date=None)]
HIGHLIGHTS = [
    highlight(1, DOCS[0], 0, 5, (1,)),
    highlight(2, DOCS[0], 10, 26, (2, 3)),
    highlight(3, DOCS[0], TEXT_1.index("👩"), len(TEXT_1) - 1, ()),  # no tags: allowed
    highlight(4, DOCS[1], 0, 8, (1,)),
]


def export(tags: Iterable[Tag] = TAGS, docs: Iterable[Document] = DOCS,
           highlights: Iterable[Highlight] = HIGHLIGHTS, include_text: bool = True) -> str:
    out = io.StringIO()
    write_coded_dataset(out, project_name="Central Asia", exported_at=EXPORTED_AT, tags=tags,
                        documents=docs, highlights=highlights, include_text=include_text)
    return out.getvalue()


def expected_dataset(tags: list[Tag], docs: list[Document], highlights: list[Highlight],
                     include_text: bool = True) -> CodedDataset:
    """What reading back an export of these domain records must give."""
    return CodedDataset(
        EXPORTED_AT, "Central Asia",
        tuple(DatasetTag(t.id, t.name, t.parent_id, t.color, t.description, t.guid or None)
              for t in tags),
        tuple(DatasetDocument(d.id, d.title, d.date, d.source, d.attributes, d.sha256,
                              d.text if include_text else None, d.guid or None) for d in docs),
        tuple(DatasetAnnotation(h.id, h.document_id, h.start, h.end, h.quote, h.tag_ids, h.memo,
                                h.coder, h.created_at, h.modified_at or None, h.guid or None)
              for h in highlights),
        # Without memo records, each annotation's memo text is its highlight's memo, by
        # its coder at its times.
        tuple(DatasetMemo(None, "highlight", h.memo, h.coder, h.created_at,
                          h.modified_at or h.created_at, annotation=h.id)
              for h in highlights if h.memo),
    )


def write_file(tmp_path: Path, content: str | bytes, name: str = "dataset.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- the writer ---------------------------------------------------------------------


def test_schema_is_shipped_in_the_package_and_is_a_valid_2020_12_schema() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_export_validates_against_the_schema_and_keeps_unicode_raw() -> None:
    text = export()
    data = json.loads(text)
    assert list(VALIDATOR.iter_errors(data)) == []
    assert data["format"] == "annotator/coded-dataset" and data["version"] == 2
    assert [t["parent"] for t in data["tags"]] == [None, None, 2]
    assert data["annotations"][1]["tags"] == [2, 3]
    assert data["tags"][0]["guid"] == "t-1" and data["annotations"][0]["guid"] == "h-1"
    assert "👩‍👩‍👧‍👦" in text and "\\u" not in text  # ensure_ascii=False


def test_export_puts_one_record_per_line() -> None:
    lines = export().splitlines()
    for record_line in [line for line in lines if line.startswith("    {")]:
        json.loads(record_line.rstrip(","))  # each record line is a whole JSON object
    assert sum(line.startswith("    {") for line in lines) == len(TAGS) + len(DOCS) + len(HIGHLIGHTS)


def test_empty_project_exports_valid_json() -> None:
    data = json.loads(export([], [], []))
    assert data["tags"] == data["documents"] == data["annotations"] == []
    assert list(VALIDATOR.iter_errors(data)) == []


def test_round_trip_gives_the_same_records(tmp_path: Path) -> None:
    dataset = read_coded_dataset(write_file(tmp_path, export()))
    assert dataset == expected_dataset(TAGS, DOCS, HIGHLIGHTS)
    assert dataset.has_text


def test_without_text_leaves_text_out_and_still_validates_and_reads(tmp_path: Path) -> None:
    text = export(include_text=False)
    data = json.loads(text)
    assert all("text" not in d for d in data["documents"])
    assert TEXT_2 not in text
    assert list(VALIDATOR.iter_errors(data)) == []
    dataset = read_coded_dataset(write_file(tmp_path, text))
    assert dataset == expected_dataset(TAGS, DOCS, HIGHLIGHTS, include_text=False)
    assert not dataset.has_text and not dataset.documents[0].has_text


class Once(Iterable[T]):
    """An iterable that fails if iterated twice, and logs when it is started."""

    def __init__(self, name: str, items: Iterable[T], log: list[str]) -> None:
        self.name, self.items, self.log, self.used = name, items, log, False

    def __iter__(self) -> Iterator[T]:
        if self.used:
            raise AssertionError(f"{self.name} iterated twice")
        self.used = True
        self.log.append(self.name)
        return iter(self.items)


def test_writer_consumes_each_iterable_once_in_order() -> None:
    log: list[str] = []
    text = export(Once("tags", TAGS, log), Once("documents", DOCS, log),
                  Once("highlights", HIGHLIGHTS, log))
    assert log == ["tags", "documents", "highlights"]
    assert len(json.loads(text)["annotations"]) == len(HIGHLIGHTS)


def test_writing_200k_highlights_streams_in_little_memory(tmp_path: Path) -> None:
    doc = document(1, "Some text with words in it. " * 10)

    def highlights() -> Iterator[Highlight]:
        for i in range(1, 200_001):
            start = i % 200
            yield highlight(i, doc, start, start + 50, (1 + i % 3,))

    path = tmp_path / "big.json"
    with path.open("w", encoding="utf-8") as out:
        tracemalloc.start()
        try:
            write_coded_dataset(out, project_name="big", exported_at=EXPORTED_AT, tags=TAGS,
                                documents=[doc], highlights=highlights())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB: the writer is not streaming"
    assert path.stat().st_size > 40 * 1024 * 1024  # the output itself is far bigger
    with path.open(encoding="utf-8") as stream:
        assert sum(line.startswith('    {"id"') for line in stream) == 200_000 + 3 + 1


# --- round trip over hostile Unicode --------------------------------------------------

PIECES = ["👩‍👩‍👧‍👦", "🇫🇷", "🇯🇵", "👍🏽", "🧑🏿‍🚀", "e\u0301", "a\u0308\u0323", "漢字", "𠀀𠜎𪚥",
          "مرحبا بالعالم", "שָׁלוֹם", "\u200f", "\u200d", " ", "\n", "\t", '"', "\\", "/"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1,
                 max_size=25).map("".join).filter(bool)
dates = st.sampled_from([None, "2018", "2018-02", "2018-02-12", "2018-02-12T15:32",
                         "2018-02-12T15:32:07.250+05:00", "2020-02-29T00:00:00Z"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), doc_texts=st.lists(texts, min_size=1, max_size=3))
def test_round_trip_is_exact_for_any_text_and_span(data: st.DataObject,
                                                    doc_texts: list[str]) -> None:
    tags = [tag(1, data.draw(texts.filter(lambda s: bool(s.strip())))), tag(2, "child", 1)]
    docs = [Document(i, f"g{i}", data.draw(texts), text, data.draw(dates), data.draw(texts),
                     sha(text), {data.draw(texts): data.draw(texts)}, EXPORTED_AT)
            for i, text in enumerate(doc_texts, start=1)]
    highlights = []
    for h_id in range(1, data.draw(st.integers(1, 6)) + 1):
        doc = data.draw(st.sampled_from(docs))
        start = data.draw(st.integers(0, len(doc.text) - 1))
        end = data.draw(st.integers(start + 1, len(doc.text)))
        tag_ids = tuple(data.draw(st.lists(st.sampled_from([1, 2]), unique=True)))
        highlights.append(highlight(h_id, doc, start, end, tag_ids))
    text = export(tags, docs, highlights)
    assert list(VALIDATOR.iter_errors(json.loads(text))) == []
    with tempfile.TemporaryDirectory() as folder:
        dataset = read_coded_dataset(write_file(Path(folder), text))
    assert dataset == expected_dataset(tags, docs, highlights)
    texts_by_id = {d.id: d.text for d in dataset.documents}
    for annotation in dataset.annotations:
        assert annotation.quote == (texts_by_id[annotation.document] or "")[
            annotation.start:annotation.end]


# --- refusals -----------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    """A mutation setting ``a.b[0].c``-style ``path`` to ``value``."""
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = _steps(path)
        target: Any = data
        for step in parents:
            target = target[step]
        target[last] = value
    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = _steps(path)
        target: Any = data
        for step in parents:
            target = target[step]
        del target[last]
    return mutate


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.replace("]", "").split("."):
        name, *indices = part.split("[")
        steps += [name, *map(int, indices)]
    return steps


def _no_text(data: dict[str, Any]) -> None:
    for doc in data["documents"]:
        del doc["text"]


def _then(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)
    return mutate


# (mutation, expected message part, whether the JSON Schema refuses it too)
REFUSALS: list[tuple[str, Mutation, str, bool]] = [
    ("format", _set("format", "other/thing"), 'not an Annotator coded dataset', True),
    ("no format", _delete("format"), "not an Annotator coded dataset", True),
    ("newer", _set("version", 3), "version 3 is newer than this Annotator supports", True),
    ("version 0", _set("version", 0), "version: expected one of 1, 2, found 0", True),
    ("version str", _set("version", "1"), "version: expected an integer, found a string", True),
    ("missing", _delete("annotations"), "missing field 'annotations'", True),
    ("extra top", _set("comment", "x"), "unexpected field 'comment'", True),
    ("exported_at", _set("exported_at", "yesterday"),
     "exported_at: 'yesterday' is not an ISO 8601 date-time", True),
    ("project", _set("project", "x"), "project: expected an object, found a string", True),
    ("project name", _set("project.name", 5), "project.name: expected a string, found 5", True),
    ("tags list", _set("tags", {}), "tags: expected a list, found an object", True),
    ("tag not object", _set("tags[1]", 7), "tags[1]: expected an object, found 7", True),
    ("tag color missing", _delete("tags[0].color"), "tags[0]: missing field 'color'", True),
    ("tag id string", _set("tags[1].id", "2"), "tags[1].id: expected an integer, found a string",
     True),
    # JSON Schema counts 2.0 as an integer; the reader, stricter, wants the literal 2.
    ("tag id float", _set("tags[1].id", 2.0), "tags[1].id: expected an integer, found 2.0", False),
    ("tag id bool", _set("tags[0].id", True), "tags[0].id: expected an integer, found true", True),
    ("dup tag id", _set("tags[1].id", 1), "tags[1].id: id 1 is already used by tags[0]", False),
    ("blank name", _set("tags[0].name", "  "), "tags[0].name: a tag name cannot be empty", True),
    ("color", _set("tags[0].color", "red"), "tags[0].color: 'red' is not a #rrggbb colour", True),
    ("parent type", _set("tags[2].parent", "2"), "tags[2].parent: expected a tag id or null", True),
    ("unknown parent", _set("tags[2].parent", 9), "tags[2].parent: unknown tag id 9", False),
    ("self parent", _set("tags[0].parent", 1), "tags[0].parent: tag 1 is its own ancestor (1 → 1)",
     False),
    ("cycle", _set("tags[1].parent", 3), "tags[1].parent: tag 2 is its own ancestor (2 → 3 → 2)",
     False),
    ("sibling names", _set("tags[1].name", "security"),
     "tags[1].name: 'security' is already the name of tags[0] under the same parent", False),
    ("extra tag field", _set("tags[0].colour", "#ffffff"), "tags[0]: unexpected field 'colour'",
     True),
    ("empty guid", _set("tags[0].guid", ""), "tags[0].guid: empty", True),
    ("dup doc id", _set("documents[1].id", 1), "documents[1].id: id 1 is already used by "
     "documents[0]", False),
    ("date form", _set("documents[0].date", "12.02.2018"),
     "documents[0].date: '12.02.2018' is not an ISO 8601 date", True),
    ("date month", _set("documents[0].date", "2018-13"), "is not an ISO 8601 date", True),
    ("date day", _set("documents[0].date", "2018-02-30"),
     "documents[0].date: '2018-02-30' is not a day of the calendar", False),
    ("date type", _set("documents[0].date", 2018),
     "documents[0].date: expected a string or null, found 2018", True),
    ("attributes", _set("documents[0].attributes", []),
     "documents[0].attributes: expected an object, found a list", True),
    ("sha256", _set("documents[0].sha256", "AB" * 32), "documents[0].sha256: expected 64", True),
    ("text null", _set("documents[0].text", None),
     "documents[0].text: expected a string, found null", True),
    ("dup annotation id", _set("annotations[2].id", 2),
     "annotations[2].id: id 2 is already used by annotations[1]", False),
    ("unknown document", _set("annotations[0].document", 99),
     "annotations[0].document: unknown document id 99", False),
    ("unknown tag", _set("annotations[1].tags[1]", 99), "annotations[1].tags[1]: unknown tag id 99",
     False),
    ("tag twice", _set("annotations[1].tags", [2, 2]),
     "annotations[1].tags[1]: tag id 2 is listed twice", True),
    ("tag id bool", _set("annotations[0].tags", [True]),
     "annotations[0].tags[0]: expected a tag id, found true", True),
    ("start float", _set("annotations[0].start", 0.0),
     "annotations[0].start: expected an integer, found 0.0", False),
    ("start fraction", _set("annotations[0].start", 0.5),
     "annotations[0].start: expected an integer, found 0.5", True),
    ("start bool", _set("annotations[0].start", False),
     "annotations[0].start: expected an integer, found false", True),
    ("start negative", _set("annotations[0].start", -1), "annotations[0].start: -1 is below 0",
     True),
    ("end beyond text", _set("annotations[3].end", len(TEXT_2) + 5),
     f"annotations[3]: span 0..{len(TEXT_2) + 5} does not fit a text of {len(TEXT_2)} characters",
     False),
    ("reversed", _set("annotations[0].end", 0), "annotations[0]: span 0..0 does not fit", True),
    ("quote", _set("annotations[0].quote", "Wider"),
     "annotations[0]: quote does not match the document text at 0..5", False),
    ("quote without text", _then(_no_text, _set("annotations[0].quote", "Wat")),
     "annotations[0]: quote has 3 characters but the span 0..5 covers 5", False),
    ("reversed without text", _then(_no_text, _set("annotations[0].start", 7)),
     "annotations[0]: span 7..5 is empty", False),
    ("created_at", _set("annotations[0].created_at", "2026-02-30T00:00:00Z"),
     "annotations[0].created_at: '2026-02-30' is not a day of the calendar", False),
    ("modified_at", _set("annotations[0].modified_at", None),
     "annotations[0].modified_at: expected a string, found null", True),
    ("memo missing", _delete("annotations[0].memo"), "annotations[0]: missing field 'memo'", True),
    ("extra annotation field", _set("annotations[0].colour", 1),
     "annotations[0]: unexpected field 'colour'", True),
]


@pytest.mark.parametrize(("mutate", "expected", "schema_refuses"),
                         [case[1:] for case in REFUSALS], ids=[case[0] for case in REFUSALS])
def test_bad_content_is_refused_naming_the_file_and_the_field(
    tmp_path: Path, mutate: Mutation, expected: str, schema_refuses: bool
) -> None:
    data = copy.deepcopy(json.loads(export()))
    mutate(data)
    path = write_file(tmp_path, json.dumps(data, ensure_ascii=False))
    with pytest.raises(InputFileError) as caught:
        read_coded_dataset(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in caught.value.reason
    # The shipped schema agrees wherever JSON Schema can express the rule.
    assert (not VALIDATOR.is_valid(data)) == schema_refuses


def test_the_first_problem_in_file_order_is_reported(tmp_path: Path) -> None:
    data = json.loads(export())
    data["annotations"][0]["document"] = 99
    data["annotations"][2]["start"] = "x"
    data["tags"][2]["parent"] = 42
    path = write_file(tmp_path, json.dumps(data))
    with pytest.raises(InputFileError, match=r"tags\[2\]\.parent: unknown tag id 42"):
        read_coded_dataset(path)


def test_untagged_annotations_and_textless_documents_are_accepted(tmp_path: Path) -> None:
    dataset = read_coded_dataset(write_file(tmp_path, export(include_text=False)))
    assert dataset.annotations[2].tags == ()
    assert [d.text for d in dataset.documents] == [None, None]


FILE_REFUSALS: list[tuple[str, bytes, str]] = [
    ("empty", b"", "the file is empty"),
    ("white space", b" \n\t ", "the file is empty"),
    ("latin-1", '{"format": "café"}'.encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 15)"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
    ("truncated", export().encode()[:200], "not valid JSON: "),
    ("not json", b"format: annotator", "not valid JSON: Expecting value at line 1, column 1"),
    ("NaN", b'{"version": NaN}', "not valid JSON: NaN is not a number JSON allows"),
    ("Infinity", b'{"version": -Infinity}', "-Infinity is not a number JSON allows"),
    ("deep", b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    ("huge int", b'{"version": ' + b"9" * 5000 + b"}", "a number has too many digits"),
    ("dup key", b'{"format": "x", "format": "annotator/coded-dataset"}',
     "the key 'format' appears twice in one object"),
    ("list", b"[1, 2]", "the top level: expected an object, found a list"),
    ("string", b'"annotator/coded-dataset"', "expected an object, found a string"),
]


@pytest.mark.parametrize(("content", "expected"), [c[1:] for c in FILE_REFUSALS],
                         ids=[c[0] for c in FILE_REFUSALS])
def test_hostile_files_are_refused_with_a_message(tmp_path: Path, content: bytes,
                                                  expected: str) -> None:
    path = write_file(tmp_path, content)
    with pytest.raises(InputFileError) as caught:
        read_coded_dataset(path)
    assert str(caught.value) == f"{path}: {caught.value.reason}"
    assert expected in caught.value.reason


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write_file(tmp_path, b"\xef\xbb\xbf" + export().encode("utf-8"))
    assert read_coded_dataset(path) == expected_dataset(TAGS, DOCS, HIGHLIGHTS)


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write_file(tmp_path, b"{" * 5000)  # would be "not valid JSON" if parsed
    with pytest.raises(InputFileError, match=r"the file is 4\.9 kB, more than the 4\.0 kB"):
        read_coded_dataset(path, max_bytes=4096)
    assert read_coded_dataset(write_file(tmp_path, export(), "ok.json"), max_bytes=10**6).tags


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_unreadable_paths_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(InputFileError, match=r"cannot be read: (no such file|is a directory)"):
        read_coded_dataset(path)
