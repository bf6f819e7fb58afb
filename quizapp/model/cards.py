"""Card kinds: one pydantic model per kind, a discriminated union on `kind`.

Every rule about what makes a card valid lives here. Grading lives in
`quizapp.grading`; nothing else re-checks a card.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from quizapp.model.anki_origin import AnkiNote
from quizapp.model.cloze import brace_problem
from quizapp.model.freshness import AsOf
from quizapp.model.rules import RuleError
from quizapp.text import Line, Text

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,79}$"),
    Field(description="Lower-case letters, digits, '-', '_' or '.'; stable: progress follows it."),
]
Tag = Annotated[Line, StringConstraints(min_length=1, max_length=60)]
MediaName = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}\.[a-z0-9]{1,5}$")]


def _filled(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if not value:
            raise ValueError("is empty; add the text it should have")
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters long; keep it under {limit}")
        return value

    return AfterValidator(check)


NonEmpty = Annotated[Text, _filled(4000)]
Short = Annotated[Line, _filled(500)]

# {{c1::answer}} or {{c1::answer::hint}}, as Anki writes cloze gaps.
CLOZE_GAP = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


class SourceRef(BaseModel):
    """Where in a source the answer stands: the evidence a student can check."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Slug = Field(description="The id of one of the deck's sources.")
    paragraph: int = Field(ge=1, description="Paragraph number in the source, from 1.")
    quote: Annotated[Line, StringConstraints(min_length=1, max_length=400)] = Field(
        description="A short quote copied exactly from the source."
    )


class _Card(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Slug
    tags: tuple[Tag, ...] = ()
    explanation: Text = ""
    source: SourceRef | None = None
    # i15: an answer of several parts (a matching, a multi-select) may rest on several
    # quotes; `source` is the main one, `evidence` the others, each checked the same way.
    evidence: tuple[SourceRef, ...] = Field(
        default=(),
        max_length=12,
        description="Further quotes the answer rests on, when `source` backs only part of it.",
    )
    points: float = Field(default=1.0, gt=0, le=1000)
    # Dated facts (issue 16; quizapp.model.freshness says what stale means).
    as_of: AsOf | None = None
    review_by: date | None = Field(default=None, description="Check the answer again after it.")
    # i13: the Anki note a card was imported from, so an .apkg export updates that note;
    # images kept in the library's media/ folder, by content name (sha256.ext).
    anki: AnkiNote | None = Field(default=None, description="Set by the Anki importer.")
    media: tuple[MediaName, ...] = Field(default=(), max_length=20, description="Its images.")
    # Every kind defines `prompt` (what the student sees first) and
    # `answer_text` (the right answer as one readable text).

    @model_validator(mode="before")
    @classmethod
    def _reverse_on_flashcards(cls, data: object) -> object:
        if not isinstance(data, dict) or "reverse" not in data or "reverse" in cls.model_fields:
            return data
        if data["reverse"] is False:  # left by a change of kind: means nothing here
            return {key: value for key, value in data.items() if key != "reverse"}
        raise RuleError(
            "reverse",
            "only a flashcard can be studied both ways; remove `reverse`, "
            "or make the card a flashcard (front and back)",
        )

    @model_validator(mode="after")
    def _check_citations(self) -> _Card:
        if not self.evidence:  # nothing to check (a lone source cannot repeat itself)
            return self
        if self.source is None:
            raise RuleError("evidence", "needs a `source` first; put the main quote in `source`")
        _unique("evidence", tuple(ref.quote for ref in self.citations), "quote")
        return self

    @property
    def citations(self) -> tuple[SourceRef, ...]:
        """Every quote the answer rests on: `source` first, then `evidence`."""
        return (self.source, *self.evidence) if self.source else ()


def _unique(field: str, values: tuple[str, ...], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        key = value.casefold()
        if key in seen:
            raise RuleError(field, f"{what} {value!r} appears twice; remove one")
        seen.add(key)


class _Question(_Card):
    """A card that asks a question; the question is what the student sees first."""

    question: NonEmpty

    @property
    def prompt(self) -> str:
        return self.question


class Flashcard(_Card):
    kind: Literal["flashcard"] = "flashcard"
    front: NonEmpty
    back: NonEmpty
    # i13: what an Anki note holds beyond its two sides (a custom notetype's fields 3+),
    # shown with the back on reveal; kept apart from the explanation so it goes back whole.
    extra: Text = Field(default="", description="More shown with the back on reveal.")
    # i13c: studied both ways, as a second card back→front (model/reverse.py: its id, siblings).
    reverse: bool = Field(default=False, description="Also study it back→front, as a 2nd card.")

    @property
    def prompt(self) -> str:
        return self.front

    @property
    def answer_text(self) -> str:
        return self.back


# i14: choices are shown shuffled (quizapp/shuffle.py); an author may pin one card's order.
SHUFFLE_DOC = "Shuffle the choices each time (false: keep this order, for 'all of the above')."


class MultipleChoice(_Question):
    kind: Literal["multiple_choice"] = "multiple_choice"
    choices: tuple[Short, ...] = Field(min_length=2, max_length=12)
    answer: Short = Field(description="The one right choice, written as in `choices`.")
    shuffle: bool = Field(default=True, description=SHUFFLE_DOC)

    @model_validator(mode="after")
    def _check(self) -> MultipleChoice:
        _unique("choices", self.choices, "choice")
        if self.answer not in self.choices:
            raise RuleError(
                "answer", f"{self.answer!r} is not one of the choices; copy one of them exactly"
            )
        return self

    @property
    def answer_text(self) -> str:
        return self.answer


class MultiSelect(_Question):
    kind: Literal["multi_select"] = "multi_select"
    choices: tuple[Short, ...] = Field(min_length=2, max_length=12)
    answers: tuple[Short, ...] = Field(
        min_length=1, description="Every right choice, written as in `choices`."
    )
    shuffle: bool = Field(default=True, description=SHUFFLE_DOC)

    @model_validator(mode="after")
    def _check(self) -> MultiSelect:
        _unique("choices", self.choices, "choice")
        _unique("answers", self.answers, "answer")
        for answer in self.answers:
            if answer not in self.choices:
                raise RuleError(
                    "answers", f"{answer!r} is not one of the choices; copy one of them exactly"
                )
        return self

    @property
    def answer_text(self) -> str:
        return ", ".join(c for c in self.choices if c in self.answers)


class TrueFalse(_Card):
    kind: Literal["true_false"] = "true_false"
    statement: NonEmpty
    answer: bool

    @property
    def prompt(self) -> str:
        return self.statement

    @property
    def answer_text(self) -> str:
        return "True" if self.answer else "False"


class ShortAnswer(_Question):
    kind: Literal["short_answer"] = "short_answer"
    answers: tuple[Short, ...] = Field(
        min_length=1, description="Accepted answers; the first is the one shown."
    )

    @model_validator(mode="after")
    def _check(self) -> ShortAnswer:
        _unique("answers", self.answers, "accepted answer")
        return self

    @property
    def answer_text(self) -> str:
        return self.answers[0]


class Numeric(_Question):
    kind: Literal["numeric"] = "numeric"
    answer: float = Field(allow_inf_nan=False)
    tolerance: float = Field(
        default=0.0, ge=0, allow_inf_nan=False, description="Accepted distance from `answer`."
    )
    unit: Line = ""

    @property
    def answer_text(self) -> str:
        value = f"{self.answer:g}"
        text = f"{value} {self.unit}".strip()
        if self.tolerance:
            text += f" (± {self.tolerance:g})"
        return text


class Gap(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    number: int
    answer: str
    hint: str = ""


class Cloze(_Card):
    kind: Literal["cloze"] = "cloze"
    text: NonEmpty = Field(
        description="Text with gaps written {{c1::answer}} or {{c1::answer::hint}}."
    )
    alternatives: dict[str, tuple[Short, ...]] = Field(
        default_factory=dict,
        description="Other accepted answers per gap, e.g. { c1 = ['Sergei Lavrov'] }.",
    )

    @model_validator(mode="after")
    def _check(self) -> Cloze:
        broken = brace_problem(self.text)  # i18: unbalanced or nested braces (model/cloze.py)
        if broken:
            raise RuleError("text", broken)
        gaps = self.gaps
        if not gaps:
            raise RuleError("text", "has no gaps; mark at least one as {{c1::answer}}")
        for gap in gaps:
            if not gap.answer.strip():
                raise RuleError(
                    "text", f"gap c{gap.number} is empty; put its answer after 'c{gap.number}::'"
                )
        numbers = {f"c{g.number}" for g in gaps}
        for key in self.alternatives:
            if key not in numbers:
                raise RuleError(
                    "alternatives",
                    f"{key!r} names no gap in the text; use one of {sorted(numbers)}",
                )
        return self

    @property
    def gaps(self) -> list[Gap]:
        return [
            Gap(number=int(m.group(1)), answer=m.group(2).strip(), hint=(m.group(3) or "").strip())
            for m in CLOZE_GAP.finditer(self.text)
        ]

    def accepted(self, gap: Gap) -> tuple[str, ...]:
        return (gap.answer, *self.alternatives.get(f"c{gap.number}", ()))

    @property
    def prompt(self) -> str:
        def blank(m: re.Match[str]) -> str:
            hint = (m.group(3) or "").strip()
            return f"[…{hint}]" if hint else "[…]"

        return CLOZE_GAP.sub(blank, self.text)

    @property
    def answer_text(self) -> str:
        return CLOZE_GAP.sub(lambda m: m.group(2).strip(), self.text)


class Ordering(_Question):
    kind: Literal["ordering"] = "ordering"
    items: tuple[Short, ...] = Field(description="The items in the right order.", max_length=12)

    @model_validator(mode="after")
    def _check(self) -> Ordering:
        if len(self.items) < 2:
            raise RuleError(
                "items", "an ordering needs at least two items; add more or change the kind"
            )
        _unique("items", self.items, "item")
        return self

    @property
    def answer_text(self) -> str:
        return " → ".join(self.items)


class Matching(_Question):
    kind: Literal["matching"] = "matching"
    pairs: tuple[tuple[Short, Short], ...] = Field(
        description="[left, right] pairs that belong together.", max_length=12
    )

    @model_validator(mode="after")
    def _check(self) -> Matching:
        if len(self.pairs) < 2:
            raise RuleError(
                "pairs", "a matching needs at least two pairs; add more or change the kind"
            )
        _unique("pairs", tuple(left for left, _ in self.pairs), "left side")
        _unique("pairs", tuple(right for _, right in self.pairs), "right side")
        return self

    @property
    def answer_text(self) -> str:
        return "; ".join(f"{left} → {right}" for left, right in self.pairs)


Card = Annotated[
    Union[
        Flashcard,
        MultipleChoice,
        MultiSelect,
        TrueFalse,
        ShortAnswer,
        Numeric,
        Cloze,
        Ordering,
        Matching,
    ],
    Field(discriminator="kind"),
]

CARD_TYPES: dict[str, type[_Card]] = {
    cls.model_fields["kind"].default: cls
    for cls in (
        Flashcard,
        MultipleChoice,
        MultiSelect,
        TrueFalse,
        ShortAnswer,
        Numeric,
        Cloze,
        Ordering,
        Matching,
    )
}
KINDS: tuple[str, ...] = tuple(CARD_TYPES)
