"""Writing `okrtui publish`'s static site: every file inside the one folder it was given.

The folder is often in a CI checkout, where anything in it may have been committed by anyone:
a folder that is a link, or a link inside it, is refused, never followed; each page is written
by files.write_atomic, which replaces a link at a page's name instead of writing through it.
"""

from __future__ import annotations

import os
import stat

from . import files


def _refuse_link(path: str) -> bool:
    """True when path exists as a folder; FileRefused when it is a link or anything else."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(mode):
        return True
    raise files.FileRefused(path, "is a symbolic link: okrtui publish writes only into a plain folder"
                            if stat.S_ISLNK(mode) else "is not a folder: okrtui publish writes a folder of pages")


def write_page(path: str, text: str) -> None:
    """`okrtui export --format html -o FILE`: FILE made, or replaced when it is a regular file.
    Anything else there is refused, never replaced: a device (-o /dev/null, as root it would become
    a file), a FIFO, or a link (-o /dev/stdout is one); standard output is what leaving out -o is for."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        raise files.FileRefused(path, "is not a regular file (a link, a device or a pipe): -o writes a plain file;"
                                " leave out -o to write to standard output")
    files.write_atomic(path, text.encode("utf-8"), mode=0o644)


def write_site(directory: str, pages: dict[str, str]) -> list[str]:
    """Write {relative path: text} under directory (made if missing); the paths written.
    Paths are okrtui's own (index.html, periods/2026-Q4.html): no "..", no absolute path."""
    directory = os.path.abspath(directory)
    if os.path.dirname(directory) == directory:  # `publish $SITE/` with SITE unset
        raise files.FileRefused(directory, "is the root of the file system: name a folder for the site, such as public/")
    folders = sorted({os.path.dirname(name) for name in pages} - {""})
    for name in pages:
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or "" in parts:
            raise ValueError(f"not a page name inside the site: {name!r}")
    exists = _refuse_link(directory)
    missing = [folder for folder in folders if not (exists and _refuse_link(os.path.join(directory, folder)))]
    for name in sorted(pages) if exists else ():  # before anything is made or written: all or nothing
        if _foreign_page(os.path.join(directory, name)):
            raise files.FileRefused(os.path.join(directory, name), "is not a page okrtui wrote, so nothing was written:"
                                    " publish into an empty folder, or one okrtui published before")
    if not exists:
        os.makedirs(directory, mode=0o755)
    for folder in missing:  # one level: periods/, kpis/
        os.mkdir(os.path.join(directory, folder), 0o755)
    written = []
    for name, text in sorted(pages.items()):
        path = os.path.join(directory, name)
        files.write_atomic(path, text.encode("utf-8"), durable=False, mode=0o644)
        written.append(path)
    for folder in folders:
        remove_stale_pages(os.path.join(directory, folder), {os.path.basename(p) for p in written})
    return written


GENERATOR = b'<meta name="generator" content="okrtui">'


def _is_okrtui_page(path: str) -> bool:
    try:
        return GENERATOR in files.read_limited(path, 16 << 20)[:1024]
    except (files.FileRefused, OSError):
        return False  # a link, a folder, something huge: not a page okrtui wrote


def _foreign_page(path: str) -> bool:
    """A regular file at a page's name that okrtui did not write (a project's own docs/index.html).
    A link or a FIFO there is not: it is replaced by name, never written through."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode) and not _is_okrtui_page(path)
    except FileNotFoundError:
        return False


def remove_stale_pages(folder: str, kept: set[str]) -> list[str]:
    """Remove the pages an earlier publish wrote here that this one did not (a deleted KPI's page,
    a period with no objectives left), so no link leads to old numbers. Only regular .html files
    that okrtui generated go; anything else someone put in the folder stays."""
    removed = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name in kept or not name.endswith(".html"):
            continue
        if _is_okrtui_page(path):
            os.unlink(path)
            removed.append(path)
    return removed
