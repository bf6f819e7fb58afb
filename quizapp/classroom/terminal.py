"""A line-by-line student client: `quizapp join` until the Textual join screen lands.

Questions are printed with numbered options; the student types one line per answer.
Input and output are injected (async lines in, a write function out) so tests can
drive it without a terminal. Every text shown comes through the protocol's cleaned
Text/Line fields, so a hostile host cannot send terminal escapes.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Callable

from websockets.exceptions import ConnectionClosed

from quizapp.classroom.client import ClassroomClient
from quizapp.classroom.protocol import (
    Ack,
    Error,
    Finished,
    Kicked,
    Lobby,
    Question,
    Response,
    Result,
    ServerMessage,
)
from quizapp.kinds import typed_how


class BadInput(ValueError):
    pass


def _numbers(line: str, count: int) -> list[int]:
    try:
        picked = [int(part) - 1 for part in line.replace(",", " ").split()]
    except ValueError:
        raise BadInput("type numbers only") from None
    if any(not 0 <= n < count for n in picked):
        raise BadInput(f"numbers go from 1 to {count}")
    return picked


def parse_line(question: Question, line: str) -> Response:
    """What the student typed, as the response the host expects, or BadInput."""
    line = line.strip()
    if not line:
        raise BadInput(typed_how(question.kind))
    kind = question.kind
    if kind == "multiple_choice":
        picked = _numbers(line, len(question.choices))
        if len(picked) != 1:
            raise BadInput("type one number")
        return question.choices[picked[0]]
    if kind == "multi_select":
        return [question.choices[n] for n in dict.fromkeys(_numbers(line, len(question.choices)))]
    if kind == "true_false":
        if line.lower() in ("t", "true", "y", "yes", "1"):
            return True
        if line.lower() in ("f", "false", "n", "no", "0"):
            return False
        raise BadInput("type t or f")
    if kind in ("short_answer", "numeric"):
        return line
    if kind == "cloze":
        gaps = [part.strip() for part in line.split("|")]
        if len(gaps) != question.gaps:
            raise BadInput(f"type {question.gaps} answers separated by |")
        return gaps
    if kind == "ordering":
        order = _numbers(line, len(question.items))
        if sorted(order) != list(range(len(question.items))):
            raise BadInput(f"use every number from 1 to {len(question.items)} once")
        return [question.items[n] for n in order]
    if kind == "matching":
        rights = _numbers(line, len(question.right))
        if len(rights) != len(question.left):
            raise BadInput(f"type {len(question.left)} numbers, one per left side")
        return {left: question.right[n] for left, n in zip(question.left, rights, strict=True)}
    raise BadInput(f"this client cannot answer {kind!r} questions")


def describe(question: Question) -> list[str]:
    lines = [f"Question {question.index + 1} of {question.total} "
             f"({question.time_limit:g} s, {question.points} points)", question.prompt]
    options = question.choices or question.items
    lines += [f"  {i}. {text}" for i, text in enumerate(options, 1)]
    if question.kind == "matching":
        lines += [f"  {left}" for left in question.left]
        lines += [f"  {i}. {right}" for i, right in enumerate(question.right, 1)]
    if question.unit:
        lines.append(f"  (in {question.unit})")
    lines.append(f"> {typed_how(question.kind)}")
    return lines


def describe_result(result: Result) -> list[str]:
    verdict = "No answer" if not result.answered else "Right!" if result.right else (
        "Partly right" if result.score > 0 else "Wrong")
    lines = [f"{verdict}  Answer: {result.answer_text}"]
    if result.explanation:
        lines.append(result.explanation)
    bonus = f" (streak +{result.streak_bonus})" if result.streak_bonus else ""
    lines.append(f"+{result.points}{bonus}; total {result.total}; rank {result.rank} "
                 f"of {result.players}")
    return lines


async def play(
    client: ClassroomClient,
    lines: AsyncIterator[str],
    write: Callable[[str], None],
) -> Finished | None:
    """Play until the quiz ends (the final standings) or the host goes away (None)."""
    events: asyncio.Queue[ServerMessage | None] = asyncio.Queue()

    async def pump() -> None:
        try:
            async for message in client.events():
                await events.put(message)
        finally:
            await events.put(None)

    pumping = asyncio.create_task(pump())
    open_question: Question | None = None
    next_line = asyncio.ensure_future(anext(lines))
    next_event = asyncio.ensure_future(events.get())
    try:
        while True:
            done, _ = await asyncio.wait({next_line, next_event}, return_when="FIRST_COMPLETED")
            if next_line in done:
                try:
                    line = next_line.result()
                except StopAsyncIteration:
                    return None
                next_line = asyncio.ensure_future(anext(lines))
                if open_question is None:
                    write("(wait for the next question)")
                    continue
                try:
                    response = parse_line(open_question, line)
                except BadInput as error:
                    write(f"! {error}")
                    continue
                with contextlib.suppress(ConnectionClosed):
                    await client.answer(open_question.index, response)
            if next_event not in done:
                continue
            message = next_event.result()
            next_event = asyncio.ensure_future(events.get())
            if message is None:
                write("The host closed the connection.")
                return None
            if isinstance(message, Question):
                open_question = message
                write("")
                for text in describe(message):
                    write(text)
            elif isinstance(message, Ack):
                open_question = None
                write(f"Answer sent ({message.time_ms / 1000:.1f} s). Waiting for the others…")
            elif isinstance(message, Result):
                open_question = None
                for text in describe_result(message):
                    write(text)
            elif isinstance(message, Lobby):
                write(f"{message.players} players in" + (" (locked)" if message.locked else ""))
            elif isinstance(message, Error):
                write(f"! {message.message}")
            elif isinstance(message, Kicked):
                write(message.message)
                return None
            elif isinstance(message, Finished):
                write("The quiz is over.")
                for s in message.podium:
                    write(f"  {s.rank}. {s.name}: {s.score}")
                if message.you:
                    write(f"You: {message.you.score} points, rank {message.you.rank} "
                          f"of {message.players}")
                return message
    finally:
        for task in (next_line, next_event, pumping):
            task.cancel()
        await client.close()


async def stdin_lines() -> AsyncIterator[str]:
    """Lines from standard input without blocking the event loop."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        yield line.decode("utf-8", "replace")
