"""Curation steps over a Polars frame of records, each deciding kept/dropped with a reason.

As in datatrove's `BaseFilter`, the pipeline owns ordering, bookkeeping and the drop reasons; a step
only says, for the records that reached it, which to keep. A dropped record does not reach later steps.
Every decision is returned for the catalog's `decisions` table, so each drop can be explained.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal

import polars as pl

from jisr.catalog.shapes import DECISION_SCHEMA, SIGNAL_SCHEMA
from jisr.corpus.sources.spool import TEXT, Spool, with_columns
from jisr.curation.base import STEPS, RecordFilter, Step
from jisr.curation.executors import ExecutorSpec, Local
from jisr.curation.frames import KEY_FIELDS, fields_to_key, normalised, signal_rows
from jisr.curation.normalize import key_hash, key_hashes
from jisr.curation.pipeline import run_filters, shard_keys
from jisr.errors import problems_error
from jisr.registry import parse_params



@STEPS.register("exact_dedup")
@dataclass
class ExactDedup(Step):
    """Drop exact duplicates after Arabic-aware normalisation, keeping the first record read.

    `key` is `prompt` (same question = duplicate) or `prompt_response` (same question and answer).
    Duplicates are matched within a language, across sources; `detail` names the record kept.
    """

    key: Literal["prompt", "prompt_response"] = "prompt_response"

    def shard_columns(self) -> dict[str, Callable[[pl.DataFrame], pl.Series]]:
        return {f"_exact_key_{self.key}": self._key_hash}

    def record_columns(self, available: list[str]) -> list[str]:
        return fields_to_key(self.key, self.shard_columns(), available)

    def _key_hash(self, batch: pl.DataFrame) -> pl.Series:
        return batch.select(key_hash([normalised(batch, f) for f in KEY_FIELDS[self.key]])).to_series()

    def decide(self, records: pl.DataFrame) -> pl.DataFrame:
        [column] = self.shard_columns()
        key = records[column] if column in records.columns else key_hashes(records, KEY_FIELDS[self.key])
        keyed = records.select("record_id", "language").with_columns(_key=key).with_row_index("_order")
        first = keyed.group_by("language", "_key").agg(
            pl.col("record_id").sort_by("_order").first().alias("_keeper")
        )
        joined = keyed.join(first, on=["language", "_key"], how="left").sort("_order")
        duplicate = pl.col("record_id") != pl.col("_keeper")
        return joined.select(
            "record_id",
            (~duplicate).alias("kept"),
            pl.when(duplicate).then(pl.lit("exact_duplicate")).alias("reason"),
            pl.when(duplicate).then(pl.lit("duplicate of ") + pl.col("_keeper")).alias("detail"),
        )


def make_steps(entries: list[tuple[str, dict[str, Any]]]) -> tuple[list[RecordFilter], list[Step]]:
    """Per-record filters (run by datatrove) and whole-corpus steps (Polars), from the config's list;
    every problem of every entry in one `InputError`."""
    filters, steps, problems = _steps(entries)
    if problems:
        raise problems_error(problems)
    return filters, steps


def step_problems(entries: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Every problem of the config's `curation:` list, one line each (for a caller that lists its own too)."""
    return _steps(entries)[2]


def _steps(entries: list[tuple[str, dict[str, Any]]]) -> tuple[list[RecordFilter], list[Step], list[str]]:
    """Filters come first: a whole-corpus step such as dedup must see only what the filters kept."""
    filters: list[RecordFilter] = []
    steps: list[Step] = []
    problems: list[str] = []
    for name, params in entries:
        cls = STEPS.find(name)
        if cls is None:
            problems.append(STEPS.unknown(name))
            continue
        if not (isinstance(cls, type) and issubclass(cls, (RecordFilter, Step))):
            problems.append(f"curation step {name}: {cls!r} is neither a RecordFilter nor a Step (curation/base.py)")
            continue
        per_record = issubclass(cls, RecordFilter)
        if per_record and steps:
            problems.append(f"curation step '{name}' must come before {steps[0].step}: "
                            "per-record filters run before whole-corpus steps")
        step, wrong = parse_params(cls, params, f"curation step {name}")
        problems += wrong
        if step is not None:
            (filters if per_record else steps).append(step)
    return filters, steps, problems


def _with_keys(alive: pl.DataFrame, hashed: pl.DataFrame) -> pl.DataFrame:
    """The kept records with the key columns the workers wrote for them, or as they were where a record lacks
    them. The workers' files list the kept records in the build's order (shards are slices of it, in rank
    order), so the columns are placed beside them as they are; a join would copy every signature."""
    if hashed["record_id"].equals(alive["record_id"]):
        return alive.hstack(hashed.drop("record_id").get_columns())
    if alive.join(hashed, on="record_id", how="anti").height == 0:
        return alive.join(hashed, on="record_id", how="left", maintain_order="left")
    return alive


def run_steps(records: pl.DataFrame, filters: list[RecordFilter], steps: list[Step], work: Path,
              shard_records: int = 50_000, seconds: dict[str, float] | None = None,
              executor: ExecutorSpec = Local(), spool: Spool | None = None) -> tuple[pl.DataFrame, pl.LazyFrame]:
    """Run every step in order; returns (decisions, signals). Decisions start with seq 0 'ingest'
    (read in this run); filters are seq 1.., whole-corpus steps follow. The filters' shards live in the
    folder `work` (a build's comes from `claim_work_folder`). `seconds`, if given, gets
    the wall time of the filters (together: they stream through one datatrove pipeline on `executor`)
    and of each step. With `spool`, `records` are the narrow columns of the spooled records, and a step gets
    the text it asks for (`Step.record_columns`) read back for the records that reach it.

    `signals` is lazy, mostly a scan of the filter workers' files in `work` (a million records have ~17
    million signals, which the build streams into the catalog): `.collect()` it while `work` exists."""
    seconds = {} if seconds is None else seconds
    started = time.perf_counter()
    decisions = [records.select("record_id").with_columns(
        seq=pl.lit(0, pl.Int32), step=pl.lit("ingest"), kept=pl.lit(True),
        reason=pl.lit(None, pl.String), detail=pl.lit(None, pl.String))]
    signals = pl.LazyFrame(schema=SIGNAL_SCHEMA)
    alive = records
    if filters:
        keys = {name: compute for step in steps for name, compute in step.shard_columns().items()}
        decided, signals = run_filters(records, filters, work, shard_records, executor, keys, spool)
        seqs = {f.step: i for i, f in enumerate(filters, start=1)}
        decisions.append(decided.with_columns(seq=pl.col("step").replace_strict(seqs, return_dtype=pl.Int32),
                                              detail=pl.lit(None, pl.String)))
        dropped = decided.filter(~pl.col("kept")).select("record_id")
        # Filters, not anti or semi joins, here and below: a filter keeps pointing into the records' string
        # buffers, while a join copies every text (at 300k records, +0.39 GB per step's survivors against +0.01).
        alive = alive.filter(~pl.col("record_id").is_in(dropped["record_id"].implode()))
        hashed = shard_keys(work, list(keys))
        if hashed is not None:
            alive = _with_keys(alive, hashed)
            del hashed  # a million records' signatures are ~0.5 GB: held once, by `alive`
        seconds["filters"] = round(time.perf_counter() - started, 3)
    for seq, step in enumerate(steps, start=len(filters) + 1):
        started = time.perf_counter()
        asked = step.record_columns(alive.columns)
        decided = step.decide(with_columns(alive, spool, TEXT if asked is None else asked)) \
            .with_columns(seq=pl.lit(seq, pl.Int32), step=pl.lit(step.step))
        seconds[step.step] = round(time.perf_counter() - started, 3)
        decisions.append(decided)
        signals = pl.concat([signals, signal_rows(decided, step.step, skip=tuple(DECISION_SCHEMA)).lazy()])
        # A step's worker columns serve it alone: dropped before the survivors are filtered, which would copy
        # them (near dedup's signatures are 480 MB per million records).
        alive = alive.drop(list(step.shard_columns()), strict=False) \
            .filter(pl.col("record_id").is_in(decided.filter("kept")["record_id"].implode()))
    columns = list(DECISION_SCHEMA)
    return pl.concat([d.select(columns).cast(DECISION_SCHEMA) for d in decisions]), signals
