"""How a path is shown to the user: under their home folder as ~/..., else as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.paths import shown


def test_a_path_under_home_is_shown_from_tilde(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    (tmp_path / "me" / "lib").mkdir(parents=True)
    assert shown(tmp_path / "me" / "lib") == "~/lib"
    assert shown(tmp_path / "elsewhere") == str(tmp_path / "elsewhere")
