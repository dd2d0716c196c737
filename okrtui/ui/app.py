"""The App: store, period, themes and the watch on the store file. Screens do the rest."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from ..domain.period import Period
from ..domain.safetext import printable, printable_lines
from ..store import Store, StoreError
from ..store.config import ConfigError, Settings, load_settings, save_setting
from ..store.themefiles import DEFAULT_THEME, SIXTEEN_COLOUR_THEME
from .actions import PANES, SCREEN_TITLES, binding_ids, keymap_clashes, keys_in_force, listed
from .themes_loader import load_themes

POLL_SECONDS = 1.0
MAX_NOTICES = 3  # at once: a fourth retires the oldest, so notices never bury the data
FEW_COLOURS = ("standard", "windows", None)  # what Rich detects for a 16-colour (or unknown) terminal
# Textual's own commands that okrtui's table offers too (Keys: help does it), by the action that does it
SYSTEM_COMMANDS_SHOWN_ELSEWHERE = {"Quit": "quit", "Keys": "help"}


class OkrApp(App):
    TITLE = "okrtui"
    first_frame_shown = False  # KeyFooter waits for it
    CSS_PATH = Path(__file__).with_name("okrtui.tcss")  # absolute, so subclasses anywhere find it

    def __init__(self, store: Store, *, today: Callable[[], date] = date.today, cursor_blink: bool = True,
                 start: str | None = None, settings: Settings | None = None, theme: str | None = None,
                 ascii_only: bool | None = None, detect_colours: bool = False):
        """`settings` default to the config file's; `theme` and `ascii_only` (command-line flags) win
        over them. `detect_colours`: on a 16-colour terminal, use the 16-colour theme unless one was chosen."""
        super().__init__()
        self.store = store
        self.start = start  # "log": open on quick entry (okrtui log with no arguments)
        self.today = today
        self.cursor_blink = cursor_blink
        self.period = Period.containing(today())
        self._signature = store.signature()
        self.settings = settings if settings is not None else load_settings()
        self.problems = list(self.settings.problems)  # shown as notices once the screen is up
        self.ascii_only = self.settings.ascii if ascii_only is None else ascii_only
        if self.ascii_only:
            from .ascii_filter import AsciiGlyphs

            self._filters.append(AsciiGlyphs())
        self._choose_theme(theme, detect_colours)
        self._apply_keymap()
        if self.no_color:
            # NO_COLOR means no colour at all: the terminal's own foreground and background, with
            # highlights drawn in reverse video (see okrtui.tcss) rather than in shades of grey.
            from textual.filter import Monochrome, NoColor

            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]

    def _choose_theme(self, flag: str | None, detect_colours: bool) -> None:
        from textual.theme import BUILTIN_THEMES

        themes, problems = load_themes()
        self.problems += problems
        for theme in themes:
            self.register_theme(theme)
        names = {t.name for t in themes}
        chosen = flag or self.settings.theme
        if chosen and chosen not in names:
            self.problems.append(f"There is no theme {chosen!r} (okrtui themes lists them)")
            chosen = None
        few_colours = detect_colours and self.console.color_system in FEW_COLOURS
        if few_colours:  # whatever the theme, a highlight cannot rely on a background colour
            self.add_class("-few-colours")
        if chosen is None and few_colours:
            chosen = SIXTEEN_COLOUR_THEME
        chosen = chosen or DEFAULT_THEME
        if chosen not in names:  # only if the shipped files themselves are missing
            chosen = next(iter(sorted(names)), "textual-dark")
        self._set_first_theme(chosen)
        self._saved_theme = self.theme
        # Only okrtui's themes (shipped ones are contrast-tested) and the person's own are offered.
        for name in BUILTIN_THEMES:
            if name not in names and name != self.theme:
                self.unregister_theme(name)

    def _set_first_theme(self, name: str) -> None:
        """What `self.theme = name` does before anything is drawn, minus the watcher's full CSS
        refresh (a reparse of every stylesheet and a restyle of every node) queued behind it.
        Private Textual calls: safe only because Textual is pinned exactly (pyproject.toml)."""
        self._validate_theme(name)
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    def run(self, *args, **kwargs):  # type: ignore[override]
        # Everything imported so far lives as long as the app. Frozen, the collector stops walking
        # it, which spares the full collection that otherwise lands in the first frame (~25 ms).
        gc.freeze()
        return super().run(*args, **kwargs)

    def on_ready(self) -> None:
        from .widgets.footer import KeyFooter

        self.first_frame_shown = True
        screen = self.screen
        for footer in screen.query(KeyFooter):
            footer.call_next(footer.bindings_changed, screen)  # in the footer's context, as the signal calls it

    def _apply_keymap(self) -> None:
        known = binding_ids()
        keymap = {}
        for binding_id, keys in self.settings.keys.items():
            if binding_id in known:
                keymap[binding_id] = keys
            else:
                shown = binding_id if len(binding_id) <= 40 else binding_id[:39] + "…"
                self.problems.append(f"[keys] {shown!r} is not a key binding's id; help lists them")
        if keymap:
            self.set_keymap(keymap)
            self.problems += keymap_clashes(keymap)

    def handle_bindings_clash(self, clashed_bindings, node) -> None:
        """Clashes are found from the table (_apply_keymap) and reported once, not here: Textual
        also counts a rebound binding's other keys, and a text field's own keys, as clashes."""

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if self.problems:  # one notice for them all, each problem on a line of its own, never a screenful
            lines = [problem if len(problem) <= 200 else problem[:199] + "…" for problem in self.problems[:6]]
            self.notify("\n".join(lines), title="Config: defaults used for", severity="warning", timeout=10)

        from .screens.dashboard import DashboardScreen

        if self.start == "log":  # `okrtui log`: quick entry alone, leaving it leaves okrtui
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
        seen = set()
        if name:
            for section in [name, *PANES.get(name, [])]:
                for item in listed(section):
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


def run(store: Store, start: str | None = None, theme: str | None = None, ascii_only: bool | None = None) -> int:
    app = OkrApp(store, start=start, theme=theme, ascii_only=ascii_only, detect_colours=True)
    app.run()
    return app.return_code or 0  # 1 when the app ended on an error, never a silent 0
