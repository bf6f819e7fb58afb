"""The footer of every screen: Textual's, compact (one space between keys) when the
terminal is narrower than 100 columns, so that each screen's keys fit at 80 columns, and
built once per change instead of twice.

Each screen shows only the keys that matter most (`Binding(show=...)`); F1 and the command
palette list the rest.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 100


class KeysFooter(Footer):
    """A footer that fits its own width: compact below `NARROW` columns, as it opens and as
    the terminal resizes (it is docked at the bottom, as wide as the screen)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", self.app.size.width < NARROW)
        super().__init__(**kwargs)
        self._shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Textual rebuilds the footer's keys whenever the screen's bindings are updated: on
        # every focus move, though most moves (field to field in a form) leave the same keys
        # shown. Rebuilt only when what it shows has changed: 25 rebuilds per start-up were
        # a sixth of it.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            palette = self.app.COMMAND_PALETTE_BINDING  # shown at the right, show or not
            shown = tuple(
                (b.key, b.description, b.action, enabled, tooltip, self.app.get_key_display(b))
                for key, (_, b, enabled, tooltip) in screen.active_bindings.items()
                if b.show or key == palette
            )
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # A footer rebuilds its keys whenever the bindings change (each focus move). Textual's
        # FooterKey starts compact and is then bound to the footer's value, so each key was
        # restyled twice as it mounted (add "-compact", then remove it): a fifth of the
        # editor's CPU per key press. A key given the footer's value before it mounts is
        # styled once, by the mount itself. (The palette's key is not bound: Textual leaves
        # it compact at every width.)
        #
        # Nor is a key bound with data_bind: that leaves a watcher on this footer holding
        # the key, dropped only when `compact` next changes (Textual issue #6666), so every
        # rebuild kept its keys alive: 16 widgets a card in the reviewer, full GC passes of
        # 50-200 ms every few cards. watch_compact passes a change on instead.
        for widget in super().compose():
            if _bound(widget):
                widget._reactive_connect = None
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def watch_compact(self, compact: bool) -> None:
        for key in self.query(FooterKey):
            if _bound(key):
                key.compact = compact

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < NARROW


def _bound(widget: object) -> bool:
    """Whether Textual binds this footer widget's `compact` to the footer's."""
    return isinstance(widget, FooterKey) and not widget.has_class("-command-palette")
