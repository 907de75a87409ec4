"""datatrove steps that hand whole record frames to each other, not one `Document` per record.

datatrove's reader makes a `Document` per record, each filter updates per-document stats, and its
writers turn every document back into a row: measured at ~70 us per record, more than the Polars
signals themselves. The curation filters stay datatrove pipeline steps (run by its Local, Slurm and
Ray executors, which keep their completion markers and merge their stats), but what flows between
them is a `RecordBatch`: a Polars frame of records with the signals measured so far. The shard
reader reads a task's Parquet input into batches; each filter measures and decides a batch at once
and writes what it drops; the shard writer writes what is left. Each writes, per task and only where a
record went, `${rank}.parquet` with `record_id, reason` (what resuming counts and collecting reads) and,
beside it in `<folder>.signals`, the task's signals one row each (`signal_table`), which the build
streams into the catalog without decoding them itself.

Matching keys are shared: when a whole-corpus step asks for per-record columns (exact dedup's key
hashes, near dedup's signatures: `Step.shard_columns`), the reader normalises prompt and response once
per batch into hidden columns (`NORMALISED`), the filters that need them (quality) read those instead
of normalising again, and the writer adds the asked-for columns to the kept records' file. So the
corpus is normalised once, in the parallel workers, instead of three times, twice in the build's own
process (normalising costs ~27 us a record, about as much as all the quality rules).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import orjson
import polars as pl
from datatrove.pipeline.base import PipelineStep

from jisr.catalog.shapes import CURATION_SCHEMA, SIGNAL_SCHEMA
from jisr.curation.normalize import normalize_expr

OUTPUT_SCHEMA = {"record_id": pl.String, "reason": pl.String, "signals": pl.String}
NORMALISED = {"prompt": "_prompt_key", "response": "_response_key"}  # field -> its matching key, when computed
# What a dedup step's `key` setting compares: the fields whose matching keys it joins.
KEY_FIELDS = {"prompt": ["prompt"], "prompt_response": ["prompt", "response"]}


def fields_to_key(key: str, shard_columns: dict, available: list[str]) -> list[str]:
    """The record fields a dedup step comparing `key` reads: none where the workers wrote its `shard_columns`."""
    return [] if set(shard_columns) <= set(available) else KEY_FIELDS[key]


def normalised(records: pl.DataFrame, field: str) -> pl.Expr:
    """`field`'s matching key (curation/normalize.py): the batch's own column where the reader made it."""
    column = NORMALISED[field]
    return pl.col(column) if column in records.columns else normalize_expr(pl.col(field))


@dataclass
class RecordBatch:
    """Records (`CURATION_SCHEMA`) and, per record, its signals so far: {step: {name: value}}."""

    records: pl.DataFrame
    signals: list[dict[str, dict[str, Any]]]

    def take(self, mask: list[bool]) -> RecordBatch:
        return RecordBatch(self.records.filter(pl.Series(mask, dtype=pl.Boolean)),
                           [s for s, keep in zip(self.signals, mask) if keep])

    def outputs(self, reasons: list[str | None] | None = None) -> pl.DataFrame:
        """The rows the catalog reads back: id, drop reason (None: kept), signals as sorted-key JSON (orjson:
        read back by Polars, so only the values matter, and it writes them ~7x faster than `json`)."""
        signals = [orjson.dumps(s, option=orjson.OPT_SORT_KEYS).decode() for s in self.signals]
        return pl.DataFrame({"record_id": self.records["record_id"],
                             "reason": reasons if reasons is not None else [None] * self.records.height,
                             "signals": signals}, schema=OUTPUT_SCHEMA)


def write_task_file(folder: str | Path, rank: int, parts: list[pl.DataFrame]) -> None:
    """`folder/${rank}.parquet` from the parts (`outputs()` rows, maybe with key columns) without their signals,
    and the signals as one row each in `signals_folder(folder)/${rank}.parquet`, written first: an output
    file vouches for its signals. Each is written whole and then renamed (a killed task leaves no half file
    for the marker check to misread); nothing when no record went there."""
    parts = [p for p in parts if p.height]
    if not parts:
        return
    rows = pl.concat(parts)
    name = f"{rank:05d}.parquet"
    _write_whole(signals_folder(folder) / name, signal_table(rows))
    _write_whole(Path(folder) / name, rows.drop("signals"))


def signals_folder(folder: str | Path) -> Path:
    """Where the signals of the records in `folder`'s files are (`kept` -> `kept.signals`)."""
    folder = Path(folder)
    return folder.with_name(folder.name + ".signals")


def _write_whole(path: Path, frame: pl.DataFrame) -> None:
    if frame.height == 0:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    frame.write_parquet(partial)
    os.replace(partial, path)


def signal_table(outputs: pl.DataFrame) -> pl.DataFrame:
    """One row per (record, step, signal) of `outputs`' signals JSON: numbers in `value`, labels (e.g. a
    language code) in `text`.

    Made by each worker for its own task, by Polars: the build's process then never holds a whole corpus'
    signals (a million records have ~17 million), and decoding them is done on every core.
    """
    parts = [pl.DataFrame(schema=SIGNAL_SCHEMA)]
    measured = outputs.filter(pl.col("signals") != "{}")
    if measured.height == 0:
        return parts[0]
    lines = "\n".join(measured["signals"].to_list()).encode()
    decoded = pl.read_ndjson(io.BytesIO(lines), infer_schema_length=None).insert_column(0, measured["record_id"])
    for step in decoded.columns[1:]:
        parts.append(signal_rows(decoded.select("record_id", step).filter(pl.col(step).is_not_null()).unnest(step),
                                 step))
    return pl.concat(parts)


def signal_rows(named: pl.DataFrame, step: str, skip: tuple[str, ...] = ("record_id",)) -> pl.DataFrame:
    """One row per (record, signal) of `step` from a frame with a column per signal (null: not measured)."""
    parts = [pl.DataFrame(schema=SIGNAL_SCHEMA)]
    for name, dtype in named.schema.items():
        if name in skip:
            continue
        number = dtype.is_numeric()
        parts.append(named.filter(pl.col(name).is_not_null()).select(
            "record_id", step=pl.lit(step), name=pl.lit(name),
            value=pl.col(name).cast(pl.Float64) if number else pl.lit(None, pl.Float64),
            text=pl.lit(None, pl.String) if number else pl.col(name).cast(pl.String)))
    return pl.concat(parts)


class ShardReader(PipelineStep):
    """A task's Parquet input (datatrove's file sharding: files `rank::world_size` in name order) as batches,
    with the matching keys of `normalise` (field names) computed once per batch."""

    name = "📖 shard reader"
    type = "📖 - READER"

    def __init__(self, folder: str | Path, batch_size: int = 5000, normalise: tuple[str, ...] = ()):
        super().__init__()
        self.folder = str(folder)
        self.batch_size = batch_size
        self.normalise = normalise

    def run(self, data: Any = None, rank: int = 0, world_size: int = 1) -> Iterator[RecordBatch]:
        for path in sorted(Path(self.folder).glob("*.parquet"))[rank::world_size]:
            records = pl.read_parquet(path, columns=list(CURATION_SCHEMA)).cast(CURATION_SCHEMA)
            for start in range(0, records.height, self.batch_size):
                batch = records.slice(start, self.batch_size)
                batch = batch.with_columns(normalize_expr(pl.col(f)).alias(NORMALISED[f]) for f in self.normalise)
                self.stat_update("documents", value=batch.height)
                yield RecordBatch(batch, [{} for _ in range(batch.height)])


class ShardWriter(PipelineStep):
    """Writes the records every filter kept, one file per task, with the columns of `keys` (column name ->
    how to compute it from a batch) that whole-corpus steps asked for."""

    name = "💽 shard writer"
    type = "💽 - WRITER"

    def __init__(self, folder: str | Path, keys: dict[str, Callable[[pl.DataFrame], pl.Series]] | None = None):
        super().__init__()
        self.folder = str(folder)
        self.keys = keys or {}

    def run(self, data: Iterator[RecordBatch], rank: int = 0, world_size: int = 1) -> Iterator[RecordBatch]:
        parts = []
        for batch in data:
            self.stat_update("documents", value=batch.records.height)
            rows = batch.outputs()
            if self.keys:
                rows = rows.hstack([compute(batch.records).alias(name) for name, compute in self.keys.items()])
            parts.append(rows)
        write_task_file(self.folder, rank, parts)
        yield from ()
