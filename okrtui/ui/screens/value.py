"""Correct one KPI value, or add one for a past date: date, value and note."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from ...domain.models import Kpi
from ...domain.parsing import PeriodError, exact_text, parse_date, parse_number
from ...domain.safetext import printable
from ...domain.unusual import unusual_value
from ...textfmt import number
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.form import Field, refused_hidden
from .base import OkrModal
from .quick_entry import unusual_words


class ValueScreen(OkrModal):
    SCREEN_NAME = "value"
    ASKS_BEFORE_LEAVING = True
    BINDINGS = bindings("value")
    AUTO_FOCUS = "#value-input"

    def __init__(self, kpi: Kpi, day: date):
        super().__init__()
        self.kpi = kpi
        self.day = day

    def compose(self) -> ComposeResult:
        series, day = self.kpi.series, self.day.isoformat()
        old = series.values[series.dates.index(day)] if day in series.dates else None
        blink = self.okr.cursor_blink
        with Vertical(id="value-dialog", classes="dialog"):
            yield Label(f"{printable(self.kpi.name)}: correct a value, or add one for another date", markup=False)
            yield Field("Date (YYYY-MM-DD)", day, id="day", blink=blink, max_length=10)
            yield Field(f"Value{f' ({printable(self.kpi.unit)})' if self.kpi.unit else ''}",
                        "" if old is None else exact_text(old), id="value", blink=blink, max_length=40)
            yield Field("Note (optional)", series.notes.get(day, ""), id="note", blink=blink, max_length=500)
            yield Label("enter or ctrl+s saves (a value for the same date replaces it) · esc cancels", classes="hint")
        yield KeyFooter(show_command_palette=False)

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if refused_hidden(self.query(Field)):
            return
        day_field, value_field = self.query_one("#day", Field), self.query_one("#value", Field)
        day = value = None
        try:
            day = parse_date(day_field.value)
            day_field.set_error(None if day <= self.okr.today() else "that date has not happened yet")
        except PeriodError as exc:
            day_field.set_error(str(exc))
        try:
            value = parse_number(value_field.value, "the value")
            value_field.set_error(None)
        except ValueError as exc:
            value_field.set_error(str(exc))
        if day is None or value is None or day_field.has_class("-invalid"):
            return
        note = self.query_one("#note", Field).value.strip()
        found = unusual_value(self.kpi.series, day, value)
        if self.okr.write(lambda repo: repo.log_value(self.kpi.id, day, value, note)) is not None:
            said = f"Saved {printable(self.kpi.name)} = {number(value)} for {day.isoformat()}"
            if found is None:
                self.notify(f"{said}.")
            else:  # saved, and said, so a slip is seen at once
                self.notify(f"{said}: {unusual_words(found, day, self.okr.today())}.", severity="warning")
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.leave_asking(lambda: self.dismiss(False))
