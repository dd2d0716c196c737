"""The user's own settings: `config.toml` in the user config directory.

What lives here belongs to the person, never to a store: a store may come from
someone else, so the commands that fill KPIs (`okrtui pull`) are kept here, keyed
by KPI name, and a store can never make this machine run anything.

    theme = "okrtui-light"        # okrtui themes lists the names
    ascii = false                 # bars, sparklines and borders from ASCII
    [user]
    name = "Mei"                  # who records what (okrtui whoami): else git's user.name, else the login
    [grading]
    guard_cap = 0.7               # the highest suggested grade once a key result's guard KPI went critical
    [keys]                        # binding id = keys (help lists the ids)
    "wizard.next_step" = "ctrl+right"
    [pull]
    "Open bugs" = "gh issue list --state open --json number --jq length"
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ..domain.guard import DEFAULT_GUARD_CAP
from ..domain.safetext import shortened
from .location import config_path

class ConfigError(Exception):
    """The config file cannot be read or written; the message names it and the problem."""


def load_config(path: str | None = None) -> dict[str, Any]:
    """The settings; {} when there is no file. ConfigError for a file that cannot be used."""
    import tomllib

    path = path or config_path()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: is not valid TOML ({exc})") from None
    return data


# Textual key names, comma-separated: "ctrl+right", "N", "f2,ctrl+g".
KEYS_RULE = re.compile(r"^[A-Za-z0-9_+-]+(,[A-Za-z0-9_+-]+)*$")


@dataclass
class Settings:
    """The person's choices for the TUI. `problems` name what in the file was ignored and why."""

    theme: str | None = None
    ascii: bool = False
    keys: dict[str, str] = field(default_factory=dict)
    guard_cap: float = DEFAULT_GUARD_CAP  # [grading] guard_cap: the highest suggested grade once a guard went critical
    problems: list[str] = field(default_factory=list)


def load_settings(path: str | None = None) -> Settings:
    """The settings, never raising: a file that cannot be used gives the defaults and a problem naming it."""
    path = path or config_path()
    settings = Settings()
    try:
        data = load_config(path)
    except ConfigError as exc:
        settings.problems.append(f"{exc}; using the defaults")
        return settings
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip() and len(theme) <= 60:
            settings.theme = theme.strip()
        else:
            settings.problems.append(f"{path}: theme must be a theme's name (okrtui themes lists them)")
    ascii_setting = data.get("ascii", False)
    if isinstance(ascii_setting, bool):
        settings.ascii = ascii_setting
    else:
        settings.problems.append(f"{path}: ascii must be true or false")
    settings.guard_cap = _guard_cap(data, path, settings.problems)
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        settings.problems.append(f'{path}: [keys] must be a table of "binding id" = "keys"')
        keys = {}
    for binding_id, keys_text in keys.items():
        if isinstance(keys_text, str) and len(keys_text) <= 80 and KEYS_RULE.match(keys_text.replace(" ", "")):
            settings.keys[str(binding_id)] = keys_text.replace(" ", "")
        else:
            settings.problems.append(f"{path}: keys.{shortened(str(binding_id))} must be key names such as \"ctrl+right\" "
                                     "or \"f2,g\"")
    return settings


def _guard_cap(data: dict[str, Any], path: str, problems: list[str]) -> float:
    """[grading] guard_cap: a number from 0 to 1; anything else is named in problems and the default used."""
    import math

    grading = data.get("grading", {})
    cap = grading.get("guard_cap", DEFAULT_GUARD_CAP) if isinstance(grading, dict) else None
    if isinstance(cap, (int, float)) and not isinstance(cap, bool) and math.isfinite(cap) and 0 <= cap <= 1:
        return float(cap)
    problems.append(f"{path}: [grading] guard_cap must be a number from 0.0 to 1.0; using {DEFAULT_GUARD_CAP}")
    return DEFAULT_GUARD_CAP


def save_setting(name: str, value: Any, path: str | None = None) -> str:
    """Set one top-level setting (the theme picked in the palette), keeping the rest of the
    file as it is, comments included: only that setting's line is replaced (or added first)."""
    import tomllib

    import tomli_w

    path = path or config_path()
    load_config(path)  # a file that cannot be read is reported, not overwritten
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        lines = []
    setting = tomli_w.dumps({name: value}).strip()
    top_level = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    own = re.compile(rf"^\s*{re.escape(name)}\s*=")
    at = next((i for i in range(top_level) if own.match(lines[i])), None)
    if at is None:
        lines.insert(0, setting)
    else:
        comment = re.search(r"""^[^#"']*(?:"(?:[^"\\]|\\.)*"|'[^']*')?\s*(#.*)$""", lines[at])
        lines[at] = setting + (f"  {comment.group(1)}" if comment else "")
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text).get(name) != value:  # a multi-line value the line edit cannot replace
        data = load_config(path)
        data[name] = value
        text = tomli_w.dumps(data)
    _write_private(path, text.encode("utf-8"))
    return path


def pull_commands(path: str | None = None) -> dict[str, str]:
    """KPI name -> the shell command whose output is its value."""
    table = load_config(path).get("pull", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path or config_path()}: [pull] must be a table of \"KPI name\" = \"command\"")
    return {str(name): command for name, command in table.items() if isinstance(command, str) and command.strip()}


def set_pull_command(kpi_name: str, command: str | None, path: str | None = None) -> str:
    """Set (or with None remove) the command that fills a KPI; returns the config file's path."""
    import tomli_w

    path = path or config_path()
    data = load_config(path)
    pull = data.setdefault("pull", {})
    if not isinstance(pull, dict):
        raise ConfigError(f"{path}: [pull] must be a table of \"KPI name\" = \"command\"")
    for name in [n for n in pull if n.casefold() == kpi_name.casefold()]:
        del pull[name]
    if command:
        pull[kpi_name] = command
    _write_private(path, tomli_w.dumps(data).encode("utf-8"))
    return path


def rename_pull_command(old: str, new: str, path: str | None = None) -> None:
    """Keep a KPI's command when the KPI is renamed."""
    commands = pull_commands(path)
    command = next((c for n, c in commands.items() if n.casefold() == old.casefold()), None)
    if command is not None:
        set_pull_command(old, None, path)
        set_pull_command(new, command, path)


def _write_private(path: str, payload: bytes) -> None:
    """Atomically; a new file private (0600), an existing one keeping its permissions."""
    from ..store import files

    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        try:
            mode = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o600
        files.write_atomic(path, payload, mode=mode)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def write_report(path: str, text: str) -> str:
    """A report the user asked for (w on the review screen), written whole; returns its absolute path."""
    from ..store import files

    path = os.path.abspath(path)
    try:  # a new temp file, never one a checkout could have planted as a link
        files.write_atomic(path, text.encode("utf-8"), mode=0o644)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    return path
