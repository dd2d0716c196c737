"""KPI health: thresholds, staleness and trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import CADENCE_DAYS, Kpi

OK, ON_TARGET, WARNING, CRITICAL, NO_DATA = "ok", "on target", "warning", "critical", "no data"
IMPROVING, WORSENING, FLAT = "improving", "worsening", "flat"

HEALTH_GLYPHS = {OK: "●", ON_TARGET: "◎", WARNING: "▲", CRITICAL: "✖", NO_DATA: "○"}
TREND_GLYPHS = {IMPROVING: "↗", WORSENING: "↘", FLAT: "→", None: " "}
STALE_GLYPH = "◷"  # narrow in every terminal, unlike ⌛


def health_level(kpi: Kpi, value: float | None) -> str:
    """on target / ok / warning / critical for one value, by the KPI's target, thresholds and direction.

    At or beyond the target is "on target" (the thresholds are for trouble, the target for success).
    """
    if value is None:
        return NO_DATA
    up = kpi.direction == "up"
    if kpi.target is not None and (value >= kpi.target if up else value <= kpi.target):
        return ON_TARGET
    worse_or_equal = (lambda a, b: a <= b) if up else (lambda a, b: a >= b)
    if kpi.crit is not None and worse_or_equal(value, kpi.crit):
        return CRITICAL
    if kpi.warn is not None and worse_or_equal(value, kpi.warn):
        return WARNING
    return OK


def is_stale(kpi: Kpi, today: date) -> bool:
    """No value within the cadence (a daily KPI last logged the day before yesterday is stale)."""
    latest = kpi.series.latest
    if latest is None:
        return True
    age = (today - date.fromisoformat(latest[0])).days
    return age > CADENCE_DAYS.get(kpi.cadence, 1)


TREND_SHARE = 0.1  # a move smaller than this share of the KPI's own scale is flat


def kpi_scale(kpi: Kpi, values: list[float]) -> float:
    """The KPI's own scale: the widest gap between its target, warning and critical levels,
    else the spread of the values themselves. Uptime's 98-99.9 scale is 1.9, not 99.9."""
    levels = [v for v in (kpi.target, kpi.warn, kpi.crit) if v is not None]
    if len(levels) >= 2:
        return (max(levels) / 2 - min(levels) / 2) * 2
    return max(values) / 2 - min(values) / 2


def is_due(kpi: Kpi, day: date) -> bool:
    """A value is due for `day` by the cadence: none that day (daily), none in the 7 days up to it
    (weekly), none in the 31 days up to it (monthly)."""
    window = CADENCE_DAYS.get(kpi.cadence, 1)
    first = date.fromordinal(day.toordinal() - window + 1).isoformat()
    last = day.isoformat()
    from bisect import bisect_left

    index = bisect_left(kpi.series.dates, first)
    return not (index < len(kpi.series.dates) and kpi.series.dates[index] <= last)


def trend(kpi: Kpi, window: int = 14) -> str | None:
    """improving / worsening / flat over the last `window` values; None with fewer than 2.

    The mean of the newer half against the older half (with two values: the newer
    against the older), measured on the KPI's own scale (kpi_scale): a move of less
    than a tenth of that scale is flat, so noise does not read as a trend.
    """
    values = kpi.series.values[-window:]
    if len(values) < 2:
        return None
    half = len(values) // 2
    older, newer = values[:half], values[-half:]
    delta = sum(v / len(newer) for v in newer) - sum(v / len(older) for v in older)
    scale = kpi_scale(kpi, values)
    if scale <= 0 or abs(delta) < TREND_SHARE * scale:
        return FLAT
    better = delta > 0 if kpi.direction == "up" else delta < 0
    return IMPROVING if better else WORSENING


@dataclass(frozen=True)
class KpiStatus:
    level: str
    stale: bool
    trend: str | None
    latest: tuple[str, float] | None

    @property
    def label(self) -> str:
        """Words for the status; a stale KPI never reads as plainly ok."""
        if self.level == NO_DATA:
            return "no data"
        return f"{self.level}, stale" if self.stale else self.level

    @property
    def glyph(self) -> str:
        return HEALTH_GLYPHS[self.level] + (STALE_GLYPH if self.stale and self.level != NO_DATA else "")

    @property
    def attention_rank(self) -> int:
        """0 critical, 1 warning, 2 stale, 3 ok, 4 on target: KPIs needing improvement sort first."""
        return {CRITICAL: 0, WARNING: 1}.get(self.level, 2 if self.stale else 4 if self.level == ON_TARGET else 3)

    @property
    def needs_attention(self) -> bool:
        return self.level in (CRITICAL, NO_DATA) or self.stale


def kpi_status(kpi: Kpi, today: date) -> KpiStatus:
    latest = kpi.series.latest
    return KpiStatus(
        level=health_level(kpi, latest[1] if latest else None),
        stale=is_stale(kpi, today),
        trend=trend(kpi),
        latest=latest,
    )

