"""The first screen: the period's objectives with their key results, and KPI health (the panes,
widgets/panes.py), side by side when both fit whole; the period and git in the title."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import Input, OptionList

from ...domain.alignment import children_of
from ...domain.health import kpi_status
from ...domain.models import Objective
from ...domain.period import Period, nearby_with_objectives
from ...domain.summary import ObjectiveSummary, summarize
from ...store.errors import StoreError
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..whose import Whose
from ..widgets.panes import CHROME, KpiPane, KpiRows, ObjectiveRows, ObjectivesPane
from ..widgets.rows import SPARK_MOST
from ..widgets.title_bar import TitleBar
from .base import OkrScreen
from .git_work import GitWork

WIDE = 150  # columns from which the KPI panel may move beside the objectives (panes.SIDE_SPARK)


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


def budget_marks(repo, kpis: list, today) -> dict[int, str]:
    """The KPIs whose error budget runs out before the quarter ends, at the current burn rate (as
    okrtui check says); only a KPI with a hold is read whole."""
    from ...domain.budget import kpi_budget

    marks = {}
    for kpi in kpis:
        budget = kpi_budget(repo.full_kpi(kpi.id) or kpi, today) if kpi.hold is not None else None
        if budget is not None and budget.runs_out:
            marks[kpi.id] = budget.verdict
    return marks


class DashboardScreen(GitWork, OkrScreen):
    SCREEN_NAME = "dashboard"
    BINDINGS = bindings("dashboard")
    AUTO_FOCUS = "#objectives"
    DRAWS_STORE = True  # drawn on mount; again when the store changes (on top) or when uncovered after

    def __init__(self) -> None:
        super().__init__()
        self.values_read = 0  # per KPI, for the sparklines (values_to_read)
        self.period_title = self.period_short = ""
        self.conflict_count = 0
        self.whose = Whose()  # m: all, mine or my team's (ui/whose.py)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        self.objectives_pane = ObjectivesPane(id="objectives-pane")
        # what an unreadable store shows: the welcome, as for an empty one
        self.objectives_pane.set_reactive(ObjectivesPane.rows,
                                          ObjectiveRows(welcome=welcome_text(self.okr.period.key, True)))
        self.kpi_pane = KpiPane(id="kpi-pane")
        with Container(id="panes"):
            yield self.objectives_pane
            yield self.kpi_pane
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.reload()

    # what the panes show, by the names the dashboard always had
    @property
    def summaries(self) -> list[ObjectiveSummary]:
        return self.objectives_pane.rows.summaries

    @property
    def kpis(self) -> list:
        return self.kpi_pane.rows.pairs

    @property
    def filter_all(self) -> bool:
        return self.objectives_pane.filter_all

    @property
    def drawn_width(self) -> int:
        return self.objectives_pane.drawn_width

    def on_resize(self) -> None:
        if values_to_read(self.size.width) > self.values_read and self.values_read:
            self.reload()  # wider: longer sparklines need more values than were read
            return
        self._lay_out(self.objectives_pane.rows, self.kpi_pane.rows)  # each pane redraws for its new width

    def _lay_out(self, objectives: ObjectiveRows, kpis: KpiRows) -> None:
        """The panes side by side, each as wide as its rows need, or one above the other
        (side_by_side); each pane is told its width before the layout gives it."""
        width = self.size.width
        side_width = None
        if width >= WIDE:  # the rows' needs are measured only where they could be side by side
            side_width = side_by_side(width, objectives.need, kpis.need)
        self.set_class(side_width is not None, "-wide")
        self.objectives_pane.styles.width = side_width  # None: the stylesheet's
        self.objectives_pane.planned_width = width if side_width is None else side_width
        self.kpi_pane.planned_width = width if side_width is None else width - side_width

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        repo = self.read_to_draw()
        if repo is None:
            return
        today = self.okr.today()
        period = self.okr.period
        own = repo.objectives(period.key)
        # every period's objectives are read only when needed: the filter searches them all, an objective
        # rolls up its children (it shows that progress), or m shows whose they are (KPIs, teams)
        wanted = self.filter_all or self.whose.mode != "all" or any(o.rollup != "krs" for o in own)
        everything = repo.objectives() if wanted else own
        children = children_of(everything) if wanted else None
        cap = self.app.settings.guard_cap  # guard.py: the highest suggested grade once a guard went critical
        summaries = [summarize(o, today, children, cap) for o in own]
        all_summaries = [summarize(o, today, children, cap) for o in everything] if self.filter_all else []
        self.values_read = values_to_read(self.size.width)
        kpis = repo.kpis(tail=self.values_read)  # the widest sparkline this screen can draw
        pairs = [(kpi, kpi_status(kpi, today)) for kpi in kpis]
        pairs.sort(key=lambda pair: (pair[1].attention_rank, pair[0].name.casefold()))
        in_period = len(summaries)
        if self.whose.mode != "all":
            self.whose.learn_teams(everything, period.key)
            summaries, all_summaries = self.whose.objectives(summaries), self.whose.objectives(all_summaries)
            pairs = self.whose.kpis(pairs, everything)
        nearby = [] if in_period else nearby_with_objectives(period, repo.period_counts())
        elapsed = period.elapsed_fraction(today)
        self.period_title = f"{period.key} · {period.start:%d %b} – {period.end:%d %b %Y} · {elapsed:.0%} elapsed"
        self.period_short = f"{period.key} · {elapsed:.0%} elapsed"  # room for the git marks at 80 columns
        try:
            self.conflict_count = len(repo.conflicts())
        except StoreError as exc:  # a values file gone bad since: the notice says which
            self.notify(str(exc), title="Store unreadable", severity="error")
            self.conflict_count = 0
        self.show_title()
        welcome = (welcome_text(period.key, repo.is_empty, nearby) if not in_period
                   else self.whose.none_words(period.key, in_period))
        objectives = ObjectiveRows(summaries, all_summaries, welcome)
        kpi_rows = KpiRows.of(pairs, budget_marks(repo, [kpi for kpi, _ in pairs], today))
        self._lay_out(objectives, kpi_rows)
        self.objectives_pane.rows = objectives  # each pane draws itself
        self.kpi_pane.rows = kpi_rows
        self.set_timer(0.3, self.check_sync)  # git runs after the frame, never before it

    # -- the title: period, conflicts, git (git_work) ------------------------------------------------
    def show_title(self) -> None:
        extra = ""
        if self.conflict_count:
            extra += f" · ⚠ {self.conflict_count} conflict{'s' if self.conflict_count > 1 else ''} (!)"
        if self.unsynced:
            extra += " · ● not synced (S)"
        self.sub_title = (self.period_short if extra else self.period_title) + self.whose.title + extra

    def action_whose(self) -> None:
        """m: all objectives and KPIs, only mine, only my team's, then all again."""
        if self.whose.me is None:
            from ...git.identity import whoami
            from ...settings.location import config_path, configured_name

            self.whose.me = whoami(self.okr.store.path, configured_name(), config_path())
        repo = self.okr.read()
        if repo is None:
            return
        self.whose.step(repo.objectives(), self.okr.period.key)
        self.reload()
        self.objectives_pane.to_top()
        self.notify(self.whose.said)

    def action_tree(self) -> None:
        from .tree import TreeScreen

        self.app.push_screen(TreeScreen())

    def action_conflicts(self) -> None:
        from .conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen())

    # -- the highlighted thing ---------------------------------------------------------------
    def _selected(self) -> tuple[int | None, str | None]:
        """(objective id, key result id) under the cursor."""
        return self.objectives_pane.selected()

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
            self.objectives_pane.select(f"o:{saved.id}")

    def action_open(self) -> None:
        objective_id, kr_id = self._selected()
        if objective_id is None:
            self.notify("No objective here yet: press n to plan one.")
            return
        from .detail import DetailScreen

        ids = [s.objective.id for s in self.objectives_pane.shown()]
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
        self.objectives_pane.to_top()

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
        pane = self.objectives_pane
        pane.filter_all = not pane.filter_all  # its title says so
        self.reload()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.objectives_pane.filter_text = event.value

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
                    self.objectives_pane.filter_all = False
                    self.reload()

    def action_log_kpis(self) -> None:
        from .quick_entry import QuickEntryScreen

        self.app.push_screen(QuickEntryScreen())

    def action_review(self) -> None:
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    # -- the KPI pane ------------------------------------------------------------------------------
    def _need_kpi(self):
        kpi = self.kpi_pane.selected()
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
