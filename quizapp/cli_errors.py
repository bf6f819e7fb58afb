"""The user's mistakes as the command line says them: a plain line, exit code 1.

Kept apart from cli_base so that the app's launch imports click only when there is an
error to say (quizapp.launch).
"""

from __future__ import annotations

from typing import Any

import click


class UserError(click.ClickException):
    """A mistake the user can fix: printed plainly, exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"quizapp: {self.message}", err=True)
