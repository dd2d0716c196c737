"""Whose objectives and KPIs the dashboard shows (m cycles): all, mine, or my team's.

Mine: objectives I own or own a key result of, KPIs I own or a key result of mine follows
(domain/people.py, as `okrtui status --mine`). My team: the team(s) of the objectives that are
mine this period (else in any period), their objectives and the KPIs their key results follow.
Who "I" am is git/identity.whoami's answer, as `okrtui whoami` says."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import people
from ..domain.safetext import printable, shortened
from ..git.identity import Identity

@dataclass
class Whose:
    mode: str = "all"  # "mine", "team"
    me: Identity | None = None  # found at the first m
    teams: tuple[str, ...] = ()
    said: str = ""  # what the last step showed, in words (a notice)

    @property
    def name(self) -> str:
        return self.me.name if self.me is not None else ""

    def step(self, objectives: list, period: str) -> None:
        """To the next mode; past the team when no objective of mine names one."""
        who = printable(self.name)
        if self.mode == "all":
            self.mode = "mine"
            source = printable(self.me.source) if self.me is not None else ""
            self.said = (f"Showing mine, as {who} (from {source}): objectives I own or own a key result of, KPIs I"
                         " own or follow. m again: my team's.")
            return
        if self.mode == "mine":
            self.learn_teams(objectives, period)
            if self.teams:
                self.mode = "team"
                self.said = (f"Showing team {self.team_words}: its objectives and the KPIs their key results follow."
                             " m again: all.")
                return
            self.said = f"No objective of mine (as {who}) names a team: showing all."
        else:
            self.said = "Showing all objectives and KPIs."
        self.mode = "all"

    def learn_teams(self, objectives: list, period: str) -> None:
        mine = [o for o in objectives if people.objective_is_theirs(o, self.name) and o.team.strip()]
        here = [o for o in mine if o.period == period] or mine
        teams: dict[str, str] = {}
        for o in here:
            team = " ".join(o.team.split())
            teams.setdefault(team.casefold(), team)
        self.teams = tuple(teams.values())

    @property
    def team_words(self) -> str:
        return shortened(printable(", ".join(self.teams)), 30)

    @property
    def title(self) -> str:
        """What the screen's title adds: " · mine", " · team web"."""
        if self.mode == "mine":
            return " · mine"
        if self.mode == "team":
            return f" · team {self.team_words}"
        return ""

    def objectives(self, summaries: list) -> list:
        if self.mode == "mine":
            return [s for s in summaries if people.objective_is_theirs(s.objective, self.name)]
        if self.mode == "team":
            return [s for s in summaries if any(people.objective_is_teams(s.objective, t) for t in self.teams)]
        return summaries

    def kpis(self, pairs: list, objectives: list) -> list:
        """(KPI, status) pairs that are mine or the team's; `objectives`: every period's."""
        if self.mode == "mine":
            return [p for p in pairs if people.kpi_is_theirs(p[0], self.name, objectives)]
        if self.mode == "team":
            return [p for p in pairs if any(people.kpi_is_teams(p[0], t, objectives) for t in self.teams)]
        return pairs

    def none_words(self, period: str, count: int) -> str:
        """What a period shows when it has objectives but none of them is mine (or the team's)."""
        whose = f"yours ({printable(self.name)})" if self.mode == "mine" else f"team {self.team_words}'s"
        plural = "objective is" if count == 1 else "objectives are"
        return (f"{count} {plural} planned for {period}; none is {whose}.\n\n"
                "Press  m  to show the next (all, mine, my team's),  [  and  ]  for other periods.")
