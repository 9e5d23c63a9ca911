"""Documents as data on the command line, on the Kremlin news corpus: its ``index.csv``
loaded as variables (``attributes``), documents listed and filtered (``documents``),
counts within a filter and split by a variable (``stats``), and ``delete``. Every
expected number is computed here from the CSV file or from a JSON export."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from helpers import SEED, SHARED

KREMLIN = SHARED / "corpora" / "news-kremlin-en"
#: A whole number as ``attributes`` stores it as a number (see services/variable_import.py).
WHOLE = re.compile(r"0|-?[1-9][0-9]{0,14}")


def cli(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def tidy(cell: str) -> str:
    return " ".join(cell.split())


def index_rows() -> list[dict[str, str]]:
    with (KREMLIN / "index.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Kremlin:
    """The project built once for this module, and what it holds, from a JSON export."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "kremlin.annotator"
        self.files = sorted(KREMLIN.glob("*.txt"))
        code, out, err = cli("import", self.path, KREMLIN)  # index.csv is skipped
        assert code == 0, err
        assert out.startswith(f"Imported {len(self.files) + 1} documents, ")
        assert f"annotator attributes {self.path} {KREMLIN / 'index.csv'}" in out
        self.attributes_out = cli("attributes", self.path, KREMLIN / "index.csv")
        for tag, phrase in (("security", "security"), ("economy/oil", "oil"),
                            ("economy/gas", "gas"), ("terrorism", "terroris")):
            assert cli("autocode", self.path, "--tag", tag, "--phrase", phrase)[0] == 0
        years = folder / "years.csv"
        years.write_text("file,year\n" + "".join(
            f"{row['file']},{row['date'][:4]}\n" for row in index_rows()), encoding="utf-8")
        assert cli("attributes", self.path, years)[0] == 0
        self.export = self.exported(folder / "export.json")

    def exported(self, out: Path) -> dict:
        assert cli("export", self.path, out, "--no-text")[0] == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        self.documents = {d["id"]: d for d in data["documents"]}
        parents = {t["id"]: t["parent"] for t in data["tags"]}
        names = {t["id"]: t["name"] for t in data["tags"]}

        def path(tag_id: int | None) -> str:
            return "" if tag_id is None else "/".join(p for p in (path(parents[tag_id]),
                                                                  names[tag_id]) if p)

        self.paths = {t["id"]: path(t["id"]) for t in data["tags"]}
        self.annotations = data["annotations"]
        return data

    def selected(self, **values: set[str | None]) -> set[int]:
        """Documents whose every named attribute has one of the values (None: none)."""
        def text(value: object) -> str | None:
            return None if value is None else str(value)
        return {i for i, d in self.documents.items()
                if all(text(d["attributes"].get(name)) in allowed
                       for name, allowed in values.items())}

    def tag_counts(self, documents: set[int]) -> dict[str, tuple[int, int]]:
        """Tag path -> (highlights, documents) within ``documents``."""
        highlights: Counter[str] = Counter()
        carrying: dict[str, set[int]] = defaultdict(set)
        for a in self.annotations:
            if a["document"] in documents:
                for tag in a["tags"]:
                    highlights[self.paths[tag]] += 1
                    carrying[self.paths[tag]].add(a["document"])
        return {p: (highlights[p], len(carrying[p])) for p in self.paths.values()}


@pytest.fixture(scope="module")
def kremlin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kremlin]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield Kremlin(tmp_path_factory.mktemp("kremlin"))


def test_index_csv_gives_every_file_its_cells(kremlin: Kremlin) -> None:
    rows = index_rows()
    on_disk = {f.name for f in kremlin.files}
    assert {row["file"] for row in rows} == on_disk  # every file has its row, and no more
    code, out, err = kremlin.attributes_out
    columns = [c for c in rows[0] if c != "file"]
    assert code == 0 and err == ""
    assert out.splitlines() == [
        f"Matched {len(on_disk)} of {len(rows)} rows to documents by file name "
        "(column 'file').",
        f"Set {len(columns)} variables ({', '.join(columns)}); "
        f"{len(on_disk)} documents changed.",
    ]
    numeric = {c for c in columns if all(WHOLE.fullmatch(r[c]) for r in rows if r[c])}
    assert {"paragraphs", "bytes", "id"} <= numeric and "date" not in numeric
    by_source = {d["source"]: d for d in kremlin.documents.values()}
    for row in rows:
        expected = {c: (int(row[c]) if c in numeric else tidy(row[c]))
                    for c in columns if row[c].strip()}
        expected["year"] = int(row["date"][:4])
        assert by_source[row["file"]]["attributes"] == expected, row["file"]
    assert by_source["SOURCE.md"]["attributes"] == {}


def documents_json(kremlin: Kremlin, *args: str) -> list[dict]:
    code, out, err = cli("documents", kremlin.path, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_documents_where_and_tagged_against_the_export(kremlin: Kremlin) -> None:
    places = Counter(d["attributes"].get("place") for d in kremlin.documents.values())
    assert places["Moscow"] > 1 and places["Sochi"] > 1
    highlights = Counter(a["document"] for a in kremlin.annotations)
    listed = documents_json(kremlin, "--where", "place=Moscow")
    assert {d["id"] for d in listed} == kremlin.selected(place={"Moscow"})
    for record in listed:
        exported = kremlin.documents[record["id"]]
        assert record == {"id": exported["id"], "title": exported["title"],
                          "date": exported["date"], "source": exported["source"],
                          "attributes": exported["attributes"],
                          "highlights": highlights[record["id"]]}
    assert [d["date"] for d in listed] == sorted(d["date"] for d in listed)
    either = documents_json(kremlin, "--where", "place=Moscow", "--where", "place=Sochi")
    assert {d["id"] for d in either} == kremlin.selected(place={"Moscow", "Sochi"})
    both = documents_json(kremlin, "--where", "place=Sochi", "--where", "year=2018")
    assert {d["id"] for d in both} == kremlin.selected(place={"Sochi"}, year={"2018"})
    without = documents_json(kremlin, "--where", "place=")
    assert {d["id"] for d in without} == kremlin.selected(place={None})
    oil = {kremlin.paths[t]: t for t in kremlin.paths}["economy/oil"]
    gas = {kremlin.paths[t]: t for t in kremlin.paths}["economy/gas"]
    tagged = {a["document"] for a in kremlin.annotations if {oil, gas} & set(a["tags"])}
    assert {d["id"] for d in documents_json(kremlin, "--tagged", "oil",
                                            "--tagged", "economy/gas")} == tagged
    assert {d["id"] for d in documents_json(kremlin, "--tagged", "oil", "--where",
                                            "place=Moscow")} == (
        tagged & kremlin.selected(place={"Moscow"}) & {
            a["document"] for a in kremlin.annotations if oil in a["tags"]})


def test_documents_as_csv_and_table(kremlin: Kremlin) -> None:
    code, out, _ = cli("documents", kremlin.path, "--where", "place=Sochi", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {int(r["id"]) for r in rows} == kremlin.selected(place={"Sochi"})
    for row in rows:
        exported = kremlin.documents[int(row["id"])]
        assert row["attr:place"] == "Sochi" and row["source"] == exported["source"]
        assert row["attr:paragraphs"] == str(exported["attributes"]["paragraphs"])
    code, out, _ = cli("documents", kremlin.path, "--where", "place=Sochi")
    lines = out.splitlines()
    assert lines[0].split() == ["id", "date", "highlights", "title"]
    assert len(lines) == 1 + len(rows)
    code, out, _ = cli("documents", kremlin.path, "--where", "place=Atlantis")
    assert (code, out) == (0, "No documents match.\n")


def test_unknown_variables_and_tags_and_malformed_conditions(
    kremlin: Kremlin, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("documents", "stats"):
        code, out, err = cli(command, kremlin.path, "--where", "palce=Moscow")
        assert code == 1 and out == ""
        assert err.startswith("annotator: no document variable called 'palce' (variables: ")
        assert "place" in err and err.count("\n") == 1
        with pytest.raises(SystemExit) as usage:
            main([command, str(kremlin.path), "--where", "Moscow"])
        assert usage.value.code == 2
        assert capsys.readouterr().err == (
            f"annotator {command}: error: argument --where: 'Moscow' is not NAME=VALUE\n")
    code, _, err = cli("documents", kremlin.path, "--tagged", "nope")
    assert (code, err) == (1, "annotator: no tag called 'nope'\n")


def stats_json(kremlin: Kremlin, *args: str) -> dict:
    code, out, err = cli("stats", kremlin.path, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def timeline_by_hand(kremlin: Kremlin, documents: set[int], by_group: dict[int, object] | None
                     ) -> dict[tuple[str, str, object], tuple[int, int]]:
    """(year, tag path, group) -> (highlights, documents), dated documents only."""
    highlights: Counter[tuple[str, str, object]] = Counter()
    carrying: dict[tuple[str, str, object], set[int]] = defaultdict(set)
    for a in kremlin.annotations:
        document = kremlin.documents[a["document"]]
        if a["document"] in documents and document["date"]:
            group = by_group.get(a["document"]) if by_group is not None else None
            for tag in a["tags"]:
                key = (document["date"][:4], kremlin.paths[tag], group)
                highlights[key] += 1
                carrying[key].add(a["document"])
    return {key: (highlights[key], len(carrying[key])) for key in highlights}


def test_stats_where_counts_only_those_documents(kremlin: Kremlin) -> None:
    chosen = kremlin.selected(place={"Moscow", "Sochi"})
    stats = stats_json(kremlin, "--by", "year", "--where", "place=Moscow",
                       "--where", "place=Sochi")
    counts = kremlin.tag_counts(chosen)
    assert {t["path"]: (t["highlights"], t["documents"]) for t in stats["tags"]} == counts
    assert all("group" not in t for t in stats["tags"] + stats["timeline"])
    assert {(r["period"], r["tag"], None): (r["highlights"], r["documents"])
            for r in stats["timeline"] if r["highlights"]} == timeline_by_hand(kremlin, chosen, None)
    assert stats["undated"] == {"documents": 0, "highlights": 0}
    assert sum(t["highlights"] for t in stats["tags"]) < len(
        [t for a in kremlin.annotations for t in a["tags"]])  # the filter did restrict
    shares = stats_json(kremlin, "--by", "year", "--where", "place=Moscow",
                        "--where", "place=Sochi", "--measure", "share")
    per_year = Counter(kremlin.documents[i]["date"][:4] for i in chosen
                       if kremlin.documents[i]["date"])
    assert shares["timeline"]
    for row in shares["timeline"]:
        if per_year[row["period"]]:
            assert row["share"] == pytest.approx(row["documents"] / per_year[row["period"]])
        else:  # a year without documents of the filter: a gap
            assert row["share"] is row["documents"] is row["ci_low"] is None


def test_stats_split_by_place_and_year(kremlin: Kremlin) -> None:
    groups = {i: d["attributes"].get("place") for i, d in kremlin.documents.items()}
    stats = stats_json(kremlin, "--by", "year", "--split", "place")
    expected_tags = {}
    for place in set(groups.values()):
        members = {i for i, g in groups.items() if g == place}
        for path, numbers in kremlin.tag_counts(members).items():
            expected_tags[(path, place)] = numbers
    assert {(t["path"], t["group"]): (t["highlights"], t["documents"])
            for t in stats["tags"]} == expected_tags
    assert {(r["period"], r["tag"], r["group"]): (r["highlights"], r["documents"])
            for r in stats["timeline"] if r["highlights"]} == timeline_by_hand(
        kremlin, set(groups), groups)
    undated = [i for i, d in kremlin.documents.items() if not d["date"]]
    assert stats["undated"]["documents"] == len(undated) == 1  # SOURCE.md, group null
    assert stats["groups"][-1] == {"group": None, "documents": Counter(groups.values())[None]}
    # split by a number: groups in numeric order, shares per group and year
    years = {i: d["attributes"].get("year") for i, d in kremlin.documents.items()}
    stats = stats_json(kremlin, "--by", "year", "--split", "year", "--measure", "share",
                       "--tags", "security")
    dated = Counter((str(years[i]) if years[i] is not None else None, d["date"][:4])
                    for i, d in kremlin.documents.items() if d["date"])
    values = sorted({str(y) for y in years.values() if y is not None}, key=int)
    assert [g["group"] for g in stats["groups"]] == [*values, None]
    assert stats["timeline"]
    for row in stats["timeline"]:
        if row["documents"]:
            assert row["group"] == row["period"]  # a document's year is its date's year
        if dated[(row["group"], row["period"])]:
            assert row["share"] == pytest.approx(row["documents"] / dated[(row["group"],
                                                                              row["period"])])
        else:
            assert row["share"] is None


def test_stats_split_as_csv_and_table(kremlin: Kremlin) -> None:
    stats = stats_json(kremlin, "--by", "year", "--split", "place", "--where", "year=2018")
    code, out, _ = cli("stats", kremlin.path, "--by", "year", "--split", "place",
                       "--where", "year=2018", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0]) == ["kind", "period", "tag", "group", "highlights",
                                           "documents", "share", "ci_low", "ci_high", "rate",
                                           "period_documents", "period_words"]
    assert [(r["tag"], r["group"] or None, int(r["highlights"]))
            for r in rows if r["kind"] == "tag"] == [
        (t["path"], t["group"], t["highlights"]) for t in stats["tags"]]
    assert [(r["period"], r["group"] or None, int(r["documents"]) if r["documents"] else None)
            for r in rows if r["kind"] == "timeline"] == [
        (t["period"], t["group"], t["documents"]) for t in stats["timeline"]]
    code, out, _ = cli("stats", kremlin.path, "--by", "year", "--split", "place",
                       "--where", "year=2018")
    lines = out.splitlines()
    assert lines[0].split() == ["tag", "group", "highlights", "documents"]
    first = stats["tags"][0]
    assert re.fullmatch(rf"{re.escape(first['path'])}\s+{re.escape(first['group'] or '')}\s+"
                        rf"{first['highlights']}\s+{first['documents']}", lines[1])
    assert "groups by place:" in lines
    assert len(stats["groups"]) == len(lines) - lines.index("groups by place:") - 1


def test_delete_documents_with_their_highlights(kremlin: Kremlin, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "copy.annotator"
    shutil.copyfile(kremlin.path, copy)
    per_document = Counter(a["document"] for a in kremlin.annotations)
    (busiest, most), (second, more) = per_document.most_common(2)
    code, out, err = cli("delete", copy, busiest, second)
    assert (code, err) == (0, "")
    assert out == f"Deleted 2 documents and {most + more} highlights.\n"
    left = {d["id"] for d in json.loads(cli("documents", copy, "--format", "json")[1])}
    assert left == set(kremlin.documents) - {busiest, second}
    stats = json.loads(cli("stats", copy, "--format", "json")[1])
    assert sum(t["highlights"] for t in stats["tags"]) == sum(
        len(a["tags"]) for a in kremlin.annotations if a["document"] not in (busiest, second))
    code, out, err = cli("delete", copy, min(left), 99999)
    assert (code, out) == (1, "") and err == "annotator: no document with id 99999\n"
    assert {d["id"] for d in json.loads(cli("documents", copy, "--format", "json")[1])} == left


def test_delete_words_its_counts(tmp_path: Path) -> None:
    project = tmp_path / "seed.annotator"
    phrase = "Vladimir Zharikhin outlined"
    assert SEED.read_text(encoding="utf-8").count(phrase) == 1
    assert cli("import", project, SEED)[0] == 0
    assert cli("autocode", project, "--tag", "people", "--phrase", phrase)[0] == 0
    (document,) = json.loads(cli("documents", project, "--format", "json")[1])
    assert cli("delete", project, document["id"]) == (
        0, "Deleted 1 document and 1 highlight.\n", "")
    with pytest.raises(SystemExit) as usage:
        main(["delete", str(project), "one"])
    assert usage.value.code == 2
