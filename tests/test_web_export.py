"""okrtui export --format html and okrtui publish, without a browser: the sanitiser's HTML exit,
the SVG chart on every kind of series, the palettes' contrast, the page's structure, the
forecast's place, and the site's files and links. (tests/test_web_browser.py opens them.)"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from okrtui.domain.progress import grade_band
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_okrtui
from contrast import GLYPH_MINIMUM, TEXT_MINIMUM, contrast
from okrtui.domain.models import Kpi, KeyResult, Objective, Series
from okrtui.domain.period import Period
from okrtui.domain.safetext import html_text
from okrtui.web.chart import LINE_DASHES, Line, chart_summary, kpi_chart, thinned
from okrtui.web.page import PALETTES
from okrtui.web.report import html_report
from okrtui.web.site import period_slug
from web_helpers import ATTRIBUTE_BREAK, HOSTILE, IMAGE_NAME, OSC52, RLO, SCRIPT_NAME, demo_store, hostile_store

TODAY = date(2026, 11, 27)


# -- the sanitiser's HTML exit ------------------------------------------------------------------
@pytest.mark.parametrize("raw, shown", [
    (SCRIPT_NAME, "&lt;script&gt;alert(1)&lt;/script&gt;"),
    (ATTRIBUTE_BREAK, "&quot; onmouseover=&quot;alert(1)&quot; x=&quot;"),
    ("it's", "it&#x27;s"),
    ("a & b", "a &amp; b"),
    (f"x{OSC52}y", "x\\x1b]52;c;aGk=\\x07y"),
    (f"a{RLO}b", "a\\u202eb"),
    ("", ""),
    ("Ünïcödé 数字 🚀", "Ünïcödé 数字 🚀"),
])
def test_html_text_leaves_text_and_escapes_markup_and_controls(raw, shown):
    assert html_text(raw) == shown


@given(st.text())
def test_html_text_never_lets_markup_or_controls_through(text):
    out = html_text(text)
    assert not set(out) & set("<>\"'\x1b\x07\u202e")
    assert "&" not in out.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace(
        "&quot;", "").replace("&#x27;", "")


# -- the chart ----------------------------------------------------------------------------------
def numbers_in(svg: str) -> list[float]:
    return [float(n) for n in re.findall(r'(?:x|y|x1|x2|y1|y2|cx|cy)="(-?[\d.]+)"', svg)] + [
        float(n) for pair in re.findall(r'points="([^"]*)"', svg) for n in re.split(r"[ ,]", pair) if n]


SERIES = {
    "no values": [],
    "one value": [("2026-01-01", 5.0)],
    "all equal": [(f"2026-01-{d:02d}", 7.0) for d in range(1, 11)],
    "huge": [("2026-01-01", -1e308), ("2026-01-02", 1e308), ("2026-01-03", 0.0)],
    "not finite": [("2026-01-01", math.nan), ("2026-01-02", math.inf), ("2026-01-03", 3.0), ("2026-01-04", -math.inf)],
    "negative": [("2026-01-01", -5.0), ("2026-01-02", -2.5)],
    "a decade daily": [(f"{2016 + i // 365}-01-01", float(i % 97)) for i in range(3650)],
}


@pytest.mark.parametrize("name", SERIES)
@pytest.mark.parametrize("levels", [[], [Line("target", 10, ""), Line("warning", math.nan, "6 4"),
                                         Line("critical", 1e308, "2 3")]])
def test_the_chart_is_an_svg_with_finite_coordinates_inside_its_box(name, levels):
    svg = kpi_chart(SERIES[name], levels, "min", "cap")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and 'aria-labelledby="cap"' in svg
    coordinates = numbers_in(svg)
    assert coordinates and all(math.isfinite(n) and -1 <= n <= 641 for n in coordinates)
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    if not [v for _, v in SERIES[name] if math.isfinite(v)]:
        assert "no values yet" in svg
    assert "target 10 min" in svg if levels else "target" not in svg


def test_threshold_lines_differ_by_dash_and_words_not_colour_alone():
    svg = kpi_chart([("2026-01-01", 1.0), ("2026-01-02", 9.0)],
                    [Line(label, value, LINE_DASHES[label]) for label, value in
                     (("target", 2), ("warning", 5), ("critical", 8))], "", "c")
    assert len({LINE_DASHES[label] for label in LINE_DASHES}) == 3
    for label in ("target 2", "warning 5", "critical 8"):
        assert label in svg
    assert svg.count("stroke-dasharray") == 2  # the target solid, the others dashed two ways


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=50))
def test_any_series_gives_a_chart_and_a_summary(values):
    points = [(f"2026-01-{i % 28 + 1:02d}", v) for i, v in enumerate(values)]
    svg = kpi_chart(points, [Line("target", values[0] if values else 0.0, "")], "", "c")
    assert all(math.isfinite(n) for n in numbers_in(svg))
    assert chart_summary(points, "u").endswith(".")


def test_thinning_keeps_the_ends_and_at_most_the_limit():
    points = [(str(i), float(i)) for i in range(1000)]
    out = thinned(points, 240)
    assert len(out) == 240 and out[0] == points[0] and out[-1] == points[-1]
    assert thinned(points[:5], 240) == points[:5]


def test_the_summary_says_the_chart_in_words():
    assert chart_summary([], "") == "No values yet."
    assert chart_summary([("2026-01-01", 3), ("2026-01-02", 1), ("2026-01-03", 2)], "min") == (
        "3 values from 2026-01-01 to 2026-01-03: first 3, latest 2, lowest 1, highest 3 min.")


# -- the palettes ---------------------------------------------------------------------------
def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize("text", ("fg", "muted", "link", "ok", "warning", "critical"))
@pytest.mark.parametrize("ground", ("bg", "panel"))
def test_every_text_colour_reads_at_4_5_to_1_in_light_and_dark(scheme, text, ground):
    palette = PALETTES[scheme]
    assert contrast(rgb(palette[text]), rgb(palette[ground])) >= TEXT_MINIMUM


@pytest.mark.parametrize("scheme", PALETTES)
def test_the_progress_bar_and_chart_lines_stand_out_at_3_to_1(scheme):
    palette = PALETTES[scheme]
    assert contrast(rgb(palette["bar"]), rgb(palette["track"])) >= GLYPH_MINIMUM
    for line in ("link", "ok", "warning", "critical", "muted"):  # the series and the threshold lines
        assert contrast(rgb(palette[line]), rgb(palette["panel"])) >= GLYPH_MINIMUM


# -- the report -----------------------------------------------------------------------------
def sample() -> tuple[list, list]:
    kr = KeyResult("Close <b>deals</b>", start=0, target=10, current=4, unit="$", id="1.1", confidence=6)
    parent = Objective("Grow", "2026-Q4", status="active", key_results=[kr], id=1)
    child = Objective("Hire & train", "2026-Q4", status="active", parent=1, parent_kr=1, id=2,
                      key_results=[KeyResult("Hire", target=3, current=1, id="2.1")])
    kpi = Kpi("Latency", unit="ms", direction="down", target=100, warn=200, crit=300, id=1,
              series=Series(dates=["2026-11-01", "2026-11-02"], values=[250, 180]))
    return [parent, child], [kpi]


def test_the_report_has_headings_tables_with_header_cells_and_captioned_figures():
    objectives, kpis = sample()
    page = html_report(objectives, kpis, Period.parse("2026-Q4"), TODAY)
    for needle in ("<h1>OKRs 2026-Q4</h1>", '<th scope="col"', '<th scope="row">1.1</th>', "<figure>",
                   '<figcaption id="kpi-1-caption">', "target 100", "warning 200", "critical 300",
                   "Close &lt;b&gt;deals&lt;/b&gt;", "Hire &amp; train", "●◷ ok, stale", "↗ improving", "180 ms on 2026-11-02"):
        assert needle in page, needle
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "@media (prefers-color-scheme: dark)" in page and "@media print" in page
    assert "default-src 'none'" in page


def test_an_aligned_objective_nests_inside_its_parent_under_the_key_result_it_serves():
    objectives, kpis = sample()
    page = html_report(objectives, kpis, Period.parse("2026-Q4"), TODAY)
    parent_at, serves_at, child_at = (page.index(s) for s in (
        'id="objective-1"', "Serving key result 1.1", 'id="objective-2"'))
    assert parent_at < serves_at < child_at
    assert page.index("</section>", child_at) < page.rindex("</section>", 0, page.index('id="kpis"'))


def test_a_forecast_has_its_column_when_a_function_gives_one_and_nothing_when_absent():
    objectives, kpis = sample()
    plain = html_report(objectives, kpis, None, TODAY)
    assert "Forecast" not in plain

    def forecast(kr, objective, today):
        return f"reaches <{kr.target}> by 2026-12-{objective.id:02d}" if kr.id == "1.1" else None

    page = html_report(objectives, kpis, None, TODAY, forecast=forecast)
    assert '<th scope="col">Forecast</th>' in page
    assert '<td class="forecast" data-label="Forecast">reaches &lt;10&gt; by 2026-12-01</td>' in page
    assert page.count('<th scope="col">Forecast</th>') == 1  # objective 2's key result has none: no column there


def test_an_empty_store_gives_a_page_that_says_so():
    page = html_report([], [], Period.parse("2026-Q4"), TODAY)
    assert "No objectives in this period." in page and "No KPIs yet." in page


@pytest.mark.parametrize("key, said", [
    ("2026-Q4", "01 Oct 2026 – 31 Dec 2026, 63% elapsed on 2026-11-27"),
    ("2026-Q3", "01 Jul 2026 – 30 Sep 2026, ended"),  # not "100% elapsed on 2026-11-27"
    ("2027-Q1", "01 Jan 2027 – 31 Mar 2027, starts in 35 days"),  # not "0% elapsed"
    (None, None),
])
def test_the_page_says_how_far_its_period_has_gone_in_words_and_names_all_periods(key, said):
    page = html_report([], [], Period.parse(key) if key else None, TODAY)
    if said:
        assert f'<p class="meta">{said}</p>' in page
    else:
        assert "<h1>OKRs (all periods)</h1>" in page and "<title>OKRs (all periods)</title>" in page


def test_odd_stored_numbers_never_break_the_report():
    kr = KeyResult("x", start=5, target=5, current=1e308, id="1.1")
    o = Objective("Odd", "2026-Q4", status="done", key_results=[kr], id=1)
    o.review.grade = math.nan
    kpi = Kpi("k", target=math.inf, id=1, series=Series(dates=["2026-11-01"], values=[math.nan]))
    page = html_report([o], [kpi], None, TODAY)
    assert "Odd" in page and "<figure>" in page


# -- the command ------------------------------------------------------------------------------
def test_export_html_of_the_demo_is_one_page_with_every_title_and_kpi(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    result = run_okrtui(db, "export", "--format", "html")
    assert result.code == 0, result.err
    page = result.out
    from okrtui.store import Store

    repo = Store(str(db)).read()
    for o in repo.objectives():
        assert html_text(o.title) in page
    for k in repo.kpis():
        assert html_text(k.name) in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert "<link" not in page and "<script" not in page and "@import" not in page and "url(" not in page


def test_export_html_of_the_demo_shows_where_each_key_result_is_on_course_to_land(tmp_path):
    from okrtui.domain.forecast import forecast
    from okrtui.domain.period import Period
    from okrtui.store import Store

    db = demo_store(tmp_path / "s" / "okrtui.json")
    page = run_okrtui(db, "export", "--format", "html").out
    repo = Store(str(db)).read()
    forecasts = {kr.id: forecast(kr, Period.parse(o.period)) for o in repo.objectives() for kr in o.key_results
                 if Period.parse(o.period).end >= date.today()}
    assert any(forecasts.values()) and '<th scope="col">Forecast</th>' in page
    for kr_id, found in forecasts.items():
        if found is not None:  # the demo's 1.1: "0.7 (green) by 31 Dec: $119.3k"
            assert f"{found.grade:.1f} ({grade_band(found.grade)}) by {found.end:%d %b}: " in page, kr_id


def test_export_html_of_the_demo_lists_the_changes_to_its_frozen_plan_and_the_grade_both_ways(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    page = run_okrtui(db, "export", "--format", "html").out
    changes = run_okrtui(db, "changes", "--json")
    import json

    for change in json.loads(changes.out):  # the demo's: 1.1's target lowered by Mei Lin
        assert f"{change['record']}: {change['field']} " in page and html_text(change["by"]) in page
    assert "Changed since the plan froze on" in page and "by the plan frozen on" in page


def test_export_html_of_a_hostile_store_shows_the_names_as_text(tmp_path):
    db = hostile_store(tmp_path / "s" / "okrtui.json")
    page = run_okrtui(db, "export", "--format", "html").out
    for name in HOSTILE:
        assert name not in page
        assert html_text(name) in page
    assert "<script>" not in page and "onmouseover=\"" not in page and "<svg onload" not in page
    assert "\x1b" not in page and RLO not in page and "\\u202e" in page


def test_export_html_to_a_file_for_a_period_and_o_only_for_html(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    out = tmp_path / "okrs.html"
    period = Period.containing(date.today()).key
    result = run_okrtui(db, "export", "--format", "html", "--period", period, "-o", str(out))
    assert result.code == 0 and result.out == ""
    page = out.read_text(encoding="utf-8")
    assert f"<h1>OKRs {period}</h1>" in page and oct(out.stat().st_mode & 0o777) == "0o644"
    refused = run_okrtui(db, "export", "--format", "md", "-o", str(tmp_path / "x.md"))
    assert refused.code == 2 and "-o FILE is for --format html" in refused.err
    assert not (tmp_path / "x.md").exists()


@pytest.mark.parametrize("args", [("export", "--format", "html"), ("publish", "site")])
def test_export_html_and_publish_never_import_textual(tmp_path, args):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    code = ("import sys; from okrtui.cli import main; rc = main(sys.argv[1:]);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'textual_serve', 'aiohttp')];"
            "assert not bad, bad; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), *args], capture_output=True, text=True,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


# -- publish ----------------------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])


def broken_links(site: Path) -> list[str]:
    """Every href of every page that does not lead to a page (and its #fragment) inside the site."""
    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            path, _, fragment = href.partition("#")
            if re.match(r"^[a-z]+:|^/", path):
                broken.append(f"{page}: {href} is not relative")
                continue
            target = (page.parent / path).resolve() if path else page
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page}: {href}")
            elif fragment:
                inside = Links()
                inside.feed(target.read_text(encoding="utf-8"))
                if fragment not in inside.ids:
                    broken.append(f"{page}: {href} (no #{fragment})")
    return broken


def test_publish_writes_index_periods_and_kpis_with_every_link_resolving(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    site = tmp_path / "public"
    result = run_okrtui(db, "publish", str(site))
    assert result.code == 0, result.err
    assert "wrote" in result.out and "index.html" in result.out
    names = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert "index.html" in names and f"periods/{Period.containing(date.today()).key}.html" in names
    from okrtui.store import Store

    kpi_ids = {k.id for k in Store(str(db)).read().kpis()}
    assert {n for n in names if n.startswith("kpis/")} == {"kpis/index.html"} | {f"kpis/{i}.html" for i in kpi_ids}
    assert broken_links(site) == []
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="kpis/1.html"' in index and 'href="periods/' in index
    kpi_page = (site / "kpis" / "1.html").read_text(encoding="utf-8")
    assert "Every value, newest first" in kpi_page and 'href="../index.html"' in kpi_page


def test_publish_again_rewrites_the_same_site(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    site = tmp_path / "public"
    assert run_okrtui(db, "publish", str(site)).code == 0
    first = {p: p.read_bytes() for p in site.rglob("*.html")}
    assert run_okrtui(db, "publish", str(site)).code == 0
    assert {p: p.read_bytes() for p in site.rglob("*.html")} == first


def test_publish_again_removes_the_pages_it_wrote_before_and_no_longer_writes_but_nothing_else(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    site = tmp_path / "public"
    assert run_okrtui(db, "publish", str(site)).code == 0
    old_page = site / "kpis" / "999.html"  # as a KPI deleted since the last publish left it
    old_page.write_bytes((site / "kpis" / "1.html").read_bytes())
    theirs = site / "kpis" / "notes.html"  # someone else's page in the folder
    theirs.write_text("<p>ours</p>")
    (site / "kpis" / "link.html").symlink_to(site / "kpis" / "1.html")
    assert run_okrtui(db, "publish", str(site)).code == 0
    assert not old_page.exists()
    assert theirs.read_text() == "<p>ours</p>" and (site / "kpis" / "link.html").is_symlink()
    assert broken_links(site) == []


def test_publish_of_a_hostile_store_names_files_by_id_and_shows_names_as_text(tmp_path):
    db = hostile_store(tmp_path / "s" / "okrtui.json")
    site = tmp_path / "public"
    assert run_okrtui(db, "publish", str(site)).code == 0
    every = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+\.html", p.name) for p in site.rglob("*") if p.is_file())
    for name in HOSTILE:
        assert name not in every and html_text(name) in every
    assert html_text(IMAGE_NAME) + "\\x1b]52" in every  # the value's note, on its KPI's page


@pytest.mark.parametrize("kind", ["link to a folder", "file", "link inside"])
def test_publish_refuses_a_folder_that_is_a_link_or_a_file_and_never_follows_a_link_in_it(tmp_path, kind):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = tmp_path / "public"
    if kind == "link to a folder":
        site.symlink_to(elsewhere)
    elif kind == "file":
        site.write_text("mine")
    else:
        site.mkdir()
        (site / "periods").symlink_to(elsewhere)
    result = run_okrtui(db, "publish", str(site))
    assert result.code == 1 and "publish" in result.err and "Traceback" not in result.err
    assert list(elsewhere.iterdir()) == []
    if kind == "file":
        assert site.read_text() == "mine"


def test_a_page_that_is_a_link_is_replaced_not_written_through(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    site, target = tmp_path / "public", tmp_path / "precious.txt"
    site.mkdir()
    target.write_text("keep")
    (site / "index.html").symlink_to(target)
    assert run_okrtui(db, "publish", str(site)).code == 0
    assert target.read_text() == "keep" and not (site / "index.html").is_symlink()


@pytest.mark.parametrize("key, slug", [("2026-Q4", "2026-Q4"), ("2026-01-01..2026-03-31", "2026-01-01_2026-03-31"),
                                       ("../../etc", "etc"), ("", "period"), ("2026", "2026")])
def test_period_slugs_are_plain_file_names(key, slug):
    assert period_slug(key) == slug


def test_serve_refuses_a_bad_port_in_words(tmp_path):
    db = demo_store(tmp_path / "s" / "okrtui.json")
    result = run_okrtui(db, "serve", "--port", "99999")
    assert result.code == 2 and "not a port" in result.err


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("[::1]", True), ("127.8.8.8", True), ("0.0.0.0", False),
                                            ("192.168.1.5", False), ("example.com", False)])
def test_loopback_hosts(host, loopback):
    from okrtui.cli.web import is_loopback

    assert is_loopback(host) is loopback


def test_the_served_page_loads_nothing_from_elsewhere():
    from importlib.resources import files

    page = (files("okrtui.web") / "templates" / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:|//)""", page)


def test_served_command_quotes_the_store_path(tmp_path):
    from okrtui.cli.web import served_command
    from okrtui.store import Store

    path = tmp_path / "it's a $(store)" / "okrtui.json"
    command = served_command(Store(str(path)), read_only=True)
    import shlex

    words = shlex.split(command)
    assert words[-1] == "--read-only" and words[words.index("--db") + 1] == os.path.realpath(path)


@pytest.mark.parametrize("host, wildcard", [("0.0.0.0", True), ("::", True), ("[::]", True),
                                            ("127.0.0.1", False), ("192.168.1.5", False), ("myhost", False)])
def test_a_wildcard_host_calls_back_this_machines_name_not_0_0_0_0(host, wildcard):
    import socket

    from okrtui.cli.web import public_url

    assert public_url(host, 8123) == (f"http://{socket.gethostname()}:8123" if wildcard else None)
