"""The zip around an Anki collection, opened as if hostile.

No member is ever extracted by name: the collection is streamed, with a size cap (sizes
in a zip header can lie) and a bounded zstd window, into a temp file we name; members
compressed suspiciously well are refused as zip bombs. The collection is then read by
apkg_collection (through sqlite_guard).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path
from typing import IO

import zstandard

from quizapp.formats.apkg_collection import Collection, protobuf
from quizapp.model import DeckError, Problem

MAX_MEMBER_BYTES = 200 * 1024 * 1024
#: Compression ratios above this (on members over 1 MiB) are taken for a zip bomb.
MAX_RATIO = 200
#: zstd frames may ask for a window of gigabytes (a 574-byte file peaked at 2.7 GB).
MAX_ZSTD_WINDOW = 1 << 27
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_CHUNK = 1 << 20


def _unzstd() -> zstandard.ZstdDecompressor:
    return zstandard.ZstdDecompressor(max_window_size=MAX_ZSTD_WINDOW)


def fail(file: str, message: str) -> DeckError:
    return DeckError([Problem(file, message)])


def _checked(info: zipfile.ZipInfo, file: str) -> None:
    if info.file_size > MAX_MEMBER_BYTES:
        raise fail(
            file,
            f"member {info.filename!r} unpacks to {info.file_size // 2**20} MiB; "
            f"packages over {MAX_MEMBER_BYTES // 2**20} MiB are refused",
        )
    if info.file_size > _CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise fail(
            file,
            f"member {info.filename!r} is compressed {MAX_RATIO}-fold or more; "
            "refused as a possible zip bomb",
        )


def _copy_capped(source: IO[bytes], target: IO[bytes], file: str) -> None:
    """Copy at most MAX_MEMBER_BYTES: sizes in a zip header can lie."""
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > MAX_MEMBER_BYTES:
            raise fail(file, f"unpacks to over {MAX_MEMBER_BYTES // 2**20} MiB; refused")
        target.write(chunk)


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, zstd: bool) -> bytes:
    _checked(info, file)
    with tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK) as out, zf.open(info) as member:
        source = _unzstd().stream_reader(member) if zstd else member
        _copy_capped(source, out, file)
        out.seek(0)
        return out.read()


#: Images kept from one package: each at most, and all together at most.
MAX_IMAGE_BYTES = 16 * 2**20
MAX_MEDIA_BYTES = 128 * 2**20
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "avif"}
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def media_files(
    zf: zipfile.ZipFile, names: set[str], file: str
) -> tuple[dict[str, bytes], list[str]]:
    """The package's images by their Anki name, and the media left out (not images, too big)."""
    listed = _media_map(zf, names, file)
    kept: dict[str, bytes] = {}
    left: list[str] = []
    total = 0
    for member, name in listed.items():
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        info = zf.NameToInfo.get(member)
        if ext not in IMAGE_EXTENSIONS or info is None or info.file_size > MAX_IMAGE_BYTES * 2:
            left.append(name)
            continue
        try:
            data = _read_small(zf, info, file, zstd=False)
            if data.startswith(_ZSTD_MAGIC):  # current packages compress each file
                data = _read_small(zf, info, file, zstd=True)
        except (DeckError, zstandard.ZstdError):
            left.append(name)
            continue
        if len(data) > MAX_IMAGE_BYTES or total + len(data) > MAX_MEDIA_BYTES:
            left.append(name)
            continue
        total += len(data)
        kept[name] = data
    return kept, left


def _media_map(zf: zipfile.ZipFile, names: set[str], file: str) -> dict[str, str]:
    """Zip member -> Anki file name, from the `media` index (JSON, or zstd protobuf)."""
    if "media" not in names:
        return {}
    try:
        data = _read_small(zf, zf.getinfo("media"), file, zstd=False)
        if data.startswith(_ZSTD_MAGIC):
            data = _read_small(zf, zf.getinfo("media"), file, zstd=True)
            entries = [
                bytes(entry_field).decode("utf-8", "replace")
                for field, entry in protobuf(data)
                if field == 1 and isinstance(entry, bytes)
                for number, entry_field in protobuf(entry)
                if number == 1 and isinstance(entry_field, bytes)
            ]
            return {str(n): name for n, name in enumerate(entries)}
        mapping = json.loads(data or b"{}")
        return {str(k): str(v) for k, v in mapping.items()} if isinstance(mapping, dict) else {}
    except (ValueError, zstandard.ZstdError, DeckError):
        return {}


def open_collection(zf: zipfile.ZipFile, names: set[str], folder: Path, file: str) -> Collection:
    member = next((n for n in _COLLECTIONS if n in names), None)
    if member is None:
        raise fail(
            file,
            "is not an Anki package: it holds no collection.anki21b, "
            "collection.anki21 or collection.anki2",
        )
    info = zf.getinfo(member)
    _checked(info, file)
    db_path = folder / "collection.sqlite"  # our own name, never the member's
    with zf.open(info) as source, db_path.open("wb") as target:
        if member.endswith("b"):
            with _unzstd().stream_reader(source) as unzstd:
                _copy_capped(unzstd, target, file)
        else:
            _copy_capped(source, target, file)
    return Collection(db_path)
