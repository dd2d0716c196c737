"""Quick entry: today's KPI values one after another, a number and enter each.

`l` on the dashboard or `okrtui log` with no arguments. The KPIs due by their
cadence come first (stale ones before them), each with its sparkline, latest
value, target and health; the value field of the first is focused. enter saves
for the date and moves on; the row updates at once. Logging five KPIs takes the
digits plus one enter each, plus the key that opened the screen and esc.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, Static

from ...domain.health import is_due, kpi_status
from ...domain.models import Kpi
from ...domain.parsing import PeriodError, parse_date, parse_number
from ...textfmt import number, printable
from ..actions import bindings
from ..widgets.rows import kpi_row
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

VALUE_WIDTH = 11  # the value field


class EntryRow(Horizontal):
    """One KPI: what it says now, and a field for the new value."""

    DEFAULT_CSS = """
    EntryRow { height: 1; }
    EntryRow > Static { width: 1fr; }
    EntryRow > Input { width: 11; background: $surface-lighten-1; }
    EntryRow > Input:focus { background: $primary 30%; }
    EntryRow.-done > Static { color: $text-muted; }
    """

    def __init__(self, kpi: Kpi, blink: bool):
        super().__init__(id=f"row-{kpi.id}")
        self.kpi = kpi
        self.blink = blink

    def compose(self) -> ComposeResult:
        yield Static(markup=False, classes="info")
        field = Input(placeholder="value", id=f"value-{self.kpi.id}", compact=True, max_length=40)
        field.cursor_blink = self.blink
        yield field

    @property
    def input(self) -> Input:
        return self.query_one(Input)


class QuickEntryScreen(OkrScreen):
    SCREEN_NAME = "log"
    BINDINGS = bindings("log")

    def __init__(self, leave_app: bool = False):
        super().__init__()
        self.leave_app = leave_app  # opened by `okrtui log`: esc leaves okrtui
        self.day: date | None = None
        self.kpis: list[Kpi] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="log-date"):
            yield Static("Values for", classes="label")
            date_field = Input(id="date-input", compact=True, max_length=10)
            date_field.cursor_blink = self.okr.cursor_blink
            yield date_field
            yield Static("", id="log-date-hint", classes="hint", markup=False)
        yield VerticalScroll(id="log-rows")
        yield Static("", id="log-status", markup=False)
        yield Footer(show_command_palette=False)

    async def on_mount(self) -> None:
        self.day = self.okr.today()
        self.query_one("#date-input", Input).value = self.day.isoformat()
        rows = self.query_one("#log-rows")
        rows.border_title = "KPIs, those due first"
        rows.border_subtitle = "type · enter saves · ↓ skips · ctrl+t date"
        await self._build_rows()

    # -- rows ----------------------------------------------------------------------------------
    def _ordered(self, kpis: list[Kpi]) -> list[Kpi]:
        """Stale first, then due, then the rest (already logged for the date), by name."""
        def rank(kpi: Kpi) -> tuple[int, str]:
            status = kpi_status(kpi, self.day)
            return (0 if status.stale else 1 if is_due(kpi, self.day) else 2, kpi.name.casefold())

        return sorted(kpis, key=rank)

    async def _build_rows(self) -> None:
        repo = self.okr.read()
        if repo is None:
            return
        self.kpis = self._ordered(repo.kpis(tail=60))
        self.sub_title = f"Quick entry · values for {self.day.isoformat()}"
        self.query_one("#log-date-hint", Static).update("today" if self.day == self.okr.today() else "back-filling")
        rows = self.query_one("#log-rows", VerticalScroll)
        await rows.remove_children()
        if not self.kpis:
            await rows.mount(Static("No KPIs yet: on the dashboard, tab to the KPI pane and press a to add one.",
                                    markup=False))
            return
        await rows.mount_all(EntryRow(kpi, self.okr.cursor_blink) for kpi in self.kpis)
        self.call_after_refresh(self._after_build)

    def _after_build(self) -> None:
        for row in self.query(EntryRow):
            self._draw(row)
        due = [row for row in self.query(EntryRow) if is_due(row.kpi, self.day)]
        first = due[0] if due else next(iter(self.query(EntryRow)), None)
        if first is not None:
            first.input.focus()
        logged = sum(1 for row in self.query(EntryRow) if row.has_class("-done"))
        self._say(f"{len(due)} of {len(self.kpis)} due by their cadence" + (f", {logged} logged for this date" if logged else ""))

    def _draw(self, row: EntryRow) -> None:
        kpi, day = row.kpi, self.day.isoformat()
        width = max(30, (row.size.width or self.size.width - 4) - VALUE_WIDTH - 1)
        row.query_one(".info", Static).update(kpi_row(kpi, kpi_status(kpi, self.day), width, name_min=18))
        logged = day in kpi.series.dates
        row.set_class(logged, "-done")
        if logged:
            row.input.placeholder = f"✓ {number(kpi.series.values[kpi.series.dates.index(day)])}"
        else:
            row.input.placeholder = "value"

    def reload(self) -> None:
        """Another process logged values: redraw the rows, keeping what is being typed."""
        repo = self.okr.read()
        if repo is None:
            return
        fresh = {kpi.id: kpi for kpi in repo.kpis(tail=60)}
        for row in self.query(EntryRow):
            if row.kpi.id in fresh:
                row.kpi = fresh[row.kpi.id]
                self._draw(row)

    # -- keys ------------------------------------------------------------------------------------
    def _rows(self) -> list[EntryRow]:
        return list(self.query(EntryRow))

    def _focused_row(self) -> tuple[int, list[EntryRow]]:
        rows = self._rows()
        for index, row in enumerate(rows):
            if row.input.has_focus:
                return index, rows
        return -1, rows

    def action_skip(self, step: int) -> None:
        index, rows = self._focused_row()
        if not rows:
            return
        target = max(0, min(len(rows) - 1, index + step)) if index >= 0 else 0
        rows[target].input.focus()

    def action_save_row(self) -> None:
        index, rows = self._focused_row()
        if index >= 0:
            self._save(rows[index], index, rows)

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "date-input":
            await self._set_date(event.value)
            return
        index, rows = self._focused_row()
        if index >= 0:
            self._save(rows[index], index, rows)

    def _save(self, row: EntryRow, index: int, rows: list[EntryRow]) -> None:
        text = row.input.value
        if not text.strip():
            self._say(f"✗ {printable(row.kpi.name)}: nothing typed, nothing saved (type a number, or ↓ to skip)",
                      error=True)
            return
        try:
            value = parse_number(text, "the value")
        except ValueError as exc:
            self._say(f"✗ {printable(row.kpi.name)}: {exc}; nothing saved", error=True)
            return
        replaced = self.okr.log_value(row.kpi.id, self.day, value)
        if replaced is None:
            return  # the app said why
        row.kpi.series = _with_value(row.kpi, self.day.isoformat(), value)
        row.input.value = ""
        self._draw(row)
        verb = "replaced" if replaced else "logged"
        self._say(f"✓ {verb} {printable(row.kpi.name)} = {number(value)} for {self.day.isoformat()}")
        if index + 1 < len(rows):
            rows[index + 1].input.focus()
        else:
            self._say(f"✓ {verb} {printable(row.kpi.name)} = {number(value)}: that was the last KPI (esc leaves)")

    def _say(self, message: str, error: bool = False) -> None:
        status = self.query_one("#log-status", Static)
        status.update(message)
        status.set_class(error, "-error")

    # -- the date ----------------------------------------------------------------------------------
    def action_date(self) -> None:
        self.query_one("#date-input", Input).focus()

    async def _set_date(self, text: str) -> None:
        try:
            day = parse_date(text)
        except PeriodError as exc:
            self._say(f"✗ {exc}", error=True)
            return
        if day > self.okr.today():
            self._say(f"✗ {day.isoformat()} has not happened yet: values are for today or earlier", error=True)
            return
        self.day = day
        await self._build_rows()

    def action_leave(self) -> None:
        if self.leave_app:
            self.app.exit()
        else:
            self.dismiss(None)


def _with_value(kpi: Kpi, day: str, value: float):
    """The KPI's recent series with the new value in place (what the store now holds)."""
    from bisect import bisect_left

    from ...domain.models import Series

    dates, values = list(kpi.series.dates), list(kpi.series.values)
    index = bisect_left(dates, day)
    if index < len(dates) and dates[index] == day:
        values[index] = value
    else:
        dates.insert(index, day)
        values.insert(index, value)
    return Series(dates, values, dict(kpi.series.notes))
