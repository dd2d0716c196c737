"""Undo and redo: every change made through okrtui, kept beside the store in `<store>.undo`
(and what was undone in `<store>.redo`).

Each entry names what changed, document by document (the document before and after), or,
for `okrtui log`, the one value of the one day (so logging stays cheap). Undo puts the
"before" back, redo the "after", but only while each document still is what the entry left:
a change someone else made since to the same records is never thrown away.

The journal is the user's own history, but a file beside a shared store may come from a
teammate's push: every line is checked like a stored document before it is used (a line that
does not fit is named and skipped, never applied), the file is read with a size limit and never
through a link, and a journal that cannot be written costs the undo and never the change.
"""

from __future__ import annotations

import json
import os
from datetime import datetime

from . import files, codec
from .codec import is_day
from .errors import JournalProblem, SchemaProblem

TYPE_CHECKING = False  # see storage.py
if TYPE_CHECKING:
    from typing import Any

MAX_ENTRIES = 30
TABLES = ("objectives", "kpis", "kpi_values")


def journal_path(store_path: str, name: str = "undo") -> str:
    return f"{store_path}.{name}"


# One JSON line per entry, appended: recording costs one small write, however long the history.
# Past COMPACT_AT bytes the file is cut back to the newest entries that fit half of it.
COMPACT_AT = 1 << 20


def check_entry(entry: Any) -> None:
    """Refuse (JournalProblem) an entry that is not what okrtui writes: words, a time, and changes
    whose documents pass the store's own checks, so that applying it can only write what the
    store could hold."""
    from ..domain.parsing import check_number, is_valid_text
    from .schema import check_doc_id, check_kpi, check_kpi_values, check_objective, check_unicode

    if not isinstance(entry, dict):
        raise JournalProblem("is not an object")
    what, changes = entry.get("what"), entry.get("changes")
    if not isinstance(what, str) or not is_valid_text(what) or not isinstance(entry.get("at", ""), str):
        raise JournalProblem("has no words for what it did")
    if not isinstance(changes, list) or not changes:
        raise JournalProblem("names no changes")
    checks = {"objectives": check_objective, "kpis": check_kpi,
              "kpi_values": lambda doc_id, doc: check_kpi_values(doc_id, doc, True)}
    try:
        check_unicode(entry)
        for number, change in enumerate(changes, 1):
            where = f"change {number}"
            if not isinstance(change, dict) or change.get("table") not in checks:
                raise JournalProblem(f"{where} names no table okrtui has")
            doc_id = change.get("id")
            if not isinstance(doc_id, str):
                raise JournalProblem(f"{where} has no document id")
            check_doc_id(change["table"], doc_id)
            sides = [change.get("before"), change.get("after")]
            if all(side is None for side in sides):
                raise JournalProblem(f"{where} changes nothing")
            if "day" in change:
                if change["table"] != "kpi_values" or not isinstance(change["day"], str) or not is_day(change["day"]):
                    raise JournalProblem(f"{where} names no day YYYY-MM-DD")
                for side in sides:
                    if side is None:
                        continue
                    if not (isinstance(side, list) and len(side) in (2, 3) and all(isinstance(t, str) for t in side[1:])):
                        raise JournalProblem(f"{where} is not [value, note] or [value, note, by]")
                    check_number(side[0], f"{where}'s value")
                    if not all(is_valid_text(t) for t in side[1:]):
                        raise JournalProblem(f"{where}'s note or name is not text")
                continue
            for side in sides:
                if side is None:
                    continue
                if not isinstance(side, dict):
                    raise JournalProblem(f"{where} is not a document")
                checks[change["table"]](doc_id, side)
    except (SchemaProblem, ValueError, TypeError) as exc:
        raise JournalProblem(str(exc)) from None


def _read(store_path: str, name: str, problems: list[str] | None = None) -> list[dict[str, Any]]:
    """The journal's entries, oldest first; lines that do not fit are skipped, and named in problems."""
    path = journal_path(store_path, name)
    try:
        raw = files.read_limited(path, files.JOURNAL_LIMIT)
    except FileNotFoundError:
        return []
    except OSError as exc:
        if problems is not None:
            problems.append(str(exc) if isinstance(exc, files.FileRefused) else f"{path} cannot be read: {exc}")
        return []
    entries = []
    lines = raw.split(b"\n")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = codec.loads(line)
            check_entry(entry)
        except (ValueError, RecursionError) as exc:
            if number < len(lines) or problems is None:  # a torn last line (a killed write) is not worth a word
                if problems is not None:
                    problems.append(f"{os.path.basename(path)} line {number} skipped: {_short(str(exc))}")
            continue
        entries.append(entry)
    return entries[-MAX_ENTRIES:]


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:119] + "…"


def write(store_path: str, name: str, entries: list[dict[str, Any]]) -> None:
    """Atomically, privately; a journal that cannot be written costs only the undo, never the change."""
    path = journal_path(store_path, name)
    try:
        if not entries:
            if os.path.lexists(path):
                os.unlink(path)
            return
        files.write_atomic(path, "".join(_line(entry) for entry in entries).encode("utf-8"), durable=False)
    except OSError:
        pass


def _line(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"


def load(store_path: str, problems: list[str] | None = None) -> dict[str, list]:
    return {"undo": _read(store_path, "undo", problems), "redo": _read(store_path, "redo", problems)}


def record(store_path: str, changes: list[dict[str, Any]], what: str) -> None:
    """A new change (call with the store's lock held): it can be undone; what was undone can no longer be redone."""
    if not changes:
        return
    try:
        if os.path.lexists(journal_path(store_path, "redo")):
            os.unlink(journal_path(store_path, "redo"))  # unlink removes a link itself, never its target
        size = files.append(journal_path(store_path), _line({"what": what, "at": _now(), "changes": changes}).encode("utf-8"))
    except OSError:
        return
    if size > COMPACT_AT:
        write(store_path, "undo", _newest_within(_read(store_path, "undo"), COMPACT_AT // 2))


def _newest_within(entries: list[dict[str, Any]], budget: int) -> list[dict[str, Any]]:
    """The newest entries whose lines fit the budget: a huge old change (a whole demo, years of
    imported values) goes first, so a long history never makes each later change slow."""
    kept, used = [], 0
    for entry in reversed(entries):
        used += len(_line(entry))
        if used > budget and kept:
            break
        kept.append(entry)
    return kept[::-1]


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def document_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Per table and document id: the documents a write added, changed or removed."""
    from .codec import id_order

    changes = []
    for table in TABLES:
        old, new = before.get(table, {}), after.get(table, {})
        for doc_id in sorted(set(old) | set(new), key=id_order):
            if old.get(doc_id) != new.get(doc_id):
                changes.append({"table": table, "id": doc_id, "before": old.get(doc_id), "after": new.get(doc_id)})
    return changes


def describe(changes: list[dict[str, Any]], data: dict[str, Any]) -> str:
    """Words for a change: the first thing it did, and how many more."""
    first = changes[0]
    table, doc_id, before, after = first["table"], first["id"], first.get("before"), first.get("after")
    if table == "objectives":
        doc = after or before or {}
        title = str(doc.get("title", ""))[:40]
        if before is None:
            words = f"added objective {doc_id} {title!r}"
        elif after is None:
            words = f"deleted objective {doc_id} {title!r}"
        elif before.get("status") != after.get("status") and after.get("status") in ("achieved", "missed", "dropped"):
            words = f"closed objective {doc_id} as {after.get('status')}"
        elif before.get("status") in ("achieved", "missed", "dropped", "carried") and \
                after.get("status") in ("active", "draft"):
            words = f"reopened objective {doc_id} {title!r}"
        elif _checkins(after) > _checkins(before):
            words = f"checked in on objective {doc_id} {title!r}"
        else:
            words = f"changed objective {doc_id} {title!r}"
    elif table == "kpis":
        name = str((after or before or {}).get("name", ""))[:40]
        words = f"{'added' if before is None else 'deleted' if after is None else 'changed'} KPI {name!r}"
    else:
        name = str(data.get("kpis", {}).get(doc_id, {}).get("name", f"KPI {doc_id}"))[:40]
        if "day" in first:
            value = first["after"][0] if first["after"] else None
            words = (f"logged {name} = {value:g} on {first['day']}" if value is not None
                     else f"deleted the value of {name} on {first['day']}")
        else:
            words = f"changed the values of {name}"
    more = len(changes) - 1
    return words + (f" (and {more} more change{'s' if more > 1 else ''})" if more else "")


def _checkins(doc: dict[str, Any]) -> int:
    return sum(len(kr.get("checkins", [])) for kr in doc.get("key_results", []) if isinstance(kr, dict))


def value_change(doc_id: str, day: str, before: list | None, after: list | None) -> dict[str, Any]:
    """`okrtui log`'s compact change: one day's [value, note], before and after (None: no value)."""
    return {"table": "kpi_values", "id": doc_id, "day": day, "before": before, "after": after}
