"""The store's data as TinyDB tables, over one read of the file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage


class _MemoryStorage(Storage):
    """TinyDB storage over data already read; writes are collected for one commit."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


class Tables:
    """One consistent view of the store, as TinyDB tables, for a transaction (reads use
    readonly.ReadTables, which needs no TinyDB)."""

    def __init__(self, data: dict[str, Any], values: Callable[[Any], Any]):
        """values: given the kpis table, the KPI values (valuefiles.ValuesFiles) of this data."""
        self.db = TinyDB(storage=_MemoryStorage, data=data)
        self.meta = self.db.table("meta", cache_size=0)
        self.objectives = self.db.table("objectives", cache_size=0)
        self.kpis = self.db.table("kpis", cache_size=0)
        self.conflicts = self.db.table("conflicts", cache_size=0)
        self.kpi_values = values(self.kpis)

    @property
    def storage(self) -> _MemoryStorage:
        return self.db.storage  # type: ignore[return-value]

    @property
    def is_empty(self) -> bool:
        return not self.objectives and not self.kpis
