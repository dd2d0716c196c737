"""Numbers and words typed by people: one rule for every way a number enters.

Light: the `okrtui log` fast path imports this (argparse has imported `re` already).

The number rule, everywhere (command line, TUI fields, CSV import, store decoding):
- finite, and within ±1e15 (MAX_MAGNITUDE), so sums, spans and ratios of any
  two stored values stay finite;
- a comma only separates thousands, in groups of three (1,000 or 12,345.5);
  anything else with a comma is refused with a hint, never read as 15 for 1,5;
- full-width digits, point, comma and signs (what a CJK input method types) are
  read as their ASCII twins; digits of other scripts are refused;
- a non-zero number too small to tell from zero (1e-400) is refused, not stored as 0.
"""

from __future__ import annotations

import math
import re
from datetime import date

MAX_MAGNITUDE = 1e15
MAGNITUDE_TEXT = "±1e15"

# Full-width forms (U+FF0B..U+FF19) as typed by CJK input methods.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_NONZERO_MANTISSA = re.compile(r"[1-9]")


class PeriodError(ValueError):
    """A period or date that cannot be parsed or makes no sense."""


def parse_date(text: str) -> date:
    """Parse YYYY-MM-DD, with a message in words on failure."""
    try:
        cleaned = text.strip()
        if not cleaned.isascii():
            raise ValueError
        return date.fromisoformat(cleaned)
    except (ValueError, AttributeError):
        raise PeriodError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def in_range(value: float) -> bool:
    return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE


def exact_text(value: float) -> str:
    """The shortest text that reads back as the same number: integers without '.0', nothing rounded
    (the store's value columns and CSV exports)."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def check_number(value: object, what: str) -> float:
    """A number that did not come from text (a stored field): the same rule, ValueError in words."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} must be a number, not {type(value).__name__}")
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{what} is out of range (okrtui keeps numbers within {MAGNITUDE_TEXT})")
    value = float(value)
    if not in_range(value):
        raise ValueError(f"{what} must be a finite number within {MAGNITUDE_TEXT}, not {value!r}")
    return value


def _ascii_number_text(text: str, what: str) -> str:
    raw = str(text).strip()
    if not raw:
        raise ValueError(f"{what} is empty: type a number such as 12.5")
    cleaned = raw.translate(_FULL_WIDTH)
    if not cleaned.isascii():
        raise ValueError(f"{what} must be written with the digits 0-9, not {raw!r}")
    return cleaned


def parse_number(text: str, what: str) -> float:
    """A finite number within ±1e15 from user text; ValueError with a message in words."""
    cleaned = _ascii_number_text(text, what)
    raw = str(text).strip()
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            raise ValueError(
                f"{what} {raw!r} is not a number: a comma only separates thousands (1,000 or 12,345.5);"
                " write decimals with a point (1.5)"
            )
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        hint = " (leave out the unit)" if re.match(r"[+-]?[\d.]+\s*[^\d\s.eE]", cleaned) else ""
        raise ValueError(f"{what} must be a number, not {raw!r}{hint}") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {raw!r}")
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{what} {raw!r} is too large: okrtui keeps numbers within {MAGNITUDE_TEXT}")
    if value == 0 and _NONZERO_MANTISSA.search(cleaned.lower().split("e")[0]):
        raise ValueError(f"{what} {raw!r} is too small to tell from zero")
    return value


def parse_confidence(text: str | int | None) -> int | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    message = f"confidence must be a whole number from 0 to 10, not {text!r}"
    try:
        value = int(_ascii_number_text(str(text), "confidence"))
    except ValueError:
        raise ValueError(message) from None
    if not 0 <= value <= 10:
        raise ValueError(f"confidence must be from 0 to 10, not {value}")
    return value


_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_chars(text: str) -> bool:
    """Terminal control characters and bidi overrides have no place in a title, a name or a unit
    (they are still shown harmlessly if a foreign store holds them)."""
    return any(ord(c) < 32 or 127 <= ord(c) < 160 or c in _BIDI_CONTROLS for c in text)


def is_valid_text(text: str) -> bool:
    """False for text with lone surrogates (bytes from argv or a file that were not UTF-8)."""
    if text.isascii():  # the common case, without encoding
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
