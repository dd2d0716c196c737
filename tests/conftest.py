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
