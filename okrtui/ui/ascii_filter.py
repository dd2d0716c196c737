"""--ascii for the TUI: one filter over every line drawn, so borders, bars, sparklines, the chart
and Textual's own glyphs all become ASCII (textfmt.ASCII_GLYPHS), whatever drew them."""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ..textfmt import ASCII_GLYPHS


class AsciiGlyphs(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text.translate(ASCII_GLYPHS), style, control) for text, style, control in segments]
