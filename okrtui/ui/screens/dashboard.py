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
from ..widgets.rows import (kpi_columns, kpi_header, kpi_row, kr_row, objective_columns, objective_row,
                            warning_row)
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

WIDE = 150  # columns from which the KPI panel moves beside the objectives


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


class DashboardScreen(OkrScreen):
    SCREEN_NAME = "dashboard"
    BINDINGS = bindings("dashboard")
    AUTO_FOCUS = "#objectives"

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""  # the filter Input is mounted on first use: one widget less at start
        self.drawn_width = 0
        self.summaries: list[ObjectiveSummary] = []
        self.kpis = []
        self.store_empty = True
        self.nearby: list = []
        self.filter_all = False  # ctrl+o while filtering: search every period
        self.all_summaries: list[ObjectiveSummary] = []
        self.period_title = self.period_short = ""
        self.conflict_count = 0
        self.unsynced = False  # the store has changes git has not committed or pushed (S syncs)
        self.syncing = False

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

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")
        self.call_after_refresh(self._redraw_if_resized)

    def _list_width(self) -> int:
        objectives = self.query_one("#objectives", OptionList)
        return max(40, objectives.scrollable_content_region.width or self.size.width - 6)

    def _redraw_if_resized(self) -> None:
        if self._list_width() != self.drawn_width:
            self.render_lists()

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        repo = self.okr.read()
        if repo is None:
            return
        today = self.okr.today()
        period = self.okr.period
        self.summaries = [summarize(o, today) for o in repo.objectives(period.key)]
        # the filter may search every period: those are read only while it does
        self.all_summaries = [summarize(o, today) for o in repo.objectives()] if self.filter_all else []
        kpis = repo.kpis(tail=48)  # the widest sparkline
        pairs = [(kpi, kpi_status(kpi, today)) for kpi in kpis]
        self.kpis = sorted(pairs, key=lambda pair: (pair[1].attention_rank, pair[0].name.casefold()))
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
        self._show_title()
        self.render_lists()
        self.set_timer(0.3, self._check_sync)  # git runs after the frame, never before it

    # -- git --------------------------------------------------------------------------------
    def _show_title(self) -> None:
        extra = ""
        if self.conflict_count:
            extra += f" · ⚠ {self.conflict_count} conflict{'s' if self.conflict_count > 1 else ''} (!)"
        if self.unsynced:
            extra += " · ● not synced (S)"
        self.sub_title = (self.period_short if extra else self.period_title) + extra

    def _check_sync(self) -> None:
        if not self.syncing:  # git status would wait on the index lock a sync holds
            self.run_worker(self._sync_state, thread=True, exclusive=True, group="git", exit_on_error=False)

    def _sync_state(self) -> None:
        from ...store.gitsync import has_unsynced_changes

        unsynced = bool(has_unsynced_changes(self.okr.store))
        self.app.call_from_thread(self._set_unsynced, unsynced)

    def _set_unsynced(self, unsynced: bool) -> None:
        self.unsynced = unsynced
        self._show_title()

    def action_sync(self) -> None:
        if self.syncing:  # a thread worker cannot be cancelled: one sync at a time, by this flag
            self.notify("A sync is running: its result comes in a moment.", severity="warning")
            return
        self.syncing = True
        self.notify("Syncing with git…", timeout=3)
        self.run_worker(self._sync, thread=True, group="sync", exit_on_error=False)

    def _sync(self) -> None:
        from ...store.gitsync import GitError, sync

        try:
            lines, problem = sync(self.okr.store), ""
        except (GitError, StoreError, OSError) as exc:
            lines, problem = [], str(exc)
        self.app.call_from_thread(self._synced, lines, problem)

    def _synced(self, lines: list[str], problem: str) -> None:
        self.syncing = False
        if problem:
            self.notify(problem, title="Not synced", severity="error", timeout=12)
        else:
            shown = lines[:3] + ([f"and {len(lines) - 3} more: okrtui sync prints them all"] if len(lines) > 3 else [])
            self.notify("; ".join(shown), title="Synced", timeout=8)
        self.okr.check_store()
        self._check_sync()

    def action_conflicts(self) -> None:
        from .conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen(), lambda _: self.reload())

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

    def render_lists(self) -> None:
        objectives = self.query_one("#objectives", OptionList)
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
                else welcome_text(self.okr.period.key, self.store_empty, self.nearby)
            )
        self._draw_kpis()

    def _draw_kpis(self) -> None:
        kpi_list = self.query_one("#kpis", OptionList)
        width = max(40, kpi_list.scrollable_content_region.width or self.size.width - 6)
        highlighted = kpi_list.highlighted
        columns = kpi_columns(self.kpis)
        self.query_one("#kpi-header", Static).update(kpi_header(width, columns) if self.kpis else "")
        kpi_list.clear_options()
        if self.kpis:
            kpi_list.add_options(Option(kpi_row(k, status, width, columns=columns), id=f"kpi:{k.id}")
                                 for k, status in self.kpis)
            if highlighted is not None:
                kpi_list.highlighted = min(highlighted, kpi_list.option_count - 1)
        else:
            kpi_list.add_option(Option("No KPIs yet: tab here and press a to add one", disabled=True))
        attention = sum(1 for _, status in self.kpis if status.needs_attention or status.level not in ("ok", "on target"))
        pane = self.query_one("#kpi-pane")
        pane.border_subtitle = f"{attention} need attention" if attention else "all healthy" if self.kpis else ""

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
        self.reload()
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
        self.app.push_screen(DetailScreen(objective_id, ids, kr_id), lambda _: self.reload())

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
        from .checkin import CheckinScreen

        self.app.push_screen(CheckinScreen(kr), lambda _: self.reload())

    def action_delete(self) -> None:
        objective = self._objective(self._selected()[0])
        if objective is None:
            self.notify("Highlight an objective to delete.")
            return
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self.okr.write(lambda repo: repo.delete_objective(objective.id)):
                self.notify(f"Deleted objective {objective.id}.")
            self.reload()

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

    def action_log_kpis(self) -> None:
        from .quick_entry import QuickEntryScreen

        self.app.push_screen(QuickEntryScreen(), lambda _: self.reload())

    def action_review(self) -> None:
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(), lambda _: self.reload())

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

            self.app.push_screen(KpiDetailScreen(kpi.id), lambda _: self.reload())

    @on(OptionList.OptionSelected, "#kpis")
    def _open_kpi(self) -> None:
        self.action_kpi_open()

    def action_kpi_add(self) -> None:
        from .kpi_form import KpiFormScreen

        self.app.push_screen(KpiFormScreen(), lambda _: self.reload())

    def action_kpi_edit(self) -> None:
        kpi = self._need_kpi()
        if kpi is not None:
            from .kpi_form import KpiFormScreen

            self.app.push_screen(KpiFormScreen(kpi), lambda _: self.reload())

    def action_kpi_delete(self) -> None:
        kpi = self._need_kpi()
        if kpi is not None:
            from .kpi_form import confirm_delete_kpi

            confirm_delete_kpi(self, kpi, self.reload)

    def action_kpi_promote(self) -> None:
        kpi = self._need_kpi()
        if kpi is not None:
            from .pick import promote_kpi

            promote_kpi(self, kpi, self._after_wizard)

    def action_quit(self) -> None:
        self.app.exit()
