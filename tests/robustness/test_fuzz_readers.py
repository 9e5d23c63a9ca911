"""Fuzzing every reader: valid files of each format, mutated at random (bytes flipped,
cut, inserted, duplicated). Each mutant must end in a document or one clean refusal
(``InputFileError``), within a time and memory bound; nothing else may escape."""

from __future__ import annotations

import hashlib
import json
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import InputFileError
from annotator.domain.model import Document, Highlight, Tag
from annotator.formats.coded_dataset import read_coded_dataset, write_coded_dataset
from annotator.formats.readers import read_document
from annotator.formats.refi_qda_reader import read_project
from annotator.formats.survey_reader import read_survey
from make_documents import make_docx, make_odt, make_pdf, make_xlsx

TEXT = "Water security 👩‍👩‍👧 and labour migration in Central Asia. Безопасность."
SECONDS = 10.0
PEAK_MB = 200


def _seed_files(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    files[".docx"] = make_docx(folder / "a.docx", [TEXT, "Second paragraph."]).read_bytes()
    files[".odt"] = make_odt(folder / "a.odt", "Heading", [TEXT]).read_bytes()
    files[".xlsx"] = make_xlsx(folder / "a.xlsx", [["id", "answer"], ["r1", TEXT]]).read_bytes()
    files[".pdf"] = make_pdf([["Water security and labour migration."], ["Page two"]])
    files[".html"] = f"<html><head><title>T</title></head><body><p>{TEXT}</p></body></html>".encode()
    files[".rtf"] = b"{\\rtf1\\ansi\\ansicpg1252 Hello \\'e9t\\'e9 water\\par}"
    files[".csv"] = f"id,answer\nr1,\"{TEXT}\"\n".encode()
    files[".txt"] = TEXT.encode("utf-16")
    with (folder / "d.json").open("w", encoding="utf-8") as out:
        doc = Document(1, "g", "T", TEXT, None, "s", hashlib.sha256(TEXT.encode()).hexdigest(),
                       {}, "2026-01-01T00:00:00Z")
        write_coded_dataset(
            out, project_name="p", exported_at="2026-01-01T00:00:00Z",
            tags=[Tag(1, "g1", "water", None, "#112233", "", 0)], documents=[doc],
            highlights=[Highlight(1, "g2", 1, 0, 5, "Water", "", "c", "2026-01-01T00:00:00Z",
                                  "2026-01-01T00:00:00Z", (1,))],
        )
    files[".json"] = (folder / "d.json").read_bytes()
    from annotator.domain.model import NewDocument
    from annotator.services import Project
    from annotator.services.refi_qda import export_qdpx

    with Project.in_memory() as project:
        doc_id = project.documents.add(NewDocument("T", TEXT)).document_id
        tag, _ = project.tags.create("water")
        project.highlights.create(doc_id, 0, 5, [tag], memo="m")
        export_qdpx(project, folder / "p.qdpx")
    files[".qdpx"] = (folder / "p.qdpx").read_bytes()
    return files


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _seed_files(tmp_path_factory.mktemp("seeds"))


def _read(path: Path) -> object:
    suffix = path.suffix
    if suffix == ".json":
        return read_coded_dataset(path)
    if suffix in (".csv", ".xlsx"):
        return read_survey(path)
    if suffix == ".qdpx":
        return read_project(path)
    return read_document(path)


mutation = st.tuples(st.sampled_from(["flip", "cut", "insert", "repeat"]),
                     st.floats(0, 1), st.binary(min_size=1, max_size=64))


def _mutate(data: bytes, steps: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, chunk in steps:
        at = int(where * len(data))
        if kind == "flip":
            data = data[:at] + chunk + data[at + len(chunk):]
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + chunk + data[at:]
        else:
            data = data[:at] + data[at:at + 512] * 4 + data[at:]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([".docx", ".odt", ".xlsx", ".pdf", ".html", ".rtf", ".csv", ".txt", ".json",
                        ".qdpx"]),
       st.lists(mutation, min_size=1, max_size=4))
def test_mutated_files_end_in_a_document_or_a_clean_refusal(tmp_path: Path, seeds, suffix, steps) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"mutant{suffix}"
    path.write_bytes(_mutate(seeds[suffix], steps))
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = _read(path)
    except InputFileError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
        result = None
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.monotonic() - started < SECONDS
    assert peak < PEAK_MB * 1_000_000
    if result is not None and hasattr(result, "text"):
        assert isinstance(result.text, str) and result.text.strip()


def test_the_seeds_themselves_are_readable(seeds, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for suffix, data in seeds.items():
        path = tmp_path / f"seed{suffix}"
        path.write_bytes(data)
        result = _read(path)
        assert result is not None, suffix
    assert json.loads(seeds[".json"])["format"] == "annotator/coded-dataset"
