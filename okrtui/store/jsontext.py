"""Reading JSON that someone else may have written: one rule for the store, values files,
journals and the merge driver's inputs.

- A key written twice in one object is refused (RepeatedKey): JSON's "last one wins" would let
  a reader that takes the first (another tool, or a reader of only part of the file) see other
  data than the checks saw.
- A number that reads as 0 only by underflow (`1e-400`) is refused (Underflow).
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # see storage.py
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
