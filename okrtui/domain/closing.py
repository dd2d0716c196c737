"""Closing a quarter: final grades and statuses, carrying a missed objective over, and
turning what was reached into KPIs that keep it. Pure rules; the store applies them."""

from __future__ import annotations

import copy
import re

from .models import Initiative, KeyResult, Kpi, Objective
from .progress import objective_progress, suggested_grade
from .validation import is_measurable

CLOSED_STATUSES = ("achieved", "missed", "dropped")


class ClosingError(ValueError):
    """A closing or carrying request that does not make sense, in words."""


def close(objective: Objective, status: str, grade: float | None = None, note: str | None = None) -> Objective:
    """The objective closed: its final status and grade (the suggested one if none is given)."""
    if status not in CLOSED_STATUSES:
        raise ClosingError(f"status must be one of {', '.join(CLOSED_STATUSES)}, not {status!r}")
    if grade is not None and not 0.0 <= grade <= 1.0:
        raise ClosingError(f"a grade is from 0.0 to 1.0, not {grade:g}")
    closed = copy.deepcopy(objective)
    closed.status = status
    closed.review.grade = suggested_grade(objective_progress(objective)) if grade is None else grade
    if note is not None:
        closed.review.note = note
    return closed


def checkin_refusal(objective: Objective, kr: KeyResult, continuation: Objective | None) -> str | None:
    """Why a check-in on this key result is refused, in words (None: its objective is open).
    A closed (achieved, missed, dropped) or carried objective keeps the numbers it ended with;
    `continuation` is the objective it was carried into, if that still exists."""
    if continuation is not None:
        # by title, or by the title carrying gave it when its numbers changed ("from 55 to 66" -> "from 60 to 66")
        following = next((k for k in continuation.key_results
                          if k.title == kr.title or retitled(kr.title, kr, k)[0] == k.title != kr.title), None)
        if following is not None:
            return f"{kr.id} is closed: carried into {following.id}; okrtui checkin {following.id} VALUE"
        return (f"{kr.id} is closed: objective {objective.id} was carried into objective {continuation.id},"
                f" which does not keep this key result")
    if objective.status in CLOSED_STATUSES or objective.status == "carried":
        return (f"{kr.id} is closed: objective {objective.id} is {objective.status}; okrtui objective reopen"
                f" {objective.id} opens it again")
    return None


def reopened(objective: Objective, continuation: Objective | None) -> Objective:
    """The objective open again (active, or a draft without a measurable key result): its final
    grade and closing date go, its reflection stays. One carried into an objective that still
    exists is not reopened: its work goes on there."""
    if continuation is not None:
        raise ClosingError(f"objective {objective.id} was carried into objective {continuation.id}: its work goes on"
                           f" there (delete objective {continuation.id} first to reopen this one)")
    if objective.status not in CLOSED_STATUSES and objective.status != "carried":
        raise ClosingError(f"objective {objective.id} is {objective.status}, not closed")
    opened = copy.deepcopy(objective)
    opened.status = "active" if any(is_measurable(kr) for kr in opened.key_results) else "draft"
    opened.review.grade = None
    opened.review.closed = None
    opened.carried_into = None
    return opened


# A number as people write it in a title: 12, 8.5%, $150,000, 150k, 1.2M
_NUMBER = re.compile(r"(?<![\w.])(?P<sign>-)?(?P<cur>[$€£¥])?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                     r"(?P<suffix>[kKmM](?![A-Za-z]))?(?P<pct>%)?")
# Titles okrtui writes from a key result's numbers ("Open bugs to 20", "Conversion 8.5% → 12%",
# "Uptime: reach 99.9", "Uptime: stay at or above 99.5 %"): regenerated when the numbers change.
_GENERATED = re.compile(r"^.+?(?:(?: from)? \S+ (?:→|->|to) \S+| to \S+|: reach \S+|: stay at or (?:above|below) \S+)"
                        r"(?: \S+)?$")


def _title_numbers(title: str) -> list[tuple[re.Match, float]]:
    found = []
    for match in _NUMBER.finditer(title):
        value = float(match["num"].replace(",", ""))
        value *= {"k": 1e3, "m": 1e6}.get((match["suffix"] or "").lower(), 1)
        found.append((match, -value if match["sign"] else value))
    return found


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _written_like(match: re.Match, value: float) -> str:
    """A new number in the style of the one it replaces (its currency, k suffix, percent sign)."""
    from .parsing import exact_text

    suffix = (match["suffix"] or "")
    scale = {"k": 1e3, "m": 1e6}.get(suffix.lower(), 1)
    body = exact_text(abs(value) / scale) if scale != 1 else exact_text(abs(value))
    if "," in match["num"] and scale == 1 and abs(value) >= 1000 and float(body).is_integer():
        body = f"{int(float(body)):,}"
    return f"{'-' if value < 0 else ''}{match['cur'] or ''}{body}{suffix}{match['pct'] or ''}"


def retitled(title: str, old: KeyResult, new: KeyResult) -> tuple[str, str]:
    """(the title for a key result whose start or target changed, a warning or ""). A title okrtui
    could have written from the numbers gets the new ones; any other title that names an old
    number that is no longer true is kept as the user wrote it, with a warning saying which."""
    changes = [(old_value, new_value, field) for old_value, new_value, field in
               ((old.target, new.target, "target"), (old.start, new.start, "start")) if not _same(old_value, new_value)]
    if not changes:
        return title, ""
    numbers = _title_numbers(title)
    stale = [(match, value, new_value, field) for match, value in numbers for old_value, new_value, field in changes
             if _same(value, old_value)]
    if not stale:
        return title, ""
    if _GENERATED.match(title):
        out, last = [], 0
        for match, _, new_value, _ in sorted(stale, key=lambda item: item[0].start()):
            out += [title[last: match.start()], _written_like(match, new_value)]
            last = match.end()
        return "".join(out) + title[last:], ""
    match, _, new_value, field = stale[0]
    from .parsing import exact_text

    return title, (f"the title of {new.id or old.id} says {match.group(0)}, but its {field} is now"
                   f" {exact_text(new_value)}: rename it")


def carried_over(objective: Objective, to_period: str, drop: set[str], targets: dict[str, float],
                 titles: dict[str, str] | None = None) -> Objective:
    """The next period's objective: the kept key results start from their closing values
    (a key result that follows a KPI keeps following it), with no check-ins; initiatives not
    done come along. `drop`, `targets` and `titles` (new names) name key results by id. A
    title written from the numbers follows them (retitled)."""
    titles = titles or {}
    known = {kr.id for kr in objective.key_results}
    unknown = sorted((drop | set(targets) | set(titles)) - known)
    if unknown:
        raise ClosingError(f"objective {objective.id} has no key result {', '.join(unknown)}"
                           f" (it has {', '.join(sorted(known)) or 'none'})")
    if drop & set(targets):
        raise ClosingError(f"key result {sorted(drop & set(targets))[0]} is both dropped and given a target")
    kept = []
    for kr in objective.key_results:
        if kr.id in drop:
            continue
        new = KeyResult(kr.title, kind=kr.kind, start=kr.value, target=targets.get(kr.id, kr.target), unit=kr.unit,
                        weight=kr.weight, kpi=kr.kpi, type=kr.type, direction=kr.direction, hold=kr.hold, guard=kr.guard)
        if (new.kpi is None and kr.direction is None and kr.id not in targets
                and kr.lower_is_better != new.lower_is_better):
            new.direction = "down" if kr.lower_is_better else "up"  # a start now past the old target keeps the aim
        new.title = titles[kr.id] if kr.id in titles else retitled(kr.title, kr, new)[0]
        kept.append(new)
    status = "active" if any(is_measurable(kr) for kr in kept) else "draft"
    return Objective(
        title=objective.title, period=to_period, why=objective.why, owner=objective.owner, team=objective.team,
        kind=objective.kind, status=status, parent=objective.parent, key_results=kept,
        initiatives=[Initiative(i.title, i.status) for i in objective.initiatives if i.status != "done"],
        carried_from=objective.id,
    )


def title_warnings(objective: Objective, carried: Objective) -> list[tuple[str, str]]:
    """(old key result's id, words) for each key result carried under a title the user wrote
    with numbers that are no longer true."""
    by_title = {kr.title: kr for kr in objective.key_results}  # a renamed one says its own numbers
    warnings = []
    for new in carried.key_results:
        old = by_title.get(new.title)
        if old is not None:
            _, warning = retitled(new.title, old, new)
            if warning:
                warnings.append((old.id, warning))
    return warnings


# Verbs a key result's sentence starts with; what follows them is the thing measured.
_VERBS = frozenset("""close sign collect select offer run lift cut raise reduce grow increase decrease reach keep
hit get ship win hire train lower improve boost double halve bring drive deliver land book ship publish launch
achieve attain maintain hold""".split())


def measured_thing(title: str) -> str:
    """What a key result's sentence measures, as a KPI's name: "Lift NPS from 55 to 66" ->
    "NPS", "Close $150,000 of new sales" -> "New sales", "Cut average response time from 240 to
    120 min" -> "Average response time", "Uptime: reach 99.9" -> "Uptime". The sentence itself
    when nothing is left."""
    text = title.split(":", 1)[0] if ":" in title else title
    number = r"[-$€£¥]?\d[\d,]*(?:\.\d+)?[kKmM%]?"
    # the numbers' end of a sentence: "from 55 to 66", "8.5% → 12%", "to 120 min"
    text = re.sub(rf"\s+(?:from\s+)?(?:{number}\s*)?(?:to|→|->)\s+{number}(?:\s+\S+)?$", "", text)
    words = text.split()
    if words and words[0].lower() in _VERBS:
        words = words[1:]
    words = [word for word in words if not re.fullmatch(number, word.strip(",.;"))]
    while words and words[0].lower() in ("of", "by", "for", "to", "from", "at", "the"):
        words.pop(0)
    name = " ".join(words).strip(" ,-")
    return (name[:1].upper() + name[1:]) if name else title


def _places(values: list[float]) -> int:
    """The decimal places a key result's numbers are written with (at most 4)."""
    from .parsing import exact_text

    return min(4, max((len(exact_text(v).partition(".")[2]) for v in values), default=0))


def keep_refusal(kr: KeyResult) -> str | None:
    """Why this key result's level cannot be kept as a new KPI (None: it can)."""
    if kr.kpi is not None:
        return f"{kr.id} follows a KPI already: that KPI keeps its level (okrtui kpi list)"
    return None


def kpi_from_key_result(kr: KeyResult, name: str | None = None, day: str | None = None) -> Kpi:
    """A KPI that keeps the level a key result reached: named after what it measures, its unit
    and direction, target = the level reached, warning and critical levels a quarter and a half
    of the way back to its start, rounded as the key result's numbers are written. `day`: the
    reached level is its first value, on that day (so it is not "no data" and "due" at once)."""
    from .models import Series

    down = kr.lower_is_better
    reached = kr.value
    span = abs(reached - kr.start) or abs(reached) * 0.1 or 1.0
    back = 1 if down else -1  # which way "worse" is
    places = _places([kr.start, kr.target, reached, *(c.value for c in kr.checkins)])
    return Kpi(
        name=name or measured_thing(kr.title),
        unit=kr.unit,
        direction="down" if down else "up",
        target=reached,
        warn=round(reached + back * span * 0.25, places),
        crit=round(reached + back * span * 0.5, places),
        series=Series([day], [reached]) if day else Series(),
    )
