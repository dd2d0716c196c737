"""`okrtui status`, `okrtui check` and `okrtui export`: what the store says, for people and programs."""

from __future__ import annotations

import sys
from datetime import date

from . import common
from .common import safe
from .targets import guard_cap_for
from .render import kpi_budget_json, kpi_json, kpi_lines, kpi_statuses, objective_json, spark_tail

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub, only: str | None) -> None:
    if only in (None, "status"):
        status = sub.add_parser("status", help="objectives of a period and KPI health", epilog=common.with_examples(
            "okrtui status", "okrtui status --period 'Q1 2027' --json | jq '.objectives[].progress'"))
        status.add_argument("--period", type=common.period,
                            help="2026-Q4, Q4 2026 or 2026-01-01..2026-03-31 (default: now)")
        status.add_argument("--json", action="store_true", help="objectives and KPIs as JSON")
        whose = status.add_mutually_exclusive_group()
        whose.add_argument("--mine", action="store_true",
                           help="only mine: objectives I own or own a key result of, KPIs I own or follow (okrtui whoami)")
        whose.add_argument("--owner", type=common.text, help="only this person's, the way --mine takes mine")
        whose.add_argument("--team", type=common.text, help="only this team's objectives, and the KPIs they follow")
        status.set_defaults(handler=cmd_status)
    if only in (None, "check"):
        check = sub.add_parser("check", help="exit 1 and list what needs attention (critical or stale KPIs, overdue check-ins, merge conflicts)",
                               epilog=common.with_examples("okrtui check || notify-send 'OKRs need you'"))
        check.set_defaults(handler=cmd_check)
    if only in (None, "report"):
        report = sub.add_parser("report", help="what moved since a day, biggest moves first", epilog=common.with_examples(
            "okrtui report                 # the last 7 days", "okrtui report --since monday",
            "okrtui report --since yesterday", "okrtui report --since 2026-11-01 --json",
            "okrtui report --since 7d --by owner --format md    # a weekly digest per person"))
        report.add_argument("--since", default="7d", type=common.text,
                            help="today, yesterday, a weekday (monday: this week's), a number of days (7d) or"
                                 " weeks (2w), or a date YYYY-MM-DD (default 7d)")
        report.add_argument("--json", action="store_true", help="the moves as JSON")
        report.add_argument("--by", choices=("owner",), help="owner: a digest per person, for a team's channel")
        report.add_argument("--format", choices=("text", "md"), default="text", help="md: Markdown, ready to paste")
        report.set_defaults(handler=cmd_report)
    if only in (None, "export"):
        export = sub.add_parser("export", help="write OKRs and KPIs to stdout", epilog=common.with_examples(
            "okrtui export --format md --period 2026-Q4 > okrs.md", "okrtui export --format csv > values.csv",
            "okrtui export --format html -o okrs.html   # one self-contained page"))
        export.add_argument("--format", choices=("md", "json", "csv", "html"), default="md",
                            help="csv: KPI values only; html: one self-contained page")
        export.add_argument("-o", "--output", metavar="FILE", type=common.text, help="html: write to FILE, not stdout")
        export.add_argument("--period", type=common.period, help="only this period (default: everything)")
        export.set_defaults(handler=cmd_export)


def cmd_status(store: Store, args) -> int:
    from ..domain.period import Period
    from ..domain.summary import summarize
    from ..textfmt import cell_width

    today = date.today()
    period = Period.parse(args.period) if args.period else Period.containing(today)
    repo = store.read()
    from ..domain.alignment import children_of

    everything = repo.objectives()
    children = children_of(everything)
    cap = guard_cap_for(everything)
    summaries = [summarize(o, today, children, guard_cap=cap) for o in everything if o.period == period.key]
    kpi_pairs = kpi_statuses(repo, today, spark_tail(args.json))
    summaries, kpi_pairs = whose_only(store, args, summaries, kpi_pairs, everything)
    if args.json:
        print(
            common.dump_json(
                {
                    "period": period.key,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "elapsed": period.elapsed_fraction(today),
                    "objectives": [objective_json(s, repo.full_kpi) for s in summaries],
                    "kpis": [kpi_json(kpi, status, kpi_budget_json(repo, kpi, today)) for kpi, status in kpi_pairs],
                }
            )
        )
        return 0
    paint = common.Paint(common.use_colour(sys.stdout))
    width = common.output_width()
    elapsed = period.elapsed_fraction(today)
    title = f"{period.key}  {period.start:%d %b} – {period.end:%d %b %Y}  {elapsed:.0%} elapsed"
    out = [paint(title if cell_width(title) <= width else f"{period.key}  {elapsed:.0%} elapsed", "bold"), ""]
    out.append(paint("OBJECTIVES", "bold"))
    whose = whose_words(args)
    out += objective_lines(summaries, paint, width) if summaries or not whose else [f"  none of {whose} in this period"]
    out += ["", paint("KPIS", "bold")]
    out += kpi_lines(kpi_pairs, paint, width) if kpi_pairs else [
        f"  none of {whose}" if whose else "  none yet: okrtui kpi add NAME --unit U --target T"]
    conflicts = len(repo.conflicts())
    if conflicts:
        out += ["", paint(f"⚠ {conflicts} merge conflict{'s' if conflicts > 1 else ''} settled by rule:"
                          " okrtui conflicts shows them", "yellow")]
    print("\n".join(out))
    return 0


def whose_words(args) -> str:
    """Whose the filtered status is, in words ("" for everything)."""
    if args.team:
        return f"team {safe(args.team)}'s"
    if args.owner:
        return f"{safe(args.owner)}'s"
    return "mine" if args.mine else ""


def whose_only(store: Store, args, summaries: list, kpi_pairs: list, everything: list) -> tuple[list, list]:
    """--mine, --owner NAME, --team NAME: only theirs (domain/people.py says what is whose)."""
    from ..domain import people

    for option, given in (("--owner", args.owner), ("--team", args.team)):
        if given is not None and not given.strip():
            raise common.InputError(f"{option} needs a name")

    if args.team:
        return ([s for s in summaries if people.objective_is_teams(s.objective, args.team)],
                [p for p in kpi_pairs if people.kpi_is_teams(p[0], args.team, everything)])
    name = args.owner
    if args.mine:
        from .team import me

        name = me(store).name
    if not name:
        return summaries, kpi_pairs
    return ([s for s in summaries if people.objective_is_theirs(s.objective, name)],
            [p for p in kpi_pairs if people.kpi_is_theirs(p[0], name, everything)])


def objective_lines(summaries: list, paint, width: int) -> list[str]:
    """`status`'s objectives, each with its key results, fitted to width (no number cut)."""
    from ..domain.progress import PACE_GLYPHS
    from ..textfmt import cell_width, column, fit, fit_words, pair_fit, percent, progress_bar, squeeze, value_of_target

    out = []
    if not summaries:
        out.append("  none in this period: open okrtui and press n to plan one")
    pace_style = {"on track": "green", "at risk": "yellow", "off track": "red"}
    paces = {}
    for s in summaries:
        o = s.objective
        paces[o.id] = f"{PACE_GLYPHS[s.pace]} {s.pace}" if s.pace else o.status
        if not s.pace and o.review.grade is not None and o.status not in ("draft", "active"):
            paces[o.id] += f" {o.review.grade:.1f}"
    pace_most = max([cell_width(p) for p in paces.values()] + [4])
    # objective lines: "  " id(3) title bar pct pace; the title takes what is left, the bar gives way first
    title_w, (bar_w, pace_w) = squeeze(width - 2 - 3 - 5, 12, [(11, 0), (pace_most + 1, 2)])
    title_w = min(title_w, max([cell_width(safe(s.objective.title)) + 1 for s in summaries] + [12]))
    pairs = [value_of_target(kr.value, kr.target, kr.unit) for s in summaries for kr in s.objective.key_results]
    values_most = max([cell_width(safe(p)) for p in pairs] + [6])
    # key result lines: 5 spaces, id(5), title, values, pct, confidence
    kr_title_w, (values_w, conf_w) = squeeze(width - 5 - 6 - 5, 12, [(values_most + 1, 7), (8, 0)])
    if conf_w < 8:  # "conf 10" whole or not at all
        kr_title_w, conf_w = kr_title_w + conf_w, 0
    kr_title_w = min(kr_title_w, max([cell_width(safe(kr.title)) for s in summaries
                                      for kr in s.objective.key_results] + [12]))
    from ..honest import forecast_cells, forecast_width

    forecasts = forecast_cells(summaries)  # "→ 0.6": the grade each key result is on course for
    fc_w = forecast_width(forecasts, width - 16 - kr_title_w - values_w - conf_w)  # in the room titles leave
    for s in summaries:
        o = s.objective
        pace = fit_words(paces[o.id], pace_w - 1).rstrip() if pace_w > 1 else ""
        line = f"  {fit(str(o.id), 3)}{fit(safe(o.title), title_w)}{column(progress_bar(s.progress, bar_w - 1), bar_w)}" \
               f" {percent(s.progress)}"
        out.append(line + (" " + paint(pace, pace_style.get(s.pace)) if pace else ""))
        if s.warnings:
            out.append(paint(fit(f"       ⚠ {s.warnings[0]}", width).rstrip(), "yellow"))
        for kr in o.key_results:
            conf = f"conf {kr.confidence}" if kr.confidence is not None else "conf –"
            values = pair_fit(kr.value, kr.target, safe(kr.unit), values_w - 1)
            out.append(
                (f"     {fit(kr.id, 5)} {fit(safe(kr.title), kr_title_w)}{column(values, values_w)}"
                 f" {percent(s.kr_progress[kr.id])}{column(conf, conf_w)}{column(forecasts[kr.id], fc_w)}").rstrip()
            )
    return out


def cmd_check(store: Store, args) -> int:
    from ..domain.health import CRITICAL
    from ..domain.planning import last_checkin_day, overdue_checkins
    from ..textfmt import with_unit

    from ..textfmt import fit

    today = date.today()
    repo = store.read()
    problems = []
    for kpi, status in kpi_statuses(repo, today):
        name, unit = fit(safe(kpi.name), 30).rstrip(), fit(safe(kpi.unit), 8).rstrip()
        if status.level == CRITICAL:
            problems.append(f"critical: {name} is {with_unit(status.latest[1], unit)} (critical at {with_unit(kpi.crit, unit)})")
        if status.stale:
            last = status.latest[0] if status.latest else "never"
            problems.append(f"stale: {name}, last value {last} ({kpi.cadence})")
    from ..git.merge import conflict_words

    for conflict_id, record in repo.conflicts():
        problems.append(f"conflict {conflict_id}: {safe(conflict_words(record))}")
    for objective in repo.objectives():
        for kr in overdue_checkins(objective, today):
            last = last_checkin_day(kr)
            since = f"last {last}" if last else f"none since it was planned, {kr.added}" if kr.added else "none yet"
            problems.append(f"check-in overdue: {kr.id} {fit(safe(kr.title), 36).rstrip()} ({since})")
    from .targets import check_lines

    problems += check_lines(repo, today)
    if problems:
        print("\n".join(fit(line, 80).rstrip() for line in problems))
        return 1
    return 0


def cmd_report(store: Store, args) -> int:
    from ..domain.moves import moves_since, since_day
    from ..textfmt import fit

    today = date.today()
    try:
        since = since_day(args.since, today)
    except ValueError as exc:
        raise common.InputError(safe(str(exc))) from None
    repo = store.read()
    moves = moves_since(repo.objectives(), repo.kpis(tail=None), since)
    if args.json:
        print(common.dump_json({"since": since.isoformat(), "moves": [
            {"kind": m.kind, "about": m.ref, "words": m.words, "size": m.size, "owner": m.owner} for m in moves]}))
        return 0
    if not moves:
        print(f"nothing moved since {since.isoformat()}")
        return 0
    groups = by_owner(moves) if args.by == "owner" else [("", moves)]
    md = args.format == "md"
    width = 10**6 if md else common.output_width()  # Markdown lines are not cut: a channel wraps them
    print(f"{'# ' if md else ''}since {since.isoformat()}, biggest moves first")
    for owner, group in groups:
        if args.by:
            print(f"\n## {safe(owner) or 'no owner'}" if md else f"\n{safe(owner) or 'no owner'}")
        for move in group:
            line = f"{REPORT_GLYPHS[move.kind]} {move.kind:<8} {safe(move.words)}"
            print(f"- {line}" if md else fit("  " + line, width).rstrip())
    return 0


REPORT_GLYPHS = {"closed": "■", "kpi": "◆", "check-in": "●"}


def by_owner(moves: list) -> list[tuple[str, list]]:
    """Moves grouped per person (by name, without case), people in name order, the unowned last."""
    groups: dict[str, tuple[str, list]] = {}
    for move in moves:
        key = " ".join(move.owner.split()).casefold()
        groups.setdefault(key, (" ".join(move.owner.split()), []))[1].append(move)
    return [groups[key] for key in sorted(groups, key=lambda k: (k == "", k))]


def export_csv(kpis: list, in_period) -> None:
    """kpi,date,value,note,by: text cells neutralised against formulas; numbers stay numbers."""
    import csv

    from ..domain.parsing import exact_text
    from ..domain.safetext import csv_cell

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["kpi", "date", "value", "note", "by"])
    for kpi in kpis:
        name, notes, who = csv_cell(kpi.name), kpi.series.notes, kpi.series.by
        for day, value in zip(kpi.series.dates, kpi.series.values):
            if in_period(day):
                writer.writerow([name, day, exact_text(value), csv_cell(notes[day]) if day in notes else "",
                                 csv_cell(who[day]) if day in who else ""])


def cmd_export(store: Store, args) -> int:
    from ..domain.period import Period

    repo = store.read()
    period = Period.parse(args.period) if args.period else None
    objectives = repo.objectives(period.key if period else None)
    kpis = repo.kpis(tail=None)

    def in_period(day: str) -> bool:
        return period is None or period.contains(date.fromisoformat(day))

    if args.format == "html":
        from .web import export_html

        return export_html(repo, objectives, kpis, period, args.output, guard_cap_for(objectives))
    if args.output:
        raise common.InputError("-o FILE is for --format html; redirect the others: > FILE")
    if args.format == "csv":
        export_csv(kpis, in_period)
        return 0
    if args.format == "json":
        from ..domain.summary import summarize

        today = date.today()
        data = {
            "period": period.key if period else None,
            "objectives": [],
            "kpis": [],
        }
        for o in objectives:
            entry = objective_json(summarize(o, today), repo.full_kpi)
            entry.update(why=o.why, team=o.team)
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
                        {"date": d, "value": v, "note": kpi.series.notes.get(d, ""), "by": kpi.series.by.get(d, "")}
                        for d, v in zip(kpi.series.dates, kpi.series.values)
                        if in_period(d)
                    ],
                }
            )
        print(common.dump_json(data))
        return 0
    from ..report_md import markdown_report

    print(markdown_report(objectives, kpis, period, date.today(), guard_cap_for(objectives)))
    return 0
