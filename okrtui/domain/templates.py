"""KPI templates from the article's list, offered when adding a KPI: name, unit, direction, cadence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KpiTemplate:
    name: str
    unit: str
    direction: str  # up: higher is better
    cadence: str
    category: str
    why: str  # one line: what it watches

    def words(self) -> str:
        better = "higher is better" if self.direction == "up" else "lower is better"
        return f"{self.name} ({self.unit}, {better}, {self.cadence})"


TEMPLATES = (
    KpiTemplate("Average response time", "min", "down", "daily", "Service", "how long a customer waits for an answer"),
    KpiTemplate("Downtime", "h", "down", "weekly", "Operations", "hours a service or machine was unavailable"),
    KpiTemplate("Uptime", "%", "up", "daily", "Operations", "share of the time a service was available"),
    KpiTemplate("Customer lifetime value", "$", "up", "monthly", "Sales", "revenue a customer brings over time"),
    KpiTemplate("Call completion rate", "%", "up", "daily", "Service", "share of calls resolved"),
    KpiTemplate("Tickets per month", "tickets", "down", "monthly", "Service", "support load"),
    KpiTemplate("Trial-to-customer conversion", "%", "up", "weekly", "Sales", "share of trials that buy"),
    KpiTemplate("Visitor-to-signup conversion", "%", "up", "weekly", "Marketing", "share of visitors who sign up"),
    KpiTemplate("Web traffic", "visits", "up", "daily", "Marketing", "visits to the site"),
    KpiTemplate("Sales revenue", "$", "up", "daily", "Sales", "money in"),
    KpiTemplate("Open bugs", "bugs", "down", "daily", "Engineering", "defects not yet fixed"),
    KpiTemplate("Deploys per week", "deploys", "up", "weekly", "Engineering", "how often changes ship"),
)


def find_template(query: str) -> KpiTemplate:
    """By name, matched like KPI names; raises MatchError."""
    from .matching import find_one

    return find_one(query, TEMPLATES, lambda t: t.name, what="template")
