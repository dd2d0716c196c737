"""A demo store built from the article's examples, so a new user has something real to look at."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta

from .domain.models import CheckIn, Initiative, KeyResult, Kpi, Objective, Review, Series
from .demo_history import OLDER_HISTORY, add_older_history
from .demo_targets import add_target_stories
from .domain.period import Period


def _kr(title, start, target, unit="", kind="number", progress=0.0, confidence=7, kpi=None, due=None):
    return {
        "kr": KeyResult(title=title, kind=kind, start=start, target=target, unit=unit, confidence=confidence, kpi=kpi, due=due),
        "progress": progress,
    }


# name, unit, direction, cadence, target, warn, crit, category, base, drift over the year, noise, stale days
KPI_SPECS = [
    ("Average response time", "min", "down", "daily", 120, 180, 240, "Service", 150, 40, 18, 0),
    ("Customer service call completion rate", "%", "up", "daily", 95, 90, 85, "Service", 93, -9, 1.2, 0),
    ("Sales revenue", "$", "up", "daily", 5000, 4000, 3000, "Sales", 4200, 900, 600, 0),
    ("Web traffic", "visits", "up", "daily", 12000, 9000, 7000, "Marketing", 9500, 3000, 900, 0),
    ("Visitor-to-signup conversion", "%", "up", "weekly", 4.0, 3.0, 2.0, "Marketing", 3.1, 0.6, 0.25, 0),
    ("Trial-to-customer conversion", "%", "up", "weekly", 12, 9, 7, "Sales", 8.5, -0.5, 0.6, 0),
    ("Tickets per month", "tickets", "down", "monthly", 300, 400, 500, "Service", 380, 30, 25, 0),
    ("Equipment downtime", "h", "down", "weekly", 10, 16, 24, "Production", 18, -6, 2, 0),
    ("搜索引擎流量", "visits", "up", "daily", 3000, 2000, 1500, "Marketing", 2600, 500, 250, 9),
]


def demo_kpis(today: date, days: int = 365, seed: int = 7) -> list[Kpi]:
    rng = random.Random(seed)
    step = {"daily": 1, "weekly": 7, "monthly": 30}
    kpis = []
    for name, unit, direction, cadence, target, warn, crit, category, base, drift, noise, stale in KPI_SPECS:
        dates, values = [], []
        last = today - timedelta(days=stale)
        day = today - timedelta(days=days)
        while day <= last:
            share = 1 - (last - day).days / days
            seasonal = math.sin(share * 2 * math.pi * 4) * noise * 0.5
            value = base + drift * share + seasonal + rng.gauss(0, noise)
            dates.append(day.isoformat())
            values.append(round(value, 1 if abs(base) < 1000 else 0))
            day += timedelta(days=step[cadence])
        kpis.append(
            Kpi(
                name=name,
                unit=unit,
                direction=direction,
                cadence=cadence,
                target=target,
                warn=warn,
                crit=crit,
                category=category,
                series=Series(dates, values, {dates[-1]: "after the new on-call rota"} if name.startswith("Average") else {}),
            )
        )
    return kpis


def demo_objectives(today: date, kpi_ids: dict[str, int]) -> list[tuple[Objective, list[float]]]:
    """Objectives with, per KR, how far it has come (0..1+) by today."""
    period = Period.containing(today)
    previous = period.shifted(-1)
    due = period.end
    plans = [
        Objective(
            title="Grow new-business revenue by 50%",
            why="New business is flat for three quarters; the board wants growth.",
            owner="Mei Lin",
            team="Sales",
            kind="committed",
            status="active",
            period=period.key,
            initiatives=[Initiative("Weekly pipeline review", "doing"), Initiative("Partner referral programme", "todo")],
        ),
        Objective(
            title="提高客户体验得分20%",
            why="Customers wait too long and tell their friends.",
            owner="Wang Fang",
            team="Service",
            kind="aspirational",
            status="active",
            period=period.key,
            initiatives=[Initiative("New on-call rota", "done"), Initiative("FAQ bot for common tickets", "doing")],
        ),
        Objective(
            title="Select 25 new franchise candidates",
            why="Expansion into three new regions next year.",
            owner="Sam Okafor",
            team="Growth",
            kind="committed",
            status="active",
            period=period.key,
            initiatives=[Initiative("Brief regional managers", "done"), Initiative("CV screening rubric", "todo")],
        ),
        Objective(
            title="Train 15 new sales people",
            why="Hiring doubles the team; they must sell by next quarter.",
            owner="Mei Lin",
            team="Sales",
            kind="aspirational",
            status="draft",
            period=period.key,
        ),
        Objective(
            title="Raise production efficiency by 30%",
            why="Unplanned stops cost more than the machines.",
            owner="Lars Berg",
            team="Production",
            kind="committed",
            status="achieved",
            period=previous.key,
            review=Review(0.8, "Predictive maintenance paid off; sensors on line 2 next."),
        ),
    ]
    krs = [
        [
            _kr("Close $150,000 of new sales", 0, 150000, "$", "currency", 0.55, 7, due=due),
            _kr("Sign 12 new-business accounts", 0, 12, "accounts", progress=0.5, confidence=6),
            _kr("Trial-to-customer conversion 8.5% → 12%", 8.5, 12, "%", "percent", 0.2, 4, kpi_ids.get("Trial-to-customer conversion")),
        ],
        [
            _kr("Lift NPS from 55 to 66", 55, 66, "", progress=0.45, confidence=5),
            _kr("Cut average response time from 240 to 120 min", 240, 120, "min", progress=0.7, confidence=8, kpi=kpi_ids.get("Average response time")),
            _kr("客服电话完成率达到95%", 88, 95, "%", "percent", 0.3, 4),
        ],
        [
            _kr("Collect 500 CVs from potential partners", 0, 500, "CVs", progress=0.9, confidence=9),
            _kr("Select 60 candidates for interview", 0, 60, "candidates", progress=0.4, confidence=6),
            _kr("Offer franchises to 25 interviewees", 0, 25, "offers", progress=0.05, confidence=5),
        ],
        [
            _kr("Run three training sessions for trainees", 0, 3, "sessions", progress=0.34, confidence=6),
        ],
        [
            _kr("Cut equipment downtime by 20% through predictive maintenance", 25, 20, "h", progress=1.1, confidence=9),
            _kr("Predictive maintenance live on line 1", 0, 1, "", "milestone", 1.0, 10),
        ],
    ]
    out = []
    for objective, kr_plans in zip(plans, krs):
        objective.key_results = [p["kr"] for p in kr_plans]
        out.append((objective, [p["progress"] for p in kr_plans]))
    return out


def weekly_checkins(kr: KeyResult, progress: float, period: Period, today: date, rng: random.Random) -> None:
    """Weekly check-ins that climb to `progress` by today (or by the period's end, if it is over)."""
    last = min(today, period.end)
    weeks = max(1, (last - period.start).days // 7)
    for week in range(1, weeks + 1):
        share = week / weeks
        done = progress * share ** 1.2
        if kr.kind in ("boolean", "milestone"):
            value = 1.0 if done >= 1 else 0.0
        else:
            raw = kr.start + (kr.target - kr.start) * done
            counts = float(kr.start).is_integer() and float(kr.target).is_integer()
            value = float(round(raw)) if counts else round(raw, 1)
        confidence = max(0, min(10, (kr.confidence or 5) + rng.choice((-1, 0, 0, 1))))
        at = datetime.combine(period.start + timedelta(days=7 * week), time(9, 30))
        kr.checkins.append(CheckIn(at=at.isoformat(), value=value, confidence=confidence, note="" if week % 3 else "steady"))
    if kr.checkins:
        kr.current = kr.checkins[-1].value
        kr.confidence = kr.checkins[-1].confidence


def follow_plan(kpi: Kpi, kr: KeyResult, progress: float, period: Period, today: date, rng: random.Random) -> None:
    """A KPI that a key result follows tells the key result's story: around its start before
    the period, then on the way to `progress` by today."""
    last = min(today, period.end)
    noise = abs(kr.target - kr.start) * 0.03
    for index, day in enumerate(kpi.series.dates):
        current = date.fromisoformat(day)
        if current < period.start:
            value = kr.start + rng.gauss(0, noise)
        elif current <= last:
            share = ((current - period.start).days + 1) / ((last - period.start).days + 1)
            value = kr.start + (kr.target - kr.start) * progress * share + rng.gauss(0, noise)
        else:
            continue
        kpi.series.values[index] = round(value, 1)
    kpi.series.values[-1] = round(kr.start + (kr.target - kr.start) * progress, 1)


def build_demo(repo, today: date | None = None) -> None:
    """Fill an empty store (a Repo inside a transaction) with the demo."""
    today = today or date.today()
    rng = random.Random(11)
    kpis = demo_kpis(today)
    plans = demo_objectives(today, {kpi.name: index + 1 for index, kpi in enumerate(kpis)})
    for objective, progresses in plans:  # key results that follow a KPI: its values carry their progress
        for kr, progress in zip(objective.key_results, progresses):
            if kr.kpi is not None:
                follow_plan(kpis[kr.kpi - 1], kr, progress, Period.parse(objective.period), today, rng)
                if kpis[kr.kpi - 1].name == OLDER_HISTORY:  # a second year: its feasibility line
                    add_older_history(kpis[kr.kpi - 1], kr)
    add_target_stories(plans, kpis)  # a budget burning, a guard gone critical (demo_targets.py)
    for kpi in kpis:
        kpi_id = repo.add_kpi(kpi)
        assert kpi_id == kpis.index(kpi) + 1, "the demo expects a new store"
    parent_id = None
    for objective, progresses in plans:
        period = Period.parse(objective.period)
        for kr, progress in zip(objective.key_results, progresses):
            kr.added = period.start  # planned with the quarter (and the demo is the same whatever day it is)
            if kr.kpi is None:
                weekly_checkins(kr, progress, period, today, rng)
        if objective.title.startswith("Train") and parent_id is not None:
            objective.parent = parent_id  # aligned with the revenue objective
        saved = repo.save_objective(objective)
        parent_id = parent_id or saved
    from .demo_plan import freeze_demo_plan

    freeze_demo_plan(repo, today)  # the quarter's plan froze, and one target was lowered since
