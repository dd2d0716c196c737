"""One KPI: a chart of its history with target and threshold lines, and every value, correctable.

The chart (textual-plotext) is imported here only, so the dashboard and `okrtui log`
never pay for it.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from ...domain.health import kpi_status
from ...domain.models import Kpi
from ...domain.safetext import printable
from ...honest import followed_forecast
from ...textfmt import cell_width, number, number_forms, with_unit
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

RANGES = {30: "30 days", 90: "90 days", 365: "1 year", 0: "all"}
# The chart's level lines differ by pattern as well as colour (--ascii: = - x): (name, theme colour, glyph).
LEVEL_LINES = (("target", "success", "═"), ("warning", "warning", "╌"), ("critical", "error", "×"))
# plotext reads dates as local timestamps: a date in the first days of year 1 puts its axis in
# year 0 (ValueError, the app ends) in some time zones. The chart starts here; the table has them all.
EARLIEST_DRAWN = "0001-01-03"
TICK_GAP = 13  # columns from one date on the x axis to the next: "2026-11-27" and room around it


def date_ticks(first: str, last: str, columns: int) -> list[str]:
    """Dates for the x axis, evenly spread from the first to the last value's (both always shown),
    as many as `columns` of plot hold without their labels touching."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    span = (end - start).days
    count = max(2, min(8, 1 + (columns - 10) // TICK_GAP, span + 1)) if span else 1
    if count == 1:
        return [first]
    return sorted({(start + timedelta(days=round(span * i / (count - 1)))).isoformat() for i in range(count)})


def ticks_beyond(first: str, newest: str, end: str, columns: int) -> list[str]:
    """date_ticks up to the newest value's date, in the share of the columns its days take, and
    the forecast's end past it when there is room for its label (the newest date is always named)."""
    if end <= newest:
        return date_ticks(first, newest, columns)
    days = (date.fromisoformat(end) - date.fromisoformat(first)).days or 1
    after = columns * (date.fromisoformat(end) - date.fromisoformat(newest)).days // days
    ticks = date_ticks(first, newest, columns - after)
    return ticks + [end] if after >= TICK_GAP else ticks


def level_ticks(levels: list[float], low: float, high: float, rows: int) -> list[float]:
    """The y axis's ticks: each level, then the lowest and highest value where a row is free of
    them (two ticks on one row would write one label over the other)."""
    step = (high - low) / max(1, rows - 1)
    ticks: list[float] = []
    for tick in [*levels, low, high]:
        if all(abs(tick - other) > step / 2 for other in ticks) or not ticks:
            ticks.append(tick)
    return sorted(ticks)


def legend(levels: list[tuple[str, str, str, float]], unit: str, width: int) -> Content:
    """One line naming the chart's level lines in words, each beside its pattern in its colour:
    "═══ target 95%   ╌╌╌ warning 90%   ××× critical 85%". Short of room, the patterns shorten, then
    the unit goes, then the numbers go compact, then away (the y axis still shows them)."""
    if not levels:
        return Content.assemble(("no target or levels to draw", "$text-muted"))
    forms = [(3, "   ", lambda v: with_unit(v, unit)), (2, "  ", lambda v: with_unit(v, unit)),
             (2, "  ", number), (2, " ", lambda v: number_forms(v)[-1]), (2, " ", None)]
    for swatch, gap, write in forms:
        items = [(glyph * swatch, colour, f" {name}" + (f" {write(value)}" if write else ""))
                 for name, colour, glyph, value in levels]
        if sum(cell_width(g) + cell_width(words) for g, _, words in items) + cell_width(gap) * (len(items) - 1) <= width:
            break
    parts: list = []
    for glyph, colour, words in items:
        if parts:
            parts.append(gap)
        parts += [(glyph, f"${colour}"), words]
    return Content.assemble(*parts)


class KpiDetailScreen(OkrScreen):
    SCREEN_NAME = "kpi_detail"
    BINDINGS = bindings("kpi_detail")
    AUTO_FOCUS = "#values"
    DRAWS_STORE = True  # read when first shown, and again when uncovered after the store changed

    def __init__(self, kpi_id: int):
        super().__init__()
        self.kpi_id = kpi_id
        self.kpi: Kpi | None = None
        self.days = 90
        self.followers: list = []

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield TitleBar()
        yield Static(id="kpi-info", markup=False)
        yield PlotextPlot(id="chart")
        yield Static(id="chart-legend")
        yield DataTable(id="values", cursor_type="row", zebra_stripes=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#values", DataTable)
        table.add_columns("date", "value", "note")
        table.border_title = "Values, newest first · c corrects · x deletes"
        self._follow_theme()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._follow_theme(redraw=True))

    def _follow_theme(self, redraw: bool = False) -> None:
        from textual_plotext import PlotextPlot

        # An ANSI theme has no RGB to give plotext: the terminal's own colours ("clear") then.
        self.query_one("#chart", PlotextPlot).theme = "clear" if self.app.current_theme.ansi else "auto"
        if redraw and self.kpi is not None:
            self._draw_chart()

    def reload(self) -> None:
        repo = self.read_to_draw()
        if repo is None:
            return
        kpi = repo.kpi(self.kpi_id)
        if kpi is None:
            if self.is_current:
                self.notify(f"KPI {self.kpi_id} no longer exists.", severity="warning")
                self.dismiss(None)
            self.mark_stale()  # under a dialog: checked again when the dialog closes
            return
        self.kpi = kpi
        self.followers = repo.following(kpi.id)
        self._draw_info()
        self._draw_chart()
        self._draw_legend()
        self._draw_table()

    def _draw_info(self) -> None:
        kpi, today = self.kpi, self.okr.today()
        status = kpi_status(kpi, today)
        better = "higher is better" if kpi.direction == "up" else "lower is better"
        latest = f"{with_unit(status.latest[1], kpi.unit)} on {status.latest[0]}" if status.latest else "no values yet"
        # the levels and their values are named under the chart, beside their lines (legend)
        lines = [f"{status.glyph} {status.label} · latest {latest} · {status.trend or 'no trend yet'}",
                 f"{better} · {kpi.cadence}"]
        if self.followers:
            lines[1] += " · followed by key results " + ", ".join(kr.id for _, kr in self.followers)
        forecast = followed_forecast(self.followers)
        if forecast is not None and forecast[1][0][0] >= EARLIEST_DRAWN:  # the dotted line to the period's end, in words
            lines[0] += f" · ··· {forecast[0].id} forecast {with_unit(forecast[1][1][1], kpi.unit, True)}"
        self.sub_title = f"KPI · {printable(kpi.name)}"
        self.query_one("#kpi-info", Static).update("\n".join(printable(line) for line in lines))

    def _levels(self) -> list[tuple[str, str, str, float]]:
        values = {"target": self.kpi.target, "warning": self.kpi.warn, "critical": self.kpi.crit}
        return [(name, colour, glyph, values[name]) for name, colour, glyph in LEVEL_LINES if values[name] is not None]

    def _draw_legend(self) -> None:
        box = self.query_one("#chart-legend", Static)
        width = box.content_region.width or self.size.width - 2
        box.update(legend(self._levels(), printable(self.kpi.unit), width))

    def on_resize(self) -> None:
        if self.kpi is not None:
            self.call_after_refresh(self._redraw_on_resize)

    def _redraw_on_resize(self) -> None:
        self._draw_chart()
        self._draw_legend()

    def _draw_chart(self) -> None:
        from textual_plotext import PlotextPlot

        kpi = self.kpi
        plot = self.query_one("#chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        first = (self.okr.today() - timedelta(days=self.days)).isoformat() if self.days else EARLIEST_DRAWN
        first = max(first, EARLIEST_DRAWN)
        pairs = [(d, v) for d, v in zip(kpi.series.dates, kpi.series.values) if d >= first]
        plt.date_form("Y-m-d")
        title = f"{RANGES[self.days]} · 1 30d  2 90d  3 1y  4 all"
        if not pairs:
            plt.title(f"{title} · no values in this range")
            plot.refresh()
            return
        dates, values = [d for d, _ in pairs], [v for _, v in pairs]
        # The levels first and the values last, so no line hides a value; no legend box over the
        # data either: the row under the chart names the levels and the y axis shows where they are.
        for _, colour, glyph, value in self._levels():
            plt.plot([dates[0], dates[-1]], [value, value], marker=glyph, color=self._colour(colour))
        plt.plot(dates, values, marker="braille", color=self._colour("primary"))
        forecast, newest = followed_forecast(self.followers), dates[-1]  # (key result, its trend to the period's end)
        if forecast is not None:
            plt.plot(*forecast[1], marker="·", color=self._colour("accent"))
            values, dates = values + forecast[1][1], dates + forecast[1][0][-1:]  # the axes reach its end
        # the y axis names each level on its line's own row (plotext's own ticks are rounded and could
        # label the row a level is drawn on with another number), and the lowest and highest values
        levels = [value for *_, value in self._levels()]
        rows = max(2, (plot.size.height or 10) - 4)  # the title, the frame's two lines and the dates
        y_ticks = level_ticks(levels, min(values + levels), max(values + levels), rows)
        y_labels = [number(tick) for tick in y_ticks]
        plt.yticks(y_ticks, y_labels)
        # the x axis's dates from the first value's to the last's: the newest is always named
        labels_width = max(cell_width(label) for label in y_labels)
        ticks = ticks_beyond(dates[0], newest, dates[-1], (plot.size.width or self.size.width) - labels_width - 2)
        plt.xticks(ticks, ticks)
        plt.title(title)
        plot.refresh()

    def _colour(self, name: str):
        """A theme colour as plotext takes it: RGB, or a colour name for ANSI themes ("cyan+")."""
        from textual.color import Color

        value = self.app.theme_variables.get(name, "")
        if value.startswith("ansi_"):
            colour = value.removeprefix("ansi_")
            return colour.removeprefix("bright_") + "+" if colour.startswith("bright_") else colour
        try:
            return Color.parse(value).rgb
        except Exception:  # noqa: BLE001 - a user theme's odd value: plotext's own colour then
            return None

    def _draw_table(self) -> None:
        table = self.query_one("#values", DataTable)
        row = table.cursor_row
        table.clear()
        kpi = self.kpi
        for day, value in reversed(list(zip(kpi.series.dates, kpi.series.values))):
            note, by = printable(kpi.series.notes.get(day, "")), kpi.series.by.get(day)
            table.add_row(day, with_unit(value, printable(kpi.unit)), f"{note}  (by {printable(by)})".lstrip() if by else note,
                          key=day)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    # -- actions ---------------------------------------------------------------------------------
    def action_range(self, days: int) -> None:
        self.days = days
        if self.kpi is not None:
            self._draw_chart()

    def _highlighted_day(self) -> str | None:
        table = self.query_one("#values", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def action_correct(self) -> None:
        from .value import ValueScreen

        day = self._highlighted_day()
        self.app.push_screen(ValueScreen(self.kpi, date.fromisoformat(day) if day else self.okr.today()))

    def action_delete_value(self) -> None:
        from .confirm import ConfirmScreen

        day = self._highlighted_day()
        if day is None:
            self.notify("No value to delete.")
            return
        value = self.kpi.series.values[self.kpi.series.dates.index(day)]
        question = f"Delete the value of {printable(self.kpi.name)} on {day} ({with_unit(value, printable(self.kpi.unit))})?"

        def answered(yes: bool | None) -> None:
            if yes and self.okr.write(lambda repo: repo.delete_value(self.kpi_id, date.fromisoformat(day))):
                self.notify(f"Deleted the value of {day}.")

        self.app.push_screen(ConfirmScreen(question), answered)

    def action_edit(self) -> None:
        from .kpi_form import KpiFormScreen

        self.app.push_screen(KpiFormScreen(self.kpi))

    def action_promote(self) -> None:
        from .pick import promote_kpi

        promote_kpi(self, self.kpi)  # what it adds is drawn when this screen is uncovered

    def action_cursor_down(self) -> None:
        self.query_one("#values", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#values", DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)
