"""Textual's Footer with three changes: help comes first, keys that do not fit give way in an
order, and the keys arrive just after the app's first frame.

Help first: a narrow terminal cuts the footer's end, and `? Help` (or `f1` while typing) is the
key that leads to every other. The order of the rest is Textual's.

Giving way: when the keys do not fit, those at the right give way first, except the ways out
(quit, back, cancel, leave), save and quick entry's `l Log`: those stay (STAYS), so at 60
columns the dashboard still shows `l Log` and `q Quit`. Help lists every key.

After the first frame: its keys are a widget each (eight on the dashboard, about 15 ms to build
and style); a Footer composed with an app's first screen fills in after the first frame anyway,
so the dashboard's does the same instead of holding that frame back (bench/bench_startup.py).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


COMPACT_BELOW = 80  # columns: narrower terminals get Textual's compact footer (less padding per key)
STAYS = {"help", "quit", "back", "cancel", "leave", "save", "log_kpis", "screen.log_kpis"}  # given way last


class KeyFooter(Footer):
    def on_resize(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW
        for child in self.children:
            child.display = True
        self.call_after_refresh(self._drop_what_does_not_fit)

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        widgets = sorted(super().compose(), key=lambda widget: getattr(widget, "action", "") != "help")
        if widgets and getattr(widgets[0], "action", "") == "help" and isinstance(self.screen.focused, Input):
            widgets[0].key_display = "f1"  # in a text field ? is typed: f1 is the help key there
        yield from widgets

    def on_mount(self) -> None:
        self.call_after_refresh(self._drop_what_does_not_fit)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._drop_what_does_not_fit)

    def _drop_what_does_not_fit(self, tries: int = 20) -> None:
        """Keys that would be cut at the right edge are left out whole ("[ Per" helps nobody), the
        rightmost first but those in STAYS last; help lists every key."""
        shown = [child for child in self.children if child.display]
        if self.region.width and any(not child.region.width for child in shown):
            if tries:  # keys not laid out yet (a busy machine): once they are
                self.call_after_refresh(self._drop_what_does_not_fit, tries - 1)
            return
        room = self.region.width
        used = {child: child.region.width + child.styles.margin.left + child.styles.margin.right
                for child in shown}
        total = sum(used.values())

        def fits() -> bool:  # the last key's own margin may fall past the edge
            last = next((child for child in reversed(shown) if child.display), None)
            return last is None or total - last.styles.margin.right <= room

        for stays in (False, True):
            for child in reversed(shown):
                if fits():
                    return
                if child.display and (getattr(child, "action", "") in STAYS) == stays:
                    child.display = False
                    total -= used[child]

    def bindings_changed(self, screen: Screen) -> None:
        if not getattr(self.app, "first_frame_shown", True):
            return  # OkrApp.on_ready calls again
        super().bindings_changed(screen)
