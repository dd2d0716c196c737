"""The merge rules on store data, and the merge driver on random pairs of edits (hypothesis)."""

from __future__ import annotations

import copy

from hypothesis import given, strategies as st

from okrtui.store import values
from okrtui.git.merge import merge_store, merge_values
from okrtui.store.codec import encode
from okrtui.store.storage import SCHEMA_VERSION, Store

META = {"1": {"app": "okrtui", "schema": SCHEMA_VERSION}}


def kr(n: int, title: str, checkins=()) -> dict:
    return {"n": n, "title": title, "start": 0, "target": 10, "checkins": list(checkins)}


def objective(title: str, *krs: dict) -> dict:
    """As okrtui writes one: with a uid of its own (a hash of the title, unique in these tests)."""
    import hashlib

    return {"title": title, "period": "2026-Q4", "status": "active", "key_results": list(krs), "initiatives": [],
            "next_kr": len(krs) + 1, "uid": hashlib.sha1(title.encode()).hexdigest()[:12]}


def store(objectives: dict | None = None, kpis: dict | None = None) -> dict:
    return {"meta": copy.deepcopy(META), "kpis": kpis or {}, "objectives": objectives or {}, "conflicts": {}}


def decodes(data: dict) -> dict:
    return Store("merged.json").decode(encode(data))[0]


def test_fields_changed_on_different_sides_both_stay():
    base = store({"1": objective("Ship it", kr(1, "One"))})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["title"] = "Ship it well"
    theirs["objectives"]["1"]["key_results"][0]["checkins"].append({"at": "2026-11-20T09:00:00", "value": 4})
    theirs["objectives"]["1"]["key_results"][0]["current"] = 4
    merged, report = merge_store(base, ours, theirs)
    doc = decodes(merged)["objectives"]["1"]
    assert doc["title"] == "Ship it well" and doc["key_results"][0]["current"] == 4 and report == []


def test_the_same_field_changed_twice_keeps_theirs_and_records_ours():
    base = store({"1": objective("Ship it")})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["title"] = "Ours"
    theirs["objectives"]["1"]["title"] = "Theirs"
    merged, report = merge_store(base, ours, theirs)
    assert merged["objectives"]["1"]["title"] == "Theirs"
    [record] = merged["conflicts"].values()
    assert record == {"kind": "conflict", "where": "objective 1 title", "kept": "Theirs", "other": "Ours"}
    assert report and "objective 1 title" in report[0]


def test_key_results_added_on_both_sides_get_distinct_numbers_and_checkins_merge():
    base = store({"1": objective("Ship it", kr(1, "One"))})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["key_results"].append(kr(2, "Ours"))
    theirs["objectives"]["1"]["key_results"].append(kr(2, "Theirs"))
    ours["objectives"]["1"]["key_results"][0]["checkins"].append({"at": "2026-11-20T09:00:00", "value": 1})
    theirs["objectives"]["1"]["key_results"][0]["checkins"].append({"at": "2026-11-21T09:00:00", "value": 2})
    merged, report = merge_store(base, ours, theirs)
    krs = decodes(merged)["objectives"]["1"]["key_results"]
    assert [(k["n"], k["title"]) for k in krs] == [(1, "One"), (2, "Theirs"), (3, "Ours")]
    assert [c["value"] for c in krs[0]["checkins"]] == [1, 2] and krs[0]["current"] == 2
    assert any("key result 2 is now 3" in line for line in report)


def test_new_kpis_on_both_sides_keep_their_key_results_pointing_at_them():
    base = store()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["kpis"]["1"] = {"name": "Ours", "uid": "aaaaaaaaaaaa"}
    ours["objectives"]["1"] = objective("Follows ours", {**kr(1, "K"), "kpi": 1})
    theirs["kpis"]["1"] = {"name": "Theirs", "uid": "bbbbbbbbbbbb"}
    merged, _ = merge_store(base, ours, theirs)
    data = decodes(merged)
    assert data["kpis"]["1"]["name"] == "Theirs" and data["kpis"]["2"]["name"] == "Ours"
    assert data["objectives"]["1"]["key_results"][0]["kpi"] == 2


def test_values_by_day():
    def doc(days: dict) -> dict:
        dates = sorted(days)
        return values.document(dates, [days[d] for d in dates], {})

    base = doc({"2026-11-01": 1.0, "2026-11-02": 2.0})
    ours = doc({"2026-11-01": 1.0, "2026-11-02": 2.0, "2026-11-03": 3.0, "2026-11-05": 50.0})
    theirs = doc({"2026-11-02": 2.0, "2026-11-04": 4.0, "2026-11-05": 5.0})  # deleted the 1st
    merged, report = merge_values(base, ours, theirs, "KPI 1")
    assert dict(zip(*values.columns(merged))) == {"2026-11-02": 2.0, "2026-11-03": 3.0, "2026-11-04": 4.0, "2026-11-05": 5.0}
    assert merged["conflicts"] == [{"kind": "conflict", "where": "KPI 1 on 2026-11-05", "kept": [5.0, ""],
                                    "other": [50.0, ""], "date": "2026-11-05"}]


# -- random pairs of edits from a common base --------------------------------------------------
TITLES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
EDIT = st.one_of(
    st.tuples(st.just("add objective")),
    st.tuples(st.just("retitle"), st.integers(0, 5), TITLES),
    st.tuples(st.just("delete"), st.integers(0, 5)),
    st.tuples(st.just("check in"), st.integers(0, 5), st.integers(0, 3), st.integers(1, 28), st.integers(-5, 5)),
    st.tuples(st.just("add key result"), st.integers(0, 5)),
    st.tuples(st.just("add kpi")),
    st.tuples(st.just("record plan change"), st.integers(0, 5), st.integers(1, 28)),
    st.tuples(st.just("undo plan change"), st.integers(0, 5)),
)


def apply(data: dict, edits: list, side: str) -> set[str]:
    """Apply edits; returns the names of the records this side added that are still there."""
    added = []
    for n, edit in enumerate(edits):
        objectives = data["objectives"]
        ids = sorted(objectives, key=int)
        pick = objectives[ids[edit[1] % len(ids)]] if ids and len(edit) > 1 else None
        if edit[0] == "add objective":
            new_id = str(max((int(i) for i in objectives), default=0) + 1)
            objectives[new_id] = objective(f"{side} objective {n}")
            added.append(f"{side} objective {n}")
        elif edit[0] == "retitle" and pick is not None and not pick["title"].startswith(tuple("ot")):
            pick["title"] = edit[2] if edit[2].strip() else "x"
        elif edit[0] == "delete" and pick is not None and not pick["title"].startswith(side):
            del objectives[ids[edit[1] % len(ids)]]
        elif edit[0] == "check in" and pick is not None and pick["key_results"]:
            result = pick["key_results"][edit[2] % len(pick["key_results"])]
            at = f"2026-11-{edit[3]:02d}T09:00:{n:02d}"
            if all(c["at"] != at for c in result["checkins"]):
                result["checkins"].append({"at": at, "value": edit[4]})
                result["checkins"].sort(key=lambda c: c["at"])
                result["current"] = result["checkins"][-1]["value"]
        elif edit[0] == "add key result" and pick is not None:
            number = pick["next_kr"]
            pick["key_results"].append(kr(number, f"{side} result {n}"))
            pick["next_kr"] = number + 1
            added.append(f"{side} result {n}")
        elif edit[0] == "record plan change" and pick is not None:  # as store/planlog.py records one
            pick.setdefault("changes", []).append({"record": "1.1", "field": "target", "from": 10, "to": n, "by":
                                                   f"{side} change {n}", "at": f"2026-11-{edit[2]:02d}T09:00:00"})
            pick["changes"].sort(key=lambda c: c["at"])  # recorded as time goes by
            added.append(f"{side} change {n}")
        elif edit[0] == "undo plan change" and pick is not None and pick.get("changes"):
            pick["changes"].pop()  # undo puts the document back as it was: the record goes
        elif edit[0] == "add kpi":
            new_id = str(max((int(i) for i in data["kpis"]), default=0) + 1)
            data["kpis"][new_id] = {"name": f"{side} KPI {n}", "uid": f"{'abc'[('ours', 'theirs', 'base').index(side)]}{n:011d}"}
            added.append(f"{side} KPI {n}")
    names = {o["title"] for o in data["objectives"].values()}
    names |= {r["title"] for o in data["objectives"].values() for r in o["key_results"]}
    names |= {k["name"] for k in data["kpis"].values()}
    names |= {c["by"] for o in data["objectives"].values() for c in o.get("changes", [])}
    return {name for name in added if name in names}


@given(st.lists(EDIT, max_size=8), st.lists(EDIT, max_size=8), st.lists(EDIT, max_size=8))
def test_random_edits_merge_into_a_store_that_keeps_everything_added(base_edits, our_edits, their_edits):
    base = store({"1": objective("first", kr(1, "first result"))})
    apply(base, base_edits, "base")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    added = apply(ours, our_edits, "ours") | apply(theirs, their_edits, "theirs")
    merged, _ = merge_store(base, ours, theirs)
    data = decodes(merged)  # always a store okrtui can read
    names = {o["title"] for o in data["objectives"].values()}
    names |= {r["title"] for o in data["objectives"].values() for r in o["key_results"]}
    names |= {k["name"] for k in data["kpis"].values()}
    names |= {c["by"] for o in data["objectives"].values() for c in o.get("changes", [])}
    assert added <= names
    assert encode(merge_store(base, ours, theirs)[0]) == encode(merged)  # deterministic
    for doc in data["objectives"].values():  # a frozen plan's records stay in time order
        assert [c["at"] for c in doc.get("changes", [])] == sorted(c["at"] for c in doc.get("changes", []))


def _change_records(data: dict) -> set[str]:
    import json

    return {json.dumps([doc["uid"], c], sort_keys=True) for doc in data["objectives"].values()
            for c in doc.get("changes", [])}


@given(st.lists(EDIT, max_size=8), st.lists(EDIT, max_size=8), st.lists(EDIT, max_size=8))
def test_both_sides_plan_changes_are_kept_whichever_side_merges(base_edits, our_edits, their_edits):
    """The merge keeps the union of both sides' change records (an undone one, gone on one side and
    untouched on the other, stays gone), and the same records whichever side is "ours"."""
    base = store({"1": objective("first", kr(1, "first result"))})
    apply(base, base_edits, "base")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    apply(ours, our_edits, "ours")
    apply(theirs, their_edits, "theirs")
    kept = _change_records(merge_store(base, ours, theirs)[0])
    assert kept == _change_records(merge_store(base, theirs, ours)[0])
    b, o, t = (_change_records(side) for side in (base, ours, theirs))
    assert (o | t) - (b - (o & t)) <= kept or not (o | t)
    assert (o - b) | (t - b) <= kept  # every record made on either side since the base


def test_plan_changes_made_on_both_sides_are_all_kept_in_time_order():
    def change(to: int, by: str, at: str) -> dict:
        return {"record": "1.1", "field": "target", "from": 10, "to": to, "by": by, "at": at}

    base = store({"1": {**objective("Ship it", kr(1, "One")), "changes": [change(9, "Ann", "2026-11-01T09:00:00")]}})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["changes"].append(change(8, "Mei", "2026-11-03T09:00:00"))
    theirs["objectives"]["1"]["changes"].append(change(7, "Bo", "2026-11-02T09:00:00"))
    theirs["objectives"]["1"]["changes"].append(change(9, "Ann", "2026-11-01T09:00:00"))  # the same record again
    merged, report = merge_store(base, ours, theirs)
    changes = decodes(merged)["objectives"]["1"]["changes"]
    assert [(c["by"], c["to"]) for c in changes] == [("Ann", 9), ("Bo", 7), ("Mei", 8)] and report == []


def test_a_plan_frozen_on_both_sides_keeps_the_one_frozen_first():
    base = store({"1": objective("Ship it", kr(1, "One"))})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["plan"] = {"day": "2026-10-02", "key_results": {"1": {"target": 10}}}
    theirs["objectives"]["1"]["plan"] = {"day": "2026-10-05", "key_results": {"1": {"target": 12}}}
    merged, report = merge_store(base, ours, theirs)
    assert decodes(merged)["objectives"]["1"]["plan"]["day"] == "2026-10-02"
    assert merge_store(base, theirs, ours)[0]["objectives"]["1"]["plan"]["day"] == "2026-10-02"
    assert any("frozen on both sides" in line for line in report)


DAYS = st.dictionaries(st.integers(1, 30).map(lambda d: f"2026-11-{d:02d}"), st.integers(-3, 3).map(float), max_size=10)


@given(DAYS, DAYS, DAYS)
def test_random_values_merge_by_day(base_days, our_days, their_days):
    def doc(days):
        dates = sorted(days)
        return values.document(dates, [days[d] for d in dates], {})

    merged, _ = merge_values(doc(base_days), doc(our_days), doc(their_days))
    result = dict(zip(*values.columns(merged)))
    for day in (set(our_days) | set(their_days)) - set(base_days):
        assert day in result  # every day added on either side
    for day, value in their_days.items():
        if our_days.get(day) == base_days.get(day) or our_days.get(day) == value:
            assert result.get(day) == value
    losers = [c["other"][0] for c in merged.get("conflicts", []) if c["kind"] == "conflict"]
    for day in result:
        if day in our_days and day in their_days and our_days[day] != their_days[day] != base_days.get(day) \
                and our_days[day] != base_days.get(day):
            assert result[day] == their_days[day] and our_days[day] in losers


def test_an_id_reused_after_a_delete_is_a_new_record():
    """TinyDB gives a deleted highest id to the next insert: uids tell the two records apart."""
    base = store({"1": objective("Old")})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"] = {"1": objective("New on ours")}  # deleted 1, then added one that took id 1
    theirs["objectives"]["1"]["title"] = "Old, edited"
    theirs["objectives"]["1"]["uid"] = base["objectives"]["1"]["uid"]
    merged, report = merge_store(base, ours, theirs)
    titles = {doc_id: doc["title"] for doc_id, doc in decodes(merged)["objectives"].items()}
    assert titles == {"1": "Old, edited", "2": "New on ours"}
    kinds = sorted(record["kind"] for record in merged["conflicts"].values())
    assert kinds == ["kept", "renumbered"]  # the delete lost to the edit, and the new one moved: both recorded


def test_checkins_on_both_sides_are_not_a_conflict_on_the_current_value():
    base = store({"1": objective("Ship it", kr(1, "One"))})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    for side, at, value in ((ours, "2026-11-29T18:28:28", 95000), (theirs, "2026-11-29T18:27:46", 90000)):
        result = side["objectives"]["1"]["key_results"][0]
        result["checkins"].append({"at": at, "value": value, "confidence": 7})
        result["current"], result["confidence"] = value, 7
    merged, report = merge_store(base, ours, theirs)
    result = merged["objectives"]["1"]["key_results"][0]
    assert [c["value"] for c in result["checkins"]] == [90000, 95000] and result["current"] == 95000
    assert merged["conflicts"] == {} and report == []


def test_after_key_results_are_renumbered_the_next_one_gets_a_free_number():
    base = store({"1": objective("Ship it", kr(1, "One"))})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    for side, title in ((ours, "Ours"), (theirs, "Theirs")):
        side["objectives"]["1"]["key_results"].append(kr(2, title))
        side["objectives"]["1"]["next_kr"] = 3
    merged, _ = merge_store(base, ours, theirs)
    doc = decodes(merged)["objectives"]["1"]
    assert [k["n"] for k in doc["key_results"]] == [1, 2, 3] and doc["next_kr"] == 4


def test_two_checkins_in_the_same_second_are_two_records():
    base = store({"1": objective("Ship it", kr(1, "One"))})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["1"]["key_results"][0]["checkins"] = [{"at": "2026-11-20T09:00:00", "value": 5},
                                                             {"at": "2026-11-20T09:00:00", "value": 6}]
    theirs["objectives"]["1"]["key_results"][0]["checkins"] = [{"at": "2026-11-21T09:00:00", "value": 7}]
    merged, _ = merge_store(base, ours, theirs)
    checkins = merged["objectives"]["1"]["key_results"][0]["checkins"]
    assert sorted(c["value"] for c in checkins) == [5, 6, 7] and merged["conflicts"] == {}


def test_a_reference_to_a_record_the_other_side_deleted_is_cut_and_recorded():
    base = store({"1": objective("Parent")}, {"1": {"name": "Churn", "uid": "aaaaaaaaaaaa"}})
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["objectives"]["2"] = {**objective("Child", {**kr(1, "Churn down"), "kpi": 1}), "parent": 1}
    del theirs["objectives"]["1"], theirs["kpis"]["1"]
    merged, _ = merge_store(base, ours, theirs)
    data = decodes(merged)
    child = data["objectives"]["2"]
    assert child["parent"] is None and child["key_results"][0]["kpi"] is None
    assert len(merged["conflicts"]) == 2


def test_a_merge_keeps_who_recorded_each_value_and_a_conflict_names_them():
    from okrtui.store.values import document

    base = document(["2026-11-01"], [1.0], {})
    ours = document(["2026-11-01", "2026-11-02"], [1.0, 2.0], {}, {"2026-11-02": "Mei"})
    theirs = document(["2026-11-01", "2026-11-03"], [5.0, 3.0], {}, {"2026-11-01": "Bo", "2026-11-03": "Bo"})
    merged, _ = merge_values(base, ours, theirs)
    assert merged["by"] == {"2026-11-01": "Bo", "2026-11-02": "Mei", "2026-11-03": "Bo"}
    both = document(["2026-11-01"], [7.0], {}, {"2026-11-01": "Mei"})
    merged, words = merge_values(base, both, theirs)
    assert merged["by"]["2026-11-01"] == "Bo" and merged["conflicts"][0]["other"] == [7.0, "", "Mei"]
    assert any("kept 5 over 7" in line for line in words), words  # one line: who is in the record


def test_git_shows_who_recorded_a_value():
    from okrtui.git.textconv import values_lines
    from okrtui.store.values import document

    assert values_lines(document(["2026-11-01", "2026-11-02"], [1.0, 2.0], {"2026-11-02": "late"},
                                 {"2026-11-02": "Mei"})) == ["2026-11-01  1", "2026-11-02  2  late  (by Mei)"]
