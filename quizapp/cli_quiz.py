"""`quizapp quiz`, `quizapp stats` and `quizapp results`: quiz mode and scores from the shell.

The main group registers `quiz_command`, `stats_command` and `results_command`
(cli.register). Exit codes as in cli.py: 1 for a user mistake (UserError), 2 for
usage (a bad option value, click.BadParameter).

`results DECK --csv FILE` writes one row per question of every attempt, then one
"total" row per attempt. Columns:

    attempt      the attempt's record id
    deck_id      the deck
    started      when the attempt began (ISO 8601, UTC)
    finished     when it ended
    question     the question's number in the attempt, or "total"
    card_id      the card asked ("" on a total row)
    kind         the card's kind (flashcard, multiple_choice...); on a total row the
                 attempt's: full, retry (of the questions missed) or ended (early)
    prompt       the question as shown (the card's current text)
    response     the student's answer as text ("" when unanswered)
    right_answer the card's right answer as text
    verdict      correct | partial | wrong | unanswered | skipped | timed out | ended
    correct      1 when fully right, else 0 (on a total row: how many were)
    points       points earned (partial credit included)
    max_points   points the question (or the quiz) was worth
    percent      points / max_points x 100
    time_ms      time spent on the question (or the quiz), in milliseconds

`results DECK --classroom --csv FILE` writes the live classroom games of DECK
instead (saved by `quizapp host`): one row per player per question of every game.
Columns:

    game         the game's record id in the library
    started      when the game began (ISO 8601, UTC)
    question     the question's number in the game (1, 2, ...)
    card_id      the card asked
    player       the student's name
    answer       what they answered, as text (lists and matchings as JSON); "" if none
    right        yes | no
    score        the fraction of the card earned, 0.00 to 1.00 (partial credit)
    time_ms      how long they took, by the host's clock; "" when unanswered
    points       the points earned (speed and streak bonus included)

Cells of text that a spreadsheet would read as a formula (=, +, -, @) are prefixed
with an apostrophe, so a student's answer can never run as one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import click

from quizapp.cli import Context, UserError, pass_ctx, run_app, save_file, user_errors
from quizapp.model import KINDS, Deck
from quizapp.quiz import (
    DEFAULT_QUESTIONS,
    Attempt,
    Quiz,
    QuizError,
    QuizSettings,
    build_quiz,
    load_attempts,
    parse_duration,
)

CSV_COLUMNS = (
    "attempt", "deck_id", "started", "finished", "question", "card_id", "kind", "prompt",
    "response", "right_answer", "verdict", "correct", "points", "max_points", "percent",
    "time_ms",
)  # fmt: skip
#: `results --classroom`: the game, then ClassroomResult.to_csv_rows()'s columns.
CLASSROOM_COLUMNS = (
    "game", "started", "question", "card_id", "player", "answer", "right", "score", "time_ms",
    "points",
)  # fmt: skip
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def _kinds(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    kinds = tuple(k.strip().replace("-", "_") for k in value.split(",") if k.strip())
    for kind in kinds:
        if kind not in KINDS:
            raise click.BadParameter(f"{kind!r} is not a kind; use {','.join(KINDS)}", ctx, param)
    return kinds


@click.command("quiz")
@click.argument("deck_id", metavar="DECK")
@click.option(
    "--questions",
    type=click.IntRange(1),
    default=DEFAULT_QUESTIONS,
    show_default=True,
    help="How many (the setup screen's default; all if the deck has fewer).",
)
@click.option(
    "--time",
    "time_limit",
    callback=_duration,
    metavar="DURATION",
    help="Time for the whole quiz: 90s, 10m, 1h.",
)
@click.option(
    "--per-question", callback=_duration, metavar="DURATION", help="Time for each question: 30s."
)
@click.option("--kinds", callback=_kinds, help="Only these kinds, comma-separated.")
@click.option("--tag", "tags", multiple=True, help="Only cards with this tag (repeatable).")
@click.option("--seed", type=int, default=None, help="Draw the same quiz again.")
@click.option(
    "--feedback",
    type=click.Choice(["immediate", "deferred"]),
    default="immediate",
    show_default=True,
    help="Show right/wrong after each question or only at the end.",
)
@pass_ctx
def quiz_command(context: Context, /, deck_id: str, **options: Any) -> None:
    """Take a quiz on a deck in the app."""
    quiz = _build(context, deck_id, options)
    from quizapp.ui.screens.quiz_question import QuizQuestionScreen

    run_app(context, open_screen=QuizQuestionScreen(quiz))


def _build(context: Context, deck_id: str, options: dict[str, Any]) -> Quiz:
    with context.library(sync=False) as lib:
        deck = context.deck(lib, deck_id)
    try:
        return build_quiz(deck, QuizSettings(**options))
    except QuizError as error:
        raise UserError(str(error)) from None


@click.command("stats")
@click.argument("deck_id", metavar="[DECK]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option(
    "--days", type=click.IntRange(1, 365), default=30, show_default=True, help="Days of forecast."
)
@pass_ctx
def stats_command(context: Context, deck_id: str | None, as_json: bool, days: int) -> None:
    """Scores and study statistics of one deck, or of every deck."""
    from quizapp.stats import library_stats

    now = datetime.now(UTC)
    with context.library(sync=False, reading=True) as lib, user_errors():
        ids = [context.deck_id(lib, deck_id)] if deck_id else [s.id for s in lib.summaries()]
        figures = [library_stats(lib, d, now, days=days) for d in ids]
    if as_json:
        data: Any = figures[0].to_json() if deck_id else [f.to_json() for f in figures]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not figures:
        click.echo("The library is empty. Add a deck with `quizapp import FILE`.")
    for f in figures:
        click.echo(_stats_text(f.to_json()))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def _stats_text(data: dict[str, Any]) -> str:
    score, ret = data["score"], data["true_retention"]
    lines = [
        f"{data['title']} ({data['deck_id']})",
        f"  quiz attempts: {score['attempts']}   best {_pct(score['best'])}   "
        f"last {_pct(score['last'])}   average {_pct(score['average'])}",
    ]
    if score.get("apart"):
        lines.append(f"  ({score['apart']})")
    for m in data["most_missed"]:
        lines.append(f"  missed {m['missed']} of {m['asked']}: {m['card_id']}")
    rate = "—" if ret["rate"] is None else f"{100 * ret['rate']:.1f}%"
    reviews = sum(data["reviews_per_day"].values())
    lines.append(
        f"  reviews: {reviews} on {len(data['reviews_per_day'])} days   "
        f"true retention {rate} ({ret['passed']}/{ret['total']})"
    )
    lines.append("  cards: " + ", ".join(f"{k} {v}" for k, v in data["cards_by_state"].items()))
    fc = data["forecast"]
    lines.append(f"  due: today {fc[0]}, next 7 days {sum(fc[:7])}, next {len(fc)} days {sum(fc)}")
    return "\n".join(lines)


@click.command("results")
@click.argument("deck_id", metavar="DECK")
@click.option(
    "--csv",
    "csv_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="File to write ('-' for standard output).",
)
@click.option(
    "--classroom", is_flag=True, help="Export the live classroom games of DECK instead."
)
@pass_ctx
def results_command(context: Context, deck_id: str, csv_file: str, classroom: bool) -> None:
    """Write a deck's quiz attempts (or classroom games) as CSV, for a spreadsheet or gradebook."""
    if classroom:
        games, table = _classroom_table(context, deck_id)
        _output(csv_file, table, f"{games} classroom games, {len(table) - 1} rows")
        return
    with context.library(sync=False, reading=True) as lib, user_errors():
        deck = context.deck(lib, deck_id)
        attempts = load_attempts(lib, deck.id)
    rows = list(csv_rows(deck, attempts))
    buffer = io.StringIO()
    _write(buffer, rows)
    if csv_file == "-":
        click.echo(buffer.getvalue(), nl=False)
        return
    save_file(csv_file, buffer.getvalue().encode("utf-8"))
    click.echo(f"wrote {csv_file}: {len(attempts)} attempts, {len(rows)} rows", err=True)


def _write(out: Any, rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _classroom_table(context: Context, deck_id: str) -> tuple[int, list[list[str]]]:
    """Every saved classroom game of the deck as CSV rows, header first."""
    from pydantic import ValidationError

    from quizapp.classroom.results import ClassroomResult

    with context.library(sync=False, reading=True) as lib, user_errors():
        records = lib.records("classroom", deck_id)  # kept even if the deck was deleted
        if not records:
            deck_id = context.deck_id(lib, deck_id)  # a clear error when there is no such deck
            records = lib.records("classroom", deck_id)
    table = [list(CLASSROOM_COLUMNS)]
    for record in records:
        try:
            result = ClassroomResult.model_validate(record)
        except ValidationError as error:
            raise UserError(
                f"classroom record {record.get('_id')} of {deck_id!r} is damaged "
                f"({error.errors()[0]['msg']}); restore a backup (quizapp restore --list)"
            ) from None
        _, *rows = result.to_csv_rows()
        game, started = str(record.get("_id", "")), result.started_at.isoformat()
        table += [[game, started, *row] for row in rows]
    return len(records), table


def _output(csv_file: str, table: list[list[str]], summary: str) -> None:
    """Write rows (header first) to a file, or to standard output for '-'."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    if csv_file == "-":
        click.echo(buffer.getvalue(), nl=False)
        return
    save_file(csv_file, buffer.getvalue().encode("utf-8"))
    click.echo(f"wrote {csv_file}: {summary}", err=True)


def _safe(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    if text[:1] in ("=", "+", "-", "@", "\t") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _percent(points: float, max_points: float) -> float:
    return round(100 * points / max_points, 1) if max_points else 0.0


def csv_rows(deck: Deck, attempts: list[Attempt]) -> Iterator[dict[str, Any]]:
    """The CSV rows of `attempts`, one per question plus a total per attempt."""
    cards = {card.id: card for card in deck.cards}
    for a in attempts:
        common = {
            "attempt": a.id,
            "deck_id": a.deck_id,
            "started": a.started.isoformat(),
            "finished": a.finished.isoformat(),
        }
        for number, item in enumerate(a.questions, 1):
            card = cards.get(item.card_id)
            yield {
                **common,
                "question": number,
                "card_id": item.card_id,
                "kind": item.kind,
                "prompt": _safe(" ".join(card.prompt.split())) if card else "",
                "response": _safe(item.response),
                "right_answer": _safe(card.answer_text) if card else "",
                "verdict": item.verdict,
                "correct": int(item.correct),
                "points": item.points,
                "max_points": item.max_points,
                "percent": _percent(item.points, item.max_points),
                "time_ms": item.time_ms,
            }
        yield {
            **common,
            "question": "total",
            "card_id": "",
            "kind": a.kind,  # full | retry | ended: a gradebook can keep only full attempts
            "prompt": "",
            "response": "",
            "right_answer": "",
            "verdict": "",
            "correct": a.correct,
            "points": a.points,
            "max_points": a.max_points,
            "percent": a.percent,
            "time_ms": a.time_ms,
        }
