"""Benchmark: fitting FSRS-6 to a student's log of 10k and 100k reviews, and rescheduling.

Run: .venv/bin/python tests/bench/bench_optimize.py [--reviews 10000 100000]

Not a test (no timed assertions): it prints figures. The log is the simulated student of
tests/forgetting.py (a known forgetting curve, scheduled by FSRS-6's defaults). Timed:
turning the log into FSRS items, fit() whole (the items again, the fit by fsrs-rs-python,
scoring three sets of parameters on the held-out fifth), replaying every card's log with
the fitted parameters, and `optimize_deck` whole on a real library (reading the log, fit,
reschedule, the durable writes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quizapp.model import StudySettings  # noqa: E402
from quizapp.store import Library  # noqa: E402
from quizapp.study.optimize import fit, fsrs_items  # noqa: E402
from quizapp.study.optimize_apply import optimize_deck, reschedule  # noqa: E402
from tests.forgetting import simulate_log  # noqa: E402
from tests.test_optimize import progress_of, studied  # noqa: E402


def run(reviews: int) -> None:
    per_day = max(20, reviews // 1000)
    log = simulate_log(reviews, cards_per_day=per_day)
    cards = len({r.card_id for r in log})
    start = time.perf_counter()
    items = fsrs_items(log)
    t_items = time.perf_counter() - start
    start = time.perf_counter()
    result = fit(log)
    t_fit = time.perf_counter() - start
    assert result.parameters is not None and result.fitted and result.defaults
    progress = progress_of(log, StudySettings())
    fitted = StudySettings(parameters=result.parameters)
    start = time.perf_counter()
    changed = reschedule(progress, log, fitted)
    t_resched = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib")
        studied(lib, reviews, cards_per_day=per_day)
        start = time.perf_counter()
        applied = optimize_deck(lib, "d")
        t_whole = time.perf_counter() - start
        lib.close()
    print(f"{reviews:,} reviews of {cards:,} cards ({len(items):,} FSRS items)")
    print(f"  log -> items        {t_items * 1000:9.1f} ms")
    print(f"  fit() whole        {t_fit * 1000:9.1f} ms")
    print(f"  reschedule cards    {t_resched * 1000:9.1f} ms  ({len(changed):,} changed)")
    print(f"  optimize_deck whole {t_whole * 1000:9.1f} ms  (kept: {applied.kept})")
    d, f = result.defaults, result.fitted
    print(
        f"  held out {result.test_items:,}: log loss {d.log_loss:.4f} -> {f.log_loss:.4f}"
        f" ({(1 - f.log_loss / d.log_loss) * 100:.1f}% lower),"
        f" RMSE(bins) {d.rmse_bins:.4f} -> {f.rmse_bins:.4f}"
        f" ({(1 - f.rmse_bins / d.rmse_bins) * 100:.1f}% lower)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, nargs="+", default=[10_000, 100_000])
    for reviews in parser.parse_args().reviews:
        run(reviews)


if __name__ == "__main__":
    main()
