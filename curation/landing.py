"""Landing a run's records in the catalog: records, where each was read, every decision and signal,
quarantined rows, per-source accounting and token counts, written the same way by every command that
makes records (`jisr build`, `jisr translate`, ...), inside the caller's transaction.

The large tables go through a Parquet file beside the catalog rather than an Arrow table handed
to DuckDB: DuckDB streams the file, which keeps a million-record build's peak memory down.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
from rich.progress import Progress

from jisr.catalog import Catalog
from jisr.corpus.sources import RECORD_COLUMNS, SourceBatch
from jisr.curation.tokens import get_counter

TOKEN_BATCH = 16384
_QUARANTINE_SCHEMA = pa.schema([("run_id", pa.string()), ("source", pa.string()), ("file", pa.string()),
                                ("row", pa.int64()), ("field", pa.string()), ("reason", pa.string()),
                                ("raw", pa.string())])


def records_frame(batches: list[SourceBatch]) -> pl.DataFrame:
    """The records of all batches as one frame with the catalog's `store.records` columns."""
    return pl.concat([batch.frame() for batch in batches]) if batches else \
        pl.DataFrame(schema={k: pl.String for k in RECORD_COLUMNS})


def count_tokens(catalog: Catalog, records: pl.DataFrame, tokenizers: tuple[str, ...], run_id: str,
                  progress: Progress | None) -> None:
    """Count prompt and response tokens for records the catalog has no count for yet."""
    for name in tokenizers:
        counter = get_counter(name)
        missing = catalog.missing_token_counts(records["record_id"].to_arrow(), counter.name)
        todo = records if len(missing) == records.height else records.join(
            pl.DataFrame({"record_id": pl.Series(missing, dtype=pl.String)}), on="record_id", how="semi",
            maintain_order="left")
        task = progress.add_task(f"tokens ({counter.name})", total=todo.height) if progress else None
        for start in range(0, todo.height, TOKEN_BATCH):
            chunk = todo.slice(start, TOKEN_BATCH)
            prompt = counter.count(chunk["prompt"].to_list())
            response = counter.count(chunk["response"].to_list())
            catalog.append("token_counts", pa.table({
                "record_id": chunk["record_id"].to_arrow(),
                "tokenizer": [counter.name] * chunk.height,
                "exact": [counter.exact] * chunk.height,
                "prompt_tokens": prompt,
                "response_tokens": response,
                "total_tokens": [p + r for p, r in zip(prompt, response)],
                "run_id": [run_id] * chunk.height,
            }))
            if progress:
                progress.advance(task, chunk.height)


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


def land(catalog: Catalog, run_id: str, batches: list[SourceBatch], records: pl.DataFrame, decisions: pl.DataFrame,
         signals: pl.DataFrame, tokenizers: tuple[str, ...], progress: Progress | None = None) -> tuple[list[dict[str, Any]], int]:
    """Write everything a run learned about its records; returns (accounting, records new to the catalog)."""
    rows = accounting(batches, decisions)
    before = catalog.con.execute("SELECT count(*) FROM store.records").fetchone()[0]
    with tempfile.TemporaryDirectory(prefix="landing-", dir=catalog.path.parent) as staging:
        for table, frame, run_column in (("records", records, "created_run_id"), ("decisions", decisions, "run_id"),
                                         ("signals", signals, "run_id")):
            if frame.height:
                path = Path(staging) / f"{table}.parquet"
                frame.lazy().with_columns(pl.lit(run_id).alias(run_column)).sink_parquet(path, compression="uncompressed")
                catalog.append_parquet(table, path)
    new_records = catalog.con.execute("SELECT count(*) FROM store.records").fetchone()[0] - before
    catalog.append("provenance", pa.table({
        "run_id": [run_id] * records.height,
        "record_id": records["record_id"].to_arrow(),
        "source": records["source"].to_arrow(),
        "file": [f for b in batches for f, _ in b.origins],
        "row": pa.array([r for b in batches for _, r in b.origins], pa.int64()),
    }))
    catalog.append("quarantine", pa.Table.from_pylist(
        [{"run_id": run_id, "source": q.source, "file": q.file, "row": q.row, "field": q.field, "reason": q.reason,
          "raw": q.raw} for b in batches for q in b.quarantined], schema=_QUARANTINE_SCHEMA))
    catalog.append("source_reads", pa.Table.from_pylist([{"run_id": run_id, **row} for row in rows]))
    count_tokens(catalog, records, tokenizers, run_id, progress)
    return rows, new_records
