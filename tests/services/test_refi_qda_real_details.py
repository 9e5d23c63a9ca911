"""REFI-QDA details met on real files (NVivo, ATLAS.ti and the shared examples): code
names with "/", nameless sources, folders (isCodable="false"), indented descriptions, the
project description and cases, and the import headline. Every expectation is counted from
the XML here with xml.etree, never taken from the importer."""

from __future__ import annotations

import re
import textwrap
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from annotator.cli import main
from annotator.domain.errors import UserError
from annotator.services import Project
from annotator.services.refi_qda import export_qdpx, import_refi
from helpers import SHARED

REFI = SHARED / "refi-qda"
NVIVO = REFI / "samples" / "nvivo-win-12.6__oltas0517.qdpx"
ATLAS = REFI / "samples" / "atlasti-mac-8.4__refi-spec-example__Project.qde"
NS = "{urn:QDA-XML:project:1.0}"


def qde_root(path: Path) -> ElementTree.Element:
    if path.suffix == ".qde":
        return ElementTree.parse(path).getroot()
    with zipfile.ZipFile(path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".qde")]
        return ElementTree.fromstring(archive.read(name))


def code_paths(root: ElementTree.Element) -> dict[tuple[str, ...], ElementTree.Element]:
    found: dict[tuple[str, ...], ElementTree.Element] = {}

    def walk(element: ElementTree.Element, prefix: tuple[str, ...]) -> None:
        for code in element.findall(f"{NS}Code"):
            path = (*prefix, " ".join(code.get("name", "").split()))
            found[path] = code
            walk(code, path)

    walk(root.find(f"{NS}CodeBook/{NS}Codes"), ())  # type: ignore[arg-type]
    return found


def rewritten(source: Path, out: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the real .qdpx ``source`` with its project.qde changed by ``change``
    (which gets the root and may return extra (old name, new name) renames of entries)."""
    ElementTree.register_namespace("", NS[1:-1])
    with zipfile.ZipFile(source) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
        renames = dict(change(root) or {})
        with zipfile.ZipFile(out, "w") as copy:
            for name in archive.namelist():
                data = (ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
                        if name == "project.qde" else archive.read(name))
                copy.writestr(renames.get(name, name), data)
    return out


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_headline_counts_what_the_nvivo_project_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = qde_root(NVIVO)
    sources = len(root.findall(f"{NS}Sources/{NS}TextSource"))
    coded = sum(1 for s in root.iter(f"{NS}PlainTextSelection") if s.find(f"{NS}Coding") is not None)
    codes = len(list(root.iter(f"{NS}Code")))
    code, out, _ = run(capsys, "import", tmp_path / "p.annotator", NVIVO)
    assert code == 0
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    by_coder = Counter(users[s.get("creatingUser")] for s in root.iter(f"{NS}PlainTextSelection")
                       if s.find(f"{NS}Coding") is not None)
    coders = ", ".join(f"{name} {n}" for name, n in sorted(by_coder.items(),
                                                          key=lambda item: item[0].casefold()))
    assert out.splitlines()[0] == (
        f"Merged {NVIVO.name}: {sources} documents, {codes} tags, {coded} highlights "
        f"({coders}).")
    code, out, _ = run(capsys, "import", tmp_path / "p.annotator", NVIVO)
    assert out.splitlines()[0] == (
        f"Merged {NVIVO.name}: nothing new; {sources} documents, {codes} tags, {coded} "
        "highlights already present.")


def test_nvivo_folders_stay_folders_through_import_and_export(
    project: Project, tmp_path: Path
) -> None:
    folders = {path for path, code in code_paths(qde_root(NVIVO)).items()
               if code.get("isCodable") == "false"}
    assert folders  # the sample has one
    import_refi(project, NVIVO)
    paths = project.tags.paths()
    assert {paths[t.id] for t in project.tags.all() if not t.codable} == folders
    export_qdpx(project, tmp_path / "out.qdpx")
    exported = code_paths(qde_root(tmp_path / "out.qdpx"))
    assert {p for p, c in exported.items() if c.get("isCodable") == "false"} == folders
    assert {p for p, c in exported.items() if c.get("isCodable") == "true"} == (
        set(exported) - folders)
    folder = next(t.id for t in project.tags.all() if not t.codable)
    document = project.documents.ids()[0]
    with pytest.raises(UserError, match="folder"):
        project.highlights.create(document, 0, 5, [folder])


def test_a_slash_in_a_code_name_is_kept_both_ways(project: Project, tmp_path: Path) -> None:
    renamed: list[str] = []

    def slash(root: ElementTree.Element) -> None:
        code = next(c for c in root.iter(f"{NS}Code") if c.find(f"{NS}Code") is None)
        code.set("name", code.get("name", "") + " / pro/contra")
        renamed.append(code.get("name", ""))

    variant = rewritten(NVIVO, tmp_path / "slash.qdpx", slash)
    import_refi(project, variant)
    names = {t.name for t in project.tags.all()}
    assert " ".join(renamed[0].split()) in names
    assert not any("∕" in name for name in names)
    export_qdpx(project, tmp_path / "out.qdpx")
    exported = {c.get("name") for c in qde_root(tmp_path / "out.qdpx").iter(f"{NS}Code")}
    assert " ".join(renamed[0].split()) in exported
    with Project.in_memory() as again:  # merging the export back matches every code
        import_refi(again, variant)
        before = len(again.tags.all())
        import_refi(again, tmp_path / "out.qdpx")
        assert len(again.tags.all()) == before


def test_a_source_without_a_name_is_titled_from_its_text_file(
    project: Project, tmp_path: Path
) -> None:
    def nameless(root: ElementTree.Element) -> dict[str, str]:
        source = root.find(f"{NS}Sources/{NS}TextSource")
        assert source is not None
        old = source.get("plainTextPath", "").removeprefix("internal://")
        del source.attrib["name"]
        source.set("plainTextPath", "interview_07.txt")  # as qc 1.3.2 wrote it
        return {f"Sources/{old}": "Sources/interview_07.txt"}

    import_refi(project, rewritten(NVIVO, tmp_path / "nameless.qdpx", nameless))
    titles = sorted(project.documents.get(i).title for i in project.documents.ids())
    other = qde_root(NVIVO).findall(f"{NS}Sources/{NS}TextSource")[1].get("name")
    assert titles == sorted(["interview_07", other])


def test_code_descriptions_lose_the_files_indentation(project: Project, tmp_path: Path) -> None:
    text = ATLAS.read_text(encoding="utf-8")
    indented = re.sub(r"<Description>([^<]*)</Description>",
                      lambda m: "<Description>\n                    "
                      + m.group(1).replace(" ", "\n                    ", 1)
                      + "\n                </Description>", text)
    variant = tmp_path / "indented.qde"
    variant.write_text(indented, encoding="utf-8")
    expected = {path: (code.findtext(f"{NS}Description") or "")
                for path, code in code_paths(qde_root(ATLAS)).items()}
    assert any(expected.values())
    import_refi(project, variant)
    paths = project.tags.paths()
    found = {paths[t.id]: t.description for t in project.tags.all()}
    assert found == {p: d.replace(" ", "\n", 1) for p, d in expected.items()}


def test_the_project_description_and_cases_are_imported(project: Project) -> None:
    minimal = REFI / "examples" / "minimal.qdpx"
    root = qde_root(minimal)
    description = textwrap.dedent(root.findtext(f"{NS}Description") or "").strip()
    assert description
    cases = {ref.get("targetGUID", "").lower(): case.get("name")
             for case in root.iter(f"{NS}Case") for ref in case.iter(f"{NS}SourceRef")}
    import_refi(project, minimal)
    memo = project.memos.project_memo()
    assert memo is not None and memo.text.startswith(description)
    documents = [project.documents.get(i) for i in project.documents.ids()]
    assert {d.guid.lower(): d.attributes.get("Case") for d in documents} == cases


def test_cases_of_no_imported_document_are_listed(project: Project) -> None:
    bare = REFI / "examples" / "project.qde"  # a bare .qde: its sources are not inside
    names = [c.get("name") for c in qde_root(bare).iter(f"{NS}Case")]
    result = import_refi(project, bare)
    listed = [what for what, _ in result.skipped if what.startswith(f"{len(names)} case")]
    assert listed and all(repr(name) in listed[0] for name in names)
