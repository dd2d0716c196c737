"""A team's quarter (issue 17): who "I" am."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import run_okrtui


@pytest.fixture
def people(tmp_path, monkeypatch):
    """A home with no git identity, a config folder, and a git repository holding the store."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1", "USER": "login-me", "LOGNAME": "login-me",
           "OKRTUI_CONFIG": str(tmp_path / "cfg" / "okrtui" / "config.toml")}
    repo = tmp_path / "team"
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env={**env, "PATH": "/usr/bin:/bin"})
    return env, repo / "okrs.json", tmp_path / "cfg" / "okrtui" / "config.toml"


def whoami(db, env):
    result = run_okrtui(db, "whoami", "--json", env=env)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_whoami_takes_the_config_then_git_then_the_login(people):
    env, db, config = people
    assert whoami(db, env) == {"name": "login-me", "source": "the login name"}
    subprocess.run(["git", "-C", str(db.parent), "config", "user.name", "Ana  Git"], check=True, env=env)
    assert whoami(db, env) == {"name": "Ana Git", "source": "git config user.name"}
    config.parent.mkdir(parents=True)
    config.write_text('[user]\nname = "Mei"\n')
    assert whoami(db, env) == {"name": "Mei", "source": f"[user] name in {config}"}
    plain = run_okrtui(db, "whoami", env=env)
    assert plain.out.strip() == f"Mei (from [user] name in {config})"


@pytest.mark.parametrize("written", ['"Mei\\u001b]52;c;x\\u0007"', '""', "42", '"' + "x" * 81 + '"', '{ a = 1 }'])
def test_a_name_that_cannot_be_stored_is_passed_over(people, written):
    env, db, config = people
    config.parent.mkdir(parents=True)
    config.write_text(f"[user]\nname = {written}\n")
    assert whoami(db, env)["source"] == "the login name"


def test_a_broken_config_is_passed_over_too(people):
    env, db, config = people
    config.parent.mkdir(parents=True)
    config.write_text("[user\nname = ")
    assert whoami(db, env)["name"] == "login-me"


# -- alignment, owners and the tree from the shell ------------------------------------------------
def ok(db, *args, env=None):
    result = run_okrtui(db, *args, env=env)
    assert result.code == 0, (args, result.err)
    return result.out


@pytest.fixture
def company(tmp_path):
    """A yearly company objective with two key results, a team objective serving the second, one serving the first."""
    db = tmp_path / "okrs.json"
    ok(db, "objective", "add", "Grow the company", "--period", "2026-01-01..2026-12-31", "--owner", "Ana")
    ok(db, "kr", "add", "1", "Revenue", "--start", "0", "--target", "100")
    ok(db, "kr", "add", "1", "NPS", "--start", "40", "--target", "60", "--owner", "Mei")
    ok(db, "objective", "add", "Web conversion", "--parent", "1.2", "--team", "web", "--owner", "Bo")
    ok(db, "kr", "add", "2", "Checkout steps", "--start", "6", "--target", "3", "--owner", "Mei")
    ok(db, "objective", "add", "Sales pipeline", "--parent", "1", "--team", "sales", "--owner", "Cy", "--weight", "3")
    ok(db, "kr", "add", "3", "Deals", "--target", "10")
    ok(db, "checkin", "2.1", "4.5")  # half way
    ok(db, "checkin", "3.1", "10")  # done
    return db


def test_the_tree_nests_objectives_under_what_they_serve(company):
    roots = json.loads(ok(company, "tree", "--json"))
    assert [r["id"] for r in roots] == [1]
    under = roots[0]["children"]
    assert [(n["id"], n["status"]) for n in under] == [("1.2", "key result"), (3, "draft")]
    assert under[0]["children"][0] | {"children": []} == {
        "id": 2, "title": "Web conversion", "owner": "Bo", "team": "web", "progress": 0.5, "status": "draft",
        "period": "2026-Q4", "rollup": "krs", "children": []}
    text = ok(company, "tree")
    assert text.splitlines()[1].startswith("  └ 1.2 NPS") and "└ 2 Web conversion" in text


@pytest.mark.parametrize("rollup, progress", [("krs", 0.0), ("children", (0.5 + 3 * 1.0) / 4),
                                              ("both", (0 + 0 + 0.5 + 3 * 1.0) / 6)])
def test_the_rollup_chosen_is_the_progress_status_and_the_tree_show(company, rollup, progress):
    ok(company, "objective", "align", "1", "--rollup", rollup)
    status = json.loads(ok(company, "status", "--period", "2026-01-01..2026-12-31", "--json"))
    assert status["objectives"][0]["progress"] == pytest.approx(progress)
    assert json.loads(ok(company, "tree", "--json"))[0]["progress"] == pytest.approx(progress)


@pytest.mark.parametrize("args, words", [
    (("objective", "align", "1", "--parent", "2"), "does not include"),
    (("objective", "align", "2", "--parent", "2"), "cycle"),
    (("objective", "align", "2", "--parent", "1.7"), "no key result 1.7"),
    (("objective", "align", "2", "--parent", "9"), "no objective 9"),
    (("objective", "align", "2", "--parent", "1.x"), "not an objective id"),
    (("objective", "align", "2", "--weight", "0"), "more than 0"),
    (("objective", "align", "2"), "nothing to change"),
    (("objective", "add", "Later", "--period", "2027-Q1", "--parent", "2"), "does not include 2027-Q1"),
])
def test_alignments_that_cannot_be_are_refused_in_words_and_change_nothing(company, args, words):
    before = company.read_bytes()
    result = run_okrtui(company, *args)
    assert result.code == 2 and words in result.err, result
    assert company.read_bytes() == before


def test_a_cycle_through_three_objectives_is_refused_naming_it(tmp_path):
    db = tmp_path / "okrs.json"
    for title in ("A", "B", "C"):
        ok(db, "objective", "add", title)
    ok(db, "objective", "align", "2", "--parent", "1")
    ok(db, "objective", "align", "3", "--parent", "2")
    result = run_okrtui(db, "objective", "align", "1", "--parent", "3")
    assert result.code == 2 and "cycle: 1 → 3 → 2 → 1" in result.err


def test_none_unaligns_and_undo_takes_it_back(company):
    ok(company, "objective", "align", "2", "--parent", "none")
    assert [r["id"] for r in json.loads(ok(company, "tree", "--json"))] == [1, 2]
    ok(company, "undo")
    assert [r["id"] for r in json.loads(ok(company, "tree", "--json"))] == [1]


def test_kr_edit_changes_what_it_is_told_and_keeps_the_rest(company):
    ok(company, "kr", "edit", "1.1", "--target", "120", "--owner", "  Bo  ", "--due", "2026-12-20", "--title", "Revenue (k$)")
    kr = json.loads(ok(company, "status", "--period", "2026-01-01..2026-12-31", "--json"))["objectives"][0]["key_results"][0]
    assert (kr["title"], kr["target"], kr["start"], kr["owner"], kr["due"]) == ("Revenue (k$)", 120, 0, "Bo", "2026-12-20")
    ok(company, "kr", "edit", "1.1", "--due", "none", "--owner", "none")
    kr = json.loads(ok(company, "status", "--period", "2026-01-01..2026-12-31", "--json"))["objectives"][0]["key_results"][0]
    assert (kr["due"], kr["owner"], kr["target"]) == (None, "Ana", 120)  # no owner: the objective's
    ok(company, "undo")
    ok(company, "undo")
    kr = json.loads(ok(company, "status", "--period", "2026-01-01..2026-12-31", "--json"))["objectives"][0]["key_results"][0]
    assert (kr["title"], kr["target"], kr["owner"]) == ("Revenue", 100, "Ana")


@pytest.mark.parametrize("args, words", [(("--weight", "0"), "more than 0"), (("--target", "nan"), "number"),
                                         (("--target", "1e16"), "within"), (("--type", "sideways"), "invalid choice")])
def test_kr_edit_refuses_what_kr_add_refuses(company, args, words):
    before = company.read_bytes()
    result = run_okrtui(company, "kr", "edit", "1.2", *args)
    assert result.code == 2 and words in result.err.lower() or words in result.err, result
    assert company.read_bytes() == before


def test_status_mine_owner_and_team_filter_objectives_and_kpis(company, people):
    env, _, config = people
    config.parent.mkdir(parents=True)
    config.write_text('[user]\nname = "mei"\n')
    ok(company, "kpi", "add", "Conversion", "--unit", "%", "--target", "3")
    ok(company, "kpi", "add", "Churn", "--unit", "%", "--target", "2", "--owner", "Mei")
    year = ("--period", "2026-01-01..2026-12-31", "--json")
    quarter = ("--json",)
    mine_year = json.loads(ok(company, "status", "--mine", *year, env=env))
    assert [o["id"] for o in mine_year["objectives"]] == [1]  # Mei owns its key result 1.2
    mine = json.loads(ok(company, "status", "--mine", *quarter, env=env))
    assert [o["id"] for o in mine["objectives"]] == [2] and [k["name"] for k in mine["kpis"]] == ["Churn"]
    assert [o["id"] for o in json.loads(ok(company, "status", "--owner", "CY", *quarter))["objectives"]] == [3]
    assert [o["id"] for o in json.loads(ok(company, "status", "--team", "web", *quarter))["objectives"]] == [2]
    assert json.loads(ok(company, "status", "--owner", "nobody", *quarter))["objectives"] == []


# -- what do I owe ------------------------------------------------------------------------------------
def test_due_lists_kpis_checkins_closings_and_conflicts_and_the_prompt_line_counts_them(tmp_path):
    from datetime import date, timedelta

    db = tmp_path / "okrs.json"
    today = date.today()
    ok(db, "kpi", "add", "Uptime", "--unit", "%", "--target", "99.9")  # daily, never logged: due
    ok(db, "kpi", "add", "Churn", "--unit", "%", "--cadence", "monthly", "--target", "2")
    ok(db, "log", "Churn", "2.5", "--date", (today - timedelta(days=3)).isoformat())  # monthly, logged: not due
    ok(db, "objective", "add", "Last year", "--period", "2020-Q1")  # over and never closed
    assert run_okrtui(db, "due", "--format", "prompt").out == "okr 2 due\n"
    due = json.loads(ok(db, "due", "--json"))
    assert [(d["kind"], d["ref"]) for d in due] == [("kpi", "Uptime"), ("close", "1")]
    assert "log Uptime (daily)" in ok(db, "due")
    ok(db, "log", "Uptime", "99.95")
    ok(db, "close", "1", "--status", "missed")
    assert run_okrtui(db, "due", "--format", "prompt").out == ""
    assert ok(db, "due").strip() == "nothing is due" and ok(db, "due", "--quiet") == ""


@pytest.mark.parametrize("since, every, due", [("2026-11-30", "weekly", False), ("2026-11-29", "weekly", True),
                                             ("2026-11-29", "fortnightly", False), ("2026-11-20", "monthly", False),
                                             ("2026-11-05", "monthly", True), ("2026-12-07", "odd", False)])
def test_a_checkin_is_due_by_the_objectives_own_cadence(since, every, due):
    from datetime import date

    from okrtui.domain.due import checkin_due

    assert checkin_due(date.fromisoformat(since), every, date(2026, 12, 7)) is due


@pytest.mark.parametrize("cadence, newest, due", [("daily", "2026-12-07", False), ("daily", "2026-12-06", True),
                                                  ("weekly", "2026-12-01", False), ("weekly", "2026-11-30", True),
                                                  ("monthly", "2026-11-07", False), ("monthly", None, True),
                                                  ("daily", "2026-12-08", True)])  # a future day is no value today
def test_a_kpi_is_due_by_its_cadence(cadence, newest, due):
    from datetime import date

    from okrtui.domain.due import kpi_due

    assert kpi_due(cadence, newest, date(2026, 12, 7)) is due


def test_a_followed_kpi_checks_its_key_result_in_and_a_weekly_checkin_falls_due(tmp_path):
    from datetime import date, timedelta

    db = tmp_path / "okrs.json"
    start = date.today() - timedelta(days=20)
    ok(db, "objective", "add", "Sell", "--period", f"{start}..{date.today() + timedelta(days=30)}")
    ok(db, "kpi", "add", "Deals", "--target", "10", "--cadence", "monthly")
    ok(db, "kr", "add", "1", "Deals", "--kpi", "Deals", "--target", "10")
    ok(db, "kr", "add", "1", "Calls", "--target", "100")
    ok(db, "objective", "activate", "1")
    ok(db, "log", "Deals", "3")
    assert [d["ref"] for d in json.loads(ok(db, "due", "--json"))] == []  # both planned today: their week runs
    ok(db, "checkin", "1.2", "10")
    assert [d["ref"] for d in json.loads(ok(db, "due", "--json"))] == []
    today = date.today().isoformat()
    db.write_text(db.read_text().replace(f'"added":"{today}"', f'"added":"{start}"'))  # planned 20 days ago
    assert [d["ref"] for d in json.loads(ok(db, "due", "--json"))] == []  # the KPI's value and the check-in count
    ok(db, "kr", "add", "1", "Demos", "--target", "5")
    db.write_text(db.read_text().replace(f'"added":"{today}"', f'"added":"{start}"'))
    assert [d["ref"] for d in json.loads(ok(db, "due", "--json"))] == ["1.3"]


def test_due_for_a_prompt_never_fails_and_never_speaks_for_a_broken_store(tmp_path):
    db = tmp_path / "okrs.json"
    db.write_text("{ not json")
    result = run_okrtui(db, "due", "--format", "prompt")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert run_okrtui(db, "due").code == 1


def test_due_mine_keeps_only_mine(company, people):
    env, _, config = people
    config.parent.mkdir(parents=True)
    config.write_text('[user]\nname = "Cy"\n')
    ok(company, "objective", "activate", "3")
    ok(company, "objective", "add", "Old", "--period", "2020-Q1", "--owner", "Bo")
    assert [d["ref"] for d in json.loads(ok(company, "due", "--mine", "--json", env=env))] == []
    assert [d["ref"] for d in json.loads(ok(company, "due", "--json", env=env))] == ["4"]


def test_a_prompt_line_in_a_shell_prompt_function(tmp_path):
    """The README's bash set-up: PS1 takes okrtui due --format prompt, empty when nothing is due."""
    db = tmp_path / "okrs.json"
    ok(db, "kpi", "add", "Uptime", "--target", "99.9")
    okrtui = f"{sys.executable} -m okrtui --db {db}"
    script = f'okr_due() {{ {okrtui} due --format prompt 2>/dev/null; }}\nPS1="$(okr_due)> "\nprintf "%s" "$PS1"'
    shown = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True).stdout
    assert shown == "okr 1 due> "
    ok(db, "log", "Uptime", "99.95")
    assert subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True).stdout == "> "


# -- git's hooks ---------------------------------------------------------------------------------------
@pytest.fixture
def clone_with_store(tmp_path):
    repo = tmp_path / "team"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    db = repo / "okrs.json"
    ok(db, "kpi", "add", "Uptime", "--target", "99.9", "--owner", "Mei")
    return repo, db


def run_hook(repo, name, *args, env=None):
    return subprocess.run([str(repo / ".git" / "hooks" / name), *args], cwd=repo, capture_output=True, text=True,
                          env={**__import__("os").environ, **(env or {})})


def test_hooks_print_what_is_due_after_a_pull_and_keep_the_hook_that_was_there(clone_with_store, tmp_path):
    repo, db = clone_with_store
    mine = repo / ".git" / "hooks" / "post-checkout"
    mine.write_text("#!/bin/sh\necho \"$@\" >> ran.log\nexit 3\n")
    mine.chmod(0o755)
    config = tmp_path / "me.toml"
    config.write_text('[user]\nname = "Mei"\n')
    said = ok(db, "git-setup", "--hooks")
    assert "kept your post-checkout hook" in said and "post-merge hook" in said
    env = {"OKRTUI_CONFIG": str(config)}
    merged = run_hook(repo, "post-merge", "0", env=env)
    assert (merged.returncode, merged.stdout) == (0, "okrtui: log Uptime (daily)\n")
    switched = run_hook(repo, "post-checkout", "a", "b", "1", env=env)
    assert switched.returncode == 3 and "log Uptime" in switched.stdout  # the kept hook's status is git's
    assert (repo / "ran.log").read_text() == "a b 1\n"
    assert run_hook(repo, "post-checkout", "a", "b", "0", env=env).stdout == ""  # a file checkout: quiet
    again = ok(db, "git-setup", "--hooks")
    assert "hook:" not in again and "kept your" not in again  # written once; the kept hook is not wrapped twice
    assert not (repo / ".git" / "hooks" / "post-checkout.okrtui-chained.okrtui-chained").exists()


@pytest.mark.parametrize("breakage", ["broken store", "no store", "no okrtui"])
def test_hooks_stay_silent_and_never_fail_git(clone_with_store, breakage):
    repo, db = clone_with_store
    ok(db, "git-setup", "--hooks")
    hook = repo / ".git" / "hooks" / "post-merge"
    if breakage == "broken store":
        db.write_text("{")
    elif breakage == "no store":
        db.unlink()
    else:
        hook.write_text(hook.read_text().replace(sys.executable, "/nowhere/python"))
    result = run_hook(repo, "post-merge", "0")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# -- who recorded what ------------------------------------------------------------------------------
@pytest.fixture
def as_mei(tmp_path):
    config = tmp_path / "mei.toml"
    config.write_text('[user]\nname = "Mei"\n')
    return {"OKRTUI_CONFIG": str(config)}


def values_file(db):
    (path,) = (db.parent / (db.stem + ".values")).glob("*.json")
    return path


def test_a_logged_value_says_who_logged_it_and_old_lines_read_as_unknown(tmp_path, as_mei):
    db = tmp_path / "okrs.json"
    ok(db, "kpi", "add", "Uptime", "--target", "99.9")
    ok(db, "log", "Uptime", "99.1", "--date", "2026-11-01", env=as_mei)
    ok(db, "log", "Uptime", "99.2", "--date", "2026-11-02", "--note", "after the fix", env=as_mei)
    path = values_file(db)
    assert path.read_text() == '{\n"2026-11-01":[99.1,"","Mei"],\n"2026-11-02":[99.2,"after the fix","Mei"]\n}\n'
    path.write_text('{\n"2026-10-31":98.5,\n"2026-11-01":[99.1,"","Mei"],\n"2026-11-02":[99.2,"after the fix","Mei"]\n}\n')
    rows = ok(db, "export", "--format", "csv").splitlines()
    assert rows == ["kpi,date,value,note,by", "Uptime,2026-10-31,98.5,,", "Uptime,2026-11-01,99.1,,Mei",
                    "Uptime,2026-11-02,99.2,after the fix,Mei"]
    values = json.loads(ok(db, "export", "--format", "json"))["kpis"][0]["values"]
    assert [v["by"] for v in values] == ["", "Mei", "Mei"]


def test_undo_and_redo_keep_who_logged_a_value(tmp_path, as_mei):
    db = tmp_path / "okrs.json"
    ok(db, "kpi", "add", "Uptime", "--target", "99.9")
    ok(db, "log", "Uptime", "99.1", "--date", "2026-11-01", env=as_mei)
    ok(db, "log", "Uptime", "99.3", "--date", "2026-11-01")  # someone else corrects it
    ok(db, "undo")
    assert '"2026-11-01":[99.1,"","Mei"]' in values_file(db).read_text()
    ok(db, "redo")
    assert '"2026-11-01":[99.1,"","Mei"]' not in values_file(db).read_text()


def test_import_takes_files_with_and_without_by(tmp_path, as_mei):
    db = tmp_path / "okrs.json"
    with_by = tmp_path / "with.csv"
    with_by.write_text("kpi,date,value,note,by\nUptime,2026-11-01,99.1,,Bo\nUptime,2026-11-02,99.2,,\n")
    without = tmp_path / "without.csv"
    without.write_text("kpi,date,value\nUptime,2026-11-03,99.3\n")
    ok(db, "import", str(with_by), "--create-kpis", env=as_mei)
    ok(db, "import", str(without), env=as_mei)
    rows = ok(db, "export", "--format", "csv").splitlines()[1:]
    assert [row.rsplit(",", 1)[1] for row in rows] == ["Bo", "", "Mei"]  # the file's name; unknown; the importer
    bad = tmp_path / "bad.csv"
    bad.write_text("kpi,date,value,note,by\nUptime,2026-11-04,1,,\x1b[31mBo\n")
    assert run_okrtui(db, "import", str(bad)).code == 2


@pytest.mark.parametrize("line", ['[99.1,"",""]', '[99.1,"","\\u001b]52;c;x"]', '[99.1,"",7]', '[99.1,"","' + "x" * 81 + '"]'])
def test_a_values_file_whose_by_is_not_a_name_is_refused_by_name(tmp_path, line):
    db = tmp_path / "okrs.json"
    ok(db, "kpi", "add", "Uptime", "--target", "99.9")
    ok(db, "log", "Uptime", "99", "--date", "2026-11-01")
    path = values_file(db)
    path.write_text('{\n"2026-11-01":' + line + "\n}\n")
    result = run_okrtui(db, "kpi", "list")
    assert result.code == 1 and path.name in result.err, result


def test_check_ins_closes_and_carries_say_who(tmp_path, as_mei):
    db = tmp_path / "okrs.json"
    ok(db, "objective", "add", "Sell", "--period", "2026-Q3")
    ok(db, "kr", "add", "1", "Deals", "--target", "10")
    ok(db, "checkin", "1.1", "4", env=as_mei)
    ok(db, "carry", "1", env=as_mei)
    ok(db, "checkin", "2.1", "6")
    ok(db, "close", "2", "--status", "missed", env=as_mei)
    data = json.loads(ok(db, "export", "--format", "json"))["objectives"]
    assert [c["by"] for c in data[0]["key_results"][0]["checkins"]] == ["Mei"]
    assert data[0]["review"]["by"] == "Mei" and data[1]["review"]["by"] == "Mei"
    assert [c["by"] for c in data[1]["key_results"][0]["checkins"]][-1] not in ("Mei",)


def test_the_demo_is_by_nobody(tmp_path, as_mei):
    db = tmp_path / "okrs.json"
    ok(db, "demo", env=as_mei)
    assert "Mei" not in ok(db, "export", "--format", "csv")


def test_a_weekly_digest_per_person(company):
    ok(company, "kpi", "add", "Churn", "--target", "2", "--owner", "Mei")
    ok(company, "log", "Churn", "2.5")
    text = ok(company, "report", "--since", "7d", "--by", "owner")
    people_in_order = [line for line in text.splitlines() if line and not line.startswith((" ", "since"))]
    assert people_in_order == ["Cy", "Mei"]  # 2.1 is Mei's by its own owner, 3.1 Cy's by the objective's
    assert "2.1 Checkout steps" in text.split("Mei")[1] and "Churn" in text.split("Mei")[1]
    md = ok(company, "report", "--since", "7d", "--by", "owner", "--format", "md")
    assert md.startswith("# since ") and "\n## Mei\n- ● check-in 2.1 Checkout steps" in md
    moves = json.loads(ok(company, "report", "--since", "7d", "--json"))["moves"]
    assert {m["about"]: m["owner"] for m in moves} == {"2.1": "Mei", "3.1": "Cy", "Churn": "Mei"}


def test_due_for_a_prompt_reads_like_log_does(tmp_path):
    """No Textual, TinyDB or dataclasses (inspect) on `okrtui due`'s path: a prompt runs it every time."""
    db = tmp_path / "okrs.json"
    ok(db, "demo")
    code = ("import sys; from okrtui.cli import main; rc = main(sys.argv[1:]);"
            "bad = [m for m in ('textual', 'rich', 'tinydb', 'inspect', 'okrtui.domain.models') if m in sys.modules];"
            "assert not bad, bad; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), "due", "--mine", "--format", "prompt"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_the_name_okrtui_log_remembers_follows_the_config_and_git(tmp_path, people):
    """okrtui log keeps who "I" am in the cache (asking costs more than the log); any change to
    where the name comes from is seen on the next log."""
    env, db, config = people
    ok(db, "kpi", "add", "Uptime", "--target", "99.9", env=env)
    ok(db, "log", "Uptime", "1", "--date", "2026-11-01", env=env)
    subprocess.run(["git", "-C", str(db.parent), "config", "user.name", "Ana"], check=True, env=env)
    ok(db, "log", "Uptime", "2", "--date", "2026-11-02", env=env)
    config.parent.mkdir(parents=True)
    config.write_text('[user]\nname = "Mei"\n')
    ok(db, "log", "Uptime", "3", "--date", "2026-11-03", env=env)
    ok(db, "log", "Uptime", "4", "--date", "2026-11-04", env=env)
    rows = [line.rsplit(",", 1)[1] for line in ok(db, "export", "--format", "csv", env=env).splitlines()[1:]]
    assert rows == ["login-me", "Ana", "Mei", "Mei"]


# -- found by a hostile pass ----------------------------------------------------------------------
def test_kr_edit_with_nothing_to_change_changes_nothing_and_undo_keeps_to_the_last_change(company):
    before = company.read_bytes()
    assert run_okrtui(company, "kr", "edit", "2.1").code == 2
    assert "nothing changed" in ok(company, "kr", "edit", "2.1", "--target", "3")  # what it already is
    assert company.read_bytes() == before
    assert "undid" in ok(company, "undo") and company.read_bytes() != before  # undid the last real change
    assert json.loads(ok(company, "status", "--json"))["objectives"][0]["key_results"][0]["id"] == "2.1"  # still there
    result = run_okrtui(company, "kr", "edit", "1", "--title", "x")  # an objective's id is no key result
    assert result.code == 2 and "objective's id" in result.err


@pytest.mark.parametrize("option", ["--owner", "--team"])
def test_an_empty_name_is_refused_and_a_name_with_nothing_says_so(company, option):
    assert run_okrtui(company, "status", option, " ").code == 2
    text = ok(company, "status", option, "Nobody")
    assert "none of" in text and "Nobody" in text and "press n to plan" not in text


def test_hooks_are_never_written_into_a_hooks_folder_the_team_commits(clone_with_store):
    repo, db = clone_with_store
    subprocess.run(["git", "-C", str(repo), "config", "core.hooksPath", ".husky"], check=True)
    result = run_okrtui(db, "git-setup", "--hooks")
    assert result.code == 1 and "inside the work tree" in result.err and "due --mine --quiet" in result.err
    assert not (repo / ".husky").exists()


def test_a_by_that_is_not_text_is_named_as_such(tmp_path):
    db = tmp_path / "okrs.json"
    ok(db, "kpi", "add", "Uptime", "--target", "99.9")
    ok(db, "log", "Uptime", "99", "--date", "2026-11-01")
    values_file(db).write_text('{\n"2026-11-01":[99,"",42]\n}\n')
    result = run_okrtui(db, "kpi", "list")
    assert result.code == 1 and "who recorded the value of 2026-11-01 must be a name" in result.err


def test_whoami_says_when_the_configured_name_is_not_used(people):
    env, db, config = people
    config.parent.mkdir(parents=True)
    config.write_text('[user]\nname = "M\\u202eei"\n')
    result = run_okrtui(db, "whoami", env=env)
    assert result.code == 0 and "is not used" in result.err and "login-me" in result.out
