"""The browser page in real headless Chromium: join, answer every kind, see the result."""

from __future__ import annotations

import os

import pytest
from conftest import address

from quizapp.classroom import ClassroomClient
from quizapp.classroom.protocol import Finished, Lobby

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


# The page's own state (top-level `ws` and `over` in its script): its socket is closed,
# and it has stopped for good, so its onclose handler scheduled no reconnection.
SOCKET_CLOSED = "() => ws !== null && ws.readyState === WebSocket.CLOSED"
STOPPED = "() => over && ws !== null && ws.readyState === WebSocket.CLOSED"


async def heard_until_locked(server, client: ClassroomClient) -> list[str]:
    """The frames `client` gets from now up to the lobby update `server.lock()` sends:
    whatever the host sent it before comes first (one socket, in order)."""
    start = len(client.frames)
    server.lock()
    while not (isinstance(m := await client.receive(5), Lobby) and m.locked):
        pass
    server.unlock()
    return client.frames[start:]


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
        await page.click("#submit")  # the order as shown: accepted, graded at close
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
        # The ordering is sent as shown: right only if this showing drew the right order.
        shown = live.game.rounds[i].view.items
        right = card.kind != "ordering" or shown == tuple(card.items)
        # A sign and a word, never colour alone; "partly right" is not drawn as wrong.
        if right:
            assert verdict == "✓ Right!", (card.id, verdict)
        else:
            assert verdict in ("✗ Wrong", "◐ Partly right"), (card.id, verdict)
            klass = await page.get_attribute("#r-verdict", "class")
            assert ("partial" in klass) == verdict.startswith("◐"), klass
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
    # The second student reads what the host sent it, as `quizapp join` does, before it
    # leaves: a socket whose unread frames filled its queue stops reading, and its close
    # then waited the whole close timeout (10 s) for the host's reply.
    while not isinstance(await other.receive(5), Finished):
        pass
    await other.close()


async def test_page_shows_refusal_and_rejoins_after_reload(live, page):
    live.join_within = 0.5
    await page.goto(f"http://{address(live)}/")
    await page.fill("#pin", "111111")
    await page.fill("#name", "Ann")
    await page.click("#join")
    await page.wait_for_selector("#error:not(.hidden)")
    assert "PIN" in await page.text_content("#error")
    # The student takes their time retyping: longer than the host's join window, which
    # closes the page's socket (waited for, not slept through); the error stays.
    await page.wait_for_function(SOCKET_CLOSED)
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


async def test_two_tabs_settle_on_one_once_and_leave_the_others_alone(live, page):
    """Tabs share the saved token: the newer one plays, the older stops, nobody else hears."""
    watcher = ClassroomClient(address(live), keep_frames=True)
    await watcher.join("424242", "Watcher")
    first = page
    await first.goto(f"http://{address(live)}/")
    await first.fill("#pin", "424242")
    await first.fill("#name", "Tab")
    await first.click("#join")
    await first.wait_for_selector("#screen-lobby:not(.hidden)")
    while not (isinstance(m := await watcher.receive(5), Lobby) and "Tab" in m.names):
        pass  # the watcher hears of Tab's arrival: what it hears after is checked below
    second = await first.context.new_page()
    await second.goto(f"http://{address(live)}/")  # the saved PIN and name are filled in
    await second.click("#join")
    await second.wait_for_selector("#screen-lobby:not(.hidden)")
    await first.wait_for_selector("#screen-elsewhere:not(.hidden)")
    connection = live.conns["tab"]
    # The old page would reconnect a second after its socket closed unless it has stopped
    # for good: wait for that state (socket closed, `over` set, so no reconnection is ever
    # scheduled) instead of sleeping 2.5 s to see none came.
    await first.wait_for_function(STOPPED)
    assert live.conns["tab"] is connection, "the tabs are still taking turns"
    assert await first.is_visible("#screen-elsewhere") and not await first.is_visible("#connection")
    # The student's own click takes the game back, once: now the second tab stops.
    await first.get_by_role("button", name="Play here instead").click()
    await second.wait_for_selector("#screen-elsewhere:not(.hidden)")
    await first.wait_for_selector("#screen-lobby:not(.hidden)")
    await second.wait_for_function(STOPPED)
    # Both moves were the same player in one place: the others got no lobby update. The
    # watcher reads up to the update a lock sends now; any other would come before it.
    heard = await heard_until_locked(live, watcher)
    assert len(heard) == 1, heard
    assert sum(1 for p in live.game.players.values() if p.connected) == 2
    await watcher.close()


async def test_states_never_overlap_and_the_page_reads_out(live, page):
    """After the last question the host hangs up: 'The quiz is over' stays alone. The
    accessibility tree has the countdown, the result and the choices as a screen reader
    gets them."""
    live.game.settings = live.game.settings.model_copy(update={"time_per_question": 12})
    await page.goto(f"http://{address(live)}/")
    await page.fill("#pin", "424242")
    await page.fill("#name", "Reader")
    await page.get_by_role("button", name="Join").click()
    await page.wait_for_selector("#screen-lobby:not(.hidden)")
    live.start_game()
    await page.wait_for_selector("#screen-question:not(.hidden)")
    tree = await page.locator("main").aria_snapshot()
    assert 'region "Question 1 of 9"' in tree and 'timer "time left": 12 s left' in tree, tree
    assert "12 seconds to answer." in tree and 'group "Capital of France?"' in tree, tree
    for choice in live.game.rounds[0].view.choices:  # real buttons, in the order shown
        assert f'button "{choice}"' in tree
    timer = page.get_by_role("timer")
    assert await timer.count() == 1
    live_regions = await page.eval_on_selector_all(
        "[aria-live], [role=status], [role=alert]", "els => els.map(e => e.id)"
    )
    assert {"q-countdown", "screen-result", "q-sent", "error"} <= set(live_regions)
    await page.get_by_role("button", name="Paris").click()
    await page.wait_for_selector("#q-sent:not(.hidden)")
    picked = await page.locator("#q-answer").aria_snapshot()
    assert 'button "Paris" [disabled] [pressed]' in picked, picked
    live.close_question()
    await page.wait_for_selector("#screen-result:not(.hidden)")
    result_tree = await page.locator("#screen-result").aria_snapshot()
    assert "✓ Right!" in result_tree and "Paris" in result_tree, result_tree
    live.finish()
    await page.wait_for_selector("#screen-finished:not(.hidden)")
    await live.stop()  # the host goes away after the end
    await page.wait_for_function(STOPPED)  # and the page, over, will not try to reconnect
    visible = [s for s in ("join", "lobby", "question", "result", "finished", "elsewhere")
               if await page.is_visible(f"#screen-{s}")]  # fmt: skip
    assert visible == ["finished"]
    assert not await page.is_visible("#connection") and not await page.is_visible("#error")
    assert page.errors == []
