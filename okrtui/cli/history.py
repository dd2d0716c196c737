"""`okrtui undo` and `okrtui redo`: the last change made through okrtui, back and forth."""

from __future__ import annotations

from . import common
from .common import Refused, safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub, only: str | None) -> None:
    for name, words in (("undo", "undo the last change made through okrtui (again: one further back)"),
                        ("redo", "redo what undo undid")):
        if only in (None, name):
            parser = sub.add_parser(name, help=words, epilog=common.with_examples(f"okrtui {name}"))
            parser.set_defaults(handler=cmd_undo if name == "undo" else cmd_redo)


def _step(store: Store, backwards: bool) -> int:
    from ..store.errors import UndoRefused
    from ..store.undo import step

    try:
        what = step(store, backwards)
    except UndoRefused as exc:
        raise Refused(str(exc)) from None
    print(f"{'undid' if backwards else 'redid'}: {safe(what)}")
    return 0


def cmd_undo(store: Store, args) -> int:
    return _step(store, True)


def cmd_redo(store: Store, args) -> int:
    return _step(store, False)
