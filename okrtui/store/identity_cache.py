"""Who "I" am, remembered: `okrtui log` records who logs each value, and asking (reading
config.toml with tomllib, running `git config user.name`) costs more than the rest of a log.

The name is kept in the user's cache folder with the state of every place it can come from:
the config file, the store's repository's git config, the global and XDG git config files,
the git environment variables and the login name. Any change there and it is asked again.
(A file that a git config includes is not watched: `okrtui whoami` always asks afresh.)
"""

from __future__ import annotations

import os

from . import files
from .checkcache import cache_dir
from .codec import blake2b

GIT_ENV = ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG", "GIT_AUTHOR_NAME",
           "GIT_CONFIG_COUNT", "HOME", "XDG_CONFIG_HOME", "OKRTUI_CONFIG", "USER", "LOGNAME")


def _state(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_mtime_ns}:{st.st_size}:{st.st_ino}"


class IdentityCache:
    """The remembered name for a store (its repository's config is one of the sources)."""

    def __init__(self, store_path: str, config_file: str):
        top = files.work_tree_top(os.path.abspath(store_path))
        home = os.path.expanduser("~")
        xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        sources = [config_file, os.path.join(home, ".gitconfig"), os.path.join(xdg, "git", "config"),
                   os.path.join(top, ".git", "config") if top else "-", os.path.join(top, ".git") if top else "-"]
        key = "\0".join([*(_state(p) for p in sources), *(f"{k}={os.environ.get(k, '')}" for k in GIT_ENV)])
        self.key = blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        self.path = os.path.join(cache_dir(), "identity", blake2b(os.path.abspath(store_path).encode(
            "utf-8", "surrogateescape"), digest_size=12).hexdigest())

    def name(self) -> str | None:
        """The name remembered under the same sources, or None."""
        try:
            key, _, name = files.read_limited(self.path, 4096).decode("utf-8").partition("\n")
        except (OSError, UnicodeDecodeError):
            return None
        return name if key == self.key and name else None

    def remember(self, name: str) -> None:
        try:  # no fsync: a lost record only means asking again
            files.make_private_dirs(os.path.dirname(self.path))
            files.write_atomic(self.path, f"{self.key}\n{name}".encode(), durable=False)
        except OSError:
            pass
