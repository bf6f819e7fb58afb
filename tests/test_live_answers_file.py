"""A browser student's answers: downloaded from the page at the end, imported as reviews.

The page runs in real headless Chromium against a real host on 127.0.0.1; the file it
offers is saved through the browser's own download and given to `quizapp import`.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.classroom import ClassroomServer
from quizapp.cli import cli
from quizapp.model import Rating
from quizapp.store import Library
from quizapp.study.live import LiveAnswer, answers_document, read_answers_file
from tests.test_live_reviews import deck, live  # noqa: F401  (the fixture)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def imported(data_dir: Path, answers: Path) -> tuple[str, Library]:
    with Library.open(data_dir) as lib:
        if not lib.has_deck("facts"):
            lib.import_deck(deck(), backup=False)
    out = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "import", str(answers)])
    assert out.exit_code == 0, out.output
    return out.output, Library.open(data_dir)


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed")
async def test_the_page_offers_the_answers_and_import_makes_them_reviews(
    live: ClassroomServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    async with playwright_api.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = await (await browser.new_context(accept_downloads=True)).new_page()
            await page.goto(f"http://127.0.0.1:{live.port}/")
            await page.fill("#pin", "424242")
            await page.fill("#name", "Web")
            await page.click("#join")
            await page.wait_for_selector("#screen-lobby:not(.hidden)")
            live.start_game()
            for index, round_ in enumerate(live.game.rounds):
                await page.wait_for_selector("#screen-question:not(.hidden)")
                kind = round_.card.kind
                if kind == "multiple_choice":
                    await page.get_by_role("button", name="Paris").click()
                elif kind == "true_false":
                    await page.get_by_role("button", name="False").click()  # wrong
                else:  # the flashcard, asked as a typed answer
                    await page.fill("#typed", "Au")
                    await page.click("#submit")
                await page.wait_for_selector("#q-sent:not(.hidden)")
                live.close_question()
                await page.wait_for_selector("#screen-result:not(.hidden)")
                if index + 1 < len(live.game.rounds):
                    live.next_question()
            live.finish()
            await page.wait_for_selector("#f-download:not(.hidden)")
            async with page.expect_download() as caught:
                await page.click("#f-download")
            download = await caught.value
            saved = tmp_path / download.suggested_filename
            await download.save_as(saved)
        finally:
            await browser.close()
    assert saved.name == "quiz-answers.json"
    told, lib = imported(tmp_path / "student", saved)
    assert "3 answers recorded as reviews of deck 'facts'" in told
    reviews = {r.card_id: r for r in lib.reviews("facts")}
    assert reviews["mc"].rating is Rating.good and reviews["fc"].rating is Rating.good
    assert reviews["tf"].rating is Rating.again
    assert all(r.source and r.source.startswith("classroom:") for r in reviews.values())
    assert all(r.duration_ms > 0 for r in reviews.values())
    lib.close()
    # Importing the same file again adds nothing.
    told, lib = imported(tmp_path / "student", saved)
    assert "0 answers recorded" in told and len(lib.reviews("facts")) == 3
    lib.close()


def test_an_answers_file_written_here_reads_back_and_bad_ones_are_named(tmp_path: Path) -> None:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    answer = LiveAnswer(0, "Capital of France?", "Paris", True, True, 1200, at)
    text = answers_document("Three facts", "classroom:2026-03-02T09:00:00", [answer])
    assert read_answers_file(text.encode(), "a.json") == (
        "Three facts", "classroom:2026-03-02T09:00:00", [answer]
    )
    doc = json.loads(text)
    doc["answers"][0].pop("right")
    with pytest.raises(ValueError, match=r"b\.json: answer 1: .*right"):
        read_answers_file(json.dumps(doc).encode(), "b.json")
    path = tmp_path / "c.json"
    doc = json.loads(text)
    doc["deck_title"] = "Another deck"
    path.write_text(json.dumps(doc), encoding="utf-8")
    told, lib = imported(tmp_path / "student", path)
    assert "no deck titled 'Another deck'" in told and lib.reviews("facts") == []
    lib.close()
