"""What every okrtui screen shares: a name in the action table, the keys every screen has
(help, quit) and, for a dialog, asking before typed text is thrown away."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Select

from ..actions import changes_data
from ..messages import StoreChanged

if TYPE_CHECKING:
    from ..app import OkrApp

# Screens where notices take lines of their own, above the footer, instead of covering what is there:
# every dialog (a field, its error line), these, where one types or the bottom line explains.
NOTICES_IN_FLOW = ("review", "wizard", "log")


class HelpMixin:
    SCREEN_NAME = ""
    ASKS_BEFORE_LEAVING = False  # a form: esc (or q) asks before throwing away what was typed in it
    _clean_form: tuple | None = None  # its fields as they opened
    DRAWS_STORE = False  # draws what the store holds: redrawn (reload) when that changes
    drawn: tuple | None = None  # the store state it last drew (OkrApp.store_state); None: not yet

    def _on_mount(self) -> None:
        if self.ASKS_BEFORE_LEAVING:
            self._clean_form = self.form_state()
        in_flow = isinstance(self, ModalScreen) or self.SCREEN_NAME in NOTICES_IN_FLOW
        self.set_class(in_flow, "-notices-in-flow")  # type: ignore[attr-defined]

    def _on_screen_suspend(self) -> None:
        """Covered by another screen: its notices go (the screen on top shows them), so a dialog over
        a list never shows two stacks of the same notices, one through its dimmed background."""
        for rack in self.query("ToastRack"):  # type: ignore[attr-defined]  # by name: Textual exports no ToastRack
            rack.display = False

    def form_state(self) -> tuple:
        """Every text field's and list box's value."""
        return (tuple((field.id, field.value) for field in self.query(Input))  # type: ignore[attr-defined]
                + tuple((box.id, box.value) for box in self.query(Select)))  # type: ignore[attr-defined]

    @property
    def dirty(self) -> bool:
        """Whether leaving now would throw away something typed or chosen here."""
        return self._clean_form is not None and self.form_state() != self._clean_form

    def leave_asking(self, leave: Callable[[], None]) -> None:
        """Leave at once, or, with typed text, after a yes (y; n or esc keeps editing)."""
        if not self.dirty:
            leave()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                leave()

        self.okr.ask("Throw away what you typed?", answered, yes="y  discard", no="n  keep editing")

    def action_help(self) -> None:
        self.okr.show_help(self.SCREEN_NAME)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Read-only: what changes data is not in the footer (OkrApp.run_action refuses it in words)."""
        if getattr(self.app, "read_only", False) and changes_data(self.app.sections_of(self), action):
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_quit(self) -> None:
        quit_asking(self.app)

    @property
    def okr(self) -> OkrApp:
        return self.app  # type: ignore[return-value]

    # -- the store: a screen redraws when what it drew is out of date -----------------------------
    def reload(self) -> None:
        """Read the store and draw it (a screen that DRAWS_STORE reads it with read_to_draw)."""

    def read_to_draw(self):
        """The store, read to be drawn: the screen is up to date with it until it changes."""
        repo = self.okr.read()
        if repo is not None:
            self.drawn = self.okr.store_state(fresh=False)
        return repo

    def drew_own_write(self) -> None:
        """The screen already shows what it has just written (without reading it back)."""
        self.drawn = self.okr.store_state(fresh=False)

    def mark_stale(self) -> None:
        """Drawn from a state no store has: redrawn when next uncovered."""
        self.drawn = ()

    @property
    def stale(self) -> bool:
        """Whether the store, the period or the day changed since the screen last drew them."""
        return self.DRAWS_STORE and self.drawn != self.okr.store_state()

    def reload_if_stale(self) -> None:
        if self.stale:
            self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        """The top screen hears of every change to the store (OkrApp.check_store and write)."""
        self.reload_if_stale()

    def _on_screen_resume(self) -> None:
        """Uncovered (or shown for the first time): whatever changed meanwhile is drawn now."""
        self.reload_if_stale()

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        # Notices quote titles and paths: plain text unless a caller asks for markup.
        self.app.notify(message, markup=markup, **kwargs)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A list reached by tab shows its cursor at once, so keys act on something visible.
        widget = event.widget
        if isinstance(widget, OptionList) and widget.highlighted is None and widget.option_count:
            widget.action_first()

    def action_cursor_down(self) -> None:
        self._move_cursor("action_cursor_down")

    def action_cursor_up(self) -> None:
        self._move_cursor("action_cursor_up")

    def _move_cursor(self, method: str) -> None:
        focused = self.focused  # type: ignore[attr-defined]
        if not isinstance(focused, OptionList):
            lists = self.query(OptionList)  # type: ignore[attr-defined]
            if not lists:
                return
            focused = lists.first()
            focused.focus()
        getattr(focused, method)()


class OkrScreen(HelpMixin, Screen):
    def _compositor_refresh(self) -> None:
        """No frame before the app's first while the app holds a batch of updates (its startup
        batch, around the first screen's mount): App._display drops any frame drawn then, so
        rendering one (the whole dashboard) only delays the first frame. The regions stay dirty and
        are drawn by the next refresh, the Resize every driver sends at start. Later batches are
        Textual's as ever. Private Textual names: safe only because Textual is pinned exactly."""
        app = self.app
        if app._batch_count and not getattr(app, "frame_drawn", True) and self is app.screen and not app.is_inline:
            return
        super()._compositor_refresh()
        if self is app.screen and not app._batch_count and not getattr(app, "frame_drawn", True):
            app.first_frame_drawn()


class OkrModal(HelpMixin, ModalScreen):
    pass


def quit_asking(app) -> None:
    """q or ctrl+q: quit, or first ask when a screen holds typed text not yet saved (q or y on
    that question quits, n or esc stays)."""
    from ..actions import SCREEN_TITLES

    if getattr(app.screen, "quitting", False):
        app.exit()
        return
    unsaved = [SCREEN_TITLES.get(screen.SCREEN_NAME, screen.SCREEN_NAME) for screen in app.screen_stack
               if getattr(screen, "dirty", False)]
    if not unsaved:
        app.exit()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            app.exit()

    app.ask(f"Quit okrtui? What you typed in {' and '.join(unsaved)} is not saved yet.", answered,
            yes="y  quit", no="n  stay", quitting=True)
