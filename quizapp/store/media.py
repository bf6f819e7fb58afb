"""Images kept in the library: <data dir>/media/<sha256>.<ext>, named by their content.

A file's name is its SHA-256, so the same image imported twice is stored once and a name
can never point outside the folder; each is written atomically. Cards refer to them by
that name (`Card.media`); exports read them back from here.
"""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.files import atomic_write_files

MEDIA_NAME = re.compile(r"^[0-9a-f]{64}\.[a-z0-9]{1,5}$")


def media_dir(data_dir: Path) -> Path:
    return data_dir / "media"


def keep_media(data_dir: Path, files: dict[str, bytes]) -> int:
    """Store the files not already there; returns how many were written."""
    for name in files:
        if not MEDIA_NAME.match(name):
            raise ValueError(f"{name!r} is not a media name (sha256.ext)")
    folder = media_dir(data_dir)
    new = {name: data for name, data in files.items() if not (folder / name).exists()}
    atomic_write_files(folder, new)
    return len(new)


def media_paths(data_dir: Path, names: tuple[str, ...]) -> list[Path]:
    """The files of a card's images that are in the library."""
    folder = media_dir(data_dir)
    return [folder / n for n in names if MEDIA_NAME.match(n) and (folder / n).is_file()]


def images_line(names: tuple[str, ...]) -> str:
    """What the reveal says of a card's images (empty when it has none)."""
    if not names:
        return ""
    return f"{len(names)} image{'s' if len(names) != 1 else ''} with this card: o opens them"
