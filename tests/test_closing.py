"""Closing a quarter from the shell: grades, statuses, carrying over from closing values,
KPIs that keep a level reached. Real stores; the shell in a subprocess for the walk."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import call_main, run_okrtui
from okrtui.domain.closing import ClosingError, carried_over, close, kpi_from_key_result
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.summary import summarize
from okrtui.store import Store


def objective(**fields) -> Objective:
    base = dict(title="Grow", period="2026-Q3", status="active", id=1,
                key_results=[KeyResult("Revenue", start=0, target=100, current=120, id="1.1"),
                             KeyResult("Churn", start=10, target=5, current=8, id="1.2"),
                             KeyResult("Accounts", start=0, target=12, current=3, id="1.3")])
    base.update(fields)
    return Objective(**base)


def test_close_takes_the_suggested_grade_unless_one_is_given():
    closed = close(objective(), "missed")
    # revenue capped at 1.0, churn 0.4, accounts 0.25: mean 0.55, cut to 0.5
    assert (closed.status, closed.review.grade) == ("missed", 0.5)
    assert close(objective(), "achieved", 0.9, "good").review.note == "good"
    with pytest.raises(ClosingError):
        close(objective(), "achieved", 1.5)
    with pytest.raises(ClosingError):
        close(objective(), "carried")


def test_carried_over_starts_from_closing_values_without_check_ins():
    old = objective()
    old.key_results[0].checkins = [CheckIn("2026-09-01T09:00:00", 120)]
    new = carried_over(old, "2026-Q4", drop={"1.3"}, targets={"1.2": 3})
    assert [(kr.title, kr.start, kr.target, kr.checkins) for kr in new.key_results] == [
        ("Revenue", 120, 100, []), ("Churn", 8, 3, [])]
    assert not new.key_results[0].lower_is_better  # past its target: the aim stays "up"
    assert new.key_results[1].lower_is_better
    assert (new.period, new.carried_from, new.status) == ("2026-Q4", 1, "active")
    with pytest.raises(ClosingError, match="no key result 9.9"):
        carried_over(old, "2026-Q4", {"9.9"}, {})


def test_kpi_from_a_key_result_keeps_the_level_reached():
    kpi = kpi_from_key_result(KeyResult("Cut downtime from 25 to 20 h", start=25, target=20, current=18, unit="h"))
    # named after what it measures; levels rounded as the key result's numbers are written
    assert (kpi.name, kpi.direction, kpi.unit, kpi.target, kpi.warn, kpi.crit) == ("Downtime", "down", "h", 18, 20, 22)
    assert kpi.series.values == []
    precise = kpi_from_key_result(KeyResult("Uptime", start=99.5, target=99.9, current=99.95, unit="%"), day="2026-12-31")
    assert (precise.warn, precise.crit, precise.series.dates, precise.series.values) == (
        99.84, 99.72, ["2026-12-31"], [99.95])  # and the level reached is its first value


def test_a_key_result_that_follows_a_kpi_is_not_kept_as_another_kpi():
    from okrtui.domain.closing import keep_refusal

    assert "follows a KPI already" in keep_refusal(KeyResult("Uptime", kpi=3, id="1.2"))
    assert keep_refusal(KeyResult("Uptime", id="1.2")) is None


def test_pace_after_the_period_ends_says_ended():
    summary = summarize(objective(), date(2026, 11, 1))
    assert summary.pace == "ended" and summary.suggested_grade == 0.5


def test_closing_and_carrying_a_quarter_through_the_shell(db):
    from okrtui.demo import build_demo

    with Store(str(db)).transaction() as repo:
        build_demo(repo, date.today())
    closed = run_okrtui(db, "close", "1", "--status", "achieved", "--grade", "0.9", "--note", "pipeline paid off")
    assert closed.code == 0 and "grade 0.9 (green, fell short for committed)" in closed.out
    assert run_okrtui(db, "close", "提高", "--status", "missed").code == 0
    carried = run_okrtui(db, "carry", "2", "--drop", "2.3", "--target", "2.1=70")
    assert carried.code == 0
    new_id = int(carried.out.strip())
    repo = Store(str(db)).read()
    old, new = repo.objective(2), repo.objective(new_id)
    assert (old.status, old.carried_into, old.review.grade is not None) == ("missed", new_id, True)
    assert (new.carried_from, new.status) == (2, "active")
    closing = {kr.title: kr.value for kr in old.key_results}
    nps, response = closing["Lift NPS from 55 to 66"], closing["Cut average response time from 240 to 120 min"]
    assert [(kr.title, kr.start, kr.target) for kr in new.key_results] == [  # a title follows its own numbers
        (f"Lift NPS from {nps:g} to 70", nps, 70),
        # follows a KPI, whose value at the period's start (not 240) was its start: no number of its own changed
        ("Cut average response time from 240 to 120 min", response, 120),
        # a level to stay above: carried with its hold (the demo's honest-targets story)
        ("Call completion at or above 85% on half the days", closing["Call completion at or above 85% on half the days"], 85)]
    assert (new.key_results[1].guard, new.key_results[2].hold) == (old.key_results[1].guard, 0.5)
    assert new.key_results[1].kpi == old.key_results[1].kpi  # still follows its KPI
    stored = json.loads(db.read_text())["objectives"][str(new_id)]
    assert all(kr["checkins"] == [] for kr in stored["key_results"])  # check-ins never copied
    assert run_okrtui(db, "carry", "2").code == 2  # once only
    status = run_okrtui(db, "status", "--json")
    assert json.loads(status.out)["objectives"][0]["status"] == "achieved"
    text = run_okrtui(db, "status").out
    assert "achieved 0.9" in text and all(len(line) <= 80 for line in text.splitlines())
    kpi = run_okrtui(db, "kpi", "add", "--from-kr", "3.1")
    assert kpi.code == 0 and "CVs from potential partners" in kpi.out
    kept = json.loads(run_okrtui(db, "kpi", "list", "--json").out)[-1]
    assert kept["latest"]["value"] == 450 and kept["health"] != "no data"  # the level reached is its first value
    following = run_okrtui(db, "kpi", "add", "--from-kr", "2.2")
    assert following.code == 1 and "follows a KPI already" in following.err


@pytest.mark.parametrize("args, words", [
    (("carry", "1", "--target", "1.1"), "KR=VALUE"),
    (("carry", "1", "--target", "1.1=lots"), "must be a number"),
    (("carry", "1", "--to", "2020-Q1"), "later period"),
    (("carry", "1", "--drop", "1.1", "--target", "1.1=5"), "both dropped"),
    (("close", "1", "--status", "achieved", "--grade", "1.2"), "from 0.0 to 1.0"),
    (("close", "99", "--status", "achieved"), "no objective with id 99"),
    (("kpi", "add", "--from-kr", "9.9"), "no key result matches"),
    (("kpi", "add"), "needs a name"),
])
def test_closing_refuses_bad_input_and_changes_nothing(db, args, words):
    call_main(db, "objective", "add", "Grow", "--period", "2026-Q3")
    call_main(db, "kr", "add", "1", "Revenue", "--target", "100")
    before = db.read_bytes()
    result = call_main(db, *args)
    assert result.code == 2 and words in result.err, result
    assert db.read_bytes() == before


@pytest.mark.parametrize("text, step, expected", [
    ("2026-01-01..2026-01-31", 1, "2026-02-01..2026-02-28"),
    ("2026-01-01..2026-02-28", 1, "2026-03-01..2026-04-30"),
    ("2026-12-01..2026-12-31", 1, "2027-01-01..2027-01-31"),
    ("2026-03-01..2026-03-31", -1, "2026-02-01..2026-02-28"),
    ("2026-01-15..2026-02-14", 1, "2026-02-15..2026-03-17"),  # not whole months: by its length
])
def test_whole_month_ranges_step_by_months(text, step, expected):
    from okrtui.domain.period import Period

    assert Period.parse(text).shifted(step).key == expected


def test_nearby_periods_with_objectives():
    from okrtui.domain.period import Period, nearby_with_objectives

    counts = {"2026-Q4": 4, "2027-Q3": 1, "2026-Q1": 2}
    assert nearby_with_objectives(Period.parse("2027-Q1"), counts) == [("2026-Q4", 4, -1), ("2027-Q3", 1, 2)]
    assert nearby_with_objectives(Period.parse("2026-Q4"), {"2026-Q4": 1}) == []


async def test_an_empty_period_says_where_the_plans_are(tmp_path):
    from tui_helpers import SIZE, make_app, make_demo, screen_text, wait_until

    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")
        await wait_until(pilot, lambda: "2027-Q2" in app.screen.sub_title)
        text = screen_text(app)
        assert "2026-Q4 has 4 objectives: press  [  2 times." in text


async def test_review_closes_a_quarter_by_keys(tmp_path):
    """Close one objective achieved and one missed, carry the missed one over, keep a key
    result's level as a KPI; then the store holds grades, statuses, links, start values."""
    from textual.widgets import OptionList

    from tui_helpers import SIZE, make_app, make_demo, screen_text, type_text, wait_until

    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        assert "4 objectives" in screen_text(app) and "key results:" in screen_text(app)
        listing = app.screen.query_one("#review-list", OptionList)
        assert listing.highlighted_option.id == "o:1"
        await pilot.press("enter")  # objective 1: achieved, 0.9, a note
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "close")
        await pilot.press("enter", "up", "enter")  # status: from the suggested "missed" to achieved
        await pilot.pause()
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "1.5")
        await pilot.press("ctrl+s")
        assert app.screen.SCREEN_NAME == "close" and "from 0.0 to 1.0" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "0.9")
        await pilot.press("tab")
        await type_text(pilot, "pipeline review paid off")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "pick")  # achieved: KPIs to keep the level
        assert "keep a level it reached as a KPI" in screen_text(app)
        await pilot.press("enter")  # 1.1
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await wait_until(pilot, lambda: "committed: expects 1.0; 0.9 fell short" in screen_text(app))
        assert "deserves a look at why" in screen_text(app)
        await pilot.press("i")  # one initiative becomes a draft of the next period
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "pick")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: any("Draft objective" in n.message for n in app._notifications))
        while listing.highlighted_option.id != "o:2":
            await pilot.press("j")
        await pilot.press("enter")  # objective 2: missed with the suggested grade
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "close")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("c")  # carry over: keep 2.1 with a new target, keep 2.2, drop 2.3
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "carry")
        await pilot.press("j", "j", "space", "k", "k", "t")
        await type_text(pilot, "lots")
        await pilot.press("enter")
        assert "must be a number" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "70")
        await pilot.press("enter")
        assert "✗ drop  2.3" in screen_text(app) and "to 70 (new)" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("continues as objective" in n.message for n in app._notifications))
    repo = Store(str(path)).read()
    first, second = repo.objective(1), repo.objective(2)
    assert (first.status, first.review.grade, first.review.note) == ("achieved", 0.9, "pipeline review paid off")
    assert second.status == "missed" and second.review.grade is not None and second.carried_into
    new = repo.objective(second.carried_into)
    assert new.carried_from == 2 and new.period == "2027-Q1"
    assert [(kr.title, kr.start, kr.target) for kr in new.key_results] == [  # "from 55 to 66" follows its numbers
        (f"Lift NPS from {kr.value:g} to 70" if kr.id == "2.1" else kr.title, kr.value,
         70 if kr.id == "2.1" else kr.target) for kr in second.key_results if kr.id != "2.3"]
    assert all(not kr.checkins for kr in new.key_results if kr.kpi is None)
    kept = next(k for k in repo.kpis() if k.name == "New sales")  # what "Close $150,000 of new sales" measures
    assert kept.target == first.key_results[0].value and kept.unit == "$"
    drafts = [o for o in repo.objectives() if o.seeded_from == 1]
    assert [(o.title, o.status, o.period) for o in drafts] == [("Partner referral programme", "draft", "2027-Q1")]


def test_initiatives_seed_drafts_of_the_next_period_and_reports_show_the_links(db):
    from okrtui.demo import build_demo

    with Store(str(db)).transaction() as repo:
        build_demo(repo, date.today())
    seeded = call_main(db, "seed", "1", "2")
    assert seeded.code == 0
    draft = Store(str(db)).read().objective(int(seeded.out))
    assert (draft.title, draft.status, draft.seeded_from) == ("Partner referral programme", "draft", 1)
    from okrtui.domain.period import Period

    assert draft.period == Period.parse(Store(str(db)).read().objective(1).period).shifted(1).key
    assert call_main(db, "seed", "1", "9").code == 2
    assert call_main(db, "seed", "1", "1", "--to", "2020-Q1").code == 2
    call_main(db, "close", "2", "--status", "missed")
    new_id = call_main(db, "carry", "2").out.strip()
    report = call_main(db, "export", "--format", "md").out
    assert f"↷ carried into objective {new_id}" in report and "↷ carried from objective 2" in report
    assert "↷ grew from objective 1" in report
    assert "fell short for aspirational" in report and "| Last 30 |" in report


async def test_review_turns_an_initiative_into_a_draft(tmp_path):
    from tui_helpers import SIZE, make_app, make_demo, wait_until

    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("i")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "pick")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: any("Draft objective" in n.message for n in app._notifications))
    drafts = [o for o in Store(str(path)).read().objectives() if o.seeded_from == 1]
    assert [(o.title, o.status, o.period) for o in drafts] == [("Partner referral programme", "draft", "2027-Q1")]


# -- from a code review ------------------------------------------------------------------------------
def test_check_ins_stored_on_a_following_key_result_survive_a_save(db):
    """Stores written before key results followed their KPI kept check-ins on them: a save keeps them."""
    call_main(db, "kpi", "add", "Uptime", "--template", "uptime", "--target", "99.9")
    call_main(db, "objective", "add", "Up")
    call_main(db, "kr", "add", "1", "Uptime", "--kpi", "uptime")
    data = json.loads(db.read_text())
    old = [{"at": "2026-10-08T09:30:00", "value": 99.1, "confidence": 7, "note": "before following"}]
    data["objectives"]["1"]["key_results"][0]["checkins"] = old
    db.write_text(json.dumps(data))
    assert call_main(db, "close", "1", "--status", "missed").code == 0
    assert json.loads(db.read_text())["objectives"]["1"]["key_results"][0]["checkins"] == old


@pytest.mark.parametrize("args", [("carry", "1"), ("seed", "1", "1")])
def test_carry_and_seed_at_the_end_of_the_calendar_say_so(db, args):
    call_main(db, "objective", "add", "Last", "--period", "9999-Q4")
    call_main(db, "kr", "add", "1", "K", "--target", "10")
    data = json.loads(db.read_text())
    data["objectives"]["1"]["initiatives"] = [{"title": "One more", "status": "todo"}]
    db.write_text(json.dumps(data))
    result = call_main(db, *args)
    assert result.code == 2 and "calendar ends" in result.err


def test_seed_refuses_an_initiative_title_that_cannot_be_an_objective(db):
    call_main(db, "objective", "add", "Grow", "--period", "2026-Q3")
    data = json.loads(db.read_text())
    data["objectives"]["1"]["initiatives"] = [{"title": "bad\u0007bell", "status": "todo"}]
    db.write_text(json.dumps(data))
    result = call_main(db, "seed", "1", "1")
    assert result.code == 1 and "cannot become an objective" in result.err


def test_an_empty_draft_can_be_dropped_and_carried(db):
    call_main(db, "objective", "add", "Empty", "--period", "2026-Q3")
    assert call_main(db, "close", "1", "--status", "dropped").code == 0
    call_main(db, "objective", "add", "Empty too", "--period", "2026-Q3")
    assert call_main(db, "carry", "2").code == 0


def test_a_new_target_on_the_other_side_sets_the_direction_anew():
    old = objective()
    new = carried_over(old, "2026-Q4", drop=set(), targets={"1.1": 110})
    assert new.key_results[0].start == 120 and new.key_results[0].lower_is_better  # 120 -> 110 is down now
    from okrtui.domain.progress import kr_progress

    assert kr_progress(new.key_results[0]) == 0.0


# -- undo ---------------------------------------------------------------------------------------------
def test_undo_restores_a_deleted_objective_exactly_and_redo_deletes_it_again(db):
    from okrtui.demo import build_demo

    with Store(str(db)).transaction() as repo:
        build_demo(repo, date.today())
    original = json.loads(db.read_text())["objectives"]["3"]
    with Store(str(db)).transaction() as repo:
        repo.delete_objective(3)
    undone = call_main(db, "undo")
    assert undone.code == 0 and "undid: deleted objective 3 'Select 25 new franchise candidates'" in undone.out
    assert json.loads(db.read_text())["objectives"]["3"] == original
    assert call_main(db, "redo").code == 0 and "3" not in json.loads(db.read_text())["objectives"]
    assert call_main(db, "undo").code == 0 and json.loads(db.read_text())["objectives"]["3"] == original


def test_undo_goes_back_step_by_step_through_log_check_in_and_close(db):
    call_main(db, "kpi", "add", "Web traffic")
    call_main(db, "objective", "add", "Grow", "--period", "2026-Q3")
    call_main(db, "kr", "add", "1", "Visits", "--target", "100")
    call_main(db, "log", "web", "5")
    call_main(db, "checkin", "1.1", "40")
    call_main(db, "close", "1", "--status", "missed")
    steps = [call_main(db, "undo").out for _ in range(3)]
    assert steps == ["undid: closed objective 1 as missed\n", "undid: checked in on objective 1 'Grow'\n",
                     f"undid: logged Web traffic = 5 on {date.today().isoformat()}\n"]
    repo = Store(str(db)).read()
    assert repo.objective(1).status == "draft" and not repo.objective(1).key_results[0].checkins
    assert repo.kpis()[0].series.values == []


def test_undo_refuses_when_someone_else_changed_the_same_record_since(db):
    call_main(db, "objective", "add", "Grow", "--period", "2026-Q3")
    call_main(db, "kr", "add", "1", "Visits", "--target", "100")
    data = json.loads(db.read_text())
    data["objectives"]["1"]["title"] = "Grow, edited by hand"  # a change okrtui did not make (a git pull, an editor)
    db.write_text(json.dumps(data))
    before = db.read_bytes()
    result = call_main(db, "undo")
    assert result.code == 1 and "changed since" in result.err and "Nothing was changed" in result.err
    assert db.read_bytes() == before
    assert call_main(db, "redo").code == 1  # nothing undone, nothing to redo


async def test_u_undoes_a_delete_in_the_tui(tmp_path):
    from tui_helpers import SIZE, make_app, make_demo, wait_until

    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        await pilot.press("y")
        await wait_until(pilot, lambda: Store(str(path)).read().objective(1) is None)
        await pilot.press("u")
        await wait_until(pilot, lambda: any("Undid: deleted objective 1" in n.message for n in app._notifications))
        assert Store(str(path)).read().objective(1) is not None


def test_a_huge_old_change_leaves_the_undo_history_once_it_is_long(db):
    from okrtui.store import journal

    call_main(db, "kpi", "add", "Web traffic")
    big = [{"table": "kpis", "id": "9", "before": None, "after": {"name": "x" * (journal.COMPACT_AT + 10), "uid": "0123456789ab"}}]
    journal.record(str(db), big, "a huge change")
    for day in ("2026-11-01", "2026-11-02"):
        call_main(db, "log", "web", "5", "--date", day)
    history = journal.load(str(db))["undo"]
    assert [e["what"] for e in history] == ["logged Web traffic = 5 on 2026-11-01", "logged Web traffic = 5 on 2026-11-02"]
    assert Path(str(db) + ".undo").stat().st_size < journal.COMPACT_AT // 2


def test_the_markdown_report_of_the_demo_matches_the_reviewed_golden_file(tmp_path):
    """A reviewed report of the demo store (date frozen): update the file only after reading the change."""
    from okrtui.domain.period import Period
    from okrtui.report_md import markdown_report
    from tui_helpers import FROZEN_TODAY, make_demo

    repo = Store(str(make_demo(tmp_path / "demo.json"))).read()
    period = Period.containing(FROZEN_TODAY)
    report = markdown_report(repo.objectives(period.key), repo.kpis(tail=None), period, FROZEN_TODAY) + "\n"
    golden = Path(__file__).with_name("golden") / "demo_report_2026-Q4.md"
    assert report == golden.read_text(encoding="utf-8")


async def test_w_on_the_review_screen_writes_the_report(tmp_path, monkeypatch):
    from tui_helpers import SIZE, make_app, make_demo, wait_until

    monkeypatch.chdir(tmp_path)
    app = make_app(make_demo(tmp_path / "demo.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("w")
        await wait_until(pilot, lambda: any("Report written to" in n.message for n in app._notifications))
    text = (tmp_path / "okrtui-report-2026-Q4.md").read_text(encoding="utf-8")
    assert text.startswith("# OKRs 2026-Q4") and "| KPI | Last 30 |" in text


async def test_the_filter_can_search_every_period(tmp_path):
    from textual.widgets import OptionList

    from tui_helpers import SIZE, make_app, make_demo, option_texts, type_text, wait_until

    app = make_app(make_demo(tmp_path / "demo.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "production")  # the 2026-Q3 objective, not in this period
        listing = app.screen.query_one("#objectives", OptionList)
        await pilot.pause()
        assert not any("efficiency" in row for row in option_texts(listing))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: any("[2026-Q3] Raise production" in row
                                            for row in option_texts(listing)))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: not any("efficiency" in row for row in option_texts(listing)))


def test_report_since_lists_what_moved_biggest_first(db):
    from okrtui.demo import build_demo

    with Store(str(db)).transaction() as repo:
        build_demo(repo, date.today())
    call_main(db, "close", "1", "--status", "achieved", "--grade", "0.9")
    result = call_main(db, "report")
    lines = result.out.splitlines()
    assert result.code == 0 and lines[0].startswith("since ") and "■ closed" in lines[1]
    assert any("(ok → warning)" in line for line in lines) and all(len(line) <= 80 for line in lines)
    assert "$82500" in result.out or "$70285" in result.out  # currency before the number
    moves = json.loads(call_main(db, "report", "--since", "2w", "--json").out)["moves"]
    sizes = [m["size"] for m in moves]
    assert sizes == sorted(sizes, reverse=True) and {m["kind"] for m in moves} == {"closed", "kpi", "check-in"}
    assert call_main(db, "report", "--since", "2999-01-01").out.startswith("nothing moved")


@pytest.mark.parametrize("since", ["last week", "7x", "-3d", "99999d", "٣d"])
def test_report_since_refuses_what_it_cannot_read(db, since):
    call_main(db, "kpi", "add", "Web traffic")
    result = call_main(db, "report", "--since", since)
    assert result.code == 2 and "--since" in result.err


async def test_m_keeps_a_key_results_level_as_a_kpi_from_the_review(tmp_path):
    from tui_helpers import SIZE, make_app, make_demo, wait_until

    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("m")  # on an objective: says to pick a key result
        await wait_until(pilot, lambda: any("Highlight a key result" in n.message for n in app._notifications))
        await pilot.press("j", "j", "m")  # 1.2 Sign 12 new-business accounts
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
    kpi = next(k for k in Store(str(path)).read().kpis() if k.name == "New-business accounts")
    assert (kpi.unit, kpi.direction, kpi.target) == ("accounts", "up", 6)


# -- closed is closed (issue 15) -----------------------------------------------------------------
def _closed_objective(db) -> None:
    for args in (("objective", "add", "Grow", "--period", "2026-Q4"), ("kr", "add", "1", "Deals", "--start", "0",
                 "--target", "10"), ("objective", "activate", "1"), ("checkin", "1.1", "3"),
                 ("close", "1", "--status", "missed")):
        assert call_main(db, *args).code == 0, args


def test_a_checkin_on_a_closed_objective_is_refused_with_the_way_to_reopen(db):
    _closed_objective(db)
    before = db.read_bytes()
    result = call_main(db, "checkin", "1.1", "4")
    assert result.code == 1 and "1.1 is closed: objective 1 is missed; okrtui objective reopen 1" in result.err
    assert db.read_bytes() == before
    reopened = call_main(db, "objective", "reopen", "1")
    assert reopened.code == 0 and "active again" in reopened.out
    assert call_main(db, "checkin", "1.1", "4").code == 0
    assert call_main(db, "undo").code == 0
    assert "reopened objective 1" in call_main(db, "undo").out
    assert call_main(db, "checkin", "1.1", "4").code == 1  # closed as it was


def test_a_checkin_on_a_carried_objective_names_the_key_result_that_continues_it(db):
    _closed_objective(db)
    assert call_main(db, "carry", "1").code == 0
    result = call_main(db, "checkin", "1.1", "4")
    assert result.code == 1 and "1.1 is closed: carried into 2.1; okrtui checkin 2.1" in result.err
    refused = call_main(db, "objective", "reopen", "1")
    assert refused.code == 1 and "carried into objective 2" in refused.err
    assert call_main(db, "checkin", "2.1", "4").code == 0
    assert call_main(db, "objective", "reopen", "2").code == 1  # active: not closed


@pytest.mark.parametrize("status", ["achieved", "missed", "dropped"])
def test_every_closed_status_refuses_checkins_until_reopened(db, status):
    for args in (("objective", "add", "Grow", "--period", "2026-Q4"), ("kr", "add", "1", "Deals", "--target", "10"),
                 ("close", "1", "--status", status)):
        assert call_main(db, *args).code == 0
    assert call_main(db, "checkin", "Deals", "4").code == 1
    assert call_main(db, "objective", "reopen", "Grow").code == 0
    assert call_main(db, "checkin", "Deals", "4").code == 0


def test_status_json_carries_the_final_grade_note_closing_date_and_links(db):
    import json

    _closed_objective(db)
    assert call_main(db, "carry", "1").code == 0
    assert call_main(db, "objective", "add", "Grow more", "--period", "2026-Q4").code == 0
    q4 = {o["id"]: o for o in json.loads(call_main(db, "status", "--period", "2026-Q4", "--json").out)["objectives"]}
    assert q4[1]["review"]["grade"] == 0.3 and q4[1]["review"]["closed"] and q4[1]["carried_into"] == 2
    q1 = {o["id"]: o for o in json.loads(call_main(db, "status", "--period", "2027-Q1", "--json").out)["objectives"]}
    assert q1[2]["carried_from"] == 1 and q1[2]["review"]["grade"] is None and q1[2]["seeded_from"] is None


def test_initiatives_from_the_shell(db):
    import json

    assert call_main(db, "objective", "add", "Grow", "--period", "2026-Q4").code == 0
    assert call_main(db, "initiative", "add", "Grow", "Call the ten biggest customers").out == "1\n"
    assert call_main(db, "initiative", "add", "1", "Write the guide").out == "2\n"
    assert call_main(db, "initiative", "doing", "1", "2").code == 0
    assert call_main(db, "initiative", "done", "1", "1").code == 0
    assert call_main(db, "initiative", "rm", "1", "2").code == 0
    stored = json.loads(call_main(db, "status", "--json").out)["objectives"][0]["initiatives"]
    assert stored == [{"title": "Call the ten biggest customers", "status": "done"}]
    before = db.read_bytes()
    for args, words in ((("initiative", "done", "1", "3"), "initiatives 1 to 1, not 3"),
                        (("initiative", "add", "1", "a\x1b]2;x\x07"), "control characters"),
                        (("initiative", "rm", "9", "1"), "no objective with id 9")):
        result = call_main(db, *args)
        assert result.code == 2 and words in result.err, (args, result)
    assert db.read_bytes() == before
    assert "removed" not in call_main(db, "undo").out and call_main(db, "status", "--json").code == 0


# -- carried titles follow their numbers (issue 15) ------------------------------------------------
@pytest.mark.parametrize("title, old, new, expected, warned", [
    ("Trial-to-customer conversion 8.5% → 12%", (8.5, 12), (9.2, 12), "Trial-to-customer conversion 9.2% → 12%", ""),
    ("Open bugs to 20", (80, 20), (35, 15), "Open bugs to 15", ""),
    ("Lift NPS from 55 to 66", (55, 66), (60, 70), "Lift NPS from 60 to 70", ""),
    ("Uptime: reach 99.9 %", (99, 99.9), (99.5, 99.95), "Uptime: reach 99.95 %", ""),
    ("Response time: stay at or below 200 ms", (180, 200), (150, 180), "Response time: stay at or below 180 ms", ""),
    ("Close $150,000 of new sales", (0, 150000), (82500, 120000), "Close $150,000 of new sales", "$150,000"),
    ("Close 150k of new sales", (0, 150000), (82500, 120000), "Close 150k of new sales", "150k"),
    ("Sign 12 new-business accounts", (0, 12), (6, 12), "Sign 12 new-business accounts", ""),
    ("Ship the guide", (0, 1), (0, 2), "Ship the guide", ""),
    ("Lower is better 10 → 5", (10, 5), (10, 5), "Lower is better 10 → 5", ""),
])
def test_a_carried_title_follows_its_numbers_or_says_it_does_not(title, old, new, expected, warned):
    from okrtui.domain.closing import retitled
    from okrtui.domain.models import KeyResult

    got, warning = retitled(title, KeyResult(title, start=old[0], target=old[1]),
                            KeyResult(title, start=new[0], target=new[1], id="2.1"))
    assert got == expected
    assert (warned in warning and "rename it" in warning) if warned else warning == ""


def test_carry_warns_of_a_title_with_old_numbers_and_takes_a_new_title(db):
    for args in (("objective", "add", "Grow", "--period", "2026-Q4"),
                 ("kr", "add", "1", "Close $150,000 of new sales", "--start", "0", "--target", "150000"),
                 ("kr", "add", "1", "Open bugs to 20", "--start", "80", "--target", "20"),
                 ("objective", "activate", "1"), ("checkin", "1.2", "35"), ("close", "1", "--status", "missed")):
        assert call_main(db, *args).code == 0, args
    carried = call_main(db, "carry", "1", "--target", "1.1=120000", "1.2=15")
    assert carried.code == 0 and "the title of 2.1 says $150,000, but its target is now 120000" in carried.err
    assert "--title 1.1=" in carried.err
    titles = [kr["title"] for kr in json.loads(call_main(db, "status", "--period", "2027-Q1", "--json").out)
              ["objectives"][0]["key_results"]]
    assert titles == ["Close $150,000 of new sales", "Open bugs to 15"]
    assert call_main(db, "undo").code == 0
    renamed = call_main(db, "carry", "1", "--target", "1.1=120000", "--title", "1.1=Close $120,000 of new sales")
    assert renamed.code == 0 and "warning" not in renamed.err
    assert call_main(db, "undo").code == 0
    bad = call_main(db, "carry", "1", "--title", "1.9=Something")
    assert bad.code == 2 and "no key result 1.9" in bad.err


def test_a_checkin_on_a_carried_key_result_whose_title_followed_its_numbers_names_its_continuation(db):
    for args in (("objective", "add", "Grow", "--period", "2026-Q4"),
                 ("kr", "add", "1", "Lift NPS from 55 to 66", "--start", "55", "--target", "66"),
                 ("objective", "activate", "1"), ("checkin", "1.1", "60"), ("close", "1", "--status", "missed"),
                 ("carry", "1")):
        assert call_main(db, *args).code == 0, args
    result = call_main(db, "checkin", "1.1", "61")
    assert result.code == 1 and "carried into 2.1" in result.err, result.err


async def test_the_carry_dialog_flags_a_title_with_old_numbers_and_renames_it(tmp_path):
    """'Close $150,000 of new sales' carried with a target of 120,000: the dialog marks it, n gives
    it a new title; 'Lift NPS from 55 to 66'-style titles follow their numbers by themselves."""
    from tui_helpers import SIZE, make_app, make_demo, screen_text, type_text, wait_until

    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("c")  # objective 1
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "carry")
        await pilot.press("t")
        await type_text(pilot, "120000")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "⚠ $150,000, but its target is now 120000: n renames it" in screen_text(app))
        await pilot.press("n", "ctrl+a", "ctrl+k")
        await type_text(pilot, "Close $120,000 of new sales")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "n renames it" not in screen_text(app))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
    repo = Store(str(path)).read()
    new = repo.objective(repo.objective(1).carried_into)
    assert new.key_results[0].title == "Close $120,000 of new sales" and new.key_results[0].target == 120000
