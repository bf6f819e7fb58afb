"""The core never imports Textual: only quizapp.ui (and the CLI that launches it) may."""

from __future__ import annotations

import json
import os
import pkgutil
import shutil
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



def textual_imports(path: Path) -> list[int]:
    """Lines of `path` that import Textual, type-only imports included."""
    import ast

    lines = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if any(n == "textual" or n.startswith("textual.") for n in names):
            lines.append(node.lineno)
    return lines


def test_only_the_ui_names_textual_even_for_a_type() -> None:
    # The check above sees what runs; this one sees what is written (a TYPE_CHECKING
    # import is a dependency on Textual too). Outside quizapp/ui, name the UI's types.
    package = REPO / "quizapp"
    found = {str(path.relative_to(REPO)): lines for path in sorted(package.rglob("*.py"))
             if "ui" not in path.relative_to(package).parts[:1]
             and (lines := textual_imports(path))}
    assert found == {}
    assert textual_imports(package / "ui" / "app.py")  # the walk would see one

def test_the_check_would_see_textual() -> None:
    # Guard against a check that can never fail.
    assert _import_in_a_fresh_interpreter(["quizapp.text", "quizapp.ui.app"])["culprit"] == (
        "quizapp.ui.app")


CONTRACTS = (
    "The core never imports the UI or Textual",
    "The one-way flow: cli > ui > sessions > store | formats > files > rules > model > text",
    "No cycles between siblings in any package",
)


def _lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.is_file():
        pytest.skip(f"import-linter is not installed ({lint_imports} not found)")
    return subprocess.run(
        [str(lint_imports), "--config", str(folder / "pyproject.toml"), "--no-cache"],
        capture_output=True, text=True, cwd=folder, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )


def _verdicts(output: str) -> dict[str, str]:
    # lint-imports wraps long names; join the lines back before reading each verdict.
    flat = " ".join(output.split())
    return {name: ("KEPT" if f"{name} KEPT" in flat else "BROKEN" if f"{name} BROKEN" in flat
                   else "missing") for name in CONTRACTS}


def test_import_linter_contracts() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _verdicts(done.stdout) == dict.fromkeys(CONTRACTS, "KEPT")


def test_the_contracts_see_a_cycle_and_a_layer_crossed(tmp_path: Path) -> None:
    # Guard against contracts that can never fail: the same pyproject on a copy of the code
    # where the store imports a format (upwards) and two model modules import each other.
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(REPO / "quizapp", tmp_path / "quizapp",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "quizapp/store/uses_formats.py").write_text("import quizapp.formats.own\n")
    (tmp_path / "quizapp/model/ping.py").write_text("import quizapp.model.pong\n")
    (tmp_path / "quizapp/model/pong.py").write_text("import quizapp.model.ping\n")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    assert _verdicts(done.stdout) == {
        CONTRACTS[0]: "KEPT", CONTRACTS[1]: "BROKEN", CONTRACTS[2]: "BROKEN"}
    flat = " ".join(done.stdout.split())
    assert "quizapp.store.uses_formats -> quizapp.formats.own" in flat
    assert ".ping -> .pong" in flat or ".pong -> .ping" in flat
