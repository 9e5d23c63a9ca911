"""``annotator agreement`` on real news texts coded by two and three coders with regular
expressions; the expected coefficients come from the same regular expressions run over
the stored texts, fed as per-character arrays to a textbook kappa and ``krippendorff``."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path

import krippendorff
import numpy as np
import pytest

from annotator.cli import main
from annotator.services import Project
from helpers import SHARED
from reference_kappa import textbook_kappa

CORPUS = SHARED / "corpora" / "news-kremlin-en"
FILES = ["kremlin-en-17108.txt", "kremlin-en-17118.txt", "kremlin-en-17125.txt",
         "kremlin-en-13679.txt"]
#: coder -> tag -> the pattern that coder tagged with it.
CODING = {
    "ann": {"leader": r"Putin", "place": r"Moscow|Kremlin"},
    "bob": {"leader": r"Putin|President", "place": r"Moscow"},
    "cem": {"leader": r"Vladimir Putin", "place": r"Moscow|Russia"},
}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def coded(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "team.annotator"
    code, _, err = run(capsys, "import", path, *(CORPUS / f for f in FILES))
    assert code == 0, err
    for coder, tags in CODING.items():
        with Project.open(path, create=False, coder=coder) as project:
            for name, pattern in tags.items():
                tag = project.tags.find([name]) or project.tags.create(name)[0]
                for doc in project.documents.ids():
                    for match in re.finditer(pattern, project.documents.text(doc)):
                        project.highlights.create(doc, match.start(), match.end(), [tag])
    return path


def _texts(path: Path, coders) -> list[str]:
    """The stored texts of the documents every coder coded something in."""
    with Project.open(path, create=False) as project:
        texts = [project.documents.text(d) for d in project.documents.ids()]
    return [t for t in texts
            if all(any(re.search(p, t) for p in CODING[c].values()) for c in coders)]


def _arrays(texts, coders, tags):
    arrays = []
    for coder in coders:
        parts = []
        for tag in tags:
            for text in texts:
                values = np.zeros(len(text), dtype=int)
                for match in re.finditer(CODING[coder][tag], text):
                    values[match.start():match.end()] = 1
                parts.append(values)
        arrays.append(np.concatenate(parts))
    return arrays


def _expected(arrays):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alpha = krippendorff.alpha(reliability_data=np.vstack(arrays),
                                   level_of_measurement="nominal", value_domain=[0, 1])
        kappa = textbook_kappa(arrays[0], arrays[1]) if len(arrays) == 2 else None
    agree = 100 * np.mean(np.all(np.vstack(arrays) == arrays[0], axis=0))
    return {"units": len(arrays[0]), "percent_agreement": pytest.approx(agree),
            "kappa": None if kappa is None else pytest.approx(kappa),
            "alpha": pytest.approx(alpha)}


@pytest.mark.parametrize("coders", [["ann", "bob"], ["ann", "bob", "cem"], ["cem", "ann"]])
def test_json_per_tag_and_overall(coded, capsys, coders):
    code, out, err = run(capsys, "agreement", coded, "--coders", ",".join(coders),
                         "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    texts = _texts(coded, coders)
    assert len(texts) > 0 and result["documents"] == len(texts)
    assert (result["unit"], result["kappa_kind"], result["coders"]) == (
        "character", "cohen", coders)
    for row in result["tags"]:
        assert set(row) == {"name", "path", "units", "percent_agreement", "kappa", "alpha"}
        expected = _expected(_arrays(texts, coders, [row["name"]]))
        assert {k: row[k] for k in expected} == expected
    assert sorted(row["name"] for row in result["tags"]) == ["leader", "place"]
    assert result["overall"] == _expected(_arrays(texts, coders, ["leader", "place"]))


def test_default_compares_every_coder(coded, capsys):
    code, out, _ = run(capsys, "agreement", coded, "--format", "json", "--unit", "document")
    assert code == 0
    result = json.loads(out)
    assert result["coders"] == ["ann", "bob", "cem"] and result["unit"] == "document"
    assert result["overall"]["units"] == 2 * result["documents"]
    assert result["overall"]["kappa"] is None  # three coders
    assert all(row["kappa"] is None for row in result["tags"])


def test_table_and_csv(coded, capsys):
    code, out, _ = run(capsys, "agreement", coded, "--coders", "ann,bob", "--tags", "place")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Agreement of ann, bob on ")
    assert [line.split()[0] for line in lines[2:4]] == ["place", "overall"]
    code, out, _ = run(capsys, "agreement", coded, "--coders", "ann,bob", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["scope"] for r in rows] == ["tag", "tag", "overall"]
    _, js, _ = run(capsys, "agreement", coded, "--coders", "ann,bob", "--format", "json")
    overall = json.loads(js)["overall"]
    assert float(rows[-1]["kappa"]) == pytest.approx(overall["kappa"])
    assert int(rows[-1]["units"]) == overall["units"]


def test_segment_unit_names_its_kappa(coded, capsys):
    code, out, _ = run(capsys, "agreement", coded, "--coders", "ann,bob", "--unit", "segment",
                       "--overlap", "1", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["kappa_kind"] == "brennan-prediger"
    place = next(r for r in result["tags"] if r["name"] == "place")
    texts = _texts(coded, ["ann", "bob"])
    # ann's Moscow spans match bob's exactly; her Kremlin spans and nothing of bob's do not.
    moscow = sum(len(re.findall("Moscow", t)) for t in texts)
    kremlin = sum(len(re.findall("Kremlin", t)) for t in texts)
    assert place["units"] == 2 * moscow + kremlin
    assert place["percent_agreement"] == pytest.approx(100 * 2 * moscow / (2 * moscow + kremlin))
    share = place["percent_agreement"] / 100
    assert place["kappa"] == pytest.approx(2 * share - 1)
    assert place["alpha"] is None


@pytest.mark.parametrize(("argv", "status", "message"), [
    (["--overlap", "0"], 2, "--overlap: 0 is not above 0"),
    (["--coders", ","], 2, "--coders: give at least one name"),
    (["--unit", "word"], 2, "invalid choice"),
    (["--coders", "ann,zed"], 1, "no highlights by coder 'zed'"),
    (["--tags", "nothing"], 1, "no tag called 'nothing'"),
])
def test_bad_arguments(coded, capsys, argv, status, message):
    code, out, err = run_catching(capsys, "agreement", coded, *argv)
    assert code == status and message in err and out == ""


def run_catching(capsys, *argv):
    try:
        return run(capsys, *argv)
    except SystemExit as exit_:
        out, err = capsys.readouterr()
        return exit_.code, out, err
