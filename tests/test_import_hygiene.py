"""The core never imports Textual: only quizapp.ui (and the CLI that launches it) may."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import quizapp

REPO = Path(__file__).resolve().parents[1]
# The UI, and the command-line entry points that start it.
NOT_CORE = ("quizapp.ui", "quizapp.cli", "quizapp.__main__")


def _modules(paths: list[str], prefix: str) -> list[str]:
    """Every module below `paths`, found without importing anything (so not the UI either)."""
    found = []
    for info in pkgutil.iter_modules(paths, prefix):
        if info.name in NOT_CORE or info.name.startswith("quizapp.ui."):
            continue
        found.append(info.name)
        if info.ispkg:
            found += _modules([str(Path(p) / info.name.rsplit(".", 1)[1]) for p in paths],
                              f"{info.name}.")
    return found


CORE = ["quizapp", *_modules(list(quizapp.__path__), "quizapp.")]

# Imports each module in turn and says which one first brought Textual in.
_CHECK = """
import importlib, json, sys
culprit = None
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    if culprit is None and any(m == "textual" or m.startswith("textual.") for m in sys.modules):
        culprit = name
print(json.dumps({"culprit": culprit, "ui": "quizapp.ui" in sys.modules}))
"""


def _import_in_a_fresh_interpreter(modules: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, json.dumps(modules)],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_walk_finds_the_core() -> None:
    for name in ("quizapp.model.cards", "quizapp.store.library", "quizapp.formats.own",
                 "quizapp.text", "quizapp.evidence", "quizapp.study"):
        assert name in CORE
    assert not any(name.startswith("quizapp.ui") for name in CORE)
    assert "quizapp.cli" not in CORE


def test_the_core_never_imports_textual() -> None:
    result = _import_in_a_fresh_interpreter(CORE)
    assert result == {"culprit": None, "ui": False}, f"{result['culprit']} imports Textual"


def test_the_cli_imports_textual_only_to_open_the_app() -> None:
    # Commands like `validate` start fast: the UI is imported when the app is launched.
    assert _import_in_a_fresh_interpreter(["quizapp.cli"]) == {"culprit": None, "ui": False}


def test_the_check_would_see_textual() -> None:
    # Guard against a check that can never fail.
    assert _import_in_a_fresh_interpreter(["quizapp.text", "quizapp.ui.app"])["culprit"] == (
        "quizapp.ui.app")


def test_import_linter_contract() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.is_file():
        pytest.skip(f"import-linter is not installed ({lint_imports} not found)")
    done = subprocess.run(
        [str(lint_imports), "--config", str(REPO / "pyproject.toml")],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 broken." in done.stdout and "KEPT" in done.stdout
