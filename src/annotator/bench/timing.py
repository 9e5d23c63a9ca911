"""Timing helpers: medians of repeated runs, and the process's peak memory."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def median_seconds(
    run: Callable[[], Any], repeat: int, setup: Callable[[], Any] | None = None
) -> float:
    """The median wall time of ``repeat`` calls of ``run`` (``setup`` untimed before each)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def figure(median_s: float, baseline_s: float | None = None) -> dict[str, float]:
    """A figure as reported: ``median_s``, and with a baseline ``baseline_s`` and ``ratio``."""
    out = {"median_s": round(median_s, 6)}
    if baseline_s is not None:
        out["baseline_s"] = round(baseline_s, 6)
        out["ratio"] = round(median_s / baseline_s, 3) if baseline_s > 0 else float("inf")
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)
