"""Whether a cloze text's braces balance: every gap `{{cN::` closed by `}}`, none nested.

The gaps are read by one lazy pattern (cards.CLOZE_GAP, as Anki's own before 2.1.56):
an unclosed gap swallows text up to the next `}}`, so `The {{c1::Sun} is a star in the
{{c2::Milky Way}}.` has one gap whose answer is `Sun} is a star in the {{c2`. This
rule refuses such text, pointing at the character where it goes wrong. Nested gaps
(`{{c1::a {{c2::b}} c}}`), which Anki reads since 2.1.56, are refused too with a
message that says how to write them as two gaps: quizapp grades one answer per gap,
and a gap inside another's answer has no answer of its own to type.
"""

from __future__ import annotations

import re

# What the scan stops at: a gap opening, an opening that is not a gap, a closing.
_TOKEN = re.compile(r"\{\{c(\d+)::|\{\{|\}\}")
_SHOWN = 24  # characters of context quoted in a message


def _at(text: str, start: int) -> str:
    """'character 5 ("{{c1::Sun} is a star…")': where in the text, with what stands there."""
    piece = " ".join(text[start : start + _SHOWN].split())
    more = "…" if len(text) > start + _SHOWN else ""
    return f'character {start + 1} ("{piece}{more}")'


def _first_words(text: str) -> str:
    """What an unclosed gap's answer most likely is: its text up to the first brace."""
    return re.split(r"[{}]|::", text, maxsplit=1)[0].strip() or "answer"


def _answer_of(text: str, at: int, number: str) -> str:
    """The first words of the gap `{{c<number>::` that opens at `at`."""
    return _first_words(text[at + len(f"{{{{c{number}::") :])


def _second_opening(text: str, number: str, at: int, inner: str, match: re.Match[str]) -> str:
    """A gap opening while gap `number` (at `at`) is open: nested, or the first unclosed."""
    after = text[match.end() :]
    closes = re.match(r"[^{}]*\}\}[^{]*?\}\}", after)  # the inner gap closes, then the outer
    if closes:
        return (
            f"gap c{inner} at {_at(text, match.start())} is inside gap c{number}, which "
            f"opens at character {at + 1}; gaps cannot be nested here: write them side by "
            f"side, e.g. {{{{c{number}::{_answer_of(text, at, number)}}}}} "
            f"{{{{c{inner}::{_first_words(after)}}}}}"
        )
    return (
        f"gap c{number} at {_at(text, at)} is not closed before gap c{inner} starts at "
        f"character {match.start() + 1}; close it with '}}}}', e.g. "
        f"{{{{c{number}::{_answer_of(text, at, number)}}}}}"
    )


def brace_problem(text: str) -> str | None:
    """What is wrong with the cloze braces of `text` (None: every gap opens and closes)."""
    open_number: str | None = None  # the gap being read, if any
    open_at = 0
    for match in _TOKEN.finditer(text):
        number, token = match.group(1), match.group(0)
        if number is not None:
            if open_number is not None:
                return _second_opening(text, open_number, open_at, number, match)
            open_number, open_at = number, match.start()
        elif token == "{{":
            if open_number is not None:
                return (
                    f"'{{{{' at {_at(text, match.start())} is inside gap c{open_number}; "
                    f"remove it, or close the gap first with '}}}}'"
                )
            return (
                f"'{{{{' at {_at(text, match.start())} starts no gap; write a gap as "
                f"{{{{c1::answer}}}}, or remove the braces"
            )
        elif open_number is None:
            return (
                f"'}}}}' at {_at(text, match.start())} closes no gap; remove it, or open "
                f"the gap before it with {{{{c1::"
            )
        else:
            open_number = None
    if open_number is not None:
        return (
            f"gap c{open_number} at {_at(text, open_at)} is never closed; end its answer "
            f"with '}}}}', e.g. {{{{c{open_number}::{_answer_of(text, open_at, open_number)}}}}}"
        )
    return None
