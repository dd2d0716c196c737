"""Planning periods: calendar quarters and custom date ranges."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .parsing import PeriodError, parse_date  # noqa: F401 (re-exported)

_QUARTER_PATTERNS = (
    re.compile(r"^\s*(\d{4})\s*-?\s*[qQ]([1-4])\s*$", re.ASCII),  # 2026-Q4, 2026Q4, 2026 Q4
    re.compile(r"^\s*[qQ]([1-4])\s*[- ]?\s*(\d{4})\s*$", re.ASCII),  # Q4 2026, Q4-2026
)
_RANGE_PATTERN = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*$", re.ASCII)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


class Period:
    """A closed date range [start, end]; quarters have a short key like 2026-Q4."""

    __slots__ = ("start", "end", "quarter")

    def __init__(self, start: date, end: date, quarter: tuple[int, int] | None = None):
        if end < start:
            raise PeriodError(f"period ends ({end}) before it starts ({start})")
        self.start = start
        self.end = end
        self.quarter = quarter

    @classmethod
    def of_quarter(cls, year: int, q: int) -> Period:
        if not 1 <= q <= 4:
            raise PeriodError(f"no quarter Q{q}")
        if not 1 <= year <= 9999:
            raise PeriodError(f"year {year} is out of range (1 to 9999)")
        start = date(year, 3 * q - 2, 1)
        end = date(year, 12, 31) if q == 4 else date(year, 3 * q + 1, 1) - timedelta(days=1)
        return cls(start, end, (year, q))

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls.of_quarter(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Accept 2026-Q4, 2026Q4, Q4 2026 or a range 2026-01-15..2026-02-15."""
        if not isinstance(text, str) or not text.strip():
            raise PeriodError("empty period (use e.g. 2026-Q4 or 2026-01-01..2026-03-31)")
        m = _QUARTER_PATTERNS[0].match(text)
        if m:
            return cls.of_quarter(int(m[1]), int(m[2]))
        m = _QUARTER_PATTERNS[1].match(text)
        if m:
            return cls.of_quarter(int(m[2]), int(m[1]))
        m = _RANGE_PATTERN.match(text)
        if m:
            return cls(parse_date(m[1]), parse_date(m[2]))
        raise PeriodError(f"not a period: {text!r} (use e.g. 2026-Q4, Q4 2026 or 2026-01-01..2026-03-31)")

    @property
    def key(self) -> str:
        """Canonical text form, as stored."""
        if self.quarter:
            return f"{self.quarter[0]:04d}-Q{self.quarter[1]}"  # 0999-Q1 parses back, 999-Q1 would not
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def elapsed_fraction(self, today: date) -> float:
        """0.0 before the period, 1.0 after it; a day counts as elapsed once it has begun."""
        if today < self.start:
            return 0.0
        if today > self.end:
            return 1.0
        return ((today - self.start).days + 1) / self.days

    def shifted(self, steps: int) -> Period:
        """The period `steps` ahead (negative: back). Custom ranges move by their own length.

        PeriodError past the ends of the calendar (years 1 to 9999).
        """
        if self.quarter:
            index = self.quarter[0] * 4 + (self.quarter[1] - 1) + steps
            if not 4 <= index < 10000 * 4:
                raise PeriodError(f"no period {'before' if steps < 0 else 'after'} {self.key}: the calendar ends there")
            return Period.of_quarter(index // 4, index % 4 + 1)
        try:
            months = self.whole_months
            if months:  # January -> February, not 31 days on
                first = self.start.year * 12 + self.start.month - 1 + months * steps
                last = first + months - 1
                if not (12 <= first and last < 10000 * 12):  # years 1 to 9999
                    raise OverflowError
                start = date(first // 12, first % 12 + 1, 1)
                end = _month_end(last // 12, last % 12 + 1)
                return Period(start, end)
            offset = timedelta(days=self.days * steps)
            return Period(self.start + offset, self.end + offset)
        except OverflowError:
            raise PeriodError(f"no period {'before' if steps < 0 else 'after'} {self.key}: the calendar ends there") from None

    @property
    def whole_months(self) -> int:
        """How many calendar months the range is, if it is whole months (first to last day); else 0."""
        ends_a_month = self.end == date.max or (self.end + timedelta(days=1)).day == 1
        if self.start.day != 1 or not ends_a_month:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Period) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"Period({self.key})"

    def __str__(self) -> str:
        return self.key


def nearby_with_objectives(current: Period, counts: dict[str, int]) -> list[tuple[str, int, int | None]]:
    """The nearest earlier and later periods that have objectives: (key, how many, steps from
    `current` with [ and ], negative for earlier; None when not reachable by steps of the same kind)."""
    found = []
    periods = []
    for key, count in counts.items():
        try:
            periods.append((Period.parse(key), count))
        except PeriodError:
            continue
    earlier = [(p, c) for p, c in periods if p.end < current.start]
    later = [(p, c) for p, c in periods if p.start > current.end]
    for group, pick in ((earlier, max), (later, min)):
        if group:
            period, count = pick(group, key=lambda pc: pc[0].start)
            steps = None
            if period.quarter and current.quarter:
                steps = (period.quarter[0] * 4 + period.quarter[1]) - (current.quarter[0] * 4 + current.quarter[1])
            found.append((period.key, count, steps))
    return found
