"""Fitting FSRS-6 to a student: a log with a known forgetting curve, rescheduling, undo."""

from __future__ import annotations

import json
from collections.abc import Sequence

import fsrs
import pytest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.model import Deck, Flashcard
from quizapp.model.progress import CardProgress, ReviewEntry, StudySettings
from quizapp.store import Library
from quizapp.study import schedule
from quizapp.study.optimize import DEFAULT_PARAMETERS, MIN_REVIEWS, fit, fsrs_items, score
from quizapp.study.optimize_apply import can_undo, optimize_deck, refit_due, undo_fit
from quizapp.study.optimize_simulate import RETENTIONS, simulate
from tests.forgetting import TRUE_PARAMETERS, simulate_log


def progress_of(log: Sequence[ReviewEntry], settings: StudySettings) -> dict[str, CardProgress]:
    """Each card's progress after its log, through the app's own scheduling step."""
    out: dict[str, CardProgress] = {}
    for review in log:
        current = out.get(review.card_id) or CardProgress(deck_id="d", card_id=review.card_id)
        out[review.card_id], _ = schedule(current, review.rating, review.at, settings, fuzz=False)
    return out


def studied(library: Library, reviews: int, **simulation: int) -> list[ReviewEntry]:
    log = simulate_log(reviews, **simulation)
    cards = sorted({r.card_id for r in log}, key=lambda c: int(c[1:]))
    library.save_deck(
        Deck(id="d", title="D", cards=tuple(Flashcard(id=c, front=c, back=c) for c in cards))
    )
    library.import_history("d", progress_of(log, StudySettings()).values(), log)
    return log


def test_the_fit_recovers_a_curve_that_beats_the_defaults_on_held_out_reviews() -> None:
    log = simulate_log(4000)
    result = fit(log)
    assert result.needed == 0 and result.parameters is not None
    assert len(result.parameters) == len(fsrs.Scheduler().parameters) == 21
    assert result.fitted.log_loss < result.defaults.log_loss
    assert result.fitted.rmse_bins < result.defaults.rmse_bins
    assert result.better
    # The student remembers longer than average: the fitted first-day stabilities say so.
    assert result.parameters[2] > DEFAULT_PARAMETERS[2] * 1.5
    # ...and the true curve itself scores at least as well as the fit on the same reviews.
    test = [item for _, item in fsrs_items(log)][result.train_items :]
    assert score(TRUE_PARAMETERS, test).log_loss <= result.fitted.log_loss + 0.01


def test_below_the_minimum_the_defaults_stay_and_the_student_is_told_how_many_more() -> None:
    result = fit(simulate_log(MIN_REVIEWS - 12))
    assert result.parameters is None and not result.better
    assert result.needed == 12


def test_many_reviews_on_one_day_are_not_enough(library: Library) -> None:
    log = simulate_log(600, cards_per_day=600)
    assert len({r.at.date() for r in log}) == 1
    result = fit(log)
    assert result.too_few_days and result.parameters is None


def test_keeping_the_fit_reschedules_the_cards_and_undo_puts_them_back(library: Library) -> None:
    studied(library, 3000)
    before = library.progress("d")
    applied = optimize_deck(library, "d")
    assert applied.kept and applied.rescheduled > 0
    settings = library.settings("d")
    assert settings.parameters == applied.fit.parameters
    assert settings.previous_parameters is None and settings.fitted_at_reviews == 3000
    after = library.progress("d")
    # This student remembers longer: most reviewed cards come back later than before.
    later = sum(after[c].due > before[c].due for c in before if before[c].state.value == "review")
    assert later > len(before) // 2
    assert all(after[c].reps == before[c].reps for c in before)

    assert can_undo(settings)
    undo_fit(library, "d")
    restored = library.settings("d")
    assert restored.parameters is None and restored.previous_parameters == applied.fit.parameters
    assert library.progress("d") == before  # the defaults' replay gives the same states back


def test_a_fit_no_better_than_the_current_parameters_is_not_kept(library: Library) -> None:
    studied(library, 3000)
    optimize_deck(library, "d")
    fitted = library.settings("d").parameters
    again = optimize_deck(library, "d")  # same data: the fit cannot beat itself
    assert not again.kept
    assert library.settings("d").parameters == fitted


def test_the_study_scheduler_uses_the_fitted_parameters() -> None:
    settings = StudySettings(parameters=TRUE_PARAMETERS)
    from quizapp.study import scheduler_for

    assert tuple(scheduler_for(settings).parameters) == pytest.approx(TRUE_PARAMETERS)


def test_an_automatic_refit_is_due_every_n_reviews() -> None:
    settings = StudySettings(refit_every=500, fitted_at_reviews=1000)
    assert not refit_due(settings, 1499) and refit_due(settings, 1500)
    assert not refit_due(StudySettings(), 10_000)


def test_the_workload_simulation_marks_the_retention_with_least_time_per_card() -> None:
    result = simulate(StudySettings(), 300, days=120)
    assert [row.retention for row in result.rows] == list(RETENTIONS)
    assert RETENTIONS[0] == 0.70 and RETENTIONS[-1] == 0.97
    assert result.best.seconds_per_remembered == min(r.seconds_per_remembered for r in result.rows)
    # More retention costs more reviews.
    assert result.rows[-1].reviews_per_day > result.rows[0].reviews_per_day


def test_cli_optimize_reports_the_scores_keeps_the_fit_and_undoes_it(data_dir, library) -> None:
    studied(library, 2000)
    library.close()
    runner = CliRunner()
    base = ["--data-dir", str(data_dir)]
    out = runner.invoke(cli, [*base, "optimize", "d"])
    assert out.exit_code == 0, out.output
    assert "log loss" in out.output and "defaults" in out.output and "kept" in out.output
    assert "--undo" in out.output
    out = runner.invoke(cli, [*base, "optimize", "d", "--undo"])
    assert out.exit_code == 0 and "parameters restored" in out.output
    out = runner.invoke(cli, [*base, "optimize", "d", "--simulate", "--json"])
    assert out.exit_code == 0, out.output
    [deck] = json.loads(out.output)
    assert deck["best_retention"] in RETENTIONS and len(deck["rows"]) == len(RETENTIONS)
    out = runner.invoke(cli, [*base, "optimize", "d", "--simulate"])
    assert "<- best" in out.output


def test_cli_optimize_under_the_minimum_says_how_many_more(data_dir, library) -> None:
    studied(library, 100)
    library.close()
    out = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "optimize", "d"])
    assert out.exit_code == 0
    assert f"{MIN_REVIEWS - 100} more to go" in out.output
    out = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "optimize", "d", "--undo"])
    assert out.exit_code == 1 and "no fit to undo" in out.output


def test_parameters_at_the_edge_are_kept_within_what_the_scheduler_takes() -> None:
    from quizapp.study.optimize import _within_bounds

    edgy = list(DEFAULT_PARAMETERS)
    edgy[0], edgy[20] = 0.0, 0.95  # below the lowest stability, above the highest decay
    fsrs.Scheduler(parameters=_within_bounds(edgy))  # accepted
    with pytest.raises(ValueError):
        fsrs.Scheduler(parameters=edgy)
