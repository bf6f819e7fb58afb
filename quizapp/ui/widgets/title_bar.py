"""The top line of every screen: the command palette's icon, then the screen's title and
sub-title, centred. What Textual's Header draws, as one widget instead of four.

Why not Header itself:
- each of its four widgets is styled, mounted and laid out: 9 ms of a screen's opening
  (in-process, warm), the largest share of what home costs above a bare Textual app;
- it watches the app's title (`self.watch(self.app, ...)`), which leaves a watcher holding
  every Header ever mounted on the app until the title changes, and quizapp's never does
  (Textual issue #6666): each screen opened kept its header alive.
This one reads its screen's title and sub-title (watched on the screen, which it dies
with) and the app's title, which is a class constant. A click on the icon opens the
command palette, as Header's does.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
#: Header's layout: the icon in 8 cells at the left (1 of padding), a clock's 10 at the right.
ICON_CELLS, CLOCK_CELLS = 8, 10


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._retitle, init=False)
        self.watch(self.screen, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = app.format_title(
            screen.title if screen.title is not None else app.title,
            screen.sub_title if screen.sub_title is not None else app.sub_title,
        )
        width = self.size.width
        room = max(0, width - ICON_CELLS - CLOCK_CELLS)
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        icon = f" {ICON}".ljust(ICON_CELLS)[:width]
        return Content.assemble(icon, " " * left, title).pad_right(
            max(0, width - ICON_CELLS - left - title.cell_length)
        )

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_CELLS and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
