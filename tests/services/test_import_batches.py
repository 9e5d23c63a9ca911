"""Plain documents are imported in batches: read first, then written by one add_many.

The batch must behave exactly as adding the files one after another would: the same ids,
the same duplicates, a bad file affecting no other, the report in file order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import UserError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.importing import import_paths


def write(folder: Path, texts: dict[str, str | bytes]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)


def test_copies_inside_one_batch_point_at_the_first_of_them(tmp_path: Path) -> None:
    write(tmp_path / "in", {"a.txt": "Alpha\nsame body", "b.txt": "Beta\nother",
                            "c.txt": "Alpha\nsame body", "d.txt": "Alpha\nsame body"})
    with Project.in_memory() as project:
        report = import_paths(project, [tmp_path / "in"])
        imported = {p.name: i for p, i in report.imported}
        assert list(imported) == ["a.txt", "b.txt"]
        assert report.duplicates == [(tmp_path / "in" / "c.txt", imported["a.txt"]),
                                     (tmp_path / "in" / "d.txt", imported["a.txt"])]
        assert project.documents.count() == 2
        assert report.changes.documents.created == frozenset(imported.values())


def test_a_copy_of_an_existing_document_points_at_the_oldest(tmp_path: Path) -> None:
    write(tmp_path / "in", {"new.txt": "Fresh\ntext", "old.txt": "Kept\nbefore"})
    with Project.in_memory() as project:
        first = project.documents.add(NewDocument("Kept", "Kept\nbefore")).document_id
        project.documents.add(NewDocument("Kept", "Kept\nbefore", source="elsewhere"))
        report = import_paths(project, [tmp_path / "in"])
        assert report.duplicates == [(tmp_path / "in" / "old.txt", first)]
        assert [p.name for p, _ in report.imported] == ["new.txt"]
        assert report.changes.documents.created == {report.imported[0][1]}


def test_a_bad_file_in_the_middle_leaves_the_rest_imported_in_order(tmp_path: Path) -> None:
    names = [f"{i:02d}.txt" for i in range(9)]
    texts: dict[str, str | bytes] = {n: f"Title {n}\nbody of {n} with salamander" for n in names}
    texts["04.txt"] = b"%PDF-1.4 not text"
    texts["06.txt"] = b""
    write(tmp_path / "in", texts)
    with Project.in_memory() as project:
        report = import_paths(project, [tmp_path / "in"])
        good = [n for n in names if n not in ("04.txt", "06.txt")]
        assert [p.name for p, _ in report.imported] == good
        assert [p.name for p, _ in report.failed] == ["04.txt", "06.txt"]
        assert "a PDF file, not plain text" in report.failed[0][1]
        ids = [i for _, i in report.imported]
        assert ids == sorted(ids) and project.documents.count() == len(good)
        # The full-text index holds every new document, and each id has its own file.
        assert sorted(project.documents.search("salamander")) == ids
        assert [project.documents.get(i).source for i in ids] == good
        assert project.store.integrity_ok()


def test_batches_give_what_adding_one_by_one_gives(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.formats.readers import read_document
    from annotator.services import importing

    monkeypatch.setattr(importing, "BATCH_FILES", 4)
    texts: dict[str, str | bytes] = {f"{i:02d}.txt": f"Doc {i % 7}\n{'x' * (i % 7)}"
                                     for i in range(20)}
    texts["03.txt"] = b"\x00\x01\x02\x03\x04\x05"
    write(tmp_path / "in", texts)
    files = sorted((tmp_path / "in").iterdir())
    with Project.in_memory() as batched, Project.in_memory() as single:
        report = import_paths(batched, [tmp_path / "in"])
        expected_imported, expected_duplicates = [], []
        for path in files:
            try:
                added = single.documents.add(read_document(path))
            except UserError:
                continue
            target = expected_duplicates if added.duplicate else expected_imported
            target.append((path, added.document_id))
        assert report.imported == expected_imported and len(expected_imported) == 7
        assert report.duplicates == expected_duplicates
        assert [d.title for d in batched.store.documents.iterate()] == [
            d.title for d in single.store.documents.iterate()]


@pytest.mark.parametrize("read_ahead", [1, 10**9])
def test_reading_ahead_or_not_gives_the_same_report(tmp_path: Path, read_ahead: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services import importing

    monkeypatch.setattr(importing, "BATCH_FILES", 7)
    monkeypatch.setattr(importing, "READ_AHEAD_FILES", read_ahead)
    monkeypatch.setattr(importing, "MIN_BATCH_FILES", 2)  # write early when none is ready
    texts: dict[str, str | bytes] = {f"{i:02d}.txt": f"Doc {i % 9}\nbody" for i in range(40)}
    texts["05.txt"] = b"\xff\xd8\xff a JPEG"
    texts["21.txt"] = b""
    write(tmp_path / "in", texts)
    survey = tmp_path / "in" / "30.csv"
    survey.write_text("id,answer\n1,a survey row\n", encoding="utf-8")
    seen: list[int] = []
    with Project.in_memory() as project:
        report = import_paths(project, [tmp_path / "in"], folder_surveys=[survey],
                              progress=lambda i, n, p: seen.append(i) or True)
        assert seen == list(range(41))
        assert [p.name for p, _ in report.failed] == ["05.txt", "21.txt"]
        assert len(report.imported) == 9 + 1 and len(report.duplicates) == 41 - 2 - 10
        imported = [p.name for p, _ in report.imported]
        assert imported == sorted(imported) and "30.csv" in imported
        names = [p.name for p, _ in report.imported + report.duplicates + report.failed]
        assert sorted(names) == sorted(p.name for p in (tmp_path / "in").iterdir())
        assert project.documents.count() == 10
    with Project.in_memory() as project:
        cancelled = import_paths(project, [tmp_path / "in"], progress=lambda i, n, p: i < 17)
        handled = cancelled.imported + cancelled.duplicates + cancelled.failed
        assert cancelled.cancelled and sorted(p.name for p, _ in handled) == [
            f"{i:02d}.txt" for i in range(17)]
        assert project.documents.count() == len(cancelled.imported) == 9


def test_add_many_adds_prepared_documents_in_order(project: Project) -> None:
    from annotator.services.documents import prepare_document, text_sha256

    with pytest.raises(UserError, match="holds no text"):
        prepare_document(NewDocument("Blank", " \n\t "))
    prepared = [prepare_document(NewDocument("One", "first text")),
                prepare_document(NewDocument("  ", "second text\r\nwith a CR")),
                prepare_document(NewDocument("Again", "first text"))]
    assert prepared[1].document.text == "second text\nwith a CR"
    assert prepared[1].sha256 == text_sha256("second text\nwith a CR")
    assert prepared[1].utf8 == b"second text\nwith a CR"
    first, second, again = project.documents.add_many(prepared)
    assert (first.duplicate, second.duplicate, again.duplicate) == (False, False, True)
    assert second.document_id == first.document_id + 1
    assert again.document_id == first.document_id and not again.changes
    assert first.changes.documents.created == {first.document_id}
    stored = project.documents.get(second.document_id)
    assert (stored.title, stored.text) == ("Untitled", "second text\nwith a CR")
    assert stored.guid == prepared[1].guid
    assert project.documents.summaries([second.document_id])[0].length == 21
    assert project.documents.count() == 2
    # Adding the same again finds the stored ones, and the one-by-one add agrees.
    assert [a.document_id for a in project.documents.add_many(prepared)] == [
        first.document_id, second.document_id, first.document_id]
    assert project.documents.add(NewDocument("x", "first text")).document_id == first.document_id


def test_add_many_keeps_every_field_and_character(project: Project) -> None:
    from annotator.services.documents import prepare_document, text_sha256

    texts = ["Ünïcödé — 𝔘𝔫𝔦 and 中文 and emoji 🙂\nline", "'quotes\" and \\ backslash",
             "x" * 70_000]
    news = [NewDocument(f"Title {i} «ü»", text, f"2020-01-0{i + 1}", f"s{i}.txt",
                        {"k": "v ü", "n": i} if i else {})
            for i, text in enumerate(texts)]
    added = project.documents.add_many([prepare_document(n) for n in news])
    for new, result in zip(news, added, strict=True):
        stored = project.documents.get(result.document_id)
        assert (stored.title, stored.text, stored.date, stored.source, stored.attributes) == (
            new.title, new.text, new.date, new.source, new.attributes)
        assert project.documents.summaries([stored.id])[0].length == len(new.text)
        assert stored.sha256 == text_sha256(new.text) and len(stored.guid) == 36
    assert project.documents.search("emoji") == [added[0].document_id]
    assert project.store.integrity_ok()


def test_add_many_of_nothing_writes_nothing(project: Project) -> None:
    assert project.documents.add_many([]) == []
    assert project.documents.count() == 0


def test_a_folder_is_collected_in_sorted_path_order(tmp_path: Path) -> None:
    import os

    from annotator.services.importing import ImportReport, collect_files

    root = tmp_path / "root"
    for name in ("a/x.txt", "a.b/y.md", "a b/z.txt", "A/Q.txt", ".hid/h.txt", "b/.h.txt",
                 "sub/deep/er/1.txt", "sub-1/k.TXT", "sub_2/u.bin", "b.txt", "B.txt",
                 "a.txt", "a b.txt", "é.txt", "0.txt", "target/t.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("text", encoding="utf-8")
    os.symlink(root / "target", root / "linked")
    os.symlink(root / "b.txt", root / "c-link.txt")
    os.symlink(root / "missing.txt", root / "d-broken.txt")
    report = ImportReport()
    files = collect_files([root], report)
    expected = [
        p for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    assert sorted(files + [p for p, _ in report.skipped]) == expected and len(expected) == 15
    assert files == [p for p in expected if p.suffix != ".bin"]
    assert [p.name for p, _ in report.skipped] == ["u.bin"]
    assert root / "c-link.txt" in files and root / "linked" / "t.txt" not in files


def test_a_reader_s_document_prepares_the_same_trusted_or_not(tmp_path: Path) -> None:
    from annotator.formats.readers import read_document
    from annotator.services.documents import prepare_document

    path = tmp_path / "crlf.txt"
    path.write_bytes("Title\r\nbody\u0085with a NEL\r\x07bell\r\n".encode())
    document = read_document(path)
    trusted, checked = prepare_document(document, normalized=True), prepare_document(document)
    assert (trusted.document, trusted.sha256, trusted.utf8) == (
        checked.document, checked.sha256, checked.utf8)
    assert trusted.guid != checked.guid  # each preparation is a possible new document
    assert prepare_document(document).document.text == "Title\nbody\nwith a NEL\nbell\n"


def test_a_run_that_fits_one_batch_is_one_transaction(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Read ahead or not, a run of at most BATCH_FILES documents commits once (another
    process's write lands before or after all of it); a longer one may write early."""
    from annotator.services import importing
    from annotator.services.documents import DocumentService

    monkeypatch.setattr(importing, "READ_AHEAD_FILES", 1)
    monkeypatch.setattr(importing, "MIN_BATCH_FILES", 1)
    calls: list[int] = []
    add_many = DocumentService.add_many
    monkeypatch.setattr(DocumentService, "add_many",
                        lambda self, prepared: calls.append(len(prepared)) or add_many(self, prepared))
    write(tmp_path / "in", {f"{i:03d}.txt": f"Document {i}\nbody" for i in range(120)})
    with Project.in_memory() as project:
        assert len(import_paths(project, [tmp_path / "in"]).imported) == 120
    assert calls == [120]
    monkeypatch.setattr(importing, "BATCH_FILES", 100)
    calls.clear()
    with Project.in_memory() as project:
        assert len(import_paths(project, [tmp_path / "in"]).imported) == 120
    assert sum(calls) == 120 and len(calls) >= 2 and max(calls) <= 100
