"""Review a period: every objective with its key results' progress, the suggested grade and
what its kind expects; close objectives (status, final grade, reflection), carry one over,
turn a key result's level into a KPI. The end of the road trip."""

from __future__ import annotations

from statistics import median

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.closing import CLOSED_STATUSES, ClosingError, keep_refusal, kpi_from_key_result, reopened
from ...domain.models import BINARY_KR_KINDS, KeyResult, Objective
from ...domain.parsing import exact_text
from ...domain.period import PeriodError
from ...domain.progress import EXPECTED_GRADE, grade_band, grade_verdict
from ...domain.safetext import printable
from ...domain.summary import ObjectiveSummary, summarize
from ...honest import forecast_words
from ...textfmt import cell_width, fit, fit_words, percent, squeeze
from ..actions import bindings, key_for
from ..widgets.footer import KeyFooter
from ..widgets.lists import RowList
from ..widgets.plan_rows import change_options, grade_note
from ..widgets.title_bar import TitleBar
from .base import OkrScreen
from .closing import CarryScreen, CloseScreen

BAND_STYLES = {"red": "$error", "yellow": "$warning", "green": "$success"}


def period_summary(summaries: list[ObjectiveSummary]) -> str:
    """Counts by status, the spread of final grades, key results per band: one line of words."""
    statuses = {status: 0 for status in (*CLOSED_STATUSES, "carried")}
    open_count = 0
    grades, bands = [], {"red": 0, "yellow": 0, "green": 0}
    for s in summaries:
        o = s.objective
        if o.status in statuses:
            statuses[o.status] += 1
        else:
            open_count += 1
        if o.review.grade is not None:
            grades.append(o.review.grade)
        for progress in s.kr_progress.values():
            bands[grade_band(min(1.0, progress))] += 1
    parts = [f"{len(summaries)} objectives"] + [f"{n} {status}" for status, n in statuses.items() if n]
    parts.append(f"{open_count} open")
    if grades:
        parts.append(f"grades {min(grades):.1f}–{max(grades):.1f} (median {median(grades):.1f})")
    parts.append(f"key results: {bands['red']} red, {bands['yellow']} yellow, {bands['green']} green")
    return " · ".join(parts)


def final_state(o) -> tuple[str, str]:
    """How the objective ended (status, grade, verdict) or that it is open, with its style."""
    if o.review.grade is not None and o.status not in ("draft", "active"):
        verdict = grade_verdict(o.review.grade, o.kind)
        return f"{o.status} {o.review.grade:.1f} {verdict}", BAND_STYLES[grade_band(o.review.grade)]
    return f"open · {o.status}", "$text-muted"


def review_row(summary: ObjectiveSummary, width: int, final_widest: int = 25) -> Content:
    """`final_widest`: the longest final state in the list, so that column is no wider than it needs."""
    o = summary.objective
    expected = EXPECTED_GRADE.get(o.kind, 1.0)
    final, style = final_state(o)
    suggested = f"suggests {summary.suggested_grade:.1f} of {expected:.1f}"
    title_width, (suggested_width, final_width) = squeeze(
        width - 5, 12, [(len(suggested) + 1, 0), (final_widest + 1, min(final_widest + 1, 10))])
    return Content.assemble((fit(str(o.id), 4), "$text-muted"), " ", (fit(printable(o.title), title_width), "bold"),
                            " ", fit(suggested, suggested_width - 1), " ", (fit_words(final, final_width - 1), style))


def kr_review_row(kr, progress: float, width: int) -> Content:
    band = grade_band(min(1.0, progress))
    title_width = max(8, width - 26)
    return Content.assemble("     ", (fit(kr.id, 6), "$text-muted"), fit(printable(kr.title), title_width), " ",
                            percent(progress), " ", (fit(f"● {band}", 9), BAND_STYLES[band]))


class ReviewScreen(OkrScreen):
    SCREEN_NAME = "review"
    BINDINGS = bindings("review")
    AUTO_FOCUS = "#review-list"
    DRAWS_STORE = True  # read when first shown, and again when uncovered after the store changed

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[ObjectiveSummary] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="review-summary", markup=False)
        yield RowList(id="review-list")
        yield Static(id="review-note", markup=False)
        yield KeyFooter(show_command_palette=False)

    def reload(self) -> None:
        repo = self.read_to_draw()
        if repo is None:
            return
        today, period = self.okr.today(), self.okr.period
        self.summaries = [summarize(o, today, guard_cap=self.app.settings.guard_cap) for o in repo.objectives(period.key)]
        state = "ended" if today > period.end else f"{period.elapsed_fraction(today):.0%} elapsed"
        self.sub_title = f"Review · {period.key} · {state}"
        self.query_one("#review-summary", Static).update(period_summary(self.summaries) if self.summaries
                                                         else f"No objectives in {period.key}: [ and ] move.")
        listing = self.query_one("#review-list", OptionList)
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        width = max(40, listing.scrollable_content_region.width or self.size.width - 6)
        options: list[Option | None] = []
        final_widest = max([10, *(cell_width(final_state(s.objective)[0]) for s in self.summaries)])
        for s in self.summaries:
            if options:
                options.append(None)
            options.append(Option(review_row(s, width, final_widest), id=f"o:{s.objective.id}"))
            for kr in s.objective.key_results:
                options.append(Option(kr_review_row(kr, s.kr_progress[kr.id], width), id=f"k:{kr.id}"))
                options += change_options(s.objective, kr, width)  # changed since the plan froze
        listing.clear_options()
        listing.add_options(options)
        if keep:
            try:
                listing.highlighted = listing.get_option_index(keep)
            except Exception:  # gone: back to the top
                listing.highlighted = 0 if listing.option_count else None
        elif listing.option_count:
            listing.highlighted = 0
        self._explain()

    @on(OptionList.OptionHighlighted, "#review-list")
    def _explain(self) -> None:
        """Under the list, in words: what the highlighted objective's grade means."""
        summary = self._selected()
        note = self.query_one("#review-note", Static)
        if summary is None:
            note.update("")
            return
        o = summary.objective
        grade = o.review.grade if o.review.grade is not None else summary.suggested_grade
        words = f"{o.kind}: expects {EXPECTED_GRADE.get(o.kind, 1.0):.1f}; {grade:.1f} {grade_verdict(grade, o.kind)}."
        if o.kind == "committed" and grade < 1.0:
            words += " A committed objective below 1.0 deserves a look at why."
        if o.carried_into:
            words += f" Carried into objective {o.carried_into}."
        words += "".join(f" {printable(line)}." for line in summary.guard_words())  # why the grade is capped
        words += grade_note(o, self.app.settings.guard_cap)  # against the frozen plan too, when it changed
        kr = self._selected_kr()
        note.update(words if kr is None else f"{kr.id} {forecast_words(kr, self.okr.period)}. {words}")

    def _selected(self) -> ObjectiveSummary | None:
        option = self.query_one("#review-list", OptionList).highlighted_option
        if option is None or not option.id:
            return None
        ident = option.id[2:]
        objective_id = int(ident.split(".")[0])
        return next((s for s in self.summaries if s.objective.id == objective_id), None)

    def _selected_kr(self):
        option = self.query_one("#review-list", OptionList).highlighted_option
        summary = self._selected()
        if option is None or summary is None or not option.id.startswith("k:"):
            return None
        return next((kr for kr in summary.objective.key_results if kr.id == option.id[2:]), None)

    # -- actions -----------------------------------------------------------------------------------
    def action_close(self) -> None:
        summary = self._selected()
        if summary is None:
            self.notify("Highlight an objective to close.")
            return
        self.app.push_screen(CloseScreen(summary), lambda status: self._after_close(summary, status))

    def _after_close(self, summary: ObjectiveSummary, status: str | None) -> None:
        """An achieved objective may call for KPIs that keep the level it reached: offer them, esc skips.
        A key result that follows a KPI is not offered: that KPI keeps its level already."""
        repo = self.okr.read() if status == "achieved" else None
        objective = repo.objective(summary.objective.id) if repo is not None else None
        if objective is None:
            return
        krs = [kr for kr in objective.key_results if _keep_problem(kr) is None]
        if not krs:
            return
        from .pick import PickScreen

        choices = [(kr.id, f"{kr.id} {printable(kr.title)}: keep {exact_text(kr.value)}{printable(kr.unit)}")
                   for kr in krs]

        def chosen(kr_id: str | None) -> None:
            kr = next((k for k in krs if k.id == kr_id), None)
            if kr is not None:
                self._keep_level(objective, kr)

        self.app.push_screen(PickScreen("Achieved: keep a level it reached as a KPI? (esc skips; m does it later)",
                                        choices), chosen)

    def _keep_level(self, objective: Objective, kr: KeyResult) -> None:
        """The KPI form, filled from the key result: named after what it measures, levels rounded as
        its numbers are written, the level reached as its first value on the closing day (or today)."""
        from .kpi_form import KpiFormScreen

        day = objective.review.closed or self.okr.today().isoformat()
        self.app.push_screen(KpiFormScreen(prefill=kpi_from_key_result(kr, day=day)))

    @on(OptionList.OptionSelected, "#review-list")
    async def _selected_option(self) -> None:
        await self.run_action("close")  # through the app, which refuses it when read-only

    def action_carry(self) -> None:
        summary = self._selected()
        if summary is None:
            self.notify("Highlight an objective to carry over.")
            return
        try:
            target = self.okr.period.shifted(1).key
        except PeriodError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.app.push_screen(CarryScreen(summary.objective, target))

    def action_seed(self) -> None:
        from .pick import PickScreen

        summary = self._selected()
        if summary is None or not summary.objective.initiatives:
            self.notify("Highlight an objective that has initiatives.")
            return
        o = summary.objective
        choices = [(str(n), f"{n}. [{i.status}] {printable(i.title)}") for n, i in enumerate(o.initiatives, start=1)]

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            draft = self.okr.write(lambda repo: repo.seed_from_initiative(o.id, int(choice)))
            if draft:
                self.notify(f"Draft objective {draft.id} in {draft.period}: {printable(draft.title)}.")

        self.app.push_screen(PickScreen("Which initiative becomes a draft objective of the next period?", choices),
                             chosen)

    def action_write_report(self) -> None:
        from ...report_md import markdown_report
        from ...settings.config import ConfigError, write_report

        repo = self.okr.read()
        if repo is None:
            return
        period = self.okr.period
        text = markdown_report(repo.objectives(period.key), repo.kpis(tail=None), period, self.okr.today())
        try:
            path = write_report(f"okrtui-report-{period.key}.md", text)
        except ConfigError as exc:
            self.notify(str(exc), title="Not written", severity="error")
            return
        self.notify(f"Report written to {path}")

    def action_make_kpi(self) -> None:
        kr = self._selected_kr()
        if kr is None:
            self.notify("Highlight a key result (j/k) to keep its level as a KPI.")
            return
        problem = _keep_problem(kr)
        if problem:
            self.notify(problem, title="No KPI made", severity="warning")
            return
        self._keep_level(self._selected().objective, kr)

    def action_reopen(self) -> None:
        """Open the highlighted closed objective again (journalled: u closes it as it was)."""
        summary = self._selected()
        if summary is None:
            self.notify("Highlight a closed objective to reopen.")
            return
        objective = summary.objective
        repo = self.okr.read()
        if repo is None:
            return
        try:
            reopened(objective, repo.continuation(objective))
        except ClosingError as exc:
            self.notify(str(exc), title="Not reopened", severity="warning")
            return
        opened = self.okr.write(lambda repo: repo.reopen_objective(objective.id))
        if opened:
            self.notify(f"Objective {objective.id} is {opened.status} again: its key results take check-ins"
                        f" ({key_for(self.app, 'review.undo')} closes it as it was).")
        self.reload()

    def action_period(self, step: int) -> None:
        if self.okr.step_period(step):
            self.reload()

    def action_back(self) -> None:
        self.dismiss(None)


def _keep_problem(kr: KeyResult) -> str | None:
    """Why a key result's level cannot be kept as a KPI, in words (None: it can)."""
    if kr.kind in BINARY_KR_KINDS:
        return f"{kr.id} is done or not done ({kr.kind}): there is no level to keep as a KPI"
    return keep_refusal(kr)
