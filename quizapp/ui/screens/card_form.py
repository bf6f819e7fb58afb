"""The card form: fields fitted to the card's kind, checked as you type.

Every change rebuilds the raw card and asks quizapp.editing.check_card (the model's
rules, in the deck) what is wrong; each problem is shown under its field. ctrl+s
dismisses the screen with the valid Card, and is refused with the reason otherwise.
f2 shows the card as a student sees it and lets you try answering it.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, Switch, TextArea

from quizapp.editing import check_card, parse_card
from quizapp.model import Card, Deck, DeckError, Problem
from quizapp.ui.screens.confirm import ConfirmScreen, kind_label
from quizapp.ui.widgets.editor_fields import FieldError, ItemList, error_id, labelled
from quizapp.ui.widgets.editor_preview import CardPreview
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted

# Where each model field's problems are shown, per kind when it differs.
_SHOWN_AT = {
    ("multiple_choice", "answer"): "choices",
    ("multi_select", "answers"): "choices",
    ("", "source.id"): "source",
    ("", "source.paragraph"): "paragraph",
    ("", "source.quote"): "quote",
}
_PREFIX = {("multiple_choice", "answer"): "right choice: ", ("multi_select", "answers"): "right "}
_QUESTION = {"flashcard": "front", "true_false": "statement", "cloze": "text"}


def _text_area(value: str, key: str) -> TextArea:
    area = TextArea(value, id=f"f-{key}", soft_wrap=True, compact=True, tab_behavior="focus")
    area.add_class("form-text")
    return area


def _alternatives_text(alternatives: dict[str, list[str]]) -> str:
    return "\n".join(f"{gap}: {'; '.join(values)}" for gap, values in alternatives.items())


def _alternatives(text: str) -> dict[str, list[str]]:
    """'c1: one; two' lines -> {'c1': ['one', 'two']}; the model judges the gap names."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip():
            gap, _, values = line.partition(":")
            out[gap.strip()] = [v.strip() for v in values.split(";") if v.strip()]
    return out


class CardFormScreen(Screen[Card | None]):
    """Edit one card of `deck` (at `index`, or a new one when None) from `raw` fields."""

    CSS_PATH = "card_form.tcss"
    # on_mount focuses the card's question. Textual's auto-focus would first focus the form's
    # scroll container and then lose it again: two restyles of the whole form, ~45 ms.
    AUTO_FOCUS = ""  # None would mean the app's ("*")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save card", priority=True, id="card.save"),
        Binding("f2", "preview", "Preview", id="card.preview"),
        Binding("escape", "cancel", "Cancel", id="card.cancel"),
    ]

    def __init__(self, deck: Deck, raw: dict[str, Any], index: int | None = None) -> None:
        super().__init__()
        self.deck, self.index = deck, index
        self.kind: str = raw["kind"]
        self.initial = dict(raw)
        self.problems: list[Problem] = []
        self._built = False
        self._opened_as: dict[str, Any] = {}

    # --- the fields of each kind ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        raw = self.initial
        yield TitleBar()
        with Horizontal(id="form-body"):
            with VerticalScroll(id="card-form"):
                what = "New" if self.index is None else "Edit"
                yield Static(Content(f"{what} {kind_label(self.kind)} card"), id="form-title")
                yield from labelled("id", "Id", Input(raw["id"], id="f-id", compact=True),
                                    "lower-case letters, digits, - _ .")
                yield from self._kind_fields(raw)
                tags = ", ".join(raw.get("tags") or ())
                yield from labelled("tags", "Tags", Input(tags, id="f-tags", compact=True),
                                    "separated by commas")
                yield from labelled("explanation", "Explanation",
                                    _text_area(raw.get("explanation") or "", "explanation"))
                points = raw.get("points", 1.0)
                yield from labelled("points", "Points", Input(f"{points:g}", id="f-points",
                                                              compact=True))
                yield from _dated_fields(raw)
                yield from self._source_fields(raw.get("source"))
            yield CardPreview(id="card-preview")
        yield Static(id="form-status")
        yield KeysFooter()

    def _kind_fields(self, raw: dict[str, Any]) -> list[Widget]:
        kind = self.kind
        if kind == "flashcard":
            return [*labelled("front", "Front", _text_area(raw["front"], "front")),
                    *labelled("back", "Back", _text_area(raw["back"], "back")),
                    *labelled("extra", "Extra", _text_area(raw.get("extra") or "", "extra"),
                              "shown with the back (an Anki note's other fields)"),
                    *labelled("reverse", "Reverse", Checkbox(
                        "also study it back → front", bool(raw.get("reverse")), id="f-reverse",
                        compact=True), "a second card, buried the day the first is answered")]
        if kind in _QUESTION:
            key = _QUESTION[kind]
            hint = "mark gaps as {{c1::answer}} or {{c1::answer::hint}}" if kind == "cloze" else ""
            fields = labelled(key, key.capitalize(), _text_area(raw[key], key), hint)
        else:
            fields = labelled("question", "Question", _text_area(raw["question"], "question"))
        if kind == "true_false":
            fields += labelled("answer", "True?", Switch(bool(raw["answer"]), id="f-answer"))
        elif kind in ("multiple_choice", "multi_select"):
            right = set(raw["answers"]) if kind == "multi_select" else {raw["answer"]}
            choices = list(raw["choices"])
            rights = [c in right and bool(c) for c in choices]
            items = ItemList([[c] for c in choices], id="f-choices", rights=rights,
                             single_right=kind == "multiple_choice", placeholders=("choice",),
                             minimum=2)
            hint = "tick the right one" if kind == "multiple_choice" else "tick every right one"
            fields += labelled("choices", "Choices", items, hint)
        elif kind == "short_answer":
            items = ItemList([[a] for a in raw["answers"]], id="f-answers",
                             placeholders=("answer",))
            fields += labelled("answers", "Accepted answers", items, "the first is shown")
        elif kind == "numeric":
            fields += labelled("answer", "Answer", Input(f"{raw['answer']:g}", id="f-answer",
                                                         compact=True))
            fields += labelled("tolerance", "Tolerance", Input(
                f"{raw['tolerance']:g}", id="f-tolerance", compact=True), "± accepted")
            fields += labelled("unit", "Unit", Input(raw["unit"], id="f-unit", compact=True))
        elif kind == "cloze":
            area = _text_area(_alternatives_text(raw["alternatives"]), "alternatives")
            fields += labelled("alternatives", "Other accepted answers", area,
                               "one gap a line: c1: answer; another")
        elif kind == "ordering":
            items = ItemList([[i] for i in raw["items"]], id="f-items", movable=True,
                             placeholders=("item",), minimum=2)
            fields += labelled("items", "Items", items, "in the right order")
        elif kind == "matching":
            items = ItemList([list(p) for p in raw["pairs"]], id="f-pairs",
                             placeholders=("left", "right"), minimum=2)
            fields += labelled("pairs", "Pairs", items)
        return fields

    def _source_fields(self, source: dict[str, Any] | None) -> list[Widget]:
        options = [(Content(f"{s.title} ({s.id})"), s.id) for s in self.deck.sources]
        chosen = source["id"] if source and any(s.id == source["id"] for s in self.deck.sources) \
            else Select.NULL
        row = Horizontal(
            Select(options, value=chosen, prompt="no source", id="f-source", compact=True),
            Input(str(source["paragraph"]) if source else "", placeholder="¶", id="f-paragraph",
                  compact=True),
            id="source-row",
        )
        return [
            *labelled("source", "Source", row, "and paragraph"),
            FieldError(id=error_id("paragraph")),
            *labelled("quote", "Quote", Input(source["quote"] if source else "", id="f-quote",
                                              compact=True), "copied exactly from the source"),
        ]

    # --- reading the form ----------------------------------------------------------------

    def _value(self, key: str) -> str:
        widget = self.query_one(f"#f-{key}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Input):
            return widget.value
        raise TypeError(f"#f-{key} is a {type(widget).__name__}, not a text field")

    def raw(self) -> dict[str, Any]:
        """The card as the form holds it now: raw fields for the model to judge."""
        kind = self.kind
        raw: dict[str, Any] = {"id": self._value("id").strip(), "kind": kind}
        if kind == "flashcard":
            raw |= {"front": self._value("front"), "back": self._value("back"),
                    "extra": self._value("extra"),
                    "reverse": self.query_one("#f-reverse", Checkbox).value}
        elif kind in _QUESTION:
            raw[_QUESTION[kind]] = self._value(_QUESTION[kind])
        else:
            raw["question"] = self._value("question")
        if kind == "true_false":
            raw["answer"] = self.query_one("#f-answer", Switch).value
        elif kind in ("multiple_choice", "multi_select"):
            items = self.query_one("#f-choices", ItemList)
            choices, rights = items.values(), items.rights()
            picked = [c for c, right in zip(choices, rights, strict=True) if right]
            raw["choices"] = choices
            if kind == "multi_select":
                raw["answers"] = picked
            else:
                raw["answer"] = picked[0] if picked else ""
        elif kind == "short_answer":
            raw["answers"] = self.query_one("#f-answers", ItemList).values()
        elif kind == "numeric":
            raw["answer"] = self._value("answer").strip()
            raw["tolerance"] = self._value("tolerance").strip() or 0.0
            raw["unit"] = self._value("unit")
        elif kind == "cloze":
            raw["alternatives"] = _alternatives(self._value("alternatives"))
        elif kind == "ordering":
            raw["items"] = self.query_one("#f-items", ItemList).values()
        elif kind == "matching":
            raw["pairs"] = self.query_one("#f-pairs", ItemList).rows()
        raw["tags"] = [t.strip() for t in self._value("tags").split(",") if t.strip()]
        raw["explanation"] = self._value("explanation")
        raw["points"] = self._value("points").strip() or 1.0
        raw["as_of"] = self._value("as_of").strip() or None
        raw["review_by"] = self._value("review_by").strip() or None
        source = self.query_one("#f-source", Select).value
        if source is not Select.NULL:
            raw["source"] = {"id": source, "paragraph": self._value("paragraph").strip(),
                             "quote": self._value("quote")}
            # Further evidence quotes have no field here: keep them as they were, not lose them.
            if self.initial.get("evidence"):
                raw["evidence"] = self.initial["evidence"]
        return raw

    # --- checking as you type ------------------------------------------------------------

    def on_mount(self) -> None:
        self.title = self.deck.title
        self.sub_title = "Edit card"
        self._built = True
        self._opened_as = self.raw()
        self.check()
        self.query_one(f"#f-{_QUESTION.get(self.kind, 'question')}").focus()

    def check(self) -> list[Problem]:
        """Validate the form now; show each problem by its field; return them."""
        self.problems = check_card(self.raw(), self.deck, self.index)
        shown: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in self.problems:
            field = problem.field or ""
            key = _SHOWN_AT.get((self.kind, field)) or _SHOWN_AT.get(("", field)) or field
            prefix = _PREFIX.get((self.kind, field), "")
            if key and self.query(f"#{error_id(key)}"):
                shown.setdefault(error_id(key), []).append(prefix + problem.message)
            else:
                general.append(f"{field}: {problem.message}" if field else problem.message)
        for error in self.query(FieldError):
            error.show_problems(shown.get(error.id or "", []))
        status = self.query_one("#form-status", Static)
        if self.problems:
            n = len(self.problems)
            head = f"✗ {counted(n, 'problem')}: fix the fields marked ✗ to save"
            status.update(Content("\n".join([head, *general])))
        else:
            status.update(Content("✓ ready: ctrl+s saves the card, f2 previews it"))
        status.set_class(bool(self.problems), "-bad")
        status.set_class(not self.problems, "-good")
        return self.problems

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(Switch.Changed)
    @on(Select.Changed)
    @on(ItemList.Changed)
    async def _changed(self, event: Any) -> None:
        if not self._built or self._in_preview(event):
            return
        self.check()
        if self.has_class("-preview"):
            await self._update_preview()

    def _in_preview(self, event: Any) -> bool:
        control = getattr(event, "control", None)
        preview = self.query_one(CardPreview)
        return control is not None and (control is preview or preview in control.ancestors)

    # --- actions -------------------------------------------------------------------------

    def changed(self) -> bool:
        return self.raw() != self._opened_as

    def action_save(self) -> None:
        problems = self.check()
        if problems:
            first = problems[0]
            where = f" ({first.field})" if first.field else ""
            self.notify(f"Not saved: {counted(len(problems), 'problem')}. First{where}: "
                        f"{first.message}",
                        title="Card", severity="error", markup=False)
            return
        self.dismiss(parse_card(self.raw(), self.deck, self.index))

    async def _update_preview(self) -> None:
        preview = self.query_one(CardPreview)
        try:
            card = parse_card(self.raw(), self.deck, self.index)
        except DeckError:
            await preview.show(self.deck, None, "Fix the problems in the form to preview the card.")
            return
        await preview.show(self.deck, card)

    async def action_preview(self) -> None:
        self.toggle_class("-preview")
        if self.has_class("-preview"):
            await self._update_preview()
            self.query_one(CardPreview).focus_answer()

    def action_cancel(self) -> None:
        if self.has_class("-preview"):
            self.remove_class("-preview")
            return
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to this card?", "Discard",
                                           "Keep editing"), answered)


def _dated_fields(raw: dict[str, Any]) -> list[Widget]:
    """When the answer was true and when to check it again (quizapp.model.freshness)."""
    as_of, review_by = raw.get("as_of") or "", raw.get("review_by") or ""
    return [
        *labelled("as_of", "As of", Input(str(as_of), id="f-as_of", compact=True),
                  "when the answer was true: 2025, 2025-03 or 2025-03-14"),
        *labelled("review_by", "Review by", Input(str(review_by), id="f-review_by",
                                                  compact=True),
                  "check it again after this day: 2026-01-31"),
    ]
