"""Document attributes through REFI-QDA variables: export, import, and round trips with the
coded-dataset JSON, through Annotator's own files, other tools' shapes and the shared files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.formats.refi_qda_reader import read_project
from annotator.formats.refi_qda_variables import JSON_VALUES_NOTE
from annotator.services import Project
from annotator.services.dataset_merge import merge_dataset
from annotator.services.exporting import export_json
from annotator.services.refi_qda import export_qdpx, import_refi
from helpers import SHARED, add_text

REFI = SHARED / "refi-qda"
SCHEMA = xmlschema.XMLSchema(str(REFI / "Project-mrt2019.xsd"))
NS = "{urn:QDA-XML:project:1.0}"

#: Three documents: every type, a mixed attribute, a list, a null, and missing values.
ATTRIBUTES: list[dict[str, Any]] = [
    {"outlet": "RFE", "pages": 3, "score": 1.5, "founded": "2001-09-11",
     "seen": "2020-01-01T10:00:00Z", "peer reviewed": True, "mixed": 3,
     "Région du monde": "Азия", "keywords": ["water", "borders"], "note": None},
    {"outlet": "X", "pages": 4, "score": 2, "founded": "1999-12-31",
     "seen": "2020-01-01T10:00:00.25+02:00", "peer reviewed": False, "mixed": "3",
     "Région du monde": " Central Asia "},
    {"mixed": "RFE", "score": -0.0, "outlet": "line one\nline two\ttab"},
]
TYPES = {"Date": "Date", "outlet": "Text", "pages": "Integer", "score": "Float",
         "founded": "Date", "seen": "DateTime", "peer reviewed": "Boolean", "mixed": "Text",
         "Région du monde": "Text", "keywords": "Text", "note": "Text"}


def build(project: Project) -> list[int]:
    return [add_text(project, f"Document {i} 🙂", title=f"Doc {i}", attributes=attributes,
                     date="2018-02-12" if i == 0 else None)
            for i, attributes in enumerate(ATTRIBUTES)]


def exact(attributes: dict[str, Any]) -> str:
    """Attributes as JSON text: types (3 and 3.0) and order count."""
    return json.dumps(attributes, ensure_ascii=False)


def without_nulls(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if v is not None}


def qde_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def by_text(project: Project) -> dict[str, tuple[str | None, dict[str, Any]]]:
    docs = (project.documents.get(i) for i in project.documents.ids())
    return {d.text: (d.date, d.attributes) for d in docs}


def test_each_attribute_is_one_typed_variable_with_values_on_the_sources(
        project: Project, tmp_path: Path) -> None:
    build(project)
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    qde = qde_of(out)
    assert list(SCHEMA.iter_errors(qde.decode("utf-8"))) == []
    root = ElementTree.fromstring(qde)
    variables = {v.get("guid"): v for v in root.iter(f"{NS}Variable")}
    assert {v.get("name"): v.get("typeOfVariable") for v in variables.values()} == TYPES
    marked = {v.get("name") for v in variables.values()
              if v.findtext(f"{NS}Description") == JSON_VALUES_NOTE}
    assert marked == {"mixed", "keywords"}
    assert root.find(f"{NS}Cases") is None  # values sit on the sources
    written = []
    for source in root.iter(f"{NS}TextSource"):
        values = {}
        for value in source.findall(f"{NS}VariableValue"):
            ref = value.find(f"{NS}VariableRef")
            assert ref is not None
            element = value[1]
            name = variables[ref.get("targetGUID")].get("name")
            kind = variables[ref.get("targetGUID")].get("typeOfVariable")
            assert element.tag == f"{NS}{kind}Value"
            values[name] = element.text or ""
        written.append(values)
    assert written == [
        {"Date": "2018-02-12", "outlet": "RFE", "pages": "3", "score": "1.5",
         "founded": "2001-09-11", "seen": "2020-01-01T10:00:00Z", "peer reviewed": "true",
         "mixed": "3", "Région du monde": "Азия", "keywords": '["water", "borders"]'},
        {"outlet": "X", "pages": "4", "score": "2", "founded": "1999-12-31",
         "seen": "2020-01-01T10:00:00.25+02:00", "peer reviewed": "false", "mixed": '"3"',
         "Région du monde": " Central Asia "},
        {"mixed": "RFE", "score": "-0.0", "outlet": "line one\nline two\ttab"},
    ]


def test_json_to_project_to_qdpx_to_project_to_json_keeps_every_attribute(
        project: Project, tmp_path: Path) -> None:
    build(project)
    export_json(project, tmp_path / "a.json")
    middle, last = Project.in_memory(coder="b"), Project.in_memory(coder="c")
    merge_dataset(middle, tmp_path / "a.json")
    export_qdpx(middle, tmp_path / "b.qdpx")
    result = import_refi(last, tmp_path / "b.qdpx")
    assert result.documents_added == 3
    export_json(last, tmp_path / "c.json")
    before, after = (json.loads((tmp_path / n).read_text(encoding="utf-8"))["documents"]
                     for n in ("a.json", "c.json"))
    expected = {d["sha256"]: (d["date"], exact(without_nulls(d["attributes"])))
                for d in before}
    assert {d["sha256"]: (d["date"], exact(d["attributes"])) for d in after} == expected
    assert "note" in before[0]["attributes"] and "note" not in after[0]["attributes"]


attribute_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
    st.dates().map(lambda d: d.isoformat()), st.sampled_from(["2020-01-01T10:00:00", "3"]),
    st.lists(st.integers(), max_size=2))
attribute_sets = st.lists(st.dictionaries(st.sampled_from(["a", "b c", "ü", "Date"]),
                                          attribute_values, max_size=4),
                          min_size=1, max_size=3)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attribute_sets)
def test_any_attributes_survive_a_qdpx_round_trip(tmp_path: Path,
                                                  sets: list[dict[str, Any]]) -> None:
    with Project.in_memory(coder="a") as first, Project.in_memory(coder="b") as second:
        for i, attributes in enumerate(sets):
            add_text(first, f"text {i}", attributes=attributes,
                     date="2001-02-03T04:05" if i == 1 else None)
        out = tmp_path / "any.qdpx"
        export_qdpx(first, out)
        assert list(SCHEMA.iter_errors(qde_of(out).decode("utf-8"))) == []
        import_refi(second, out)
        expected = {text: (date, exact(without_nulls(attributes)))
                    for text, (date, attributes) in by_text(first).items()}
        assert {text: (date, exact(attributes))
                for text, (date, attributes) in by_text(second).items()} == expected


@pytest.mark.parametrize("dated", [False, True])
def test_an_attribute_named_date_stays_an_attribute(project: Project, tmp_path: Path,
                                                    dated: bool) -> None:
    add_text(project, "one", attributes={"Date": "2018-02-12", "Document date": "2019-01-01"},
             date="2020-05-06" if dated else None)
    export_qdpx(project, tmp_path / "d.qdpx")
    other = Project.in_memory(coder="x")
    import_refi(other, tmp_path / "d.qdpx")
    assert by_text(other) == by_text(project)
    names = {v.name for v in read_project(tmp_path / "d.qdpx").project.variables}
    assert names == ({"Date", "Document date", "Annotator document date"} if dated
                     else {"Date", "Document date"})


def other_tool_qdpx(path: Path) -> Path:
    """A project in the shapes other tools write: QualCoder's TextValues on the source for
    every type, MAXQDA's and Quirkos' nameless Case with one SourceRef per document, a
    named case for two documents, and a case that names no document."""
    g = "{:08d}-0000-4000-8000-{:012d}".format
    sources = [g(1, i) for i in range(3)]
    declared = [("Age", "Integer"), ("Weight", "Float"), ("Married", "Boolean"),
                ("Born", "Date"), ("Group", "Text"), ("Seen", "DateTime")]
    variables = "".join(f'<Variable guid="{g(2, i)}" name="{n}" typeOfVariable="{t}"/>'
                        for i, (n, t) in enumerate(declared))

    def value(i: int, element: str, text: str) -> str:
        return (f'<VariableValue><VariableRef targetGUID="{g(2, i)}"/>'
                f"<{element}>{text}</{element}></VariableValue>")

    cases = (
        f'<Case guid="{g(3, 0)}">{value(0, "IntegerValue", "51")}'
        f'{value(2, "BooleanValue", "0")}{value(4, "TextValue", "B")}'
        f'<SourceRef targetGUID="{sources[1]}"/></Case>'
        f'<Case guid="{g(3, 1)}" name="Site North">'
        f'{value(5, "DateTimeValue", "2019-06-04T05:25:16Z")}'
        f'<SourceRef targetGUID="{sources[0]}"/><SourceRef targetGUID="{sources[2]}"/></Case>'
        f'<Case guid="{g(3, 2)}" name="Nobody">{value(4, "TextValue", "lost")}</Case>'
    )
    own = (value(0, "TextValue", "34") + value(1, "TextValue", "72.5")
           + value(2, "TextValue", "true") + value(3, "DateValue", "1990-12-01")
           + value(4, "TextValue", "A"))
    texts = "".join(
        f'<TextSource guid="{s}" name="Interview {i}" plainTextPath="internal://{s}.txt">'
        f'{own if i == 0 else ""}</TextSource>' for i, s in enumerate(sources))
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           f'name="T" origin="MAXQDA 2022"><Variables>{variables}</Variables>'
           f"<Cases>{cases}</Cases><Sources>{texts}</Sources></Project>")
    assert list(SCHEMA.iter_errors(qde)) == []
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        for i, s in enumerate(sources):
            archive.writestr(f"sources/{s}.txt", f"Interview {i} text")
    return path


def test_variables_of_other_tools_come_in_typed(project: Project, tmp_path: Path) -> None:
    result = import_refi(project, other_tool_qdpx(tmp_path / "maxqda.qdpx"))
    found = {text: exact(attributes) for text, (_, attributes) in by_text(project).items()}
    assert found == {
        "Interview 0 text": exact({"Age": 34, "Weight": 72.5, "Married": True,
                                   "Born": "1990-12-01", "Group": "A",
                                   "Seen": "2019-06-04T05:25:16Z", "Case": "Site North"}),
        "Interview 1 text": exact({"Age": 51, "Married": False, "Group": "B"}),  # unnamed
        "Interview 2 text": exact({"Seen": "2019-06-04T05:25:16Z", "Case": "Site North"}),
    }
    assert ("1 case ('Nobody')", "they apply to no document of the file "
            "(Annotator keeps cases and variables on documents only)") in result.skipped
    # ... and they go out again as typed variables.
    export_qdpx(project, tmp_path / "again.qdpx")
    again = read_project(tmp_path / "again.qdpx").project
    assert {v.name: v.kind for v in again.variables} == {
        "Age": "Integer", "Weight": "Float", "Married": "Boolean", "Born": "Date",
        "Group": "Text", "Seen": "DateTime", "Case": "Text"}  # the case, as a variable


SHARED_FILES = sorted(str(p.relative_to(REFI)) for p in REFI.glob("*/*")
                      if p.suffix in (".qdpx", ".qde"))


def test_the_shared_files_are_the_ones_expected() -> None:
    assert SHARED_FILES == [
        "examples/minimal.qdpx", "examples/project.qde",
        "samples/atlasti-mac-8.4__refi-spec-example__Project.qde",
        "samples/nvivo-win-12.6__oltas0517.qdpx"]


@pytest.mark.parametrize("name", SHARED_FILES)
def test_round_trip_through_each_shared_file(tmp_path: Path, name: str) -> None:
    """Import, export, import again: the same documents with the same dates and attributes.
    Only the examples hold variables (a case's Integer ``Age``); the real tools' samples
    hold none."""
    with Project.in_memory(coder="a") as first, Project.in_memory(coder="b") as second:
        import_refi(first, REFI / name)
        expected = {"examples/minimal.qdpx": 1, "examples/project.qde": 0}
        assert len(first.documents.ids()) == expected.get(name, 2 if "nvivo" in name else 0)
        variables = read_project(REFI / name).project.variables
        assert [(v.name, v.kind) for v in variables] == (
            [("Age", "Integer")] if name.startswith("examples/") else [])
        out = tmp_path / "again.qdpx"
        export_qdpx(first, out)
        assert list(SCHEMA.iter_errors(qde_of(out).decode("utf-8"))) == []
        import_refi(second, out)
        assert {t: (d, exact(a)) for t, (d, a) in by_text(second).items()} == {
            t: (d, exact(a)) for t, (d, a) in by_text(first).items()}
        if name == "examples/minimal.qdpx":
            [(_, attributes)] = by_text(second).values()
            assert attributes == {"Age": 34, "Description": "Transcript of the first interview.",
                                  "Case": "Participant P01"}
