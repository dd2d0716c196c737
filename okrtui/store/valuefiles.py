"""KPI values, one file per KPI, in the folder beside the store (`okrtui.values/` for `okrtui.json`).

A file is named by the KPI's `uid` (random, given when the KPI is made, never renumbered), so
a KPI renumbered by a git merge keeps its file. It is a JSON object with one line per day,
sorted, and a last `conflicts` line only after a merge left some:

    {
    "2026-11-27":412.5,
    "2026-11-28":[398,"after the release"],
    "conflicts":[{"date":"2026-11-28","kept":[398,"after the release"],"kind":"conflict","other":[397,""],...}]
    }

One line per value means logging a value changes one line, git merges and diffs them by
day, and the newest values (all a dashboard or `okrtui status` shows) are read from the end
of the file without parsing the rest: costs stay flat as years of values pile up.

In memory a KPI's values are the document of values.py: {"dates", "values", "notes"} (and
"conflicts" when there are some).
"""

from __future__ import annotations

import json
import os

from ..domain.parsing import MAX_MAGNITUDE, exact_text
from . import files, codec
from .values import columns, document
from .codec import is_day, short_repr as shorten
from .errors import SchemaProblem, StoreError, ValuesProblem

TYPE_CHECKING = False  # see storage.py
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

SUFFIX = ".json"
CONFLICTS = "conflicts"


def folder_for(store_path: str) -> str:
    """`okrtui.json` -> `okrtui.values`; a store not named *.json gets `<name>.values`."""
    stem = store_path[:-5] if store_path.endswith(".json") else store_path
    return stem + ".values"


def new_uid(taken: Callable[[str], bool] = lambda uid: False) -> str:
    while True:
        uid = os.urandom(6).hex()
        if not taken(uid):
            return uid


# -- the file's text -------------------------------------------------------------------------
def entry_line(day: str, value: float, note: str, by: str = "") -> str:
    """`"day":value`, `"day":[value,"note"]` or, when who recorded it is known, `"day":[value,"note","by"]`."""
    number = exact_text(value)
    if by:
        return f'"{day}":[{number},{json.dumps(note, ensure_ascii=False)},{json.dumps(by, ensure_ascii=False)}]'
    if not note:
        return f'"{day}":{number}'
    return f'"{day}":[{number},{json.dumps(note, ensure_ascii=False)}]'


def encode(doc: dict[str, Any]) -> bytes:
    """The canonical text of one KPI's values document (same values, same bytes)."""
    dates, values = columns(doc)
    notes, who = doc.get("notes") or {}, doc.get("by") or {}
    lines = [entry_line(day, value, notes.get(day, ""), who.get(day, "")) for day, value in zip(dates, values)]
    conflicts = doc.get(CONFLICTS) or []
    if conflicts:
        lines.append(f'"{CONFLICTS}":' + json.dumps(conflicts, ensure_ascii=False, separators=(",", ":"),
                                                      sort_keys=True))
    return ("{\n" + ",\n".join(lines) + ("\n}\n" if lines else "}\n")).encode("utf-8")


def value_and_note(day: str, raw: Any) -> tuple[float, str, str]:
    """(value, note, who recorded it) of one day's line: a number, [number, note] or [number, note, by]."""
    from ..domain.parsing import check_number, has_control_chars, is_valid_text

    if not is_day(day):
        raise ValuesProblem(f"{shorten(day)} is not a date YYYY-MM-DD")
    by = ""
    if isinstance(raw, list) and len(raw) == 3 and isinstance(raw[1], str):
        number, note, by = raw
        if not isinstance(by, str) or not by.strip() or len(by) > 80 or not is_valid_text(by) or has_control_chars(by):
            raise ValuesProblem(f"who recorded the value of {day} must be a name, not {shorten(by)}")
    elif isinstance(raw, list) and len(raw) == 2 and isinstance(raw[1], str):
        number, note = raw
    else:
        number, note = raw, ""
    try:
        value = check_number(number, f"the value of {day}")
    except ValueError as exc:
        raise ValuesProblem(str(exc)) from None
    if not is_valid_text(note):
        raise ValuesProblem(f"the note of {day} is not valid Unicode text")
    return value, note, by


NUMBER_BYTES = frozenset(b"0123456789.-+eE")
FIRST_NUMBER_BYTES = (b"-", b"0", b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8", b"9")





def decode(raw: bytes) -> dict[str, Any]:
    """A values file's bytes as the in-memory document; ValuesProblem when it does not fit."""
    try:
        data = codec.loads(raw)
    except UnicodeDecodeError:
        raise ValuesProblem("is not UTF-8 text") from None
    except codec.RepeatedKey as exc:
        raise ValuesProblem(str(exc)) from None
    except (ValueError, RecursionError) as exc:
        if codec.has_conflict_markers(raw):
            raise ValuesProblem("holds git's conflict markers (merged without okrtui's driver): git checkout"
                                " -- the file, okrtui git-setup, then merge again") from None
        raise ValuesProblem(f"is not valid JSON ({shorten(str(exc))})") from None
    if not isinstance(data, dict):
        raise ValuesProblem("is not a JSON object of date: value")
    conflicts = data.pop(CONFLICTS, [])
    if not isinstance(conflicts, list) or not all(isinstance(c, dict) for c in conflicts):
        raise ValuesProblem("its conflicts must be a list of objects")
    days = list(data)
    if days != sorted(days):  # views read the newest days from the file's end: order is part of the format
        late = next(day for day, after in zip(days, days[1:]) if day > after)
        raise ValuesProblem(f"has its days out of order ({shorten(late)} comes before earlier days; okrtui writes"
                            " them sorted)")
    values, notes, who = [], {}, {}
    for day in days:
        value, note, by = value_and_note(day, data[day])
        values.append(value)
        if note:
            notes[day] = note
        if by:
            who[day] = by
    doc: dict[str, Any] = document(days, values, notes, who)
    if conflicts:
        from .schema import check_unicode

        try:
            check_unicode(conflicts)
        except SchemaProblem as exc:
            raise ValuesProblem(str(exc)) from None
        doc[CONFLICTS] = conflicts
    return doc


def _tail_lines(path: str, n: int) -> tuple[list[bytes], bool] | None:
    """The last lines of the file (at least n + 2 when it has them) and whether that is all of it."""
    try:
        with files.open_for_reading(path, files.VALUES_LIMIT) as handle:
            size = handle.seek(0, os.SEEK_END)
            block = 64 * (n + 4)
            while True:
                start = max(0, size - block)
                handle.seek(start)
                chunk = handle.read(size - start)
                lines = chunk.split(b"\n")
                if start == 0:
                    return lines, True
                if len(lines) > n + 3:
                    return lines[1:], False  # the first may be cut
                block *= 4
    except FileNotFoundError:
        return None


def read_tail(path: str, n: int) -> dict[str, Any] | None:
    """The last n values of a file as a values document (its conflicts too); None when there is
    no file. Reads only the end of a canonical file; anything else is parsed whole (decode)."""
    got = _tail_lines(path, n)
    if got is None:
        return None
    lines, whole = got
    if whole:
        return decode(b"\n".join(lines))
    body = [line for line in lines if line]
    if not body or body[-1] != b"}":
        return decode(_read(path))
    body.pop()
    conflicts: list[Any] = []
    if body and body[-1].startswith(b'"' + CONFLICTS.encode()):
        try:
            conflicts = codec.loads(b"{" + body.pop() + b"}")[CONFLICTS]
        except (ValueError, KeyError, RecursionError):
            return decode(_read(path))
    days, values, notes, who = [], [], {}, {}
    for line in body[-n:] if n else []:
        line = line[:-1] if line.endswith(b",") else line
        if line[:1] != b'"' or line[11:13] != b'":':
            return decode(_read(path))
        day = line[1:11].decode("ascii", "replace")
        text = line[13:]
        try:
            if NUMBER_BYTES.issuperset(text) and text[:1] in FIRST_NUMBER_BYTES and b"e-" not in text.lower():
                # most lines: a plain number, read without a json call (NaN and inf fail the range)
                value, note, by = float(text), "", ""
                if not (-MAX_MAGNITUDE <= value <= MAX_MAGNITUDE and is_day(day)):
                    raise ValueError(day)
            else:
                value, note, by = value_and_note(day, codec.loads(text))  # refuses 1e-400 (reads as 0)
        except (ValueError, RecursionError):
            return decode(_read(path))
        days.append(day)
        values.append(value)
        if note:
            notes[day] = note
        if by:
            who[day] = by
    if days != sorted(set(days)):
        return decode(_read(path))
    doc: dict[str, Any] = document(days, values, notes, who)
    if conflicts:
        from .schema import check_unicode

        try:
            check_unicode(conflicts)
        except SchemaProblem:
            return decode(_read(path))  # which names the problem
        if not isinstance(conflicts, list) or not all(isinstance(c, dict) for c in conflicts):
            return decode(_read(path))
        doc[CONFLICTS] = conflicts
    return doc


def _read(path: str) -> bytes:
    return files.read_limited(path, files.VALUES_LIMIT)


def file_in(folder: str, uid: str) -> str:
    return os.path.join(folder, uid + SUFFIX)


class ValuesFiles:
    """The kpi_values "table": each KPI's values document, read from its file when first asked
    for, and the changes of a transaction, written by Store when it commits.

    uid_of maps a KPI id to its uid (None for no such KPI). `preloaded` holds documents that
    are not in files yet (a store migrated from one file, so in schema 1's packed form: legacy.py,
    turned into values.py's documents here); they are all written on commit.
    """

    def __init__(self, folder: str, uid_of: Callable[[int], str | None], path_label: str,
                 preloaded: dict[str, dict[str, Any]] | None = None, report: Callable[[Exception], None] | None = None):
        """report: for reads that must not fail (the TUI), called with the StoreError of a values file
        that cannot be used, which then reads as no values; without it, that StoreError is raised.

        Documents are kept by uid, not id: a transaction that deletes KPI 4 and makes a new KPI 4
        (TinyDB reuses the highest id) deletes one file and writes another."""
        self.report = report
        self.folder = folder
        self.uid_of = uid_of
        self.path_label = path_label
        self._docs: dict[str, dict[str, Any] | None] = {}  # uid -> the whole document (None: none)
        self._tails: dict[str, tuple[int, dict[str, Any] | None]] = {}  # uid -> (n, the tail read)
        self.changed: dict[str, int] = {}  # uid -> KPI id of the documents to write (or delete)
        self.before: dict[str, dict[str, Any] | None] = {}
        self._folder_checked = False
        if preloaded:  # schema 1's packed documents, taken in once
            from .legacy import document_from_packed

            for doc_id, doc in preloaded.items():
                uid = uid_of(int(doc_id))
                if uid is not None:
                    self._docs[uid], self.changed[uid], self.before[uid] = document_from_packed(doc), int(doc_id), None

    def file_of(self, uid: str) -> str:
        return file_in(self.folder, uid)

    def _use_file(self, uid: str, read: Callable[[str], dict[str, Any] | None]) -> dict[str, Any] | None:
        """read(the uid's file); a file that cannot be used raises StoreError naming it, or, with a
        report callback, is reported and reads as no values."""

        try:
            if not self._folder_checked:  # a values folder that is a link is never read through
                files.folder_state(self.folder)
                self._folder_checked = True
            return read(self.file_of(uid))
        except FileNotFoundError:
            return None
        except files.FileRefused as exc:
            error = StoreError(self.path_label, f"cannot be used: {exc}")
        except (ValuesProblem, OSError) as exc:
            words = str(exc) if isinstance(exc, ValuesProblem) else f"cannot be read: {exc.strerror or exc}"
            error = StoreError(self.path_label, f"cannot be used: {self.file_of(uid)} {words}")
        if self.report is None:
            raise error
        self.report(error)
        return None

    def get(self, *, doc_id: int) -> dict[str, Any] | None:
        uid = self.uid_of(doc_id)
        if uid is None:
            return None
        if uid not in self._docs:
            self._docs[uid] = self._use_file(uid, lambda path: decode(_read(path)))
        doc = self._docs[uid]
        return None if doc is None else dict(doc)

    def tail(self, doc_id: int, n: int) -> dict[str, Any] | None:
        """The document with only its last n values (the whole one when it is already loaded)."""
        uid = self.uid_of(doc_id)
        if uid is None:
            return None
        if uid in self._docs:
            return self.get(doc_id=doc_id)
        if uid in self._tails and self._tails[uid][0] >= n:
            return self._tails[uid][1]  # more values than asked for: callers take their tail
        doc = self._use_file(uid, lambda path: read_tail(path, n))
        self._tails[uid] = (n, doc)
        return doc

    def conflicts(self, doc_id: int) -> list[dict[str, Any]]:
        doc = self.tail(doc_id, 0)  # any tail read before has them
        return list((doc or {}).get(CONFLICTS) or [])

    def upsert(self, doc: Any) -> None:
        """Set a KPI's values (a document with .doc_id); conflicts it does not mention are kept."""
        doc_id = doc.doc_id
        old = self.get(doc_id=doc_id)
        new = dict(doc)
        if CONFLICTS not in new and old and old.get(CONFLICTS):
            new[CONFLICTS] = old[CONFLICTS]
        if CONFLICTS in new and not new[CONFLICTS]:
            del new[CONFLICTS]  # the file writes no empty list: what undo remembers is what reads back
        self._change(doc_id, new, old)

    def remove(self, *, doc_ids: list[int]) -> None:
        for doc_id in doc_ids:
            self._change(doc_id, None, self.get(doc_id=doc_id))

    def _change(self, doc_id: int, new: dict[str, Any] | None, old: dict[str, Any] | None) -> None:
        uid = self.uid_of(doc_id)
        if uid is None:
            raise KeyError(f"no KPI with id {doc_id}")
        self.before.setdefault(uid, old)
        self._docs[uid] = new
        self._tails.pop(uid, None)
        self.changed[uid] = doc_id

    def changes(self) -> list[tuple[int, str, dict[str, Any] | None, dict[str, Any] | None]]:
        """(id, uid, before, after) of every document this transaction changed."""
        return [(doc_id, uid, self.before.get(uid), self._docs.get(uid))
                for uid, doc_id in sorted(self.changed.items(), key=lambda item: (item[1], item[0]))
                if self.before.get(uid) != self._docs.get(uid) or self.before.get(uid) is None]
