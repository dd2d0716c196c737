"""What moved since a date: check-ins, KPIs crossing their levels, objectives closed or carried,
biggest first. For `okrtui report --since`."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from .health import health_level, kpi_scale
from .models import Kpi, Objective
from .progress import kr_progress


@dataclass(frozen=True)
class Move:
    kind: str  # "closed", "kpi", "check-in"
    size: float  # how big, to sort by: 1.0 + grade for closings, a share of the way or of the scale
    words: str
    ref: str  # the objective, key result or KPI it is about
    owner: str = ""  # who answers for it (a key result's owner, else its objective's; a KPI's): report --by owner


def moves_since(objectives: list[Objective], kpis: list[Kpi], since: date) -> list[Move]:
    """Every move since `since` (inclusive), biggest first."""
    day = since.isoformat()
    found: list[Move] = []
    for o in objectives:
        if o.review.closed and o.review.closed >= day:
            grade = f", grade {o.review.grade:.1f}" if o.review.grade is not None else ""
            into = f", carried into {o.carried_into}" if o.carried_into else ""
            found.append(Move("closed", 2.0, f"objective {o.id} {o.title}: {o.status}{grade}{into}", str(o.id), o.owner))
        for kr in o.key_results:
            if kr.kpi is not None:
                continue  # its KPI's moves say it
            recent = [c for c in kr.checkins if c.at[:10] >= day]
            if not recent:
                continue
            earlier = [c for c in kr.checkins if c.at[:10] < day]
            was = earlier[-1].value if earlier else kr.start
            then = kr_progress(_at(kr, was))
            now = kr_progress(_at(kr, recent[-1].value))
            found.append(Move("check-in", abs(now - then),
                              f"{kr.id} {kr.title}: {_with(was, kr.unit)} → {_with(recent[-1].value, kr.unit)}"
                              f" ({(now - then) * 100:+.0f} points)", kr.id, kr.owner or o.owner))
    for kpi in kpis:
        dates, values = kpi.series.dates, kpi.series.values
        cut = bisect_left(dates, day)
        if cut == len(dates):
            continue  # nothing new
        if cut == 0 and len(dates) == 1:
            found.append(Move("kpi", 0.0, f"{kpi.name}: first value {_with(values[0], kpi.unit)}", kpi.name, kpi.owner))
            continue
        # from the last value before the window, else (a KPI new within it) from its first value
        was, now = values[max(cut - 1, 0)], values[-1]
        before, after = health_level(kpi, was), health_level(kpi, now)
        scale = kpi_scale(kpi, values[max(0, cut - 14):]) or abs(was) or 1.0
        crossed = before != after
        words = f"{kpi.name}: {_with(was, kpi.unit)} → {_with(now, kpi.unit)}" + (
            f" ({before} → {after})" if crossed else "")
        found.append(Move("kpi", abs(now - was) / scale + (1.0 if crossed else 0.0), words, kpi.name, kpi.owner))
    return sorted(found, key=lambda move: -move.size)


def _at(kr, value: float):
    from dataclasses import replace

    return replace(kr, current=value, checkins=[])


def _with(value: float, unit: str) -> str:
    """12 visits, 1 visit, 9.2%, $5162."""
    if unit in ("$", "€", "£", "¥"):
        return f"-{unit}{-value:g}" if value < 0 else f"{unit}{value:g}"
    return f"{value:g} {counted(unit, value)}" if len(unit) > 1 else f"{value:g}{unit}"


# Units that look like words but are not nouns to pluralise (or are plural already).
NOT_NOUNS = frozenset({"min", "sec", "hrs", "kpi", "req", "ops", "qps", "rps", "fps", "tps", "eps", "mbs", "pts", "mbps", "kbps", "gbps", "kwh", "usd", "eur", "gbp", "cny", "rmb", "jpy", "nps", "csat",
                       "uptime", "downtime", "revenue", "traffic", "percent", "data", "people", "staff", "feedback",
                       "news", "series", "species", "money", "time", "work", "code", "churn", "latency"})


def counted(unit: str, value: float) -> str:
    """A unit that is a plain English noun, in the number the value needs ("1 offer", "2 offers");
    any other unit (ms, kg, %, 访问, NPS, a phrase) as typed."""
    word = unit.strip()
    if not (len(word) >= 3 and word.isascii() and word.isalpha() and word.islower()) or word in NOT_NOUNS:
        return unit
    one = value in (1, -1)
    if word.endswith(("us", "is")):
        return unit  # statuses, analyses: not worth guessing
    if word.endswith("ss"):
        singular, plural = word, word + "es"
    elif word.endswith("ies"):
        singular, plural = word[:-3] + "y", word
    elif word.endswith(("ches", "shes", "xes")):
        singular, plural = word[:-2], word
    elif word.endswith("s"):
        singular, plural = word[:-1], word
    elif word.endswith("y") and word[-2] not in "aeiou":
        singular, plural = word, word[:-1] + "ies"
    elif word.endswith(("ch", "sh", "x")):
        singular, plural = word, word + "es"
    else:
        singular, plural = word, word + "s"
    return singular if one else plural


def since_day(text: str, today: date) -> date:
    """The first day of `okrtui report --since`: today, yesterday, a weekday (its latest, today
    included), 7d, 2w, or a date YYYY-MM-DD. ValueError in words for anything else."""
    from .parsing import PeriodError, parse_date

    cleaned = text.strip().lower()
    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if cleaned in ("today", "yesterday"):
        return today - timedelta(days=cleaned == "yesterday")
    if cleaned in weekdays or cleaned in (w[:3] for w in weekdays):
        wanted = next(i for i, w in enumerate(weekdays) if w.startswith(cleaned))
        return today - timedelta(days=(today.weekday() - wanted) % 7)
    if cleaned[:-1].isdigit() and cleaned[:-1].isascii() and cleaned[-1:] in ("d", "w"):
        days = int(cleaned[:-1]) * (7 if cleaned.endswith("w") else 1)
        if days > 36500:
            raise ValueError(f"--since {text!r} goes back too far (at most 100 years)")
        return today - timedelta(days=days)
    try:
        return parse_date(cleaned)
    except PeriodError:
        raise ValueError(f"--since takes today, yesterday, a weekday (monday), 7d, 2w or a date YYYY-MM-DD,"
                         f" not {text!r}") from None
