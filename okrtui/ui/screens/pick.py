"""Choose one of a few things by keyboard: the objective a KPI becomes a key result of."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...domain.models import Kpi
from ...domain.planning import key_result_from_kpi
from ...domain.safetext import printable
from ...honest import made_words
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.lists import RowList
from .base import OkrModal

NEW = "new"


class PickScreen(OkrModal):
    SCREEN_NAME = "pick"
    BINDINGS = bindings("pick")
    AUTO_FOCUS = "#choices"

    def __init__(self, question: str, choices: list[tuple[str, str]]):
        super().__init__()
        self.question = question
        self.choices = choices  # (id, words)

    def compose(self) -> ComposeResult:
        with Vertical(id="pick", classes="dialog"):
            yield Label(self.question, markup=False)
            yield RowList(*[Option(Content(words), id=key) for key, words in self.choices], id="choices")
            yield Label("enter chooses · esc cancels", classes="hint")
        yield KeyFooter(show_command_palette=False)

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def promote_kpi(screen, kpi: Kpi, after_new_plan=None) -> None:
    """A KPI that needs improving becomes a key result (of an objective of the period, or a new one)
    that follows it: its values move the key result, nobody types a number twice."""
    repo = screen.okr.read()
    if repo is None:
        return
    period = screen.okr.period.key
    full = repo.kpi(kpi.id, tail=60)
    if full is None:
        return
    try:
        key_result_from_kpi(full, today=screen.okr.today())
    except ValueError as exc:
        screen.notify(f"{exc}: e edits the KPI.", severity="warning")
        return
    objectives = [o for o in repo.objectives(period) if o.status in ("draft", "active")]
    choices = [(str(o.id), f"{o.id}  {printable(o.title)}") for o in objectives]
    choices.append((NEW, f"+ a new objective in {period}"))

    def chosen(choice: str | None) -> None:
        if choice is None:
            return
        kr = key_result_from_kpi(full, today=screen.okr.today())
        feasible = made_words(kr, repo.kpi(kpi.id), period, screen.okr.today())  # its whole history
        if choice == NEW:
            if feasible:
                screen.notify(feasible.strip())
            from .wizard import WizardScreen

            screen.app.push_screen(WizardScreen(period=period, key_results=[kr]), after_new_plan)
            return

        def add(repo) -> str:
            objective = repo.objective(int(choice))
            objective.key_results.append(kr)
            repo.save_plan(objective)
            return kr.id

        added = screen.okr.write(add)
        if added:
            screen.notify(f"Key result {added} follows KPI {printable(kpi.name)}: logging the KPI moves it.{feasible}")

    screen.app.push_screen(PickScreen(f"Turn {printable(kpi.name)} into a key result of which objective?", choices),
                           chosen)
