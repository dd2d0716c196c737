"""How the app looks and answers keys for this person: the theme chosen for the run and the
config's key bindings. Functions of the app, so the App class stays small."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.filter import LineFilter

from ..domain.safetext import shortened
from ..settings.themefiles import DEFAULT_THEME, FEW_COLOURS, SIXTEEN_COLOUR_THEME
from .actions import binding_ids, keymap_clashes
from .themes_loader import load_themes


class LineFilters:
    """What okrtui changes in Textual's line filters (OkrApp.get_line_filters). --ascii: every
    glyph drawn as ASCII, after Textual's filters. NO_COLOR: no colour at all (the terminal's own
    foreground and background, highlights in reverse video: okrtui.tcss), not Textual's greys:
    NoColor where Textual puts Monochrome."""

    def __init__(self, ascii_only: bool, no_color: bool) -> None:
        from textual.filter import NoColor

        self.after: list[LineFilter] = []
        if ascii_only:
            from .ascii_filter import AsciiGlyphs

            self.after.append(AsciiGlyphs())
        self.no_color = NoColor() if no_color else None

    def __call__(self, filters: Sequence[LineFilter]) -> Sequence[LineFilter]:
        if self.no_color is None and not self.after:
            return filters
        from textual.filter import Monochrome

        if self.no_color is not None:
            filters = [self.no_color if isinstance(f, Monochrome) else f for f in filters]
        return [*filters, *self.after]


def choose_theme(app: App, flag: str | None, configured: str | None, detect_colours: bool) -> list[str]:
    """Register the themes and set this run's: the flag, else the configured one, else okrtui-16
    on a 16-colour terminal (when `detect_colours`), else the default. Returns the problems (a
    theme file that cannot be used, a name that does not exist), never raises for them."""
    from textual.theme import BUILTIN_THEMES

    themes, problems = load_themes()
    for theme in themes:
        app.register_theme(theme)
    names = {t.name for t in themes}
    chosen = flag or configured
    if chosen and chosen not in names:
        problems.append(f"There is no theme {chosen!r} (okrtui themes lists them)")
        chosen = None
    few_colours = detect_colours and app.console.color_system in FEW_COLOURS
    if few_colours:  # whatever the theme, a highlight cannot rely on a background colour
        app.add_class("-few-colours")
    if chosen is None and few_colours:
        chosen = SIXTEEN_COLOUR_THEME
    chosen = chosen or DEFAULT_THEME
    if chosen not in names:  # only if the shipped files themselves are missing
        chosen = next(iter(sorted(names)), "textual-dark")
    set_first_theme(app, chosen)
    # Only okrtui's themes (shipped ones are contrast-tested) and the person's own are offered.
    for name in BUILTIN_THEMES:
        if name not in names and name != app.theme:
            app.unregister_theme(name)
    return problems


def set_first_theme(app: App, name: str) -> None:
    """What `app.theme = name` does before anything is drawn, minus the watcher's full CSS
    refresh (a reparse of every stylesheet and a restyle of every node) queued behind it.
    Private Textual calls: safe only because Textual is pinned exactly (pyproject.toml)."""
    app._validate_theme(name)
    app.set_reactive(App.theme, name)
    app.stylesheet.set_variables(app.get_css_variables())
    dark = app.current_theme.dark
    app.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
    app._refresh_truecolor_filter(app.ansi_theme)


def apply_keymap(app: App, keys: dict[str, str]) -> list[str]:
    """Rebind from the config's [keys]; returns the problems (unknown ids, keys left on two actions)."""
    known = binding_ids()
    keymap, problems = {}, []
    for binding_id, keys_text in keys.items():
        if binding_id in known:
            keymap[binding_id] = keys_text
        else:
            problems.append(f"[keys] {shortened(binding_id)!r} is not a key binding's id; help lists them")
    if keymap:
        app.set_keymap(keymap)
        app.keys_rebound = keymap  # type: ignore[attr-defined]  # what help and the palette name (Textual keeps its keymap private)
        problems += keymap_clashes(keymap)
    return problems
