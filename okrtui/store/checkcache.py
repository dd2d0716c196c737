"""The check cache: which exact bytes of a store passed every check before.

A store that passed the checks is remembered by a hash of its bytes, keyed by a random key
of this user's, in the user's cache folder (never beside the store, where git could bring a
forged one): the same bytes need not be checked again, which keeps reading a team's years of
plans cheap. A new okrtui version checks every store afresh. Beside the file's digest the
record keeps its objectives' lines' digests, so after a pull or an edit only the objectives
that changed are checked again.
"""

from __future__ import annotations

import os

from . import files
from .codec import APP_NAME, SCHEMA_VERSION, blake2b


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, APP_NAME)


_KEYS: dict[str, bytes | None] = {}  # cache folder -> its key, read once per process


def _check_key() -> bytes | None:
    """This user's random key for the check cache (made on first use, private); None if impossible."""
    folder = cache_dir()
    if folder not in _KEYS:
        _KEYS[folder] = _read_or_make_key(os.path.join(folder, "check.key"))
    return _KEYS[folder]


def _read_or_make_key(path: str) -> bytes | None:
    try:
        key = files.read_limited(path, 64)
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        files.make_private_dirs(os.path.dirname(path))
        key = os.urandom(32)
        files.write_atomic(path, key)
        return key
    except OSError:
        return None


class CheckCache:
    """The record of one store (by its real path)."""

    def __init__(self, store_path: str):
        self.path = os.path.join(cache_dir(), "checked", blake2b(store_path.encode("utf-8", "surrogateescape"),
                                                                 digest_size=16).hexdigest())

    def digest(self, raw: bytes) -> str | None:
        """The keyed hash of these bytes; None when there is no key (no cache folder)."""
        key = _check_key()
        if key is None:
            return None
        from .. import __version__

        return blake2b(raw + f"\0okrtui {__version__} schema {SCHEMA_VERSION}".encode(), digest_size=20,
                       key=key).hexdigest()

    def checked_before(self, raw: bytes, digest: str | None = None) -> bool:
        """Whether these exact bytes (whose digest may be given) passed every check before."""
        digest = digest or self.digest(raw)
        return digest is not None and self._record()[:1] == [digest]

    def _record(self) -> list[str]:
        """The record's lines: the file's digest, then its objectives' ([] if none)."""
        try:
            return files.read_limited(self.path, files.SMALL_LIMIT).decode("ascii").split()
        except (OSError, ValueError):
            return []

    def passed_parts(self) -> set[str]:
        """Digests of the objectives' lines that passed last time."""
        return set(self._record()[1:])

    def remember(self, digest: str | None, parts: list[str]) -> None:
        if digest is None:
            return
        try:  # no fsync: a lost or torn record only means checking again
            files.make_private_dirs(os.path.dirname(self.path))
            files.write_atomic(self.path, "".join(line + "\n" for line in [digest, *parts]).encode(), durable=False)
        except OSError:
            pass  # no cache folder: the next read checks again
