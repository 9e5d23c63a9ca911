"""The benchmark's figures that need no window: import, search, timeline, JSON export and
merge.

Each function returns ``{"median_s": ...}`` and, where the issue defines one, the
baseline measured in the same run on the same data (``baseline_s``, ``ratio``).
"""

from __future__ import annotations

import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..services import Project
from ..services.autocode import autocode, compile_pattern
from ..services.dataset_merge import MergeResult, merge_dataset
from ..services.exporting import export_json
from ..services.importing import import_paths
from ..services.project_merge import merge_project
from ..services.statistics import timeline
from ..store import baselines
from . import dataset
from .timing import figure, median_seconds

SEARCHES = ("drought", "pipeline transit", "безопасность", "remittances workers", "dam river")
#: The phrase autocoded with sentence context (two words: in a few percent of documents).
AUTOCODE_PHRASE = "water resources"


def import_figure(files: list[Path], workdir: Path, repeat: int) -> dict[str, float]:
    """Import the files into a new project vs. ``executemany`` of their texts into FTS5."""
    folder = files[0].parent
    counter = [0]

    def fresh(name: str) -> Path:
        counter[0] += 1
        path = workdir / f"{name}-{counter[0]}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return path

    def ours() -> None:
        with Project.open(fresh("import"), coder="bench") as project:
            report = import_paths(project, [folder])
            assert len(report.imported) == len(files), report.summary_lines()[:3]

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]

    def baseline() -> None:
        baselines.fts_executemany(fresh("baseline"), texts)

    return figure(median_seconds(ours, repeat), median_seconds(baseline, repeat))


def search_figure(project: Project, repeat: int) -> dict[str, float]:
    """Full-text filter of the document browser: every matching id, best first."""
    return figure(median_seconds(lambda: [project.documents.search(q) for q in SEARCHES],
                                 repeat) / len(SEARCHES))


def timeline_figure(project: Project, repeat: int) -> dict[str, float]:
    """The timeline of 10 tags by month vs. a bare ``GROUP BY`` on the highlights table."""
    tag_ids = [t.id for t in project.tags.all()][:10]

    def ours() -> None:
        timeline(project, by="month", tag_ids=tag_ids, count_documents=False)

    return figure(
        median_seconds(ours, repeat),
        median_seconds(lambda: baselines.bare_group_by(project.store), repeat),
    )


def export_figure(project: Project, workdir: Path, repeat: int) -> dict[str, Any]:
    """Streamed JSON export, plus the Python memory it allocates at its peak
    (``memory_growth_mb``). Its baseline runs in a process of its own (it holds every row
    in memory, which would otherwise count as this phase's peak): see
    :func:`json_dump_seconds`."""
    out = workdir / "export.json"
    result: dict[str, Any] = {"median_s": median_seconds(lambda: export_json(project, out),
                                                         repeat)}
    tracemalloc.start()
    export_json(project, out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result["memory_growth_mb"] = round(peak / 1e6, 1)
    result["file_mb"] = round(out.stat().st_size / 1e6, 1)
    return result


def json_dump_seconds(exported: Path, workdir: Path, repeat: int) -> float:
    """Median time of ``json.dump`` of the exported rows, loaded into memory first."""
    rows = json.loads(exported.read_text(encoding="utf-8"))
    target = workdir / "baseline.json"

    def dump() -> None:
        with target.open("w", encoding="utf-8") as handle:
            json.dump(rows, handle, ensure_ascii=False)

    return median_seconds(dump, repeat)


def merge_figures(workdir: Path, megabytes: float, repeat: int) -> dict[str, Any]:
    """Merging a generated coded dataset of about ``megabytes`` MB (see
    :mod:`annotator.bench.dataset`) into a new project (``merge_json``: every record
    added) and into a project that already holds it (``merge_json_again``: every record
    matched, nothing added), each against parsing the same file with ``json.loads``
    (``baseline_s``). Each figure names the file's size and records and the seconds per
    MB. Opening and closing the project are not timed; the merge's commit is.

    ``merge_project``: the project that merge made, merged as a project file (opened
    read-only, read, merged, committed) into a new project, against ``merge_json``'s time
    for the same records from the JSON file as its baseline."""
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / "dataset.json"
    size = dataset.write_dataset(source, megabytes)
    target = workdir / "merged.annotator"
    into_new, added = _merge_seconds(source, target, repeat, fresh=True)
    assert added.highlights_added == size.highlights, added.summary()
    into_holder, again = _merge_seconds(source, target, repeat, fresh=False)
    assert again.highlights_matched == size.highlights, again.summary()
    assert again.highlights_added == again.documents_added == 0, again.summary()
    parse = median_seconds(lambda: json.loads(source.read_bytes()), repeat)
    described = {"file_mb": size.mb, "documents": size.documents,
                 "highlights": size.highlights, "tags": size.tags}
    figures = {
        name: {**figure(seconds, parse), **described, "s_per_mb": round(seconds / size.mb, 4)}
        for name, seconds in (("merge_json", into_new), ("merge_json_again", into_holder))
    }
    from_project, merged = _merge_seconds(target, workdir / "from-project.annotator", repeat,
                                          fresh=True, merge=merge_project)
    assert merged.highlights_added == size.highlights, merged.summary()
    figures["merge_project"] = {**figure(from_project, into_new), **described,
                                "s_per_mb": round(from_project / size.mb, 4)}
    return figures


def _merge_seconds(
    source: Path, target: Path, repeat: int, *, fresh: bool,
    merge: Callable[[Project, Path], MergeResult] = merge_dataset,
) -> tuple[float, MergeResult]:
    """The median time of merging ``source`` into ``target`` (new each time if ``fresh``,
    else as the previous runs left it) with ``merge``, and the last run's result."""
    times: list[float] = []
    for _ in range(repeat):
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        with Project.open(target, coder="bench") as project:
            start = time.perf_counter()
            result = merge(project, source)
            times.append(time.perf_counter() - start)
    return statistics.median(times), result


def autocode_figure(source: Path, workdir: Path, repeat: int) -> dict[str, Any]:
    """``autocode`` of :data:`AUTOCODE_PHRASE` with sentence context (matching, segmenting,
    merging and writing, committed) on a copy of the built project, a new tag each time, vs.
    ``re.finditer`` of the same pattern over the same texts read with a bare ``SELECT``.
    Names the matches, the documents they are in and the highlights made (one per sentence
    with a match)."""
    target = workdir / "autocode.annotator"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    baselines.copy_database(source, target)
    regex = compile_pattern(phrase=AUTOCODE_PHRASE)
    runs: list[Any] = []
    with Project.open(target, create=False, coder="bench") as project:

        def ours() -> None:
            # A coder and a tag of its own each time: an earlier run's highlights (the same
            # sentences) would otherwise be retagged, not made again.
            project.coder = f"bench-{len(runs)}"
            runs.append(autocode(project, f"bench/context-{len(runs)}", regex,
                                 context="sentence"))

        seconds = median_seconds(ours, repeat)
        hits = [0]

        def baseline() -> None:
            hits[0] = baselines.regex_over_texts(project.store, regex)

        baseline_seconds = median_seconds(baseline, repeat)
    last = runs[-1]
    assert last.hits == hits[0], (last.hits, hits[0])
    return {**figure(seconds, baseline_seconds), "hits": last.hits,
            "documents": last.documents, "highlights": last.created}
