"""Honest targets in the store and in merges: hold and guard read with their defaults from stores
written before them (whose bytes do not change), round-trip when set, and merge field by field."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from test_merge import decodes, kr, objective, store

from okrtui.domain.models import KeyResult, Kpi, Objective
from okrtui.git.merge import merge_store
from okrtui.store import Store


def plan(db: Path, **kr_fields) -> None:
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("Uptime", warn=99.5, crit=99))
        repo.add_kpi(Kpi("Satisfaction", warn=4, crit=3.5))
        o = Objective("Reliable", "2026-Q4", key_results=[KeyResult("Uptime holds", type="above", target=99.5, **kr_fields)])
        repo.save_objective(o)


def test_a_store_without_the_fields_reads_with_defaults_and_is_not_rewritten(tmp_path):
    db = tmp_path / "s.json"
    plan(db)
    before = db.read_bytes()
    assert b'"hold"' not in before and b'"guard"' not in before
    repo = Store(str(db)).read()
    kr_read = repo.objectives()[0].key_results[0]
    assert (kr_read.hold, kr_read.guard, repo.kpis()[0].hold) == (1.0, None, None)
    with Store(str(db)).transaction() as repo:  # saved unchanged: the same bytes
        repo.save_objective(repo.objectives()[0])
    assert db.read_bytes() == before


def test_hold_and_guard_round_trip_and_the_guard_state_is_read_not_stored(tmp_path):
    db = tmp_path / "s.json"
    plan(db, hold=0.95, guard=2)
    with Store(str(db)).transaction() as repo:
        repo.log_value(2, date(2026, 11, 20), 3.0)
    kr_read = Store(str(db)).read().objectives()[0].key_results[0]
    assert (kr_read.hold, kr_read.guard, kr_read.guard_name, kr_read.guard_critical) == (
        0.95, 2, "Satisfaction", "2026-11-20")
    assert all(name not in db.read_bytes() for name in (b"guard_critical", b"guard_name", b"every_days"))
    with Store(str(db)).transaction() as repo:
        repo.delete_kpi(2, date(2026, 12, 1))
    kr_read = Store(str(db)).read().objectives()[0].key_results[0]
    assert kr_read.guard is None and kr_read.guard_critical is None


def test_hold_and_guard_changed_on_different_sides_both_stay():
    base = store({"1": objective("Ship it", {**kr(1, "Holds"), "type": "above"})},
                 {"1": {"name": "Satisfaction", "uid": "aaaaaaaaaaaa"}})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["key_results"][0]["hold"] = 0.9
    theirs["objectives"]["1"]["key_results"][0]["guard"] = 1
    merged, report = merge_store(base, ours, theirs)
    doc = decodes(merged)["objectives"]["1"]["key_results"][0]
    assert (doc["hold"], doc["guard"], report) == (0.9, 1, [])


def test_a_guard_the_other_side_deleted_is_cut_and_recorded():
    base = store({"1": objective("Ship it", kr(1, "Holds"))}, {"1": {"name": "Satisfaction", "uid": "aaaaaaaaaaaa"}})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["key_results"][0]["guard"] = 1
    del theirs["kpis"]["1"]
    merged, _ = merge_store(base, ours, theirs)
    assert "guard" not in decodes(merged)["objectives"]["1"]["key_results"][0]
    [record] = merged["conflicts"].values()
    assert "guard KPI 1 was deleted on the other side" in record["message"]
