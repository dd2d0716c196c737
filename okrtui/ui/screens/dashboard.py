"""The first screen: the period's objectives with their key results, and KPI health."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.health import kpi_status
from ...domain.models import Objective
from ...domain.period import Period, nearby_with_objectives
from ...domain.summary import ObjectiveSummary, summarize
from ...store.storage import StoreError
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.lists import RowList
from ..widgets.rows import (SPARK_LEAST, SPARK_MOST, kpi_columns, kpi_header, kpi_row, kpi_row_width, kr_row,
                            objective_columns, objective_list_width, objective_row, warning_row)
from ..widgets.title_bar import TitleBar
from .base import OkrScreen
from .git_work import GitWork

WIDE = 150  # columns from which the KPI panel may move beside the objectives
SIDE_SPARK = 30  # ...when both panes' rows fit there whole, the KPI pane's with a month of daily values
CHROME = 6  # a list's border, padding and scrollbar gutter
NO_KPIS = "No KPIs yet: tab here and press a to add one"


def side_by_side(width: int, objectives_need: int, kpis_need: int) -> int | None:
    """The objectives pane's width when the KPI pane goes beside it, else None (one above the other).

    Beside each other only when each pane's rows fit whole: the objectives take what their widest
    row needs, and the KPI pane the rest, where its sparklines grow. Otherwise each pane has the
    terminal's whole width, so no title or name is cut while the other pane has blank columns."""
    left = objectives_need + CHROME
    if width < WIDE or left + kpis_need + CHROME > width:
        return None
    return left


def values_to_read(width: int) -> int:
    """How many values per KPI the dashboard reads: what the widest sparkline a `width`-column
    screen can draw needs (48 at 80 columns, as ever, so the first frame stays cheap)."""
    return min(SPARK_MOST, max(48, width - 40))


def welcome_text(period_key: str, store_empty: bool, nearby: list[tuple[str, int, int | None]] = ()) -> str:
    lines = [
        f"No objectives for {period_key} yet.",
        "",
        "Press  n  to plan one: where do you need to go?",
        "Press  [  and  ]  to look at other periods,  ?  for every key.",
    ]
    near = []
    for key, count, steps in nearby:  # a plan saved for another quarter is never out of sight
        plural = "s" if count != 1 else ""
        if steps is None:
            how = "[ or ] until you reach it"
        else:
            key_name = "[" if steps < 0 else "]"
            how = f"press  {key_name}  {'once' if abs(steps) == 1 else f'{abs(steps)} times'}"
        near.append(f"{key} has {count} objective{plural}: {how}.")
    if near:
        lines[1:1] = ["", *near]
    if store_empty:
        lines += ["", "New here? Try the demo store:", "  okrtui --db demo.json demo --open"]
    return "\n".join(lines)


class KpiList(RowList):
    """The KPI pane's list: its own keys, shown in the footer while it has focus."""

    BINDINGS = bindings("kpis")


class DashboardScreen(GitWork, OkrScreen):
    SCREEN_NAME = "dashboard"
    BINDINGS = bindings("dashboard")
    AUTO_FOCUS = "#objectives"
    DRAWS_STORE = True  # drawn on mount; again when the store changes (on top) or when uncovered after

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""  # the filter Input is mounted on first use: one widget less at start
        self.drawn_width = self.drawn_kpi_width = 0
        self.side_width: int | None = None  # the objectives pane's width with the KPI pane beside it
        self.values_read = 0  # per KPI, for the sparklines (values_to_read)
        self.summaries: list[ObjectiveSummary] = []
        self.kpis = []
        self.kpi_cols = kpi_columns([])
        self.store_empty = True
        self.nearby: list = []
        self.filter_all = False  # ctrl+o while filtering: search every period
        self.all_summaries: list[ObjectiveSummary] = []
        self.period_title = self.period_short = ""
        self.conflict_count = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Container(id="panes"):
            with Vertical(id="objectives-pane"):
                yield RowList(id="objectives")
                yield Static(id="welcome", markup=False)
            with Vertical(id="kpi-pane"):
                yield Static(id="kpi-header")
                yield KpiList(id="kpis")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        objectives = self.query_one("#objectives", OptionList)
        objectives.border_title = "Objectives"
        self.query_one("#kpi-pane").border_title = "KPIs"
        self.reload()
        self.watch(objectives, "scroll_y", lambda _: self._count_in_sight(), init=False)
        self.watch(objectives, "max_scroll_y", lambda _: self._count_in_sight(), init=False)
        kpis = self.query_one("#kpis", OptionList)
        self.watch(kpis, "scroll_y", lambda _: self._count_kpis_in_sight(), init=False)
        self.watch(kpis, "max_scroll_y", lambda _: self._count_kpis_in_sight(), init=False)

    def _count_in_sight(self) -> None:
        """"3 of 5 shown ↓": objectives out of sight are said in words, not only by a scrollbar."""
        objectives = self.query_one("#objectives", OptionList)
        lines = getattr(self, "objective_lines", [])
        top = round(objectives.scroll_y)
        bottom = top + objectives.scrollable_content_region.height
        above = sum(1 for line in lines if line < top)
        below = sum(1 for line in lines if line >= bottom)
        noun = "objective" if len(lines) == 1 else "objectives"
        if not (above or below) or not objectives.scrollable_content_region.height:
            objectives.border_subtitle = f"{len(lines)} {noun}" if lines else ""
            return
        arrows = ("↑" if above else "") + ("↓" if below else "")
        objectives.border_subtitle = f"{len(lines) - above - below} of {len(lines)} shown {arrows}"

    def _count_kpis_in_sight(self) -> None:
        """"3 need attention · 5 of 10 shown ↓": KPIs out of sight are said in words too."""
        kpis = self.query_one("#kpis", OptionList)
        pane = self.query_one("#kpi-pane")
        count = len(self.kpis)
        attention = sum(1 for _, status in self.kpis
                        if status.needs_attention or status.level not in ("ok", "on target"))
        health = f"{attention} need{'s' if attention == 1 else ''} attention" if attention else "all healthy"
        if not count:
            pane.border_subtitle = ""
            return
        height = kpis.scrollable_content_region.height
        top = round(kpis.scroll_y)
        above, below = min(top, count), max(0, count - top - height)
        if not height or not (above or below):
            pane.border_subtitle = f"{health} · {count} KPI{'s' if count != 1 else ''}"
            return
        arrows = ("↑" if above else "") + ("↓" if below else "")
        pane.border_subtitle = f"{health} · {count - above - below} of {count} shown {arrows}"

    def on_resize(self) -> None:
        if values_to_read(self.size.width) > self.values_read and self.values_read:
            self.reload()  # wider: longer sparklines need more values than were read
            return
        self._lay_out()
        self.call_after_refresh(self._redraw_if_resized)

    def _lay_out(self) -> None:
        """The panes side by side, each as wide as its rows need, or one above the other (side_by_side)."""
        self.side_width = None
        if self.size.width >= WIDE:  # the rows' needs are measured only where they could be side by side
            objectives_need = (objective_list_width(self.summaries, objective_columns(self.summaries)) if self.summaries
                               else max(len(line) for line in self._welcome().splitlines()) + 2)
            columns = self.kpi_cols
            spark = min(SIDE_SPARK, max(SPARK_LEAST, columns.recent))
            kpis_need = kpi_row_width(columns, spark) if self.kpis else len(NO_KPIS)
            self.side_width = side_by_side(self.size.width, objectives_need, kpis_need)
        self.set_class(self.side_width is not None, "-wide")
        self.query_one("#objectives-pane").styles.width = self.side_width  # None: the stylesheet's

    def _list_widths(self) -> tuple[int, int]:
        """The objectives' and the KPIs' list widths, as the layout will make them (known before the
        first frame, so rows are laid out once)."""
        width = self.size.width
        if self.side_width is None:
            return max(40, width - CHROME), max(40, width - CHROME)
        return max(40, self.side_width - CHROME), max(40, width - self.side_width - CHROME)

    def _list_width(self) -> int:
        return self._list_widths()[0]

    def _redraw_if_resized(self) -> None:
        if self._list_width() != self.drawn_width or self._list_widths()[1] != self.drawn_kpi_width:
            self.render_lists()

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        repo = self.read_to_draw()
        if repo is None:
            return
        today = self.okr.today()
        period = self.okr.period
        self.summaries = [summarize(o, today) for o in repo.objectives(period.key)]
        # the filter may search every period: those are read only while it does
        self.all_summaries = [summarize(o, today) for o in repo.objectives()] if self.filter_all else []
        self.values_read = values_to_read(self.size.width)
        kpis = repo.kpis(tail=self.values_read)  # the widest sparkline this screen can draw
        pairs = [(kpi, kpi_status(kpi, today)) for kpi in kpis]
        self.kpis = sorted(pairs, key=lambda pair: (pair[1].attention_rank, pair[0].name.casefold()))
        self.kpi_cols = kpi_columns(self.kpis)  # measured once a read, not at every redraw
        self.store_empty = repo.is_empty
        self.nearby = [] if self.summaries else nearby_with_objectives(period, repo.period_counts())
        elapsed = period.elapsed_fraction(today)
        self.period_title = f"{period.key} · {period.start:%d %b} – {period.end:%d %b %Y} · {elapsed:.0%} elapsed"
        self.period_short = f"{period.key} · {elapsed:.0%} elapsed"  # room for the git marks at 80 columns
        try:
            self.conflict_count = len(repo.conflicts())
        except StoreError as exc:  # a values file gone bad since: the notice says which
            self.notify(str(exc), title="Store unreadable", severity="error")
            self.conflict_count = 0
        self.show_title()
        self.render_lists()
        self.set_timer(0.3, self.check_sync)  # git runs after the frame, never before it

    # -- the title: period, conflicts, git (git_work) ------------------------------------------------
    def show_title(self) -> None:
        extra = ""
        if self.conflict_count:
            extra += f" · ⚠ {self.conflict_count} conflict{'s' if self.conflict_count > 1 else ''} (!)"
        if self.unsynced:
            extra += " · ● not synced (S)"
        self.sub_title = (self.period_short if extra else self.period_title) + extra

    def action_conflicts(self) -> None:
        from .conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen())

    def _filtered(self) -> list[ObjectiveSummary]:
        words = self.filter_text.strip().casefold()
        if not words:
            return self.summaries
        source = self.all_summaries if self.filter_all else self.summaries

        def matches(s: ObjectiveSummary) -> bool:
            o = s.objective
            haystack = " ".join([o.title, o.owner, o.team, o.why] + [kr.title for kr in o.key_results]).casefold()
            return all(word in haystack for word in words.split())

        return [s for s in source if matches(s)]

    def _welcome(self) -> str:
        return welcome_text(self.okr.period.key, self.store_empty, self.nearby)

    def render_lists(self) -> None:
        objectives = self.query_one("#objectives", OptionList)
        self._lay_out()
        width = self.drawn_width = self._list_width()
        highlighted = objectives.highlighted_option.id if objectives.highlighted_option else None
        shown = self._filtered()
        columns = objective_columns(shown)
        options: list[Option | None] = []
        for summary in shown:
            if options:
                options.append(None)
            o = summary.objective
            searching_all = self.filter_all and bool(self.filter_text.strip())
            options.append(Option(objective_row(summary, width, show_period=searching_all, columns=columns),
                                  id=f"o:{o.id}"))
            for warning in summary.warnings:
                options.append(Option(warning_row(warning, width), id=f"w:{o.id}:{len(options)}", disabled=True))
            for kr in o.key_results:
                options.append(Option(kr_row(kr, summary.kr_progress[kr.id], width, columns=columns), id=f"k:{kr.id}"))
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
        filtering = bool(self.filter_text.strip())
        welcome.display = not shown
        objectives.display = bool(shown)
        if not shown:
            welcome.update(
                "Nothing matches the filter (esc clears it)." if filtering and self.summaries
                else self._welcome()
            )
        self._draw_kpis()

    def _draw_kpis(self) -> None:
        kpi_list = self.query_one("#kpis", OptionList)
        width = self.drawn_kpi_width = self._list_widths()[1]
        highlighted = kpi_list.highlighted
        columns = self.kpi_cols
        header = self.query_one("#kpi-header", Static)
        header.update(kpi_header(width, columns) if self.kpis else "")
        header.display = bool(self.kpis)  # no header over "No KPIs yet"
        kpi_list.clear_options()
        if self.kpis:
            kpi_list.add_options(Option(kpi_row(k, status, width, columns=columns), id=f"kpi:{k.id}")
                                 for k, status in self.kpis)
            if highlighted is not None:
                kpi_list.highlighted = min(highlighted, kpi_list.option_count - 1)
        else:
            kpi_list.add_option(Option(NO_KPIS, disabled=True))
        # a line a KPI, as tall as they are (the stylesheet's max-height caps it): Textual measures an
        # auto height two columns narrower than the rows are drawn, which wrapped a full row into a blank line
        kpi_list.styles.height = kpi_list.option_count
        self._count_kpis_in_sight()
        self.call_after_refresh(self._count_kpis_in_sight)

    # -- the highlighted thing ---------------------------------------------------------------
    def _selected(self) -> tuple[int | None, str | None]:
        """(objective id, key result id) under the cursor."""
        option = self.query_one("#objectives", OptionList).highlighted_option
        if option is None or not option.id:
            return None, None
        kind, _, ident = option.id.partition(":")
        if kind == "o":
            return int(ident), None
        if kind == "k":
            return int(ident.split(".")[0]), ident
        return None, None  # a separator or a (disabled) warning line

    def _objective(self, objective_id: int | None):
        return next((s.objective for s in self.summaries if s.objective.id == objective_id), None)

    # -- actions -----------------------------------------------------------------------------
    def action_new_objective(self) -> None:
        from .wizard import WizardScreen

        self.app.push_screen(WizardScreen(period=self.okr.period.key), self._after_wizard)

    def _after_wizard(self, saved: Objective | None) -> None:
        if saved is not None and saved.period != self.okr.period.key:  # planned for another quarter: go there
            self.okr.period = Period.parse(saved.period)
        self.reload_if_stale()  # a new period, or the store changed
        if saved is not None:
            objectives = self.query_one("#objectives", OptionList)
            try:
                objectives.highlighted = objectives.get_option_index(f"o:{saved.id}")
            except Exception:  # filtered out
                pass

    def action_open(self) -> None:
        objective_id, kr_id = self._selected()
        if objective_id is None:
            self.notify("No objective here yet: press n to plan one.")
            return
        from .detail import DetailScreen

        ids = [s.objective.id for s in self._filtered()]
        self.app.push_screen(DetailScreen(objective_id, ids, kr_id))

    @on(OptionList.OptionSelected, "#objectives")
    def _open_selected(self) -> None:
        self.action_open()

    def action_edit(self) -> None:
        objective = self._objective(self._selected()[0])
        if objective is None:
            self.notify("Highlight an objective to edit (j/k to move).")
            return
        from .wizard import WizardScreen

        self.app.push_screen(WizardScreen(objective=objective), self._after_wizard)

    def action_checkin(self) -> None:
        objective_id, kr_id = self._selected()
        objective = self._objective(objective_id)
        if objective is None or not objective.key_results:
            self.notify("Highlight a key result to check in on.", severity="warning")
            return
        kr = next((k for k in objective.key_results if k.id == kr_id), objective.key_results[0])
        from .checkin import open_checkin

        open_checkin(self, objective, kr)

    def action_delete(self) -> None:
        objective = self._objective(self._selected()[0])
        if objective is None:
            self.notify("Highlight an objective to delete.")
            return
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self.okr.write(lambda repo: repo.delete_objective(objective.id)):
                self.notify(f"Deleted objective {objective.id}.")

        self.app.push_screen(ConfirmScreen(f"Delete objective {objective.id}, {objective.title!r}, with its key results and check-ins?"), answered)

    def action_period(self, step: int) -> None:
        if not self.okr.step_period(step):
            return
        self.reload()
        objectives = self.query_one("#objectives", OptionList)
        objectives.highlighted = 0 if objectives.option_count else None

    def action_filter(self) -> None:
        boxes = self.query("#filter")
        if boxes:
            box = boxes.first(Input)
        else:
            box = Input(placeholder="filter objectives… (ctrl+o: all periods, enter: done, esc: clear)", id="filter")
            box.cursor_blink = self.okr.cursor_blink
            self.mount(box, before="#panes")
        box.add_class("-shown")
        box.focus()

    def action_filter_scope(self) -> None:
        if not self.query("#filter.-shown"):
            self.notify("ctrl+o works while filtering: press / first.")
            return
        self.filter_all = not self.filter_all
        self.query_one("#objectives", OptionList).border_title = (
            "Objectives · filter searches all periods" if self.filter_all else "Objectives")
        self.reload()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.render_lists()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.query_one("#objectives", OptionList).focus()
        if not event.value:
            event.input.remove_class("-shown")

    def key_escape(self) -> None:
        for box in self.query("#filter").results(Input):
            if box.has_class("-shown"):
                box.value = ""
                box.remove_class("-shown")
                self.query_one("#objectives", OptionList).focus()
                if self.filter_all:  # the filter is off: so is its search of every period, and the title says so
                    self.filter_all = False
                    self.query_one("#objectives", OptionList).border_title = "Objectives"
                    self.reload()

    def action_log_kpis(self) -> None:
        from .quick_entry import QuickEntryScreen

        self.app.push_screen(QuickEntryScreen())

    def action_review(self) -> None:
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    # -- the KPI pane ------------------------------------------------------------------------------
    def _selected_kpi(self):
        option = self.query_one("#kpis", OptionList).highlighted_option
        if option is None or not option.id or not option.id.startswith("kpi:"):
            return None
        kpi_id = int(option.id[4:])
        return next((kpi for kpi, _ in self.kpis if kpi.id == kpi_id), None)

    def _need_kpi(self):
        kpi = self._selected_kpi()
        if kpi is None:
            self.notify("Highlight a KPI first (tab reaches the KPI pane).")
        return kpi

    def action_kpi_open(self) -> None:
        kpi = self._need_kpi()
        if kpi is not None:
            from .kpi_detail import KpiDetailScreen

            self.app.push_screen(KpiDetailScreen(kpi.id))

    @on(OptionList.OptionSelected, "#kpis")
    def _open_kpi(self) -> None:
        self.action_kpi_open()

    def action_kpi_add(self) -> None:
        from .kpi_form import KpiFormScreen

        self.app.push_screen(KpiFormScreen())

    def action_kpi_edit(self) -> None:
        kpi = self._need_kpi()
        if kpi is not None:
            from .kpi_form import KpiFormScreen

            self.app.push_screen(KpiFormScreen(kpi))

    def action_kpi_delete(self) -> None:
        kpi = self._need_kpi()
        if kpi is not None:
            from .kpi_form import confirm_delete_kpi

            confirm_delete_kpi(self, kpi)

    def action_kpi_promote(self) -> None:
        kpi = self._need_kpi()
        if kpi is not None:
            from .pick import promote_kpi

            promote_kpi(self, kpi, self._after_wizard)

    def action_quit(self) -> None:
        self.app.exit()
