"""Quick entry: today's KPI values one after another, a number and enter each.

`l` on the dashboard or `okrtui log` with no arguments. The KPIs due by their
cadence come first (stale ones before them), each with its sparkline, latest
value, target and health. One value field, focused from the start, belongs to
the highlighted KPI: enter saves for the date and moves to the next KPI; the
row updates at once. Logging five KPIs takes the digits plus one enter each,
plus the key that opened the screen and esc.

One list and one field, not a field per KPI: fifty inputs would double the
time to the first frame.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.content import Content
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from ...domain.entry import entry_order
from ...domain.health import is_due, kpi_status
from ...domain.models import Kpi, Series
from ...domain.parsing import PeriodError, parse_date, parse_number
from ...domain.unusual import Unusual, unusual_value
from ...textfmt import cell_width, fit, fit_words, number, printable
from ..actions import bindings, key_for
from ..widgets.footer import KeyFooter
from ..widgets.lists import RowList
from ..widgets.rows import kpi_columns, kpi_row
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

MARK_WIDTH = 10  # at most: "✓ 12926" for a KPI already logged for the date


class EntryList(RowList):
    """The KPIs; the value field, not this list, has the focus."""

    can_focus = False


class ValueInput(Input):
    """The value field. On enter it hands over what was typed and empties itself at once, as its
    own enter binding runs, so the field is ready for the next value as soon as enter is taken (keys typed
    after enter wait for the save anyway: keys_in_order hands on one that follows enter only
    once the screen has answered it)."""

    class Entered(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    async def action_submit(self) -> None:
        # enter: Input's own binding (submit), which the focused field finds before the screen's
        # save_row, hands what was typed to the screen instead of posting Input.Submitted
        text, self.value = self.value, ""
        self.post_message(self.Entered(text))


class QuickEntryScreen(OkrScreen):
    SCREEN_NAME = "log"
    BINDINGS = bindings("log")
    AUTO_FOCUS = "#value-input"
    DRAWS_STORE = True

    def __init__(self, leave_app: bool = False):
        super().__init__()
        self.leave_app = leave_app  # opened by `okrtui log`: esc leaves okrtui
        self.day: date | None = None
        self.kpis: list[Kpi] = []
        self._unusual: dict[int, tuple[str, float]] = {}  # KPI id -> (day, value) logged and found unusual
        self._logged: list[int] = []  # the KPIs of the values logged here, newest last (ctrl+z goes back to them)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="log-date"):
            yield Static("Values for", classes="label")
            date_field = Input(id="date-input", compact=True, max_length=10)
            date_field.cursor_blink = self.okr.cursor_blink
            yield date_field
            yield Static("", id="log-date-kpi", classes="hint", markup=False)
        yield EntryList(id="log-rows")
        with Horizontal(id="log-entry"):
            yield Static("", id="log-kpi", markup=False)
            value = ValueInput(placeholder="value", id="value-input", compact=True, max_length=40)
            value.cursor_blink = self.okr.cursor_blink
            yield value
        yield Static("", id="log-status", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.day = self.okr.today()
        self.query_one("#date-input", Input).value = self.day.isoformat()
        rows = self.query_one("#log-rows")
        rows.border_title = "KPIs, those due first"
        rows.border_subtitle = "type · enter saves · ↓ skips · ctrl+t date"
        self._load()

    # -- rows ----------------------------------------------------------------------------------
    def _load(self, keep: int | None = None) -> None:
        """The rows for the date, in the day's order (domain.entry); the highlight on the KPI `keep`
        when it is given, else on the first KPI still due."""
        repo = self.read_to_draw()
        if repo is None:
            return
        self.kpis = entry_order(repo.kpis(tail=48), self.day)  # 48: the sparkline's widest
        back_filling = self.day != self.okr.today()
        self.sub_title = f"Quick entry · values for {self.day.isoformat()}" + (" (back-filling)" if back_filling else "")
        self.query_one("#log-rows").border_title = (
            f"KPIs, those due first · back-filling {self.day.isoformat()}" if back_filling else "KPIs, those due first")
        rows = self.query_one("#log-rows", EntryList)
        rows.clear_options()
        if not self.kpis:
            rows.add_option(Option("No KPIs yet: on the dashboard, tab to the KPI pane and press a to add one.",
                                   disabled=True))
            self._show_current()
            return
        self._measure()
        rows.add_options(Option(self._row(kpi), id=str(kpi.id)) for kpi in self.kpis)
        due = [index for index, kpi in enumerate(self.kpis) if is_due(kpi, self.day)]
        kept = [index for index, kpi in enumerate(self.kpis) if kpi.id == keep]
        rows.highlighted = kept[0] if kept else due[0] if due else 0
        logged = sum(1 for kpi in self.kpis if self.day.isoformat() in kpi.series.dates)
        self._say(f"{len(due)} of {len(self.kpis)} due by their cadence"
                  + (f", {logged} logged for this date" if logged else ""))
        self._show_current()

    def _width(self) -> int:
        rows = self.query_one("#log-rows", EntryList)
        return max(30, (rows.scrollable_content_region.width or self.size.width - 6) - self._mark_width - 1)

    def _measure(self, changed: Kpi | None = None) -> None:
        """Each KPI's health and the columns' widths for every row (each as wide as its widest
        text); after one value was logged only that KPI's health is worked out again."""
        if changed is None or not hasattr(self, "_statuses"):
            self._statuses = {k.id: kpi_status(k, self.day) for k in self.kpis}
        else:
            self._statuses[changed.id] = kpi_status(changed, self.day)
        self._columns = (kpi_columns([(k, self._statuses[k.id]) for k in self.kpis]),
                         min(MARK_WIDTH, max([3, *(cell_width(self._mark(k)[0]) for k in self.kpis)])))

    @property
    def _mark_width(self) -> int:
        return self._columns[1] if hasattr(self, "_columns") else MARK_WIDTH

    def _mark(self, kpi: Kpi) -> tuple[str, bool]:
        """("✓ 142", True) when the KPI has a value for the date ("⚠ 2" when it was logged here and found
        unusual), else ("due", False) or ("", False)."""
        day = self.day.isoformat()
        index = bisect_left(kpi.series.dates, day)
        if index < len(kpi.series.dates) and kpi.series.dates[index] == day:
            value = kpi.series.values[index]
            return f"{'⚠' if self._unusual.get(kpi.id) == (day, value) else '✓'} {number(value)}", True
        return ("due" if is_due(kpi, self.day) else ""), False

    def _row(self, kpi: Kpi) -> Content:
        mark, logged = self._mark(kpi)
        style = "$success" if logged and not mark.startswith("⚠") else "$warning"
        return Content.assemble(kpi_row(kpi, self._statuses[kpi.id], self._width(), name_min=14,
                                        columns=self._columns[0]), " ", (fit_words(mark, self._mark_width), style))

    def _current(self) -> tuple[int, Kpi] | None:
        index = self.query_one("#log-rows", EntryList).highlighted
        if index is None or not self.kpis:
            return None
        return index, self.kpis[index]

    def _show_current(self) -> None:
        current = self._current()
        label = self.query_one("#log-kpi", Static)
        if current is None:
            label.update("")
            return
        kpi = current[1]
        unit = f" ({printable(kpi.unit)})" if kpi.unit else ""
        label.update(f"{fit(printable(kpi.name), 36).rstrip()}{fit(unit, 14).rstrip()}:")
        if self.focused is self.query_one("#date-input", Input):
            self.query_one("#log-date-kpi", Static).update(
                f"for {fit(printable(kpi.name), 30).rstrip()} and the rows after it")

    def on_resize(self) -> None:
        self.call_after_refresh(self._redraw_rows)

    def _redraw_rows(self) -> None:
        """Every row again, with the columns as last measured (a resize changes only the width)."""
        rows = self.query_one("#log-rows", EntryList)
        if not hasattr(self, "_statuses"):
            self._measure()
        for index, kpi in enumerate(self.kpis):
            rows.replace_option_prompt_at_index(index, self._row(kpi))

    def reload(self) -> None:
        """Another process logged values: redraw the rows, keeping what is being typed."""
        repo = self.read_to_draw()
        if repo is None:
            return
        fresh = {kpi.id: kpi for kpi in repo.kpis(tail=48)}
        self.kpis = [fresh.get(kpi.id, kpi) for kpi in self.kpis]
        self._measure()
        self._redraw_rows()

    # -- keys ------------------------------------------------------------------------------------
    def action_skip(self, step: int) -> None:
        rows = self.query_one("#log-rows", EntryList)
        if self.kpis:
            rows.highlighted = max(0, min(len(self.kpis) - 1, (rows.highlighted or 0) + step))
        self.query_one("#value-input", Input).focus()
        self._show_current()

    def action_save_row(self) -> None:
        field = self.query_one("#value-input", ValueInput)
        text, field.value = field.value, ""
        self._save(text)

    @on(Input.Submitted, "#date-input")
    def _date_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set_date(event.value)

    @on(ValueInput.Entered)
    def _entered(self, event: ValueInput.Entered) -> None:
        event.stop()
        self._save(event.text)

    def _save(self, text: str) -> None:
        current = self._current()
        if current is None:
            return
        index, kpi = current
        field = self.query_one("#value-input", Input)
        if not text.strip():
            self._say(f"✗ {printable(kpi.name)}: nothing typed, nothing saved (type a number, or ↓ to skip)", error=True)
            return
        try:
            value = parse_number(text, "the value")
        except ValueError as exc:
            if not field.value:
                field.value = text  # give it back to be corrected, the cursor after it
                field.cursor_position = len(text)
            self._say(f"✗ {printable(kpi.name)}: {exc}; nothing saved", error=True)
            return
        replaced = self.okr.log_value(kpi.id, self.day, value)
        if replaced is None:
            return  # the app said why
        self.drew_own_write()  # the row is redrawn from the value logged, not read back
        found = unusual_value(kpi.series, self.day, value)  # against the values before this one
        if found is not None:
            self._unusual[kpi.id] = (self.day.isoformat(), value)
        self._logged.append(kpi.id)
        kpi.series = _with_value(kpi.series, self.day.isoformat(), value)
        rows = self.query_one("#log-rows", EntryList)
        before = self._columns
        self._measure(changed=kpi)
        if self._columns != before:  # the new value is the widest: every row's columns move
            self._redraw_rows()
        else:
            rows.replace_option_prompt_at_index(index, self._row(kpi))
        verb = "replaced" if replaced else "logged"
        said = f"{verb} {printable(kpi.name)} = {number(value)} for {self.day.isoformat()}"
        last = index + 1 >= len(self.kpis)
        if not last:
            rows.highlighted = index + 1
        if found is not None:  # saved, and said at once, so a slip is seen while the row is in sight
            self._say(f"⚠ {said}: {unusual_words(found, self.day, self.okr.today())}; "
                      f"{key_for(self.app, 'log.undo')} undoes", warning=True)
        else:
            self._say(f"✓ {said}" + (": that was the last KPI (esc leaves)" if last else ""))
        self._show_current()

    def action_undo(self) -> None:
        """ctrl+z: undo the last change; a value logged here puts the highlight back on its row."""
        if not self.okr.action_undo(True):
            return
        self._say("")  # it said what was logged and that ctrl+z undoes it: no longer so (the notice says what was undone)
        if self._logged:
            undone = self._logged.pop()
            rows = self.query_one("#log-rows", EntryList)
            for index, kpi in enumerate(self.kpis):
                if kpi.id == undone:
                    rows.highlighted = index
            self._show_current()

    def _say(self, message: str, error: bool = False, warning: bool = False) -> None:
        status = self.query_one("#log-status", Static)
        status.update(message)
        status.set_class(error, "-error")
        status.set_class(warning, "-warning")

    # -- the date ----------------------------------------------------------------------------------
    def action_date(self) -> None:
        self.query_one("#date-input", Input).focus()
        current = self._current()
        self._say("Type the date the values are for (YYYY-MM-DD), then enter"
                  + (f": the next value is still {printable(current[1].name)}'s" if current else "")
                  + "; esc leaves quick entry")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        super().on_descendant_focus(event)
        if event.widget.id == "date-input":
            self._show_current()  # beside the date: whose value comes next

    @on(Input.Blurred, "#date-input")
    def _date_left(self) -> None:
        self.query_one("#log-date-kpi", Static).update("")

    def _set_date(self, text: str) -> None:
        try:
            day = parse_date(text)
        except PeriodError as exc:
            self._say(f"✗ {exc}", error=True)
            return
        if day > self.okr.today():
            self._say(f"✗ {day.isoformat()} has not happened yet: values are for today or earlier", error=True)
            return
        current = self._current()
        self.day = day
        self._load(keep=current[1].id if current else None)  # the KPI the user was on stays highlighted
        self.query_one("#value-input", Input).focus()

    def action_leave(self) -> None:
        if self.leave_app:
            self.app.exit()
        else:
            self.dismiss(None)


def _with_value(series: Series, day: str, value: float) -> Series:
    """The series with the new value in place (what the store now holds)."""
    dates, values = list(series.dates), list(series.values)
    index = bisect_left(dates, day)
    if index < len(dates) and dates[index] == day:
        values[index] = value
    else:
        dates.insert(index, day)
        values.insert(index, value)
    return Series(dates, values, dict(series.notes))


def unusual_words(found: Unusual, day: date, today: date) -> str:
    """'unusual: 2 vs 3380–3700 in the last 48 days' (the days the values compared with span)."""
    span = number(found.low) if found.low == found.high else f"{number(found.low)}–{number(found.high)}"
    days = (day - found.since).days
    when = f"in the last {days} days" if day == today else f"in the {days} days before {day.isoformat()}"
    return f"unusual: {number(found.value)} vs {span} {when}"
