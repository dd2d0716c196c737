"""`okrtui checkin`, `okrtui objective add|activate|reopen` and `okrtui kr add`: plans from the shell."""

from __future__ import annotations

from . import common, targets
from .common import InputError, Refused, safe
from .team import align_from_args, cmd_objective_align

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub, only: str | None) -> None:
    if only in (None, "checkin"):
        checkin = sub.add_parser("checkin", help="check in on a key result", epilog=common.with_examples(
            "okrtui checkin 1.2 7 --confidence 8 --note 'two more signed'",
            "okrtui checkin 'NPS' 61"))
        common.completes(checkin.add_argument(
            "kr", type=common.text, help="key result id (3.2) or title: exact, unique prefix or unique part"), "kr")
        checkin.add_argument("value", type=common.number)
        checkin.add_argument("--confidence", type=common.confidence, help="0-10")
        checkin.add_argument("--note", default="", type=common.text, help="what changed, what blocks you")
        checkin.set_defaults(handler=cmd_checkin)
    if only in (None, "objective"):
        objective = sub.add_parser("objective", help="plan objectives from the shell", epilog=common.with_examples(
            "okrtui objective add 'Raise NPS' --period 'Q1 2027'", "okrtui objective activate 6",
            "okrtui objective reopen 6"))
        actions = objective.add_subparsers(dest="objective_command", metavar="ACTION", parser_class=common.Parser,
                                           required=True)
        add = actions.add_parser("add", help="add an objective (a draft until it has a key result); prints its id",
                                 epilog=common.with_examples(
                                     "okrtui objective add 'Raise the customer-experience score' --period 2027-Q1 "
                                     "--why 'Customers wait too long' --kind aspirational --owner 'Wang Fang'"))
        add.add_argument("title", type=common.text)
        add.add_argument("--period", type=common.period, help="2026-Q4, Q4 2026 or a date range (default: now)")
        add.add_argument("--why", type=common.text, default="", help="why it matters (the road trip's first question)")
        add.add_argument("--kind", choices=("committed", "aspirational"), default="committed",
                         help="committed: expected to reach 1.0; aspirational: about 0.7 (default committed)")
        add.add_argument("--owner", type=common.text, default="", help="who answers for it")
        add.add_argument("--team", type=common.text, default="", help="the team it belongs to")
        _alignment_options(add)
        add.add_argument("--checkins", choices=("weekly", "fortnightly", "monthly"), default="weekly",
                         help="how often its key results want a check-in (okrtui due and check say when; default weekly)")
        add.set_defaults(handler=cmd_objective_add)
        align = actions.add_parser("align", help="say which objective (or key result of one) it serves, or none",
                                   epilog=common.with_examples("okrtui objective align 7 --parent 3.2",
                                                               "okrtui objective align 7 --parent none",
                                                               "okrtui objective align 3 --rollup children"))
        common.completes(align.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        _alignment_options(align)
        align.set_defaults(handler=cmd_objective_align)  # alignment lives with the team's commands (team.py)
        activate = actions.add_parser("activate", help="turn a draft objective active (it needs a measurable key result)",
                                      epilog=common.with_examples("okrtui objective activate 6",
                                                                  "okrtui objective activate 'Raise NPS'"))
        common.completes(activate.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        activate.set_defaults(handler=cmd_objective_activate)
        reopen = actions.add_parser("reopen", help="open a closed objective again, for check-ins (undo takes it back)",
                                    epilog=common.with_examples("okrtui objective reopen 6"))
        common.completes(reopen.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        reopen.set_defaults(handler=cmd_objective_reopen)
    if only in (None, "initiative"):
        initiative = sub.add_parser(
            "initiative", help="what you will do when you get there: an objective's initiatives",
            epilog=common.with_examples("okrtui initiative add 2 'Call the ten biggest customers'",
                                        "okrtui initiative done 2 1", "okrtui initiative rm 'Raise NPS' 3"))
        steps = initiative.add_subparsers(dest="initiative_command", metavar="ACTION", parser_class=common.Parser,
                                          required=True)
        add = steps.add_parser("add", help="add an initiative; prints its number",
                               epilog=common.with_examples("okrtui initiative add 2 'Call the ten biggest customers'"))
        common.completes(add.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        add.add_argument("text", type=common.text, help="what you will do")
        add.set_defaults(handler=cmd_initiative_add)
        for name, words in (("done", "mark an initiative done"), ("doing", "mark an initiative under way"),
                            ("todo", "mark an initiative not started"), ("rm", "remove an initiative")):
            step = steps.add_parser(name, help=words, epilog=common.with_examples(f"okrtui initiative {name} 2 1"))
            common.completes(step.add_argument("objective", type=common.text, help="objective id or title"), "objective")
            step.add_argument("number", type=int, help="the initiative's number (from 1, as status and the detail"
                                                       " screen list them)")
            step.set_defaults(handler=cmd_initiative_step, step=name)
    if only in (None, "close"):
        close = sub.add_parser("close", help="close an objective: final status, grade and a reflection",
                               epilog=common.with_examples(
                                   "okrtui close 1 --status achieved --grade 0.9 --note 'pipeline review paid off'",
                                   "okrtui close 'Grow revenue' --status missed      # grade: the suggested one"))
        common.completes(close.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        close.add_argument("--status", choices=("achieved", "missed", "dropped"), required=True,
                           help="how it ended")
        close.add_argument("--grade", type=common.number, help="0.0-1.0 (default: the suggested grade)")
        close.add_argument("--note", type=common.text, help="what you learned")
        close.set_defaults(handler=cmd_close)
    if only in (None, "carry"):
        carry = sub.add_parser("carry", help="continue an objective in the next period from where it ended; prints"
                                             " the new objective's id", epilog=common.with_examples(
                                   "okrtui carry 2                                   # into the next quarter",
                                   "okrtui carry 2 --to 2027-Q2 --drop 2.3 --target 2.2=100",
                                   "okrtui carry 1 --target 1.1=120000 --title '1.1=Close $120,000 of new sales'"))
        common.completes(carry.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        carry.add_argument("--to", type=common.period, help="the period (default: the next one)")
        carry.add_argument("--drop", nargs="+", default=[], metavar="KR", type=common.text,
                           help="key results (ids) not carried")
        carry.add_argument("--target", nargs="+", default=[], metavar="KR=VALUE", type=common.text,
                           help="a new target for a kept key result")
        carry.add_argument("--title", nargs="+", default=[], metavar="KR=TITLE", type=common.text,
                           help="a new title for a kept key result (one whose numbers changed)")
        carry.set_defaults(handler=cmd_carry)
    if only in (None, "seed"):
        seed = sub.add_parser("seed", help="turn an initiative into a draft objective of the next period; prints its id",
                              epilog=common.with_examples("okrtui seed 1 2        # objective 1's second initiative",
                                                          "okrtui seed 'Grow revenue' 1 --to 2027-Q2"))
        common.completes(seed.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        seed.add_argument("initiative", type=int, help="the initiative's number, from 1, as listed in okrtui status --json")
        seed.add_argument("--to", type=common.period, help="the period (default: the next one)")
        seed.set_defaults(handler=cmd_seed)
    if only in (None, "kr"):
        kr = sub.add_parser("kr", help="add key results from the shell", epilog=common.with_examples(
            "okrtui kr add 6 'Lift NPS from 55 to 66' --start 55 --target 66"))
        actions = kr.add_subparsers(dest="kr_command", metavar="ACTION", parser_class=common.Parser, required=True)
        add = actions.add_parser("add", help="add a key result to an objective; prints its id",
                                 epilog=common.with_examples(
                                     "okrtui kr add 6 'Cut response time to 90 min' --start 150 --target 90 --unit min",
                                     "okrtui kr add 6 'Response time' --kpi resp           # follows the KPI",
                                     "okrtui kr add 6 'Uptime holds' --kpi uptime --type above --target 99.5"))
        common.completes(add.add_argument("objective", type=common.text, help="objective id or title"), "objective")
        add.add_argument("title", type=common.text)
        add.add_argument("--target", type=common.number, help="the target (with --kpi: default from the KPI)")
        add.add_argument("--start", type=common.number, help="where it starts (default 0; with --kpi: the KPI's value)")
        add.add_argument("--unit", type=common.text, default=None, help="%%, $, h, tickets… (with --kpi: the KPI's)")
        add.add_argument("--type", choices=("reach", "above", "below"), default=None,
                         help="reach the target, or stay above / below it as a level")
        add.add_argument("--kpi", type=common.text, help="follow this KPI: its values move the key result")
        add.add_argument("--due", type=common.day, help="YYYY-MM-DD, if it is due before the period ends")
        add.add_argument("--weight", type=common.number, default=1.0,
                         help="its share in the objective's progress (default 1)")
        add.add_argument("--owner", type=common.text, default="", help="who answers for it (default: the objective's owner)")
        targets.add_kr_options(add)
        add.set_defaults(handler=cmd_kr_add)
        edit = actions.add_parser("edit", help="change a key result (undo takes it back)", epilog=common.with_examples(
            "okrtui kr edit 6.1 --target 70 --owner Mei", "okrtui kr edit 'NPS' --due none --weight 2"))
        common.completes(edit.add_argument("kr", type=common.text, help="key result id (3.2) or title"), "kr")
        edit.add_argument("--title", type=common.text, help="a new title")
        edit.add_argument("--target", type=common.number, help="a new target")
        edit.add_argument("--start", type=common.number, help="not for a key result that follows a KPI")
        edit.add_argument("--unit", type=common.text, help="%%, $, h, tickets… (not for one that follows a KPI)")
        edit.add_argument("--owner", type=common.text, help="a name, or none for the objective's owner")
        edit.add_argument("--weight", type=common.number, help="its share in the objective's progress")
        edit.add_argument("--due", type=_day_or_none, default=KEEP, help="YYYY-MM-DD, or none")
        edit.add_argument("--type", choices=("reach", "above", "below"),
                          help="reach the target, or stay above / below it as a level")
        targets.add_kr_options(edit)
        edit.set_defaults(handler=cmd_kr_edit)


def cmd_checkin(store: Store, args) -> int:
    from ..domain.closing import ClosingError
    from ..domain.matching import MatchError
    from ..store.repo import ValidationError
    from ..domain.progress import kr_progress
    from ..textfmt import percent, with_unit

    with store.transaction() as repo:
        try:
            _, kr = repo.find_key_result(args.kr)
        except MatchError as exc:
            raise InputError(str(exc)) from None
        followed = kr.kpi
        try:
            kr = repo.checkin(kr.id, args.value, args.confidence, args.note)
        except ClosingError as exc:
            raise Refused(str(exc)) from None
        except ValidationError as exc:  # a hand-edited objective that does not validate cannot be saved
            raise Refused(f"objective {kr.id.split('.')[0]} cannot be saved as it is: {exc}") from None
        kpi_name = repo.kpi(followed, tail=0).name if followed is not None else ""
    conf = f", confidence {kr.confidence}/10" if kr.confidence is not None else ""
    if followed is not None:
        print(f"logged {safe(kpi_name)} = {with_unit(args.value, safe(kr.unit))} today; key result {kr.id} follows it")
    print(
        f"checked in {kr.id} {safe(kr.title)}: {with_unit(kr.current, safe(kr.unit))}"
        f" of {with_unit(kr.target, safe(kr.unit))} ({percent(kr_progress(kr)).strip()}){conf}"
    )
    return 0


def cmd_objective_add(store: Store, args) -> int:
    from datetime import date

    from ..domain.models import Objective
    from ..domain.period import Period
    from ..store.repo import ValidationError

    period = args.period or Period.containing(date.today()).key
    objective = Objective(args.title, period, why=args.why, owner=args.owner, team=args.team, kind=args.kind,
                          checkin_every=args.checkins)
    with store.transaction() as repo:
        align_from_args(repo, objective, args)
        try:
            objective_id = repo.save_objective(objective)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
    print(objective_id)
    return 0


def cmd_initiative_add(store: Store, args) -> int:
    from ..domain.models import Initiative
    from ..store.repo import ValidationError

    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        objective.initiatives.append(Initiative(args.text))
        try:
            repo.save_objective(objective)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
    print(len(objective.initiatives))
    return 0


def cmd_initiative_step(store: Store, args) -> int:
    from ..store.repo import ValidationError

    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        count = len(objective.initiatives)
        if not 1 <= args.number <= count:
            raise InputError(f"objective {objective.id} has initiatives 1 to {count}, not {args.number}" if count else
                             f"objective {objective.id} has no initiatives (okrtui initiative add {objective.id} TEXT)")
        chosen = objective.initiatives[args.number - 1]
        if args.step == "rm":
            objective.initiatives.pop(args.number - 1)
        else:
            chosen.status = args.step
        try:
            repo.save_objective(objective)
        except ValidationError as exc:
            raise Refused(f"objective {objective.id} cannot be saved as it is: {exc}") from None
    words = "removed" if args.step == "rm" else {"done": "done", "doing": "under way", "todo": "to do"}[args.step]
    print(f"initiative {args.number} of objective {objective.id} {safe(repr(chosen.title))}: {words}")
    return 0


def cmd_objective_reopen(store: Store, args) -> int:
    from ..domain.closing import ClosingError

    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        try:
            opened = repo.reopen_objective(objective.id)
        except ClosingError as exc:
            raise Refused(str(exc)) from None
    print(f"objective {opened.id} is {opened.status} again (okrtui undo closes it as it was)")
    return 0


def cmd_objective_activate(store: Store, args) -> int:
    from ..store.repo import ValidationError

    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        if objective.status == "active":
            print(f"objective {objective.id} is already active")
            return 0
        if objective.status != "draft":
            raise InputError(f"objective {objective.id} is {objective.status}, not a draft")
        objective.status = "active"
        try:
            repo.save_plan(objective)
        except ValidationError:
            raise InputError(f"objective {objective.id} stays a draft: it needs a measurable key result first"
                             f" (okrtui kr add {objective.id} TITLE --target T)") from None
    print(f"objective {objective.id} is active")
    return 0


def cmd_kr_add(store: Store, args) -> int:
    from ..domain.models import KeyResult
    from ..domain.planning import key_result_from_kpi
    from ..store.repo import ValidationError

    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        if objective.status not in ("draft", "active"):
            raise InputError(f"objective {objective.id} is {objective.status}: its key results are closed"
                             f" (okrtui carry {objective.id} continues it in a later period)")
        if args.kpi:
            kpi = common.find_kpi(repo, args.kpi, tail=60)
            try:
                kr = key_result_from_kpi(kpi, args.target)
            except ValueError as exc:
                raise InputError(f"{exc} (--target T)") from None
            if args.type is not None:
                kr.type = args.type
                if args.target is None and args.type != "reach":
                    kr.target = kpi.warn if kpi.warn is not None else kr.target
            if args.unit is not None and args.unit != kpi.unit:
                raise InputError(f"a key result that follows {safe(kpi.name)} takes its unit ({safe(kpi.unit)!r})")
            kr.title = args.title
        else:
            if args.target is None:
                raise InputError("--target is needed (or --kpi NAME to follow a KPI)")
            kr = KeyResult(args.title, start=args.start if args.start is not None else 0.0, target=args.target,
                           unit=args.unit or "", type=args.type or "reach")
            kr.kind = "percent" if kr.unit == "%" else "currency" if kr.unit in ("$", "€", "£", "¥") else "number"
        if args.start is not None and args.kpi:
            raise InputError("a key result that follows a KPI starts from the KPI's value at the period's start")
        kr.due, kr.weight, kr.owner = args.due, args.weight, args.owner
        targets.apply_to_kr(repo, kr, args)
        objective.key_results.append(kr)
        try:
            repo.save_plan(objective)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
        draft = objective.status == "draft"
        from ..honest import feasibility_line

        feasible = feasibility_line(objective, kr, repo.full_kpi)  # how often the KPI moved that far before
    print(kr.id)
    if feasible:
        print(safe(feasible), file=__import__("sys").stderr)
    if draft:
        print(f"objective {objective.id} is a draft: okrtui objective activate {objective.id}", file=__import__("sys").stderr)
    return 0


def cmd_close(store: Store, args) -> int:
    from ..domain.closing import ClosingError
    from ..store.repo import ValidationError

    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        try:
            grade = args.grade if args.grade is not None else targets.capped_grade(objective)
            closed = repo.close_objective(objective.id, args.status, grade, args.note)
        except ClosingError as exc:
            raise InputError(str(exc)) from None
        except ValidationError as exc:
            raise Refused(f"objective {objective.id} cannot be saved as it is: {exc}") from None
    from ..domain.progress import grade_band, grade_verdict

    grade = closed.review.grade
    print(f"closed objective {closed.id} as {closed.status}: grade {grade:.1f} ({grade_band(grade)},"
          f" {grade_verdict(grade, closed.kind)} for {closed.kind})")
    return 0


def cmd_seed(store: Store, args) -> int:
    from ..domain.closing import ClosingError
    from ..store.repo import ValidationError

    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        try:
            draft = repo.seed_from_initiative(objective.id, args.initiative, args.to)
        except ClosingError as exc:
            raise InputError(str(exc)) from None
        except ValidationError as exc:
            raise Refused(f"initiative {args.initiative} cannot become an objective as it is: {exc}") from None
    print(draft.id)
    return 0


def cmd_carry(store: Store, args) -> int:
    from ..domain.closing import ClosingError
    from ..domain.parsing import parse_number
    from ..store.repo import ValidationError

    targets = {}
    for item in args.target:
        kr_id, equals, value = item.partition("=")
        if not equals:
            raise InputError(f"--target takes KR=VALUE (such as 2.1=100), not {item!r}")
        try:
            targets[kr_id.strip()] = parse_number(value, f"the target of {kr_id.strip()}")
        except ValueError as exc:
            raise InputError(str(exc)) from None
    titles = {}
    for item in args.title:
        kr_id, equals, title = item.partition("=")
        if not equals or not title.strip():
            raise InputError(f"--title takes KR=TITLE (such as '2.1=Close $120,000'), not {item!r}")
        titles[kr_id.strip()] = title.strip()
    with store.transaction() as repo:
        objective = common.find_objective(repo, args.objective)
        try:
            new = repo.carry_objective(objective.id, args.to, set(args.drop), targets, titles)
        except ClosingError as exc:
            raise InputError(str(exc)) from None
        except ValidationError as exc:
            raise Refused(f"objective {objective.id} cannot be carried as it is: {exc}") from None
    print(new.id)
    from ..textfmt import number

    kept = ", ".join(f"{kr.id} from {number(kr.start)}" for kr in new.key_results) or "none"
    print(f"objective {objective.id} continues as {new.id} in {new.period} ({new.status}); key results {kept}",
          file=__import__("sys").stderr)
    from ..domain.closing import title_warnings

    for old_id, warning in title_warnings(objective, new):
        common.warn(f"{warning} (okrtui undo, then carry again with --title {old_id}='…')")
    return 0


# -- alignment and key-result edits (issue 17) -------------------------------------------------
def _alignment_options(parser) -> None:
    parser.add_argument("--parent", type=common.text, help="the objective (3) or key result (3.2) it serves, or none")
    parser.add_argument("--rollup", choices=("krs", "children", "both"),
                        help="its progress from its key results (default), its aligned children, or both")
    parser.add_argument("--weight", type=common.number, help="its weight in its parent's roll-up (default 1)")


KEEP = object()  # an option not given: the field stays as it is (None would clear it)


def _day_or_none(text: str):
    return None if text.strip().lower() == "none" else common.day(text)


def cmd_kr_edit(store: Store, args) -> int:
    from ..domain.matching import MatchError
    from ..store.repo import ValidationError

    fields = ("title", "target", "start", "unit", "owner", "weight", "type", "hold", "guard")
    if all(getattr(args, name) is None for name in fields) and args.due is KEEP:
        raise InputError("nothing to change: give --title, --target, --start, --unit, --owner, --weight, --due, --type,"
                         " --hold or --guard")
    with store.transaction() as repo:
        try:
            objective, kr = repo.find_key_result(args.kr)
        except MatchError as exc:
            raise InputError(str(exc)) from None
        if objective.status not in ("draft", "active"):
            raise InputError(f"objective {objective.id} is {objective.status}: its key results are closed"
                             f" (okrtui objective reopen {objective.id} first)")
        before = repr(kr)
        if kr.kpi is not None and args.start is not None:
            raise InputError("a key result that follows a KPI starts from the KPI's value at the period's start")
        if kr.kpi is not None and args.unit is not None and args.unit != kr.unit:
            raise InputError(f"a key result that follows a KPI takes its unit ({safe(kr.unit)!r})")
        if args.weight is not None and args.weight <= 0:
            raise InputError("--weight must be more than 0")
        for name in ("title", "target", "start", "unit", "weight", "type"):
            if getattr(args, name) is not None:
                setattr(kr, name, getattr(args, name))
        if args.owner is not None:
            kr.owner = "" if args.owner.strip().lower() == "none" else " ".join(args.owner.split())
        if args.due is not KEEP:
            kr.due = args.due
        targets.apply_to_kr(repo, kr, args)
        if repr(kr) == before:
            print(f"key result {kr.id} already is that: nothing changed")
            return 0
        try:
            repo.save_plan(objective)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
    print(f"key result {kr.id} changed (okrtui undo takes it back)")
    return 0
