"""The App: store, period, themes and the watch on the store file. Screens do the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from ..domain.period import Period
from ..domain.safetext import printable, printable_lines
from ..store import Store, StoreError
from .actions import PANES, SCREEN_TITLES, listed
from .themes_loader import load_themes

POLL_SECONDS = 1.0
DEFAULT_THEME = "okrtui-dark"


class OkrApp(App):
    TITLE = "okrtui"
    CSS_PATH = Path(__file__).with_name("okrtui.tcss")  # absolute, so subclasses anywhere find it

    def __init__(self, store: Store, *, today: Callable[[], date] = date.today, cursor_blink: bool = True,
                 start: str | None = None):
        super().__init__()
        self.store = store
        self.start = start  # "log": open on quick entry (okrtui log with no arguments)
        self.today = today
        self.cursor_blink = cursor_blink
        self.period = Period.containing(today())
        self._signature = store.signature()
        for theme in load_themes():
            self.register_theme(theme)
        self.theme = DEFAULT_THEME

    def on_mount(self) -> None:
        from .screens.dashboard import DashboardScreen

        if self.start == "log":  # `okrtui log`: quick entry alone, leaving it leaves okrtui
            from .screens.quick_entry import QuickEntryScreen

            self.push_screen(QuickEntryScreen(leave_app=True))
        else:
            self.push_screen(DashboardScreen())
        self.set_interval(POLL_SECONDS, self.check_store)


    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        # Notices quote titles and file paths: plain text unless a caller asks for markup, and
        # whatever a store holds goes through the one sanitiser (no escapes, no bidi overrides).
        if not markup:
            message = printable_lines(message)
            if "title" in kwargs:
                kwargs["title"] = printable(kwargs["title"])
        super().notify(message, markup=markup, **kwargs)

    # -- the store ---------------------------------------------------------------------------
    def read(self):
        """A fresh read-only Repo, or None (with a notice) if the store cannot be read."""
        try:
            repo = self.store.read()
        except StoreError as exc:
            self.notify(str(exc), title="Store unreadable", severity="error", timeout=10)
            return None
        self._signature = self.store.signature()
        return repo

    def write(self, change: Callable) -> object | None:
        """Run change(repo) in one locked transaction; report problems instead of raising."""
        from ..store.repo import ValidationError

        try:
            with self.store.transaction() as repo:
                result = change(repo)
        except ValidationError as exc:
            self.notify(str(exc), title="Not saved", severity="error")
            return None
        except (StoreError, KeyError, ValueError, OSError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return None
        self._signature = self.store.signature()
        return result if result is not None else True

    def log_value(self, kpi_id: int, day: date, value: float, note: str = "") -> bool | None:
        """Log one KPI value the way `okrtui log` does (one line rewritten); whether it replaced
        one, or None (with a notice) when it could not be saved."""
        from ..domain.matching import MatchError
        from ..store.fastlog import log_value_fast

        try:
            logged = log_value_fast(self.store, f"#{kpi_id}", day.isoformat(), value, note)
        except MatchError:
            self.notify(f"KPI {kpi_id} no longer exists.", title="Not saved", severity="error")
            return None
        except (StoreError, OSError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return None
        if logged is None:  # not the usual layout: the TinyDB path
            result = self.write(lambda repo: repo.log_value(kpi_id, day, value, note))
            return None if result is None else result is True
        self._signature = self.store.signature()
        return logged[1]

    def action_undo(self, backwards: bool = True) -> None:
        """u: undo the last change made through okrtui; shift+u: redo. Says what, or why not."""
        from ..store.journal import UndoRefused, step

        try:
            what = step(self.store, backwards)
        except UndoRefused as exc:
            self.notify(str(exc), title="Nothing undone" if backwards else "Nothing redone", severity="warning")
            return
        except (StoreError, OSError) as exc:
            self.notify(str(exc), title="Store unreadable", severity="error", timeout=10)
            return
        self.notify(f"{'Undid' if backwards else 'Redid'}: {what}")
        self.check_store()

    def step_period(self, steps: int) -> bool:
        """Move the period shown by `steps` ([ and ]); False, with a notice, past the calendar's ends."""
        from ..domain.period import PeriodError

        try:
            self.period = self.period.shifted(steps)
        except PeriodError as exc:
            self.notify(str(exc), severity="warning")
            return False
        return True

    def check_store(self) -> None:
        """Another process (okrtui log, a second TUI) changed the file: show it."""
        signature = self.store.signature()
        if signature != self._signature:
            self._signature = signature
            for screen in self.screen_stack:
                reload = getattr(screen, "reload", None)
                if reload is not None:
                    reload()

    # -- the command palette ----------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        name = getattr(screen, "SCREEN_NAME", "")
        if name:
            seen = set()
            for section in [name, *PANES.get(name, [])]:
                for item in listed(section):
                    if item.action == "command_palette" or item.action in seen:
                        continue
                    seen.add(item.action.removeprefix("screen."))
                    seen.add(item.action)
                    yield SystemCommand(
                        f"{item.label} ({item.shown_key})",
                        f"{SCREEN_TITLES[section]}: {item.help}",
                        _runner(screen, item.action.removeprefix("screen.")),
                    )
        yield from super().get_system_commands(screen)


def _runner(screen: Screen, action: str) -> Callable[[], None]:
    def run() -> None:
        screen.call_later(screen.run_action, action)  # run_action is a coroutine

    return run


def run(store: Store, start: str | None = None) -> int:
    app = OkrApp(store, start=start)
    app.run()
    return app.return_code or 0  # 1 when the app ended on an error, never a silent 0
