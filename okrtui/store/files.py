"""The one rule for every file okrtui reads or writes beside a store.

A store shared through git makes every file beside it something a teammate can commit: the
store, its values folder and files, the undo journals, `.gitattributes`. So none of them is
trusted to be what its name says:

- opened with O_NOFOLLOW (a link is refused, never followed) and O_NONBLOCK (a FIFO cannot
  hang an open), then checked with fstat: anything but a regular file is refused by name;
- read with a size limit: the size is checked before reading and never more than the limit
  is read, so a file grown to gigabytes costs nothing;
- written through a temp file created with O_EXCL under a random name (a planted temp file
  or link is never written through), fsynced, then moved over the file with os.replace;
- folders are looked at with lstat: a folder that is a link is refused.

FileRefused says which file and why, in words; the store turns it into a StoreError.
"""

from __future__ import annotations

import errno
import os
import stat

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)

MiB = 1 << 20
# The most okrtui reads of each file (stated in the README). A team's store of 200 objectives
# over ten years is about 1 MB, and a KPI's ten years of daily values with notes under 1 MB.
STORE_LIMIT = 32 * MiB
VALUES_LIMIT = 8 * MiB
JOURNAL_LIMIT = 32 * MiB  # one entry holds whole documents (an import of years of values)
SMALL_LIMIT = 1 * MiB  # .gitattributes, .git/info/exclude, the check cache


class FileRefused(OSError):
    """A file beside the store that okrtui will not use; str() names it and says why."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path} {problem}")
        self.path = path
        self.problem = problem


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a file"
    return "not a regular file"


def not_regular(path: str, mode: int) -> FileRefused:
    return FileRefused(path, f"is {_kind(mode)}, not a regular file: okrtui does not follow links or read"
                             " anything else beside a store (remove it, or git checkout it)")


def open_regular(path: str, flags: int = os.O_RDONLY, mode: int = 0o600) -> int:
    """A descriptor of the regular file at path; FileRefused for a link, FIFO, device or folder.
    FileNotFoundError (and other OSErrors) pass through."""
    try:
        fd = os.open(path, flags | NOFOLLOW | NONBLOCK | CLOEXEC, mode)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO, errno.EISDIR):
            try:
                found = os.lstat(path).st_mode
            except OSError:
                found = stat.S_IFLNK if exc.errno in (errno.ELOOP, errno.EMLINK) else 0
            raise not_regular(path, found) from None
        raise
    try:
        found = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(found):
        os.close(fd)
        raise not_regular(path, found)
    return fd


def too_large(path: str, size: int, limit: int) -> FileRefused:
    return FileRefused(path, f"is {size:,} bytes, more than the {limit // MiB} MiB okrtui reads of it")


def read_limited(path: str, limit: int) -> bytes:
    """The whole file, if it is a regular file of at most `limit` bytes; never reads more."""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise too_large(path, size, limit)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20) or 1)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise too_large(path, total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_for_reading(path: str, limit: int):
    """A binary file object over a regular file of at most `limit` bytes (callers that seek)."""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise too_large(path, size, limit)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def folder_state(path: str) -> bool:
    """Whether the folder exists; FileRefused when the name is a link or not a folder."""
    try:
        found = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if not stat.S_ISDIR(found):
        raise FileRefused(path, f"is {_kind(found)}, not a folder: okrtui does not follow links beside a store"
                                " (remove it, or git checkout it)")
    return True


def refuse_if_not_regular(path: str) -> None:
    """FileRefused when something other than a regular file has the name (nothing there is fine)."""
    try:
        found = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(found):
        raise not_regular(path, found)


def make_private_dirs(directory: str) -> None:
    """Create `directory` and any missing parents, each 0700 whatever the umask (os.makedirs gives
    parents 0777 - umask)."""
    missing = []
    while directory and not os.path.isdir(directory):
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise
            continue
        os.chmod(folder, 0o700)


def fsync_dir(directory: str) -> None:
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


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def temp_name(path: str) -> str:
    """A fresh temp name beside path (`okrs.json.3f9a2c1e.tmp`), matched by the `*.tmp` exclude lines."""
    return f"{path}.{os.urandom(4).hex()}.tmp"


def write_atomic(path: str, payload: bytes, durable: bool = True, mode: int = 0o600) -> None:
    """Replace path with payload: a new private temp file (O_EXCL: nothing planted is written
    through), fsync, os.replace (which replaces a link by name, never writes through it), fsync of
    the folder. durable=False skips both fsyncs (caches, where a lost write only costs a re-check).
    The file gets `mode` (private unless asked). The temp file is removed on failure."""
    temp = temp_name(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, 0o600)
    try:
        try:
            os.fchmod(fd, mode)  # whatever the umask
            _write_all(fd, payload)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    if durable:
        fsync_dir(os.path.dirname(path) or ".")


def append(path: str, payload: bytes) -> int:
    """Append to a regular file (created private if missing); the file's size after."""
    fd = open_regular(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        _write_all(fd, payload)
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def remove_leftover_temps(folder: str, prefix: str) -> None:
    """Remove temp files a killed writer left (`<prefix>.<random>.tmp`); unlink never follows a link."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix + ".") and name.endswith(".tmp"):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass


def work_tree_top(path: str) -> str | None:
    """The git work tree the (unresolved, absolute) path lies in, judged without following links:
    the nearest folder above it that holds `.git` and is not itself a link. None outside any."""
    folder = os.path.dirname(path)
    while True:
        if not os.path.islink(folder) and os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def escapes_work_tree(path: str, real: str) -> str | None:
    """The work tree a store reached through links leaves (its real path lies outside the work
    tree its name lies in, or inside its .git folder), else None. A link the user made outside
    any work tree is fine."""
    if real == path:
        return None  # no link on the way: it cannot leave anything
    top = work_tree_top(path)
    if top is None:
        return None
    top_real = os.path.realpath(top)
    inside = real.startswith(top_real.rstrip(os.sep) + os.sep)
    if inside and ".git" not in real[len(top_real):].split(os.sep):  # nor into git's own folder
        return None
    return top


try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class _Flock:
    """An exclusive lock on an open lock file: held from `with` until its descriptor is closed."""

    def __init__(self, fd: int):
        self.fd = fd

    def __enter__(self) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(self.fd)
            raise

    def __exit__(self, *_exc_info) -> None:
        os.close(self.fd)  # closing the descriptor releases the lock


def exclusive_lock(lock_path: str):
    """The cross-process write lock, as a context manager. The lock file is opened (made 0600,
    never through a link) now, so a failure to make it is an OSError here, before `with`."""
    if fcntl is None:  # pragma: no cover - Windows: fall back to filelock
        import filelock

        return filelock.FileLock(lock_path, mode=0o600)
    return _Flock(open_regular(lock_path, os.O_RDWR | os.O_CREAT))


def words(exc: OSError) -> str:
    """An OSError in words: a refused file says why, others their strerror."""
    return exc.problem if isinstance(exc, FileRefused) else (exc.strerror or str(exc))
