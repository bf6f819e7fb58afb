"""`quizapp lrs set / status / push / off / report`, against a real Ralph."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest

from quizapp.store import Library
from quizapp.xapi import config as lrs_config
from tests.test_cli import run
from tests.xapi.conftest import every_kind, host_game, quiz_all, study_all
from tests.xapi.ralph import HOMEPAGE, PASSWORD, USERNAME, Ralph


def test_status_says_off_when_nothing_is_set(data_dir: Path) -> None:
    result = run(data_dir, "lrs", "status")
    assert result.exit_code == 0
    assert "LRS: off (nothing is sent)" in result.output
    push = run(data_dir, "lrs", "push")
    assert push.exit_code == 1 and "sending is off" in push.output


def test_set_keeps_the_password_owner_only_and_never_prints_it(
    data_dir: Path, shared_ralph: Ralph
) -> None:
    result = _set(shared_ralph)
    assert result.exit_code == 0, result.output
    assert "account 'ada.l' on https://school.example.org" in result.output
    folder = lrs_config.config_dir()
    secret = folder / "lrs-password"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "lrs.json").stat().st_mode) == 0o600
    assert PASSWORD not in (folder / "lrs.json").read_text(encoding="utf-8")
    status = run(data_dir, "lrs", "status")
    assert "password: set" in status.output and PASSWORD not in status.output
    assert "LRS: on" in status.output


def _set(server: Ralph, *more: str):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from quizapp.cli import cli

    return CliRunner().invoke(
        cli,
        ["lrs", "set", server.url, "--username", USERNAME, "--password-stdin",
         "--homepage", HOMEPAGE, "--account", "ada.l",
         "--activity-base", f"{HOMEPAGE}/quizapp/cli-{server.port}", *more],
        input=PASSWORD + "\n",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "message"),
    [("lrs.school.org", "is not an LRS address"), ("ftp://x/xAPI", "is not an LRS address")],
)
def test_set_refuses_what_is_not_an_lrs_address(url: str, message: str) -> None:
    result = run(None, "lrs", "set", url)
    assert result.exit_code == 1 and message in result.output


def test_a_bad_roster_is_named_by_file_line_and_field(tmp_path: Path, shared_ralph: Ralph) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name,account\nAda,ada.l\n,bob.k\n", encoding="utf-8")
    result = _set(shared_ralph, "--roster", str(roster))
    assert result.exit_code == 1
    assert f"{roster}: line 3: field 'name' is empty" in result.output
    roster.write_text("name,account\nAda,ada.l\nBob,\n", encoding="utf-8")
    result = _set(shared_ralph, "--roster", str(roster))
    assert "line 3 ('Bob'): give an 'account' or an 'email'" in result.output
    roster.write_text("student,id\nAda,1\n", encoding="utf-8")
    assert "must name the columns" in _set(shared_ralph, "--roster", str(roster)).output


def test_push_then_report_per_student_per_question(
    data_dir: Path, tmp_path: Path, shared_ralph: Ralph
) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name,account,email\nAda,ada.l,\nBob,,bob@school.example.org\n",
                      encoding="utf-8")  # fmt: skip
    assert _set(shared_ralph, "--roster", str(roster)).exit_code == 0
    deck = every_kind()
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
        study_all(lib, deck)
        quiz_all(lib, deck)
        played = host_game(lib, deck)
    pushed = run(data_dir, "lrs", "push")
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output.startswith("sent ")
    status = run(data_dir, "lrs", "status").output
    assert "queued: 0 records" in status and "players not in the roster (not sent): 1" in status

    out = tmp_path / "report.csv"
    report = run(data_dir, "lrs", "report", "--deck", deck.id, "--csv", str(out))
    assert report.exit_code == 0, report.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:6] == ["student", "deck", "card", "question", "verb", "right"]
    by_student: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_student.setdefault(row[0], []).append(row)
    bob = lrs_config.mbox_sha1sum("bob@school.example.org")
    assert set(by_student) == {"Ada", "Bob"}  # named by the roster, Eve never sent
    assert all(r[5] == "no" for r in by_student["Bob"][-played:])
    game_rows = [r for r in by_student["Ada"] if r[10] and r[8]]
    assert any(r[2] == "mc" and r[5] == "yes" and r[7] == "Paris" for r in game_rows)
    assert all(float(r[8]) >= 0 for r in game_rows)
    stored_bob = [s for s in shared_ralph.stored() if s["actor"].get("mbox_sha1sum") == bob]
    assert stored_bob and "bob@school.example.org" not in json.dumps(shared_ralph.stored())


def test_off_stops_sending_and_status_says_so(data_dir: Path, shared_ralph: Ralph) -> None:
    assert _set(shared_ralph).exit_code == 0
    off = run(data_dir, "lrs", "off")
    assert off.exit_code == 0 and "sending is off" in off.output
    assert "queued statements wait" in run(data_dir, "lrs", "status").output
    assert run(data_dir, "lrs", "push").exit_code == 1


def test_a_school_image_turns_it_on_with_environment_variables(
    data_dir: Path, shared_ralph: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_LRS_URL", shared_ralph.url)
    monkeypatch.setenv("QUIZAPP_LRS_USERNAME", USERNAME)
    monkeypatch.setenv("QUIZAPP_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("QUIZAPP_LRS_HOMEPAGE", HOMEPAGE)
    monkeypatch.setenv("QUIZAPP_LRS_ACCOUNT", "pupil-7")
    monkeypatch.setenv("QUIZAPP_LRS_ACTIVITY_BASE", f"{HOMEPAGE}/quizapp/env-{shared_ralph.port}")
    config = lrs_config.load()
    assert config.enabled and config.actor["account"]["name"] == "pupil-7"
    status = run(data_dir, "lrs", "status").output
    assert "LRS: on" in status and "'pupil-7'" in status and PASSWORD not in status
    deck = every_kind()
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
        reviews = study_all(lib, deck)
    assert run(data_dir, "lrs", "push").output.startswith(f"sent {reviews} statements")
    # `lrs off` wins over the image: a student who turned it off stays off.
    run(data_dir, "lrs", "off")
    assert not lrs_config.load().enabled


def test_set_refuses_two_identities_and_a_base_that_is_no_address(shared_ralph: Ralph) -> None:
    both = run(None, "lrs", "set", shared_ralph.url, "--account", "a", "--email", "a@b.org")
    assert both.exit_code == 1 and "not both" in both.output
    bad = run(None, "lrs", "set", shared_ralph.url, "--activity-base", "quizapp decks")
    assert bad.exit_code == 1 and "cannot start activity ids" in bad.output


def test_a_password_never_follows_to_another_address(shared_ralph: Ralph) -> None:
    assert _set(shared_ralph).exit_code == 0
    assert lrs_config.load().password == PASSWORD
    moved = run(None, "lrs", "set", "https://other-lrs.school.example.org/xAPI/")
    assert moved.exit_code == 0
    assert "not kept for a new LRS address" in moved.output
    assert lrs_config.load().password == ""
    assert not (lrs_config.config_dir() / "lrs-password").exists()


def test_plain_http_to_another_machine_is_warned_about() -> None:
    result = run(None, "lrs", "set", "http://lrs.school.example.org/xAPI/")
    assert result.exit_code == 0 and "travel unencrypted" in result.output


def test_off_keeps_the_images_settings_out_of_the_file(
    data_dir: Path, shared_ralph: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_LRS_URL", shared_ralph.url)
    monkeypatch.setenv("QUIZAPP_LRS_PASSWORD", PASSWORD)
    assert run(data_dir, "lrs", "off").exit_code == 0
    saved = (lrs_config.config_dir() / "lrs.json").read_text(encoding="utf-8")
    assert json.loads(saved) == {"enabled": False}
    assert not lrs_config.load().enabled
