"""The one list widget behind every okrtui list of rows, and the scrolling box around lists and forms."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.style import Style
from textual.widgets import OptionList


class QuietScroll(VerticalScroll, can_focus=False):
    """Scrolls to the focused list or field inside it, and is no stop of its own in the tab order
    (a focused VerticalScroll shows nothing: tab seemed to do nothing there)."""


class RowList(OptionList):
    """An OptionList whose highlighted row honours `text-style: reverse`.

    Textual 8.2 drops reverse when it turns a component's CSS into a visual style; the 16-colour
    theme and NO_COLOR draw the highlighted row in reverse video, since a background colour is
    unknown (16 colours) or absent (NO_COLOR)."""

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> Style:
        style = super().get_visual_style(*component_classes, partial=partial)
        if component_classes and component_classes[-1] == "option-list--option-highlighted":
            if self.get_component_styles("option-list--option-highlighted").text_style.reverse:
                style = style + Style(reverse=True)
        return style
