"""``annotator import NEW.annotator ...`` creates the project only if something was imported.

No file at all may appear (no ``NEW.annotator``, ``-wal``, ``-shm`` nor hidden
``.NEW.annotator.*`` leftovers) when every path is bad or missing; the messages and the
exit status are those of an import into an existing project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import annotator.services.importing as importing
from annotator.cli import main
from annotator.services import Project
from helpers import SEED

GOOD_TEXT = "A good file\n\nwith some text in it."


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder of input files, apart from the folder where projects are created."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "truncated.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "broken.json").write_text('{"format": "annotator/coded-dataset", "version": 1',
                                        encoding="utf-8")
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def projects(tmp_path: Path) -> Path:
    folder = tmp_path / "projects"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("bad", ["empty.txt", "blob.txt", "truncated.docx", "broken.json"])
def test_a_bad_file_creates_no_project(
    inputs: Path, projects: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    new = projects / "new.annotator"
    code, out, err = run(capsys, "import", new, inputs / bad)
    assert code == 1
    assert out == "Imported 0 documents, 0 duplicates, 1 failed, 0 skipped.\n"
    assert err.startswith(f"failed: {inputs / bad}: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert listing(projects) == set()
    # The same messages as for an existing project.
    existing = projects / "existing.annotator"
    Project.open(existing).close()
    assert run(capsys, "import", existing, inputs / bad) == (code, out, err)


def test_only_missing_paths_create_no_project(
    projects: Path, inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = projects / "new.annotator"
    absent = inputs / "absent.txt"
    code, out, err = run(capsys, "import", new, absent, inputs / "nowhere")
    assert code == 1
    assert out == "Imported 0 documents, 0 duplicates, 0 failed, 0 skipped.\n"
    assert err == (f"annotator: {absent}: no such file or folder\n"
                   f"annotator: {inputs / 'nowhere'}: no such file or folder\n")
    assert listing(projects) == set()


def test_a_folder_of_nothing_importable_creates_no_project(
    projects: Path, inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (inputs / "good.txt").unlink()
    code, out, _ = run(capsys, "import", projects / "new.annotator", inputs)
    assert code == 1 and out.startswith("Imported 0 documents, 0 duplicates, 4 failed")
    assert listing(projects) == set()


def test_bad_and_good_files_create_the_project_with_the_good_ones(
    inputs: Path, projects: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = projects / "new.annotator"
    code, out, err = run(capsys, "import", new, inputs / "empty.txt", inputs / "good.txt",
                         inputs / "absent.txt", inputs / "blob.txt")
    assert code == 1
    assert out == "Imported 1 document, 0 duplicates, 2 failed, 0 skipped.\n"
    assert err.count("\n") == 3 and "Traceback" not in err
    assert listing(projects) == {"new.annotator"}  # no -wal, -shm or hidden leftovers
    with Project.open(new, create=False) as project:
        [document_id] = project.documents.ids()
        document = project.documents.get(document_id)
        assert project.name == "new"  # named after its final path, not the hidden one
    assert (document.text, document.source) == (GOOD_TEXT, "good.txt")


def test_a_merged_coded_dataset_creates_the_project(
    projects: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = projects / "source.annotator"
    run(capsys, "import", source, SEED)
    run(capsys, "autocode", source, "--tag", "water", "--phrase", "water")
    dataset = tmp_path / "dataset.json"
    run(capsys, "export", source, dataset)
    code, out, _ = run(capsys, "import", projects / "copy.annotator", dataset)
    assert code == 0 and out.startswith("Merged dataset.json: 1 document, 1 tag,")
    with Project.open(projects / "copy.annotator", create=False) as project:
        assert [t.name for t in project.tags.all()] == ["water"]


def test_a_failed_import_leaves_an_existing_project_untouched(
    inputs: Path, projects: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = projects / "existing.annotator"
    assert run(capsys, "import", existing, inputs / "good.txt")[0] == 0
    before = existing.read_bytes()
    code, out, _ = run(capsys, "import", existing, inputs / "empty.txt", inputs / "blob.txt",
                       inputs / "broken.json", inputs / "absent.txt")
    assert code == 1 and out.startswith("Imported 0 documents, 0 duplicates, 3 failed")
    assert existing.read_bytes() == before
    assert listing(projects) == {"existing.annotator"}


def test_a_project_created_meanwhile_by_another_program_is_kept_and_imported_into(
    inputs: Path, projects: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new = projects / "new.annotator"
    real_import = importing.import_paths
    calls: list[str] = []

    def import_while_another_program_creates_it(project: Project, *args: object,
                                                **kwargs: object) -> object:
        calls.append(Path(project.path).name)
        if not new.exists():
            with Project.open(new) as theirs:
                theirs.set_name("theirs")
        return real_import(project, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "import_paths", import_while_another_program_creates_it)
    code, out, err = run(capsys, "import", new, inputs / "good.txt")
    assert code == 0
    assert out == "Imported 1 document, 0 duplicates, 0 failed, 0 skipped.\n"
    assert err == (f"annotator: warning: {new}: another program created this project during "
                   "the import; importing into it instead\n")
    assert calls[0].startswith(".new.annotator.importing-") and calls[1:] == ["new.annotator"]
    assert listing(projects) == {"new.annotator"}
    with Project.open(new, create=False) as theirs:
        assert (theirs.name, theirs.documents.count()) == ("theirs", 1)


def test_a_file_not_a_project_created_meanwhile_is_kept_and_refused(
    inputs: Path, projects: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new = projects / "new.annotator"
    real_import = importing.import_paths

    def import_while_another_program_writes_there(*args: object, **kwargs: object) -> object:
        if not new.exists():
            new.write_text("someone's notes", encoding="utf-8")
        return real_import(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "import_paths", import_while_another_program_writes_there)
    code, out, err = run(capsys, "import", new, inputs / "good.txt")
    assert code == 1 and out == ""
    assert err.endswith(f"annotator: {new}: not an Annotator project (the file is not an "
                        "SQLite database)\n") and err.count("\n") == 2
    assert new.read_text(encoding="utf-8") == "someone's notes"
    assert listing(projects) == {"new.annotator"}


def test_an_interrupted_import_into_a_new_project_leaves_nothing(
    inputs: Path, projects: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*args: object, **kwargs: object) -> object:
        assert len(listing(projects)) >= 1  # the hidden project being built
        assert all(name.startswith(".new.annotator.importing-") for name in listing(projects))
        raise KeyboardInterrupt

    monkeypatch.setattr(importing, "import_paths", interrupted)
    code, _, err = run(capsys, "import", projects / "new.annotator", inputs / "good.txt")
    assert (code, err) == (130, "annotator: interrupted\n")
    assert listing(projects) == set()
