"""Undo and redo: the newest journal entry put back (or again) into the store.

Above the Store: it takes the store's lock, reads, applies the entry's changes where their
documents are still as the entry left them, checks that what it would write reads back, and
commits without journaling, then moves the entry to the other journal. Public Store methods only.
"""

from __future__ import annotations

from . import valuefiles
from .legacy import document_from_packed
from .values import day_value, with_value, without_day
from .codec import encode
from .errors import UndoRefused
from .journal import MAX_ENTRIES, load, write
from .readonly import Doc

TYPE_CHECKING = False  # see codec.py
if TYPE_CHECKING:
    from typing import Any


def _apply(data: dict[str, Any], change: dict[str, Any], side: str, other: str) -> None:
    """Put `side` ("before" or "after") of a change back into the data, if the document still is `other`."""
    table, doc_id = change["table"], change["id"]
    docs = data.setdefault(table, {})
    current = docs.get(doc_id)
    where = f"{ {'objectives': 'objective', 'kpis': 'KPI'}.get(table, 'the values of KPI')} {doc_id}"
    if "day" in change:
        if day_value(current, change["day"]) != change[other]:
            raise UndoRefused(f"{where} on {change['day']} changed since")
        wanted = change[side]
        if wanted is None:
            docs[doc_id], _ = without_day(current, change["day"])
        else:
            docs[doc_id], _ = with_value(current, change["day"], *wanted)
        return
    if current != _in_memory(table, change[other]):
        raise UndoRefused(f"{where} changed since")
    if change[side] is None:
        docs.pop(doc_id, None)
    else:
        docs[doc_id] = _in_memory(table, change[side])


def _in_memory(table: str, doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """A journal's document as the store holds it: the journal keeps KPI values packed (legacy.py),
    as every version of okrtui has written them."""
    return document_from_packed(doc) if table == "kpi_values" and doc is not None else doc


class _ValuesView:
    """The KPI values as the {id: document} table _apply works on."""

    def __init__(self, values):
        self.values = values

    def get(self, doc_id: str, default=None):
        doc = self.values.get(doc_id=int(doc_id))
        return default if doc is None else doc

    def __setitem__(self, doc_id: str, doc: dict[str, Any]) -> None:
        self.values.upsert(Doc(doc, int(doc_id)))

    def pop(self, doc_id: str, default=None):
        self.values.remove(doc_ids=[int(doc_id)])
        return default


def step(store, backwards: bool) -> str:
    """Undo (backwards) or redo the newest entry; returns its words. UndoRefused when it cannot."""
    name, opposite = ("undo", "redo") if backwards else ("redo", "undo")
    with store.locked():
        problems: list[str] = []
        journal = load(store.path, problems)
        skipped = f" ({'; '.join(problems[:3])}{'; …' if len(problems) > 3 else ''})" if problems else ""
        if not journal[name]:
            raise UndoRefused(f"nothing to {name}{skipped}")
        entry = journal[name][-1]
        raw = store.read_raw()
        data, version = store.decode(raw)
        values = store.values_files(data, data["kpis"])
        tables = {"objectives": data["objectives"], "kpis": data["kpis"], "kpi_values": _ValuesView(values)}
        side, other = ("before", "after") if backwards else ("after", "before")
        changes = list(reversed(entry["changes"]) if backwards else entry["changes"])
        changes.sort(key=lambda change: change.get("table") != "kpis")  # a KPI back before its values
        try:
            for change in changes:
                _apply(tables, change, side, other)
        except (KeyError, TypeError, ValueError) as exc:
            raise UndoRefused(f"the {name} journal does not fit the store ({exc})") from None
        except UndoRefused as exc:
            raise UndoRefused(f"cannot {name} {entry['what']}: {exc}, by another command or process."
                              " Nothing was changed") from None
        store.decode(encode(data))  # what is written must read back: checked before it replaces the store
        for _, _, _, after in values.changes():
            if after is not None:  # and so must every values file
                try:
                    valuefiles.decode(valuefiles.encode(after))
                except valuefiles.ValuesProblem as exc:
                    raise UndoRefused(f"cannot {name} {entry['what']}: the values it would write do not fit ({exc})."
                                      " Nothing was changed") from None
        if version is not None and version < store.schema_version:
            store.backup(version, raw)
        store.commit(data, values, raw, journal=False)
        journal[name].pop()
        journal[opposite].append(entry)
        write(store.path, name, journal[name])
        write(store.path, opposite, journal[opposite][-MAX_ENTRIES:])
    return entry["what"] + skipped
