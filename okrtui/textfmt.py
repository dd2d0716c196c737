"""Plain-text pieces shared by the shell commands and the TUI: bars, sparklines, numbers.

No Rich, no Textual: the CLI imports this on its fast path.
"""

from __future__ import annotations

import math
import unicodedata

from .domain.safetext import printable  # noqa: F401 (re-exported: the one sanitiser)

SPARK_CHARS = "▁▂▃▄▅▆▇█"

def _braille_ascii(bits: int) -> str:
    """A braille cell (2x4 dots) as the ASCII that keeps a line's shape: dots only in its upper
    half ', only in its lower half ., in both :, none a space."""
    upper, lower = bits & 0x1B, bits & 0xE4
    return ":" if upper and lower else "'" if upper else "." if lower else " "


# --ascii: every block, box-drawing and status glyph okrtui (or Textual) draws, as one ASCII
# of the same width (one character, two for the palette's wide magnifying glass), for terminals and
# fonts without them. Letters of any script stay.
ASCII_GLYPHS = str.maketrans({
    **dict(zip(SPARK_CHARS, "_.,-=+*#")),
    "░": "-", "▒": "=", "▓": "#", "▀": "^", "▔": "^", "▏": "|", "▕": "|", "▌": "|", "▐": "|", "▉": "#",
    "▊": "#", "▋": "#", "▍": "|", "▎": "|", "▖": ".", "▗": ".", "▘": "'", "▝": "'", "▚": "#", "▞": "#",
    **{chr(c): "-" for c in range(0x2500, 0x2580) if chr(c) in "─━┄┅┈┉╌╍═╼╾"},
    **{chr(c): "|" for c in range(0x2500, 0x2580) if chr(c) in "│┃┆┇┊┋╎╏║╽╿"},
    **{chr(c): "+" for c in range(0x2500, 0x2580) if chr(c) not in "─━┄┅┈┉╌╍═╼╾│┃┆┇┊┋╎╏║╽╿"},
    "●": "o", "○": "?", "◎": "@", "▲": "!", "✖": "X", "◷": "~", "◌": "o", "★": "*", "✗": "x", "✓": "v",
    "↷": ">", "■": "#", "·": ".", "↗": "/", "↘": "\\", "→": ">", "←": "<", "↑": "^", "↓": "v", "↕": "|",
    **{chr(0x2800 + bits): _braille_ascii(bits) for bits in range(256)},  # the KPI chart's dots
    "⚠": "!", "▼": "v", "▶": ">", "◀": "<", "•": "-", "🔎": "> ", "…": "~", "–": "-", "—": "-",
    # the KPI chart's level lines keep their patterns apart: target ═ =, warning ╌ -, critical × x
    "═": "=", "×": "x",
})


def sparkline(values: list[float], width: int | None = None) -> str:
    """One character per value (the last `width`), scaled between their min and max."""
    if width is not None:
        values = values[-width:] if width > 0 else []
    if not values:
        return ""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "·" * len(values)
    # Halved, so the span of any two finite floats is itself finite.
    low, high = min(finite) / 2, max(finite) / 2
    span = high - low
    top = len(SPARK_CHARS) - 1

    def level(v: float) -> str:
        if not math.isfinite(v):
            return "·"
        if span <= 0:
            return SPARK_CHARS[3]
        return SPARK_CHARS[min(top, max(0, round((v / 2 - low) / span * top)))]

    return "".join(level(v) for v in values)


def progress_bar(fraction: float | None, width: int = 10) -> str:
    """█ for done, ░ for to go; capped at full. None (nothing measurable) is all dots."""
    if fraction is None or math.isnan(fraction):
        return "·" * width
    filled = round(min(1.0, max(0.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def percent(fraction: float | None) -> str:
    """Four columns at most: '  7%', '100%', '>10x' (more than ten times the way)."""
    if fraction is None or math.isnan(fraction):
        return "  —"
    if fraction >= 9.995:
        return ">10x"
    return f"{max(fraction, -0.99) * 100:3.0f}%"


def number(value: float | None, compact: bool = False) -> str:
    """Human number: 150000 -> 150000 (compact: 150k), 2.5 -> 2.5, 0.333333 -> 0.333."""
    if value is None:
        return "—"
    if not math.isfinite(value):
        return str(value)
    if compact and abs(value) >= 10_000:
        for size, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= size:
                return f"{value / size:.4g}{suffix}"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 1000:  # 12345.67, not 1.235e+04
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:.4g}"



CURRENCY_UNITS = ("$", "€", "£", "¥")


def with_unit(value: float | None, unit: str, compact: bool = False) -> str:
    return _with_unit_text(number(value, compact), unit)


def value_of_target(value: float | None, target: float | None, unit: str) -> str:
    """'82.5k/150k $'-style pair, the unit said once: '$82.5k/$150k', '6/12 accounts', '90%/95%'."""
    if unit in CURRENCY_UNITS or len(unit) <= 1:
        return f"{with_unit(value, unit, True)}/{with_unit(target, unit, True)}"
    return f"{number(value, True)}/{number(target, True)} {unit}"


# -- numbers in columns: shown compactly, never cut ---------------------------------------------
SUFFIXES = ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def number_forms(value: float) -> list[str]:
    """Ways to write a value, each narrower and less precise than the one before, the exact one
    first, each reading back as the value to its shown precision: 12926 -> 12926, 13k;
    0.3333 -> 0.3333, 0.333, 0.33, 0.3; 999960 -> 999960, 1M. Never digits cut off."""
    if not math.isfinite(value):
        return [str(value)]
    candidates = []  # (half the step of the last digit, text)
    for size, suffix in ((1.0, ""), *reversed(SUFFIXES)):
        for places in range(4, -1, -1):
            text = f"{value / size:.{places}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            mantissa = abs(float(text))
            if value != 0 and mantissa == 0 or suffix and not 1 <= mantissa < 1000:
                continue  # 0.004 as 0 is another number; 0.9k and 1000k have better forms
            step = 0.5 * 10 ** -len(text.partition(".")[2]) * size
            candidates.append((step, text + suffix))
    forms = [number(value)]
    least = min(2, _significant(forms[0]))  # 3525 is never "4k": two significant digits at the least
    for _, text in sorted(candidates):
        if cell_width(text) < cell_width(forms[-1]) and _significant(text) >= least:
            forms.append(text)
    return forms


def _significant(text: str) -> int:
    """Significant digits a form shows: 12.9k 3, 0.033 2, 3000 1, 13k 2."""
    digits = "".join(c for c in text.partition("e")[0] if c.isdigit()).lstrip("0")
    return len(digits.rstrip("0")) if "." not in text else len(digits)


def number_fit(value: float | None, unit: str, width: int) -> str:
    """The value in at most `width` columns, never cut into another number: as it is with its
    unit, then compactly (1.2k, 12.9k), then without its unit, then compactly without it; ""
    when not even that fits (the column gives way, not the digits)."""
    if value is None:
        return "—" if width >= 1 else ""
    exact = _with_unit_text(number(value), unit)
    if cell_width(exact) <= width:  # the usual case: no other form needed
        return exact
    forms = number_forms(value)
    for with_its_unit in ((True, False) if unit else (False,)):
        for form in forms:
            text = _with_unit_text(form, unit) if with_its_unit else form
            if cell_width(text) <= width:
                return text
    return ""


def pair_fit(value: float | None, target: float | None, unit: str, width: int) -> str:
    """A value and its target ("82.5k/150k visits", "$82.5k/$150k") in at most `width` columns,
    by the same rule: compact first, then the unit goes, then the target, then everything."""
    if cell_width(value_of_target(value, target, unit)) <= width:
        return value_of_target(value, target, unit)
    values = [number_forms(v) if v is not None else ["—"] for v in (value, target)]
    for with_its_unit in ((True, False) if unit else (False,)):
        for depth in range(max(len(values[0]), len(values[1]))):
            left = values[0][min(depth, len(values[0]) - 1)]
            right = values[1][min(depth, len(values[1]) - 1)]
            if with_its_unit and (unit in CURRENCY_UNITS or len(unit) <= 1):
                text = f"{_with_unit_text(left, unit)}/{_with_unit_text(right, unit)}"
            else:
                text = f"{left}/{right}" + (f" {unit}" if with_its_unit else "")
            if cell_width(text) <= width:
                return text
    return number_fit(value, "", width)


def _with_unit_text(text: str, unit: str) -> str:
    if not unit:
        return text
    if unit in CURRENCY_UNITS:
        return f"-{unit}{text[1:]}" if text.startswith("-") else f"{unit}{text}"
    return f"{text} {unit}" if len(unit) > 1 else f"{text}{unit}"


def cell_width(text: str) -> int:
    """Terminal columns taken by text (CJK characters are two wide)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def fit(text: str, width: int) -> str:
    """Truncate to `width` columns with an ellipsis, then pad to exactly `width`."""
    if width <= 0:
        return ""
    used = cell_width(text)
    if used <= width:
        return text + " " * (width - used)
    out, used = [], 0
    for char in text:
        w = cell_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    while out and (out[-1].isdigit() and out[-1].isascii() or out[-1] in ".," and len(out) > 1 and out[-2].isdigit()):
        used -= cell_width(out.pop())  # "from 24…" would read as the number 24: the cut number goes whole
    return "".join(out) + "…" + " " * (width - 1 - used)


def fit_words(text: str, width: int) -> str:
    """A status ("glyph words, more words") in `width` columns, padded: trailing phrases are
    dropped whole, then everything but the glyph; a word is never cut in half, so a status
    always reads as its glyph and, room allowing, its words ("◎◷ on target, stale" ->
    "◎◷ on target" -> "◎◷")."""
    phrases = text.split(", ")
    while len(phrases) > 1 and cell_width(", ".join(phrases)) > width:
        phrases.pop()
    words = ", ".join(phrases).split(" ")
    while len(words) > 1 and (cell_width(" ".join(words)) > width or words[-1] in DANGLING):
        words.pop()  # "✓ achieved 0.7" -> "✓ achieved"; never "! at" or "◎◷ on"
    return fit(" ".join(words), width)


DANGLING = {"at", "on", "off", "no", "of", "in", "to", "–", "-"}  # words a status cannot end on


def squeeze(width: int, flex_min: int, columns: list[tuple[int, int]]) -> tuple[int, list[int]]:
    """The one rule for what shrinks first when a row is short of columns.

    One flexible column (a title or a name) takes what the fixed columns leave,
    at least `flex_min`; the fixed columns, given as (preferred, minimum), give up
    width in the order listed, each down to its minimum (0 drops it), only as far
    as needed. Returns (flexible width, fixed widths).
    """
    widths = [preferred for preferred, _ in columns]
    short = flex_min + sum(widths) - width
    for index, (preferred, minimum) in enumerate(columns):
        if short <= 0:
            break
        give = min(short, preferred - minimum)
        widths[index] -= give
        short -= give
    return max(1, width - sum(widths)), widths


def header(words: tuple[str, ...], width: int) -> str:
    """A column's header: the first of its words (longest first: "target", "tgt", "◎") that
    fits `width`, padded; never a cut word ("ta…" reads as nothing)."""
    return fit(next((word for word in words if cell_width(word) <= width), ""), width)


def column(text: str, width: int) -> str:
    """A fixed column with its leading space; nothing at all when squeezed to nothing."""
    return " " + fit(text, width - 1) if width > 1 else ""
