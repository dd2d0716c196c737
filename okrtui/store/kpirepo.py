"""KPIs and their values in and out of the store's tables: the part of Repo (repo.py) that
knows KPIs. A KPI's values come and go as values.py's documents."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..domain.models import Kpi, Series
from ..domain.parsing import check_number
from ..domain.validation import Findings, validate_kpi
from . import kpilog, values
from .errors import StoreError

if TYPE_CHECKING:  # TinyDB is imported by write paths only
    from collections.abc import Callable

    from .readonly import ReadTables
    from .tables import Tables


class ValidationError(ValueError):
    def __init__(self, findings: Findings):
        super().__init__(findings.first_error())
        self.findings = findings


def optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def kpi_from_doc(doc_id: int, doc: dict[str, Any], values_doc: dict[str, Any] | None, tail: int | None = None) -> Kpi:
    """values_doc: values.py's document (a tail of one may hold more values than `tail`)."""
    values_doc = values_doc or {}
    if tail is None:
        dates, numbers = map(list, values.columns(values_doc))  # the Kpi's own lists: views may change them
    else:
        dates, numbers = values.tail(values_doc, tail)
    notes, who = values_doc.get("notes") or {}, values_doc.get("by") or {}
    return Kpi(
        id=doc_id,
        name=str(doc["name"]),
        unit=doc.get("unit", ""),
        direction=doc.get("direction", "up"),
        cadence=doc.get("cadence", "daily"),
        target=optional_float(doc.get("target")),
        warn=optional_float(doc.get("warn")),
        crit=optional_float(doc.get("crit")),
        category=doc.get("category", ""),
        owner=doc.get("owner", ""),
        hold=optional_float(doc.get("hold")),
        series=Series(dates, numbers, {d: notes[d] for d in dates if d in notes}, {d: who[d] for d in dates if d in who}),
    )


class KpiRepo:
    """KPIs and their values through one consistent view of the store."""

    def __init__(self, tables: Tables | ReadTables, path: str, who: Callable[[], str] | None = None):
        """who(): who makes this transaction's changes (its check-ins, values, closes and carries),
        asked only when a change records it."""
        self.tables = tables
        self.path = path
        self._who = who
        self._kpi_cache: dict[int, Kpi | None] = {}

    @property
    def by(self) -> str:
        """Who makes the changes; "" when nobody said (by unknown)."""
        return self._who() if self._who is not None else ""

    def malformed(self, what: str, exc: Exception) -> StoreError:
        return StoreError(self.path, f"is not an okrtui store ({what} is malformed: {exc!r})")

    def full_kpi(self, kpi_id: int) -> Kpi | None:
        """A KPI with its whole history, read once per view of the store."""
        if kpi_id not in self._kpi_cache:
            self._kpi_cache[kpi_id] = self.kpi(kpi_id)
        return self._kpi_cache[kpi_id]

    def forget_full_kpis(self) -> None:
        """After a change to KPIs or their values: full_kpi reads them again."""
        self._kpi_cache = {}

    def _values(self, kpi_id: int, tail: int | None) -> dict[str, Any] | None:
        table = self.tables.kpi_values
        return table.get(doc_id=kpi_id) if tail is None else table.tail(kpi_id, tail)

    def kpis(self, tail: int | None = 60) -> list[Kpi]:
        """All KPIs with their last `tail` values (None: the whole history)."""
        out = []
        for doc in self.tables.kpis.all():
            try:
                out.append(kpi_from_doc(doc.doc_id, doc, self._values(doc.doc_id, tail), tail))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise self.malformed(f"KPI {doc.doc_id}", exc) from None
        return sorted(out, key=lambda k: k.id or 0)

    def kpi(self, kpi_id: int, tail: int | None = None) -> Kpi | None:
        doc = self.tables.kpis.get(doc_id=kpi_id)
        return None if doc is None else kpi_from_doc(kpi_id, doc, self._values(kpi_id, tail), tail)

    def find_kpi(self, query: str, tail: int | None = 60) -> Kpi:
        """By name (exact, unique prefix, unique part) or by id as #3; raises MatchError."""
        doc_id, doc = kpilog.find_kpi_doc(self.tables, query)
        return kpi_from_doc(doc_id, doc, self._values(doc_id, tail), tail)

    def _check_kpi(self, kpi: Kpi) -> None:
        findings = validate_kpi(kpi)
        clash = next(
            (d for d in self.tables.kpis.all() if d["name"].casefold() == kpi.name.strip().casefold() and d.doc_id != kpi.id),
            None,
        )
        if clash is not None:
            findings.errors["name"] = f"a KPI named {clash['name']!r} already exists"
        if not findings.ok:
            raise ValidationError(findings)

    def add_kpi(self, kpi: Kpi) -> int:
        kpi.name = kpi.name.strip()
        self._check_kpi(kpi)
        from .valuefiles import new_uid

        taken = {doc.get("uid") for doc in self.tables.kpis.all()}
        kpi.id = self.tables.kpis.insert({**kpi.definition(), "uid": new_uid(taken.__contains__)})
        if kpi.series.dates:  # a KPI's values file is made with its first value
            doc = values.document(list(kpi.series.dates), [float(v) for v in kpi.series.values], dict(kpi.series.notes))
            self.tables.kpi_values.upsert(_document(doc, kpi.id))
        return kpi.id

    def update_kpi(self, kpi: Kpi) -> None:
        """Change a KPI's definition; its values stay."""
        if kpi.id is None or self.tables.kpis.get(doc_id=kpi.id) is None:
            raise KeyError(f"no KPI with id {kpi.id}")
        kpi.name = kpi.name.strip()
        self._check_kpi(kpi)
        self.tables.kpis.update(kpi.definition(), doc_ids=[kpi.id])
        from tinydb.operations import delete

        for name in ("owner", "hold"):  # written only when set: a cleared one leaves no field behind
            if name not in kpi.definition() and name in self.tables.kpis.get(doc_id=kpi.id):
                self.tables.kpis.update(delete(name), doc_ids=[kpi.id])

    def log_value(self, kpi_id: int, day: date, value: float, note: str = "") -> bool:
        check_number(value, "the value")
        self.forget_full_kpis()
        return kpilog.log_value(self.tables, kpi_id, day.isoformat(), value, note, self.by)

    def delete_value(self, kpi_id: int, day: date) -> float | None:
        """Remove one value (and its note), the way out of a wrong entry; returns it, or None if there was none."""
        doc, removed = values.without_day(self.tables.kpi_values.get(doc_id=kpi_id), day.isoformat())
        if removed is not None:
            self.tables.kpi_values.upsert(_document(doc, kpi_id))
        return removed

    def import_values(self, rows: list[tuple]) -> int:
        """Many (kpi id, ISO date, value, note[, by]) rows in one write; returns how many. A row
        without a by is recorded as by whoever imports it; one whose by is "" stays by unknown."""
        by_kpi: dict[int, list[tuple[str, float, str, str]]] = {}
        for kpi_id, day, value, note, *by in rows:
            by_kpi.setdefault(kpi_id, []).append((day, value, note, by[0] if by else self.by))
        for kpi_id, entries in by_kpi.items():
            doc = values.with_values(self.tables.kpi_values.get(doc_id=kpi_id), entries)
            self.tables.kpi_values.upsert(_document(doc, kpi_id))
        return len(rows)


def _document(value: dict[str, Any], doc_id: int):
    from tinydb.table import Document  # write paths only: reads (the dashboard) never import TinyDB

    return Document(value, doc_id=doc_id)
