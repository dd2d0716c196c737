"""Frozen plans and the changes made to them, in the objectives' documents (so they travel with git).

An objective's document may hold
    "plan": {"day": "2026-10-05", "key_results": {"1": {"start": 0, "target": 150000, "type": "reach",
             "weight": 1, "due": null}, ...}}
    "changes": [{"record": "3.1", "field": "target", "from": 150000, "to": 120000, "by": "Mei",
                 "at": "2026-11-02T10:04:00"}, ...]
Every write through Store.write_tables (kr edit, the TUI, carry, import) passes through `record`
before it is committed: that one place freezes a period when it should and records what changed in
a frozen plan, so no command has to remember to. Undo and the merge driver write without it: undo
puts documents back as they were (the record goes with the change), a merge keeps both sides' records.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from ..domain.period import Period, PeriodError
from ..domain.plan import FrozenKr, FrozenPlan, PlanChange
from ..domain.vocabulary import FROZEN_FIELDS, KR_FIELD

TYPE_CHECKING = False  # see storage.py
if TYPE_CHECKING:
    from typing import Any

DEFAULTS = {"start": 0.0, "target": 1.0, "type": "reach", "weight": 1.0, "due": None, "hold": 1.0}


# -- documents in, domain out --------------------------------------------------------------
def plan_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """An objective document's frozen plan and changes as Objective's fields (for objective_from_doc)."""
    return {"plan": plan_from_doc(doc.get("plan")), "changes": [change_from_doc(c) for c in doc.get("changes", [])]}


def plan_from_doc(plan: Any) -> FrozenPlan | None:
    if not isinstance(plan, dict):
        return None
    krs = {}
    for number, kr in (plan.get("key_results") or {}).items():
        due = kr.get("due")
        krs[int(number)] = FrozenKr(float(kr.get("start", 0.0)), float(kr.get("target", 1.0)), kr.get("type", "reach"),
                                    float(kr.get("weight", 1.0)), date.fromisoformat(due) if due else None,
                                    float(kr.get("hold", 1.0)))
    return FrozenPlan(date.fromisoformat(plan["day"]), krs)


def change_from_doc(doc: dict[str, Any]) -> PlanChange:
    def side(value: Any) -> float | str | None:
        return value if value is None or isinstance(value, str) else float(value)

    return PlanChange(doc["record"], doc["field"], side(doc.get("from")), side(doc.get("to")), doc.get("by", ""),
                      doc.get("at", ""))


# -- the one place a write passes through ----------------------------------------------------
def snapshot(doc: dict[str, Any], day: str) -> dict[str, Any]:
    """The plan of an objective document as it stands: its key results' frozen fields."""
    return {"day": day, "key_results": {str(kr["n"]): {f: kr.get(f, DEFAULTS[f]) for f in FROZEN_FIELDS
                                                       if f != "hold" or "hold" in kr}  # as the key result keeps it: only when set
                                        for kr in doc.get("key_results", []) if isinstance(kr, dict)}}


def _started(period: str, today: date) -> bool:
    try:
        return Period.parse(period).start <= today
    except PeriodError:
        return False


def _freeze_days(objectives: dict[str, Any], today: date) -> dict[str, str]:
    """Period -> the day its plan froze: frozen before, or freezing now (started, an objective active)."""
    days: dict[str, str] = {}
    for doc in objectives.values():
        if isinstance(doc.get("plan"), dict):
            days.setdefault(doc["period"], doc["plan"]["day"])
    for doc in objectives.values():
        if doc.get("status") == "active" and doc.get("period") not in days and _started(doc["period"], today):
            days[doc["period"]] = today.isoformat()
    return days


def _fields_by_number(doc: dict[str, Any] | None) -> dict[int, dict[str, Any]]:
    return {kr["n"]: kr for kr in (doc or {}).get("key_results", []) if isinstance(kr, dict)}


def record_write(raw: bytes | None, data: dict[str, Any], author: Callable[[], str]) -> None:
    """Store.write_tables' call before it commits: raw, the store's bytes as read; data, what it will write."""
    after = data.get("objectives", {})
    now = datetime.now()
    if not _freeze_days(after, now.date()):
        return  # no period frozen or freezing: nothing to read again
    before = json.loads(raw).get("objectives", {}) if raw and raw.strip() else {}
    record(before, after, author, now)


def record(before: dict[str, Any], after: dict[str, Any], author: Callable[[], str], now: datetime) -> None:
    """Freeze what should freeze and append to each frozen objective of `after` (its documents by
    id, changed in place) what this write changed of its plan; `before`: the documents as read;
    author(): who makes the change (asked only when there is one)."""
    days = _freeze_days(after, now.date())
    frozen_before = {doc.get("period") for doc in before.values() if isinstance(doc.get("plan"), dict)}
    at = now.isoformat(timespec="seconds")
    for doc_id, doc in after.items():
        day = days.get(doc.get("period"))
        if day is None:
            continue
        old = before.get(doc_id)
        if isinstance(doc.get("plan"), dict):
            if old is None or not isinstance(old.get("plan"), dict):
                continue  # arrived with its plan (plan freeze, the demo, a whole document imported): as it is
            previous = _fields_by_number(old)
        elif doc["period"] in frozen_before:  # new in a frozen period (a carry, a late objective): none of it planned
            doc["plan"] = {"day": day, "key_results": {}}
            previous = {}
        else:  # the period freezes in this write: its plan is what there was before it
            doc["plan"] = snapshot(old if old is not None else doc, day)
            previous = _fields_by_number(old if old is not None else doc)
        found = _changes(doc_id, previous, _fields_by_number(doc), at)
        if found:
            by = author()
            doc["changes"] = [*doc.get("changes", []), *({**change, "by": by} for change in found)]


def _changes(doc_id: str, previous: dict[int, dict[str, Any]], current: dict[int, dict[str, Any]],
             at: str) -> list[dict[str, Any]]:
    out = []
    for number in sorted(set(previous) | set(current), key=str):
        old, new = previous.get(number), current.get(number)
        where = f"{doc_id}.{number}"
        if old is None or new is None:
            title = (new or old).get("title", "")
            out.append({"record": where, "field": KR_FIELD, "from": None if old is None else title,
                        "to": title if old is None else None, "by": "", "at": at})
            continue
        for name in FROZEN_FIELDS:
            was, now = old.get(name, DEFAULTS[name]), new.get(name, DEFAULTS[name])
            if was != now and not (name == "start" and _start_from_kpi(old, new)):
                out.append({"record": where, "field": name, "from": was, "to": now, "by": "", "at": at})
    return out


def _start_from_kpi(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """A reach key result that follows a KPI (before and after) starts where the KPI stood when the
    period began: a value logged before the period moves it, and no planner did (every write stores it anew)."""
    return old.get("kpi") is not None and old.get("kpi") == new.get("kpi") and \
        old.get("type", "reach") == new.get("type", "reach") == "reach"


def freeze_period(objectives: Any, period: str, today: date) -> tuple[str, int]:
    """`okrtui plan freeze`: give every objective of the period (a TinyDB table) its plan as it
    stands; returns (the day the plan froze, how many objectives froze now: 0 when it was already)."""
    docs = [doc for doc in objectives.all() if doc.get("period") == period]
    day = next((doc["plan"]["day"] for doc in docs if isinstance(doc.get("plan"), dict)), today.isoformat())
    fresh = [doc for doc in docs if not isinstance(doc.get("plan"), dict)]
    for doc in fresh:
        objectives.update({"plan": snapshot(doc, day)}, doc_ids=[doc.doc_id])
    return day, len(fresh)


def backdate_change(objectives: Any, doc_id: int, number: int, field: str, was: Any, by: str, at: str) -> None:
    """A change made before now (the demo's history): the frozen plan held `was`, and the key result
    holds what it was changed to. objectives: a TinyDB table, inside a transaction."""
    doc = objectives.get(doc_id=doc_id)
    kr = next(kr for kr in doc["key_results"] if kr["n"] == number)
    plan = doc["plan"]
    plan["key_results"][str(number)][field] = was
    change = {"record": f"{doc_id}.{number}", "field": field, "from": was, "to": kr.get(field, DEFAULTS[field]),
              "by": by, "at": at}
    objectives.update({"plan": plan, "changes": [*doc.get("changes", []), change]}, doc_ids=[doc_id])
