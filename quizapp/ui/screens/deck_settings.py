"""A deck's study settings (StudySettings) as a form: checked as you type, saved whole.

The model (quizapp.model.StudySettings) says what is wrong with a number; each error is
shown by its field and nothing invalid is saved. Steps are written as durations
("1m 10m", read by quizapp.quiz.parse_duration, as `quizapp settings` reads them).
Saved with library.set_settings; the home screen's counts follow when it comes back.
Below the form, OptimizePanel: fitting FSRS-6 to the deck's reviews (ctrl+o) and the
workload chart, both computed in a thread by quizapp.study.optimize*.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Static
from textual.worker import Worker

from quizapp.durations import compact
from quizapp.model import StudySettings
from quizapp.model.problems import settings_problems
from quizapp.quiz import parse_duration
from quizapp.store import Library, StoreError
from quizapp.study.optimize_apply import Applied, plan_fit, plan_undo, save
from quizapp.study.optimize_simulate import simulate
from quizapp.ui.screens.confirm import Leave, UnsavedScreen
from quizapp.ui.typed_app import app_library, quiz_app
from quizapp.ui.widgets.editor_fields import FieldError, error_id
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.optimize_panel import OptimizePanel
from quizapp.ui.widgets.title_bar import TitleBar

#: The form's fields: StudySettings field, label, hint.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("desired_retention", "Desired retention", "0.70-0.99: chance of recall when due"),
    ("learning_steps_minutes", "Learning steps", "new cards, e.g. 1m 10m"),
    ("relearning_steps_minutes", "Relearning steps", "forgotten cards, e.g. 10m"),
    ("new_per_day", "New cards per day", "0-9999"),
    ("reviews_per_day", "Reviews per day", "0-99999"),
    ("maximum_interval_days", "Maximum interval", "days, 1-36500"),
    ("leech_lapses", "Leech after", "lapses, 1-99"),
    ("typo_tolerance", "Typo tolerance", "0 exact - 0.5 lenient"),
    ("refit_every", "Re-fit every", "reviews; 0: only when asked"),
)
#: On/off settings, shown as checkboxes: StudySettings field, label.
SWITCHES: tuple[tuple[str, str], ...] = (
    ("self_tests_update", "Self-tests update the schedule (quiz answers count as reviews)"),
    ("bury_siblings", "Bury siblings (a note's other cards wait until tomorrow)"),
    ("reveal_typed", "Reveal cloze and typed cards and rate yourself (off: type and grade)"),
)
_STEPS = ("learning_steps_minutes", "relearning_steps_minutes")


def step_text(minutes: float) -> str:
    """Minutes as a duration parse_duration reads back: 1.0 -> "1m", 90.0 -> "1h30m"."""
    return compact(minutes * 60)


def field_text(settings: StudySettings, name: str) -> str:
    value = getattr(settings, name)
    if name in _STEPS:
        return " ".join(step_text(m) for m in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def read_form(
    values: dict[str, str], base: StudySettings | None = None
) -> tuple[StudySettings | None, dict[str, list[str]]]:
    """The settings the texts make over `base` (what the form does not show), or what is wrong."""
    raw: dict[str, Any] = (base or StudySettings()).model_dump()
    problems: dict[str, list[str]] = {}
    for name, text in values.items():
        if name not in _STEPS:
            raw[name] = text.strip()
            continue
        try:
            raw[name] = tuple(parse_duration(p) / 60 for p in text.replace(",", " ").split())
        except ValueError as error:
            problems[name] = [str(error)]
    try:
        settings = StudySettings.model_validate(raw)
    except ValidationError as error:
        for name, messages in settings_problems(error).items():
            problems.setdefault(name, []).extend(messages)
        return None, problems
    return (None, problems) if problems else (settings, {})


class DeckSettingsScreen(Screen[None]):
    """Edit one deck's study settings; ctrl+s saves, escape leaves (asking if unsaved)."""

    CSS_PATH = "deck_settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="settings.save"),
        Binding("ctrl+o", "optimize", "Optimize", priority=True, id="settings.optimize"),
        Binding("escape", "leave", "Back", id="settings.leave"),
    ]

    def __init__(self, deck_id: str, deck_title: str = "") -> None:
        super().__init__()
        self.deck_id = deck_id
        self.deck_title = deck_title or deck_id
        self.saved = StudySettings()
        self.problems: dict[str, list[str]] = {}
        #: Whether a save happened on this screen: only then does it say "Saved settings."
        self.saved_here = False

    @property
    def library(self) -> Library:
        return app_library(self)

    def compose(self) -> ComposeResult:
        self.saved = self.library.settings(self.deck_id)
        yield TitleBar()
        with VerticalScroll(id="settings-form"):
            yield Static(
                Content(f"Study settings of {self.deck_title} ({self.deck_id})"),
                id="settings-intro",
            )
            for name, label, hint in FIELDS:
                with Horizontal(classes="setting"):
                    yield Static(Content(label), classes="setting-label")
                    yield Input(field_text(self.saved, name), id=f"s-{name}", compact=True)
                    yield Static(Content(hint), classes="setting-hint")
                yield FieldError(id=error_id(name))
            for name, label in SWITCHES:
                yield Checkbox(label, getattr(self.saved, name), id=f"s-{name}", compact=True)
            yield OptimizePanel()
        yield Static(id="settings-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title, self.sub_title = self.deck_title, "Study settings"
        self.check()
        self.query_one(f"#s-{FIELDS[0][0]}", Input).focus()
        self._simulate(self.saved, self.library.summary(self.deck_id).card_count)

    def values(self) -> dict[str, str]:
        out = {name: self.query_one(f"#s-{name}", Input).value for name, _, _ in FIELDS}
        for name, _ in SWITCHES:
            out[name] = str(self.query_one(f"#s-{name}", Checkbox).value).lower()
        return out

    def check(self) -> StudySettings | None:
        settings, self.problems = read_form(self.values(), self.saved)
        shown = {error_id(name): messages for name, messages in self.problems.items()}
        for error in self.query(FieldError):
            error.show_problems(shown.get(error.id or "", []))
        status = self.query_one("#settings-status", Static)
        if settings is None:
            status.update(Content("✗ fix the fields marked ✗ to save"))
        elif settings == self.saved and self.saved_here:
            status.update(Content("✓ Saved settings. escape goes back."))
        elif settings == self.saved:  # nothing saved yet: say what the keys do, not "saved"
            status.update(Content("Change a field; ctrl+s saves, escape goes back."))
        else:
            status.update(Content("✓ changed: ctrl+s saves"))
        status.set_class(settings is None, "-bad")
        return settings

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        if self.is_mounted:
            self.check()

    def action_save(self) -> bool:
        settings = self.check()
        if settings is None:
            self.notify("Not saved: fix the fields marked ✗.", severity="error", markup=False)
            return False
        try:
            self.library.set_settings(self.deck_id, settings)
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return False
        self.saved, self.saved_here = settings, True
        self.check()
        self.notify(f"Study settings of {self.deck_id} saved.", markup=False)
        return True

    def action_leave(self) -> None:
        if self.check() == self.saved:
            self.dismiss()
            return
        self.app.push_screen(UnsavedScreen("The study settings"), self._left)

    def _left(self, answer: Leave | None) -> None:
        if answer == "discard" or (answer == "save" and self.action_save()):
            self.dismiss()

    # --- fitting to the student and the workload chart: threads (a big deck's review log
    # takes a while to read: 0.5 s at 10k studied cards, tests/bench/bench_screen_io.py) ---

    def _read_fit_state(self) -> None:
        """In a thread: how many reviews the deck has, for the panel's fit state."""
        reviews = self.library.review_count(self.deck_id)
        saved = self.saved
        self.app.call_from_thread(
            lambda: self.query_one(OptimizePanel).show_settings(saved, reviews))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A worker's StateChanged reaches only the node that started it: this screen's go to
        # the app's one handler, so that a failure is said and logged, never lost.
        quiz_app(self).blocking.state_changed(event)

    @work(thread=True, exclusive=True, group="workload", exit_on_error=False,
          name="The workload chart")
    def _simulate(self, settings: StudySettings, cards: int) -> None:
        # After the form is on screen.
        self._read_fit_state()
        result = simulate(settings, cards)
        self.app.call_from_thread(lambda: self.query_one(OptimizePanel).show_simulation(result))

    @work(thread=True, exclusive=True, group="fit-state", exit_on_error=False,
          name="Counting the reviews")
    def _show_fit_state(self) -> None:
        self._read_fit_state()

    def action_optimize(self) -> None:
        self._fit(undo=False)

    @on(Button.Pressed, "#optimize")
    def _optimize_pressed(self) -> None:
        self._fit(undo=False)

    @on(Button.Pressed, "#undo-fit")
    def _undo_pressed(self) -> None:
        self._fit(undo=True)

    def _fit(self, undo: bool) -> None:
        """Fit (or undo the fit) and save it, all in a BlockingWork thread: the log and the
        progress are read, the fit planned and its rescheduled cards written there; a write
        refused is said by the app's one worker handler (quizapp/ui/workers.py)."""
        lib, deck_id = self.library, self.deck_id

        def fit() -> Applied:
            settings, reviews, progress = (
                lib.settings(deck_id), lib.reviews(deck_id), lib.progress(deck_id))
            if undo:
                applied = plan_undo(settings, reviews, progress)
            else:
                applied = plan_fit(settings, reviews, progress, keep=not lib.read_only)
            save(lib, deck_id, applied)
            return applied

        quiz_app(self).blocking.run(fit, self._fitted, failed="Not saved", name="fit")

    def _fitted(self, applied: Applied) -> None:
        if not self.is_attached:  # left while it was fitting: saved all the same
            return
        if applied.settings is not None:
            # The fit changes only the fitted fields; unsaved edits in the form stay.
            self.saved, self.saved_here = self.library.settings(self.deck_id), True
            self.check()
        self.query_one(OptimizePanel).show_fit(applied)
        if not applied.kept:
            self._show_fit_state()
        else:
            self._simulate(self.saved, self.library.summary(self.deck_id).card_count)
