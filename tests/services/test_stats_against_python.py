"""Every stats number equals a count computed independently in Python from the records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.errors import UserError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.statistics import compute_stats

dates = st.one_of(
    st.none(),
    st.dates(dt.date(1789, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.isoformat()),
    st.dates(dt.date(1789, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.isoformat() + "T09:30"),
    st.integers(1789, 2030).map(str),
    st.dates(dt.date(1789, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.isoformat()[:7]),
)


def full_day(date: str) -> str:
    return date + "-01-01" if len(date) == 4 else date + "-01" if len(date) == 7 else date[:10]


def expected_period(date: str, by: str) -> str | None:
    """The period of ``date``; ``None`` when the date is coarser than the period (a
    year-only date outside years, a month-only date in days and weeks)."""
    if (len(date) == 4 and by != "year") or (len(date) == 7 and by in ("day", "week")):
        return None
    full = full_day(date)
    day = dt.date.fromisoformat(full)
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return full[: {"day": 10, "month": 7, "year": 4}[by]]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(dates, min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 8), st.sets(st.integers(0, 3), max_size=3)), max_size=25),
    st.lists(st.tuples(st.integers(0, 5), dates), max_size=3),
    st.booleans(),
    st.sampled_from(["day", "week", "month", "quarter", "year"]),
)
def test_stats_match_independent_counts(doc_dates, marks, redates, merge, by) -> None:  # type: ignore[no-untyped-def]
    with Project.in_memory() as project:
        docs = [project.documents.add(NewDocument(f"d{i}", f"text number {i} here", date)).document_id
                for i, date in enumerate(doc_dates)]
        tags = [project.tags.create(f"t{i}")[0] for i in range(4)]
        for doc_index, start, tag_indexes in marks:
            doc = docs[doc_index % len(docs)]
            project.highlights.create(doc, start, start + 3, [tags[t] for t in tag_indexes])
        for doc_index, date in redates:  # a changed date must move the counts
            project.documents.update(docs[doc_index % len(docs)], date=date)
        if merge:
            project.tags.merge(tags[3], tags[0])
        report = compute_stats(project, by=by, measure="share")

        date_of = {d: project.documents.get(d).date for d in docs}
        highlights = [h for d in docs for h in project.highlights.for_document(d)]
        name = {t.id: t.name for t in project.tags.all()}
        cells: dict[tuple[str, str], list[object]] = defaultdict(lambda: [0, set()])
        totals: dict[str, list[object]] = defaultdict(lambda: [0, set()])
        for h in highlights:
            for tag_id in h.tag_ids:
                totals[name[tag_id]][0] += 1  # type: ignore[operator]
                totals[name[tag_id]][1].add(h.document_id)  # type: ignore[union-attr]
                period = expected_period(date_of[h.document_id] or "", by) \
                    if date_of[h.document_id] else None
                if period is not None:
                    cell = cells[(period, name[tag_id])]
                    cell[0] += 1  # type: ignore[operator]
                    cell[1].add(h.document_id)  # type: ignore[union-attr]
        dated_per_period: dict[str | None, int] = defaultdict(int)
        for date in date_of.values():
            if date is not None:
                dated_per_period[expected_period(date, by)] += 1
        days = sorted(full_day(d) for d in date_of.values() if d is not None)
        every_period: list[str] = []
        if days:
            day, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
            while day <= last:
                label = expected_period(day.isoformat(), by)
                if label is not None and (not every_period or every_period[-1] != label):
                    every_period.append(label)
                day += dt.timedelta(days=1)
        names = [t.name for t in project.tags.all()]

        assert {(t.path, t.highlights, t.documents) for t in report.tags if t.highlights} == {
            (n, c[0], len(c[1])) for n, c in totals.items()  # type: ignore[arg-type]
        }
        expected_rows = []
        for p in every_period:
            for n in names:
                c = cells.get((p, n), [0, set()])
                expected_rows.append(
                    (p, n, None, None, None, 0) if not dated_per_period[p] else
                    (p, n, c[0], len(c[1]), len(c[1]) / dated_per_period[p],  # type: ignore[arg-type]
                     dated_per_period[p]))
        assert [(r.period, r.tag, r.highlights, r.documents, r.share, r.period_documents)
                for r in report.timeline] == expected_rows
        assert report.periods is not None
        assert report.periods.imprecise_documents == dated_per_period[None]
        assert report.undated_documents == sum(1 for d in date_of.values() if d is None)
        assert report.undated_highlights == sum(
            1 for h in highlights if h.tag_ids and date_of[h.document_id] is None
        )
        assert [r.period for r in report.timeline] == sorted(r.period for r in report.timeline)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 30), st.integers(1, 12),
                          st.sets(st.integers(0, 3), min_size=1, max_size=3)), max_size=20))
def test_cooccurrence_matches_pairwise_overlaps(marks) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.statistics import cooccurrence

    with Project.in_memory() as project:
        docs = [project.documents.add(NewDocument(f"d{i}", "x" * 60)).document_id for i in range(3)]
        tags = [project.tags.create(f"t{i}")[0] for i in range(4)]
        made = []
        for doc_index, start, length, tag_indexes in marks:
            tag_set = {tags[t] for t in tag_indexes}
            project.highlights.create(docs[doc_index], start, start + length, sorted(tag_set))
            made.append((docs[doc_index], start, start + length, tag_set))
        by_highlights = cooccurrence(project, tags, by="highlights")
        by_documents = cooccurrence(project, tags, by="documents")
        for a in tags:
            for b in tags:
                if a == b:
                    expected_h = sum(1 for m in made if a in m[3])
                    expected_d = len({m[0] for m in made if a in m[3]})
                else:
                    expected_h = sum(
                        1 for x in made for y in made
                        if x[0] == y[0] and x[1] < y[2] and y[1] < x[2] and a in x[3] and b in y[3]
                    )
                    expected_d = len({m[0] for m in made if a in m[3]} & {m[0] for m in made if b in m[3]})
                assert by_highlights.get((a, b), 0) == expected_h, (a, b)
                assert by_documents.get((a, b), 0) == expected_d, (a, b)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["create", "delete", "add", "remove", "merge", "deltag", "deldoc"]),
                          st.integers(0, 50)), max_size=40))
def test_kept_tag_totals_always_equal_a_recount(operations) -> None:  # type: ignore[no-untyped-def]
    with Project.in_memory() as project:
        docs = [project.documents.add(NewDocument(f"d{i}", "word " * 20)).document_id for i in range(3)]
        tags = [project.tags.create(f"t{i}")[0] for i in range(4)]
        highlights: list[int] = []
        for op, n in operations:
            live_tags = [t.id for t in project.tags.all()]
            live_docs = project.documents.ids()
            if not live_tags or not live_docs:
                break
            if op == "create":
                doc = live_docs[n % len(live_docs)]
                highlights.append(project.highlights.create(doc, n % 50, n % 50 + 3, [live_tags[n % len(live_tags)]])[0])
            elif highlights and op in ("delete", "add", "remove"):
                hid = highlights[n % len(highlights)]
                try:
                    if op == "delete":
                        project.highlights.delete(hid)
                    elif op == "add":
                        project.highlights.add_tags(hid, [live_tags[n % len(live_tags)]])
                    else:
                        project.highlights.remove_tags(hid, [live_tags[n % len(live_tags)]])
                except UserError:
                    pass
            elif op == "merge" and len(live_tags) > 1:
                project.tags.merge(live_tags[n % len(live_tags)], live_tags[(n + 1) % len(live_tags)])
            elif op == "deltag":
                project.tags.delete(live_tags[n % len(live_tags)])
            elif op == "deldoc" and len(live_docs) > 1:
                project.documents.delete(live_docs[n % len(live_docs)])
            stats = project.store.stats
            assert stats.tag_totals() == stats.tag_totals_recounted()
        assert len(tags) == 4 and len(docs) == 3
