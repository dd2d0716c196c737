"""Stores for the HTML export, the published site and the served TUI: the demo, and the demo
with hostile text in every kind of string a page shows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from okrtui.demo import build_demo
from okrtui.store import Store

SCRIPT_NAME = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '" onmouseover="alert(1)" x="'
IMAGE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE = (SCRIPT_NAME, ATTRIBUTE_BREAK, IMAGE_NAME)
OSC52, RLO = "\x1b]52;c;aGk=\x07", "\u202e"


def demo_store(path: Path, today: date | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(str(path)).transaction() as repo:
        build_demo(repo, today or date.today())
    return path


def hostile_store(path: Path) -> Path:
    """The demo with markup, an attribute break, an OSC 52 write and a bidi override in its names."""
    demo_store(path)
    with Store(str(path)).transaction() as repo:
        web = next(k for k in repo.kpis() if k.name == "Web traffic")
        repo.log_value(web.id, date.today(), 12345, f"{IMAGE_NAME}{OSC52}")
    data = json.loads(path.read_text(encoding="utf-8"))
    first, second = data["objectives"]["1"], data["objectives"]["2"]
    first.update(title=ATTRIBUTE_BREAK, why=SCRIPT_NAME + RLO, owner="</p><h1>owned</h1>", team=IMAGE_NAME)
    second["key_results"][0].update(title=IMAGE_NAME, unit='"><svg onload=alert(1)>')
    kpi = next(k for k in data["kpis"].values() if k["name"] == "Web traffic")
    kpi.update(name=SCRIPT_NAME, unit="<u>", owner=ATTRIBUTE_BREAK)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
