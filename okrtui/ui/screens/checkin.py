"""Check in on a key result: value, confidence 0-10 and a note, prefilled with the last ones."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from ...domain.models import KeyResult
from ...domain.parsing import parse_confidence, parse_number
from ...domain.progress import kr_progress
from ...textfmt import number, percent, printable, sparkline, value_of_target
from ..actions import bindings
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
