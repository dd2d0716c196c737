"""Numbers and words typed by people. Light: the `okrtui log` fast path imports this."""

from __future__ import annotations

import math
from datetime import date


class PeriodError(ValueError):
    """A period or date that cannot be parsed or makes no sense."""


def parse_date(text: str) -> date:
    """Parse YYYY-MM-DD, with a message in words on failure."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise PeriodError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def parse_number(text: str, what: str) -> float:
    """A finite number from user text; ValueError with a message in words."""
    try:
        value = float(str(text).strip().replace("_", "").replace(",", ""))
    except ValueError:
        raise ValueError(f"{what} must be a number, not {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {text!r}")
    return value


def parse_confidence(text: str | int | None) -> int | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = int(str(text).strip())
    except ValueError:
        raise ValueError(f"confidence must be a whole number from 0 to 10, not {text!r}") from None
    if not 0 <= value <= 10:
        raise ValueError(f"confidence must be from 0 to 10, not {value}")
    return value


def has_control_chars(text: str) -> bool:
    """Terminal control characters have no place in a title or a name."""
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)
