"""Every rule of the model says what is wrong in the user's words (issue 18).

The cases are not listed by hand: every field of every model (the nine card kinds, the
source reference, the Anki note, the source, the deck, the study settings) is read from
its annotation, and for each constraint found (type, length, pattern, range, finite,
non-empty text, date) an input that breaks it is built; every model validator has its
own breaking inputs below, and a validator without any fails the test. Each message
must have no pydantic wording, name the field (the deck file's key, or the setting as
the settings screen calls it) and say what to do.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

from quizapp.model import CARD_TYPES, Deck, DeckError, Problem, Source, StudySettings, parse_deck
from quizapp.model.anki_origin import AnkiNote
from quizapp.model.cards import SourceRef
from quizapp.model.problems import SETTING_NAMES, settings_problems
from tests.test_model import VALID

PYDANTIC = re.compile(
    r"input should|validation|type=|pydantic|value error|instance of|\bitems? after|"
    r"unable to|valid (string|integer|number|dict|tuple|list|date|boolean)",
    re.I,
)
ADVICE = re.compile(
    r"\b(add|remove|use|copy|give|put|mark|change|check|write|keep|shorten|upgrade|close|"
    r"end|fit|undo|import|let)\b",
    re.I,
)
FILE = "deck.toml"
SOURCE_REF = {"id": "src", "paragraph": 1, "quote": "a quote"}
ANKI = {
    "guid": "g1",
    "notetype_id": 1,
    "notetype": "Basic",
    "fields": ["Front", "Back"],
    "templates": [["Card 1", "{{Front}}", "{{Back}}"]],
    "values": ["f", "b"],
}
NESTED: dict[type[BaseModel], dict[str, Any]] = {
    SourceRef: SOURCE_REF,
    AnkiNote: ANKI,
    Source: {"id": "src", "title": "S"},
}


# --- inputs that break one constraint, read from the annotations -------------------------


def _parts(annotation: Any) -> tuple[Any, list[Any]]:
    """The base type of an annotation and its constraints (Annotated metadata)."""
    meta: list[Any] = []
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        meta += extra
    if get_origin(annotation) in (Union, typing.Union) or type(annotation).__name__ == "UnionType":
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            base, more = _parts(args[0])
            return base, meta + more
    return annotation, meta


def valid(annotation: Any, i: int = 0) -> Any:
    """A value of the type that every constraint accepts; `i` makes list items distinct."""
    base, meta = _parts(annotation)
    pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return {**NESTED[base], **({"quote": f"quote {i}"} if base is SourceRef else {})}
    if base is str:
        if pattern and "0-9a-f" in pattern:
            return f"{i:064x}.png"
        return f"v{i}"
    if base is bool:
        return True
    if base in (int, float):
        return base(i + 1)
    if get_origin(base) is tuple:
        args = get_args(base)
        if len(args) == 2 and args[1] is Ellipsis:
            return [valid(args[0], i)]
        return [valid(arg, i * 10 + n) for n, arg in enumerate(args)]
    if get_origin(base) is dict:
        return {}
    raise AssertionError(f"no valid value known for {annotation}")


WRONG_TYPE = {str: 12, int: "many", float: "many", bool: "maybe", date: "someday"}


def breaking(annotation: Any) -> Iterator[tuple[str, Any]]:
    """(what is broken, a value that breaks it) for every constraint of the annotation."""
    base, meta = _parts(annotation)
    if get_origin(base) is Literal or get_origin(base) in (Union, typing.Union):
        return  # the kind (discriminator) and the card union: broken below, by kind
    if isinstance(base, type) and issubclass(base, BaseModel):
        yield "not a table", 5
        good = valid(base)
        for name, info in base.model_fields.items():
            for what, bad in breaking(_annotated(info)):
                yield f"{name}: {what}", {**good, name: bad}
            if info.is_required():
                yield f"{name}: missing", {k: v for k, v in good.items() if k != name}
        yield "unknown key", {**good, "colour": "red"}
        return
    if base in WRONG_TYPE:
        yield "wrong type", WRONG_TYPE[base]
    if get_origin(base) in (tuple, dict):
        yield "not a list", 5
    for rule in meta:
        yield from _breaking_rule(base, rule)
    if get_origin(base) is tuple:
        args = get_args(base)
        items = [args[0]] if args[-1] is Ellipsis else list(args)
        if args[-1] is not Ellipsis:
            yield "too few sides", [valid(args[0])]
            yield "too many sides", [valid(a, n) for n, a in enumerate([*args, args[0]])]
        for n, item in enumerate(items):
            for what, bad in breaking(item):
                good = valid(base, 1)
                good[n if args[-1] is not Ellipsis else 0] = bad
                yield f"item: {what}", good
    if get_origin(base) is dict:
        for what, bad in breaking(get_args(base)[1]):
            yield f"value: {what}", {"c1": bad}


def _breaking_rule(base: Any, rule: Any) -> Iterator[tuple[str, Any]]:
    text = base is str
    for name in ("min_length", "max_length"):
        n = getattr(rule, name, None)
        if n is None:
            continue
        length = n - 1 if name == "min_length" else n + 1
        if length >= 0:
            many = "x" * length if text else [valid(get_args(base)[0], i) for i in range(length)]
            yield name, many
    if getattr(rule, "pattern", None):
        yield "pattern", "Not A Slug!"
    for name, delta in (("ge", -1), ("gt", 0), ("le", 1), ("lt", 0)):
        bound = getattr(rule, name, None)
        if bound is not None:
            yield name, bound + delta
    if getattr(rule, "allow_inf_nan", None) is False:
        yield "infinite", math.inf
    if isinstance(rule, AfterValidator):
        qualname = rule.func.__qualname__
        if qualname.startswith("_filled"):
            yield "empty text", ""
            yield "too long text", "x" * 4001
        elif qualname == "_check_as_of":
            yield "not a date", "20"


def _annotated(info: Any) -> Any:
    """A field's annotation with its Field(...) constraints put back (pydantic moves them)."""
    return Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation


# --- the cases: every field of every model, every validator -------------------------------

Case = tuple[str, dict[str, Any]]


def base_card(kind: str) -> dict[str, Any]:
    return {"id": "a", "kind": kind, **VALID[kind], "source": SOURCE_REF}


def deck(*cards: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "id": "d",
        "title": "T",
        "sources": [{"id": "src", "title": "S"}],
        **fields,
        "cards": list(cards),
    }


def field_cases() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(case id, the key that must be named, the deck) for every field constraint."""
    for kind, model in CARD_TYPES.items():
        good = base_card(kind)
        for name, info in model.model_fields.items():
            for what, bad in breaking(_annotated(info)):
                yield f"{kind}.{name}: {what}", name, deck({**good, name: bad})
            if info.is_required():
                missing = {k: v for k, v in good.items() if k != name}
                yield f"{kind}.{name}: missing", name, deck(missing)
        yield f"{kind}: unknown key", "colour", deck({**good, "colour": "red"})
    yield "card: unknown kind", "kind", deck({**base_card("flashcard"), "kind": "essay"})
    yield "card: no kind", "kind", deck({"id": "a", "front": "f", "back": "b"})
    good_source = {"id": "src", "title": "S"}
    for name, info in Source.model_fields.items():
        for what, bad in breaking(_annotated(info)):
            yield f"source.{name}: {what}", "sources", deck(sources=[{**good_source, name: bad}])
    for name, info in Deck.model_fields.items():
        if name == "cards":
            yield "deck.cards: not a list", name, {**deck(), "cards": 5}
            continue
        for what, bad in breaking(_annotated(info)):
            if name == "sources" and what.startswith("item"):
                continue  # the source's own fields, above
            yield f"deck.{name}: {what}", name, deck(**{name: bad})
    yield "deck: unknown key", "colour", deck(colour="red")


FIELD_CASES = list(field_cases())


def mc(**fields: Any) -> dict[str, Any]:
    return {**base_card("multiple_choice"), **fields}


#: (model, validator) -> (key named, decks that break the validator)
RULE_CASES: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {
    ("_Card", "_reverse_on_flashcards"): [
        ("reverse", deck(mc(reverse=True))),
    ],
    ("_Card", "_check_citations"): [
        ("evidence", deck({**base_card("flashcard"), "source": None, "evidence": [SOURCE_REF]})),
        ("evidence", deck({**base_card("flashcard"), "evidence": [SOURCE_REF]})),
        (
            "evidence",
            deck({**base_card("flashcard"), "evidence": [{**SOURCE_REF, "quote": "q"}] * 2}),
        ),
    ],
    ("MultipleChoice", "_check"): [
        ("choices", deck(mc(choices=["Paris", "paris"]))),
        ("answer", deck(mc(answer="Nice"))),
    ],
    ("MultiSelect", "_check"): [
        ("choices", deck({**base_card("multi_select"), "choices": ["Paris", "PARIS"]})),
        ("answers", deck({**base_card("multi_select"), "answers": ["Paris", "Paris"]})),
        ("answers", deck({**base_card("multi_select"), "answers": ["Rome"]})),
    ],
    ("ShortAnswer", "_check"): [
        ("answers", deck({**base_card("short_answer"), "answers": ["Paris", "paris"]})),
    ],
    ("Cloze", "_check"): [
        ("text", deck({**base_card("cloze"), "text": "No gaps.", "alternatives": {}})),
        ("text", deck({**base_card("cloze"), "text": "A {{c1:: }} gap.", "alternatives": {}})),
        ("alternatives", deck({**base_card("cloze"), "alternatives": {"c9": ["x"]}})),
        ("text", deck({**base_card("cloze"), "text": "The {{c1::Sun} is in the {{c2::sky}}."})),
        ("text", deck({**base_card("cloze"), "text": "{{c1::a {{c2::b}} c}}"})),
    ],
    ("Ordering", "_check"): [
        ("items", deck({**base_card("ordering"), "items": ["one"]})),
        ("items", deck({**base_card("ordering"), "items": ["one", "ONE"]})),
    ],
    ("Matching", "_check"): [
        ("pairs", deck({**base_card("matching"), "pairs": [["a", "b"]]})),
        ("pairs", deck({**base_card("matching"), "pairs": [["a", "b"], ["A", "c"]]})),
        ("pairs", deck({**base_card("matching"), "pairs": [["a", "b"], ["c", "B"]]})),
    ],
    ("Deck", "_known_version"): [("format_version", deck(format_version=99))],
    ("Deck", "_check"): [
        ("id", deck(base_card("flashcard"), base_card("true_false"))),
        ("source.id", deck({**base_card("flashcard"), "source": {**SOURCE_REF, "id": "nope"}})),
        (
            "evidence[0].id",
            deck(
                {**base_card("flashcard"), "evidence": [{**SOURCE_REF, "id": "nope", "quote": "q"}]}
            ),
        ),
        ("sources", deck(sources=[{"id": "src", "title": "S"}, {"id": "src", "title": "T"}])),
    ],
}


def validators() -> set[tuple[str, str]]:
    """Every model and field validator the models define, by the class that defines it."""
    found = set()
    for model in (*CARD_TYPES.values(), SourceRef, AnkiNote, Source, Deck, StudySettings):
        decorators = model.__pydantic_decorators__
        for name in {**decorators.model_validators, **decorators.field_validators}:
            owner = next(cls for cls in model.__mro__ if name in vars(cls))
            found.add((owner.__name__, name))
    return found


#: What problems.py says of an error type it has no words for: no model rule may get it.
UNMAPPED = "cannot be read here"


def check(problem: Problem, key: str) -> None:
    text = str(problem)
    assert not PYDANTIC.search(problem.message), f"pydantic wording: {text}"
    assert UNMAPPED not in problem.message, f"an error type without words: {text}"
    assert ADVICE.search(problem.message), f"says nothing to do: {text}"
    assert problem.file == FILE and text.startswith(f"{FILE}: ")
    assert problem.field is not None and key in problem.field, f"{key!r} not named: {text}"
    assert f"field '{problem.field}'" in text


def problems(raw: dict[str, Any]) -> list[Problem]:
    with pytest.raises(DeckError) as caught:
        parse_deck(raw, FILE)
    return caught.value.problems


@pytest.mark.parametrize(
    ("key", "raw"), [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES]
)
def test_every_field_constraint_says_what_to_do(key: str, raw: dict[str, Any]) -> None:
    found = problems(raw)
    for problem in found:
        check(problem, "" if problem.field and key not in problem.field else key)
    assert any(p.field and key in p.field for p in found), found


def test_the_field_cases_cover_every_field_of_every_model() -> None:
    named = {case.split(":")[0] for case, _, _ in FIELD_CASES}
    cards = {f"{kind}.{name}" for kind, model in CARD_TYPES.items() for name in model.model_fields}
    assert cards - {f"{kind}.kind" for kind in CARD_TYPES} <= named
    assert {f"source.{n}" for n in Source.model_fields} <= named
    assert {f"deck.{n}" for n in Deck.model_fields} <= named

    def inside(field: str) -> set[str]:
        return {c.split(":")[1].strip() for c, _, _ in FIELD_CASES if f".{field}:" in c}

    assert set(SourceRef.model_fields) <= inside("source") and set(AnkiNote.model_fields) <= inside(
        "anki"
    )


def test_every_validator_has_breaking_inputs() -> None:
    assert validators() == set(RULE_CASES)


@pytest.mark.parametrize(
    ("key", "raw"),
    [case for cases in RULE_CASES.values() for case in cases],
    ids=[f"{m}.{v}-{n}" for (m, v), cases in RULE_CASES.items() for n in range(len(cases))],
)
def test_every_validator_says_what_to_do(key: str, raw: dict[str, Any]) -> None:
    found = problems(raw)
    assert any(p.field == key or (p.field or "").startswith(key) for p in found), found
    for problem in found:
        check(problem, key)


# --- the study settings: named as the settings screen and `quizapp settings` name them ----


def settings_cases() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, info in StudySettings.model_fields.items():
        for what, bad in breaking(_annotated(info)):
            yield f"{name}: {what}", name, {name: bad}
    yield "unknown key", "colour", {"colour": "red"}


SETTINGS_CASES = list(settings_cases())


@pytest.mark.parametrize(
    ("field", "raw"), [c[1:] for c in SETTINGS_CASES], ids=[c[0] for c in SETTINGS_CASES]
)
def test_every_setting_says_its_name_and_what_to_do(field: str, raw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        StudySettings.model_validate(raw)
    found = settings_problems(caught.value)
    assert set(found) == {field}
    for message in found[field]:
        assert message.startswith(SETTING_NAMES.get(field, field)), message
        assert UNMAPPED not in message, message
        assert not PYDANTIC.search(message), message
        assert ADVICE.search(message), message


def test_every_setting_has_a_name_and_the_retention_message_of_the_issue() -> None:
    assert set(SETTING_NAMES) == set(StudySettings.model_fields)
    with pytest.raises(ValidationError) as caught:
        StudySettings(desired_retention=1.5)
    assert settings_problems(caught.value) == {
        "desired_retention": ["desired retention must be between 0.7 and 0.99; write e.g. 0.9"]
    }
    with pytest.raises(DeckError) as deck_error:
        parse_deck(deck(mc(choices=[])), FILE)
    assert str(deck_error.value) == (
        f"{FILE}: card 'a' (#1): field 'choices': has none; give at least 2 choices"
    )


def test_an_error_type_without_words_still_says_what_to_do() -> None:
    from quizapp.model.problems import problems_from

    (problem,) = problems_from(
        [{"type": "new_in_pydantic", "loc": ("title",), "msg": "Input should be"}], FILE
    )
    assert UNMAPPED in problem.message and not PYDANTIC.search(problem.message)
    assert ADVICE.search(problem.message) and problem.field == "title"
