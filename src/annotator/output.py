"""Plain-text, CSV and JSON renderings of the CLI's results (no I/O besides the stream)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any, TextIO

from .domain.model import Attributes, DocumentSummary, TagCount
from .domain.tag_paths import tag_path_text
from .domain.wording import plural
from .services.statistics import StatsReport


def print_tags(counts: Sequence[TagCount], fmt: str, out: TextIO | None = None) -> None:
    """The codebook as an indented table, or JSON records (to ``out``, default stdout)."""
    out = out or sys.stdout
    if fmt == "json":
        records = [
            {"id": c.tag.id, "name": c.tag.name, "path": tag_path_text(c.path),
             "parent": c.tag.parent_id, "color": c.tag.color,
             "description": c.tag.description, "highlights": c.highlights,
             "documents": c.documents}
            for c in counts
        ]
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not counts:
        print("No tags yet.", file=out)
        return
    width = max(len("  " * (len(c.path) - 1) + c.tag.name) for c in counts)
    print(f"{'tag':<{width}}  {'highlights':>10}  {'documents':>9}  colour", file=out)
    for c in counts:
        label = "  " * (len(c.path) - 1) + c.tag.name
        print(f"{label:<{width}}  {c.highlights:>10}  {c.documents:>9}  {c.tag.color}", file=out)


#: Fields of a timeline row that only some measures have.
_MEASURE_FIELDS = {"share": ("share", "ci_low", "ci_high"), "rate": ("rate",)}


def stats_json(report: StatsReport) -> dict[str, object]:
    """The ``stats --format json`` object: tags, timeline (a row per period and tag, a
    gap's measures ``null``), every period's N, imprecise dates and undated counts."""
    timeline = []
    for row in report.timeline:
        record = asdict(row)
        del record["tag_id"]
        for measure, names in _MEASURE_FIELDS.items():
            if report.measure != measure:
                for name in names:
                    del record[name]
        if report.split is None:
            del record["group"]
        timeline.append(record)
    tags = [asdict(t) for t in report.tags]
    if report.split is None:
        for record in tags:
            del record["group"]
    result: dict[str, object] = {
        "tags": tags,
        "timeline": timeline,
        "undated": {"documents": report.undated_documents,
                    "highlights": report.undated_highlights},
    }
    if report.periods is not None:
        groups = [g for g, _ in report.groups] if report.split is not None else [None]
        result["periods"] = [
            {"period": c.period, **({"group": c.group} if report.split is not None else {}),
             "documents": c.documents, "words": c.words}
            for c in report.periods.rows(groups)]
        result["imprecise"] = {
            "documents": report.periods.imprecise_documents,
            "words": sum(words for _, words in report.periods.imprecise.values())}
    if report.combine is not None:
        result["combine"] = report.combine
    if report.split is not None:
        result["split"] = report.split
        result["groups"] = [{"group": group, "documents": documents}
                            for group, documents in report.groups]
    return result


def print_stats(report: StatsReport, fmt: str, out: TextIO | None = None) -> None:
    """Stats as JSON or as two aligned tables (tags, then timeline); split by a variable,
    each table has a ``group`` column (``(no value)`` for documents without one)."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(stats_json(report), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    split = report.split is not None
    width = max([len(t.path) for t in report.tags] + [3])
    group_width = max([len(_group_label(g)) for g, _ in report.groups] + [5]) if split else 0

    def group(value: str | None) -> str:
        return f"  {_group_label(value):<{group_width}}" if split else ""

    head = f"  {'group':<{group_width}}" if split else ""
    print(f"{'tag':<{width}}{head}  {'highlights':>10}  {'documents':>9}", file=out)
    for t in report.tags:
        print(f"{t.path:<{width}}{group(t.group)}  {t.highlights:>10}  {t.documents:>9}",
              file=out)
    print(file=out)
    extra = _MEASURE_FIELDS.get(report.measure, ())
    print(f"{'period':<10}  {'tag':<{width}}{head}  {'highlights':>10}  {'documents':>9}"
          + "".join(f"  {name:>8}" for name in extra)
          + f"  {'in period':>9}  {'words':>9}", file=out)
    for r in report.timeline:
        measures = "".join(f"  {_cell(getattr(r, name), '8.4f'):>8}" for name in extra)
        print(f"{r.period:<10}  {r.tag:<{width}}{group(r.group)}  {_cell(r.highlights):>10}  "
              f"{_cell(r.documents):>9}{measures}  {_cell(r.period_documents):>9}  "
              f"{_cell(r.period_words):>9}", file=out)
    print(f"\nundated: {plural(report.undated_documents, 'document')}, "
          f"{plural(report.undated_highlights, 'highlight')}", file=out)
    if report.periods is not None:
        empty = len(report.periods.empty_periods()) if report.split is None else None
        if empty:
            print(f"periods without documents: {empty} (their measures are '-')", file=out)
        if report.periods.imprecise_documents:
            print(f"dated to the year or month only (not in these periods): "
                  f"{plural(report.periods.imprecise_documents, 'document')}", file=out)
    if split:
        print(f"\ngroups by {report.split}:", file=out)
        for value, documents in report.groups:
            print(f"  {_group_label(value):<{group_width}}  {plural(documents, 'document')}",
                  file=out)


def _cell(value: float | None, spec: str = "") -> str:
    """A number for the table; ``-`` for none (a period without documents)."""
    return "-" if value is None else format(value, spec)


def _group_label(group: str | None) -> str:
    return "(no value)" if group is None else group


def write_stats_csv(report: StatsReport, out: TextIO) -> None:
    """One CSV table: ``kind`` is ``tag``, ``timeline``, ``undated`` or ``imprecise``
    (documents dated to the year or month only, too coarse for the period: their count
    in ``documents``, their words in ``period_words``); split by a variable, a ``group``
    column follows ``tag`` (empty for documents without a value). A timeline row's empty
    cells are a gap (a period without documents) or a measure not asked for."""
    split = report.split is not None

    def group(value: str | None) -> list[str]:
        return ["" if value is None else value] if split else []

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "period", "tag", *(["group"] if split else []), "highlights",
                     "documents", "share", "ci_low", "ci_high", "rate", "period_documents",
                     "period_words"])
    blank = ["", "", "", "", "", ""]
    for t in report.tags:
        writer.writerow(["tag", "", t.path, *group(t.group), t.highlights, t.documents, *blank])
    for r in report.timeline:
        writer.writerow(["timeline", r.period, r.tag, *group(r.group), _csv(r.highlights),
                         _csv(r.documents), _csv(r.share), _csv(r.ci_low), _csv(r.ci_high),
                         _csv(r.rate), _csv(r.period_documents), _csv(r.period_words)])
    writer.writerow(["undated", "", "", *group(None), report.undated_highlights,
                     report.undated_documents, *blank])
    if report.periods is not None:
        imprecise = report.periods.imprecise
        writer.writerow(["imprecise", "", "", *group(None), "",
                         sum(d for d, _ in imprecise.values()), "", "", "", "", "",
                         sum(w for _, w in imprecise.values())])


def _csv(value: float | None) -> str | int | float:
    """A CSV cell: empty for none (a gap), a float with six decimals, an int as it is."""
    if value is None:
        return ""
    return f"{value:.6f}" if isinstance(value, float) else value


# -- documents ---------------------------------------------------------------------------------
def document_record(summary: DocumentSummary, attributes: Attributes) -> dict[str, object]:
    """A document as ``documents --format json`` lists it."""
    return {"id": summary.id, "title": summary.title, "date": summary.date,
            "source": summary.source, "attributes": attributes,
            "highlights": summary.highlight_count}


def write_documents(rows: Iterable[tuple[DocumentSummary, Attributes]], fmt: str,
                    variables: Sequence[str], out: TextIO | None = None) -> int:
    """Write documents as an aligned table (id, date, highlights, title), CSV (``id``,
    ``title``, ``date``, ``source``, ``highlights``, then ``attr:NAME`` for each of
    ``variables``: text as it is, other values as compact JSON) or a JSON array of
    :func:`document_record`; ``rows`` is consumed once, as it comes. Returns the rows
    written."""
    out = out or sys.stdout
    count = 0
    if fmt == "json":
        out.write("[")
        for summary, attributes in rows:
            out.write(",\n  " if count else "\n  ")
            out.write(json.dumps(document_record(summary, attributes), ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
        return count
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "title", "date", "source", "highlights",
                         *(f"attr:{name}" for name in variables)])
        for summary, attributes in rows:
            writer.writerow([summary.id, summary.title, summary.date or "", summary.source,
                             summary.highlight_count,
                             *(_attribute_cell(attributes.get(name)) for name in variables)])
            count += 1
        return count
    print(f"{'id':>6}  {'date':<16}  {'highlights':>10}  title", file=out)
    for summary, _ in rows:
        print(f"{summary.id:>6}  {summary.date or '-':<16}  {summary.highlight_count:>10}  "
              f"{summary.title}", file=out)
        count += 1
    return count


def _attribute_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
