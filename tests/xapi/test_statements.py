"""Statements built from the library's records: shapes, ids, kinds, privacy. No LRS here:
Ralph's own checks of the same statements are in test_send.py."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from quizapp.classroom import ClassroomSettings, Game
from quizapp.model import Deck
from quizapp.store import Library
from quizapp.xapi.config import LrsConfig, account_actor, hashed_actor, mbox_sha1sum
from quizapp.xapi.interactions import definition, parse_response_text, response
from quizapp.xapi.outbox import BATCH, Outbox
from quizapp.xapi.statements import duration
from tests.classroom.conftest import CARDS, RIGHT, FakeClock
from tests.xapi.conftest import ROSTER, every_kind, host_game, quiz_all, study_all

DECK = every_kind()
CARD = {c.id: c for c in DECK.cards}
CONFIG = LrsConfig(url="http://127.0.0.1:9/xAPI/", actor=account_actor("https://s.org", "ada"),
                   roster=ROSTER, enabled=True)  # fmt: skip


@pytest.mark.parametrize(
    ("card_id", "kind", "pattern", "right"),
    [
        ("tf", "true-false", ["true"], "true"),
        ("mc", "choice", ["c2"], "c2"),
        ("ms", "choice", ["c1[,]c2"], "c1[,]c2"),
        ("sa", "fill-in", ["Shakespeare", "William Shakespeare"], "Shakespeare"),
        ("cl", "fill-in", ["Rhine[,]North Sea"], "Rhine[,]North Sea"),
        ("nu", "numeric", ["299292[:]300292"], "299700"),
        ("or", "sequencing", ["c1[,]c2[,]c3"], "c1[,]c2[,]c3"),
        ("ma", "matching", ["s1[.]t1[,]s2[.]t2[,]s3[.]t3"], "s1[.]t1[,]s2[.]t2[,]s3[.]t3"),
        ("fc", "other", ["Au"], "Au"),
    ],
)
def test_every_kind_maps_to_its_interaction(card_id, kind, pattern, right) -> None:
    card = CARD[card_id]
    shape = definition(card, "en")
    assert shape["interactionType"] == kind
    assert shape["correctResponsesPattern"] == pattern
    assert response(card, card.kind, RIGHT[card_id]) == right
    assert "correctResponsesPattern" not in definition(card, "en", correct_responses=False)


def test_quiz_response_text_reads_back_into_xapi_syntax() -> None:
    assert response(CARD["ms"], "multi_select", parse_response_text("multi_select", "2 | 3")) \
        == "c1[,]c2"  # fmt: skip
    matched = parse_response_text("matching", "France → Paris; Spain → Madrid")
    assert response(CARD["ma"], "matching", matched) == "s1[.]t1[,]s2[.]t2"
    assert response(CARD["mc"], "multiple_choice", "Marseille") is None  # not a choice
    assert response(None, "multiple_choice", "Paris") is None  # the card is gone
    assert response(CARD["sa"], "short_answer", "a[,]b") is None  # xAPI's delimiter inside


def test_durations_are_iso_8601_to_the_hundredth() -> None:
    assert duration(1500) == "PT1.50S" and duration(0) == "PT0.00S" and duration(None) == "PT0.00S"
    assert duration(-5) == "PT0.00S"


def test_an_email_is_only_ever_sent_hashed() -> None:
    actor = hashed_actor(" Ada@School.example.org ")
    assert actor == {"objectType": "Agent", "mbox_sha1sum": mbox_sha1sum("ada@school.example.org")}
    assert "school" not in json.dumps(actor)
    # sha1("mailto:ada@school.example.org"), as xAPI defines mbox_sha1sum
    assert len(actor["mbox_sha1sum"]) == 40


def test_ids_are_the_same_each_time_and_differ_between_events(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(DECK)
        study_all(lib, DECK)
        quiz_all(lib, DECK)
        host_game(lib, DECK)
        first = [s for b, _ in Outbox(lib, CONFIG).plan(batches=100).batches for s in b]
        again = [s for b, _ in Outbox(lib, CONFIG).plan(batches=100).batches for s in b]
        assert first == again
        assert len({s["id"] for s in first}) == len(first)
        other = LrsConfig(**{**CONFIG.__dict__, "actor": account_actor("https://s.org", "bob")})
        theirs = [s for b, _ in Outbox(lib, other).plan(batches=100).batches for s in b]
        mine_reviews = {s["id"] for s in first if s["actor"]["account"]["name"] == "ada"}
        assert mine_reviews.isdisjoint(s["id"] for s in theirs)


def test_a_big_game_spans_batches_and_counts_as_sent_after_its_last(data_dir: Path) -> None:
    roster = {f"p{i}": account_actor("https://s.org", f"p{i}") for i in range(30)}
    config = LrsConfig(**{**CONFIG.__dict__, "roster": roster})
    with Library.open(data_dir) as lib:
        lib.import_deck(DECK)
        host_game(lib, DECK, names=tuple(f"P{i}" for i in range(30)))
        lib_record_id = lib.records("classroom")[-1]["_id"]
        plan = Outbox(lib, config).plan()
    sizes = [len(batch) for batch, _ in plan.batches]
    assert sum(sizes) == 30 * (len(DECK.cards) + 1) and max(sizes) == BATCH
    # Only the batch holding the game's last statement marks the game sent.
    assert [done for _, done in plan.batches][:-1] == [[]] * (len(sizes) - 1)
    assert plan.batches[-1][1] == [lib_record_id]


def test_nothing_of_a_live_game_leaves_before_it_is_over(data_dir: Path) -> None:
    """The game's statements come from its record, saved when the game ends; until then
    there is nothing to send, so no correctResponsesPattern can leave while a question is open."""
    deck = Deck.model_validate({"id": "everything", "title": "Every kind", "cards": CARDS})
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
        clock = FakeClock()
        game = Game(deck, ClassroomSettings(time_per_question=30), clock=clock, pin="123456")
        ada, _ = game.join("123456", "Ada")
        game.start()
        game.answer(ada, 0, RIGHT[game.current.card.id])  # the question is still open
        assert Outbox(lib, CONFIG).plan().batches == []
        host_game(lib, deck)
        sent = [s for b, _ in Outbox(lib, CONFIG).plan().batches for s in b]
        finished = datetime.fromisoformat(lib.records("classroom")[-1]["finished_at"])
        # Every statement of the game is dated at its end, after the last question closed.
        assert sent and {datetime.fromisoformat(s["timestamp"]) for s in sent} == {finished}
        questions = [s for s in sent if s["verb"]["id"].endswith("answered")]
        assert all("correctResponsesPattern" in s["object"]["definition"] for s in questions)


def test_a_record_of_a_shape_not_understood_is_set_aside_not_retried(data_dir: Path) -> None:
    """A newer quizapp (or another feature) may keep classroom records of another shape:
    the sender sets such a record aside with the reason instead of failing every round."""
    from quizapp.xapi.outbox import Sender

    with Library.open(data_dir) as lib:
        lib.import_deck(DECK)
        lib.append_record("classroom", {"deck_id": DECK.id, "joined": "somewhere"})
        study_all(lib, DECK)
        outbox = Outbox(lib, CONFIG)
        plan = outbox.plan()
        assert [(t, why.split(":")[0]) for t, _, why in plan.unreadable] == [
            ("classroom", "KeyError")
        ]
        assert sum(len(b) for b, _ in plan.batches) == len(DECK.cards)  # the rest goes on
        sender = Sender(outbox)
        for _ in range(2):  # the LRS at 127.0.0.1:9 is not there: the round fails twice
            with pytest.raises(Exception, match="cannot reach the LRS"):
                sender.push_round()
        rejected = lib.records("lrs_rejected")
        assert len(rejected) == 1 and "not understood" in rejected[0]["reason"]
        assert "classroom #" in outbox.status().rejected_reasons[0]


def test_a_fresh_study_answer_waits_so_an_undo_never_leaves(data_dir: Path) -> None:
    from datetime import UTC
    from datetime import datetime as dt

    from quizapp.model import CardProgress, CardState, Rating, ReviewEntry

    with Library.open(data_dir) as lib:
        lib.import_deck(DECK)
        review = ReviewEntry(deck_id=DECK.id, card_id="fc", rating=Rating.good, at=dt.now(UTC),
                             duration_ms=900, state_before=CardState.new,
                             state_after=CardState.learning)  # fmt: skip
        before = CardProgress(deck_id=DECK.id, card_id="fc")
        review_id = lib.record_answer(before.model_copy(update={"reps": 1}), review)
        outbox = Outbox(lib, CONFIG)
        assert outbox.plan(settle=30).batches == []  # too fresh: it waits
        assert len(outbox.plan(settle=0).batches[0][0]) == 1
        lib.undo_answer(before, review_id)  # taken back within the wait
        assert outbox.plan(settle=0).batches == [] and outbox.status().queued_records == 0
