"""A team's quarter: `whoami` (who records what) and `tree` (how objectives align)."""

from __future__ import annotations

from . import common
from .common import safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub, only: str | None) -> None:
    if only in (None, "whoami"):
        parser = sub.add_parser(
            "whoami", help="the name okrtui records as you, and where it comes from",
            epilog=common.with_examples("okrtui whoami", "okrtui whoami --json"))
        parser.add_argument("--json", action="store_true", help="{\"name\", \"source\"}")
        parser.set_defaults(handler=cmd_whoami)
    if only in (None, "tree"):
        parser = sub.add_parser(
            "tree", help="how a period's objectives align: each under the objective or key result it serves",
            epilog=common.with_examples("okrtui tree", "okrtui tree --period 2027-Q1 --json"))
        parser.add_argument("--period", type=common.period, help="2026-Q4, Q4 2026 or a date range (default: now)")
        parser.add_argument("--json", action="store_true",
                            help='a list of roots: {"id", "title", "owner", "team", "progress", "status", "children"}')
        parser.set_defaults(handler=cmd_tree)


def me(store: Store):
    """The Identity of whoever runs this command (git/identity.py says in which order it is found)."""
    from ..git.identity import whoami
    from ..settings.config import config_path, configured_name

    return whoami(store.path, configured_name(), config_path())


def cmd_whoami(store: Store, args) -> int:
    identity = me(store)
    if args.json:
        print(common.dump_json({"name": identity.name, "source": identity.source}))
    else:
        print(f"{safe(identity.name)} (from {safe(identity.source)})")
    return 0


def node_json(node) -> dict:
    o = node.objective
    if o is None:  # a key result that children serve
        return {"id": node.kr_id, "title": node.kr_title, "owner": None, "team": None, "progress": node.progress,
                "status": "key result", "children": [node_json(n) for n in node.children]}
    return {"id": o.id, "title": o.title, "owner": o.owner, "team": o.team, "progress": node.progress,
            "status": o.status, "period": o.period, "rollup": o.rollup, "children": [node_json(n) for n in node.children]}


def tree_rows(nodes: list, depth: int = 0) -> list[tuple[str, str, str, str]]:
    """(indent and id, title, progress, owner · status · period) per node, depth first."""
    from ..textfmt import percent

    rows = []
    for node in nodes:
        o = node.objective
        head = "  " * depth + ("└ " if depth else "") + (node.kr_id if o is None else str(o.id)) + " "
        title = safe(node.kr_title if o is None else o.title)
        tail = "key result" if o is None else " · ".join(x for x in (safe(o.owner), o.status, o.period) if x)
        rows.append((head, title, percent(node.progress) if node.progress is not None else "–", tail))
        rows += tree_rows(node.children, depth + 1)
    return rows


def tree_lines(nodes: list, width: int) -> list[str]:
    """One line per node, the progress in one column and owner and status after it as they fit."""
    from ..textfmt import cell_width, fit

    rows = tree_rows(nodes)
    tail_w = min(max(cell_width(r[3]) for r in rows) + 2, max(0, width // 3))
    width = min(width, max(cell_width(head + title) for head, title, _, _ in rows) + 1 + 5 + tail_w)  # no blank middle
    out = []
    for head, title, progress, tail in rows:
        title_w = max(1, width - cell_width(head) - 5 - tail_w)
        line = head + fit(title, title_w) + f"{progress:>5}" + ("  " + fit(tail, tail_w - 2) if tail_w > 6 else "")
        out.append(line.rstrip())
    return out


def cmd_tree(store: Store, args) -> int:
    from datetime import date

    from ..domain.alignment import tree
    from ..domain.period import Period

    period = args.period or Period.containing(date.today()).key
    everything = store.read().objectives()
    nodes = tree(everything, {o.id for o in everything if o.period == period})
    if args.json:
        print(common.dump_json([node_json(n) for n in nodes]))
        return 0
    if not nodes:
        print(f"no objectives in {period}: okrtui objective add TITLE --parent ID aligns one")
        return 0
    print("\n".join(tree_lines(nodes, common.output_width())))
    return 0
