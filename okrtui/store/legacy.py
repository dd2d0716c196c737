"""Schema 1's packed text of a KPI's values, and the two ways between it and the in-memory
document of values.py.

Schema 1 kept every KPI's values inside the store file, in a `kpi_values` document whose
`values` is one string of entries joined by ";", sorted by date. An entry is
`@YYYY-MM-DD value`, or just `value` when its date is the day after the previous entry's.
Every series starts with a dated entry, and so does every gap and every first of a month:

    "@2026-11-29 412.5;398;401.25;@2026-12-01 377;380;@2026-12-09 366"

Notes lived beside it in a {date: note} map. Only what still meets that text uses this module:
the migration of a schema 1 store (ValuesFiles takes its documents in), the schema's check of
such documents, the merge driver's schema 1 base, and the undo journal, whose lines keep
kpi_values documents in this form so that journals written before and after read alike.
"""

from __future__ import annotations

from datetime import date

from ..domain.parsing import exact_text as format_value  # the one rule for writing numbers
from .values import columns, document

SEP = ";"
ANCHOR = "@"

TYPE_CHECKING = False  # see storage.py
if TYPE_CHECKING:
    from typing import Any


def _entry(day: str, ordinal: int, previous: int | None, value: float) -> str:
    if previous is not None and ordinal == previous + 1 and not day.endswith("-01"):
        return format_value(value)
    return f"{ANCHOR}{day} {format_value(value)}"


def pack(dates: list[str], values: list[float]) -> str:
    out, previous = [], None
    for day, value in zip(dates, values):
        ordinal = date.fromisoformat(day).toordinal()
        out.append(_entry(day, ordinal, previous, value))
        previous = ordinal
    return SEP.join(out)


def _decode(entries: list[str]) -> tuple[list[str], list[float]]:
    """Entries that start with a dated one."""
    ordinals, values = [], []
    ordinal = 0
    for entry in entries:
        if entry[0] == ANCHOR:
            ordinal = date.fromisoformat(entry[1:11]).toordinal()
            values.append(float(entry[12:]))
        else:
            ordinal += 1
            values.append(float(entry))
        ordinals.append(ordinal)
    return [date.fromordinal(o).isoformat() for o in ordinals], values


def unpack(packed: str) -> tuple[list[str], list[float]]:
    if not packed:
        return [], []
    return _decode(packed.split(SEP))


def document_from_packed(doc: dict[str, Any]) -> dict[str, Any]:
    """A schema 1 `kpi_values` document (checked: schema.check_kpi_values) as values.py's document;
    its conflicts, when it has the key, go along."""
    dates, values = unpack(doc.get("values", ""))
    out = document(dates, values, dict(doc.get("notes") or {}), dict(doc.get("by") or {}))
    if "conflicts" in doc:
        out["conflicts"] = doc["conflicts"]
    return out


def packed_document(doc: dict[str, Any]) -> dict[str, Any]:
    """values.py's document in schema 1's form (as the undo journal keeps it)."""
    out = {"values": pack(*columns(doc)), "notes": doc.get("notes") or {}}
    if doc.get("by"):  # who recorded each day, when known (the journal keeps it; schema 1 never had it)
        out["by"] = doc["by"]
    if "conflicts" in doc:
        out["conflicts"] = doc["conflicts"]
    return out


_ENTRY_PATTERN = None
# A value as format_value writes it, or close: at most 15 digits before the point
# and only negative exponents, so every value that fits is finite and within ±1e15.
# (1e15 first: a possessive match never comes back to try it after 15 digits matched.)
_VALUE = r"-?(?:1000000000000000(?:\.0*)?|[0-9]{1,15}(?:\.[0-9]*)?(?:e-[0-9]{1,4})?)"


def check(packed: str) -> int:
    """Raise ValueError (in words) unless `packed` is a well-formed column; returns the entry count.

    Checks the form of every entry, that dates are real and strictly increasing,
    and that no undated entry runs past the end of the calendar.
    """
    global _ENTRY_PATTERN
    if not packed:
        return 0
    if _ENTRY_PATTERN is None:
        import re

        entry = rf"(?:@[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}} )?+{_VALUE}"
        _ENTRY_PATTERN = re.compile(rf"{entry}(?:;{entry})*+")  # possessive: a third faster
    if not packed.startswith(ANCHOR):
        raise ValueError("must start with a dated entry '@YYYY-MM-DD value'")
    if _ENTRY_PATTERN.fullmatch(packed) is None:
        raise ValueError(f"entry {_first_bad_entry(packed)!r} is not '@YYYY-MM-DD value' or a number within ±1e15")
    if "e-" in packed:
        for entry in packed.split(SEP):
            number = entry.rpartition(" ")[2]
            if "e-" in number and float(number) == 0.0 and any(c in "123456789" for c in number.partition("e")[0]):
                raise ValueError(f"entry {entry[:40]!r} is too small to tell from zero")
    last_ordinal, last_index, last_position, position = None, 0, 0, 0
    while position >= 0:
        day = packed[position + 1 : position + 11]
        try:
            ordinal = date.fromisoformat(day).toordinal()
        except ValueError:
            raise ValueError(f"{day!r} is not a date") from None
        index = packed.count(SEP, 0, position) if last_ordinal is None else last_index + packed.count(SEP, last_position, position)
        if last_ordinal is not None and ordinal <= last_ordinal + (index - last_index - 1):
            raise ValueError(f"dates are not in order at {day}")
        last_ordinal, last_index, last_position = ordinal, index, position
        next_anchor = packed.find(SEP + ANCHOR, position + 1)
        position = next_anchor + 1 if next_anchor >= 0 else -1
    entries = packed.count(SEP) + 1
    if last_ordinal + (entries - 1 - last_index) > date.max.toordinal():
        raise ValueError("undated entries run past the year 9999")
    return entries


def _first_bad_entry(packed: str) -> str:
    import re

    value = re.compile(rf"(?:@[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}} )?{_VALUE}")
    return next((entry for entry in packed.split(SEP) if value.fullmatch(entry) is None), packed)[:40]
