"""Running the app from the command line: the library opened as every command opens it
(quizapp.cli_base), then the Textual app on it. Used by the launch (quizapp.launch) and by
the commands that open a screen (study, quiz, new, edit); imports neither click nor, until
it runs, the UI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.cli_base import Context

if TYPE_CHECKING:  # the UI's own name for the type: this module imports no Textual
    from quizapp.ui.app import OpenScreen


def run_app(context: Context, open_screen: OpenScreen | None = None) -> None:
    """Launch the Textual app (imported here so the other commands start fast), on
    `open_screen` if given, else on the home screen."""
    from quizapp.ui.app import QuizApp

    with context.library() as lib:
        QuizApp(lib, open_screen=open_screen).run()
