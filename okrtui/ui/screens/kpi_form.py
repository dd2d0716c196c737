"""Add or edit a KPI: a template to start from, then name, unit, direction, cadence and levels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label, Select

from ...domain.budget import check_hold
from ...domain.models import Kpi
from ...domain.parsing import exact_text, parse_number
from ...domain.safetext import printable
from ...domain.templates import TEMPLATES
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.form import Field, refused_hidden
from ..widgets.lists import QuietScroll
from .base import OkrModal

DIRECTIONS = [("higher is better", "up"), ("lower is better", "down")]
CADENCES = [("daily", "daily"), ("weekly", "weekly"), ("monthly", "monthly")]
LEVELS = (("target", "Target (optional): the level you want"),
          ("warn", "Warning level (optional)"), ("crit", "Critical level (optional)"))


class KpiFormScreen(OkrModal):
    SCREEN_NAME = "kpi_form"
    ASKS_BEFORE_LEAVING = True
    BINDINGS = bindings("kpi_form")

    def __init__(self, kpi: Kpi | None = None, prefill: Kpi | None = None):
        super().__init__()
        self.kpi = kpi  # the KPI edited; None adds one (prefilled from `prefill`, e.g. a key result's level)
        self.prefill = prefill
        self.AUTO_FOCUS = "#template" if kpi is None and prefill is None else "#name-input"

    def compose(self) -> ComposeResult:
        kpi = self.kpi or self.prefill or Kpi(name="")
        blink = self.okr.cursor_blink
        with QuietScroll(id="kpi-form", classes="dialog"):
            yield Label("Edit the KPI" if self.kpi else "Add a KPI: a health metric to watch", id="kpi-form-title")
            if self.kpi is None and self.prefill is None:
                yield Select([(Content(t.words()), t.name) for t in TEMPLATES], prompt="start from a template (optional)",
                             id="template", compact=True)
            yield Field("Name", kpi.name, id="name", blink=blink, max_length=80)
            yield Field("Unit (%, $, min, visits…)", kpi.unit, id="unit", blink=blink, max_length=20)
            yield Select(DIRECTIONS, value=kpi.direction, allow_blank=False, id="direction", compact=True)
            yield Select(CADENCES, value=kpi.cadence, allow_blank=False, id="cadence", compact=True)
            for name, label in LEVELS:
                value = getattr(kpi, name)
                yield Field(label, "" if value is None else exact_text(value), id=name, blink=blink, max_length=30)
            yield Field("Category (optional)", kpi.category, id="category", blink=blink, max_length=40)
            yield Field("Owner (optional): who answers for it", kpi.owner, id="owner", blink=blink, max_length=80)
            yield Field("Hold (optional): the share of values clear of the warning level, e.g. 0.95",
                        "" if kpi.hold is None else exact_text(kpi.hold), id="hold", blink=blink, max_length=30)
            if self.kpi is not None:
                repo = self.okr.read()
                followers = repo.following(self.kpi.id) if repo is not None else []
                if followers:
                    yield Label(f"Key results {', '.join(kr.id for _, kr in followers)} follow this KPI: they take its"
                                " unit and direction as saved here.", classes="hint", markup=False)
            yield Label("tab moves between fields (enter on a list opens it) · ctrl+s saves · esc cancels",
                        classes="hint")
        yield KeyFooter(show_command_palette=False)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "template" or event.value is Select.BLANK:
            return
        template = next(t for t in TEMPLATES if t.name == event.value)
        # what the user typed stays; what a template filled (or nothing) takes this template's
        filled = {"", *(getattr(t, name) for t in TEMPLATES for name in ("name", "unit", "category"))}
        for name in ("name", "unit", "category"):
            field = self.query_one(f"#{name}", Field)
            if field.value.strip() in filled:
                field.value = getattr(template, name)
        self.query_one("#direction", Select).value = template.direction
        self.query_one("#cadence", Select).value = template.cadence
        name = self.query_one("#name", Field).input
        name.focus()  # the name first: the template's is a start, the KPI is yours
        name.cursor_position = len(name.value)

    def on_input_submitted(self, event) -> None:
        if event.input.id in ("category-input", "owner-input", "hold-input"):  # the last fields: enter saves
            self.action_save()
        else:
            self.app.action_focus_next()

    def _read(self) -> Kpi | None:
        kpi = Kpi(name=self.query_one("#name", Field).value.strip())
        if self.kpi is not None:
            kpi.id, kpi.series = self.kpi.id, self.kpi.series
        elif self.prefill is not None:
            kpi.series = self.prefill.series  # a kept level's first value, on the closing day
        kpi.unit = self.query_one("#unit", Field).value.strip()
        kpi.category = self.query_one("#category", Field).value.strip()
        kpi.owner = " ".join(self.query_one("#owner", Field).value.split())
        kpi.direction = self.query_one("#direction", Select).value
        kpi.cadence = self.query_one("#cadence", Select).value
        ok = True
        for name, _ in LEVELS:
            field = self.query_one(f"#{name}", Field)
            try:
                setattr(kpi, name, parse_number(field.value, f"the {name}") if field.value.strip() else None)
                field.set_error(None)
            except ValueError as exc:
                field.set_error(str(exc))
                ok = False
        hold = self.query_one("#hold", Field)  # the error budget (domain/budget.py); blank: none
        try:
            kpi.hold = check_hold(parse_number(hold.value, "the hold")) if hold.value.strip() else None
            hold.set_error(None)
        except ValueError as exc:
            hold.set_error(str(exc))
            ok = False
        return kpi if ok else None

    def action_save(self) -> None:
        from ...domain.validation import validate_kpi

        if refused_hidden(self.query(Field)):
            return
        kpi = self._read()
        if kpi is None:
            return
        findings = validate_kpi(kpi)
        for name in ("name", "unit", "category", "target", "warn", "crit", "owner"):
            self.query_one(f"#{name}", Field).set_error(findings.errors.get(name))
        if not findings.ok:
            return
        if self.kpi is None:
            saved = self.okr.write(lambda repo: repo.add_kpi(kpi))
        else:
            saved = self.okr.write(lambda repo: repo.update_kpi(kpi))
        if saved:
            self.notify(f"{'Saved' if self.kpi else 'Added'} KPI {printable(kpi.name)}.")
            self.dismiss(kpi)

    def action_cancel(self) -> None:
        self.leave_asking(lambda: self.dismiss(None))


def confirm_delete_kpi(screen, kpi: Kpi) -> None:
    """Ask first, naming the key results that follow the KPI; they keep its values as check-ins."""
    from .confirm import ConfirmScreen

    repo = screen.okr.read()
    if repo is None:
        return
    followers = repo.following(kpi.id)
    question = f"Delete KPI {printable(kpi.name)!r} and all its values?"
    if followers:
        names = ", ".join(f"{kr.id} {printable(kr.title)}" for _, kr in followers)
        question += f"\nKey results follow it: {names}. They keep its values as check-ins."

    def answered(yes: bool | None) -> None:
        if yes and screen.okr.write(lambda repo: repo.delete_kpi(kpi.id, screen.okr.today())):
            screen.notify(f"Deleted KPI {printable(kpi.name)}.")

    screen.app.push_screen(ConfirmScreen(question), answered)
