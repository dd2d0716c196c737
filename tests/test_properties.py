"""Properties: any argv, any stored document, any width.

The default (CI) profile tries a few dozen cases per property; HYPOTHESIS_PROFILE=soak
tries 10,000 (bench/soak_properties.sh), which is what the closing notes report.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import call_main
from okrtui.demo import build_demo
from okrtui.store import Store, StoreError
from okrtui.textfmt import cell_width

TODAY = date.today()
SOAK = os.environ.get("HYPOTHESIS_PROFILE") == "soak"


class _Bytes(bytes):
    def __repr__(self) -> str:  # hypothesis prints every argument of a failing case
        return f"<demo store, {len(self)} bytes>"


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("template") / "demo.json"
    with Store(str(path)).transaction() as repo:
        build_demo(repo, TODAY)
    return _Bytes(path.read_bytes())


def fresh_store(tmp_path: Path, raw: bytes, name: str = "s.json") -> Path:
    path = tmp_path / name
    for leftover in (path, Path(str(path) + ".tmp")):
        if leftover.exists():
            leftover.unlink()
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    return path


# -- any argv ------------------------------------------------------------------------------
WEIRD_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "-", "--", "\x1b]52;c;eA==\x07", "\u202e", "\udcff", "caf\udce9", "1,5", "1e400", "nan",
                     "-1e15", "1e16", "０", "٣", "2026-02-30", "0001-01-01", "9999-12-31", "Q4 0999", "0999-Q1",
                     "9999-Q4", "2026-01-01..2025-01-01", "2026-01-01..2026-01-31", "1.1", "99.99", "web", "Web traffic",
                     "resp", "conv", "11", "-3", "=1+2", "[bold]x", "a" * 300]),
)
TOKENS = st.one_of(
    st.sampled_from(["demo", "kpi", "add", "list", "log", "checkin", "status", "check", "export", "import", "edit",
                     "rm", "--yes", "templates", "objective", "activate", "kr", "close", "carry", "seed", "undo", "redo",
                     "report", "--since", "7d",
                     "--status", "achieved", "missed", "--grade", "--drop", "--to", "--kpi", "--type", "above",
                     "--open", "--json", "--unit", "--direction", "up", "down", "--cadence", "daily", "weekly",
                     "--target", "--warn", "--crit", "--category", "--date", "--note", "--delete", "--confidence",
                     "--period", "--format", "md", "json", "csv", "--create-kpis", "--help", "--version", "-h"]),
    WEIRD_TEXT,
)


@settings(max_examples=10_000 if SOAK else 150)
@given(argv=st.lists(TOKENS, max_size=8))
def test_any_argv_exits_0_1_or_2_and_bad_input_changes_nothing(tmp_path, demo_bytes, argv):
    path = fresh_store(tmp_path, demo_bytes)
    before = path.read_bytes()
    result = call_main(path, *argv)  # raises (fails the test) on any traceback
    assert result.code in (0, 1, 2), (argv, result)
    if result.code == 2:
        assert path.read_bytes() == before, argv
    if result.code in (1, 2):
        assert result.err.strip() or (result.code == 1 and result.out.strip()), argv  # says why (check: on stdout)
    for text in (result.out, result.err):
        assert "\x1b" not in text and "\u202e" not in text, (argv, text)


# -- any stored document ---------------------------------------------------------------------
JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=10),
    st.sampled_from(["2026-Q4", "2026-11-01", "2026-11-01T09:00:00", "@2026-11-01 5;6", "up", "down", "active", "todo",
                     "\udcff", "1e999", "@2026-11-01 1e5", 10**400, 1e15, -1e15]),
)
JSON_VALUE = st.recursive(JSON_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=8)
TABLES = ["objectives", "kpis", "kpi_values", "meta"]


@st.composite
def mutations(draw):
    """(table, doc id, path into the document or None for the whole document, new value or DELETE)."""
    table = draw(st.sampled_from(TABLES))
    doc_id = draw(st.one_of(st.sampled_from(["1", "2", "3", "4", "99"]), st.text(max_size=4)))
    path = draw(st.lists(st.one_of(st.sampled_from(
        ["title", "period", "key_results", "checkins", "n", "start", "target", "current", "due", "weight", "confidence",
         "kpi", "value", "at", "initiatives", "status", "review", "grade", "next_kr", "parent", "name", "unit",
         "direction", "cadence", "warn", "crit", "values", "notes", "schema", "app"]), st.integers(0, 2)), max_size=3))
    value = draw(st.one_of(JSON_VALUE, st.just(DELETE)))
    return table, doc_id, path, value


DELETE = object()


def apply(data: dict, mutation) -> dict:
    table, doc_id, path, value = mutation
    data = copy.deepcopy(data)
    docs = data.setdefault(table, {})
    if not path:
        if value is DELETE:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = value
        return data
    node = docs.get(doc_id)
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, dict) and isinstance(key, str) else (
            node[key] if isinstance(node, list) and isinstance(key, int) and key < len(node) else None)
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        if value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return data


VIEWS = [("status",), ("status", "--json"), ("kpi", "list"), ("kpi", "list", "--json"), ("check",),
         ("export", "--format", "md"), ("export", "--format", "json"), ("export", "--format", "csv"), ()]
NARROW_VIEWS = {("status",), ("kpi", "list"), ("check",)}


def mutated_store(tmp_path: Path, demo_bytes: bytes, mutation) -> tuple[Path, bool]:
    """The store with the mutation, and whether okrtui accepts it."""
    data = apply(json.loads(demo_bytes), mutation)
    path = fresh_store(tmp_path, json.dumps(data).encode())
    try:
        Store(str(path)).read()
    except StoreError:
        return path, False
    return path, True


@settings(max_examples=10_000 if SOAK else 120)
@given(mutation=mutations())
def test_any_document_is_rendered_by_every_view_or_refused_untouched(tmp_path, demo_bytes, mutation):
    path, accepted = mutated_store(tmp_path, demo_bytes, mutation)
    raw = path.read_bytes()
    for view in VIEWS:
        result = call_main(path, *view)
        if accepted:
            assert result.code == 0 or (view == ("check",) and result.code == 1 and not result.err), (view, result)
            if view in NARROW_VIEWS:
                assert all(cell_width(line) <= 80 for line in result.out.splitlines()), (view, result.out)
            if "--json" in view or "json" in view:
                json.loads(result.out)
        else:
            assert result.code == 1 and "okrtui: error:" in result.err and "Traceback" not in result.err, (view, result)
        assert path.read_bytes() == raw
    written = call_main(path, "kpi", "add", "A brand new KPI")
    assert written.code == (0 if accepted else 1), written
    if not accepted:
        assert path.read_bytes() == raw


@settings(max_examples=400 if SOAK else 4)
@given(mutation=mutations())
def test_any_accepted_document_draws_a_headless_tui_frame(tmp_path, demo_bytes, mutation):
    from tui_helpers import make_app

    path, accepted = mutated_store(tmp_path, demo_bytes, mutation)
    if not accepted:
        return

    async def frame() -> None:
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.screen.SCREEN_NAME == "dashboard"
            await pilot.press("tab", "enter", "escape", "enter", "escape")
        assert app.return_code in (0, None)

    asyncio.run(frame())


# -- any width -------------------------------------------------------------------------------
@settings(max_examples=2_000 if SOAK else 40)
@given(width=st.integers(40, 250))
def test_rows_fit_any_width(demo_bytes, tmp_path_factory, width):
    from okrtui.domain.health import kpi_status
    from okrtui.domain.summary import summarize
    from okrtui.ui.widgets.rows import kpi_columns, kpi_header, kpi_row, kr_row, objective_columns, objective_row

    path = tmp_path_factory.getbasetemp() / "rows.json"
    if not path.exists():
        path.write_bytes(demo_bytes)
    repo = Store(str(path)).read()
    summaries = [summarize(objective, TODAY) for objective in repo.objectives()]
    columns = objective_columns(summaries)
    for summary in summaries:
        assert objective_row(summary, width, columns=columns).cell_length <= width
        for kr in summary.objective.key_results:
            assert kr_row(kr, summary.kr_progress[kr.id], width, columns=columns).cell_length <= width
            assert kr_row(kr, summary.kr_progress[kr.id], width, spark=True).cell_length <= width
    pairs = [(kpi, kpi_status(kpi, TODAY)) for kpi in repo.kpis()]
    for kpi, status in pairs:
        assert kpi_row(kpi, status, width, columns=kpi_columns(pairs)).cell_length <= width
        assert kpi_row(kpi, status, width).cell_length <= width
    assert kpi_header(width, kpi_columns(pairs)).cell_length <= width


# -- the decode rule (issue 14): a key written twice anywhere, uids, journal lines ------------
@st.composite
def repeated_key_stores(draw, demo: bytes):
    """The demo's bytes with one object somewhere given one of its keys a second time."""
    text = demo.decode("utf-8")
    starts = [i for i, c in enumerate(text) if c == "{" and text[i + 1: i + 2] == '"']
    at = draw(st.sampled_from(starts))
    end = text.index('"', at + 2)
    key = text[at + 1: end + 1]
    value = draw(st.sampled_from(['1', '"x"', 'null', '{}', '[]']))
    return text[: at + 1] + f"{key}:{value}," + text[at + 1:]


@settings(max_examples=2_000 if SOAK else 40, deadline=None)
@given(data=st.data())
def test_a_key_written_twice_anywhere_is_refused_untouched(tmp_path_factory, demo_bytes, data):
    raw = data.draw(repeated_key_stores(demo_bytes)).encode("utf-8")
    path = fresh_store(tmp_path_factory.mktemp("twice"), raw)
    for args in (("status",), ("log", "web", "5"), ("kpi", "add", "New one")):
        result = call_main(path, *args)
        assert result.code == 1 and "appears twice" in result.err, (args, result)
        assert path.read_bytes() == raw


@settings(max_examples=2_000 if SOAK else 60, deadline=None)
@given(uid=st.one_of(st.text(max_size=16), st.sampled_from(["../../x", "/etc/passwd", "ABCDEF012345", "0123456789a",
                                                             "0123456789abc", "01234567890g", "./012345678a"])))
def test_a_uid_that_is_not_twelve_hex_digits_is_refused_and_never_a_path(tmp_path_factory, demo_bytes, uid):
    from okrtui.store.codec import is_uid

    data = json.loads(demo_bytes)
    data["kpis"]["1"]["uid"] = uid
    from okrtui.store.codec import encode

    raw = encode(data)
    folder = tmp_path_factory.mktemp("uid")
    path = fresh_store(folder, raw)
    result = call_main(path, "log", "#1", "5")
    if is_uid(uid):
        assert result.code == 0
        assert (folder / "s.values" / f"{uid}.json").exists()
    else:
        assert result.code == 1 and "uid" in result.err
        assert path.read_bytes() == raw
        assert sorted(p.name for p in folder.rglob("*") if p.is_file()) in (["s.json"], ["s.json", "s.json.lock"])


JOURNAL_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=6),
              st.sampled_from(["kpis", "objectives", "kpi_values", "1", "01", "2026-11-01", "../x"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(
        st.sampled_from(["table", "id", "day", "before", "after", "what", "at", "changes", "name", "uid", "values",
                         "title", "key_results"]), inner, max_size=5)),
    max_leaves=12)


@settings(max_examples=2_000 if SOAK else 80, deadline=None)
@given(line=st.one_of(JOURNAL_VALUES.map(lambda v: json.dumps(v).encode()), st.binary(max_size=40)))
def test_any_journal_line_is_used_only_if_it_fits_and_never_crashes(tmp_path_factory, line):
    """Undo on a journal of any line: a clean refusal or an undo the store can read back."""
    folder = tmp_path_factory.mktemp("journal")
    path = folder / "s.json"
    assert call_main(path, "kpi", "add", "Web traffic").code == 0
    assert call_main(path, "log", "web", "5", "--date", "2026-11-01").code == 0
    Path(str(path) + ".undo").write_bytes(line.replace(b"\n", b" ") + b"\n")
    result = call_main(path, "undo")
    assert result.code in (0, 1), result
    assert "Traceback" not in result.err
    assert call_main(path, "kpi", "list").code == 0  # what was written reads back
