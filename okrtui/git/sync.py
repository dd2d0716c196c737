"""`okrtui sync`: commit what changed, fetch, merge with okrtui's driver, push; never commit a
loss, and leave the store as it was when anything fails. The layout and the reasons are in
docs/store-and-git.md.
"""

from __future__ import annotations

import os
import shlex
import time
from typing import Any

from ..store import files
from ..store.codec import encode, id_order
from ..store.errors import StoreError
from ..store.storage import Store
from .describe import describe
from .driver import REFUSED, decode_main, take_report
from .run import Clone, GitError, last_lines, show
from .setup import is_set_up, is_shared, setup

def committed_version(clone: Clone, rel: str, commit: str = "HEAD") -> bytes | None:
    """A file's bytes at a commit (None when it has none)."""
    return show(f"{commit}:{rel.replace(os.sep, '/')}", clone.top)


def _message(clone: Clone) -> str:
    """Words for what the staged store changes do, against HEAD."""
    from ..store import valuefiles

    def main(raw: bytes | None) -> dict[str, Any]:
        try:  # HEAD may still be schema 1 on the first sync after the move
            return decode_main(clone.store.path, raw, migrate=True) if raw else {}
        except StoreError:
            return {}

    def values(raw: bytes | None) -> dict[str, Any]:
        try:
            return valuefiles.decode(raw) if raw and raw.strip() else {}
        except valuefiles.ValuesProblem:
            return {}

    before = main(committed_version(clone, clone.store_rel))
    after = main(clone.store.read_raw())
    changed = clone.git("diff", "--cached", "--name-only", "-z", "--", clone.values_rel).stdout.split("\0")
    values_before, values_after = {}, {}
    for rel in filter(None, changed):
        uid = os.path.basename(rel)
        values_before[uid] = values(committed_version(clone, rel))
        try:
            values_after[uid] = values(files.read_limited(os.path.join(clone.top, rel), files.VALUES_LIMIT))
        except OSError:
            values_after[uid] = {}
    return describe(before, after, values_before, values_after)


def _upstream(clone: Clone) -> tuple[list[str], list[str]] | None:
    """(pull arguments, push arguments), or None when there is nowhere to sync with."""
    if clone.git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False).returncode == 0:
        return [], []
    remotes = clone.git("remote").stdout.split()
    if len(remotes) != 1:
        return None
    branch = clone.git("symbolic-ref", "--short", "HEAD").stdout.strip()  # works on an unborn branch too
    remote = remotes[0]
    exists = clone.git("ls-remote", "--exit-code", "--heads", remote, branch, check=False, network=True).returncode == 0
    return ([remote, branch] if exists else None), ["-u", remote, branch]


def _merging(clone: Clone) -> str:
    """What git operation is unfinished in the clone ("" when none)."""
    for name, words in (("MERGE_HEAD", "a merge"), ("REBASE_HEAD", "a rebase"), ("CHERRY_PICK_HEAD", "a cherry-pick")):
        if os.path.exists(os.path.join(clone.git_dir, name)):
            return words
    if os.path.isdir(os.path.join(clone.git_dir, "rebase-merge")) or os.path.isdir(os.path.join(clone.git_dir, "rebase-apply")):
        return "a rebase"
    return ""


def _unmerged(clone: Clone) -> dict[str, str]:
    """Paths git left unmerged, with their two-letter state (UD: deleted by them, DU: by us...)."""
    out = {}
    entries = clone.git("status", "--porcelain=v1", "-z", "--untracked-files=no").stdout.split("\0")
    for entry in entries:
        state, path = entry[:2], entry[3:]
        if path and ("U" in state or state in ("AA", "DD")):
            out[path] = state
    return out


def _keep_values_of_deleted_kpis(clone: Clone, unmerged: dict[str, str]) -> list[str] | None:
    """A KPI deleted on one side and given values on the other: git never hands such a file to a
    driver. The values file is kept and the merge committed; _adopt_orphans then brings the KPI
    back. None when git left anything else unmerged."""
    prefix = clone.values_rel.replace(os.sep, "/") + "/"
    if not unmerged or any(not path.startswith(prefix) or state not in ("UD", "DU") for path, state in unmerged.items()):
        return None
    for path in sorted(unmerged):
        clone.git("add", "--", path)
    clone.git("commit", "--quiet", "--no-edit", "--no-verify")
    return []


def _adopt_orphans(clone: Clone) -> list[str]:
    """Values files no KPI of the merged store names: their KPI was deleted on one side while the
    other gave it values (its first, or more). The record rule applies: it is kept, with its
    values; its definition comes back from the parent that had it, and that is recorded."""
    data, _ = clone.store.decode(clone.store.read_raw())
    known = {doc.get("uid") for doc in data["kpis"].values()}
    try:
        if not files.folder_state(clone.store.values_folder):
            return []
        names = sorted(os.listdir(clone.store.values_folder))
    except OSError:
        return []
    report = []
    for file_name in names:
        uid = file_name[: -len(".json")] if file_name.endswith(".json") else ""
        if not uid or uid in known:
            continue
        for side in ("HEAD^1", "HEAD^2"):
            old = committed_version(clone, clone.store_rel, side)
            try:
                kpis = decode_main(clone.store.path, old)["kpis"] if old else {}
            except StoreError:
                continue
            found = next(((i, d) for i, d in kpis.items() if d.get("uid") == uid), None)
            if found is None:
                continue
            doc_id, doc = found
            if doc_id in data["kpis"]:
                doc_id = str(max(int(i) for i in data["kpis"]) + 1)
            data["kpis"][doc_id] = doc
            known.add(uid)
            name = str(doc.get("name", ""))
            words = "deleted on one side and given values on the other: kept, with its values"
            data["conflicts"][str(max((int(i) for i in data["conflicts"]), default=0) + 1)] = {
                "kind": "kept", "where": f"KPI {doc_id} {name[:40]!r}", "message": words}
            report.append(f"KPI {doc_id} {name[:40]!r}: {words}")
            break
    if report:
        payload = encode(data)
        clone.store.decode(payload)  # what is written must read back
        clone.store.commit_raw(payload)
        clone.git("add", "--", clone.store_rel)
        clone.git("commit", "--quiet", "--amend", "--no-edit", "--no-verify")
    return report


def _restore_values_files(clone: Clone) -> list[str]:
    """A KPI the merge kept (deleted on one side, edited on the other) whose values file git
    deleted: the file comes back from the parent that had it, and the merge commit with it."""
    data, _ = clone.store.decode(clone.store.read_raw())
    restored = []
    for doc_id, doc in sorted(data["kpis"].items(), key=lambda item: id_order(item[0])):
        rel = os.path.join(clone.values_rel, f"{doc.get('uid')}.json")
        if os.path.exists(os.path.join(clone.top, rel)):
            continue
        for parent in ("HEAD^1", "HEAD^2"):
            if committed_version(clone, rel, parent) is not None:
                clone.git("checkout", parent, "--", rel.replace(os.sep, "/"))
                restored.append(f"KPI {doc_id} {str(doc.get('name', ''))[:40]!r}: kept by the merge, with its values")
                break
    if restored:
        clone.git("commit", "--quiet", "--amend", "--no-edit", "--no-verify")
    return restored


def _ahead(clone: Clone) -> int | None:
    """How many commits the branch has that its upstream has not (None: no upstream)."""
    proc = clone.git("rev-list", "--count", "@{u}..HEAD", check=False)
    return int(proc.stdout.strip()) if proc.returncode == 0 and proc.stdout.strip().isdigit() else None


def has_unsynced_changes(store: Store) -> bool | None:
    """True when the store has changes not committed, or commits not pushed; None outside git."""
    try:
        clone = Clone(store)
        files.refuse_if_not_regular(os.path.join(clone.top, ".gitattributes"))  # git would hang on a FIFO
        if not is_shared(clone):
            return None
        # --no-optional-locks: the TUI asks while a sync may be running; never take the index lock
        proc = clone.git("--no-optional-locks", "status", "--porcelain", "--untracked-files=all", "--", *clone.paths)
        return bool(proc.stdout.strip()) or bool(_ahead(clone))
    except (GitError, files.FileRefused):
        return None


KEPT = "your store is unchanged and its changes are committed in this clone"


def _readable(store: Store) -> None:
    """Refuse (StoreError) a store, or a values file, that okrtui cannot read: never commit or push it."""
    repo = store.read()
    for kpi in repo.tables.kpis.all():
        repo.tables.kpi_values.get(doc_id=kpi.doc_id)


def _remove_leftovers(store: Store) -> None:
    """Values files no KPI names (a delete killed between its two steps) and temp files: never
    committed, or a merge would take them for a deleted KPI given values (lock held)."""
    data, _ = store.decode(store.read_raw())
    named = {f"{doc.get('uid')}.json" for doc in data["kpis"].values()}
    try:
        if not files.folder_state(store.values_folder):  # never list (and clean) a folder a link points to
            return
        names = os.listdir(store.values_folder)
    except files.FileRefused as exc:
        raise StoreError(store.path, f"{exc}; nothing was synced") from None
    except OSError:
        return
    for name in names:
        if name not in named and (name.endswith(".json") or name.endswith(".tmp")):
            try:
                os.unlink(os.path.join(store.values_folder, name))
            except OSError:
                pass


def _forget_undo(store: Store) -> None:
    """A merge may have renumbered records: undo entries name ids, so they no longer fit."""
    from ..store import journal

    for name in ("undo", "redo"):
        try:
            os.unlink(journal.journal_path(store.path, name))
        except OSError:
            pass


def sync(store: Store) -> list[str]:
    """Commit the store's changes, pull (merging by record) and push; what happened, in words."""
    started = time.time()
    clone = Clone(store)
    fresh = not os.path.lexists(store.path)  # a clone made before the team's store was pushed: pull it
    _ready_to_sync(store, clone, fresh)
    report = []
    if not fresh:
        if not is_set_up(clone):
            report += [f"set up: {line}" for line in setup(clone)]
        with store.locked():  # no okrtui writes while git works on the files
            report.append(_commit(clone, started) or "nothing new to commit")
    where = _upstream(clone)
    if where is None or fresh and where[0] is None:
        if fresh:
            raise GitError(f"{clone.store_rel} does not exist here, and the remote has no branch to pull it from:"
                           " nothing to sync (make the store first: any change, or okrtui demo)")
        report.append("no remote to sync with: committed only")
        return report
    pull, push = where
    if pull is not None:
        fetched = clone.git("fetch", "--quiet", *pull, check=False, network=True)  # the network: no lock held
        if fetched.returncode != 0:
            raise GitError(f"git fetch failed: {last_lines(fetched.stderr or fetched.stdout)}; {KEPT}")
        with store.locked():  # what was logged during the fetch is committed first: git merges only commits
            newer = "" if fresh else _commit(clone, started)
            report += [newer] if newer else []
            report += _merge_fetched(clone, "FETCH_HEAD" if pull else "@{u}")
        if fresh:
            if not os.path.lexists(store.path):
                raise GitError(f"pulled, but the team's branch has no {clone.store_rel} either: nothing to sync")
            if not is_set_up(clone):
                report += [f"set up: {line}" for line in setup(clone)]
            report.append(f"{clone.store_rel} came from the team's repository")
            return report
    if _ahead(clone) == 0:
        report.append("nothing to push")
        return report
    proc = clone.git("push", "--quiet", *push, check=False, network=True)
    if proc.returncode != 0:
        raise GitError(f"git push failed: {last_lines(proc.stderr or proc.stdout)}; {KEPT}, not yet"
                       " pushed: okrtui sync again later")
    report.append("pushed")
    return report


def _ready_to_sync(store: Store, clone: Clone, fresh: bool) -> None:
    """Refuse (GitError, StoreError) a sync that could hang, commit a loss or work on a half-done git state."""
    try:  # git reads it for every attribute look-up: a FIFO there would hang the first one
        files.refuse_if_not_regular(os.path.join(clone.top, ".gitattributes"))
    except files.FileRefused as exc:
        raise GitError(f"{exc}; nothing was synced") from None
    busy = _merging(clone)
    if busy:
        raise GitError(f"{busy} is unfinished in {clone.top}: finish it (git status says how) or abort it"
                       f" (git {busy.split()[-1]} --abort), then sync")
    if not fresh and not is_shared(clone):
        raise GitError(f"{clone.store_rel} is not shared in {clone.top} yet: okrtui git-setup there (once) says"
                       " it is, then sync commits it")
    if clone.git("symbolic-ref", "-q", "HEAD", check=False).returncode != 0:
        raise GitError(f"{clone.top} is on a detached HEAD: check out the team's branch (git switch main), then sync")
    raw = store.read_raw()
    if raw is not None and not raw.strip() and committed_version(clone, clone.store_rel):
        raise StoreError(store.path, "is empty but git has a version of it; nothing was synced (git checkout --"
                                     f" {shlex.quote(clone.store_rel)} brings it back)")
    try:
        _readable(store)
    except StoreError as exc:
        raise StoreError(exc.path, f"{exc.problem}; nothing was synced (fix it, or git checkout -- the file)") from None


def _commit(clone: Clone, started: float) -> str:
    """Commit the store's files as they are (lock held); the report line, or "" when nothing changed.
    What is staged is exactly what the message describes and what is committed."""
    _index_free(clone, started)
    attributes = os.path.join(clone.top, ".gitattributes")
    try:  # before any git command: git add would hang on a FIFO
        files.refuse_if_not_regular(attributes)
    except files.FileRefused as exc:
        raise GitError(f"{exc}; nothing was committed") from None
    _refuse_lost_values(clone)
    _remove_leftovers(clone.store)
    paths = clone.paths
    clone.git("add", "-A", "--", *paths)
    extra = [".gitattributes"] if os.path.lexists(attributes) else []
    if extra:
        clone.git("add", "--", *extra)
    staged = clone.git("diff", "--cached", "--quiet", "--", *paths, *extra, check=False)
    if staged.returncode != 1:
        return ""
    message = _message(clone)
    clone.git("commit", "--quiet", "--no-verify", "-m", message, "--", *paths, *extra)
    return f"committed: {message.splitlines()[0]}"


def _index_free(clone: Clone, started: float) -> None:
    """Refuse, in words, while git's index lock is there: a running git command holds it, or a
    killed one left it. It is never removed here: only the user can tell which."""
    lock = os.path.join(clone.git_dir, "index.lock")
    try:
        since = os.lstat(lock).st_mtime
    except FileNotFoundError:
        return
    except OSError:
        since = started
    if since < started - 1:
        from datetime import datetime

        when = datetime.fromtimestamp(since).strftime("%Y-%m-%d %H:%M")
        raise GitError(f"{lock} is left from {when} (a git command that was stopped); if no git command is running"
                       f" in {clone.top}, remove it (rm {shlex.quote(lock)}), then sync; your store is unchanged")
    raise GitError(f"another git command is working in {clone.top} ({lock} is held); sync again when it is done;"
                   " your store is unchanged")


def _refuse_lost_values(clone: Clone) -> None:
    """A values file git has but the folder lacks while its KPI still exists (a killed merge, a
    stray rm): committing would delete that KPI's values on every clone. Refused, with the way back."""
    data, _ = clone.store.decode(clone.store.read_raw())
    tracked = set(clone.git("ls-files", "-z", "--", clone.values_rel).stdout.split("\0"))
    missing = []
    for doc_id, doc in sorted(data["kpis"].items(), key=lambda item: id_order(item[0])):
        rel = os.path.join(clone.values_rel, f"{doc.get('uid')}.json").replace(os.sep, "/")
        if rel in tracked and not os.path.lexists(os.path.join(clone.top, rel)):
            missing.append((doc_id, str(doc.get("name", "")), rel))
    if missing:
        named = ", ".join(f"KPI {doc_id} {name[:40]!r}" for doc_id, name, _ in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        restore = " ".join(shlex.quote(rel) for _, _, rel in missing)
        raise StoreError(clone.store.path, f"the values of {named}{more} are missing from {clone.values_rel} but git"
                                           f" has them; nothing was synced, so no clone loses them (git checkout --"
                                           f" {restore} brings them back)")


def _merge_fetched(clone: Clone, target: str) -> list[str]:
    """Merge what was fetched (the store's files by the merge driver); the report (lock held)."""
    before = clone.git("rev-parse", "-q", "--verify", "HEAD", check=False).stdout.strip()  # "" on an unborn branch
    take_report(clone)
    proc = clone.git("merge", "--no-edit", "--ff", "--quiet", target, check=False)
    merged = take_report(clone)
    if proc.returncode != 0:
        if clone.git("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False).returncode != 0:
            raise GitError(f"git merge failed: {last_lines(proc.stderr or proc.stdout)}; {KEPT}")
        unmerged = _unmerged(clone)
        try:
            kept = _keep_values_of_deleted_kpis(clone, unmerged)
        except (GitError, StoreError):
            kept = None
        if kept is None:
            clone.git("merge", "--abort", check=False)
            files = ", ".join(sorted(unmerged)) or last_lines(proc.stdout + proc.stderr)
            refused = [line for line in merged if line.startswith(REFUSED)]
            why = f" ({'; '.join(line[len(REFUSED):] for line in refused)})" if refused else \
                " (only okrtui's store merges by record)"
            raise GitError(f"git could not merge {files}{why}; the pull was undone and {KEPT}: resolve it"
                           " with git, then sync")
        merged += kept
    after = clone.git("rev-parse", "HEAD").stdout.strip()
    if before == after:
        return ["pulled: already up to date"]
    if clone.git("rev-parse", "-q", "--verify", "HEAD^2", check=False).returncode == 0:
        _forget_undo(clone.store)  # a merge commit: ids may have moved
        merged += _restore_values_files(clone) + _adopt_orphans(clone)
        return ["pulled and merged the others' changes (undo history cleared: it does not follow merges)", *merged]
    return ["pulled the others' changes", *merged]
