from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from okrtui.store import Store

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_okrtui(db: Path, *args: str, env: dict | None = None, stdin: str | None = None) -> Result:
    """The real shell command, in a subprocess, on a real store file."""
    full_env = {k: v for k, v in os.environ.items() if k != "OKRTUI_DB"}
    full_env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "okrtui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        input=stdin,
        timeout=60,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch) -> Path:
    """Every test gets its own config.toml (themes, keys, pull commands): never the developer's."""
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("OKRTUI_CONFIG", str(path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the check cache too
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "okrtui.json"


@pytest.fixture
def cli(db: Path):
    def call(*args: str, **kwargs) -> Result:
        return run_okrtui(db, *args, **kwargs)

    return call


@pytest.fixture
def demo_db(db: Path) -> Path:
    from okrtui.demo import build_demo

    with Store(str(db)).transaction() as repo:
        build_demo(repo, date.today())
    return db


def call_main(db: Path, *args: str, stdin: str = "") -> Result:
    """okrtui's main() in this process (for property tests: thousands of calls), on a real store file.

    Opening the TUI is replaced by the check it makes first (reading the store), so no screen is taken.
    """
    import contextlib
    import io

    from okrtui import cli
    from okrtui.cli import common

    out, err = io.StringIO(), io.StringIO()
    saved = common.open_tui, sys.stdin
    common.open_tui = lambda store, start=None: (store.read(), 0)[1]
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(["--db", str(db), *args])
            except SystemExit as exc:  # argparse: --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        common.open_tui, sys.stdin = saved
    return Result(code, out.getvalue(), err.getvalue())


def pytest_configure(config) -> None:
    # HYPOTHESIS_PROFILE=soak runs the property suites with 10,000 examples (bench/soak_properties.sh).
    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=60, deadline=None,
                              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    settings.register_profile("soak", max_examples=10_000, deadline=None,
                              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def git_env(tmp_path, monkeypatch):
    """Real git with an identity of its own (never the user's config); fails in CI if git is missing."""
    import shutil

    if shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("git is missing: .ci/run should install it")
        pytest.skip("git is not installed")
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[user]\n\tname = Tester\n\temail = t@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


# Files whose tests mostly take a second or more: real terminals (tmux), real git, the contrast
# walk over every screen and theme, property runs and SVG snapshots. The fast tier skips them.
SLOW_FILES = {"test_e2e_tmux.py", "test_terminals.py", "test_contrast.py", "test_hostile.py", "test_git.py",
              "test_space.py", "test_git_tui.py", "test_properties.py", "test_snapshots.py", "test_bursts.py",
              "test_team_git.py", "test_web_browser.py"}


SLOW_TESTS = frozenset(line.strip() for line in (Path(__file__).parent / "slow_tests.txt").read_text().splitlines()
                       if line.strip() and not line.startswith("#"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_FILES or f"{item.path.name}::{item.originalname}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
