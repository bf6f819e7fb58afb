"""The app as screens and widgets see it, typed: its library, its seeds, its blocking work.

Textual types `self.app` as `App[object]`, so `self.app.library` needed a
`# type: ignore` in every screen. A screen cannot import QuizApp to say what its app
is (the app imports the screens: a cycle the acyclic contract refuses), so this module
names what a screen may ask of the app as a Protocol, which QuizApp satisfies;
`quiz_app(node)` gives the node's app under that type and `app_library(node)` its
library. Under an app that is not a QuizApp it says so, rather than failing later.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.message_pump import MessagePump

from quizapp.shuffle import SeedSource
from quizapp.store import Library
from quizapp.ui.workers import BlockingWork


@runtime_checkable
class AppServices(Protocol):
    """What QuizApp gives its screens (see quizapp/ui/app.py)."""

    @property
    def library(self) -> Library: ...

    @property
    def seeds(self) -> SeedSource: ...

    @property
    def blocking(self) -> BlockingWork: ...


def quiz_app(node: MessagePump) -> AppServices:
    """`node`'s app, typed; TypeError if it is not a QuizApp."""
    app = node.app
    if not isinstance(app, AppServices):
        raise TypeError(f"{type(node).__name__} runs only inside QuizApp, not {type(app).__name__}")
    return app


def app_library(node: MessagePump) -> Library:
    """The library of `node`'s app."""
    return quiz_app(node).library
