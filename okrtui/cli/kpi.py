"""`okrtui kpi add|list|edit|rm|templates` and `okrtui pull`."""

from __future__ import annotations

import os
import sys
from datetime import date

from . import common, targets
from .common import CLEAR, InputError, Refused, safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub) -> None:
    kpi = sub.add_parser("kpi", help="define, list, change and remove KPIs", epilog=common.with_examples(
        "okrtui kpi list", "okrtui kpi add Uptime --template uptime --target 99.9", "okrtui kpi edit uptime --warn 99.5",
        "okrtui kpi rm uptime", "okrtui kpi templates"))
    actions = kpi.add_subparsers(dest="kpi_command", metavar="ACTION", parser_class=common.Parser, required=True)

    add = actions.add_parser("add", help="define a KPI", epilog=common.with_examples(
        "okrtui kpi add 'Average response time' --unit min --direction down --target 120 --warn 180 --crit 240",
        "okrtui kpi add Uptime --template uptime --target 99.9 --warn 99.5 --crit 99",
        "okrtui kpi add 'Open bugs' --template 'open bugs' --from 'gh issue list --json number --jq length'",
        "okrtui kpi add --from-kr 5.1       # keep the level an achieved key result reached",
    ))
    add.add_argument("name", type=common.text, nargs="?", help="its name (with --from-kr: what the key result measures)")
    add.add_argument("--template", type=common.text, help="start from a template (okrtui kpi templates)")
    add.add_argument("--from-kr", dest="from_kr", type=common.text, metavar="KR",
                     help="keep the level a key result reached: its unit and direction, target = the level reached")
    _definition_options(add, defaults=True)
    add.set_defaults(handler=cmd_kpi_add)

    listing = actions.add_parser("list", help="list KPIs with their latest value and health",
                                 epilog=common.with_examples("okrtui kpi list",
                                                             "okrtui kpi list --json | jq '.[] | {name, health}'"))
    listing.add_argument("--json", action="store_true", help="every KPI with its recent values, as JSON")
    listing.set_defaults(handler=cmd_kpi_list)

    edit = actions.add_parser("edit", help="change a KPI's definition (its values stay)", epilog=common.with_examples(
        "okrtui kpi edit resp --target 90 --warn 150",
        "okrtui kpi edit uptime --crit none        # none clears a level",
        "okrtui kpi edit 'Open bugs' --name 'Open P1 bugs'",
    ))
    common.completes(edit.add_argument("kpi", type=common.text, help="KPI name: exact, unique prefix or unique part"), "kpi")
    edit.add_argument("--name", type=common.text, help="a new name")
    _definition_options(edit, defaults=False)
    edit.set_defaults(handler=cmd_kpi_edit)

    remove = actions.add_parser("rm", help="delete a KPI and its values", epilog=common.with_examples(
        "okrtui kpi rm 'Web traffic'", "okrtui kpi rm uptime --yes   # even though key results follow it"))
    common.completes(remove.add_argument("kpi", type=common.text), "kpi")
    remove.add_argument("--yes", action="store_true",
                        help="delete even when key results follow it (they keep its values as check-ins)")
    remove.set_defaults(handler=cmd_kpi_rm)

    templates = actions.add_parser("templates", help="list the KPI templates", epilog=common.with_examples(
        "okrtui kpi templates", "okrtui kpi add 'Site uptime' --template uptime --target 99.9"))
    templates.set_defaults(handler=cmd_kpi_templates)

    pull = sub.add_parser("pull", help="log each KPI's value from its command (kpi add/edit --from)",
                          epilog=common.with_examples("okrtui pull            # in cron: 0 8 * * * okrtui pull",
                                                      "okrtui pull bugs       # one KPI"))
    common.completes(pull.add_argument("kpi", nargs="?", type=common.text, help="only this KPI"), "kpi")
    pull.add_argument("--timeout", type=common.seconds, default=30.0,
                      help="seconds per command, 1 to 3600 (default 30)")
    pull.set_defaults(handler=cmd_pull)


def _definition_options(parser, defaults: bool) -> None:
    none_or = "" if defaults else " (none clears it)"
    kind = common.number if defaults else common.optional_number
    parser.add_argument("--unit", type=common.text, default=None, help="what the value counts: %%, $, min, visits…")
    parser.add_argument("--direction", choices=("up", "down"), default=None, help="up: higher is better")
    parser.add_argument("--cadence", choices=("daily", "weekly", "monthly"), default=None,
                        help="how often a value is due")
    parser.add_argument("--target", type=kind, help="the level you want" + none_or)
    parser.add_argument("--warn", type=kind, help="warning level" + none_or)
    parser.add_argument("--crit", type=kind, help="critical level" + none_or)
    parser.add_argument("--category", type=common.text, default=None, help="a group for the KPI (Sales, Service…)")
    parser.add_argument("--owner", type=common.text, default=None, help="who watches it" + none_or)
    targets.add_kpi_option(parser)
    parser.add_argument("--from", dest="command", type=common.text, metavar="COMMAND",
                        help="a shell command that prints the value, for okrtui pull (kept in your config file,"
                             " never in the store; '' removes it)")


def cmd_kpi_add(store: Store, args) -> int:
    from ..domain.matching import MatchError
    from ..domain.models import Kpi
    from ..domain.templates import find_template
    from ..store.repo import ValidationError

    if args.from_kr:
        if args.template:
            raise InputError("--from-kr and --template each fill the KPI: give one of them")
        kpi = _from_key_result(store, args.from_kr, args.name)
    elif not args.name:
        raise InputError("a KPI needs a name: okrtui kpi add NAME (or --from-kr KR)")
    else:
        kpi = Kpi(name=args.name)
    if args.template:
        try:
            template = find_template(args.template)
        except MatchError as exc:
            raise InputError(f"{exc} (okrtui kpi templates lists them)") from None
        kpi.unit, kpi.direction, kpi.cadence, kpi.category = (
            template.unit, template.direction, template.cadence, template.category)
    _apply(kpi, args)
    with store.transaction() as repo:
        try:
            kpi_id = repo.add_kpi(kpi)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
    print(f"added KPI {kpi_id}: {safe(kpi.name)}")
    _save_command(kpi.name, args.command)
    return 0


def _from_key_result(store: Store, query: str, name: str | None):
    from ..domain.closing import keep_refusal, kpi_from_key_result
    from ..domain.matching import MatchError

    try:
        objective, kr = store.read().find_key_result(query)
    except MatchError as exc:
        raise InputError(str(exc)) from None
    refusal = keep_refusal(kr)
    if refusal:
        raise Refused(refusal)
    return kpi_from_key_result(kr, name, objective.review.closed or date.today().isoformat())


def _apply(kpi, args) -> None:
    for name in ("unit", "direction", "cadence", "category"):
        value = getattr(args, name)
        if value is not None:
            setattr(kpi, name, value)
    if args.owner is not None:
        kpi.owner = "" if args.owner.strip().lower() == "none" else " ".join(args.owner.split())
    for name in ("target", "warn", "crit"):
        value = getattr(args, name)
        if value is CLEAR:
            setattr(kpi, name, None)
        elif value is not None:
            setattr(kpi, name, value)
    targets.apply_to_kpi(kpi, args)


def _save_command(kpi_name: str, command: str | None) -> None:
    if command is None:
        return
    from ..settings.config import ConfigError, set_pull_command

    try:
        path = set_pull_command(kpi_name, command or None)
    except ConfigError as exc:
        raise Refused(str(exc)) from None
    if command:
        print(f"okrtui pull runs for it: {safe(command)} (kept in {safe(path)})")
    else:
        print(f"no command fills {safe(kpi_name)} any more (in {safe(path)})")


def cmd_kpi_list(store: Store, args) -> int:
    from .render import kpi_budget_json, kpi_json, kpi_lines, kpi_statuses, spark_tail

    repo, today = store.read(), date.today()
    pairs = kpi_statuses(repo, today, spark_tail(args.json))
    if args.json:
        print(common.dump_json([kpi_json(kpi, status, kpi_budget_json(repo, kpi, today)) for kpi, status in pairs]))
        return 0
    if not pairs:
        print("no KPIs yet: okrtui kpi add NAME --unit U --direction up|down --target T")
        return 0
    print("\n".join(kpi_lines(pairs, common.Paint(common.use_colour(sys.stdout)), common.output_width())))
    return 0


def cmd_kpi_edit(store: Store, args) -> int:
    from ..store.repo import ValidationError

    changes = [args.name, args.unit, args.direction, args.cadence, args.target, args.warn, args.crit, args.category,
               args.owner, args.command, args.hold]
    if all(change is None for change in changes):
        raise InputError("nothing to change: give --name, --unit, --direction, --cadence, --target, --warn, --crit,"
                         " --category, --owner, --hold or --from")
    with store.transaction() as repo:
        kpi = common.find_kpi(repo, args.kpi)
        old_name = kpi.name
        if args.name is not None:
            kpi.name = args.name
        _apply(kpi, args)
        try:
            repo.update_kpi(kpi)
        except ValidationError as exc:
            raise InputError(str(exc)) from None
        followers = [kr.id for _, kr in repo.following(kpi.id)]
    print(f"changed KPI {kpi.id}: {safe(kpi.name)}")
    if followers:
        print(f"key results {', '.join(followers)} follow it and take its unit and direction")
    if kpi.name != old_name:
        from ..settings.config import ConfigError, rename_pull_command

        try:
            rename_pull_command(old_name, kpi.name)
        except ConfigError as exc:
            print(f"okrtui: warning: {safe(str(exc))}", file=sys.stderr)
    _save_command(kpi.name, args.command)
    return 0


def cmd_kpi_rm(store: Store, args) -> int:
    with store.transaction() as repo:
        kpi = common.find_kpi(repo, args.kpi)
        followers = repo.following(kpi.id)
        if followers and not args.yes:
            names = "; ".join(f"{kr.id} {safe(kr.title)}" for _, kr in followers)
            raise Refused(f"key results follow {safe(kpi.name)}: {names}. Nothing deleted;"
                          " --yes deletes it and leaves them its values as check-ins")
        unlinked = repo.delete_kpi(kpi.id, date.today())
    print(f"deleted KPI {kpi.id}: {safe(kpi.name)} and its values")
    _forget_command(kpi.name)
    if unlinked:
        print(f"key results {', '.join(unlinked)} keep its values as check-ins")
    return 0


def _forget_command(kpi_name: str) -> None:
    """A deleted KPI's command goes from the config too, or every `okrtui pull` would fail on it."""
    from ..settings.config import ConfigError, pull_commands, set_pull_command

    try:
        if any(name.casefold() == kpi_name.casefold() for name in pull_commands()):
            path = set_pull_command(kpi_name, None)
            print(f"its command for okrtui pull is gone from {safe(path)}")
    except ConfigError as exc:
        print(f"okrtui: warning: {safe(str(exc))}", file=sys.stderr)


def cmd_kpi_templates(store: Store, args) -> int:
    from ..domain.templates import TEMPLATES

    for template in TEMPLATES:
        print(f"{template.words()}: {template.why}")
    return 0


def cmd_pull(store: Store, args) -> int:
    """Run each KPI's command from the user's config and log the number it prints."""
    from ..domain.matching import MatchError, find_one
    from ..settings.config import ConfigError, pull_commands

    if not store.writable:  # refused before any KPI's command runs, not after
        raise Refused("okrtui --read-only refuses every change, and pull logs values: nothing was run")
    try:
        commands = pull_commands()
    except ConfigError as exc:
        raise Refused(str(exc)) from None
    if not commands:
        raise Refused("no KPI has a command yet: okrtui kpi edit NAME --from 'COMMAND'")
    kpis = store.read().kpis(tail=0)
    by_name = {k.name.casefold(): k for k in kpis}
    wanted = list(commands.items())
    if args.kpi:
        try:
            name = find_one(args.kpi, list(commands), lambda n: n, what="KPI with a command")
        except MatchError as exc:
            raise InputError(str(exc)) from None
        wanted = [(name, commands[name])]
    failures = 0
    today = date.today()
    for name, command in wanted:
        kpi = by_name.get(name.casefold())
        if kpi is None:
            print(f"{safe(name)}: no such KPI in {safe(store.path)}; nothing logged", file=sys.stderr)
            failures += 1
            continue
        value, problem = run_command(command, args.timeout)
        if problem:
            print(f"{safe(kpi.name)}: {problem}; nothing logged", file=sys.stderr)
            failures += 1
            continue
        with store.transaction() as repo:
            repo.log_value(kpi.id, today, value, "okrtui pull")
        from ..textfmt import with_unit

        print(f"pulled {safe(kpi.name)} = {with_unit(value, safe(kpi.unit))} on {today.isoformat()}")
    return 1 if failures else 0


PULL_OUTPUT_LIMIT = 64 * 1024  # what is read of a command's output: the number is the last one within it


def run_command(command: str, timeout: float) -> tuple[float | None, str]:
    """(the number the command printed, "") or (None, what went wrong in words).

    The command runs in a process group of its own, which is killed when the command exits or
    the timeout passes: nothing it started in the background outlives `okrtui pull`. At most
    PULL_OUTPUT_LIMIT bytes of each stream are kept; the rest is read and dropped."""
    import subprocess

    from ..domain.parsing import parse_number

    try:
        proc = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        return None, f"its command could not start ({exc.strerror or exc})"
    try:
        out, err, timed_out = _read_bounded(proc, timeout)
    finally:
        _kill_group(proc)
    if timed_out:
        return None, f"its command took longer than {timeout:g} s"
    stdout, stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    if proc.returncode != 0:
        said = (stderr or stdout).strip().splitlines()
        return None, f"its command failed (exit {proc.returncode}{': ' + safe(said[-1][:120]) if said else ''})"
    words = stdout.split()
    if not words:
        return None, "its command printed nothing"
    try:
        return parse_number(words[-1] if len(words) > 1 else words[0], "the printed value"), ""
    except ValueError as exc:
        return None, f"its command printed no number ({safe(str(exc))})"


def _read_bounded(proc, timeout: float) -> tuple[bytes, bytes, bool]:
    """(stdout, stderr, timed out): read until the command exits (then what is left in the pipes,
    without waiting for children that hold them open) or the timeout passes."""
    import selectors
    import time

    deadline = time.monotonic() + timeout
    kept = {proc.stdout.fileno(): bytearray(), proc.stderr.fileno(): bytearray()}
    for fd in kept:
        os.set_blocking(fd, False)
    with selectors.DefaultSelector() as selector:
        for fd in kept:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            exited = proc.poll() is not None
            left = deadline - time.monotonic()
            if left <= 0:
                if exited:
                    break  # a child still writing after the command ended is not waited for
                return bytes(kept[proc.stdout.fileno()]), bytes(kept[proc.stderr.fileno()]), True
            ready = selector.select(0 if exited else min(left, 0.1))
            if exited and not ready:
                break  # what the command wrote is read; a child holding the pipe is not waited for
            for key, _ in ready:
                try:
                    chunk = os.read(key.fd, 65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                room = PULL_OUTPUT_LIMIT - len(kept[key.fd])
                if room > 0:
                    kept[key.fd] += chunk[:room]
    proc.wait()
    return bytes(kept[proc.stdout.fileno()]), bytes(kept[proc.stderr.fileno()]), False


def _kill_group(proc) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
