"""A teammate's push is hostile input (issue 14): real git, a bare repository and two clones.

The attacker's clone commits something crafted and pushes; the victim's clone syncs and then
runs every command. Whatever was pushed: nothing is written outside the victim's work tree
(a fake $HOME with a .bashrc and a sibling folder are compared byte for byte), no command
hangs (every run has a timeout), there is no traceback, and nothing the victim had is lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

OKRTUI = Path(sys.executable).with_name("okrtui")
TIMEOUT = 30
COMMANDS = [("status",), ("check",), ("kpi", "list"), ("conflicts",), ("log", "Web traffic", "7"),
            ("undo",), ("redo",), ("export", "--format", "json"), ("report",), ("git-setup",), ("sync",)]


@pytest.fixture(autouse=True)
def git_identity(git_env):
    """Every test here runs real git (conftest.git_env)."""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


class Team:
    """tmp/home (the victim's $HOME, with a .bashrc), tmp/outside (a sibling folder), the bare
    repository, the attacker's clone (evil) and the victim's (mine)."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.home = tmp / "home"
        self.home.mkdir()
        (self.home / ".bashrc").write_text("# my shell\n")
        self.outside = tmp / "outside"
        self.outside.mkdir()
        (self.outside / "notes.txt").write_text("mine\n")
        self.env = {**os.environ, "HOME": str(self.home), "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
        self.env.pop("OKRTUI_DB", None)
        bare = tmp / "team.git"
        git(tmp, "init", "--bare", "-q", str(bare))
        git(tmp, "clone", "-q", str(bare), "evil")
        self.evil = tmp / "evil" / "okrs.json"
        for args in (("kpi", "add", "Web traffic", "--unit", "visits"), ("log", "Web traffic", "100", "--date", "2026-11-01"),
                     ("objective", "add", "Shared objective", "--period", "2026-Q4"),
                     ("kr", "add", "1", "First result", "--start", "0", "--target", "10"),
                     ("git-setup",), ("sync",)):
            self.ok(self.evil, *args)
        git(tmp, "clone", "-q", str(bare), "mine")
        self.mine = tmp / "mine" / "okrs.json"
        self.ok(self.mine, "git-setup")
        self.ok(self.mine, "log", "Web traffic", "120", "--date", "2026-11-02")
        self.ok(self.mine, "sync")
        self.ok(self.evil, "sync")
        self.before = self.outside_files()

    def run(self, db: Path, *args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(OKRTUI), "--db", str(db), *args], capture_output=True, text=True, env=self.env,
                              timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        assert "Traceback" not in proc.stderr, (args, proc.stderr)
        return proc

    def ok(self, db: Path, *args: str) -> str:
        proc = self.run(db, *args)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
        return proc.stdout

    def push(self, message: str, *paths: str) -> None:
        top = self.evil.parent
        git(top, "add", "-f", "--", *paths)
        git(top, "commit", "-q", "--no-verify", "-m", message)
        git(top, "push", "-q")

    def outside_files(self) -> dict[str, tuple[int, bytes]]:
        out = {}
        for root in (self.home, self.outside):
            for path in sorted(root.rglob("*")):
                if path.is_file() and ".cache" not in path.parts:  # the check cache is the victim's own
                    out[str(path)] = (path.stat().st_mode, path.read_bytes())
        return out

    def every_command(self) -> dict[tuple[str, ...], subprocess.CompletedProcess]:
        """Every command on the victim's clone (no traceback, no hang), then nothing outside changed."""
        results = {args: self.run(self.mine, *args) for args in COMMANDS}
        assert self.outside_files() == self.before
        return results


@pytest.fixture
def team(tmp_path) -> Team:
    if not OKRTUI.exists():
        pytest.fail("okrtui is not installed beside this Python")
    return Team(tmp_path)


def values_file(db: Path) -> Path:
    return next(db.with_suffix(".values").glob("*.json"))


def test_a_committed_undo_journal_link_never_reaches_the_shell_start_up_file(team):
    """The reported code execution: okrs.json.undo -> ~/.bashrc, and a KPI name holding $(…)."""
    team.ok(team.evil, "kpi", "edit", "Web traffic", "--name", "x$(touch /tmp/pwned-okrtui)")
    undo = team.evil.with_name("okrs.json.undo")
    undo.unlink(missing_ok=True)
    undo.symlink_to(os.path.relpath(team.home / ".bashrc", undo.parent))
    team.push("a link", "okrs.json.undo", "okrs.json")
    team.run(team.mine, "sync")
    team.every_command()
    logged = team.run(team.mine, "log", "x$(touch", "7")
    assert logged.returncode == 1 and "okrs.json.undo" in logged.stderr and "link" in logged.stderr
    assert (team.home / ".bashrc").read_text() == "# my shell\n"


def test_a_committed_temp_file_link_is_never_written_through(team):
    uid = values_file(team.evil).stem
    temp = team.evil.with_suffix(".values") / f"{uid}.json.tmp"
    temp.symlink_to(team.outside / "notes.txt")
    store_temp = team.evil.with_name("okrs.json.tmp")
    store_temp.symlink_to(team.home / ".bashrc")
    team.push("temp links", str(temp.relative_to(team.evil.parent)), "okrs.json.tmp")
    assert team.run(team.mine, "sync").returncode == 0
    results = team.every_command()
    assert results[("log", "Web traffic", "7")].returncode == 0  # random temp names: the links are not in the way
    assert "7" in team.ok(team.mine, "kpi", "list")


def test_a_values_folder_that_is_a_link_is_refused(team):
    folder = team.evil.with_suffix(".values")
    moved = team.tmp / "evil-values"
    folder.rename(moved)
    folder.symlink_to(os.path.relpath(team.outside, folder.parent))
    git(team.evil.parent, "add", "-A", "--", "okrs.values")
    team.push("the values folder is a link", "okrs.values")
    team.run(team.mine, "sync")
    results = team.every_command()
    for args in (("log", "Web traffic", "7"), ("kpi", "list"), ("status",)):
        assert results[args].returncode == 1 and "okrs.values" in results[args].stderr, args
    assert not list(team.outside.glob("*.json"))


def test_a_gitattributes_link_gets_nothing_appended(team):
    attributes = team.evil.with_name(".gitattributes")
    attributes.unlink()
    attributes.symlink_to(team.home / ".bashrc")
    team.push("attributes link", ".gitattributes")
    team.run(team.mine, "sync")
    git(team.mine.parent, "config", "--local", "--unset", "merge.okrtui.driver")  # so sync sets up again
    results = team.every_command()
    assert results[("git-setup",)].returncode == 1 and ".gitattributes" in results[("git-setup",)].stderr


def test_a_store_file_that_is_a_link_out_of_the_work_tree_is_refused(team):
    (team.outside / "okrs.json").write_bytes(team.evil.read_bytes())
    team.before = team.outside_files()
    team.evil.unlink()
    team.evil.symlink_to(os.path.relpath(team.outside / "okrs.json", team.evil.parent))
    team.push("store link", "okrs.json")
    team.run(team.mine, "sync")
    results = team.every_command()
    for args in (("status",), ("log", "Web traffic", "7")):
        assert results[args].returncode == 1 and "outside the git work tree" in results[args].stderr, args


def test_a_store_link_the_user_made_outside_any_work_tree_still_works(team, tmp_path):
    mine = tmp_path / "home" / "my-okrs.json"
    real = tmp_path / "plain" / "okrs.json"
    real.parent.mkdir()
    mine.symlink_to(real)
    assert team.run(mine, "kpi", "add", "Mine").returncode == 0
    assert team.run(mine, "log", "Mine", "3").returncode == 0
    assert mine.is_symlink() and "Mine" in real.read_text()


def test_a_shadow_kpis_table_cannot_steer_log(team):
    """A second "kpis" table after the objectives: JSON's last key would win for the checks while
    log's head read took the first one. Any key written twice is refused."""
    raw = team.evil.read_bytes()
    shadow = raw.rstrip()[:-1].rstrip() + b',\n"kpis":{\n"1":{"name":"Web traffic","uid":"aaaaaaaaaaaa"}\n}\n}\n'
    head = raw.replace(values_file(team.evil).stem.encode(), b"../../../home/x")
    team.evil.write_bytes(head.rstrip()[:-1].rstrip() + shadow[len(raw.rstrip()[:-1].rstrip()):])
    team.push("shadow table", "okrs.json")
    team.run(team.mine, "sync")
    results = team.every_command()
    logged = results[("log", "Web traffic", "7")]
    assert logged.returncode == 1 and "appears twice" in logged.stderr
    assert not (team.home / "x.json").exists()


def test_a_missing_values_file_is_never_committed_as_a_deletion(team):
    file = values_file(team.mine)
    kept = file.read_bytes()
    file.unlink()  # a kill during a merge, or a stray rm
    synced = team.run(team.mine, "sync")
    assert synced.returncode == 1 and "git checkout --" in synced.stderr and "missing" in synced.stderr
    assert git(team.mine.parent, "log", "-1", "--format=%s").strip() != "deleted"
    git(team.mine.parent, "checkout", "--", str(file.relative_to(team.mine.parent)))
    assert file.read_bytes() == kept
    team.ok(team.evil, "sync")
    assert values_file(team.evil).read_bytes() == kept  # the other clone never lost them


def test_a_value_logged_while_its_values_file_is_missing_is_refused_not_written_alone(team):
    """Found by a kill loop: a log recreated a missing file with one value, and sync then
    committed the deletion of every other day, on every clone."""
    file = values_file(team.mine)
    kept = file.read_bytes()
    file.unlink()
    for args in (("log", "Web traffic", "5", "--date", "2026-12-01"), ("log", "Web traffic", "5", "--date", "2020-01-01"),
                 ("import", "-")):
        proc = subprocess.run([str(OKRTUI), "--db", str(team.mine), *args], capture_output=True, text=True,
                              env=team.env, timeout=TIMEOUT, input="kpi,date,value\nWeb traffic,2026-12-02,4\n")
        assert proc.returncode == 1 and "git checkout --" in proc.stderr and "missing" in proc.stderr, (args, proc)
        assert not file.exists()
    git(team.mine.parent, "checkout", "--", str(file.relative_to(team.mine.parent)))
    assert file.read_bytes() == kept
    team.ok(team.mine, "log", "Web traffic", "5", "--date", "2026-12-01")


def test_a_store_link_into_the_git_folder_is_refused(team):
    team.evil.unlink()
    team.evil.symlink_to(".git/info/attributes")
    team.push("store link into .git", "okrs.json")
    team.run(team.mine, "sync")
    for args in (("kpi", "add", "X"), ("log", "Web traffic", "5"), ("status",)):
        proc = team.run(team.mine, *args)
        assert proc.returncode == 1 and ".git folder" in proc.stderr, (args, proc.stderr)
    assert not (team.mine.parent / ".git" / "info" / "attributes.values").exists()


def test_a_fifo_gitattributes_does_not_hang_sync(team):
    attributes = team.mine.with_name(".gitattributes")
    attributes.unlink()
    os.mkfifo(attributes)
    team.ok(team.mine, "log", "Web traffic", "9")
    proc = team.run(team.mine, "sync")
    assert proc.returncode == 1 and "FIFO" in proc.stderr


def test_thousands_of_identical_conflicts_do_not_hang(team):
    data = json.loads(team.evil.read_text())
    data["conflicts"] = {str(i): {"kind": "conflict", "where": "KPI 1", "message": "same"} for i in range(1, 5001)}
    from okrtui.store.codec import encode

    team.evil.write_bytes(encode(data))
    team.push("conflicts", "okrs.json")
    team.run(team.mine, "sync")
    results = team.every_command()
    listed = results[("conflicts",)].stdout.splitlines()
    ids = [line.split()[0] for line in listed[1:-1]]
    assert len(ids) == 5000 and len(set(ids)) == 5000
    assert team.run(team.mine, "conflicts", "--dismiss", "all").returncode == 0


def test_a_fifo_or_a_huge_values_file_is_refused_without_hanging_or_reading_it(team):
    file = values_file(team.mine)
    file.unlink()
    os.mkfifo(file)
    for args in (("log", "Web traffic", "7"), ("kpi", "list"), ("status",)):
        proc = team.run(team.mine, *args)
        assert proc.returncode == 1 and "FIFO" in proc.stderr, args
    file.unlink()
    with open(file, "wb") as handle:
        handle.truncate(9 << 20)
    for args in (("log", "Web traffic", "7"), ("kpi", "list")):
        proc = team.run(team.mine, *args)
        assert proc.returncode == 1 and "more than the 8 MiB" in proc.stderr, args


def test_a_huge_store_file_is_refused(team):
    with open(team.mine, "ab") as handle:
        handle.truncate(33 << 20)
    proc = team.run(team.mine, "status")
    assert proc.returncode == 1 and "more than the 32 MiB" in proc.stderr


@pytest.mark.parametrize("line", [
    b'{"what":"x","changes":[{"table":"kpi_values","id":"1","day":"2026-11-02","before":null,"after":"oops"}]}',
    b'{"what":"x","changes":[{"table":"kpis","id":"1","before":null,"after":{"name":"a","uid":"../../x"}}]}',
    b'{"what":"x","changes":[{"table":"objectives","id":"01","before":null,"after":{"title":"t"}}]}',
    b'{"what":"x","changes":"all"}',
    b'[1,2,3]',
    b'{"what":"x","what":"y","changes":[]}',
])
def test_a_bad_undo_journal_line_is_named_and_skipped(team, line):
    journal = team.mine.with_name("okrs.json.undo")
    journal.write_bytes(line + b"\n")
    before = team.mine.read_bytes(), values_file(team.mine).read_bytes()
    proc = team.run(team.mine, "undo")
    assert proc.returncode == 1 and "line 1 skipped" in proc.stderr
    assert (team.mine.read_bytes(), values_file(team.mine).read_bytes()) == before


def test_a_stale_index_lock_is_explained_and_left_alone(team):
    lock = team.mine.parent / ".git" / "index.lock"
    lock.write_text("")
    old = time.time() - 3600
    os.utime(lock, (old, old))
    team.ok(team.mine, "log", "Web traffic", "9")
    proc = team.run(team.mine, "sync")
    assert proc.returncode == 1 and "rm " in proc.stderr and "index.lock" in proc.stderr
    assert lock.exists()
    lock.unlink()
    team.ok(team.mine, "sync")


def test_sync_while_logging_commits_every_value(team):
    """Values logged while sync fetches are committed before the merge, never left to make git
    refuse ("commit or stash")."""
    import threading

    stop = threading.Event()
    errors = []

    def log_forever():
        day = 1
        while not stop.is_set() and day < 28:
            proc = team.run(team.mine, "log", "Web traffic", str(day), "--date", f"2026-10-{day:02d}")
            if proc.returncode != 0:
                errors.append(proc.stderr)
            day += 1

    team.ok(team.evil, "log", "Web traffic", "50", "--date", "2026-09-01")
    team.ok(team.evil, "sync")
    thread = threading.Thread(target=log_forever)
    thread.start()
    try:
        for _ in range(3):
            proc = team.run(team.mine, "sync")
            assert proc.returncode == 0, proc.stderr
    finally:
        stop.set()
        thread.join()
    assert not errors
    team.ok(team.mine, "sync")
    status = git(team.mine.parent, "status", "--porcelain", "--", "okrs.json", "okrs.values")
    assert status == ""


def test_pull_is_bounded(team, tmp_path, private_config):
    marker = tmp_path / "late"
    private_config.parent.mkdir(parents=True, exist_ok=True)
    private_config.write_text(
        '[pull]\n'
        f'"Web traffic" = "(sleep 2; touch {marker}) & sleep 30 & echo 5"\n'
        '"Open bugs" = "yes 4"\n')
    team.env["OKRTUI_CONFIG"] = str(private_config)
    team.ok(team.mine, "kpi", "add", "Open bugs")
    started = time.monotonic()
    proc = team.run(team.mine, "pull", "--timeout", "2")
    assert time.monotonic() - started < 10
    assert "pulled Web traffic = 5" in proc.stdout  # its stray children held the pipe: not a timeout
    assert "Open bugs: its command took longer than 2 s" in proc.stderr
    time.sleep(2.5)
    assert not marker.exists()  # the background child was killed with its group
    for bad in ("3e6", "0", "nan"):
        assert team.run(team.mine, "pull", "--timeout", bad).returncode == 2


@pytest.mark.parametrize("push", ["values folder link", "shadow table", "undo link"])
async def test_the_tui_on_a_hostile_push_reports_it_and_writes_nothing(team, push):
    """The TUI on the victim's clone after each push: a notice, no crash, and nothing written
    outside the work tree (or to the store) by the keys a user would press."""
    from tui_helpers import SIZE, make_app

    if push == "values folder link":
        folder = team.evil.with_suffix(".values")
        folder.rename(team.tmp / "evil-values")
        folder.symlink_to(os.path.relpath(team.outside, folder.parent))
        git(team.evil.parent, "add", "-A", "--", "okrs.values")
        team.push(push, "okrs.values")
    elif push == "shadow table":
        raw = team.evil.read_bytes().rstrip()[:-1].rstrip()
        team.evil.write_bytes(raw + b',\n"kpis":{\n"1":{"name":"Web traffic","uid":"aaaaaaaaaaaa"}\n}\n}\n')
        team.push(push, "okrs.json")
    else:
        undo = team.evil.with_name("okrs.json.undo")
        undo.unlink(missing_ok=True)
        undo.symlink_to(os.path.relpath(team.home / ".bashrc", undo.parent))
        team.push(push, "okrs.json.undo")
    team.run(team.mine, "sync")
    before = team.mine.read_bytes()
    app = make_app(team.mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for keys in (["l"], ["7", "enter"], ["escape"], ["u"], ["n", "x", "ctrl+s"], ["escape", "escape"]):
            await pilot.press(*keys)
            await pilot.pause()
        notices = " ".join(n.message for n in app._notifications)
    assert notices  # said, in words
    assert team.outside_files() == team.before
    assert team.mine.read_bytes() == before  # every change refused, in words
