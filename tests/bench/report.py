"""Figures the benchmarks print: percentiles of timings, ratios, one markdown table.

Not a test: imported by the bench_*.py scripts.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence


def sizes_option(parser: argparse.ArgumentParser, default: str = "1000,10000,100000") -> None:
    parser.add_argument(
        "--sizes",
        default=default,
        type=lambda text: [int(part) for part in text.split(",") if part.strip()],
        help=f"card counts, comma-separated (default {default})",
    )


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank: p99 of 2,100 answers is the 21st worst."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """p50, p99 and max, in milliseconds."""
    return (
        statistics.median(values) * 1000,
        percentile(values, 99) * 1000,
        max(values) * 1000,
    )


def ms(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def ratio(ours: float, theirs: float) -> str:
    if theirs <= 0:
        return "-"
    value = ours / theirs
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.4f}x"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
