"""A read-only view of the store's data with the few TinyDB table calls that reads use.

The dashboard's first frame reads the store once; building it on these instead of TinyDB
keeps tinydb (and its imports) off start-up. Documents are copies, as TinyDB's are.
"""

from __future__ import annotations

from typing import Any


class Doc(dict):
    """A document with its id, like tinydb.table.Document."""

    def __init__(self, value: dict[str, Any], doc_id: int):
        super().__init__(value)
        self.doc_id = doc_id


class ReadTable:
    def __init__(self, docs: dict[str, Any]):
        self._docs = docs

    def all(self) -> list[Doc]:
        return [Doc(doc, int(doc_id)) for doc_id, doc in self._docs.items()]

    def get(self, *, doc_id: int) -> Doc | None:
        doc = self._docs.get(str(doc_id))
        return None if doc is None else Doc(doc, doc_id)

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self):
        return iter(self.all())

    def __getattr__(self, name: str):
        # insert, update, upsert, remove...: a read-only snapshot refuses them in words
        raise RuntimeError(f"{name} on a read-only view of the store")


class ReadTables:
    """The tables of a read: the calls repo.py's read paths make, without TinyDB."""

    def __init__(self, data: dict[str, Any], values: Any):
        """values: the KPI values (valuefiles.ValuesFiles), read from their files when asked for."""
        self.meta = ReadTable(data.get("meta", {}))
        self.objectives = ReadTable(data.get("objectives", {}))
        self.kpis = ReadTable(data.get("kpis", {}))
        self.conflicts = ReadTable(data.get("conflicts", {}))
        self.kpi_values = values

    @property
    def is_empty(self) -> bool:
        return not self.objectives and not self.kpis
