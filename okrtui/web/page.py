"""The frame every okrtui HTML page shares: one file, its style inside it, nothing fetched.

A Content-Security-Policy of default-src 'none' says so to the browser as well: no script runs,
nothing loads from anywhere, even if a store's text ever got past the escaping.
"""

from __future__ import annotations

from ..domain.safetext import html_text as esc

# Colours as the contrast test reads them (tests/test_web_export.py): text on background >= 4.5:1.
PALETTES = {
    "light": {"bg": "#ffffff", "fg": "#1b1b1b", "muted": "#555555", "link": "#0b57d0", "rule": "#c4c4c4",
              "bar": "#0b57d0", "track": "#e4e4e4", "ok": "#1b6e20", "warning": "#7a4f00", "critical": "#b3261e",
              "panel": "#f4f4f4"},
    "dark": {"bg": "#141414", "fg": "#ececec", "muted": "#b4b4b4", "link": "#8ab4f8", "rule": "#4a4a4a",
             "bar": "#8ab4f8", "track": "#333333", "ok": "#7dd38a", "warning": "#f2c14e", "critical": "#ff8a80",
             "panel": "#1f1f1f"},
}


def _variables(palette: dict[str, str]) -> str:
    return ";".join(f"--{name}:{value}" for name, value in palette.items())


STYLE = f"""
:root{{{_variables(PALETTES["light"])};color-scheme:light dark}}
@media (prefers-color-scheme: dark){{:root{{{_variables(PALETTES["dark"])}}}}}
*{{box-sizing:border-box}}
body{{margin:0 auto;max-width:60rem;padding:1rem;background:var(--bg);color:var(--fg);
font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}}
a{{color:var(--link)}}
h1{{font-size:1.6rem;margin:.5rem 0}} h2{{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid var(--rule)}}
h3,h4,h5,h6{{font-size:1.1rem;margin:1.2rem 0 .3rem}}
.meta,.muted,figcaption{{color:var(--muted)}}
nav ul{{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}}
section.objective,section.kpi{{padding:.2rem .8rem .6rem;margin:.8rem 0;background:var(--panel);border:1px solid var(--rule)}}
.aligned{{margin-left:1rem;padding-left:.8rem;border-left:3px solid var(--rule)}}
.progress{{display:flex;align-items:center;gap:.6rem;flex-wrap:wrap}}
.bar{{display:inline-block;width:10rem;max-width:40vw;height:.8rem;background:var(--track);border:1px solid var(--muted)}}
.bar span{{display:block;height:100%;background:var(--bar)}}
.table-wrap{{overflow-x:auto}}
table{{border-collapse:collapse;margin:.4rem 0;min-width:100%}}
caption{{text-align:left;font-weight:600;padding:.2rem 0}}
th,td{{text-align:left;padding:.2rem .5rem;border-bottom:1px solid var(--rule);vertical-align:top}}
td,th{{overflow-wrap:normal}} th[scope=row]{{white-space:nowrap}}
td.num,th.num{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}
@media screen and (max-width:40rem){{
table.key-results,table.key-results caption,table.key-results tbody,table.key-results tr,table.key-results th,table.key-results td{{display:block;min-width:0}}
table.key-results thead{{position:absolute;left:-9999px}}
table.key-results tr{{border-bottom:1px solid var(--rule);padding:.3rem 0}}
table.key-results th,table.key-results td{{border:0;padding:.05rem 0;text-align:left}}
table.key-results td[data-label]::before{{content:attr(data-label) ": ";color:var(--muted)}}
}}
.health-ok,.health-on-target{{color:var(--ok)}} .health-warning{{color:var(--warning)}}
.health-critical{{color:var(--critical)}}
figure{{margin:.4rem 0}}
svg.chart{{max-width:100%;height:auto;display:block}}
svg .frame{{fill:none;stroke:var(--rule)}}
svg .series{{fill:none;stroke:var(--link);stroke-width:2}}
svg .series-dot{{fill:var(--link)}}
svg .level{{stroke:var(--muted);stroke-width:1.5}}
svg .level.critical{{stroke:var(--critical)}} svg .level.warning{{stroke:var(--warning)}} svg .level.target{{stroke:var(--ok)}}
svg .axis{{fill:var(--fg);font-size:12px}}
dl.facts{{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.4rem 0}}
dl.facts dt{{color:var(--muted)}} dl.facts dd{{margin:0}}
@page{{size:auto;margin:12mm}}
@media print{{
:root{{{_variables(PALETTES["light"])}}}
body{{max-width:none;padding:0;font-size:10.5pt;background:#fff;color:#000}}
nav{{display:none}}
section.objective,section.kpi,figure,tr{{break-inside:avoid}}
.bar,.bar span{{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
.table-wrap{{overflow:visible}} table{{min-width:0;width:100%;font-size:9pt}}
th,td{{padding:.1rem .25rem}} td.forecast{{min-width:6rem}}
a{{color:inherit;text-decoration:none}}
}}
"""

# Nothing loads, nothing runs: a page of text, style and inline SVG.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def document(title: str, body: str) -> str:
    """A whole HTML page; `title` is store text (escaped here), `body` HTML already escaped."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="okrtui">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
