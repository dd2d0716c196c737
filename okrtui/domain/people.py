"""Owners: who answers for an objective, a key result or a KPI, and what is whose.

A key result without an owner is its objective owner's. An objective is someone's when they
own it or one of its key results. Names are compared without case or extra spaces."""

from __future__ import annotations

TYPE_CHECKING = False  # the models (dataclasses) stay off `okrtui due`'s path
if TYPE_CHECKING:
    from .models import KeyResult, Kpi, Objective


def same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def kr_owner(kr: KeyResult, objective: Objective) -> str:
    return kr.owner or objective.owner


def objective_is_theirs(objective: Objective, name: str) -> bool:
    return same_person(objective.owner, name) or any(same_person(kr_owner(kr, objective), name)
                                                      for kr in objective.key_results)


def objective_is_teams(objective: Objective, team: str) -> bool:
    return same_person(objective.team, team)


def kpi_is_theirs(kpi: Kpi, name: str, objectives: list[Objective]) -> bool:
    """Their own KPI, or one a key result of theirs follows."""
    return same_person(kpi.owner, name) or any(
        kr.kpi == kpi.id and same_person(kr_owner(kr, o), name) for o in objectives for kr in o.key_results)


def kpi_is_teams(kpi: Kpi, team: str, objectives: list[Objective]) -> bool:
    """A KPI a key result of the team's objectives follows (a KPI has no team of its own)."""
    return any(kr.kpi == kpi.id for o in objectives if objective_is_teams(o, team) for kr in o.key_results)
