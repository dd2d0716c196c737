"""Themes from the top-level themes/ folder (installed as okrtui.themes)."""

from __future__ import annotations

import tomllib
from importlib import resources

from textual.theme import Theme


def load_themes() -> list[Theme]:
    themes = []
    for entry in sorted(resources.files("okrtui.themes").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            themes.append(Theme(**data))
    return themes
