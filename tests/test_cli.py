from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import call_main, run_okrtui

TODAY = date.today().isoformat()


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_kpi_add_list_and_log(cli, db):
    assert cli("kpi", "add", "Average response time", "--unit", "min", "--direction", "down",
               "--cadence", "daily", "--target", "120", "--warn", "180", "--crit", "240").code == 0
    r = cli("log", "resp", "150", "--note", "after the rota change")
    assert r.code == 0 and "logged Average response time = 150 min" in r.out
    r = cli("log", "AVERAGE RESPONSE TIME", "250", "--date", TODAY)
    assert r.code == 0 and r.out.startswith("replaced")
    listed = json.loads(cli("kpi", "list", "--json").out)
    assert listed[0]["latest"] == {"date": TODAY, "value": 250.0}
    assert listed[0]["health"] == "critical" and listed[0]["stale"] is False
    assert "✖ critical" in cli("kpi", "list").out


def test_log_backdated_value_keeps_order(cli, db):
    cli("kpi", "add", "Web traffic")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert cli("log", "web", "20").code == 0
    assert cli("log", "web", "10", "--date", yesterday).code == 0
    kpi = json.loads(cli("kpi", "list", "--json").out)[0]
    assert kpi["recent"] == [10.0, 20.0] and kpi["latest"]["date"] == TODAY


@pytest.mark.parametrize(
    "args, message",
    [
        (("log", "nothing", "5"), "no KPI matches 'nothing'"),
        (("log", "conv", "5"), "ambiguous: Visitor-to-signup conversion, Trial-to-customer conversion"),
        (("log", "web", "five"), "must be a number"),
        (("log", "web", "5", "--date", "2026-13-01"), "not a date"),
        (("log", "web", "5", "--date", "yesterday"), "not a date"),
        (("log", "web", "inf"), "finite"),
        (("checkin", "1.1", "5", "--confidence", "11"), "from 0 to 10"),
        (("checkin", "1.1", "5", "--confidence", "high"), "whole number"),
        (("checkin", "no such kr", "5"), "no key result matches"),
        (("kpi", "add", "  "), "a KPI needs a name"),
        (("kpi", "add", "Web traffic"), "already exists"),
        (("kpi", "add", "x", "--direction", "sideways"), "invalid choice"),
        (("kpi", "add", "x", "--target", "lots"), "must be a number"),
        (("kpi", "add", "x\x1b[31m"), "control characters"),
        (("status", "--period", "2026-Q5"), "not a period"),
        (("export", "--format", "xml"), "invalid choice"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli, db, args, message):
    for name in ("Web traffic", "Visitor-to-signup conversion", "Trial-to-customer conversion"):
        cli("kpi", "add", name)
    before = db.read_bytes()
    r = cli(*args)
    assert r.code == 2, r
    assert message in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert db.read_bytes() == before


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=st.text(min_size=1, max_size=12).filter(lambda s: not _is_number(s) and "\x00" not in s and not s.startswith("-")))
def test_generated_bad_values_are_refused(cli, db, bad):
    if not db.exists():
        cli("kpi", "add", "Web traffic")
    before = db.read_bytes()
    r = cli("log", "Web traffic", bad)
    assert r.code == 2 and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("checkin", "1.1", "5", "--confidence", bad)
    assert r.code == 2 and "Traceback" not in r.err
    assert db.read_bytes() == before


def _is_number(text: str) -> bool:
    try:
        float(text.strip().replace("_", "").replace(",", ""))
        return True
    except ValueError:
        return False


def test_checkin_by_id_and_title(cli, demo_db):
    r = cli("checkin", "2.1", "62", "--confidence", "6", "--note", "survey in")
    assert r.code == 0 and "checked in 2.1 Lift NPS from 55 to 66: 62 of 66" in r.out
    r = cli("checkin", "collect 500", "470")
    assert r.code == 0 and "3.1" in r.out
    status = json.loads(cli("status", "--json").out)
    krs = {kr["id"]: kr for o in status["objectives"] for kr in o["key_results"]}
    assert krs["2.1"]["current"] == 62 and krs["2.1"]["confidence"] == 6
    assert krs["3.1"]["current"] == 470


def test_status_json_has_the_documented_keys(cli, demo_db):
    data = json.loads(cli("status", "--json").out)
    assert set(data) >= {"period", "objectives", "kpis"}
    objective = data["objectives"][0]
    assert set(objective) >= {"id", "title", "status", "kind", "progress", "pace", "key_results"}
    assert set(objective["key_results"][0]) >= {"id", "title", "start", "target", "current", "unit", "progress", "confidence", "kpi"}
    kpi = data["kpis"][0]
    assert set(kpi) >= {"id", "name", "unit", "direction", "target", "latest", "health", "stale", "trend", "recent"}
    assert set(kpi["latest"]) == {"date", "value"} and len(kpi["recent"]) > 5


def test_status_fits_80_columns_without_colour(cli, demo_db):
    r = cli("status")
    assert r.code == 0
    assert "\x1b" not in r.out  # piped and NO_COLOR: no escape codes
    assert all(width(line) <= 80 for line in r.out.splitlines()), max(r.out.splitlines(), key=width)
    for words in ("on track", "at risk", "off track"):
        if words in r.out:
            break
    else:
        pytest.fail("no pace in words")
    assert "提高客户体验得分20%" in r.out and "stale" in r.out


def test_status_of_another_period(cli, demo_db):
    previous = json.loads(cli("status", "--json").out)["period"]
    year, q = int(previous[:4]), int(previous[-1])
    earlier = f"Q{q - 1} {year}" if q > 1 else f"Q4 {year - 1}"
    data = json.loads(cli("status", "--period", earlier, "--json").out)
    assert [o["title"] for o in data["objectives"]] == ["Raise production efficiency by 30%"]


def test_check_exit_codes(cli, db):
    assert cli("kpi", "add", "Uptime", "--warn", "99", "--crit", "98", "--unit", "%").code == 0
    r = cli("check")
    assert r.code == 1 and "stale: Uptime, last value never" in r.out
    cli("log", "uptime", "99.9")
    r = cli("check")
    assert (r.code, r.out, r.err) == (0, "", "")
    cli("log", "uptime", "97")
    r = cli("check")
    assert r.code == 1 and "critical: Uptime is 97% (critical at 98%)" in r.out


def test_user_text_is_printed_harmlessly(cli, db):
    cli("kpi", "add", "[bold]x")
    cli("log", "[bold]x", "1", "--note", "evil\x1b]0;pwned\x07 note")
    r = cli("kpi", "list")
    assert "[bold]x" in r.out and "\x1b" not in r.out
    r = cli("export", "--format", "csv")
    assert "\x1b" not in r.out and "\\x1b" in r.out
    r = cli("export", "--format", "json")
    assert "\x1b" not in r.out and "\x07" not in r.out


def test_export_import_roundtrip(cli, demo_db, tmp_path):
    exported = cli("export", "--format", "csv")
    assert exported.code == 0
    rows = list(csv.reader(io.StringIO(exported.out)))
    assert rows[0] == ["kpi", "date", "value", "note", "by"] and len(rows) > 1000
    other = tmp_path / "other.json"
    source = tmp_path / "values.csv"
    source.write_text(exported.out, encoding="utf-8")
    r = run_okrtui(other, "import", str(source))
    assert r.code == 2 and "unknown KPI" in r.err and not other.exists()
    r = run_okrtui(other, "import", str(source), "--create-kpis")
    assert r.code == 0 and f"imported {len(rows) - 1} value(s)" in r.out
    again = run_okrtui(other, "export", "--format", "csv").out
    assert sorted(again.splitlines()) == sorted(exported.out.splitlines())


def test_import_reports_every_bad_row_and_imports_nothing(cli, db, tmp_path):
    cli("kpi", "add", "Web traffic")
    before = db.read_bytes()
    source = tmp_path / "bad.csv"
    source.write_text(
        "kpi,date,value,note\n"
        "Web traffic,2026-11-01,100,fine\n"
        "Web traffic,2026-11-02,lots,\n"
        "Web traffic,11/03/2026,5,\n"
        "Nope,2026-11-04,5,\n"
        ",2026-11-05,5,\n",
        encoding="utf-8",
    )
    r = cli("import", str(source))
    assert r.code == 2
    for line in ("line 3: value must be a number", "line 4: not a date", "line 5: unknown KPI 'Nope'", "line 6: empty KPI name"):
        assert line in r.err
    assert "line 2" not in r.err
    assert db.read_bytes() == before


@pytest.mark.parametrize("content, message", [("", "empty file"), ("name,when\nx,y\n", "header must be")])
def test_import_bad_files(cli, db, tmp_path, content, message):
    source = tmp_path / "x.csv"
    source.write_text(content)
    r = cli("import", str(source))
    assert r.code == 2 and message in r.err
    assert cli("import", str(tmp_path / "missing.csv")).code == 2


def test_export_markdown_and_json(cli, demo_db):
    md = cli("export", "--format", "md").out
    assert "## Select 25 new franchise candidates" in md and "| KR | Key result |" in md and "# KPIs" in md
    data = json.loads(cli("export", "--format", "json").out)
    assert len(data["kpis"]) == 9 and len(data["kpis"][0]["values"]) > 300
    assert data["objectives"][0]["key_results"][0]["checkins"]


def test_demo_refuses_to_overwrite(cli, db):
    assert cli("demo").code == 0
    before = db.read_bytes()
    r = cli("demo")
    assert r.code == 1 and "will not overwrite" in r.err
    assert db.read_bytes() == before
    data = json.loads(cli("status", "--json").out)
    titles = [o["title"] for o in data["objectives"]]
    assert "提高客户体验得分20%" in titles and len(data["kpis"]) == 9


@pytest.mark.parametrize("args", [("status",), ("log", "x", "1"), ("check",), ("export",), ()])
def test_unreadable_store_exit_1_and_untouched(cli, db, args):
    db.parent.mkdir()
    db.write_bytes(b'{"broken": ')
    r = cli(*args)
    assert r.code == 1 and str(db) in r.err and "not valid JSON" in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert db.read_bytes() == b'{"broken": '


def test_okrtui_db_environment_variable(tmp_path):
    target = tmp_path / "env-store.json"
    proc = subprocess.run([sys.executable, "-m", "okrtui", "kpi", "add", "Web traffic"],
                          env={**__import__("os").environ, "OKRTUI_DB": str(target)}, capture_output=True, text=True)
    assert proc.returncode == 0 and target.exists()


@pytest.mark.parametrize("args", [("log", "web", "5"), ("status",), ("status", "--json"), ("check",), ("kpi", "list")])
def test_shell_commands_never_import_textual(db, args):
    run_okrtui(db, "kpi", "add", "Web traffic")
    code = (
        "import sys; from okrtui.cli import main; rc = main(sys.argv[1:]);"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich'))];"
        "assert not bad, bad; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), *args], capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr


def test_log_path_skips_heavy_imports(db):
    """The fast path: no TinyDB, dataclasses (inspect) or platformdirs on `okrtui log`."""
    run_okrtui(db, "kpi", "add", "Web traffic")
    code = (
        "import sys; from okrtui.cli import main; rc = main(sys.argv[1:]);"
        "bad = [m for m in ('textual', 'rich', 'tinydb', 'inspect', 'platformdirs', 'filelock', 'okrtui.domain.models') if m in sys.modules];"
        "assert not bad, bad; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), "log", "web", "5"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_domain_imports_neither_textual_nor_tinydb():
    code = (
        "import sys, pkgutil, importlib, okrtui.domain as d;"
        "[importlib.import_module('okrtui.domain.' + m.name) for m in pkgutil.iter_modules(d.__path__)];"
        "import okrtui.textfmt;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb', 'rich')];"
        "assert not bad, bad"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_layers_import_in_one_direction():
    root = Path(__file__).resolve().parent.parent / "okrtui"
    for path in (root / "domain").glob("*.py"):
        text = path.read_text()
        assert "from ..store" not in text and "from ..ui" not in text and "import tinydb" not in text, path
    for path in (root / "store").glob("*.py"):
        assert "from ..ui" not in path.read_text(), path
    tinydb_users = {p.relative_to(root).as_posix() for p in root.rglob("*.py") if "tinydb" in p.read_text()}
    assert all(name.startswith("store/") for name in tinydb_users), tinydb_users


@pytest.mark.parametrize("no_color, coloured", [(False, True), (True, False)])
def test_colour_only_on_a_terminal_without_no_color(demo_db, no_color, coloured):
    import os
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "OKRTUI_DB")}
    env["TERM"] = "xterm-256color"
    if no_color:
        env["NO_COLOR"] = "1"
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "okrtui", "--db", str(demo_db), "status"],
                            stdout=follower, stderr=follower, env=env)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=60) == 0
    os.close(leader)
    assert (b"\x1b[" in output) is coloured
    assert b"at risk" in output  # the words are there either way


# -- widths (issue 15): status, report and kpi list follow the terminal ------------------------------
@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("command", [("status",), ("kpi", "list"), ("report", "--since", "30d")])
def test_shell_views_follow_the_width_and_never_cut_a_number(demo_db, monkeypatch, width, command):
    import re

    from okrtui.textfmt import cell_width

    monkeypatch.setenv("COLUMNS", str(width))
    result = call_main(demo_db, *command)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines and all(cell_width(line) <= width for line in lines), [line for line in lines if cell_width(line) > width]
    assert not re.search(r"\d[.,]?…", result.out), result.out
    if width >= 200 and command != ("report", "--since", "30d"):
        assert "…" not in result.out  # room for every name and title: nothing is cut


def test_shell_views_are_80_columns_when_piped_without_columns(demo_db, monkeypatch):
    from okrtui.textfmt import cell_width

    monkeypatch.delenv("COLUMNS", raising=False)
    out = call_main(demo_db, "status").out
    assert max(cell_width(line) for line in out.splitlines()) <= 80


def test_the_tui_refuses_to_start_without_a_terminal(demo_db):
    """Headless, it drew to nowhere at 90% CPU until killed."""
    for args in ((), ("log",), ("demo", "--open")):
        result = run_okrtui(demo_db, *args)
        assert result.code == 2 and "needs a terminal" in result.err, (args, result)
