"""`okrtui export --format html` (its writing), `okrtui publish DIR` and `okrtui serve`: the OKRs
for people who never open a terminal. textual-serve (the optional extra okrtui[web]) is imported
only by `serve`, and Textual never here: the served TUI runs as its own okrtui process."""

from __future__ import annotations

import sys
from datetime import date

from . import common
from .common import safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store

LOOPBACK_NAMES = ("localhost", "ip6-localhost")


def register(sub, only: str | None) -> None:
    if only in (None, "publish"):
        publish = sub.add_parser("publish", help="write the OKRs as a static site (for CI: GitHub or GitLab Pages)",
                                 epilog=common.with_examples("okrtui publish public/    # then open public/index.html"))
        publish.add_argument("dir", metavar="DIR", type=common.text, help="the folder to write (made if missing)")
        publish.set_defaults(handler=cmd_publish)
    if only in (None, "serve"):
        serve = sub.add_parser("serve", help="the TUI in a web browser (textual-serve; pip install 'okrtui[web]')",
                               epilog=common.with_examples(
                                   "okrtui serve                  # http://127.0.0.1:8000",
                                   "okrtui serve --read-only --port 8080",
                                   "ssh -L 8000:127.0.0.1:8000 host   # from elsewhere: a tunnel, not --host"))
        serve.add_argument("--host", default="127.0.0.1", type=host_address,
                           help="address to listen on, which the page calls back (default 127.0.0.1: this machine"
                                " only; there is no login); 0.0.0.0 listens everywhere and the page calls back this machine's name")
        serve.add_argument("--port", default=8000, type=_port, help="port (default 8000)")
        serve.add_argument("--read-only", action="store_true", dest="serve_read_only",
                           help="refuse every action that changes data (and offer none)")
        serve.set_defaults(handler=cmd_serve)


def _port(text: str) -> int:
    import argparse

    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1 to 65535)")
    return int(text)


def host_address(text: str) -> str:
    """--host: an IP address ([::1] as ::1) or a host name; anything else is refused here, before
    textual-serve prints it raw in its banner or "" listens on every interface."""
    import argparse
    import ipaddress
    import re

    address = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        ipaddress.ip_address(address)
        return address
    except ValueError:
        pass
    label = r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"  # _: container names (my_app)
    if len(address) <= 253 and re.fullmatch(rf"{label}(\.{label})*\.?", address):
        return address
    raise argparse.ArgumentTypeError(f"{text!r} is not an address or a host name (such as 127.0.0.1, ::1 or myhost)")


def export_html(repo, objectives: list, kpis: list, period, output: str | None, guard_cap: float) -> int:
    """`okrtui export --format html`: one self-contained page, to stdout or to FILE."""
    from ..honest import forecast_short
    from ..web.report import html_report

    if output is not None and not output.strip():
        raise common.InputError("-o needs a file name: okrtui export --format html -o okrs.html")
    page = html_report(objectives, kpis, period, date.today(), everything=repo.objectives(), forecast=forecast_short,
                       guard_cap=guard_cap)
    if output is None:
        sys.stdout.write(page)
        return 0
    from ..store import files
    from ..store.sitefiles import write_page

    try:  # a new temp file moved over FILE; a link, device or FIFO at FILE is refused
        write_page(output, page)
    except files.FileRefused as exc:
        raise common.Refused(safe(str(exc))) from None
    except OSError as exc:
        raise common.Refused(f"{safe(output)}: cannot be written ({exc.strerror or exc})") from None
    return 0


def cmd_publish(store: Store, args) -> int:
    from ..store import files
    from ..store.sitefiles import write_site
    from ..web.site import site_pages

    if not args.dir:
        raise common.InputError("publish needs a folder: okrtui publish public/")
    from ..honest import forecast_short

    from .targets import guard_cap_for

    repo = store.read()
    pages = site_pages(repo, date.today(), forecast=forecast_short, guard_cap=guard_cap_for(repo.objectives()))
    try:
        written = write_site(args.dir, pages)
    except files.FileRefused as exc:
        raise common.Refused(safe(str(exc))) from None
    except OSError as exc:  # os.replace's second name is the page; a folder's error names the folder
        where = exc.filename2 or exc.filename or args.dir
        raise common.Refused(f"{safe(where)}: cannot be written ({exc.strerror or exc})") from None
    print(f"wrote {len(written)} pages to {safe(args.dir)}; open {safe(args.dir.rstrip('/'))}/index.html")
    return 0


def ip_of(host: str):
    """The IP address --host names ([::1] as ::1), or None for a host name."""
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    address = ip_of(host)
    return host.lower() in LOOPBACK_NAMES or (address is not None and address.is_loopback)


def public_url(host: str, port: int) -> str | None:
    """The address the page calls back. textual-serve builds it from --host, and a browser cannot
    connect to 0.0.0.0 or ::, so a wildcard address calls back this machine's own name."""
    import socket

    address = ip_of(host)
    if address is None:
        return None
    if address.is_unspecified:
        return f"http://{socket.gethostname()}:{port}"
    return f"http://[{address.compressed}]:{port}" if address.version == 6 else None  # not http://::1:8000


def served_command(store: Store, read_only: bool) -> str:
    """The shell command textual-serve runs for each browser: this okrtui on this store."""
    import shlex

    words = [sys.executable, "-m", "okrtui", "--db", store.path]
    theme = common.TUI_OPTIONS.get("theme")
    if theme:
        words += ["--theme", theme]
    return shlex.join(words + (["--read-only"] if read_only else []))


def cmd_serve(store: Store, args) -> int:
    store.read()  # a store that cannot be used says so here, not in a browser
    try:
        from textual_serve.server import Server
    except ImportError:
        raise common.Refused("okrtui serve needs textual-serve: pip install 'okrtui[web]'") from None
    if not is_loopback(args.host):
        common.warn(f"{safe(args.host)} is reachable from other machines and okrtui serve has no login: anyone who"
                    " reaches it can use the TUI. From elsewhere, prefer an SSH tunnel to 127.0.0.1: "
                    f"ssh -L {args.port}:127.0.0.1:{args.port} THIS-HOST")
    read_only = args.serve_read_only or common.TUI_OPTIONS.get("read_only", False)
    from importlib.resources import files as package_files

    # okrtui's copy of textual-serve's page, without its web font from Google: the page loads only from here
    templates = str(package_files("okrtui.web") / "templates")
    server = Server(served_command(store, read_only), host=args.host, port=args.port,
                    title="okrtui" + (" (read-only)" if read_only else ""), templates_path=templates,
                    public_url=public_url(args.host, args.port))
    server.serve()
    return 0
