from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.models import KeyResult, Kpi, Objective, Series
from okrtui.store.storage import SCHEMA_VERSION
from okrtui.store import Store, StoreError, default_path, resolve_path
from okrtui.store.repo import ValidationError


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_store_files_are_private(db: Path):
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("Web traffic"))
    assert mode(db) == 0o600
    assert mode(Path(str(db) + ".lock")) == 0o600
    assert mode(db.parent) == 0o700


def test_existing_loose_file_is_made_private_on_write(db: Path):
    db.parent.mkdir()
    db.write_text("{}")
    os.chmod(db, 0o644)
    with Store(str(db)).transaction() as repo:  # an empty TinyDB file is adopted
        repo.add_kpi(Kpi("Web traffic"))
    assert mode(db) == 0o600
    assert json.loads(db.read_text())["meta"]["1"]["schema"] == SCHEMA_VERSION


def test_roundtrip(db: Path):
    store = Store(str(db))
    with store.transaction() as repo:
        objective = Objective("提高客户体验得分20%", "2026-Q4", status="active",
                              key_results=[KeyResult("Lift NPS from 55 to 66", start=55, target=66)])
        oid = repo.save_objective(objective)
        kid = repo.add_kpi(Kpi("NPS", direction="up", warn=50, crit=40))
        repo.log_value(kid, date(2026, 11, 2), 57)
        repo.log_value(kid, date(2026, 11, 1), 56, note="first")
    with store.transaction() as repo:
        repo.checkin(f"{oid}.1", 60, 7, "better")
    snapshot = store.read()
    saved = snapshot.objective(oid)
    assert saved.title == "提高客户体验得分20%"
    assert saved.key_results[0].current == 60 and saved.key_results[0].checkins[0].note == "better"
    nps = snapshot.kpi(kid)
    assert nps.series.dates == ["2026-11-01", "2026-11-02"] and nps.series.notes == {"2026-11-01": "first"}
    assert "提高" in db.read_text(encoding="utf-8")  # readable in the file, not \u-escaped


def test_kr_ids_are_never_reused(db: Path):
    store = Store(str(db))
    with store.transaction() as repo:
        objective = Objective("o", "2026-Q4", key_results=[KeyResult("a"), KeyResult("b")])
        repo.save_objective(objective)
        objective.key_results.pop()
        objective.key_results.append(KeyResult("c"))
        repo.save_objective(objective)
    assert [kr.id for kr in store.read().objective(objective.id).key_results] == ["1.1", "1.3"]


def test_invalid_objective_is_not_saved(db: Path):
    store = Store(str(db))
    with pytest.raises(ValidationError):
        with store.transaction() as repo:
            repo.save_objective(Objective("", "2026-Q4"))
    assert not db.exists()


def test_delete_objective_clears_children_alignment(db: Path):
    store = Store(str(db))
    with store.transaction() as repo:
        parent = repo.save_objective(Objective("parent", "2026-Q4"))
        child = repo.save_objective(Objective("child", "2026-Q4", parent=parent))
        repo.delete_objective(parent)
    assert store.read().objective(child).parent is None
    assert store.read().objective(parent) is None


UNREADABLE = {
    "not json": b"{not json",
    "binary": bytes(range(256)),
    "a list": b"[1, 2, 3]",
    "foreign tinydb": b'{"_default": {"1": {"name": "someone else"}}}',
    "newer schema": b'{"meta": {"1": {"app": "okrtui", "schema": 99}}, "objectives": {}, "kpis": {}}',
    "someone else's meta": b'{"meta": {"1": {"app": "other", "schema": 1}}}',
    "bad table": b'{"meta": {"1": {"app": "okrtui", "schema": 1}}, "kpis": []}',
    "bad kpi": b'{"meta": {"1": {"app": "okrtui", "schema": 1}}, "kpis": {"1": {"name": 5}}}',
    "truncated": b'{"meta": {"1": {"app": "okrtui", "schema": 1}}, "objectives": {"1": {"tit',
}


@pytest.mark.parametrize("content", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_store_is_reported_and_left_alone(db: Path, content: bytes):
    db.parent.mkdir()
    db.write_bytes(content)
    os.chmod(db, 0o640)
    before = os.stat(db)
    store = Store(str(db))
    with pytest.raises(StoreError) as info:
        store.read()
    assert str(db) in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(StoreError):
        with store.transaction() as repo:
            repo.add_kpi(Kpi("x"))
    assert db.read_bytes() == content
    after = os.stat(db)
    assert (after.st_mtime_ns, after.st_ino, mode(db)) == (before.st_mtime_ns, before.st_ino, 0o640)


def test_malformed_objective_fields_are_a_store_error(db: Path):
    db.parent.mkdir()
    content = b'{"meta":{"1":{"app":"okrtui","schema":1}},"objectives":{"1":{"title":"t","period":"2026-Q4","key_results":[{"n":1,"title":"k","start":"abc"}]}},"kpis":{}}'
    db.write_bytes(content)
    with pytest.raises(StoreError, match=r"table 'objectives', document 1, field key_results\[0\].start: must be a number"):
        Store(str(db)).read().objectives()
    assert db.read_bytes() == content


def test_directory_in_place_of_store(db: Path):
    db.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a directory"):
        Store(str(db)).read()


def test_migration_takes_a_backup_first(db: Path):
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("Web traffic", unit="visits"))
    original = db.read_bytes()

    def rename_unit(data):
        for doc in data["kpis"].values():
            doc["units"] = doc.pop("unit")
        return data

    store = Store(str(db), migrations={SCHEMA_VERSION: rename_unit}, schema_version=SCHEMA_VERSION + 1)
    assert store.read().tables.kpis.all()[0]["units"] == "visits"  # migrated in memory on read...
    assert db.read_bytes() == original  # ...but a read never writes
    with store.write_tables():
        pass
    backup = Path(f"{db}.schema{SCHEMA_VERSION}.bak")
    assert backup.read_bytes() == original and mode(backup) == 0o600
    data = json.loads(db.read_text())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION + 1 and data["kpis"]["1"]["units"] == "visits"


def test_failed_migration_leaves_the_file(db: Path):
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("Web traffic"))
    original = db.read_bytes()

    def broken(data):
        raise ValueError("boom")

    with pytest.raises(StoreError, match=f"migration from schema {SCHEMA_VERSION} failed"):
        with Store(str(db), migrations={SCHEMA_VERSION: broken}, schema_version=SCHEMA_VERSION + 1).write_tables():
            pass
    with pytest.raises(StoreError, match="no migration"):
        Store(str(db), migrations={}, schema_version=SCHEMA_VERSION + 1).read()
    assert db.read_bytes() == original


def test_stale_temp_file_is_cleaned_on_the_next_write(db: Path):
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("a"))
    temp = Path(str(db) + ".tmp")
    temp.write_bytes(b"half a file")
    Store(str(db)).read()
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("b"))
    assert not temp.exists()
    assert len(Store(str(db)).read().kpis()) == 2


def test_default_path_follows_platformdirs(monkeypatch):
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_path() == os.path.join(platformdirs.user_data_dir("okrtui", appauthor=False), "okrtui.json")
    monkeypatch.setenv("XDG_DATA_HOME", "/tmp/xdg-elsewhere")
    assert default_path() == os.path.join(platformdirs.user_data_dir("okrtui", appauthor=False), "okrtui.json")


def test_path_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("OKRTUI_DB", str(tmp_path / "env.json"))
    assert resolve_path(str(tmp_path / "flag.json")) == str(tmp_path / "flag.json")
    assert resolve_path(None) == str(tmp_path / "env.json")
    monkeypatch.delenv("OKRTUI_DB")
    assert resolve_path(None) == default_path()


WRITER = """
import sys
from datetime import date, timedelta
from okrtui.store import Store
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store(path)
for i in range(count):
    with store.transaction() as repo:
        kpi = repo.find_kpi(name)
        repo.log_value(kpi.id, date(2000, 1, 1) + timedelta(days=i), i)
"""


def test_two_processes_writing_at_once_lose_nothing(db: Path):
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("alpha"))
        repo.add_kpi(Kpi("beta"))
    count = 150
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), name, str(count)]) for name in ("alpha", "beta")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    kpis = Store(str(db)).read().kpis(tail=None)
    assert [len(k.series) for k in kpis] == [count, count]


HAMMER = """
import sys
from datetime import date, timedelta
from okrtui.store import Store
store = Store(sys.argv[1])
i = 0
print("ready", flush=True)
while True:
    with store.transaction() as repo:
        repo.log_value(1, date(2000, 1, 1) + timedelta(days=i % 5000), i)
    i += 1
"""


def test_sigkill_during_writes_leaves_a_readable_store(db: Path):
    from okrtui.demo import demo_kpis

    with Store(str(db)).transaction() as repo:
        for kpi in demo_kpis(date(2026, 11, 27), days=2000):  # a few MB, so kills land mid-write
            repo.add_kpi(kpi)
    for attempt in range(12):
        proc = subprocess.Popen([sys.executable, "-c", HAMMER, str(db)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.037 * attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        repo = Store(str(db)).read()  # raises if the file were torn
        assert len(repo.kpis()) == len(demo_kpis(date(2026, 11, 27), days=10))
    with Store(str(db)).transaction() as repo:  # and the next writer clears the leftovers
        repo.log_value(1, date(2030, 1, 1), 1)
    assert not Path(str(db) + ".tmp").exists()


def test_fast_log_writes_what_the_tinydb_path_writes(tmp_path):
    from okrtui.store.fastlog import log_value_fast

    fast, slow = Store(str(tmp_path / "fast.json")), Store(str(tmp_path / "slow.json"))
    for store in (fast, slow):
        with store.transaction() as repo:
            repo.add_kpi(Kpi("Web traffic"))
            repo.add_kpi(Kpi("Sales revenue", unit="$"))
            repo.log_value(2, date(2026, 11, 1), 10)
    for day, value, note in (("2026-11-02", 12.5, "up"), ("2026-11-02", 13, ""), ("2026-11-03", 9, "late")):
        kpi, _ = log_value_fast(fast, "sales", day, value, note)
        assert kpi["name"] == "Sales revenue"
        with slow.transaction() as repo:
            repo.log_value(2, date.fromisoformat(day), value, note)
    assert log_value_fast(fast, "sales", "2026-11-01", 1) is None  # an older day: the ordinary path
    assert log_value_fast(fast, "web", "2026-11-02", 1)[1] is False  # its first value: a new file
    with slow.transaction() as repo:
        repo.log_value(1, date(2026, 11, 2), 1)
    def without_uids(path):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return data, [doc.pop("uid") for doc in data["kpis"].values()]

    assert without_uids(fast.path)[0] == without_uids(slow.path)[0]  # uids are random
    files = sorted(p.name for p in Path(fast.values_folder).iterdir())
    assert files == sorted(f"{uid}.json" for uid in without_uids(fast.path)[1])
    for kpi_id in (1, 2):
        assert fast.read().kpi(kpi_id).series == slow.read().kpi(kpi_id).series


def test_fast_log_falls_back_when_the_layout_is_not_ours(tmp_path):
    """A store pretty-printed by hand is still logged to, through TinyDB, and comes back canonical."""
    from okrtui.cli import main
    from okrtui.store.fastlog import log_value_fast

    store = Store(str(tmp_path / "s.json"))
    with store.transaction() as repo:
        repo.add_kpi(Kpi("Web traffic"))
    Path(store.path).write_text(json.dumps(json.loads(Path(store.path).read_text()), indent=4))
    assert log_value_fast(store, "web", "2026-11-02", 5) is None
    assert main(["--db", store.path, "log", "web", "5", "--date", "2026-11-02"]) == 0
    assert store.read().kpi(1).series.values == [5.0]
    assert log_value_fast(store, "web", "2026-11-03", 6) is not None


def test_shell_logs_and_tui_writes_at_once_lose_nothing(db: Path):
    """The CLI fast path and the TinyDB path, from separate processes, on one file."""
    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("alpha"))
        repo.add_kpi(Kpi("beta"))
    cli_loop = (
        "import sys; from okrtui.cli import main\n"
        "for i in range(60):\n"
        "    assert main(['--db', sys.argv[1], 'log', 'alpha', str(i), '--date', f'2001-01-{i % 28 + 1:02d}' if i < 28 else f'2001-02-{i - 27:02d}' if i < 56 else f'2001-03-{i - 55:02d}']) == 0\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", cli_loop, str(db)], stdout=subprocess.DEVNULL),
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), "beta", "60"]),
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    kpis = Store(str(db)).read().kpis(tail=None)
    assert [len(k.series) for k in kpis] == [60, 60]


def test_the_store_is_a_plain_tinydb_file(tmp_path):
    """Any TinyDB program can read it: our layout is just JSON, one document per line."""
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    from okrtui.demo import build_demo

    path = tmp_path / "demo.json"
    with Store(str(path)).transaction() as repo:
        build_demo(repo, date(2026, 11, 27))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and '"objectives":{' in lines
    db = TinyDB(str(path), storage=JSONStorage, access_mode="r")
    try:
        titles = [doc["title"] for doc in db.table("objectives").all()]
        assert "提高客户体验得分20%" in titles
        uid = db.table("kpis").get(doc_id=1)["uid"]
        values = json.loads((tmp_path / "demo.values" / f"{uid}.json").read_text(encoding="utf-8"))
        assert all(len(day) == 10 for day in values) and len(values) > 30
    finally:
        db.close()


def test_a_schema_1_store_moves_its_values_into_files_on_the_first_write(db: Path):
    """The one-file layout of schema 1 reads as it is, and the first write splits it, after a backup."""
    db.parent.mkdir()
    old = {"meta": {"1": {"app": "okrtui", "schema": 1}},
           "objectives": {"1": {"title": "Ship", "period": "2026-Q4", "key_results": [{"n": 1, "title": "K"}]}},
           "kpis": {"1": {"name": "Web traffic", "unit": "visits"}, "2": {"name": "Empty"}},
           "kpi_values": {"1": {"values": "@2026-11-01 5;6;@2026-11-05 9", "notes": {"2026-11-02": "launch"}}}}
    db.write_text(json.dumps(old), encoding="utf-8")
    original = db.read_bytes()
    store = Store(str(db))
    assert store.read().kpi(1).series.values == [5.0, 6.0, 9.0]  # read in place...
    assert db.read_bytes() == original and not Path(store.values_folder).exists()  # ...without writing
    with store.transaction() as repo:
        repo.log_value(2, date(2026, 11, 6), 1)
    assert Path(f"{db}.schema1.bak").read_bytes() == original
    data = json.loads(db.read_text(encoding="utf-8"))
    assert "kpi_values" not in data and data["meta"]["1"]["schema"] == SCHEMA_VERSION
    uids = {doc_id: doc["uid"] for doc_id, doc in data["kpis"].items()}
    assert len(set(uids.values())) == 2 and data["objectives"]["1"]["uid"] not in uids.values()
    first = json.loads((Path(store.values_folder) / f"{uids['1']}.json").read_text(encoding="utf-8"))
    assert first == {"2026-11-01": 5, "2026-11-02": [6, "launch"], "2026-11-05": 9}
    kpi = store.read().kpi(1)
    assert kpi.series.dates == ["2026-11-01", "2026-11-02", "2026-11-05"] and kpi.series.notes == {"2026-11-02": "launch"}
    assert store.read().kpi(2).series.values == [1.0]


def _one_kpi_with_a_value(db: Path) -> tuple[Store, Path]:
    """A store with KPI 1 and its value of 2026-11-01, and that KPI's values file."""
    store = Store(str(db))
    with store.transaction() as repo:
        repo.add_kpi(Kpi("Web traffic"))
        repo.log_value(1, date(2026, 11, 1), 5)
    [values] = Path(store.values_folder).iterdir()
    return store, values


def test_a_broken_values_file_is_named_and_left_alone(db: Path):
    store, values = _one_kpi_with_a_value(db)
    values.write_text('{\n"2026-11-01":"five"\n}\n', encoding="utf-8")
    before = values.read_bytes()
    with pytest.raises(StoreError, match=f"{values.name} the value of 2026-11-01 must be a number"):
        store.read().kpi(1)
    with pytest.raises(StoreError):
        with store.transaction() as repo:
            repo.log_value(1, date(2026, 10, 1), 5)
    assert values.read_bytes() == before


@pytest.mark.parametrize("line", ['"2026-11-02":1e-400', '"2026-11-02":NaN', '"2026-11-02":1e999',
                                  '"2026-11-31":5', '"2026-11-02":[5,"\\ud800"]', '"2026-11-02":1_000'])
def test_the_newest_values_are_checked_as_strictly_as_a_whole_file(db: Path, line: str):
    """Reads take only the end of a values file: a bad number or date there is still refused."""
    store, values = _one_kpi_with_a_value(db)
    history = "".join(f'"2025-{m:02d}-01":{m},\n' for m in range(1, 13))
    values.write_text("{\n" + history + '"2026-11-01":5,\n' + line + "\n}\n", encoding="utf-8")
    with pytest.raises(StoreError, match=values.name):
        store.read().kpis(tail=3)
    with pytest.raises(StoreError, match=values.name):
        store.read().kpi(1)


def test_a_store_checked_once_is_not_checked_again_until_its_bytes_change(db: Path, tmp_path: Path):
    store = Store(str(db))
    with store.transaction() as repo:
        repo.add_kpi(Kpi("Web traffic"))
    store.read()
    assert store.checked_before(db.read_bytes())
    cache = Path(store.checks.path)
    assert cache.is_relative_to(tmp_path / "cache") and mode(cache) == 0o600  # the user's cache, not beside the store
    assert not Path(f"{db}.checked").exists()
    # the same size, one byte different, the same mtime: still checked afresh (the cache is the bytes' hash)
    stat_before = os.stat(db)
    db.write_bytes(db.read_bytes().replace(b'"direction":"up"', b'"direction":"UP"'))
    os.utime(db, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    with pytest.raises(StoreError, match="direction"):
        store.read()
    # a digest written by someone without this user's key (as git could bring one) counts for nothing
    cache.write_text(Store(str(db)).checks.digest(db.read_bytes()).replace("a", "b").replace("0", "a") + "\n")
    with pytest.raises(StoreError, match="direction"):
        store.read()


def test_a_day_written_twice_in_a_values_file_is_refused(db: Path):
    store, values = _one_kpi_with_a_value(db)
    values.write_text('{\n"2026-11-01":5,\n"2026-11-01":6\n}\n', encoding="utf-8")
    with pytest.raises(StoreError, match="'2026-11-01' appears twice"):
        store.read().kpi(1)


@pytest.mark.parametrize("day", ["2026-W01-1", "20261101xx"])
def test_only_iso_days_are_days(db: Path, day: str):
    """date.fromisoformat takes week dates and stray suffixes; a store's days are YYYY-MM-DD."""
    store, values = _one_kpi_with_a_value(db)
    values.write_text('{\n"2026-11-01":5,\n"' + day + '":6\n}\n', encoding="utf-8")
    with pytest.raises(StoreError, match="is not a date"):
        store.read().kpi(1)
    with pytest.raises(StoreError, match="not a date"):
        store.read().kpis(tail=1)


@pytest.mark.parametrize("where", ["values", "objectives"])
def test_log_never_writes_into_a_store_with_conflict_markers(db: Path, where: str):
    """What a plain `git pull` leaves in a clone without the merge driver: refused, not appended to."""
    from okrtui.cli import main

    store, values = _one_kpi_with_a_value(db)
    with store.transaction() as repo:
        repo.log_value(1, date(2026, 11, 2), 6)
        repo.save_objective(Objective("Ship", "2026-Q4", key_results=[KeyResult("K", target=1)]))
    store.read()  # checked and remembered
    target = values if where == "values" else db
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    middle = 2 if where == "values" else next(i for i, line in enumerate(lines) if line.startswith('"objectives"')) + 1
    lines.insert(middle, "<<<<<<< HEAD\n")
    target.write_text("".join(lines), encoding="utf-8")
    before = (db.read_bytes(), values.read_bytes())
    assert main(["--db", str(db), "log", "Web traffic", "7", "--date", "2026-11-03"]) == 1
    assert (db.read_bytes(), values.read_bytes()) == before


def test_deleting_a_kpi_with_values_undoes_and_redoes(db: Path):
    from okrtui.store.undo import step

    store, values = _one_kpi_with_a_value(db)
    with store.transaction() as repo:
        repo.delete_kpi(1, date(2026, 11, 2))
    assert not values.exists()
    step(store, backwards=True)
    assert store.read().kpi(1).series.values == [5.0] and values.exists()
    step(store, backwards=False)
    assert store.read().kpi(1) is None and not values.exists()


def test_the_undo_journal_keeps_kpi_values_packed_as_earlier_versions_wrote_them(db: Path):
    """In memory a KPI's values are lists (values.py); the journal's lines keep schema 1's packed
    text, so a journal written by an earlier okrtui undoes, and an earlier okrtui reads ours."""
    from okrtui.store.undo import step

    store, values = _one_kpi_with_a_value(db)
    with store.transaction() as repo:
        repo.import_values([(1, "2026-11-02", 6.5, "launch"), (1, "2026-11-04", 7, "")])
    journal = Path(f"{db}.undo").read_text(encoding="utf-8").splitlines()
    change = json.loads(journal[-1])["changes"][-1]
    assert change["before"] == {"values": "@2026-11-01 5", "notes": {}}
    assert change["after"] == {"values": "@2026-11-01 5;6.5;@2026-11-04 7", "notes": {"2026-11-02": "launch"}}
    step(store, backwards=True)
    assert store.read().kpi(1).series.values == [5.0]
    # a line as the version before the values' one shape wrote it, for the value logged above
    old = {"what": "changed the values of Web traffic", "at": "2026-11-05T09:00:00", "changes": [
        {"table": "kpi_values", "id": "1", "before": None, "after": {"values": "@2026-11-01 5", "notes": {}}}]}
    Path(f"{db}.undo").write_text(json.dumps(old) + "\n", encoding="utf-8")
    step(store, backwards=True)
    assert store.read().kpi(1).series.values == [] and not values.exists()
    step(store, backwards=False)
    assert store.read().kpi(1).series.values == [5.0]


def test_a_kpi_deleted_and_a_new_one_made_with_its_id_in_one_change_keep_their_files_apart(db: Path):
    store, values = _one_kpi_with_a_value(db)
    with store.transaction() as repo:
        repo.delete_kpi(1, date(2026, 11, 2))
        assert repo.add_kpi(Kpi("Churn", series=Series(["2026-11-03"], [9.0]))) == 1  # TinyDB reuses the id
    assert not values.exists()
    assert store.read().kpi(1).name == "Churn" and store.read().kpi(1).series.values == [9.0]


def test_after_a_change_only_the_objectives_that_changed_are_checked_again(db: Path):
    store = Store(str(db))
    with store.transaction() as repo:
        for n in range(3):
            repo.save_objective(Objective(f"Objective {n}", "2026-Q4", key_results=[KeyResult("K", target=1)]))
    store.read()  # checked, each objective's line remembered
    text = db.read_text(encoding="utf-8")
    db.write_text(text.replace('"title":"Objective 1"', '"title":"Objective one"'), encoding="utf-8")
    assert [o.title for o in store.read().objectives()] == ["Objective 0", "Objective one", "Objective 2"]
    db.write_text(text.replace('"title":"Objective 2"', '"title":""'), encoding="utf-8")
    with pytest.raises(StoreError, match="document 3, field title: is empty"):
        store.read()


def test_a_values_file_with_days_out_of_order_is_refused_by_name(db):
    """The views read the newest days from a file's end, so a day placed out of order would show
    one latest value there and another in a full read."""
    from okrtui.store import StoreError

    with Store(str(db)).transaction() as repo:
        repo.add_kpi(Kpi("Web traffic"))
    with Store(str(db)).transaction() as repo:
        repo.log_value(1, date(2026, 11, 1), 5)
        repo.log_value(1, date(2026, 11, 2), 6)
    values = next((db.parent / "okrtui.values").glob("*.json"))
    values.write_text('{\n"2026-12-31":999999,\n"2026-11-01":5,\n"2026-11-02":6\n}\n')
    with pytest.raises(StoreError, match="out of order"):
        Store(str(db)).read().kpi(1)


def test_the_unicode_check_keeps_memory_in_proportion_to_the_data():
    import tracemalloc

    from okrtui.store.schema import check_unicode

    tracemalloc.start()
    try:
        check_unicode({"conflicts": [{"k" * 100_000: ["text"] * 1_000 + [0] * 100_000}]})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # each path was written out under a 100 kB key: 100 MB here, gigabytes for a push
