"""Checks on objectives and KPIs, with messages in words.

Errors block saving; warnings are shown but never refuse (the 2-5 key
results rule is advice from the method, not a law).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import (
    BINARY_KR_KINDS,
    CADENCES,
    DIRECTIONS,
    INITIATIVE_STATUSES,
    KR_KINDS,
    KR_TYPES,
    OBJECTIVE_KINDS,
    OBJECTIVE_STATUSES,
    KeyResult,
    Kpi,
    Objective,
)
from .parsing import MAGNITUDE_TEXT, has_control_chars, in_range, parse_confidence, parse_number  # noqa: F401
from .period import Period, PeriodError

MIN_KRS, MAX_KRS = 2, 5


@dataclass
class Findings:
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def first_error(self) -> str:
        return next(iter(self.errors.values()), "")


def is_measurable(kr: KeyResult) -> bool:
    if kr.kind in BINARY_KR_KINDS:
        return True
    return all(in_range(v) for v in (kr.start, kr.target))


def validate_key_result(kr: KeyResult, prefix: str = "kr") -> dict[str, str]:
    errors: dict[str, str] = {}
    if not kr.title.strip():
        errors[f"{prefix}.title"] = "a key result needs a title"
    elif has_control_chars(kr.title):
        errors[f"{prefix}.title"] = "the key result title contains control characters"
    if kr.kind not in KR_KINDS:
        errors[f"{prefix}.kind"] = f"kind must be one of {', '.join(KR_KINDS)}"
    if kr.type not in KR_TYPES:
        errors[f"{prefix}.type"] = f"type must be one of {', '.join(KR_TYPES)}"
    if kr.direction is not None and kr.direction not in DIRECTIONS:
        errors[f"{prefix}.direction"] = "direction must be up or down"
    for name in ("start", "target", "weight"):
        if not in_range(getattr(kr, name)):
            errors[f"{prefix}.{name}"] = f"{name} must be a finite number within {MAGNITUDE_TEXT}"
    if kr.current is not None and not in_range(kr.current):
        errors[f"{prefix}.current"] = f"the current value must be a finite number within {MAGNITUDE_TEXT}"
    if kr.weight <= 0:
        errors[f"{prefix}.weight"] = "weight must be more than 0"
    if kr.confidence is not None and not 0 <= kr.confidence <= 10:
        errors[f"{prefix}.confidence"] = "confidence must be from 0 to 10"
    return errors


def validate_objective(objective: Objective) -> Findings:
    found = Findings()
    if not objective.title.strip():
        found.errors["title"] = "the objective needs a title: where do you need to go?"
    elif has_control_chars(objective.title):
        found.errors["title"] = "the title contains control characters"
    try:
        Period.parse(objective.period)
    except PeriodError as exc:
        found.errors["period"] = str(exc)
    if objective.kind not in OBJECTIVE_KINDS:
        found.errors["kind"] = f"kind must be {' or '.join(OBJECTIVE_KINDS)}"
    if objective.status not in OBJECTIVE_STATUSES:
        found.errors["status"] = f"status must be one of {', '.join(OBJECTIVE_STATUSES)}"
    if objective.parent is not None and objective.parent == objective.id:
        found.errors["parent"] = "an objective cannot be its own parent"
    for index, kr in enumerate(objective.key_results):
        found.errors.update(validate_key_result(kr, f"kr{index}"))
    for index, initiative in enumerate(objective.initiatives):
        if not initiative.title.strip():
            found.errors[f"initiative{index}.title"] = "an initiative needs a title"
        elif has_control_chars(initiative.title):
            found.errors[f"initiative{index}.title"] = "the initiative contains control characters"
        if initiative.status not in INITIATIVE_STATUSES:
            found.errors[f"initiative{index}.status"] = "initiative status must be todo, doing or done"
    measurable = [kr for kr in objective.key_results if is_measurable(kr)]
    if objective.status in ("active", "achieved") and not measurable:  # missed, dropped, carried: nothing to measure
        found.errors["status"] = (
            f"an {objective.status} objective needs at least one measurable key result; save it as a draft"
        )
    count = len(objective.key_results)
    if objective.status != "draft" or count:
        if count < MIN_KRS:
            found.warnings.append(f"{count} key result{'s' if count != 1 else ''}: two to five is the usual shape")
        elif count > MAX_KRS:
            found.warnings.append(f"{count} key results: more than five dilutes focus")
    return found


def is_a_number(text: str) -> bool:
    """Whether text reads as a number (12, 3.5, 1,000, -4, 1e3, １２): a slip where a word belongs."""
    import re

    try:
        parse_number(text, "it")
    except ValueError:
        return bool(re.fullmatch(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", text.strip()))
    return True


def validate_kpi(kpi: Kpi) -> Findings:
    found = Findings()
    if not kpi.name.strip():
        found.errors["name"] = "a KPI needs a name"
    elif has_control_chars(kpi.name):
        found.errors["name"] = "the KPI name contains control characters"
    elif is_a_number(kpi.name):
        found.errors["name"] = (f"a KPI's name says what it measures (Open bugs, Uptime), not a number like"
                                f" {kpi.name.strip()!r}: the value goes in when you log it")
    for name in ("unit", "category"):
        if has_control_chars(getattr(kpi, name)):
            found.errors[name] = f"the {name} contains control characters"
    if "unit" not in found.errors and kpi.unit.strip() and is_a_number(kpi.unit):
        found.errors["unit"] = (f"a unit is what the values count (%, $, min, visits), not a number like"
                                f" {kpi.unit.strip()!r}")
    if kpi.direction not in DIRECTIONS:
        found.errors["direction"] = "direction must be up (higher is better) or down (lower is better)"
    if kpi.cadence not in CADENCES:
        found.errors["cadence"] = f"cadence must be one of {', '.join(CADENCES)}"
    for name in ("target", "warn", "crit"):
        value = getattr(kpi, name)
        if value is not None and not in_range(value):
            found.errors[name] = f"{name} must be a finite number within {MAGNITUDE_TEXT}"
    if found.ok and kpi.warn is not None and kpi.crit is not None:
        if kpi.direction == "up" and kpi.crit > kpi.warn:
            found.errors["crit"] = "higher is better, so the critical level must not be above the warning level"
        if kpi.direction == "down" and kpi.crit < kpi.warn:
            found.errors["crit"] = "lower is better, so the critical level must not be below the warning level"
    return found
