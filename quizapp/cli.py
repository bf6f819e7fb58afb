"""The command line: parses, calls the core, prints. Exit codes: 0 ok, 1 user error, 2 usage."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from quizapp import __version__
from quizapp.cli_app import run_app
from quizapp.cli_base import (
    DATA_DIR,
    READ_ONLY,
    Context,
    resolve_deck,
    user_errors,
)
from quizapp.cli_errors import UserError
from quizapp.model.problems import DeckError
from quizapp.paths import ENV_DATA_DIR
from quizapp.store import discard_damaged as store_discard_damaged
from quizapp.store import list_backups
from quizapp.store import restore as store_restore
from quizapp.wording import counted, part_of, plural

# Re-exported: the command modules (cli_*.py) import them from here.
__all__ = ["Context", "UserError", "pass_ctx", "resolve_deck", "run_app", "save_file",
           "user_errors"]



pass_ctx = click.make_pass_decorator(Context)

# Feature commands live in modules of their own, imported only when run (or listed by
# --help), so that starting the app does not import the classroom server or pydantic.
LAZY_COMMANDS = {
    "study": "quizapp.cli_study:study",
    "quiz": "quizapp.cli_quiz:quiz_command",
    "stats": "quizapp.cli_quiz:stats_command",
    "results": "quizapp.cli_quiz:results_command",
    "host": "quizapp.cli_classroom:host_command",
    "join": "quizapp.cli_classroom:join_command",
    "new": "quizapp.cli_author:new",
    "import": "quizapp.cli_author:import_command",
    "export": "quizapp.cli_author:export_command",
    "edit": "quizapp.cli_author:edit",
    "settings": "quizapp.cli_settings:settings_command",
    "lrs": "quizapp.cli_lrs:lrs_command",
    "optimize": "quizapp.cli_optimize:optimize_command",
    "keys": "quizapp.cli_keys:keys_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    DATA_DIR,
    type=click.Path(file_okay=False),
    envvar=ENV_DATA_DIR,
    help=f"Folder of the library (default: the user's data dir; env {ENV_DATA_DIR}).",
)
@click.option(READ_ONLY, is_flag=True, help="Open the library without changing it.")
@click.version_option(__version__, prog_name="quizapp")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, read_only: bool) -> None:
    """quizapp: quizzes and flashcards in the terminal.

    Without a command, opens the app on your library.
    """
    ctx.obj = Context(data_dir, read_only)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def save_file(path: str, data: bytes) -> None:
    """Write a file the user asked for (a CSV report): atomically, through quizapp.files,
    so a failed write leaves the old file; an error names the file, never a traceback."""
    from quizapp.files import write_output

    try:
        write_output(Path(path), data)
    except DeckError as error:
        raise UserError("; ".join(str(p) for p in error.problems)) from None


def _today_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="Judge which cards are past their review-by date as on this day (YYYY-MM-DD).",
    )(command)


def _today(value: Any) -> Any:
    from datetime import date

    return value.date() if value is not None else date.today()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@_today_option
@pass_ctx
def decks(context: Context, as_json: bool, today: Any) -> None:
    """List the decks in the library with their card counts."""
    with context.library(reading=True) as lib, user_errors():
        summaries = lib.summaries()
        if as_json:
            from quizapp.model.freshness import stale_ids

            # The stale cards (past review_by) need the cards, so only the JSON lists them.
            day = _today(today)
            rows = [
                {**s.__dict__, "stale": stale_ids(lib.deck(s.id).cards, day)} for s in summaries
            ]
            click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
    if not summaries:
        click.echo("The library is empty. Add a deck with `quizapp import FILE`.")
    for s in summaries:
        kinds = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(s.kinds.items()))
        cards = plural(s.card_count, "card")
        click.echo(f"{s.id:<28} {s.card_count:>5} {cards:<5}  {s.title}  ({kinds})")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--source",
    "source_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A source text: check that every evidence quote appears in it.",
)
@_today_option
def validate(files: tuple[str, ...], source_file: str | None, today: Any) -> None:
    """Check deck files; print every problem found (and warn of cards past their review-by)."""
    from quizapp.evidence import check_evidence
    from quizapp.formats import read_file
    from quizapp.model.freshness import stale_warnings

    try:
        source_text = Path(source_file).read_text(encoding="utf-8") if source_file else None
    except UnicodeDecodeError:
        raise UserError(f"{source_file}: is not UTF-8 text; save it as UTF-8") from None
    failed = 0
    for name in files:
        try:
            loaded = read_file(Path(name))
        except DeckError as error:
            failed += 1
            for problem in error.problems:
                click.echo(str(problem), err=True)
            continue
        problems = []
        for deck in loaded.decks:
            if source_text is not None:
                problems += check_evidence(deck, source_text, name)
        for problem in problems:
            click.echo(str(problem), err=True)
        if problems:
            failed += 1
        else:
            cards = sum(len(d.cards) for d in loaded.decks)
            left = f"; {len(loaded.skipped)} notes below" if loaded.skipped else ""
            click.echo(f"{name}: ok ({counted(cards, 'card')}{left})")
            for reason in loaded.skipped:  # what an import would leave out, and why
                click.echo(f"  skipped: {reason}", err=True)
            for deck in loaded.decks:
                for warning in stale_warnings(deck.cards, _today(today)):
                    click.echo(f"{name}: warning: {warning}", err=True)
    if failed:
        raise UserError(
            f"{part_of(failed, len(files), 'file')} {plural(failed, 'has', 'have')} problems"
        )


@cli.command()
def formats() -> None:
    """List the file formats quizapp reads and writes."""
    from quizapp.formats import FORMATS

    for fmt in FORMATS.values():
        ways = "/".join(w for w, ok in (("read", fmt.read), ("write", fmt.dump)) if ok)
        click.echo(f"{fmt.name:<10} {ways:<10} {' '.join(fmt.extensions):<18} {fmt.description}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the deck file format."""
    from quizapp.model import Deck

    click.echo(json.dumps(Deck.model_json_schema(), indent=2, ensure_ascii=False))


@cli.command("restore")
@click.argument("backup", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the backups, newest first.")
@click.option(
    "--discard-damaged",
    is_flag=True,
    help="Go on without files found damaged (they are kept, renamed), instead of restoring.",
)
@pass_ctx
def restore_command(
    context: Context, backup: str | None, list_only: bool, discard_damaged: bool
) -> None:
    """Restore the library from a backup (the newest one by default)."""
    found = list_backups(context.data_dir)
    if list_only:
        click.echo("\n".join(p.name for p in found) if found else "There are no backups.")
        return
    if context.read_only:
        raise UserError("restoring changes the library; run it without --read-only")
    if discard_damaged:
        kept = store_discard_damaged(context.data_dir)
        for path in kept:
            click.echo(f"kept the damaged file as {path.name}; going on without it")
        if not kept:
            click.echo("There are no damaged files.")
        return
    if not found:
        raise UserError("there are no backups to restore")
    chosen = next((p for p in found if p.name == backup), None) if backup else found[0]
    if chosen is None:
        raise UserError(f"no backup named {backup!r}; see `quizapp restore --list`")
    with user_errors():
        store_restore(context.data_dir, chosen)
    click.echo(f"restored {chosen.name}")


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    return cli.main(args=argv, prog_name="quizapp")
