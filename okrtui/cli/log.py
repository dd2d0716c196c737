"""`okrtui log`: a KPI's value for today (or a date), fast; with no arguments, the quick-entry screen."""

from __future__ import annotations

from datetime import date

from . import common
from .common import InputError, Refused, safe

TYPE_CHECKING = False  # typing stays off the `okrtui log` path
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub) -> None:
    sub._parser_class = common.IntermixedParser  # add_parser has no per-parser class argument
    log = sub.add_parser(
        "log",
        help="record today's (or --date's) value of a KPI; with no arguments, open quick entry",
        epilog=common.with_examples(
            "okrtui log                        # quick entry: every KPI due, one screen",
            "okrtui log resp 142               # by a unique part of the name",
            "okrtui log 'Web traffic' 12,480 --date 2026-11-28 --note 'launch day'",
            "okrtui log uptime --delete --date 2026-11-28",
        ),
    )
    sub._parser_class = common.Parser
    common.completes(log.add_argument("kpi", nargs="?", type=common.text,
                                      help="KPI name: exact, unique prefix or unique part"), "kpi")
    log.add_argument("value", type=common.number, nargs="?", help="the value (leave out with --delete)")
    log.add_argument("--date", type=common.day, help="YYYY-MM-DD (default: today)")
    log.add_argument("--note", default="", type=common.text, help="what is behind the number")
    log.add_argument("--delete", action="store_true", help="delete the value of --date (default: today) instead")
    log.set_defaults(handler=cmd_log)


def cmd_log(store: Store, args) -> int:
    from ..domain.matching import MatchError
    from ..store.fastlog import log_value_fast

    if args.kpi is None:
        if args.value is not None or args.note or args.delete:
            raise InputError("name the KPI: okrtui log KPI VALUE (or okrtui log alone for quick entry)")
        return common.open_tui(store, start="log")
    day = args.date or date.today()
    if day > date.today():
        raise InputError(f"{day.isoformat()} has not happened yet: values are for today or earlier")
    if args.delete:
        if args.value is not None or args.note:
            raise InputError("--delete takes no value and no note: okrtui log KPI --delete [--date YYYY-MM-DD]")
        return _delete_value(store, args.kpi, day)
    if args.value is None:
        raise InputError("a value is needed: okrtui log KPI VALUE (or --delete to remove one)")
    try:
        logged = log_value_fast(store, args.kpi, day.isoformat(), args.value, args.note, store.author_name())
        if logged is None:  # not the usual layout: the TinyDB path handles every case
            from ..store.kpilog import find_kpi_doc, log_value

            with store.write_tables() as tables:
                kpi_id, doc = find_kpi_doc(tables, args.kpi)
                replaced = log_value(tables, kpi_id, day.isoformat(), args.value, args.note, store.author_name())
        else:
            doc, replaced = logged
    except MatchError as exc:
        raise InputError(str(exc)) from None
    from ..textfmt import with_unit

    verb = "replaced" if replaced else "logged"
    print(f"{verb} {safe(doc['name'])} = {with_unit(args.value, safe(doc.get('unit', '')))} on {day.isoformat()}")
    return 0


def _delete_value(store: Store, query: str, day: date) -> int:
    from ..textfmt import with_unit

    with store.transaction() as repo:
        kpi = common.find_kpi(repo, query)
        removed = repo.delete_value(kpi.id, day)
    if removed is None:
        raise Refused(f"{safe(kpi.name)} has no value on {day.isoformat()}: nothing deleted")
    print(f"deleted {safe(kpi.name)} = {with_unit(removed, safe(kpi.unit))} on {day.isoformat()}")
    return 0
