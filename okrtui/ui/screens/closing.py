"""The review's dialogs: close an objective (status, final grade, reflection) and carry one into
the next period (each key result kept, given a new target or title, or dropped)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Select
from textual.widgets.option_list import Option

from ...domain.closing import CLOSED_STATUSES
from ...domain.models import Objective
from ...domain.parsing import exact_text, parse_number
from ...domain.progress import EXPECTED_GRADE
from ...domain.safetext import printable
from ...domain.summary import ObjectiveSummary
from ...textfmt import percent
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.form import Field, refused_hidden
from ..widgets.lists import RowList
from .base import OkrModal


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
