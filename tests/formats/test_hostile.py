"""Hostile and broken input: every reader answers with a DeckError, never anything else."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.formats import Loaded, apkg_zip, read_file
from quizapp.formats.apkg import read_apkg
from quizapp.formats.csv_text import read_csv
from quizapp.formats.gift import read_gift
from quizapp.formats.kahoot import read_kahoot
from quizapp.formats.markdown import read_markdown
from quizapp.formats.moodle_xml import read_moodle_xml
from quizapp.formats.quizlet import read_quizlet, read_text
from quizapp.model import DeckError
from tests.formats.anki_helpers import build_package

READERS: dict[str, Callable[[Path], Loaded]] = {
    "csv": read_csv, "gift": read_gift, "md": read_markdown, "apkg": read_apkg,
    "xml": read_moodle_xml, "quizlet": read_quizlet, "xlsx": read_kahoot,
}


def _try(reader: Callable[[Path], Loaded], data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz.{suffix}"
        path.write_bytes(data)
        try:
            reader(path)
        except DeckError as error:
            assert error.problems and all(p.file == str(path) for p in error.problems)


@pytest.mark.parametrize("suffix", list(READERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000))
def test_random_bytes_give_only_deck_errors(suffix: str, data: bytes) -> None:
    _try(READERS[suffix], data, suffix)


_TOKENS = [*"ab =~#{}:->[]x\n\t,;|\\%.0123QACNT/F@$*\"", "Q: ", "A: ", "T/F: ", "C: ", "N: ",
           "- [x] ", "- [ ] ", "1. ", "= ", "> ", "@source ", "id: ", "kind: ", "tags: ",
           "points: ", "source: ", "{{c1::", "}}", "\n---\n", "::", "$CATEGORY:", "####",
           "#separator:", "#html:true\n", "#columns:", "#tags column:", "<br>", "&amp;",
           "é", "\u202e", "\x1b", "\r", "\n\n", "1e999", "nan",
           # GIFT as Moodle writes it
           " -> ", "%50%", "%-100%", "%abc%", "[html]", "[markdown]", "<b>", "</p>", "&amp;",
           "{1:SA:=", "{#", "..", "~=", "= ->", "TRUE", "{T}", "\\n", "\\{", "<sup>2</sup>"]


@pytest.mark.parametrize("suffix", ["csv", "gift", "md", "quizlet"])
@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(_TOKENS), max_size=150).map("".join))
def test_random_text_gives_only_deck_errors(suffix: str, text: str) -> None:
    _try(READERS[suffix], text.encode("utf-8"), suffix)


@settings(max_examples=100, deadline=None)
@given(
    member=st.sampled_from(["collection.anki21b", "collection.anki21", "collection.anki2"]),
    data=st.binary(max_size=2000),
    zstd=st.booleans(),
    media=st.binary(max_size=200),
)
def test_random_collections_give_only_deck_errors(
    member: str, data: bytes, zstd: bool, media: bytes
) -> None:
    if zstd:
        data = zstandard.ZstdCompressor().compress(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(member, data)
        zf.writestr("media", media)
    _try(read_apkg, buffer.getvalue(), "apkg")


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300), sep=st.one_of(st.none(), st.text(max_size=3)),
       card_sep=st.text(max_size=2))
def test_pasted_text_gives_only_deck_errors(text: str, sep: str | None, card_sep: str) -> None:
    with contextlib.suppress(DeckError):
        read_text(text, "paste", separator=sep, card_sep=card_sep)


@pytest.mark.parametrize("suffix,words", [("csv", "CSV"), ("gift", "GIFT"), ("md", "Markdown"),
                                          ("apkg", "Anki package")])
def test_binary_junk_is_named(tmp_path: Path, suffix: str, words: str) -> None:
    path = tmp_path / f"junk.{suffix}"
    path.write_bytes(b"\x00\x01\x02garbage\xff" * 50)
    with pytest.raises(DeckError, match=f"is not a.* {words}"):
        READERS[suffix](path)


def test_invalid_utf8_is_named_in_quizapps_own_format(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("Q: café,crème\nA: b\n".encode("latin-1"))
    with pytest.raises(DeckError, match=r"is not UTF-8 text \(byte \d+\)"):
        READERS["md"](path)


@pytest.mark.parametrize("suffix", ["csv", "gift"])
def test_other_tools_legacy_encodings_are_detected_and_said(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"excel.{suffix}"
    body = "Café crème,Straße\nNaïve,Grüße à été\n" if suffix == "csv" else (
        "::q::Café crème ? {=Straße ~Grüße à été}\n"
    )
    path.write_bytes(body.encode("cp1252"))
    loaded = READERS[suffix](path)
    assert "read as cp1252" in loaded.skipped[0]
    assert "Straße" in str(loaded.decks[0].cards[0].model_dump())


def test_huge_field_is_a_deck_error(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("front,back\nok,fine\n" + "x" * 5000 + ",y\n", "utf-8")
    loaded = read_file(path)
    assert len(loaded.decks[0].cards) == 1
    assert loaded.skipped == ["line 3: field 'front': is 5000 characters long; keep it under "
                              "4000; left out"]
    path.write_text("front,back\n" + "x" * 5000 + ",y\n", "utf-8")
    with pytest.raises(DeckError, match="line 2: field 'front'"):
        read_file(path)
    path.write_text("front,back\n" + "x" * 300_000 + ",y\n", "utf-8")
    with pytest.raises(DeckError, match="line 2"):
        read_file(path)


def test_zip_slip_names_are_never_used_as_paths(tmp_path: Path) -> None:
    package = build_package(tmp_path, legacy=True)
    evil = tmp_path / "inner" / "evil.apkg"
    evil.parent.mkdir()
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("../../escaped.txt", b"owned")
        dst.writestr("/tmp/absolute-escape.txt", b"owned")
        dst.writestr("../collection.anki21b", b"not a real collection")
    before = set(os.listdir(tmp_path))
    loaded = read_file(evil)
    assert loaded.decks[0].title == "Geo::Europe"
    assert set(os.listdir(tmp_path)) == before
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert not Path("/tmp/absolute-escape.txt").exists()


def test_zip_bomb_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("collection.anki21", b"\0" * (8 * 2**20))
    with pytest.raises(DeckError, match="zip bomb"):
        read_file(path)


def test_zstd_bomb_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apkg_zip, "MAX_MEMBER_BYTES", 2**20)
    path = tmp_path / "zbomb.apkg"
    with zipfile.ZipFile(path, "w") as zf:  # stored: the zip itself looks harmless
        zf.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(b"\0" * 2**23))
    with pytest.raises(DeckError, match="unpacks to over 1 MiB"):
        read_file(path)


def test_oversized_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apkg_zip, "MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "big.apkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("collection.anki21", os.urandom(5000))
    with pytest.raises(DeckError, match="refused"):
        read_file(path)


_XML = ["<quiz>", "</quiz>", '<question type="multichoice">', '<question type="matching">',
        '<question type="multianswer">', '<question type="numerical">', "</question>",
        '<answer fraction="100">', '<answer fraction="x">', "</answer>", "<text>", "</text>",
        "<questiontext>", "</questiontext>", "<single>false</single>", "<subquestion>",
        "</subquestion>", "{1:SA:=a}", "{2:MC:~b~=c}", "{1:NM:=x:y}", "<tolerance>z</tolerance>",
        "<idnumber>", "</idnumber>", "<![CDATA[<b>", "]]>", "&amp;", "&#0;", "a", " ", "\n"]


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(_XML), max_size=120).map("".join))
def test_random_moodle_xml_gives_only_deck_errors(text: str) -> None:
    _try(READERS["xml"], text.encode("utf-8"), "xml")
