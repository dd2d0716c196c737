"""One objective: every field, key results with their check-in history, initiatives."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.models import Objective
from ...domain.progress import grade_band, grade_verdict
from ...domain.summary import ObjectiveSummary, summarize
from ...honest import honest_lines
from ...textfmt import number, percent, printable, progress_bar, sparkline
from ..actions import bindings, key_for
from ..widgets.footer import KeyFooter
from ..widgets.lists import QuietScroll, RowList
from ..widgets.plan_rows import change_lines, grade_line
from ..widgets.rows import kr_row, objective_columns, objective_state
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

INITIATIVE_MARKS = {"todo": "[ ]", "doing": "[~]", "done": "[x]"}


class DetailScreen(OkrScreen):
    SCREEN_NAME = "detail"
    BINDINGS = bindings("detail")
    AUTO_FOCUS = "#krs"
    DRAWS_STORE = True  # read when first shown, and again when uncovered after the store changed

    def __init__(self, objective_id: int, siblings: list[int] | None = None, kr_id: str | None = None):
        super().__init__()
        self.objective_id = objective_id
        self.objective_ids = siblings or [objective_id]
        self.focus_kr = kr_id
        self.objective: Objective | None = None
        self.summary: ObjectiveSummary | None = None
        self.drawn_width = 0
        self.honest: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with QuietScroll(id="detail"):  # the header scrolls with the rest: none of it is ever cut
            yield Static(id="info")
            yield RowList(id="krs")
            yield Static(id="history")
            yield RowList(id="initiatives")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#krs").border_title = "Key results · how will you know you have arrived?"
        self.query_one("#initiatives").border_title = "Initiatives · what will you do when you get there?"
        self.query_one("#history").border_title = "Check-ins"

    def on_descendant_focus(self, event) -> None:
        """Back on the key results, the header above them shows again as far as the screen allows
        (it scrolls with them, so that none of it is ever cut)."""
        if event.widget.id == "krs":
            self.query_one("#detail", QuietScroll).scroll_home(animate=False, immediate=True)
            event.widget.scroll_visible(animate=False, immediate=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self._redraw_if_resized)

    def _list_width(self) -> int:
        # Before layout, the width it will have: screen less padding, gutters and border (10 columns).
        return max(40, self.query_one("#krs", OptionList).scrollable_content_region.width or self.size.width - 10)

    def _redraw_if_resized(self) -> None:
        if self.objective is not None and self._list_width() != self.drawn_width:
            self.reload()

    def reload(self) -> None:
        repo = self.read_to_draw()
        if repo is None:
            return
        objective = repo.objective(self.objective_id)
        if objective is None:  # deleted meanwhile, here or by another process
            if self.is_current:
                self.notify(f"Objective {self.objective_id} no longer exists.", severity="warning")
                self.dismiss(None)
            self.mark_stale()  # under a dialog: checked again when the dialog closes
            return
        self.objective = objective
        self.summary = summarize(objective, self.okr.today(), guard_cap=self.app.settings.guard_cap)
        self.honest = honest_lines(objective, repo.full_kpi)  # forecast and feasibility, by key result
        parent = repo.objective(objective.parent) if objective.parent else None
        links = [(label, repo.objective(other)) for label, other in
                 (("carried from", objective.carried_from), ("carried into", objective.carried_into)) if other]
        self._draw(parent, [(label, other) for label, other in links if other is not None])

    def _draw(self, parent: Objective | None, links: list[tuple[str, Objective]] = ()) -> None:
        o, s = self.objective, self.summary
        position = f"{self.objective_ids.index(o.id) + 1}/{len(self.objective_ids)}" if o.id in self.objective_ids else ""
        self.sub_title = f"objective {o.id} · {o.period} {position}"
        state, state_style = objective_state(s)
        lines = [
            Content.assemble((printable(o.title), "bold")),
            Content.assemble(
                (progress_bar(s.progress, 20), "$primary"), " ", percent(s.progress).strip(), "  ", (state, state_style),
                f"  suggested grade {s.suggested_grade:.1f} ({grade_band(s.suggested_grade)})",
            ),
            Content(f"{o.kind} · {o.status} · owner {printable(o.owner) or '—'} · team {printable(o.team) or '—'}"),
        ]
        if o.why:
            lines.append(Content.assemble(("why: ", "$text-muted"), printable(o.why)))
        if parent:
            lines.append(Content.assemble(("aligned with: ", "$text-muted"), f"{parent.id} {printable(parent.title)}"))
        for warning in s.warnings:
            lines.append(Content.assemble(("⚠ " + warning, "$warning")))
        lines += [Content.assemble((printable(line), "$warning" if line.startswith("⚠") else "")) for line in s.target_lines()]
        for label, other in links:  # the chain across periods
            lines.append(Content.assemble((f"{label}: ", "$text-muted"),
                                          f"{other.id} {printable(other.title)} ({other.period}, {other.status})"))
        if o.review.grade is not None:
            verdict = grade_verdict(o.review.grade, o.kind)
            lines.append(Content(f"review: grade {o.review.grade:.1f} ({grade_band(o.review.grade)}, {verdict}) {printable(o.review.note)}"))
        lines += grade_line(o, self.app.settings.guard_cap)  # the grade against the frozen plan, when it changed
        self.query_one("#info", Static).update(Content("\n").join(lines))

        krs = self.query_one("#krs", OptionList)
        keep = krs.highlighted_option.id if krs.highlighted_option else self.focus_kr
        width = self.drawn_width = self._list_width()
        krs.clear_options()
        if o.key_results:
            columns = objective_columns([s])
            krs.add_options(Option(kr_row(kr, s.kr_progress[kr.id], width, spark=True, columns=columns), id=kr.id)
                            for kr in o.key_results)
            ids = [kr.id for kr in o.key_results]
            krs.highlighted = ids.index(keep) if keep in ids else 0
        else:
            krs.add_option(Option(f"No key results yet: press {key_for(self.app, 'detail.edit')}, then "
                                  f"{key_for(self.app, 'wizard.next_step')} to add them.", disabled=True))

        initiatives = self.query_one("#initiatives", OptionList)
        at = initiatives.highlighted
        initiatives.clear_options()
        if o.initiatives:
            initiatives.add_options(
                Option(Content.assemble((INITIATIVE_MARKS.get(i.status, "[?]"), "$accent"), f" {printable(i.title)}  ",
                                        (i.status, "$text-muted")), id=f"i{n}")
                for n, i in enumerate(o.initiatives)
            )
            initiatives.highlighted = min(at or 0, len(o.initiatives) - 1)
        else:
            initiatives.add_option(Option("No initiatives yet: press e and go to step 3.", disabled=True))
        self._draw_history()

    def _highlighted_kr(self):
        option = self.query_one("#krs", OptionList).highlighted_option
        if self.objective is None or option is None:
            return None
        return next((kr for kr in self.objective.key_results if kr.id == option.id), None)

    @on(OptionList.OptionHighlighted, "#krs")
    def _draw_history(self) -> None:
        kr = self._highlighted_kr()
        history = self.query_one("#history", Static)
        if kr is None:
            history.update("—")
            return
        honest = [Content.assemble((line, "$text-muted")) for line in self.honest.get(kr.id, [])]
        if not kr.checkins:
            history.update(Content("\n").join([Content(f"{kr.id}: no check-ins yet. Press c to add one."),
                                                *change_lines(self.objective, kr), *honest]))
            return
        recent = kr.checkins[-3:]
        lines = [
            Content.assemble(
                f"{kr.id}  ", (sparkline([c.value for c in kr.checkins], 30), "$primary"),
                f"  {len(kr.checkins)} check-ins",
                # its own owner, when not the objective's (who answers for the rest: the line above)
                f" · owner {printable(kr.owner)}" if kr.owner and kr.owner != self.objective.owner else "",
            )
        ]
        lines += change_lines(self.objective, kr)  # changed since the plan froze
        for c in reversed(recent):
            when = datetime.fromisoformat(c.at).strftime("%Y-%m-%d")
            conf = f"conf {c.confidence}" if c.confidence is not None else "conf –"
            by = f"  by {printable(c.by)}" if c.by else ""  # who checked in, when okrtui knows
            lines.append(Content(f"{when}  {number(c.value):>9}  {conf:<7}  {printable(c.note)}{by}"))
        history.update(Content("\n").join(lines + honest))

    # -- actions -----------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self.objective is None:
            return
        from .wizard import WizardScreen

        self.app.push_screen(WizardScreen(objective=self.objective))

    def action_checkin(self) -> None:
        kr = self._highlighted_kr()
        if kr is None:
            self.notify("No key result to check in on: press e to add one.", severity="warning")
            return
        from .checkin import open_checkin

        open_checkin(self, self.objective, kr)

    def action_toggle_initiative(self) -> None:
        initiatives = self.query_one("#initiatives", OptionList)
        if self.objective is None or not self.objective.initiatives or initiatives.highlighted is None:
            self.notify("No initiative to toggle.")
            return
        index = initiatives.highlighted

        def toggle(repo) -> None:
            objective = repo.objective(self.objective_id)
            initiative = objective.initiatives[index]
            initiative.status = initiative.cycled()
            repo.save_objective(objective)

        self.okr.write(toggle)
        self.reload()

    def action_delete(self) -> None:
        if self.objective is None:
            return
        from .confirm import ConfirmScreen

        objective = self.objective

        def answered(yes: bool | None) -> None:
            if yes and self.okr.write(lambda repo: repo.delete_objective(objective.id)):
                self.notify(f"Deleted objective {objective.id}.")
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(f"Delete objective {objective.id}, {objective.title!r}, with its key results and check-ins?"), answered)

    def action_step(self, step: int) -> None:
        if self.objective_id not in self.objective_ids:
            return
        index = self.objective_ids.index(self.objective_id) + step
        if 0 <= index < len(self.objective_ids):
            self.objective_id = self.objective_ids[index]
            self.focus_kr = None
            self.query_one("#krs", OptionList).highlighted = None
            self.reload()
        else:
            self.notify("That was the " + ("last" if step > 0 else "first") + " objective of the period.")

    def action_back(self) -> None:
        self.dismiss(None)
