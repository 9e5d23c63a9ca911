"""The project's agreement report against per-character arrays fed to the ``krippendorff``
package and a textbook kappa (tests/reference_kappa.py), built here from the spans the
test itself coded."""

from __future__ import annotations

import random
import warnings

import krippendorff
import numpy as np
import pytest

from annotator.domain.errors import UserError
from annotator.services import Project
from annotator.services.agreement import agreement
from helpers import add_text
from reference_kappa import textbook_kappa

TAGS = ("security", "migration", "water")


def _coded_project(seed: int, coders: tuple[str, ...]):
    """Five documents; each coder codes random spans with random tags, except that the
    last coder leaves document 5 alone (so it is not compared). Returns the project,
    the compared documents' texts and every ``(coder, document, tag, start, end)``."""
    rnd = random.Random(seed)
    project = Project.in_memory(coder=coders[0])
    tag_ids = {name: project.tags.create(name)[0] for name in TAGS}
    texts = {}
    for n in range(5):
        text = "".join(rnd.choice("abc de\n") for _ in range(rnd.randint(50, 300)))
        texts[add_text(project, text, title=f"doc {n}")] = text
    coded = []
    for coder in coders:
        project.coder = coder
        for doc, text in texts.items():
            if coder == coders[-1] and doc == max(texts):
                continue
            for _ in range(rnd.randint(1, 6)):
                start = rnd.randrange(len(text) - 1)
                end = rnd.randint(start + 1, min(len(text), start + 60))
                names = rnd.sample(TAGS, rnd.randint(1, 2))
                project.highlights.create(doc, start, end, [tag_ids[t] for t in names])
                coded += [(coder, doc, name, start, end) for name in names]
    compared = {d: t for d, t in texts.items() if d != max(texts)}
    return project, compared, coded


def _characters(compared, coded, coders, tag):
    """One array per coder: 1/0 for every character of the compared documents."""
    arrays = []
    for coder in coders:
        parts = []
        for doc, text in compared.items():
            values = np.zeros(len(text), dtype=int)
            for c, d, name, start, end in coded:
                if (c, d, name) == (coder, doc, tag):
                    values[start:end] = 1
            parts.append(values)
        arrays.append(np.concatenate(parts))
    return arrays


def _documents(compared, coded, coders, tag):
    return [np.array([int(any((c, d, name) == (coder, doc, tag) for c, d, name, _, _ in coded))
                      for doc in compared]) for coder in coders]


def _expected(arrays, two):
    with warnings.catch_warnings():  # both libraries warn where a coefficient is undefined
        warnings.simplefilter("ignore")
        alpha = krippendorff.alpha(reliability_data=np.vstack(arrays),
                                   level_of_measurement="nominal", value_domain=[0, 1])
        kappa = textbook_kappa(arrays[0], arrays[1]) if two else None
    agree = np.mean(np.all(np.vstack(arrays) == arrays[0], axis=0))
    return agree, kappa, alpha


@pytest.mark.parametrize("coders", [("ann", "bob"), ("ann", "bob", "cem")])
@pytest.mark.parametrize("unit", ["character", "document"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_per_tag_and_overall_against_independent_implementations(coders, unit, seed):
    project, compared, coded = _coded_project(seed, coders)
    report = agreement(project, unit=unit)
    assert report.coders == tuple(sorted(coders)) and report.documents == len(compared)
    build = _characters if unit == "character" else _documents
    per_tag = {tag: build(compared, coded, sorted(coders), tag) for tag in TAGS}
    rows = {row.name: row.row for row in report.tags}
    assert set(rows) == set(TAGS)
    for tag, arrays in per_tag.items():
        _check(rows[tag], arrays, len(coders) == 2)
    pooled = [np.concatenate([per_tag[t][c] for t in TAGS]) for c in range(len(coders))]
    _check(report.overall, pooled, len(coders) == 2)


def _check(row, arrays, two):
    agree, kappa, alpha = _expected(arrays, two)
    assert row.units == len(arrays[0])
    assert row.percent_agreement.value == pytest.approx(agree)
    if np.isnan(alpha):
        assert row.alpha.value is None and row.alpha.reason
    else:
        assert row.alpha.value == pytest.approx(alpha)
    if kappa is None or np.isnan(kappa):
        assert row.kappa.value is None and row.kappa.reason
    else:
        assert row.kappa.value == pytest.approx(kappa)


def test_segment_unit_counts_matching_segments():
    project = Project.in_memory(coder="ann")
    tag = project.tags.create("security")[0]
    doc = add_text(project, "x" * 100)
    project.highlights.create(doc, 0, 10, [tag])
    project.highlights.create(doc, 50, 60, [tag])
    project.coder = "bob"
    project.highlights.create(doc, 1, 10, [tag])  # 9 of 10 shared
    project.highlights.create(doc, 80, 90, [tag])
    report = agreement(project, unit="segment", overlap=0.9)
    assert report.kappa_kind == "brennan-prediger" and report.documents == 1
    row = report.tags[0].row
    assert (row.units, row.percent_agreement.value) == (4, 0.5)
    assert row.kappa.value == pytest.approx((0.5 - 0.5) / 0.5)
    assert row.alpha.value is None and "segment" in row.alpha.reason
    strict = agreement(project, unit="segment", overlap=0.95).tags[0].row
    assert strict.percent_agreement.value == 0


def test_choosing_coders_and_tags():
    project, compared, coded = _coded_project(7, ("ann", "bob", "cem"))
    report = agreement(project, coders=["cem", "ann"], tags=["water"])
    assert report.coders == ("cem", "ann") and [t.name for t in report.tags] == ["water"]
    arrays = _characters(compared, coded, ["cem", "ann"], "water")
    _check(report.tags[0].row, arrays, True)
    _check(report.overall, arrays, True)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"coders": ["ann", "zed"]}, "no highlights by coder 'zed'"),
    ({"coders": ["ann"]}, "at least two coders"),
    ({"tags": ["nothing"]}, "no tag called 'nothing'"),
    ({"unit": "word"}, "unknown unit 'word'"),
    ({"overlap": 1.5}, "overlap 1.5"),
])
def test_bad_requests_are_refused_in_one_line(kwargs, message):
    project, _, _ = _coded_project(1, ("ann", "bob"))
    with pytest.raises(UserError, match=message):
        agreement(project, **kwargs)


def test_a_project_with_one_coder_says_so():
    project = Project.in_memory(coder="ann")
    doc = add_text(project, "some text")
    project.highlights.create(doc, 0, 4, [project.tags.create("t")[0]])
    with pytest.raises(UserError, match="the project has: ann"):
        agreement(project)
