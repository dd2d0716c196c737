"""Review a period: every objective with its key results' progress, the suggested grade and
what its kind expects; close objectives (status, final grade, reflection), carry one over,
turn a key result's level into a KPI. The end of the road trip."""

from __future__ import annotations

from statistics import median

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...domain.closing import CLOSED_STATUSES, ClosingError, keep_refusal, kpi_from_key_result, reopened
from ...domain.models import BINARY_KR_KINDS, KeyResult, Objective
from ...domain.parsing import exact_text, parse_number
from ...domain.period import PeriodError
from ...domain.progress import EXPECTED_GRADE, grade_band, grade_verdict
from ...domain.safetext import printable
from ...domain.summary import ObjectiveSummary, summarize
from ...textfmt import cell_width, fit, fit_words, percent, squeeze
from ..actions import bindings, key_for
from ..widgets.footer import KeyFooter
from ..widgets.form import Field, refused_hidden
from ..widgets.lists import RowList
from ..widgets.title_bar import TitleBar
from .base import OkrModal, OkrScreen

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
        self.summaries = [summarize(o, today) for o in repo.objectives(period.key)]
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
            options += [Option(kr_review_row(kr, s.kr_progress[kr.id], width), id=f"k:{kr.id}")
                        for kr in s.objective.key_results]
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
        note.update(words)

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
    def _selected_option(self) -> None:
        self.action_close()

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
        from ...store.config import ConfigError, write_report

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


class CloseScreen(OkrModal):
    """Status, final grade (prefilled with the suggested one) and a reflection."""

    SCREEN_NAME = "close"
    ASKS_BEFORE_LEAVING = True
    BINDINGS = bindings("close")
    AUTO_FOCUS = "#status"

    def __init__(self, summary: ObjectiveSummary):
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        o: Objective = self.summary.objective
        grade = o.review.grade if o.review.grade is not None else self.summary.suggested_grade
        status = o.status if o.status in CLOSED_STATUSES else ("achieved" if grade >= 1.0 else "missed")
        blink = self.okr.cursor_blink
        with Vertical(id="close-dialog", classes="dialog"):
            yield Label(f"Close objective {o.id}: {printable(o.title)}", markup=False, id="close-title")
            yield Label(f"progress {percent(self.summary.progress).strip()} · suggested grade "
                        f"{self.summary.suggested_grade:.1f} · {o.kind} expects {EXPECTED_GRADE.get(o.kind, 1.0):.1f}",
                        classes="hint", markup=False)
            yield Label("How it ended (enter opens the list)", classes="select-label")
            yield Select([(s, s) for s in CLOSED_STATUSES], value=status, allow_blank=False, id="status", compact=True)
            shown = exact_text(o.review.grade) if o.review.grade is not None else f"{grade:.1f}"  # never re-rounded
            yield Field("Final grade, 0.0 to 1.0", shown, id="grade", blink=blink, max_length=10)
            yield Field("Reflection: what did you learn?", o.review.note, id="note", blink=blink, max_length=500)
            yield Label("tab moves · enter (reflection) or ctrl+s saves · esc cancels", classes="hint")
        yield KeyFooter(show_command_palette=False)

    def on_input_submitted(self, event) -> None:
        if event.input.id == "note-input":
            self.action_save()
        else:
            self.app.action_focus_next()

    def action_save(self) -> None:
        if refused_hidden(self.query(Field)):
            return
        grade_field = self.query_one("#grade", Field)
        try:
            grade = parse_number(grade_field.value, "the grade")
            if not 0.0 <= grade <= 1.0:
                raise ValueError("the grade is from 0.0 to 1.0")
            grade_field.set_error(None)
        except ValueError as exc:
            grade_field.set_error(str(exc))
            return
        status = self.query_one("#status", Select).value
        note = self.query_one("#note", Field).value.strip()
        objective_id = self.summary.objective.id
        if self.okr.write(lambda repo: repo.close_objective(objective_id, status, grade, note)):
            self.notify(f"Closed objective {objective_id} as {status}, grade {grade:.1f}.")
            self.dismiss(status)

    def action_cancel(self) -> None:
        self.leave_asking(lambda: self.dismiss(None))


class CarryScreen(OkrModal):
    """Per key result: keep it (from its closing value), change its target, or drop it."""

    SCREEN_NAME = "carry"
    ASKS_BEFORE_LEAVING = True
    BINDINGS = bindings("carry")
    AUTO_FOCUS = "#carry-krs"

    def __init__(self, objective: Objective, period: str):
        super().__init__()
        self.objective = objective
        self.period = period
        self.dropped: set[str] = set()
        self.targets: dict[str, float] = {}
        self.titles: dict[str, str] = {}  # new titles the user gave (n)

    def compose(self) -> ComposeResult:
        o = self.objective
        with Vertical(id="carry-dialog", classes="dialog"):
            yield Label(f"Carry objective {o.id} into {self.period}: {printable(o.title)}", markup=False,
                        id="carry-title")
            yield Label("Kept key results start from their closing values; no check-ins.", classes="hint")
            yield RowList(id="carry-krs")
            yield Field("New target for the highlighted key result (t; enter sets it)", id="carry-target",
                        blink=self.okr.cursor_blink, max_length=30)
            yield Field("New title for the highlighted key result (n; enter sets it)", id="carry-name",
                        blink=self.okr.cursor_blink, max_length=200)
            yield Label("spc keeps/drops · t target · n title · ctrl+s carries · esc cancels", classes="hint")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#carry-target").display = False
        self.query_one("#carry-name").display = False
        self._draw()

    @property
    def dirty(self) -> bool:
        """A key result dropped or given a new target or title is work esc would throw away, as is typed text."""
        return bool(self.dropped or self.targets or self.titles) or super().dirty

    def _carried_title(self, kr) -> tuple[str, str]:
        """(the title the carried key result will have, a warning or ""): one written from its
        numbers follows the new ones; one the user wrote naming an old number is flagged."""
        from ...domain.closing import retitled
        from ...domain.models import KeyResult

        if kr.id in self.titles:
            return self.titles[kr.id], ""
        carried = KeyResult(kr.title, start=kr.value, target=self.targets.get(kr.id, kr.target), id=kr.id)
        return retitled(kr.title, kr, carried)

    def _draw(self) -> None:
        krs = self.query_one("#carry-krs", OptionList)
        keep = krs.highlighted
        krs.clear_options()
        for kr in self.objective.key_results:
            dropped = kr.id in self.dropped
            target = self.targets.get(kr.id, kr.target)
            title, warning = (kr.title, "") if dropped else self._carried_title(kr)
            words = ("✗ drop  " if dropped else "✓ keep  ") + f"{kr.id} {printable(title)}"
            if not dropped:
                words += f"  from {exact_text(kr.value)} to {exact_text(target)}{' (new)' if kr.id in self.targets else ''}"
            if warning:  # "the title of 1.1 says $150,000, but its target is now 120000: rename it"
                words += f"  ⚠ {warning.split(' says ', 1)[-1].replace('rename it', 'n renames it')}"
            krs.add_option(Option(Content(words), id=kr.id))
        if krs.option_count:
            krs.highlighted = min(keep or 0, krs.option_count - 1)

    def _kr_id(self) -> str | None:
        option = self.query_one("#carry-krs", OptionList).highlighted_option
        return option.id if option is not None else None

    def action_toggle(self) -> None:
        kr_id = self._kr_id()
        if kr_id is not None:
            self.dropped.symmetric_difference_update({kr_id})
            self.targets.pop(kr_id, None)
            self._draw()

    def action_target(self) -> None:
        kr_id = self._kr_id()
        if kr_id is None or kr_id in self.dropped:
            self.notify("Highlight a kept key result to change its target.")
            return
        field = self.query_one("#carry-target", Field)
        field.display = True
        field.set_error(None)
        field.input.focus()

    def action_rename(self) -> None:
        kr_id = self._kr_id()
        if kr_id is None or kr_id in self.dropped:
            self.notify("Highlight a kept key result to give it a new title.")
            return
        kr = next(k for k in self.objective.key_results if k.id == kr_id)
        field = self.query_one("#carry-name", Field)
        field.value = self._carried_title(kr)[0]
        field.display = True
        field.set_error(None)
        field.input.focus()

    def on_input_submitted(self, event) -> None:
        if event.input.id == "carry-name-input":
            self._set_title()
            return
        field = self.query_one("#carry-target", Field)
        kr_id = self._kr_id()
        try:
            self.targets[kr_id] = parse_number(field.value, "the target")
        except ValueError as exc:
            field.set_error(str(exc))
            return
        field.value = ""
        field.display = False
        self.query_one("#carry-krs", OptionList).focus()
        self._draw()

    def _set_title(self) -> None:
        from ...domain.validation import has_control_chars

        field = self.query_one("#carry-name", Field)
        title = field.value.strip()
        if not title or has_control_chars(title):
            field.set_error("a key result needs a title, in plain text" if not title else field.hidden
                            or "the title contains control characters")
            return
        self.titles[self._kr_id()] = title
        field.display = False
        self.query_one("#carry-krs", OptionList).focus()
        self._draw()

    def action_cursor_down(self) -> None:
        self.query_one("#carry-krs", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#carry-krs", OptionList).action_cursor_up()

    def action_save(self) -> None:
        o, dropped, targets = self.objective, set(self.dropped), dict(self.targets)
        titles = {kr_id: title for kr_id, title in self.titles.items() if kr_id not in dropped}
        new = self.okr.write(lambda repo: repo.carry_objective(o.id, self.period, dropped, targets, titles))
        if new:
            self.notify(f"Objective {o.id} continues as objective {new.id} in {new.period}"
                        f" with {len(new.key_results)} key results.")
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.leave_asking(lambda: self.dismiss(False))
