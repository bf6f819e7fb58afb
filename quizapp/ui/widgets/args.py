"""The keyword arguments every Textual widget takes, typed: a widget of ours that passes
them through says so with `**kwargs: Unpack[WidgetArgs]` instead of a `type: ignore`."""

from __future__ import annotations

from typing import TypedDict


class PlacedArgs(TypedDict, total=False):
    """What a widget that sets its own classes passes through."""

    name: str | None
    id: str | None
    disabled: bool


class WidgetArgs(PlacedArgs, total=False):
    classes: str | None
