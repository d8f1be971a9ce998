"""Helpers shared by the benchmarks: timing, peak memory and a report line."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs of ``fn`` and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and of finished children) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def report(name: str, ours: float, baseline: float, baseline_name: str, extra: str = "") -> None:
    """Print one benchmark line: our time, the baseline's, and their ratio."""
    print(f"{name}: {ours:.2f} s; {baseline_name}: {baseline:.2f} s; "
          f"ratio {ours / baseline:.2f}× of baseline{'; ' + extra if extra else ''}")
