"""Facts with an "as of" date: the model, `quizapp validate`, `decks --json`, exports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.export import export_deck
from quizapp.formats import read_file
from quizapp.model import Deck, DeckError, Flashcard, parse_deck
from quizapp.model.freshness import is_stale, stale_ids, stale_note, stale_warnings

DATED_TOML = """\
id = "dated"
title = "Dated facts"

[[sources]]
id = "ap"
title = "An article"
date = "2025-09-25"

[[cards]]
id = "minister"
kind = "flashcard"
front = "Who is the foreign minister?"
back = "Sergei Lavrov"
as_of = "2025-03"
review_by = 2026-01-31

[[cards]]
id = "capital"
kind = "flashcard"
front = "Capital of Mali?"
back = "Bamako"
"""


def dated_deck() -> Deck:
    return Deck(
        id="dated",
        title="Dated facts",
        cards=(
            Flashcard(id="minister", front="Who?", back="Lavrov", as_of="2025-03",
                      review_by=date(2026, 1, 31)),
            Flashcard(id="capital", front="Capital?", back="Bamako"),
        ),
    )


def test_stale_only_after_the_review_by_day() -> None:
    card = dated_deck().cards[0]
    assert not is_stale(card, date(2026, 1, 31))
    assert is_stale(card, date(2026, 2, 1))
    assert not is_stale(dated_deck().cards[1], date(2999, 1, 1))
    assert stale_note(card) == "as of 2025-03: check whether this still holds"
    assert stale_ids(dated_deck().cards, date(2026, 2, 1)) == ["minister"]
    [warning] = stale_warnings(dated_deck().cards, date(2026, 2, 1))
    assert "'minister'" in warning and "2026-01-31" in warning


@pytest.mark.parametrize("bad", ["March 2025", "2025-13", "2025-02-30", "25"])
def test_a_bad_as_of_is_named_with_its_card_and_field(bad: str) -> None:
    raw = {"id": "d", "title": "T", "cards": [
        {"kind": "flashcard", "id": "a", "front": "x", "back": "y", "as_of": bad}]}
    with pytest.raises(DeckError) as caught:
        parse_deck(raw, "deck.toml")
    [problem] = caught.value.problems
    text = str(problem)
    assert "deck.toml" in text and "'a'" in text and "as_of" in text


def test_toml_and_json_keep_the_dates_other_formats_say_they_lose_them(tmp_path: Path) -> None:
    deck = dated_deck()
    for fmt in ("toml", "json"):
        out = tmp_path / f"deck.{fmt}"
        assert export_deck(deck, out, fmt) == []
        [back] = read_file(out).decks
        assert back.cards[0].as_of == "2025-03" and back.cards[0].review_by == date(2026, 1, 31)
    losses = export_deck(deck, tmp_path / "deck.csv", "csv")
    assert any("as_of / review_by" in loss for loss in losses)


def test_validate_warns_of_stale_cards_without_failing(tmp_path: Path) -> None:
    path = tmp_path / "dated.toml"
    path.write_text(DATED_TOML, encoding="utf-8")
    runner = CliRunner()
    before = runner.invoke(cli, ["validate", str(path), "--today", "2026-01-31"])
    assert before.exit_code == 0 and "warning" not in before.output
    after = runner.invoke(cli, ["validate", str(path), "--today", "2026-02-01"])
    assert after.exit_code == 0
    assert "ok (2 cards)" in after.output
    assert "warning: card 'minister': past its review-by date 2026-01-31" in after.output
    assert "as of 2025-03: check whether this still holds" in after.output


def test_decks_json_lists_the_stale_cards(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "dated.toml"
    path.write_text(DATED_TOML, encoding="utf-8")
    runner = CliRunner()
    base = ["--data-dir", str(data_dir)]
    assert runner.invoke(cli, [*base, "import", str(path)]).exit_code == 0

    def stale_on(day: str) -> list[str]:
        out = runner.invoke(cli, [*base, "decks", "--json", "--today", day])
        assert out.exit_code == 0, out.output
        return next(d["stale"] for d in json.loads(out.output) if d["id"] == "dated")

    assert stale_on("2026-01-31") == []
    assert stale_on("2026-02-01") == ["minister"]
