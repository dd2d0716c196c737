"""Logging KPI values: the rule shared by the TinyDB path (Repo) and the fast path (fastlog)."""

from __future__ import annotations

from ..domain.matching import find_one
from .values import with_value

TYPE_CHECKING = False  # see storage.py: typing stays off the `okrtui log` path
if TYPE_CHECKING:
    from typing import Any

    from .tables import Tables


def kpi_by_name(kpis: list[tuple[int, dict[str, Any]]], query: str) -> tuple[int, dict[str, Any]]:
    """Match a KPI by name (exact, unique prefix, unique substring) or by id as #3; raises MatchError."""
    wanted = query.strip()
    if wanted.startswith("#") and wanted[1:].isdigit() and wanted[1:].isascii():
        for item in kpis:
            if item[0] == int(wanted[1:]):
                return item
    return find_one(query, kpis, lambda item: item[1]["name"], what="KPI")


def find_kpi_doc(tables: Tables, query: str) -> tuple[int, dict[str, Any]]:
    return kpi_by_name([(doc.doc_id, doc) for doc in tables.kpis.all()], query)


def log_value(tables: Tables, kpi_id: int, day: str, value: float, note: str = "", by: str = "") -> bool:
    if tables.kpis.get(doc_id=kpi_id) is None:
        raise KeyError(f"no KPI with id {kpi_id}")
    doc, replaced = with_value(tables.kpi_values.get(doc_id=kpi_id) or {}, day, value, note, by)
    tables.kpi_values.upsert(_document(doc, kpi_id))
    return replaced


def _document(doc: dict[str, Any], doc_id: int):
    from tinydb.table import Document

    return Document(doc, doc_id=doc_id)
