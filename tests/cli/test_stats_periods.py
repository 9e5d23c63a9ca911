"""``stats`` numbers a reviewer can check, on the Kremlin news corpus (years without any
document: 2004, 2007, 2008): every period with its documents and words, gaps as nulls,
Wilson intervals, rates and combinations. Every expected number is computed here from
the coded-dataset JSON export (``annotator export``), the Wilson bounds from the roots of
the quadratic that defines them."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from helpers import SHARED

KREMLIN = SHARED / "corpora" / "news-kremlin-en"
Z = 1.959963984540054


def cli(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def wilson_by_roots(k: int, n: int) -> tuple[float, float]:
    """The p with (k/n - p)^2 = Z^2 p (1 - p) / n: roots of a quadratic in p."""
    q = k / n
    a = 1 + Z * Z / n
    b = -(2 * q + Z * Z / n)
    c = q * q
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


class Corpus:
    """The project, and per year (from the export): documents, words and, per tag path,
    highlights and the documents carrying the tag."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "kremlin.annotator"
        assert cli("import", self.path, KREMLIN)[0] == 0
        for tag, phrase in (("security", "security"), ("economy/oil", "oil"),
                            ("terrorism", "terroris")):
            assert cli("autocode", self.path, "--tag", tag, "--phrase", phrase)[0] == 0
        assert cli("export", self.path, folder / "export.json")[0] == 0
        data = json.loads((folder / "export.json").read_text(encoding="utf-8"))
        names = {t["id"]: t["name"] for t in data["tags"]}
        parents = {t["id"]: t["parent"] for t in data["tags"]}
        self.paths = {i: "/".join(([names[parents[i]]] if parents[i] else []) + [names[i]])
                      for i in names}
        self.year = {d["id"]: d["date"][:4] for d in data["documents"] if d["date"]}
        self.documents = Counter(self.year.values())
        self.words: Counter[str] = Counter()
        for d in data["documents"]:
            if d["date"]:
                self.words[d["date"][:4]] += len(re.findall(r"\w+", d["text"]))
        self.highlights: Counter[tuple[str, str]] = Counter()
        self.carrying: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.tags_of: dict[int, set[str]] = defaultdict(set)
        self.highlights_of: dict[tuple[int, str], set[int]] = defaultdict(set)
        for a in data["annotations"]:
            for tag in a["tags"]:
                path = self.paths[tag]
                self.tags_of[a["document"]].add(path)
                self.highlights_of[(a["document"], path)].add(a["id"])
                if a["document"] in self.year:
                    key = (self.year[a["document"]], path)
                    self.highlights[key] += 1
                    self.carrying[key].add(a["document"])

    def every_year(self) -> list[str]:
        return [str(y) for y in range(int(min(self.year.values())),
                                      int(max(self.year.values())) + 1)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield Corpus(tmp_path_factory.mktemp("kremlin"))


def stats(corpus: Corpus, *args: str) -> dict:
    code, out, err = cli("stats", corpus.path, "--by", "year", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_every_year_carries_its_documents_and_words(corpus: Corpus) -> None:
    found = stats(corpus)
    years = corpus.every_year()
    assert {"2004", "2007", "2008"} <= set(years) - set(corpus.documents)
    assert found["periods"] == [{"period": y, "documents": corpus.documents[y],
                                 "words": corpus.words[y]} for y in years]
    assert found["imprecise"] == {"documents": 0, "words": 0}  # full dates, by year
    paths = [t["path"] for t in found["tags"]]
    assert [(r["period"], r["tag"]) for r in found["timeline"]] == [
        (y, p) for y in years for p in paths]
    for row in found["timeline"]:
        year, key = row["period"], (row["period"], row["tag"])
        assert (row["period_documents"], row["period_words"]) == (
            corpus.documents[year], corpus.words[year])
        if corpus.documents[year]:
            assert (row["highlights"], row["documents"]) == (
                corpus.highlights[key], len(corpus.carrying[key]))
        else:  # a gap, never a zero
            assert row["highlights"] is None and row["documents"] is None


def test_shares_have_wilson_intervals_and_gaps(corpus: Corpus) -> None:
    found = stats(corpus, "--measure", "share")
    checked = 0
    for row in found["timeline"]:
        n = corpus.documents[row["period"]]
        if not n:
            assert row["share"] is row["ci_low"] is row["ci_high"] is None
            continue
        k = len(corpus.carrying[(row["period"], row["tag"])])
        low, high = wilson_by_roots(k, n)
        assert row["share"] == pytest.approx(k / n)
        assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low, abs=1e-12),
                                                   pytest.approx(high, abs=1e-12))
        checked += 1
    assert checked > 20
    one = [r for r in found["timeline"] if r["period_documents"] == 1 and r["documents"] == 1]
    assert one and all(r["share"] == 1.0 and r["ci_low"] < 0.25 for r in one)  # 1 of 1


def test_rates_divide_by_the_words_of_the_period(corpus: Corpus) -> None:
    found = stats(corpus, "--measure", "rate", "--tags", "security,terrorism")
    assert {r["tag"] for r in found["timeline"]} == {"security", "terrorism"}
    for row in found["timeline"]:
        words = corpus.words[row["period"]]
        expected = corpus.highlights[(row["period"], row["tag"])] * 10_000 / words \
            if words else None
        assert row["rate"] == (pytest.approx(expected) if expected is not None else None)
        assert "share" not in row


@pytest.mark.parametrize("combine", ["and", "or"])
def test_a_combination_counts_documents_with_all_or_any_of_the_tags(
        corpus: Corpus, combine: str) -> None:
    chosen = {"security", "terrorism"}
    found = stats(corpus, "--tags", "security,terrorism", "--combine", combine,
                  "--measure", "share")
    name = "security & terrorism" if combine == "and" else "security | terrorism"
    test = chosen.issubset if combine == "and" else chosen.intersection
    members = {d for d, tags in corpus.tags_of.items() if test(tags)}
    assert 0 < len(members) < len(corpus.tags_of)
    per_year = Counter(corpus.year[d] for d in members if d in corpus.year)
    quotes = {h for d in members for t in chosen for h in corpus.highlights_of[(d, t)]}
    assert found["combine"] == combine
    assert found["tags"] == [{"name": name, "path": name, "highlights": len(quotes),
                              "documents": len(members)}]
    assert [r["period"] for r in found["timeline"]] == corpus.every_year()
    for row in found["timeline"]:
        n = corpus.documents[row["period"]]
        assert row["tag"] == name
        if n:
            assert row["documents"] == per_year[row["period"]]
            assert row["share"] == pytest.approx(per_year[row["period"]] / n)
        else:
            assert row["documents"] is row["share"] is None


def test_combine_needs_two_tags_and_csv_has_empty_cells_for_gaps(corpus: Corpus) -> None:
    code, out, err = cli("stats", corpus.path, "--tags", "security", "--combine", "and")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, out, _ = cli("stats", corpus.path, "--by", "year", "--format", "csv",
                       "--measure", "share", "--tags", "security")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "timeline"]
    gap = {r["period"]: r for r in rows}["2007"]
    assert (gap["highlights"], gap["documents"], gap["share"], gap["ci_low"],
            gap["period_documents"], gap["period_words"]) == ("", "", "", "", "0", "0")
    full = {r["period"]: r for r in rows}["2010"]
    assert int(full["period_documents"]) == corpus.documents["2010"]
    assert int(full["period_words"]) == corpus.words["2010"]
    code, out, _ = cli("stats", corpus.path, "--by", "year", "--tags", "security")
    empty = len(set(corpus.every_year()) - set(corpus.documents))
    assert f"periods without documents: {empty}" in out
    assert re.search(r"^2007\s+security\s+-\s+-\s+0\s+0$", out, re.MULTILINE)


def test_a_timeline_too_long_to_list_is_refused_in_one_line(corpus: Corpus,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.services.period_table as period_table

    monkeypatch.setattr(period_table, "MAX_ROWS", 40)
    code, out, err = cli("stats", corpus.path, "--by", "year")
    years, tags = len(corpus.every_year()), len(corpus.paths)
    assert years * tags > 40
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert f"{years * tags} rows ({years} periods × {tags} series" in err
    code, _, err = cli("stats", corpus.path, "--by", "year", "--tags", "security")
    assert code == 0, err
