"""A store in a git work tree: set-up, the merge driver's files, readable diffs and `okrtui sync`.

Git is run as the `git` program (never a library), with no prompt for credentials, so a
sync without network or rights fails in words instead of waiting. The merge rules are in
merge.py; the layout and the reasons are in docs/store-and-git.md.

A store from someone else is data: .gitattributes only names the driver (`merge=okrtui`);
what runs is in the clone's own git config, written by `okrtui git-setup` on that clone.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
from typing import Any

from . import files
from .merge import conflict_words, number_text as _num
from .codec import encode, id_order
from .errors import StoreError
from .storage import Store

REPORT = "okrtui-merge.log"  # in the git dir: what the merge driver did, for sync to report
REFUSED = "refused: "  # a report line saying why the driver left a file to git
PRIVATE_SUFFIXES = (".lock", ".tmp", ".*.tmp", ".undo", ".redo", ".undo.tmp", ".redo.tmp")


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
        raise GitError(f"git {args[0]} failed: {_last_lines(proc.stderr or proc.stdout)}")
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


def _last_lines(text: str, count: int = 3) -> str:
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


# -- set-up -------------------------------------------------------------------------------
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


# -- the merge driver ------------------------------------------------------------------------
def _decode_main(path: str, raw: bytes, migrate: bool = False) -> dict[str, Any]:
    """A store file's data. migrate: an older schema is brought up to date (a merge base, which
    may predate the team's move to this schema); otherwise it is refused in words."""
    store = Store(path, migrations=None if migrate else {}, remember_checks=False)
    try:
        data, version = store.decode(raw)
    except StoreError as exc:
        if "no migration" in str(exc):
            raise StoreError(path, "was written by an older okrtui: run any okrtui command on that clone"
                                   " (it migrates the store) and commit, then merge again") from None
        raise
    data.pop("kpi_values", None)  # a migrated base's values: values files merge on their own
    return data


def _values_path(path: str) -> tuple[str, str] | None:
    """(the store's name without .json, the file's name without .json) of a path in a values
    folder (`team/okrs.values/3f9a2c1e5b7d.json` -> ("team/okrs", "3f9a2c1e5b7d")), else None."""
    folder, name = os.path.split(path.replace(os.sep, "/"))
    if not folder.endswith(".values") or not name.endswith(".json"):
        return None
    return folder[: -len(".values")], name[: -len(".json")]


def _is_values_file(raw: bytes, label: str = "") -> bool:
    """A KPI's values file, not a store file: decided by its name when git gives one (a file
    `<uid>.json` in a `.values` folder), else by what the JSON holds (a store has meta)."""
    named = _values_path(label) if label else None
    if named is not None:
        from .valuefiles import is_uid

        return is_uid(named[1])
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return False  # not JSON at all: let the store's decoder name the problem
    return isinstance(data, dict) and not isinstance(data.get("meta"), dict)


def _read_input(path: str) -> bytes:
    """A file git hands over (a merge's three versions, a textconv): at most the store's limit."""
    return files.read_limited(path, files.STORE_LIMIT)


def merge_files(base: str, ours: str, theirs: str, label: str = "") -> list[str]:
    """Merge three versions of a store file (or of a KPI's values file) into `ours`; the report."""
    from . import merge, valuefiles

    raws = [_read_input(path) for path in (base, ours, theirs)]
    values_by_name = _is_values_file(b"", label) if label else None
    label = label or ours
    if values_by_name or values_by_name is None and any(raw.strip() for raw in raws) and \
            all(_is_values_file(raw) for raw in raws if raw.strip()):
        docs = []
        for raw in raws:
            try:
                docs.append(valuefiles.decode(raw) if raw.strip() else {})
            except valuefiles.ValuesProblem as exc:
                raise StoreError(label, f"cannot be merged: {exc}") from None
        if not raws[0].strip() and raws[1].strip() and raws[2].strip():
            docs[0] = _values_before_the_split(label) or {}  # added on both sides: from one schema 1 file?
        merged, report = merge.merge_values(*docs, kpi=_kpi_words(label))
        payload = valuefiles.encode(merged)
    else:
        if raws[0].strip() and not (raws[1].strip() and raws[2].strip()):
            raise StoreError(label, "cannot be merged: one side is an empty file (everything deleted?);"
                                    " restore it from git, then merge again")
        data = [_decode_main(label, raw, migrate=index == 0) for index, raw in enumerate(raws)]
        merged, report = merge.merge_store(*data)
        payload = encode(merged)
        Store(label, remember_checks=False).decode(payload)  # what is written must read back
    with open(ours, "wb") as handle:
        handle.write(payload)
    return report


def _values_before_the_split(label: str) -> dict[str, Any] | None:
    """A values file both sides added, because both migrated a shared schema 1 store (which kept
    values inside it): its base is that KPI's values in the merge base's store file, so a day
    changed on one side only is not taken for a conflict. None when that is not the case."""
    named = _values_path(label)
    if named is None:
        return None
    stem, uid = named
    # git names the commit being merged in GITHEAD_<sha> (MERGE_HEAD is written only afterwards)
    theirs = next((key[len("GITHEAD_"):] for key in os.environ if key.startswith("GITHEAD_")), "")
    if not theirs:
        return None
    base = run_git(["merge-base", "HEAD", theirs], os.getcwd(), check=False).stdout.strip()
    if not base:
        return None
    for store_rel in (stem + ".json", stem):
        shown = _show(f"{base}:{store_rel}", os.getcwd())
        if shown is None:
            continue
        try:
            data = Store(store_rel, remember_checks=False).decode(shown)[0]
        except StoreError:
            return None
        for doc_id, doc in data.get("kpis", {}).items():
            if doc.get("uid") == uid:
                return data.get("kpi_values", {}).get(doc_id)
    return None


def _kpi_words(label: str) -> str:
    """The KPI a values file belongs to, by its name in the work tree's store if it can be found."""
    named = _values_path(os.path.abspath(label))
    stem, uid = named if named is not None else ("", "")
    for candidate in ((stem + ".json", stem) if named else ()):
        try:
            kpis = json.loads(files.read_limited(candidate, files.STORE_LIMIT)).get("kpis", {})
            for doc_id, doc in kpis.items():
                if isinstance(doc, dict) and doc.get("uid") == uid:
                    return f"KPI {doc_id} {str(doc.get('name', ''))[:40]!r}"
        except (OSError, ValueError, AttributeError):
            continue
    return f"the KPI of {os.path.basename(label)}"


def record_report(lines: list[str]) -> None:
    """Keep the driver's report in the git dir, for `okrtui sync` to show after the pull."""
    if not lines:
        return
    proc = run_git(["rev-parse", "--git-dir"], os.getcwd(), check=False)
    if proc.returncode != 0:
        return
    try:
        with open(os.path.join(proc.stdout.strip(), REPORT), "a", encoding="utf-8") as handle:
            handle.write("".join(line.replace("\n", " ") + "\n" for line in lines))
    except OSError:
        pass


def _take_report(clone: Clone) -> list[str]:
    path = os.path.join(clone.git_dir, REPORT)
    try:
        return files.read_limited(path, files.STORE_LIMIT).decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


# -- readable diffs ---------------------------------------------------------------------------
def textconv(path: str) -> str:
    """A store file or values file as lines of text, one per record, for `git diff`."""
    from . import valuefiles
    from ..domain.safetext import printable, printable_lines

    try:
        raw = _read_input(path)
    except OSError as exc:
        return f"(okrtui cannot show this file: {printable(str(exc))})\n"
    if not raw.strip():
        return ""
    try:
        if _is_values_file(raw):
            lines = values_lines(valuefiles.decode(raw))
            name = _kpi_of_values_file(path)
            lines = [f"values of {name}"] + lines if name else lines
        else:
            lines = store_lines(_decode_main(path, raw, migrate=True))
    except (StoreError, valuefiles.ValuesProblem, ValueError, KeyError, TypeError, AttributeError):
        # a version okrtui cannot read (damaged, hand-made, too old or new): git diff still works,
        # on its text as it is
        return printable_lines(raw.decode("utf-8", "replace")) + "\n"
    return "".join(printable(line) + "\n" for line in lines)


def _kpi_of_values_file(path: str) -> str:
    """The KPI a values file belongs to, for textconv's header ("" when it cannot be told). git
    hands textconv the work tree's file or a temp file that keeps its name at the end
    (`/tmp/XyZ12_3f9a2c1e5b7d.json`); the stores are the files .gitattributes names for okrtui."""
    from .valuefiles import is_uid

    name = os.path.basename(path)
    uid = name[-len("3f9a2c1e5b7d.json"): -len(".json")] if name.endswith(".json") else ""
    if not is_uid(uid):
        return ""
    try:
        attributes = files.read_limited(".gitattributes", files.SMALL_LIMIT).decode("utf-8", "replace")
    except OSError:
        return ""
    for line in attributes.splitlines():
        pattern = line.split(" merge=okrtui", 1)[0].strip()
        if " merge=okrtui" not in line or pattern.endswith("*.json") or not pattern or pattern.startswith('"'):
            continue
        stem = pattern[:-5] if pattern.endswith(".json") else pattern
        words = _kpi_words(os.path.join(stem + ".values", uid + ".json"))
        if not words.startswith("the KPI of"):
            return words
    return ""


def values_lines(doc: dict[str, Any]) -> list[str]:
    from . import series

    dates, values = series.unpack(doc.get("values", ""))
    notes = doc.get("notes") or {}
    lines = [f"{day}  {_num(value)}" + (f"  {notes[day]}" if notes.get(day) else "") for day, value in zip(dates, values)]
    lines += [f"conflict: {conflict_words(c)}" for c in doc.get("conflicts") or []]
    return lines


def store_lines(data: dict[str, Any]) -> list[str]:
    def sorted_docs(table: str):
        return sorted(data.get(table, {}).items(), key=lambda item: id_order(item[0]))

    lines = []
    for doc_id, kpi in sorted_docs("kpis"):
        limits = " ".join(f"{name} {_num(kpi[name])}" for name in ("target", "warn", "crit") if kpi.get(name) is not None)
        lines.append(f"KPI {doc_id} {kpi.get('name', '')} [{kpi.get('unit', '') or 'no unit'}, {kpi.get('direction', 'up')},"
                     f" {kpi.get('cadence', 'daily')}]" + (f" {limits}" if limits else ""))
    for doc_id, objective in sorted_docs("objectives"):
        owner = f" owner {objective['owner']}" if objective.get("owner") else ""
        lines.append(f"objective {doc_id} [{objective.get('period', '')}, {objective.get('status', 'draft')}]"
                     f" {objective.get('title', '')}{owner}")
        for field in ("why", "team"):
            if objective.get(field):
                lines.append(f"  {field}: {objective[field]}")
        for kr in objective.get("key_results") or []:
            kr_id = f"{doc_id}.{kr.get('n')}"
            unit = f" {kr['unit']}" if kr.get("unit") else ""
            follows = f" follows KPI {kr['kpi']}" if kr.get("kpi") is not None else ""
            current = "" if kr.get("checkins") or kr.get("current") is None else f" now {_num(kr['current'])}"
            lines.append(f"  {kr_id} {kr.get('title', '')}: {_num(kr.get('start', 0))} -> {_num(kr.get('target', 1))}"
                         f"{unit}{current}{follows}")
            for checkin in kr.get("checkins") or []:
                confidence = f" confidence {checkin['confidence']}" if checkin.get("confidence") is not None else ""
                note = f" {checkin['note']}" if checkin.get("note") else ""
                lines.append(f"    {kr_id} check-in {str(checkin.get('at', '')).replace('T', ' ')}"
                             f" {_num(checkin.get('value'))}{unit}{confidence}{note}")
        for initiative in objective.get("initiatives") or []:
            lines.append(f"  initiative [{initiative.get('status', 'todo')}] {initiative.get('title', '')}")
        review = objective.get("review") or {}
        if review.get("grade") is not None or review.get("note") or review.get("closed"):
            grade = f" grade {_num(review['grade'])}" if review.get("grade") is not None else ""
            lines.append(f"  review{grade} {review.get('closed') or ''} {review.get('note') or ''}".rstrip())
    for doc_id, conflict in sorted_docs("conflicts"):
        lines.append(f"conflict {doc_id}: {conflict_words(conflict)}")
    return lines


# -- what changed, in words (commit messages) -------------------------------------------------
def describe(before: dict[str, Any], after: dict[str, Any], values_before: dict[str, dict], values_after: dict[str, dict]) -> str:
    """ "logged 3 KPI values, checked in 2.1, added objective 7" for a commit."""
    from . import series

    parts: list[str] = []
    logged = deleted_values = 0
    for uid in sorted(set(values_before) | set(values_after)):
        old_dates, old_values = series.unpack((values_before.get(uid) or {}).get("values", ""))
        new_dates, new_values = series.unpack((values_after.get(uid) or {}).get("values", ""))
        old, new = dict(zip(old_dates, old_values)), dict(zip(new_dates, new_values))
        logged += sum(1 for day, value in new.items() if old.get(day) != value)
        deleted_values += sum(1 for day in old if day not in new)
    if logged:
        parts.append(f"logged {logged} KPI value{'s' if logged > 1 else ''}")
    if deleted_values:
        parts.append(f"deleted {deleted_values} KPI value{'s' if deleted_values > 1 else ''}")
    checked: list[str] = []
    for table, word in (("kpis", "KPI"), ("objectives", "objective")):
        old, new = before.get(table, {}), after.get(table, {})
        for doc_id in sorted(set(old) | set(new), key=id_order):
            o, n = old.get(doc_id), new.get(doc_id)
            if o == n:
                continue
            from ..domain.safetext import shortened

            name = shortened(str((n or o or {}).get("name" if table == "kpis" else "title", "")), 40)
            if o is None:
                parts.append(f"added {word} {doc_id} {name!r}")
            elif n is None:
                parts.append(f"deleted {word} {doc_id} {name!r}")
            elif table == "objectives":
                new_checkins = _checkins_by_kr(n)
                old_checkins = _checkins_by_kr(o)
                ids = [f"{doc_id}.{k}" for k in new_checkins if new_checkins[k] > old_checkins.get(k, 0)]
                checked += ids
                if n.get("status") != o.get("status"):
                    parts.append(f"{n.get('status')} objective {doc_id}")
                elif not ids or _without_checkins(n) != _without_checkins(o):
                    parts.append(f"changed objective {doc_id}")
            else:
                parts.append(f"changed KPI {doc_id} {name!r}")
    if checked:
        parts.insert(0 if not logged else 1, f"checked in {', '.join(checked)}")
    dismissed = len(set(before.get("conflicts", {})) - set(after.get("conflicts", {})))
    dismissed += sum(max(0, len((values_before.get(uid) or {}).get("conflicts") or [])
                         - len((values_after.get(uid) or {}).get("conflicts") or [])) for uid in values_after)
    if dismissed:
        parts.append(f"dismissed {dismissed} merge conflict{'s' if dismissed > 1 else ''}")
    if not parts:
        return "okrtui: store updated"
    subject = ", ".join(parts)
    if len(subject) > 72:
        return ", ".join(parts[:2]) + f" and {len(parts) - 2} more changes\n\n" + "\n".join(f"- {p}" for p in parts)
    return subject


def _checkins_by_kr(doc: dict[str, Any]) -> dict[Any, int]:
    return {kr.get("n"): len(kr.get("checkins") or []) for kr in doc.get("key_results") or [] if isinstance(kr, dict)}


def _without_checkins(doc: dict[str, Any]) -> Any:
    krs = [{k: v for k, v in kr.items() if k not in ("checkins", "current", "confidence")}
           for kr in doc.get("key_results") or [] if isinstance(kr, dict)]
    return {**doc, "key_results": krs}


# -- okrtui sync --------------------------------------------------------------------------------
def _committed_version(clone: Clone, rel: str, commit: str = "HEAD") -> bytes | None:
    """A file's bytes at a commit (None when it has none)."""
    return _show(f"{commit}:{rel.replace(os.sep, '/')}", clone.top)


def _show(spec: str, cwd: str, limit: int = files.STORE_LIMIT) -> bytes | None:
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


def _message(clone: Clone) -> str:
    """Words for what the staged store changes do, against HEAD."""
    from . import valuefiles

    def main(raw: bytes | None) -> dict[str, Any]:
        try:  # HEAD may still be schema 1 on the first sync after the move
            return _decode_main(clone.store.path, raw, migrate=True) if raw else {}
        except StoreError:
            return {}

    def values(raw: bytes | None) -> dict[str, Any]:
        try:
            return valuefiles.decode(raw) if raw and raw.strip() else {}
        except valuefiles.ValuesProblem:
            return {}

    before = main(_committed_version(clone, clone.store_rel))
    after = main(clone.store.read_raw())
    changed = clone.git("diff", "--cached", "--name-only", "-z", "--", clone.values_rel).stdout.split("\0")
    values_before, values_after = {}, {}
    for rel in filter(None, changed):
        uid = os.path.basename(rel)
        values_before[uid] = values(_committed_version(clone, rel))
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
            old = _committed_version(clone, clone.store_rel, side)
            try:
                kpis = _decode_main(clone.store.path, old)["kpis"] if old else {}
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
            if _committed_version(clone, rel, parent) is not None:
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
    from . import journal

    for name in ("undo", "redo"):
        try:
            os.unlink(journal.journal_path(store.path, name))
        except OSError:
            pass


def sync(store: Store) -> list[str]:
    """Commit the store's changes, pull (merging by record) and push; what happened, in words."""
    started = time.time()
    clone = Clone(store)
    try:  # git reads it for every attribute look-up: a FIFO there would hang the first one
        files.refuse_if_not_regular(os.path.join(clone.top, ".gitattributes"))
    except files.FileRefused as exc:
        raise GitError(f"{exc}; nothing was synced") from None
    busy = _merging(clone)
    if busy:
        raise GitError(f"{busy} is unfinished in {clone.top}: finish it (git status says how) or abort it"
                       f" (git {busy.split()[-1]} --abort), then sync")
    fresh = not os.path.lexists(store.path)  # a clone made before the team's store was pushed: pull it
    if not fresh and not is_shared(clone):
        raise GitError(f"{clone.store_rel} is not shared in {clone.top} yet: okrtui git-setup there (once) says"
                       " it is, then sync commits it")
    if clone.git("symbolic-ref", "-q", "HEAD", check=False).returncode != 0:
        raise GitError(f"{clone.top} is on a detached HEAD: check out the team's branch (git switch main), then sync")
    raw = store.read_raw()
    if raw is not None and not raw.strip() and _committed_version(clone, clone.store_rel):
        raise StoreError(store.path, "is empty but git has a version of it; nothing was synced (git checkout --"
                                     f" {shlex.quote(clone.store_rel)} brings it back)")
    try:
        _readable(store)
    except StoreError as exc:
        raise StoreError(exc.path, f"{exc.problem}; nothing was synced (fix it, or git checkout -- the file)") from None
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
            raise GitError(f"git fetch failed: {_last_lines(fetched.stderr or fetched.stdout)}; {KEPT}")
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
        raise GitError(f"git push failed: {_last_lines(proc.stderr or proc.stdout)}; {KEPT}, not yet"
                       " pushed: okrtui sync again later")
    report.append("pushed")
    return report


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
    _take_report(clone)
    proc = clone.git("merge", "--no-edit", "--ff", "--quiet", target, check=False)
    merged = _take_report(clone)
    if proc.returncode != 0:
        if clone.git("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False).returncode != 0:
            raise GitError(f"git merge failed: {_last_lines(proc.stderr or proc.stdout)}; {KEPT}")
        unmerged = _unmerged(clone)
        try:
            kept = _keep_values_of_deleted_kpis(clone, unmerged)
        except (GitError, StoreError):
            kept = None
        if kept is None:
            clone.git("merge", "--abort", check=False)
            files = ", ".join(sorted(unmerged)) or _last_lines(proc.stdout + proc.stderr)
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
