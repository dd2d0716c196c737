"""`okrtui git-setup`: the clone's own git config names the merge driver and the readable diffs;
.gitattributes only names the driver (`merge=okrtui`), so a store from someone else never names
a command to run. Private files (lock, temp files, journals) are kept out of git.
"""

from __future__ import annotations

import os
import shlex

from ..store import files
from .run import Clone, GitError

PRIVATE_SUFFIXES = (".lock", ".tmp", ".*.tmp", ".undo", ".redo", ".undo.tmp", ".redo.tmp")


def okrtui_command() -> str:
    """How git should run this okrtui: the installed script beside this Python, else `python -m okrtui`."""
    import shutil
    import sys

    beside = os.path.join(os.path.dirname(sys.executable), "okrtui")
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return shlex.quote(beside)
    found = shutil.which("okrtui")
    if found:
        return shlex.quote(os.path.abspath(found))
    return f"{shlex.quote(sys.executable)} -m okrtui"


def _pattern(rel: str, glob: str = "") -> str:
    """A .gitattributes pattern for a path (and a glob under it): glob characters in the path
    escaped, and the whole C-quoted when it has spaces, the way git reads such patterns."""
    path = "".join("\\" + c if c in "*?[]\\" else c for c in rel.replace(os.sep, "/")) + glob
    if any(c in path for c in ' "#!\t') or path.startswith("\\"):
        return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return path


def _ignore_pattern(rel: str, glob: str = "") -> str:
    """A gitignore pattern (git does not unquote these): glob characters, a leading # or ! and
    trailing spaces escaped with a backslash; spaces inside are fine as they are."""
    path = "".join("\\" + c if c in "*?[]\\" else c for c in rel.replace(os.sep, "/"))
    if path[:1] in ("#", "!"):
        path = "\\" + path
    if path.endswith(" "):
        path = path[:-1] + "\\ "
    return "/" + path + glob  # anchored at the top of the work tree


def setup(clone: Clone) -> list[str]:
    """Register the merge and diff drivers for the store (idempotent); what it did, in words."""
    done = []
    command = okrtui_command()
    wanted = {
        "merge.okrtui.name": "okrtui store: merged by record",
        "merge.okrtui.driver": f"{command} merge-driver %O %A %B %P",
        "diff.okrtui.textconv": f"{command} git-textconv",
    }
    for key, value in wanted.items():
        current = clone.git("config", "--local", "--get", key, check=False).stdout.rstrip("\n")
        if current != value:
            clone.git("config", "--local", key, value)
            done.append(f"git config {key} = {value}")
    attributes = os.path.join(clone.top, ".gitattributes")
    lines = [f"{_pattern(clone.store_rel)} merge=okrtui diff=okrtui",
             f"{_pattern(clone.values_rel, '/*.json')} merge=okrtui diff=okrtui"]
    done += _add_lines(attributes, lines, "in .gitattributes (commit it, so every clone merges by record)")
    exclude = os.path.join(clone.git_dir, "info", "exclude")
    private = [_ignore_pattern(clone.store_rel + suffix) for suffix in PRIVATE_SUFFIXES]
    private += [_ignore_pattern(clone.store_rel, ".schema*.bak"), _ignore_pattern(clone.values_rel, "/*.tmp")]
    done += _add_lines(exclude, private, "in .git/info/exclude (undo history and lock files stay out of git)")
    return done


def _add_lines(path: str, lines: list[str], where: str) -> list[str]:
    """Add the missing lines to a small text file (.gitattributes, info/exclude), never through a
    link: a committed .gitattributes that links elsewhere is refused."""
    try:
        text = files.read_limited(path, files.SMALL_LIMIT).decode("utf-8")
    except FileNotFoundError:
        text = ""
    except files.FileRefused as exc:
        raise GitError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GitError(f"cannot read {path}: {exc}") from None
    present = set(text.splitlines())
    missing = [line for line in lines if line not in present]
    if not missing:
        return []
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        files.write_atomic(path, (text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(missing)
                                  + "\n").encode("utf-8"))
    except OSError as exc:
        raise GitError(f"cannot write {path}: {exc.strerror or exc}") from None
    if len(missing) > 2:
        return [f"added {len(missing)} lines {where}: {', '.join(missing)}"]
    return [f"added {line!r} {where}" for line in missing]


def is_shared(clone: Clone) -> bool:
    """The store is tracked by git, or .gitattributes names it for okrtui: it is meant to be
    shared. A store that merely sits in some work tree (a demo in a checkout) is not."""
    if clone.git("ls-files", "--", clone.store_rel).stdout.strip():
        return True
    attribute = clone.git("check-attr", "merge", "--", clone.store_rel.replace(os.sep, "/"), check=False).stdout
    return attribute.rstrip().endswith(": okrtui")


def is_set_up(clone: Clone) -> bool:
    return bool(clone.git("config", "--local", "--get", "merge.okrtui.driver", check=False).stdout.strip())
