"""The deck settings' "fitted to you" part: the fit's scores and the workload chart.

Shows only; the screen runs the fit and the simulation (quizapp.study.optimize*) in a
thread and hands the outcome here. The chart is reviews a day over a simulated year at
each desired retention, with the retention of least time per remembered card marked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static
from textual_plotext import PlotextPlot

from quizapp.model import StudySettings
from quizapp.study.optimize import MIN_REVIEWS, Fit
from quizapp.study.optimize_apply import Applied, can_undo
from quizapp.study.optimize_simulate import Simulation
from quizapp.wording import counted


def parameters_line(settings: StudySettings, reviews: int) -> str:
    if settings.parameters is None:
        more = max(0, MIN_REVIEWS - reviews)
        wait = f"; {more} more reviews before a fit" if more else "; ready to be fitted"
        return f"Scheduling with FSRS-6's defaults ({counted(reviews, 'review')}{wait})."
    fitted_at = settings.fitted_at_reviews
    at = counted(fitted_at, "review")
    return f"Scheduling with parameters fitted to your reviews (fitted at {at})."


def fit_lines(applied: Applied) -> str:
    fit: Fit = applied.fit
    if fit.needed:
        return f"Not fitted: {fit.needed} more reviews needed ({MIN_REVIEWS} in all)."
    if fit.too_few_days:
        return "Not fitted: the reviews fall on too few separate days; study on more days."
    if fit.fitted is None or fit.defaults is None:
        return f"Parameters swapped back; {counted(applied.rescheduled, 'card')} rescheduled."
    rows = [f"Held out the newest {counted(fit.test_items, 'review')}:  log loss   RMSE(bins)"]
    rows.append(f"  defaults  {fit.defaults.log_loss:25.4f} {fit.defaults.rmse_bins:12.4f}")
    if fit.current is not None and fit.current is not fit.defaults:
        rows.append(f"  current   {fit.current.log_loss:25.4f} {fit.current.rmse_bins:12.4f}")
    rows.append(f"  fitted    {fit.fitted.log_loss:25.4f} {fit.fitted.rmse_bins:12.4f}")
    if applied.kept:
        moved = counted(applied.rescheduled, "card")
        rows.append(f"Kept: better; {moved} rescheduled; Undo fit goes back.")
    else:
        rows.append("Not kept: no better than the parameters in use.")
    return "\n".join(rows)


class WorkloadChart(PlotextPlot):
    DEFAULT_CSS = "WorkloadChart { height: 14; }"

    def show(self, simulation: Simulation) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        x = [row.retention for row in simulation.rows]
        plt.plot(x, [row.reviews_per_day for row in simulation.rows], marker="braille")
        plt.vline(simulation.best.retention)
        plt.xlabel("desired retention")
        plt.ylabel("reviews/day")
        self.refresh()


class OptimizePanel(Vertical):
    DEFAULT_CSS = """
    OptimizePanel { height: auto; margin-top: 1; }
    OptimizePanel Horizontal { height: auto; }
    OptimizePanel Button { margin-right: 1; }
    OptimizePanel #fit-result, OptimizePanel #workload-best { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="fit-parameters")
        with Horizontal():
            yield Button("Optimize (ctrl+o)", id="optimize", compact=True)
            yield Button("Undo fit", id="undo-fit", compact=True, disabled=True)
        yield Static(id="fit-result")
        yield Static(Content("Workload over a year (simulating…)"), id="workload-best")
        yield WorkloadChart(id="workload-chart")

    def show_settings(self, settings: StudySettings, reviews: int) -> None:
        self.query_one("#fit-parameters", Static).update(
            Content(parameters_line(settings, reviews))
        )
        self.query_one("#undo-fit", Button).disabled = not can_undo(settings)

    def show_fit(self, applied: Applied) -> None:
        self.query_one("#fit-result", Static).update(Content(fit_lines(applied)))

    def show_simulation(self, simulation: Simulation) -> None:
        which = "fitted parameters" if simulation.fitted else "FSRS-6 defaults"
        best = simulation.best
        self.query_one("#workload-best", Static).update(
            Content(
                f"Workload over a year ({which}): best retention {best.retention:.2f}, "
                f"{best.reviews_per_day:.0f} reviews a day, the least time per card remembered"
            )
        )
        self.query_one(WorkloadChart).show(simulation)
