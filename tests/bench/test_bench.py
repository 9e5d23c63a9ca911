"""``annotator bench`` at a tiny scale: the report has the promised shape and true counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.bench import corpus
from annotator.bench.run import run_bench
from annotator.formats.plain_text import title_and_date
from annotator.services import Project


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
                              "big_characters": 20_000, "big_highlights": 50})
    # the corpus, plus one long document with its own highlights (the editor's figure)
    assert report["scale"] == {"documents": 41, "highlights": 450}
    figures = report["figures"]
    for name in ("import", "timeline", "export_json"):
        assert figures[name]["median_s"] > 0 and figures[name]["baseline_s"] > 0
        expected = figures[name]["median_s"] / figures[name]["baseline_s"]
        assert figures[name]["ratio"] == pytest.approx(expected, rel=0.02)
    assert "baseline_s" not in figures["search"]
    assert set(report["peak_rss_mb"]) == {"corpus", "store", "json_baseline"}
    assert report["machine"]["cores"] >= 1 and report["versions"]["sqlite"]
    with Project.open(tmp_path / "big.annotator", create=False) as project:
        assert project.highlights.count() == 450
        for doc_id in project.documents.ids()[:5]:
            text = project.documents.text(doc_id)
            assert all(text[h.start : h.end] == h.quote for h in project.highlights.for_document(doc_id))
