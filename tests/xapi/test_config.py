"""The LRS settings file, the roster, and what a damaged file says."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.xapi import config as lrs_config
from tests.test_cli import run


def test_a_damaged_settings_file_is_named_with_what_to_do(data_dir: Path) -> None:
    folder = lrs_config.config_dir()
    folder.mkdir(parents=True)
    (folder / "lrs.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(lrs_config.ConfigError, match=r"lrs\.json: cannot be read"):
        lrs_config.load()
    result = run(data_dir, "lrs", "status")
    assert result.exit_code == 1 and "set it again with `quizapp lrs set`" in result.output


def test_roster_names_match_whatever_the_case_or_spacing(tmp_path: Path) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text(
        "\ufeffName,Account,Email\n  Ada   Lovelace ,ada.l,\nBob,,bob@school.example.org\n",
        encoding="utf-8",
    )
    read = lrs_config.read_roster(roster, "https://school.example.org")
    assert read.actors[lrs_config.roster_key("ada lovelace")]["account"]["name"] == "ada.l"
    assert read.actors["bob"] == lrs_config.hashed_actor("bob@school.example.org")
    assert read.names["ada lovelace"] == "Ada Lovelace"
    roster.write_text("name,account\nAda,a\nADA,b\n", encoding="utf-8")
    with pytest.raises(lrs_config.ConfigError, match="line 3: 'ADA' is listed twice"):
        lrs_config.read_roster(roster, "https://school.example.org")
    roster.write_bytes(b"name,account\n\xff\xfe\n")
    with pytest.raises(lrs_config.ConfigError, match="is not UTF-8 text"):
        lrs_config.read_roster(roster, "https://school.example.org")


def test_off_by_default_and_nothing_configured_means_nothing_sent() -> None:
    config = lrs_config.load()
    assert not config.enabled and config.url == "" and config.actor == {}


def test_what_an_lrs_says_is_cleaned_before_it_reaches_a_terminal() -> None:
    """A hostile or broken server on 127.0.0.1: its error text loses escape sequences."""
    import http.server
    import threading

    from quizapp.xapi.client import LrsClient, Rejected

    class Hostile(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"detail": "bad\\u001b]52;c;SGVsbG8=\\u0007 statement\\u001b[2J"}'
            self.send_response(400)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
        config = lrs_config.LrsConfig(url=url, enabled=True)
        with pytest.raises(Rejected) as caught:
            LrsClient(config).post([{"id": "x"}])
    finally:
        server.shutdown()
        server.server_close()
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)
    assert "bad" in str(caught.value) and "statement" in str(caught.value)
