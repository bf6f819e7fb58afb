"""The chosen theme, kept: `theme.toml` in the config dir, read at start, written on change.

Changing the theme (ctrl+p, "Change theme") writes the file at once, atomically through
quizapp.files; a file that cannot be read or names a theme that no longer exists is said
and the default theme used. A failed write is said too: the theme then lasts this run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.theme import Theme

from quizapp.files import atomic_write_bytes
from quizapp.paths import config_dir, shown

THEME_FILE = "theme.toml"


def theme_path() -> Path:
    return config_dir() / THEME_FILE


def load_theme() -> tuple[str | None, str | None]:
    """The saved theme's name (None: none saved), and what is wrong with the file."""
    path = theme_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"{shown(path)}: cannot be read ({error}); the default theme is used."
    import tomllib  # only when there is a file: most starts have none

    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return None, f"{shown(path)}: cannot be read ({error}); the default theme is used."
    name = table.get("theme")
    if not isinstance(name, str):
        return None, f'{shown(path)}: write the theme as  theme = "nord"; the default is used.'
    return name, None


def save_theme(name: str) -> str | None:
    """Write the theme's name; a sentence saying why not, if it could not be written."""
    import tomli_w  # only when a theme is chosen

    path = theme_path()
    try:
        atomic_write_bytes(path, tomli_w.dumps({"theme": name}).encode(), make_parents=True)
    except OSError as error:
        return f"{shown(path)}: the theme could not be saved ({error.strerror})."
    return None


def install_theme(app: App[Any]) -> None:
    """Start `app` in the saved theme and save each theme chosen from now on."""
    name, problem = load_theme()
    if name is not None and name not in app.available_themes:
        problem = f"{shown(theme_path())}: there is no theme {name!r}; the default is used."
        name = None
    if name is not None:
        app.theme = name
    if problem:
        app.notify(problem, title="Theme", severity="warning", markup=False, timeout=15)
    saved = [name or app.theme]

    def changed(theme: Theme) -> None:
        if theme.name == saved[0]:
            return  # the start-up theme, published once more by Textual
        saved[0] = theme.name
        if (failed := save_theme(theme.name)) is not None:
            app.notify(failed, title="Theme", severity="warning", markup=False)

    app.theme_changed_signal.subscribe(app, changed)
