"""Help choosing desired retention: the workload of a year at each retention, simulated.

fsrs-rs-python's simulator (the one behind Anki's "Help me decide") plays a year of study
of a deck of this size under the deck's limits and parameters, for each desired retention
from 0.70 to 0.97. For each it reports the reviews a day and the seconds spent per card
remembered at the end; the retention with the fewest seconds per remembered card is the
one marked as best: beyond it each extra point of retention costs more than it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import fsrs_rs_python as rs

from quizapp.model.progress import StudySettings
from quizapp.study.optimize import DEFAULT_PARAMETERS

RETENTIONS: tuple[float, ...] = tuple(round(0.70 + i / 100, 2) for i in range(28))  # .70-.97
DAYS = 365
#: A fixed seed: the chart does not change each time it is drawn.
SEED = 2023


@dataclass(frozen=True)
class Workload:
    retention: float
    reviews_per_day: float
    minutes_per_day: float
    remembered: float
    seconds_per_remembered: float


@dataclass(frozen=True)
class Simulation:
    rows: tuple[Workload, ...]
    best: Workload
    fitted: bool


def simulate(
    settings: StudySettings,
    cards: int,
    *,
    retentions: Sequence[float] = RETENTIONS,
    days: int = DAYS,
) -> Simulation:
    """The workload of `days` days of studying `cards` cards under `settings` at each retention."""
    parameters = list(settings.parameters or DEFAULT_PARAMETERS)
    config = rs.default_simulator_config()
    config.deck_size = max(1, cards)
    config.learn_span = days
    config.learn_limit = settings.new_per_day
    config.review_limit = settings.reviews_per_day
    config.max_ivl = float(settings.maximum_interval_days)
    config.learning_step_count = len(settings.learning_steps_minutes)
    config.relearning_step_count = len(settings.relearning_steps_minutes)
    rows = []
    for retention in retentions:
        result = rs.simulate(parameters, retention, config, SEED)
        seconds = sum(result.cost_per_day)
        remembered = result.memorized_cnt_per_day[-1] if result.memorized_cnt_per_day else 0.0
        rows.append(
            Workload(
                retention=retention,
                reviews_per_day=sum(result.review_cnt_per_day) / days,
                minutes_per_day=seconds / 60 / days,
                remembered=remembered,
                seconds_per_remembered=seconds / remembered if remembered else float("inf"),
            )
        )
    best = min(rows, key=lambda row: row.seconds_per_remembered)
    return Simulation(rows=tuple(rows), best=best, fitted=settings.parameters is not None)


def table(simulation: Simulation) -> str:
    """The simulation as the text `quizapp optimize --simulate` prints."""
    lines = [
        "retention  reviews/day  minutes/day  remembered  s/remembered",
    ]
    for row in simulation.rows:
        mark = "  <- best" if row is simulation.best else ""
        lines.append(
            f"{row.retention:9.2f}  {row.reviews_per_day:11.1f}  {row.minutes_per_day:11.1f}"
            f"  {row.remembered:10.0f}  {row.seconds_per_remembered:12.1f}{mark}"
        )
    return "\n".join(lines)
