"""Owners: who answers for an objective, a key result or a KPI, and what is whose.

A key result without an owner is its objective owner's. An objective is someone's when they
own it or one of its key results. Names are compared without case or extra spaces."""

from __future__ import annotations

TYPE_CHECKING = False  # the models (dataclasses) stay off `okrtui due`'s path
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import KeyResult, Kpi, Objective


def same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def kr_owner(kr: KeyResult, objective: Objective) -> str:
    return kr.owner or objective.owner


def owns_any(owner: str, kr_owners: Iterable[str], name: str) -> bool:
    """They own it, or one of its key results (kr_owners: each key result's own owner, "" for none)."""
    return same_person(owner, name) or any(same_person(kr or owner, name) for kr in kr_owners)


def objective_is_theirs(objective: Objective, name: str) -> bool:
    return owns_any(objective.owner, (kr.owner for kr in objective.key_results), name)


def objective_is_teams(objective: Objective, team: str) -> bool:
    return same_person(objective.team, team)


def follows_theirs(kpi_owner: str, follower_owners: Iterable[str], name: str) -> bool:
    """Their own KPI, or one a key result of theirs follows (follower_owners: those key results' owners)."""
    return same_person(kpi_owner, name) or any(same_person(owner, name) for owner in follower_owners)


def kpi_is_theirs(kpi: Kpi, name: str, objectives: list[Objective]) -> bool:
    return follows_theirs(kpi.owner, (kr_owner(kr, o) for o in objectives for kr in o.key_results
                                      if kr.kpi == kpi.id), name)


def kpi_is_teams(kpi: Kpi, team: str, objectives: list[Objective]) -> bool:
    """A KPI a key result of the team's objectives follows (a KPI has no team of its own)."""
    return any(kr.kpi == kpi.id for o in objectives if objective_is_teams(o, team) for kr in o.key_results)
