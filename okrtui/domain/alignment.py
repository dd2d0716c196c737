"""Alignment: which objective (or which of its key results) an objective serves, and how
progress rolls up the tree.

An objective's progress is computed one of three ways (its `rollup`):

- `krs` (the default): the weighted mean of its key results, each capped at 100%.
- `children`: the weighted mean of the objectives aligned to it (each child by its
  `weight`, 1 unless set), each child's own progress computed its own way and capped at 100%.
- `both`: one weighted mean over its key results (by their weights) and its children (by
  theirs) together.

A child with nothing measurable (no key results and no children) is left out of the mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Objective
from .period import Period, PeriodError
from .progress import objective_progress
from .vocabulary import ROLLUPS


class AlignmentError(ValueError):
    """An alignment that cannot be: the message says why, in words."""


def parse_parent(text: str) -> tuple[int, int | None] | None:
    """`3` (an objective), `3.2` (its key result 2) or `none`; AlignmentError otherwise."""
    text = text.strip()
    if not text:
        raise AlignmentError("--parent needs an objective id (3), a key result id (3.2) or none")
    if text.lower() in ("none", "-"):
        return None
    objective, dot, kr = text.partition(".")
    if not objective.isascii() or not objective.isdigit() or (dot and not (kr.isascii() and kr.isdigit())):
        raise AlignmentError(f"{text!r} is not an objective id (3) or a key result id (3.2), nor none")
    if int(objective) < 1 or (dot and int(kr) < 1):
        raise AlignmentError(f"{text!r}: ids start at 1")
    return int(objective), (int(kr) if dot else None)


def parent_words(objective: Objective) -> str:
    """`3` or `3.2`; "" when not aligned."""
    if objective.parent is None:
        return ""
    return f"{objective.parent}.{objective.parent_kr}" if objective.parent_kr else str(objective.parent)


def _encloses(outer: str, inner: str) -> bool:
    try:
        a, b = Period.parse(outer), Period.parse(inner)
    except PeriodError:
        return False
    return a.start <= b.start and b.end <= a.end


def check_alignment(objectives: list[Objective], child_id: int, parent: tuple[int, int | None] | None) -> None:
    """Refuse (AlignmentError) what cannot be: an unknown parent or key result, a parent in a
    period that does not enclose the child's, or a cycle (naming it)."""
    if parent is None:
        return
    by_id = {o.id: o for o in objectives}
    child = by_id.get(child_id)
    target = by_id.get(parent[0])
    if child is None:
        raise AlignmentError(f"there is no objective {child_id}")
    if target is None:
        raise AlignmentError(f"there is no objective {parent[0]} to align with")
    if parent[1] is not None and not any(kr.id == f"{target.id}.{parent[1]}" for kr in target.key_results):
        raise AlignmentError(f"objective {target.id} has no key result {target.id}.{parent[1]}")
    if not _encloses(target.period, child.period):
        raise AlignmentError(f"objective {target.id} is in {target.period}, which does not include {child.period}:"
                             " a parent is in the same period or one that encloses it (a year, say)")
    path = [child_id]
    at: Objective | None = target
    while at is not None:
        path.append(at.id)
        if at.id == child_id:
            raise AlignmentError("that would make a cycle: " + " → ".join(str(i) for i in path)
                                 + " (→: serves; an objective cannot serve itself)")
        if len(path) > len(by_id) + 1:  # a cycle already stored (a merge can make one): stop
            break
        at = by_id.get(at.parent) if at.parent is not None else None


def children_of(objectives: list[Objective]) -> dict[int, list[Objective]]:
    """Each objective's aligned children, by id order."""
    known = {o.id for o in objectives}
    out: dict[int, list[Objective]] = {}
    for o in sorted(objectives, key=lambda o: o.id or 0):
        if o.parent is not None and o.parent in known and o.parent != o.id:
            out.setdefault(o.parent, []).append(o)
    return out


def rolled_progress(objective: Objective, children: dict[int, list[Objective]],
                    _seen: frozenset[int] = frozenset()) -> float | None:
    """The objective's progress by its rollup (see the module's words); None when nothing is measurable.
    A stored cycle is cut where it closes, so this always ends."""
    seen = _seen | {objective.id}
    parts: list[tuple[float, float]] = []
    mode = objective.rollup if objective.rollup in ROLLUPS else "krs"
    if mode in ("krs", "both"):
        own = objective_progress(objective)
        if own is not None:
            if mode == "krs":
                return own
            weight = sum(kr.weight for kr in objective.key_results if kr.weight > 0)
            parts.append((own, weight))
    if mode in ("children", "both"):
        for child in children.get(objective.id, []):
            if child.id in seen or child.weight <= 0:
                continue
            progress = rolled_progress(child, children, seen)
            if progress is not None:
                parts.append((min(1.0, progress), child.weight))
    total = sum(w for _, w in parts)
    if total <= 0:
        return None
    return sum(p * w for p, w in parts) / total


@dataclass
class Node:
    """One place in the alignment tree: an objective, or a key result that children serve."""

    objective: Objective | None
    kr_id: str = ""
    kr_title: str = ""
    progress: float | None = None
    children: list[Node] = field(default_factory=list)


def tree(objectives: list[Objective], shown: set[int] | None = None) -> list[Node]:
    """The roots (objectives without a known parent), each with its children nested; a child
    aligned to a key result sits under a node for that key result. `shown`: ids to start from
    (a period's objectives); their parents in other periods are drawn above them."""
    from .progress import kr_progress

    by_id = {o.id: o for o in objectives}
    children = children_of(objectives)
    wanted = set(by_id) if shown is None else set(shown)
    for oid in list(wanted):  # the chain up from each shown objective
        at, steps = by_id.get(oid), 0
        while at is not None and at.parent in by_id and steps < len(by_id):
            wanted.add(at.parent)
            at, steps = by_id[at.parent], steps + 1

    def node(o: Objective, seen: frozenset[int]) -> Node:
        here = Node(o, progress=rolled_progress(o, children))
        under_kr: dict[int, Node] = {}
        for child in children.get(o.id, []):
            if child.id in seen or child.id not in wanted:
                continue
            sub = node(child, seen | {child.id})
            kr = next((k for k in o.key_results if child.parent_kr and k.id == f"{o.id}.{child.parent_kr}"), None)
            if kr is None:
                here.children.append(sub)
                continue
            if child.parent_kr not in under_kr:
                under_kr[child.parent_kr] = Node(None, kr.id, kr.title, min(1.0, kr_progress(kr)))
                here.children.append(under_kr[child.parent_kr])
            under_kr[child.parent_kr].children.append(sub)
        return here

    roots = [o for o in sorted(by_id.values(), key=lambda o: o.id or 0)
             if o.id in wanted and (o.parent is None or o.parent not in by_id or o.parent == o.id)]
    placed = {o.id for o in roots}
    out = [node(o, frozenset({o.id})) for o in roots]
    # objectives inside a stored cycle have no root: each shows as one of its own
    for o in sorted(by_id.values(), key=lambda o: o.id or 0):
        if o.id in wanted and o.id not in placed and not _reachable(out, o.id):
            out.append(node(o, frozenset({o.id})))
            placed.add(o.id)
    return out


def _reachable(nodes: list[Node], objective_id: int) -> bool:
    stack = list(nodes)
    while stack:
        n = stack.pop()
        if n.objective is not None and n.objective.id == objective_id:
            return True
        stack.extend(n.children)
    return False
