"""Every document of a store checked against the schema before anything uses it.

A store may be hand-edited, damaged, or someone else's: every field that
later code reads is checked here for its type, range and form, so that no
stored value can make a view or a command fail. The first problem is
reported with its table, document id and field, in words.

Unknown fields and tables are left alone (kept, never read). No TinyDB, no
regexes compiled for the `okrtui log` path.
"""

from __future__ import annotations

from datetime import datetime

from ..domain.vocabulary import (
    CADENCES,
    DIRECTIONS,
    INITIATIVE_STATUSES,
    KR_KINDS,
    KR_TYPES,
    OBJECTIVE_KINDS,
    CHECKIN_CADENCES,
    FROZEN_FIELDS,
    KR_FIELD,
    OBJECTIVE_STATUSES,
    ROLLUPS,
)
from ..domain.parsing import MAGNITUDE_TEXT, in_range, is_valid_text
from . import legacy
from .codec import is_day, is_uid, short_repr
from .errors import SchemaProblem

TYPE_CHECKING = False  # see storage.py
if TYPE_CHECKING:
    from typing import Any

MAX_ID_DIGITS = 15


class _Doc:
    """Field checks on one document, each naming the field in its error."""

    def __init__(self, table: str, doc_id: str, doc: dict[str, Any], prefix: str = ""):
        self.table, self.doc_id, self.doc, self.prefix = table, doc_id, doc, prefix

    def fail(self, field: str, problem: str) -> SchemaProblem:
        where = f"table {self.table!r}, document {self.doc_id}"
        return SchemaProblem(f"{where}, field {self.prefix}{field}: {problem}")

    def child(self, doc: Any, prefix: str) -> _Doc:
        if not isinstance(doc, dict):
            raise self.fail(prefix.rstrip("."), f"must be an object, not {_kind(doc)}")
        return _Doc(self.table, self.doc_id, doc, self.prefix + prefix)

    def text(self, field: str, required: bool = False) -> str:
        value = self.doc.get(field, None if required else "")
        if not isinstance(value, str):
            raise self.fail(field, f"must be text, not {_kind(value)}")
        if not is_valid_text(value):
            raise self.fail(field, "is not valid Unicode text")
        return value

    def choice(self, field: str, choices: tuple[str, ...], default: str) -> str:
        value = self.doc.get(field, default)
        if value not in choices:
            raise self.fail(field, f"must be one of {', '.join(choices)}, not {short_repr(value)}")
        return value

    def number(self, field: str, default: Any = None, optional: bool = False) -> float | None:
        """A finite number within the range; `default` when absent (None and not optional: required)."""
        value = self.doc.get(field, default)
        if value is None:
            if optional:
                return None
            raise self.fail(field, "is missing" if field not in self.doc else "must be a number, not null")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(field, f"must be a number, not {_kind(value)}")
        if not (abs(value) <= 1e15 if isinstance(value, int) else in_range(value)):
            raise self.fail(field, f"must be a finite number within {MAGNITUDE_TEXT}, not {short_repr(value)}")
        return float(value)

    def integer(self, field: str, low: int, high: int, optional: bool = True) -> int | None:
        value = self.doc.get(field)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(field, f"must be a whole number from {low} to {high}, not {short_repr(value)}")
        return value

    def iso_date(self, field: str, optional: bool = True) -> None:
        value = self.doc.get(field)
        if value is None and optional:
            return
        if not isinstance(value, str) or not is_day(value):
            raise self.fail(field, f"must be a date YYYY-MM-DD, not {short_repr(value)}")

    def items(self, field: str) -> list[Any]:
        value = self.doc.get(field, [])
        if not isinstance(value, list):
            raise self.fail(field, f"must be a list, not {_kind(value)}")
        return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def is_period_key(text: Any) -> bool:
    """A stored period: 2026-Q4 or 2026-01-01..2026-03-31 (the canonical keys Period.key writes)."""
    if not isinstance(text, str) or not text.isascii():
        return False
    if len(text) == 7 and text[4:6] == "-Q":
        return text[:4].isdigit() and text[:4] != "0000" and text[6] in "1234"
    start, dots, end = text.partition("..")
    return bool(dots) and is_day(start) and is_day(end) and start <= end


def check_doc_id(table: str, doc_id: str) -> None:
    if not (doc_id.isascii() and doc_id.isdigit() and doc_id[0] != "0" and len(doc_id) <= MAX_ID_DIGITS):
        raise SchemaProblem(f"table {table!r}: document id {short_repr(doc_id)} is not a positive whole number")


def check_objective(doc_id: str, doc: dict[str, Any]) -> None:
    d = _Doc("objectives", doc_id, doc)
    if not d.text("title", required=True).strip():
        raise d.fail("title", "is empty")
    if not is_period_key(doc.get("period")):
        raise d.fail("period", f"must be a period such as 2026-Q4 or 2026-01-01..2026-03-31, not {short_repr(doc.get('period'))}")
    for name in ("why", "owner", "team"):
        d.text(name)
    d.choice("kind", OBJECTIVE_KINDS, "committed")
    d.choice("status", OBJECTIVE_STATUSES, "draft")
    d.integer("parent", 1, 10**MAX_ID_DIGITS)
    d.integer("parent_kr", 1, 10**6)
    d.choice("rollup", ROLLUPS, "krs")
    d.choice("checkin_every", tuple(CHECKIN_CADENCES), "weekly")
    weight = d.number("weight", 1.0)
    if weight is not None and weight <= 0:
        raise d.fail("weight", "must be more than 0")
    d.integer("carried_from", 1, 10**MAX_ID_DIGITS)
    d.integer("carried_into", 1, 10**MAX_ID_DIGITS)
    if "uid" in doc and not is_uid(doc["uid"]):
        raise d.fail("uid", f"must be 12 hex digits, not {short_repr(doc['uid'])}")
    d.integer("seeded_from", 1, 10**MAX_ID_DIGITS)
    numbers: set[int] = set()
    for index, kr_doc in enumerate(d.items("key_results")):
        _check_key_result(d.child(kr_doc, f"key_results[{index}]."), kr_doc, numbers)
    for index, initiative_doc in enumerate(d.items("initiatives")):
        initiative = d.child(initiative_doc, f"initiatives[{index}].")
        initiative.text("title", required=True)
        initiative.choice("status", INITIATIVE_STATUSES, "todo")
    review = d.child(doc.get("review") or {}, "review.")
    grade = review.number("grade", optional=True)
    if grade is not None and not 0 <= grade <= 1:
        raise review.fail("grade", f"must be from 0.0 to 1.0, not {grade!r}")
    review.text("note")
    review.text("by")
    review.iso_date("closed")
    if "next_kr" in doc:
        d.integer("next_kr", 1, 10**6, optional=False)
    _check_plan(d, doc)


def _check_plan(d: _Doc, doc: dict[str, Any]) -> None:
    """The frozen plan and the changes made to it since (planlog.py), when there are any."""
    if doc.get("plan") is not None:
        plan = d.child(doc["plan"], "plan.")
        plan.iso_date("day", optional=False)
        krs = plan.child(doc["plan"].get("key_results") or {}, "key_results.")
        for number, kr_doc in krs.doc.items():
            if not (number.isascii() and number.isdigit() and len(number) <= 7 and number[0] != "0"):
                raise krs.fail(short_repr(number), "must be a key result's number")
            kr = krs.child(kr_doc, f"{number}.")
            kr.number("start", 0.0)
            kr.number("target", 1.0)
            if kr.number("weight", 1.0) <= 0:
                raise kr.fail("weight", "must be more than 0")
            kr.choice("type", KR_TYPES, "reach")
            kr.iso_date("due")
            if not 0 < kr.number("hold", 1.0) <= 1:
                raise kr.fail("hold", "must be a share more than 0 and at most 1")
    for index, change_doc in enumerate(d.items("changes")):
        change = d.child(change_doc, f"changes[{index}].")
        record = change.text("record", required=True)
        objective_id, dot, number = record.partition(".")
        if not (dot and objective_id.isascii() and objective_id.isdigit() and number.isascii() and number.isdigit()):
            raise change.fail("record", f"must name a key result such as 3.1, not {short_repr(record)}")
        change.choice("field", (*FROZEN_FIELDS, KR_FIELD), "")
        for side in ("from", "to"):
            if isinstance(change_doc.get(side), str):
                change.text(side)
            else:
                change.number(side, optional=True)
        change.text("by")
        at = change_doc.get("at")
        if not isinstance(at, str) or not _is_timestamp(at):
            raise change.fail("at", f"must be a time YYYY-MM-DDTHH:MM:SS, not {short_repr(at)}")


def _check_key_result(kr: _Doc, kr_doc: dict[str, Any], numbers: set[int]) -> None:
    """One key result of an objective; numbers: the key-result numbers seen so far in it."""
    number = kr.integer("n", 1, 10**6, optional=False)
    if number in numbers:
        raise kr.fail("n", f"key result number {number} is used twice")
    numbers.add(number)
    kr.text("title", required=True)
    kr.choice("kind", KR_KINDS, "number")
    kr.number("start", 0.0)
    kr.number("target", 1.0)
    kr.number("current", optional=True)
    weight = kr.number("weight", 1.0)
    if weight is not None and weight <= 0:
        raise kr.fail("weight", "must be more than 0")
    kr.text("unit")
    kr.iso_date("due")
    kr.integer("confidence", 0, 10)
    kr.integer("kpi", 1, 10**MAX_ID_DIGITS)
    kr.choice("type", KR_TYPES, "reach")
    if kr_doc.get("direction") is not None:
        kr.choice("direction", DIRECTIONS, "up")
    kr.text("followed")
    kr.iso_date("added")
    kr.text("owner")
    _check_hold(kr, optional=False)
    kr.integer("guard", 1, 10**MAX_ID_DIGITS)
    checkins = kr.items("checkins")
    if _plain_checkins(checkins):  # one fast pass over every check-in okrtui writes
        return
    for c_index, checkin_doc in enumerate(checkins):
        if not _plain_checkin(checkin_doc):
            checkin = kr.child(checkin_doc, f"checkins[{c_index}].")
            at = checkin_doc.get("at")
            if not isinstance(at, str) or not _is_timestamp(at):
                raise checkin.fail("at", f"must be a time YYYY-MM-DDTHH:MM:SS, not {short_repr(at)}")
            checkin.number("value")
            checkin.integer("confidence", 0, 10)
            checkin.text("note")
            checkin.text("by")


def _plain_checkins(items: list[Any]) -> bool:
    """True when every check-in of a list has the form okrtui writes, tested in one loop without
    building messages (a team's store holds tens of thousands). False: check_objective looks
    closer and names the problem."""
    parse = datetime.fromisoformat
    try:
        for doc in items:
            if type(doc) is not dict:
                return False
            at, value, confidence, note = doc.get("at"), doc.get("value"), doc.get("confidence"), doc.get("note", "")
            if type(at) is not str or len(at) != 19 or not at.isascii():
                return False
            parse(at)
            kind = type(value)
            if not (kind is float and -1e15 <= value <= 1e15 or kind is int and -10**15 <= value <= 10**15):
                return False
            if confidence is not None and not (type(confidence) is int and 0 <= confidence <= 10):
                return False
            if type(note) is not str or not (note.isascii() or is_valid_text(note)):
                return False
            by = doc.get("by", "")
            if type(by) is not str or len(by) > 80 or not (by.isascii() and by.isprintable() or is_valid_text(by)):
                return False
    except ValueError:
        return False
    return True


def _plain_checkin(doc: Any) -> bool:
    """One check-in by _plain_checkins' test; False: look closer and name the problem."""
    return _plain_checkins([doc])


def _is_timestamp(text: str) -> bool:
    if not text.isascii() or not 10 <= len(text) <= 32:
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _plain_kpi(doc: dict[str, Any]) -> bool:
    """True for a well-formed KPI, checked without building messages (`okrtui log` checks every
    definition on each call). False: check_kpi looks closer and names the problem."""
    name, unit, category, owner = doc.get("name"), doc.get("unit", ""), doc.get("category", ""), doc.get("owner", "")
    if not (type(name) is str and type(unit) is str and type(category) is str and type(owner) is str and name.strip()):
        return False
    if not (is_valid_text(name) and is_valid_text(unit) and is_valid_text(category) and is_valid_text(owner)):
        return False
    if doc.get("direction", "up") not in DIRECTIONS or doc.get("cadence", "daily") not in CADENCES:
        return False
    for field in ("target", "warn", "crit"):
        value = doc.get(field)
        if value is not None and not (type(value) is float and -1e15 <= value <= 1e15
                                      or type(value) is int and -10**15 <= value <= 10**15):
            return False
    hold = doc.get("hold")
    if hold is not None and not (type(hold) in (int, float) and 0 < hold <= 1):
        return False
    return is_uid(doc.get("uid"))


def check_kpi(doc_id: str, doc: dict[str, Any]) -> None:
    if _plain_kpi(doc):
        return
    d = _Doc("kpis", doc_id, doc)
    if not d.text("name", required=True).strip():
        raise d.fail("name", "is empty")
    d.text("unit")
    d.text("category")
    d.text("owner")
    d.choice("direction", DIRECTIONS, "up")
    d.choice("cadence", CADENCES, "daily")
    for name in ("target", "warn", "crit"):
        d.number(name, optional=True)
    _check_hold(d, optional=True)
    if not is_uid(doc.get("uid")):
        raise d.fail("uid", f"must be 12 hex digits naming the KPI's values file, not {short_repr(doc.get('uid'))}")


def _check_hold(d: _Doc, optional: bool) -> None:
    """The share of measurements that must hold a level (domain/budget.py): more than 0, at most 1."""
    hold = d.number("hold", None if optional else 1.0, optional=optional)
    if hold is not None and not 0 < hold <= 1:
        raise d.fail("hold", f"must be a share more than 0 and at most 1, not {hold!r}")


def check_kpi_values(doc_id: str, doc: dict[str, Any], deep: bool = True) -> None:
    """A `kpi_values` document in schema 1's packed form (legacy.py: a store not yet migrated, an
    undo journal's line): the column's form, dates and numbers (deep), and the notes."""
    d = _Doc("kpi_values", doc_id, doc)
    packed = doc.get("values", "")
    if not isinstance(packed, str):
        raise d.fail("values", f"must be packed text 'date value;value;...', not {_kind(packed)}")
    if deep:
        try:
            legacy.check(packed)
        except ValueError as exc:
            raise d.fail("values", str(exc)) from None
    notes = doc.get("notes", {})
    if not isinstance(notes, dict):
        raise d.fail("notes", f"must be an object of date: note, not {_kind(notes)}")
    for day, note in notes.items():
        if not is_day(day):
            raise d.fail("notes", f"{short_repr(day)} is not a date YYYY-MM-DD")
        if not isinstance(note, str) or not is_valid_text(note):
            raise d.fail(f"notes[{day}]", "must be text")
    who = doc.get("by", {})
    if not isinstance(who, dict):
        raise d.fail("by", f"must be an object of date: name, not {_kind(who)}")
    for day, name in who.items():
        if not is_day(day) or not isinstance(name, str) or not name.strip() or not is_valid_text(name):
            raise d.fail("by", f"{short_repr(day)} must be a date naming who recorded its value")


def check_documents(data: dict[str, Any], deep_values: bool = True, checked: frozenset[str] = frozenset()) -> None:
    """Raise SchemaProblem for the first document that does not fit; deep_values=False skips unpacking
    value columns; `checked`: ids of objectives whose exact text passed before (Store keeps them)."""
    for table, check in (("objectives", check_objective), ("kpis", check_kpi)):
        for doc_id, doc in data[table].items():
            check_doc_id(table, doc_id)
            if table == "objectives" and doc_id in checked:
                continue
            check(doc_id, doc)
    uids: dict[str, str] = {}
    for doc_id, doc in data["kpis"].items():
        if doc["uid"] in uids:
            raise SchemaProblem(f"table 'kpis': KPIs {uids[doc['uid']]} and {doc_id} name the same values file {doc['uid']}")
        uids[doc["uid"]] = doc_id
    uids = {}
    for doc_id, doc in data["objectives"].items():  # a copy made by hand: a merge would take the two for one
        if "uid" in doc and doc["uid"] in uids:
            raise SchemaProblem(f"table 'objectives': objectives {uids[doc['uid']]} and {doc_id} have the same uid"
                                f" {doc['uid']} (give one a new uid, or remove its uid field)")
        uids[doc.get("uid", f"#{doc_id}")] = doc_id
    for doc_id in data["conflicts"]:
        check_doc_id("conflicts", doc_id)
    for doc_id, doc in data.get("kpi_values", {}).items():  # only in a store migrated from schema 1
        check_doc_id("kpi_values", doc_id)
        check_kpi_values(doc_id, doc, deep_values)


def check_unicode(data: Any) -> None:
    """Refuse text (keys included) with lone surrogates anywhere, known fields or not: such a
    store could be read but never written back. Iterative, so depth costs no recursion; a node's
    path is put together only for the problem found (each node keeps a link to its parent), so
    memory stays in proportion to the data, whatever its keys' lengths."""
    stack: list[tuple[Any, Any, Any]] = [(None, "", data)]  # (parent link, step, node)
    while stack:
        link, step, node = stack.pop()
        here = (link, step)
        if isinstance(node, dict):
            for key, value in node.items():
                if not is_valid_text(key):
                    where = _path_of(here)
                    raise SchemaProblem(f"at {printable_path(where) if where else 'the top'}: a key is not valid"
                                        " Unicode text")
                if isinstance(value, (dict, list, str)):
                    stack.append((here, f"/{key}", value))
        elif isinstance(node, list):
            stack.extend((here, i, value) for i, value in enumerate(node) if isinstance(value, (dict, list, str)))
        elif isinstance(node, str) and not is_valid_text(node):
            raise SchemaProblem(f"at {printable_path(_path_of(here))}: text is not valid Unicode")


def _path_of(here: Any) -> str:
    """The path of a node from its parent links ("/objectives/3/key_results[0]/title")."""
    steps = []
    while here is not None:
        here, step = here
        steps.append(f"[{step}]" if isinstance(step, int) else step)
    return "".join(reversed(steps))[:400]


def printable_path(where: str) -> str:
    return where[:80].encode("utf-8", "backslashreplace").decode("utf-8")
