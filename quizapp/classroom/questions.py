"""From a deck card to what a student may see of it, and back from what they answer.

The public view never carries the answer: no right choice, no accepted answers, no
numeric value; choices, ordering items and matching right sides go out in the order
`quizapp.shuffle.display_order` draws for that showing (any order, so none is a tell).
A student's response is checked against that view and cleaned before grading, so
grading only ever sees well-shaped, sanitised values.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.answering import TRUE_FALSE, AnswerForm, Mode
from quizapp.classroom.protocol import Question, QuestionKind, Response
from quizapp.model import (
    Card,
    Cloze,
    Flashcard,
    Matching,
    MultipleChoice,
    MultiSelect,
    Numeric,
    Ordering,
    ShortAnswer,
    TrueFalse,
)
from quizapp.shuffle import display_order
from quizapp.text import clean_line

#: Longest typed answer accepted (short answer, numeric, one cloze gap).
MAX_TYPED = 500
#: Most gap fields a student's screen builds: a host's count is not trusted (a card's
#: 4000 characters hold fewer gaps than this).
MAX_GAPS = 500


class BadResponse(ValueError):
    """A response whose shape does not fit the question (e.g. a choice that is not offered)."""


@dataclass(frozen=True)
class PublicView:
    kind: QuestionKind
    prompt: str
    choices: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    gaps: int = 0
    unit: str = ""

    def message(
        self, index: int, total: int, limit: float, remaining: float, points: int
    ) -> Question:
        return Question(
            index=index,
            total=total,
            kind=self.kind,
            prompt=self.prompt,
            choices=list(self.choices),
            items=list(self.items),
            left=list(self.left),
            right=list(self.right),
            gaps=self.gaps,
            unit=self.unit,
            time_limit=limit,
            remaining=round(max(remaining, 0.0), 3),
            points=points,
        )


def public_view(card: Card, seed: int | None) -> PublicView:
    """What students see of `card` for one showing; `seed` from `secrets` in the host."""
    shown = display_order(card, seed)
    # isinstance, not `kind ==`: a type checker narrows the card by it.
    if isinstance(card, Flashcard):
        return PublicView("short_answer", card.front)
    if isinstance(card, MultipleChoice | MultiSelect):
        return PublicView(card.kind, card.question, choices=shown)
    if isinstance(card, TrueFalse):
        return PublicView(card.kind, card.statement, choices=("True", "False"))
    if isinstance(card, ShortAnswer):
        return PublicView(card.kind, card.question)
    if isinstance(card, Numeric):
        return PublicView(card.kind, card.question, unit=card.unit)
    if isinstance(card, Cloze):
        return PublicView(card.kind, card.prompt, gaps=len(card.gaps))
    if isinstance(card, Ordering):
        return PublicView(card.kind, card.question, items=shown)
    if isinstance(card, Matching):
        lefts = tuple(left for left, _ in card.pairs)
        return PublicView(card.kind, card.question, left=lefts, right=shown)
    raise ValueError(f"unknown card kind {card.kind!r}")


_MODES: dict[str, Mode] = {
    "multiple_choice": "choice",
    "multi_select": "multi",
    "true_false": "true_false",
    "short_answer": "typed",
    "numeric": "typed",
    "cloze": "gaps",
    "ordering": "order",
    "matching": "match",
}


def answer_form(question: Question) -> AnswerForm:
    """What a student enters for the host's public `question`: built from it alone."""
    mode = _MODES[question.kind]
    if mode == "order":
        return AnswerForm(mode, tuple(question.items))
    if mode == "match":
        return AnswerForm(mode, tuple(question.right), left=tuple(question.left))
    if mode == "gaps":
        return AnswerForm(
            mode, gaps=("",) * max(0, min(question.gaps, MAX_GAPS)), max_length=MAX_TYPED
        )
    if mode == "typed":
        numeric = question.kind == "numeric"
        return AnswerForm(mode, numeric=numeric, unit=question.unit, max_length=MAX_TYPED)
    if mode == "true_false":
        return AnswerForm(mode, tuple(question.choices) or TRUE_FALSE)
    return AnswerForm(mode, tuple(question.choices))


def _typed(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise BadResponse(f"{what} must be text")
    text = clean_line(value)
    if len(text) > MAX_TYPED:
        raise BadResponse(f"{what} is longer than {MAX_TYPED} characters; shorten it")
    return text


def _offered(value: object, offered: tuple[str, ...], what: str) -> str:
    text = _typed(value, what)
    if text not in offered:
        raise BadResponse(f"{what} {text[:60]!r} is not one of the options offered")
    return text


def check_response(view: PublicView, response: Response) -> Response:
    """The response cleaned and in the shape grading expects, or BadResponse."""
    kind = view.kind
    if kind == "multiple_choice":
        return _offered(response, view.choices, "choice")
    if kind == "multi_select":
        if not isinstance(response, list):
            raise BadResponse("a multi-select answer is a list of choices")
        chosen = [_offered(v, view.choices, "choice") for v in response]
        if len(set(chosen)) != len(chosen):
            raise BadResponse("a choice is picked twice")
        return chosen
    if kind == "true_false":
        if not isinstance(response, bool):
            raise BadResponse("a true/false answer is true or false")
        return response
    if kind == "short_answer":
        return _typed(response, "answer")
    if kind == "numeric":
        if isinstance(response, bool):
            raise BadResponse("a numeric answer is a number")
        if isinstance(response, int | float):
            return float(response)
        return _typed(response, "answer")
    if kind == "cloze":
        if not isinstance(response, list) or len(response) != view.gaps:
            raise BadResponse(f"a cloze answer is a list of {view.gaps} texts, one per gap")
        return [_typed(v, "gap") for v in response]
    if kind == "ordering":
        if not isinstance(response, list):
            raise BadResponse("an ordering answer is the list of items in order")
        order = [_offered(v, view.items, "item") for v in response]
        if sorted(order) != sorted(view.items):
            raise BadResponse("an ordering answer must list every item exactly once")
        return order
    if kind == "matching":
        if not isinstance(response, dict):
            raise BadResponse("a matching answer maps each left side to a right side")
        return {
            _offered(k, view.left, "left side"): _offered(v, view.right, "right side")
            for k, v in response.items()
        }
    raise BadResponse(f"unknown question kind {kind!r}")


def distribution_key(view: PublicView, response: Response) -> list[str]:
    """The buckets an answer counts in, for the teacher's answer distribution."""
    if view.kind in ("multiple_choice", "true_false"):
        if isinstance(response, bool):
            return ["True" if response else "False"]
        return [str(response)]
    if view.kind == "multi_select" and isinstance(response, list):
        return [str(v) for v in response]
    return []


def correct_choices(card: Card) -> list[str]:
    """Choices to highlight once the question is closed."""
    if card.kind == "multiple_choice":
        return [card.answer]
    if card.kind == "multi_select":
        return list(card.answers)
    if card.kind == "true_false":
        return ["True" if card.answer else "False"]
    return []
