"""The HTML export, the published site and the served TUI in a real browser: the OS's Chromium
(.ci/run installs it, as it installs tmux and git), driven by Playwright for Python; nothing is
downloaded at test time. Slow (tests/conftest.py's SLOW_FILES): the full suite and CI run it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import run_okrtui
from okrtui.domain.period import Period
from okrtui.store import Store
from web_helpers import ATTRIBUTE_BREAK, IMAGE_NAME, SCRIPT_NAME, demo_store, hostile_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("OKRTUI_SCREENSHOTS", "")) if os.environ.get("OKRTUI_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("no Chromium: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


class Watched:
    """A page with every console error, page error, request and dialog it raised."""

    def __init__(self, browser, **options):
        self.page = browser.new_page(**options)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def close(self) -> None:
        self.page.close()


def exported(tmp_path: Path, store: Path, *args: str) -> Path:
    out = tmp_path / "okrs.html"
    result = run_okrtui(store, "export", "--format", "html", "-o", str(out), *args)
    assert result.code == 0, result.err
    return out


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = (el) => el.closest('.table-wrap') !== null && el.closest('.table-wrap') !== el;
  const over = [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1) && !inScroller(el);
  }).map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40));
  return {scroll: document.documentElement.scrollWidth, width, over};
}"""


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_demo_export_opens_clean_shows_every_title_and_fits(browser, tmp_path, size, scheme):
    store = demo_store(tmp_path / "s" / "okrtui.json")
    page_file = exported(tmp_path, store)
    watched = Watched(browser, viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
    page = watched.page
    page.goto(page_file.as_uri())
    repo = Store(str(store)).read()
    for o in repo.objectives():
        title = page.locator(f"#objective-{o.id}-title")
        title.scroll_into_view_if_needed()
        assert title.is_visible() and title.inner_text() == o.title
    for kpi in repo.kpis():
        name = page.locator(f"#kpi-{kpi.id}-title")
        assert name.is_visible() and name.inner_text() == kpi.name
        assert page.locator(f"#kpi-{kpi.id} figure svg").is_visible()
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"] and fit["over"] == [], fit
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(20, 20, 20)")
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"export-{size[0]}x{size[1]}-{scheme}.png"))
    assert watched.errors == [] and watched.dialogs == []
    assert watched.requests == [page_file.as_uri()]  # the page itself and nothing else
    watched.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_export_prints_on_a4_and_letter_without_overflow(browser, tmp_path, paper):
    store = demo_store(tmp_path / "s" / "okrtui.json")
    page_file = exported(tmp_path, store)
    # the printable width at 96 px an inch, less the 12 mm margins either side
    width = {"A4": round((210 - 24) / 25.4 * 96), "Letter": round((8.5 - 24 / 25.4) * 96)}[paper]
    watched = Watched(browser, viewport={"width": width, "height": 1000})
    page = watched.page
    page.goto(page_file.as_uri())
    page.emulate_media(media="print")
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"] and fit["over"] == [], fit
    assert page.locator("nav").count() == 0 or not page.locator("nav").is_visible()
    pdf = page.pdf(format=paper)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    watched.close()


def test_the_hostile_store_shows_its_names_as_text_and_runs_nothing(browser, tmp_path):
    store = hostile_store(tmp_path / "s" / "okrtui.json")
    page_file = exported(tmp_path, store)
    watched = Watched(browser, viewport={"width": 1280, "height": 800})
    page = watched.page
    page.goto(page_file.as_uri())
    kpi = next(k for k in Store(str(store)).read().kpis() if k.name == SCRIPT_NAME)
    assert page.locator(f"#kpi-{kpi.id}-title").inner_text() == SCRIPT_NAME
    first = page.locator("#objective-1-title")
    assert first.inner_text() == ATTRIBUTE_BREAK
    first.hover()  # an onmouseover that got through would fire here
    assert page.locator("#objective-2 table").inner_text().count(IMAGE_NAME) == 1
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert page.locator("h1").count() == 1  # the owner's </p><h1> stayed text
    page.wait_for_timeout(300)
    assert watched.dialogs == [] and watched.errors == []
    assert watched.requests == [page_file.as_uri()]  # <img src=x> would have asked for x
    watched.close()


def test_every_link_of_the_published_site_resolves(browser, tmp_path):
    store = demo_store(tmp_path / "s" / "okrtui.json")
    site = tmp_path / "deep" / "sub path" / "public"  # any sub-path: relative links only
    assert run_okrtui(store, "publish", str(site)).code == 0
    watched = Watched(browser, viewport={"width": 1280, "height": 800})
    page = watched.page
    seen, queue, checked = set(), [site / "index.html"], 0
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        page.goto(path.as_uri())
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlparse(href)
            assert url.scheme == "file", href
            target = Path(unquote(url.path))
            assert target.is_file() and site in target.parents or target.parent == site, href
            if url.fragment:
                page_ids = page.evaluate("id => !!document.getElementById(id)", url.fragment) if target == path else True
                assert page_ids, href
            queue.append(target)
            checked += 1
    names = {str(p.relative_to(site)) for p in seen}
    assert "index.html" in names and f"periods/{Period.containing(date.today()).key}.html" in names
    assert {f"kpis/{k.id}.html" for k in Store(str(store)).read().kpis()} <= names
    assert names == {str(p.relative_to(site)) for p in site.rglob("*.html")}  # every page is reached
    assert checked > 50 and watched.errors == []
    assert all(url.startswith("file://") for url in watched.requests)
    watched.close()


# -- okrtui serve ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """okrtui serve in its own process group, stopped (by its id) when done."""

    def __init__(self, store: Path, *args: str, host: str = "127.0.0.1"):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "okrtui", "--db", str(store), "serve", "--host", host, "--port", str(self.port),
             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            env={**os.environ, "NO_COLOR": "1"})
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                assert self.proc.poll() is None and time.monotonic() < deadline, self.stop()
                time.sleep(0.1)

    def stop(self) -> str:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
        out, err = self.proc.communicate(timeout=20)
        return out.decode(errors="replace") + err.decode(errors="replace")


def terminal_output(frames: list) -> str:
    return b"".join(f if isinstance(f, bytes) else f.encode() for f in frames).decode("utf-8", "replace")


def open_served(browser, served: Served):
    watched = Watched(browser, viewport={"width": 1280, "height": 800})
    frames: list = []
    watched.page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(frame)))
    watched.page.goto(f"http://127.0.0.1:{served.port}/")
    return watched, frames


def wait_for(page, frames: list, text: str, seconds: float = 10) -> float:
    """Seconds until `text` reached the terminal (what textual-serve sends xterm.js to draw)."""
    start = time.monotonic()
    while text not in terminal_output(frames):
        assert time.monotonic() - start < seconds, f"{text!r} not drawn within {seconds} s"
        page.wait_for_timeout(100)
    return time.monotonic() - start


def test_serve_shows_the_dashboard_in_the_browser_within_10_seconds(browser, tmp_path):
    store = demo_store(tmp_path / "s" / "okrtui.json")
    served = Served(store)
    try:
        watched, frames = open_served(browser, served)
        page = watched.page
        wait_for(page, frames, "Grow new-business revenue")
        wait_for(page, frames, f"okrtui · {Period.containing(date.today()).key}")
        assert page.locator(".xterm-screen canvas, .xterm-screen").first.is_visible()
        host = f"http://127.0.0.1:{served.port}/"
        assert all(url.startswith((host, f"ws://127.0.0.1:{served.port}/", "data:")) for url in watched.requests), \
            watched.requests
        assert watched.errors == []
        if SCREENSHOTS:
            page.screenshot(path=str(SCREENSHOTS / "serve-1280x800.png"))
        watched.close()
    finally:
        served.stop()


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "writable"])
def test_serve_read_only_leaves_the_store_byte_identical(browser, tmp_path, read_only):
    """The same keys log a value when writable (so the test can fail) and change nothing read-only."""
    store = demo_store(tmp_path / "s" / "okrtui.json")
    before = {p: p.read_bytes() for p in sorted(store.parent.rglob("*")) if p.is_file() and p.suffix != ".lock"}
    served = Served(store, *(["--read-only"] if read_only else []))
    try:
        watched, frames = open_served(browser, served)
        page = watched.page
        wait_for(page, frames, "Grow new-business revenue")
        page.locator("textarea.xterm-helper-textarea").focus()  # keys to the terminal, no click on a row
        page.keyboard.press("r")  # keys reach the app: review opens (looking is allowed)
        wait_for(page, frames, "Review")
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        for key in ("l", "7", "Enter", "Escape"):  # quick entry: 7 for the first KPI
            page.keyboard.press(key)
            page.wait_for_timeout(300)
        if read_only:
            wait_for(page, frames, "changes nothing")
        page.wait_for_timeout(500)
        watched.close()
    finally:
        served.stop()
    after = {p: p.read_bytes() for p in sorted(store.parent.rglob("*")) if p.is_file() and p.suffix != ".lock"}
    assert (after == before) is read_only


def test_serve_on_another_host_warns_that_there_is_no_login(tmp_path):
    store = demo_store(tmp_path / "s" / "okrtui.json")
    served = Served(store, host="0.0.0.0")
    output = served.stop()
    assert "no login" in output and "ssh -L" in output
