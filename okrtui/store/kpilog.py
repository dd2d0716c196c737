"""Logging KPI values on raw documents: the `okrtui log` fast path, also used by Repo."""

from __future__ import annotations

from typing import Any

from ..domain.matching import find_one
from . import series
from .storage import Tables


def find_kpi_doc(tables: Tables, query: str) -> tuple[int, dict[str, Any]]:
    """Match a KPI by name (exact, unique prefix, unique substring); raises MatchError."""
    docs = [(doc.doc_id, doc) for doc in tables.kpis.all()]
    return find_one(query, docs, lambda item: item[1]["name"], what="KPI")


def log_value(tables: Tables, kpi_id: int, day: str, value: float, note: str = "") -> bool:
    """Record one value; a value for the same date replaces the old one (and its note)."""
    doc = tables.kpis.get(doc_id=kpi_id)
    if doc is None:
        raise KeyError(f"no KPI with id {kpi_id}")
    packed, replaced = series.upsert(doc.get("values", ""), day, value)
    notes = dict(doc.get("notes") or {})
    if note:
        notes[day] = note
    else:
        notes.pop(day, None)
    tables.kpis.update({"values": packed, "notes": notes}, doc_ids=[kpi_id])
    return replaced
