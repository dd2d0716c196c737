"""Who "I" am, for `by` on what I record and for `--mine`: the first of `[user] name` in
config.toml, `git config user.name` of the store's repository, and the login name."""

from __future__ import annotations

import getpass
import os

from ..domain.parsing import has_control_chars
from .run import GitError, run_git

MAX_NAME = 80


class Identity:
    """A name and where it came from, in words (a plain class: dataclasses would cost `okrtui log` an import)."""

    __slots__ = ("name", "source")

    def __init__(self, name: str, source: str):
        self.name, self.source = name, source


def usable(name: object) -> str | None:
    """A name as it will be stored: trimmed text without control characters, at most MAX_NAME long."""
    if not isinstance(name, str):
        return None
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or has_control_chars(name):
        return None
    return name


def git_user_name(store_path: str) -> str | None:
    """`git config user.name` as git sees it in the store's folder (local, then global); None without git or a name."""
    folder = os.path.dirname(os.path.abspath(store_path))
    while folder and not os.path.isdir(folder):  # a store not made yet: ask from the nearest folder there is
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    try:
        proc = run_git(["config", "--get", "user.name"], folder, check=False)
    except (GitError, OSError):
        return None
    return usable(proc.stdout.strip()) if proc.returncode == 0 else None


def login_name() -> str:
    try:
        return usable(getpass.getuser()) or "unknown"
    except (KeyError, OSError):  # no passwd entry (a container) and no LOGNAME/USER
        return "unknown"


def whoami(store_path: str, configured: str | None, config_file: str = "config.toml") -> Identity:
    """configured: `[user] name` from the config file (settings.config.configured_name)."""
    name = usable(configured)
    if name:
        return Identity(name, f"[user] name in {config_file}")
    name = git_user_name(store_path)
    if name:
        return Identity(name, "git config user.name")
    return Identity(login_name(), "the login name")
