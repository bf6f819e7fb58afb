"""The browser page in real headless Chromium: join, answer every kind, see the result."""

from __future__ import annotations

import os

import pytest
from conftest import address

from quizapp.classroom import ClassroomClient

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed"),
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def page():
    playwright_api = pytest.importorskip("playwright.async_api", reason="playwright not installed")
    async with playwright_api.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = await browser.new_context(viewport={"width": 390, "height": 844})  # a phone
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
        page.errors = errors
        try:
            yield page
        finally:
            await browser.close()


async def answer_in_page(page, kind: str) -> None:
    if kind == "multiple_choice":
        await page.get_by_role("button", name="Paris").click()
    elif kind == "multi_select":
        await page.get_by_role("button", name="2", exact=True).click()
        await page.get_by_role("button", name="3", exact=True).click()
        await page.click("#submit")
    elif kind == "true_false":
        await page.get_by_role("button", name="True").click()
    elif kind == "flashcard":  # asked as a short answer
        await page.fill("#typed", "Au")
        await page.click("#submit")
    elif kind == "short_answer":
        await page.fill("#typed", "shakespeare")
        await page.click("#submit")
    elif kind == "numeric":
        await page.fill("#typed", "299800")
        await page.click("#submit")
    elif kind == "cloze":
        gaps = page.locator("input.gap")
        await gaps.nth(0).fill("Rhine")
        await gaps.nth(1).fill("North Sea")
        await page.click("#submit")
    elif kind == "ordering":
        await page.click("#submit")  # shuffled order as shown: accepted, graded at close
    elif kind == "matching":
        selects = page.locator("#q-answer select")
        for i, right in enumerate(["Paris", "Madrid", "Rome"]):
            await selects.nth(i).select_option(right)
        await page.click("#submit")


async def test_phone_page_plays_every_kind(live, page):
    from playwright.async_api import expect

    url = f"http://{address(live)}/"
    await page.goto(url)
    await page.fill("#pin", "424242")
    await page.fill("#name", "Phone")
    await page.click("#join")
    await page.wait_for_selector("#screen-lobby:not(.hidden)")
    assert await page.text_content("#me") == "Phone"
    # A hostile name is shown as text, never run or parsed as HTML.
    other = ClassroomClient(address(live))
    await other.join("424242", "<img src=x onerror=alert(1)>"[:20])
    await expect(page.locator("#lobby-status")).to_contain_text("2 players")
    live.start_game()
    expected_right = {"ordering": False}
    for i, card in enumerate(live.game.deck.cards):
        await expect(page.locator("#q-number")).to_have_text(f"Question {i + 1} of 9")
        await answer_in_page(page, card.kind)
        try:
            await page.wait_for_selector("#q-sent:not(.hidden)", timeout=5000)
        except Exception:
            raise AssertionError((card.id, await page.text_content("#error"))) from None
        live.close_question()
        await page.wait_for_selector("#screen-result:not(.hidden)")
        verdict = await page.text_content("#r-verdict")
        right = expected_right.get(card.kind, True)
        assert verdict == ("Right!" if right else "Wrong") or (not right and "Partly" in verdict), (
            card.id, verdict
        )
        assert await page.text_content("#r-answer") == card.answer_text
        live.next_question()
    await page.wait_for_selector("#screen-finished:not(.hidden)")
    podium = await page.locator("#f-podium li").all_text_contents()
    assert podium[0].startswith("Phone")
    assert any("<img" in text for text in podium)
    assert await page.locator("img").count() == 0
    assert page.errors == []
    record = live.game.result()
    assert record.players[0].name == "Phone"
    await other.close()


async def test_page_shows_refusal_and_rejoins_after_reload(live, page):
    await page.goto(f"http://{address(live)}/")
    await page.fill("#pin", "111111")
    await page.fill("#name", "Ann")
    await page.click("#join")
    await page.wait_for_selector("#error:not(.hidden)")
    assert "PIN" in await page.text_content("#error")
    await page.fill("#pin", "424242")
    await page.click("#join")
    await page.wait_for_selector("#screen-lobby:not(.hidden)")
    live.start_game()
    await page.get_by_role("button", name="Paris").click()
    await page.wait_for_selector("#q-sent:not(.hidden)")
    live.close_question()
    await page.wait_for_selector("#screen-result:not(.hidden)")
    score = live.game.players["ann"].score
    assert score > 0
    # Reload: the page remembers name and token; joining again restores the score.
    await page.reload()
    assert await page.input_value("#name") == "Ann"
    await page.click("#join")
    await page.wait_for_selector("#screen-lobby:not(.hidden)")
    assert str(score) in await page.text_content("#score-line")
    assert live.game.players["ann"].connected
