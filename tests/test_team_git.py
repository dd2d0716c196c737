"""A team's quarter across two clones (issue 17): a company objective, two team objectives
aligned to its key results, owners on each key result, check-ins by two people on two clones,
synced through a bare repository; then tree, status --mine, due --mine and who checked in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

OKRTUI = Path(sys.executable).with_name("okrtui")


@pytest.fixture(autouse=True)
def real_git(git_env):
    """conftest.git_env: real git with an identity of its own."""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def okrtui(db: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OKRTUI_DB"}
    proc = subprocess.run([str(OKRTUI), "--db", str(db), *args], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


def test_a_company_and_two_teams_across_two_clones(tmp_path):
    bare = tmp_path / "team.git"
    git(tmp_path, "init", "--bare", "-q", str(bare))
    git(tmp_path, "clone", "-q", str(bare), "ana")
    ana = tmp_path / "ana" / "okrs.json"
    git(ana.parent, "config", "user.name", "Ana")  # who each clone's person is: git's user.name there
    okrtui(ana, "objective", "add", "Grow the company", "--period", "2026-01-01..2026-12-31", "--owner", "Ana")
    okrtui(ana, "kr", "add", "1", "Revenue", "--target", "100", "--owner", "Cy")
    okrtui(ana, "kr", "add", "1", "NPS", "--start", "40", "--target", "60", "--owner", "Bo")
    okrtui(ana, "objective", "add", "Web conversion", "--parent", "1.2", "--team", "web", "--owner", "Bo")
    okrtui(ana, "kr", "add", "2", "Checkout steps", "--start", "6", "--target", "3", "--owner", "Bo")
    okrtui(ana, "objective", "add", "Sales pipeline", "--parent", "1.1", "--team", "sales", "--owner", "Cy")
    okrtui(ana, "kr", "add", "3", "Deals", "--target", "10", "--owner", "Ana")
    for objective in ("1", "2", "3"):
        okrtui(ana, "objective", "activate", objective)
    okrtui(ana, "git-setup")
    okrtui(ana, "sync")
    git(tmp_path, "clone", "-q", str(bare), "bo")
    bo = tmp_path / "bo" / "okrs.json"
    git(bo.parent, "config", "user.name", "Bo")
    okrtui(bo, "git-setup")

    okrtui(ana, "checkin", "3.1", "4")  # Ana checks in on her key result, on her clone
    okrtui(bo, "checkin", "2.1", "5")  # Bo on his, on his
    okrtui(ana, "sync")
    okrtui(bo, "sync")
    okrtui(ana, "sync")

    for db in (ana, bo):
        roots = json.loads(okrtui(db, "tree", "--json"))
        assert [r["id"] for r in roots] == [1]
        under = {n["id"]: [c["id"] for c in n["children"]] for n in roots[0]["children"]}
        assert under == {"1.1": [3], "1.2": [2]}
    assert [o["id"] for o in json.loads(okrtui(ana, "status", "--mine", "--json"))["objectives"]] == [3]
    assert [o["id"] for o in json.loads(okrtui(bo, "status", "--mine", "--json"))["objectives"]] == [2]
    assert [o["id"] for o in json.loads(okrtui(ana, "status", "--mine", "--period", "2026-01-01..2026-12-31",
                                                "--json"))["objectives"]] == [1]  # Ana owns the company's
    assert json.loads(okrtui(bo, "due", "--mine", "--json")) == []  # he checked in today; nothing else is his
    exported = {o["id"]: o for o in json.loads(okrtui(bo, "export", "--format", "json"))["objectives"]}
    who = {kr["id"]: [c["by"] for c in kr["checkins"]] for o in exported.values() for kr in o["key_results"]}
    assert who["3.1"] == ["Ana"] and who["2.1"] == ["Bo"]
