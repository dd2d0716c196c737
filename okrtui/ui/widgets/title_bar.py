"""One line at the top: app name and the screen's sub-title. Lighter than Header, which
brings a clock, an icon and their CSS to every start."""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__("okrtui", markup=False)

    def on_mount(self) -> None:
        self.watch(self.screen, "sub_title", self._show)

    def _show(self, sub_title: str | None) -> None:
        # read-only (okrtui serve --read-only) says so on every screen, not only in the first notice
        name = "okrtui (read-only)" if getattr(self.app, "read_only", False) else "okrtui"
        self.update(f"{name} · {sub_title}" if sub_title else name)
