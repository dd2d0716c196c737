"""The App: store, period, themes and the watch on the store file. Screens do the rest."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from ..domain.period import Period
from ..domain.safetext import printable, printable_lines, shortened
from ..store import Store, StoreError
from ..settings.config import ConfigError, Settings, load_settings, save_setting
from .actions import PANES, SCREEN_TITLES, changes_data, keys_in_force, listed
from .appearance import LineFilters, apply_keymap, choose_theme
from .keys_in_order import KeysInOrder
from .messages import StoreChanged

POLL_SECONDS = 1.0
MAX_NOTICES = 3  # at once: a fourth retires the oldest, so notices never bury the data
# Textual's own commands that okrtui's table offers too (Keys: help does it), by the action that does it
SYSTEM_COMMANDS_SHOWN_ELSEWHERE = {"Quit": "quit", "Keys": "help"}


class OkrApp(KeysInOrder, App):
    TITLE = "okrtui"
    first_frame_shown = False  # KeyFooter waits for it
    keys_rebound: dict[str, str] = {}  # binding id -> keys, from the config's [keys] (appearance.apply_keymap)
    CSS_PATH = Path(__file__).with_name("okrtui.tcss")  # absolute, so subclasses anywhere find it

    def __init__(self, store: Store, *, today: Callable[[], date] = date.today, cursor_blink: bool = True,
                 start: str | None = None, settings: Settings | None = None, theme: str | None = None,
                 ascii_only: bool | None = None, detect_colours: bool = False, first_read: tuple | None = None,
                 read_only: bool = False):
        """`settings` default to the config file's; `theme` and `ascii_only` (command-line flags) win
        over them. `detect_colours`: on a 16-colour terminal, use the 16-colour theme unless one was chosen.
        `first_read`: (store signature, Repo) of a read made before the app (okrtui's check that the
        store can be used), which the first read() returns while the store is unchanged since."""
        super().__init__()
        self.read_only = read_only  # okrtui --read-only, okrtui serve --read-only: nothing that changes data runs
        self._first_read = first_read
        self.resume_gc = False  # run(): open_tui turned the collector off until the first frame is drawn
        self.frame_drawn = False  # OkrScreen draws no frame in the startup batch, only to have it dropped
        self.store = store
        self.start = start  # "log": open on quick entry (okrtui log with no arguments)
        self.today = today
        self.cursor_blink = cursor_blink
        self.period = Period.containing(today())
        self._signature = store.signature()
        self.settings = settings if settings is not None else load_settings()
        self.problems = list(self.settings.problems)  # shown as notices once the screen is up
        self._line_filters = LineFilters(self.settings.ascii if ascii_only is None else ascii_only, self.no_color)
        self.problems += choose_theme(self, theme, self.settings.theme, detect_colours)
        self._saved_theme = self.theme  # a palette pick that differs is saved (_save_theme)
        self.problems += apply_keymap(self, self.settings.keys)

    def first_frame_drawn(self) -> None:
        """Called by the screen that drew it (or 2 s after Ready): the collector, off since open_tui, runs again."""
        self.frame_drawn = True
        if self.resume_gc:
            self.resume_gc = False
            gc.enable()

    def run(self, *args, **kwargs):  # type: ignore[override]
        # Everything imported so far lives as long as the app. Frozen, the collector stops walking
        # it, which spares the full collection that otherwise lands in the first frame (~25 ms).
        gc.freeze()
        return super().run(*args, **kwargs)

    def on_ready(self) -> None:
        from .widgets.footer import KeyFooter

        self.first_frame_shown = True
        if self.resume_gc:  # should the first screen not be one that says it drew (OkrScreen), in 2 s anyway
            self.set_timer(2, self.first_frame_drawn)
        screen = self.screen
        for footer in screen.query(KeyFooter):
            footer.call_next(footer.bindings_changed, screen)  # in the footer's context, as the signal calls it

    def get_line_filters(self):
        """Textual's line filters as okrtui changes them (--ascii, NO_COLOR: appearance.LineFilters)."""
        return self._line_filters(super().get_line_filters())

    def handle_bindings_clash(self, clashed_bindings, node) -> None:
        """Clashes are found from the table (appearance.apply_keymap) and reported once, not here:
        Textual also counts a rebound binding's other keys, and a text field's own keys, as clashes."""

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if self.problems:  # one notice for them all, each problem on a line of its own, never a screenful
            lines = [shortened(problem, 200) for problem in self.problems[:6]]
            if len(self.problems) > 6:
                lines.append(f"… and {len(self.problems) - 6} more")
            self.notify("\n".join(lines), title="Config: defaults used for", severity="warning", timeout=10)

        from .screens.dashboard import DashboardScreen

        if self.read_only:
            self.notify("You can look at everything here, and change nothing.", title="Read-only")
        if self.start == "log" and not self.read_only:  # `okrtui log`: quick entry alone, leaving it leaves okrtui
            from .screens.quick_entry import QuickEntryScreen

            self.push_screen(QuickEntryScreen(leave_app=True))
        else:
            self.push_screen(DashboardScreen())
        self.set_interval(POLL_SECONDS, self.check_store)

    def _save_theme(self, theme) -> None:
        """A theme picked in the palette is kept for the next start."""
        if theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        try:
            path = save_setting("theme", theme.name)
        except ConfigError as exc:
            self.notify(str(exc), title="Theme not saved", severity="warning")
            return
        self.notify(f"Theme {theme.name} saved in {path}", timeout=3)

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        # Notices quote titles and file paths: plain text unless a caller asks for markup, and
        # whatever a store holds goes through the one sanitiser (no escapes, no bidi overrides).
        if not markup:
            message = printable_lines(message)
            if "title" in kwargs:
                kwargs["title"] = printable(kwargs["title"])
        super().notify(message, markup=markup, **kwargs)

    def _on_notify(self, event) -> None:
        """Textual shows the posted notice; the same notice again replaces itself (no stack of
        copies) and a fourth retires the oldest."""
        new = event.notification
        for shown in list(self._notifications):
            if shown.message == new.message and shown.title == new.title:
                self._unnotify(shown, refresh=False)
        super()._on_notify(event)
        event.prevent_default()  # Textual would run App._on_notify again for the base class
        for oldest in list(self._notifications)[:-MAX_NOTICES]:
            self._unnotify(oldest)

    # -- the store ---------------------------------------------------------------------------
    def read(self):
        """A fresh read-only Repo, or None (with a notice) if the store cannot be read."""
        first, self._first_read = self._first_read, None
        if first is not None and first[0] is not None and first[0] == self.store.signature():
            signature, repo = first  # no second read of the same bytes before the first frame
            repo.tables.kpi_values.report = self._values_problem  # as store.read(report=...) sets it
            self._signature = signature
            return repo
        try:
            repo = self.store.read(report=self._values_problem)
        except StoreError as exc:
            self.notify(str(exc), title="Store unreadable", severity="error", timeout=10)
            return None
        self._signature = self.store.signature()
        return repo

    def _values_problem(self, problem: StoreError) -> None:
        """A KPI's values file that cannot be used reads as no values, and says so (once: notices merge)."""
        self.notify(str(problem), title="Store unreadable", severity="error", timeout=10)

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
        self._wrote()
        return result if result is not None else True

    def log_value(self, kpi_id: int, day: date, value: float, note: str = "") -> bool | None:
        """Log one KPI value the way `okrtui log` does (one line rewritten); whether it replaced
        one, or None (with a notice) when it could not be saved."""
        from ..domain.matching import MatchError
        from ..store.fastlog import log_value_fast

        try:
            logged = log_value_fast(self.store, f"#{kpi_id}", day.isoformat(), value, note, self.store.author_name())
        except MatchError:
            self.notify(f"KPI {kpi_id} no longer exists.", title="Not saved", severity="error")
            return None
        except (StoreError, OSError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return None
        if logged is None:  # not the usual layout: the TinyDB path
            result = self.write(lambda repo: repo.log_value(kpi_id, day, value, note))
            return None if result is None else result is True
        self._wrote()
        return logged[1]

    def _wrote(self) -> None:
        """After this app's own write: the top screen hears of it (the one that wrote may have
        drawn it already: then it has nothing to do)."""
        self._signature = self.store.signature()
        self.screen.post_message(StoreChanged())

    def store_state(self, fresh: bool = True) -> tuple:
        """What a screen drawn from the store depends on: the store file's signature (read now, or
        as last seen when `fresh` is False), the period shown and the day. A screen that drew
        from another state than this is out of date (HelpMixin.stale)."""
        signature = self.store.signature() if fresh else self._signature
        return signature, self.period.key, self.today()

    def ask(self, question: str, answered: Callable[[bool | None], None], *, yes: str = "y  yes", no: str = "n  no",
            quitting: bool = False) -> None:
        """A yes/no question over the screen (screens ask through here, so none imports the dialog's module
        while the dialog's module imports theirs)."""
        from .screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(question, yes=yes, no=no, quitting=quitting), answered)

    def show_help(self, screen_name: str) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(screen_name))

    async def action_quit(self) -> None:
        """q, ctrl+q and the palette's Quit: asks first when typed text would be lost."""
        from .screens.base import quit_asking

        quit_asking(self)

    def action_undo(self, backwards: bool = True) -> bool:
        """u: undo the last change made through okrtui; shift+u: redo. Says what, or why not;
        whether something was undone (or redone)."""
        from ..store.errors import UndoRefused
        from ..store.undo import step

        try:
            what = step(self.store, backwards)
        except UndoRefused as exc:
            self.notify(str(exc), title="Nothing undone" if backwards else "Nothing redone", severity="warning")
            return False
        except (StoreError, OSError) as exc:
            self.notify(str(exc), title="Store unreadable", severity="error", timeout=10)
            return False
        self.notify(f"{'Undid' if backwards else 'Redid'}: {what}")
        self.check_store()
        return True

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
        """Another process (okrtui log, a second TUI) changed the file: the top screen shows it, a
        covered one when it is uncovered."""
        signature = self.store.signature()
        if signature != self._signature:
            self._signature = signature
            self.screen.post_message(StoreChanged())

    # -- read-only ------------------------------------------------------------------------------
    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key, footer click and palette pick comes through here: read-only, what changes data
        is refused with a notice (check_action keeps it out of the footer, which alone would be silent)."""
        if self.read_only and isinstance(action, str) and changes_data(self.sections_of(default_namespace), action):
            self.notify("Read-only: this okrtui changes nothing (it was started with --read-only).",
                        severity="warning", timeout=3)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def sections_of(self, namespace) -> list[str]:
        """The action table's sections an action bound on `namespace` (a screen, a pane in it) may come from."""
        screen = namespace if isinstance(namespace, Screen) else getattr(namespace, "screen", self.screen)
        name = getattr(screen, "SCREEN_NAME", "")
        return [name, *PANES.get(name, [])]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.read_only and action == "undo":
            return False  # undo and redo: not offered
        return super().check_action(action, parameters)

    # -- the command palette ----------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        name = getattr(screen, "SCREEN_NAME", "")
        seen = set()
        if name:
            for section in [name, *PANES.get(name, [])]:
                for item in listed(section, self.read_only):
                    if item.action == "command_palette" or item.action.removeprefix("screen.") in seen:
                        continue
                    seen.add(item.action.removeprefix("screen."))
                    yield SystemCommand(
                        f"{item.palette_title} ({keys_in_force(self, section, item)})",
                        f"{SCREEN_TITLES[section]}: {item.help}",
                        _runner(screen, item.action.removeprefix("screen.")),
                    )
        for command in super().get_system_commands(screen):
            if SYSTEM_COMMANDS_SHOWN_ELSEWHERE.get(command.title) not in seen:
                yield command


def _runner(screen: Screen, action: str) -> Callable[[], None]:
    def run() -> None:
        screen.call_later(screen.run_action, action)  # run_action is a coroutine

    return run


def run(store: Store, start: str | None = None, theme: str | None = None, ascii_only: bool | None = None,
        first_read: tuple | None = None, read_only: bool = False) -> int:
    app = OkrApp(store, start=start, theme=theme, ascii_only=ascii_only, detect_colours=True, first_read=first_read,
                 read_only=read_only)
    app.resume_gc = not gc.isenabled()
    app.run()
    return app.return_code or 0  # 1 when the app ended on an error, never a silent 0
