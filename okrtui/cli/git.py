"""A team's store in git: `git-setup`, `sync`, `conflicts`, and the two commands git runs
(`merge-driver`, `git-textconv`)."""

from __future__ import annotations

import sys

from . import common
from .common import InputError, Refused, safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store

def register(sub, only: str | None) -> None:
    if only in (None, "git-setup"):
        parser = sub.add_parser(
            "git-setup", help="merge and diff the store by record in this git clone (once per clone)",
            epilog=common.with_examples("cd team-okrs && okrtui --db okrs.json git-setup",
                                        "okrtui --db okrs.json git-setup --hooks   # and what is due after each pull"))
        parser.add_argument("--hooks", action="store_true",
                            help="also install post-merge and post-checkout hooks that print okrtui due --mine"
                                 " (an existing hook is kept and run first; the hooks never fail git)")
        parser.set_defaults(handler=cmd_setup)
    if only in (None, "sync"):
        parser = sub.add_parser(
            "sync", help="commit the store's changes, pull (merging by record) and push",
            epilog=common.with_examples("okrtui --db team-okrs/okrs.json sync"))
        parser.set_defaults(handler=cmd_sync)
    if only in (None, "conflicts"):
        parser = sub.add_parser(
            "conflicts", help="what git merges settled by rule, until dismissed",
            epilog=common.with_examples("okrtui conflicts", "okrtui conflicts --dismiss 3f9a2c",
                                        "okrtui conflicts --dismiss all", "okrtui conflicts --take 3f9a2c"))
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument("--dismiss", metavar="ID", type=common.text, help="an id from the list, or all")
        choice.add_argument("--take", metavar="ID", type=common.text,
                            help="put the other side's value of a day in place of the kept one, and dismiss it")
        parser.set_defaults(handler=cmd_conflicts)
    if only in (None, "merge-driver"):
        parser = sub.add_parser(
            "merge-driver", help="(run by git) merge three versions of a store file by record",
            epilog=common.with_examples("git config merge.okrtui.driver 'okrtui merge-driver %%O %%A %%B %%P'"))
        for name in ("base", "ours", "theirs"):
            parser.add_argument(name, type=common.text, help=f"the {name} version's file")
        parser.add_argument("path", nargs="?", default="", type=common.text, help="the file's path in the work tree")
        parser.set_defaults(handler=cmd_merge_driver)
    if only in (None, "git-textconv"):
        parser = sub.add_parser(
            "git-textconv", help="(run by git) a store file as readable lines, for git diff",
            epilog=common.with_examples("git config diff.okrtui.textconv 'okrtui git-textconv'"))
        parser.add_argument("file", type=common.text, help="a store file or KPI values file")
        parser.set_defaults(handler=cmd_textconv)


def _clone(store: Store):
    from ..git.run import Clone, GitError

    try:
        return Clone(store)
    except GitError as exc:
        raise Refused(str(exc)) from None


def cmd_setup(store: Store, args) -> int:
    from ..git.run import GitError
    from ..git.setup import setup

    clone = _clone(store)
    try:
        done = setup(clone)
        if args.hooks:
            from ..git.hooks import install_hooks
            from ..git.setup import okrtui_command

            done += install_hooks(clone, okrtui_command())
    except GitError as exc:
        raise Refused(str(exc)) from None
    for line in done:
        print(safe(line))
    if not done:
        print(f"already set up: {safe(clone.store_rel)} merges and diffs by record in {safe(clone.top)}")
    return 0


def cmd_sync(store: Store, args) -> int:
    from ..git.run import GitError
    from ..git.sync import sync

    try:
        lines = sync(store)
    except GitError as exc:
        raise Refused(str(exc)) from None
    for line in lines:
        print(safe(line))
    count = len(store.read().conflicts())
    if count:
        print(f"{count} merge conflict{'s' if count > 1 else ''} to look at: okrtui conflicts")
    return 0


def cmd_conflicts(store: Store, args) -> int:
    from ..git.merge import conflict_words

    if args.take is not None:
        with store.transaction() as repo:
            try:
                words = repo.take_other(args.take.strip())
            except KeyError:
                raise InputError(f"there is no conflict {safe(args.take)}: okrtui conflicts lists them") from None
            except ValueError as exc:
                raise Refused(safe(str(exc))) from None
        print(words)
        return 0
    if args.dismiss is not None:
        wanted = args.dismiss.strip()
        with store.transaction() as repo:
            ids = [conflict_id for conflict_id, _ in repo.conflicts()]
            chosen = ids if wanted == "all" else [wanted] if wanted in ids else None
            if chosen is None:
                raise InputError(f"there is no conflict {safe(wanted)}: okrtui conflicts lists them")
            repo.dismiss_conflicts(chosen)
        print(f"dismissed {len(chosen)} conflict{'s' if len(chosen) != 1 else ''}")
        return 0
    conflicts = store.read().conflicts()
    if not conflicts:
        print("no merge conflicts")
        return 0
    from ..textfmt import fit

    print("Merges settled these by rule (a value changed on both sides keeps the side merged in first):")
    for conflict_id, record in conflicts:
        print(fit(safe(f"{conflict_id}  {conflict_words(record)}"), 200).rstrip())
    print("dismiss one with okrtui conflicts --dismiss ID, or all with --dismiss all; --take ID puts a KPI's"
          " other value in place")
    return 0


def cmd_merge_driver(store: Store, args) -> int:
    from ..git.driver import REFUSED, merge_files, record_report
    from ..git.merge import MergeRefused
    from ..store.errors import StoreError

    try:
        report = merge_files(args.base, args.ours, args.theirs, args.path)
    except (StoreError, MergeRefused, OSError, ValueError) as exc:
        print(f"okrtui merge-driver: {safe(str(exc))}; left for git to report as a conflict", file=sys.stderr)
        record_report([f"{REFUSED}{exc}"])  # okrtui sync says why
        return 1
    for line in report:
        print(f"okrtui: {safe(line)}", file=sys.stderr)
    record_report(report)
    return 0


def cmd_textconv(store: Store, args) -> int:
    from ..git.textconv import textconv
    from ..store.errors import StoreError
    from ..store.errors import ValuesProblem

    try:
        sys.stdout.write(textconv(args.file))
    except (StoreError, ValuesProblem) as exc:
        raise Refused(str(exc)) from None
    return 0
