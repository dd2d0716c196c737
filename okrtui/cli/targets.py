"""The options of honest targets: `--hold` (a stay-above/below key result's or a KPI's error
budget) and `--guard` (a key result's guard KPI), for `kr add|edit` and `kpi add|edit`."""

from __future__ import annotations

import argparse

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
        if kr.type not in ("above", "below"):
            raise InputError("--hold is for a key result that stays above or below a level (--type above|below)")
        kr.hold = 1.0 if args.hold == CLEAR else args.hold
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
