"""The store file: locking, atomic writes, schema checks and migrations.

Layout: one TinyDB JSON file with the tables `meta`, `objectives` and
`kpis`. A KPI's values are packed into one text column inside its document
(see series.py), so a store with ten years of daily values parses in a few
milliseconds instead of building a dict per value.

Every write is one read-modify-write under an exclusive lock on a sidecar
`<store>.lock` file, re-reading the file inside the lock, then written to
`<store>.tmp`, fsynced, and moved over the store with os.replace. Readers
take no lock: os.replace means they see either the old or the new file.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

SCHEMA_VERSION = 1
TABLES = ("meta", "objectives", "kpis")
META_DOC = "1"
APP_NAME = "okrtui"

# Each migration takes the whole decoded file at version N and returns it at N + 1.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


class StoreError(Exception):
    """The store cannot be used; the message names the file and the problem."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def default_path() -> str:
    """`okrtui.json` in the user data directory.

    On Linux this follows the XDG base directory spec directly: platformdirs
    gives the same answer (tests check it) but importing it costs about as
    much as starting Python, which `okrtui log` cannot afford.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.join(os.path.expanduser("~"), ".local", "share")
        return os.path.join(base, APP_NAME, "okrtui.json")
    import platformdirs

    return os.path.join(platformdirs.user_data_dir(APP_NAME, appauthor=False), "okrtui.json")


def resolve_path(cli_value: str | None = None) -> str:
    """--db beats OKRTUI_DB beats the default."""
    chosen = cli_value or os.environ.get("OKRTUI_DB") or default_path()
    return os.path.abspath(os.path.expanduser(chosen))


class _MemoryStorage(Storage):
    """TinyDB storage over data already read; writes are collected for one commit."""

    def __init__(self, data: dict[str, Any], read_only: bool):
        self.data = data
        self.read_only = read_only
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise RuntimeError("write on a read-only view of the store")
        self.data = data
        self.dirty = True


class Tables:
    """One consistent view of the store, as TinyDB tables."""

    def __init__(self, data: dict[str, Any], read_only: bool):
        self._storage_data = data
        self.db = TinyDB(storage=_MemoryStorage, data=data, read_only=read_only)
        self.meta = self.db.table("meta", cache_size=0)
        self.objectives = self.db.table("objectives", cache_size=0)
        self.kpis = self.db.table("kpis", cache_size=0)

    @property
    def storage(self) -> _MemoryStorage:
        return self.db.storage  # type: ignore[return-value]

    @property
    def is_empty(self) -> bool:
        return not self.objectives and not self.kpis


try:
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None


@contextmanager
def _exclusive_lock(store_path: str, lock_path: str) -> Iterator[None]:
    if _fcntl is None:  # pragma: no cover - Windows: fall back to filelock
        import filelock

        with filelock.FileLock(lock_path, mode=0o600):
            yield
        return
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(store_path, f"cannot create the lock file {lock_path}: {exc.strerror or exc}") from None
    try:
        _fcntl.flock(fd, _fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _write_private(path: str, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # O_CREAT's mode only applies to new files
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def encode(data: dict[str, Any]) -> bytes:
    # ensure_ascii=False keeps Chinese titles readable in the file; compact separators halve the size.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Store:
    """A store file. Open views with read() or transaction()."""

    def __init__(
        self,
        path: str,
        *,
        migrations: dict[int, Migration] | None = None,
        schema_version: int = SCHEMA_VERSION,
    ):
        self.path = os.path.abspath(path)
        self.lock_path = self.path + ".lock"
        self.temp_path = self.path + ".tmp"
        self.migrations = MIGRATIONS if migrations is None else migrations
        self.schema_version = schema_version

    # -- reading ---------------------------------------------------------
    def _load(self) -> tuple[dict[str, Any], int | None]:
        """Decode and check the file; returns (data at the current schema, version found on disk)."""
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            return self._empty(), None
        except IsADirectoryError:
            raise StoreError(self.path, "is a directory, not a store file") from None
        except PermissionError:
            raise StoreError(self.path, "cannot be read: permission denied") from None
        except OSError as exc:
            raise StoreError(self.path, f"cannot be read: {exc.strerror or exc}") from None
        if not raw.strip():
            return self._empty(), None
        try:
            data = json.loads(raw)
        except UnicodeDecodeError:
            raise StoreError(self.path, "is not UTF-8 text, so not an okrtui store") from None
        except ValueError as exc:
            raise StoreError(self.path, f"is not valid JSON ({exc})") from None
        return self._check_schema(data)

    def _empty(self) -> dict[str, Any]:
        return {"meta": {META_DOC: {"app": APP_NAME, "schema": self.schema_version}}, "objectives": {}, "kpis": {}}

    def _check_schema(self, data: Any) -> tuple[dict[str, Any], int | None]:
        if not isinstance(data, dict):
            raise StoreError(self.path, f"is not an okrtui store (the top level is a JSON {type(data).__name__})")
        for name, table in data.items():
            if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
                raise StoreError(self.path, f"is not an okrtui store (table {name!r} is not a TinyDB table)")
        meta = data.get("meta", {}).get(META_DOC)
        if meta is None:
            if any(data.values()):
                raise StoreError(self.path, "is not an okrtui store (TinyDB data without an okrtui schema version)")
            # An empty TinyDB file (for example `{}` or `{"_default": {}}`) is adopted as a new store.
            adopted = self._empty()
            adopted.update((k, v) for k, v in data.items() if k not in adopted)
            return adopted, None
        version = meta.get("schema")
        if meta.get("app") != APP_NAME or not isinstance(version, int) or isinstance(version, bool):
            raise StoreError(self.path, "is not an okrtui store (its meta table is not ours)")
        if version > self.schema_version:
            raise StoreError(
                self.path,
                f"was written by a newer okrtui (schema {version}; this version reads up to {self.schema_version})",
            )
        found = version
        while version < self.schema_version:
            step = self.migrations.get(version)
            if step is None:
                raise StoreError(self.path, f"has schema {version} and there is no migration from it")
            try:
                data = step(data)
            except Exception as exc:  # a failed migration must leave the file alone
                raise StoreError(self.path, f"migration from schema {version} failed: {exc}") from None
            version += 1
            data["meta"][META_DOC]["schema"] = version
        for name in TABLES:
            data.setdefault(name, {})
        self._check_documents(data)
        return data, found

    def _check_documents(self, data: dict[str, Any]) -> None:
        """Cheap shape checks on our own documents, so later code can trust them."""
        for doc_id, doc in data["kpis"].items():
            if not isinstance(doc.get("name"), str) or not isinstance(doc.get("values", ""), str):
                raise StoreError(self.path, f"is not an okrtui store (KPI {doc_id} has no name or bad values)")
        for doc_id, doc in data["objectives"].items():
            if not isinstance(doc.get("title"), str) or not isinstance(doc.get("key_results", []), list):
                raise StoreError(self.path, f"is not an okrtui store (objective {doc_id} is malformed)")

    def read_tables(self) -> Tables:
        """A read-only snapshot, no lock taken."""
        data, _ = self._load()
        return Tables(data, read_only=True)

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever the file is replaced; None when there is no file."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    # -- writing ---------------------------------------------------------
    @contextmanager
    def write_tables(self) -> Iterator[Tables]:
        """Lock, re-read, yield writable tables, and commit atomically if they changed."""
        directory = os.path.dirname(self.path)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise StoreError(self.path, f"cannot create its directory: {exc.strerror or exc}") from None
        with _exclusive_lock(self.path, self.lock_path):
            if os.path.exists(self.temp_path):  # left by a writer that was killed
                os.unlink(self.temp_path)
            data, version_on_disk = self._load()
            migrated = version_on_disk is not None and version_on_disk < self.schema_version
            tables = Tables(data, read_only=False)
            yield tables
            if tables.storage.dirty or migrated:
                if migrated:
                    self._backup(version_on_disk)
                self._commit(tables.storage.data)

    def _backup(self, version: int) -> None:
        import shutil  # only on the rare migration path

        backup = f"{self.path}.schema{version}.bak"
        shutil.copyfile(self.path, backup)
        os.chmod(backup, 0o600)

    def _commit(self, data: dict[str, Any]) -> None:
        try:
            _write_private(self.temp_path, encode(data))
            os.replace(self.temp_path, self.path)
        except OSError as exc:
            raise StoreError(self.path, f"cannot be written: {exc.strerror or exc}") from None
        _fsync_dir(os.path.dirname(self.path))

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A Repo (domain objects) over locked, writable tables."""
        from .repo import Repo  # deferred: keeps dataclasses off the `okrtui log` path

        with self.write_tables() as tables:
            yield Repo(tables, self.path)

    def read(self) -> Any:
        """A read-only Repo."""
        from .repo import Repo

        return Repo(self.read_tables(), self.path)
