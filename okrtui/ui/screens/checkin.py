"""Check in on a key result: value, confidence 0-10 and a note, prefilled with the last ones.
A closed or carried objective's key result takes none: `c` says why at once (open_checkin)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from ...domain.closing import checkin_refusal
from ...domain.models import KeyResult, Objective
from ...domain.parsing import parse_confidence, parse_number
from ...domain.progress import kr_progress
from ...textfmt import number, percent, printable, sparkline, value_of_target
from ..actions import bindings, key_for
from ..widgets.footer import KeyFooter
from ..widgets.form import Field, refused_hidden
from .base import OkrModal


class CheckinScreen(OkrModal):
    SCREEN_NAME = "checkin"
    ASKS_BEFORE_LEAVING = True
    BINDINGS = bindings("checkin")
    AUTO_FOCUS = "#value-input"

    def __init__(self, kr: KeyResult):
        super().__init__()
        self.kr = kr

    def compose(self) -> ComposeResult:
        kr = self.kr
        blink = self.okr.cursor_blink
        history = [c.value for c in kr.checkins]
        with Vertical(id="checkin", classes="dialog"):
            yield Label(f"Check in on {kr.id}  {printable(kr.title)}", id="checkin-title", markup=False)
            yield Static(
                f"now {value_of_target(kr.value, kr.target, printable(kr.unit))}  {percent(kr_progress(kr)).strip()}"
                f"   history {sparkline(history, 20) or '—'}",
                classes="hint",
                markup=False,
            )
            yield Field("Value", number(kr.value), id="value", blink=blink)
            yield Field("Confidence 0-10 (how sure you are to hit the target)",
                        "" if kr.confidence is None else str(kr.confidence), id="confidence", blink=blink)
            yield Field("Note", "", id="note", placeholder="what changed, what blocks you", blink=blink, max_length=500)
            yield Label("enter or ctrl+s saves · esc cancels", classes="hint")
        yield KeyFooter(show_command_palette=False)

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if refused_hidden(self.query(Field)):
            return
        value_field, conf_field = self.query_one("#value", Field), self.query_one("#confidence", Field)
        value = confidence = None
        try:
            value = parse_number(value_field.value, "the value")
            value_field.set_error(None)
        except ValueError as exc:
            value_field.set_error(str(exc))
        try:
            confidence = parse_confidence(conf_field.value)
            conf_field.set_error(None)
        except ValueError as exc:
            conf_field.set_error(str(exc))
        if value is None or conf_field.has_class("-invalid"):
            (value_field if value is None else conf_field).input.focus()
            return
        note = self.query_one("#note", Field).value.strip()
        if self.okr.write(lambda repo: repo.checkin(self.kr.id, value, confidence, note)):
            self.notify(f"Checked in {self.kr.id}: {number(value)}")
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.leave_asking(lambda: self.dismiss(False))


def open_checkin(screen, objective: Objective, kr: KeyResult, done: Callable | None = None) -> None:
    """`c` on the dashboard or the detail screen: the check-in dialog, or, for a key result of a closed
    (achieved, missed, dropped) or carried objective, a notice saying why not and what to do instead,
    without opening the dialog (the store would refuse the check-in anyway)."""
    continuation = None
    if objective.carried_into is not None:  # where its work goes on, while that objective exists
        repo = screen.okr.read()  # None (said in a notice): judged by what the screen shows
        continuation = repo.continuation(objective) if repo is not None else None
    refusal = checkin_refusal(objective, kr, continuation)
    if refusal:
        if continuation is None:  # the way back is to reopen it: the TUI's keys for that too
            app = screen.app
            refusal += (f" (here: {key_for(app, 'dashboard.review')} reviews the period,"
                        f" {key_for(app, 'review.reopen')} reopens it)")
        screen.notify(refusal, title="Not checked in", severity="warning")
        return
    screen.app.push_screen(CheckinScreen(kr), done)
