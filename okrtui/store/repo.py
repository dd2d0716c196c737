"""Domain objects in and out of the store's TinyDB tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..domain.matching import MatchError, find_one
from ..domain.parsing import check_number
from ..domain.models import CheckIn, Initiative, KeyResult, Objective, Review
from ..domain.period import Period, PeriodError
from ..domain.planning import follow_kpi
from ..domain.validation import validate_objective
from .planlog import plan_fields
from . import targets
from .kpirepo import KpiRepo, ValidationError, kpi_from_doc, optional_float


def _checkin_from_doc(doc: dict[str, Any]) -> CheckIn:
    return CheckIn(at=str(doc["at"]), value=float(doc["value"]), confidence=doc.get("confidence"), note=doc.get("note", ""),
                   by=doc.get("by", ""))


def _kr_from_doc(objective_id: int, doc: dict[str, Any]) -> KeyResult:
    due = doc.get("due")
    return KeyResult(
        id=f"{objective_id}.{doc['n']}",
        title=str(doc["title"]),
        kind=doc.get("kind", "number"),
        start=float(doc.get("start", 0.0)),
        target=float(doc.get("target", 1.0)),
        current=optional_float(doc.get("current")),
        unit=doc.get("unit", ""),
        due=date.fromisoformat(due) if due else None,
        weight=float(doc.get("weight", 1.0)),
        confidence=doc.get("confidence"),
        kpi=doc.get("kpi"),
        checkins=[_checkin_from_doc(c) for c in doc.get("checkins", [])],
        type=doc.get("type", "reach"),
        direction=doc.get("direction"),
        followed=doc.get("followed", ""),
        added=date.fromisoformat(doc["added"]) if doc.get("added") else None,
        owner=doc.get("owner", ""),
        **targets.kr_fields(doc),
    )


def _kr_to_doc(kr: KeyResult, number: int) -> dict[str, Any]:
    return {
        "n": number,
        "title": kr.title,
        "kind": kr.kind,
        "start": kr.start,
        "target": kr.target,
        "current": kr.current,
        "unit": kr.unit,
        "due": kr.due.isoformat() if kr.due else None,
        "weight": kr.weight,
        "confidence": kr.confidence,
        "kpi": kr.kpi,
        # A key result that follows a KPI takes its history from the KPI's values: nothing is stored twice.
        "checkins": [] if kr.kpi is not None else [
            {"at": c.at, "value": c.value, "confidence": c.confidence, "note": c.note, **({"by": c.by} if c.by else {})}
            for c in kr.checkins],
        "type": kr.type,
        "direction": kr.direction,
        "followed": kr.followed,
        **({"added": kr.added.isoformat()} if kr.added else {}),  # only when known: older documents stay as they were
        **({"owner": kr.owner} if kr.owner else {}),
        **targets.kr_doc(kr),
    }


def objective_from_doc(doc_id: int, doc: dict[str, Any]) -> Objective:
    review = doc.get("review") or {}
    return Objective(
        id=doc_id,
        title=str(doc["title"]),
        period=str(doc["period"]),
        why=doc.get("why", ""),
        owner=doc.get("owner", ""),
        team=doc.get("team", ""),
        kind=doc.get("kind", "committed"),
        status=doc.get("status", "draft"),
        parent=doc.get("parent"),
        parent_kr=doc.get("parent_kr"),
        rollup=doc.get("rollup", "krs"),
        checkin_every=doc.get("checkin_every", "weekly"),
        weight=float(doc.get("weight", 1.0)),
        key_results=[_kr_from_doc(doc_id, kr) for kr in doc.get("key_results", [])],
        initiatives=[Initiative(str(i["title"]), i.get("status", "todo")) for i in doc.get("initiatives", [])],
        review=Review(optional_float(review.get("grade")), review.get("note", ""), review.get("closed"), review.get("by", "")),
        next_kr=int(doc.get("next_kr", len(doc.get("key_results", [])) + 1)),
        carried_from=doc.get("carried_from"),
        carried_into=doc.get("carried_into"),
        seeded_from=doc.get("seeded_from"),
        **plan_fields(doc),  # the frozen plan and its changes (planlog.py)
    )


def _objective_to_doc(objective: Objective) -> dict[str, Any]:
    """Numbers KRs that have no id yet; a KR keeps its number for life."""
    krs = []
    for kr in objective.key_results:
        if kr.id:
            number = int(kr.id.rsplit(".", 1)[1])
        else:
            number = objective.next_kr
            objective.next_kr += 1
        krs.append(_kr_to_doc(kr, number))
    return {
        "title": objective.title,
        "period": objective.period,
        "why": objective.why,
        "owner": objective.owner,
        "team": objective.team,
        "kind": objective.kind,
        "status": objective.status,
        "parent": objective.parent,
        "key_results": krs,
        "initiatives": [{"title": i.title, "status": i.status} for i in objective.initiatives],
        "review": {"grade": objective.review.grade, "note": objective.review.note, "closed": objective.review.closed,
                   **({"by": objective.review.by} if objective.review.by else {})},
        "next_kr": objective.next_kr,
        "carried_from": objective.carried_from,
        "carried_into": objective.carried_into,
        "seeded_from": objective.seeded_from,
        # alignment beyond the parent: written only when set, so older documents stay as they were
        **({"parent_kr": objective.parent_kr} if objective.parent is not None and objective.parent_kr else {}),
        **({"rollup": objective.rollup} if objective.rollup != "krs" else {}),
        **({"weight": objective.weight} if objective.weight != 1.0 else {}),
        **({"checkin_every": objective.checkin_every} if objective.checkin_every != "weekly" else {}),
    }


def _later_period(objective: Objective, to_period: str | None, doing: str) -> Period:
    """The period named, else the one after the objective's; ClosingError unless it is later."""
    from ..domain.closing import ClosingError

    current = Period.parse(objective.period)
    try:
        period = Period.parse(to_period) if to_period else current.shifted(1)
    except PeriodError as exc:
        raise ClosingError(str(exc)) from None
    if period.start <= current.start:
        raise ClosingError(f"{doing} a later period than {objective.period}, not {period.key}")
    return period


class Repo(KpiRepo):
    """Read and change OKRs and KPIs through one consistent view of the store (the KPIs'
    part in kpirepo.py)."""

    @property
    def is_empty(self) -> bool:
        return self.tables.is_empty

    # -- objectives --------------------------------------------------------
    def objectives(self, period: str | None = None) -> list[Objective]:
        """The objectives (of one period), key results that follow a KPI moved by its values."""
        out = []
        for doc in self.tables.objectives.all():
            if period is not None and doc.get("period") != period:
                continue
            try:
                out.append(self._followed(objective_from_doc(doc.doc_id, doc)))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise self.malformed(f"objective {doc.doc_id}", exc) from None
        return sorted(out, key=lambda o: o.id or 0)

    def period_counts(self) -> dict[str, int]:
        """How many objectives each period has (periods without any are absent)."""
        counts: dict[str, int] = {}
        for doc in self.tables.objectives.all():
            counts[doc["period"]] = counts.get(doc["period"], 0) + 1
        return counts

    def objective(self, objective_id: int) -> Objective | None:
        doc = self.tables.objectives.get(doc_id=objective_id)
        if doc is None:
            return None
        try:
            return self._followed(objective_from_doc(objective_id, doc))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self.malformed(f"objective {objective_id}", exc) from None

    def _followed(self, objective: Objective) -> Objective:
        """Key results that follow a KPI take its unit, direction and values within the period."""
        targets.annotate(self, objective)
        if not any(kr.kpi is not None for kr in objective.key_results):
            return objective
        period = Period.parse(objective.period)
        for index, kr in enumerate(objective.key_results):
            if kr.kpi is None:
                continue
            kpi = self.full_kpi(kr.kpi)
            if kpi is None:  # the KPI is gone (a foreign store): keep the key result as it was stored
                kr.followed = kr.followed or f"followed KPI {kr.kpi}, which is gone"
                kr.kpi = None
                continue
            objective.key_results[index] = follow_kpi(kr, kpi, period)
        return objective

    def following(self, kpi_id: int) -> list[tuple[Objective, KeyResult]]:
        """The key results that follow a KPI, with their objectives."""
        return [(o, kr) for o in self.objectives() for kr in o.key_results if kr.kpi == kpi_id]

    def save_objective(self, objective: Objective) -> int:
        """Insert or replace; refuses (ValidationError) what does not validate."""
        findings = validate_objective(objective)
        if not findings.ok:
            raise ValidationError(findings)
        if objective.parent is not None and self.tables.objectives.get(doc_id=objective.parent) is None:
            findings.errors["parent"] = f"no objective with id {objective.parent} to align with"
            raise ValidationError(findings)
        for kr in objective.key_results:
            if not kr.id and kr.added is None:  # a new key result: its first week starts today
                kr.added = date.today()
        doc = _objective_to_doc(objective)
        stored = self.tables.objectives.get(doc_id=objective.id) if objective.id is not None else None
        # A following KR shows its KPI's values; what the store held stays as it was, so saving
        # one key result never rewrites another's numbers (nor makes a git merge see a change).
        kept = {kr.get("n"): kr for kr in (stored or {}).get("key_results", []) if isinstance(kr, dict)}
        for kr_doc in doc["key_results"]:
            if kr_doc["kpi"] is not None:
                kr_doc["checkins"] = kept.get(kr_doc["n"], {}).get("checkins", [])
                kr_doc["current"] = kept.get(kr_doc["n"], {}).get("current")
        if objective.id is None:
            from .valuefiles import new_uid

            taken = {d.get("uid") for d in self.tables.objectives.all()}
            objective.id = self.tables.objectives.insert({**doc, "uid": new_uid(taken.__contains__)})
        elif self.tables.objectives.get(doc_id=objective.id) is None:
            raise KeyError(f"no objective with id {objective.id}")
        else:  # every field is present, so update replaces the whole document
            self.tables.objectives.update(doc, doc_ids=[objective.id])
        for kr, kr_doc in zip(objective.key_results, doc["key_results"]):
            kr.id = f"{objective.id}.{kr_doc['n']}"
        return objective.id

    def save_plan(self, objective: Objective) -> int:
        """Save what a planner edited, keeping measurements that arrived meanwhile.

        The edit was made on a copy read earlier; check-ins (and the current
        value and confidence they set) logged since, for example by `okrtui
        checkin` in another shell, are taken from the store, not the copy.
        """
        if objective.id is not None:
            stored = self.objective(objective.id)
            if stored is None:
                raise KeyError(f"objective {objective.id} was deleted meanwhile")
            fresh = {kr.id: kr for kr in stored.key_results}
            for kr in objective.key_results:
                latest = fresh.get(kr.id)
                if latest is not None and len(latest.checkins) > len(kr.checkins):
                    kr.checkins, kr.current, kr.confidence = latest.checkins, latest.current, latest.confidence
            objective.next_kr = max(objective.next_kr, stored.next_kr)
        return self.save_objective(objective)

    def close_objective(self, objective_id: int, status: str, grade: float | None = None,
                        note: str | None = None) -> Objective:
        """Record how the objective ended: status, final grade (suggested if none), reflection."""
        from ..domain.closing import close

        objective = self.objective(objective_id)
        if objective is None:
            raise KeyError(f"no objective with id {objective_id}")
        closed = close(objective, status, grade, note)
        closed.review.closed = date.today().isoformat()
        closed.review.by = self.by
        self.save_objective(closed)
        return closed

    def continuation(self, objective: Objective) -> Objective | None:
        """The objective this one was carried into, while it exists."""
        return self.objective(objective.carried_into) if objective.carried_into is not None else None

    def reopen_objective(self, objective_id: int) -> Objective:
        """Open a closed objective again (ClosingError when it is not closed, or its work goes on
        in the objective it was carried into)."""
        from ..domain.closing import reopened

        objective = self.objective(objective_id)
        if objective is None:
            raise KeyError(f"no objective with id {objective_id}")
        opened = reopened(objective, self.continuation(objective))
        self.save_objective(opened)
        return opened

    def carry_objective(self, objective_id: int, to_period: str | None = None, drop: set[str] = frozenset(),
                        targets: dict[str, float] | None = None, titles: dict[str, str] | None = None) -> Objective:
        """Continue an objective in a later period (the next one by default): the kept key results
        start from their closing values; the old objective keeps its history, grade and status,
        and both link to each other. Returns the new objective."""
        from ..domain.closing import ClosingError, carried_over

        objective = self.objective(objective_id)
        if objective is None:
            raise KeyError(f"no objective with id {objective_id}")
        if objective.carried_into is not None and self.objective(objective.carried_into) is not None:
            raise ClosingError(f"objective {objective_id} was already carried into objective {objective.carried_into}")
        target_period = _later_period(objective, to_period, "carry into")
        new = carried_over(objective, target_period.key, set(drop), dict(targets or {}), dict(titles or {}))
        self.save_objective(new)
        objective.carried_into = new.id
        if objective.status in ("active", "draft"):
            objective.status = "carried"
        if objective.review.grade is None:
            from ..domain.progress import objective_progress, suggested_grade

            objective.review.grade = suggested_grade(objective_progress(objective))
        objective.review.closed = objective.review.closed or date.today().isoformat()
        objective.review.by = objective.review.by or self.by
        self.save_objective(objective)
        return new

    def seed_from_initiative(self, objective_id: int, initiative: int, to_period: str | None = None) -> Objective:
        """What you will do when you get there: an initiative (numbered from 1) becomes a draft
        objective of the next period (or the one named) that links back to where it came from."""
        from ..domain.closing import ClosingError

        objective = self.objective(objective_id)
        if objective is None:
            raise KeyError(f"no objective with id {objective_id}")
        if not 1 <= initiative <= len(objective.initiatives):
            raise ClosingError(f"objective {objective_id} has initiatives 1 to {len(objective.initiatives)},"
                               f" not {initiative}" if objective.initiatives else
                               f"objective {objective_id} has no initiatives")
        period = _later_period(objective, to_period, "an initiative seeds")
        draft = Objective(objective.initiatives[initiative - 1].title, period.key, owner=objective.owner,
                          team=objective.team, why=f"grew from objective {objective_id}: {objective.title}"[:500],
                          seeded_from=objective_id)
        self.save_objective(draft)
        return draft

    def delete_objective(self, objective_id: int) -> None:
        if self.tables.objectives.get(doc_id=objective_id) is None:
            raise KeyError(f"no objective with id {objective_id}")
        self.tables.objectives.remove(doc_ids=[objective_id])
        # Children lose their alignment rather than point at nothing.
        children = [doc.doc_id for doc in self.tables.objectives.all() if doc.get("parent") == objective_id]
        if children:
            self.tables.objectives.update({"parent": None}, doc_ids=children)

    def find_key_result(self, query: str) -> tuple[Objective, KeyResult]:
        """By id (3.2) or by title, matched like KPI names."""
        pairs = [(o, kr) for o in self.objectives() for kr in o.key_results]
        for pair in pairs:
            if pair[1].id == query.strip():
                return pair
        if query.strip().isdigit():  # an objective's id, not a part of some key result's title
            raise MatchError(f"{query.strip()} is an objective's id: a key result is named 3.2 (objective 3's second)"
                             " or by its title", [kr.id for o, kr in pairs if str(o.id) == query.strip()])
        return find_one(query, pairs, lambda pair: pair[1].title, what="key result")

    def checkin(
        self,
        kr_id: str,
        value: float,
        confidence: int | None = None,
        note: str = "",
        at: datetime | None = None,
    ) -> KeyResult:
        objective_id = int(kr_id.split(".", 1)[0])
        objective = self.objective(objective_id)
        kr = next((k for k in objective.key_results if k.id == kr_id), None) if objective else None
        if objective is None or kr is None:
            raise KeyError(f"no key result with id {kr_id}")
        from ..domain.closing import ClosingError, checkin_refusal

        refusal = checkin_refusal(objective, kr, self.continuation(objective))
        if refusal:
            raise ClosingError(refusal)
        if confidence is not None and not 0 <= confidence <= 10:
            raise ValueError("confidence must be from 0 to 10")
        check_number(value, "the value")
        if kr.kpi is not None:  # the value belongs to the KPI: log it there, once, and the key result follows
            self.log_value(kr.kpi, (at or datetime.now()).date(), value, note)
            if confidence is not None:
                kr.confidence = confidence
                self.save_objective(objective)
            return self.objective_kr(kr.id)
        stamp = (at or datetime.now()).replace(microsecond=0).isoformat()
        kr.checkins.append(CheckIn(at=stamp, value=value, confidence=confidence, note=note, by=self.by))
        kr.current = value
        if confidence is not None:
            kr.confidence = confidence
        self.save_objective(objective)
        return kr

    def objective_kr(self, kr_id: str) -> KeyResult:
        """A key result by id, as views show it (following its KPI)."""
        self.forget_full_kpis()
        objective = self.objective(int(kr_id.split(".", 1)[0]))
        kr = next((k for k in objective.key_results if k.id == kr_id), None) if objective else None
        if kr is None:
            raise KeyError(f"no key result with id {kr_id}")
        return kr

    # -- what git merges left ---------------------------------------------------
    def _conflicts_where(self) -> list[tuple[str, dict[str, Any], tuple[str, int, int]]]:
        """(id, record, where it is kept): the store's conflicts, then each KPI's values'. The id is
        a hash of the record, so it names the same record after a merge has moved things around."""
        import json

        from .codec import blake2b

        found: list[tuple[dict[str, Any], tuple[str, int, int]]] = [
            (dict(doc), ("store", doc.doc_id, 0)) for doc in sorted(self.tables.conflicts.all(), key=lambda d: d.doc_id)]
        for doc in sorted(self.tables.kpis.all(), key=lambda d: d.doc_id):
            found += [(record, ("values", doc.doc_id, index))
                      for index, record in enumerate(self.tables.kpi_values.conflicts(doc.doc_id))]
        out, seen, repeats = [], set(), {}
        for record, where in found:
            text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
            base = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=3).hexdigest()
            conflict_id = base
            # The same record again (or a clash of short hashes): base-2, base-3, ... Each try is a
            # new string and each record's count only grows, so this ends for any input.
            while conflict_id in seen:
                repeats[base] = repeats.get(base, 1) + 1
                conflict_id = f"{base}-{repeats[base]}"
            seen.add(conflict_id)
            out.append((conflict_id, record, where))
        return out

    def conflicts(self) -> list[tuple[str, dict[str, Any]]]:
        """(id, record) of every conflict a merge recorded."""
        return [(conflict_id, record) for conflict_id, record, _ in self._conflicts_where()]

    def dismiss_conflicts(self, ids: list[str]) -> None:
        """Forget conflicts someone has looked at (ids from conflicts(); unknown ones are ignored)."""
        from .readonly import Doc

        wanted = set(ids)
        by_kpi: dict[int, set[int]] = {}
        for conflict_id, _, (kind, doc_id, index) in self._conflicts_where():
            if conflict_id not in wanted:
                continue
            if kind == "store":
                self.tables.conflicts.remove(doc_ids=[doc_id])
            else:
                by_kpi.setdefault(doc_id, set()).add(index)
        for kpi_id, indexes in by_kpi.items():
            doc = self.tables.kpi_values.get(doc_id=kpi_id) or {}
            kept = [c for i, c in enumerate(doc.get("conflicts") or []) if i not in indexes]
            self.tables.kpi_values.upsert(Doc({**doc, "conflicts": kept}, kpi_id))

    def take_other(self, conflict_id: str) -> str:
        """Put the value a merge set aside in place of the one it kept (a KPI's value of a day),
        and dismiss the record; what was done, in words. ValueError for a record that names no
        such value (a field of a plan: change it by hand, then dismiss)."""
        from ..domain.parsing import check_number

        found = next(((record, where) for cid, record, where in self._conflicts_where() if cid == conflict_id), None)
        if found is None:
            raise KeyError(f"there is no conflict {conflict_id}")
        record, (kind, kpi_id, _) = found
        other, day = record.get("other"), record.get("date")
        usable = (kind == "values" and record.get("kind") == "conflict" and isinstance(day, str)
                  and isinstance(other, list) and len(other) in (2, 3) and all(isinstance(t, str) for t in other[1:])
                  and isinstance(other[0], (int, float)) and not isinstance(other[0], bool))
        if not usable:
            raise ValueError(f"conflict {conflict_id} is not a KPI's value of a day: change it by hand, then"
                             " dismiss it")
        value = check_number(other[0], "the other side's value")
        from . import kpilog

        self.forget_full_kpis()  # the other side's value keeps who recorded it, when it says
        kpilog.log_value(self.tables, kpi_id, day, value, other[1], other[2] if len(other) == 3 else self.by)
        self.dismiss_conflicts([conflict_id])
        return f"took the other side's value of {day}: {value:g}"

    def delete_kpi(self, kpi_id: int, today: date) -> list[str]:
        """Delete a KPI and its values. Key results that followed it keep what it gave them:
        its values in their period become their check-ins, and they say what they followed.
        Returns the ids of those key results."""
        kpi = self.kpi(kpi_id)
        if kpi is None:
            raise KeyError(f"no KPI with id {kpi_id}")
        unlinked = []
        for objective in self.objectives():
            changed = targets.unguard(objective, kpi_id)  # a gone KPI guards nothing
            for kr in objective.key_results:
                if kr.kpi == kpi_id:
                    kr.kpi = None
                    kr.followed = f"followed KPI {kpi.name!r} until {today.isoformat()}"
                    unlinked.append(kr.id)
                    changed = True
            if changed:
                self.save_objective(objective)
        self.tables.kpis.remove(doc_ids=[kpi_id])
        if self.tables.kpi_values.get(doc_id=kpi_id) is not None:
            self.tables.kpi_values.remove(doc_ids=[kpi_id])
        self.forget_full_kpis()
        return unlinked


__all__ = ["MatchError", "Repo", "ValidationError", "objective_from_doc", "kpi_from_doc"]
