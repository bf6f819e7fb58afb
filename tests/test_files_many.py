"""atomic_write_files: many files of one folder written at once, each whole or absent."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from quizapp.files import atomic_write_files


def test_every_file_is_written_whole_and_no_temp_file_is_left(tmp_path: Path) -> None:
    files = {f"f{n}.bin": bytes([n]) * (1000 + n) for n in range(40)}
    (tmp_path / "f3.bin").write_bytes(b"old")  # replaced
    atomic_write_files(tmp_path / "media", files)
    atomic_write_files(tmp_path, {"f3.bin": files["f3.bin"]})
    assert {p.name: p.read_bytes() for p in (tmp_path / "media").iterdir()} == files
    assert (tmp_path / "f3.bin").read_bytes() == files["f3.bin"]


def test_a_file_that_cannot_be_written_is_reported_after_the_others(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()  # a directory where a file should go: its rename fails
    (tmp_path / "taken" / "x").write_bytes(b"")
    files = {"a.bin": b"a" * 100, "taken": b"t", "b.bin": b"b" * 100}
    with pytest.raises(OSError) as raised:
        atomic_write_files(tmp_path, files)
    assert raised.value.errno in (errno.EISDIR, errno.ENOTEMPTY, errno.EEXIST)
    assert (tmp_path / "a.bin").read_bytes() == b"a" * 100
    assert (tmp_path / "b.bin").read_bytes() == b"b" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.bin", "taken"]
