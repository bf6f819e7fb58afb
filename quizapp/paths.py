"""Where things live: the user's library and the decks shipped with quizapp."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "QUIZAPP_DATA_DIR"
ENV_CONFIG_DIR = "QUIZAPP_CONFIG_DIR"


def data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The library folder: --data-dir, else $QUIZAPP_DATA_DIR, else the user's data dir."""
    if option:
        return Path(option).expanduser()
    if env := os.environ.get(ENV_DATA_DIR):
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("quizapp", appauthor=False))


def config_dir() -> Path:
    """The user's settings of the app itself (keymap, theme): $QUIZAPP_CONFIG_DIR, else the
    user's config dir. Apart from the library: a library can be shared or moved, keys are yours."""
    if env := os.environ.get(ENV_CONFIG_DIR):
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("quizapp", appauthor=False))


def shown(path: Path) -> str:
    """A path as the user reads it: under their home folder, as ~/...."""
    try:
        inside = path.resolve().relative_to(Path.home().resolve())
    except (ValueError, RuntimeError, OSError):  # not under home, or no home at all
        return str(path)
    return str(Path("~") / inside)


def shipped_decks_dir() -> Path:
    """decks/ of the source tree, or the copy a wheel carries inside the package."""
    package = Path(__file__).resolve().parent
    bundled = package / "_shipped_decks"
    return bundled if bundled.is_dir() else package.parent / "decks"


def shipped_deck_files() -> list[Path]:
    folder = shipped_decks_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []
