"""`quizapp optimize [DECK]`: fit FSRS-6 to the student's own reviews; simulate workloads."""

from __future__ import annotations

import json
from typing import Any

import click

from quizapp.cli import Context, UserError, pass_ctx, user_errors


def _score_rows(fit: Any) -> list[str]:
    rows = [f"  held out: the newest {fit.test_items} of {fit.train_items + fit.test_items} items"]
    rows.append("                 log loss   RMSE(bins)")
    for name in ("defaults", "current", "fitted"):
        score = getattr(fit, name)
        if score is not None and not (name == "current" and score is fit.defaults):
            rows.append(f"  {name:<12} {score.log_loss:10.4f}   {score.rmse_bins:10.4f}")
    return rows


def _report(deck_id: str, applied: Any, dry_run: bool) -> str:
    from quizapp.study.optimize import MIN_REVIEWS

    fit = applied.fit
    lines = [f"{deck_id}: {fit.reviews} reviews"]
    if fit.needed:
        lines.append(
            f"  not fitted: a fit needs {MIN_REVIEWS} reviews; {fit.needed} more to go. "
            "The current parameters stay."
        )
        return "\n".join(lines)
    if fit.too_few_days:
        lines.append(
            "  not fitted: the reviews fall on too few separate days to fit and score; "
            "study on more days. The current parameters stay."
        )
        return "\n".join(lines)
    lines.extend(_score_rows(fit))
    if applied.kept:
        lines.append(
            f"  kept: the fit predicts the held-out reviews better; {applied.rescheduled} cards "
            f"rescheduled. Undo: quizapp optimize {deck_id} --undo"
        )
    elif fit.better and dry_run:
        lines.append("  better, not kept (--dry-run)")
    else:
        lines.append("  not kept: the fit is no better than the current parameters")
    return "\n".join(lines)


def _as_json(deck_id: str, applied: Any) -> dict[str, Any]:
    fit = applied.fit
    scores = {
        name: None if getattr(fit, name) is None else vars(getattr(fit, name))
        for name in ("defaults", "current", "fitted")
    }
    return {
        "deck": deck_id,
        "reviews": fit.reviews,
        "needed": fit.needed,
        "too_few_days": fit.too_few_days,
        "train_items": fit.train_items,
        "test_items": fit.test_items,
        "scores": scores,
        "parameters": list(fit.parameters) if fit.parameters else None,
        "kept": applied.kept,
        "rescheduled": applied.rescheduled,
    }


@click.command("optimize")
@click.argument("deck_id", metavar="[DECK]", required=False)
@click.option("--simulate", is_flag=True, help="Print a year's workload at retentions 0.70-0.97.")
@click.option("--undo", is_flag=True, help="Go back to the parameters the last fit replaced.")
@click.option("--dry-run", is_flag=True, help="Fit and score, but keep nothing.")
@click.option("--refit-every", type=int, help="Re-fit by itself after N more reviews (0: never).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_ctx
def optimize_command(
    context: Context,
    deck_id: str | None,
    simulate: bool,
    undo: bool,
    dry_run: bool,
    refit_every: int | None,
    as_json: bool,
) -> None:
    """Fit FSRS-6 parameters to your reviews of DECK (every deck without DECK).

    The newest fifth of the reviews is held out; the fit is kept, and the deck's cards
    rescheduled with it, only if it predicts those reviews better than the parameters in
    use. The parameters it replaced are kept: --undo goes back to them.
    """
    from quizapp.study.optimize_apply import can_undo, optimize_deck, undo_fit

    reading = simulate or dry_run
    with context.library(reading=reading) as lib, user_errors():
        if deck_id is not None:
            deck_id = context.deck_id(lib, deck_id)
        deck_ids = [deck_id] if deck_id else [s.id for s in lib.summaries()]
        if simulate:
            return _simulate(lib, deck_ids, as_json)
        if undo or refit_every is not None:
            if deck_id is None:
                raise UserError("--undo and --refit-every need a DECK")
            settings = lib.settings(deck_id)
            if refit_every is not None:
                if refit_every < 0:
                    raise UserError("--refit-every: give 0 (never) or a number of reviews")
                lib.set_settings(deck_id, settings.model_copy(update={"refit_every": refit_every}))
                click.echo(f"{deck_id}: re-fit every {refit_every or 'no'} reviews")
            if undo:
                if not can_undo(settings):
                    raise UserError(f"{deck_id}: no fit to undo; it uses the FSRS-6 defaults")
                moved = undo_fit(lib, deck_id)
                click.echo(f"{deck_id}: parameters restored; {moved} cards rescheduled")
            return None
        fitted = [(one, optimize_deck(lib, one, keep=not dry_run)) for one in deck_ids]
        if as_json:
            click.echo(json.dumps([_as_json(one, applied) for one, applied in fitted], indent=2))
        else:
            click.echo("\n".join(_report(one, applied, dry_run) for one, applied in fitted))
    return None


def _simulate(lib: Any, deck_ids: list[str], as_json: bool) -> None:
    from quizapp.study.optimize_simulate import simulate, table

    out: list[Any] = []
    for one in deck_ids:
        result = simulate(lib.settings(one), lib.summary(one).card_count)
        if as_json:
            out.append(
                {
                    "deck": one,
                    "fitted": result.fitted,
                    "best_retention": result.best.retention,
                    "rows": [vars(row) for row in result.rows],
                }
            )
            continue
        which = "fitted parameters" if result.fitted else "FSRS-6 defaults"
        cards = lib.summary(one).card_count
        out.append(
            f"{one}: a year of {cards} cards with the {which}\n{table(result)}\n"
            f"Best: {result.best.retention:.2f} (the least time per card remembered)"
        )
    click.echo(json.dumps(out, indent=2) if as_json else "\n\n".join(out))
