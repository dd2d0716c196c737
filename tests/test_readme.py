"""The README's first screen and CI agree."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    first_screen = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("---", 1)[0]
    return [line.strip() for line in first_screen.splitlines() if line.startswith("    ")]


def test_first_screen_gives_exactly_two_set_up_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert all(c.startswith("python3 -m venv .venv && ") for c in commands)
    assert "okrtui --db demo.json demo --open" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci_lines = [line.strip() for line in ROOT.joinpath(".ci/run").read_text().splitlines()]
    test_command = readme_commands()[1]
    assert test_command in ci_lines


def test_ci_installs_the_browser_the_web_tests_use():
    ci = ROOT.joinpath(".ci/run").read_text()
    assert "missing chromium" in ci.replace('missing="$missing chromium"', "missing chromium")
    browser_tests = ROOT.joinpath("tests/test_web_browser.py").read_text(encoding="utf-8")
    assert 'shutil.which("chromium")' in browser_tests and "executable_path=CHROMIUM" in browser_tests


def test_the_ci_snippets_publish_the_site_on_each_push():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    blocks = readme.split("```yaml")[1:]
    github = next(b for b in blocks if "actions/deploy-pages" in b)
    gitlab = next(b for b in blocks if "CI_DEFAULT_BRANCH" in b)
    for block in (github, gitlab):
        assert "okrtui --db okrs.json publish public/" in block and 'pip install "$OKRTUI_PACKAGE"' in block
    assert "on:\n  push:" in github and "path: public/" in github
    assert "pages:\n" in gitlab and "- public" in gitlab
