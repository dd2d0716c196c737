"""The store's bytes: the canonical JSON layout (one line per table header and per document),
ids in order, hashing, and reading JSON that someone else may have written: one rule for the
store, values files, journals and the merge driver's inputs.

- A key written twice in one object is refused (RepeatedKey): JSON's "last one wins" would let
  a reader that takes the first (another tool, or a reader of only part of the file) see other
  data than the checks saw.
- A number that reads as 0 only by underflow (`1e-400`) is refused (Underflow).
"""

from __future__ import annotations

import json
from datetime import date

from ..domain.safetext import shortened

# typing.TYPE_CHECKING without importing typing, which costs `okrtui log` about 5 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Underflow(ValueError):
    pass


class RepeatedKey(ValueError):
    pass


def stored_float(text: str) -> float:
    """A JSON number from a file: one that only reads as 0 by underflow (1e-400) is refused."""
    value = float(text)
    if value == 0.0 and any(c in "123456789" for c in text.lower().partition("e")[0]):
        raise Underflow(text[:40])
    return value


def may_underflow(raw: bytes) -> bool:
    """Only a negative exponent can read as 0 by underflow: without one, json's own float parsing
    (much faster than a hook called for each of a team store's numbers) is safe."""
    return b"e-" in raw or b"E-" in raw


def short_key(key: str) -> str:
    return repr(key if len(key) <= 40 else key[:39] + "…")


def no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise RepeatedKey(f"the key {short_key(repeated)} appears twice in one object")
    return out


def loads(raw: bytes | str, strict: bool = True) -> Any:
    """Parse JSON by the rule above (strict=False: only the underflow rule, for bytes that passed
    the strict parse before). Raises ValueError (RepeatedKey, Underflow, JSONDecodeError) or
    RecursionError."""
    floats = stored_float if may_underflow(raw if isinstance(raw, bytes) else raw.encode("utf-8", "replace")) else None
    if strict:
        return json.loads(raw, parse_float=floats, object_pairs_hook=no_repeated_keys)
    return json.loads(raw, parse_float=floats)


CONFLICT_MARKERS = (b"<<<<<<< ", b"\n<<<<<<< ", b"\n=======\n", b"\n>>>>>>> ")


def has_conflict_markers(raw: bytes) -> bool:
    """git left its conflict markers in the file (a merge without the driver, or one that failed)."""
    return raw.startswith(b"<<<<<<< ") or any(marker in raw for marker in CONFLICT_MARKERS[1:])


APP_NAME = "okrtui"
SCHEMA_VERSION = 2  # what this version writes; older ones are migrated (storage.MIGRATIONS)
TABLES = ("meta", "kpis", "objectives", "conflicts")  # in the file in this order (log reads up to objectives)


def dumps(value: Any) -> str:
    # ensure_ascii=False keeps Chinese titles readable in the file; compact separators halve the size.
    # JSON escapes control characters inside strings, so a document never spans two lines.
    # Sorted keys: the same document is always the same bytes, whoever wrote it.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def id_order(doc_id: str) -> tuple[int, str]:
    return (len(doc_id), doc_id)  # numeric order for the digit ids the schema allows


def doc_line(doc_id: str, doc: dict[str, Any], last: bool) -> str:
    return f"{dumps(str(doc_id))}:{dumps(doc)}" + ("" if last else ",")


def encode(data: dict[str, Any]) -> bytes:
    """The canonical layout: a line per table header and a line per document.

        {
        "kpis":{
        "1":{"name":"Web traffic",...},
        "2":{...}
        },
        ...
        }
    """
    lines = ["{"]
    names = [name for name in TABLES if name in data] + sorted(name for name in data if name not in TABLES)
    for t, name in enumerate(names):
        lines.append(f"{dumps(name)}:{{")
        table = data[name]
        ids = sorted(table, key=id_order)
        lines.extend(doc_line(doc_id, table[doc_id], d == len(ids) - 1) for d, doc_id in enumerate(ids))
        lines.append("}" if t == len(names) - 1 else "},")
    lines.append("}")
    return "\n".join(lines).encode("utf-8")


def layout(raw: bytes) -> dict[str, dict[str, bytes]] | None:
    """Each table's documents as their lines (`"3":{...}`, without the comma that follows), by
    id, for a file in the canonical layout (encode); None for any other. A table or an id written
    twice raises RepeatedKey: in this layout that is all a repeated key outside a document can be."""
    lines = raw.split(b"\n")
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) < 2 or lines[0] != b"{" or lines[-1] != b"}":
        return None
    tables: dict[str, dict[str, bytes]] = {}
    docs: dict[str, bytes] | None = None
    for line in lines[1:-1]:
        if docs is None:  # a table's header: "name":{
            name = line[1:-3]
            if not (line.startswith(b'"') and line.endswith(b'":{') and name.isascii() and name.replace(b"_", b"").isalnum()):
                return None
            if name.decode() in tables:
                raise RepeatedKey(f"the table {name.decode()!r} appears twice")
            docs = tables[name.decode()] = {}
        elif line in (b"}", b"},"):
            docs = None
        else:
            quote = line.find(b'":{', 1)
            doc_id = line[1:quote]
            if line[:1] != b'"' or quote < 0 or not doc_id.isdigit():
                return None
            if doc_id.decode() in docs:
                raise RepeatedKey(f"document {doc_id.decode()} appears twice in one table")
            docs[doc_id.decode()] = line[:-1] if line.endswith(b",") else line
    return tables if docs is None else None


def blake2b(data: bytes, **kwargs):
    try:
        from _blake2 import blake2b as hasher  # hashlib would load OpenSSL first: 3 ms on every command
    except ImportError:  # pragma: no cover
        from hashlib import blake2b as hasher
    return hasher(data, **kwargs)


def short_repr(value: Any) -> str:
    return shortened(repr(value), 40, "...")


def is_day(text: str) -> bool:
    """YYYY-MM-DD and a real day (date.fromisoformat alone also takes 2026-W01-1 and 20261101xx)."""
    if len(text) != 10 or not text.isascii() or text[4] != "-" or text[7] != "-":
        return False
    if not (text[:4] + text[5:7] + text[8:]).isdigit():
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


HEX_DIGITS = frozenset("0123456789abcdef")


def is_uid(text: Any) -> bool:
    return type(text) is str and len(text) == 12 and HEX_DIGITS.issuperset(text)
