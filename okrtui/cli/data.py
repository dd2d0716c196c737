"""`okrtui import` and `okrtui demo`: values in bulk, and something to look at."""

from __future__ import annotations

import sys

from . import common
from .common import InputError, Refused, safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub, only: str | None) -> None:
    if only in (None, "demo"):
        demo = sub.add_parser("demo", help="fill an empty store with the demo OKRs and a year of KPI history",
                              epilog=common.with_examples("okrtui --db demo.json demo --open"))
        demo.add_argument("--open", action="store_true", help="then open the TUI (an existing store is opened as it is)")
        demo.set_defaults(handler=cmd_demo)
    if only in (None, "import"):
        imp = sub.add_parser("import", help="import KPI values from CSV with header kpi,date,value[,note]",
                             epilog=common.with_examples("okrtui import values.csv --create-kpis",
                                                         "curl -s https://example.test/kpis.csv | okrtui import -"))
        imp.add_argument("file", help="a CSV file, or - for standard input")
        imp.add_argument("--create-kpis", action="store_true", help="define KPIs the file names but the store lacks")
        imp.set_defaults(handler=cmd_import)


def _read_rows(path: str) -> list[list[str]]:
    import csv
    import io

    try:
        if path == "-":
            text = sys.stdin.buffer.read().decode("utf-8-sig") if hasattr(sys.stdin, "buffer") else sys.stdin.read()
            return list(csv.reader(io.StringIO(text, newline="")))
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return list(csv.reader(handle))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from None


def cmd_import(store: Store, args) -> int:
    from ..domain.matching import MatchError, find_one
    from ..domain.models import Kpi

    source = "standard input" if args.file == "-" else args.file
    rows = _read_rows(args.file)
    if not rows:
        raise InputError(f"{source}: empty file (expected a header kpi,date,value[,note[,by]])")
    header = [h.strip().lower() for h in rows[0]]
    if header not in (["kpi", "date", "value"], ["kpi", "date", "value", "note"], ["kpi", "date", "value", "note", "by"]):
        raise InputError(f"{source}: line 1: header must be kpi,date,value[,note[,by]], not {','.join(rows[0])!r}")
    errors: list[tuple[int, str]] = []  # (line number, problem)
    parsed = _parsed_rows(rows[1:], len(header), errors)
    with store.transaction() as repo:
        kpis = repo.kpis(tail=0)
        resolved: dict[str, int | None] = {}  # name as written (folded) -> KPI id, None: to create
        missing: dict[str, str] = {}  # folded -> name as first written
        for line_no, name, *_ in parsed:
            folded = name.casefold()
            if folded not in resolved:
                try:  # the way `okrtui log` matches: exact, unique prefix, unique part
                    resolved[folded] = find_one(name, kpis, lambda k: k.name, what="KPI").id
                except MatchError as exc:
                    resolved[folded] = None
                    if "ambiguous" in str(exc) or not args.create_kpis:
                        errors.append((line_no, str(exc) if "ambiguous" in str(exc) else
                                       f"unknown KPI {safe(name)!r} (define it with okrtui kpi add, or pass --create-kpis)"))
                        continue
                    missing.setdefault(folded, name)
        if errors:
            report = "\n".join(f"line {line}: {problem}" for line, problem in sorted(errors))
            raise InputError(f"{source}: nothing imported, {len(errors)} bad row(s):\n{report}")
        for folded, name in missing.items():
            resolved[folded] = repo.add_kpi(Kpi(name=name))
        count = repo.import_values([(resolved[name.casefold()], day, value, note, *([] if by is None else [by]))
                                     for _, name, day, value, note, by in parsed])
    kpi_count = len({resolved[name.casefold()] for _, name, *_ in parsed})
    created = f", created {len(missing)} KPI(s)" if missing else ""
    print(f"imported {count} value(s) into {kpi_count} KPI(s){created}")
    return 0


def _parsed_rows(rows: list[list[str]], fields: int, errors: list[tuple[int, str]]) -> list[tuple]:
    """(line number, KPI name, day, value, note, by) of each row that reads (by "" when the file
    names nobody: the importer is recorded); the others' problems go to errors."""
    from datetime import date

    from ..domain.period import PeriodError, parse_date
    from ..domain.safetext import csv_uncell
    from ..domain.validation import has_control_chars, parse_number

    today = date.today().isoformat()
    parsed: list[tuple] = []
    for line_no, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) not in (3, 4, 5) or len(row) > fields:
            errors.append((line_no, f"expected {fields} fields, found {len(row)}"))
            continue
        name, day_text, value_text = (csv_uncell(cell.strip()) for cell in row[:3])
        note = csv_uncell(row[3]) if len(row) >= 4 else ""
        by = " ".join(csv_uncell(row[4]).split()) if len(row) == 5 else None  # None: no by column, the importer
        try:
            if not name:
                raise ValueError("empty KPI name")
            if has_control_chars(name):
                raise ValueError("KPI name contains control characters")
            day = parse_date(day_text).isoformat()
            if day > today:
                raise ValueError(f"{day} has not happened yet: values are for today or earlier")
            value = parse_number(value_text, "value")
            if by is not None and (has_control_chars(by) or len(by) > 80):
                raise ValueError("by must be a name (at most 80 characters, no control characters)")
        except (ValueError, PeriodError) as exc:
            errors.append((line_no, str(exc)))
            continue
        parsed.append((line_no, name, day, value, note, by))
    return parsed


def cmd_demo(store: Store, args) -> int:
    if args.open and not store.read().is_empty:  # opened as it is: no write, so a read-only store opens too
        return common.open_tui(store)
    with store.transaction(record_author=False) as repo:
        if repo.is_empty:
            from ..demo import build_demo

            build_demo(repo)
            print(f"demo store written to {safe(store.path)}", file=sys.stderr)
        elif not args.open:
            raise Refused(f"{safe(store.path)} already has data; demo will not overwrite it (choose another file with --db)")
    if args.open:
        return common.open_tui(store)
    return 0


