"""Where the user's config.toml is, and the one setting `okrtui log` needs (`[user] name`),
without what config.py imports for the TUI's settings (dataclasses), which the log path skips."""

from __future__ import annotations

import os
import sys

APP_NAME = "okrtui"


def config_path() -> str:
    """$OKRTUI_CONFIG, else config.toml in the user config directory (XDG on Linux)."""
    chosen = os.environ.get("OKRTUI_CONFIG", "").strip()
    if chosen:
        return os.path.abspath(os.path.expanduser(chosen))
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CONFIG_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.join(os.path.expanduser("~"), ".config")
        return os.path.join(base, APP_NAME, "config.toml")
    import platformdirs

    return os.path.join(platformdirs.user_config_dir(APP_NAME, appauthor=False), "config.toml")


def configured_name(path: str | None = None) -> str | None:
    """`[user] name`, or None when there is none or the file cannot be read (okrtui whoami says where a name comes from)."""
    try:
        user = _read(path or config_path()).get("user", {})
    except (OSError, ValueError):  # unreadable, or not TOML: whoami goes on to git
        return None
    name = user.get("name") if isinstance(user, dict) else None
    return name if isinstance(name, str) else None


def _read(path: str) -> dict:
    import tomllib

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
