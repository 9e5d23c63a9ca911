"""The disagreement list and "keep A's", on projects the test codes itself; the expected
stretches are recomputed per character from the spans the test made."""

from __future__ import annotations

import random

import pytest

from annotator.domain.errors import UserError
from annotator.services import Project
from annotator.services.agreement import agreement, compared_coding
from annotator.services.coding_edit import redo_coding, undo_coding
from annotator.services.disagreements import disagreements
from annotator.services.settling import keep_coding
from helpers import add_text

TEXT = "Water 😀 rights and border security. Migration: ثم 中文 e\u0301 water.\nMore text"


def _coded(seed: int):
    """Three documents coded at random by ann and bob with two tags; returns the project,
    the texts and every ``(coder, document, tag_id, start, end)``."""
    rnd = random.Random(seed)
    project = Project.in_memory(coder="ann")
    tags = [project.tags.create(n)[0] for n in ("water", "security")]
    texts = {add_text(project, TEXT * (n + 1), title=f"doc {n}"): TEXT * (n + 1)
             for n in range(3)}
    coded = []
    for coder in ("ann", "bob"):
        project.coder = coder
        for doc, text in texts.items():
            for _ in range(rnd.randint(1, 5)):
                start = rnd.randrange(len(text) - 1)
                end = rnd.randint(start + 1, min(len(text), start + 40))
                tag = rnd.choice(tags)
                project.highlights.create(doc, start, end, [tag])
                coded.append((coder, doc, tag, start, end))
    return project, texts, coded


def _brute_stretches(texts, coded):
    """(document, tag, start, end) of every maximal run where ann and bob differ."""
    found = []
    tags = sorted({c[2] for c in coded})
    for doc, text in texts.items():
        for tag in tags:
            values = [[any(c == coder and d == doc and t == tag and s <= i < e
                           for c, d, t, s, e in coded) for i in range(len(text))]
                      for coder in ("ann", "bob")]
            opened = None
            for i in range(len(text) + 1):
                differs = i < len(text) and values[0][i] != values[1][i]
                if differs and opened is None:
                    opened = i
                elif not differs and opened is not None:
                    found.append((doc, tag, opened, i))
                    opened = None
    return sorted(found)


@pytest.mark.parametrize("seed", range(6))
def test_character_disagreements_are_the_runs_where_the_coders_differ(seed):
    project, texts, coded = _coded(seed)
    coding = compared_coding(project)
    found = disagreements(project, coding, "character", 0.9).found
    assert sorted((d.document_id, d.tag_id, d.start, d.end) for d in found) == \
        _brute_stretches(texts, coded)
    for item in found:
        assert item.text == texts[item.document_id][item.start:item.end]
        assert item.title == f"doc {list(texts).index(item.document_id)}"
    # Their lengths are the disagreeing character units of the report.
    report = agreement(project, unit="character")
    for row in report.tags:
        lengths = sum(d.end - d.start for d in found if d.tag_id == row.tag_id)
        assert lengths == round(row.row.units * (1 - row.row.percent_agreement.value))


def test_segment_disagreements_are_the_unmatched_segments():
    project = Project.in_memory(coder="ann")
    tag = project.tags.create("water")[0]
    doc = add_text(project, TEXT)
    project.highlights.create(doc, 0, 10, [tag])
    project.highlights.create(doc, 20, 30, [tag])
    project.coder = "bob"
    project.highlights.create(doc, 0, 10, [tag])
    project.highlights.create(doc, 22, 30, [tag])
    found = disagreements(project, compared_coding(project), "segment", 0.9).found
    assert [(d.coder, d.start, d.end) for d in found] == [("ann", 20, 30), ("bob", 22, 30)]
    assert found[0].quotes == (TEXT[20:30], TEXT[22:30])


def test_a_quote_is_the_coders_coding_over_the_reach():
    project = Project.in_memory(coder="ann")
    tag = project.tags.create("water")[0]
    doc = add_text(project, TEXT)
    project.highlights.create(doc, 0, 30, [tag])
    project.coder = "bob"
    project.highlights.create(doc, 5, 12, [tag])
    project.highlights.create(doc, 20, 25, [tag])
    found = disagreements(project, compared_coding(project), "character", 0.9).found
    assert [(d.start, d.end) for d in found] == [(0, 5), (12, 20), (25, 30)]
    assert {d.quotes for d in found} == {(TEXT[0:30], TEXT[5:12] + " … " + TEXT[20:25])}


def _state(project):
    return sorted((h.id, h.guid, h.document_id, h.start, h.end, h.quote, h.memo, h.coder,
                   h.created_at, h.modified_at, h.tag_ids, h.modified_by)
                  for h in project.store.highlights.iterate())


@pytest.mark.parametrize("seed", range(6))
def test_keeping_a_coders_coding_settles_it_and_undo_restores_every_highlight(seed):
    project, _texts, _coded_spans = _coded(seed)
    project.coder = "lead"
    coding = compared_coding(project)
    for item in disagreements(project, coding, "character", 0.9).found[:3]:
        before = _state(project)
        try:
            edit = keep_coding(project, item.document_id, item.tag_id,
                               (item.start, item.end), "bob", ["ann", "bob"])
        except UserError:
            continue  # settled by an earlier keep over the same reach
        settled = disagreements(project, compared_coding(project), "character", 0.9).found
        assert not [d for d in settled if (d.document_id, d.tag_id) ==
                    (item.document_id, item.tag_id) and d.start < item.end
                    and d.end > item.start]
        after = _state(project)
        undo_coding(project, edit)
        assert _state(project) == before
        redo_coding(project, edit)
        assert _state(project) == after


def test_keep_cuts_the_larger_highlight_and_keeps_its_memo():
    project = Project.in_memory(coder="ann")
    water, security = (project.tags.create(n)[0] for n in ("water", "security"))
    doc = add_text(project, TEXT)
    project.highlights.create(doc, 10, 20, [water])
    project.coder = "bob"
    big = project.highlights.create(doc, 0, 40, [water], memo="why")[0]
    both = project.highlights.create(doc, 50, 60, [water, security])[0]
    project.coder = "lead"
    keep_coding(project, doc, water, (0, 10), "ann", ["ann", "bob"])
    record = project.highlights.get(big)
    assert (record.start, record.end, record.quote, record.memo) == (10, 20, TEXT[10:20], "why")
    assert (record.coder, record.modified_by) == ("bob", "lead")
    keep_coding(project, doc, water, (50, 60), "ann", ["ann", "bob"])
    assert project.highlights.get(both).tag_ids == (security,)
    with pytest.raises(UserError, match="agree there already"):
        keep_coding(project, doc, water, (0, 10), "ann", ["ann", "bob"])


def test_keep_gives_the_other_coder_a_highlight_they_lacked():
    project = Project.in_memory(coder="ann")
    water = project.tags.create("water")[0]
    doc = add_text(project, TEXT)
    project.highlights.create(doc, 10, 20, [water])
    project.coder = "bob"
    project.highlights.create(doc, 30, 35, [water])
    project.coder = "lead"
    edit = keep_coding(project, doc, water, (10, 20), "ann", ["ann", "bob"])
    (made,) = [project.highlights.get(i) for i in edit.created]
    assert (made.coder, made.start, made.end, made.tag_ids) == ("bob", 10, 20, (water,))


def test_a_limited_list_is_the_first_ones_and_counts_them_all():
    project, _texts, _coded_spans = _coded(2)
    coding = compared_coding(project)
    every = disagreements(project, coding, "character", 0.9)
    first = disagreements(project, coding, "character", 0.9, limit=3)
    assert every.total == len(every.found) > 3
    assert first.found == every.found[:3] and first.total == every.total
