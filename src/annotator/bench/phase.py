"""One benchmark phase, run in its own process so that its peak memory is its own.

``python -m annotator.bench.phase NAME ARGS_JSON`` prints one JSON object on its last
line: the phase's figures and ``peak_rss_mb``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..services import Project
from . import build, comparison, figures, search_figures
from .report_figure import report_figure
from .timing import peak_rss_mb


def corpus_phase(args: dict[str, Any]) -> dict[str, Any]:
    """Write the corpus, measure the import, build the coded project."""
    work = Path(args["workdir"])
    files = build.write_corpus(work / "files", args["documents"])
    result: dict[str, Any] = {"import": figures.import_figure(files, work, args["repeat"])}
    project = build.build_project(work / "big.annotator", work / "files", args["highlights"])
    big = build.add_big_document(project, args.get("big_characters", 1_000_000),
                                 args.get("big_highlights", 10_000))
    comparison.add_variable(project)
    (work / "big-document-id").write_text(str(big))
    result["built"] = {
        "documents": project.documents.count(),
        "highlights": project.highlights.count(),
    }
    project.close()
    return result


def store_phase(args: dict[str, Any]) -> dict[str, Any]:
    """Search (the language's list and hits too), timeline, JSON export, filters, splits
    and crosstabs by a variable, and a report of 10,000 quotes, on the built project."""
    work = Path(args["workdir"])
    with Project.open(work / "big.annotator", create=False) as project:
        return {
            "search": figures.search_figure(project, args["repeat"]),
            **search_figures.search_figures(project, args["repeat"]),
            "timeline": figures.timeline_figure(project, args["repeat"]),
            "export_json": figures.export_figure(project, work, max(1, args["repeat"] // 2)),
            **comparison.comparison_figures(project, args["repeat"]),
            "report": report_figure(project, work, args["repeat"]),
        }


def autocode_phase(args: dict[str, Any]) -> dict[str, Any]:
    """Autocode a phrase with sentence context on a copy of the built project."""
    work = Path(args["workdir"])
    return {"autocode_sentence": figures.autocode_figure(work / "big.annotator", work,
                                                         args["repeat"])}


def window_phase(args: dict[str, Any]) -> dict[str, Any]:
    """Open the window, a big document, and tag in it (Qt: imported only here)."""
    from ..ui.bench_figures import window_figures

    work = Path(args["workdir"])
    big = int((work / "big-document-id").read_text())
    return window_figures(work / "big.annotator", big, args["repeat"])


def json_baseline_phase(args: dict[str, Any]) -> dict[str, Any]:
    """``json.dump`` of the exported rows, loaded into memory first (the export baseline)."""
    work = Path(args["workdir"])
    seconds = figures.json_dump_seconds(work / "export.json", work,
                                        max(1, args["repeat"] // 2))
    return {"export_json_baseline_s": seconds}


def merge_phase(args: dict[str, Any]) -> dict[str, Any]:
    """Merge a generated coded-dataset JSON of ``merge_mb`` MB into a new project and
    into one that already holds it (``merge_json``, ``merge_json_again``), and the project
    it made as a project file into a new one (``merge_project``)."""
    work = Path(args["workdir"]) / "merge"
    return figures.merge_figures(work, args["merge_mb"], args["repeat"])


def agreement_phase(args: dict[str, Any]) -> dict[str, Any]:
    """Intercoder agreement, character unit, two coders (``agreement_character``), and
    the Agreement view's work (``agreement_view``)."""
    from .agreement import agreement_figures

    work = Path(args["workdir"]) / "agreement"
    work.mkdir(parents=True, exist_ok=True)
    return agreement_figures(work, args["documents"], args["highlights"], args["repeat"])


PHASES = {"corpus": corpus_phase, "store": store_phase, "json_baseline": json_baseline_phase,
          "autocode": autocode_phase, "merge": merge_phase, "window": window_phase,
          "agreement": agreement_phase}


def main() -> int:
    name, raw = sys.argv[1], sys.argv[2]
    result = PHASES[name](json.loads(raw))
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
