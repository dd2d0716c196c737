"""Themes from the top-level themes/ folder (installed as the package okrtui.themes)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from textual.theme import Theme

# Running from a source checkout (python -m okrtui), okrtui.themes is not a package: read the folder.
CHECKOUT_THEMES = Path(__file__).resolve().parents[2] / "themes"


def _theme_files():
    try:
        return [entry for entry in resources.files("okrtui.themes").iterdir()]
    except ModuleNotFoundError:
        return list(CHECKOUT_THEMES.iterdir()) if CHECKOUT_THEMES.is_dir() else []


def load_themes() -> list[Theme]:
    themes = []
    for entry in sorted(_theme_files(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            themes.append(Theme(**tomllib.loads(entry.read_text(encoding="utf-8"))))
    return themes
