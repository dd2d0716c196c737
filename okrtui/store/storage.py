"""The store: locking, atomic writes, schema checks and migrations.

Layout (schema 2, see docs/store-and-git.md): the store file is a TinyDB JSON file with
the tables `meta`, `kpis` (definitions), `objectives` and `conflicts` (what git merges
left for someone to look at), written deterministically one document per line: the
same data always gives the same bytes, and a change touches only its document's line.
Each KPI's values live in their own file in the folder beside it (valuefiles.py), so
logging a value rewrites one small file and reads take only the newest values.
Schema 1 kept every KPI's values in the store file itself; it is migrated on the
first write, after a backup.

Every write is one read-modify-write under an exclusive lock on a sidecar
`<store>.lock` file, re-reading the file inside the lock, then written to
`<store>.tmp`, fsynced, and moved over the store with os.replace. Readers
take no lock: os.replace means they see either the old or the new file.

A symlinked store is resolved first: the link's target is the file that is
locked and replaced, so the link keeps working. A store without any write
permission bit is read-only: every write is refused. New folders are 0700
and the store 0600 whatever the umask.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from . import files
from .errors import SchemaProblem, StoreError
from .checkcache import CheckCache
from .codec import APP_NAME, SCHEMA_VERSION, TABLES, RepeatedKey, Underflow, blake2b, encode, has_conflict_markers, layout, loads
from .files import FileRefused, words

# typing.TYPE_CHECKING without importing typing, which costs `okrtui log` about 5 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from .readonly import ReadTables
    from .tables import Tables

    # Each migration takes the whole decoded file at version N and returns it at N + 1.
    Migration = Callable[[dict[str, Any]], dict[str, Any]]

META_DOC = "1"


def _values_to_files(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: every KPI gets a uid naming its values file (and every objective one). The values stay in memory
    under `kpi_values` until the first write puts them in their files (Store.write_tables)."""
    from .valuefiles import new_uid

    taken: set[str] = set()
    for table in ("kpis", "objectives"):  # an objective's uid tells a merge it from one that reuses its id
        for doc_id, doc in data.get(table, {}).items():
            if isinstance(doc, dict):
                # The same record gets the same uid on every clone that migrates the store: a team
                # whose shared store was schema 1 merges afterwards instead of doubling every record.
                name = str(doc.get("title" if table == "objectives" else "name", ""))
                uid = blake2b(f"{table}\0{doc_id}\0{name}".encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
                if uid in taken:
                    uid = new_uid(taken.__contains__)
                taken.add(uid)
                doc["uid"] = uid
    data.setdefault("kpi_values", {})
    return data


MIGRATIONS: dict[int, Migration] = {1: _values_to_files}  # schema N -> a function that returns the data at N + 1


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


class Store:
    """A store file. Open views with read() or transaction()."""

    writable = True  # viewonly.ReadOnlyStore: False
    def __init__(
        self,
        path: str,
        *,
        migrations: dict[int, Migration] | None = None,
        schema_version: int = SCHEMA_VERSION,
        remember_checks: bool = True,
        lost_in_git: Callable[[str], bool] | None = None,
        author: Callable[[], str] | None = None,
    ):
        """remember_checks=False: never read or write `<store>.checked` (a merge driver's temp files).

        lost_in_git(path): whether a missing values file is one git still has (okrtui.git.run's
        tracked_but_missing, given by the commands and the TUI; the store never runs git itself).
        author(): who makes the changes (okrtui whoami), asked once, when a change records it."""
        # Through a symlink: lock and replace the file it points to, never the link itself.
        self.given = os.path.abspath(path)
        self.path = os.path.realpath(self.given)
        self.lock_path = self.path + ".lock"
        self.migrations = MIGRATIONS if migrations is None else migrations
        self.schema_version = schema_version
        self.remember_checks = remember_checks and schema_version == SCHEMA_VERSION
        self.checks = CheckCache(self.path)
        self.lost_in_git = lost_in_git
        self._author = author
        self._author_name: str | None = None

    def author_name(self) -> str:
        """Who makes this process's changes ("" when nobody said): asked once."""
        if self._author_name is None:
            self._author_name = self._author() if self._author is not None else ""
        return self._author_name

    def checked_before(self, raw: bytes) -> bool:
        """Whether these exact bytes of this store passed every check before (the check cache)."""
        return self.checks.checked_before(raw)

    # -- reading ---------------------------------------------------------
    def _load(self) -> tuple[dict[str, Any], int | None]:
        """Decode and check the file; returns (data at the current schema, version found on disk)."""
        return self.decode(self.read_raw())

    def _refuse_escape(self) -> None:
        """A store name inside a git work tree whose links lead out of it (a teammate can commit a
        link) is refused; a link the user made outside any work tree keeps working."""
        if self.given != self.path:
            top = files.escapes_work_tree(self.given, self.path)
            if top is not None:
                raise StoreError(self.given, f"leads through a link to {self.path}, outside the git work tree {top}"
                                             " (or into its .git folder): okrtui does not follow links out of a"
                                             " shared folder")

    def read_raw(self) -> bytes | None:
        """The file's bytes (at most files.STORE_LIMIT); None when there is no file."""
        self._refuse_escape()
        try:
            return files.read_limited(self.path, files.STORE_LIMIT)
        except FileNotFoundError:
            return None
        except FileRefused as exc:
            if exc.problem.startswith("is a folder"):
                raise StoreError(self.path, "is a directory, not a store file") from None
            raise StoreError(self.path, exc.problem) from None
        except PermissionError:
            raise StoreError(self.path, "cannot be read: permission denied") from None
        except OSError as exc:
            raise StoreError(self.path, f"cannot be read: {exc.strerror or exc}") from None

    def decode(self, raw: bytes | None, deep_values: bool = True) -> tuple[dict[str, Any], int | None]:
        """Parse and check every document; (data at the current schema, version found on disk or None if new).

        deep_values=False leaves the KPI value columns unparsed (`okrtui log` checks only the one it rewrites).
        """
        if raw is None or not raw.strip():
            return self._empty(), None
        # Bytes that passed every check before need not be parsed strictly again (a repeated key
        # costs a hook call per object: 1.7x the parse of a team's plans).
        digest = self.checks.digest(raw) if self.remember_checks else None
        cached = digest is not None and self.checks.checked_before(raw, digest)
        parts: dict[str, str | None] = {}  # objective id -> digest of its line (the check cache's record)
        passed: set[str] = set()  # those digests that passed every check before
        try:
            data = loads(raw, strict=False)
            if not cached:
                passed = self.checks.passed_parts() if self.remember_checks else set()
                parts = self._no_repeated_keys(raw, passed)
        except UnicodeDecodeError:
            raise StoreError(self.path, "is not UTF-8 text, so not an okrtui store") from None
        except RecursionError:
            raise StoreError(self.path, "is not an okrtui store (its JSON is nested too deeply)") from None
        except Underflow as exc:
            raise StoreError(self.path, f"cannot be used: the number {exc} is too small to tell from zero") from None
        except RepeatedKey as exc:
            raise StoreError(self.path, f"cannot be used: {exc}") from None
        except ValueError as exc:
            if has_conflict_markers(raw):
                raise StoreError(self.path, "holds git's conflict markers (a merge without okrtui's driver):"
                                            " git checkout -- the file, okrtui git-setup, then merge again") from None
            problem = "a number has too many digits" if "int_max_str_digits" in str(exc) else exc
            raise StoreError(self.path, f"is not valid JSON ({problem})") from None
        if b"\\ud" in raw or b"\\uD" in raw:  # okrtui never writes \u escapes: look for lone surrogates
            from .schema import check_unicode

            try:
                check_unicode(data)
            except SchemaProblem as exc:
                raise StoreError(self.path, f"cannot be used: {exc}") from None
        return self._check_schema(data, deep_values, raw, digest, cached, parts, passed)

    def _no_repeated_keys(self, raw: bytes, passed: set[str]) -> dict[str, str | None]:
        """Raise RepeatedKey for a key written twice anywhere. In the canonical layout only the
        documents not checked before are parsed again, strictly (a team's plans change a line at a
        time); any other file is parsed again strictly as a whole."""
        lines = layout(raw)
        parts: dict[str, str | None] = {}  # objective id -> the digest of its line
        if lines is None:
            loads(raw)
            return parts
        for table, docs in lines.items():
            for doc_id, line in docs.items():
                if table == "objectives" and self.remember_checks:
                    part = parts[doc_id] = self.checks.digest(line)
                    if part in passed:
                        continue  # this exact line passed the strict parse before
                try:
                    loads(line[line.index(b":") + 1:])
                except RepeatedKey:
                    raise
                except (ValueError, RecursionError):
                    loads(raw)  # names the problem in the file's own terms
                    raise
        return parts

    def _empty(self) -> dict[str, Any]:
        empty: dict[str, Any] = {name: {} for name in TABLES}
        empty["meta"] = {META_DOC: {"app": APP_NAME, "schema": self.schema_version}}
        return empty

    def _check_schema(self, data: Any, deep_values: bool = True, raw: bytes | None = None, digest: str | None = None,
                      cached: bool = False, parts: dict[str, str | None] | None = None,
                      passed: set[str] = frozenset()) -> tuple[dict[str, Any], int | None]:
        if not isinstance(data, dict):
            raise StoreError(self.path, f"is not an okrtui store (the top level is a JSON {type(data).__name__})")
        for name, table in data.items():
            if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
                raise StoreError(self.path, f"is not an okrtui store (table {name!r} is not a TinyDB table)")
        meta = data.get("meta", {}).get(META_DOC)
        if meta is not None and not isinstance(meta, dict):
            raise StoreError(self.path, "is not an okrtui store (its meta table is not ours)")
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
        remember = self.remember_checks and raw is not None and found == self.schema_version
        if remember and cached:
            return data, found
        from .schema import check_documents

        digests = (parts or {}) if remember else {}
        try:
            check_documents(data, deep_values, frozenset(i for i, d in digests.items() if d in passed))
        except SchemaProblem as exc:
            raise StoreError(self.path, f"cannot be used: {exc}") from None
        if remember and deep_values:  # only a whole check is remembered (the fast path relies on it)
            self.checks.remember(digest, [d for d in digests.values() if d])
        return data, found

    @property
    def values_folder(self) -> str:
        from .valuefiles import folder_for

        return folder_for(self.path)

    def values_files(self, data: dict[str, Any], kpis: Any = None, report: Any = None):
        """The KPI values of this data: a migrated store's from memory, otherwise from their files.

        kpis: the live KPI definitions of a transaction (a TinyDB table, or the {id: doc} dict undo
        changes), so a KPI added in it has a file, and one deleted in it still names its own."""
        from .valuefiles import ValuesFiles

        first = {int(doc_id): doc.get("uid") for doc_id, doc in data.get("kpis", {}).items()}

        def uid_of(doc_id: int) -> str | None:
            if isinstance(kpis, dict):
                live = kpis.get(str(doc_id))
            else:
                live = kpis.get(doc_id=doc_id) if kpis is not None else None
            return live.get("uid") if live is not None else first.get(doc_id)

        return ValuesFiles(self.values_folder, uid_of, self.path, data.pop("kpi_values", None), report)

    def read_tables(self, report: Any = None) -> ReadTables:
        """A read-only snapshot, no lock taken (and no TinyDB: see readonly.py). report: see ValuesFiles."""
        from .readonly import ReadTables

        data, _ = self._load()
        return ReadTables(data, self.values_files(data, report=report))

    def signature(self) -> tuple[int, ...] | None:
        """Changes whenever the file or a values file is replaced; None when there is no file."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        try:
            folder = os.stat(self.values_folder).st_mtime_ns  # os.replace into it changes its mtime
        except OSError:
            folder = 0
        return (st.st_mtime_ns, st.st_size, st.st_ino, folder)

    # -- writing ---------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's write lock (creating its directory).

        Refuses (StoreError) a store the user made read-only, one whose name leads out of its git
        work tree, and sidecar files (lock, undo and redo journals, the values folder) that are
        links or anything but what they should be: a teammate can commit such a thing, and
        writing through it would write outside the store's folder.
        """
        directory = os.path.dirname(self.path)
        try:
            files.make_private_dirs(directory)
        except OSError as exc:
            raise StoreError(self.path, f"cannot create its directory: {exc.strerror or exc}") from None
        self._refuse_escape()
        self._refuse_if_read_only()
        from .journal import journal_path

        try:
            for sidecar in (journal_path(self.path, "undo"), journal_path(self.path, "redo")):
                files.refuse_if_not_regular(sidecar)
            files.folder_state(self.values_folder)
        except FileRefused as exc:
            raise StoreError(self.path, f"{exc}; nothing was changed") from None
        try:
            lock = files.exclusive_lock(self.lock_path)
        except OSError as exc:
            raise StoreError(self.path, f"cannot create the lock file {self.lock_path}: {words(exc)}") from None
        with lock:
            yield

    def _refuse_if_read_only(self) -> None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(self.path, f"cannot be read: {exc.strerror or exc}") from None
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(self.path, "is not a regular file")
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(self.path, os.W_OK):
            raise StoreError(self.path, f"is read-only, so nothing was changed (chmod u+w {self.path} to allow changes)")

    @contextmanager
    def write_tables(self) -> Iterator[Tables]:
        """Lock, re-read, yield writable tables, and commit atomically if they changed."""
        from .tables import Tables

        with self.locked():
            # temp files a killed writer left (`okrs.json.<random>.tmp`); `okrtui log` leaves them be
            files.remove_leftover_temps(os.path.dirname(self.path), os.path.basename(self.path))
            raw = self.read_raw()
            data, version_on_disk = self.decode(raw)
            migrated = version_on_disk is not None and version_on_disk < self.schema_version
            tables = Tables(data, lambda kpis: self.values_files(data, kpis))
            yield tables
            if tables.storage.dirty:  # a frozen plan's changes are recorded, whoever wrote them (planlog.py)
                from .planlog import record_write

                record_write(raw, tables.storage.data, self.author_name)
            if tables.storage.dirty or migrated or tables.kpi_values.changed:
                if migrated:
                    self.backup(version_on_disk, raw)
                self.commit(tables.storage.data, tables.kpi_values, raw, journal=not migrated)

    def commit(self, data: dict[str, Any], values: Any, raw: bytes | None, journal: bool = True) -> None:
        """Write the changed values files, then the store file, then remove deleted values files
        (call with the lock held): a crash in between leaves at worst a values file no KPI names."""
        try:
            payload = encode(data)
        except (RecursionError, ValueError) as exc:  # a foreign field nested too deep to write back
            raise StoreError(self.path, f"cannot be written back: {exc}") from None
        from . import valuefiles

        changes = values.changes()
        written = [(uid, after) for _, uid, _, after in changes if after is not None]
        if written:
            self.make_values_folder()
        for _, uid, before, after in changes:
            if after is not None and before is None:
                self.refuse_lost_values_file(values.file_of(uid))
        for uid, after in written:
            self.replace_file(values.file_of(uid), valuefiles.encode(after))
        if payload != raw:
            self.commit_raw(payload)
        for _, uid, _, after in changes:
            if after is None:
                try:
                    os.unlink(values.file_of(uid))
                except OSError:
                    pass  # the change is made; a file no KPI names is ignored (and sync removes it)
        if journal:
            self._journal(raw, data, changes)

    def _journal(self, raw: bytes | None, after: dict[str, Any], values_changes: list) -> None:
        """Remember the change for undo: the documents before (read again from the bytes) and after."""
        from . import journal

        before = json.loads(raw) if raw and raw.strip() else {}
        changes = journal.document_changes(before, after)
        if values_changes:  # the journal keeps KPI values packed, as every version has written them
            from .legacy import packed_document

            def packed(doc: dict[str, Any] | None) -> dict[str, Any] | None:
                return None if doc is None else packed_document(doc)

            changes += [{"table": "kpi_values", "id": str(doc_id), "before": packed(old), "after": packed(new)}
                        for doc_id, _, old, new in values_changes]
        if changes:
            journal.record(self.path, changes, journal.describe(changes, after))

    def refuse_lost_values_file(self, path: str) -> None:
        """A values file git has but the folder lacks (a killed merge, a stray rm): writing a new
        one would commit the loss of every value it had, on every clone. Refused, with the way back."""
        if self.lost_in_git is not None and self.lost_in_git(path):
            raise StoreError(self.path, f"{path} is missing, but git has it: a new file would delete its values for"
                                        f" everyone; nothing was changed (git checkout -- {path} brings it back)")

    def make_values_folder(self) -> None:
        """The values folder, made private if missing (lock held; a link there was refused by locked())."""
        try:
            if not files.folder_state(self.values_folder):
                files.make_private_dirs(self.values_folder)
        except OSError as exc:
            raise StoreError(self.path, f"cannot create {self.values_folder}: {words(exc)}") from None

    def backup(self, version: int, raw: bytes | None) -> None:
        """Keep the file's bytes as `<store>.schema<N>.bak` before migrating it (lock held)."""
        backup = f"{self.path}.schema{version}.bak"
        try:
            files.write_atomic(backup, raw or b"")
        except OSError as exc:
            raise StoreError(self.path, f"cannot write the backup {backup} before migrating: {words(exc)}") from None

    def commit_raw(self, payload: bytes) -> None:
        """Atomically replace the file (call with the lock held)."""
        self.replace_file(self.path, payload)

    def replace_file(self, path: str, payload: bytes) -> None:
        """Atomically replace one of the store's files (lock held): see files.write_atomic."""
        try:
            files.write_atomic(path, payload)
        except OSError as exc:
            raise StoreError(self.path, f"cannot be written{'' if path == self.path else ' (' + path + ')'}:"
                                        f" {words(exc)}") from None

    @contextmanager
    def transaction(self, record_author: bool = True) -> Iterator[Any]:
        """A Repo (domain objects) over locked, writable tables. record_author=False: its changes
        are by nobody known (the demo's made-up history)."""
        from .repo import Repo  # deferred: keeps dataclasses off the `okrtui log` path

        with self.write_tables() as tables:
            yield Repo(tables, self.path, self.author_name if record_author else None)

    def read(self, report: Any = None) -> Any:
        """A read-only Repo. report(StoreError): a values file that cannot be used reads as no values
        (the TUI says so in a notice) instead of raising."""
        from .repo import Repo

        return Repo(self.read_tables(report), self.path)
