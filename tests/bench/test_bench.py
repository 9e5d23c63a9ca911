"""``annotator bench`` at a tiny scale: the report has the promised shape and true counts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator.bench import comparison, corpus, figures, report_figure
from annotator.bench.dataset import THEMES, write_dataset
from annotator.bench.run import run_bench
from annotator.formats.coded_dataset import read_coded_dataset, schema_text
from annotator.formats.plain_text import title_and_date
from annotator.services import Project
from helpers import add_text


def test_corpus_is_deterministic_dated_and_in_the_news_page_shape() -> None:
    first, again = list(corpus.documents(20)), list(corpus.documents(20))
    assert first == again
    assert len({d.date.year for d in corpus.documents(200)}) > 15  # spread over decades
    for doc in first:
        title, date = title_and_date(doc.text, doc.file_name)
        assert date is not None and date.startswith(doc.date.isoformat())
        assert 4500 < len(doc.text) < 7000 and title in doc.text
    assert any(ch > "\uffff" for d in corpus.documents(50) for ch in d.text)  # emoji
    assert any("\u0400" <= ch <= "\u04ff" for d in corpus.documents(50) for ch in d.text)


def test_tiny_bench_reports_every_store_figure_with_baselines(tmp_path: Path) -> None:
    report = run_bench(quick=True, workdir=tmp_path, window=False,
                       scale={"documents": 40, "highlights": 400, "repeat": 1,
                              "big_characters": 20_000, "big_highlights": 50, "merge_mb": 0.3})
    # the corpus, plus one long document with its own highlights (the editor's figure)
    assert report["scale"] == {"documents": 41, "highlights": 450}
    figures = report["figures"]
    for name in ("import", "timeline", "export_json", "merge_json", "merge_json_again",
                 "merge_project",
                 "filter_by_value", "split_timeline", "crosstab", "report",
                 "autocode_sentence", "agreement_character", "agreement_view"):
        assert figures[name]["median_s"] > 0 and figures[name]["baseline_s"] > 0
        expected = figures[name]["median_s"] / figures[name]["baseline_s"]
        assert figures[name]["ratio"] == pytest.approx(expected, rel=0.02)
    assert "baseline_s" not in figures["search"]
    assert set(report["peak_rss_mb"]) == {"corpus", "store", "json_baseline", "autocode",
                                          "merge", "agreement"}
    assert report["machine"]["cores"] >= 1 and report["versions"]["sqlite"]
    with Project.open(tmp_path / "big.annotator", create=False) as project:
        assert project.highlights.count() == 450
        for doc_id in project.documents.ids()[:5]:
            text = project.documents.text(doc_id)
            assert all(text[h.start : h.end] == h.quote for h in project.highlights.for_document(doc_id))
    _check_merge_figures(report, tmp_path)
    _check_comparison_figures(report, tmp_path)
    _check_report_figure(report, tmp_path)
    _check_autocode_figure(report, tmp_path)
    _check_search_figures(report, tmp_path)
    _check_agreement_figure(report, tmp_path)



def _check_report_figure(report: dict[str, Any], tmp_path: Path) -> None:
    """Fewer than 10,000 quotes in the tiny project: the report holds every quote of every
    document (each has an outlet), counted here highlight by highlight and in the file."""
    figure = report["figures"]["report"]
    with Project.open(tmp_path / "big.annotator", create=False) as project:
        quotes = sum(len(h.tag_ids) for d in project.documents.ids()
                     for h in project.highlights.for_document(d))
        assert (figure["quotes"], figure["tags"], figure["documents"]) == (
            quotes, len(project.tags.all()), project.documents.count())
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count("<blockquote") == quotes
    assert figure["file_mb"] == pytest.approx(len(page.encode()) / 1e6, abs=0.01)


def test_the_report_figure_takes_the_fewest_outlets_then_tags_that_reach_its_size(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.in_memory() as project:
        tags = [project.tags.create(name)[0] for name in ("a", "b", "c")]
        for index in range(8):
            document = add_text(project, f"one two {index}", title=f"d{index}")
            project.variables.set_value([document], comparison.VARIABLE,
                                        f"{comparison.VARIABLE}-{index % 4:02d}")
            for tag in tags:
                project.highlights.create(document, 0, 3, [tag])
        # each outlet value: 2 documents, so 2 quotes of each tag
        monkeypatch.setattr(report_figure, "QUOTES", 5)
        within, chosen, quotes = report_figure.report_selection(project)
        assert (chosen, quotes) == (tuple(tags), 6)
        assert within.values == {comparison.VARIABLE: frozenset({f"{comparison.VARIABLE}-00"})}
        monkeypatch.setattr(report_figure, "QUOTES", 7)
        within, chosen, quotes = report_figure.report_selection(project)
        assert (chosen, quotes) == (tuple(tags[:2]), 8)
        assert len(within.values[comparison.VARIABLE]) == 2


def _check_autocode_figure(report: dict[str, Any], tmp_path: Path) -> None:
    """The figure names the matches of the phrase and makes one highlight per sentence
    holding it; the generated sentences end with ". ", so they are counted by a split."""
    phrase = re.compile(re.escape(figures.AUTOCODE_PHRASE), re.IGNORECASE)
    figure = report["figures"]["autocode_sentence"]
    with Project.open(tmp_path / "autocode.annotator", create=False) as project:
        texts = {d: project.documents.text(d) for d in project.documents.ids()}
        tag = project.tags.resolve("bench/context-0")
        quotes = [h.quote for d in texts for h in project.highlights.for_document(d)
                  if tag in h.tag_ids]
    sentences = [s for text in texts.values() for line in text.split("\n")
                 for s in re.split(r"(?<=\.) ", line) if phrase.search(s)]
    assert figure["hits"] == sum(len(phrase.findall(t)) for t in texts.values()) > 0
    assert figure["documents"] == sum(1 for t in texts.values() if phrase.search(t))
    assert sorted(quotes) == sorted(sentences) and figure["highlights"] == len(sentences)


def _check_search_figures(report: dict[str, Any], tmp_path: Path) -> None:
    """The search figures have baselines and name what they listed: as many documents and
    hits as regular expressions find in the project's texts."""
    with Project.open(tmp_path / "big.annotator", create=False) as project:
        texts = [project.documents.text(i) for i in project.documents.ids()]
    listed = report["figures"]["search_list"]
    assert listed["median_s"] > 0 and listed["baseline_s"] > 0
    phrase = r"\bsecurity\W+cooperation\b"
    assert listed["documents"]['"security cooperation"'] == sum(
        bool(re.search(phrase, t, re.IGNORECASE)) for t in texts)
    kwic = report["figures"]["search_kwic"]
    for query, pattern in (('"security cooperation"', phrase), ("water", r"\bwater\b")):
        assert kwic[query]["median_s"] > 0 and kwic[query]["baseline_s"] > 0
        assert kwic[query]["hits"] == min(1000, sum(
            len(re.findall(pattern, t, re.IGNORECASE)) for t in texts))


def _check_agreement_figure(report: dict[str, Any], tmp_path: Path) -> None:
    """Two coders, each with half the highlights, and every document coded by both."""
    figure = report["figures"]["agreement_character"]
    with Project.open(tmp_path / "agreement" / "agreement.annotator", create=False) as project:
        coders = [h.coder for d in project.documents.ids() for h in project.highlights.for_document(d)]
        assert figure["highlights"] == len(coders) == 400
        assert coders.count("first coder") == coders.count("second coder")
        assert figure["documents"] == project.documents.count() == 40
    assert 0 < figure["overall_alpha"] < 1
    view = report["figures"]["agreement_view"]
    assert view["baseline_s"] == figure["median_s"]
    assert view["disagreements"] == _character_disagreements(tmp_path / "agreement" /
                                                             "agreement.annotator")
    assert view["listed"] == min(2000, view["disagreements"])


def _character_disagreements(path: Path) -> int:
    """Maximal runs of characters where one coder has a tag and the other not, counted
    per character over every document and tag."""
    runs = 0
    with Project.open(path, create=False) as project:
        tags = [t.id for t in project.tags.all()]
        for doc in project.documents.ids():
            length = len(project.documents.text(doc))
            marks = {}
            for h in project.highlights.for_document(doc):
                for tag in h.tag_ids:
                    covered = marks.setdefault((h.coder, tag), bytearray(length))
                    covered[h.start:h.end] = b"\x01" * (h.end - h.start)
            for tag in tags:
                first = marks.get(("first coder", tag), bytearray(length))
                second = marks.get(("second coder", tag), bytearray(length))
                differs = [a != b for a, b in zip(first, second, strict=True)]
                runs += sum(1 for i, d in enumerate(differs) if d and (i == 0 or not differs[i - 1]))
    return runs


def _check_comparison_figures(report: dict[str, Any], tmp_path: Path) -> None:
    """Every document has one of the 20 values; the figures name what they measured."""
    figures = report["figures"]
    with Project.open(tmp_path / "big.annotator", create=False) as project:
        values = dict(project.variables.values(comparison.VARIABLE))
        assert len(values) == comparison.GROUPS and sum(values.values()) == 41
        assert figures["filter_by_value"]["documents"] == values[f"{comparison.VARIABLE}-07"]
        value_of = project.variables.value_map(comparison.VARIABLE)
        assert figures["crosstab"]["nonzero_cells"] == len(
            {(t, value_of[h.document_id])
             for d in project.documents.ids() for h in project.highlights.for_document(d)
             for t in h.tag_ids})
        assert figures["crosstab"]["cells"] == len(project.tags.all()) * comparison.GROUPS
        assert figures["split_timeline"]["rows"] > 0


def _check_merge_figures(report: dict[str, Any], tmp_path: Path) -> None:
    """Both merge figures name the generated file's true size and counts and its rate, and
    merging it again added nothing."""
    merged = report["figures"]["merge_json"]
    dataset = read_coded_dataset(tmp_path / "merge" / "dataset.json")
    for figure in (merged, report["figures"]["merge_json_again"]):
        assert figure["file_mb"] == pytest.approx(0.3, rel=0.25)
        assert (figure["documents"], figure["highlights"], figure["tags"]) == (
            len(dataset.documents), len(dataset.annotations), len(dataset.tags))
        assert figure["s_per_mb"] == pytest.approx(figure["median_s"] / figure["file_mb"],
                                                   rel=0.01)
        assert figure["baseline_s"] == merged["baseline_s"]  # one json.loads baseline
    from_project = report["figures"]["merge_project"]
    assert from_project["baseline_s"] == merged["median_s"]  # the same records from JSON
    assert from_project["highlights"] == len(dataset.annotations)
    with Project.open(tmp_path / "merge" / "from-project.annotator", create=False) as project:
        assert project.highlights.count() == len(dataset.annotations)
    with Project.open(tmp_path / "merge" / "merged.annotator", create=False) as project:
        assert project.documents.count() == merged["documents"]  # merged again: no copies
        assert project.highlights.count() == merged["highlights"]


def test_generated_dataset_is_deterministic_valid_and_shaped_like_a_study(
    tmp_path: Path
) -> None:
    first, again = tmp_path / "a.json", tmp_path / "b.json"
    size = write_dataset(first, 2)
    write_dataset(again, 2)
    assert first.read_bytes() == again.read_bytes()
    assert size.mb == pytest.approx(2, rel=0.1)
    jsonschema.Draft202012Validator(json.loads(schema_text())).validate(
        json.loads(first.read_text(encoding="utf-8")))
    dataset = read_coded_dataset(first)  # every quote checked against its text
    assert (size.documents, size.highlights, size.tags) == (
        len(dataset.documents), len(dataset.annotations), len(dataset.tags))
    assert [t.name for t in dataset.tags if t.parent is None] == list(THEMES)
    assert len(dataset.tags) == 300 and 100 < size.documents < 200
    lengths = sorted(len(d.text or "") for d in dataset.documents)
    assert lengths[0] >= 1_500 and lengths[len(lengths) // 2] < 8_000
    assert size.highlights > 10 * size.documents
    assert any(a.memo for a in dataset.annotations) and any(len(a.tags) > 1
                                                           for a in dataset.annotations)
    assert len({a.coder for a in dataset.annotations}) == 3
