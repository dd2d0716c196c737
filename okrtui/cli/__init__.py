"""Shell commands, one module per command group. Never imports Textual (only `okrtui` with no
command, `okrtui log` with no arguments and `demo --open` open the TUI).

Exit status: 0 done, 1 the store cannot be used (or `check` found trouble, or the
store's state refuses the request), 2 bad input. Errors are one line on stderr
(several for a CSV's bad rows), never a traceback.

Only the named command's module is imported and only its parser built: each
argparse parser costs about a millisecond, and `okrtui log` must start fast.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..store.errors import StoreError
from ..store.storage import Store, resolve_path
from . import common
from .common import InputError, Refused

# command -> the module that defines it
COMMAND_MODULES = {
    "log": "log",
    "kpi": "kpi",
    "pull": "kpi",
    "checkin": "okr",
    "objective": "okr",
    "kr": "okr",
    "close": "okr",
    "carry": "okr",
    "seed": "okr",
    "initiative": "okr",
    "undo": "history",
    "redo": "history",
    "status": "report",
    "check": "report",
    "export": "report",
    "report": "report",
    "import": "data",
    "demo": "data",
    "themes": "terminal",
    "completion": "terminal",
    "sync": "git",
    "git-setup": "git",
    "conflicts": "git",
    "merge-driver": "git",
    "git-textconv": "git",
    "whoami": "team",
    "tree": "team",
    "due": "team",
    "publish": "web",
    "serve": "web",
    "plan": "plan",
    "changes": "plan",
}
MODULE_ORDER = ("log", "kpi", "okr", "plan", "report", "web", "data", "history", "git", "team", "terminal")  # the order --help lists them in


def _words(argv: list[str]):
    """argv's tokens, without the values of the top level's --db and --theme."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--db", "--theme"):
            skip = True
        else:
            yield token


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in argv, if any, so only its parser is built."""
    first = next((token for token in _words(argv) if not token.startswith("-")), None)
    return first if first in COMMAND_MODULES else None


def _names_nothing(argv: list[str]) -> bool:
    """Whether argv holds only the top level's options (a plain `okrtui`, which opens the TUI):
    no command or other word, no help asked for (-h, --help or an abbreviation), no `--`."""
    return not any(not token.startswith("-") or token == "--" or token.startswith(("-h", "--h"))
                   for token in _words(argv))


def build_parser(only: str | None = None, commands: bool = True) -> argparse.ArgumentParser:
    """The full parser, or (with `only`) the top level plus that one command, or (commands=False,
    for an argv that names no command) the top level alone: the TUI starts without building or
    importing the command groups' parsers."""
    from importlib import import_module

    parser = common.Parser(
        prog="okrtui",
        description="OKRs and KPIs in the terminal. With no command, opens the TUI.",
        epilog=common.with_examples(
            "okrtui                           # the TUI",
            "okrtui log                       # quick entry of today's KPI values",
            "okrtui log resp 142              # one value, from the shell",
            "okrtui status                    # this quarter in 80 columns",
            "okrtui --db team.json check      # exit 1 when something needs attention",
            "okrtui --theme okrtui-light      # okrtui themes lists them; config.toml keeps a choice",
            "okrtui completion bash           # a completion script (bash, zsh or fish)",
        ),
    )
    parser.add_argument("--db", metavar="PATH", help="store file (default: $OKRTUI_DB, else the user data directory)")
    theme = parser.add_argument("--theme", metavar="NAME", help="the TUI's theme for this run (okrtui themes lists them)")
    theme.completer = _complete_theme  # type: ignore[attr-defined]  # argcomplete: offer theme names
    parser.add_argument("--ascii", action="store_true", default=None,
                        help="draw bars, sparklines and borders from ASCII (fonts without block glyphs)")
    parser.add_argument("--read-only", action="store_true", default=False,
                        help="refuse every change: the TUI offers none, a command that would change the store says so")
    parser.add_argument("--version", action="version", version="okrtui " + __import__("okrtui").__version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=common.Parser)
    modules = [COMMAND_MODULES[only]] if only else MODULE_ORDER if commands else ()
    for name in modules:
        module = import_module(f".{name}", __name__)
        if name in ("log", "kpi"):
            module.register(sub)
        else:
            module.register(sub, only)
    return parser


def _complete_theme(**_) -> list[str]:
    from ..settings.themefiles import theme_names

    return theme_names()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # a terminal that is not UTF-8 gets escapes, not a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions: answer from the whole parser and exit
        import argcomplete

        argcomplete.autocomplete(build_parser())
    command = _command_in(argv)
    args = build_parser(command, commands=command is not None or not _names_nothing(argv)).parse_args(argv)
    if args.db is not None and not args.db.strip():
        _error("--db needs a path (an empty one would mean the default store)")
        return 2
    if args.theme is not None:
        from ..settings.themefiles import theme_names

        if args.theme not in theme_names():
            _error(f"there is no theme {args.theme!r}; okrtui themes lists them")
            return 2
    common.TUI_OPTIONS = {"theme": args.theme, "ascii_only": args.ascii, "read_only": args.read_only}
    if args.ascii and args.command not in ("export", "completion") and not getattr(args, "json", False):
        sys.stdout = common.AsciiOutput(sys.stdout)  # the shell's bars and sparklines too; never data output
    handler = getattr(args, "handler", None)
    store_class = Store
    if args.read_only and handler is not None:  # the TUI refuses its actions itself, with a notice
        from ..store.viewonly import ReadOnlyStore as store_class
    store = store_class(resolve_path(args.db), lost_in_git=_lost_in_git, author=_author_of(resolve_path(args.db)))
    try:
        if handler is None:
            return common.open_tui(store)
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
    from ..domain.safetext import printable_lines

    print(f"okrtui: error: {printable_lines(problem)}", file=sys.stderr)


def _lost_in_git(path: str) -> bool:
    """The store asks git through here, and only when a values file it expected is missing:
    importing the git layer (and subprocess) stays off the path of an ordinary `okrtui log`."""
    from ..git.run import tracked_but_missing

    return tracked_but_missing(path)


def _author_of(store_path: str):
    """Who this command's changes are by (okrtui whoami), found only when a change records it."""

    def author() -> str:
        from ..settings.location import config_path
        from ..store.identity_cache import IdentityCache

        cache = IdentityCache(store_path, config_path())
        name = cache.name()
        if name is None:  # the sources changed since (or never asked): ask them, and remember
            from ..git.identity import whoami
            from ..settings.location import configured_name

            name = whoami(store_path, configured_name(), config_path()).name
            cache.remember(name)
        return name

    return author
