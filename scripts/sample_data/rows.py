"""Rows of an output file and the bookkeeping of planted defects: which row carries which case.

Defects are planted at rows picked here, and `planted_summary` reads the numbers back from the same
objects, so planted.json and the README table cannot drift from the data.  The renderers number rows as
jisr's readers do (CSV data row 1 is the line after the header, JSONL line 1 the first line).
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .text import NEAR_MIN, DistinctnessGuard, near_similarity

Edit = Callable[[str, random.Random], "str | None"]


@dataclass(eq=False)
class Row:
    """One row/line of an output file. `case` names the planted defect (None for a clean row)."""

    data: Any
    case: str | None = None
    ref: "Row | None" = None                      # the original, for duplicates
    detail: dict[str, Any] = field(default_factory=dict)
    quarantine: tuple[str | None, str] | None = None  # (field, reason) jisr's ingest should report
    note: str = ""                                 # human-readable description for the README
    raw: Callable[["Row", int], str] | None = None  # renders a deliberately malformed line
    taken: bool = False                            # internal: already used as an original or a case
    key: str = ""                                  # internal: which content-bank entry it came from


def choose(rng: random.Random, rows: list[Row], k: int, pred: Callable[[Row], bool] = lambda r: True,
           span: tuple[float, float] = (0.0, 1.0)) -> list[Row]:
    """k untouched rows from the given fraction of the file, one from each of k equal stretches (spread out)."""
    lo, hi = int(span[0] * len(rows)), int(span[1] * len(rows))
    pool = [r for r in rows[lo:hi] if r.case is None and not r.taken and pred(r)]
    if len(pool) < k:
        raise RuntimeError(f"only {len(pool)} candidate rows for {k} planted cases")
    picked = [rng.choice(pool[i * len(pool) // k:(i + 1) * len(pool) // k]) for i in range(k)]
    for row in picked:
        row.taken = True
    return sorted(picked, key=rows.index)


def plant_roles(rng: random.Random, rows: list[Row], roles: list[Callable[[Row], None]],
                pred: Callable[[Row], bool] = lambda r: True) -> None:
    """Pick one spread-out row per role (see `choose`) and apply the roles to them in random order."""
    roles = list(roles)
    rng.shuffle(roles)
    for row, role in zip(choose(rng, rows, len(roles), pred), roles):
        role(row)


def mark(row: Row, case: str, quarantine: tuple[str | None, str] | None, note: str) -> None:
    """Record the defect a row now carries and what ingest should say of it (None: kept, for curation)."""
    row.case, row.quarantine, row.note = case, quarantine, note


def set_field(column: str, value: Any, case: str, reason: str, note: str,
              field_name: str | None = None) -> Callable[[Row], None]:
    """A planting role: set one field of the record (`value` may be a function of the row) and mark the row
    as ingest should report it, naming `field_name` (default: the column)."""
    def role(row: Row) -> None:
        row.data[column] = value(row) if callable(value) else value
        mark(row, case, (field_name or column, reason), note)
    return role


def place_after(rows: list[Row], row: Row, rng: random.Random, min_gap: int = 3) -> None:
    """Insert a derived row (a duplicate) somewhere after its original."""
    start = min(rows.index(row.ref) + 1 + min_gap, len(rows))
    rows.insert(rng.randint(start, len(rows)), row)


def take_distinct(candidates: Iterable[tuple[Any, str]], guard: DistinctnessGuard, need: int, label: str) -> list[Row]:
    """Rows for the first `need` (data, text) candidates whose text the guard admits."""
    rows: list[Row] = []
    for data, text in candidates:
        if len(rows) == need:
            break
        if guard.admit(text):
            rows.append(Row(data))
    if len(rows) < need:
        raise RuntimeError(f"{label}: only {len(rows)} distinct items for {need} rows")
    return rows


def plant_exact_duplicates(rng: random.Random, rows: list[Row], k: int, copy: Callable[[Any], Any] = dict,
                           note: str = "exact duplicate of row {ref}") -> None:
    for original in choose(rng, rows, k, span=(0.0, 0.75)):
        place_after(rows, Row(copy(original.data), case="exact_duplicate", ref=original, note=note), rng)


def json_copy(data: Any) -> Any:
    """A deep copy of a JSON record (nested messages or options must not be shared with the original)."""
    return json.loads(json.dumps(data))


def apply_edits(data: dict[str, Any], plan: list[tuple[str, str]], edits: dict[str, Edit],
                rng: random.Random) -> dict[str, Any] | None:
    """Apply (field, edit kind) pairs to a copy of a record; None if an edit does not apply."""
    out = dict(data)
    for column, kind in plan:
        edited = edits[kind](out[column], rng)
        if edited is None or edited == out[column]:
            return None
        out[column] = edited
    return out


def plant_near_duplicates(rng: random.Random, rows: list[Row], plans: list[list[tuple[str, str]]],
                          edits: dict[str, Edit], text_of: Callable[[Any], str], pred: Callable[[Row], bool]) -> None:
    """For each plan, edit a copy of an untouched row from the first 75% of the file and place it later."""
    for plan in plans:
        pool = [r for r in rows[: int(0.75 * len(rows))] if r.case is None and not r.taken and pred(r)]
        rng.shuffle(pool)
        for original in pool:
            edited = apply_edits(original.data, plan, edits, rng)
            if edited is None:
                continue
            score = near_similarity(text_of(original.data), text_of(edited))
            if score < NEAR_MIN:
                continue
            original.taken = True
            kind = "+".join(k for _, k in plan)
            row = Row(edited, case="near_duplicate", ref=original,
                      detail={"edit": kind, "fields": sorted({c for c, _ in plan}), "similarity": score},
                      note=f"near duplicate ({kind}) of row {{ref}}")
            place_after(rows, row, rng)
            break
        else:
            raise RuntimeError(f"no row accepts near-duplicate edit {plan}")


def planted_summary(rows: list[Row]) -> dict[str, Any]:
    """cases: row numbers per planted case; quarantine: what ingest should report; notes: descriptions."""
    number = {id(r): n for n, r in enumerate(rows, start=1)}
    cases: dict[str, list[Any]] = {}
    quarantine: list[dict[str, Any]] = []
    notes: dict[str, str] = {}
    for n, row in enumerate(rows, start=1):
        if row.case is None:
            continue
        if row.case == "exact_duplicate":
            entry: Any = {"row": n, "duplicate_of": number[id(row.ref)]}
        elif row.case == "near_duplicate":
            entry = {"row": n, "original": number[id(row.ref)], **row.detail}
        else:
            entry = n
        cases.setdefault(row.case, []).append(entry)
        if row.quarantine:
            quarantine.append({"row": n, "field": row.quarantine[0], "reason": row.quarantine[1]})
        notes[str(n)] = row.note.replace("{ref}", str(number[id(row.ref)])) if row.ref else row.note
    planted_rows = sum(len(v) for v in cases.values())
    return {"rows": len(rows), "planted_rows": planted_rows, "clean_rows": len(rows) - planted_rows,
            "cases": dict(sorted(cases.items())), "quarantine": quarantine, "notes": notes}


def case_rows(summary: dict[str, Any], case: str) -> list[int]:
    return [e if isinstance(e, int) else e["row"] for e in summary["cases"].get(case, [])]


def planted_rows(summary: dict[str, Any]) -> set[int]:
    return {e if isinstance(e, int) else e["row"] for v in summary["cases"].values() for e in v}


def render_csv(header: list[str], rows: list[Row], fields: Callable[[Row, int], list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        if row.raw:
            buf.write(row.raw(row, n) + "\n")
        else:
            writer.writerow(fields(row, n))
    return buf.getvalue().encode("utf-8")


def render_jsonl(rows: list[Row], record: Callable[[Row, int], Any] = lambda r, n: r.data) -> bytes:
    lines = []
    for n, row in enumerate(rows, start=1):
        lines.append(row.raw(row, n) if row.raw else json.dumps(record(row, n), ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def truncated(fraction: float, record: Callable[[Row, int], Any]) -> Callable[[Row, int], str]:
    """A renderer for a JSONL line cut off part-way through its object (never valid JSON)."""
    def render(row: Row, n: int) -> str:
        full = json.dumps(record(row, n), ensure_ascii=False)
        return full[: max(10, int(len(full) * fraction))].rstrip("\\")
    return render
