"""The `quizapp` command: the app itself when no command is given, else the command line.

The app is what most runs of `quizapp` open, so its start does not wait for the parser:
`quizapp`, `quizapp --data-dir DIR` and `quizapp --read-only` open the library and the app
through quizapp.cli_app, with the same messages and exit codes as every command; anything
else (a command, --help, --version, a mistake) goes to quizapp.cli, which parses it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from quizapp.cli_base import DATA_DIR, READ_ONLY


def app_options(args: Sequence[str]) -> tuple[str | None, bool] | None:
    """(--data-dir, --read-only) when `args` hold only those, else None (for the parser)."""
    folder: str | None = None
    read_only = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == READ_ONLY:
            read_only = True
        elif arg == DATA_DIR and rest and not rest[0].startswith("-"):
            folder = rest.pop(0)
        elif arg.startswith(DATA_DIR + "=") and len(arg) > len(DATA_DIR) + 1:
            folder = arg[len(DATA_DIR) + 1 :]
        else:
            return None
    return folder, read_only


def main(argv: Sequence[str] | None = None) -> object:
    args = sys.argv[1:] if argv is None else list(argv)
    options = app_options(args)
    if options is None:
        from quizapp.cli import main as commands

        return commands(args)
    from quizapp.cli_app import run_app
    from quizapp.cli_base import Context

    try:
        run_app(Context(*options))
    except Exception as error:
        from quizapp.cli_errors import UserError  # already imported if this is one

        if not isinstance(error, UserError):
            raise
        error.show()
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:  # ctrl+c before the app is up (a restore question)
        raise SystemExit(130) from None
    return None
