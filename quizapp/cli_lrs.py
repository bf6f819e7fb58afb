"""`quizapp lrs ...`: send results to the school's Learning Record Store (xAPI 2.0).

Thin: parses, calls quizapp.xapi, prints. Nothing is sent unless `lrs set` (or the
school's environment variables) turned it on.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import click

from quizapp.cli import Context, UserError, pass_ctx, save_file
from quizapp.xapi import config as lrs_config
from quizapp.xapi.client import LrsClient, LrsError
from quizapp.xapi.outbox import Outbox, Sender
from quizapp.xapi.report import query, rows


def _load() -> lrs_config.LrsConfig:
    try:
        return lrs_config.load()
    except lrs_config.ConfigError as error:
        raise UserError(str(error)) from None


@click.group("lrs")
def lrs_command() -> None:
    """Send every answer to the school's Learning Record Store (xAPI 2.0)."""


@lrs_command.command("set")
@click.argument("url")
@click.option("--username", "-u", default="", help="The LRS account quizapp sends with.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
@click.option("--homepage", default=None, help="The school's sign-in site (the actor's homePage).")
@click.option("--account", default=None, help="Your account name there (default: login name).")
@click.option("--email", default=None, help="Identify by email instead; only its hash is sent.")
@click.option(
    "--activity-base",
    default=None,
    help=f"IRI the cards' activity ids start with (default {lrs_config.DEFAULT_ACTIVITY_BASE}).",
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="CSV of name,account (or name,email): the students of games you host.",
)
def lrs_set(
    url: str,
    username: str,
    password_stdin: bool,
    homepage: str | None,
    account: str | None,
    email: str | None,
    activity_base: str | None,
    roster: str | None,
) -> None:
    """Turn sending on, to the LRS whose xAPI endpoint is URL."""
    try:
        lrs_config.check_url(url)
        if email and account:
            raise UserError("give --account or --email, not both")
        if activity_base:
            lrs_config.check_iri(activity_base)
        current = lrs_config.load()
        password = lrs_config.stored_password(url)
        if current.password and not password and not password_stdin and current.url:
            click.echo(
                "quizapp: the password is not kept for a new LRS address (nor taken from the "
                "environment); give it with --password-stdin",
                err=True,
            )
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise UserError("no password on standard input; pipe it in, one line")
        if email:
            actor = lrs_config.hashed_actor(email)
        elif homepage or account or not current.actor:
            actor = lrs_config.load_default_actor(url, homepage, account)
        else:
            actor = current.actor
        home = actor.get("account", {}).get("homePage") or homepage or url
        read = lrs_config.read_roster(Path(roster), home) if roster else None
        config = replace(
            current,
            url=url,
            username=username or current.username,
            password=password,
            actor=actor,
            activity_base=activity_base or current.activity_base,
            roster=read.actors if read else current.roster,
            roster_names=read.names if read else current.roster_names,
            enabled=True,
        )
        path = lrs_config.save(config)
    except lrs_config.ConfigError as error:
        raise UserError(str(error)) from None
    click.echo(f"sending to {url} as {config.describe_actor()} (settings in {path})")
    parts = urlsplit(url)
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        click.echo(
            "quizapp: warning: over http the password and the results travel unencrypted; "
            "use the LRS's https address",
            err=True,
        )
    if config.roster:
        click.echo(f"roster: {len(config.roster)} students")


@lrs_command.command("off")
def lrs_off() -> None:
    """Stop sending (what is queued stays queued; `lrs set` turns it on again)."""
    path = lrs_config.turn_off()
    click.echo(f"sending is off (settings in {path})")


@lrs_command.command("status")
@pass_ctx
def lrs_status(context: Context) -> None:
    """Where statements go, how many are queued, sent and set aside, the last error."""
    config = _load()
    if not config.url:
        click.echo("LRS: off (nothing is sent); turn it on with `quizapp lrs set URL`")
    else:
        state = "on" if config.enabled else "off (queued statements wait)"
        click.echo(f"LRS: {state}, {config.url} as {config.describe_actor()}")
        click.echo(
            f"username: {config.username or '-'}, password: "
            + ("set" if config.password else "not set")
        )
    with context.library(sync=False, reading=True) as lib:
        status = Outbox(lib, config).status()
    click.echo(f"queued: {status.queued_records} records")
    click.echo(
        f"sent: {status.sent} statements"
        + (f", last at {status.last_sent_at}" if status.last_sent_at else "")
    )
    click.echo(f"set aside (rejected by the LRS): {status.rejected}")
    for reason in status.rejected_reasons:
        click.echo(f"  {reason}")
    if status.not_in_roster:
        click.echo(f"players not in the roster (not sent): {status.not_in_roster}")
    if status.last_error:
        click.echo(f"last error: {status.last_error}")


@lrs_command.command("push")
@pass_ctx
def lrs_push(context: Context) -> None:
    """Send everything queued now."""
    config = _load()
    if not config.enabled:
        raise UserError("sending is off; turn it on with `quizapp lrs set URL`")
    with context.library(sync=False) as lib:
        try:
            result = Sender(Outbox(lib, config)).push()
        except LrsError as error:
            raise UserError(f"{error}; the statements stay queued") from None
    click.echo(
        f"sent {result.sent} statements"
        + (f", {result.rejected} rejected and set aside" if result.rejected else "")
    )


@lrs_command.command("report")
@click.option("--deck", "deck_id", default=None, help="Only this deck's statements.")
@click.option("--since", default=None, help="Only statements stored after this ISO time.")
@click.option(
    "--csv",
    "csv_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="Write the report here ('-' for standard output).",
)
def lrs_report(deck_id: str | None, since: str | None, csv_file: str) -> None:
    """A class's answers from the LRS as CSV: per student, per question, right and time."""
    config = _load()
    if not config.url:
        raise UserError("no LRS is set; use `quizapp lrs set URL` first")
    try:
        table = rows(config, LrsClient(config).get(**query(since)), deck_id)
    except LrsError as error:
        raise UserError(str(error)) from None
    if csv_file == "-":
        csv.writer(sys.stdout).writerows(table)
        return
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(table)
    save_file(csv_file, buffer.getvalue().encode("utf-8"))
    click.echo(f"wrote {csv_file}: {len(table) - 1} answers")
