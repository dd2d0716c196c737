"""Find one item by a name a person typed: exact, then unique prefix, then unique substring."""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays off the `okrtui log` path (about 5 ms)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import TypeVar

    T = TypeVar("T")


class MatchError(LookupError):
    """No match, or several; `candidates` are the names worth showing."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


def find_one(query: str, items: Iterable[T], name: Callable[[T], str], what: str = "item") -> T:
    """Case-insensitive; raises MatchError listing candidates when unknown or ambiguous."""
    items = list(items)
    wanted = query.strip().casefold()
    if not wanted:
        raise MatchError(f"empty {what} name", [name(i) for i in items])
    exact = [i for i in items if name(i).strip() == query.strip()]
    if len(exact) == 1:  # typed exactly, case included: never ambiguous with a case twin
        return exact[0]
    folded = [(name(i).strip().casefold(), i) for i in items]
    for test in (
        lambda n: n == wanted,
        lambda n: n.startswith(wanted),
        lambda n: wanted in n,
    ):
        hits = [i for n, i in folded if test(n)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            names = [name(i) for i in hits]
            raise MatchError(f"{what} {query!r} is ambiguous: " + ", ".join(names), names)
    names = [name(i) for i in items]
    known = ", ".join(names) if names else "none yet"
    raise MatchError(f"no {what} matches {query!r} (known: {known})", names)
