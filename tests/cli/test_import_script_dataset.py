"""A coded dataset written by a script (pandas, R's jsonlite) rather than by Annotator:
no ``sha256`` (computed from the text), ``\\/`` escapes and ``\\u`` escapes as pandas'
``to_json`` writes them; a ``sha256`` that is there is still checked."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator.cli import main
from annotator.cli.status import USER_ERROR
from annotator.formats.coded_dataset import schema_text
from annotator.services import Project

TEXTS = [
    "Water talks in Tashkent. Water is scarce; the dam is news.\n",
    "Migrants send money home — remittances fell, says the bank. Water again.\n",
]


def script_dataset() -> dict[str, Any]:
    """What ``pd.DataFrame(...).to_dict("records")`` plus a hand-written envelope gives:
    every document field but ``sha256``; annotations found with ``re.finditer``."""
    annotations = []
    for doc_id, text in enumerate(TEXTS, start=1):
        for match in re.finditer("Water", text):
            annotations.append({"id": len(annotations) + 1, "document": doc_id,
                                "start": match.start(), "end": match.end(),
                                "quote": match.group(), "tags": [1], "memo": "",
                                "coder": "pandas", "created_at": "2026-12-01T10:00:00Z"})
    return {
        "format": "annotator/coded-dataset", "version": 1,
        "exported_at": "2026-12-01T10:00:00Z", "project": {"name": "From pandas"},
        "tags": [{"id": 1, "name": "water", "parent": None, "color": "#1f77b4",
                  "description": ""}],
        "documents": [{"id": i, "title": f"Doc {i}", "date": None, "source": f"in/{i}.txt",
                       "attributes": {"outlet": "Fergana"}, "text": text}
                      for i, text in enumerate(TEXTS, start=1)],
        "annotations": annotations,
    }


def pandas_json(data: dict[str, Any]) -> str:
    """JSON as pandas' ``to_json`` writes it: ASCII with ``\\u`` escapes, ``/`` as ``\\/``."""
    return json.dumps(data, ensure_ascii=True).replace("/", "\\/")


def test_the_schema_accepts_a_dataset_without_sha256() -> None:
    schema = json.loads(schema_text())
    jsonschema.validate(script_dataset(), schema)
    without_either = script_dataset()
    del without_either["documents"][0]["text"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(without_either, schema)


def test_a_dataset_without_sha256_imports_with_its_highlights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = script_dataset()
    source = tmp_path / "coded.json"
    source.write_text(pandas_json(data), encoding="ascii")
    project_path = tmp_path / "p.annotator"
    code = main(["import", str(project_path), str(source)])
    _, err = capsys.readouterr()
    assert code == 0, err
    with Project.open(project_path, create=False) as project:
        texts = {project.documents.get(i).text: i for i in project.documents.ids()}
        assert sorted(texts) == sorted(TEXTS)
        for text, doc_id in texts.items():
            assert project.documents.get(doc_id).sha256 == hashlib.sha256(
                text.encode("utf-8")).hexdigest()
        assert project.highlights.count() == sum(t.count("Water") for t in TEXTS)
        assert {project.documents.get(i).source for i in texts.values()} == {"in/1.txt",
                                                                               "in/2.txt"}


def test_a_present_sha256_is_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = script_dataset()
    data["documents"][1]["sha256"] = hashlib.sha256(b"another text").hexdigest()
    source = tmp_path / "coded.json"
    source.write_text(pandas_json(data), encoding="ascii")
    project_path = tmp_path / "p.annotator"
    code = main(["import", str(project_path), str(source)])
    _, err = capsys.readouterr()
    assert code == USER_ERROR
    assert "documents[1]: sha256 does not match its text" in err
    assert not project_path.exists()


def test_a_document_with_neither_text_nor_sha256_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = script_dataset()
    del data["documents"][0]["text"]
    source = tmp_path / "coded.json"
    source.write_text(pandas_json(data), encoding="ascii")
    code = main(["import", str(tmp_path / "p.annotator"), str(source)])
    _, err = capsys.readouterr()
    assert code == USER_ERROR
    assert "documents[0]: needs its text or its sha256" in err and "coded.json" in err
