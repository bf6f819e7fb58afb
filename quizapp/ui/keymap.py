"""User keymaps: every binding has an id; `keymap.toml` in the config dir maps ids to keys.

The file is the user's, so it is read leniently: a broken file or a bad entry is said (the
file, the entry, what to do) and left out; the good entries still apply and the app starts.
Textual does the rebinding itself (`App.set_keymap`); this module only reads the file and
lists the bindings (for `quizapp keys` and for checking the ids a file names).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, key_to_character

from quizapp.paths import config_dir, shown

KEYMAP_FILE = "keymap.toml"
_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_KEY_NAMES = frozenset(key.value for key in Keys)


def keymap_path() -> Path:
    return config_dir() / KEYMAP_FILE


@dataclass(frozen=True)
class BindingInfo:
    """One of the app's bindings, as `quizapp keys` lists it."""

    id: str
    key: str
    where: str  # the screen or widget class that holds it
    description: str


def _ui_classes() -> list[type[DOMNode]]:
    """Every screen, widget and app class of quizapp.ui (its modules imported to find them)."""
    import importlib
    import pkgutil

    import quizapp.ui

    for module in pkgutil.walk_packages(quizapp.ui.__path__, "quizapp.ui."):
        importlib.import_module(module.name)
    seen: list[type[DOMNode]] = []
    stack: list[type[DOMNode]] = [DOMNode]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.append(sub)
                stack.append(sub)
    return [cls for cls in seen if cls.__module__.startswith("quizapp.ui.")]


def bindings() -> list[BindingInfo]:
    """Every binding quizapp declares, in the order `quizapp keys` prints them."""
    found: list[BindingInfo] = []
    for cls in _ui_classes():
        for item in cls.__dict__.get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            found.append(
                BindingInfo(binding.id or "", binding.key, cls.__name__, binding.description)
            )
    return sorted(found, key=lambda b: (b.where, b.id))


def key_problem(keys: str) -> str | None:
    """Why a key string (Textual's syntax: "ctrl+s", "f2,question_mark") cannot be bound."""
    for key in keys.split(","):
        *modifiers, name = key.strip().split("+")
        if not name:
            return f"{keys!r} has an empty key"
        bad = [m for m in modifiers if m not in _MODIFIERS]
        if bad:
            return f"{bad[0]!r} in {keys!r} is not a modifier (use ctrl, shift, alt, meta)"
        if len(name) > 1 and name not in _KEY_NAMES and key_to_character(name) is None:
            return f"{name!r} in {keys!r} is not a key name (e.g. f2, space, question_mark, a)"
    return None


def _flatten(table: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """Ids hold dots, which TOML reads as tables: `home.study = "f5"` and `[home]` then
    `study = "f5"` both mean the id home.study."""
    entries: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            entries.extend(_flatten(value, f"{prefix}{name}."))
        else:
            entries.append((f"{prefix}{name}", value))
    return entries


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The file's good entries, and a sentence for each bad one (or for a broken file)."""
    path = keymap_path() if path is None else path
    where = shown(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [f"{where}: cannot be read ({error.strerror}); default keys are used."]
    import tomllib  # here: most users have no keymap file, and start-up need not load this

    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{where}: not valid TOML ({error}); fix it or delete it. Default keys used."]
    if not table:
        return {}, []
    known = {b.id for b in bindings()}
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in _flatten(table):
        entry = f"{where}, entry {binding_id!r}"
        if binding_id not in known:
            problems.append(f"{entry}: no binding has this id; `quizapp keys` lists them.")
        elif not isinstance(keys, str):
            problems.append(f'{entry}: give the keys as a string, e.g. {binding_id} = "ctrl+s".')
        elif (why := key_problem(keys)) is not None:
            problems.append(f"{entry}: {why}.")
        else:
            keymap[binding_id] = keys
    return keymap, problems


def install_keymap(app: App[Any]) -> None:
    """Apply the user's keymap to `app`; each problem with the file becomes a notification."""
    keymap, problems = load_keymap()
    if keymap:
        app.set_keymap(keymap)
    for problem in problems:
        app.notify(problem, title="Keymap", severity="warning", markup=False, timeout=20)
