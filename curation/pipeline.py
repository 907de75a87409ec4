"""Running the per-record filters through datatrove, resumably, and reading back what they decided.

Records are written as Parquet shards into a work folder named after a hash of the records and the
filter settings; a datatrove executor (local processes by default, or Slurm or Ray: curation/executors.py)
runs [reader -> filters -> writer] once per shard, each filter writing what it drops; the steps hand
each other whole record frames, not a datatrove Document per record (curation/frames.py). Finished
shards are skipped on a rerun (datatrove's completion markers), so a killed build resumes where it
stopped and ends with the same decisions as an uninterrupted one.

A marker alone is not trusted: a shard counts as done only when its outputs hold every record of its
input (a worker orphaned by a killed build can mark a task done after its files are gone). Each work
folder is claimed by one build at a time (`claim_work_folder`), and a build removes only its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from pathlib import Path
from typing import Callable, Iterator

import polars as pl

from jisr.catalog.writer_turns import WriterTurn
from jisr.curation.executors import ExecutorSpec, Local, run_tasks
from jisr.curation.base import RecordFilter
from jisr.catalog.shapes import CURATION_SCHEMA, SIGNAL_SCHEMA
from jisr.corpus.sources.spool import Spool, with_columns
from jisr.curation.frames import NORMALISED, ShardReader, ShardWriter, signals_folder
from jisr.errors import JisrError


# What a work folder's files hold, in this version (2: signals in their own files, one row per signal). A
# folder a killed build of another version left is not resumed: its files would be read wrongly.
WORK_LAYOUT = 2


def work_folder(root: Path, records: pl.DataFrame, filters: list[RecordFilter], shard_records: int) -> Path:
    """A folder per (records, filter settings, sharding): a rerun of the same build finds its finished shards."""
    digest = hashlib.sha256()
    digest.update(json.dumps([WORK_LAYOUT, shard_records, [[f.step, f.params()] for f in filters]],
                             sort_keys=True).encode())
    for record_id in records["record_id"]:
        digest.update(record_id.encode())
    return root / f"filters-{digest.hexdigest()[:16]}"


@contextlib.contextmanager
def claim_work_folder(root: Path, records: pl.DataFrame, filters: list[RecordFilter],
                      shard_records: int) -> Iterator[Path]:
    """This build's work folder, held for it alone until the block ends (a second build of the same records
    and settings waits its turn, naming the holder). The caller removes the folder once its results have
    landed; a killed build leaves it, and its lock, for the rerun to resume from."""
    folder = work_folder(root, records, filters, shard_records)
    del records  # named by them; held for the block, it would keep a million records' ids alive to the end
    folder.parent.mkdir(parents=True, exist_ok=True)
    turn = WriterTurn(folder).acquire()
    try:
        yield folder
    finally:
        turn.release(remove=not folder.exists())


def run_filters(records: pl.DataFrame, filters: list[RecordFilter], work: Path, shard_records: int,
                executor: ExecutorSpec = Local(), keys: dict[str, Callable[[pl.DataFrame], pl.Series]] | None = None,
                spool: Spool | None = None) -> tuple[pl.DataFrame, pl.LazyFrame]:
    """Decisions (record_id, step, kept, reason) and signals (record_id, step, name, value, text).

    The signals are a scan of the files the workers wrote in `work` (collect or land them while it exists).

    Each shard of `shard_records` records is one datatrove task on `executor`: the unit of
    parallelism and of resume. `keys` (column -> how to compute it) are the per-record columns that later
    steps asked the workers for (`Step.shard_columns`), written beside the kept records (`shard_keys` reads
    them back); the records' matching keys are then normalised once per batch, for those and for quality.
    With `spool`, the shards' text is read from it (`records` having only the narrow columns).
    """
    work = work.resolve()  # the paths travel to Slurm or Ray workers, whose working folder may differ
    inputs = work / "input"
    if not (work / "input.done").exists():
        inputs.mkdir(parents=True, exist_ok=True)
        for i, start in enumerate(range(0, records.height, shard_records)):
            shard = with_columns(records.slice(start, shard_records), spool, list(CURATION_SCHEMA), at=start)
            shard.select(list(CURATION_SCHEMA)).write_parquet(inputs / f"{i:05d}.parquet")
        (work / "input.done").touch()
    shards = len(list(inputs.glob("*.parquet")))
    keys = keys or {}
    pipeline = [ShardReader(inputs, normalise=tuple(NORMALISED) if keys else ())]
    for f in filters:
        f.dropped_folder = str(work / "dropped" / f.step)
        pipeline.append(f)
    pipeline.append(ShardWriter(work / "kept", keys))
    run_tasks(executor, pipeline, shards, work)
    unfinished = _short_shards(records.height, shard_records, filters, work)
    if unfinished:  # outputs lost after their markers were written: run those shards again, once
        for rank in unfinished:
            _forget_shard(rank, filters, work)
        run_tasks(executor, pipeline, shards, work)
        unfinished = _short_shards(records.height, shard_records, filters, work)
        if unfinished:
            raise JisrError(f"curation shards {unfinished[:5]} ended without output for all their records, twice; "
                            f"their logs are in {work / 'logs'}")
    return _collect(records, filters, work)


def _shard_outputs(rank: int, filters: list[RecordFilter], work: Path) -> list[Path]:
    """The files datatrove's writers wrote for one task (`${rank}.parquet`, only where a record went)."""
    name = f"{rank:05d}.parquet"
    return [folder / name for folder in [work / "kept", *(work / "dropped" / f.step for f in filters)]
            if (folder / name).exists()]


def _rows(path: Path) -> int:
    return pl.scan_parquet(path).select(pl.len()).collect().item()


def _short_shards(records: int, shard_records: int, filters: list[RecordFilter], work: Path) -> list[int]:
    """Shards whose outputs do not account for every record of their input (row counts from Parquet
    footers: cheap; a finished shard's input is never read again)."""
    short = []
    for rank, start in enumerate(range(0, records, shard_records)):
        if sum(_rows(p) for p in _shard_outputs(rank, filters, work)) != min(shard_records, records - start):
            short.append(rank)
    return short


def _forget_shard(rank: int, filters: list[RecordFilter], work: Path) -> None:
    for path in _shard_outputs(rank, filters, work):
        path.unlink()
        (signals_folder(path.parent) / path.name).unlink(missing_ok=True)
    (work / "logs" / "completions" / f"{rank:05d}").unlink(missing_ok=True)


def remove_work_folder(folder: Path) -> None:
    """Once a build's results are in the catalog, its work folder (and only its own) is not needed."""
    shutil.rmtree(folder, ignore_errors=True)


_REASONS = {"record_id": pl.String, "reason": pl.String}


def _read(folder: Path) -> pl.DataFrame:
    """Which records a folder's files hold, and why each was dropped (None: kept)."""
    files = sorted(folder.glob("*.parquet")) if folder.exists() else []
    return pl.concat([pl.read_parquet(f, columns=list(_REASONS)).cast(_REASONS) for f in files]) \
        if files else pl.DataFrame(schema=_REASONS)


def shard_keys(work: Path, columns: list[str]) -> pl.DataFrame | None:
    """The kept records' key hashes `columns` as the filter workers wrote them (record_id first); None where
    a file lacks one (a work folder resumed from before the keys were asked for: the step computes them)."""
    files = sorted((work / "kept").glob("*.parquet")) if columns and (work / "kept").exists() else []
    if not files or any(set(columns) - set(pl.read_parquet_schema(f)) for f in files):
        return None
    # One chunk: what the steps filter stays one, so near dedup reads its signatures as a numpy matrix without
    # copying them (a copy of a million records' signatures is 480 MB).
    return pl.concat([pl.read_parquet(f, columns=["record_id", *columns]) for f in files], rechunk=True)


def _collect(records: pl.DataFrame, filters: list[RecordFilter], work: Path) -> tuple[pl.DataFrame, pl.LazyFrame]:
    reached = records.select("record_id")
    decisions, folders = [], []
    for f in filters:
        dropped = _read(work / "dropped" / f.step)
        decisions.append(reached.join(dropped.select("record_id", "reason"), on="record_id", how="left")
                         .with_columns(step=pl.lit(f.step), kept=pl.col("reason").is_null()))
        folders.append(work / "dropped" / f.step)
        reached = reached.join(dropped, on="record_id", how="anti")
    files = [file for folder in [*folders, work / "kept"] for file in sorted(signals_folder(folder).glob("*.parquet"))]
    signals = pl.scan_parquet(files, schema=SIGNAL_SCHEMA) if files else pl.LazyFrame(schema=SIGNAL_SCHEMA)
    return pl.concat(decisions) if decisions else pl.DataFrame(), signals
