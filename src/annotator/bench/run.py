"""``annotator bench``: build deterministic projects, measure, print one JSON object.

``--quick`` uses 10,000 documents and 100,000 highlights (about two minutes on two
cores) and merges a 10 MB coded-dataset JSON; the full run 100,000 documents and
1,000,000 highlights, and a 40 MB merge. Each phase runs in its own process (see
``phase``), so ``peak_rss_mb`` is reported per phase.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..store.baselines import sqlite_library_version
from . import timing

QUICK = {"documents": 10_000, "highlights": 100_000, "merge_mb": 10, "repeat": 3}
FULL = {"documents": 100_000, "highlights": 1_000_000, "merge_mb": 40, "repeat": 3}


class BenchError(RuntimeError):
    """A phase failed; the message holds its error output."""


def run_bench(
    *,
    quick: bool,
    workdir: Path | None = None,
    window: bool = True,
    scale: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Run every phase and return the report (``scale``, ``figures``, ``peak_rss_mb``,
    ``machine``, ``versions``). ``workdir`` is kept if given, else a temporary folder.
    ``scale`` (documents, highlights, merge_mb, repeat) overrides the quick or full sizes
    (tests); a size it leaves out is the quick or full one."""
    scale = {**(QUICK if quick else FULL), **(scale or {})}
    own_dir = workdir is None
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-")) if workdir is None else workdir
    work.mkdir(parents=True, exist_ok=True)
    args = {**scale, "workdir": str(work)}
    figures: dict[str, Any] = {}
    scale_out: dict[str, Any] = {"documents": scale["documents"], "highlights": scale["highlights"]}
    peaks: dict[str, float] = {}
    try:
        phases = ["corpus", "store", "json_baseline", "autocode", "merge", "agreement"]
        phases += ["window"] if window else []
        for phase in phases:
            result = _run_phase(phase, args)
            peaks[phase] = result.pop("peak_rss_mb")
            built = result.pop("built", None)
            if built is not None:
                scale_out = built
            baseline = result.pop("export_json_baseline_s", None)
            if baseline is not None:
                export = figures["export_json"]
                figures["export_json"] = {**timing.figure(export["median_s"], baseline),
                                          **{k: v for k, v in export.items() if k != "median_s"}}
            figures.update(result)
    finally:
        if own_dir:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "scale": scale_out,
        "figures": figures,
        "peak_rss_mb": peaks,
        "machine": machine(),
        "versions": versions(),
    }


def _run_phase(name: str, args: dict[str, Any]) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    process = subprocess.run(
        [sys.executable, "-m", "annotator.bench.phase", name, json.dumps(args)],
        capture_output=True, text=True, env=env, check=False,
    )
    lines = process.stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        raise BenchError(f"phase {name} failed: {process.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def machine() -> dict[str, Any]:
    """CPU model, core count, memory, operating system."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory_gb = round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30, 1)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory_gb,
            "system": platform.platform()}


def versions() -> dict[str, str]:
    """Versions of Annotator, Python, SQLite and the libraries that matter for speed."""
    out = {"annotator": __version__, "python": platform.python_version(),
           "sqlite": sqlite_library_version()}
    for package in ("PySide6-Essentials", "pyqtgraph", "sqlite-utils"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out
