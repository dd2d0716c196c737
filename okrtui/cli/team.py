"""A team's quarter: `whoami` (who records what), `tree` and `objective align` (how objectives align)
and `due` (what I owe)."""

from __future__ import annotations

from . import common
from .common import InputError, safe

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
    if only in (None, "due"):
        register_due(sub)


def me(store: Store):
    """The Identity of whoever runs this command (git/identity.py says in which order it is found)."""
    from ..git.identity import whoami
    from ..settings.location import config_path, configured_name

    return whoami(store.path, configured_name(), config_path())


def cmd_whoami(store: Store, args) -> int:
    import sys

    from ..git.identity import usable
    from ..settings.location import config_path, configured_name

    given = configured_name()
    if given is not None and usable(given) is None:  # said, so nobody records under a name they did not mean
        print(f"okrtui: warning: [user] name in {safe(config_path())} is not used: a name is 1 to 80 characters"
              " without control characters", file=sys.stderr)
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
    longest = max(cell_width(head + title) for head, title, _, _ in rows) + 1 + 5  # id, title and percent
    # owner · status · period: whole where the titles leave room, else a third of the line
    tail_w = min(max(cell_width(r[3]) for r in rows) + 2, max(width // 3, width - longest))
    width = min(width, longest + tail_w)  # no blank middle
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


def register_due(sub) -> None:
    parser = sub.add_parser(
        "due", help="what is due now: KPIs by cadence, check-ins, objectives to close, conflicts",
        epilog=common.with_examples("okrtui due --mine", "okrtui due --format prompt     # nothing, or: okr 3 due",
                                    "okrtui due --json | jq length"))
    parser.add_argument("--mine", action="store_true",
                        help="only mine: my objectives' key results, KPIs I own or follow (okrtui whoami)")
    parser.add_argument("--json", action="store_true", help='a list of {"kind", "ref", "words"}')
    parser.add_argument("--quiet", action="store_true", help="print nothing when nothing is due (git's hooks use it)")
    parser.add_argument("--format", choices=("lines", "prompt"), default="lines",
                        help="prompt: nothing when nothing is due, else one short line (okr 3 due)")
    parser.set_defaults(handler=cmd_due)


def cmd_due(store: Store, args) -> int:
    """Never fails a prompt: with --format prompt, a store that cannot be read prints nothing."""
    from datetime import date

    from ..domain.due import prompt_line
    from ..store.errors import StoreError

    try:
        # who I am as okrtui log finds it: remembered in the cache, not asked of git on every prompt
        items = due_items(store, date.today(), (store.author_name() or me(store).name) if args.mine else None)
    except (StoreError, OSError):
        if args.format == "prompt":
            return 0
        raise
    if args.format == "prompt":
        line = prompt_line(items)
        if line:
            print(line)
        return 0
    if args.json:
        print(common.dump_json([{"kind": d.kind, "ref": d.ref, "words": d.words} for d in items]))
        return 0
    from ..textfmt import fit

    width = common.output_width()
    if items or not args.quiet:
        print("\n".join(fit(safe(d.words), width).rstrip() for d in items) if items else "nothing is due")
    return 0


def due_items(store: Store, today, mine: str | None) -> list:
    """What is due, read the way `okrtui log` reads: the store's checked documents and each KPI's
    newest line, never the models or whole values files (a prompt runs this on every command line)."""
    from ..domain.due import Due, kpi_due

    data, _ = store.decode(store.read_raw())
    newest = NewestValues(store, data)
    objectives = [(int(i), doc) for i, doc in sorted(data["objectives"].items(), key=lambda item: int(item[0]))]
    if mine:
        objectives = [(i, doc) for i, doc in objectives if _objective_is_theirs(doc, mine)]
    items = []
    for kpi_id, doc in sorted(data["kpis"].items(), key=lambda item: int(item[0])):
        if mine and not _kpi_is_theirs(int(kpi_id), doc, mine, data["objectives"].values()):
            continue
        if kpi_due(doc.get("cadence", "daily"), newest.day(int(kpi_id)), today):
            items.append(Due("kpi", doc["name"], f"log {doc['name']} ({doc.get('cadence', 'daily')})"))
    for objective_id, doc in objectives:
        items += _objective_items(objective_id, doc, newest, today)
    conflicts = len(data.get("conflicts") or {}) + newest.conflicts
    if conflicts:
        items.append(Due("conflict", str(conflicts), f"look at {conflicts} merge conflict{'s' if conflicts > 1 else ''}"
                                                      " (okrtui conflicts)"))
    return items


def _objective_items(objective_id: int, doc: dict, newest, today) -> list:
    from datetime import date

    from ..domain.due import Due, checkin_due, ended_unclosed, running

    title, status = doc["title"], doc.get("status", "draft")
    if ended_unclosed(status, doc["period"], today):
        return [Due("close", str(objective_id), f"close or carry {objective_id} {title} ({doc['period']} is over)")]
    period = running(doc["period"], today) if status == "active" else None
    if period is None:
        return []
    items = []
    for kr in doc.get("key_results", []):
        if kr.get("kpi") is not None:  # a key result that follows a KPI is checked in by its values
            last = newest.day(kr["kpi"])
            last = last if last and last >= period.start.isoformat() else None
        else:
            checkins = kr.get("checkins") or []
            last = checkins[-1]["at"][:10] if checkins else None
        added = date.fromisoformat(kr["added"]) if kr.get("added") else period.start
        since = date.fromisoformat(last) if last else max(period.start, added)
        if checkin_due(since, doc.get("checkin_every", "weekly"), today):
            kr_id = f"{objective_id}.{kr['n']}"
            items.append(Due("check-in", kr_id, f"check in on {kr_id} {kr['title']}"))
    return items


def _objective_is_theirs(doc: dict, name: str) -> bool:
    """domain.people's rule on a stored document (due reads no models)."""
    from ..domain.people import owns_any

    return owns_any(doc.get("owner", ""), (kr.get("owner", "") for kr in doc.get("key_results", [])), name)


def _kpi_is_theirs(kpi_id: int, doc: dict, name: str, objectives) -> bool:
    from ..domain.people import follows_theirs

    return follows_theirs(doc.get("owner", ""), (kr.get("owner") or o.get("owner", "") for o in objectives
                                                 for kr in o.get("key_results", []) if kr.get("kpi") == kpi_id), name)


class NewestValues:
    """Each KPI's newest day, from the last line of its values file (read once), and the values
    files' conflicts seen on the way. A store not yet migrated (schema 1) holds its values inside."""

    def __init__(self, store: Store, data: dict):
        self.store, self.data = store, data
        self.days: dict[int, str | None] = {}
        self.conflicts = 0

    def day(self, kpi_id: int) -> str | None:
        if kpi_id not in self.days:
            self.days[kpi_id] = self._read(kpi_id)
        return self.days[kpi_id]

    def _read(self, kpi_id: int) -> str | None:
        from ..store import valuefiles
        from ..store.errors import StoreError, ValuesProblem

        packed = (self.data.get("kpi_values") or {}).get(str(kpi_id))
        if packed is not None:
            from ..store.legacy import document_from_packed

            dates = document_from_packed(packed)["dates"]
            return dates[-1] if dates else None
        doc = self.data["kpis"].get(str(kpi_id))
        if doc is None:
            return None
        path = valuefiles.file_in(self.store.values_folder, doc["uid"])
        try:
            tail = valuefiles.read_tail(path, 1)
        except ValuesProblem as exc:
            raise StoreError(self.store.path, f"cannot be used: {path} {exc}") from None
        if not tail:
            return None
        self.conflicts += len(tail.get("conflicts") or [])
        return tail["dates"][-1] if tail["dates"] else None


# -- alignment (objective add --parent, objective align) ----------------------------------------
def align_from_args(repo, objective, args) -> None:
    """Apply --parent, --rollup and --weight, refusing what cannot be (a cycle, an unknown or later parent)."""
    from ..domain.alignment import AlignmentError, check_alignment, parse_parent

    if args.weight is not None and not 0 < args.weight <= 1e6:
        raise InputError("--weight must be more than 0 (and at most 1000000)")
    if args.parent is not None:
        try:
            parent = parse_parent(args.parent)
            everything = [o for o in repo.objectives() if o.id != objective.id]
            check_alignment([*everything, objective] if objective.id else [*everything, _stand_in(objective)],
                            objective.id or -1, parent)
        except AlignmentError as exc:
            raise InputError(str(exc)) from None
        objective.parent, objective.parent_kr = parent if parent else (None, None)
    if args.rollup is not None:
        objective.rollup = args.rollup
    if args.weight is not None:
        objective.weight = args.weight


def _stand_in(objective):
    """A new objective, under the id no stored one has, for the checks before it is saved."""
    from dataclasses import replace

    return replace(objective, id=-1)


def cmd_objective_align(store: Store, args) -> int:
    from ..domain.alignment import parent_words
    from ..store.repo import ValidationError

    if args.parent is None and args.rollup is None and args.weight is None:
        raise InputError("nothing to change: give --parent, --rollup or --weight")
    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        align_from_args(repo, objective, args)
        try:
            repo.save_objective(objective)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
    serves = parent_words(objective)
    print(f"objective {objective.id} " + (f"serves {serves}" if serves else "serves no other objective")
          + f"; its progress comes from {dict(krs='its key results', children='its aligned objectives', both='both')[objective.rollup]}")
    return 0
