"""The installed `okrtui` in a real terminal (tmux, 80x24), driven by keys like a person."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TITLE = "提高客户体验得分20%"


def okrtui_command() -> str:
    beside = Path(sys.executable).with_name("okrtui")
    return str(beside) if beside.exists() else shutil.which("okrtui") or pytest.fail("okrtui is not installed")


@pytest.fixture
def tmux():
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing: .ci/run should install it")
        pytest.skip("tmux is not installed")
    session = f"okrtui-e2e-{uuid.uuid4().hex[:8]}"

    def run(*args: str) -> str:
        return subprocess.run(["tmux", "-u", *args], check=True, capture_output=True, text=True).stdout

    yield session, run
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def wait_for(run, session: str, *texts: str, timeout: float = 30.0) -> str:
    """The screen once every text is on it (a frame may be captured half painted)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = run("capture-pane", "-p", "-t", session)
        if all(text in screen for text in texts):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{texts!r} never all appeared; the screen was:\n{screen}")


def wait_closed(session: str, problem: str, timeout: float = 15.0) -> None:
    """Until the program in the session has ended (the session closes with it)."""
    deadline = time.monotonic() + timeout
    while subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, problem
        time.sleep(0.2)


def start_on_demo(tmp_path, tmux, args: str = "", term: str = "xterm-256color", size=(80, 24)) -> Path:
    """The installed okrtui on a fresh demo store in a tmux session, with its own config file."""
    session, run = tmux
    db = tmp_path / "demo.json"
    okrtui = okrtui_command()
    subprocess.run([okrtui, "--db", str(db), "demo"], check=True, capture_output=True)
    # -u: a tmux server started by an earlier 80x24 session hands COLUMNS and LINES to later ones,
    # and Textual would believe them over the pane's real size
    env = f"env -u COLUMNS -u LINES TERM={term} LANG=C.UTF-8 LC_ALL=C.UTF-8 COLORTERM= OKRTUI_CONFIG={tmp_path}/config.toml "
    run("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), f"{env}{okrtui} --db {db} {args}")
    return db


def test_plan_an_objective_in_a_real_terminal(tmp_path, tmux):
    session, run = tmux
    db = start_on_demo(tmp_path, tmux)
    before = json.loads(db.read_text(encoding="utf-8"))["objectives"]
    screen = wait_for(run, session, "Grow new-business revenue by 50%", "KPIs", "? Help")
    assert all(len(line) <= 80 for line in screen.splitlines())
    run("send-keys", "-t", session, "n")
    wait_for(run, session, "Where do you need to go?")
    run("send-keys", "-t", session, "-l", TITLE)
    wait_for(run, session, TITLE)
    run("send-keys", "-t", session, "C-s")
    wait_for(run, session, "Saved objective")
    run("send-keys", "-t", session, "q")
    wait_closed(session, "okrtui did not quit on q")
    data = json.loads(db.read_text(encoding="utf-8"))
    new = [doc for key, doc in data["objectives"].items() if key not in before]
    assert [(doc["title"], doc["status"]) for doc in new] == [(TITLE, "draft")]


def test_quick_entry_from_the_shell_in_a_real_terminal(tmp_path, tmux):
    """`okrtui log` with no arguments, three values typed, then `okrtui kpi list --json` shows them."""
    session, run = tmux
    db = start_on_demo(tmp_path, tmux, "log")
    okrtui = okrtui_command()
    screen = wait_for(run, session, "Quick entry", "due by their cadence", "esc Done")
    assert all(len(line) <= 80 for line in screen.splitlines())
    # one burst, as a paste or a laggy SSH link delivers it: each value must stay on its own KPI
    run("send-keys", "-t", session, "101", "Enter", "102", "Enter", "103", "Enter")
    wait_for(run, session, "= 103 for")
    run("send-keys", "-t", session, "Escape")
    wait_closed(session, "okrtui log did not leave on esc")
    listed = json.loads(subprocess.run([okrtui, "--db", str(db), "kpi", "list", "--json"], check=True,
                                       capture_output=True, text=True).stdout)
    latest = sorted(k["latest"]["value"] for k in listed if k["latest"])
    assert [101.0, 102.0, 103.0] == [v for v in latest if v in (101.0, 102.0, 103.0)]


@pytest.mark.parametrize("term, flag, background", [
    ("xterm-256color", "", "48;5;234"),  # okrtui-dark's #1c1c1c in 256 colours
    ("xterm-256color", "--theme okrtui-light", "48;5;254"),  # #eeeeee, as Rich rounds it to 256 colours
    ("xterm", "", "\x1b[36m"),  # a 16-colour terminal: okrtui-16 by itself (cyan, the terminal's own)
])
def test_the_theme_reaches_a_real_terminal(tmp_path, tmux, term, flag, background):
    session, run = tmux
    start_on_demo(tmp_path, tmux, flag, term, size=(60, 20))
    screen = wait_for(run, session, "Objectives", "? Help", "of 4 shown")  # 60x20: help and the count in sight
    assert all(len(line) <= 60 for line in screen.splitlines())
    coloured = run("capture-pane", "-e", "-p", "-t", session)
    assert background.replace("\\x1b", "\x1b") in coloured, coloured[:400]
    run("send-keys", "-t", session, "q")
    wait_closed(session, "okrtui did not quit on q")


def test_bursts_in_one_write_land_in_their_fields(tmp_path, tmux):
    """A lagging SSH link delivers a line of keys in one write: the check-in dialog and the wizard's
    first step take it field by field (before: Value 950008two deals, title 'My titleMy why')."""
    from okrtui.store import Store

    session, run = tmux

    def one_write(text: str) -> None:
        # the raw bytes in one send-keys -H, one write to the pane; key names (send-keys 95000 Tab)
        # reach the program a key at a time, slowly enough to hide the trouble
        run("send-keys", "-t", session, "-H", *(f"{byte:02x}" for byte in text.encode()))

    db = start_on_demo(tmp_path, tmux)
    wait_for(run, session, "Grow new-business revenue by 50%", "? Help")
    run("send-keys", "-t", session, "j")
    time.sleep(0.5)  # typed, not a burst: onto key result 1.1
    run("send-keys", "-t", session, "c")
    wait_for(run, session, "Check in on 1.1")
    one_write("95000\t8\ttwo deals\r")
    wait_for(run, session, "Checked in 1.1")
    one_write("nMy title\tMy why\x13")  # the key that opens the wizard in the same write
    wait_for(run, session, "Saved objective")
    run("send-keys", "-t", session, "q")
    wait_closed(session, "okrtui did not quit on q")
    repo = Store(str(db)).read()
    kr = repo.objective(1).key_results[0]
    assert (kr.current, kr.confidence, kr.checkins[-1].note) == (95000, 8, "two deals")
    assert [(o.title, o.why) for o in repo.objectives() if o.title.startswith("My")] == [("My title", "My why")]


def test_tmuxs_status_line_says_what_is_due_and_nothing_once_done(tmp_path, tmux):
    """The README's tmux set-up (issue 17): status-right runs okrtui due --format prompt. An inner
    tmux, attached inside the test's session, draws its status line where capture-pane sees it."""
    session, run = tmux
    db = tmp_path / "okrs.json"
    okrtui = okrtui_command()
    subprocess.run([okrtui, "--db", str(db), "kpi", "add", "Uptime", "--target", "99.9"], check=True, capture_output=True)
    conf = tmp_path / "tmux.conf"
    conf.write_text(f"set -g status-interval 1\nset -g status-right '#({okrtui} --db {db} due --format prompt)'\n")
    inner = f"okrtui-inner-{uuid.uuid4().hex[:8]}"
    try:
        run("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
            f"TMUX= tmux -L {inner} -f {conf} new-session 'sleep 120'")
        assert wait_for(run, session, "okr 1 due").splitlines()[-1].rstrip().endswith("okr 1 due")
        subprocess.run([okrtui, "--db", str(db), "log", "Uptime", "99.95"], check=True, capture_output=True)
        deadline = time.monotonic() + 15
        while "okr 1 due" in run("capture-pane", "-p", "-t", session):
            assert time.monotonic() < deadline, "the status line still says okr 1 due"
            time.sleep(0.3)
    finally:
        subprocess.run(["tmux", "-L", inner, "kill-server"], capture_output=True)
