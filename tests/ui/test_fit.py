"""Text fitted to 80 columns: cut with an ellipsis, columns shared, the home screen usable."""

from __future__ import annotations

from textual.widgets import DataTable, Footer
from textual.widgets._footer import FooterKey

from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.fit import clip, lines, share
from quizapp.ui.screens.home import HomeScreen
from tests.conftest import make_deck
from tests.waiting import screen, until


def test_clip_says_it_cut() -> None:
    assert str(clip("short", 10)) == "short"
    assert str(clip("a long deck title", 8)) == "a long …"
    assert str(clip("漢字漢字漢字", 5)) == "漢字…"  # wide characters count twice
    series = ("Russia and the Sahel: study cards", "Russia and the Sahel: quiz")
    cut = [str(clip(title, 23, middle=True)) for title in series]
    assert cut == ["Russia and…study cards", "Russia and…Sahel: quiz"]


def test_share_serves_the_first_column_then_the_others_equally() -> None:
    assert share([33, 60, 60], 39, minimum=7) == [25, 7, 7]
    assert share([33, 60, 60], 79) == [33, 23, 23]
    assert share([10, 5, 60], 79) == [10, 5, 60]


def test_lines_end_with_an_ellipsis_where_cut() -> None:
    text = "one two three four five six seven eight nine ten"
    assert lines(text, 15, 2) == "one two three\nfour five six …"
    assert lines("short", 15, 2) == "short"


async def test_home_at_80x24_keeps_every_column_and_the_main_keys(library: Library) -> None:
    for n, word in enumerate(("study cards", "quiz")):
        library.import_deck(
            make_deck(f"d{n}", title=f"Russia and the Sahel: {word}", description="x " * 200),
            backup=False,
        )
    app = QuizApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await screen(pilot, HomeScreen)
        table = home.query_one("#decks", DataTable)
        widths = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert widths <= 80  # no column pushed out of sight
        titles = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert len(titles) == 2  # two titles cut, still told apart
        footer = home.query_one(Footer)
        await until(pilot, lambda: bool(footer.query(FooterKey)))
        shown = {key.description for key in footer.query(FooterKey) if key.region.right <= 80}
        assert {"Study", "Quiz", "Settings", "Quit", "Help"} <= shown
        about = str(home.query_one("#deck-description").render())
        said = about.splitlines()
        cards = next(i for i, line in enumerate(said) if line.startswith("Cards: 3"))
        assert cards == 3 and said[cards - 1].endswith("…")  # cut, and said to be
        assert said[cards + 1] == "Source: A source"
