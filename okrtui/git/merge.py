"""Three-way merges of okrtui stores by record: the rules of the git merge driver.

Both sides are merged against their common base, record by record, never line by line:

- Records are KPIs and objectives by their uid (so an id reused after a delete is a new
  record), key results by their number, check-ins by their
  time, initiatives by their title, and (in a values file) KPI values by date. Any field
  of any record merges on its own.
- A field changed on one side only takes that side. Records added on either side are kept.
  A record deleted on one side and unchanged on the other is deleted.
- New KPIs, objectives or key results that got the same id on both sides all survive: the
  other side's (already shared) keep their ids, and the ones from this side are renumbered
  after the highest id, references to them included. Every renumbering is reported.
- A true conflict (the same field, or the same KPI on the same day, changed differently
  on both sides) is settled by one rule: **the other side wins** (during `git pull` or
  `okrtui sync` that is the version already pushed; yours is the one merged in later).
  The value that lost is kept in a conflict record, shown by `okrtui check`, `okrtui
  status`, `okrtui conflicts` and the TUI until someone dismisses it.
- A record deleted on one side and changed on the other is kept, with the change, and
  that is recorded too. Nothing is dropped without a record.

"Ours" is the version being merged into (git's %A), "theirs" the one merged in (%B).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ..store.codec import id_order

MISSING = object()
# Lists of records inside an objective, and the field that identifies each record.
# A frozen plan's change records (store/planlog.py) are whole records too: both sides' are kept.
KEYED_LISTS = {"key_results": "n", "checkins": "", "initiatives": "title", "changes": ""}  # "": by the whole record
REFERENCES = {"kpis": (), "objectives": ("parent", "carried_from", "carried_into", "seeded_from")}
RECORD_WORDS = {"kpis": "KPI", "objectives": "objective"}


class MergeRefused(ValueError):
    """The two sides cannot be merged by record (for example, different store schemas)."""


class Merger:
    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []  # conflict records to add to the store
        self.messages: list[str] = []  # what to tell the person merging

    def note(self, kind: str, where: str, kept: Any = MISSING, other: Any = MISSING, **extra: Any) -> None:
        record: dict[str, Any] = {"kind": kind, "where": where}
        if kept is not MISSING:
            record["kept"] = _plain(kept)
        if other is not MISSING:
            record["other"] = _plain(other)
        record.update(extra)
        self.notes.append(record)

    # -- values of any kind --------------------------------------------------------------
    def value(self, base: Any, ours: Any, theirs: Any, where: str, field: str = "") -> Any:
        settled = _one_side(base, ours, theirs)
        if settled is not UNSETTLED:
            return settled
        if field == "plan" and isinstance(ours, dict) and isinstance(theirs, dict) and not isinstance(base, dict):
            return self._first_plan(ours, theirs, where)
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.fields(base if isinstance(base, dict) else {}, ours, theirs, where)
        if field in KEYED_LISTS and self._keyed(ours, field) and self._keyed(theirs, field):
            return self.records(base if self._keyed(base, field) else [], ours, theirs, where, field)
        if field == "next_kr" and isinstance(ours, int) and isinstance(theirs, int):
            return max(ours, theirs)
        self.note("conflict", where, _plain(theirs), _plain(ours))
        return theirs

    def fields(self, base: dict, ours: dict, theirs: dict, where: str) -> dict:
        out = {}
        for key in sorted(set(ours) | set(theirs) | set(base), key=str):
            b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
            merged = self.value(b, o, t, f"{where} {key}", key)
            if merged is not MISSING:
                out[key] = merged
        return out

    def _first_plan(self, ours: dict, theirs: dict, where: str) -> dict:
        """Both sides froze the plan (each at its first write after the period began): the one frozen
        first is the plan as it was (theirs on the same day); the other is kept in a record."""
        first = ours if str(ours.get("day", "")) < str(theirs.get("day", "")) else theirs
        self.note("kept", where, first, ours if first is theirs else theirs,
                  message="frozen on both sides: the plan frozen first is kept")
        return first

    @staticmethod
    def _keyed(items: Any, field: str) -> bool:
        key = KEYED_LISTS[field]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return False
        if not key:
            return True
        if not all(_hashable(i.get(key)) for i in items):
            return False
        return len({i.get(key) for i in items}) == len(items)

    @staticmethod
    def _by_key(items: list, key: str) -> dict:
        """Records by their key; with no key field (check-ins), by the whole record, so two
        check-ins made in the same second are two records, and a check-in is never half merged."""
        if key:
            return {i.get(key): i for i in items}
        out: dict = {}
        seen: dict[str, int] = {}
        for item in items:
            text = json.dumps(item, sort_keys=True, ensure_ascii=False)
            seen[text] = seen.get(text, -1) + 1
            out[(text, seen[text])] = item
        return out

    def records(self, base: list, ours: list, theirs: list, where: str, field: str) -> list:
        """Lists of records by their identifying field (key results by n, check-ins by content...)."""
        key = KEYED_LISTS[field]
        b, o, t = self._by_key(base, key), self._by_key(ours, key), self._by_key(theirs, key)
        if field == "key_results":
            o = self._renumber_key_results(b, o, t, where)
        merged = {}
        word = {"key_results": "key result", "checkins": "check-in", "initiatives": "initiative",
                "changes": "plan change"}[field]
        for k in list(t) + [k for k in o if k not in t] + [k for k in b if k not in t and k not in o]:
            ours_kr = o.get(k)
            if field == "key_results":
                ours_kr = self._without_derived_clash(b.get(k), ours_kr, t.get(k))
            label = k if key else str(t.get(k, o.get(k, b.get(k))).get("at", ""))
            result = self.record(b.get(k), ours_kr, t.get(k), f"{where} {word} {label}")
            if result is not None:
                merged[k] = result
        items = list(merged.values())
        if field == "changes":  # the same change recorded twice (two clones merged it) is one change
            items = list({json.dumps(i, sort_keys=True, ensure_ascii=False): i for i in items}.values())
        if field in ("key_results", "checkins", "changes"):
            order = key or "at"
            items.sort(key=lambda i: (str(type(i.get(order))), str(i.get(order)) if not key else i.get(order)))
        if field == "key_results":
            for kr in items:
                self._follow_latest_checkin(b.get(kr.get(key)), kr)
        return items

    def record(self, base: Any, ours: Any, theirs: Any, where: str) -> Any:
        """One record (None: absent) merged; delete against change keeps the change."""
        settled = _one_side(base, ours, theirs)
        if settled is not UNSETTLED:
            return settled
        if ours is None or theirs is None:
            kept = theirs if ours is None else ours
            self.note("kept", where, message="deleted on one side and changed on the other: kept, with the change")
            return kept
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.fields(base if isinstance(base, dict) else {}, ours, theirs, where)
        self.note("conflict", where, theirs, _plain(ours))
        return theirs

    def _renumber_key_results(self, b: dict, o: dict, t: dict, where: str) -> dict:
        """Key results added on both sides with the same number: ours move after the highest."""
        clashes = [n for n in o if n not in b and n in t and o[n] != t[n]]
        if not clashes:
            return o
        numbers = [n for n in list(b) + list(o) + list(t) if isinstance(n, int)]
        next_n = max(numbers, default=0) + 1
        out = dict(o)
        for n in clashes:
            kr = dict(out.pop(n))
            kr["n"] = next_n
            out[next_n] = kr
            self.messages.append(f"{where}: your new key result {n} is now {next_n}")
            self.note("renumbered", f"{where} key result {n}", was=n, now=next_n)
            next_n += 1
        return out

    @staticmethod
    def _without_derived_clash(base_kr: Any, ours_kr: Any, theirs_kr: Any) -> Any:
        """Both sides checked in: their `current` and `confidence` come from the newest check-in once
        the check-ins are merged, so they are not a conflict (ours takes theirs' until then)."""
        if not all(isinstance(kr, dict) for kr in (base_kr, ours_kr, theirs_kr)):
            return ours_kr
        if ours_kr.get("checkins") == base_kr.get("checkins") or theirs_kr.get("checkins") == base_kr.get("checkins"):
            return ours_kr
        return {**ours_kr, "current": theirs_kr.get("current"), "confidence": theirs_kr.get("confidence")}

    @staticmethod
    def _follow_latest_checkin(base_kr: Any, kr: dict) -> None:
        """A key result's current value (and confidence) are its newest check-in's."""
        checkins = kr.get("checkins")
        if not isinstance(checkins, list) or not checkins or not isinstance(checkins[-1], dict):
            return
        latest = checkins[-1]
        base_checkins = base_kr.get("checkins") if isinstance(base_kr, dict) else None
        if isinstance(base_checkins, list) and base_checkins and base_checkins[-1] == latest:
            return
        if "value" in latest:
            kr["current"] = latest["value"]
        if latest.get("confidence") is not None:
            kr["confidence"] = latest["confidence"]


UNSETTLED = object()


def _one_side(base: Any, ours: Any, theirs: Any) -> Any:
    """The merge when at most one side changed (or both the same way), else UNSETTLED."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    return UNSETTLED


def _hashable(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


# -- the store file ------------------------------------------------------------------------
def _ids(table: Any) -> set[str]:
    return set(table) if isinstance(table, dict) else set()


def _identity(doc_id: str, doc: Any) -> str:
    """Which record a document is: its uid, so an id reused after a delete is a new record."""
    uid = doc.get("uid") if isinstance(doc, dict) else None
    return uid if isinstance(uid, str) and uid else f"#{doc_id}"


def _align(base: dict, ours: dict, theirs: dict, merger: Merger) -> dict:
    """Ours with the ids the merge keeps: a record both sides have takes theirs' id, and ours'
    new records that clash with an id of theirs move after the highest (references follow)."""
    ours = copy.deepcopy(ours)
    for table in ("kpis", "objectives"):
        b, o, t = base.get(table, {}), ours.get(table, {}), theirs.get(table, {})
        theirs_ids = {_identity(i, d): i for i, d in t.items()}
        final: dict[str, str] = {}
        pending = []
        for doc_id, doc in sorted(o.items(), key=lambda item: id_order(item[0])):
            same = theirs_ids.get(_identity(doc_id, doc))
            if same is not None:
                final[doc_id] = same
            else:
                pending.append(doc_id)
        used = set(t) | set(final.values())
        highest = max((int(i) for i in _ids(b) | _ids(o) | _ids(t) if i.isdigit()), default=0)
        for doc_id in pending:
            if doc_id not in used:
                final[doc_id] = doc_id
            else:
                highest += 1
                final[doc_id] = str(highest)
                name = str(o[doc_id].get("title" if table == "objectives" else "name", ""))
                word = RECORD_WORDS[table]
                merger.messages.append(f"your new {word} {doc_id} {name[:60]!r} is now {word} {highest}"
                                       f" ({word} {doc_id} is the other side's)")
                merger.note("renumbered", f"{word} {doc_id}", was=int(doc_id), now=highest, name=name)
            used.add(final[doc_id])
        ours[table] = {final[i]: d for i, d in o.items()}
        moved = {int(i): int(n) for i, n in final.items() if i != n}
        if not moved:
            continue
        for doc in ours.get("objectives", {}).values():
            if not isinstance(doc, dict):
                continue
            if table == "kpis":
                for kr in doc.get("key_results") or []:
                    if isinstance(kr, dict) and not isinstance(kr.get("kpi"), bool) and kr.get("kpi") in moved:
                        kr["kpi"] = moved[kr["kpi"]]
            else:
                for field in REFERENCES["objectives"]:
                    if not isinstance(doc.get(field), bool) and doc.get(field) in moved:
                        doc[field] = moved[doc[field]]
    return ours


def _merge_table(base: dict, ours: dict, theirs: dict, word: str, merger: Merger) -> dict:
    """Records matched by identity (uid, else id); each keeps theirs' id, else ours' (aligned)."""
    sides = []
    for table in (base, ours, theirs):
        sides.append({_identity(i, d): (i, d) for i, d in table.items()} if isinstance(table, dict) else {})
    b, o, t = sides
    out = {}
    for identity in sorted(set(b) | set(o) | set(t)):
        doc_id = (t.get(identity) or o.get(identity) or b.get(identity))[0]
        doc = merger.record(b.get(identity, (0, None))[1], o.get(identity, (0, None))[1],
                            t.get(identity, (0, None))[1], f"{word} {doc_id}")
        if doc is not None:
            doc_id = t[identity][0] if identity in t else o[identity][0] if identity in o else doc_id
            out[doc_id] = doc
    return dict(sorted(out.items(), key=lambda item: id_order(item[0])))


def _conflict_records(base: dict, ours: dict, theirs: dict, new: list[dict[str, Any]]) -> dict[str, Any]:
    """The conflicts table: a record dismissed on one side is gone; theirs keep their ids."""
    def key(doc: Any) -> str:
        return json.dumps(doc, sort_keys=True, ensure_ascii=False)

    b, o, t = ({key(d) for d in side.get("conflicts", {}).values()} for side in (base, ours, theirs))
    out: dict[str, Any] = {}
    for doc_id, doc in sorted(theirs.get("conflicts", {}).items(), key=lambda item: id_order(item[0])):
        if key(doc) in o or key(doc) not in b:
            out[doc_id] = doc
    kept = {key(d) for d in out.values()}
    next_id = max((int(i) for i in out), default=0) + 1
    extra = [d for d in ours.get("conflicts", {}).values() if key(d) not in b and key(d) not in kept] + new
    for doc in extra:
        if key(doc) not in kept:
            out[str(next_id)] = doc
            kept.add(key(doc))
            next_id += 1
    return out


def merge_store(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The merged store data (decoded store files at the same schema) and what to report."""
    if _schema(ours) != _schema(theirs):
        raise MergeRefused("the two sides were written by different okrtui schemas: update okrtui on both and merge again")
    merger = Merger()
    ours = _align(base, ours, theirs, merger)
    merged: dict[str, Any] = {"meta": theirs.get("meta") or ours.get("meta") or base.get("meta") or {}}
    tables = sorted((set(ours) | set(theirs) | set(base)) - {"meta", "conflicts"})
    for table in tables:
        b, o, t = (side.get(table, {}) or {} for side in (base, ours, theirs))
        merged[table] = _merge_table(b, o, t, RECORD_WORDS.get(table, f"{table} record"), merger)
    _repair(merged, merger)
    merged["conflicts"] = _conflict_records(base, ours, theirs, merger.notes)
    for note in merger.notes:
        if note["kind"] != "renumbered":
            merger.messages.append(_note_words(note))
    return merged, merger.messages


def _schema(data: dict[str, Any]) -> Any:
    meta = (data.get("meta") or {}).get("1")
    return meta.get("schema") if isinstance(meta, dict) else None


def _repair(merged: dict[str, Any], merger: Merger) -> None:
    """What only the merged whole can show: key result numbers past next_kr, references to a
    record the other side deleted, two KPIs with one name. Fixed where safe, always recorded."""
    kpis, objectives = merged.get("kpis", {}), merged.get("objectives", {})
    for doc_id, doc in objectives.items():
        if not isinstance(doc, dict):
            continue
        numbers = [kr.get("n") for kr in doc.get("key_results") or [] if isinstance(kr, dict)]
        numbers = [n for n in numbers if isinstance(n, int) and not isinstance(n, bool)]
        if numbers and isinstance(doc.get("next_kr", 1), int) and doc.get("next_kr", 1) <= max(numbers):
            doc["next_kr"] = max(numbers) + 1
        for kr in doc.get("key_results") or []:
            if isinstance(kr, dict) and isinstance(kr.get("kpi"), int) and str(kr["kpi"]) not in kpis:
                merger.note("kept", f"key result {doc_id}.{kr.get('n')}",
                            message=f"followed KPI {kr['kpi']}, which the other side deleted: it no longer follows it")
                kr["followed"] = f"followed KPI {kr['kpi']}, deleted in a merge"
                kr["kpi"] = None
            if isinstance(kr, dict) and isinstance(kr.get("guard"), int) and str(kr["guard"]) not in kpis:
                merger.note("kept", f"key result {doc_id}.{kr.get('n')}",
                            message=f"its guard KPI {kr['guard']} was deleted on the other side: it has no guard now")
                del kr["guard"]
        for field in REFERENCES["objectives"]:
            if isinstance(doc.get(field), int) and str(doc[field]) not in objectives:
                merger.note("kept", f"objective {doc_id}",
                            message=f"its {field.replace('_', ' ')} objective {doc[field]} was deleted on the other side")
                doc[field] = None
    names: dict[str, str] = {}
    for doc_id, doc in kpis.items():
        name = str(doc.get("name", "")).strip().casefold() if isinstance(doc, dict) else ""
        if name and name in names:
            merger.note("kept", f"KPI {doc_id} {str(doc.get('name'))[:40]!r}",
                        message=f"has the name of KPI {names[name]}: rename one (okrtui kpi edit '#{doc_id}' --name ...)")
        names.setdefault(name, doc_id)


def _note_words(note: dict[str, Any]) -> str:
    if note["kind"] == "conflict":
        return f"{conflict_words(note)} (changed on both sides: see okrtui conflicts)"
    return conflict_words(note)


def number_text(value: Any) -> str:
    from ..domain.parsing import exact_text

    try:
        return exact_text(value)
    except (TypeError, ValueError, OverflowError):
        return str(value)


def conflict_words(record: Any) -> str:
    """One line for a conflict record, whatever it holds (it may come from anyone's store)."""
    from ..domain.safetext import shortened

    if not isinstance(record, dict):
        return shortened(repr(record), 120, "...")
    where = shortened(str(record.get("where", "somewhere")), 60, "...")
    kind = record.get("kind")
    if kind == "renumbered":
        return f"{where} taken on both sides: the later one is now {record.get('now')}"
    if kind == "kept":
        return f"{where}: {shortened(str(record.get('message', 'kept')), 100, '...')}"
    return f"{where}: kept {_shown(record.get('kept'))} over {_shown(record.get('other'))}"


def _shown(value: Any) -> str:
    """A value a conflict kept or lost: a KPI's [value, note(, by)] as `value (note)`, numbers as written."""
    from ..domain.safetext import shortened

    if isinstance(value, list) and len(value) in (2, 3) and all(isinstance(t, str) for t in value[1:]) \
            and not isinstance(value[0], bool) and isinstance(value[0], (int, float)):
        text = number_text(value[0]) + (f" ({value[1]})" if value[1] else "")  # one line: who stays in the record
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = number_text(value)
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return shortened(text, 40, "...")


# -- a values file --------------------------------------------------------------------------
def merge_values(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                 kpi: str = "the KPI") -> tuple[dict[str, Any], list[str]]:
    """Values documents (valuefiles.decode) merged day by day; a day changed differently on both
    sides keeps theirs and records yours in the file's conflicts."""
    from ..store.values import cell, columns, document

    def days(doc: dict[str, Any]) -> dict[str, list]:
        dates, values = columns(doc)
        notes, who = doc.get("notes") or {}, doc.get("by") or {}
        return {d: cell(v, notes.get(d, ""), who.get(d, "")) for d, v in zip(dates, values)}

    b, o, t = days(base), days(ours), days(theirs)
    merger = Merger()
    out: dict[str, list] = {}
    for day in sorted(set(b) | set(o) | set(t)):
        bv, ov, tv = b.get(day), o.get(day), t.get(day)
        result = _one_side(bv, ov, tv)
        if result is not UNSETTLED:
            pass
        elif ov is None or tv is None:
            result = tv if ov is None else ov
            merger.note("kept", f"{kpi} on {day}", message="deleted on one side and changed on the other: kept, with the change",
                        date=day)
        else:
            result = tv
            merger.note("conflict", f"{kpi} on {day}", tv, ov, date=day)
        if result is not None:
            out[day] = result
    dates = list(out)
    doc: dict[str, Any] = document(dates, [float(out[d][0]) for d in dates],
                                   {d: out[d][1] for d in dates if out[d][1]}, {d: out[d][2] for d in dates if out[d][2:]})
    records = _conflict_records({"conflicts": dict(enumerate(base.get("conflicts") or []))},
                                {"conflicts": dict(enumerate(ours.get("conflicts") or []))},
                                {"conflicts": {str(i): c for i, c in enumerate(theirs.get("conflicts") or [])}},
                                merger.notes)
    if records:
        doc["conflicts"] = list(records.values())
    return doc, [_note_words(n) for n in merger.notes]
