"""Running git: the `git` program (never a library), with no prompt for credentials, so that a
command without network or rights fails in words instead of waiting; and the clone a store sits in.
"""

from __future__ import annotations

import os
import subprocess

from ..store import files
from ..store.storage import Store

class GitError(Exception):
    """git failed, or is missing; the message says what happened and that the store is intact."""


def run_git(args: list[str], cwd: str, check: bool = True, network: bool = False) -> subprocess.CompletedProcess:
    """network: a fetch or push, which must fail in words rather than wait: no password prompts
    (ssh in batch mode unless the user set their own ssh command), a connect timeout, and a
    transfer that stalls for 30 s gives up."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_MERGE_AUTOEDIT="no")
    if network:
        args = ["-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=30", *args]
        if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
            own = subprocess.run(["git", "config", "--get", "core.sshCommand"], cwd=cwd, capture_output=True,
                                 text=True, stdin=subprocess.DEVNULL).stdout.strip()
            env["GIT_SSH_COMMAND"] = own or "ssh -o BatchMode=yes -o ConnectTimeout=15"
    env.pop("GIT_DIR", None)  # the store's own work tree, whatever the caller's
    env.pop("GIT_WORK_TREE", None)
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL, errors="backslashreplace")
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH): sharing a store needs the git program") from None
    if check and proc.returncode != 0:
        raise GitError(f"git {args[0]} failed: {last_lines(proc.stderr or proc.stdout)}")
    return proc


def tracked_but_missing(path: str) -> bool:
    """Whether git has this file (in the index or at HEAD) while the work tree lacks it; False
    outside git. Asked only when a file okrtui expected is missing (a KPI's first value, or a
    lost one), so its cost is never on the path of an ordinary `okrtui log`."""
    if os.path.lexists(path):
        return False
    top = files.work_tree_top(path)
    if top is None:
        return False
    rel = os.path.relpath(path, top).replace(os.sep, "/")
    for args in (["ls-files", "--error-unmatch", "--", rel], ["cat-file", "-e", f"HEAD:{rel}"]):
        try:
            if run_git(args, top, check=False).returncode == 0:
                return True
        except GitError:
            return False
    return False


def last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no message"


class Clone:
    """The git work tree a store sits in, and the store's paths inside it."""

    def __init__(self, store: Store):
        self.store = store
        folder = os.path.dirname(store.path)
        if not os.path.isdir(folder):
            raise GitError(f"{folder} does not exist yet: make the store first (okrtui demo, or any change)")
        proc = run_git(["rev-parse", "--show-toplevel", "--git-dir"], folder, check=False)
        if proc.returncode != 0:
            raise GitError(f"{store.path} is not in a git work tree (git init, or clone the team's repository, first)")
        top, git_dir = proc.stdout.splitlines()[:2]
        self.top = os.path.realpath(top)
        self.git_dir = os.path.realpath(os.path.join(folder, git_dir))
        self.store_rel = os.path.relpath(store.path, self.top)
        self.values_rel = os.path.relpath(store.values_folder, self.top)
        if self.store_rel.startswith(".."):
            raise GitError(f"{store.path} is outside the work tree {self.top}")

    def git(self, *args: str, check: bool = True, network: bool = False) -> subprocess.CompletedProcess:
        return run_git(list(args), self.top, check, network)

    @property
    def paths(self) -> list[str]:
        """The store's paths that exist or that git knows (a pathspec matching nothing is an error)."""
        known = set(self.git("ls-files", "-z", "--", self.store_rel, self.values_rel).stdout.split("\0"))
        return [rel for rel in (self.store_rel, self.values_rel)
                if os.path.exists(os.path.join(self.top, rel)) or any(k == rel or k.startswith(rel + "/") for k in known)]


def show(spec: str, cwd: str, limit: int = files.STORE_LIMIT) -> bytes | None:
    """A committed file's bytes; None when there is none, or it is larger than the limit (read no further)."""
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE")}
    try:
        proc = subprocess.Popen(["git", "show", spec], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        return None
    try:
        out = proc.stdout.read(limit + 1)
        if len(out) > limit:
            proc.kill()
            return None
        return out if proc.wait() == 0 else None
    finally:
        proc.stdout.close()
        proc.wait()
