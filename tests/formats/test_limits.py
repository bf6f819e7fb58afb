"""Hostile files are cheap to refuse: each is built here, read in a fresh process, and must
end in a DeckError within seconds and a bounded peak memory (the process's own peak RSS)."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import zstandard

from quizapp.formats import MAX_CARDS

#: Far below what the hostile files took before the limits (2.7-3.5 GB, 60 s and more).
#: Seconds of the reading process's own CPU, not of the clock: on a machine busy with other
#: work (two test workers and more) the clock showed 37 s for a read that took 7 s of CPU.
MAX_RSS_MB = 400
MAX_SECONDS = 15

_READ = """
import json, resource, sys, time
start = time.process_time()
from quizapp.formats import read_file
from quizapp.model import DeckError
try:
    read_file(sys.argv[1])
    outcome = "read"
except DeckError as error:
    outcome = str(error)
# VmHWM is this process's own peak; ru_maxrss keeps the forking parent's (pytest's) peak.
try:
    with open("/proc/self/status") as status:
        peak = int(status.read().split("VmHWM:")[1].split()[0]) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "cpu_seconds": time.process_time() - start, "rss_mb": peak}))
"""


def _refused(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"] != "read"
    assert result["cpu_seconds"] < MAX_SECONDS, result
    assert result["rss_mb"] < MAX_RSS_MB, result
    return result


def _package(path: Path, build: str, member: str = "collection.anki21") -> Path:
    db_path = path.with_suffix(".sqlite")
    db = sqlite3.connect(db_path)
    db.executescript(build)
    db.commit()
    db.close()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(db_path, member)
    return path


_SCHEMA11 = """
create table col (id integer primary key, models text, decks text);
insert into col values (1, '{"1": {"name": "Basic", "type": 0, "flds": [{"name": "Front"},
  {"name": "Back"}], "tmpls": []}}', '{"1": {"name": "Default"}}');
create table cards (id integer primary key, nid integer, did integer, ord integer,
  queue integer, type integer, ivl integer, factor integer, reps integer, lapses integer);
"""


def test_deep_json_and_toml_are_refused(tmp_path: Path) -> None:
    deep_json = tmp_path / "deep.json"
    deep_json.write_text('{"id": "d", "title": "D", "x": ' + "[" * 200_000 + "]" * 200_000 + "}")
    assert "nests tables or lists more than" in str(_refused(deep_json)["outcome"])
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text('id = "d"\ntitle = "D"\nx = ' + "[" * 200_000 + "]" * 200_000 + "\n")
    assert "nests tables or lists more than" in str(_refused(deep_toml)["outcome"])


def test_an_endless_view_is_refused(tmp_path: Path) -> None:
    path = _package(
        tmp_path / "view.apkg",
        _SCHEMA11
        + """create view notes as with recursive r(x) as (select 1 union all select x + 1 from r)
        select x as id, 'g' || x as guid, 1 as mid, '' as tags,
        'front' || char(31) || 'back' as flds from r;""",
    )
    assert "view 'notes'" in str(_refused(path)["outcome"])


def test_a_view_hidden_behind_a_trigger_or_a_huge_value_is_refused(tmp_path: Path) -> None:
    path = _package(
        tmp_path / "blob.apkg",
        _SCHEMA11
        + """create table notes (id integer primary key, guid text, mid integer, tags text,
        flds text);
        create trigger t after insert on notes begin select 1; end;""",
    )
    assert "trigger 't'" in str(_refused(path)["outcome"])


def test_a_zstd_frame_asking_for_a_huge_window_is_refused(tmp_path: Path) -> None:
    params = zstandard.ZstdCompressionParameters(
        window_log=31, enable_ldm=True, write_content_size=False
    )
    compressor = zstandard.ZstdCompressor(compression_params=params)
    buffer = io.BytesIO()
    with compressor.stream_writer(buffer, closefd=False) as writer:
        writer.write(b"SQLite format 3\x00" + b"\x00" * 4096)
    path = tmp_path / "window.apkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("collection.anki21b", buffer.getvalue())
    assert "does not unpack" in str(_refused(path)["outcome"])


@pytest.mark.parametrize("kind", ["csv", "gift", "apkg", "xml"])
def test_more_cards_than_the_limit_are_refused_with_the_number(tmp_path: Path, kind: str) -> None:
    count = MAX_CARDS + 1
    if kind == "csv":
        path = tmp_path / "many.csv"
        path.write_text("".join(f"front {n},back {n}\n" for n in range(count)))
    elif kind == "xml":
        path = tmp_path / "many.xml"
        question = ('<question type="truefalse"><questiontext><text>Q</text></questiontext>'
                    '<answer fraction="100"><text>true</text></answer></question>\n')
        path.write_text("<quiz>\n" + question * count + "</quiz>\n")
    elif kind == "gift":
        path = tmp_path / "many.gift"
        path.write_text("".join(f"::q{n}::Q{n}? {{=a}}\n\n" for n in range(count)))
    else:
        rows = ",".join(f"({n}, 'g{n}', 1, '', 'f{n}' || char(31) || 'b')" for n in range(count))
        path = _package(
            tmp_path / "many.apkg",
            _SCHEMA11
            + "create table notes (id integer primary key, guid text, mid integer, tags text,"
            + f" flds text); insert into notes values {rows};",
        )
    outcome = str(_refused(path)["outcome"])
    assert f"{MAX_CARDS:,}" in outcome
