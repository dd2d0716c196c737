"""Textual Themes from the theme files (okrtui.store.themefiles reads them)."""

from __future__ import annotations

from textual.theme import Theme

from ..store.themefiles import read_theme_files


def load_themes() -> tuple[list[Theme], list[str]]:
    """The themes that can be used, and a problem naming each file that cannot."""
    files, problems = read_theme_files()
    themes = []
    for theme_file in files:
        try:
            theme = Theme(**theme_file.fields)
            if not theme_file.shipped:  # shipped themes are checked by the tests, not at every start
                theme.to_color_system().generate()  # a colour Textual cannot parse fails here, not mid-run
        except Exception as exc:  # noqa: BLE001 - a user's file may hold anything
            problems.append(f"{theme_file.path}: not a theme ({type(exc).__name__}: {exc})")
            continue
        themes.append(theme)
    return themes, problems
