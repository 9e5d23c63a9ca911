"""Building reports: quotes and counts against the project's own records (read back per
document, not through the report's queries), with any text; previews cut short but
counted whole; which tags and documents; refusals that leave the target alone."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import NotFoundError, UserError
from annotator.domain.filters import DocumentFilter
from annotator.domain.model import NewDocument
from annotator.domain.report import Report
from annotator.services import Project
from annotator.services.reporting import (
    PreviewLimits,
    ReportOptions,
    build_report,
    describe_filter,
    preview_report,
    with_subtags,
    write_report,
)

WORDS = ("water", "security", "мигранты", "水", "👩‍👩‍👧", "e\u0301te", "مياه", "border")


def coded_project(seed: int, documents: int = 12) -> Project:
    """Documents of random words (some undated, some with an ``outlet``), three tags (one
    under another), random highlights with one or two tags."""
    rng = random.Random(seed)
    project = Project.in_memory(coder="alice")
    water = project.tags.create("water")[0]
    security = project.tags.create("security")[0]
    police = project.tags.create("police", parent_id=security)[0]
    tags = [water, security, police]
    for index in range(documents):
        text = "\n".join(" ".join(rng.choice(WORDS) for _ in range(8)) for _ in range(3))
        date = None if index % 5 == 0 else f"20{10 + index % 7}-0{1 + index % 9}-1{index % 10}"
        attributes = {"outlet": rng.choice(("RT", "TASS"))} if index % 3 else {}
        doc = project.documents.add(NewDocument(f"Doc {rng.randrange(1000)}", text, date, "",
                                                attributes)).document_id
        for _ in range(rng.randrange(4)):
            start = rng.randrange(len(text) - 1)
            end = rng.randrange(start + 1, len(text) + 1)
            project.highlights.create(doc, start, end, rng.sample(tags, rng.choice((1, 2))),
                                      memo=rng.choice(("", "a memo", "<b>memo</b>")))
    return project


def recount(project: Project, documents: set[int] | None = None
            ) -> dict[int, list[tuple[int, int, int, str, str]]]:
    """Per tag: ``(document, start, end, quote, memo)`` of every highlight, read back
    document by document, in the report's order (date, undated last; id; start)."""
    found: dict[int, list[tuple[tuple[object, ...], tuple[int, int, int, str, str]]]] = {
        t.id: [] for t in project.tags.all()}
    for document_id in project.documents.ids():
        if documents is not None and document_id not in documents:
            continue
        document = project.documents.get(document_id)
        key = (document.date is None, document.date or "", document_id)
        for highlight in project.highlights.for_document(document_id):
            assert document.text[highlight.start:highlight.end] == highlight.quote
            for tag_id in highlight.tag_ids:
                found[tag_id].append(((*key, highlight.start, highlight.end, highlight.id),
                                      (document_id, highlight.start, highlight.end,
                                       highlight.quote, highlight.memo)))
    return {tag: [row for _, row in sorted(rows)] for tag, rows in found.items()}


def listed(report: Report) -> dict[int, list[tuple[int, int, int, str, str]]]:
    return {s.tag_id: [(g.document_id, q.start, q.end, q.quote, q.memo)
                       for g in s.groups for q in g.quotes] for s in report.sections}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_every_quote_and_count_is_the_projects(seed: int) -> None:
    with coded_project(seed) as project:
        report = build_report(project, ReportOptions(with_memos=True))
        expected = recount(project)
        assert listed(report) == expected
        for section in report.sections:
            assert section.quotes == len(expected[section.tag_id])
            assert section.documents == len({row[0] for row in expected[section.tag_id]})
            assert section.omitted == 0
            for group in section.groups:
                text = project.documents.get(group.document_id).text
                assert all(text[q.start:q.end] == q.quote for q in group.quotes)
            ids = [g.document_id for g in section.groups]
            assert len(ids) == len(set(ids))  # one group per document
        assert report.complete
        assert [s.path for s in report.sections] == [("water",), ("security",),
                                                     ("security", "police")]


def test_memos_only_when_asked() -> None:
    with coded_project(3) as project:
        memos = {q.memo for s in build_report(project, ReportOptions()).sections
                 for g in s.groups for q in g.quotes}
        assert memos == {""}
        with_memos = {q.memo for s in build_report(project, ReportOptions(with_memos=True))
                      .sections for g in s.groups for q in g.quotes}
        assert with_memos - {""}


def test_a_filter_keeps_the_quotes_of_its_documents() -> None:
    with coded_project(5, documents=30) as project:
        where = DocumentFilter(values={"outlet": frozenset({"RT"})})
        chosen = set(project.documents.select(where))
        assert 0 < len(chosen) < 30
        report = build_report(project, ReportOptions(documents=where, with_memos=True))
        assert listed(report) == recount(project, chosen)
        assert report.conditions == ("outlet = RT",)


@pytest.mark.parametrize("where", [None, DocumentFilter(values={"outlet": frozenset({"RT"})})])
def test_a_preview_lists_the_first_quotes_but_counts_them_all(where: DocumentFilter | None
                                                             ) -> None:
    with coded_project(8, documents=80) as project:
        rare = project.tags.create("rare")[0]  # one quote, in the last document listed
        last = project.documents.select(where or DocumentFilter(), "date")[-1]
        project.highlights.create(last, 0, 3, [rare])
        options = ReportOptions(documents=where)
        whole = build_report(project, options)
        preview = build_report(project, options, PreviewLimits(per_tag=3, total=10))
        assert not preview.complete
        for full, cut in zip(whole.sections, preview.sections, strict=True):
            assert (cut.quotes, cut.documents) == (full.quotes, full.documents)
            assert cut.shown <= 3 and cut.shown + cut.omitted == full.quotes
            assert listed(preview)[cut.tag_id] == listed(whole)[full.tag_id][:cut.shown]
        assert [s.shown for s in preview.sections] == [3, 3, 3, 1]
        cut_short = build_report(project, options, PreviewLimits(per_tag=3, total=8))
        assert [s.shown for s in cut_short.sections] == [3, 3, 2, 0]
        assert listed(preview)[rare] == [(last, 0, 3, project.documents.text(last)[:3], "")]
        shown = preview_report(project, options, PreviewLimits(per_tag=3, total=10))
        assert (shown.tags, shown.quotes, shown.complete) == (4, whole.quote_count, False)
        assert shown.html.count("<blockquote") == 10


def test_codebook_example_is_the_longest_quote_up_to_400_characters() -> None:
    with Project.in_memory() as project:
        text = "short. " + "a medium sentence of some length. " + "x" * 500
        doc = project.documents.add(NewDocument("T", text)).document_id
        tag = project.tags.create("t")[0]
        long_only = project.tags.create("long")[0]
        project.tags.create("empty")
        spans = [(0, 5), (7, 40), (40, len(text))]
        for start, end in spans:
            project.highlights.create(doc, start, end, [tag])
        project.highlights.create(doc, 40, len(text), [long_only])
        project.highlights.create(doc, 30, len(text), [long_only])
        report = build_report(project, ReportOptions(kind="codebook"))
        examples = {s.path[-1]: s.example for s in report.sections}
        assert examples["t"] is not None and examples["long"] is not None
        assert [q.quote for q in examples["t"].quotes] == [text[7:40]]
        assert [q.quote for q in examples["long"].quotes] == [text[40:]]  # the shortest
        assert examples["empty"] is None
        assert all(not s.groups for s in report.sections)


def test_chosen_tags_with_their_subtags_in_tree_order() -> None:
    with coded_project(2) as project:
        security = project.tags.resolve("security")
        police = project.tags.resolve("police")
        assert set(with_subtags(project, [security])) == {security, police}
        assert with_subtags(project, [police]) == (police,)
        report = build_report(project, ReportOptions(tag_ids=(police, security)))
        assert [s.tag_id for s in report.sections] == [security, police]
        with pytest.raises(NotFoundError):
            build_report(project, ReportOptions(tag_ids=(999,)))


def test_filters_are_described_in_words() -> None:
    paths = {1: ("security", "police")}
    where = DocumentFilter(text="gas", first_day="2018", last_day="2019-06", tag_ids={1},
                           values={"outlet": frozenset({"RT", None})})
    assert describe_filter(where, paths) == (
        "containing gas", "dated 2018 to 2019-06", "tagged with any of security › police",
        "outlet = RT or no value")
    assert describe_filter(DocumentFilter(), paths) == ()


@pytest.mark.parametrize("name", ["report.txt", "report", "folder"])
def test_a_target_without_a_report_format_is_refused_untouched(tmp_path: Path,
                                                               name: str) -> None:
    (tmp_path / "folder.html").mkdir()
    target = tmp_path / name
    if name != "folder":
        target.write_text("kept", encoding="utf-8")
    else:
        target = tmp_path / "folder.html"
    with coded_project(1) as project, pytest.raises(UserError) as refused:
        write_report(project, target, ReportOptions())
    assert str(target) in str(refused.value)
    if target.is_file():
        assert target.read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {"folder.html", name} - {"folder"})


@pytest.mark.parametrize("limits", [None, PreviewLimits(per_tag=3, total=10)])
def test_a_coder_filter_keeps_only_that_coders_quotes(limits: PreviewLimits | None) -> None:
    with coded_project(11, documents=40) as project:
        project.coder = "bob"  # bob codes the same documents again, in other places
        rng = random.Random(3)
        water = project.tags.resolve("water")
        for document_id in project.documents.ids()[::2]:
            project.highlights.create(document_id, 0, 1 + rng.randrange(20), [water])
        where = DocumentFilter(coders=frozenset({"bob"}))
        bobs = {h.id for d in project.documents.ids() for h in project.highlights.for_document(d)
                if h.coder == "bob"}
        expected = {tag: [row for row in rows if any(
            h.id in bobs and (h.document_id, h.start, h.end) == row[:3]
            for h in project.highlights.for_document(row[0]))]
            for tag, rows in recount(project).items()}
        report = build_report(project, ReportOptions(documents=where, with_memos=True),
                              limits)
        for section in report.sections:
            wanted = expected[section.tag_id]
            assert section.quotes == len(wanted)
            assert listed(report)[section.tag_id] == wanted[:section.shown]
        assert sum(s.quotes for s in report.sections) == len(bobs)
