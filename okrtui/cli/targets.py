"""The options of honest targets: `--hold` (a stay-above/below key result's or a KPI's error
budget) and `--guard` (a key result's guard KPI), for `kr add|edit` and `kpi add|edit`."""

from __future__ import annotations

import argparse
from datetime import date

from . import common
from .common import InputError, safe

CLEAR = "none"  # --hold none / --guard none: back to no budget / no guard


def hold(text: str) -> float | str:
    """A share such as 0.95 (more than 0, at most 1), or none."""
    from ..domain.budget import check_hold

    if text.strip().lower() == CLEAR:
        return CLEAR
    try:
        return check_hold(common.number(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(safe(str(exc))) from None


def add_kr_options(parser) -> None:
    parser.add_argument("--hold", type=hold, help="stay above/below: the share of measurements that must hold the"
                                                  " level (default 1; 0.95 leaves 5%% as the error budget)")
    parser.add_argument("--guard", type=common.text, metavar="KPI",
                        help="a KPI that must not go critical while this is chased (none: no guard)")


def add_kpi_option(parser) -> None:
    parser.add_argument("--hold", type=hold, help="the share of values that must stay clear of the warning level;"
                                                  " the rest is its error budget each quarter (none: no budget)")


def apply_to_kr(repo, kr, args) -> None:
    """--hold and --guard on a key result; InputError (exit 2, nothing changed) in words."""
    if args.hold is not None:
        if kr.type not in ("above", "below") and args.hold != CLEAR:  # none clears a hold whatever the type
            raise InputError("--hold is for a key result that stays above or below a level (--type above|below)")
        kr.hold = 1.0 if args.hold == CLEAR else args.hold
    if kr.type not in ("above", "below"):
        kr.hold = 1.0  # a key result made to reach a target keeps no error budget to come back later
    if args.guard is not None:
        if args.guard.lower() == CLEAR:
            kr.guard = None
        else:
            guard = common.find_kpi(repo, args.guard)
            if guard.id == kr.kpi:
                raise InputError(f"{safe(guard.name)} is the KPI this key result follows: a guard is another KPI")
            kr.guard = guard.id


def apply_to_kpi(kpi, args) -> None:
    if args.hold is not None:
        kpi.hold = None if args.hold == CLEAR else args.hold


def check_lines(repo, today) -> list[str]:
    """okrtui check's lines for budgets that run out before the period ends at the current burn rate:
    key results with a hold below 1 in a running period, and KPIs with a hold. A key result with no
    budget (hold 1) is not flagged: its misses show in its progress."""
    from ..domain.budget import kpi_budget, objective_budgets
    from ..domain.period import Period

    lines = []
    for objective in repo.objectives():
        if objective.status != "active" or not Period.parse(objective.period).contains(today):
            continue
        budgets = objective_budgets(objective, today)
        for kr in objective.key_results:
            budget = budgets.get(kr.id)
            if budget is not None and kr.hold < 1 and budget.runs_out:
                lines.append(_runs_out_line(f"{kr.id} {safe(kr.title)}", budget))
    # only a KPI with a hold is read whole (a long history costs time)
    for kpi in [repo.full_kpi(k.id) for k in repo.kpis(tail=0) if k.hold is not None]:
        budget = kpi_budget(kpi, today)
        if budget is not None and budget.runs_out:
            lines.append(_runs_out_line(safe(kpi.name), budget))
    return lines


def _runs_out_line(what: str, budget) -> str:
    """One line of 80 columns: the name gives way, the numbers never."""
    from ..textfmt import cell_width, fit

    words = budget.words()
    return f"{budget.verdict}: {fit(what, max(8, 80 - 19 - cell_width(words))).rstrip()}: {words}"


def capped_grade(objective) -> float | None:
    """The suggested grade when a guard KPI went critical (capped by config.toml's [grading] guard_cap),
    else None: closing suggests the grade as ever."""
    from ..domain.summary import summarize

    summary = summarize(objective, date.today(), guard_cap=configured_guard_cap())
    return summary.suggested_grade if summary.guard_breaches else None


def configured_guard_cap() -> float:
    """config.toml's [grading] guard_cap (a bad one is named on stderr, and the default used)."""
    from ..settings.config import load_settings

    settings = load_settings()
    for problem in settings.problems:
        if "guard_cap" in problem:
            print(f"okrtui: warning: {safe(problem)}", file=__import__("sys").stderr)
    return settings.guard_cap


def guard_cap_for(objectives: list) -> float:
    """config.toml's [grading] guard_cap, read only when some key result has a guard to cap by."""
    from ..domain.guard import DEFAULT_GUARD_CAP

    return configured_guard_cap() if any(kr.guard is not None for o in objectives for kr in o.key_results) \
        else DEFAULT_GUARD_CAP
