"""The merge driver git runs for the store and its values files (`okrtui merge-driver`): reads
the three versions, merges them by record (merge.py), writes the canonical bytes, and reports
what it did for `okrtui sync` to say.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..store import files
from ..store.codec import encode, is_uid
from ..store.errors import StoreError
from ..store.legacy import document_from_packed
from ..store.storage import Store
from .run import Clone, run_git, show

REPORT = "okrtui-merge.log"  # in the git dir: what the merge driver did, for sync to report
REFUSED = "refused: "  # a report line saying why the driver left a file to git


def decode_main(path: str, raw: bytes, migrate: bool = False) -> dict[str, Any]:
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


def values_path(path: str) -> tuple[str, str] | None:
    """(the store's name without .json, the file's name without .json) of a path in a values
    folder (`team/okrs.values/3f9a2c1e5b7d.json` -> ("team/okrs", "3f9a2c1e5b7d")), else None."""
    folder, name = os.path.split(path.replace(os.sep, "/"))
    if not folder.endswith(".values") or not name.endswith(".json"):
        return None
    return folder[: -len(".values")], name[: -len(".json")]


def is_values_file(raw: bytes, label: str = "") -> bool:
    """A KPI's values file, not a store file: decided by its name when git gives one (a file
    `<uid>.json` in a `.values` folder), else by what the JSON holds (a store has meta)."""
    named = values_path(label) if label else None
    if named is not None:
            return is_uid(named[1])
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return False  # not JSON at all: let the store's decoder name the problem
    return isinstance(data, dict) and not isinstance(data.get("meta"), dict)


def read_input(path: str) -> bytes:
    """A file git hands over (a merge's three versions, a textconv): at most the store's limit."""
    return files.read_limited(path, files.STORE_LIMIT)


def merge_files(base: str, ours: str, theirs: str, label: str = "") -> list[str]:
    """Merge three versions of a store file (or of a KPI's values file) into `ours`; the report."""
    from ..store import valuefiles
    from . import merge

    raws = [read_input(path) for path in (base, ours, theirs)]
    values_by_name = is_values_file(b"", label) if label else None
    label = label or ours
    if values_by_name or values_by_name is None and any(raw.strip() for raw in raws) and \
            all(is_values_file(raw) for raw in raws if raw.strip()):
        docs = []
        for raw in raws:
            try:
                docs.append(valuefiles.decode(raw) if raw.strip() else {})
            except valuefiles.ValuesProblem as exc:
                raise StoreError(label, f"cannot be merged: {exc}") from None
        if not raws[0].strip() and raws[1].strip() and raws[2].strip():
            docs[0] = _values_before_the_split(label) or {}  # added on both sides: from one schema 1 file?
        merged, report = merge.merge_values(*docs, kpi=kpi_words(label))
        payload = valuefiles.encode(merged)
    else:
        if raws[0].strip() and not (raws[1].strip() and raws[2].strip()):
            raise StoreError(label, "cannot be merged: one side is an empty file (everything deleted?);"
                                    " restore it from git, then merge again")
        data = [decode_main(label, raw, migrate=index == 0) for index, raw in enumerate(raws)]
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
    named = values_path(label)
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
        shown = show(f"{base}:{store_rel}", os.getcwd())
        if shown is None:
            continue
        try:
            data = Store(store_rel, remember_checks=False).decode(shown)[0]
        except StoreError:
            return None
        for doc_id, doc in data.get("kpis", {}).items():
            if doc.get("uid") == uid:
                packed = data.get("kpi_values", {}).get(doc_id)  # schema 1's form (legacy.py)
                return None if packed is None else document_from_packed(packed)
    return None


def kpi_words(label: str) -> str:
    """The KPI a values file belongs to, by its name in the work tree's store if it can be found."""
    named = values_path(os.path.abspath(label))
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


def take_report(clone: Clone) -> list[str]:
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
