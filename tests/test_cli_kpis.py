"""Shell commands for KPIs and plans: kpi edit/rm/templates, pull, objective add, kr add,
import from stdin, and key results that follow a KPI. Real store files, in-process main()
for speed, a subprocess where the shell itself matters."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import call_main, run_okrtui
from okrtui.domain.period import Period
from okrtui.store import Store

TODAY = date.today()
PERIOD = Period.containing(TODAY)


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("OKRTUI_CONFIG", str(path))
    return path


def kpi_json(db: Path) -> dict[str, dict]:
    return {k["name"]: k for k in json.loads(call_main(db, "kpi", "list", "--json").out)}


def test_kpi_edit_changes_the_definition_and_keeps_values(db):
    call_main(db, "kpi", "add", "Uptime", "--template", "uptime", "--target", "99.9", "--warn", "99.5", "--crit", "99")
    call_main(db, "log", "uptime", "99.7")
    result = call_main(db, "kpi", "edit", "upt", "--name", "Service uptime", "--crit", "none", "--target", "99.95")
    assert result.code == 0 and "changed KPI 1: Service uptime" in result.out
    kpi = kpi_json(db)["Service uptime"]
    assert (kpi["unit"], kpi["direction"], kpi["target"], kpi["warn"], kpi["crit"]) == ("%", "up", 99.95, 99.5, None)
    assert kpi["recent"] == [99.7]


@pytest.mark.parametrize("args, words", [
    (("kpi", "edit", "nothing", "--unit", "x"), "no KPI matches"),
    (("kpi", "edit", "upt", "--direction", "sideways"), "invalid choice"),
    (("kpi", "edit", "upt", "--warn", "98", "--crit", "99"), "critical level"),
    (("kpi", "add", "x", "--template", "no such template"), "no template matches"),
])
def test_kpi_edit_refuses_bad_input_and_changes_nothing(db, args, words):
    call_main(db, "kpi", "add", "Uptime", "--template", "uptime")
    before = db.read_bytes()
    result = call_main(db, *args)
    assert result.code == 2 and words in result.err
    assert db.read_bytes() == before


def test_kpi_rm_names_its_key_results_unless_yes(db):
    call_main(db, "kpi", "add", "Average response time", "--unit", "min", "--direction", "down", "--target", "120")
    call_main(db, "log", "resp", "180", "--date", (PERIOD.start - timedelta(days=1)).isoformat())
    objective = call_main(db, "objective", "add", "Answer faster").out.strip()
    kr = call_main(db, "kr", "add", objective, "Response time to 120", "--kpi", "resp").out.strip()
    before = db.read_bytes()
    refused = call_main(db, "kpi", "rm", "resp")
    assert refused.code == 1 and kr in refused.err and "--yes" in refused.err and db.read_bytes() == before
    done = call_main(db, "kpi", "rm", "resp", "--yes")
    assert done.code == 0 and f"key results {kr} keep its values" in done.out
    kept = Store(str(db)).read().objective(int(objective)).key_results[0]
    assert kept.kpi is None and "followed KPI 'Average response time'" in kept.followed


def test_objective_and_key_results_from_the_shell(db):
    objective = call_main(db, "objective", "add", "Raise NPS", "--period", "Q1 2027", "--why", "word of mouth",
                          "--kind", "aspirational", "--owner", "Wang Fang")
    assert objective.code == 0 and objective.out.strip() == "1"
    kr = call_main(db, "kr", "add", "raise", "Lift NPS from 55 to 66", "--start", "55", "--target", "66")
    assert kr.code == 0 and kr.out.strip() == "1.1" and "objective activate 1" in kr.err
    assert call_main(db, "kr", "add", "1", "Below", "--target", "5", "--type", "below").out.strip() == "1.2"
    assert call_main(db, "objective", "activate", "1").code == 0
    saved = Store(str(db)).read().objective(1)
    assert (saved.period, saved.kind, saved.owner, saved.status) == ("2027-Q1", "aspirational", "Wang Fang", "active")
    assert [(k.title, k.start, k.target, k.type) for k in saved.key_results] == [
        ("Lift NPS from 55 to 66", 55, 66, "reach"), ("Below", 0, 5, "below")]


@pytest.mark.parametrize("args, words", [
    (("kr", "add", "9", "x", "--target", "1"), "no objective with id 9"),
    (("kr", "add", "1", "x"), "--target is needed"),
    (("kr", "add", "1", "x", "--kpi", "nothing"), "no KPI matches"),
    (("kr", "add", "1", "x", "--target", "1e16"), "too large"),
    (("objective", "add", "  "), "needs a title"),
    (("objective", "add", "x", "--period", "Q5 2026"), "not a period"),
])
def test_plans_from_the_shell_refuse_bad_input(db, args, words):
    call_main(db, "objective", "add", "Raise NPS")
    before = db.read_bytes()
    result = call_main(db, *args)
    assert result.code == 2 and words in result.err, result
    assert db.read_bytes() == before


def test_a_key_result_follows_its_kpi_through_log_import_and_checkin(db, tmp_path):
    call_main(db, "kpi", "add", "Uptime", "--template", "uptime", "--target", "99", "--warn", "98.5")
    call_main(db, "log", "uptime", "99.5", "--date", (PERIOD.start - timedelta(days=1)).isoformat())
    objective = call_main(db, "objective", "add", "Keep it up").out.strip()
    kr_id = call_main(db, "kr", "add", objective, "Uptime holds", "--kpi", "uptime").out.strip()
    call_main(db, "objective", "activate", objective)
    kr = Store(str(db)).read().objective(int(objective)).key_results[0]
    assert kr.type == "above" and kr.target == 98.5 and not kr.lower_is_better  # healthy: keep the level
    call_main(db, "log", "uptime", "98")
    status = json.loads(call_main(db, "status", "--json").out)["objectives"][0]["key_results"][0]
    assert (status["current"], status["unit"], status["lower_is_better"], status["progress"]) == (98.0, "%", False, 0.0)
    csv_file = tmp_path / "values.csv"
    csv_file.write_text(f"kpi,date,value\nupt,{TODAY.isoformat()},99.1\n")
    assert call_main(db, "import", str(csv_file)).code == 0  # import matches names the way log does
    assert json.loads(call_main(db, "status", "--json").out)["objectives"][0]["key_results"][0]["current"] == 99.1
    checked = call_main(db, "checkin", kr_id, "99.3", "--confidence", "8")
    assert checked.code == 0 and "logged Uptime = 99.3%" in checked.out
    assert kpi_json(db)["Uptime"]["latest"]["value"] == 99.3  # the KPI moved: one number, typed once
    stored = json.loads(db.read_text())["objectives"][objective]["key_results"][0]
    assert stored["checkins"] == [] and stored["confidence"] == 8  # nothing stored twice


def test_read_only_pull_runs_no_command_at_all(db, config, tmp_path):
    marker = tmp_path / "ran"
    call_main(db, "kpi", "add", "Open bugs", "--from", f"touch {marker}; echo 3")
    result = call_main(db, "--read-only", "pull")
    assert result.code == 1 and "nothing was run" in result.err
    assert not marker.exists() and kpi_json(db)["Open bugs"]["latest"] is None


def test_import_reads_standard_input(db):
    call_main(db, "kpi", "add", "Web traffic")
    result = run_okrtui(db, "import", "-", stdin=f"kpi,date,value,note\nweb,{TODAY.isoformat()},120,from a pipe\n")
    assert result.code == 0 and "imported 1 value(s) into 1 KPI(s)" in result.out
    assert kpi_json(db)["Web traffic"]["latest"]["value"] == 120.0


def test_pull_logs_what_each_command_prints_and_keeps_commands_out_of_the_store(db, config):
    call_main(db, "kpi", "add", "Open bugs", "--template", "open bugs", "--from", "echo 'open: 12'")
    call_main(db, "kpi", "add", "Deploys per week", "--from", "echo no number here")
    call_main(db, "kpi", "add", "Broken", "--from", "exit 3")
    assert "echo" not in db.read_text()  # the store never names a command
    assert "Open bugs" in config.read_text() and oct(config.stat().st_mode & 0o777) == "0o600"
    result = call_main(db, "pull")
    assert result.code == 1
    assert "pulled Open bugs = 12 bugs" in result.out
    assert "Deploys per week: its command printed no number" in result.err
    assert "Broken: its command failed (exit 3" in result.err
    assert kpi_json(db)["Open bugs"]["latest"]["value"] == 12.0
    assert kpi_json(db)["Broken"]["latest"] is None
    call_main(db, "kpi", "edit", "broken", "--from", "")
    call_main(db, "kpi", "edit", "deploys", "--from", "echo 4")
    assert call_main(db, "pull").code == 0
    call_main(db, "kpi", "edit", "open bugs", "--name", "Open P1 bugs")
    assert "Open P1 bugs" in config.read_text()  # the command follows a rename


def test_pull_with_a_bad_config_says_which_file(db, config):
    config.parent.mkdir(parents=True)
    config.write_text("[pull\n")
    result = call_main(db, "pull")
    assert result.code == 1 and str(config) in result.err and "not valid TOML" in result.err


def test_a_slow_command_times_out(db, config):
    call_main(db, "kpi", "add", "Slow", "--from", "sleep 5; echo 1")
    result = call_main(db, "pull", "--timeout", "1")
    assert result.code == 1 and "took longer than 1 s" in result.err


def test_every_command_help_ends_with_examples():
    from okrtui.cli import build_parser

    def parsers(parser, path=()):
        yield path, parser
        for action in parser._actions:
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                for name, child in action.choices.items():
                    yield from parsers(child, (*path, name))

    for path, parser in parsers(build_parser()):
        assert "examples:" in (parser.epilog or ""), path
        for action in parser._actions:
            if action.option_strings and action.dest not in ("help", "version"):
                assert action.help, (path, action.option_strings)


def test_cli_package_keeps_textual_and_tinydb_off_the_log_path(db):
    import subprocess
    import sys

    call_main(db, "kpi", "add", "Web traffic")
    code = ("import sys; from okrtui.cli import main; rc = main(sys.argv[1:]);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb', 'rich', 'tomli_w', 'plotext')"
            " or m in ('okrtui.cli.kpi', 'okrtui.cli.report', 'okrtui.cli.okr', 'okrtui.cli.data')];"
            "assert not bad, bad; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), "log", "web", "5"], capture_output=True, text=True,
                          env={**os.environ, "OKRTUI_DB": ""})
    assert proc.returncode == 0, proc.stderr


def test_values_for_days_to_come_are_refused(db, tmp_path):
    call_main(db, "kpi", "add", "Web traffic")
    before = db.read_bytes()
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    result = call_main(db, "log", "web", "5", "--date", tomorrow)
    assert result.code == 2 and "has not happened yet" in result.err
    csv_file = tmp_path / "future.csv"
    csv_file.write_text(f"kpi,date,value\nweb,{tomorrow},4\n")
    result = call_main(db, "import", str(csv_file))
    assert result.code == 2 and "line 2:" in result.err and "has not happened yet" in result.err
    assert db.read_bytes() == before


def test_kpi_rm_forgets_its_pull_command(db, config):
    call_main(db, "kpi", "add", "Open bugs", "--from", "echo 3")
    result = call_main(db, "kpi", "rm", "open bugs")
    assert result.code == 0 and "gone from" in result.out and "Open bugs" not in config.read_text()


def test_closed_objectives_take_no_new_key_results_and_kpis_without_targets_are_refused(db):
    call_main(db, "objective", "add", "Done", "--period", "2026-Q3")
    call_main(db, "kr", "add", "1", "R", "--target", "1")
    call_main(db, "close", "1", "--status", "achieved")
    call_main(db, "kpi", "add", "No target")
    call_main(db, "objective", "add", "Open")
    before = db.read_bytes()
    closed = call_main(db, "kr", "add", "1", "More", "--target", "2")
    assert closed.code == 2 and "is achieved" in closed.err and "okrtui carry 1" in closed.err
    no_target = call_main(db, "kr", "add", "2", "Follow it", "--kpi", "no target")
    assert no_target.code == 2 and "has no target to reach" in no_target.err
    nothing = call_main(db, "kpi", "edit", "no target")
    assert nothing.code == 2 and "nothing to change" in nothing.err
    activate = call_main(db, "objective", "activate", "2")
    assert activate.code == 2 and "needs a measurable key result" in activate.err
    assert db.read_bytes() == before


def test_the_shell_completes_kpi_names_objective_and_key_result_ids_from_the_store(demo_db, tmp_path):
    """argcomplete asks okrtui itself; the answer comes from the store, without the TUI."""
    import subprocess
    import sys

    def complete(line: str) -> list[str]:
        out = tmp_path / "completions"
        code = ("import sys; from okrtui.cli import main\ntry:\n    main([])\nexcept SystemExit:\n    pass\n"
                "assert not [m for m in sys.modules if m.startswith(('textual', 'rich'))]")
        env = {**os.environ, "COMP_LINE": line, "COMP_POINT": str(len(line)), "_ARGCOMPLETE": "1",
               "_ARGCOMPLETE_IFS": "\n", "_ARGCOMPLETE_STDOUT_FILENAME": str(out)}
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
        assert proc.returncode == 0, proc.stderr
        return out.read_text().split("\n")

    assert complete(f"okrtui --db {demo_db} log Web") == ["Web\\ traffic "]
    assert "搜索引擎流量" in complete(f"okrtui --db {demo_db} log ")
    assert complete(f"okrtui --db {demo_db} checkin 1") == ["1.1", "1.2", "1.3"]
    assert {"1", "2", "3", "4"} <= set(complete(f"okrtui --db {demo_db} close "))
    assert not any(word.startswith("Web") for word in complete(f"okrtui --db {tmp_path / 'none.json'} log We"))
