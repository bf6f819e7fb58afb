"""`quizapp settings DECK`: show or change a deck's study settings from the command line."""

from __future__ import annotations

from typing import Any

import click

from quizapp.cli import Context, UserError, pass_ctx, user_errors


def _steps(text: str) -> tuple[float, ...]:
    """'1m 10m' or '1m,10m' -> minutes (1.0, 10.0)."""
    from quizapp.quiz import parse_duration

    parts = text.replace(",", " ").split()
    try:
        return tuple(parse_duration(part) / 60 for part in parts)
    except ValueError:
        raise click.BadParameter(f"{text!r}: write steps like '1m 10m' or '10m 1h'") from None


def _describe(settings: Any) -> str:
    from datetime import timedelta

    from quizapp.study import format_interval

    steps = " ".join(format_interval(timedelta(minutes=m)) for m in settings.learning_steps_minutes)
    relearn = " ".join(
        format_interval(timedelta(minutes=m)) for m in settings.relearning_steps_minutes
    )
    return "\n".join(
        [
            f"desired retention   {settings.desired_retention:.2f}",
            f"learning steps      {steps or 'none'}",
            f"relearning steps    {relearn or 'none'}",
            f"new cards per day   {settings.new_per_day}",
            f"reviews per day     {settings.reviews_per_day}",
            f"maximum interval    {settings.maximum_interval_days} days",
            f"leech after         {settings.leech_lapses} lapses",
            f"typo tolerance      {settings.typo_tolerance:.2f}",
            f"self-tests count    {'yes' if settings.self_tests_update else 'no'}",
            f"bury siblings       {'yes' if settings.bury_siblings else 'no'}",
            f"cloze, typed cards  {'self-rated' if settings.reveal_typed else 'typed, graded'}",
            f"parameters          {'fitted' if settings.parameters else 'FSRS-6 defaults'}",
        ]
    )


@click.command("settings")
@click.argument("deck_id", metavar="DECK")
@click.option(
    "--desired-retention", type=float, help="Chance of recall to schedule for (0.70-0.99)."
)
@click.option("--learning-steps", help="Steps for new cards, e.g. '1m 10m'.")
@click.option("--relearning-steps", help="Steps for forgotten cards, e.g. '10m'.")
@click.option("--new-per-day", type=int, help="New cards a day.")
@click.option("--reviews-per-day", type=int, help="Reviews a day.")
@click.option(
    "--maximum-interval", "maximum_interval_days", type=int, help="Longest interval, days."
)
@click.option("--leech-lapses", type=int, help="Lapses after which a card is a leech.")
@click.option("--typo-tolerance", type=float, help="How far a typed answer may be off (0-0.5).")
@click.option(
    "--self-tests-update/--no-self-tests-update",
    default=None,
    help="Record quiz answers as reviews of their cards (off unless turned on).",
)
@click.option(
    "--bury-siblings/--no-bury-siblings",
    default=None,
    help="Answering a card buries its note's other cards until tomorrow (on unless turned off).",
)
@click.option(
    "--reveal-typed/--no-reveal-typed",
    default=None,
    help="Study cloze and typed cards by revealing and rating yourself, as Anki (off: typed).",
)
@pass_ctx
def settings_command(context: Context, /, deck_id: str, **changes: Any) -> None:
    """Show DECK's study settings, or change the ones given."""
    from pydantic import ValidationError

    from quizapp.model.problems import settings_problems

    if changes["learning_steps"] is not None:
        changes["learning_steps_minutes"] = _steps(changes.pop("learning_steps"))
    if changes["relearning_steps"] is not None:
        changes["relearning_steps_minutes"] = _steps(changes.pop("relearning_steps"))
    wanted = {key: value for key, value in changes.items() if value is not None}
    wanted.pop("learning_steps", None)
    wanted.pop("relearning_steps", None)
    with context.library(reading=not wanted) as lib, user_errors():
        deck_id = context.deck_id(lib, deck_id)
        settings = lib.settings(deck_id)
        if wanted:
            try:
                settings = type(settings).model_validate({**settings.model_dump(), **wanted})
            except ValidationError as error:
                field, messages = next(iter(settings_problems(error).items()))
                option = field.removesuffix("_minutes").replace("_", "-")
                raise UserError(f"--{option}: {messages[0]}") from None
            lib.set_settings(deck_id, settings)
        click.echo(_describe(settings))
