"""`okrtui log` without TinyDB: rewrite the one line that holds the KPI's values.

The file is written one document per line (storage.encode). Logging a value
still takes the lock and parses and checks the whole file, like every write,
but then replaces only the KPI's line instead of encoding every table again,
and never imports TinyDB. Whenever the file is not exactly in that layout
(hand-edited, older schema, KPI without values yet) it returns None and the
caller takes the ordinary TinyDB path.
"""

from __future__ import annotations

from .kpilog import kpi_by_name, with_value
from .storage import Store, doc_line, dumps

TYPE_CHECKING = False  # see storage.py
if TYPE_CHECKING:
    from typing import Any

VALUES_TABLE = "kpi_values"


def _line_span(raw: bytes, table: str, doc_id: str) -> tuple[int, int] | None:
    """Where the document's line is, between its table's header and end lines (no copies of the file)."""
    header = raw.find(f"\n{dumps(table)}:{{\n".encode())
    if header < 0:
        return None
    table_end = raw.find(b"\n}", header + 1)
    start = raw.find(f"\n{dumps(doc_id)}:{{".encode(), header + 1, table_end) + 1
    if start <= 0:
        return None
    end = raw.find(b"\n", start)
    return start, end if end >= 0 else len(raw)


def log_value_fast(store: Store, query: str, day: str, value: float, note: str = "") -> tuple[dict[str, Any], bool] | None:
    """(the KPI's definition, whether a value was replaced), or None to use the TinyDB path.

    Raises MatchError for an unknown or ambiguous name, StoreError for a bad file.
    """
    with store.locked():
        raw = store.read_raw()
        # Every document is checked, but of the value columns only the one rewritten here is
        # parsed: the others go back byte for byte, and parsing ten years of them would double the cost.
        data, version = store.decode(raw, deep_values=False)
        if raw is None or version != store.schema_version:
            return None
        kpi_id, kpi = kpi_by_name([(int(i), doc) for i, doc in data["kpis"].items()], query)
        doc_id = str(kpi_id)
        old = data[VALUES_TABLE].get(doc_id)
        if old is not None:
            store.check_values(doc_id, old)
        span = _line_span(raw, VALUES_TABLE, doc_id) if old is not None else None
        if span is None:
            return None
        start, end = span
        last = raw[end - 1 : end] != b","
        if raw[start:end] != doc_line(doc_id, old, last).encode("utf-8"):
            return None  # not the canonical layout: let TinyDB rewrite the whole file
        new, replaced = with_value(old, day, value, note)
        store.commit_raw(raw[:start] + doc_line(doc_id, new, last).encode("utf-8") + raw[end:])
        from . import journal  # one day's value, not the whole column: logging stays cheap

        change = journal.value_change(doc_id, day, old, new)
        journal.record(store.path, [change], journal.describe([change], data))
        return kpi, replaced
