"""Kahoot's quiz spreadsheet template (.xlsx), read with openpyxl.

The template has a few rows of instructions, then a header row: "Question - max 120
characters", "Answer 1 - max 75 characters" ... "Answer 4", "Time limit (sec)", "Correct
answer(s) - choose at least one" (numbers 1-4, several separated by commas), one question a
row after it, numbered in the first column. The header is found by its words, so a sheet
whose instructions were deleted or whose columns moved still reads.
- one correct answer -> multiple choice; several -> multi-select; answers "True"/"False"
  -> true/false;
- time limits have no place on a card: said once in the report;
- a row without a question, with fewer than two answers or a correct number naming an
  empty answer is left out with its row number and reason.
The package is checked before openpyxl opens it (member sizes and compression ratios, as
for .apkg), opened read-only (streamed rows), and at most MAX_CARDS rows are read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from quizapp.formats import MAX_CARDS, Format, Loaded, too_many
from quizapp.formats.html_text import IdMaker, slugify
from quizapp.formats.lenient import keep_valid
from quizapp.model import DeckError, Problem

MAX_MEMBER_BYTES = 100 * 2**20
MAX_RATIO = 200
_HEADER_ROWS = 30


def _fail(file: str, message: str) -> DeckError:
    return DeckError([Problem(file, message)])


def _check_zip(path: Path) -> None:
    file = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.file_size > MAX_MEMBER_BYTES or (
                    info.file_size > 2**20
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)
                ):
                    raise _fail(
                        file,
                        f"member {info.filename!r} is too large or compressed "
                        "too well; refused as a possible zip bomb",
                    )
    except (zipfile.BadZipFile, OSError) as error:
        raise _fail(file, f"is not an Excel .xlsx file ({error})") from None


def _columns(row: tuple[Any, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = str(cell or "").strip().lower()
        if name.startswith("question"):
            found.setdefault("question", index)
        elif match := re.match(r"answer\s*([1-4])", name):
            found.setdefault(f"answer{match.group(1)}", index)
        elif name.startswith("time limit"):
            found.setdefault("time", index)
        elif name.startswith("correct"):
            found.setdefault("correct", index)
    needed = {"question", "answer1", "answer2", "correct"}
    return found if needed <= set(found) else None


def _cell(row: tuple[Any, ...], index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _card(row: tuple[Any, ...], columns: dict[str, int]) -> dict[str, Any]:
    question = _cell(row, columns["question"])
    if not question:
        raise ValueError("has no question")
    answers = {n: _cell(row, columns.get(f"answer{n}")) for n in range(1, 5)}
    given = {n: a for n, a in answers.items() if a}
    if len(given) < 2:
        raise ValueError("has fewer than two answers")
    raw = _cell(row, columns["correct"])
    numbers = [int(n) for n in re.findall(r"\d+", raw)]
    if not numbers:
        raise ValueError(f"names no correct answer ({raw!r}); give 1, 2, 3 or 4")
    bad = [n for n in numbers if n not in given]
    if bad:
        raise ValueError(f"its correct answer {bad[0]} is empty or not 1-4")
    right = [given[n] for n in dict.fromkeys(numbers)]
    choices = list(given.values())
    if sorted(a.lower() for a in choices) == ["false", "true"] and len(right) == 1:
        return {"kind": "true_false", "statement": question, "answer": right[0].lower() == "true"}
    if len(right) == 1:
        return {
            "kind": "multiple_choice",
            "question": question,
            "choices": choices,
            "answer": right[0],
        }
    return {"kind": "multi_select", "question": question, "choices": choices, "answers": right}


def read_kahoot(path: Path) -> Loaded:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    file = str(path)
    _check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (
        InvalidFileException,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        OSError,
        ParseError,
    ) as error:
        raise _fail(file, f"is not an Excel .xlsx file ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        columns: dict[str, int] | None = None
        ids, cards, where, skipped = IdMaker(), [], [], []
        timed = False
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if columns is None:
                columns = _columns(row)
                if columns is None and number >= _HEADER_ROWS:
                    break
                continue
            if number > MAX_CARDS + _HEADER_ROWS:
                raise too_many(file, number, "rows")
            if not any(cell not in (None, "") for cell in row):
                continue
            try:
                card = _card(row, columns)
            except ValueError as reason:
                skipped.append(f"row {number}: {reason}; left out")
                continue
            timed = timed or bool(_cell(row, columns.get("time")))
            card["id"] = ids.from_text(card.get("question") or card.get("statement", ""))
            cards.append(card)
            where.append(f"row {number}")
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, ParseError) as error:
        raise _fail(file, f"is not a readable Kahoot spreadsheet ({error})") from None
    finally:
        workbook.close()
    if columns is None:
        raise _fail(
            file,
            "is not Kahoot's quiz template: no header row with Question, "
            "Answer 1, Answer 2 and Correct answer(s)",
        )
    title = path.stem or "Kahoot quiz"
    deck, invalid = keep_valid(
        {"id": slugify(title, "kahoot"), "title": title[:200]}, cards, where, file
    )
    skipped += invalid
    if timed:
        skipped.append("time limits are not kept (a quiz sets its own with --per-question)")
    if not deck.cards:
        raise _fail(
            file,
            "holds no questions quizapp can use"
            + (f" ({len(skipped)} left out; the first: {skipped[0]})" if skipped else ""),
        )
    return Loaded([deck], skipped)


FORMATS = (
    Format(
        "kahoot",
        (".xlsx",),
        read_kahoot,
        None,
        description="Kahoot quiz spreadsheet template (.xlsx)",
    ),
)
