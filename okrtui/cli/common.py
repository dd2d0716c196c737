"""What every command group shares: errors, the parser classes, argument types and output helpers.

Light: `okrtui log` imports this; nothing here imports Textual, TinyDB or the domain models.
"""

from __future__ import annotations

import argparse
import sys
import os
from datetime import date


class InputError(Exception):
    """Bad input from the user: exit status 2."""


class Refused(Exception):
    """A sensible request the store's state does not allow: exit status 1."""


class Formatter(argparse.RawDescriptionHelpFormatter):  # keeps the examples' lines
    def __init__(self, prog: str) -> None:
        # An explicit width keeps argparse from importing shutil (and bz2, lzma...) on every call.
        try:
            width = os.get_terminal_size().columns - 2
        except OSError:
            width = 78
        super().__init__(prog, width=max(40, min(width, 100)))


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # one line, not argparse's usage dump; argv text made safe
        self.exit(2, f"{self.prog}: error: {safe(message)} (see {self.prog} --help)\n")


class IntermixedParser(Parser):
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
def number(text: str) -> float:
    from ..domain.parsing import parse_number

    try:
        return parse_number(text, "value")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def seconds(text: str) -> float:
    """A timeout: 1 to 3600 seconds."""
    value = number(text)
    if not 1 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{safe(text)} is not from 1 to 3600 seconds")
    return value


def day(text: str) -> date:
    from ..domain.parsing import PeriodError, parse_date  # not period.py: its regexes cost `okrtui log` time

    try:
        return parse_date(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def confidence(text: str) -> int:
    from ..domain.parsing import parse_confidence

    try:
        return parse_confidence(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def period(text: str) -> str:
    from ..domain.period import Period, PeriodError

    try:
        return Period.parse(text).key
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def text(text: str) -> str:
    """Text from argv: bytes that were not UTF-8 arrive as lone surrogates and are refused here."""
    from ..domain.parsing import is_valid_text

    if not is_valid_text(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not valid UTF-8 text")
    return text.strip()


# -- completion from the store -----------------------------------------------------------------
def completes(argument, kind: str):
    """Let the shell complete this argument from the store: "kpi" names, "objective" ids,
    "kr" ids (argcomplete calls the completer while a shell asks; nothing else runs then)."""
    argument.completer = lambda prefix, parsed_args, **_: store_words(kind, prefix, getattr(parsed_args, "db", None))
    return argument


def store_words(kind: str, prefix: str, db: str | None) -> list[str]:
    """What a KPI, objective or key-result argument can be, from the store's head, checked as
    every read is; nothing for a store that cannot be read. Names that hold control characters
    are left out (a completion is typed into the shell)."""
    from ..domain.parsing import has_control_chars
    from ..store.errors import StoreError
    from ..store.storage import Store, resolve_path

    store = Store(resolve_path(db))
    try:
        data, _ = store.decode(store.read_raw())
    except (StoreError, OSError):
        return []
    if kind == "kpi":
        words = [str(doc.get("name", "")) for doc in data["kpis"].values()]
    elif kind == "objective":
        words = sorted(data["objectives"], key=lambda doc_id: (len(doc_id), doc_id))
    else:
        words = [f"{doc_id}.{kr.get('n')}" for doc_id, doc in sorted(data["objectives"].items(),
                                                                    key=lambda item: (len(item[0]), item[0]))
                 for kr in doc.get("key_results") or [] if isinstance(kr, dict)]
    return [word for word in words if word.startswith(prefix) and word.strip() and not has_control_chars(word)]


# -- output helpers ------------------------------------------------------------------------
def output_width(stream=None) -> int:
    """The columns to write in: $COLUMNS, else the terminal's, else 80 (piped); 40 to 500."""
    stream = stream or sys.stdout
    text = os.environ.get("COLUMNS", "").strip()
    width = int(text) if text.isdigit() and text.isascii() else 0
    if not width:
        try:
            width = os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 80
        except (OSError, ValueError, AttributeError):
            width = 80
    return max(40, min(500, width or 80))

def use_colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


class Paint:
    CODES = {"green": "32", "yellow": "33", "red": "31", "dim": "2", "bold": "1", "cyan": "36"}

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, style: str | None) -> str:
        if not self.enabled or not style:
            return text
        return f"\033[{self.CODES[style]}m{text}\033[0m"


def warn(problem: str) -> None:
    import sys

    print(f"okrtui: warning: {safe(problem)}", file=sys.stderr)


def safe(text: str) -> str:
    from ..domain.safetext import printable

    return printable(text)


def dump_json(data) -> str:
    """JSON whose strings cannot act on a terminal (controls, bidi overrides, lone surrogates escaped)."""
    import json

    from ..domain.safetext import json_safe

    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))


def optional_number(text: str):
    """A number, or `none` to clear the field (kpi edit --target none)."""
    if text.strip().lower() in ("none", "-", ""):
        return CLEAR
    return number(text)


CLEAR = object()  # an edit that empties an optional field


def find_kpi(repo, query: str, tail: int | None = 0):
    """A KPI by name or #id, or InputError (exit 2) saying what matched."""
    from ..domain.matching import MatchError

    try:
        return repo.find_kpi(query, tail=tail)
    except MatchError as exc:
        raise InputError(str(exc)) from None


def with_examples(*lines: str) -> str:
    """An epilog of examples for a command's --help."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


class AsciiOutput:
    """stdout for --ascii: block, box and status glyphs written as ASCII (textfmt.ASCII_GLYPHS)."""

    def __init__(self, stream) -> None:
        from ..textfmt import ASCII_GLYPHS

        self._stream, self._table = stream, ASCII_GLYPHS

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(self._table))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


# okrtui --theme / --ascii, for whichever command opens the TUI (set by main)
TUI_OPTIONS: dict = {}


def open_tui(store, start: str | None = None) -> int:
    """Open the TUI (on `start`, a screen name such as "log"), after checking the store,
    before the screen is taken over. Tests replace this to keep the screen."""
    import gc

    # No cyclic collection before the first frame (OkrApp.first_frame_drawn turns it back on): at
    # start it frees next to nothing, and its scans of the young objects (the store's data,
    # Textual's import) cost ~20 ms of the first frame. On again however this returns.
    gc.disable()
    try:
        signature = store.signature()
        repo = store.read()  # the TUI's first screen shows this read while the file is unchanged since
        served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # okrtui serve: textual-serve's pipes
        if not served and not (sys.stdout.isatty() and sys.stdin.isatty()):
            # headless, Textual would draw to nowhere at full CPU until killed
            raise InputError("the TUI needs a terminal, and standard input or output is not one: run okrtui in a"
                             " terminal, or use a shell command (okrtui status, okrtui log KPI VALUE)")
        from ..ui.app import run

        return run(store, start=start, first_read=(signature, repo), **TUI_OPTIONS)
    finally:
        gc.enable()


def find_objective(repo, query: str):
    """By id, or by title (exact, unique prefix or unique part); InputError otherwise."""
    from ..domain.matching import MatchError, find_one

    objectives = repo.objectives()
    if query.strip().isdigit():
        found = next((o for o in objectives if o.id == int(query)), None)
        if found is None:
            raise InputError(f"no objective with id {query.strip()}")
        return found
    try:
        return find_one(query, objectives, lambda o: o.title, what="objective")
    except MatchError as exc:
        raise InputError(str(exc)) from None
