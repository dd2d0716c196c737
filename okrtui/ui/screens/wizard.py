"""The road trip: plan (or edit) an objective in four steps, by keyboard alone.

1. Where do you need to go?            -> the objective
2. How will you know you have arrived? -> two to five key results (or KPIs made key results)
3. What will you do when you get there? -> initiatives
4. Review, then save.
"""

from __future__ import annotations

import copy

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...domain.alignment import AlignmentError, check_alignment, parent_words, parse_parent
from ...domain.targets import typed_targets
from ...domain.health import kpi_status
from ...domain.models import OBJECTIVE_STATUSES, Initiative, KeyResult, Objective
from ...domain.parsing import parse_number
from ...domain.period import Period, PeriodError, parse_date
from ...domain.planning import key_result_from_kpi
from ...honest import made_words
from ...domain.progress import kr_progress, objective_progress
from ...domain.validation import is_measurable, validate_objective
from ...textfmt import number, percent, printable, value_of_target
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.form import Field, refused_hidden
from ..widgets.lists import RowList
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

STEPS = [
    ("step1", "Where do you need to go?"),
    ("step2", "How will you know you have arrived?"),
    ("step3", "What will you do when you get there?"),
    ("step4", "Review the whole OKR, then save"),
]
def kr_form_fields(blink: bool) -> list[Field]:
    """Step 2's form for a key result, in tab order (KR_FIELDS)."""
    return [
        Field("…or write a key result: how will you measure it? *", id="kr-title", placeholder="e.g. Lift NPS from 55 to 66",
              blink=blink, max_length=200),
        Field("Start value", id="kr-start", placeholder="0", blink=blink),
        Field("Target value (below the start means lower is better) *", id="kr-target", placeholder="e.g. 66", blink=blink),
        Field("Unit", id="kr-unit", placeholder="%, $, h, tickets…", blink=blink, max_length=20),
        Field("Due date (YYYY-MM-DD, optional)", id="kr-due", blink=blink),
        Field("Owner (optional; blank: the objective's owner)", id="kr-owner", blink=blink, max_length=80),
        Field("Guard KPI (optional): must not go critical meanwhile", id="kr-guard", blink=blink, max_length=200),
        Field("Hold (stay above/below only): share that must hold, e.g. 0.95", id="kr-hold", blink=blink, max_length=20),
    ]


KR_FIELDS = ("kr-title", "kr-start", "kr-target", "kr-unit", "kr-due", "kr-owner", "kr-guard", "kr-hold")
AUTO_STATUS = "auto"


class WizardScreen(OkrScreen):
    SCREEN_NAME = "wizard"
    BINDINGS = bindings("wizard")
    AUTO_FOCUS = "#title-input"

    def __init__(self, objective: Objective | None = None, period: str | None = None,
                 key_results: list[KeyResult] | None = None):
        super().__init__()
        self.editing = objective is not None
        self.objective = copy.deepcopy(objective) if objective else Objective(title="", period=period or "")
        # a new plan may start with key results already made (from a KPI on the dashboard)
        self.key_results: list[KeyResult] = list(self.objective.key_results) + list(key_results or [])
        self.initiatives: list[Initiative] = list(self.objective.initiatives)
        self.step = 0
        self.editing_kr: int | None = None  # index of the key result loaded into the form
        self._initial_state: tuple | None = None
        self._kpis: list = []  # (KPI, its KpiStatus), those needing attention first
        self._parents: list[Objective] = []

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        o = self.objective
        blink = self.okr.cursor_blink
        repo = self.okr.read()
        today = self.okr.today()
        if repo is not None:
            self._parents = [p for p in repo.objectives() if p.id != o.id]
            pairs = [(kpi, kpi_status(kpi, today)) for kpi in repo.kpis(tail=30)]
            self._kpis = sorted(pairs, key=lambda pair: (pair[1].attention_rank, pair[0].name.casefold()))
        yield TitleBar()
        with Horizontal(id="steps"):  # the question wraps under itself, beside the step marks
            yield Static(id="step-marks")
            yield Static(id="step-question")
        with ContentSwitcher(initial="step1", id="pages"):
            with VerticalScroll(id="step1", classes="step"):
                yield Field("Objective: the destination, in a sentence *", o.title, id="title",
                            placeholder="e.g. Raise the customer-experience score by 20%", blink=blink, max_length=200)
                yield Field("Why does it matter?", o.why, id="why", blink=blink, max_length=500)
                yield Field("Period (2026-Q4, Q4 2026 or 2026-01-01..2026-03-31)", o.period or Period.containing(today).key,
                            id="period", blink=blink)
                yield Label("Kind", classes="select-label")
                yield Select([("committed: expected to reach 1.0", "committed"), ("aspirational: about 0.7 is success", "aspirational")],
                             value=o.kind, allow_blank=False, id="kind", compact=True)
                yield Field("Owner", o.owner, id="owner", blink=blink, max_length=80)
                yield Field("Team", o.team, id="team", blink=blink, max_length=80)
                yield Label("Aligned with (the objective, or its key result, this one serves)", classes="select-label")
                options = parent_options(self._parents)
                yield Select(options, value=parent_words(o) if parent_words(o) in [v for _, v in options] else Select.NULL,
                             prompt="none", id="parent", compact=True)
                yield Label("Status", classes="select-label")
                status_options = [(s, s) for s in OBJECTIVE_STATUSES]
                if not self.editing:
                    status_options.insert(0, ("auto: active once it has a key result, else draft", AUTO_STATUS))
                yield Select(status_options, value=o.status if self.editing else AUTO_STATUS, allow_blank=False, id="status", compact=True)
            with VerticalScroll(id="step2", classes="step"):
                # first, so a short terminal shows it too (shift+tab from the title reaches it, past the list)
                yield Label("Turn a KPI into a key result:", classes="select-label")
                yield Select(self._kpi_options(), prompt="pick a KPI (those needing attention first)", id="kpi-pick",
                             compact=True)
                yield Label("Key results so far (delete removes the highlighted one):", classes="select-label gap")
                yield RowList(id="kr-list")
                yield from kr_form_fields(blink)
                yield Label("enter adds the key result once it has a title and a target", classes="select-label")
            with VerticalScroll(id="step3", classes="step"):
                yield Label("Initiatives: the work you will do (space on the detail screen cycles todo/doing/done)",
                            classes="select-label")
                yield RowList(id="init-list")
                yield Field("New initiative — enter adds it", id="init-title", placeholder="e.g. New on-call rota",
                            blink=blink, max_length=200)
            with VerticalScroll(id="step4", classes="step"):
                yield Static(id="review")
        yield KeyFooter(show_command_palette=False)

    def _kpi_options(self) -> list[tuple[Content, int]]:
        options = []
        for kpi, status in self._kpis:
            latest = f"{status.latest[1]:g}" if status.latest else "no data"
            options.append((Content(f"{status.glyph} {status.label:<9} {printable(kpi.name)} (now {latest}, target "
                                    f"{'—' if kpi.target is None else f'{kpi.target:g}'})"), kpi.id))
        return options

    def on_mount(self) -> None:
        self.query_one("#kr-list").border_title = "Key results"
        self.query_one("#init-list").border_title = "Initiatives"
        self._draw_items()
        self._show_step(0)
        self._initial_state = self._state()

    # -- steps -------------------------------------------------------------------------------
    def _show_step(self, step: int) -> None:
        self.step = step
        self.refresh_bindings()
        self.query_one("#pages", ContentSwitcher).current = STEPS[step][0]
        marks = []
        for index in range(len(STEPS)):
            style = "bold reverse $accent" if index == step else "$text-muted"
            marks.append(Content.assemble((f" {index + 1} ", style)))
        action = "Edit" if self.editing else "Plan"
        self.query_one("#step-marks", Static).update(Content.assemble(*_joined(marks, Content(" ─ ")), "  "))
        self.query_one("#step-question", Static).update(Content.assemble((STEPS[step][1], "bold")))
        self.sub_title = f"{action} an objective · step {step + 1} of 4"
        if step == 3:
            self._draw_review()
        first = {0: "#title-input", 1: "#kr-title-input", 2: "#init-title-input", 3: None}[step]
        self.query_one(f"#{STEPS[step][0]}", VerticalScroll).scroll_home(animate=False)
        if first:
            self.query_one(first).focus(scroll_visible=False)
        else:
            self.set_focus(None)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # no "Next step" on the last step, no "Prev step" on the first
        if action == "step" and parameters:
            return 0 <= self.step + parameters[0] < len(STEPS)
        return True

    def action_step(self, delta: int) -> None:
        if self.step == 1 and delta > 0 and self._kr_form_has_text():
            if not self._add_kr_from_form():
                return  # keep the typed key result and its messages on screen
        if self.step == 2 and delta > 0:
            self._add_initiative_from_form()
        target = self.step + delta
        if 0 <= target < len(STEPS):
            self._show_step(target)

    # -- key results and initiatives -----------------------------------------------------------
    def _draw_items(self) -> None:
        kr_list = self.query_one("#kr-list", OptionList)
        kr_list.clear_options()
        if self.key_results:
            for index, kr in enumerate(self.key_results):
                arrow = "↓ lower is better" if kr.lower_is_better else ""
                due = f" due {kr.due}" if kr.due else ""
                due += f" · {printable(kr.owner)}" if kr.owner else ""
                label = f"{index + 1}. {printable(kr.title)}  {value_of_target(kr.start, kr.target, printable(kr.unit))}{due} {arrow}"
                kr_list.add_option(Option(Content(label), id=f"kr{index}"))  # Content: user text is never markup
        else:
            kr_list.add_option(Option("none yet: two to five is the usual shape", disabled=True))
            kr_list.highlighted = 0
        count = len(self.key_results)
        kr_list.border_subtitle = f"{count} of 2-5" + (" ⚠" if count and not 2 <= count <= 5 else "")
        init_list = self.query_one("#init-list", OptionList)
        init_list.clear_options()
        if self.initiatives:
            init_list.add_options(
                Option(Content(f"[{i.status}] {printable(i.title)}"), id=f"in{n}") for n, i in enumerate(self.initiatives)
            )
            init_list.highlighted = 0
        else:
            init_list.add_option(Option("none yet", disabled=True))

    def _kr_form_has_text(self) -> bool:
        return any(self.query_one(f"#{name}", Field).value.strip() for name in KR_FIELDS)

    def _add_kr_from_form(self) -> bool:
        fields = {name: self.query_one(f"#{name}", Field) for name in KR_FIELDS}
        for field in fields.values():
            field.set_error(None)
        if refused_hidden(fields.values()):
            return False
        title = fields["kr-title"].value.strip()
        errors: dict[str, str] = {}
        if not title:
            errors["kr-title"] = "a key result needs a title: what will you measure?"
        start = target = None
        try:
            start = parse_number(fields["kr-start"].value or "0", "the start value")
        except ValueError as exc:
            errors["kr-start"] = str(exc)
        if not fields["kr-target"].value.strip():
            errors["kr-target"] = "a target is what makes it measurable"
        else:
            try:
                target = parse_number(fields["kr-target"].value, "the target")
            except ValueError as exc:
                errors["kr-target"] = str(exc)
        due = None
        if fields["kr-due"].value.strip():
            try:
                due = parse_date(fields["kr-due"].value)
            except PeriodError as exc:
                errors["kr-due"] = str(exc)
        editing = None if self.editing_kr is None else self.key_results[self.editing_kr]
        guard, hold, refused = typed_targets(fields["kr-guard"].value, fields["kr-hold"].value,
                                             [k for k, _ in self._kpis], editing)
        errors.update({name: printable(words) for name, words in refused.items()})
        if self.editing_kr is None and len(self.key_results) >= 10:
            errors["kr-title"] = "ten key results is the most one objective can carry"
        if errors:
            for name, message in errors.items():
                fields[name].set_error(message)
            fields[next(iter(errors))].input.focus()
            return False
        unit = fields["kr-unit"].value.strip()
        owner = " ".join(fields["kr-owner"].value.split())
        kind = "percent" if unit == "%" else "currency" if unit in ("$", "€", "£", "¥") else "number"
        if self.editing_kr is None:
            self.key_results.append(KeyResult(title=title, kind=kind, start=start, target=target, current=start, unit=unit,
                                              due=due, owner=owner, guard=guard))
        else:  # same key result: its id and check-ins stay
            kr = self.key_results[self.editing_kr]
            if not kr.checkins:
                kr.current = start
            kr.title, kr.start, kr.target, kr.unit, kr.due, kr.owner = title, start, target, unit, due, owner
            kr.guard, kr.hold = guard, hold
            if kr.kind not in ("boolean", "milestone"):
                kr.kind = kind
            self.editing_kr = None
        for field in fields.values():
            field.value = ""
        fields["kr-title"].input.focus()
        self._draw_items()
        return True

    @on(OptionList.OptionSelected, "#kr-list")
    def action_edit_item(self) -> None:
        """Load the highlighted key result into the form; enter in the form saves the change."""
        kr_list = self.query_one("#kr-list", OptionList)
        if self.focused is not kr_list or kr_list.highlighted is None or not self.key_results:
            return
        self.editing_kr = kr_list.highlighted
        kr = self.key_results[self.editing_kr]
        values = {"kr-title": kr.title, "kr-start": number(kr.start), "kr-target": number(kr.target),
                  "kr-unit": kr.unit, "kr-due": kr.due.isoformat() if kr.due else "", "kr-owner": kr.owner,
                  "kr-guard": next((k.name for k, _ in self._kpis if k.id == kr.guard), ""),
                  "kr-hold": number(kr.hold) if kr.hold != 1 else ""}
        for name, value in values.items():
            self.query_one(f"#{name}", Field).value = value
        self.query_one("#kr-title-input").focus()
        self.notify(f"Editing key result {self.editing_kr + 1}: enter in the form saves the change.")

    def _add_initiative_from_form(self) -> None:
        field = self.query_one("#init-title", Field)
        title = field.value.strip()
        if title:
            self.initiatives.append(Initiative(title))
            field.value = ""
            self._draw_items()

    def on_input_submitted(self, event) -> None:
        name = (event.input.id or "").removesuffix("-input")
        if name in KR_FIELDS:
            typed = {field: self.query_one(f"#{field}", Field).value.strip() for field in ("kr-title", "kr-target")}
            if all(typed.values()) or name == KR_FIELDS[-1]:
                self._add_kr_from_form()  # it has what it needs (or this was the last field)
            else:
                self.focus_next()
        elif name == "init-title":
            self._add_initiative_from_form()
        else:
            self.focus_next()

    @on(Select.Changed, "#kpi-pick")
    def _kpi_picked(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        kpi = next((k for k, _ in self._kpis if k.id == event.value), None)
        if kpi is None:
            return
        event.select.clear()
        try:
            kr = key_result_from_kpi(kpi, today=self.okr.today())
        except ValueError as exc:
            self.notify(f"{exc}: add the key result by hand, or give the KPI a target.", severity="warning")
            return
        self.key_results.append(kr)
        self._draw_items()
        repo = self.okr.read()  # the KPI's whole history: how often it moved that far before
        feasible = made_words(kr, repo.kpi(kpi.id) if repo else None, self.query_one("#period", Field).value, self.okr.today())
        self.notify(f"Key result added from KPI {kpi.name!r}; enter on it in the list changes its target.{feasible}")

    def action_remove_item(self) -> None:
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.highlighted is None:
            return
        items = self.key_results if focused.id == "kr-list" else self.initiatives if focused.id == "init-list" else None
        if items:
            del items[focused.highlighted]
            if items is self.key_results:
                self.editing_kr = None  # indexes moved
            self._draw_items()

    # -- the objective as typed ----------------------------------------------------------------
    def _state(self) -> tuple:
        values = tuple(f.value for f in self.query(Field))
        selects = tuple(s.value for s in self.query(Select) if s.id != "kpi-pick")
        return values + selects + (repr(self.key_results), repr(self.initiatives))

    @property
    def dirty(self) -> bool:
        return self._initial_state is not None and self._state() != self._initial_state

    def _collect(self) -> Objective:
        o = copy.deepcopy(self.objective)
        o.title = self.query_one("#title", Field).value.strip()
        o.why = self.query_one("#why", Field).value.strip()
        o.owner = self.query_one("#owner", Field).value.strip()
        o.team = self.query_one("#team", Field).value.strip()
        period_text = self.query_one("#period", Field).value
        try:
            o.period = Period.parse(period_text).key
        except PeriodError:
            o.period = period_text  # validation reports it in words
        o.kind = self.query_one("#kind", Select).value
        parent = self.query_one("#parent", Select).value
        o.parent, o.parent_kr = (None, None) if parent is Select.NULL else parse_parent(parent) or (None, None)
        o.key_results = list(self.key_results)
        o.initiatives = list(self.initiatives)
        status = self.query_one("#status", Select).value
        if status == AUTO_STATUS:
            status = "active" if any(is_measurable(kr) for kr in o.key_results) else "draft"
        o.status = status
        return o

    def _draw_review(self) -> None:
        o = self._collect()
        findings = validate_objective(o)
        progress = objective_progress(o)
        lines = [
            Content.assemble(("Where: ", "$text-muted"), (printable(o.title) or "(no title yet)", "bold")),
            Content.assemble(("Why: ", "$text-muted"), printable(o.why) or "—"),
            Content(f"{o.period} · {o.kind} · saves as {o.status} · owner {printable(o.owner) or '—'} · progress {percent(progress).strip()}"
                    + (f" · serves {parent_words(o)}" if o.parent is not None else "")),
            Content(""),
            Content.assemble(("How you will know you arrived:", "$text-muted")),
        ]
        lines += [
            Content(f"  {n + 1}. {printable(kr.title)}  {value_of_target(kr.value, kr.target, printable(kr.unit))}  {percent(kr_progress(kr)).strip()}"
                    + (f"  · {printable(kr.owner)}" if kr.owner else ""))
            for n, kr in enumerate(o.key_results)
        ] or [Content("  none yet")]
        lines += [Content(""), Content.assemble(("What you will do:", "$text-muted"))]
        lines += [Content(f"  [{i.status}] {printable(i.title)}") for i in o.initiatives] or [Content("  none yet")]
        lines.append(Content(""))
        for message in findings.errors.values():
            lines.append(Content.assemble(("✗ " + message, "$error")))
        for message in findings.warnings:
            lines.append(Content.assemble(("⚠ " + message, "$warning")))
        if findings.ok:
            lines.append(Content.assemble(("✓ ready: ctrl+s saves", "$success")))
        self.query_one("#review", Static).update(Content("\n").join(lines))

    # -- save and leave ----------------------------------------------------------------------
    def action_save(self) -> None:
        if self.step == 1 and self._kr_form_has_text() and not self._add_kr_from_form():
            return
        step1 = [self.query_one(f"#{name}", Field) for name in ("title", "why", "period", "owner", "team")]
        if refused_hidden(step1):
            self._show_step(0)
            next(field for field in step1 if field.hidden).input.focus()
            self.notify("A field holds hidden characters (shown escaped): edit them out to save.",
                        title="Not saved yet", severity="error")
            return
        self._add_initiative_from_form()
        objective = self._collect()
        findings = validate_objective(objective)
        for name in ("title", "period"):
            self.query_one(f"#{name}", Field).set_error(findings.errors.get(name))
        if not findings.ok:
            first = next(iter(findings.errors))  # e.g. "title", "kr1.target", "initiative0.title"
            self._show_step(1 if first.startswith("kr") else 2 if first.startswith("initiative") else 0)
            if first in ("title", "period"):
                self.query_one(f"#{first}-input").focus()
            self.notify(findings.first_error(), title="Not saved yet", severity="error")
            return
        if not self._alignment_holds(objective):
            return
        saved = self.okr.write(lambda repo: repo.save_plan(objective))
        if saved:
            kind = "draft" if objective.status == "draft" else objective.status
            self.notify(f"Saved objective {saved} ({kind}).")
            self.dismiss(objective)  # the saved objective, with its id

    def _alignment_holds(self, objective: Objective) -> bool:
        """A parent that cannot be (a cycle, a later period, gone since) is refused in the words of
        domain.alignment, on step 1 with the parent box focused."""
        parent = None if objective.parent is None else (objective.parent, objective.parent_kr)
        repo = self.okr.read()
        if parent is None or repo is None:
            return True
        child = copy.copy(objective)
        child.id = objective.id or -1  # a new objective: an id no stored one has
        try:
            check_alignment([o for o in repo.objectives() if o.id != child.id] + [child], child.id, parent)
        except AlignmentError as exc:
            self._show_step(0)
            self.query_one("#parent", Select).focus()
            self.notify(f"Aligned with {parent_words(objective)}: {exc}", title="Not saved yet", severity="error")
            return False
        return True

    def action_back(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from .confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Throw away what you typed?", yes="y  discard", no="n  keep editing"), answered)


def parent_options(parents: list[Objective]) -> list[tuple[Content, str]]:
    """Each objective ("3 Title (2026-Q4)"), then its key results ("3.2 KR title"), by id: the value is
    what okrtui objective align --parent takes."""
    options = []
    for p in sorted(parents, key=lambda p: p.id or 0):
        options.append((Content(f"{p.id} {printable(p.title)} ({p.period})"), str(p.id)))
        options += [(Content(f"  {kr.id} {printable(kr.title)}"), kr.id) for kr in p.key_results]
    return options


def _joined(items: list, separator):
    out = []
    for index, item in enumerate(items):
        if index:
            out.append(separator)
        out.append(item)
    return out
