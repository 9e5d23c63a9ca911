"""Plain-text, CSV and JSON renderings of the CLI's results (no I/O besides the stream)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import TextIO

from .domain.model import TagCount
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
    return {
        "tags": tags,
        "timeline": timeline,
        "undated": {"documents": report.undated_documents,
                    "highlights": report.undated_highlights},
    }


def print_stats(report: StatsReport, fmt: str, out: TextIO | None = None) -> None:
    """Stats as JSON or as two aligned tables (tags, then timeline)."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(stats_json(report), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    width = max([len(t.path) for t in report.tags] + [3])
    print(f"{'tag':<{width}}  {'highlights':>10}  {'documents':>9}", file=out)
    for t in report.tags:
        print(f"{t.path:<{width}}  {t.highlights:>10}  {t.documents:>9}", file=out)
    print(file=out)
    with_share = any(r.share is not None for r in report.timeline)
    print(f"{'period':<10}  {'tag':<{width}}  {'highlights':>10}  {'documents':>9}"
          + ("  share" if with_share else ""), file=out)
    for r in report.timeline:
        share = f"  {r.share:.4f}" if r.share is not None else ""
        print(f"{r.period:<10}  {r.tag:<{width}}  {r.highlights:>10}  {r.documents:>9}{share}",
              file=out)
    print(f"\nundated: {report.undated_documents} documents, "
          f"{report.undated_highlights} highlights", file=out)


def write_stats_csv(report: StatsReport, out: TextIO) -> None:
    """One CSV table: ``kind`` is ``tag``, ``timeline`` or ``undated``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "period", "tag", "highlights", "documents", "share"])
    for t in report.tags:
        writer.writerow(["tag", "", t.path, t.highlights, t.documents, ""])
    for r in report.timeline:
        writer.writerow(["timeline", r.period, r.tag, r.highlights, r.documents,
                         "" if r.share is None else f"{r.share:.6f}"])
    writer.writerow(["undated", "", "", report.undated_highlights, report.undated_documents, ""])
