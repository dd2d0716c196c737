"""A KPI's values in memory, the one shape from its values file to every view:

    {"dates": ["2026-11-28", "2026-11-29"], "values": [398.0, 412.5], "notes": {"2026-11-28": "after the release"}}

`dates` are ISO days, sorted and each once; `values` the numbers of those days, as floats;
`notes` the rare notes by day; "by", who recorded each day's value, when known (values
logged before okrtui kept it have none: "by unknown"); and "conflicts", a list of records, only
when a git merge left some. valuefiles.py reads and writes this shape; legacy.py turns schema 1's packed text into it.

The functions here never change the document they are given (a transaction keeps the one it
read to compare and to journal): each returns a new one.
"""

from __future__ import annotations

from bisect import bisect_left

TYPE_CHECKING = False  # see storage.py: typing stays off the `okrtui log` path
if TYPE_CHECKING:
    from typing import Any


def document(dates: list[str], values: list[float], notes: dict[str, str],
             by: dict[str, str] | None = None) -> dict[str, Any]:
    """`by` only when someone is named: a document of older values keeps its old shape."""
    return {"dates": dates, "values": values, "notes": notes, **({"by": by} if by else {})}


def cell(value: float, note: str, by: str = "") -> list:
    """One day as the journal and a merge's conflicts hold it: [value, note], or [value, note, by]."""
    return [value, note, by] if by else [value, note]


def columns(doc: dict[str, Any] | None) -> tuple[list[str], list[float]]:
    """(dates, values) of a document; empty lists for none."""
    if not doc:
        return [], []
    return doc.get("dates") or [], doc.get("values") or []


def tail(doc: dict[str, Any] | None, n: int) -> tuple[list[str], list[float]]:
    """The last n days and values (new lists)."""
    dates, values = columns(doc)
    return (dates[-n:], values[-n:]) if n > 0 else ([], [])


def day_value(doc: dict[str, Any] | None, day: str) -> list | None:
    """[value, note] of one day, or None when the document has no value that day."""
    dates, values = columns(doc)
    index = bisect_left(dates, day)
    if index == len(dates) or dates[index] != day:
        return None
    return cell(values[index], (doc.get("notes") or {}).get(day, ""), (doc.get("by") or {}).get(day, ""))


def set_note(notes: dict[str, str], day: str, note: str) -> None:
    """A new value takes its own note, or none: the old value's note goes with it."""
    if note:
        notes[day] = note
    else:
        notes.pop(day, None)


def with_value(doc: dict[str, Any] | None, day: str, value: float, note: str = "",
               by: str = "") -> tuple[dict[str, Any], bool]:
    """The document with `day` set to value (with its note and who recorded it); (new document,
    whether it replaced a value)."""
    doc = doc or {}
    dates, values = list(columns(doc)[0]), list(columns(doc)[1])
    index = len(dates) if not dates or day > dates[-1] else bisect_left(dates, day)  # mostly today's: appended
    replaced = index < len(dates) and dates[index] == day
    if replaced:
        values[index] = float(value)
    else:
        dates.insert(index, day)
        values.insert(index, float(value))
    notes = dict(doc.get("notes") or {})
    set_note(notes, day, note)
    who = dict(doc.get("by") or {})
    set_note(who, day, by)
    return {**_without_by(doc), **document(dates, values, notes, who)}, replaced


def _without_by(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "by"}


def without_day(doc: dict[str, Any] | None, day: str) -> tuple[dict[str, Any], float | None]:
    """The document without `day`'s value and note; (new document, the value removed or None)."""
    doc = doc or {}
    dates, values = columns(doc)
    index = bisect_left(dates, day)
    if index == len(dates) or dates[index] != day:
        return {**doc, **document(list(dates), list(values), dict(doc.get("notes") or {}), dict(doc.get("by") or {}))}, None
    notes = {d: n for d, n in (doc.get("notes") or {}).items() if d != day}
    who = {d: n for d, n in (doc.get("by") or {}).items() if d != day}
    return {**_without_by(doc), **document(dates[:index] + dates[index + 1:], values[:index] + values[index + 1:],
                                           notes, who)}, values[index]


def with_values(doc: dict[str, Any] | None, rows: list[tuple]) -> dict[str, Any]:
    """Many (day, value, note[, by]) at once (an import); a later row for the same day wins."""
    doc = doc or {}
    merged = dict(zip(*columns(doc)))
    notes = dict(doc.get("notes") or {})
    who = dict(doc.get("by") or {})
    for day, value, note, *by in rows:
        merged[day] = float(value)
        set_note(notes, day, note)
        set_note(who, day, by[0] if by else "")
    dates = sorted(merged)
    return {**_without_by(doc), **document(dates, [merged[d] for d in dates], notes, who)}
