"""WCAG contrast measured on what a screen really draws: every cell's glyph, foreground and background."""

from __future__ import annotations

import unicodedata

TEXT_MINIMUM = 4.5  # letters and digits (WCAG AA)
GLYPH_MINIMUM = 3.0  # bars, sparklines, status glyphs and other information glyphs (WCAG non-text)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def minimum_for(char: str) -> float | None:
    """What a glyph must reach; None for what carries no information (spaces, box-drawing borders)."""
    if char.isspace() or "\u2500" <= char <= "\u257f":
        return None
    return TEXT_MINIMUM if unicodedata.category(char)[0] in "LN" else GLYPH_MINIMUM


def cells(app, eight_bit: bool = False):
    """(row, text, foreground, background) for each segment of the screen as drawn, colours as RGB.

    ANSI colours (the 16-colour theme) are resolved with Textual's own ANSI palette, and the
    terminal's default colours with that palette's foreground and background. `eight_bit`:
    as a 256-colour terminal shows them (tmux, most SSH sessions), each colour rounded the
    way Rich rounds it."""
    from rich.color import ColorSystem

    palette = app.ansi_theme_dark if app.current_theme.dark else app.ansi_theme_light

    def rgb(colour, foreground: bool):
        if eight_bit:
            colour = colour.downgrade(ColorSystem.EIGHT_BIT)
        return tuple(colour.get_truecolor(palette, foreground=foreground))

    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    for row, line in enumerate(update.strips):
        x = 0
        for segment in (segment for strip in _strips(line) for segment in strip):
            style, start = segment.style, x
            x += segment.cell_length
            if style is None or not segment.text.strip() or not _active(app, start, row):
                continue
            if _decoration(app, start, row) and not any(char.isalnum() for char in segment.text):
                continue  # a border's lines, not its title or subtitle
            fg = rgb(style.color, True) if style.color else tuple(palette.foreground_color)
            bg = rgb(style.bgcolor, False) if style.bgcolor else tuple(palette.background_color)
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:  # drawn at about half intensity by terminals: judge it so
                fg = tuple((f + b) // 2 for f, b in zip(fg, bg))
            yield row, segment.text, fg, bg


def _active(app, x: int, y: int) -> bool:
    """Under a dialog the screen behind is dimmed on purpose and inactive: only the dialog is judged."""
    from textual.screen import ModalScreen

    screen = app.screen
    if not isinstance(screen, ModalScreen):
        return True
    return any(widget.region.contains(x, y) for widget in screen.query("*") if widget.display)


DECORATIVE_WIDGETS = ("SearchIcon",)  # the command palette's magnifying glass


def _decoration(app, x: int, y: int) -> bool:
    """Borders (of any glyphs: tall and hkey borders use block elements) and icons carry no
    information; the titles and subtitles written on a border do, and are judged (see cells)."""
    for widget in app.screen.query("*"):
        region = widget.region
        if not widget.display or not region.contains(x, y):
            continue
        if type(widget).__name__ in DECORATIVE_WIDGETS:
            return True
        styles = widget.styles
        edges = ((styles.border_top[0], y == region.y), (styles.border_bottom[0], y == region.bottom - 1),
                 (styles.border_left[0], x == region.x), (styles.border_right[0], x == region.right - 1))
        if any(kind not in ("", "none", "hidden") and on_edge for kind, on_edge in edges):
            return True
    return False


def _strips(line):
    from textual.strip import Strip

    return [line] if isinstance(line, Strip) else list(line)


def failures(app, where: str, eight_bit: bool = False) -> list[str]:
    out = []
    for row, text, fg, bg in cells(app, eight_bit):
        ratio = contrast(fg, bg)
        for char in set(text):
            need = minimum_for(char)
            if need is not None and ratio < need:
                out.append(f"{where}: row {row} {char!r} in {text.strip()[:30]!r} is {ratio:.2f}:1 (needs {need})")
                break
    return out
