"""`okrtui git-setup --hooks`: after a pull (post-merge) or a branch switch (post-checkout), git
prints what is due for me (`okrtui due --mine`). The hook never changes what git does: a
missing store, a broken one, or no okrtui any more, and it says nothing; a hook that was
there before is kept and run first, and its exit status is the hook's."""

from __future__ import annotations

import os
import shlex

from ..store import files
from .run import Clone, GitError

HOOKS = ("post-merge", "post-checkout")
MARK = "# okrtui git-setup --hooks"
CHAINED = ".okrtui-chained"  # the hook that was there before, run first


def hook_text(command: str, store_rel: str, hook: str) -> str:
    """The script: run the chained hook, then (for a merge, or a checkout of a branch) okrtui due --mine."""
    program = shlex.split(command)[0]
    when = '[ "$3" = 1 ] && ' if hook == "post-checkout" else ""  # a file checkout is not a switch
    return f"""#!/bin/sh
{MARK}: what is due for you after git moves the store (it never fails git)
status=0
if [ -x "$0{CHAINED}" ]; then "$0{CHAINED}" "$@"; status=$?; fi
if [ -x {shlex.quote(program)} ] && [ -f {shlex.quote(store_rel)} ]; then
    {when}{command} --db {shlex.quote(store_rel)} due --mine --quiet </dev/null 2>/dev/null | sed 's/^/okrtui: /' || true
fi
exit $status
"""


def hooks_folder(clone: Clone) -> str:
    folder = clone.git("rev-parse", "--git-path", "hooks").stdout.strip()
    return os.path.join(clone.top, folder) if not os.path.isabs(folder) else folder


def install_hooks(clone: Clone, command: str) -> list[str]:
    """Write (or refresh) okrtui's hooks, keeping any other hook as the chained one; what it did, in words."""
    folder = hooks_folder(clone)
    inside = os.path.realpath(folder).startswith(os.path.realpath(clone.top) + os.sep)
    if inside and not os.path.realpath(folder).startswith(os.path.realpath(clone.git_dir) + os.sep):
        raise GitError(f"git's hooks here are {folder} (core.hooksPath), inside the work tree, which the team"
                       " commits: okrtui writes no hook there. Add this line to your post-merge hook instead:"
                       f" {command} --db {shlex.quote(clone.store_rel)} due --mine --quiet || true")
    done = []
    try:
        files.make_private_dirs(folder) if not os.path.isdir(folder) else None
        for hook in HOOKS:
            path = os.path.join(folder, hook)
            wanted = hook_text(command, clone.store_rel, hook).encode()
            try:
                present = files.read_limited(path, files.SMALL_LIMIT)
            except FileNotFoundError:
                present = None
            if present == wanted:
                continue
            if present is not None and MARK.encode() not in present:
                if os.path.lexists(path + CHAINED):
                    raise GitError(f"{path} is not okrtui's and {path + CHAINED} exists already: nothing was"
                                   " changed (join the two by hand, then run git-setup --hooks again)")
                os.rename(path, path + CHAINED)
                done.append(f"kept your {hook} hook as {hook}{CHAINED}: okrtui's runs it first")
            files.write_atomic(path, wanted, mode=0o700)
            done.append(f"{hook} hook: okrtui due --mine after git {'merges' if hook == 'post-merge' else 'switches branch'}")
    except files.FileRefused as exc:
        raise GitError(f"{exc}; nothing more was changed") from None
    except OSError as exc:
        raise GitError(f"cannot write git's hooks in {folder}: {exc.strerror or exc}") from None
    return done
