"""Plain-text, CSV and JSON renderings of the CLI's results (no I/O besides the stream)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any, TextIO

from .domain.model import Attributes, DocumentSummary, TagCount
from .domain.wording import plural
from .services.statistics import StatsReport


def print_tags(counts: Sequence[TagCount], fmt: str, out: TextIO | None = None) -> None:
    """The codebook as an indented table, or JSON records (to ``out``, default stdout)."""
    out = out or sys.stdout
    if fmt == "json":
        records = [
            {"id": c.tag.id, "name": c.tag.name, "path": "/".join(c.path),
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


def stats_json(report: StatsReport) -> dict[str, object]:
    """The ``stats --format json`` object: tags, timeline and undated counts."""
    timeline = []
    for row in report.timeline:
        record = asdict(row)
        del record["tag_id"]
        if row.share is None:
            del record["share"]
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
    with_share = any(r.share is not None for r in report.timeline)
    print(f"{'period':<10}  {'tag':<{width}}{head}  {'highlights':>10}  {'documents':>9}"
          + ("  share" if with_share else ""), file=out)
    for r in report.timeline:
        share = f"  {r.share:.4f}" if r.share is not None else ""
        print(f"{r.period:<10}  {r.tag:<{width}}{group(r.group)}  {r.highlights:>10}  "
              f"{r.documents:>9}{share}", file=out)
    print(f"\nundated: {plural(report.undated_documents, 'document')}, "
          f"{plural(report.undated_highlights, 'highlight')}", file=out)
    if split:
        print(f"\ngroups by {report.split}:", file=out)
        for value, documents in report.groups:
            print(f"  {_group_label(value):<{group_width}}  {plural(documents, 'document')}",
                  file=out)


def _group_label(group: str | None) -> str:
    return "(no value)" if group is None else group


def write_stats_csv(report: StatsReport, out: TextIO) -> None:
    """One CSV table: ``kind`` is ``tag``, ``timeline`` or ``undated``; split by a
    variable, a ``group`` column follows ``tag`` (empty for documents without a value)."""
    split = report.split is not None

    def group(value: str | None) -> list[str]:
        return ["" if value is None else value] if split else []

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "period", "tag", *(["group"] if split else []), "highlights",
                     "documents", "share"])
    for t in report.tags:
        writer.writerow(["tag", "", t.path, *group(t.group), t.highlights, t.documents, ""])
    for r in report.timeline:
        writer.writerow(["timeline", r.period, r.tag, *group(r.group), r.highlights,
                         r.documents, "" if r.share is None else f"{r.share:.6f}"])
    writer.writerow(["undated", "", "", *group(None), report.undated_highlights,
                     report.undated_documents, ""])


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
