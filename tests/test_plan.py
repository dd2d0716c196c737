"""Honest targets: a period's plan freezes, every change after it is recorded in the store (by the
one write path, whatever made it), shown in words, graded both ways, kept by merges, and gone
with the change it recorded on undo. Real stores; the shell in a subprocess."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from conftest import run_okrtui
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.period import Period
from okrtui.domain.progress import kr_progress
from okrtui.domain.plan import FrozenKr, FrozenPlan, PlanChange, change_words, frozen_objective, grades
from okrtui.store import Store
from okrtui.store.errors import StoreError
from okrtui.store.undo import step

TODAY = date.today()
PERIOD = Period.containing(TODAY)
NEXT = PERIOD.shifted(1)


# -- the maths: grades against the frozen plan and today's ------------------------------------------
def planned(*krs: KeyResult, frozen: dict[int, FrozenKr] | None = None, changes=()) -> Objective:
    for n, kr in enumerate(krs, 1):
        kr.id = kr.id or f"1.{n}"
    plan = None if frozen is None else FrozenPlan(date(2026, 10, 1), frozen)
    return Objective("Grow", "2026-Q4", key_results=list(krs), plan=plan, changes=list(changes), id=1)


@pytest.mark.parametrize("kr, frozen, now, then", [
    # target lowered 180 -> 150, at 82.5: 0.55 now, 0.458 against the plan
    (KeyResult("Sales", start=0, target=150, current=82.5), FrozenKr(0, 180), 0.5, 0.4),
    # lower is better, target eased from 120 to 150 min, at 160: 0.888 now, 0.666 then
    (KeyResult("Response", start=240, target=150, current=160), FrozenKr(240, 120), 0.8, 0.6),
    # start == target: reached or not, whatever the target became
    (KeyResult("Keep", start=5, target=5, current=5), FrozenKr(5, 5), 1.0, 1.0),
    (KeyResult("Keep", start=5, target=4, current=5), FrozenKr(5, 5), 0.0, 1.0),
    # past the target both ways: capped at 1.0
    (KeyResult("Past", start=0, target=10, current=30), FrozenKr(0, 20), 1.0, 1.0),
    # a level kept above: the type changed from reach to above
    (KeyResult("Level", start=0, target=10, current=12, type="above"), FrozenKr(0, 20, "reach"), 1.0, 0.6),
])
def test_the_grade_against_the_frozen_plan_and_today(kr, frozen, now, then):
    assert grades(planned(kr, frozen={1: frozen})) == (now, then)


def test_grades_of_an_objective_not_frozen_without_key_results_or_with_key_results_added_later():
    assert grades(planned(KeyResult("A", start=0, target=10, current=5))) == (0.5, None)
    assert grades(planned(frozen={})) == (0.0, 0.0)  # an empty objective: nothing to grade either way
    late = planned(KeyResult("Planned", start=0, target=10, current=2), KeyResult("Easy, added late", current=1),
                   frozen={1: FrozenKr(0, 10)})
    assert [kr.title for kr in frozen_objective(late).key_results] == ["Planned"]
    assert grades(late) == (0.6, 0.2)


def test_a_level_kept_counts_the_check_ins_against_the_frozen_level():
    kr = KeyResult("Uptime", start=99, target=99, type="above",
                   checkins=[CheckIn("2026-10-05T09:00:00", v) for v in (99.2, 99.4, 98.9, 99.6)])
    assert grades(planned(kr, frozen={1: FrozenKr(99, 99.5, "above")})) == (0.7, 0.2)


NUMBERS = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@given(st.lists(NUMBERS, min_size=3, max_size=3, unique=True), NUMBERS)
def test_easing_a_target_never_lowers_the_grade_and_an_unchanged_plan_grades_the_same(three, current):
    """A target moved towards the start (higher is better: lowered) can only make today's grade
    look better than the plan's; both grades are always 0.0 to 1.0."""
    start, eased, target = sorted(three)
    kr = KeyResult("K", start=start, target=eased, current=current, direction="up")
    now, then = grades(planned(kr, frozen={1: FrozenKr(start, target)}))
    assert 0.0 <= then <= now <= 1.0
    same = KeyResult("K", start=start, target=target, current=current, direction="up")
    assert grades(planned(same, frozen={1: FrozenKr(start, target)}))[1] == grades(planned(same))[0]


@pytest.mark.parametrize("change, words", [
    (PlanChange("1.1", "target", 150000.0, 120000.0, "Mei", "2026-11-02T10:00:00"),
     "target lowered 150000 → 120000 on 2026-11-02 by Mei"),
    (PlanChange("1.1", "start", 1.0, 2.5, "", "2026-11-02T10:00:00"), "start raised 1 → 2.5 on 2026-11-02"),
    (PlanChange("1.1", "due", "2026-12-31", None, "Bo", "2026-11-02T10:00:00"),
     "due moved 2026-12-31 → none on 2026-11-02 by Bo"),
    (PlanChange("1.1", "type", "reach", "above", "Bo", "2026-11-02T10:00:00"),
     "type changed reach → above on 2026-11-02 by Bo"),
    (PlanChange("1.4", "key result", None, "Churn", "Bo", "2026-11-02T10:00:00"), "key result added on 2026-11-02 by Bo"),
    (PlanChange("1.4", "key result", "Churn", None, "", "2026-11-02T10:00:00"), "key result removed on 2026-11-02"),
])
def test_a_change_in_words(change, words):
    assert change_words(change) == words


# -- the store: freezing, recording, undo -------------------------------------------------------------
def add_objective(store: Store, period: str = PERIOD.key, status: str = "active", target: float = 150) -> int:
    with store.transaction() as repo:
        return repo.save_objective(Objective("Grow", period, status=status, key_results=[
            KeyResult("Revenue", start=0, target=target), KeyResult("Accounts", start=0, target=12)]))


def edit_target(store: Store, objective_id: int, target: float) -> None:
    with store.transaction() as repo:
        objective = repo.objective(objective_id)
        objective.key_results[0].target = target
        repo.save_objective(objective)


def doc(store: Store, objective_id: int = 1) -> dict:
    return json.loads(Path(store.path).read_text())["objectives"][str(objective_id)]


def test_a_started_period_freezes_with_its_first_active_objective_and_records_each_change_after(tmp_path):
    store = Store(str(tmp_path / "s.json"), author=lambda: "Mei")
    add_objective(store, status="draft")
    edit_target(store, 1, 140)
    assert "plan" not in doc(store)  # a draft plan is still being made
    with store.transaction() as repo:
        objective = repo.objective(1)
        objective.status = "active"
        repo.save_objective(objective)
    assert doc(store)["plan"] == {"day": TODAY.isoformat(), "key_results": {
        "1": {"start": 0.0, "target": 140.0, "type": "reach", "weight": 1.0, "due": None},
        "2": {"start": 0.0, "target": 12.0, "type": "reach", "weight": 1.0, "due": None}}}
    assert "changes" not in doc(store)
    edit_target(store, 1, 120)
    [change] = doc(store)["changes"]
    assert {k: v for k, v in change.items() if k != "at"} == {"record": "1.1", "field": "target", "from": 140.0,
                                                               "to": 120.0, "by": "Mei"}
    assert abs(datetime.fromisoformat(change["at"]) - datetime.now()) < timedelta(minutes=5)
    assert store.read().objective(1).changes[0].before == 140.0


def test_a_period_not_started_does_not_freeze_by_itself(tmp_path):
    store = Store(str(tmp_path / "s.json"))
    add_objective(store, period=NEXT.key)
    edit_target(store, 1, 99)
    assert "plan" not in doc(store) and "changes" not in doc(store)


def test_undo_takes_the_record_with_the_change_and_records_nothing_itself(tmp_path):
    store = Store(str(tmp_path / "s.json"), author=lambda: "Mei")
    add_objective(store)
    edit_target(store, 1, 120)
    assert len(doc(store)["changes"]) == 1
    step(store, backwards=True)
    assert "changes" not in doc(store) and doc(store)["key_results"][0]["target"] == 150
    step(store, backwards=False)  # redo brings back the change and its one record, not a second
    assert len(doc(store)["changes"]) == 1 and doc(store)["key_results"][0]["target"] == 120


def test_key_results_added_and_removed_after_the_freeze_and_a_carry_into_a_frozen_period(tmp_path):
    store = Store(str(tmp_path / "s.json"), author=lambda: "Bo")
    add_objective(store)
    with store.transaction() as repo:
        objective = repo.objective(1)
        objective.key_results = [objective.key_results[0], KeyResult("Churn", start=3, target=2)]
        repo.save_objective(objective)
    changes = [(c["record"], c["field"], c["from"], c["to"]) for c in doc(store)["changes"]]
    assert changes == [("1.2", "key result", "Accounts", None), ("1.3", "key result", None, "Churn")]
    later = Store(str(tmp_path / "later.json"), author=lambda: "Bo")
    previous = PERIOD.shifted(-1)
    with later.transaction() as repo:
        old = repo.save_objective(Objective("Old", previous.key, status="active",
                                            key_results=[KeyResult("Carried", start=0, target=5)]))
        repo.save_objective(Objective("Now", PERIOD.key, status="active", key_results=[KeyResult("N", target=3)]))
    with later.transaction() as repo:  # the earlier period ended unfrozen; the current one froze above
        repo.carry_objective(old, PERIOD.key)
    carried = doc(later, 3)
    assert carried["plan"]["key_results"] == {} and [c["field"] for c in carried["changes"]] == ["key result"]


@pytest.mark.parametrize("field, value, problem", [
    ("plan", {"day": "soon", "key_results": {}}, "plan.day"),
    ("plan", {"day": "2026-10-01", "key_results": {"x": {}}}, "key result's number"),
    ("plan", {"day": "2026-10-01", "key_results": {"1": {"weight": 0}}}, "more than 0"),
    ("plan", {"day": "2026-10-01", "key_results": {"1": {"target": 1e300}}}, "finite number"),
    ("changes", [{"record": "1.1", "field": "target", "from": 1, "to": 2, "at": "yesterday"}], "changes[0].at"),
    ("changes", [{"record": "<b>", "field": "target", "at": "2026-10-01T09:00:00"}], "changes[0].record"),
    ("changes", [{"record": "1.1", "field": "colour", "at": "2026-10-01T09:00:00"}], "changes[0].field"),
    ("changes", [{"record": "1.1", "field": "target", "to": [1], "at": "2026-10-01T09:00:00"}], "changes[0].to"),
    ("changes", "all of them", "must be a list"),
    ("changes", [{"record": "1.1", "field": "target", "from": float("nan"), "at": "2026-10-01T09:00:00"}], "changes[0].from: must be a finite"),
    ("changes", [{"record": "1.1", "field": "target", "to": float("inf"), "at": "2026-10-01T09:00:00"}], "changes[0].to: must be a finite"),
    ("changes", [{"record": "1.1", "field": "target", "by": 7, "at": "2026-10-01T09:00:00"}], "changes[0].by"),
])
def test_hostile_plans_and_changes_are_refused_in_words(tmp_path, field, value, problem):
    path = tmp_path / "s.json"
    add_objective(Store(str(path)))
    data = json.loads(path.read_text())
    data["objectives"]["1"][field] = value
    path.write_text(json.dumps(data))
    with pytest.raises(StoreError, match=problem.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        Store(str(path)).read()


# -- the shell ------------------------------------------------------------------------------------------
def test_shell_walk_freeze_lower_a_target_and_see_it_in_changes_status_and_the_report(tmp_path, private_config):
    private_config.parent.mkdir(parents=True)
    private_config.write_text('[user]\nname = "Mei"\n')
    db = tmp_path / "okrtui.json"

    def cli(*args: str):
        return run_okrtui(db, *args)

    assert cli("objective", "add", "Grow revenue", "--period", NEXT.key).code == 0
    assert cli("kr", "add", "1", "Close new sales", "--start", "0", "--target", "150000").code == 0
    not_yet = cli("changes", "--period", NEXT.key)
    assert not_yet.code == 0 and "not frozen yet" in not_yet.out
    frozen = cli("plan", "freeze", "--period", NEXT.key)
    assert frozen.code == 0 and f"the plan of {NEXT.key} is frozen" in frozen.out
    assert "froze on" in cli("plan", "freeze", "--period", NEXT.key).out  # again: says since when
    assert cli("kr", "edit", "1.1", "--target", "120000").code == 0
    [change] = json.loads(cli("changes", "--period", NEXT.key, "--json").out)
    assert {k: change[k] for k in ("record", "field", "from", "to", "by")} == {
        "record": "1.1", "field": "target", "from": 150000, "to": 120000, "by": "Mei"}
    listed = cli("changes", "--period", NEXT.key).out
    assert "1.1 Close new sales: target lowered 150000 → 120000 on " in listed and "by Mei" in listed
    status = json.loads(cli("status", "--period", NEXT.key, "--json").out)["objectives"][0]
    assert status["plan"]["frozen"] == TODAY.isoformat()
    assert status["key_results"][0]["frozen"]["target"] == 150000 and status["key_results"][0]["changes"] == [change]
    report = cli("export", "--format", "md", "--period", NEXT.key).out
    assert "# Plan changes" in report and "- 1.1 Close new sales: target lowered 150000 → 120000" in report
    assert cli("undo").code == 0  # the change goes, and its record with it
    assert json.loads(cli("changes", "--period", NEXT.key, "--json").out) == []


def test_lowering_a_stay_key_results_hold_after_the_freeze_is_a_change_and_grades_against_the_frozen_hold(tmp_path):
    db = tmp_path / "okrtui.json"

    def cli(*args: str):
        return run_okrtui(db, *args)

    assert cli("objective", "add", "Keep the service up", "--period", NEXT.key).code == 0
    assert cli("kr", "add", "1", "Availability", "--type", "above", "--target", "99.9", "--hold", "0.95").code == 0
    assert cli("plan", "freeze", "--period", NEXT.key).code == 0
    assert cli("kr", "edit", "1.1", "--hold", "0.8").code == 0  # the budget quietly widened
    [change] = json.loads(cli("changes", "--period", NEXT.key, "--json").out)
    assert {k: change[k] for k in ("record", "field", "from", "to")} == {"record": "1.1", "field": "hold", "from": 0.95, "to": 0.8}
    assert "1.1 Availability: hold lowered 0.95 → 0.8 on " in cli("changes", "--period", NEXT.key).out
    frozen = json.loads(cli("status", "--period", NEXT.key, "--json").out)["objectives"][0]["key_results"][0]["frozen"]
    assert frozen["hold"] == 0.95


def test_a_plan_frozen_before_hold_was_kept_reads_every_hold_as_1():
    from okrtui.store.planlog import plan_from_doc

    plan = plan_from_doc({"day": "2026-10-01", "key_results": {"1": {"start": 0, "target": 5, "type": "above",
                                                                      "weight": 1, "due": None}}})
    assert plan.key_results[1].hold == 1.0


def test_plan_freeze_of_an_empty_period_is_refused_and_changes_of_a_store_without_any_is_empty(tmp_path):
    db = tmp_path / "okrtui.json"
    refused = run_okrtui(db, "plan", "freeze", "--period", NEXT.key)
    assert refused.code == 2 and "no objectives" in refused.err and not db.exists()
    assert json.loads(run_okrtui(db, "changes", "--json").out) == []


def test_a_start_that_a_followed_kpi_gives_is_no_change_anyone_made(tmp_path, private_config):
    """A reach key result that follows a KPI starts where the KPI stood when the period began; a
    value logged or corrected before the period moves that start, and the next unrelated write
    must not record it as a plan change by whoever made that write (the demo did: a check-in on
    2.1 recorded "2.2 start lowered 240 → 235.8" by the one checking in)."""
    private_config.parent.mkdir(parents=True)
    private_config.write_text('[user]\nname = "Mei"\n')
    db = tmp_path / "okrtui.json"
    before = (PERIOD.start - timedelta(days=10)).isoformat()

    def cli(*args: str):
        result = run_okrtui(db, *args)
        assert result.code == 0, result.err
        return result

    cli("kpi", "add", "Tickets", "--unit", "tickets", "--direction", "down", "--cadence", "daily",
        "--target", "300", "--warn", "400", "--crit", "500")
    cli("log", "Tickets", "450", "--date", before)
    cli("log", "Tickets", "420", "--date", TODAY.isoformat())
    cli("objective", "add", "Calmer support", "--period", PERIOD.key)
    cli("kr", "add", "1", "Tickets to 300", "--target", "300", "--kpi", "Tickets")
    cli("kr", "add", "1", "Answer within a day", "--start", "0", "--target", "100")
    cli("objective", "activate", "1")
    cli("plan", "freeze", "--period", PERIOD.key)
    cli("log", "Tickets", "460", "--date", before)  # a correction before the period: the start moves
    cli("kr", "edit", "1.2", "--target", "90")  # the one change made to the plan
    changes = json.loads(cli("changes", "--period", PERIOD.key, "--json").out)
    assert [(c["record"], c["field"], c["from"], c["to"]) for c in changes] == [("1.2", "target", 100, 90)]
    # ...and the grade against the frozen plan measures 1.1 from the same start as today's: no
    # unrecorded difference between the two grades
    objective = json.loads(cli("status", "--period", PERIOD.key, "--json").out)["objectives"][0]
    assert objective["key_results"][0]["start"] == 460 and objective["key_results"][0]["frozen"]["start"] == 450
    progress_now = objective["key_results"][0]["progress"]
    frozen = frozen_objective(Store(str(db)).read().objectives()[0])
    assert frozen.key_results[0].start == 460 and kr_progress(frozen.key_results[0]) == progress_now


def test_a_guard_gone_critical_caps_the_grade_both_ways():
    kr = KeyResult("A", start=0, target=10, current=10, guard=2)
    kr.guard_critical = "2026-10-05"  # what a read adds: the guard KPI's first critical day in the period
    objective = planned(kr, frozen={1: FrozenKr(0, 12)})
    assert grades(objective) == (0.7, 0.7)  # 1.0 and 0.8, each capped at the default 0.7
    assert grades(objective, cap=0.5) == (0.5, 0.5)
    kr.guard_critical = None
    assert grades(objective) == (1.0, 0.8)


def test_hostile_names_and_thousands_of_changes_are_shown_safely(tmp_path):
    db = tmp_path / "okrtui.json"
    add_objective(Store(str(db)))
    data = json.loads(db.read_text())
    hostile = "[bold red]Mallory\x1b[2J\u202e"
    data["objectives"]["1"]["changes"] = [{"record": "1.1", "field": "target", "from": 150, "to": 150 - n % 7,
                                           "by": hostile, "at": f"2026-11-{1 + n % 28:02d}T09:00:00"}
                                          for n in range(5000)]
    db.write_text(json.dumps(data))
    listed = run_okrtui(db, "changes")
    assert listed.code == 0 and "\x1b" not in listed.out and "\u202e" not in listed.out
    assert len(listed.out.splitlines()) == 5001
    as_json = run_okrtui(db, "changes", "--json")
    assert as_json.code == 0 and "\x1b" not in as_json.out and len(json.loads(as_json.out)) == 5000


# -- the record replays: the frozen plan plus every change is the plan of today ------------------------
KR_EDIT = st.one_of(
    st.tuples(st.sampled_from(["start", "target", "weight"]), st.integers(0, 4), st.integers(1, 9).map(float)),
    st.tuples(st.just("type"), st.integers(0, 4), st.sampled_from(["reach", "above", "below"])),
    st.tuples(st.just("due"), st.integers(0, 4), st.sampled_from([None, "2026-12-01", "2026-12-31"])),
    st.tuples(st.just("add"), st.integers(0, 4), st.just(None)),
    st.tuples(st.just("remove"), st.integers(0, 4), st.just(None)),
)


@given(st.lists(st.lists(KR_EDIT, min_size=1, max_size=3), max_size=8))
def test_the_frozen_plan_and_its_changes_replay_to_the_plan_of_today(writes):
    """Whatever a run of writes does to the key results after the freeze, replaying the recorded
    changes on the frozen plan gives what the key results hold: nothing slips by unrecorded."""
    import copy

    from okrtui.store.planlog import DEFAULTS, record

    now = datetime(2026, 11, 2, 10, 0)
    docs = {"1": {"title": "Grow", "period": "2026-Q4", "status": "active",
                  "key_results": [{"n": 1, "title": "A", "target": 5.0}, {"n": 2, "title": "B"}]}}
    record({}, docs, lambda: "Mei", now)  # the first write freezes it
    plan = copy.deepcopy(docs["1"]["plan"]["key_results"])
    for edits in writes:
        before = copy.deepcopy(docs)
        krs = docs["1"]["key_results"]
        for field, index, value in edits:
            if field == "add":
                krs.append({"n": max((k["n"] for k in krs), default=0) + 1 + index, "title": "new"})
            elif field == "remove" and krs:
                krs.pop(index % len(krs))
            elif krs and field not in ("add", "remove"):
                krs[index % len(krs)][field] = value
        now += timedelta(minutes=1)
        record(before, docs, lambda: "Mei", now)
    replayed = {int(n): dict(fields) for n, fields in plan.items()}  # an added key result: from what it was added with
    for change in docs["1"].get("changes", []):
        n = int(change["record"].split(".")[1])
        if change["field"] == "key result":
            if change["to"] is None:
                del replayed[n]
            else:
                replayed[n] = {}
        else:
            assert replayed[n].get(change["field"], change["from"]) == change["from"] and change["by"] == "Mei"
            replayed[n][change["field"]] = change["to"]
    today = {kr["n"]: {f: kr.get(f, DEFAULTS[f]) for f in DEFAULTS} for kr in docs["1"]["key_results"]}
    assert set(replayed) == set(today)
    assert all(today[n][field] == value for n, fields in replayed.items() for field, value in fields.items())
