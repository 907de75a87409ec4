"""What a run that made records hands the catalog: its records, where each was read, every decision and
signal, quarantined rows, per-source accounting (checked) and token counts, made the same way by every
command that makes records (`jisr build`, `jisr translate`, ...) and landed by the catalog
(catalog/landing.py) inside the run's landing transaction.

Accounting and counting are curation's: the catalog takes the counted frames as they are.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import polars as pl
import pyarrow as pa

from jisr.catalog import Catalog
from jisr.catalog.landing import Landing
from jisr.catalog.landing import land as land_in_catalog
from jisr.catalog.shapes import PROVENANCE_SCHEMA, QUARANTINE_SCHEMA, RECORD_SCHEMA, SOURCE_READ_SCHEMA, \
    TOKEN_COUNT_SCHEMA
from jisr.corpus.sources.ingest import SourceBatch
from jisr.corpus.sources.spool import Spool, with_columns
from jisr.curation.tokens import TokenCounter, get_counter
from jisr.progress import Progress

TOKEN_BATCH = 16384


def records_frame(batches: list[SourceBatch]) -> pl.DataFrame:
    """The records of all batches as one frame with the catalog's `store.records` columns (spooled batches:
    the narrow ones)."""
    return pl.concat([batch.frame() for batch in batches]) if batches else \
        pl.DataFrame(schema=RECORD_SCHEMA)


_COUNT_SCHEMA = {"record_id": pl.String, "prompt_tokens": pl.Int64, "response_tokens": pl.Int64}


class CountsAhead:
    """Token counts computed on a background thread while a build reads and curates.

    A count needs only a record's text, not curation's verdict, and tiktoken releases the GIL while
    it encodes, so records are counted as ingest hands them over, on the core that the build's
    single-threaded stages (reading rows through adapters, dedup, landing) leave idle. Records the
    catalog already counts (`known`, per tokenizer) are skipped. `count_tokens` takes what was
    counted here and counts anything else itself.
    """

    def __init__(self, tokenizers: tuple[str, ...], known: dict[str, pl.Series]):
        self.counters = [get_counter(name) for name in tokenizers]
        self.known = known
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="token-counts")
        self._parts: list[Future] = []

    def add(self, records: pl.DataFrame | pl.LazyFrame) -> None:
        """Count `records` (lazy: a spooled frame, read when its turn comes, so no text waits in memory)."""
        self._parts.append(self._pool.submit(self._count, records.lazy().select("record_id", "prompt", "response")))

    def _count(self, records: pl.LazyFrame) -> dict[str, pl.DataFrame]:
        records = records.collect()
        counted = {}
        for counter in self.counters:
            known = self.known.get(counter.name)
            todo = records if known is None else records.join(known.to_frame("record_id"), on="record_id", how="anti")
            counted[counter.name] = _count(counter, todo)
        return counted

    def result(self) -> dict[str, pl.DataFrame]:
        """Every count, per tokenizer (waits for the thread)."""
        parts = [part.result() for part in self._parts]
        self._parts.clear()
        self._pool.shutdown()
        return {c.name: pl.concat([p[c.name] for p in parts]) for c in self.counters} if parts else {}

    def cancel(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def count_tokens(catalog: Catalog, records: pl.DataFrame, tokenizers: tuple[str, ...], progress: Progress | None,
                 ahead: dict[str, pl.DataFrame] | None = None, spool: Spool | None = None) -> pl.DataFrame:
    """Prompt and response tokens of the records the catalog has no count for yet (taking those counted
    `ahead` by `CountsAhead`), per tokenizer: a frame in the catalog's `token_counts` shape. With `spool`,
    `records` are narrow and the text of those still to count is read back from it."""
    parts = []
    for name in tokenizers:
        counter = get_counter(name)
        missing = catalog.missing_token_counts(records["record_id"].to_arrow(), counter.name)
        todo = records if len(missing) == records.height else records.join(
            pl.DataFrame({"record_id": pl.Series(missing, dtype=pl.String)}), on="record_id", how="semi",
            maintain_order="left")
        ready = pl.DataFrame(schema=_COUNT_SCHEMA)
        if ahead and counter.name in ahead:
            ready = ahead[counter.name].join(todo.select("record_id"), on="record_id", how="semi")
            todo = todo.join(ready.select("record_id"), on="record_id", how="anti", maintain_order="left")
        todo = with_columns(todo, spool, ["prompt", "response"]) if todo.height else todo
        task = progress.add_task(f"tokens ({counter.name})", total=todo.height + ready.height) if progress else None
        parts.append(_counted(counter, ready))
        if progress:
            progress.advance(task, ready.height)
        for start in range(0, todo.height, TOKEN_BATCH):
            chunk = todo.slice(start, TOKEN_BATCH)
            parts.append(_counted(counter, _count(counter, chunk)))
            if progress:
                progress.advance(task, chunk.height)
    return pl.concat(parts) if parts else pl.DataFrame(schema=TOKEN_COUNT_SCHEMA)


def _count(counter: TokenCounter, records: pl.DataFrame) -> pl.DataFrame:
    """Each record's prompt and response tokens with `counter`."""
    return pl.DataFrame({"record_id": records["record_id"], "prompt_tokens": counter.count(records["prompt"].to_list()),
                         "response_tokens": counter.count(records["response"].to_list())}, schema=_COUNT_SCHEMA)


def _counted(counter: TokenCounter, counts: pl.DataFrame) -> pl.DataFrame:
    return counts.select(
        "record_id", tokenizer=pl.lit(counter.name), exact=pl.lit(counter.exact), prompt_tokens="prompt_tokens",
        response_tokens="response_tokens", total_tokens=pl.col("prompt_tokens") + pl.col("response_tokens"))


def accounting(batches: list[SourceBatch], decisions: pl.DataFrame) -> list[dict[str, Any]]:
    """Per source: read = kept + dropped + quarantined, checked (a broken identity is a bug, never input)."""
    dropped_ids = set(decisions.filter(~pl.col("kept"))["record_id"].to_list())
    rows = []
    for batch in batches:
        dropped = sum(1 for rid in batch.ids if rid in dropped_ids)
        row = {"source": batch.spec.name, "source_version": batch.version, "location": batch.spec.location,
               "read": batch.read, "kept": len(batch.ids) - dropped, "dropped": dropped,
               "quarantined": len(batch.quarantined)}
        if row["read"] != row["kept"] + row["dropped"] + row["quarantined"]:
            raise RuntimeError(f"accounting broken for source {batch.spec.name}: {row}")  # a bug, never input
        rows.append(row)
    return rows


def run_landing(catalog: Catalog, batches: list[SourceBatch], records: pl.DataFrame, decisions: pl.DataFrame,
                signals: pl.DataFrame | pl.LazyFrame, tokenizers: tuple[str, ...], progress: Progress | None = None,
                counted: dict[str, pl.DataFrame] | None = None, spool: Spool | None = None) -> Landing:
    """Everything a run learned about its records, for `jisr.catalog.landing.land` (in the run's landing
    transaction: token counts skip the records the catalog already counts). With `spool`, `records` are the
    narrow columns and the catalog streams the whole records from the spool's files."""
    rows = accounting(batches, decisions)
    return Landing(
        records=spool.scan() if spool is not None else records, decisions=decisions, signals=signals,
        provenance=pa.table({
            "record_id": records["record_id"].to_arrow(),
            "source": records["source"].to_arrow(),
            "file": [f for b in batches for f, _ in b.origins],
            "row": pa.array([r for b in batches for _, r in b.origins], pa.int64()),
        }, schema=_arrow(PROVENANCE_SCHEMA)),
        quarantine=pa.Table.from_pylist(
            [{"source": q.source, "file": q.file, "row": q.row, "field": q.field, "reason": q.reason, "raw": q.raw}
             for b in batches for q in b.quarantined], schema=_arrow(QUARANTINE_SCHEMA)),
        source_reads=pl.DataFrame(rows, schema=SOURCE_READ_SCHEMA),
        token_counts=count_tokens(catalog, records, tokenizers, progress, counted, spool))


def _arrow(shape: dict) -> pa.Schema:
    return pl.DataFrame(schema=shape).to_arrow().schema


def land(catalog: Catalog, run_id: str, batches: list[SourceBatch], records: pl.DataFrame, decisions: pl.DataFrame,
         signals: pl.DataFrame | pl.LazyFrame, tokenizers: tuple[str, ...], progress: Progress | None = None,
         counted: dict[str, pl.DataFrame] | None = None, spool: Spool | None = None) -> tuple[list[dict[str, Any]], int]:
    """Land everything a run learned about its records; returns (accounting, records new to the catalog)."""
    made = run_landing(catalog, batches, records, decisions, signals, tokenizers, progress, counted, spool)
    return made.source_reads.to_dicts(), land_in_catalog(catalog, run_id, made)
