"""`okrtui plan freeze` and `okrtui changes`: a period's plan as it froze, and every change to it since."""

from __future__ import annotations

from datetime import date

from . import common
from .common import InputError, safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub, only: str | None) -> None:
    if only in (None, "plan"):
        plan = sub.add_parser("plan", help="freeze a period's plan (targets, starts, types, weights, due days)",
                              epilog=common.with_examples("okrtui plan freeze", "okrtui plan freeze --period 2027-Q1"))
        actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", parser_class=common.Parser, required=True)
        freeze = actions.add_parser(
            "freeze", help="freeze the plan now (it also freezes by itself when the period has started and an"
                           " objective of it is active); every change after is recorded",
            epilog=common.with_examples("okrtui plan freeze --period 'Q4 2026'"))
        freeze.add_argument("--period", type=common.period, help="2026-Q4, Q4 2026 or a date range (default: now)")
        freeze.set_defaults(handler=cmd_freeze)
    if only in (None, "changes"):
        changes = sub.add_parser("changes", help="what changed in a period's plan after it froze: what, from, to, who, when",
                                 epilog=common.with_examples("okrtui changes", "okrtui changes --period 2026-Q4 --json"))
        changes.add_argument("--period", type=common.period, help="2026-Q4, Q4 2026 or a date range (default: now)")
        changes.add_argument("--json", action="store_true",
                             help='a list of {"record", "field", "from", "to", "by", "at"}')
        changes.set_defaults(handler=cmd_changes)


def _period(args):
    from ..domain.period import Period

    return Period.parse(args.period) if args.period else Period.containing(date.today())


def cmd_freeze(store: Store, args) -> int:
    from ..store.planlog import freeze_period

    period = _period(args)
    with store.transaction() as repo:
        if not repo.objectives(period.key):
            raise InputError(f"{period.key} has no objectives, so no plan to freeze")
        day, count = freeze_period(repo.tables.objectives, period.key, date.today())
    if count == 0:
        print(f"the plan of {period.key} froze on {day}; okrtui changes --period {period.key} lists what changed since")
    else:
        print(f"the plan of {period.key} is frozen ({count} objective{'s' if count != 1 else ''}): every change to a"
              " key result's start, target, type, weight, due day or hold is recorded from now on (okrtui changes)")
    return 0


def change_json(change) -> dict:
    return {"record": change.record, "field": change.field, "from": change.before, "to": change.after,
            "by": change.by, "at": change.at}


def change_line(change, titles: dict[str, str], units: dict[str, str]) -> str:
    """'3.1 Revenue: target lowered $150000 → $120000 on 2026-11-02 by Mei' (sanitised, numbers whole)."""
    from ..planwords import change_text

    title = titles.get(change.record, "")
    return safe(f"{change.record}{' ' + title if title else ''}: {change_text(change, units.get(change.record, ''))}")


def cmd_changes(store: Store, args) -> int:
    from ..domain.plan import frozen_day, period_changes

    period = _period(args)
    objectives = store.read().objectives(period.key)
    changes = period_changes(objectives)
    if args.json:
        print(common.dump_json([change_json(c) for c in changes]))
        return 0
    day = frozen_day(objectives)
    if day is None:
        print(f"the plan of {period.key} is not frozen yet: it freezes when the period has started and an objective"
              f" is active, or with okrtui plan freeze --period {period.key}")
        return 0
    titles = {kr.id: kr.title for o in objectives for kr in o.key_results}
    units = {kr.id: kr.unit for o in objectives for kr in o.key_results}
    print(f"the plan of {period.key} froze on {day.isoformat()};"
          f" {len(changes) or 'no'} change{'s' if len(changes) != 1 else ''} since")
    for change in changes:
        print("  " + change_line(change, titles, units))
    return 0


def objective_plan_json(objective, cap: float) -> dict:
    """What status --json adds to an objective: when its plan froze and its grade against it and now
    (cap: config.toml's guard_cap, when a guard KPI went critical)."""
    from ..domain.plan import grades

    now, planned = grades(objective, cap)
    return {"frozen": objective.plan.day.isoformat() if objective.plan else None,
            "suggested_grade": now, "suggested_grade_frozen": planned}


def kr_plan_json(objective, kr) -> dict:
    """What status --json adds to a key result: its frozen plan (None: not frozen, or added after) and its changes."""
    from ..domain.plan import kr_changes, kr_number

    frozen = objective.plan.key_results.get(kr_number(kr)) if objective.plan else None
    return {"frozen": None if frozen is None else {
                "start": frozen.start, "target": frozen.target, "type": frozen.type, "weight": frozen.weight,
                "due": frozen.due.isoformat() if frozen.due else None, "hold": frozen.hold},
            "changes": [change_json(c) for c in kr_changes(objective, kr.id)]}
