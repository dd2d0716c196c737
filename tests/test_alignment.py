"""Alignment and roll-up (domain/alignment.py): each mode, weights, cycles refused, enclosing periods."""

from __future__ import annotations

import pytest

from okrtui.domain.alignment import (
    AlignmentError,
    check_alignment,
    children_of,
    parent_words,
    parse_parent,
    rolled_progress,
    tree,
)
from okrtui.domain.models import KeyResult, Objective


def objective(oid: int, progress: float | None = None, *, parent: int | None = None, parent_kr: int | None = None,
              rollup: str = "krs", weight: float = 1.0, period: str = "2026-Q4", krs: int = 1) -> Objective:
    key_results = [] if progress is None else [
        KeyResult(f"kr {n}", start=0, target=100, current=progress * 100, id=f"{oid}.{n}") for n in range(1, krs + 1)]
    return Objective(f"objective {oid}", period, id=oid, parent=parent, parent_kr=parent_kr, rollup=rollup,
                     weight=weight, key_results=key_results)


@pytest.mark.parametrize("text, parsed", [("3", (3, None)), ("3.2", (3, 2)), (" 12 ", (12, None)), ("none", None),
                                          ("-", None)])
def test_parents_are_read_as_an_objective_or_one_of_its_key_results(text, parsed):
    assert parse_parent(text) == parsed


@pytest.mark.parametrize("text", ["x", "3.", "3.x", "0", "3.0", "-3", "3.2.1", "٣", "", "  "])
def test_anything_else_is_refused_in_words(text):
    with pytest.raises(AlignmentError, match="id|start at 1|needs"):
        parse_parent(text)


def test_parent_words_name_the_key_result_when_there_is_one():
    assert parent_words(objective(2, parent=1)) == "1"
    assert parent_words(objective(2, parent=1, parent_kr=3)) == "1.3"
    assert parent_words(objective(2)) == ""


@pytest.mark.parametrize("mode, expected", [
    ("krs", 0.2),  # its own key result only
    ("children", (0.5 * 1 + 1.0 * 3) / 4),  # children by weight, each capped at 100%
    ("both", (0.2 * 1 + 0.5 * 1 + 1.0 * 3) / 5),  # one mean over the key result and the children
])
def test_each_rollup_mode(mode, expected):
    parent = objective(1, 0.2, rollup=mode)
    kids = [objective(2, 0.5, parent=1), objective(3, 1.7, parent=1, weight=3)]
    assert rolled_progress(parent, children_of([parent, *kids])) == pytest.approx(expected)


def test_children_roll_up_through_each_level_by_their_own_mode():
    company = objective(1, rollup="children")
    team = objective(2, 0.9, parent=1, rollup="children")
    squads = [objective(3, 0.4, parent=2), objective(4, 0.8, parent=2)]
    everything = [company, team, *squads]
    assert rolled_progress(company, children_of(everything)) == pytest.approx(0.6)


def test_nothing_measurable_is_none_and_a_child_without_anything_is_left_out():
    lonely = objective(1, rollup="children")
    assert rolled_progress(lonely, {}) is None
    parent = objective(1, rollup="children")
    kids = [objective(2, parent=1), objective(3, 0.5, parent=1)]
    assert rolled_progress(parent, children_of([parent, *kids])) == pytest.approx(0.5)


def test_a_zero_weight_child_counts_for_nothing():
    parent = objective(1, rollup="children")
    kids = [objective(2, 1.0, parent=1, weight=0), objective(3, 0.25, parent=1)]
    assert rolled_progress(parent, children_of([parent, *kids])) == pytest.approx(0.25)


def test_a_cycle_is_refused_naming_it():
    everything = [objective(1, 0.1), objective(2, 0.1, parent=1), objective(3, 0.1, parent=2)]
    with pytest.raises(AlignmentError, match="cycle: 1 → 2 → 3 → 1|cycle"):
        check_alignment(everything, 1, (3, None))
    with pytest.raises(AlignmentError, match="cycle"):
        check_alignment(everything, 1, (1, None))


def test_a_parent_in_an_enclosing_period_is_fine_and_a_later_one_is_not():
    year = objective(1, 0.1, period="2026-01-01..2026-12-31")
    quarter = objective(2, 0.1, period="2026-Q4")
    next_quarter = objective(3, 0.1, period="2027-Q1")
    check_alignment([year, quarter], 2, (1, None))
    with pytest.raises(AlignmentError, match="does not include 2026-Q4"):
        check_alignment([quarter, next_quarter], 2, (3, None))
    with pytest.raises(AlignmentError, match="does not include"):
        check_alignment([year, quarter], 1, (2, None))  # a year under a quarter


def test_unknown_parents_and_key_results_are_refused():
    everything = [objective(1, 0.1, krs=2), objective(2, 0.1)]
    check_alignment(everything, 2, (1, 2))
    with pytest.raises(AlignmentError, match="no key result 1.3"):
        check_alignment(everything, 2, (1, 3))
    with pytest.raises(AlignmentError, match="no objective 9"):
        check_alignment(everything, 2, (9, None))


def test_a_stored_cycle_still_ends_everywhere():
    """A merge can store one (each side aligned one way): views never loop."""
    a, b = objective(1, 0.5, parent=2, rollup="both"), objective(2, 0.25, parent=1, rollup="both")
    assert 0 <= rolled_progress(a, children_of([a, b])) <= 1
    nodes = tree([a, b])
    assert {n.objective.id for n in nodes} <= {1, 2} and nodes


def test_the_tree_nests_children_under_the_key_result_they_serve():
    company = objective(1, 0.5, krs=2, period="2026-01-01..2026-12-31")
    web = objective(2, 0.2, parent=1, parent_kr=2)
    ops = objective(3, 0.4, parent=1)
    roots = tree([company, web, ops])
    assert [n.objective.id for n in roots] == [1]
    under = roots[0].children
    assert [(n.objective.id if n.objective else n.kr_id) for n in under] == ["1.2", 3]
    assert [n.objective.id for n in under[0].children] == [2]


def test_a_period_shown_draws_its_parents_from_other_periods():
    year = objective(1, 0.5, period="2026-01-01..2026-12-31")
    q4 = objective(2, 0.2, parent=1)
    q3 = objective(3, 0.2, parent=1, period="2026-Q3")
    roots = tree([year, q4, q3], shown={2})
    assert [n.objective.id for n in roots] == [1]
    assert [n.objective.id for n in roots[0].children] == [2]


# -- owners (domain/people.py) ------------------------------------------------------------------
from okrtui.domain.models import Kpi  # noqa: E402
from okrtui.domain.people import kpi_is_teams, kpi_is_theirs, kr_owner, objective_is_theirs, same_person  # noqa: E402


@pytest.mark.parametrize("a, b, same", [("Mei", "mei", True), (" Mei  Lin ", "mei lin", True), ("Mei", "Meir", False),
                                        ("", "", False), ("  ", "", False)])
def test_people_are_the_same_without_case_or_spaces_and_nobody_is_nobody(a, b, same):
    assert same_person(a, b) is same


def test_a_key_result_without_an_owner_is_its_objectives_owners():
    o = Objective("x", "2026-Q4", owner="Ana", key_results=[KeyResult("a", id="1.1"), KeyResult("b", id="1.2", owner="Mei")])
    assert [kr_owner(kr, o) for kr in o.key_results] == ["Ana", "Mei"]
    assert objective_is_theirs(o, "mei") and objective_is_theirs(o, "ana") and not objective_is_theirs(o, "Bo")


def test_a_kpi_is_theirs_when_they_own_it_or_follow_it_and_a_teams_when_its_krs_follow_it():
    kpi = Kpi("uptime", id=4)
    o = Objective("x", "2026-Q4", owner="Ana", team="web", key_results=[KeyResult("a", id="1.1", kpi=4)])
    assert kpi_is_theirs(kpi, "Ana", [o]) and not kpi_is_theirs(kpi, "Mei", [o])
    assert kpi_is_theirs(Kpi("nps", id=5, owner="Mei"), "mei", [o])
    assert kpi_is_teams(kpi, "WEB", [o]) and not kpi_is_teams(kpi, "ops", [o])
