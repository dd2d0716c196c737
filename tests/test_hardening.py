"""Regression tests for what a hostile user found: extreme values, bad text, odd periods,
foreign stores, files and folders, escapes, CSV formulas and number rules."""

from __future__ import annotations

import html
import csv
import io
import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import call_main, run_okrtui
from okrtui.domain.parsing import MAX_MAGNITUDE, parse_confidence, parse_number
from okrtui.domain.period import Period, PeriodError
from okrtui.domain.safetext import csv_cell, csv_uncell, json_safe, markdown_text, printable
from okrtui.store import Store, StoreError
from okrtui.store import legacy
from okrtui.textfmt import cell_width, percent, sparkline

TODAY = date.today()


# -- one rule for numbers ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value",
    [
        ("12", 12.0), ("-3.5", -3.5), (" 1_000 ", 1000.0), ("1,000", 1000.0), ("12,345.5", 12345.5),
        ("-1,234,567", -1234567.0), ("1e3", 1000.0), ("1e15", 1e15), ("-1e15", -1e15), ("0", 0.0),
        ("0.000", 0.0), ("1e-300", 1e-300), ("１２．５", 12.5), ("－３", -3.0), ("１，０００", 1000.0),
    ],
)
def test_numbers_people_type_are_read(text, value):
    assert parse_number(text, "value") == value


@pytest.mark.parametrize(
    "text, words",
    [
        ("1,5", "comma only separates thousands"), ("1,50", "comma only separates thousands"),
        ("12,3456", "comma only separates thousands"), (",5", "comma"), ("1,000,00", "comma"),
        ("1e16", "too large"), ("-2e15", "too large"), ("1e400", "finite"), ("inf", "finite"), ("nan", "finite"),
        ("-infinity", "finite"), ("1e-400", "too small to tell from zero"), ("١٢", "digits 0-9"), ("१२", "digits 0-9"),
        ("", "empty"), ("   ", "empty"), ("twelve", "must be a number"), ("12ms", "leave out the unit"),
        ("12 %", "leave out the unit"), ("0x10", "must be a number"),
    ],
)
def test_numbers_outside_the_rule_are_refused_in_words(text, words):
    with pytest.raises(ValueError, match=words):
        parse_number(text, "value")


@pytest.mark.parametrize("text, value", [("７", 7), ("10", 10), ("", None), (None, None)])
def test_confidence_follows_the_digit_rule(text, value):
    assert parse_confidence(text) == value


@pytest.mark.parametrize("text", ["٧", "11", "-1", "7.5"])
def test_confidence_refuses_what_is_not_0_to_10(text):
    with pytest.raises(ValueError):
        parse_confidence(text)


# -- total views ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [[MAX_MAGNITUDE, -MAX_MAGNITUDE], [1.7e308, -1.7e308], [float("inf"), 1.0], [float("nan")], [5e-324, 0.0], [],
     [3.0, 3.0, 3.0]],
)
def test_sparkline_is_total(values):
    line = sparkline(values, 12)
    assert len(line) == min(len(values), 12)


@pytest.mark.parametrize("fraction, text", [(None, "  —"), (0.0, "  0%"), (1.0, "100%"), (9.99, "999%"), (1e24, ">10x"),
                                            (float("nan"), "  —"), (float("inf"), ">10x")])
def test_percent_is_at_most_four_columns(fraction, text):
    assert percent(fraction) == text


# -- periods at the edges of the calendar -------------------------------------------------
def test_early_years_keep_a_key_that_parses_back():
    period = Period.of_quarter(999, 1)
    assert period.key == "0999-Q1" and Period.parse(period.key) == period
    assert Period.parse("Q4 9999").end == date(9999, 12, 31)


@pytest.mark.parametrize("text, step", [("0001-Q1", -1), ("9999-Q4", 1), ("0001-01-01..0001-03-31", -1),
                                        ("9999-10-01..9999-12-31", 1)])
def test_stepping_past_the_calendar_is_refused_in_words(text, step):
    with pytest.raises(PeriodError, match="calendar ends"):
        Period.parse(text).shifted(step)


@pytest.mark.parametrize("period", ["0999-Q1", "0001-Q1", "9999-Q4", "0001-01-01..0001-01-01", "9999-12-31..9999-12-31"])
def test_status_and_export_take_any_period(db, period):
    assert call_main(db, "kpi", "add", "Web traffic").code == 0
    for args in (("status", "--period", period), ("status", "--json", "--period", period),
                 ("export", "--format", "md", "--period", period), ("export", "--format", "csv", "--period", period)):
        result = call_main(db, *args)
        assert result.code == 0, (args, result.err)


# -- extreme values, logged and viewed -----------------------------------------------------
def test_extreme_values_are_rendered_by_every_command_in_80_columns(db):
    assert call_main(db, "kpi", "add", "Web traffic", "--unit", "visits", "--target", "1e15").code == 0
    assert call_main(db, "log", "web", "1e15", "--date", (TODAY - timedelta(days=1)).isoformat()).code == 0
    assert call_main(db, "log", "web", "--", "-1e15").code == 0
    _objective_with_kr(db, start=-MAX_MAGNITUDE, target=MAX_MAGNITUDE)
    assert call_main(db, "checkin", "1.1", "1e15").code == 0
    for args in (("status",), ("kpi", "list"), ("check",)):
        result = call_main(db, *args)
        assert result.code in (0, 1) and not result.err, (args, result.err)
        assert all(cell_width(line) <= 80 for line in result.out.splitlines()), result.out
    for args in (("status", "--json"), ("kpi", "list", "--json"), ("export", "--format", "json")):
        json.loads(call_main(db, *args).out)
    assert call_main(db, "export", "--format", "csv").code == 0


def _objective_with_kr(db: Path, start: float = 0.0, target: float = 100.0, title: str = "Ship it") -> None:
    from okrtui.domain.models import KeyResult, Objective

    with Store(str(db)).transaction() as repo:
        objective = Objective(title, Period.containing(TODAY).key, status="active")
        objective.key_results.append(KeyResult("Key result one", start=start, target=target))
        repo.save_objective(objective)


def test_a_wrong_value_can_be_deleted(db):
    call_main(db, "kpi", "add", "Web traffic")
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    call_main(db, "log", "web", "5", "--date", yesterday, "--note", "typo")
    call_main(db, "log", "web", "7")
    result = call_main(db, "log", "web", "--delete", "--date", yesterday)
    assert result.code == 0 and f"deleted Web traffic = 5 on {yesterday}" in result.out
    kpi = json.loads(call_main(db, "kpi", "list", "--json").out)[0]
    assert kpi["recent"] == [7.0]
    before = db.read_bytes()
    missing = call_main(db, "log", "web", "--delete", "--date", yesterday)
    assert missing.code == 1 and "no value on" in missing.err and db.read_bytes() == before
    assert call_main(db, "log", "web", "5", "--delete").code == 2
    assert call_main(db, "log", "web").code == 2
    assert db.read_bytes() == before


# -- text that is not UTF-8 ----------------------------------------------------------------
@pytest.mark.parametrize("args", [
    [b"kpi", b"add", b"caf\xe9"],
    [b"kpi", b"add", b"Web", b"--unit", b"\xff"],
    [b"log", b"web", b"5", b"--note", b"\xfe\xff"],
    [b"checkin", b"1.1", b"5", b"--note", b"\xc3"],
])
def test_text_that_is_not_utf8_is_refused_and_the_store_kept(db, args):
    run_okrtui(db, "kpi", "add", "Web traffic")
    before = db.read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "OKRTUI_DB"}
    env.update(NO_COLOR="1", LC_ALL="C.UTF-8")
    proc = subprocess.run([sys.executable.encode(), b"-m", b"okrtui", b"--db", str(db).encode(), *args],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert b"Traceback" not in proc.stderr and b"not valid UTF-8" in proc.stderr
    assert db.read_bytes() == before


# -- foreign and damaged stores ------------------------------------------------------------
GOOD_META = {"1": {"app": "okrtui", "schema": 1}}


def _store_with(**tables) -> dict:
    data = {"meta": GOOD_META, "objectives": {}, "kpis": {}, "kpi_values": {}}
    data.update(tables)
    return data


KR = {"n": 1, "title": "k", "start": 0, "target": 10}
OBJ = {"title": "t", "period": "2026-Q4", "key_results": [KR]}

BAD_STORES = [
    ("deep nesting", None, "nested too deeply"),
    ("id not a number", _store_with(kpis={"x1": {"name": "a"}}), "document id 'x1'"),
    ("id with leading zero", _store_with(kpis={"01": {"name": "a"}}), "document id '01'"),
    ("packed column not date value", _store_with(kpis={"1": {"name": "a"}}, kpi_values={"1": {"values": "hello"}}),
     "field values"),
    ("packed value too large", _store_with(kpis={"1": {"name": "a"}}, kpi_values={"1": {"values": "@2026-01-01 1e300"}}),
     "field values"),
    ("packed dates out of order", _store_with(kpis={"1": {"name": "a"}},
                                              kpi_values={"1": {"values": "@2026-01-05 1;2;@2026-01-03 4"}}), "not in order"),
    ("notes not a map", _store_with(kpis={"1": {"name": "a"}}, kpi_values={"1": {"values": "", "notes": []}}), "notes"),
    ("due date not a date", _store_with(objectives={"1": {**OBJ, "key_results": [{**KR, "due": "next week"}]}}),
     "key_results[0].due"),
    ("target not finite", _store_with(kpis={"1": {"name": "a", "target": 1e308}}), "field target"),
    ("target text", _store_with(kpis={"1": {"name": "a", "target": "high"}}), "field target"),
    ("big integer", _store_with(objectives={"1": {**OBJ, "key_results": [{**KR, "start": 10**400}]}}), "key_results[0].start"),
    ("period nonsense", _store_with(objectives={"1": {**OBJ, "period": "someday"}}), "field period"),
    ("status unknown", _store_with(objectives={"1": {**OBJ, "status": "exploded"}}), "field status"),
    ("check-in value text", _store_with(objectives={"1": {**OBJ, "key_results": [
        {**KR, "checkins": [{"at": "2026-11-01T09:00:00", "value": "7"}]}]}}), "checkins[0].value"),
    ("check-in time bad", _store_with(objectives={"1": {**OBJ, "key_results": [
        {**KR, "checkins": [{"at": "yesterday", "value": 7}]}]}}), "checkins[0].at"),
    ("confidence a bool", _store_with(objectives={"1": {**OBJ, "key_results": [{**KR, "confidence": True}]}}),
     "confidence"),
    ("grade above 1", _store_with(objectives={"1": {**OBJ, "review": {"grade": 7}}}), "review.grade"),
    ("key results not a list", _store_with(objectives={"1": {**OBJ, "key_results": {"a": 1}}}), "key_results"),
    ("initiative without title", _store_with(objectives={"1": {**OBJ, "initiatives": [{"status": "todo"}]}}),
     "initiatives[0].title"),
    ("lone surrogate", _store_with(kpis={"1": {"name": "a\udcff"}}), "not valid Unicode"),
    ("meta not an object", {"meta": {"1": 5}, "objectives": {}}, "table 'meta'"),
]


def _write_raw(db: Path, data) -> bytes:
    db.parent.mkdir(parents=True, exist_ok=True)
    if data is None:
        raw = b'{"meta":' + json.dumps(GOOD_META).encode() + b',"objectives":{"1":{"title":"x","why":' + b"[" * 5000 + b"]" * 5000 + b"}}}"
    else:
        raw = json.dumps(data, ensure_ascii=True).encode()
    db.write_bytes(raw)
    return raw


@pytest.mark.parametrize("name, data, words", BAD_STORES, ids=[case[0] for case in BAD_STORES])
def test_a_foreign_store_is_reported_and_left_untouched(db, name, data, words):
    raw = _write_raw(db, data)
    with pytest.raises(StoreError) as caught:
        Store(str(db)).read()
    assert words in str(caught.value)
    for args in (("status",), ("kpi", "list"), ("check",), ("export", "--format", "json"), ("log", "a", "5"),
                 ("kpi", "add", "b"), ()):
        result = call_main(db, *args)
        assert result.code == 1, (args, result)
        assert "okrtui: error:" in result.err and "Traceback" not in result.err
    assert db.read_bytes() == raw


def test_the_tui_refuses_a_bad_store_before_taking_the_screen(db):
    raw = _write_raw(db, BAD_STORES[7][1])
    result = run_okrtui(db)  # no command: the TUI
    assert result.code == 1 and "key_results[0].due" in result.err and "Traceback" not in result.err
    assert db.read_bytes() == raw


# -- files and folders ---------------------------------------------------------------------
def test_a_read_only_store_is_never_rewritten(db):
    call_main(db, "kpi", "add", "Web traffic")
    os.chmod(db, 0o444)
    before = db.read_bytes()
    for args in (("log", "web", "5"), ("kpi", "add", "Other"), ("log", "web", "--delete")):
        result = call_main(db, *args)
        assert result.code == 1 and "read-only" in result.err, result
    assert db.read_bytes() == before and stat.S_IMODE(db.stat().st_mode) == 0o444
    assert call_main(db, "status").code == 0  # reading still works


def test_a_symlinked_store_is_written_through_the_link(tmp_path):
    real = tmp_path / "real" / "okrtui.json"
    call_main(real, "kpi", "add", "Web traffic")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert call_main(link, "log", "web", "5").code == 0
    assert call_main(link, "kpi", "add", "Other").code == 0  # the TinyDB path too
    assert link.is_symlink() and os.readlink(link) == str(real)
    names = [k["name"] for k in json.loads(call_main(real, "kpi", "list", "--json").out)]
    assert names == ["Web traffic", "Other"]
    assert (real.parent / "okrtui.json.lock").exists() and not (tmp_path / "link.json.lock").exists()


def test_new_folders_are_private_whatever_the_umask(tmp_path):
    db = tmp_path / "a" / "b" / "c" / "okrtui.json"
    old = os.umask(0)
    try:
        assert call_main(db, "kpi", "add", "Web traffic").code == 0
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_leftover_temp_that_cannot_be_removed_never_blocks_a_write(db):
    """Temp files have random names (O_EXCL), so a leftover of any kind is never in the way."""
    call_main(db, "kpi", "add", "Web traffic")
    (db.parent / "okrtui.json.tmp").mkdir()  # unlink fails on it, as in a read-only folder
    (db.parent / "okrtui.json.tmp" / "x").write_text("x")
    assert call_main(db, "log", "web", "5").code == 0
    assert call_main(db, "kpi", "add", "Open bugs").code == 0
    assert (db.parent / "okrtui.json.tmp" / "x").read_text() == "x"
    assert "Open bugs" in call_main(db, "kpi", "list").out


def test_a_store_path_that_is_a_folder_or_below_a_file_is_an_error(tmp_path):
    (tmp_path / "file").write_text("x")
    for path in (tmp_path, tmp_path / "file" / "okrtui.json"):
        for args in (("status",), ("kpi", "add", "x")):
            result = call_main(path, *args)
            assert result.code == 1 and "Traceback" not in result.err, (path, args, result)


# -- escapes -------------------------------------------------------------------------------
EVIL = "a\x1b]52;c;cHduZWQ=\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\x9b31m\u202eevil\u2066"


def _forbidden(text: str) -> list[str]:
    return [c for c in text if c in "\x1b\x07\x9b\u202e\u2066"]


def test_store_names_never_reach_the_terminal_raw(db):
    _write_raw(db, _store_with(kpis={"1": {"name": EVIL, "unit": EVIL}}, kpi_values={"1": {"values": "@2026-11-01 5"}},
                               objectives={"1": {**OBJ, "title": EVIL, "key_results": [{**KR, "title": EVIL}]}}))
    for args in (("log", "nothing", "5"), ("checkin", "nothing", "5"), ("kpi", "list"), ("kpi", "list", "--json"),
                 ("status", "--period", "2026-Q4"), ("status", "--json"), ("check",), ("export", "--format", "md"),
                 ("export", "--format", "json"), ("export", "--format", "csv"), ("log", EVIL, "5")):
        result = call_main(db, *args)
        assert not _forbidden(result.out) and not _forbidden(result.err), (args, result)
    known = call_main(db, "log", "nothing", "5").err
    assert "no KPI matches" in known and "\\x1b]52" in known and "\\u202e" in known


def test_json_output_escapes_but_keeps_meaning():
    text = json.dumps({"name": "x\u202ey\x85z\u2028"}, ensure_ascii=False)
    safe = json_safe(text)
    assert not _forbidden(safe) and "\x85" not in safe and "\u2028" not in safe
    assert json.loads(safe) == {"name": "x\u202ey\x85z\u2028"}


def test_printable_escapes_surrogates_and_separators():
    assert printable("a\udcffb\u2028c") == "a\\udcffb\\u2028c"
    assert printable("中文 👨‍👩‍👧 ok") == "中文 👨‍👩‍👧 ok"


# -- CSV and Markdown ----------------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "＝1"])
def test_formula_cells_are_neutralised_and_read_back(text):
    cell = csv_cell(text)
    assert cell.startswith("'")
    assert csv_uncell(csv_cell("=1+2")) == "=1+2"


def test_csv_export_neutralises_text_but_keeps_numbers(db):
    call_main(db, "kpi", "add", "=HYPERLINK(\"http://x\")")
    call_main(db, "log", "HYPER", "--note", "@SUM(1)", "--", "-5")
    out = call_main(db, "export", "--format", "csv").out
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")" and rows[1][2] == "-5" and rows[1][3] == "'@SUM(1)"
    export = db.parent / "export.csv"
    export.write_text(out)
    other = db.parent / "other.json"
    result = call_main(other, "import", str(export), "--create-kpis")
    assert result.code == 0, result.err
    again = json.loads(call_main(other, "export", "--format", "json").out)["kpis"][0]
    assert again["name"] == "=HYPERLINK(\"http://x\")" and again["values"][0]["note"] == "@SUM(1)"


def test_markdown_text_cannot_open_markup():
    assert markdown_text("[x](javascript:alert(1)) <img> | *b* `c` # h") == (
        "\\[x\\](javascript:alert(1)) \\<img\\> \\| \\*b\\* \\`c\\` \\# h")


# -- the packed column ---------------------------------------------------------------------
@pytest.mark.parametrize("packed, count", [("", 0), ("@2026-01-01 5", 1), ("@2026-01-31 5;6;@2026-03-01 -7.25;1e-05", 4),
                                           ("@0001-01-01 1000000000000000.0", 1)])
def test_well_formed_columns_pass(packed, count):
    assert legacy.check(packed) == count


@pytest.mark.parametrize("packed", ["5", "@2026-01-01", "@2026-01-01 5;", "@2026-01-01 5;x", "@2026-02-30 5",
                                    "@2026-01-02 5;@2026-01-02 6", "@9999-12-31 1;2", "@2026-01-01 1e5",
                                    "@2026-01-01 --5", "@2026-01-01 ５"])
def test_malformed_columns_are_refused(packed):
    with pytest.raises(ValueError):
        legacy.check(packed)


# -- from the hostile pass after the first fixes ---------------------------------------------
def test_a_checkin_on_an_objective_that_cannot_be_saved_is_refused_in_words(db):
    _write_raw(db, _store_with(objectives={"1": {**OBJ, "title": "Grow \x1b]52;c;aGk=\x07", "parent": 99}}))
    raw = db.read_bytes()
    result = call_main(db, "checkin", "1.1", "5")
    assert result.code == 1 and "cannot be saved as it is" in result.err and "\x1b" not in result.err
    assert db.read_bytes() == raw


def test_csv_export_keeps_every_digit(db):
    call_main(db, "kpi", "add", "Revenue")
    for day, value in (("2026-11-01", "12345.67"), ("2026-11-02", "0.123456"), ("2026-11-03", "1234567.5")):
        call_main(db, "log", "rev", value, "--date", day)
    out = call_main(db, "export", "--format", "csv").out
    assert [row[2] for row in csv.reader(io.StringIO(out))][1:] == ["12345.67", "0.123456", "1234567.5"]
    assert "12345.67" in call_main(db, "log", "rev", "12345.67", "--date", "2026-11-01").out


@pytest.mark.parametrize("text", ["'=x", "''=x", "'-n", "'plain", "=x"])
def test_csv_cells_read_back_exactly(text):
    assert csv_uncell(csv_cell(text)) == text


def test_an_empty_db_path_is_bad_input(capsys):
    from okrtui.cli import main

    assert main(["--db", "", "kpi", "list"]) == 2
    assert "--db needs a path" in capsys.readouterr().err


def test_json_escapes_every_invisible_format_character():
    name = "A\u00ad\u200b\ufeff\U000e0041B"
    safe = json_safe(json.dumps({"n": name}, ensure_ascii=False))
    assert safe.isascii() and json.loads(safe) == {"n": name}


def test_kpis_differing_only_by_case_are_reachable(db):
    _write_raw(db, _store_with(kpis={"1": {"name": "dup"}, "2": {"name": "DUP"}}))
    assert call_main(db, "log", "dup", "5").code == 0
    assert call_main(db, "log", "DUP", "6").code == 0
    assert call_main(db, "log", "#2", "7").code == 0
    values = {k["name"]: k["recent"] for k in json.loads(call_main(db, "kpi", "list", "--json").out)}
    assert values == {"dup": [5.0], "DUP": [7.0]}


def test_periods_take_ascii_digits_only(db):
    assert call_main(db, "status", "--period", "٢٠٢٦-Q4").code == 2


@pytest.mark.parametrize("data", [
    _store_with(kpis={"1": {"name": "a", "target": 1e-400}}),
    _store_with(kpis={"1": {"name": "a"}}, kpi_values={"1": {"values": "@2026-01-01 5e-400"}}),
])
def test_stored_numbers_that_underflow_are_refused(db, data):
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_text(json.dumps(data).replace("0.0", "1e-400") if "target" in json.dumps(data) else json.dumps(data))
    result = call_main(db, "status")
    assert result.code == 1 and "too small to tell from zero" in result.err


def test_demo_open_opens_a_read_only_store_that_has_data(db):
    call_main(db, "kpi", "add", "Web traffic")
    os.chmod(db, 0o444)
    assert call_main(db, "demo", "--open").code == 0


@pytest.mark.parametrize("args", [("kpi", "add", "a\u202eb"), ("kpi", "add", "x", "--unit", "m\x1b"),
                                  ("kpi", "add", "x", "--category", "\u2066c")])
def test_names_and_units_refuse_controls_and_bidi_overrides(db, args):
    result = call_main(db, *args)
    assert result.code == 2 and "control characters" in result.err


@pytest.mark.parametrize("name", ["Mei&rlm;Lin", "A &amp; B", "x&NewLine;# heading", "&lt;script&gt;"])
def test_markdown_text_shows_an_entity_as_typed_never_as_the_character_it_names(name):
    """A name is text: "&rlm;" in a change's who must not become a bidi mark once the report is
    rendered (GitHub, GitLab), nor "&amp;" a lone "&"."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt().render(markdown_text(name))
    assert "\u200f" not in rendered and "\n<h1" not in rendered
    assert rendered == f"<p>{html.escape(name, quote=False)}</p>\n"
