"""Honest targets from the shell: --hold and --guard on key results and KPIs, what status --json
carries, `okrtui check` on a budget that runs out, and a guard gone critical capping the grade."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from okrtui.store.errors import SchemaProblem
from okrtui.store.schema import check_kpi, check_objective

TODAY = date.today()


def day(back: int) -> str:
    return (TODAY - timedelta(days=back)).isoformat()


def files(db: Path) -> dict[str, bytes]:
    """Every file of the store (the store, its values files, journals): to see that nothing changed."""
    return {str(p): p.read_bytes() for p in sorted(db.parent.rglob("*")) if p.is_file()}


@pytest.fixture
def planned(cli, db):
    assert cli("kpi", "add", "Uptime", "--unit", "%", "--warn", "99.5", "--crit", "99").code == 0
    assert cli("kpi", "add", "Satisfaction", "--warn", "4", "--crit", "3.5").code == 0
    assert cli("objective", "add", "Reliable service").code == 0
    assert cli("objective", "activate", "1").code == 0 or True
    return db


def key_result(cli, kr_id: str = "1.1") -> dict:
    status = json.loads(cli("status", "--json").out)
    return next(kr for o in status["objectives"] for kr in o["key_results"] if kr["id"] == kr_id)


def test_hold_and_guard_are_stored_only_when_set(cli, planned):
    assert cli("kr", "add", "1", "Uptime holds", "--kpi", "Uptime", "--type", "above", "--target", "99.5").code == 0
    doc = json.loads(planned.read_text())["objectives"]["1"]["key_results"][0]
    assert "hold" not in doc and "guard" not in doc  # a store without them reads and writes as before
    assert key_result(cli)["hold"] == 1.0 and key_result(cli)["guard"] is None
    r = cli("kr", "edit", "1.1", "--hold", "0.95", "--guard", "satis")
    assert r.code == 0, r.err
    doc = json.loads(planned.read_text())["objectives"]["1"]["key_results"][0]
    assert doc["hold"] == 0.95 and doc["guard"] == 2
    kr = key_result(cli)
    assert kr["hold"] == 0.95 and kr["guard"] == {"kpi": 2, "name": "Satisfaction", "breached": False, "since": None}
    assert set(kr["budget"]) == {"allowed", "used", "left", "burn_7d", "burn_1d", "runs_out"}
    assert cli("kr", "edit", "1.1", "--hold", "none", "--guard", "none").code == 0
    doc = json.loads(planned.read_text())["objectives"]["1"]["key_results"][0]
    assert "hold" not in doc and "guard" not in doc


@pytest.mark.parametrize("args, message", [
    (("--hold", "0"), "more than 0 and at most 1"),
    (("--hold", "1.5"), "more than 0 and at most 1"),
    (("--hold", "nan"), "finite"),
    (("--hold", "inf"), "finite"),
    (("--hold", "abc"), "must be a number"),
    (("--hold", ""), "value is empty"),
    (("--guard", "nothing like it"), "no KPI matches"),
    (("--guard", "Uptime"), "is the KPI this key result follows"),
])
def test_bad_holds_and_guards_are_refused_in_words_and_nothing_changes(cli, planned, args, message):
    assert cli("kr", "add", "1", "Uptime holds", "--kpi", "Uptime", "--type", "above", "--target", "99.5").code == 0
    before = files(planned)
    for command in (("kr", "edit", "1.1"), ("kr", "add", "1", "Another", "--kpi", "Uptime", "--type", "above", "--target", "99")):
        r = cli(*command, *args)
        assert r.code == 2 and message in r.err and "Traceback" not in r.err, r.err
    assert files(planned) == before


def test_a_hold_is_for_a_stay_above_or_below_key_result(cli, planned):
    before = files(planned)
    r = cli("kr", "add", "1", "Ship it", "--target", "1", "--hold", "0.9")
    assert r.code == 2 and "--hold is for a key result that stays above or below" in r.err
    assert files(planned) == before


def test_a_key_result_turned_to_reach_keeps_no_hold_and_none_clears_one_whatever_the_type(cli, planned):
    assert cli("kr", "add", "1", "Uptime holds", "--kpi", "Uptime", "--type", "above", "--target", "99.5",
               "--hold", "0.9").code == 0
    assert cli("kr", "edit", "1.1", "--type", "reach", "--target", "99.9").code == 0
    assert key_result(cli)["hold"] == 1.0  # no stale 0.9 to come back if it stays above again
    assert cli("kr", "edit", "1.1", "--type", "above", "--target", "99.5").code == 0
    assert key_result(cli)["hold"] == 1.0
    assert cli("kr", "edit", "1.1", "--hold", "none").code == 0  # already 1: nothing to change, never refused


def test_a_kpi_hold_is_stored_only_when_set_and_none_clears_it(cli, planned):
    kpi_doc = lambda: json.loads(planned.read_text())["kpis"]["2"]  # noqa: E731
    assert "hold" not in kpi_doc()
    assert cli("kpi", "edit", "Satisfaction", "--hold", "0.9").code == 0 and kpi_doc()["hold"] == 0.9
    for bad in ("0", "2", "nan", "x"):
        before = files(planned)
        r = cli("kpi", "edit", "Satisfaction", "--hold", bad)
        assert r.code == 2 and "Traceback" not in r.err and files(planned) == before
    assert cli("kpi", "edit", "Satisfaction", "--hold", "none").code == 0 and "hold" not in kpi_doc()
    assert cli("kpi", "add", "Errors", "--direction", "down", "--warn", "5", "--hold", "0.95").code == 0


@pytest.mark.parametrize("hold", [0, -1, 1.5, "0.9", True, None])
def test_the_schema_refuses_a_stored_hold_that_is_not_a_share(hold):
    kr = {"n": 1, "title": "Holds", "type": "above", "hold": hold}
    with pytest.raises(SchemaProblem, match="hold"):
        check_objective("1", {"title": "O", "period": "2026-Q4", "key_results": [kr]})
    if hold is not None:
        with pytest.raises(SchemaProblem, match="hold"):
            check_kpi("1", {"name": "K", "hold": hold, "uid": "0123456789ab"})


def test_the_schema_refuses_a_guard_that_is_not_a_kpi_id():
    kr = {"n": 1, "title": "Holds", "guard": "Satisfaction"}
    with pytest.raises(SchemaProblem, match="guard"):
        check_objective("1", {"title": "O", "period": "2026-Q4", "key_results": [kr]})


def log_days(cli, kpi: str, values: list[float]) -> None:
    """values[-1] today, values[-2] yesterday... (one import: a subprocess per value is slow)"""
    rows = "".join(f"{kpi},{day(back)},{value}\n" for back, value in enumerate(reversed(values)))
    r = cli("import", "-", stdin="kpi,date,value\n" + rows)
    assert r.code == 0, r.err


def test_shell_walk_a_stay_above_key_result_burning_its_budget_makes_check_exit_1(cli, planned):
    assert cli("kr", "add", "1", "Uptime holds", "--kpi", "Uptime", "--type", "above", "--target", "99.5",
               "--hold", "0.9").code == 0
    assert cli("objective", "activate", "1").code in (0, 2)
    log_days(cli, "Uptime", [99.9] * 3)
    assert "budget runs out" not in cli("check").out  # nothing missed: the budget is whole
    log_days(cli, "Uptime", [99.9] * 3 + [99.0] * 12)  # the last 12 days below the level
    r = cli("check")
    assert r.code == 1 and "budget spent: 1.1 Uptime holds:" in r.out and "burn 7d 10.0x" in r.out
    assert all(len(line) <= 80 for line in r.out.splitlines())
    budget = key_result(cli)["budget"]
    assert budget["runs_out"] is True and budget["burn_7d"] == 10.0 and budget["left"] == budget["allowed"] - budget["used"]


def test_a_key_result_without_a_budget_is_not_flagged_by_check(cli, planned):
    assert cli("kr", "add", "1", "Uptime holds", "--kpi", "Uptime", "--type", "above", "--target", "99.5").code == 0
    log_days(cli, "Uptime", [99.0] * 3)
    assert "budget runs out" not in cli("check").out  # hold 1: its misses show in its progress
    kr = key_result(cli)
    assert kr["budget"]["allowed"] == 0 and kr["budget"]["burn_7d"] is None and kr["progress"] == 0.0


def test_a_kpi_with_a_hold_burning_its_budget_makes_check_exit_1(cli, planned):
    assert cli("kpi", "edit", "Satisfaction", "--hold", "0.95").code == 0
    log_days(cli, "Satisfaction", [4.5] * 3 + [3.9] * 6)
    r = cli("check")
    assert r.code == 1 and "budget spent: Satisfaction: 6 misses, 4 allowed" in r.out  # more than 5% of a quarter's days
    kpi = next(k for k in json.loads(cli("status", "--json").out)["kpis"] if k["name"] == "Satisfaction")
    assert kpi["hold"] == 0.95 and kpi["budget"]["used"] == 6 and kpi["budget"]["runs_out"] is True
    assert next(k for k in json.loads(cli("kpi", "list", "--json").out) if k["name"] == "Satisfaction")["budget"] == kpi["budget"]


@pytest.mark.parametrize("config, grade, warned", [("", "0.7", False), ("[grading]\nguard_cap = 0.5\n", "0.5", False),
                                                    ("[grading]\nguard_cap = 2\n", "0.7", True)])
def test_shell_walk_a_guard_going_critical_caps_the_suggested_grade(cli, planned, private_config, config, grade, warned):
    private_config.parent.mkdir(parents=True, exist_ok=True)
    private_config.write_text(config)
    assert cli("kr", "add", "1", "Answer in an hour", "--start", "4", "--target", "1", "--guard", "Satisfaction").code == 0
    assert cli("objective", "activate", "1").code in (0, 2)
    assert cli("checkin", "1.1", "1").code == 0  # reached: the suggested grade would be 1.0
    log_days(cli, "Satisfaction", [4.5, 3.2, 4.1])  # critical the day before yesterday
    guard = key_result(cli)["guard"]
    assert guard == {"kpi": 2, "name": "Satisfaction", "breached": True, "since": day(1)}
    r = cli("close", "1", "--status", "achieved")
    assert r.code == 0 and f"grade {grade}" in r.out, r.out
    assert ("guard_cap must be a number from 0.0 to 1.0" in r.err) == warned


def test_a_deleted_guard_kpi_leaves_the_key_result_unguarded(cli, planned):
    assert cli("kr", "add", "1", "Answer in an hour", "--start", "4", "--target", "1", "--guard", "Satisfaction").code == 0
    assert cli("kpi", "rm", "Satisfaction", "--yes").code == 0
    assert key_result(cli)["guard"] is None and cli("status").code == 0
