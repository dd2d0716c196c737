"""A team's store in git: real git, a bare repository and clones in temporary folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrtui.cli import main

OKRTUI = Path(sys.executable).with_name("okrtui")


@pytest.fixture(autouse=True)
def git_identity(git_env):
    """Every test here runs real git (conftest.git_env)."""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def okrtui(db: Path, *args: str, code: int = 0, capsys=None) -> str:
    """okrtui in this process (git runs the installed one as its merge driver)."""
    result = main(["--db", str(db), *args])
    assert result == code, (args, result)
    return capsys.readouterr().out if capsys else ""


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(OKRTUI), "--db", str(db), *args], capture_output=True, text=True)


@pytest.fixture
def team(tmp_path):
    """A bare repository with a small shared store, and two clones of it: (a, b) store paths."""
    if not OKRTUI.exists():
        pytest.fail("okrtui is not installed beside this Python")
    bare = tmp_path / "team.git"
    git(tmp_path, "init", "--bare", "-q", str(bare))
    git(tmp_path, "clone", "-q", str(bare), "a")
    a = tmp_path / "a" / "okrs.json"
    okrtui(a, "kpi", "add", "Web traffic", "--unit", "visits")
    okrtui(a, "log", "Web traffic", "100", "--date", "2026-11-01")
    okrtui(a, "objective", "add", "Shared objective", "--period", "2026-Q4")
    okrtui(a, "kr", "add", "1", "First result", "--start", "0", "--target", "10")
    okrtui(a, "kr", "add", "1", "Second result", "--start", "0", "--target", "10")
    assert run(a, "git-setup").returncode == 0
    assert run(a, "sync").returncode == 0
    git(tmp_path, "clone", "-q", str(bare), "b")
    b = tmp_path / "b" / "okrs.json"
    setup = run(b, "git-setup")
    assert setup.returncode == 0 and "merge.okrtui.driver" in setup.stdout, setup
    return a, b


def files(db: Path) -> dict[str, bytes]:
    folder = db.with_suffix(".values")
    out = {db.name: db.read_bytes()}
    out.update({f"values/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".json"})
    return out


def objectives(db: Path) -> dict[str, dict]:
    return json.loads(db.read_text(encoding="utf-8"))["objectives"]


def test_two_clones_sync_into_the_same_store(team, capsys):
    a, b = team
    okrtui(a, "objective", "add", "A's objective", "--period", "2026-Q4")
    okrtui(a, "log", "Web traffic", "110", "--date", "2026-11-20")
    okrtui(a, "log", "Web traffic", "111", "--date", "2026-11-21")
    okrtui(b, "objective", "add", "B's objective", "--period", "2026-Q4")
    okrtui(b, "checkin", "1.2", "4")
    okrtui(b, "log", "Web traffic", "105", "--date", "2026-11-19")
    okrtui(b, "log", "Web traffic", "999", "--date", "2026-11-21")  # A logged 111 that day
    capsys.readouterr()

    first = run(a, "sync")
    assert first.returncode == 0 and first.stdout.startswith("committed: logged 2 KPI values, added objective 2")
    second = run(b, "sync")
    assert second.returncode == 0, second.stderr
    assert "your new objective 2 \"B's objective\" is now objective 3" in second.stdout, second.stdout
    assert "2 merge conflicts to look at" in second.stdout  # the same day twice, and the id both sides took
    assert run(a, "sync").returncode == 0
    assert run(b, "sync").returncode == 0

    assert files(a) == files(b)  # byte for byte
    titles = {doc["title"]: key for key, doc in objectives(a).items()}
    assert set(titles) == {"Shared objective", "A's objective", "B's objective"}
    assert titles["A's objective"] == "2" and titles["B's objective"] == "3"  # the pushed one kept its id
    kr = objectives(a)["1"]["key_results"][1]
    assert [c["value"] for c in kr["checkins"]] == [4] and kr["current"] == 4
    listed = json.loads(run(a, "kpi", "list", "--json").stdout)[0]
    assert listed["latest"]["value"] == 111  # the same day from both sides: the pushed side's value wins...

    check = run(a, "check")
    assert check.returncode == 1 and "2026-11-21" in check.stdout and "999" in check.stdout  # ...and yours is recorded
    conflicts = run(b, "conflicts")
    assert "  KPI 1 'Web traffic' on 2026-11-21: kept 111 over 999" in conflicts.stdout, conflicts.stdout
    status = run(b, "status")
    assert "merge conflict" in status.stdout

    head = git(a.parent, "rev-parse", "HEAD")
    before = files(a)
    third = run(a, "sync")
    assert third.returncode == 0 and "nothing new to commit" in third.stdout and "already up to date" in third.stdout
    assert files(a) == before and git(a.parent, "rev-parse", "HEAD") == head


def test_a_title_edit_and_a_checkin_on_the_same_objective_both_survive(team):
    a, b = team
    data = json.loads(a.read_text(encoding="utf-8"))
    data["objectives"]["1"]["title"] = "Shared objective, sharper"
    a.write_text(json.dumps(data), encoding="utf-8")  # as an edit by hand or by the TUI would
    assert run(a, "sync").returncode == 0
    assert run(b, "checkin", "1.1", "7").returncode == 0
    assert run(b, "sync").returncode == 0
    objective = objectives(b)["1"]
    assert objective["title"] == "Shared objective, sharper"
    assert [c["value"] for c in objective["key_results"][0]["checkins"]] == [7]
    assert run(b, "conflicts").stdout.strip() == "no merge conflicts"


def test_a_delete_against_an_edit_keeps_the_edit_and_says_so(team):
    a, b = team
    assert run(a, "objective", "add", "Short-lived", "--period", "2026-Q4").returncode == 0
    assert run(a, "sync").returncode == 0
    assert run(b, "sync").returncode == 0  # b has objective 2 now
    assert run(a, "checkin", "1.1", "3").returncode == 0  # a: unrelated
    data = json.loads(a.read_text(encoding="utf-8"))
    data["objectives"]["2"]["title"] = "Short-lived, but edited"
    a.write_text(json.dumps(data), encoding="utf-8")
    assert run(a, "sync").returncode == 0
    data = json.loads(b.read_text(encoding="utf-8"))
    del data["objectives"]["2"]
    b.write_text(json.dumps(data), encoding="utf-8")
    result = run(b, "sync")
    assert result.returncode == 0, result.stderr
    assert objectives(b)["2"]["title"] == "Short-lived, but edited"  # the rule: the edit is kept...
    assert "deleted on one side and changed on the other" in run(b, "conflicts").stdout  # ...and recorded


def test_a_delete_against_no_change_deletes(team):
    a, b = team
    assert run(a, "objective", "add", "To go", "--period", "2026-Q4").returncode == 0
    assert run(a, "sync").returncode == 0 and run(b, "sync").returncode == 0
    data = json.loads(b.read_text(encoding="utf-8"))
    del data["objectives"]["2"]
    b.write_text(json.dumps(data), encoding="utf-8")
    assert run(a, "checkin", "1.1", "2").returncode == 0
    assert run(a, "sync").returncode == 0 and run(b, "sync").returncode == 0
    assert "2" not in objectives(b) and run(b, "conflicts").stdout.strip() == "no merge conflicts"


def test_git_diff_of_a_checkin_is_one_readable_line(team):
    a, _ = team
    assert run(a, "checkin", "1.1", "6", "--note", "halfway").returncode == 0
    diff = git(a.parent, "diff", "--", "okrs.json")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 1 and changed[0].startswith("+    1.1 check-in ") and " 6 " in changed[0] + " ", diff
    assert "halfway" in changed[0]
    assert run(a, "log", "Web traffic", "120", "--date", "2026-11-02").returncode == 0
    diff = git(a.parent, "diff", "--", "okrs.values")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+2026-11-02  120  (by Tester)"], diff  # and who logged it (git's user.name)
    assert " values of KPI 1 'Web traffic'" in diff.splitlines(), diff  # the file is named by uid: say whose
    history = git(a.parent, "log", "-p", "--", "okrs.values")
    assert "values of KPI 1 'Web traffic'" in history


def test_logging_rewrites_only_its_own_line(team):
    a, _ = team
    before = {name: data.splitlines() for name, data in files(a).items()}
    assert run(a, "log", "Web traffic", "130", "--date", "2026-11-03").returncode == 0
    after = {name: data.splitlines() for name, data in files(a).items()}
    assert after[a.name] == before[a.name]
    [values] = [name for name in after if name.startswith("values/")]
    # JSON puts a comma after the line before; git diff (textconv) shows the one new value
    assert after[values][:-3] == before[values][:-2] and after[values][-3] == before[values][-2] + b","
    assert after[values][-2:] == [b'"2026-11-03":[130,"","Tester"]', b"}"]  # with who logged it (git's user.name)


def test_sync_without_a_remote_only_commits(tmp_path):
    repo = tmp_path / "solo"
    git(tmp_path, "init", "-q", str(repo))
    db = repo / "okrs.json"
    assert run(db, "kpi", "add", "Uptime").returncode == 0
    refused = run(db, "sync")  # a store that merely sits in a work tree is not committed unasked
    assert refused.returncode == 1 and "not shared" in refused.stderr and "okrtui git-setup" in refused.stderr
    assert run(db, "git-setup").returncode == 0
    result = run(db, "sync")
    assert result.returncode == 0 and "added KPI 1 'Uptime'" in result.stdout and "committed only" in result.stdout
    assert "okrs.json" in git(repo, "ls-files")
    assert ".gitattributes" in git(repo, "ls-files")


def test_sync_fails_in_words_and_leaves_the_store(team, tmp_path):
    a, _ = team
    git(a.parent, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    assert run(a, "log", "Web traffic", "1", "--date", "2026-11-04").returncode == 0
    before = files(a)
    result = run(a, "sync")
    assert result.returncode == 1 and "git fetch failed" in result.stderr and "Traceback" not in result.stderr
    assert files(a) == before


def test_sync_outside_git_and_without_git(tmp_path):
    db = tmp_path / "plain" / "okrs.json"
    assert run(db, "kpi", "add", "Uptime").returncode == 0
    result = run(db, "sync")
    assert result.returncode == 1 and "not in a git work tree" in result.stderr
    env = dict(os.environ, PATH=str(tmp_path / "empty"))
    result = subprocess.run([str(OKRTUI), "--db", str(db), "sync"], capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "git is not installed" in result.stderr


def test_git_setup_is_idempotent(team):
    _, b = team
    again = run(b, "git-setup")
    assert again.returncode == 0 and again.stdout.startswith("already set up")
    attributes = (b.parent / ".gitattributes").read_text()
    assert attributes.count("okrs.json merge=okrtui diff=okrtui") == 1
    exclude = (b.parent / ".git" / "info" / "exclude").read_text()
    assert "okrs.json.undo" in exclude
    assert "okrs.json.undo" not in git(b.parent, "ls-files")


def test_a_kpi_deleted_on_one_side_and_logged_on_the_other_is_kept_with_its_values(team):
    a, b = team
    assert run(a, "kpi", "rm", "Web traffic", "--yes").returncode == 0
    assert run(b, "log", "Web traffic", "42", "--date", "2026-11-10").returncode == 0
    assert run(a, "sync").returncode == 0
    result = run(b, "sync")  # git calls this a modify/delete conflict and never asks a driver
    assert result.returncode == 0, result.stderr
    assert "deleted on one side and given values on the other: kept" in result.stdout
    listed = json.loads(run(b, "kpi", "list", "--json").stdout)
    assert [(k["name"], k["latest"]["value"]) for k in listed] == [("Web traffic", 42)]
    assert run(a, "sync").returncode == 0 and files(a) == files(b)
    assert run(b, "sync").stdout.splitlines()[0] == "nothing new to commit"


def test_key_results_added_on_both_sides_leave_room_for_the_next(team):
    a, b = team
    assert run(a, "kr", "add", "1", "A's result", "--target", "5").returncode == 0
    assert run(b, "kr", "add", "1", "B's result", "--target", "7").returncode == 0
    assert run(a, "sync").returncode == 0 and run(b, "sync").returncode == 0
    added = run(b, "kr", "add", "1", "Another", "--target", "3")
    assert added.returncode == 0 and added.stdout.strip() == "1.5"
    assert run(b, "check").returncode in (0, 1) and "used twice" not in run(b, "status").stderr


def test_sync_refuses_a_store_it_cannot_read_and_an_unfinished_merge(team):
    a, b = team
    original = a.read_bytes()
    a.write_text('{"meta": broken', encoding="utf-8")
    result = run(a, "sync")
    assert result.returncode == 1 and "nothing was synced" in result.stderr
    assert git(a.parent, "status", "--porcelain", "--", "okrs.json").startswith(" M")  # not staged, not committed
    a.write_bytes(original)
    (a.parent / ".git" / "MERGE_HEAD").write_text(git(a.parent, "rev-parse", "HEAD"))
    result = run(a, "sync")
    assert result.returncode == 1 and "a merge is unfinished" in result.stderr


def test_a_store_at_a_path_with_spaces_merges_by_record(git_env, tmp_path):
    repo = tmp_path / "team repo"
    git(tmp_path, "init", "-q", str(repo))
    db = repo / "team data" / "my okrs.json"
    assert run(db, "kpi", "add", "Uptime").returncode == 0
    assert run(db, "git-setup").returncode == 0
    for rel in ("team data/my okrs.json", "team data/my okrs.values/0123456789ab.json"):
        assert git(repo, "check-attr", "merge", "diff", "--", rel).count(": okrtui") == 2, rel
    assert "team data/my okrs.json.undo" in git(repo, "check-ignore", "-v", "--no-index", "team data/my okrs.json.undo")


def test_git_diff_works_on_versions_okrtui_cannot_read(team):
    a, _ = team
    a.write_text('{"meta": broken \x1b[31m', encoding="utf-8")
    diff = subprocess.run(["git", "diff", "--", "okrs.json"], cwd=a.parent, capture_output=True, text=True)
    assert diff.returncode == 0 and '+{"meta": broken \\x1b[31m' in diff.stdout and "\x1b[31m" not in diff.stdout


def test_a_team_whose_shared_store_was_schema_1_merges_without_doubling(git_env, tmp_path):
    bare = tmp_path / "team.git"
    git(tmp_path, "init", "--bare", "-q", str(bare))
    git(tmp_path, "clone", "-q", str(bare), "a")
    old = {"meta": {"1": {"app": "okrtui", "schema": 1}},
           "objectives": {"1": {"title": "Ship", "period": "2026-Q4", "key_results": [{"n": 1, "title": "K"}]}},
           "kpis": {"1": {"name": "Web traffic"}}, "kpi_values": {"1": {"values": "@2026-11-01 5", "notes": {}}}}
    (tmp_path / "a" / "okrs.json").write_text(json.dumps(old), encoding="utf-8")
    git(tmp_path / "a", "add", "okrs.json")
    git(tmp_path / "a", "commit", "-q", "-m", "the old store")
    git(tmp_path / "a", "push", "-q", "origin", "HEAD")
    git(tmp_path, "clone", "-q", str(bare), "b")
    a, b = tmp_path / "a" / "okrs.json", tmp_path / "b" / "okrs.json"
    assert run(a, "log", "Web traffic", "6", "--date", "2026-11-02").returncode == 0  # migrates a
    assert run(b, "log", "Web traffic", "7", "--date", "2026-11-03").returncode == 0  # migrates b
    assert run(b, "log", "Web traffic", "9", "--date", "2026-11-01").returncode == 0  # a day of the old file
    assert run(a, "sync").returncode == 0
    result = run(b, "sync")
    assert result.returncode == 0, result.stderr
    data = json.loads(b.read_text(encoding="utf-8"))
    assert len(data["kpis"]) == 1 and len(data["objectives"]) == 1
    listed = json.loads(run(b, "kpi", "list", "--json").stdout)
    assert listed[0]["latest"]["value"] == 7 and len(listed) == 1
    history = json.loads((b.parent / "okrs.values" / f"{data['kpis']['1']['uid']}.json").read_text(encoding="utf-8"))
    assert {day: cell[0] if isinstance(cell, list) else cell for day, cell in history.items()} == {
        "2026-11-01": 9, "2026-11-02": 6, "2026-11-03": 7}  # changed on b only: b's, no conflict
    assert run(b, "conflicts").stdout.strip() == "no merge conflicts"


def test_a_kpi_deleted_on_one_side_and_edited_on_the_other_comes_back_with_its_values(team):
    a, b = team
    assert run(a, "kpi", "rm", "Web traffic", "--yes").returncode == 0
    assert run(b, "kpi", "edit", "Web traffic", "--target", "500").returncode == 0
    assert run(a, "sync").returncode == 0
    result = run(b, "sync")
    assert result.returncode == 0, result.stderr
    assert "kept by the merge, with its values" in result.stdout
    listed = json.loads(run(b, "kpi", "list", "--json").stdout)
    assert [(k["name"], k["target"], k["latest"]["value"]) for k in listed] == [("Web traffic", 500, 100)]
    assert "deleted on one side and changed on the other" in run(b, "conflicts").stdout
    assert run(a, "sync").returncode == 0 and files(a) == files(b)


def test_the_merge_driver_refuses_an_emptied_store(team, tmp_path):
    a, _ = team
    base = tmp_path / "base.json"
    base.write_bytes(a.read_bytes())
    (tmp_path / "ours.json").write_bytes(b"")
    (tmp_path / "theirs.json").write_bytes(a.read_bytes())
    result = run(a, "merge-driver", str(base), str(tmp_path / "ours.json"), str(tmp_path / "theirs.json"), "okrs.json")
    assert result.returncode == 1 and "one side is an empty file" in result.stderr


def test_a_kpi_deleted_on_one_side_and_given_its_first_value_on_the_other_is_kept(team):
    a, b = team
    assert run(a, "kpi", "add", "Churn").returncode == 0
    assert run(a, "sync").returncode == 0 and run(b, "sync").returncode == 0
    assert run(a, "kpi", "rm", "Churn", "--yes").returncode == 0
    assert run(b, "log", "Churn", "42", "--date", "2026-11-05").returncode == 0  # its first value: a new file
    assert run(a, "sync").returncode == 0
    result = run(b, "sync")
    assert result.returncode == 0 and "'Churn': deleted on one side and given values on the other" in result.stdout
    listed = {k["name"]: k["latest"] for k in json.loads(run(b, "kpi", "list", "--json").stdout)}
    assert listed["Churn"]["value"] == 42
    assert run(a, "sync").returncode == 0 and files(a) == files(b)


def test_an_emptied_store_is_not_synced(team):
    a, _ = team
    a.write_bytes(b"")
    result = run(a, "sync")
    assert result.returncode == 1 and "is empty but git has a version of it" in result.stderr
    assert git(a.parent, "log", "-1", "--format=%s") != ""  # nothing new committed
    assert git(a.parent, "status", "--porcelain", "--", "okrs.json").startswith(" M")


def test_a_folder_with_a_backslash_is_set_up_right(git_env, tmp_path):
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", str(repo))
    db = repo / "bs\\x" / "s.json"
    assert run(db, "kpi", "add", "Uptime").returncode == 0 and run(db, "git-setup").returncode == 0
    assert git(repo, "check-attr", "merge", "--", "bs\\x/s.json").strip().endswith(": okrtui")


def test_a_conflict_id_names_the_same_record_after_another_merge(team):
    """Ids are hashes of the records: a dismiss after a sync never hits a different one."""
    a, b = team
    for clone, title in ((a, "From A"), (b, "From B")):
        data = json.loads(clone.read_text(encoding="utf-8"))
        data["objectives"]["1"]["title"] = title
        clone.write_text(json.dumps(data), encoding="utf-8")
    assert run(a, "sync").returncode == 0 and run(b, "sync").returncode == 0
    [line] = [line for line in run(b, "conflicts").stdout.splitlines() if "title" in line]
    conflict_id = line.split()[0]
    assert run(a, "sync").returncode == 0
    assert run(a, "kpi", "add", "Another").returncode == 0 and run(a, "sync").returncode == 0
    assert run(b, "sync").returncode == 0
    assert [line.split()[0] for line in run(b, "conflicts").stdout.splitlines() if "title" in line] == [conflict_id]
    assert run(b, "conflicts", "--dismiss", conflict_id).returncode == 0
    assert "title" not in run(b, "conflicts").stdout
    assert run(b, "conflicts", "--dismiss", "nope").returncode == 2


def test_a_clone_made_before_the_store_was_pushed_pulls_it_on_its_first_sync(git_env, tmp_path):
    bare = tmp_path / "team.git"
    git(tmp_path, "init", "--bare", "-q", str(bare))
    git(tmp_path, "clone", "-q", str(bare), "early")  # an empty repository
    early = tmp_path / "early" / "okrs.json"
    first = run(early, "sync")
    assert first.returncode == 1 and "nothing to sync" in first.stderr and not early.exists()
    git(tmp_path, "clone", "-q", str(bare), "a")
    a = tmp_path / "a" / "okrs.json"
    okrtui(a, "kpi", "add", "Web traffic")
    okrtui(a, "log", "Web traffic", "5", "--date", "2026-11-01")
    assert run(a, "git-setup").returncode == 0 and run(a, "sync").returncode == 0
    pulled = run(early, "sync")
    assert pulled.returncode == 0 and "came from the team's repository" in pulled.stdout, pulled
    assert files(early) == files(a)
    okrtui(early, "log", "Web traffic", "6", "--date", "2026-11-02")
    assert run(early, "sync").returncode == 0 and run(a, "sync").returncode == 0
    assert files(early) == files(a)


def test_the_other_sides_value_of_a_day_can_be_taken_from_a_conflict(team):
    a, b = team
    okrtui(a, "log", "Web traffic", "111", "--date", "2026-11-21")
    okrtui(b, "log", "Web traffic", "999", "--date", "2026-11-21", "--note", "mine")
    okrtui(a, "kpi", "edit", "Web traffic", "--unit", "hits")
    okrtui(b, "kpi", "edit", "Web traffic", "--unit", "views")
    assert run(a, "sync").returncode == 0 and run(b, "sync").returncode == 0
    listed = run(b, "conflicts").stdout.splitlines()
    value_id = next(line.split()[0] for line in listed if "on 2026-11-21: kept 111 over 999" in line)
    unit_id = next(line.split()[0] for line in listed if '"hits"' in line and '"views"' in line)
    taken = run(b, "conflicts", "--take", value_id)
    assert taken.returncode == 0 and "took the other side's value of 2026-11-21: 999" in taken.stdout, taken
    values = json.loads(run(b, "export", "--format", "json").stdout)["kpis"][0]["values"]
    assert {"date": "2026-11-21", "value": 999, "note": "mine", "by": "Tester"} in values  # with who logged it
    assert value_id not in run(b, "conflicts").stdout
    assert run(b, "conflicts", "--take", value_id).returncode == 2  # gone
    refused = run(b, "conflicts", "--take", unit_id)  # a field of a definition, not a value: by hand
    assert refused.returncode == 1 and "change it by hand" in refused.stderr


def test_taking_the_last_conflict_of_a_kpi_can_be_undone(team):
    a, b = team
    okrtui(a, "log", "Web traffic", "111", "--date", "2026-11-21")
    okrtui(b, "log", "Web traffic", "999", "--date", "2026-11-21")
    assert run(a, "sync").returncode == 0 and run(b, "sync").returncode == 0
    conflict_id = next(line.split()[0] for line in run(b, "conflicts").stdout.splitlines() if "kept 111 over 999" in line)
    before = files(b)
    assert run(b, "conflicts", "--take", conflict_id).returncode == 0
    undone = run(b, "undo")
    assert undone.returncode == 0, undone.stderr
    assert files(b) == before


def test_changes_to_a_frozen_plan_made_in_two_clones_both_survive_sync(team):
    a, b = team
    assert run(a, "plan", "freeze", "--period", "2026-Q4").returncode == 0
    assert run(a, "sync").returncode == 0
    assert run(b, "sync").returncode == 0  # b has the frozen plan
    assert run(a, "kr", "edit", "1.1", "--target", "8").returncode == 0
    assert run(b, "kr", "edit", "1.2", "--target", "12").returncode == 0
    for db in (a, b, a):
        assert run(db, "sync").returncode == 0
    for db in (a, b):
        changes = json.loads(run(db, "changes", "--period", "2026-Q4", "--json").stdout)
        assert sorted((c["record"], c["from"], c["to"]) for c in changes) == [("1.1", 10, 8), ("1.2", 10, 12)]
    assert files(a) == files(b) and run(b, "conflicts").stdout.strip() == "no merge conflicts"
