"""Shell commands. Never imports Textual (only `okrtui` with no command opens the TUI).

Exit status: 0 done, 1 the store cannot be used (or `check` found trouble),
2 bad input. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from .store.storage import Store, StoreError, resolve_path


class InputError(Exception):
    """Bad input from the user: exit status 2."""


class Refused(Exception):
    """A sensible request the store's state does not allow: exit status 1."""


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        # An explicit width keeps argparse from importing shutil (and bz2, lzma...) on every call.
        try:
            width = os.get_terminal_size().columns - 2
        except OSError:
            width = 78
        super().__init__(prog, width=max(40, min(width, 100)))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # one line, not argparse's usage dump; argv text made safe
        self.exit(2, f"{self.prog}: error: {_safe(message)} (see {self.prog} --help)\n")


class _IntermixedParser(_Parser):
    """Optional positionals that may follow options (`log KPI --date D VALUE`): argparse's
    plain parse gives an optional positional nothing as soon as it meets the first option."""

    _inside = False

    def parse_known_args(self, args=None, namespace=None):
        if self._inside:
            return super().parse_known_args(args, namespace)
        self._inside = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inside = False


# -- argument types: raise ArgumentTypeError with words -----------------------------------
def _number(text: str) -> float:
    from .domain.parsing import parse_number

    try:
        return parse_number(text, "value")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _day(text: str) -> date:
    from .domain.parsing import PeriodError, parse_date  # not period.py: its regexes cost `okrtui log` time

    try:
        return parse_date(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _confidence(text: str) -> int:
    from .domain.parsing import parse_confidence

    try:
        return parse_confidence(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _period(text: str) -> str:
    from .domain.period import Period, PeriodError

    try:
        return Period.parse(text).key
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _text(text: str) -> str:
    """Text from argv: bytes that were not UTF-8 arrive as lone surrogates and are refused here."""
    from .domain.parsing import is_valid_text

    if not is_valid_text(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not valid UTF-8 text")
    return text.strip()



COMMAND_NAMES = ("demo", "kpi", "log", "checkin", "status", "check", "export", "import")


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in argv, if any, so only its parser is built.

    Each argparse parser costs about a millisecond (gettext looks for
    catalogues on disk), a tenth of the whole `okrtui log` budget.
    """
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--db":
            skip = True
        elif not token.startswith("-"):
            return token if token in COMMAND_NAMES else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or (with `only`) the top level plus that one subcommand."""

    def wanted(name: str) -> bool:
        return only is None or only == name

    parser = _Parser(prog="okrtui", description="OKRs and KPIs in the terminal. With no command, opens the TUI.")
    parser.add_argument("--db", metavar="PATH", help="store file (default: $OKRTUI_DB, else the user data directory)")
    parser.add_argument("--version", action="version", version="okrtui " + __import__("okrtui").__version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if wanted("demo"):
        demo = sub.add_parser("demo", help="fill an empty store with the demo OKRs and a year of KPI history")
        demo.add_argument("--open", action="store_true", help="then open the TUI (an existing store is opened as it is)")

    if wanted("kpi"):
        kpi = sub.add_parser("kpi", help="define and list KPIs")
        kpi_sub = kpi.add_subparsers(dest="kpi_command", metavar="ACTION", parser_class=_Parser, required=True)
        add = kpi_sub.add_parser("add", help="define a KPI")
        add.add_argument("name", type=_text)
        add.add_argument("--unit", default="", type=_text)
        add.add_argument("--direction", choices=("up", "down"), default="up", help="up: higher is better")
        add.add_argument("--cadence", choices=("daily", "weekly", "monthly"), default="daily")
        add.add_argument("--target", type=_number)
        add.add_argument("--warn", type=_number, help="warning level")
        add.add_argument("--crit", type=_number, help="critical level")
        add.add_argument("--category", default="", type=_text)
        kpi_list = kpi_sub.add_parser("list", help="list KPIs with their latest value and health")
        kpi_list.add_argument("--json", action="store_true")

    if wanted("log"):
        sub._parser_class = _IntermixedParser  # add_parser has no per-parser class argument
        log = sub.add_parser("log", help="record today's (or --date's) value of a KPI")
        sub._parser_class = _Parser
        log.add_argument("kpi", type=_text, help="KPI name: exact, unique prefix or unique part")
        log.add_argument("value", type=_number, nargs="?", help="the value (leave out with --delete)")
        log.add_argument("--date", type=_day, help="YYYY-MM-DD (default: today)")
        log.add_argument("--note", default="", type=_text)
        log.add_argument("--delete", action="store_true", help="delete the value of --date (default: today) instead")

    if wanted("checkin"):
        checkin = sub.add_parser("checkin", help="check in on a key result")
        checkin.add_argument("kr", type=_text, help="key result id (3.2) or title: exact, unique prefix or unique part")
        checkin.add_argument("value", type=_number)
        checkin.add_argument("--confidence", type=_confidence, help="0-10")
        checkin.add_argument("--note", default="", type=_text)

    if wanted("status"):
        status = sub.add_parser("status", help="objectives of a period and KPI health")
        status.add_argument("--period", type=_period, help="2026-Q4, Q4 2026 or 2026-01-01..2026-03-31 (default: now)")
        status.add_argument("--json", action="store_true")

    if wanted("check"):
        sub.add_parser("check", help="exit 1 and list what needs attention (critical or stale KPIs, overdue check-ins)")

    if wanted("export"):
        export = sub.add_parser("export", help="write OKRs and KPIs to stdout")
        export.add_argument("--format", choices=("md", "json", "csv"), default="md", help="csv: KPI values only")
        export.add_argument("--period", type=_period)

    if wanted("import"):
        imp = sub.add_parser("import", help="import KPI values from CSV with header kpi,date,value[,note]")
        imp.add_argument("file")
        imp.add_argument("--create-kpis", action="store_true", help="define KPIs the file names but the store lacks")
    return parser


# -- output helpers ------------------------------------------------------------------------
def _use_colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


class _Paint:
    CODES = {"green": "32", "yellow": "33", "red": "31", "dim": "2", "bold": "1", "cyan": "36"}

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, style: str | None) -> str:
        if not self.enabled or not style:
            return text
        return f"\033[{self.CODES[style]}m{text}\033[0m"


def _safe(text: str) -> str:
    from .domain.safetext import printable

    return printable(text)


def _dump_json(data) -> str:
    """JSON whose strings cannot act on a terminal (controls, bidi overrides, lone surrogates escaped)."""
    import json

    from .domain.safetext import json_safe

    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))


# -- commands ------------------------------------------------------------------------------
def cmd_log(store: Store, args) -> int:
    from .domain.matching import MatchError
    from .store.fastlog import log_value_fast

    day = args.date or date.today()
    if args.delete:
        if args.value is not None or args.note:
            raise InputError("--delete takes no value and no note: okrtui log KPI --delete [--date YYYY-MM-DD]")
        return _delete_value(store, args.kpi, day)
    if args.value is None:
        raise InputError("a value is needed: okrtui log KPI VALUE (or --delete to remove one)")
    try:
        logged = log_value_fast(store, args.kpi, day.isoformat(), args.value, args.note)
        if logged is None:  # not the usual layout: the TinyDB path handles every case
            from .store.kpilog import find_kpi_doc, log_value

            with store.write_tables() as tables:
                kpi_id, doc = find_kpi_doc(tables, args.kpi)
                replaced = log_value(tables, kpi_id, day.isoformat(), args.value, args.note)
        else:
            doc, replaced = logged
    except MatchError as exc:
        raise InputError(str(exc)) from None
    from .textfmt import with_unit

    verb = "replaced" if replaced else "logged"
    print(f"{verb} {_safe(doc['name'])} = {with_unit(args.value, _safe(doc.get('unit', '')))} on {day.isoformat()}")
    return 0


def _delete_value(store: Store, query: str, day: date) -> int:
    from .domain.matching import MatchError
    from .textfmt import with_unit

    with store.transaction() as repo:
        try:
            kpi = repo.find_kpi(query, tail=0)
        except MatchError as exc:
            raise InputError(str(exc)) from None
        removed = repo.delete_value(kpi.id, day)
    if removed is None:
        raise Refused(f"{_safe(kpi.name)} has no value on {day.isoformat()}: nothing deleted")
    print(f"deleted {_safe(kpi.name)} = {with_unit(removed, _safe(kpi.unit))} on {day.isoformat()}")
    return 0


def cmd_checkin(store: Store, args) -> int:
    from .domain.matching import MatchError
    from .textfmt import percent, with_unit
    from .domain.progress import kr_progress

    with store.transaction() as repo:
        try:
            objective, kr = repo.find_key_result(args.kr)
        except MatchError as exc:
            raise InputError(str(exc)) from None
        kr = repo.checkin(kr.id, args.value, args.confidence, args.note)
    conf = f", confidence {kr.confidence}/10" if kr.confidence is not None else ""
    print(
        f"checked in {kr.id} {_safe(kr.title)}: {with_unit(kr.current, _safe(kr.unit))}"
        f" of {with_unit(kr.target, _safe(kr.unit))} ({percent(kr_progress(kr)).strip()}){conf}"
    )
    return 0


def cmd_kpi_add(store: Store, args) -> int:
    from .domain.models import Kpi
    from .store.repo import ValidationError

    kpi = Kpi(
        name=args.name,
        unit=args.unit,
        direction=args.direction,
        cadence=args.cadence,
        target=args.target,
        warn=args.warn,
        crit=args.crit,
        category=args.category,
    )
    with store.transaction() as repo:
        try:
            kpi_id = repo.add_kpi(kpi)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
    print(f"added KPI {kpi_id}: {_safe(kpi.name)}")
    return 0


def _kpi_statuses(repo, today: date) -> list:
    """(KPI with its last 30 values, its KpiStatus) pairs."""
    from .domain.health import kpi_status

    return [(kpi, kpi_status(kpi, today)) for kpi in repo.kpis(tail=30)]


def _kpi_json(kpi, status) -> dict:
    return {
        "id": kpi.id,
        **kpi.definition(),
        "latest": {"date": status.latest[0], "value": status.latest[1]} if status.latest else None,
        "health": status.level,
        "stale": status.stale,
        "trend": status.trend,
        "recent": kpi.series.values,
    }


KPI_NAME_WIDTH, SPARK_WIDTH, VALUE_WIDTH = 21, 12, 10  # 80 columns with "◎◷ on target, stale"


def _kpi_lines(pairs: list, paint: _Paint) -> list[str]:
    """A header and a line per KPI, 80 columns at most."""
    from .domain.health import CRITICAL, TREND_GLYPHS, WARNING
    from .textfmt import fit, sparkline, with_unit

    header = (f"  {fit('KPI', KPI_NAME_WIDTH)} {fit('recent', SPARK_WIDTH)} {fit('latest', VALUE_WIDTH)}"
              f" {fit('target', VALUE_WIDTH)} trend, health")
    lines = [paint(header, "dim")]
    for kpi, status in pairs:
        latest = with_unit(status.latest[1], kpi.unit, True) if status.latest else "—"
        target = with_unit(kpi.target, kpi.unit, True) if kpi.target is not None else ""
        style = {CRITICAL: "red", WARNING: "yellow"}.get(status.level, "yellow" if status.stale else "green")
        lines.append(
            f"  {fit(_safe(kpi.name), KPI_NAME_WIDTH)} {fit(sparkline(kpi.series.values, SPARK_WIDTH), SPARK_WIDTH)}"
            f" {fit(_safe(latest), VALUE_WIDTH)} {fit(_safe(target), VALUE_WIDTH)} {TREND_GLYPHS[status.trend]}"
            f" {paint(f'{status.glyph} {status.label}', style)}"
        )
    return lines


def cmd_kpi_list(store: Store, args) -> int:
    pairs = _kpi_statuses(store.read(), date.today())
    if args.json:
        print(_dump_json([_kpi_json(kpi, status) for kpi, status in pairs]))
        return 0
    if not pairs:
        print("no KPIs yet: okrtui kpi add NAME --unit U --direction up|down --target T")
        return 0
    print("\n".join(_kpi_lines(pairs, _Paint(_use_colour(sys.stdout)))))
    return 0


def _objective_json(summary) -> dict:
    o = summary.objective
    return {
        "id": o.id,
        "title": o.title,
        "status": o.status,
        "kind": o.kind,
        "period": o.period,
        "owner": o.owner,
        "parent": o.parent,
        "progress": summary.progress,
        "pace": summary.pace,
        "warnings": summary.warnings,
        "key_results": [
            {
                "id": kr.id,
                "title": kr.title,
                "kind": kr.kind,
                "start": kr.start,
                "target": kr.target,
                "current": kr.current,
                "unit": kr.unit,
                "progress": summary.kr_progress[kr.id],
                "confidence": kr.confidence,
                "kpi": kr.kpi,
                "due": kr.due.isoformat() if kr.due else None,
            }
            for kr in o.key_results
        ],
        "initiatives": [{"title": i.title, "status": i.status} for i in o.initiatives],
    }


def cmd_status(store: Store, args) -> int:
    from .domain.period import Period
    from .domain.progress import PACE_GLYPHS
    from .domain.summary import summarize
    from .textfmt import fit, percent, progress_bar, value_of_target

    today = date.today()
    period = Period.parse(args.period) if args.period else Period.containing(today)
    repo = store.read()
    summaries = [summarize(o, today) for o in repo.objectives(period.key)]
    kpi_pairs = _kpi_statuses(repo, today)
    if args.json:
        print(
            _dump_json(
                {
                    "period": period.key,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "elapsed": period.elapsed_fraction(today),
                    "objectives": [_objective_json(s) for s in summaries],
                    "kpis": [_kpi_json(kpi, status) for kpi, status in kpi_pairs],
                }
            )
        )
        return 0
    paint = _Paint(_use_colour(sys.stdout))
    elapsed = period.elapsed_fraction(today)
    out = [paint(f"{period.key}  {period.start:%d %b} – {period.end:%d %b %Y}  {elapsed:.0%} elapsed", "bold"), ""]
    out.append(paint("OBJECTIVES", "bold"))
    if not summaries:
        out.append("  none in this period: open okrtui and press n to plan one")
    pace_style = {"on track": "green", "at risk": "yellow", "off track": "red"}
    for s in summaries:
        o = s.objective
        pace_text = f"{PACE_GLYPHS[s.pace]} {s.pace}" if s.pace else o.status
        out.append(
            f"  {fit(str(o.id), 3)}{fit(_safe(o.title), 42)} {progress_bar(s.progress, 10)} {percent(s.progress)}"
            f" {paint(pace_text, pace_style.get(s.pace))}"
        )
        if s.warnings:
            out.append(paint(f"       ⚠ {s.warnings[0]}", "yellow"))
        for kr in o.key_results:
            values = value_of_target(kr.value, kr.target, kr.unit)
            conf = f"conf {kr.confidence}" if kr.confidence is not None else "conf –"
            out.append(
                f"     {fit(kr.id, 5)} {fit(_safe(kr.title), 36)} {fit(_safe(values), 19)}"
                f" {percent(s.kr_progress[kr.id])} {conf}"
            )
    out += ["", paint("KPIS", "bold")]
    out += _kpi_lines(kpi_pairs, paint) if kpi_pairs else ["  none yet: okrtui kpi add NAME --unit U --target T"]
    print("\n".join(out))
    return 0


def cmd_check(store: Store, args) -> int:
    from .domain.health import CRITICAL
    from .domain.planning import last_checkin_day, overdue_checkins
    from .textfmt import with_unit

    from .textfmt import fit

    today = date.today()
    repo = store.read()
    problems = []
    for kpi, status in _kpi_statuses(repo, today):
        name, unit = fit(_safe(kpi.name), 30).rstrip(), fit(_safe(kpi.unit), 8).rstrip()
        if status.level == CRITICAL:
            problems.append(f"critical: {name} is {with_unit(status.latest[1], unit)} (critical at {with_unit(kpi.crit, unit)})")
        if status.stale:
            last = status.latest[0] if status.latest else "never"
            problems.append(f"stale: {name}, last value {last} ({kpi.cadence})")
    for objective in repo.objectives():
        for kr in overdue_checkins(objective, today):
            last = last_checkin_day(kr)
            problems.append(f"check-in overdue: {kr.id} {fit(_safe(kr.title), 36).rstrip()} (last {last or 'never'})")
    if problems:
        print("\n".join(fit(line, 80).rstrip() for line in problems))
        return 1
    return 0


def cmd_export(store: Store, args) -> int:
    from .domain.period import Period

    repo = store.read()
    period = Period.parse(args.period) if args.period else None
    objectives = repo.objectives(period.key if period else None)
    kpis = repo.kpis(tail=None)

    def in_period(day: str) -> bool:
        return period is None or period.contains(date.fromisoformat(day))

    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["kpi", "date", "value", "note"])
        from .textfmt import number

        from .domain.safetext import csv_cell

        for kpi in kpis:  # text cells neutralised against formulas; numbers stay numbers
            name, notes = csv_cell(kpi.name), kpi.series.notes
            for day, value in zip(kpi.series.dates, kpi.series.values):
                if in_period(day):
                    writer.writerow([name, day, number(value), csv_cell(notes[day]) if day in notes else ""])
        return 0
    if args.format == "json":
        from .domain.summary import summarize

        today = date.today()
        data = {
            "period": period.key if period else None,
            "objectives": [],
            "kpis": [],
        }
        for o in objectives:
            entry = _objective_json(summarize(o, today))
            entry.update(why=o.why, team=o.team, review={"grade": o.review.grade, "note": o.review.note})
            for kr_json, kr in zip(entry["key_results"], o.key_results):
                kr_json["weight"] = kr.weight
                kr_json["checkins"] = [vars(c) for c in kr.checkins]
            data["objectives"].append(entry)
        for kpi in kpis:
            data["kpis"].append(
                {
                    "id": kpi.id,
                    **kpi.definition(),
                    "values": [
                        {"date": d, "value": v, "note": kpi.series.notes.get(d, "")}
                        for d, v in zip(kpi.series.dates, kpi.series.values)
                        if in_period(d)
                    ],
                }
            )
        print(_dump_json(data))
        return 0
    print(_markdown(objectives, kpis, period))
    return 0


def _markdown(objectives, kpis, period) -> str:
    from .domain.health import kpi_status
    from .domain.summary import summarize
    from .textfmt import percent, with_unit

    today = date.today()

    from .domain.safetext import markdown_text as cell

    lines = [f"# OKRs {period.key if period else '(all periods)'}", ""]
    for o in objectives:
        s = summarize(o, today)
        lines.append(f"## {cell(o.title)}")
        lines.append("")
        meta = [f"period {o.period}", o.kind, o.status, f"progress {percent(s.progress).strip()}"]
        if s.pace:
            meta.append(s.pace)
        if o.owner:
            meta.append(f"owner {cell(o.owner)}")
        lines.append("*" + ", ".join(meta) + "*")
        if o.why:
            lines += ["", f"Why: {cell(o.why)}"]
        if o.key_results:
            lines += ["", "| KR | Key result | Now | Target | Progress | Confidence |", "|---|---|---|---|---|---|"]
            for kr in o.key_results:
                lines.append(
                    f"| {kr.id} | {cell(kr.title)} | {cell(with_unit(kr.value, kr.unit))} | "
                    f"{cell(with_unit(kr.target, kr.unit))} | {percent(s.kr_progress[kr.id]).strip()} | "
                    f"{'' if kr.confidence is None else kr.confidence} |"
                )
        if o.initiatives:
            lines += [""] + [f"- [{'x' if i.status == 'done' else ' '}] {cell(i.title)} ({i.status})" for i in o.initiatives]
        if o.review.grade is not None:
            lines += ["", f"Review: grade {o.review.grade:.1f}. {cell(o.review.note)}"]
        lines.append("")
    lines += ["# KPIs", "", "| KPI | Latest | Target | Health | Trend |", "|---|---|---|---|---|"]
    for kpi in kpis:
        st = kpi_status(kpi, today)
        latest = f"{with_unit(st.latest[1], kpi.unit)} ({st.latest[0]})" if st.latest else "—"
        lines.append(
            f"| {cell(kpi.name)} | {cell(latest)} | {cell(with_unit(kpi.target, kpi.unit)) if kpi.target is not None else ''} "
            f"| {st.label} | {st.trend or ''} |"
        )
    return "\n".join(lines)


def cmd_import(store: Store, args) -> int:
    import csv

    from .domain.models import Kpi
    from .domain.period import PeriodError, parse_date
    from .domain.safetext import csv_uncell
    from .domain.validation import has_control_chars, parse_number

    try:
        with open(args.file, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise InputError(f"{args.file}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{args.file}: cannot be read as UTF-8 CSV ({exc})") from None
    if not rows:
        raise InputError(f"{args.file}: empty file (expected a header kpi,date,value[,note])")
    header = [h.strip().lower() for h in rows[0]]
    if header not in (["kpi", "date", "value"], ["kpi", "date", "value", "note"]):
        raise InputError(f"{args.file}: line 1: header must be kpi,date,value[,note], not {','.join(rows[0])!r}")
    errors: list[tuple[int, str]] = []  # (line number, problem)
    parsed: list[tuple[int, str, str, float, str]] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) not in (3, 4) or len(row) > len(header):
            errors.append((line_no, f"expected {len(header)} fields, found {len(row)}"))
            continue
        name, day_text, value_text = (csv_uncell(cell.strip()) for cell in row[:3])
        note = csv_uncell(row[3]) if len(row) == 4 else ""
        try:
            if not name:
                raise ValueError("empty KPI name")
            if has_control_chars(name):
                raise ValueError("KPI name contains control characters")
            day = parse_date(day_text).isoformat()
            value = parse_number(value_text, "value")
        except (ValueError, PeriodError) as exc:
            errors.append((line_no, str(exc)))
            continue
        parsed.append((line_no, name, day, value, note))
    with store.transaction() as repo:
        known = {k.name.casefold(): k.id for k in repo.kpis(tail=0)}
        missing: dict[str, str] = {}  # folded -> name as first written
        for line_no, name, *_ in parsed:
            if name.casefold() not in known:
                missing.setdefault(name.casefold(), name)
                if not args.create_kpis:
                    errors.append((line_no, f"unknown KPI {_safe(name)!r} (define it with okrtui kpi add, or pass --create-kpis)"))
        if errors:
            report = "\n".join(f"line {line}: {problem}" for line, problem in sorted(errors))
            raise InputError(f"{args.file}: nothing imported, {len(errors)} bad row(s):\n{report}")
        for folded, name in missing.items():
            known[folded] = repo.add_kpi(Kpi(name=name))
        count = repo.import_values([(known[name.casefold()], day, value, note) for _, name, day, value, note in parsed])
    kpi_count = len({name.casefold() for _, name, *_ in parsed})
    created = f", created {len(missing)} KPI(s)" if missing else ""
    print(f"imported {count} value(s) into {kpi_count} KPI(s){created}")
    return 0


def cmd_demo(store: Store, args) -> int:
    with store.transaction() as repo:
        if repo.is_empty:
            from .demo import build_demo

            build_demo(repo)
            print(f"demo store written to {store.path}", file=sys.stderr)
        elif not args.open:
            raise Refused(f"{store.path} already has data; demo will not overwrite it (choose another file with --db)")
    if args.open:
        return open_tui(store)
    return 0


def open_tui(store: Store) -> int:
    store.read()  # a store that cannot be read is reported here, before the screen is taken over
    from .ui.app import run

    return run(store)


COMMANDS = {
    "log": cmd_log,
    "checkin": cmd_checkin,
    "status": cmd_status,
    "check": cmd_check,
    "export": cmd_export,
    "import": cmd_import,
    "demo": cmd_demo,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # a terminal that is not UTF-8 gets escapes, not a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser(_command_in(argv)).parse_args(argv)
    store = Store(resolve_path(args.db))
    if args.command == "kpi":
        handler = cmd_kpi_add if args.kpi_command == "add" else cmd_kpi_list
    else:
        handler = COMMANDS.get(args.command)
    try:
        if handler is None:
            return open_tui(store)
        return handler(store, args)
    except InputError as exc:
        _error(exc)
        return 2
    except (StoreError, Refused) as exc:
        _error(exc)
        return 1
    except BrokenPipeError:  # `okrtui export | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # anything the store layer did not name (a full disk while printing, ...)
        _error(f"{exc.filename + ': ' if isinstance(exc.filename, str) else ''}{exc.strerror or exc}")
        return 1
    except KeyboardInterrupt:
        return 130


def _error(problem: object) -> None:
    """The one way an error leaves: on stderr, every line through the sanitiser."""
    from .domain.safetext import printable_lines

    print(f"okrtui: error: {printable_lines(problem)}", file=sys.stderr)
