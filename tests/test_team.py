"""A team's quarter (issue 17): who "I" am."""

from __future__ import annotations

import json
import subprocess

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
