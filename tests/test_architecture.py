"""The house rules, checked: layers (import-linter), lint (ruff), dead code (vulture), no private
names across modules, no import cycles, and modules and functions of a readable size.

The contracts and rule sets are in pyproject.toml; docs/architecture.md says why."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "okrtui"
MODULE_LINES = 500
FUNCTION_LINES = 60
# Longer by nature, one statement each: argparse registration reads best as one list of
# commands, and the demo store is data written as code.
LONG_FUNCTIONS = {("okrtui/cli/okr.py", "register"), ("okrtui/demo.py", "demo_objectives")}


def tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_layers_hold():
    """cli above ui above git and settings above store above domain; the domain imports no Textual or TinyDB."""
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    proc = tool("-c", script)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "3 kept, 0 broken" in proc.stdout


def test_ruff_finds_nothing():
    proc = tool("-m", "ruff", "check", "--no-cache", "okrtui", "tests", "bench")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_vulture_finds_no_dead_code():
    proc = tool("-m", "vulture")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]):
    """(module imported, names taken from it, whether at the top level) for each import that runs,
    in functions too (an import inside a function still joins the graph when it runs), but not
    those under `if TYPE_CHECKING:`, which only a type checker reads."""
    tree = ast.parse(path.read_text())
    top = {id(node) for node in tree.body}
    for block in ast.walk(tree):
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING":
            block.body = []
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{target}.{alias.name}"
                yield (full if full in known else target), alias.name, id(node) in top
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, "", id(node) in top


def test_no_private_name_crosses_a_module_line():
    known = modules()
    crossing = []
    for name, path in known.items():
        imported_modules = {}
        for target, taken, _ in imports_of(name, path, known):
            if not target.startswith("okrtui"):
                continue
            if target.endswith("." + taken) and target in known:
                imported_modules[taken] = target
            elif taken.startswith("_") and not taken.startswith("__"):
                crossing.append(f"{name}: from {target} import {taken}")
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in imported_modules and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                crossing.append(f"{name}: {imported_modules[node.value.id]}.{node.attr}")
    assert crossing == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_even_through_imports_in_functions():
    known = modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        edges[name]
        for target, _, _ in imports_of(name, path, known):
            if target in known and target != name and not name.startswith(target + "."):
                edges[name].add(target)
    assert cycles(edges) == []


def test_cycles_are_found_when_there_are_some():
    assert cycles(defaultdict(set, {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_stay_readable(path: Path):
    rel = str(path.relative_to(ROOT))
    lines = path.read_text().splitlines()
    assert len(lines) <= MODULE_LINES, f"{rel} has {len(lines)} lines"
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse("\n".join(lines)))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > FUNCTION_LINES and (rel, node.name) not in LONG_FUNCTIONS]
    assert long == [], rel


def test_every_test_marked_slow_by_name_exists():
    """tests/slow_tests.txt names tests (file::function): a renamed test must not leave a stale line."""
    listed = (Path(__file__).parent / "slow_tests.txt").read_text().splitlines()
    missing = []
    for line in listed:
        if line.strip() and not line.startswith("#"):
            file, function = line.strip().split("::")
            source = (Path(__file__).parent / file).read_text() if (Path(__file__).parent / file).exists() else ""
            if f"def {function}(" not in source:
                missing.append(line)
    assert missing == []
