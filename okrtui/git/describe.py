"""What a change did, in words: the commit messages `okrtui sync` writes."""

from __future__ import annotations

from typing import Any

from ..store.codec import id_order

def describe(before: dict[str, Any], after: dict[str, Any], values_before: dict[str, dict], values_after: dict[str, dict]) -> str:
    """ "logged 3 KPI values, checked in 2.1, added objective 7" for a commit."""
    from ..store.values import columns

    parts: list[str] = []
    logged = deleted_values = 0
    for uid in sorted(set(values_before) | set(values_after)):
        old, new = dict(zip(*columns(values_before.get(uid)))), dict(zip(*columns(values_after.get(uid))))
        logged += sum(1 for day, value in new.items() if old.get(day) != value)
        deleted_values += sum(1 for day in old if day not in new)
    if logged:
        parts.append(f"logged {logged} KPI value{'s' if logged > 1 else ''}")
    if deleted_values:
        parts.append(f"deleted {deleted_values} KPI value{'s' if deleted_values > 1 else ''}")
    checked: list[str] = []
    for table, word in (("kpis", "KPI"), ("objectives", "objective")):
        old, new = before.get(table, {}), after.get(table, {})
        for doc_id in sorted(set(old) | set(new), key=id_order):
            o, n = old.get(doc_id), new.get(doc_id)
            if o == n:
                continue
            from ..domain.safetext import shortened

            name = shortened(str((n or o or {}).get("name" if table == "kpis" else "title", "")), 40)
            if o is None:
                parts.append(f"added {word} {doc_id} {name!r}")
            elif n is None:
                parts.append(f"deleted {word} {doc_id} {name!r}")
            elif table == "objectives":
                new_checkins = _checkins_by_kr(n)
                old_checkins = _checkins_by_kr(o)
                ids = [f"{doc_id}.{k}" for k in new_checkins if new_checkins[k] > old_checkins.get(k, 0)]
                checked += ids
                if n.get("status") != o.get("status"):
                    parts.append(f"{n.get('status')} objective {doc_id}")
                elif not ids or _without_checkins(n) != _without_checkins(o):
                    parts.append(f"changed objective {doc_id}")
            else:
                parts.append(f"changed KPI {doc_id} {name!r}")
    if checked:
        parts.insert(0 if not logged else 1, f"checked in {', '.join(checked)}")
    dismissed = len(set(before.get("conflicts", {})) - set(after.get("conflicts", {})))
    dismissed += sum(max(0, len((values_before.get(uid) or {}).get("conflicts") or [])
                         - len((values_after.get(uid) or {}).get("conflicts") or [])) for uid in values_after)
    if dismissed:
        parts.append(f"dismissed {dismissed} merge conflict{'s' if dismissed > 1 else ''}")
    if not parts:
        return "okrtui: store updated"
    subject = ", ".join(parts)
    if len(subject) > 72:
        return ", ".join(parts[:2]) + f" and {len(parts) - 2} more changes\n\n" + "\n".join(f"- {p}" for p in parts)
    return subject


def _checkins_by_kr(doc: dict[str, Any]) -> dict[Any, int]:
    return {kr.get("n"): len(kr.get("checkins") or []) for kr in doc.get("key_results") or [] if isinstance(kr, dict)}


def _without_checkins(doc: dict[str, Any]) -> Any:
    krs = [{k: v for k, v in kr.items() if k not in ("checkins", "current", "confidence")}
           for kr in doc.get("key_results") or [] if isinstance(kr, dict)]
    return {**doc, "key_results": krs}
