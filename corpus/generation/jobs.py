"""What every generation task that makes records shares: selecting inputs, recording the run, the
output checks every task applies, and landing records, signals and gate decisions in one transaction.

Translate, paraphrase and synth differ in what they ask the model; they must not differ in how a
run is accounted for (read = kept + dropped + quarantined, one transaction, a failed run marked
failed with its finished calls kept), so that part lives here once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from jisr.catalog import Catalog, lifecycle
from jisr.catalog.shapes import RECORD_COLUMNS, SIGNAL_SCHEMA
from jisr.corpus.generation.gate import SignalGate
from jisr.corpus.generation.quality import Signal, refusal_phrase
from jisr.corpus.sources.ingest import SourceBatch
from jisr.curation.landing import land, records_frame
from jisr.curation.lid import identify
from jisr.curation.steps import run_steps
from jisr.errors import InputError
from jisr.progress import Progress

# What a generator reads of a record: all but where it came from and what upstream said beside it.
INPUT_COLUMNS = tuple(c for c in RECORD_COLUMNS if c not in ("source_version", "parent_id", "metadata"))


@dataclass(frozen=True)
class Selection:
    """Which kept records to use: by source, by a SQL predicate over `records`, how many."""

    sources: tuple[str, ...] = ()
    where: str | None = None
    limit: int | None = None


@dataclass
class Landed:
    run_id: str
    accounting: list[dict[str, Any]]
    calls: dict[str, dict[str, int]]  # per task: asked, from_catalog, generated, failed
    reasons: Counter


def select_records(catalog: Catalog, selection: Selection, kinds: tuple[str, ...],
                   language: str | None = None) -> list[dict[str, Any]]:
    """Kept records of `kinds` (and `language`, if given) matching `selection`, ordered by record id."""
    where = ["kept", f"kind IN ({', '.join(repr(k) for k in kinds)})"]
    params: list[Any] = []
    if language:
        where.append("language = ?")
        params.append(language)
    if selection.sources:
        where.append(f"source IN ({', '.join('?' * len(selection.sources))})")
        params += selection.sources
    if selection.where:
        where.append(f"({selection.where})")
    sql = f"SELECT {', '.join(INPUT_COLUMNS)} FROM records WHERE {' AND '.join(where)} ORDER BY record_id"
    if selection.limit is not None:
        sql += f" LIMIT {int(selection.limit)}"
    try:
        rows = catalog.con.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise InputError(f"--where: {str(exc).splitlines()[0]}") from exc
    return [dict(zip(INPUT_COLUMNS, row)) for row in rows]


def catalog_tokenizers(catalog: Catalog, requested: tuple[str, ...] | None) -> tuple[str, ...]:
    """The tokenizers to count new records with: those asked for, else every one the catalog already counts."""
    return requested or tuple(r[0] for r in catalog.con.execute(
        "SELECT DISTINCT tokenizer FROM store.token_counts ORDER BY 1").fetchall())


def output_signals(source: str, output: str, finish_reason: str) -> list[Signal]:
    """The checks every generated text gets: empty, truncated (finish reason not `stop`), refused, language."""
    language, score = identify(output)
    refusal = refusal_phrase(output, source)
    return [Signal("empty", float(not output.strip())), Signal("truncated", float(finish_reason != "stop"),
                                                                 finish_reason),
            Signal("refusal", float(refusal is not None), refusal), Signal("language", round(score, 4), language)]


def output_failures(signals: dict[str, Signal], language: str, min_language_score: float | None
                    ) -> list[tuple[str, str]]:
    """(reason, what failed) for the checks of `output_signals`: bad outputs, never data."""
    out = []
    for name, reason in (("empty", "empty_output"), ("truncated", "truncated"), ("refusal", "refusal")):
        if name in signals and signals[name].value:
            out.append((reason, name + (f" ({signals[name].text})" if signals[name].text else "")))
    found = signals.get("language")
    if (found and found.text not in (language, "und") and min_language_score is not None
            and found.value >= min_language_score):
        out.append(("wrong_language", f"language {found.text} ({found.value:.2f}), expected {language}"))
    return out


def land_gated(run: lifecycle.Run, batches: list[SourceBatch], signals: dict[str, dict[str, Signal]],
               gate: SignalGate, tokenizers: tuple[str, ...], summary: dict[str, Any],
               progress: Progress | None = None) -> Landed:
    """Gate the new records on their signals and land records, signals, decisions, accounting and token
    counts together, with the run's end (`succeeded`)."""
    records = records_frame(batches)
    decisions, _ = run_steps(records, [], [gate], run.path.parent / "work" / gate.step)
    signal_rows = pl.DataFrame(
        [{"record_id": rid, "step": gate.step, "name": s.name, "value": s.value, "text": s.text}
         for rid, named in signals.items() for s in named.values() if s.value is not None], schema=SIGNAL_SCHEMA)
    with run.landing() as catalog:
        accounting, _ = land(catalog, run.run_id, batches, records, decisions, signal_rows, tokenizers, progress)
        run.summary.update({"sources": accounting, **summary})
    reasons = Counter(decisions.filter(~pl.col("kept"))["reason"].to_list())
    reasons.update(q.reason.split(":")[0] for b in batches for q in b.quarantined)
    return Landed(run.run_id, accounting, summary.get("calls", {}), reasons)

