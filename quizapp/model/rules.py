"""The exception a model rule raises: the lowest module of the model.

Apart from problems.py so that the cards and the deck (which raise it) and the problems
(which read it, and the list of kinds from the cards) import it without a cycle.
"""

from __future__ import annotations


class RuleError(ValueError):
    """A rule of the model broken, pointing at the field to fix.

    Raised inside model validators; pydantic keeps the exception in the error's
    context, so `problems_from` can name the field instead of the whole card.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
