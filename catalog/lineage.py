"""`jisr catalog why`: a record's id from a prefix, and a translation's chain from the catalog alone.

The chain of a machine translation (or of an expert's correction of one) is: the English source, the
machine translation with its model and calls, the experts' reviews (who, scores, TER), the verdict and
the correction that replaced it, and the mixes that hold either. Every link is a query over the
catalog's views, so what `why` prints is what SQL would show.
"""

from __future__ import annotations

import json
from typing import Any

from jisr.errors import CatalogError

SHOWN_MATCHES = 4


def resolve_record_id(con, text: str) -> str:
    """The record id `text` names: the id itself, or a prefix that only one record id starts with."""
    if con.execute("SELECT 1 FROM store.records WHERE record_id = ?", [text]).fetchone():
        return text
    found = [r for (r,) in con.execute("SELECT record_id FROM store.records WHERE starts_with(record_id, ?) "
                                       "ORDER BY 1 LIMIT ?", [text, SHOWN_MATCHES + 1]).fetchall()]
    if not found:
        raise CatalogError(f"no record '{text}' in the catalog")
    if len(found) > 1:
        listed = ", ".join(found[:SHOWN_MATCHES]) + (", …" if len(found) > SHOWN_MATCHES else "")
        raise CatalogError(f"'{text}' is ambiguous: it starts {listed}; give more characters")
    return found[0]


def translation_chain(con, record_id: str) -> dict[str, Any] | None:
    """The chain of a translation or correction (None for any other record)."""
    row = con.execute("SELECT source, parent_id, metadata FROM store.records WHERE record_id = ?",
                      [record_id]).fetchone()
    if row is None or not (row[0].startswith("translated:") or row[0].startswith("corrected:")):
        return None
    machine_id = row[1] if row[0].startswith("corrected:") else record_id
    mt = con.execute("SELECT parent_id, metadata FROM store.records WHERE record_id = ?", [machine_id]).fetchone()
    english_id, metadata = (mt[0], json.loads(mt[1]) if mt and mt[1] else {}) if mt else (None, {})
    translation = metadata.get("translation") or {}
    english = con.execute("SELECT source, prompt FROM store.records WHERE record_id = ?", [english_id]).fetchone()
    calls = con.execute(
        "SELECT task, model, run_id, finish_reason, outcome FROM generations "
        "WHERE call_key IN (SELECT unnest(?)) ORDER BY created_at", [translation.get("calls") or []]).fetchall()
    reviews = con.execute(
        "SELECT reviewer, status, adequacy, fluency, errors, round(ter, 1), dataset FROM reviews "
        "WHERE record_id = ? ORDER BY dataset, reviewer", [machine_id]).fetchall()
    verdict = con.execute("SELECT verdict, decided_by, correction_id, review_run_id FROM translation_verdicts "
                          "WHERE record_id = ?", [machine_id]).fetchone()
    correction_id = verdict[2] if verdict else None
    mixes = con.execute("SELECT mix, split, record_id FROM mix_members WHERE record_id IN (?, ?) ORDER BY name, "
                        "version", [machine_id, correction_id or machine_id]).fetchall()
    return {"english": (english_id, *english) if english else (english_id, None, None),
            "machine_translation": machine_id, "model": translation.get("model"), "calls": calls,
            "reviews": reviews, "verdict": verdict, "correction_id": correction_id, "mixes": mixes}
