"""The OKR and KPI records. Plain data: the maths lives in progress.py and health.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .vocabulary import (  # noqa: F401 (re-exported)
    BINARY_KR_KINDS,
    CADENCE_DAYS,
    CADENCES,
    DIRECTIONS,
    INITIATIVE_STATUSES,
    KR_KINDS,
    KR_TYPES,
    OBJECTIVE_KINDS,
    OBJECTIVE_STATUSES,
)

TYPE_CHECKING = False  # typing stays off the `okrtui log` path
if TYPE_CHECKING:
    from .plan import FrozenPlan, PlanChange


@dataclass
class CheckIn:
    at: str  # ISO timestamp, seconds precision
    value: float
    confidence: int | None = None
    note: str = ""
    by: str = ""  # who checked in ("" unknown: before okrtui kept it)


@dataclass
class KeyResult:
    title: str
    kind: str = "number"
    start: float = 0.0
    target: float = 1.0
    current: float | None = None  # None: nothing measured yet, counts as start
    unit: str = ""
    due: date | None = None
    weight: float = 1.0
    confidence: int | None = None
    kpi: int | None = None  # id of the KPI this key result follows (its values move it)
    checkins: list[CheckIn] = field(default_factory=list)
    id: str = ""  # "<objective id>.<n>", assigned by the store
    type: str = "reach"  # reach the target, or stay above / below it as a level (KR_TYPES)
    direction: str | None = None  # "up"/"down"; None: from start and target (a followed KPI sets it)
    followed: str = ""  # words about the KPI this key result followed, once that KPI is gone
    added: date | None = None  # the day it was planned (None: planned before okrtui kept the day)
    owner: str = ""  # "" : the objective's owner answers for it
    hold: float = 1.0  # stay above/below: the share of measurements that must hold (budget.py)
    guard: int | None = None  # id of the KPI that must not go critical while this is chased (guard.py)
    # Read, never stored: what the store found for it (store/targets.py)
    every_days: int | None = field(default=None, compare=False, repr=False)  # its KPI's cadence in days
    guard_name: str = field(default="", compare=False, repr=False)  # the guard KPI's name ("" : gone or none)
    guard_critical: str | None = field(default=None, compare=False, repr=False)  # first day it went critical

    @property
    def value(self) -> float:
        return self.start if self.current is None else self.current

    @property
    def lower_is_better(self) -> bool:
        if self.type == "below":
            return True
        if self.type == "above":
            return False
        if self.direction is not None:
            return self.direction == "down"
        return self.target < self.start


@dataclass
class Initiative:
    title: str
    status: str = "todo"

    def cycled(self) -> str:
        """The next status: todo -> doing -> done -> todo."""
        order = INITIATIVE_STATUSES
        return order[(order.index(self.status) + 1) % len(order)] if self.status in order else "todo"


@dataclass
class Review:
    grade: float | None = None
    note: str = ""
    closed: str | None = None  # ISO date the objective was closed or carried
    by: str = ""  # who closed or carried it ("" unknown)


@dataclass
class Objective:
    title: str
    period: str  # a Period key such as 2026-Q4
    why: str = ""
    owner: str = ""
    team: str = ""
    kind: str = "committed"
    status: str = "draft"
    parent: int | None = None  # the objective this one serves (alignment.py)
    parent_kr: int | None = None  # ...and the number of its key result this one serves, if one
    rollup: str = "krs"  # how its progress is computed: krs, children or both (alignment.py)
    weight: float = 1.0  # its weight in its parent's roll-up
    checkin_every: str = "weekly"  # how often its key results want a check-in (CHECKIN_CADENCES)
    key_results: list[KeyResult] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    review: Review = field(default_factory=Review)
    id: int | None = None  # assigned by the store
    next_kr: int = 1  # so a deleted KR's id is never reused
    carried_from: int | None = None  # the objective of an earlier period this one continues
    carried_into: int | None = None  # the objective of a later period that continues this one
    seeded_from: int | None = None  # the objective whose initiative this draft grew from
    plan: FrozenPlan | None = None  # its period's plan as it froze (plan.py); None: not frozen
    changes: list[PlanChange] = field(default_factory=list)  # changes to the frozen plan, oldest first


@dataclass
class Series:
    """A KPI's values, one per date, sorted by date (ISO strings)."""

    dates: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    by: dict[str, str] = field(default_factory=dict)  # who recorded each day's value, when known

    def __len__(self) -> int:
        return len(self.dates)

    @property
    def latest(self) -> tuple[str, float] | None:
        return (self.dates[-1], self.values[-1]) if self.dates else None


@dataclass
class Kpi:
    name: str
    unit: str = ""
    direction: str = "up"  # up: higher is better
    cadence: str = "daily"
    target: float | None = None
    warn: float | None = None
    crit: float | None = None
    category: str = ""
    owner: str = ""
    series: Series = field(default_factory=Series)  # possibly only the recent tail
    id: int | None = None
    hold: float | None = None  # the share of values that must stay clear of the warning level (None: no budget)

    def definition(self) -> dict:
        """What defines the KPI, without its values (as stored, and as exported)."""
        return {
            "name": self.name,
            "unit": self.unit,
            "direction": self.direction,
            "cadence": self.cadence,
            "target": self.target,
            "warn": self.warn,
            "crit": self.crit,
            "category": self.category,
            **({"owner": self.owner} if self.owner else {}),  # only when set: older documents stay as they were
            **({"hold": self.hold} if self.hold is not None else {}),
        }
