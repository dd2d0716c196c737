"""`okrtui themes` and `okrtui completion`: fitting okrtui to the terminal and the shell."""

from __future__ import annotations

from . import common
from .common import safe

SHELLS = ("bash", "zsh", "fish")


def register(sub, only: str | None) -> None:
    if only in (None, "themes"):
        parser = sub.add_parser(
            "themes", help="list the themes (the current one marked *); okrtui --theme NAME picks one for a run",
            epilog=common.with_examples("okrtui themes", "okrtui --theme okrtui-light"),
        )
        parser.set_defaults(handler=cmd_themes)
    if only in (None, "completion"):
        parser = sub.add_parser(
            "completion", help="print a shell completion script for okrtui",
            epilog=common.with_examples(
                "okrtui completion bash > ~/.local/share/bash-completion/completions/okrtui",
                "okrtui completion zsh > ~/.zfunc/_okrtui     # a folder on $fpath",
                "okrtui completion fish > ~/.config/fish/completions/okrtui.fish",
            ),
        )
        parser.add_argument("shell", choices=SHELLS, help="the shell the script is for")
        parser.set_defaults(handler=cmd_completion)


def cmd_themes(store, args) -> int:
    from ..settings.config import load_settings
    from ..settings.location import config_path
    from ..settings.themefiles import DEFAULT_THEME, SIXTEEN_COLOUR_THEME, read_theme_files

    files, problems = read_theme_files()
    themes = list({theme.name: theme for theme in files}.values())  # a user's file replaces a shipped one
    settings = load_settings()
    current = args.theme or settings.theme
    if current and current not in {theme.name for theme in themes}:
        problems.append(f"there is no theme {current!r} (set in {config_path()}); the TUI uses the default")
        current = None
    current = current or (SIXTEEN_COLOUR_THEME if few_colours() else DEFAULT_THEME)
    for theme in themes:
        mark = "*" if theme.name == current else " "
        where = "" if theme.shipped else f"  ({theme.path})"
        print(safe(f"{mark} {theme.name}{where}"))
    for problem in problems + settings.problems:
        common.warn(problem)
    return 0


def few_colours() -> bool:
    """What the TUI decides from the terminal (Rich's rule): 16 colours, or none known."""
    import io

    from rich.console import Console

    from ..settings.themefiles import FEW_COLOURS

    return Console(file=io.StringIO(), force_terminal=True).color_system in FEW_COLOURS


def cmd_completion(store, args) -> int:
    # argcomplete writes the script from the parser at completion time, so it never goes stale.
    import argcomplete

    print(argcomplete.shellcode(["okrtui"], shell=args.shell))
    return 0
