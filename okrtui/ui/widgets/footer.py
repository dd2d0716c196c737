"""Textual's Footer, whose keys arrive just after the app's first frame.

Its keys are a widget each (eight on the dashboard, about 15 ms to build and style); a Footer
composed with an app's first screen fills in after the first frame anyway, so the dashboard's
does the same instead of holding that frame back.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    def bindings_changed(self, screen: Screen) -> None:
        if not getattr(self.app, "first_frame_shown", True):
            return  # OkrApp.on_ready calls again
        super().bindings_changed(screen)
