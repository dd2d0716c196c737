"""Theme files: the shipped ones (top-level themes/, installed as okrtui.themes) and the
person's own in the config directory's themes/ folder. Read as data, never imported.

Each file is TOML with the fields of textual.theme.Theme (name, primary, ..., dark,
[variables]). This module only reads them, so `okrtui themes` needs no Textual.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..domain.parsing import has_control_chars
from .location import config_path

DEFAULT_THEME = "okrtui-dark"
SIXTEEN_COLOUR_THEME = "okrtui-16"  # chosen on terminals with 16 colours unless the person picked another
FEW_COLOURS = ("standard", "windows", None)  # Rich's colour systems for a 16-colour (or unknown) terminal
# Running from a source checkout (python -m okrtui), okrtui.themes is not a package: read the folder.
CHECKOUT_THEMES = Path(__file__).resolve().parents[2] / "themes"


@dataclass(frozen=True)
class ThemeFile:
    name: str
    path: str  # for messages
    fields: dict  # the TOML's contents, name included
    shipped: bool


def user_themes_dir() -> str:
    return os.path.join(os.path.dirname(config_path()), "themes")


def _shipped_entries() -> list[Path]:
    # The installed package's folder, found without importlib.resources (and the zipfile it imports).
    from importlib.util import find_spec

    try:
        spec = find_spec("okrtui.themes")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return [entry for folder in spec.submodule_search_locations for entry in Path(folder).iterdir()]
    return list(CHECKOUT_THEMES.iterdir()) if CHECKOUT_THEMES.is_dir() else []


def read_theme_files() -> tuple[list[ThemeFile], list[str]]:
    """Every theme file, shipped ones first; and the problems of user files that cannot be read.

    A user theme with a shipped theme's name comes later and replaces it once it has passed
    the check (ui.themes_loader), so a broken one never leaves that name without a theme."""
    themes: list[ThemeFile] = []
    problems: list[str] = []
    for entry in sorted(_shipped_entries(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            fields = tomllib.loads(entry.read_text(encoding="utf-8"))
            themes.append(ThemeFile(fields["name"], entry.name, fields, True))
    folder = user_themes_dir()
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".toml"))
    except OSError:
        names = []
    for file_name in names:
        path = os.path.join(folder, file_name)
        try:
            with open(path, "rb") as handle:
                fields = tomllib.load(handle)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{path}: cannot be used ({getattr(exc, 'strerror', None) or exc})")
            continue
        name = fields.setdefault("name", file_name.removesuffix(".toml"))
        if (not isinstance(name, str) or not name.strip() or len(name) > 60 or has_control_chars(name)
                or not name.isprintable()):  # no invisible characters: two names that look alike
            problems.append(f"{path}: name must be plain text of at most 60 characters")
            continue
        if any(theme.name == name and not theme.shipped for theme in themes):
            problems.append(f"{path}: another file already names a theme {name!r}; this one is ignored")
            continue
        themes.append(ThemeFile(name, path, fields, False))
    return themes, problems


def theme_names() -> list[str]:
    return list(dict.fromkeys(theme.name for theme in read_theme_files()[0]))
