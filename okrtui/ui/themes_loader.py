"""Textual Themes from the theme files (okrtui.settings.themefiles reads them)."""

from __future__ import annotations

from textual.theme import Theme

from ..settings.themefiles import read_theme_files


TEXT_STYLES = {"bold", "italic", "underline", "reverse", "dim", "strike", "none", "not", "blink", "underline2"}


def _check_variable(name: str, value: object) -> None:
    """A [variables] entry must be a colour (with an optional alpha: "#ff0000 40%") or, for a
    *-text-style variable, text styles: anything else would stop the app when the theme is used."""
    from textual.color import Color

    if not isinstance(value, str):
        raise ValueError(f"variable {name!r} must be text")
    if name.endswith("text-style"):
        if not set(value.split()) <= TEXT_STYLES:
            raise ValueError(f"variable {name!r}: {value!r} is not a text style")
        return
    colour, _, alpha = value.partition(" ")
    Color.parse(colour)
    if alpha and not (alpha.endswith("%") and alpha[:-1].isdigit()):
        raise ValueError(f"variable {name!r}: {value!r} is not a colour")


def load_themes() -> tuple[list[Theme], list[str]]:
    """The themes that can be used, and a problem naming each file that cannot."""
    files, problems = read_theme_files()
    themes = []
    for theme_file in files:
        try:
            theme = Theme(**theme_file.fields)
            if not theme_file.shipped:  # shipped themes are checked by the tests, not at every start
                theme.to_color_system().generate()  # a colour Textual cannot parse fails here, not mid-run
                for name, value in (theme.variables or {}).items():
                    _check_variable(name, value)
        except Exception as exc:  # noqa: BLE001 - a user's file may hold anything
            problems.append(f"{theme_file.path}: not a theme ({type(exc).__name__}: {exc})")
            continue
        themes.append(theme)
    return themes, problems
