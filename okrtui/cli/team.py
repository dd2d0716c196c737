"""A team's quarter: `whoami` (who records what)."""

from __future__ import annotations

from . import common
from .common import safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.storage import Store


def register(sub, only: str | None) -> None:
    if only in (None, "whoami"):
        parser = sub.add_parser(
            "whoami", help="the name okrtui records as you, and where it comes from",
            epilog=common.with_examples("okrtui whoami", "okrtui whoami --json"))
        parser.add_argument("--json", action="store_true", help="{\"name\", \"source\"}")
        parser.set_defaults(handler=cmd_whoami)


def me(store: Store):
    """The Identity of whoever runs this command (git/identity.py says in which order it is found)."""
    from ..git.identity import whoami
    from ..settings.config import config_path, configured_name

    return whoami(store.path, configured_name(), config_path())


def cmd_whoami(store: Store, args) -> int:
    identity = me(store)
    if args.json:
        print(common.dump_json({"name": identity.name, "source": identity.source}))
    else:
        print(f"{safe(identity.name)} (from {safe(identity.source)})")
    return 0
