"""`quizapp quiz`, `stats` and `results` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizapp import cli_quiz
from quizapp.cli import cli
from quizapp.quiz import QuizSession, build_quiz, save_attempt
from quizapp.store import Library
from tests.ui.quiz_app import Clock, fill_history, quiz_deck, settings, wall

for command in (cli_quiz.quiz_command, cli_quiz.stats_command, cli_quiz.results_command):
    cli.add_command(command)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_deck(quiz_deck(), backup=False)
    return folder


def run(data: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--data-dir", str(data), *args], catch_exceptions=False)


def test_quiz_opens_the_app_on_the_quiz(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: dict[str, Any] = {}
    monkeypatch.setattr(cli_quiz, "run_app", lambda context, **kw: opened.update(kw))
    result = run(
        data,
        "quiz",
        "mali",
        "--questions",
        "2",
        "--time",
        "1h30m",
        "--per-question",
        "30s",
        "--kinds",
        "multiple_choice,true-false",
        "--seed",
        "4",
        "--feedback",
        "deferred",
    )
    assert result.exit_code == 0, result.output
    quiz = opened["open_screen"].quiz
    s = quiz.settings
    assert (s.questions, s.time_limit, s.per_question, s.seed, s.feedback) == (
        2,
        5400,
        30,
        4,
        "deferred",
    )
    assert sorted(q.card.kind for q in quiz.questions) == ["multiple_choice", "true_false"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["quiz", "mali", "--time", "ten"], 2, "not a duration"),
        (["quiz", "mali", "--kinds", "essay"], 2, "'essay' is not a kind"),
        (["quiz", "mali", "--questions", "0"], 2, "0"),
        (["quiz", "nope"], 1, "no deck 'nope'"),
        (["quiz", "mali", "--tag", "nothing"], 1, "no card of deck 'mali'"),
        (["stats", "nope"], 1, "no deck 'nope'"),
        (["results", "nope", "--csv", "x.csv"], 1, "no deck 'nope'"),
    ],
)
def test_user_mistakes(data: Path, args: list[str], code: int, message: str) -> None:
    result = run(data, *args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_stats_json_and_text(data: Path) -> None:
    with Library.open(data) as lib:
        fill_history(lib)
    result = run(data, "stats", "mali", "--json", "--days", "7")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["score"] == {"attempts": 3, "best": 80.0, "last": 80.0, "average": 60.0,
                                 "apart": ""}
    assert figures["most_missed"][0]["card_id"] == "year"
    assert len(figures["forecast"]) == 7
    assert figures["true_retention"]["total"] == sum(
        1 for day in range(21) for n in range(day % 4) if n
    )
    everything = json.loads(run(data, "stats", "--json").output)
    assert [d["deck_id"] for d in everything] == ["mali"]
    text = run(data, "stats", "mali").output
    assert "quiz attempts: 3   best 80%   last 80%   average 60%" in text
    assert "missed 2 of 3: year" in text


def test_results_csv(data: Path, tmp_path: Path) -> None:
    quiz = build_quiz(quiz_deck(), settings(kinds=("multiple_choice", "numeric", "true_false")))
    session = QuizSession(quiz, clock=Clock(), now=wall)
    answers = {"capital": "Bamako", "year": "=1+1", "landlocked": None}
    while (q := session.current) is not None:
        session.answer(q, answers[q.card.id])
    with Library.open(data) as lib:
        record_id = save_attempt(lib, session.attempt())
    out = tmp_path / "results.csv"
    result = run(data, "results", "mali", "--csv", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == cli_quiz.CSV_COLUMNS
    assert [r["question"] for r in rows] == ["1", "2", "3", "total"]
    by_card = {r["card_id"]: r for r in rows}
    first, total = rows[0], rows[-1]
    assert first["attempt"] == str(record_id) and first["card_id"] == "capital"
    assert (first["response"], first["verdict"], first["points"]) == ("Bamako", "correct", "1.0")
    year = by_card["year"]
    assert year["response"] == "'=1+1"  # never a formula in a spreadsheet
    assert year["max_points"] == "2.0" and year["right_answer"] == "1960"
    assert by_card["landlocked"]["verdict"] == "unanswered"
    assert by_card["landlocked"]["correct"] == "0"
    assert total["kind"] == "full"  # the attempt's kind on its total row (retry, ended apart)
    assert (total["points"], total["max_points"], total["percent"], total["correct"]) == (
        "1.0",
        "4.0",
        "25.0",
        "1",
    )
    stdout = run(data, "results", "mali", "--csv", "-").output
    assert stdout.splitlines()[0] == ",".join(cli_quiz.CSV_COLUMNS)
    # Written through quizapp.files: a link keeps pointing at the report, no temp file is
    # left beside it, and a folder that is not there is a message naming the file.
    link = tmp_path / "latest.csv"
    link.symlink_to(out)
    assert run(data, "results", "mali", "--csv", str(link)).exit_code == 0
    assert link.is_symlink() and out.read_text(encoding="utf-8").startswith("attempt,")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    missing = tmp_path / "no-such-folder" / "r.csv"
    failed = run(data, "results", "mali", "--csv", str(missing))
    assert failed.exit_code == 1 and str(missing) in failed.output
    assert "Traceback" not in failed.output


def test_quiz_asks_as_many_questions_as_the_setup_screen_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.model import Deck, Flashcard
    from quizapp.quiz import DEFAULT_QUESTIONS

    cards = tuple(Flashcard(id=f"c{i}", front=f"Q{i}?", back=f"A{i}") for i in range(40))
    with Library.open(tmp_path / "lib") as lib:
        lib.import_deck(Deck(id="many", title="Many", cards=cards), backup=False)
    opened: dict[str, Any] = {}
    monkeypatch.setattr(cli_quiz, "run_app", lambda context, **kw: opened.update(kw))
    result = run(tmp_path / "lib", "quiz", "many")
    assert result.exit_code == 0, result.output
    assert len(opened["open_screen"].quiz.questions) == DEFAULT_QUESTIONS == 10
