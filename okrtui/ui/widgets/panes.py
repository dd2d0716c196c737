"""The dashboard's two panes: the period's objectives with their key results, and the KPIs with
their health. Each owns what it shows as reactive attributes and draws its rows for its own
width, and again when that width changes. Which width that is (side by side or one above the
other) is the screen's layout (dashboard.side_by_side); a pane is told it before the layout runs
(`planned_width`), so its first rows are drawn once, for the width they get."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.widgets import Static
from textual.widgets.option_list import Option

from ...domain.summary import ObjectiveSummary
from ..actions import bindings
from .lists import RowList
from .rows import (SPARK_LEAST, Columns, kpi_columns, kpi_header, kpi_row, kpi_row_width, kr_row, objective_columns,
                   objective_list_width, objective_row, warning_row)

CHROME = 6  # a list's border, padding and scrollbar gutter
SIDE_SPARK = 30  # beside the objectives, the KPI pane's rows fit whole with a month of daily values
NO_KPIS = "No KPIs yet: tab here and press a to add one"


@dataclass(frozen=True)
class ObjectiveRows:
    """What the objectives pane shows: the period's objectives, every period's while the filter
    searches them all, and the words for a period without objectives."""

    summaries: list[ObjectiveSummary] = field(default_factory=list)
    all_summaries: list[ObjectiveSummary] = field(default_factory=list)  # read only while the filter needs them
    welcome: str = ""

    @property
    def need(self) -> int:
        """The width the rows need for every title, whole (or the welcome words)."""
        if self.summaries:
            return objective_list_width(self.summaries, objective_columns(self.summaries))
        return max(len(line) for line in self.welcome.splitlines()) + 2


@dataclass(frozen=True)
class KpiRows:
    """What the KPI pane shows: (KPI, its status) pairs, those needing attention first, and their
    columns, measured once a read rather than at every redraw."""

    pairs: list = field(default_factory=list)
    columns: Columns = field(default_factory=lambda: kpi_columns([]))
    marks: dict = field(default_factory=dict)  # KPI id -> words after a ⚠ (its error budget runs out)

    @classmethod
    def of(cls, pairs: list, marks: dict | None = None) -> KpiRows:
        return cls(pairs, kpi_columns(pairs, marks), marks or {})

    @property
    def need(self) -> int:
        """The width a row needs beside the objectives: its whole name and a month's sparkline."""
        spark = min(SIDE_SPARK, max(SPARK_LEAST, self.columns.recent))
        return kpi_row_width(self.columns, spark) if self.pairs else len(NO_KPIS)


class RowsPane(Vertical):
    """A pane of rows drawn for its width: `planned_width` is the pane's width as the layout makes it."""

    planned_width: var[int] = var(0)
    drawn_width = 0  # the list width the rows were last drawn for

    @property
    def list_width(self) -> int:
        return max(40, self.planned_width - CHROME)

    def watch_planned_width(self) -> None:
        self.call_after_refresh(self._redraw_if_resized)

    def on_resize(self) -> None:
        self.call_after_refresh(self._redraw_if_resized)

    def _redraw_if_resized(self) -> None:
        if self.list_width != self.drawn_width:
            self.draw()

    def draw(self) -> None:
        raise NotImplementedError


def _count_words(count: int, above: int, below: int) -> str:
    arrows = ("↑" if above else "") + ("↓" if below else "")
    return f"{count - above - below} of {count} shown {arrows}"


class ObjectivesPane(RowsPane):
    """The period's objectives, each with its warnings and key results, filtered by `filter_text`;
    the welcome words when the period has none."""

    rows: var[ObjectiveRows] = var(ObjectiveRows, always_update=True)
    filter_text: var[str] = var("")  # the filter Input's words
    filter_all: var[bool] = var(False)  # ctrl+o while filtering: search every period
    objective_lines: list[int] = []  # the line each objective's own row is on

    def compose(self) -> ComposeResult:
        objectives = RowList(id="objectives")
        objectives.border_title = "Objectives"
        yield objectives
        yield Static(id="welcome", markup=False)

    def on_mount(self) -> None:
        objectives = self.query_one("#objectives", RowList)
        self.watch(objectives, "scroll_y", lambda _: self._count_in_sight(), init=False)
        self.watch(objectives, "max_scroll_y", lambda _: self._count_in_sight(), init=False)

    def watch_rows(self) -> None:
        self.draw()

    def watch_filter_text(self) -> None:
        self.draw()

    def watch_filter_all(self, filter_all: bool) -> None:
        self.query_one("#objectives", RowList).border_title = (
            "Objectives · filter searches all periods" if filter_all else "Objectives")

    @property
    def filtering(self) -> bool:
        return bool(self.filter_text.strip())

    def shown(self) -> list[ObjectiveSummary]:
        """The objectives the filter lets through, in order."""
        words = self.filter_text.strip().casefold()
        if not words:
            return self.rows.summaries
        source = self.rows.all_summaries if self.filter_all else self.rows.summaries

        def matches(s: ObjectiveSummary) -> bool:
            o = s.objective
            haystack = " ".join([o.title, o.owner, o.team, o.why] + [kr.title for kr in o.key_results]).casefold()
            return all(word in haystack for word in words.split())

        return [s for s in source if matches(s)]

    def draw(self) -> None:
        objectives = self.query_one("#objectives", RowList)
        width = self.drawn_width = self.list_width
        highlighted = objectives.highlighted_option.id if objectives.highlighted_option else None
        shown = self.shown()
        options = self._options(shown, width)
        objectives.clear_options()
        objectives.add_options(options)
        # the line each objective's own row is on (every option and separator is one line)
        self.objective_lines = [line for line, option in enumerate(options)
                                if option is not None and (option.id or "").startswith("o:")]
        index = 0
        if highlighted:
            try:
                index = objectives.get_option_index(highlighted)
            except Exception:  # the option went away (deleted, filtered out): back to the top
                index = 0
        objectives.highlighted = index if objectives.option_count else None
        self.call_after_refresh(self._count_in_sight)
        welcome = self.query_one("#welcome", Static)
        welcome.display = not shown
        objectives.display = bool(shown)
        if not shown:
            welcome.update("Nothing matches the filter (esc clears it)." if self.filtering and self.rows.summaries
                           else self.rows.welcome)

    def _options(self, shown: list[ObjectiveSummary], width: int) -> list[Option | None]:
        columns = objective_columns(shown)
        searching_all = self.filter_all and self.filtering
        options: list[Option | None] = []
        for summary in shown:
            if options:
                options.append(None)
            o = summary.objective
            options.append(Option(objective_row(summary, width, show_period=searching_all, columns=columns),
                                  id=f"o:{o.id}"))
            for warning in summary.warnings:
                options.append(Option(warning_row(warning, width), id=f"w:{o.id}:{len(options)}", disabled=True))
            marks = summary.kr_marks()  # budgets running out, guards gone critical
            for kr in o.key_results:
                options.append(Option(kr_row(kr, summary.kr_progress[kr.id], width, columns=columns,
                                             mark=marks.get(kr.id, "")), id=f"k:{kr.id}"))
        return options

    def _count_in_sight(self) -> None:
        """"3 of 5 shown ↓": objectives out of sight are said in words, not only by a scrollbar."""
        objectives = self.query_one("#objectives", RowList)
        lines = self.objective_lines
        top = round(objectives.scroll_y)
        bottom = top + objectives.scrollable_content_region.height
        above = sum(1 for line in lines if line < top)
        below = sum(1 for line in lines if line >= bottom)
        noun = "objective" if len(lines) == 1 else "objectives"
        if not (above or below) or not objectives.scrollable_content_region.height:
            objectives.border_subtitle = f"{len(lines)} {noun}" if lines else ""
            return
        objectives.border_subtitle = _count_words(len(lines), above, below)

    def select(self, option_id: str) -> None:
        """Highlight the row `option_id` ("o:3"), when it is shown."""
        objectives = self.query_one("#objectives", RowList)
        try:
            objectives.highlighted = objectives.get_option_index(option_id)
        except Exception:  # filtered out
            pass

    def to_top(self) -> None:
        objectives = self.query_one("#objectives", RowList)
        objectives.highlighted = 0 if objectives.option_count else None

    def selected(self) -> tuple[int | None, str | None]:
        """(objective id, key result id) under the cursor."""
        option = self.query_one("#objectives", RowList).highlighted_option
        if option is None or not option.id:
            return None, None
        kind, _, ident = option.id.partition(":")
        if kind == "o":
            return int(ident), None
        if kind == "k":
            return int(ident.split(".")[0]), ident
        return None, None  # a separator or a (disabled) warning line


class KpiList(RowList):
    """The KPI pane's list: its own keys, shown in the footer while it has focus."""

    BINDINGS = bindings("kpis")


class KpiPane(RowsPane):
    """Every KPI in a line (name, sparkline, latest, target, trend, health) under a header, with
    how many need attention and how many are in sight said beneath."""

    rows: var[KpiRows] = var(KpiRows, always_update=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "KPIs"

    def compose(self) -> ComposeResult:
        yield Static(id="kpi-header")
        yield KpiList(id="kpis")

    def on_mount(self) -> None:
        kpis = self.query_one("#kpis", KpiList)
        self.watch(kpis, "scroll_y", lambda _: self._count_in_sight(), init=False)
        self.watch(kpis, "max_scroll_y", lambda _: self._count_in_sight(), init=False)

    def watch_rows(self) -> None:
        self.draw()

    def draw(self) -> None:
        kpi_list = self.query_one("#kpis", KpiList)
        width = self.drawn_width = self.list_width
        highlighted = kpi_list.highlighted
        pairs, columns = self.rows.pairs, self.rows.columns
        header = self.query_one("#kpi-header", Static)
        header.update(kpi_header(width, columns) if pairs else "")
        header.display = bool(pairs)  # no header over "No KPIs yet"
        kpi_list.clear_options()
        if pairs:
            kpi_list.add_options(Option(kpi_row(k, status, width, columns=columns, mark=self.rows.marks.get(k.id, "")),
                                        id=f"kpi:{k.id}") for k, status in pairs)
            if highlighted is not None:
                kpi_list.highlighted = min(highlighted, kpi_list.option_count - 1)
        else:
            kpi_list.add_option(Option(NO_KPIS, disabled=True))
        # a line a KPI, as tall as they are (the stylesheet's max-height caps it): Textual measures an
        # auto height two columns narrower than the rows are drawn, which wrapped a full row into a blank line
        kpi_list.styles.height = kpi_list.option_count
        self._count_in_sight()
        self.call_after_refresh(self._count_in_sight)

    def _count_in_sight(self) -> None:
        """"3 need attention · 5 of 10 shown ↓": KPIs out of sight are said in words too."""
        kpis = self.query_one("#kpis", KpiList)
        pairs = self.rows.pairs
        count = len(pairs)
        attention = sum(1 for _, status in pairs
                        if status.needs_attention or status.level not in ("ok", "on target"))
        health = f"{attention} need{'s' if attention == 1 else ''} attention" if attention else "all healthy"
        if not count:
            self.border_subtitle = ""
            return
        height = kpis.scrollable_content_region.height
        top = round(kpis.scroll_y)
        above, below = min(top, count), max(0, count - top - height)
        if not height or not (above or below):
            self.border_subtitle = f"{health} · {count} KPI{'s' if count != 1 else ''}"
            return
        self.border_subtitle = f"{health} · {_count_words(count, above, below)}"

    def selected(self):
        """The KPI under the cursor, or None."""
        option = self.query_one("#kpis", KpiList).highlighted_option
        if option is None or not option.id or not option.id.startswith("kpi:"):
            return None
        kpi_id = int(option.id[4:])
        return next((kpi for kpi, _ in self.rows.pairs if kpi.id == kpi_id), None)
