"""`okrtui log` without TinyDB, at a cost that does not grow with the store.

Logging a value parses only the head of the store file (its meta and KPI definitions, which
come before the objectives in the canonical layout), and appends or replaces the last line
of the one KPI's values file (valuefiles.py), under the store's lock. It does so only for a
store file whose exact bytes passed every check (remembered after the first time, see
Store.checked_before) and a values file whose every line has the canonical shape; anything else (older days, a file edited by
hand or left with git's conflict markers, an older schema) returns None, and the caller
takes the ordinary path, which reads and checks everything and refuses what does not fit.
"""

from __future__ import annotations

import json
import re

from .kpilog import kpi_by_name
from .errors import StoreError
from .codec import SCHEMA_VERSION
from .storage import Store
from . import files, codec, valuefiles
from .values import cell

TYPE_CHECKING = False  # see storage.py
if TYPE_CHECKING:
    from typing import Any

HEAD = b'{\n"meta":{\n'
OBJECTIVES = b'\n"objectives":{\n'
END = b"\n}\n"
# A values file every line of which has the shape valuefiles.encode writes (no conflicts line):
# the fast path appends to nothing else (re costs nothing here: argparse has imported it).
_TEXT = rb'"(?:[^"\\\n]|\\[^\n])*"'
_LINE = rb'"\d{4}-\d\d-\d\d":(?:-?\d[\d.eE+-]*|\[-?\d[\d.eE+-]*,' + _TEXT + rb'(?:,' + _TEXT + rb')?\])'
CANONICAL = re.compile(rb"\{\n(?:" + _LINE + rb",\n)*" + _LINE + rb"\n\}\n")
EMPTY = b"{\n}\n"  # valuefiles.encode of no values


def definitions(raw: bytes | None) -> dict[str, Any] | None:
    """The meta and kpis tables from the head of a canonical store file (one that passed every
    check: they are not checked again here); None when the file is not in that layout."""
    if raw is None or not raw.startswith(HEAD):
        return None
    marker = raw.find(OBJECTIVES)
    head = raw[:marker].rstrip() if marker > 0 else b""
    if not head.endswith(b","):
        return None
    try:
        data = codec.loads(head[:-1] + b"\n}")
        schema = data["meta"]["1"]["schema"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    return data if schema == SCHEMA_VERSION and isinstance(data.get("kpis"), dict) else None


def _last_entry(raw: bytes) -> tuple[int, str, list] | None:
    """(where the last line starts, its day, [value, note(, by)]) of a canonical values file ending in a value."""
    if not raw.endswith(END):
        return None
    start = raw.rfind(b"\n", 0, len(raw) - len(END)) + 1
    line = raw[start : len(raw) - len(END)]
    if start <= 0 or line[:1] != b'"' or line[11:13] != b'":':
        return None
    day = line[1:11].decode("ascii", "replace")
    try:
        value, note, by = valuefiles.value_and_note(day, json.loads(line[13:]))
    except (ValueError, RecursionError):
        return None
    return start, day, cell(value, note, by)


def log_value_fast(store: Store, query: str, day: str, value: float, note: str = "",
                   by: str = "") -> tuple[dict[str, Any], bool] | None:
    """(the KPI's definition, whether a value was replaced), or None to use the ordinary path.
    by: who logs it ("" unknown).

    Raises MatchError for an unknown or ambiguous name, StoreError for a bad file.
    """
    with store.locked():
        raw = store.read_raw()
        if raw is None:
            return None
        # Only bytes the whole check passed (strictly parsed, so with no table written twice,
        # which would let the head read here differ from what the check saw): checked now, once,
        # and remembered, or the check cache says so.
        if not store.checked_before(raw):
            store.decode(raw)
            if not store.checked_before(raw):  # no cache folder: nothing to rely on next time either
                return None
        data = definitions(raw)
        if data is None:
            return None
        kpi_id, kpi = kpi_by_name([(int(i), doc) for i, doc in data["kpis"].items()], query)
        if not codec.is_uid(kpi.get("uid")):  # checked, so never; but a uid is never a path
            raise StoreError(store.path, f"cannot be used: KPI {kpi_id} has no valid uid naming its values file")
        path = valuefiles.file_in(store.values_folder, kpi["uid"])
        try:
            raw = files.read_limited(path, files.VALUES_LIMIT)
        except FileNotFoundError:
            raw = EMPTY  # the KPI's first value
        except files.FileRefused as exc:
            raise StoreError(store.path, f"cannot be used: {exc}") from None
        except OSError as exc:
            raise StoreError(store.path, f"cannot be used: {path} cannot be read: {exc.strerror or exc}") from None
        entry = valuefiles.entry_line(day, value, note, by).encode("utf-8")
        if raw == EMPTY:
            store.refuse_lost_values_file(path)
            store.make_values_folder()
            payload, before = b"{\n" + entry + END, None
        else:
            last = _last_entry(raw) if CANONICAL.fullmatch(raw) else None
            if last is None or day < last[1]:
                return None  # an older day, conflicts, or a hand-edited file: the ordinary path
            start, last_day, last_value = last
            if day == last_day:
                payload, before = raw[:start] + entry + END, last_value
            else:
                payload, before = raw[: len(raw) - len(END)] + b",\n" + entry + END, None
        store.replace_file(path, payload)
        from . import journal  # one day's value, not the whole column: logging stays cheap

        change = journal.value_change(str(kpi_id), day, before, cell(value, note, by))
        journal.record(store.path, [change], journal.describe([change], data))
        return kpi, before is not None
