"""Readable diffs: git shows a store or a values file as lines of words (`okrtui textconv`), a
values file under its KPI's name.
"""

from __future__ import annotations

import os
from typing import Any

from ..store import files
from ..store.codec import id_order, is_uid
from ..store.errors import StoreError
from .driver import decode_main, is_values_file, kpi_words, read_input
from .merge import conflict_words, number_text

def textconv(path: str) -> str:
    """A store file or values file as lines of text, one per record, for `git diff`."""
    from ..store import valuefiles
    from ..domain.safetext import printable, printable_lines

    try:
        raw = read_input(path)
    except OSError as exc:
        return f"(okrtui cannot show this file: {printable(str(exc))})\n"
    if not raw.strip():
        return ""
    try:
        if is_values_file(raw):
            lines = values_lines(valuefiles.decode(raw))
            name = _kpi_of_values_file(path)
            lines = [f"values of {name}"] + lines if name else lines
        else:
            lines = store_lines(decode_main(path, raw, migrate=True))
    except (StoreError, valuefiles.ValuesProblem, ValueError, KeyError, TypeError, AttributeError):
        # a version okrtui cannot read (damaged, hand-made, too old or new): git diff still works,
        # on its text as it is
        return printable_lines(raw.decode("utf-8", "replace")) + "\n"
    return "".join(printable(line) + "\n" for line in lines)


def _kpi_of_values_file(path: str) -> str:
    """The KPI a values file belongs to, for textconv's header ("" when it cannot be told). git
    hands textconv the work tree's file or a temp file that keeps its name at the end
    (`/tmp/XyZ12_3f9a2c1e5b7d.json`); the stores are the files .gitattributes names for okrtui."""
    name = os.path.basename(path)
    uid = name[-len("3f9a2c1e5b7d.json"): -len(".json")] if name.endswith(".json") else ""
    if not is_uid(uid):
        return ""
    try:
        attributes = files.read_limited(".gitattributes", files.SMALL_LIMIT).decode("utf-8", "replace")
    except OSError:
        return ""
    for line in attributes.splitlines():
        pattern = line.split(" merge=okrtui", 1)[0].strip()
        if " merge=okrtui" not in line or pattern.endswith("*.json") or not pattern or pattern.startswith('"'):
            continue
        stem = pattern[:-5] if pattern.endswith(".json") else pattern
        words = kpi_words(os.path.join(stem + ".values", uid + ".json"))
        if not words.startswith("the KPI of"):
            return words
    return ""


def values_lines(doc: dict[str, Any]) -> list[str]:
    from ..store.values import columns

    dates, values = columns(doc)
    notes, who = doc.get("notes") or {}, doc.get("by") or {}
    lines = [f"{day}  {number_text(value)}" + (f"  {notes[day]}" if notes.get(day) else "")
             + (f"  (by {who[day]})" if who.get(day) else "") for day, value in zip(dates, values)]
    lines += [f"conflict: {conflict_words(c)}" for c in doc.get("conflicts") or []]
    return lines


def store_lines(data: dict[str, Any]) -> list[str]:
    def sorted_docs(table: str):
        return sorted(data.get(table, {}).items(), key=lambda item: id_order(item[0]))

    lines = []
    for doc_id, kpi in sorted_docs("kpis"):
        limits = " ".join(f"{name} {number_text(kpi[name])}" for name in ("target", "warn", "crit") if kpi.get(name) is not None)
        lines.append(f"KPI {doc_id} {kpi.get('name', '')} [{kpi.get('unit', '') or 'no unit'}, {kpi.get('direction', 'up')},"
                     f" {kpi.get('cadence', 'daily')}]" + (f" {limits}" if limits else ""))
    for doc_id, objective in sorted_docs("objectives"):
        owner = f" owner {objective['owner']}" if objective.get("owner") else ""
        lines.append(f"objective {doc_id} [{objective.get('period', '')}, {objective.get('status', 'draft')}]"
                     f" {objective.get('title', '')}{owner}")
        for field in ("why", "team"):
            if objective.get(field):
                lines.append(f"  {field}: {objective[field]}")
        for kr in objective.get("key_results") or []:
            kr_id = f"{doc_id}.{kr.get('n')}"
            unit = f" {kr['unit']}" if kr.get("unit") else ""
            follows = f" follows KPI {kr['kpi']}" if kr.get("kpi") is not None else ""
            current = "" if kr.get("checkins") or kr.get("current") is None else f" now {number_text(kr['current'])}"
            lines.append(f"  {kr_id} {kr.get('title', '')}: {number_text(kr.get('start', 0))} -> {number_text(kr.get('target', 1))}"
                         f"{unit}{current}{follows}")
            for checkin in kr.get("checkins") or []:
                confidence = f" confidence {checkin['confidence']}" if checkin.get("confidence") is not None else ""
                note = f" {checkin['note']}" if checkin.get("note") else ""
                lines.append(f"    {kr_id} check-in {str(checkin.get('at', '')).replace('T', ' ')}"
                             f" {number_text(checkin.get('value'))}{unit}{confidence}{note}")
        for initiative in objective.get("initiatives") or []:
            lines.append(f"  initiative [{initiative.get('status', 'todo')}] {initiative.get('title', '')}")
        review = objective.get("review") or {}
        if review.get("grade") is not None or review.get("note") or review.get("closed"):
            grade = f" grade {number_text(review['grade'])}" if review.get("grade") is not None else ""
            lines.append(f"  review{grade} {review.get('closed') or ''} {review.get('note') or ''}".rstrip())
    for doc_id, conflict in sorted_docs("conflicts"):
        lines.append(f"conflict {doc_id}: {conflict_words(conflict)}")
    return lines
