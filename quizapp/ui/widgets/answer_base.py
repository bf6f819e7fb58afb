"""What every answer widget shares: an AnswerForm in, a response out, a Submitted message.

Study, quiz, the editor's preview and the live classroom mount the widget that fits a
form (answer_inputs.answer_input), wait for `AnswerInput.Submitted` and pass the
response on (to quizapp.grading, the quiz session or the host): a widget never judges
an answer itself. Deck and host text is untrusted: it is shown as Content, never markup.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

from quizapp.answering import AnswerForm
from quizapp.grading import Response


class AnswerInput(Widget):
    """Base of the answer widgets; each kind overrides `response`, and `focus_answer`/`hint`
    where the defaults do not fit."""

    DEFAULT_CSS = """
    AnswerInput { height: auto; margin-top: 1; }
    """

    class Submitted(Message):
        """The student gave their answer (enter, a click, a key that answers)."""

        def __init__(self, answer: AnswerInput, response: Response) -> None:
            super().__init__()
            self.answer = answer
            self.response = response

        @property
        def control(self) -> AnswerInput:
            return self.answer

        @property
        def stale(self) -> bool:
            """Sent by a widget no longer on screen (its question is gone): to be ignored."""
            return not self.answer.is_attached

    def __init__(self, form: AnswerForm, *, verb: str = "check") -> None:
        super().__init__(classes=f"answer-{form.mode.replace('_', '-')}")
        self.form = form
        #: What giving the answer is called where the widget is used: check, submit, send.
        self.verb = verb

    @property
    def hint(self) -> str:
        """One line for the screen's hint: how to answer with this widget."""
        return f"answer, then enter to {self.verb}"

    def response(self) -> Response:
        """The answer as it stands, in the shape grading.grade takes (None: none yet).

        Each kind of widget gives its own; the base has nothing to give.
        """
        return None

    def focus_answer(self) -> None:
        """Put the keyboard where the student starts answering."""
        self.focus()

    def submit(self) -> None:
        self.post_message(self.Submitted(self, self.response()))
