"""okrtui on the web: the HTML report, the published static site and (cli/web.py) the served TUI.
Above the domain, beside report_md.py: no Textual, no TinyDB."""
