"""The classroom wire protocol: JSON messages over one WebSocket, as pydantic models.

Every message is a JSON object with a `type`. Clients send `join` and `answer`;
the teacher's actions exist as types only so that a student sending one gets a
clear refusal. See PROTOCOL.md beside this file for the full description.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from quizapp.text import Line, Text

PROTOCOL_VERSION = 1
#: Client messages longer than this are refused before any JSON parsing.
MAX_CLIENT_MESSAGE_BYTES = 8 * 1024

#: What a student may answer; which shape is right depends on the question's kind.
Response = Union[
    StrictBool,
    StrictInt,
    StrictFloat,
    StrictStr,
    list[StrictStr],
    dict[StrictStr, StrictStr],
]


def wire_response(given: str | bool | float | int | Sequence[str] | Mapping[str, str]) -> Response:
    """A response as an answer widget gives it (quizapp.grading.Response, not None) in the
    protocol's shapes: any sequence as a list, any mapping as a dict, as JSON has them."""
    if isinstance(given, str | bool | int | float):
        return given
    if isinstance(given, Mapping):
        return dict(given)
    return list(given)


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- client -> host -------------------------------------------------------


class Join(_Message):
    type: Literal["join"] = "join"
    pin: Annotated[StrictStr, Field(max_length=16)]
    # Checked by the game (length, control characters) so the refusal can say why.
    name: Annotated[StrictStr, Field(max_length=200)]
    token: Annotated[StrictStr, Field(max_length=64)] | None = None


class Answer(_Message):
    type: Literal["answer"] = "answer"
    question: Annotated[StrictInt, Field(ge=0, le=100_000)]
    response: Response


TEACHER_ACTIONS = ("start", "next", "close", "lock", "unlock", "kick", "approve", "end")


class TeacherAction(_Message):
    """Only the host's own screen may do these; a student sending one is refused."""

    type: Literal["start", "next", "close", "lock", "unlock", "kick", "approve", "end"]
    name: Annotated[StrictStr, Field(max_length=200)] | None = None


ClientMessage = Annotated[Union[Join, Answer, TeacherAction], Field(discriminator="type")]
_CLIENT = TypeAdapter(ClientMessage)


# --- host -> client -------------------------------------------------------
# Text fields are Text/Line: a client parsing a frame gets them cleaned of control
# characters, whoever the host is (a terminal client must never print raw escapes).


class Standing(_Message):
    name: Line
    score: int
    rank: int


class Welcome(_Message):
    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    name: Line
    token: Line = Field(description="Keep it: send it with `join` to rejoin under the same name.")
    deck_title: Line
    questions: int
    time_per_question: float
    scoring: Literal["speed", "accuracy"]
    streaks: bool
    players: int
    rejoined: bool = False
    score: int = 0


class Lobby(_Message):
    type: Literal["lobby"] = "lobby"
    players: int
    names: list[Line] = Field(description="Up to the first 100 names, for display.")
    locked: bool


#: The kinds a question is shown as (a flashcard is asked as a short answer).
QuestionKind = Literal[
    "multiple_choice",
    "multi_select",
    "true_false",
    "short_answer",
    "numeric",
    "cloze",
    "ordering",
    "matching",
]


class Question(_Message):
    """What a student sees of a card: nothing here reveals the answer."""

    type: Literal["question"] = "question"
    index: int
    total: int
    kind: QuestionKind
    prompt: Text
    choices: list[Line] = Field(default_factory=list, description="multiple_choice, multi_select.")
    items: list[Line] = Field(default_factory=list, description="ordering: shuffled items.")
    left: list[Line] = Field(default_factory=list, description="matching: left sides.")
    right: list[Line] = Field(default_factory=list, description="matching: right sides, shuffled.")
    gaps: int = Field(default=0, description="cloze: how many gaps to fill.")
    unit: Line = ""
    time_limit: float
    remaining: float
    points: int


class Ack(_Message):
    """The host has the answer; whether it is right is said only at close."""

    type: Literal["ack"] = "ack"
    question: int
    time_ms: int


class Result(_Message):
    type: Literal["result"] = "result"
    question: int
    answer_text: Text
    explanation: Text
    correct_choices: list[Line] = Field(default_factory=list)
    answered: bool
    right: bool
    score: float = Field(description="Fraction of the card earned, 0..1 (partial credit).")
    points: int
    streak_bonus: int
    total: int
    streak: int
    rank: int
    players: int
    distribution: dict[Line, int] = Field(default_factory=dict)
    top: list[Standing]


class Finished(_Message):
    type: Literal["finished"] = "finished"
    podium: list[Standing]
    you: Standing | None
    players: int
    questions: int


class Error(_Message):
    type: Literal["error"] = "error"
    code: Line
    message: Text
    fatal: bool = Field(default=False, description="True when the host closes the connection.")


class Kicked(_Message):
    type: Literal["kicked"] = "kicked"
    message: Text


ServerMessage = Annotated[
    Union[Welcome, Lobby, Question, Ack, Result, Finished, Error, Kicked],
    Field(discriminator="type"),
]
_SERVER = TypeAdapter(ServerMessage)


class ProtocolError(Exception):
    """A client message the host cannot accept; `code` is stable, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_client_message(
    raw: str | bytes, limit: int = MAX_CLIENT_MESSAGE_BYTES
) -> Join | Answer | TeacherAction:
    """Parse one client frame, or raise ProtocolError saying what is wrong with it."""
    size = len(raw.encode("utf-8", "surrogatepass")) if isinstance(raw, str) else len(raw)
    if size > limit:
        raise ProtocolError("too_large", f"message of {size} bytes is over the {limit}-byte limit")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError("malformed", "message is not valid JSON") from None
    except RecursionError:
        # [[[[...]]]] a few thousand deep: the parser gives up; no message nests like that.
        raise ProtocolError("too_deep", "message nests lists or objects too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError("malformed", "message must be a JSON object with a 'type'")
    try:
        return _CLIENT.validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "message"
        if first["type"] == "union_tag_invalid":
            return_msg = f"unknown message type {data['type'][:40]!r}; send 'join' or 'answer'"
            raise ProtocolError("malformed", return_msg) from None
        raise ProtocolError("malformed", f"{where}: {first['msg']}") from None


def parse_server_message(raw: str | bytes) -> ServerMessage:
    """Parse one host frame (used by clients); raises pydantic's ValidationError."""
    return _SERVER.validate_json(raw)


def encode(message: BaseModel) -> str:
    return message.model_dump_json()
